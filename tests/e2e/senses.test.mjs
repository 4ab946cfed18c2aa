// The Transformer chapter's homonym view beside the pretrained chapter's model ("From here to the
// pretrained chapter"). With no model open in chapter 9, the view opens chapter 9's shipped demo
// itself ('pt.loadDemo'), so Word2Vec's one point, the in-page model and the trained demo stand side
// by side without a click; the demo's plot is titled with its name, measured with the same printed
// line, and — the demo being a fixed file — groups the homonym's uses by sense as
// benches/senses_pretrained.mjs measures it (the view's set, last layer). The in-page model keeps its
// training over the round trip to chapter 9, which finds the demo open. If the demo cannot be loaded,
// one line says how to open a model instead. English and Korean at 1920×1080, with screenshots
// (ctx-pt-en-1920, ctx-pt-ko-1920, ctx-ptnone-en).
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, waitDrawn } from './harness.mjs';

const tab = (page, id) => page.locator(`#chapter-tabs a[data-chapter="${id}"]`).click();
const DEMO = { en: 'Demo model (trained here)', ko: '데모 모델 (여기서 학습함)' };
// The shipped demo on the view's sentences at its last layer (benches/README.md, "The shipped demo
// retrained", "The word at one place"): at least this many of the 12 uses have a nearest other use
// of their own sense, and whether uses of one sense are closer on average than uses of different senses.
const MIN_NN = { en: 9, ko: 9 };
const WITHIN_ABOVE_ACROSS = { en: true, ko: true };

