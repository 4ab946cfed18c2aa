// The Attention chapter: the signature example with the page's defaults ("reverse", lengths
// 4–10, 20 symbols, additive attention vs none, seed 1): trained live to a fixed step, the model
// with attention reaches ≥ 95% held-out exact match and its alignment for the shown example is the
// anti-diagonal, while the model without attention stays below on lengths ≥ 8; step-through and
// the cost measurement draw; Korean → English shows the verb moving; screenshots at 1920×1080 and
// 1366×768, en and ko.
// Deterministic under any load: training stops at a fixed step (`s2s.steps` in the URL; the run
// up to it is the defaults' run), and the page's wasm computes the same weights on any machine, so
// what is asserted is what `benches/seq2seq/seeds.mjs` (Node, same wasm) shows for seed 1 at that
// step: reverse 100% held-out at step 400 (with the learning-rate decay from step 100; 99.4% with
// it from step 300; 100% too since the averaged weights are evaluated, `average: 0.99`), the
// example's argmax exactly anti-diagonal, without attention 4.6% on lengths ≥ 8 (6.3% averaged);
// Korean → English 100% at step 300.
// Also reports main-thread frame intervals while training (tests/e2e/frames.mjs; never asserted).
// Training two models under load takes a while: this file runs ~2–4 min on a busy 2-core machine.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launch, shot, waitDrawn } from './harness.mjs';
import { frameReport, startFrames, stopFrames } from './frames.mjs';

const num = (page, sel, key) => page.evaluate(([s, k]) => Number(document.querySelector(s)?.dataset[k] ?? NaN), [sel, key]);

/** Plays until training stops at `steps` and the evaluation and alignment of that step are drawn. */
async function trainTo(page, steps, timeout) {
  await page.click('#player [data-action="play"]');
  await page.waitForFunction((n) => {
    const d = document.querySelector('#chapter').dataset;
    return Number(d.step) === n && Number(d.evalStep) === n && document.querySelector('.s2s-align')?.dataset.drawn === String(n);
  }, steps, { timeout, polling: 500 });
  // The run is over once the player says so (#player[data-running], after the chapter drew the
  // last snapshot): nothing redraws what is read afterwards.
  await page.waitForFunction(() => document.querySelector('#player')?.dataset.running === 'false', null, { timeout: 60_000 });
}

test('reverse: attention learns the anti-diagonal, the model without attention stays behind on long inputs', { timeout: 600_000 }, async (t) => {
  const { page, open, close, errors } = await launch({ width: 1920, height: 1080 });
  try {
    await open('#/attention?lang=en&s2s.steps=400');
    await waitDrawn(page, 'attention');
    await startFrames(page); // smoothness while training, reported only (frames.mjs)
    const t0 = Date.now();
    await trainTo(page, 400, 540_000);
    t.diagnostic(frameReport('attention 1920×1080: training', await stopFrames(page), (Date.now() - t0) / 1000));
    const accuracy = await num(page, '#chapter', 'accuracy');
    console.log(`reverse: step 400 after ${((Date.now() - t0) / 1000).toFixed(0)} s (both models training), held-out ${accuracy}`);
    assert.ok(accuracy >= 0.95, `held-out exact match ${accuracy} at step 400`);
    // The example's alignment at that step: output step i reads source n−1−i, every one.
    const argmax = (await page.evaluate(() => document.querySelector('.s2s-align').dataset.argmax)).split(',').map(Number);
    const n = argmax.length;
    assert.ok(n >= 4, `argmax ${argmax}`);
    assert.deepEqual(argmax, argmax.map((_, i) => n - 1 - i));
    // Without attention, lengths ≥ 8 are clearly worse (accuracy by length, as the chart shows it).
    const byLen = await page.evaluate(() => document.querySelector('#chapter').dataset.byLength);
    const { att, base } = JSON.parse(byLen);
    const long = (rows) => rows.filter((r) => r.length >= 8);
    const mean = (rows) => rows.reduce((s, r) => s + r.accuracy * r.count, 0) / rows.reduce((s, r) => s + r.count, 0);
    console.log(`lengths ≥ 8: with attention ${mean(long(att)).toFixed(3)}, without ${mean(long(base)).toFixed(3)}`);
    assert.ok(mean(long(att)) - mean(long(base)) > 0.2, byLen);
    // Step through (once the walk is decoded with the trained model): the next step moves on.
    await page.waitForFunction(() => document.querySelector('.s2s-walk')?.dataset.forStep === document.querySelector('#chapter').dataset.step, null, { timeout: 30_000 });
    await page.click('[data-action="walk-next"]');
    await page.waitForFunction(() => document.querySelector('.s2s-walk')?.dataset.step === '1');
    assert.ok(await page.$('.s2s-states canvas'));
    await shot(page, 'attention-en-1920');
    await page.evaluate(() => document.querySelector('.s2s-align-card').scrollIntoView());
    await shot(page, 'attention-en-1920-alignment');
    await page.evaluate(() => document.querySelector('.s2s-walk-card').scrollIntoView());
    await shot(page, 'attention-en-1920-walk');
    // The cost, measured.
    await page.click('[data-action="measure"]');
    await page.waitForFunction(() => Number(document.querySelector('.s2s-cost')?.dataset.rows) >= 3, null, { timeout: 120_000 });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate(() => document.querySelector('.s2s-cost').scrollIntoView());
    await shot(page, 'attention-en-1366-cost');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('Korean → English: the alignment shows the reordering (Korean UI)', { timeout: 600_000 }, async () => {
  const { page, open, close, errors } = await launch({ width: 1366, height: 768, locale: 'ko-KR' });
  try {
    await open('#/attention?lang=ko&s2s.task=ko-en&s2s.steps=300');
    await waitDrawn(page, 'attention');
    assert.equal(await page.textContent('#chapter h2'), '어텐션');
    // The words are learnt within ~100 steps; the alignment sharpens after that, so the class
    // trains a little longer, as here (a fixed step: the same weights on any machine).
    await trainTo(page, 300, 540_000);
    assert.ok(await num(page, '#chapter', 'accuracy') >= 0.95);
    // Pick an example with an object and verb: "나는 책을 읽는다"-like (3 Korean words → 3 English).
    const source = '나는 책을 읽는다';
    await page.fill('.s2s-example-input', source);
    await page.press('.s2s-example-input', 'Enter');
    // The alignment of this source (not the one shown before), with its output line.
    await page.waitForFunction((s) => document.querySelector('.s2s-align')?.dataset.source === s && document.querySelector('.s2s-output')?.textContent.includes('read'), source, { timeout: 30_000 });
    const out = await page.textContent('.s2s-output');
    const argmax = (await page.evaluate(() => document.querySelector('.s2s-align').dataset.argmax)).split(',').map(Number);
    console.log(`ko-en: ${source} → ${out}, argmax ${argmax}`);
    // "I read books": I ← 나는 (0), read ← 읽는다 (2), books ← 책을 (1): not monotonic.
    assert.match(out, /I read books/);
    assert.deepEqual(argmax.slice(0, 3), [0, 2, 1]);
    await page.evaluate(() => document.querySelector('.s2s-align-card').scrollIntoView());
    await shot(page, 'attention-ko-1366-alignment');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => document.querySelector('#chapter').scrollTo(0, 0));
    await shot(page, 'attention-ko-1920');
    await page.evaluate(() => document.querySelector('.s2s-walk-card').scrollIntoView());
    await shot(page, 'attention-ko-1920-walk');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
