// Our wasm side of the RNN speed benchmark (benches/rnn.sh) in headless Chromium's Web Worker,
// where the page trains its models. Prints one JSON line per measurement (as wasm_step.mjs).
// Usage: node benches/rnn/browser.mjs [steps]   (after building the rnn_wasm example)
import { inBrowser } from '../browser_bench.mjs';

const rows = await inBrowser('/benches/rnn/browser.html', { steps: Number(process.argv[2] ?? 100) });
for (const row of rows) console.log(JSON.stringify(row));
