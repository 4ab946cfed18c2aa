// BERT benchmark and real-model check: all-MiniLM-L6-v2, fp32, one thread — in Node, then in
// headless Chromium, each timing our wasm forward and onnxruntime-web in the same run.
//
//   /work/venvs/torch/bin/python scripts/export_onnx.py   # once: ONNX + reference outputs → target/bench/
//   npm ci && npm ci --prefix benches && scripts/build.sh  # playwright-core; onnxruntime-web (benches/package.json); pkg/
//   node benches/bert.mjs [--runs 50] [--no-browser] [--no-torch]
//
// Times (median of many runs after a warm-up, same ~20-token sentence): our `bert.embed` (headline)
// and `bert.run` (which also copies out every hidden state and attention map); onnxruntime-web's
// wasm backend (npm `onnxruntime-web`, numThreads = 1) on the graph from scripts/export_onnx.py;
// PyTorch's single-thread time (the export script's `--time` mode, run now in a child process so it
// sees the same machine load); our load time for the 90 MB safetensors file; our wasm memory after
// everything (memory only grows: the peak). Exits non-zero if our outputs differ from Hugging Face's
// beyond the tolerances (attention 1e-4, hidden states and embedding 1e-3).
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { initSync, Bert } from '../pkg/nlp_playground.js';
import { measure, report } from './bert_core.mjs';

// onnxruntime-web is a benchmark-only package (benches/package.json), not installed by the tests.
const ort = await import('onnxruntime-web').catch(() => {
  console.error('onnxruntime-web is not installed: run `npm ci --prefix benches` (benches/package.json)');
  process.exit(2);
});

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const root = new URL('..', import.meta.url).pathname;
const dir = `${root}target/bench`;
const runs = Number(arg('runs', 50));
const warmup = 10;
if (!existsSync(`${dir}/reference.json`)) {
  console.error(`${dir}/reference.json missing: run /work/venvs/torch/bin/python scripts/export_onnx.py first`);
  process.exit(2);
}
const ref = JSON.parse(readFileSync(`${dir}/reference.json`, 'utf8'));

let torchMs;
const py = '/work/venvs/torch/bin/python';
if (!process.argv.includes('--no-torch') && existsSync(py)) {
  const out = execFileSync(py, [`${root}scripts/export_onnx.py`, '--time'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  torchMs = JSON.parse(out.trim().split('\n').pop()).pytorch_1thread_ms;
}

const wasm = initSync({ module: readFileSync(`${root}pkg/nlp_playground_bg.wasm`) });
const r = await measure({
  ort,
  Bert,
  memory: wasm.memory,
  files: {
    config: readFileSync(`${dir}/config.json`, 'utf8'),
    vocab: readFileSync(`${dir}/vocab.txt`, 'utf8'),
    tokenizerConfig: readFileSync(`${dir}/tokenizer_config.json`, 'utf8'),
  },
  weights: new Uint8Array(readFileSync(`${dir}/model.safetensors`)),
  onnx: new Uint8Array(readFileSync(`${dir}/minilm.onnx`)),
  ref,
  runs,
  warmup,
});
console.log(report(`Node ${process.version}`, r, { runs, warmup, torchMs, versions: ref.versions }));
let failed = r.checks.filter((c) => !c.ok).length;

if (!process.argv.includes('--no-browser')) {
  const { runInChromium } = await import('./bert-browser.mjs');
  const b = await runInChromium({ runs, warmup });
  console.log(report(`headless Chromium ${b.browser}`, b.result, { runs, warmup, torchMs, versions: ref.versions }));
  failed += b.result.checks.filter((c) => !c.ok).length;
}
if (failed) {
  console.error(`${failed} correctness check(s) failed`);
  process.exit(1);
}
