// Runs in a Web Worker of headless Chromium (benches/seq2seq/quality.mjs): trains one model on
// "reverse" with the page's defaults for a budget of training time, evaluating as it goes.
import init, * as wasm from '../../pkg/nlp_playground.js';

/** Share of output steps whose attention argmax is source position n − 1 − i, on held-out pairs
 * the model gets right (a wrong output has no anti-diagonal to lie on). */
function antiDiagonal(m, limit = 300) {
  let [on, all] = [0, 0];
  for (const p of m.examples('heldout', limit)) {
    const t = m.translate(p.source, { beam: 1 });
    const n = t.sourceTokens.length;
    if (t.text !== p.target) continue;
    for (let i = 0; i < t.tokens.length; i++) {
      const row = Array.from(t.attention.subarray(i * n, (i + 1) * n));
      on += row.indexOf(Math.max(...row)) === n - 1 - i ? 1 : 0;
      all += 1;
    }
  }
  return all ? on / all : null;
}

self.onmessage = async (e) => {
  await init();
  const { seed, attention, budgetMs, evalMs } = e.data;
  const m = wasm.Seq2Seq.fromTask('reverse', { seed }, { attention, seed });
  let [trainMs, lastEval, reached] = [0, -Infinity, null];
  const curve = [];
  for (;;) {
    const t0 = performance.now();
    const r = m.train(10);
    trainMs += performance.now() - t0;
    const over = trainMs >= budgetMs || r.done;
    if (trainMs - lastEval >= evalMs || over) {
      lastEval = trainMs;
      const ev = m.evaluate();
      curve.push({ s: +(trainMs / 1000).toFixed(1), step: r.step, accuracy: ev.accuracy });
      if (!reached && attention !== 'none' && ev.accuracy >= 0.95) reached = { seconds: trainMs / 1000, step: r.step, accuracy: ev.accuracy, antiDiagonal: antiDiagonal(m) };
    }
    if (over) break;
  }
  const ev = m.evaluate();
  self.postMessage({ seed, attention, seconds: trainMs / 1000, step: m.info().step, accuracy: ev.accuracy, byLength: ev.byLength,
    antiDiagonal: attention === 'none' ? null : antiDiagonal(m), reached, curve, msPerStep: trainMs / m.info().step });
};
