// Bad input through the JS API, as a judge would type it: settings of the wrong type, arguments
// that are not strings, counts that are negative or absurd, degenerate data. Each must give an
// Error whose message names what was wrong (never a wasm trap such as "RuntimeError: unreachable"
// or "memory access out of bounds", never a hang, never a silent NaN).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lib from './pkg.mjs';

const { Corpus, Word2Vec, FastText, NGramModel, Tsne, trainProbe, tokenize, subwords } = lib;
const TEXT = 'the king rules the land . the queen rules the land . a man walks . a woman walks .\n'.repeat(30);

/** Runs fn, expects a plain Error (not a wasm RuntimeError) whose message matches re. */
function throwsNamed(fn, re) {
  let err;
  try { fn(); } catch (e) { err = e; }
  assert.ok(err, `expected an error matching ${re}`);
  assert.ok(!(err instanceof WebAssembly.RuntimeError), `a wasm trap instead of an Error: ${err}`);
  assert.match(String(err.message), re);
}

test('a setting of the wrong type is named in the message', () => {
  throwsNamed(() => new Corpus(TEXT, { minCount: -1 }), /minCount must be a whole number ≥ 0 \(got -1\)/);
  throwsNamed(() => new Corpus(TEXT, { tokenizer: null }), /tokenizer must be a string \(got null\)/);
  throwsNamed(() => new Corpus(TEXT, { lowercase: 'yes' }), /lowercase must be true or false/);
  throwsNamed(() => new Word2Vec(TEXT, { seed: -1 }), /seed must be a whole number ≥ 0 \(got -1\)/);
  throwsNamed(() => new Word2Vec(TEXT, { dim: 2.5 }), /dim must be a whole number \(got 2\.5\)/);
  throwsNamed(() => new Word2Vec(TEXT, { mode: null }), /mode must be `skipgram` or `cbow` \(got null\)/);
  throwsNamed(() => new FastText(TEXT, { bucket: 1e12 }), /bucket is too large/);
  throwsNamed(() => new FastText(TEXT, { negative: -1 }), /negative must be a whole number ≥ 0/);
  throwsNamed(() => new NGramModel(TEXT, { order: 2.5 }), /order must be a whole number ≥ 0 \(got 2\.5\)/);
  throwsNamed(() => subwords('orange', { minn: NaN }), /minn must be a whole number ≥ 0 \(got NaN\)/);
  throwsNamed(() => new Tsne(new Float32Array(8), 4, 2, { exaggerationIters: -1 }), /exaggerationIters must be a whole number/);
  throwsNamed(() => new Tsne(new Float32Array(8), 4, 2, { metric: 'l1' }), /metric must be `euclidean` or `cosine` \(got "l1"\)/);
  throwsNamed(() => trainProbe(new Float32Array(8), 2, ['a', 'b', 'a', 'b'], { seed: -1 }), /seed must be a whole number ≥ 0/);
  // Settings that are not an object at all.
  for (const bad of ['fast', 5, [], true]) throwsNamed(() => new NGramModel(TEXT, bad), /settings: expected an object/);
  // undefined / null still mean "the defaults".
  assert.ok(new Corpus(TEXT, null).stats().tokens > 0);
  assert.ok(new Corpus(TEXT).stats().tokens > 0);
});

test('a text argument that is not a string is an Error naming it, not a wasm trap', () => {
  throwsNamed(() => new Corpus(123, {}), /text must be a string \(got 123\)/);
  throwsNamed(() => new Corpus(null, {}), /text must be a string \(got null\)/);
  throwsNamed(() => tokenize({}, 'word', true), /text must be a string \(got an object\)/);
  throwsNamed(() => tokenize('a b', 7, true), /tokenizer must be a string/);
  throwsNamed(() => new NGramModel(['the king'], {}), /text must be a string \(got an array\)/);
  const w2v = new Word2Vec(TEXT, { dim: 8, epochs: 1 });
  throwsNamed(() => w2v.nearest(5, 3), /word must be a string \(got 5\)/);
  throwsNamed(() => w2v.vector(undefined), /word must be a string \(got undefined\)/);
  throwsNamed(() => w2v.analogy('king', 'man', null, 3), /c \(the third word\) must be a string/);
  const ft = new FastText(TEXT, { dim: 8, epochs: 1, bucket: 1000 });
  throwsNamed(() => ft.vector(1), /word must be a string/);
  const m = new NGramModel(TEXT, { order: 2 });
  throwsNamed(() => m.perplexity(42), /text must be a string/);
  throwsNamed(() => m.prob(['<s>'], null), /token must be a string/);
  // The module is still healthy afterwards.
  assert.ok(new Corpus('a b c', {}).stats().tokens === 3);
  w2v.free();
  ft.free();
  m.free();
});

