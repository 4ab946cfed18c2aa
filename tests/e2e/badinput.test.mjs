// Bad input in the page, as a judge would try it: a text too short to train on, absurd settings,
// then play. The page must say what is wrong (the model's own message) and keep saying it when
// play is pressed, never a bare "no model"; no console errors; the typed text stays.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, shot } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const messages = (page) => page.locator('.msg').allTextContents();

/** Marks the messages on screen as old; `fresh(re)` then waits for a message shown after that
 * (a message is replaced by a new box when it is raised again), so a test never reads the
 * message that was already there. */
const markOld = (page) => page.evaluate(() => document.querySelectorAll('.msg').forEach((m) => { m.dataset.old = '1'; }));
const fresh = (page, re) => page.waitForFunction((src) => [...document.querySelectorAll('.msg:not([data-old])')].some((m) => new RegExp(src).test(m.textContent)), re.source);

test('Word2Vec: a too-short text or an absurd setting is explained, also after pressing play', async () => {
  const { page, open, errors } = app;
  await open('#/word2vec');
  await page.waitForFunction(() => Number(document.querySelector('.scatter')?.dataset.points) > 0);
  const box = page.locator('#corpus-panel textarea');
  // Two distinct words, one of them once: below minCount 2 there is one word left.
  await box.fill('hello world hello');
  await page.waitForFunction(() => [...document.querySelectorAll('.msg')].some((m) => /needs at least two distinct words/.test(m.textContent)));
  // Play raises the message again (not "no model").
  await markOld(page);
  await page.locator('#player button[data-action=play]').click();
  await fresh(page, /needs at least two distinct words/);
  let msgs = await messages(page);
  assert.ok(msgs.some((m) => /needs at least two distinct words/.test(m)), msgs.join(' | '));
  assert.ok(!msgs.some((m) => /no model/.test(m)), msgs.join(' | '));
  assert.equal(await box.inputValue(), 'hello world hello');

  // A real text, then dimensions 0 applied with Enter, then play and step.
  await box.fill('the king rules the land . the queen rules the land .\n'.repeat(20));
  await page.waitForFunction(() => !document.querySelector('.msg[data-owner="word2vec"]') && /× 50$/.test(document.querySelector('.w2v-stats .stat:last-of-type strong')?.textContent ?? ''));
  const dim = page.locator('#chapter input[data-setting=dim]');
  await dim.fill('0');
  await dim.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('.msg')].some((m) => /dim must be a whole number between 1 and 1000 \(got 0\)/.test(m.textContent)));
  await markOld(page);
  await page.locator('#player button[data-action=play]').click();
  await fresh(page, /dim must be a whole number between 1 and 1000 \(got 0\)/);
  await markOld(page);
  await page.locator('#player button[data-action=step]').click();
  await fresh(page, /dim must be a whole number between 1 and 1000 \(got 0\)/);
  msgs = await messages(page);
  assert.ok(msgs.some((m) => /dim must be a whole number between 1 and 1000 \(got 0\)/.test(m)), msgs.join(' | '));
  assert.ok(!msgs.some((m) => /no model/.test(m)), msgs.join(' | '));
  await shot(page, 'badinput-word2vec-dim0');
  // Back to a sensible value: training works again.
  await dim.fill('20');
  await dim.press('Enter');
  await page.waitForFunction(() => /× 20$/.test(document.querySelector('.w2v-stats .stat:last-of-type strong')?.textContent ?? ''));
  await page.locator('#player button[data-action=step]').click();
  await page.waitForFunction(() => /\d+%/.test(document.querySelector('#player .status')?.textContent ?? '') && !/^0%/.test(document.querySelector('#player .status').textContent));
  assert.deepEqual(errors, []);
});

test('FastText: a too-short text is explained, also after pressing play', async () => {
  const { page, open, errors } = app;
  await open('#/fasttext');
  await page.waitForFunction(() => /×/.test(document.querySelector('[data-stat="ft.vocab"] .v')?.textContent ?? ''));
  const box = page.locator('#corpus-panel textarea');
  await box.fill('hello world hello');
  await page.waitForFunction(() => [...document.querySelectorAll('.msg')].some((m) => /at least two different words/.test(m.textContent)));
  await markOld(page);
  await page.locator('#player button[data-action=play]').click();
  await fresh(page, /at least two different words/);
  await markOld(page);
  await page.locator('#player button[data-action=step]').click();
  await fresh(page, /at least two different words/);
  const msgs = await messages(page);
  assert.ok(msgs.some((m) => /at least two different words/.test(m)), msgs.join(' | '));
  assert.ok(!msgs.some((m) => /no model/.test(m)), msgs.join(' | '));
  assert.equal(await box.inputValue(), 'hello world hello');
  assert.deepEqual(errors, []);
});

test('Attention: bad pairs are named by their line, in Korean; the text stays; play explains; mixed scripts train', async () => {
  const { page, open, errors } = app;
  await open('#/attention?lang=ko&s2s.task=own');
  await page.waitForFunction(() => document.querySelector('#chapter')?.dataset.ready === 'true');
  const box = page.locator('.s2s-pairs');
  const submit = () => page.locator('.s2s-form button[type="submit"]').click();
  const long = `${'w '.repeat(10_000)}=> x`;
  for (const [text, re] of [
    ['a b => b a\nno arrow here\nc d => d c', /2번째 줄: 원문과 목표 사이에 `=>`가 없습니다.*no arrow here/],
    ['a b => b a\n => c', /2번째 줄: 원문 쪽이 비어 있습니다/],
    ['a b => b a\nc d =>', /2번째 줄: 목표 쪽이 비어 있습니다/],
    [`a => b\n\n${long}`, /3번째 줄: 원문 쪽 토큰이 10000개로, 한 시퀀스에 허용되는 60개보다 많습니다/],
    ['a => x\nb => x x\nc => x', /모든 목표가 토큰 `x` 하나로만 되어 있습니다 \(1번째 줄 등\)/],
  ]) {
    await markOld(page);
    await box.fill(text);
    await submit();
    await fresh(page, re);
    assert.equal(await box.inputValue(), text, 'the pairs typed stay in the box');
  }
  // Play says it again (the model's own message, not "no model").
  await markOld(page);
  await page.locator('#player button[data-action=play]').click();
  await fresh(page, /모든 목표가 토큰 `x`/);
  assert.ok(!(await messages(page)).some((m) => /아직 모델이 없습니다/.test(m)));
  // Mixed scripts in one pair are fine: the models are built, the message goes away.
  await box.fill('hello 안녕 => 안녕 hello\n猫 cat => 고양이 cat\nбелый 白 => white 하얀\nกา ka => ka 까');
  await page.evaluate(() => { delete document.querySelector('#chapter').dataset.ready; });
  await submit();
  await page.waitForFunction(() => document.querySelector('#chapter')?.dataset.ready === 'true');
  assert.deepEqual(await messages(page), []);
  assert.deepEqual(errors, []);
});
