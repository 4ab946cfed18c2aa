// FastText through the JS API (pkg/ built by scripts/build.sh), under `node --test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as pkg from '../../pkg/nlp_playground.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
pkg.initSync({ module: fs.readFileSync(root + 'pkg/nlp_playground_bg.wasm') });
const { subwords } = pkg;

test('subwords: fastText order, hashes and buckets equal the real fastText (fixture)', () => {
  // tests/fixtures/fasttext_subwords.json is written by scripts/goldens/fasttext_subwords.py.
  const doc = JSON.parse(fs.readFileSync(root + 'tests/fixtures/fasttext_subwords.json', 'utf8'));
  let checked = 0;
  for (const c of doc.cases) {
    for (const [bucket, ids] of Object.entries(c.buckets)) {
      const got = subwords(c.word, { minn: c.minn, maxn: c.maxn, bucket: Number(bucket), jamo: c.jamo });
      assert.deepEqual(got.map((s) => s.ngram), c.ngrams, `${c.word} ${c.minn}-${c.maxn}`);
      assert.deepEqual(got.map((s) => s.hash), c.hashes);
      assert.deepEqual(got.map((s) => s.bucket), ids);
      checked += got.length;
    }
  }
  assert.ok(checked > 10000, `checked ${checked}`);
});

test('subwords: defaults are fastText\'s (3-6, 2,000,000 buckets), hash is an unsigned number', () => {
  const got = subwords('where');
  assert.equal(got[0].ngram, '<wh');
  assert.equal(got.at(-1).ngram, 're>');
  assert.ok(got.every((s) => Number.isInteger(s.hash) && s.hash >= 0 && s.hash < 2 ** 32));
  assert.ok(got.every((s) => s.bucket === s.hash % 2000000));
  // 사 hashes differently from textbook FNV-1a because of fastText's int8 byte cast.
  assert.equal(subwords('사', { minn: 1, maxn: 1 })[0].hash, 69310085);
});

test('subwords: jamo mode', () => {
  const jamo = subwords('먹었다', { minn: 3, maxn: 3, jamo: true }).map((s) => s.ngram);
  assert.deepEqual(jamo.slice(0, 3), ['<ㅁㅓ', 'ㅁㅓㄱ', 'ㅓㄱㅇ']);
  assert.equal(jamo.at(-1), 'ㅏ∅>');
});

test('subwords: bad settings throw a readable error; odd words do not', () => {
  assert.throws(() => subwords('x', { minn: 4, maxn: 3 }), /maxn must be between minn \(4\) and 12/);
  assert.throws(() => subwords('x', { minn: 1, maxn: 0 }), /maxn/);
  assert.throws(() => subwords('x', { minn: 3, maxn: 100 }), /maxn/);
  assert.throws(() => subwords('x', { bucket: 0 }), /bucket must be between 1/);
  assert.throws(() => subwords('x', { minn: -1 }), /invalid settings/);
  assert.deepEqual(subwords('\u0301', { minn: 1, maxn: 1 }).map((s) => s.ngram), ['\u0301']);
  assert.equal(subwords('a'.repeat(10000), { minn: 3, maxn: 6 }).length, 39994);
});
