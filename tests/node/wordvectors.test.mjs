// One word-vector family through the JS API: Word2Vec (trained or read from .vec) and FastText
// answer the same queries under the same names (src/wasm/vectors.rs), so the workers and the page
// use one set of calls for both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lib from './pkg.mjs';

const QUERIES = ['vocab', 'counts', 'dim', 'vector', 'hasWord', 'vectors', 'nearest', 'nearestToVector', 'similarity', 'analogy', 'toVec', 'toTsv'];
const TEXT = 'the cat sat on the mat\nthe dog sat on the log\nthe cat and the dog sat\n'.repeat(20);

function models() {
  const cfg = { dim: 8, minCount: 1, epochs: 2, seed: 3 };
  const w2v = new lib.Word2Vec(TEXT, cfg);
  const ft = new lib.FastText(TEXT, { ...cfg, bucket: 1000 });
  while (!w2v.train(1000).done);
  while (!ft.train(1000).done);
  const loaded = lib.Word2Vec.fromVec(w2v.toVec(), 100);
  return { w2v, ft, loaded };
}

test('Word2Vec, imported vectors and FastText have the same query methods', () => {
  for (const cls of [lib.Word2Vec, lib.FastText]) {
    for (const q of QUERIES) assert.equal(typeof cls.prototype[q], 'function', `${cls.name}.${q}`);
  }
  const { w2v, ft, loaded } = models();
  for (const m of [w2v, ft, loaded]) {
    const words = m.vocab();
    const [a, b, c] = words;
    assert.equal(m.vectors().length, words.length * m.dim());
    assert.deepEqual(Array.from(m.vectors().subarray(m.dim(), 2 * m.dim())), Array.from(m.vector(b)));
    // similarity is the cosine of the two vectors, as the workers used to compute by hand.
    const [va, vb] = [m.vector(a), m.vector(b)];
    const cos = va.reduce((s, x, i) => s + x * vb[i], 0) / Math.hypot(...va) / Math.hypot(...vb);
    assert.ok(Math.abs(m.similarity(a, b) - cos) < 1e-5, `${m.similarity(a, b)} vs ${cos}`);
    const nn = m.nearest(a, 3);
    assert.equal(nn.length, 3);
    assert.ok(!nn.some((n) => n.word === a));
    assert.deepEqual(m.nearestToVector(va, 3, [a]), nn);
    assert.equal(m.analogy(a, b, c, 2).length, 2);
    assert.equal(m.toVec().split('\n')[0], `${words.length} ${m.dim()}`);
    assert.equal(m.toTsv().metadata.split('\n')[0], a);
    assert.equal(m.hasWord(a), true);
  }
  // The imported copy answers as the model it was written from (the .vec text round-trips f32).
  assert.deepEqual(loaded.nearest('cat', 3), w2v.nearest('cat', 3));
  // A word without a vector: undefined, and a query names it.
  assert.equal(w2v.vector('zebra'), undefined);
  assert.throws(() => w2v.similarity('cat', 'zebra'), (e) => e.code === 'vectors.unknownWord' && /"zebra"/.test(e.message));
  assert.ok(ft.vector('zebra') instanceof Float32Array); // FastText builds it from n-grams
  for (const m of [w2v, ft, loaded]) m.free();
});
