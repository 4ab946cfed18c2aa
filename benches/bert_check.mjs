// The real all-MiniLM-L6-v2 through our wasm `Bert` against Hugging Face transformers, plus our
// forward time. Not CI (needs the 90 MB model and Python). Documented command:
//
//   /work/venvs/torch/bin/python scripts/minilm_reference.py   # → bench-data/minilm/ (model + HF outputs)
//   scripts/build.sh && node benches/bert_check.mjs [runs]
//
// Checks, per sentence (the script's list plus any given to it): ids and tokens equal HF's, every
// attention probability within 1e-4, every hidden state within 1e-3, the sentence embedding within
// 1e-4 (max absolute error). Then times `forwardIds` and `run` on a ~20-token sentence: one thread,
// after warm-up, median of `runs` (default 200).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as pkg from '../pkg/nlp_playground.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const wasm = pkg.initSync({ module: fs.readFileSync(root + 'pkg/nlp_playground_bg.wasm') });
const dir = root + 'bench-data/minilm/';
if (!fs.existsSync(dir + 'golden.json')) {
  console.error('missing bench-data/minilm: run /work/venvs/torch/bin/python scripts/minilm_reference.py first');
  process.exit(2);
}
const read = (f) => fs.readFileSync(dir + f, 'utf8');

const t0 = performance.now();
const weights = new Uint8Array(fs.readFileSync(dir + 'model.safetensors'));
const t1 = performance.now();
const bert = pkg.Bert.load({ config: read('config.json'), weights, vocab: read('vocab.txt'), tokenizerConfig: read('tokenizer_config.json') });
const t2 = performance.now();
console.log(`load: read file ${(t1 - t0).toFixed(0)} ms, Bert.load (parse + pack ${(weights.length / 1e6).toFixed(1)} MB) ${(t2 - t1).toFixed(0)} ms, wasm memory ${(wasm.memory.buffer.byteLength / 2 ** 20).toFixed(0)} MiB`);

const g = JSON.parse(read('golden.json'));
const buf = fs.readFileSync(dir + 'golden.bin');
const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
const arr = (r) => all.subarray(r.offset, r.offset + r.shape.reduce((a, b) => a * b, 1));
const maxAbs = (a, b) => {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

let ok = true;
const worst = { h: 0, a: 0, e: 0 };
for (const s of g.sentences) {
  const r = bert.run(s.text);
  const same = JSON.stringify(r.ids) === JSON.stringify(s.ids) && JSON.stringify(r.tokens) === JSON.stringify(s.tokens);
  const h = maxAbs(r.hiddenStates, arr(s.hidden_states));
  const a = maxAbs(r.attentions, arr(s.attentions));
  const e = maxAbs(bert.embed(s.text), arr(s.embedding));
  worst.h = Math.max(worst.h, h);
  worst.a = Math.max(worst.a, a);
  worst.e = Math.max(worst.e, e);
  const pass = same && h <= 1e-3 && a <= 1e-4 && e <= 1e-4;
  ok &&= pass;
  console.log(`${pass ? 'ok  ' : 'FAIL'} T=${String(s.ids.length).padStart(3)} ids ${same ? 'equal' : 'DIFFER'}  max|Δ| hidden ${h.toExponential(2)} attention ${a.toExponential(2)} embedding ${e.toExponential(2)}  ${JSON.stringify(s.text.slice(0, 40))}`);
}
console.log(`worst: hidden ${worst.h.toExponential(2)} (tol 1e-3), attention ${worst.a.toExponential(2)} (tol 1e-4), embedding ${worst.e.toExponential(2)} (tol 1e-4) → ${ok ? 'PASS' : 'FAIL'}`);

const runs = Number(process.argv[2] ?? 200);
const sentence = 'The quick brown fox jumps over the lazy dog near the river bank.';
const ids = Uint32Array.from(bert.tokenize(sentence).ids);
const median = (f) => {
  for (let i = 0; i < 20; i++) f();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    f();
    ts.push(performance.now() - a);
  }
  ts.sort((x, y) => x - y);
  return ts[Math.floor(ts.length / 2)];
};
const fwd = median(() => bert.forwardIds(ids));
const run = median(() => bert.run(sentence));
console.log(`T=${ids.length}: forwardIds median ${fwd.toFixed(2)} ms, run (tokenise + forward + copy out) ${run.toFixed(2)} ms over ${runs} runs; wasm memory ${(wasm.memory.buffer.byteLength / 2 ** 20).toFixed(0)} MiB`);
process.exit(ok ? 0 : 1);