test('Tsne.step refuses negative, fractional and huge counts at once instead of running for hours', () => {
  const v = Float32Array.from({ length: 60 }, (_, i) => Math.sin(i * 1.3));
  const t = new Tsne(v, 20, 3, {});
  const t0 = Date.now();
  throwsNamed(() => t.step(-1), /iters must be a whole number between 0 and 1000 \(got -1\)/);
  throwsNamed(() => t.step(1e9), /iters must be a whole number between 0 and 1000/);
  throwsNamed(() => t.step(NaN), /iters must be a whole number/);
  throwsNamed(() => t.step(2.5), /iters must be a whole number/);
  assert.ok(Date.now() - t0 < 1000, 'refused at once');
  assert.equal(t.step(10).length, 40);
  assert.equal(t.iteration(), 10);
  t.free();
});

test('trainProbe: one label per line or an overflowing dimension is refused at once', () => {
  const n = 1000;
  const x = Float32Array.from({ length: n * 64 }, (_, i) => Math.sin(i));
  const ids = Array.from({ length: n }, (_, i) => `line${i}`);
  const t0 = Date.now();
  throwsNamed(() => trainProbe(x, 64, ids, {}), /1000 different labels for 1000 lines; it takes at most 100/);
  assert.ok(Date.now() - t0 < 2000, `refused in ${Date.now() - t0} ms`);
  // dim · n wraps to 0 on wasm32 when multiplied unchecked: was "RuntimeError: unreachable".
  throwsNamed(() => trainProbe(new Float32Array(0), 2 ** 31, ['a', 'b'], {}), /embedding values for 2 labels of dimension 2147483648/);
});

test('the loss of a slice that made no update is null, never NaN or a fake 0', () => {
  // Three words, each a third of the text: subsampling (sample 1e-3) keeps almost nothing, so
  // the one pass makes no update at all.
  for (const Model of [Word2Vec, FastText]) {
    const m = new Model('the \ud800 king \udfff queen', { minCount: 1, dim: 8, epochs: 1 });
    assert.equal(m.progress().loss, null, `${Model.name}: no loss before training`);
    const r = m.train(1000);
    assert.equal(r.done, true);
    assert.equal(r.loss, null, `${Model.name}: loss of an update-free slice`);
    m.free();
  }
  // A real corpus still reports a finite, positive loss.
  const w = new Word2Vec(TEXT, { dim: 8, epochs: 1, sample: 0 });
  const r = w.train(1e6);
  assert.ok(Number.isFinite(r.loss) && r.loss > 0, String(r.loss));
  w.free();
});

test('a query vector with NaN, or a size that overflows, is an Error with the right numbers', () => {
  const w = new Word2Vec(TEXT, { dim: 8, epochs: 1 });
  const v = new Float32Array(8).fill(1);
  assert.equal(w.nearestToVector(v, 3, []).length, 3);
  v[2] = NaN;
  throwsNamed(() => w.nearestToVector(v, 3, []), /vector value 2 is not a finite number \(NaN\)/);
  const ft = new FastText(TEXT, { dim: 8, epochs: 1, bucket: 1000 });
  throwsNamed(() => ft.nearestToVector(new Float32Array(8).fill(Infinity), 3, []), /vector value 0 is not a finite number/);
  // 65536 × 65536 = 2³² wraps to 0 in 32-bit arithmetic: the message must say 4294967296.
  throwsNamed(() => lib.pca2(new Float32Array(0), 65536, 65536), /65536 vectors of dimension 65536 \(4294967296 numbers\), got 0 numbers/);
  w.free();
  ft.free();
});

test('k in nearest / analogy / next: negative, fractional or NaN is an Error; more than there is returns all', () => {
  const w = new Word2Vec(TEXT, { dim: 8, epochs: 1 });
  const n = w.vocab().length;
  assert.equal(w.nearest('king', 0).length, 0);
  assert.equal(w.nearest('king', 1e9).length, n - 1);
  // Before: -1 became 4294967295 (everything) and NaN became 0 (nothing), silently.
  throwsNamed(() => w.nearest('king', -1), /k must be a whole number between 0 and 4294967295 \(got -1\)/);
  throwsNamed(() => w.nearest('king', NaN), /k must be a whole number/);
  throwsNamed(() => w.analogy('king', 'man', 'queen', 2.5), /k must be a whole number/);
  throwsNamed(() => w.nearestToVector(new Float32Array(8).fill(1), -3, []), /k must be a whole number/);
  const ft = new FastText(TEXT, { dim: 8, epochs: 1, bucket: 1000 });
  throwsNamed(() => ft.nearest('king', -1), /k must be a whole number/);
  throwsNamed(() => ft.analogy('king', 'man', 'queen', NaN), /k must be a whole number/);
  const m = new NGramModel(TEXT, { order: 2 });
  throwsNamed(() => m.next(['<s>'], -1), /topK must be a whole number/);
  assert.ok(m.next(['<s>'], 1e6).length > 3);
  w.free();
  ft.free();
  m.free();
});
