// Runs a benchmark page in headless Chromium and returns what its `window.run(arg)` resolves to
// (the pages start a module Web Worker, where the page trains its models, with benches/worker_page.mjs).
// Shared by the speed benchmarks' browser sides (benches/rnn/browser.mjs, benches/transformer/browser.mjs).
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

/** `path`: the page's path from the repository root, e.g. '/benches/rnn/browser.html'. */
export async function inBrowser(path, arg) {
  const server = await startServer(0);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}${path}`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    return await page.evaluate((a) => window.run(a), arg);
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}
