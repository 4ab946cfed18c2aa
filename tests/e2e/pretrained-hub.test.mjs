// Loading from the Hugging Face hub, end to end, against a local stand-in for huggingface.co
// (fakehub.mjs: same URLs, 401 / 404 / 302-to-CDN answers, streamed downloads), with the committed
// tiny checkpoints laid out like two real repositories:
// - "test/tiny-bert": model.safetensors + tokenizer.json, no vocab.txt, no tokenizer_config.json
//   (the loader must fall back from vocab.txt to tokenizer.json and go on without the config);
// - "test/tiny-koelectra": the KoELECTRA layout (monologg/koelectra-*-discriminator): only
//   pytorch_model.bin, vocab.txt and tokenizer_config.json with do_lower_case false, and an
//   ElectraForPreTraining config whose embedding_size differs from hidden_size.
// Then a second visit with huggingface.co blocked loads from Cache Storage, and bad ids give clear
// messages while the loaded model keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startFakeHub } from './fakehub.mjs';
import { fmtBytes } from '../../www/i18n.js';
import { launch, shot } from './harness.mjs';

const fx = (p) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
const files = (dir, names) => Object.fromEntries(names.map((f) => [f, fx(`${dir}/${f}`)]));
const KOELECTRA = ['config.json', 'pytorch_model.bin', 'vocab.txt', 'tokenizer_config.json'];
const REPOS = {
  'test/tiny-bert': files('tiny-bert', ['config.json', 'tokenizer.json', 'model.safetensors']),
  'test/tiny-koelectra': files('tiny-electra', KOELECTRA),
  // Broken repositories (the bad-input list): each must fail with a message naming the
  // problem, keep the loaded model, and leave nothing in the cache.
  'test/truncated': { ...files('tiny-electra', KOELECTRA), 'pytorch_model.bin': readFileSync(fx('tiny-electra/pytorch_model.bin')).subarray(0, 60_000) },
  'test/gpt2': { ...files('tiny-bert', ['vocab.txt', 'model.safetensors']), 'config.json': Buffer.from('{"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2"}') },
  'test/wrong-vocab': { ...files('tiny-bert', ['config.json', 'model.safetensors']), 'vocab.txt': fx('minilm-uncased-vocab.txt') },
  'test/no-weights': files('tiny-bert', ['config.json', 'vocab.txt']),
  'test/cut': { ...files('tiny-electra', KOELECTRA), 'pytorch_model.bin': readFileSync(fx('tiny-electra/pytorch_model.bin')).subarray(0, 100_000) }, // different bytes from test/tiny-koelectra's
};

const info = async (page) => Object.fromEntries(await page.$$eval('.pt-info .number', (els) => els.map((e) => [e.querySelector('.k').textContent, e.querySelector('.v').textContent])));
const cachedList = (page) => page.$$eval('.pt-cached-item button:first-child', (els) => els.map((e) => e.textContent));
const tokens = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent));

/** Types into the hub box, presses Enter, waits for the load to finish; returns the error text or null. */
async function hubLoad(page, id) {
  await page.evaluate(() => document.querySelector('.msg.error')?.remove());
  await page.fill('input[data-role="hub-id"]', id);
  await page.press('input[data-role="hub-id"]', 'Enter');
  await page.waitForFunction(() => !document.querySelector('button[data-role="hub-load"]').disabled, null, { timeout: 30_000 });
  return page.$eval('.msg.error', (e) => e.textContent).catch(() => null);
}

/** Records every value and caption of the load card's progress bar from now on. */
const recordBar = (page) => page.evaluate(() => {
  window.barLog = [];
  const bar = document.querySelector('.pt-load progress');
  const text = document.querySelector('.pt-load .pt-progress-text');
  new MutationObserver(() => window.barLog.push([bar.getAttribute('value'), text.textContent])).observe(document.querySelector('.pt-load'), { attributes: true, childList: true, subtree: true, characterData: true });
});

// Chromium logs every 4xx answer and every blocked request; those are the ones this test asks for.
const EXPECTED = /Failed to load resource: (the server responded with a status of (401|404)|net::ERR_FAILED)/;

/** The requests since the last call, with the CDN's content hashes shortened to "<blob>". */
const taken = (hub) => hub.hits.splice(0).map((h) => h.replace(/\/repos\/ab\/cd\/[0-9a-f]{64}/, '/<blob>'));
const R = (repo, file, status) => `huggingface.co /test/${repo}/resolve/main/${file} → ${status}`;
const CDN = 'cdn-lfs.hf.co /<blob> → 200';

