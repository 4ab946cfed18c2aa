// A student at home: after one visit the page works with the server gone (the service worker's
// offline copy, www/sw.js), every chapter included, the shipped demo model too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launch } from './harness.mjs';

test('after one visit the page works offline: every chapter, the demo model', async () => {
  const app = await launch({ serviceWorkers: 'allow' });
  const { page, open, errors, server } = app;
  try {
    await open('#/corpus?corpus.sample=en');
    // Ready = installed (every file of pkg/files.json cached) and activated.
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const cache = await caches.open('nlp-playground-page-v1');
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    assert.ok(cached.includes('/pkg/nlp_playground_bg.wasm') && cached.includes('/www/app.js'), cached.join(' '));
    assert.ok(cached.some((p) => p.startsWith('/www/models/demo/')), 'the demo model is cached');

    // The server goes away: nothing on 127.0.0.1 answers any more.
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.waitForFunction(() => /\d+ tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
    assert.match(await page.locator('#corpus-panel textarea').inputValue(), /^One day, the man went to the farm/);

    // Every chapter still opens (its module, the worker and the wasm come from the cache).
    const tabs = await page.locator('#chapter-tabs a').evaluateAll((as) => as.map((a) => a.dataset.chapter));
    await page.locator('#chapter').focus();
    for (const [i, id] of tabs.entries()) {
      if (i) await page.keyboard.press('ArrowRight');
      await page.waitForFunction((want) => document.querySelector('#chapter')?.dataset.chapter === want, id);
    }
    // The last chapter loads the shipped demo model from the cache.
    await page.waitForFunction(() => /Loaded Demo model/.test(document.querySelector('#chapter')?.textContent ?? ''), null, { timeout: 30_000 });
    assert.deepEqual(errors, []);
    // And the network really is gone: a file that was never cached cannot be fetched.
    assert.equal(await page.evaluate(() => fetch('/www/never-cached.txt').then((r) => r.status, () => 'failed')), 'failed');
  } finally {
    await app.close();
  }
});
