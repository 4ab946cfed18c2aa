// Benchmark: the same order-3, ~1M-token build as benches/ngram.mjs, in headless Chromium
// (main thread of a page served like the app). Needs pkg/ and npm playwright-core:
//   scripts/build.sh && node benches/ngram_browser.mjs [tokens] [runs]
import os from 'node:os';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { zipfText } from './ngram.mjs';

const tokens = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const server = await startServer(0);
const base = `http://127.0.0.1:${server.address().port}/www/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage();
  await page.goto(base + 'index.html#/corpus');
  const text = zipfText(tokens);
  console.log(`text: ${(text.length / 1e6).toFixed(1)} MB; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; ${browser.version()}`);
  const times = await page.evaluate(async ({ text, runs }) => {
    const wasm = await import('../pkg/nlp_playground.js');
    await wasm.default();
    const out = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const m = new wasm.NGramModel(text, { order: 3, smoothing: 'kn', holdout: 0 });
      out.push({ ms: performance.now() - t0, types: m.stats().ngramTypes });
      m.free();
    }
    return out;
  }, { text, runs });
  for (const t of times) console.log(`order 3 kn in Chromium: build ${t.ms.toFixed(0)} ms (n-gram types ${t.types.join('/')})`);
} finally {
  await browser.close();
  server.close();
}
