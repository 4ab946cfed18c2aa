// Divergence in the RNN chapter, as the class would meet it: training runs, then the loss stops
// being a number. The page must say so clearly (in the page's language), stop training, and keep
// the corpus text, the typed sentence and what it has drawn. The library's side (a loss that is
// not a number stops training for good, the weights kept) is tested natively in
// src/lm/rnn/tests.rs, with a NaN put into the weights: no setting the page offers makes the
// bounded tanh/sigmoid network overflow (lr 10 without clipping keeps the loss finite), so here
// the fault is injected where the worker meets the library: the wasm glue (pkg/nlp_playground.js)
// is served with RnnLM.prototype.train wrapped to throw the library's coded rnn.diverged error
// (kind, code and string params as src/wasm/mod.rs builds them) from its 13th call on, as the
// real model does once it has diverged. Everything between (worker, messages, player) is real.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, waitDrawn } from './harness.mjs';

const POISON = `
;{
  const train = RnnLM.prototype.train;
  let calls = 0;
  let at = null;
  RnnLM.prototype.train = function (steps) {
    calls += 1;
    if (calls > 12) {
      at ??= String(this.info().step + 1);
      throw Object.assign(new Error('training diverged at step ' + at + ' (the loss is not a number): lower the learning rate or turn clipping on, and reset'),
        { kind: 'corpus', code: 'rnn.diverged', params: { step: at } });
    }
    return train.call(this, steps);
  };
}
`;

/** The run the click started is over (#player[data-running] turns true on the click itself) and ▶ shows. */
const stopped = () => document.querySelector('#player')?.dataset.running === 'false'
  && document.querySelector('#player [data-action="play"]').textContent === '▶';

for (const [lang, width, height, want] of [['en', 1366, 768, /diverged at step \d+/], ['ko', 1920, 1080, /\d+단계에서 학습이 발산했습니다/]]) {
  test(`${lang}: divergence shows a clear message, training stops, the text and the charts stay`, { timeout: 300_000 }, async () => {
    const { page, context, open, close, errors } = await launch({ width, height, locale: lang === 'ko' ? 'ko-KR' : 'en-US' });
    try {
      await context.route('**/pkg/nlp_playground.js', async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, body: (await res.text()) + POISON });
      });
      await open(`#/rnn?lang=${lang}&corpus.sample=${lang}&rnn.text=${encodeURIComponent(lang === 'ko' ? '왕은 궁전에' : 'the king and')}`);
      await waitDrawn(page, 'rnn');
      const textBefore = await page.inputValue('#corpus-panel textarea');
      assert.ok(textBefore.length > 1000);
      await page.click('#player [data-action="play"]');
      await page.waitForSelector('#messages .msg[data-owner="rnn"]', { timeout: 120_000 });
      const message = await page.textContent('#messages .msg[data-owner="rnn"]');
      assert.match(message, want);
      // Stopped: the run is over, the player shows ▶ again and the step no longer moves.
      await page.waitForFunction(stopped, null, { timeout: 30_000 });
      const step = await page.evaluate(() => document.querySelector('#chapter').dataset.step);
      await page.waitForTimeout(1500);
      assert.equal(await page.evaluate(() => document.querySelector('#chapter').dataset.step), step);
      // The text, the sentence and the drawn curves and heatmap stay.
      assert.equal(await page.inputValue('#corpus-panel textarea'), textBefore);
      assert.equal(await page.inputValue('.rnn-input-row input[type=text]'), lang === 'ko' ? '왕은 궁전에' : 'the king and');
      assert.ok(await page.evaluate(() => !document.querySelector('.rnn-charts').hidden && document.querySelector('.rnn-chart svg') !== null && document.querySelector('.rnn-map canvas') !== null));
      // ▶ again: still stopped, the message again (the model stays diverged until reset).
      await page.click('#messages .msg[data-owner="rnn"] button');
      await page.waitForFunction(() => !document.querySelector('#messages .msg[data-owner="rnn"]'), null, { timeout: 10_000 });
      await page.click('#player [data-action="play"]');
      await page.waitForSelector('#messages .msg[data-owner="rnn"]', { timeout: 30_000 });
      await page.waitForFunction(stopped, null, { timeout: 30_000 });
      assert.match(await page.textContent('#messages .msg[data-owner="rnn"]'), want);
      assert.equal(await page.evaluate(() => document.querySelector('#chapter').dataset.step), step);
      await shot(page, `rnn-${lang}-${width}-diverged`);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
}
