// The FastText chapter, used as a teacher would: cut words into n-grams, compare syllables and
// jamo, train, ask for words the model never saw, and set Word2Vec beside FastText.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, shot } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const chips = (page, sel = '.ft-split') => page.locator(`${sel} .ng-chip`);

async function train(page) {
  await page.waitForFunction(() => /×/.test(document.querySelector('[data-stat="ft.vocab"] .v')?.textContent ?? ''));
  await page.locator('#player button[data-action="play"]').click();
  await page.waitForFunction(() => /done|완료/.test(document.querySelector('[data-stat="ft.progress"] .v')?.textContent ?? ''), null, { timeout: 120_000 });
}

test('split view: n-grams per row, presets, markers, buckets and collisions', async () => {
  const { page, open, errors } = app;
  await open('#/fasttext');
  // The split of the default word (wrapped text and chips are drawn together), not of a word shown before.
  await page.waitForFunction(() => document.querySelector('.ft-split .ft-wrapped')?.textContent === '<orange>' && document.querySelectorAll('.ft-split .ng-chip').length > 0);
  // "<orange>" has 8 code points; n = 2..5 gives 7 + 6 + 5 + 4 = 22 n-grams, one row per n.
  assert.equal(await chips(page).count(), 22);
  assert.deepEqual(await page.locator('.ft-split .ng-row').evaluateAll((rs) => rs.map((r) => r.dataset.n)), ['2', '3', '4', '5']);
  assert.equal(await page.locator('.ft-wrapped').first().textContent(), '<orange>');
  await shot(page, 'fasttext-split-2-5');
  // fastText's 3-6: 6 + 5 + 4 + 3 = 18, starting with "<or".
  await page.locator('button[data-preset="3-6"]').click();
  await page.waitForFunction(() => document.querySelectorAll('.ft-split .ng-chip').length === 18);
  assert.equal(await chips(page).first().getAttribute('data-ngram'), '<or');
  // Markers off: only the n-grams of the bare word (no < or >): 4 + 3 + 2 + 1 = 10.
  await page.locator('.ft-split label.field', { hasText: '< >' }).locator('input').uncheck();
  await page.waitForFunction(() => document.querySelectorAll('.ft-split .ng-chip').length === 10);
  await page.locator('.ft-split label.field', { hasText: '< >' }).locator('input').check();
  // 20 buckets for 18 n-grams: collisions must appear, marked on the chips and listed.
  await page.locator('.ft-split select').selectOption('20');
  await page.waitForSelector('.ft-split .ng-chip.collide');
  const buckets = await chips(page).evaluateAll((cs) => cs.map((c) => Number(c.dataset.bucket)));
  assert.ok(buckets.every((b) => b >= 0 && b < 20));
  assert.match(await page.locator('.ft-coll').textContent(), /#\d+: /);
  await shot(page, 'fasttext-split-collisions');
  assert.deepEqual(errors, []);
});

test('jamo n-grams let 먹었다 share more pieces with 먹는다 than syllables do', async () => {
  const { page, open } = app;
  await open('#/fasttext');
  await page.waitForSelector('.ft-pair [data-mode="jamo"]');
  const shared = async (mode) => Number(await page.locator(`.ft-pair [data-mode="${mode}"]`).getAttribute('data-shared'));
  const [syl, jamo] = [await shared('syllable'), await shared('jamo')];
  assert.ok(jamo > syl && syl >= 1, `syllable ${syl}, jamo ${jamo}`);
  assert.ok(await page.locator('.ft-pair .ng-chip.shared').count() >= 2 * jamo);
  await page.locator('.ft-pair').scrollIntoViewIfNeeded();
  await shot(page, 'fasttext-jamo');
});

test('training, then an unseen English word finds its relatives; Word2Vec has no vector for it', async () => {
  const { page, open, errors } = app;
  await open('#/fasttext');
  await train(page);
  await page.locator('.ft-train').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('.ft-train .scatter')?.dataset.moving === '0');
  await shot(page, 'fasttext-trained-en');
  await page.locator('.ft-unseen input').fill('kingdoms');
  await page.locator('.ft-unseen input').press('Enter');
  // The panel for this word (not the one drawn before for the example word).
  await page.waitForFunction(() => { const n = document.querySelector('.ft-unseen .ft-note'); return n?.dataset.known === 'false' && /“kingdoms”/.test(n.textContent) && document.querySelector('.ft-unseen-nn li'); });
  const note = page.locator('.ft-unseen .ft-note');
  assert.ok(Number(await note.getAttribute('data-trained')) > 0, 'some n-grams of kingdoms were trained');
  const nn = await page.locator('.ft-unseen-nn li span:first-child').allTextContents();
  assert.ok(nn.slice(0, 3).some((w) => w.startsWith('king')), nn.join());
  assert.ok(await page.locator('.ft-unseen .ng-chip.known').count() > 0 && await page.locator('.ft-unseen .ng-chip.unknown').count() > 0);
  await page.locator('.ft-unseen').scrollIntoViewIfNeeded();
  await shot(page, 'fasttext-unseen-en');
  // Side by side: FastText answers for the unseen word; Word2Vec (once trained) has no vector.
  await page.locator('.ft-compare input').fill('kingdoms');
  await page.locator('.ft-compare input').press('Enter');
  await page.waitForFunction(() => document.querySelector('.ft-compare [data-model="ft"] h4 q')?.textContent === 'kingdoms' && document.querySelector('.ft-compare [data-model="ft"] li'));
  // A word with several senses: FastText's one vector is similar to both senses' words.
  assert.ok(await page.locator('.ft-compare .ft-chips button').count() >= 4);
  await page.locator('.ft-compare .ft-chips button', { hasText: /^bank$/ }).click();
  await page.waitForFunction(() => document.querySelector('.ft-compare [data-model="ft"] h4 q')?.textContent === 'bank' && document.querySelector('.ft-compare [data-model="ft"] .ft-sense'));
  const sims = (await page.locator('.ft-compare [data-model="ft"] .ft-sense .sim').allTextContents()).map(Number);
  assert.equal(sims.length, 2);
  assert.ok(sims.every((x) => x > 0), `bank: river ${sims[0]}, money ${sims[1]}`);
  await page.locator('.ft-compare').scrollIntoViewIfNeeded();
  await shot(page, 'fasttext-homonym-en');
  await page.locator('.ft-compare .ft-chips button', { hasText: /^kingdoms$/ }).click();
  await page.waitForFunction(() => !document.querySelector('.ft-compare .ft-sense'));
  const w2vAvailable = await page.evaluate(async () => !!(await import('../pkg/nlp_playground.js')).Word2Vec);
  if (w2vAvailable) {
    await page.locator('.ft-compare button[data-action="w2v"]').click();
    await page.waitForSelector('.ft-compare [data-model="w2v"] .ft-novec', { timeout: 120_000 });
    // A word with several senses: both models give one vector.
    await page.locator('.ft-compare .ft-chips button', { hasText: /^bank$/ }).click();
    await page.waitForSelector('.ft-compare [data-model="w2v"][data-known="true"] li');
  }
  await page.locator('.ft-compare').scrollIntoViewIfNeeded();
  await shot(page, 'fasttext-compare-en');
  assert.deepEqual(errors, []);
});

test('Korean: an unseen polite form finds the forms of its stem', async () => {
  const { page, open, errors } = app;
  await open('#/fasttext?corpus.sample=ko&lang=ko');
  await train(page);
  await page.locator('.ft-unseen input').fill('먹었습니다');
  await page.locator('.ft-unseen input').press('Enter');
  await page.waitForFunction(() => { const n = document.querySelector('.ft-unseen .ft-note'); return n?.dataset.known === 'false' && /“먹었습니다”/.test(n.textContent) && document.querySelector('.ft-unseen-nn li'); });
  const nn = await page.locator('.ft-unseen-nn li span:first-child').allTextContents();
  assert.ok(nn.slice(0, 3).some((w) => w.startsWith('먹')), nn.join());
  await page.locator('.ft-unseen').scrollIntoViewIfNeeded();
  await shot(page, 'fasttext-unseen-ko');
  assert.deepEqual(errors, []);
});
