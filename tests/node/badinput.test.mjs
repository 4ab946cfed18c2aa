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

test('a setting of the wrong type or out of range is named in the message; negatives stay negative', () => {
  throwsNamed(() => new Corpus(TEXT, { minCount: -1 }), /minCount must be a whole number between 1 and 1000000000 \(got -1\)/);
  throwsNamed(() => new Corpus(TEXT, { tokenizer: null }), /tokenizer must be one of `word`, `whitespace`, `char`, `jamo` \(got null\)/);
  throwsNamed(() => new Corpus(TEXT, { lowercase: 'yes' }), /lowercase must be true or false \(got "yes"\)/);
  throwsNamed(() => new Word2Vec(TEXT, { seed: -1 }), /seed must be a whole number between 0 and 9007199254740991 \(got -1\)/);
  throwsNamed(() => new Word2Vec(TEXT, { dim: 2.5 }), /dim must be a whole number between 1 and 1000 \(got 2\.5\)/);
  throwsNamed(() => new Word2Vec(TEXT, { mode: null }), /mode must be one of `skipgram`, `cbow` \(got null\)/);
  // A tokenizer the model does not take is refused by name, with the ones it does.
  throwsNamed(() => new Word2Vec(TEXT, { tokenizer: 'jamo' }), /tokenizer must be one of `word`, `whitespace` \(got "jamo"\)/);
  throwsNamed(() => new FastText(TEXT, { bucket: 1e12 }), /bucket must be a whole number between 1 and 2147483647 \(got 1000000000000\)/);
  throwsNamed(() => new FastText(TEXT, { negative: -1 }), /negative must be a whole number between 1 and 50 \(got -1\)/);
  throwsNamed(() => new NGramModel(TEXT, { order: 2.5 }), /order must be a whole number between 1 and 4 \(got 2\.5\)/);
  throwsNamed(() => subwords('orange', { minn: NaN }), /minn must be a whole number between 1 and 12 \(got NaN\)/);
  throwsNamed(() => new Tsne(new Float32Array(8), 4, 2, { exaggerationIters: -1 }), /exaggerationIters must be a whole number between 0 and 10000 \(got -1\)/);
  throwsNamed(() => new Tsne(new Float32Array(8), 4, 2, { metric: 'l1' }), /metric must be one of `euclidean`, `cosine` \(got "l1"\)/);
  throwsNamed(() => trainProbe(new Float32Array(8), 2, ['a', 'b', 'a', 'b'], { seed: -1 }), /seed must be a whole number between 0 and 9007199254740991 \(got -1\)/);
  // Settings that are not an object at all.
  for (const bad of ['fast', 5, [], true]) throwsNamed(() => new NGramModel(TEXT, bad), /settings must be an object/);
  // undefined / null still mean "the defaults"; a property set to undefined counts as absent.
  assert.ok(new Corpus(TEXT, null).stats().tokens > 0);
  assert.ok(new Corpus(TEXT).stats().tokens > 0);
  assert.ok(new Corpus(TEXT, { maxVocab: undefined }).stats().tokens > 0);
});

