// Our wasm build under Node: trains the benchmark corpus, prints one JSON line, writes a .vec.
//   node benches/word2vec/node_run.mjs corpus.txt skipgram|cbow out.vec [seed] [init]
// init: "gensim" (default, as gensim_run.py) or "word2vec" (word2vec.c's range).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, Word2Vec } from '../../pkg/nlp_playground.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
initSync({ module: fs.readFileSync(root + '/pkg/nlp_playground_bg.wasm') });
const [path, mode, out, seed = '1', init = 'gensim'] = process.argv.slice(2);
const text = fs.readFileSync(path, 'utf8');
const config = { mode, dim: 100, window: 5, negative: 5, sample: 1e-3, minCount: 5, epochs: 5,
  alpha: mode === 'cbow' ? 0.05 : 0.025, seed: Number(seed), maxVocab: 1000000, tokenizer: 'whitespace', init };
const w2v = new Word2Vec(text, config); // vocabulary building: not timed
const t = performance.now();
const c = process.cpuUsage();
let p;
do p = w2v.train(200000); while (!p.done); // slices, as the page's worker runs it
const secs = (performance.now() - t) / 1000;
const used = process.cpuUsage(c);
const cpu = (used.user + used.system) / 1e6;
fs.writeFileSync(out, w2v.toVec());
console.log(JSON.stringify({ impl: 'wasm-node', mode, vocab: w2v.vocab().length, tokens: p.totalWords / 5,
  seconds: secs, wordsPerSec: p.totalWords / secs, loss: p.loss, cpuSeconds: cpu, wordsPerCpuSec: p.totalWords / cpu }));
