// Ours in headless Chromium (a module Web Worker, as the page trains) for benches/seq2seq.sh: the
// step of benches/seq2seq/wasm_step.mjs. Prints one JSON line.
// Usage: node benches/seq2seq/speed_browser.mjs [steps]   (build pkg/ first: ./scripts/build.sh)
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const steps = Number(process.argv[2] ?? 200);
const server = await startServer(0);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/benches/seq2seq/quality.html`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  const r = await page.evaluate((o) => window.run(o, 'speed_worker.js'), { steps });
  if (r.vocab[0] !== 24 || r.vocab[1] !== 24) throw new Error(`vocabulary ${r.vocab}, expected 24`);
  delete r.vocab;
  console.log(JSON.stringify(r));
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
