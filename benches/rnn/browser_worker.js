// Runs in a Web Worker of headless Chromium (benches/rnn/browser.mjs), where the page trains its
// models: the public path (pkg/, `lm.train(1)`, public.mjs), then the benchmark module built from
// wasm_entry.rs, timed by the same loops as in Node. No CPU clock in a worker: wall time only.
import init, * as lib from '../../pkg/nlp_playground.js';
import { runPublic } from './public.mjs';
import { instantiate, run } from './wasm_core.mjs';
import { KERNEL_WASM } from '../kernel.mjs';

self.onmessage = async (e) => {
  try {
    const bytes = await (await fetch(KERNEL_WASM)).arrayBuffer();
    await init();
    const rows = runPublic(lib, 'ours-wasm-chromium-worker', e.data.steps);
    self.postMessage([...rows, ...run(await instantiate(bytes), 'ours-wasm-chromium-worker-net', e.data.steps)]);
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) });
  }
};
