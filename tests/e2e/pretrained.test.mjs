// The pretrained-models chapter in headless Chromium: the shipped demo model (our Transformer
// encoder trained on the sample texts, examples/transformer_demo.rs) loads by itself and draws its
// attention; the tiny BERT fixture loads through the file input; a corrupt weights file gives a
// clear message while the loaded model keeps working; the data-set probe runs; the tiny ELECTRA
// fixture shows its replaced-token probabilities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, shot } from './harness.mjs';

const FIX = fileURLToPath(new URL('../fixtures/tiny-bert/', import.meta.url));
const ELECTRA = fileURLToPath(new URL('../fixtures/tiny-electra/', import.meta.url));
const numbers = (page) => page.$$eval('.pt-info .number', (els) => els.map((e) => [e.querySelector('.k').textContent, e.querySelector('.v').textContent]));

test('pretrained chapter: demo model, attention views, file loading, corrupt file, probe', async () => {
  const { page, errors, open, close } = await launch();
  try {
    await open('#/pretrained');
    // 1. The shipped demo BERT (trained by us) loads by default.
    await page.waitForFunction(() => document.querySelectorAll('.att-thumb').length === 16, null, { timeout: 30_000 });
    const info = Object.fromEntries(await numbers(page));
    assert.equal(info.architecture, 'BertForMaskedLM');
    assert.equal(info.layers, '4');
    assert.ok(await page.isVisible('.pt-demo-note'), 'the demo says what it is and how it was trained');
    // The token strip, the big map and the head view are drawn together, synchronously, from one run
    // of the example sentence; the sentence itself can still change once while the page starts (the
    // corpus's own example replaces the first one), so read all three in one snapshot of the page,
    // after they show the same tokens.
    const drawn = () => ({
      tokens: [...document.querySelectorAll('.pt-tokens .pt-tok')].map((e) => e.textContent),
      rows: document.querySelectorAll('.att-map .hm-rows span').length,
      lines: document.querySelectorAll('.headview text').length,
    });
    await page.waitForFunction(() => {
      const n = document.querySelectorAll('.pt-tokens .pt-tok').length;
      return n > 2 && document.querySelectorAll('.att-map .hm-rows span').length === n && document.querySelectorAll('.headview text').length === 2 * n;
    }, null, { timeout: 30_000 });
    const { tokens, rows, lines } = await page.evaluate(drawn);
    assert.deepEqual([tokens[0], tokens.at(-1)], ['[CLS]', '[SEP]']);
    assert.ok(tokens.includes('bank'));
    // The big map has one row label per token; the head view one line of text per token and side.
    assert.equal(rows, tokens.length);
    assert.equal(lines, 2 * tokens.length);
    // Hovering a token of the head view highlights its row in the heatmap.
    await page.hover('.headview text.l[data-i="4"]');
    assert.ok(await page.isVisible('.att-band.row'));
    assert.ok(await page.$eval('.pt-tok[data-i="4"]', (e) => e.classList.contains('on')));
    await shot(page, 'pretrained-attention');
    // Clicking a thumbnail enlarges that layer / head.
    await page.click('.att-thumb[data-layer="2"][data-head="1"]');
    assert.match(await page.textContent('.pt-attention h3'), /layer 3, head 2/);
    await page.locator('.att-grid').scrollIntoViewIfNeeded();
    await shot(page, 'pretrained-grid');
    // The demo is a BertForMaskedLM: its head fills the example's hidden word (bank), 8 bars.
    await page.waitForFunction(() => document.querySelector('.pt-masked-out')?.dataset.masks === '1', null, { timeout: 30_000 });
    const masked = await page.inputValue('.pt-masked input');
    assert.match(masked, /^The \w+ sat on the \[MASK\] /, masked);
    assert.equal(await page.$$eval('.pt-masked-out .bar-row', (e) => e.length), 8);
    const fills = await page.$$eval('.pt-masked-out .bar-label', (e) => e.map((x) => x.textContent));
    console.log(`demo: ${masked} → ${fills.join(' ')}`);
    assert.ok(fills.slice(0, 5).includes('bank'), fills.join(' '));
    // The card is full width, and so are its bars (they were a 36rem strip, half the card at 1920).
    const [card, track] = await page.$$eval('.pt-masked, .pt-masked-out .bar-track', (e) => e.map((x) => x.getBoundingClientRect().width));
    assert.ok(track > 0.6 * card, `bar track ${track} px in a ${card} px card`);
    await page.locator('.pt-masked').scrollIntoViewIfNeeded();
    await shot(page, 'pretrained-masked');
    // The ELECTRA section explains that it has nothing to show.
    assert.ok(await page.isVisible('.pt-electra .empty'), 'no discriminator: explained, not drawn');
    // Context vectors, in the text's language (the English sample): the six "bank" sentences are
    // six separate points.
    await page.waitForFunction(() => document.querySelector('.pt-context .scatter')?.dataset.points === '6');
    await page.locator('.pt-context').scrollIntoViewIfNeeded();
    await shot(page, 'pretrained-context');
    // The data set is embedded and probed (3 labels → 3 × 3 confusion table).
    await page.waitForSelector('.pt-confusion', { timeout: 30_000 });
    assert.equal(await page.$$eval('.pt-confusion tbody tr', (e) => e.length), 3);
    assert.ok(await page.$$eval('.pt-near tbody tr', (e) => e.length) >= 3);
    await page.locator('.pt-data').scrollIntoViewIfNeeded();
    await shot(page, 'pretrained-data');
    // Layout at 1920×1080: the data set's map sits beside the lines (two columns), the cosine table
    // and the map stay inside their cards, and only the chapter scrolls (never the page under the tabs).
    const lay = await page.evaluate(() => {
      const r = (s) => document.querySelector(s).getBoundingClientRect();
      const [card, area, map, ctxCard, cos] = [r('.pt-data'), r('.pt-data textarea'), r('.pt-data .scatter'), r('.pt-context'), r('.pt-context canvas.heatmap')];
      const se = document.scrollingElement;
      return { beside: map.left > area.right && map.top < area.bottom, inside: map.right <= card.right && cos.right <= ctxCard.right, pageScroll: se.scrollHeight - se.clientHeight };
    });
    assert.deepEqual(lay, { beside: true, inside: true, pageScroll: 0 });

    // 2. The tiny BERT fixture through the file input.
    await page.locator('.pt-load').scrollIntoViewIfNeeded();
    await page.setInputFiles('input[data-role="model-files"]', ['config.json', 'vocab.txt', 'tokenizer_config.json', 'model.safetensors'].map((f) => join(FIX, f)));
    await page.waitForFunction(() => document.querySelectorAll('.att-thumb').length === 8 || document.querySelector('.msg.error'), null, { timeout: 30_000 });
    assert.equal(await page.$('.msg.error'), null, await page.textContent('.msg.error').catch(() => ''));
    const tiny = Object.fromEntries(await numbers(page));
    assert.equal(tiny.architecture, 'BertForMaskedLM');
    assert.equal(tiny.layers, '2');
    assert.ok(!(await page.isVisible('.pt-demo-note')));
    assert.ok(await page.isVisible('.pt-electra .empty'), 'no discriminator: explained, not drawn');

    // 3. A truncated weights file: a clear error, and the tiny BERT keeps working.
    const dir = mkdtempSync(join(tmpdir(), 'pt-corrupt-'));
    writeFileSync(join(dir, 'model.safetensors'), readFileSync(join(FIX, 'model.safetensors')).subarray(0, 3000));
    writeFileSync(join(dir, 'config.json'), readFileSync(join(FIX, 'config.json')));
    writeFileSync(join(dir, 'vocab.txt'), readFileSync(join(FIX, 'vocab.txt')));
    await page.setInputFiles('input[data-role="model-files"]', ['config.json', 'vocab.txt', 'model.safetensors'].map((f) => join(dir, f)));
    await page.waitForFunction(() => /Could not load the model/.test(document.querySelector('.msg.error')?.textContent ?? ''));
    const msg = await page.textContent('.msg.error');
    assert.match(msg, /Could not load the model: .*checkpoint/);
    assert.match(msg, /keeps working/);
    await shot(page, 'pretrained-corrupt');
    assert.equal((Object.fromEntries(await numbers(page))).architecture, 'BertForMaskedLM');
    await page.fill('.pt-sentence input', 'the cat sat on the boat');
    await page.waitForFunction(() => [...document.querySelectorAll('.pt-tokens .pt-tok')].map((e) => e.textContent).join(' ') === '[CLS] the cat sat on the boat [SEP]');
    // Text longer than the tiny model's 32 positions: truncated, with a notice.
    await page.fill('.pt-sentence input', 'the cat sat on the mat and the dog sat on the boat '.repeat(4));
    await page.waitForFunction(() => /at most 32/.test(document.querySelector('.pt-sentence ~ .pt-notice:not([hidden])')?.textContent ?? ''));
    assert.match(await page.textContent('.pt-sentence ~ .pt-notice'), /at most 32/);
    assert.equal(await page.$$eval('.pt-tokens .pt-tok', (e) => e.length), 32);
    // The same in the data set: the long line is embedded from its first 32 tokens, with a warning.
    await page.fill('.pt-data textarea', `a\tthe cat sat on the mat\nb\t${'the dog sat on the boat '.repeat(8)}`);
    await page.click('.pt-data button.primary');
    await page.waitForFunction(() => /longer than the model allows/.test(document.querySelector('.msg.warn')?.textContent ?? ''));
    assert.match(await page.textContent('.msg.warn'), /1 line\(s\) were longer than the model allows: only their first tokens were embedded/);
    await page.waitForFunction(() => /2 lines embedded/.test(document.querySelector('.pt-data .pt-status')?.textContent ?? ''));
    assert.match(await page.textContent('.pt-data .pt-status'), /2 lines embedded/);

    // 4. The tiny ELECTRA fixture: its discriminator gives one probability per token, and editing
    // the sentence updates them.
    await page.locator('.pt-load').scrollIntoViewIfNeeded();
    await page.setInputFiles('input[data-role="model-files"]', ['config.json', 'vocab.txt', 'tokenizer_config.json', 'model.safetensors'].map((f) => join(ELECTRA, f)));
    await page.waitForFunction(() => document.querySelector('.pt-info .number .v')?.textContent === 'ElectraForPreTraining', null, { timeout: 30_000 });
    await page.fill('.pt-electra input', 'the chef ate the meal.');
    await page.waitForFunction(() => [...document.querySelectorAll('.pt-rep b')].some((b) => b.textContent === 'ate'));
    const p = await page.$$eval('.pt-rep small', (e) => e.map((x) => parseFloat(x.textContent)));
    assert.ok(p.length >= 4 && p.every((v) => v >= 0 && v <= 100), String(p));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
