// The chapters' examples follow the text: Korean words on a Korean text (query words, analogies,
// suggestion buttons, the one-hot sentence, the pretrained sentence), words of a pasted text for a
// pasted text; FastText reads every word as its model does (lower-cased) in all of its panels; the
// demo BERT says why a text it cannot read becomes [UNK] and what to load instead.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, shot } from './harness.mjs';

let app;
before(async () => { app = await launch({ locale: 'ko-KR' }); });
after(async () => { await app?.close(); });

const HANGUL = /[가-힣]/;
const values = (page, sel) => page.locator(sel).evaluateAll((els) => els.map((e) => e.value));

async function trainFastText(page) {
  await page.waitForFunction(() => /×/.test(document.querySelector('[data-stat="ft.vocab"] .v')?.textContent ?? ''));
  await page.locator('#player input[type="range"]').fill('5');
  await page.locator('#player button[data-action="play"]').click();
  await page.waitForFunction(() => /done|완료/.test(document.querySelector('[data-stat="ft.progress"] .v')?.textContent ?? ''), null, { timeout: 120_000 });
}

test('Korean text: Korean examples in every chapter, each in the vocabulary', async () => {
  const { page, open, errors } = app;
  await open('#/word2vec?lang=ko&corpus.sample=ko');
  await page.waitForFunction(() => Number(document.querySelector('.scatter')?.dataset.points) > 0);
  const words = await values(page, '.wt input[data-field]');
  assert.equal(words.length, 6);
  assert.ok(words.every((w) => HANGUL.test(w)), `query words ${words}`);
  // Trained: every example word has a vector (no "not in the vocabulary" box), the analogy answers.
  await page.locator('#player input[type="range"]').fill('5');
  await page.locator('#player button[data-action="play"]').click();
  await page.waitForFunction(() => document.querySelector('.w2v-progress')?.value >= 1, null, { timeout: 120_000 });
  await page.waitForFunction(() => document.querySelectorAll('.wt-block:nth-child(3) .vs-list li').length === 5 && document.querySelectorAll('.wt-block:first-child .vs-list li').length === 10);
  assert.equal(await page.locator('.wt-unknown').count(), 0);
  await page.locator('.wt').scrollIntoViewIfNeeded();
  await shot(page, 'examples-word2vec-ko');
  // FastText: Korean suggestions, a Korean word in the split view.
  await open('#/fasttext?lang=ko&corpus.sample=ko');
  await page.waitForFunction(() => document.querySelectorAll('.ft-unseen .ft-chips button').length > 0);
  const chips = await page.locator('.ft-chips button').allTextContents();
  assert.ok(chips.every((w) => HANGUL.test(w)), `suggestions ${chips}`);
  assert.match(await page.locator('.ft-split input[type="text"]').inputValue(), HANGUL);
  // One-hot and the pretrained chapter.
  await open('#/onehot?lang=ko&corpus.sample=ko');
  await page.waitForFunction(() => document.querySelectorAll('#chapter .vec').length > 0);
  assert.match(await page.locator('#chapter input.big').inputValue(), HANGUL);
  await open('#/pretrained?lang=ko&corpus.sample=ko');
  await page.waitForFunction(() => document.querySelectorAll('.pt-tokens .pt-tok').length > 2);
  assert.match(await page.locator('.pt-sentence input').inputValue(), HANGUL);
  assert.match(await page.locator('.pt-electra input').inputValue(), HANGUL);
  assert.equal(await page.locator('.pt-context select').first().inputValue(), 'ko');
  assert.deepEqual(errors, []);
});

