// Ours in headless Chromium's Web Worker for benches/transformer.sh (as wasm_step.mjs in Node).
// Usage: node benches/transformer/browser.mjs [steps]   (build pkg/ and the rnn_wasm example first)
import { inBrowser } from '../browser_bench.mjs';

const rows = await inBrowser('/benches/transformer/browser.html', { steps: Number(process.argv[2] ?? 100) });
for (const row of rows) console.log(JSON.stringify(row));