for (const lang of ['en', 'ko']) {
  test(`homonym view (${lang}): the shipped demo beside the in-page model, without a click`, { timeout: 240_000 }, async () => {
    const { page, open, close, errors } = await launch({ width: 1920, height: 1080, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
    try {
      await open(`#/transformer?lang=${lang}&corpus.sample=${lang}`);
      await waitDrawn(page, 'transformer');
      // Chapter 9 was never opened: the view opened its demo and draws the sentences through it.
      await page.waitForFunction(() => Number(document.querySelector('.tf-ctx-pt')?.dataset.points) >= 2 && Number(document.querySelector('.tf-context')?.dataset.points) >= 2, null, { timeout: 120_000 });
      assert.equal(await page.locator('.tf-ctx-ptnone').count(), 0);
      // The in-page plot's title is the tab's name in the page's language.
      const tabName = (await page.textContent('#chapter-tabs a[data-chapter="transformer"]')).replace(/^\s*\d+\s*/, '').trim();
      const title = await page.textContent('.tf-context svg text');
      assert.ok(title.startsWith(tabName), `${title} / ${tabName}`);
      const read = () => page.evaluate(() => {
        const box = document.querySelector('.tf-ctx-pt');
        return { ...box.dataset, title: box.querySelector('svg text').textContent, line: box.querySelector('.tf-ctx-senses').textContent,
          hint: box.querySelector('.hint').textContent,
          fills: [...new Set([...box.querySelectorAll('circle.tf-ctx-dot')].map((c) => c.dataset.fill))].length,
          tfLine: document.querySelector('.tf-context .tf-ctx-senses').textContent };
      });
      const first = await read();
      console.log(`${lang} demo beside the in-page model: ${JSON.stringify(first)}`);
      const groups = lang === 'en' ? 2 : 3;
      assert.equal(Number(first.points), 12, JSON.stringify(first));
      assert.equal(Number(first.groups), groups, JSON.stringify(first));
      assert.equal(first.fills, groups, JSON.stringify(first));
      assert.ok(first.title === first.model && first.model === DEMO[lang], JSON.stringify(first));
      // The hint says what the demo is: this chapter's architecture, trained longer on both texts.
      assert.match(first.hint, lang === 'en' ? /same architecture.*4 layers × 4 heads.*both sample texts/ : /같은 구조.*4층 × 헤드 4개.*두 예시 텍스트/);
      // The same printed line as the in-page plot's, with this model's numbers.
      assert.ok(first.line.includes(Number(first.within).toFixed(2)) && first.line.includes(Number(first.across).toFixed(2)), JSON.stringify(first));
      assert.match(first.line, new RegExp(`(^|\\D)${first.nn}(\\D|$)`), JSON.stringify(first));
      assert.equal(first.line.replace(/[\d.]+/g, '#'), first.tfLine.replace(/[\d.]+/g, '#'));
      // The fixed demo groups the uses by sense.
      assert.ok(Number(first.nn) >= MIN_NN[lang], `nearest same sense ${first.nn} of 12 < ${MIN_NN[lang]}`);
      assert.equal(Number(first.within) > Number(first.across), WITHIN_ABOVE_ACROSS[lang], `within ${first.within}, across ${first.across}`);

      // One slice of training (10 steps): going to chapter 9 and back keeps the model as trained;
      // chapter 9 finds the demo open and shows it.
      await page.click('#player [data-action="step"]');
      await page.waitForFunction(() => Number(document.querySelector('#chapter').dataset.step) >= 10, null, { timeout: 60_000 });
      const step = await page.evaluate(() => document.querySelector('#chapter').dataset.step);
      await tab(page, 'pretrained');
      await page.waitForFunction(() => document.querySelectorAll('.att-thumb').length === 16, null, { timeout: 60_000 });
      await tab(page, 'transformer');
      await waitDrawn(page, 'transformer');
      await page.waitForFunction(() => Number(document.querySelector('.tf-ctx-pt')?.dataset.points) >= 2, null, { timeout: 120_000 });
      assert.equal(await page.evaluate(() => document.querySelector('#chapter').dataset.step), step, 'the in-page model kept its training');
      // The in-page plot says which step its vectors are from (redrawn after the step, kept after the trip).
      await page.waitForFunction((n) => document.querySelectorAll('.tf-context svg text')[1]?.textContent.endsWith(` ${n}`), step, { timeout: 30_000 });
      const again = await read();
      // The demo is the same fixed model: the same numbers.
      assert.deepEqual([again.model, again.nn, again.within, again.across], [first.model, first.nn, first.within, first.across]);
      await page.evaluate(() => document.querySelector('.tf-context-card').scrollIntoView());
      await shot(page, `ctx-pt-${lang}-1920`);

      // The view's two recipes: "Train for senses" sets the six settings in the form and makes a
      // new model (step 0); "Back to BERT's recipe" sets the schema's defaults again.
      const recipe = () => page.$$eval('.tf-form [data-setting]', (els) => Object.fromEntries(els
        .filter((e) => ['mask', 'random', 'predictAll', 'dropout', 'decay', 'steps'].includes(e.dataset.setting))
        .map((e) => [e.dataset.setting, e.type === 'checkbox' ? e.checked : e.value])));
      await page.click('.tf-ctx-recipes [data-recipe="senses"]');
      await page.waitForFunction(() => document.querySelector('#chapter').dataset.step === '0', null, { timeout: 60_000 });
      assert.deepEqual(await recipe(), { mask: '0.3', random: '0.6', predictAll: true, dropout: '', decay: false, steps: '6000' });
      await page.click('.tf-ctx-recipes [data-recipe="default"]');
      await page.waitForFunction(() => document.querySelector('.tf-ctx-recipes') && document.querySelector('[data-setting="mask"]').value === '0.15', null, { timeout: 60_000 });
      assert.deepEqual(await recipe(), { mask: '0.15', random: '0.1', predictAll: false, dropout: '', decay: false, steps: '3000' });
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}

test('homonym view: the demo cannot be loaded → one line says how to open a model', { timeout: 180_000 }, async () => {
  const { page, context, open, close, errors } = await launch({ width: 1920, height: 1080 });
  try {
    let blocked = 0;
    await context.route('**/models/demo/model.safetensors', (route) => { blocked++; return route.abort(); });
    await open('#/transformer?lang=en&corpus.sample=en');
    await waitDrawn(page, 'transformer');
    await page.waitForFunction(() => document.querySelector('.tf-ctx-ptnone') && Number(document.querySelector('.tf-context')?.dataset.points) >= 2, null, { timeout: 120_000 });
    assert.ok(blocked >= 1);
    assert.equal(await page.locator('.tf-ctx-pt svg').count(), 0);
    assert.match(await page.textContent('.tf-ctx-ptnone'), /chapter 9/);
    assert.equal(await page.evaluate(() => document.querySelector('.tf-ctx-pt').dataset.points), '0');
    await page.evaluate(() => document.querySelector('.tf-context-card').scrollIntoView());
    await shot(page, 'ctx-ptnone-en');
    // Only the aborted request may have logged an error.
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR_FAILED/.test(e)), []);
  } finally {
    await close();
  }
});
