// hubBase (www/worker/hub.js): every way a teacher may write a model's address → the folder the
// worker fetches config.json, vocab.txt, … from. The fetching itself is tested end to end in
// tests/e2e/pretrained-hub.test.mjs against a stand-in hub.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHOICES, folderName, hubBase, readBody } from '../../www/worker/hub.js';

test('hubBase: ids and hub URLs → …/resolve/<rev>/ on huggingface.co', () => {
  const koelectra = 'https://huggingface.co/monologg/koelectra-small-v3-discriminator/resolve/main/';
  for (const input of [
    'monologg/koelectra-small-v3-discriminator',
    '  monologg/koelectra-small-v3-discriminator\n',
    'https://huggingface.co/monologg/koelectra-small-v3-discriminator',
    'https://huggingface.co/monologg/koelectra-small-v3-discriminator/',
    'https://huggingface.co/monologg/koelectra-small-v3-discriminator/tree/main',
    'https://huggingface.co/monologg/koelectra-small-v3-discriminator/resolve/main/config.json',
    'https://huggingface.co/monologg/koelectra-small-v3-discriminator/blob/main/pytorch_model.bin?download=true',
    'https://hf.co/monologg/koelectra-small-v3-discriminator#files',
  ]) assert.equal(hubBase(input), koelectra, input);
  assert.equal(hubBase('bert-base-uncased'), 'https://huggingface.co/bert-base-uncased/resolve/main/');
  assert.equal(hubBase('https://huggingface.co/bert-base-uncased'), 'https://huggingface.co/bert-base-uncased/resolve/main/');
  assert.equal(hubBase('https://huggingface.co/owner/name/resolve/v1.0/vocab.txt'), 'https://huggingface.co/owner/name/resolve/v1.0/');
  assert.equal(hubBase('https://huggingface.co/owner/name/tree/refs%2Fpr%2F3'), 'https://huggingface.co/owner/name/resolve/refs%2Fpr%2F3/');
});

test('hubBase: other servers are a folder of files (a file URL means its folder)', () => {
  assert.equal(hubBase('https://example.org/models/tiny'), 'https://example.org/models/tiny/');
  assert.equal(hubBase('https://example.org/models/tiny/'), 'https://example.org/models/tiny/');
  assert.equal(hubBase('http://127.0.0.1:8000/models/tiny/model.safetensors'), 'http://127.0.0.1:8000/models/tiny/');
});

test('hubBase: clear errors for what is not a model address', () => {
  assert.throws(() => hubBase(''), /type a Hugging Face model id/);
  assert.throws(() => hubBase('not a model id!'), /"not a model id!" is not a Hugging Face model id/);
  assert.throws(() => hubBase('a/b/c'), /is not a Hugging Face model id/);
  assert.throws(() => hubBase('https://huggingface.co/datasets/owner/name'), /not the address of a model/);
  assert.throws(() => hubBase('https://huggingface.co/'), /not the address of a model/);
  assert.throws(() => hubBase('https://'), /not a valid URL/);
});

test('the files asked for, in the order of preference', () => {
  assert.deepEqual(CHOICES.map((c) => [c.names, c.required]), [
    [['config.json'], true], [['tokenizer_config.json'], false],
    [['vocab.txt', 'tokenizer.json'], true], [['model.safetensors', 'pytorch_model.bin'], true],
  ]);
});

test('readBody: one buffer when the size is known; chunks joined otherwise; progress reported', async () => {
  const stream = (parts) => new ReadableStream({ start(c) { for (const p of parts) c.enqueue(Uint8Array.from(p)); c.close(); } });
  const reports = [];
  const report = (loaded, total) => reports.push([loaded, total]);
  assert.deepEqual(await readBody(stream([[1, 2], [3], [4, 5]]), 5, report), Uint8Array.from([1, 2, 3, 4, 5]));
  assert.deepEqual(reports[0], [0, 5]);
  assert.deepEqual(reports.at(-1), [5, 5]);
  // More bytes than Content-Length said (a compressed transfer), none said, fewer (cut short).
  assert.deepEqual(await readBody(stream([[1, 2], [3, 4]]), 3, () => {}), Uint8Array.from([1, 2, 3, 4]));
  assert.deepEqual(await readBody(stream([[1], [2, 3]]), 0, () => {}), Uint8Array.from([1, 2, 3]));
  assert.deepEqual(await readBody(stream([[1, 2]]), 10, () => {}), Uint8Array.from([1, 2]));
  assert.deepEqual(await readBody(stream([]), 0, () => {}), new Uint8Array(0));
});

test('folderName: how a cached folder is listed', () => {
  assert.equal(folderName('https://huggingface.co/monologg/koelectra-small-v3-discriminator/resolve/main/'), 'monologg/koelectra-small-v3-discriminator');
  assert.equal(folderName('https://huggingface.co/owner/name/resolve/refs%2Fpr%2F3/'), 'owner/name@refs/pr/3');
  assert.equal(folderName('https://example.org/models/tiny/'), 'https://example.org/models/tiny/');
});
