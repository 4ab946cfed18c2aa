// The seq2seq quality benchmark (issue 11): "reverse" (lengths 4–10, 20 symbols, the page's
// defaults) in headless Chromium, in a Web Worker as the page trains. For each seed: the model with
// additive attention trains for up to 60 s of training time (evaluation not counted); reported:
// when it first reaches ≥ 95% held-out exact match, the share of its output steps whose attention
// argmax is on the anti-diagonal (then and at the end), and the model without attention trained for
// the same 60 s, with its accuracy on lengths ≥ 8. Seeds 3, 4, 5 by default (the defaults were
// tuned on 1, 2); seeds 11–15 are reported in benches/README.md.
// Usage: ./scripts/build.sh && [BUDGET_S=60] node benches/seq2seq/quality.mjs [seeds…]   (~2.3 min a seed)
import { execSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const seeds = process.argv.slice(2).map(Number).filter(Number.isFinite);
const SEEDS = seeds.length ? seeds : [3, 4, 5];
// BUDGET_S=240 gives each model more time (a busy machine): the table still says when 95% was
// first reached, so the 60 s goal can be read off it together with the ms per step of that run.
const BUDGET_MS = 1000 * Number(process.env.BUDGET_S ?? 60);
const server = await startServer(0);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${server.address().port}/benches/seq2seq/quality.html`);
await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
const long = (r) => {
  const rows = r.byLength.filter((l) => l.length >= 8);
  return rows.reduce((s, l) => s + l.accuracy * l.count, 0) / rows.reduce((s, l) => s + l.count, 0);
};
const pct = (x) => (x == null ? '—' : `${(100 * x).toFixed(1)}%`);
console.log(`load before: ${execSync('uptime').toString().trim()}`);
const B = `${BUDGET_MS / 1000} s`;
console.log(`| seed | attention: 95% reached at | anti-diagonal then | after ${B}: held-out | len ≥ 8 | anti-diagonal | ms/step | no attention after ${B}: held-out | len ≥ 8 | steps |`);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const seed of SEEDS) {
  const a = await page.evaluate((o) => window.run(o), { seed, attention: 'additive', budgetMs: BUDGET_MS, evalMs: 2000 });
  const n = await page.evaluate((o) => window.run(o), { seed, attention: 'none', budgetMs: BUDGET_MS, evalMs: 10000 });
  const at = a.reached ? `${a.reached.seconds.toFixed(1)} s (step ${a.reached.step})` : `not within ${B}`;
  console.log(`| ${seed} | ${at} | ${pct(a.reached?.antiDiagonal)} | ${pct(a.accuracy)} | ${pct(long(a))} | ${pct(a.antiDiagonal)} | ${a.msPerStep.toFixed(1)} | ${pct(n.accuracy)} | ${pct(long(n))} | ${a.step} / ${n.step} |`);
}
console.log(`load after: ${execSync('uptime').toString().trim()}`);
await browser.close();
server.closeAllConnections();
server.close();
