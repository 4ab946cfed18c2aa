// Nothing typed is lost: a text replaced by a file or a sample comes back with one click (Undo),
// the browser's saved copy included, and a file that is not text is refused before it replaces
// anything.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, shot } from './harness.mjs';

let app;
before(async () => { app = await launch(); });
after(async () => { await app?.close(); });

const TYPED = 'my own typed words stay here. they stay.';
const box = (page) => page.locator('#corpus-panel textarea');
const hasText = (page, want) => page.waitForFunction((w) => document.querySelector('#corpus-panel textarea')?.value === w, want);

async function typeOwn(page) {
  await box(page).fill(TYPED);
  await page.waitForFunction(() => /corpus\.sample=custom/.test(location.hash) && /^10 tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
}

async function reloadKeeps(page, want) {
  await page.goto('about:blank');
  await page.goto(`${app.base}#/corpus?corpus.sample=custom`);
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await box(page).inputValue(), want, 'the saved copy after a reload');
}

test('a binary file is refused before it replaces the text', async () => {
  const { page, open, errors } = app;
  await open('#/corpus?corpus.sample=en');
  await typeOwn(page);
  // A PNG header and some bytes: NUL bytes, no text.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...Array.from({ length: 400 }, (_, i) => (i * 37) % 256)]);
  await page.locator('#corpus-panel input[type=file]').setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: png });
  await page.waitForFunction(() => /photo\.txt.*not a text file/.test(document.querySelector('.msg.error')?.textContent ?? ''));
  assert.equal(await box(page).inputValue(), TYPED);
  assert.equal(await page.locator('.undo-bar').isHidden(), true, 'nothing was replaced, nothing to undo');
  await reloadKeeps(page, TYPED);
  // Refused again: the message stays while it is the news; typing on takes it away.
  await page.locator('#corpus-panel input[type=file]').setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: png });
  await page.waitForFunction(() => /photo\.txt.*not a text file/.test(document.querySelector('#messages .msg[data-key="corpus.file"]')?.textContent ?? ''));
  await box(page).press('End');
  await box(page).pressSequentially(' more');
  await page.waitForFunction(() => !document.querySelector('#messages .msg[data-key="corpus.file"]'));
  assert.equal(await box(page).inputValue(), `${TYPED} more`);
  assert.deepEqual(errors, []);
});

test('a text file replaces the text; one click on Undo brings the typed text back, saved copy too', async () => {
  const { page, open, errors } = app;
  await open('#/corpus?corpus.sample=en');
  await typeOwn(page);
  await page.locator('#corpus-panel input[type=file]').setInputFiles({ name: 'other.txt', mimeType: 'text/plain', buffer: Buffer.from('words from a file, quite different ones.') });
  await hasText(page, 'words from a file, quite different ones.');
  await page.waitForFunction(() => /other\.txt/.test(document.querySelector('.undo-bar:not([hidden])')?.textContent ?? ''));
  await shot(page, 'corpus-undo');
  await page.locator('.undo-bar button[data-action="undo"]').click();
  await hasText(page, TYPED);
  await page.waitForFunction(() => /^10 tokens/.test(document.querySelector('.summary')?.textContent ?? ''));
  assert.equal(await page.locator('.undo-bar').isHidden(), true);
  await reloadKeeps(page, TYPED);
  // A file in UTF-16 (with its byte-order mark) is text too.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('한국어 텍스트', 'utf16le')]);
  await page.locator('#corpus-panel input[type=file]').setInputFiles({ name: 'ko16.txt', mimeType: 'text/plain', buffer: utf16 });
  await hasText(page, '한국어 텍스트');
  assert.deepEqual(errors, []);
});

test('picking a sample over the typed text can be undone with one click', async () => {
  const { page, open, errors } = app;
  await open('#/corpus?corpus.sample=en');
  await typeOwn(page);
  await page.locator('#corpus-panel select').first().selectOption('ko');
  await page.waitForFunction(() => /[가-힣]/.test(document.querySelector('#corpus-panel textarea')?.value ?? ''));
  await page.waitForSelector('.undo-bar:not([hidden])');
  await page.locator('.undo-bar button[data-action="undo"]').click();
  await hasText(page, TYPED);
  await page.waitForFunction(() => /corpus\.sample=custom/.test(location.hash));
  assert.equal(await page.locator('#corpus-panel select').first().inputValue(), 'custom');
  assert.deepEqual(errors, []);
});
