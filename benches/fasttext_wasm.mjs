// Trains FastText from pkg/ (the wasm build) in Node on a file; prints one JSON line.
// Used by benches/fasttext.sh: node benches/fasttext_wasm.mjs FILE '{"bucket":2000000,...}'
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as pkg from '../pkg/nlp_playground.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const wasm = pkg.initSync({ module: fs.readFileSync(root + 'pkg/nlp_playground_bg.wasm') });
const [file, json] = process.argv.slice(2);
const cfg = { tokenizer: 'whitespace', ...JSON.parse(json || '{}') };
const text = fs.readFileSync(file, 'utf8');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const c0 = cpu(), w0 = performance.now();
const ft = new pkg.FastText(text, cfg);
const c1 = cpu(), w1 = performance.now();
let p;
do { p = ft.train(1_000_000); } while (!p.done);
const c2 = cpu(), w2 = performance.now();
console.log(JSON.stringify({
  words: p.wordsDone, nwords: ft.vocab().length,
  setupCpu: +(c1 - c0).toFixed(2), trainCpu: +(c2 - c1).toFixed(2),
  setupWall: +((w1 - w0) / 1e3).toFixed(2), trainWall: +((w2 - w1) / 1e3).toFixed(2),
  loss: +p.loss.toFixed(4), paramBytes: ft.paramBytes(),
  heapBytes: wasm.memory.buffer.byteLength,
}));
