// Runs in a Web Worker of headless Chromium (benches/transformer/browser.mjs), where the page
// trains: the page's Transformer (pkg/) timed by wasm_core.mjs, and the matmul kernel.
import init, * as lib from '../../pkg/nlp_playground.js';
import { GEMM_SHAPES, run } from './wasm_core.mjs';
import { KERNEL_WASM, instantiate, runGemm } from '../kernel.mjs';

self.onmessage = async (e) => {
  try {
    await init();
    const peer = 'ours-wasm-chromium-worker';
    const step = run(lib, peer, e.data.steps);
    delete step.cpu_ms_per_step; // the worker's thread time is not visible from here
    const kernel = await instantiate(await (await fetch(KERNEL_WASM)).arrayBuffer());
    self.postMessage([step, ...runGemm(kernel, peer, GEMM_SHAPES)]);
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) });
  }
};
