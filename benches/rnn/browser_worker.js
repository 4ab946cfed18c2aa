// Runs in a Web Worker of headless Chromium (benches/rnn/browser.mjs): the benchmark module built
// from wasm_entry.rs, timed by the same loop as in Node (wasm_core.mjs).
import { instantiate, run } from './wasm_core.mjs';
import { KERNEL_WASM } from '../kernel.mjs';

self.onmessage = async (e) => {
  try {
    const bytes = await (await fetch(KERNEL_WASM)).arrayBuffer();
    self.postMessage(run(await instantiate(bytes), 'ours-wasm-chromium-worker', e.data.steps));
  } catch (err) {
    self.postMessage({ error: String(err?.stack ?? err) });
  }
};
