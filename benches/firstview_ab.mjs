// Time to first view of two builds of the page, interleaved in one run so that machine load hits
// both alike (A, B, A, B, …). Each argument is a folder holding www/ and pkg/ (e.g. a worktree of
// main after ./scripts/build.sh, and this one):
//   node benches/firstview_ab.mjs /tmp/before . [runs=15]
// First view = fresh page load → marked tokens of the built-in corpus drawn (as benches/foundation.mjs).
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const [a, b, runs = '15'] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node benches/firstview_ab.mjs DIR_A DIR_B [runs]');
  process.exit(2);
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const servers = [await startServer(0, resolve(a)), await startServer(0, resolve(b))];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
const times = [[], []];
try {
  for (let i = 0; i < Number(runs) + 1; i++) {
    for (const k of [0, 1]) {
      // A fresh context each time: no HTTP cache, no compiled-wasm cache, no service worker.
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-US', serviceWorkers: 'block' });
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(`http://127.0.0.1:${servers[k].address().port}/www/`);
      await page.waitForSelector('.tokens .t', { timeout: 60_000 });
      if (i > 0) times[k].push(Date.now() - t0); // the first round warms the disk cache
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const s of servers) { s.closeAllConnections(); s.close(); }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
for (const [k, dir] of [[0, a], [1, b]]) console.log(`${dir}: median ${median(times[k])} ms of ${times[k].join(', ')}`);
console.log(`B / A = ${(median(times[1]) / median(times[0])).toFixed(3)}`);
