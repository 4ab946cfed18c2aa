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
  assert.throws(() => subwords('x', { bucket: 0 }), /bucket must be a whole number between 1/);
  assert.throws(() => subwords('x', { minn: -1 }), /invalid setting: minn must be a whole number between 1 and 12 \(got -1\)/);
  assert.deepEqual(subwords('\u0301', { minn: 1, maxn: 1 }).map((s) => s.ngram), ['\u0301']);
  assert.equal(subwords('a'.repeat(10000), { minn: 3, maxn: 6 }).length, 39994);
});

// A small corpus with planted families: walk-words near street-words, cook-words near kitchen-words.
function planted(n, seed = 7) {
  const fams = [
    [['walk', 'walked', 'walking', 'walker'], ['street', 'park', 'road', 'path']],
    [['cook', 'cooked', 'cooking', 'cookery'], ['kitchen', 'pan', 'soup', 'oven']],
  ];
  let s = seed >>> 0;
  const rnd = (k) => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s >>> 16) % k; };
  const lines = [];
  for (let i = 0; i < n; i++) {
    const [w, c] = fams[rnd(2)];
    const line = [];
    for (let j = 0; j < 8; j++) line.push(j % 2 ? c[rnd(4)] : w[rnd(4)]);
    lines.push(line.join(' '));
  }
  return lines.join('\n');
}

test('FastText: trains in slices, vectors for unseen words, neighbours, analogy, .vec', () => {
  const cfg = { dim: 24, minCount: 1, sample: 0, epochs: 6, bucket: 5000, minn: 3, maxn: 6, tokenizer: 'whitespace', seed: 3 };
  const ft = new pkg.FastText(planted(1500), cfg);
  let p;
  let slices = 0;
  do { p = ft.train(4000); slices++; } while (!p.done);
  assert.ok(slices > 3);
  assert.equal(p.wordsDone, p.totalWords);
  assert.ok(p.loss > 0 && Number.isFinite(p.loss));
  assert.equal(ft.vocab().length, 16);
  assert.equal(ft.hasWord('cooks'), false);
  const v = ft.vector('cooks');
  assert.ok(v instanceof Float32Array && v.length === 24 && v.some((x) => x !== 0));
  const nn = ft.nearest('cooks', 3).map((n) => n.word);
  const cookFam = ['cook', 'cooked', 'cooking', 'cookery', 'kitchen', 'pan', 'soup', 'oven'];
  assert.ok(nn.every((w) => cookFam.includes(w)), nn.join());
  const known = ft.knownNgrams('cooks');
  assert.equal(known[0].ngram, '<co');
  assert.ok(known.find((k) => k.ngram === 'cook').words >= 3); // cook, cooked, cooking, cookery
  assert.equal(known.find((k) => k.ngram === 'oks>').words, 0); // no vocabulary word ends in "oks"
  const all = ft.vectors();
  assert.equal(all.length, 16 * 24);
  assert.deepEqual(Array.from(all.subarray(0, 24)), Array.from(ft.vector(ft.vocab()[0])));
  const vec = ft.toVec().split('\n');
  assert.equal(vec[0], '16 24');
  assert.equal(ft.analogy('walk', 'walked', 'cook', 2).length, 2);
  // similarity is the cosine of the two vectors, for unseen words too.
  const cos = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
  assert.ok(Math.abs(ft.similarity('cooks', 'cook') - cos(v, ft.vector('cook'))) < 1e-5);
  assert.deepEqual(ft.nearestToVector(v, 3, ['cooks']), ft.nearest('cooks', 3));
  assert.ok(ft.paramBytes() === (2 * 16 + 5000) * 24 * 4);
  assert.ok(ft.bucketNgrams(known.find((k) => k.ngram === 'cook').bucket, 5).includes('cook'));
  ft.free();
});

test('FastText: same seed, same vectors; bad settings and corpora throw readable errors', () => {
  const cfg = { dim: 8, minCount: 1, epochs: 2, bucket: 1000, minn: 3, maxn: 6, seed: 11, mode: 'cbow' };
  const a = new pkg.FastText(planted(100), cfg);
  const b = new pkg.FastText(planted(100), cfg);
  while (!a.train(500).done);
  while (!b.train(10000).done);
  assert.equal(a.toVec(), b.toVec());
  assert.throws(() => new pkg.FastText('a b a b', { minn: 5, maxn: 3 }), /maxn must be between minn/);
  assert.throws(() => new pkg.FastText('a b a b', { bucket: 0 }), /bucket must be a whole number between 1/);
  assert.throws(() => new pkg.FastText('a b a b', { mode: 'glove' }), /invalid setting: mode must be one of `skipgram`, `cbow` \(got "glove"\)/);
  assert.throws(() => new pkg.FastText('', { minCount: 1 }), /two different words/);
  assert.throws(() => new pkg.FastText('a b a b', { bucket: 2e9, minCount: 1 }), /MB/);
  // "<x>" has exactly one 3-gram; with minn 5 a one-letter unseen word has none.
  const c = new pkg.FastText(planted(50), { ...cfg, minn: 5, maxn: 6 });
  assert.equal(c.vector('x'), undefined);
  assert.throws(() => c.nearest('x', 3), /no n-gram/);
  assert.throws(() => c.similarity(c.vocab()[0], 'x'), /"x" has no n-gram/);
});
