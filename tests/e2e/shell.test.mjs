// The shell and the first two chapters, used as a teacher and a student would.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, shot, waitDrawn } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const summary = (page) => page.locator('.summary').textContent();

test('opens on the built-in corpus with no console errors, and every chapter shows', async () => {
  const { page, open, errors } = app;
  await open();
  await page.waitForFunction(() => /\d+ tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
  const tokens = Number((await summary(page)).match(/([\d,]+) tokens/)[1].replace(/,/g, ''));
  assert.ok(tokens > 5, `the sample corpus has tokens (${tokens})`);
  const tabs = await page.locator('#chapter-tabs a').evaluateAll((as) => as.map((a) => a.dataset.chapter));
  assert.ok(tabs.length >= 2 && tabs[0] === 'corpus' && tabs[1] === 'onehot', tabs.join());
  // Visit every chapter with the keyboard, as a presenter pressing → would.
  await page.locator('#chapter').focus();
  for (const [i, id] of tabs.entries()) {
    if (i) await page.keyboard.press('ArrowRight');
    await waitDrawn(page, id);
    assert.match(page.url(), new RegExp(`#/${id}`));
    await shot(page, `chapter-${i + 1}-${id}`);
  }
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((want) => document.querySelector('#chapter')?.dataset.chapter === want, tabs.at(-2));
  assert.deepEqual(errors, []);
});

test('every chapter scrolls its last card fully above the player bar (1920×1080)', async () => {
  const { page, open, errors } = app;
  await open();
  const tabs = await page.locator('#chapter-tabs a').evaluateAll((as) => as.map((a) => a.dataset.chapter));
  let withBar = 0;
  for (const id of tabs) {
    await open(`#/${id}`);
    await waitDrawn(page, id);
    const r = await page.evaluate(() => {
      const ch = document.querySelector('#chapter');
      ch.scrollTop = ch.scrollHeight;
      const bar = document.querySelector('#player');
      return {
        bar: bar.hidden ? null : bar.getBoundingClientRect().top,
        end: Math.max(...[...ch.children].map((c) => c.getBoundingClientRect().bottom)),
      };
    });
    if (r.bar === null) continue;
    withBar++;
    assert.ok(r.end <= r.bar - 16, `${id}: the content ends at ${r.end} px, the bar starts at ${r.bar} px`);
  }
  assert.ok(withBar >= 2, 'chapters with the player bar were checked');
  assert.deepEqual(errors, []);
});

test('corpus chapter: marked tokens, vocabulary table, Zipf plot', async () => {
  const { page, open } = app;
  await open('#/corpus');
  // Tokens, the vocabulary table and the Zipf dots (each drawn when its part of the reply is in).
  await page.waitForFunction(() => document.querySelectorAll('.tokens .t').length > 10
    && document.querySelectorAll('table.data tbody tr').length > 10 && document.querySelectorAll('svg.chart circle').length > 10);
  // Hover a token: its id and count.
  await page.locator('.tokens .t').first().hover();
  await page.waitForFunction(() => /id \d+ · count \d+/i.test(document.querySelector('.tip:not([hidden])')?.textContent ?? ''));
});

test('pasting Korean text changes the vocabulary, and the text survives a reload', async () => {
  const { page, open } = app;
  await open('#/corpus');
  await page.waitForSelector('.tokens .t');
  const text = '배를 타고 바다에 갔다. 배가 고파서 배를 먹었다. 왕이 배를 좋아한다.';
  await page.locator('#corpus-panel textarea').fill(text);
  await page.waitForFunction(() => /\b14 tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
  // The chapter's table follows the panel's summary: wait for it to show this text (배를, 3 times,
  // is its most frequent token), not for the table of the text before.
  await page.waitForFunction(() => document.querySelector('table.data tbody tr td:nth-child(2)')?.textContent === '배를');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.locator('#corpus-panel textarea').inputValue(), text);
  await page.waitForFunction(() => /\b14 tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
  await shot(page, 'corpus-korean');
});

test('opening a .txt file (with NFD Hangul and a BOM) loads it as the corpus', async () => {
  const { page, open } = app;
  await open('#/corpus');
  await page.waitForSelector('.tokens .t');
  const nfd = '\uFEFF\u1112\u1161\u11AB\u1100\u1173\u11AF \uD55C\uAE00 text'; // 한글 twice: NFD, then NFC
  await page.locator('#corpus-panel input[type=file]').setInputFiles({ name: 'my.txt', mimeType: 'text/plain', buffer: Buffer.from(nfd, 'utf8') });
  await page.waitForFunction(() => /\b3 tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
  // The table of this file (two rows), not the one of the text before it.
  await page.waitForFunction(() => document.querySelectorAll('table.data tbody tr').length === 2);
  const rows = await page.locator('table.data tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[1].textContent + ':' + tr.children[2].textContent));
  assert.deepEqual(rows, ['한글:2', 'text:1']); // NFC made the two spellings one type
  assert.equal(await page.locator('#corpus-panel select').first().inputValue(), 'custom');
});

test('HTML in the text is shown literally, never interpreted', async () => {
  const { page, open } = app;
  await open('#/corpus');
  await page.locator('#corpus-panel textarea').fill('<img src=x onerror="window.pwned=1"><b>bold</b> text');
  await page.waitForFunction(() => document.querySelector('.tokens')?.textContent.includes('<b>'));
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator('.tokens b, .tokens img').count(), 0);
});

test('empty corpus: a friendly message and empty states, no errors', async () => {
  const { page, open, errors } = app;
  await open('#/corpus');
  await page.locator('#corpus-panel textarea').fill('');
  await page.waitForFunction(() => [...document.querySelectorAll('.msg.info')].some((m) => /empty/.test(m.textContent)));
  await page.waitForFunction(() => document.querySelectorAll('.empty').length >= 2);
  assert.ok(await page.locator('.empty').count() >= 2);
  await page.keyboard.press('Escape');
  await page.locator('#chapter').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#chapter[data-chapter="onehot"]');
  assert.deepEqual(errors, []);
});

test('binary junk and control characters are dropped with a notice', async () => {
  const { page, open } = app;
  await open('#/corpus');
  const junk = 'good words \u0000\u0001\u0007\uFFFD\uFFFD and more \u001b[31m';
  await page.locator('#corpus-panel textarea').fill(junk);
  await page.waitForFunction(() => [...document.querySelectorAll('.msg.warn')].some((m) => /control characters/.test(m.textContent)));
});

test('one-hot chapter: the seed example, then the corpus vocabulary', async () => {
  const { page, open } = app;
  await page.evaluate(() => localStorage.clear());
  await open('#/onehot?corpus.sample=en'); // earlier tests left their own text, which a bare link would reopen
  await page.fill('#chapter input.big', 'King Love Queen');
  await page.waitForFunction(() => document.querySelectorAll('.onehot-table tbody tr').length === 3);
  const rows = await page.locator('.onehot-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join('')));
  assert.deepEqual(rows, ['100', '010', '001']); // King Love Queen
  const vecs = await page.locator('.vec').allTextContents();
  assert.deepEqual(vecs, ['[1, 0, 0]', '[0, 1, 0]', '[0, 0, 1]']);
  // Over the whole corpus the dimension is the vocabulary size, and the matrix becomes strips.
  await page.locator('select[aria-label="Vocabulary"]').selectOption('corpus');
  await page.waitForSelector('canvas[aria-label^="one-hot rows"]');
  const dim = await page.locator('.number .v').first().textContent();
  assert.ok(Number(dim.replace(/,/g, '')) > 100, `dimension ${dim}`);
  assert.ok(await page.locator('svg.chart path').count() >= 2, 'memory chart');
  await shot(page, 'onehot-corpus');
});

test('the state is in the URL: a shared link reopens the same view', async () => {
  const { page, open } = app;
  await open('#/onehot?onehot.sentence=queen%20loves%20king&seed=7');
  await page.waitForSelector('.vec');
  assert.equal(await page.locator('input.big').inputValue(), 'queen loves king');
  assert.match(page.url(), /seed=7/);
});

test('the UI language switches to Korean and back', async () => {
  const { page, open } = app;
  await open('#/corpus');
  await page.locator('button[data-lang="ko"]').click();
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  assert.equal(await page.locator('#chapter h2').textContent(), '말뭉치와 토큰');
  assert.match(page.url(), /lang=ko/);
  await shot(page, 'corpus-ko');
  await page.locator('button[data-lang="en"]').click();
  assert.equal(await page.locator('#chapter h2').textContent(), 'Corpus & tokens');
});

test('a bare link opens the sample in the browser language, or the text the user typed before', async () => {
  // A fresh browser (empty IndexedDB) whose language is Korean.
  const ko = await launch({ locale: 'ko-KR' });
  try {
    await ko.open('#/corpus');
    await ko.page.waitForFunction(() => /corpus\.sample=ko/.test(location.hash));
    assert.equal(await ko.page.locator('#corpus-panel select').first().inputValue(), 'ko');
    assert.match(await ko.page.locator('#corpus-panel textarea').inputValue(), /[가-힣]/);
    // The user types their own text; a bare link (a bookmark) reopens it, not the sample.
    await ko.page.locator('#corpus-panel textarea').fill('my own words stay here');
    await ko.page.waitForFunction(() => /corpus\.sample=custom/.test(location.hash));
    await ko.open('#/onehot');
    await ko.page.waitForFunction(() => /corpus\.sample=custom/.test(location.hash));
    assert.equal(await ko.page.locator('#corpus-panel textarea').inputValue(), 'my own words stay here');
    // A link that names the sample wins over both.
    await ko.open('#/corpus?corpus.sample=en');
    assert.match(await ko.page.locator('#corpus-panel textarea').inputValue(), /^One day, the man went to the farm/);
    assert.deepEqual(ko.errors, []);
  } finally {
    await ko.close();
  }
});

test('the keys: the player bar says what they do (en, ko); in FastText . steps, Space plays and pauses, 0 starts again, and ▶ brings the training card up', async () => {
  const { page, open, errors } = app;
  const status = () => page.locator('#player .status').textContent();
  const pct = async () => Number((await status()).replace(/[^\d.]/g, '') || 0);
  await open('#/fasttext?lang=en&corpus.sample=en');
  await waitDrawn(page, 'fasttext');
  assert.match(await page.locator('#player .keys').textContent(), /Space .*\. step .*0 start again .*← → chapter/);
  assert.match(await page.locator('#player .keys').getAttribute('title'), /click an empty spot first/);
  // At 1920×1080 the chapter opens on the split view; the training card starts below the middle.
  const cardTop = () => page.evaluate(() => document.querySelector('.ft-train').getBoundingClientRect().top / innerHeight);
  assert.ok(await cardTop() > 0.5, `training card at ${await cardTop()} of the window`);
  await page.locator('#chapter').focus();
  await page.keyboard.press('.');
  await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('#player .status')?.textContent ?? ''));
  await page.waitForFunction(() => document.querySelector('.ft-train').getBoundingClientRect().top / innerHeight <= 0.5);
  const stepped = await pct();
  await page.keyboard.press(' ');
  await page.waitForFunction((p) => Number((document.querySelector('#player .status')?.textContent ?? '').replace(/[^\d.]/g, '')) > p, stepped, { timeout: 60_000 });
  if (await page.locator('#player').getAttribute('data-running') === 'true') await page.keyboard.press(' ');
  await page.waitForFunction(() => document.querySelector('#player')?.dataset.running !== 'true', null, { timeout: 60_000 });
  await page.keyboard.press('0');
  await page.waitForFunction(() => /^0%/.test(document.querySelector('#player .status')?.textContent ?? ''), null, { timeout: 60_000 });
  await open('#/fasttext?lang=ko&corpus.sample=ko');
  await waitDrawn(page, 'fasttext');
  assert.match(await page.locator('#player .keys').textContent(), /Space .*한 단계 .*처음으로 .*← → 장 이동/);
  assert.equal(await page.locator('#player [data-action="step"]').getAttribute('title'), '한 단계 (.)');
  assert.deepEqual(errors, []);
});