test('pretrained hub: ids and URLs, fallbacks, redirects, progress, offline second visit from the cache, bad ids', async () => {
  const hub = await startFakeHub(REPOS, { aliases: { 'tiny-koelectra-v1': 'test/tiny-koelectra' }, cut: ['test/cut'] });
  const { page, context, errors, open, close } = await launch({ args: hub.args, context: { ignoreHTTPSErrors: true } });
  try {
    await open('#/pretrained');
    await page.waitForFunction(() => document.querySelectorAll('.att-thumb').length === 16, null, { timeout: 30_000 });
    assert.equal((await info(page)).architecture, 'BertForMaskedLM'); // the demo

    // 1. By id: safetensors + tokenizer.json. vocab.txt and tokenizer_config.json are 404s, the
    //    weights a 302 to the CDN; pytorch_model.bin is never asked for.
    await recordBar(page);
    assert.equal(await hubLoad(page, 'test/tiny-bert'), null);
    assert.deepEqual(taken(hub), [R('tiny-bert', 'config.json', 200), R('tiny-bert', 'tokenizer_config.json', 404),
      R('tiny-bert', 'vocab.txt', 404), R('tiny-bert', 'tokenizer.json', 200), R('tiny-bert', 'model.safetensors', 302), CDN]);
    let got = await info(page);
    assert.equal(got.architecture, 'BertForMaskedLM');
    assert.equal(got.layers, '2');
    assert.match(await page.textContent('.pt-load .pt-progress-text'), /^Loaded test\/tiny-bert$/);
    // The bar went up through the weights file while it streamed in (10 chunks, 40 ms apart).
    const log = await page.evaluate(() => window.barLog);
    const size = statSync(REPOS['test/tiny-bert']['model.safetensors']).size;
    const weights = log.filter(([, text]) => text.startsWith('Downloading model.safetensors')).map(([v]) => Number(v));
    const between = [...new Set(weights.filter((v) => v > 0 && v < 1))];
    assert.ok(between.length >= 2, `intermediate values of the bar: ${JSON.stringify(weights)}`);
    assert.deepEqual(weights, [...weights].sort((a, b) => a - b), 'the bar never goes back');
    assert.equal(weights.at(-1), 1);
    assert.ok(log.some(([, text]) => text.startsWith(`Downloading model.safetensors ${fmtBytes(size)} / ${fmtBytes(size)}`)), JSON.stringify(log.slice(-5)));
    assert.ok(log.some(([, text]) => text.startsWith('Parsing the weights')));
    assert.ok(log.some(([, text]) => text.startsWith('Keeping a copy in this browser for offline use')));
    // tokenizer.json lower-cases: the sentence's tokens are the uncased vocabulary's.
    const sent = await tokens(page, '.pt-tokens .pt-tok');
    assert.deepEqual([sent[0], sent[1], sent.at(-1)], ['[CLS]', 'the', '[SEP]']); // "The man sat on the bank …", the English sample's sentence
    assert.ok(sent.includes('bank'));

    // 2. By a file URL, in the KoELECTRA layout: no safetensors (404) → pytorch_model.bin (302);
    //    vocab.txt is there, so tokenizer.json is never asked for.
    assert.equal(await hubLoad(page, 'https://huggingface.co/test/tiny-koelectra/resolve/main/config.json'), null);
    assert.deepEqual(taken(hub), [R('tiny-koelectra', 'config.json', 200), R('tiny-koelectra', 'tokenizer_config.json', 200),
      R('tiny-koelectra', 'vocab.txt', 200), R('tiny-koelectra', 'model.safetensors', 404), R('tiny-koelectra', 'pytorch_model.bin', 302), CDN]);
    got = await info(page);
    assert.equal(got.architecture, 'ElectraForPreTraining');
    assert.equal(got['hidden size'], '32');
    // do_lower_case false: "The" stays cased; the discriminator gives one probability per token.
    const electraTokens = () => page.waitForFunction(() => [...document.querySelectorAll('.pt-rep b')].map((b) => b.textContent).join(' ')
      === '[CLS] The c ##h ##e ##f c ##o ##o ##k ##ed the m ##e ##a ##l . [SEP]');
    await electraTokens();
    const p = await page.$$eval('.pt-rep small', (e) => e.map((x) => parseFloat(x.textContent)));
    assert.ok(p.length === 18 && p.every((v) => v >= 0 && v <= 100), String(p));
    await shot(page, 'pretrained-hub');

    // 3. A repository page URL of an id loaded before: the same folder, so it comes from the cache.
    assert.equal(await hubLoad(page, 'https://huggingface.co/test/tiny-bert'), null);
    assert.deepEqual(taken(hub), []);
    assert.equal((await info(page)).architecture, 'BertForMaskedLM');
    assert.match(await page.textContent('.pt-load .pt-progress-text'), /from this browser’s cache/);

    // A legacy one-part id of a renamed repository: the hub's 307 is followed to the new name.
    assert.equal(await hubLoad(page, 'tiny-koelectra-v1'), null);
    const renamed = taken(hub);
    assert.deepEqual(renamed.slice(0, 2), ['huggingface.co /tiny-koelectra-v1/resolve/main/config.json → 307', R('tiny-koelectra', 'config.json', 200)]);
    assert.equal(renamed.at(-1), CDN);
    assert.equal((await info(page)).architecture, 'ElectraForPreTraining');
    // The load card lists what the browser keeps, newest first, with sizes.
    await page.waitForFunction(() => document.querySelectorAll('.pt-cached-item').length === 3);
    assert.deepEqual(await cachedList(page), ['tiny-koelectra-v1 (110 KB)', 'test/tiny-koelectra (110 KB)', 'test/tiny-bert (114 KB)']);

    // 4. Bad ids: a clear message; the model loaded before keeps working.
    let msg = await hubLoad(page, 'test/no-such-model');
    assert.match(msg, /Could not load the model: there is no model "test\/no-such-model" on the Hugging Face hub, or it is private or gated \(config.json: HTTP 401\)/);
    assert.match(msg, /keeps working/);
    assert.deepEqual(taken(hub), ['huggingface.co /test/no-such-model/resolve/main/config.json → 401']);
    for (const [id, problem] of [
      ['test/truncated', /Could not load the model: checkpoint: zip: no end-of-central-directory record \(truncated or not a zip file\)/],
      ['test/gpt2', /Could not load the model: checkpoint: config.json: model_type 'gpt2' is not supported \(supported: bert, electra\)/],
      ['test/wrong-vocab', /Could not load the model: the vocabulary has 30522 tokens but the model's word embeddings have 212 rows: the vocabulary does not belong to this model/],
      ['test/cut', /Could not load the model: the download of pytorch_model.bin broke off after \d+ of 100000 bytes \(.+\); try again/],
      ['test/no-weights', /Could not load the model: "test\/no-weights" has none of model.safetensors, pytorch_model.bin, which the model needs/],
    ]) {
      msg = await hubLoad(page, id);
      assert.match(msg, problem);
      assert.match(msg, /The model loaded before keeps working/);
    }
    assert.equal(await page.evaluate(async () => (await (await caches.open('nlp-playground-models-v1')).keys()).filter((r) => /truncated|gpt2|wrong-vocab|no-weights|cut/.test(r.url)).length), 0,
      'nothing of a failed load is cached');
    taken(hub);
    msg = await hubLoad(page, 'not a model id!');
    assert.match(msg, /"not a model id!" is not a Hugging Face model id/);
    msg = await hubLoad(page, 'https://huggingface.co/datasets/owner/name');
    assert.match(msg, /not the address of a model/);
    assert.deepEqual(taken(hub), []);
    await shot(page, 'pretrained-hub-bad-id');
    assert.equal((await info(page)).architecture, 'ElectraForPreTraining');
    await page.fill('.pt-sentence input', 'the cat sat on the boat');
    await page.waitForFunction(() => [...document.querySelectorAll('.pt-tokens .pt-tok')].map((e) => e.textContent).join(' ') === '[CLS] the cat sat on the boat [SEP]');

    // 5. A second visit with huggingface.co and its CDN unreachable: the KoELECTRA model loads from
    //    Cache Storage with no request at all; a model never downloaded says why it cannot load.
    let blocked = 0;
    for (const pattern of ['https://huggingface.co/**', 'https://*.hf.co/**']) await context.route(pattern, (route) => { blocked++; return route.abort(); });
    await open('#/pretrained');
    await page.waitForFunction(() => document.querySelectorAll('.pt-info .number').length > 0, null, { timeout: 30_000 });
    await recordBar(page);
    await page.waitForFunction(() => document.querySelectorAll('.pt-cached-item').length === 3);
    await page.click('.pt-cached-item button:text-is("test/tiny-koelectra (110 KB)")');
    await page.waitForFunction(() => /^Loaded test\/tiny-koelectra/.test(document.querySelector('.pt-load .pt-progress-text').textContent));
    assert.equal(blocked, 0);
    assert.deepEqual(taken(hub), []);
    got = await info(page);
    assert.equal(got.architecture, 'ElectraForPreTraining');
    assert.match(await page.textContent('.pt-load .pt-progress-text'), /^Loaded test\/tiny-koelectra from this browser’s cache/);
    const cachedLog = await page.evaluate(() => window.barLog);
    assert.ok(cachedLog.some(([, text]) => /Downloading pytorch_model\.bin .*\(from the browser cache\)/.test(text)), JSON.stringify(cachedLog));
    await electraTokens();
    msg = await hubLoad(page, 'test/tiny-other');
    assert.match(msg, /could not reach huggingface\.co, and "test\/tiny-other" is not in this browser's cache yet/);
    assert.ok(blocked >= 1);
    assert.equal((await info(page)).architecture, 'ElectraForPreTraining');
    await shot(page, 'pretrained-hub-offline');
    // ✕ frees a cached model's space: gone from the list and from Cache Storage.
    await page.click('button[aria-label="Remove tiny-koelectra-v1 from this browser"]');
    await page.waitForFunction(() => document.querySelectorAll('.pt-cached-item').length === 2);
    assert.deepEqual(await cachedList(page), ['test/tiny-koelectra (110 KB)', 'test/tiny-bert (114 KB)']);
    assert.deepEqual(await page.evaluate(async () => (await (await caches.open('nlp-playground-models-v1')).keys()).map((r) => r.url).filter((u) => u.includes('tiny-koelectra-v1'))), []);
    assert.deepEqual(errors.filter((e) => !EXPECTED.test(e)), []);
  } finally {
    await close();
    await hub.close();
  }
});