test('an unknown setting is refused with the nearest valid name', () => {
  throwsNamed(() => new Word2Vec(TEXT, { dimension: 100 }), /unknown setting `dimension` — did you mean `dim`\?/);
  throwsNamed(() => new Word2Vec(TEXT, { min_count: 1 }), /did you mean `minCount`\?/);
  throwsNamed(() => new NGramModel(TEXT, { smothing: 'kn' }), /did you mean `smoothing`\?/);
  throwsNamed(() => new Word2Vec(TEXT, { zzz: 1 }), /unknown setting `zzz` \(the settings are `mode`, `dim`, /);
  // fastText's own names are aliases of FastText's settings, not of Word2Vec's.
  assert.ok(new FastText(TEXT, { ws: 2, neg: 2, epoch: 1, dim: 8, bucket: 100 }).dim() === 8);
  throwsNamed(() => new Word2Vec(TEXT, { neg: 2 }), /unknown setting `neg`/);
});

test('every bad value is named in one Error, which carries codes and parameters', () => {
  let err;
  try { new Word2Vec(TEXT, { dim: 0, window: 'wide', dimension: 3, sample: 0.5 }); } catch (e) { err = e; }
  assert.ok(err instanceof Error);
  assert.match(err.message, /^invalid settings: /);
  for (const part of [/window must be a whole number between 1 and 50 \(got "wide"\)/, /`dimension` — did you mean `dim`/, /dim must be a whole number between 1 and 1000 \(got 0\)/, /sample must be a number between 0 and 0\.1 \(got 0\.5\)/]) {
    assert.match(err.message, part);
  }
  assert.equal(err.kind, 'settings');
  assert.deepEqual(err.problems.map((p) => p.code), ['setting.int', 'setting.unknownNear', 'setting.int', 'setting.number']);
  assert.deepEqual(err.problems[0].params, { name: 'window', min: '1', max: '50', got: '"wide"' });
  assert.equal(err.code, 'setting.int');
  assert.deepEqual(err.params, err.problems[0].params);
  for (const p of err.problems) assert.ok(err.message.includes(p.message), p.message);
  // Errors that are not about settings carry a code too.
  let e2;
  try { new Corpus(123, {}); } catch (e) { e2 = e; }
  assert.deepEqual([e2.kind, e2.code, e2.params], ['input', 'arg.notString', { name: 'text', got: '123' }]);
});

test('settingsSpec: each model\'s settings with kind, limits, default and choices', () => {
  const { settingsSpec, settingsModels } = lib;
  assert.deepEqual(settingsModels(), ['corpus', 'word2vec', 'fasttext', 'subwords', 'ngram', 'tsne', 'probe', 'examples', 'seq2seq', 'seq2seqTask', 'translate', 'rnn', 'longDependency', 'transformer']);
  const w = Object.fromEntries(settingsSpec('word2vec').map((f) => [f.name, f]));
  assert.deepEqual(w.dim, { name: 'dim', kind: 'int', min: 1, max: 1000, default: 50, optional: false, doc: 'Vector dimensions.' });
  assert.deepEqual([w.mode.kind, w.mode.choices, w.mode.default], ['choice', ['skipgram', 'cbow'], 'skipgram']);
  assert.deepEqual(w.tokenizer.choices, ['word', 'whitespace']);
  assert.deepEqual([w.alpha.optional, w.alpha.default], [true, null]);
  const f = Object.fromEntries(settingsSpec('fasttext').map((x) => [x.name, x]));
  assert.deepEqual(f.window.aliases, ['ws']);
  assert.equal(f.jamo.kind, 'bool');
  // One seed rule: every model's seed is the same kind of value with the same limits.
  for (const m of ['word2vec', 'fasttext', 'tsne', 'probe', 'seq2seq', 'seq2seqTask', 'rnn', 'longDependency', 'transformer']) {
    const seed = settingsSpec(m).find((x) => x.name === 'seed');
    assert.deepEqual([seed.kind, seed.min, seed.max, seed.default], ['int', 0, 2 ** 53 - 1, 1], m);
  }
  // Every number has limits; every default is within them; every schema default is accepted.
  for (const m of settingsModels()) {
    for (const x of settingsSpec(m)) {
      if (x.kind === 'int' || x.kind === 'float') {
        assert.ok(Number.isFinite(x.min) && Number.isFinite(x.max), `${m}.${x.name} has limits`);
        assert.ok(x.default === null || (x.default >= x.min && x.default <= x.max), `${m}.${x.name} default`);
      }
      if (x.kind === 'choice' && x.default !== null) assert.ok(x.choices.includes(x.default), `${m}.${x.name}`);
    }
  }
  throwsNamed(() => settingsSpec('word2vek'), /no settings for `word2vek` — did you mean `word2vec`\?/);
});

test('a text argument that is not a string is an Error naming it, not a wasm trap', () => {
  throwsNamed(() => new Corpus(123, {}), /text must be a string \(got 123\)/);
  throwsNamed(() => new Corpus(null, {}), /text must be a string \(got null\)/);
  throwsNamed(() => tokenize({}, 'word', true), /text must be a string \(got an object\)/);
  throwsNamed(() => tokenize('a b', 7, true), /tokenizer must be one of `word`, `whitespace`, `char`, `jamo` \(got 7\)/);
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
  throwsNamed(() => ft.nearestToVector(new Float32Array(8).fill(Infinity), 3, []), /vector value 0 is not a finite number \(Infinity\)/);
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
  // Every count of the API: -1 is refused as -1 (it used to become 4294967295).
  throwsNamed(() => m.states(-1), /states must be a whole number between 0 and 4294967295 \(got -1\)/);
  throwsNamed(() => m.contexts(-1), /limit must be a whole number/);
  throwsNamed(() => m.sample(1, -5, 1), /maxTokens must be a whole number between 0 and 4294967295 \(got -5\)/);
  const c = new Corpus(TEXT, {});
  throwsNamed(() => c.words(-1), /limit must be a whole number between 0 and 4294967295 \(got -1\)/);
  throwsNamed(() => c.segments(NaN), /maxBytes must be a whole number/);
  throwsNamed(() => Word2Vec.fromVec('1 1\na 1\n', -1), /maxWords must be a whole number/);
  throwsNamed(() => lib.pca2(new Float32Array(4), -2, 2), /n must be a whole number between 0 and 4294967295 \(got -2\)/);
  c.free();
  assert.ok(m.next(['<s>'], 1e6).length > 3);
  w.free();
  ft.free();
  m.free();
});