test('switching the text switches the examples; a pasted text gets its own words', async () => {
  const { page, open, errors } = app;
  await open('#/word2vec?lang=ko&corpus.sample=en');
  await page.waitForFunction(() => document.querySelector('.wt input[data-field="word"]')?.value === 'king');
  await page.locator('#corpus-panel select').first().selectOption('ko');
  await page.waitForFunction(() => /[가-힣]/.test(document.querySelector('.wt input[data-field="word"]')?.value ?? ''));
  assert.ok((await values(page, '.wt input[data-field]')).every((w) => HANGUL.test(w)));
  // A pasted Korean text (not a sample): FastText proposes words made from its own words.
  const text = Array.from({ length: 30 }, (_, i) => `학생들은 도서관에서 책을 읽었다. 선생님은 교실에서 학생들을 가르쳤다. 학생들은 운동장에서 공을 찼다 ${i}.`).join('\n');
  await page.locator('#corpus-panel textarea').fill(text);
  await page.waitForFunction(() => /^토큰 480개/.test(document.querySelector('.summary')?.textContent ?? ''));
  await page.locator('#chapter-tabs a[data-chapter="fasttext"]').click();
  await page.waitForFunction(() => document.querySelectorAll('.ft-unseen .ft-chips button').length > 0);
  const chips = await page.locator('.ft-unseen .ft-chips button').allTextContents();
  assert.ok(chips.every((w) => HANGUL.test(w)), `suggestions ${chips}`);
  assert.ok(chips.some((w) => /학생|도서관|선생님|교실|운동장/.test(w)), `made from the text's words: ${chips}`);
  assert.deepEqual(errors, []);
});

test('FastText reads "Oranges" as the model does, the same in every panel', async () => {
  const { page, open, errors } = app;
  await open('#/fasttext?lang=en&corpus.sample=en&subwords.word=Oranges&fasttext.unseen=Oranges&fasttext.compare=Oranges');
  // The split view cuts the lower-cased word (the n-grams whose hashes the model uses) and says so.
  await page.waitForFunction(() => document.querySelector('.ft-split .ft-wrapped')?.textContent === '<oranges>');
  assert.match(await page.locator('.ft-split .ft-case').textContent(), /“Oranges” is read as “oranges”/);
  await trainFastText(page);
  await page.waitForSelector('.ft-unseen .ft-note[data-known]');
  await page.locator('.ft-compare button[data-action="w2v"]').click();
  // Wait for Word2Vec's answer (neighbours or "no vector"), not for the panel, which is there before.
  await page.waitForSelector('.ft-compare [data-model="w2v"] li, .ft-compare [data-model="w2v"] .ft-novec', { timeout: 120_000 });
  const known = await page.evaluate(() => ({
    unseen: document.querySelector('.ft-unseen .ft-note').dataset.known,
    fasttext: document.querySelector('.ft-compare [data-model="ft"]').dataset.known,
    word2vec: document.querySelector('.ft-compare [data-model="w2v"]').dataset.known,
  }));
  assert.equal(new Set(Object.values(known)).size, 1, `the panels agree: ${JSON.stringify(known)}`);
  assert.match(await page.locator('.ft-compare [data-model="w2v"] h4').textContent(), /oranges/);
  await page.locator('.ft-compare').scrollIntoViewIfNeeded();
  await shot(page, 'fasttext-case');
  assert.deepEqual(errors, []);
});

test('the demo BERT says why a sentence becomes [UNK] and what to load', async () => {
  const { page, open, errors } = app;
  await open('#/pretrained?lang=ko&corpus.sample=ko');
  await page.waitForFunction(() => document.querySelectorAll('.pt-tokens .pt-tok').length > 2);
  assert.equal(await page.locator('.pt-unk').isHidden(), true, 'the example sentence reads fine');
  await page.locator('.pt-sentence input').fill('大韓民國은 民主共和國이다.'); // Hanja: no such character in the samples
  await page.waitForFunction(() => /\[UNK\]/.test(document.querySelector('.pt-unk:not([hidden])')?.textContent ?? ''));
  assert.match(await page.locator('.pt-unk').textContent(), /어휘.*koelectra/);
  await shot(page, 'pretrained-unk');
  assert.deepEqual(errors, []);
});
