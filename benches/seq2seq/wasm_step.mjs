// Our side of the seq2seq speed benchmark (benches/seq2seq.sh), wasm in Node: Seq2Seq.fromTask
// ("copy", every source 10 symbols of 20, so vocabulary 24 with the 4 specials, target 10 + EOS),
// additive attention, embedding 32, hidden 64, batch 16, Adam, clipping at 1; one step = forward
// with teacher forcing, backward, clip, Adam. Prints one JSON line: wall and process CPU time per step.
// Usage: node benches/seq2seq/wasm_step.mjs [steps]   (build pkg/ first: ./scripts/build.sh)
import { readFileSync } from 'node:fs';
import * as lib from '../../pkg/nlp_playground.js';

lib.initSync({ module: readFileSync(new URL('../../pkg/nlp_playground_bg.wasm', import.meta.url)) });
const steps = Number(process.argv[2] ?? 200);
const m = lib.Seq2Seq.fromTask('copy', { minLength: 10, maxLength: 10, symbols: 20, count: 5000, seed: 1 },
  { attention: 'additive', embed: 32, hidden: 64, batch: 16, lr: 1e-3, clip: 1, steps: 1_000_000 });
const info = m.info();
if (info.srcVocab !== 24 || info.tgtVocab !== 24) throw new Error(`vocabulary ${info.srcVocab}/${info.tgtVocab}, expected 24`);
m.train(20);
const [t0, c0] = [performance.now(), process.cpuUsage()];
m.train(steps);
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ peer: 'ours-wasm-node', ms_per_step: (performance.now() - t0) / steps, cpu_ms_per_step: (c.user + c.system) / 1000 / steps, steps }));
