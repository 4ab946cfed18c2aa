// Shared set-up for the end-to-end tests: a static server on 127.0.0.1, headless Chromium via
// playwright-core (the system /usr/bin/chromium; no browser download), console errors collected,
// screenshots saved to tests/e2e/screenshots/ (git-ignored) for people to look at.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(SHOTS, { recursive: true });

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Starts server + browser; returns {page, url, errors, close, open(hash), server}. `args`: extra
 * Chromium flags; `context`: extra browser-context options (e.g. ignoreHTTPSErrors for a local fake
 * server). The page's service worker (offline copy) is blocked unless a test asks for it with
 * `serviceWorkers: 'allow'`: it would otherwise answer requests that tests intercept with page.route. */
export async function launch({ width = 1920, height = 1080, locale = 'en-US', args = [], context: extra = {}, serviceWorkers = 'block' } = {}) {
  const server = await startServer(0);
  const base = `http://127.0.0.1:${server.address().port}/www/`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: [...ARGS, ...args] });
  const context = await browser.newContext({ viewport: { width, height }, locale, deviceScaleFactor: 1, serviceWorkers, ...extra });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const open = async (hash = '') => {
    // A fresh document each time: going to the same page with another hash would not reload it.
    await page.goto('about:blank');
    await page.goto(base + hash);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  };
  const close = async () => {
    await browser.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return { page, context, base, errors, open, close, server };
}

// What each chapter has drawn once it is ready to be looked at: a value, not a selector that the
// empty chapter already has (e2e tests wait for the state they read).
export const DRAWN = {
  corpus: () => document.querySelectorAll('.tokens .t').length > 10,
  onehot: () => document.querySelectorAll('#chapter .vec').length > 0,
  word2vec: () => Number(document.querySelector('.scatter')?.dataset.points) > 0,
  fasttext: () => Number(document.querySelector('.ft-train .scatter')?.dataset.points) > 0 && document.querySelectorAll('.ft-split .ng-chip').length > 0,
  ngram: () => document.querySelectorAll('.statediagram .sd-node').length >= 10,
  rnn: () => document.querySelector('#chapter')?.dataset.ready === 'true' && document.querySelector('.rnn-map canvas') !== null,
  attention: () => document.querySelector('#chapter')?.dataset.ready === 'true' && document.querySelector('.s2s-align canvas') !== null,
  transformer: () => document.querySelector('#chapter')?.dataset.ready === 'true' && document.querySelector('.tf-map canvas') !== null,
  pretrained: () => document.querySelectorAll('.att-thumb').length > 0,
};

/** Waits until chapter `id` is shown and has drawn its content (see DRAWN). */
export async function waitDrawn(page, id, timeout = 60_000) {
  await page.waitForFunction((want) => document.querySelector('#chapter')?.dataset.chapter === want, id, { timeout });
  if (DRAWN[id]) await page.waitForFunction(DRAWN[id], null, { timeout });
}

export async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}${name}.png` });
}
