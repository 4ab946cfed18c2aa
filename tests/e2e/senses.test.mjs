// The Transformer chapter's homonym view beside the pretrained chapter's model ("From here to the
// pretrained chapter"): with no model open it says in one line how to open one; once chapter 9 has
// its shipped demo open, the same sentences are drawn through it as a second plot, titled with the
// model's name and measured with the same printed line; the in-page model keeps its training over
// the round trip to chapter 9. English and Korean at 1920×1080, with screenshots (ctx-pt-en-1920,
// ctx-pt-ko-1920). The in-page model trains one slice only, so the test is short.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, waitDrawn } from './harness.mjs';

const tab = (page, id) => page.locator(`#chapter-tabs a[data-chapter="${id}"]`).click();

for (const lang of ['en', 'ko']) {
  test(`homonym view (${lang}): the pretrained chapter's model beside the in-page one`, { timeout: 240_000 }, async () => {
    const { page, open, close, errors } = await launch({ width: 1920, height: 1080, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
    try {
      await open(`#/transformer?lang=${lang}&corpus.sample=${lang}`);
      await waitDrawn(page, 'transformer');
      // No pretrained model yet: one line, no empty frame.
      await page.waitForFunction(() => document.querySelector('.tf-ctx-ptnone') && Number(document.querySelector('.tf-context')?.dataset.points) >= 2, null, { timeout: 120_000 });
      assert.equal(await page.locator('.tf-ctx-pt svg').count(), 0);
      assert.match(await page.textContent('.tf-ctx-ptnone'), lang === 'en' ? /chapter 9/ : /9장/);
      // The in-page plot's title is the tab's name in the page's language.
      const tabName = (await page.textContent('#chapter-tabs a[data-chapter="transformer"]')).replace(/^\s*\d+\s*/, '').trim();
      const title = await page.textContent('.tf-context svg text');
      assert.ok(title.startsWith(tabName), `${title} / ${tabName}`);
      // One slice of training (10 steps): going to chapter 9 and back keeps the model as trained.
      await page.click('#player [data-action="step"]');
      await page.waitForFunction(() => Number(document.querySelector('#chapter').dataset.step) >= 10, null, { timeout: 60_000 });
      const step = await page.evaluate(() => document.querySelector('#chapter').dataset.step);
      // Chapter 9 opens its shipped demo; back in chapter 8 the view draws the sentences through it too.
      await tab(page, 'pretrained');
      await page.waitForFunction(() => document.querySelectorAll('.att-thumb').length === 16, null, { timeout: 60_000 });
      await tab(page, 'transformer');
      await waitDrawn(page, 'transformer');
      await page.waitForFunction(() => Number(document.querySelector('.tf-ctx-pt')?.dataset.points) >= 2, null, { timeout: 120_000 });
      assert.equal(await page.evaluate(() => document.querySelector('#chapter').dataset.step), step, 'the in-page model kept its training');
      // The in-page plot says which step its vectors are from (redrawn after the step, kept after the trip).
      await page.waitForFunction((n) => document.querySelectorAll('.tf-context svg text')[1]?.textContent.endsWith(` ${n}`), step, { timeout: 30_000 });
      const pt = await page.evaluate(() => {
        const box = document.querySelector('.tf-ctx-pt');
        return { ...box.dataset, title: box.querySelector('svg text').textContent, line: box.querySelector('.tf-ctx-senses').textContent,
          fills: [...new Set([...box.querySelectorAll('circle.tf-ctx-dot')].map((c) => c.dataset.fill))].length,
          tfLine: document.querySelector('.tf-context .tf-ctx-senses').textContent };
      });
      console.log(`${lang} pretrained beside the in-page model: ${JSON.stringify(pt)}`);
      const groups = lang === 'en' ? 2 : 3;
      assert.equal(Number(pt.points), 6, JSON.stringify(pt));
      assert.equal(Number(pt.groups), groups, JSON.stringify(pt));
      assert.equal(pt.fills, groups, JSON.stringify(pt));
      assert.ok(pt.title === pt.model && pt.model === (lang === 'en' ? 'Demo model (trained here)' : '데모 모델 (여기서 학습함)'), JSON.stringify(pt));
      // The same printed line as the in-page plot's, with this model's numbers.
      assert.ok(pt.line.includes(Number(pt.within).toFixed(2)) && pt.line.includes(Number(pt.across).toFixed(2)), JSON.stringify(pt));
      assert.equal(pt.line.replace(/[\d.]+/g, '#'), pt.tfLine.replace(/[\d.]+/g, '#'));
      await page.locator('.tf-context-card').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.querySelector('.tf-context-card').scrollIntoView());
      await shot(page, `ctx-pt-${lang}-1920`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}
