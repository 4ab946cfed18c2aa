// The public path of the RNN speed benchmark in wasm (benches/rnn.sh; native: public.rs): the
// library's JS API as the page and Node users call it, `new RnnLM(text, config)` then
// `lm.train(1)` per step, on issue 10's model (character units, vocabulary 64, embedding 32, one
// GRU or LSTM layer of 128, batch 16, BPTT 32, Adam 1e-3, no clipping, nothing held out). Used by
// wasm_step.mjs (Node) and browser_worker.js (Chromium's Web Worker).

/** public.rs's text: lines of 20–79 symbols from 61 syllables and the space, same generator. */
export function text(chars = 64_000) {
  let x = 1n;
  const next = (m) => {
    x = (x * 1103515245n + 12345n) % (1n << 31n);
    return Number((x >> 8n) % BigInt(m));
  };
  const out = [];
  let n = 0;
  while (n < chars) {
    const len = 20 + next(60);
    for (let i = 0; i < len; i++) {
      const k = next(62);
      out.push(k === 61 ? ' ' : String.fromCharCode(0xac00 + 28 * k));
    }
    out.push('\n');
    n += len + 1;
  }
  return out.join('');
}

export const config = (cell) => ({ cell, unit: 'char', embed: 32, hidden: 128, layers: 1, bptt: 32, batch: 16, lr: 1e-3,
  optimizer: 'adam', clip: 0, dropout: 0, holdout: 0, steps: 1_000_000, evalEvery: 1_000_000, seed: 1 });

/** CPU time of the process in ms where known (Node), else null. */
const cpuMs = () => (globalThis.process?.cpuUsage ? (({ user, system }) => (user + system) / 1e3)(process.cpuUsage()) : null);

/** JSON rows, one per cell: wall and CPU ms per `lm.train(1)` after 10 warm-up steps. */
export function runPublic(lib, peer, steps) {
  const t = text();
  const rows = [];
  for (const cell of ['gru', 'lstm']) {
    const lm = new lib.RnnLM(t, config(cell));
    const vocab = lm.info().vocab;
    for (let i = 0; i < 10; i++) lm.train(1);
    const [t0, c0] = [performance.now(), cpuMs()];
    let loss;
    for (let i = 0; i < steps; i++) loss = lm.train(1).loss;
    const ms = (performance.now() - t0) / steps;
    const c1 = cpuMs();
    rows.push({ peer, cell, ms_per_step: ms, cpu_ms_per_step: c0 === null ? null : (c1 - c0) / steps, steps, loss, vocab });
    lm.free();
  }
  return rows;
}
