// Our wasm side of the RNN speed benchmark (benches/rnn.sh) in headless Chromium's Web Worker,
// where the page trains its models. Prints one JSON line per measurement (as wasm_step.mjs).
// Usage: node benches/rnn/browser.mjs [steps]   (after building the rnn_wasm example)
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const steps = Number(process.argv[2] ?? 100);
const server = await startServer(0);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/benches/rnn/browser.html`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  const rows = await page.evaluate((n) => window.run(n), steps);
  for (const row of rows) console.log(JSON.stringify(row));
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
