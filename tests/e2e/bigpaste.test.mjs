// Megabytes of paste: the worker does the work, the page keeps drawing, the vocabulary is capped
// with a notice, and the user is told the text is too big to keep across a reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, shot } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

test('a 5 MB paste keeps the page responsive and caps the vocabulary', async () => {
  const { page, open, errors } = app;
  await open('#/corpus');
  await page.waitForSelector('.tokens .t');
  const result = await page.evaluate(async () => {
    // ~5 MB of pseudo-words from a fixed LCG: far more than 50,000 distinct types.
    let x = 12345;
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const words = [];
    let size = 0;
    while (size < 5_000_000) {
      let w = '';
      const n = 3 + ((x >>> 16) % 6);
      for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; w += letters[(x >>> 16) % 26]; }
      words.push(w);
      size += w.length + 1;
      if (words.length % 12 === 0) words.push('.\n');
    }
    const text = words.join(' ');
    const ta = document.querySelector('#corpus-panel textarea');
    // Frame intervals on the main thread while the worker tokenises.
    const gaps = [];
    let last = performance.now();
    let done = false;
    const tick = (now) => { gaps.push(now - last); last = now; if (!done) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    // A real paste: the page gets the text from the clipboard event.
    const data = new DataTransfer();
    data.setData('text/plain', text);
    ta.focus();
    ta.select();
    ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await new Promise((resolve) => {
      const tokens = () => Number((/([\d,]+) tokens/.exec(document.querySelector('.summary').textContent)?.[1] ?? '0').replace(/,/g, ''));
      const check = () => (tokens() > 500_000 ? resolve() : setTimeout(check, 50));
      check();
    });
    done = true;
    gaps.sort((a, b) => a - b);
    return { ms: performance.now() - t0, frames: gaps.length, p95: gaps[Math.floor(gaps.length * 0.95)] ?? 0, max: gaps.at(-1) ?? 0, length: text.length };
  });
  console.log(`5 MB paste: processed in ${result.ms.toFixed(0)} ms; main thread drew ${result.frames} frames meanwhile, frame interval p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`);
  assert.ok(result.length >= 5_000_000);
  // The page kept drawing while the worker worked (a frozen main thread would draw ~none).
  assert.ok(result.frames >= 5, `frames drawn while processing: ${result.frames}`);
  const notices = await page.locator('.msg').allTextContents();
  assert.ok(notices.some((n) => /capped at 50,000 types/.test(n)), notices.join(' | '));
  // The table shows the capped vocabulary; the box previews the text read-only and says so.
  assert.ok(await page.locator('table.data tbody tr').count() > 100);
  assert.match(await page.locator('.large-note').textContent(), /large text \([\d.]+ MB\)/);
  assert.equal(await page.locator('#corpus-panel textarea').evaluate((t) => t.readOnly), true);
  // Nothing is lost: after a reload the whole text is back (IndexedDB), and tokenised again.
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction(() => Number((/([\d,]+) tokens/.exec(document.querySelector('.summary')?.textContent ?? '')?.[1] ?? '0').replace(/,/g, '')) > 500_000, null, { timeout: 120_000 });
  assert.match(await page.locator('.large-note').textContent(), /large text/);
  await shot(page, 'corpus-5mb');
  assert.deepEqual(errors, []);
});
