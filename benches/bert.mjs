// BERT benchmark and real-model check: all-MiniLM-L6-v2, fp32, one thread, in Node.
//
//   /work/venvs/torch/bin/python scripts/export_onnx.py   # once: ONNX + reference outputs → target/bench/
//   scripts/build.sh                                       # pkg/ (our wasm, SIMD)
//   node benches/bert.mjs [--runs 50] [--dir target/bench] [--no-torch]
//
// Measures, in the same process and on the same ~20-token sentence, after a warm-up, the median of
// many runs of: our wasm forward (`bert.embed`, and `bert.run` which also copies out every hidden
// state and attention map) and onnxruntime-web's wasm backend (npm `onnxruntime-web`, numThreads = 1)
// on the exported graph. Beside them: PyTorch's single-thread time (measured by the export script's
// `--time` mode in a child process, same machine, same moment), the time to parse the 90 MB
// safetensors file into a model, and the wasm memory size after everything (memory only grows, so
// this is the peak). It also checks our outputs against Hugging Face's for every reference sentence:
// attention probabilities within 1e-4, hidden states and the embedding within 1e-3.
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as ort from 'onnxruntime-web';
import { initSync, Bert } from '../pkg/nlp_playground.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const root = new URL('..', import.meta.url).pathname;
const dir = arg('dir', `${root}target/bench`);
const runs = Number(arg('runs', 50));
const warmup = 10;
if (!existsSync(`${dir}/reference.json`)) {
  console.error(`${dir}/reference.json missing: run /work/venvs/torch/bin/python scripts/export_onnx.py first`);
  process.exit(2);
}
const ref = JSON.parse(readFileSync(`${dir}/reference.json`, 'utf8'));
const text = ref.bench_sentence;

async function median(fn) {
  for (let i = 0; i < warmup; i++) await fn();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}
const maxDiff = (a, b) => {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

// ---- ours ----
const wasm = initSync({ module: readFileSync(`${root}pkg/nlp_playground_bg.wasm`) });
const weights = new Uint8Array(readFileSync(`${dir}/model.safetensors`));
const files = {
  config: readFileSync(`${dir}/config.json`, 'utf8'),
  vocab: readFileSync(`${dir}/vocab.txt`, 'utf8'),
  tokenizerConfig: readFileSync(`${dir}/tokenizer_config.json`, 'utf8'),
};
let t0 = performance.now();
const bert = Bert.load({ ...files, weights });
const loadMs = performance.now() - t0;

let failures = 0;
const check = (what, got, tol) => {
  const ok = got <= tol;
  if (!ok) failures++;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}: max |diff| ${got.toExponential(2)} (tolerance ${tol})`);
};
console.log(`correctness vs HF transformers ${ref.versions.transformers} (eager attention):`);
for (const s of ref.sentences) {
  const out = bert.run(s.text);
  const T = s.ids.length;
  const H = out.hiddenSize;
  const idsOk = JSON.stringify(Array.from(out.ids)) === JSON.stringify(s.ids);
  if (!idsOk) failures++;
  console.log(` ${JSON.stringify(s.text.slice(0, 40))} (${T} tokens) ids ${idsOk ? 'equal' : `DIFFER: ${out.ids}`}`);
  const last = out.hiddenStates.subarray(out.numLayers * T * H);
  check('last hidden state', maxDiff(last, s.last_hidden_state), 1e-3);
  check('attentions (all layers, heads)', maxDiff(out.attentions, s.attentions), 1e-4);
  check('embedding', maxDiff(bert.embed(s.text), s.embedding), 1e-3);
}

const oursEmbedMs = await median(() => bert.embed(text));
const oursRunMs = await median(() => bert.run(text));
const wasmBytes = wasm.memory.buffer.byteLength;

// ---- onnxruntime-web, wasm backend, one thread ----
ort.env.wasm.numThreads = 1;
ort.env.wasm.simd = true;
const onnx = readFileSync(`${dir}/minilm.onnx`);
t0 = performance.now();
const session = await ort.InferenceSession.create(onnx, { executionProviders: ['wasm'] });
const ortLoadMs = performance.now() - t0;
const ids = ref.sentences[0].ids;
const T = ids.length;
const feeds = {
  input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, T]),
  attention_mask: new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]),
  token_type_ids: new ort.Tensor('int64', new BigInt64Array(T), [1, T]),
};
const ortOut = (await session.run(feeds)).last_hidden_state.data;
check('onnxruntime-web last hidden state (sanity)', maxDiff(ortOut, ref.sentences[0].last_hidden_state), 1e-3);
const ortMs = await median(() => session.run(feeds));

// ---- PyTorch, one thread, measured now in a child process ----
let torchMs = null;
const py = '/work/venvs/torch/bin/python';
if (!process.argv.includes('--no-torch') && existsSync(py)) {
  const out = execFileSync(py, [`${root}scripts/export_onnx.py`, '--time', dir], { encoding: 'utf8' });
  torchMs = JSON.parse(out.trim().split('\n').pop()).pytorch_1thread_ms;
}

const f = (x) => (x == null ? 'n/a' : `${x.toFixed(2)} ms`);
console.log(`\nall-MiniLM-L6-v2, ${T} tokens, fp32, 1 thread, median of ${runs} after ${warmup} warm-up (Node ${process.version}):`);
console.log(`  ours (wasm simd128) embed   ${f(oursEmbedMs)}`);
console.log(`  ours (wasm simd128) run     ${f(oursRunMs)}   (also copies every hidden state and attention map)`);
console.log(`  onnxruntime-web ${ort.env.versions?.web ?? ''} wasm   ${f(ortMs)}`);
console.log(`  PyTorch ${ref.versions.torch}       ${f(torchMs)}`);
console.log(`  ratio ours/ort-web          ${(oursEmbedMs / ortMs).toFixed(2)}`);
console.log(`  load: ours ${f(loadMs)} (parse ${(weights.length / 1e6).toFixed(1)} MB safetensors + build), ort-web session ${f(ortLoadMs)}`);
console.log(`  wasm memory after load and runs (peak): ${(wasmBytes / 2 ** 20).toFixed(1)} MiB`);
if (failures) {
  console.error(`${failures} correctness check(s) failed`);
  process.exit(1);
}
