// FastText in the worker: the subword splits, the model trained in slices, its 2-D projection, the
// unseen-word queries, and a Word2Vec trained on the same corpus for the side-by-side comparison.
// The page only draws what arrives on the 'ft.snapshot' topic and in replies. The 2-D picture (PCA
// warm-started, or t-SNE continued from its last layout and settling after training) is the shared
// Space of worker/space.js, as for Word2Vec.
import { createSession } from './session.js';

const SPEED_WORDS = [200, 1_000, 5_000, 20_000, 100_000]; // words per slice at speed 1..5
const slice = (sp) => SPEED_WORDS[sp - 1] ?? SPEED_WORDS[2];

// create / train / step / project: the word-vector session shared with Word2Vec.
const session = createSession({
  topic: 'ft.snapshot',
  build: (wasm, text, config) => new wasm.FastText(text, config),
  sliceWords: slice,
  stepWords: slice,
  space: { topN: 300 },
  stats: (m) => ({ paramBytes: m.paramBytes() }),
});
const S = session.S;
const need = session.need;
const comparison = { model: null, run: 0 }; // the Word2Vec trained on the same corpus

/** Mean cosine similarity (the model's own `similarity`) of `word` to the probe words that have a
 * vector; null when `word` has none or no probe word has one. */
function senseSimilarity(model, word, probes) {
  if (model.vector(word) === undefined) return null;
  const sims = probes.filter((u) => model.vector(u) !== undefined).map((u) => model.similarity(word, u));
  return sims.length ? sims.reduce((a, b) => a + b, 0) / sims.length : null;
}

/** The n-grams of `word` with its own normalisation (NFC), as fastText would cut it; `config`
 * (the subwords settings) goes to the library as the page gave it. */
function split(wasm, word, config = {}) {
  const w = wasm.normalize(word).trim();
  return { word: w, spelled: config.jamo === true ? wasm.toJamo(w, true) : w, ngrams: w ? wasm.subwords(w, config) : [] };
}

export const handlers = {
  ...session.handlers('ft'),

  /** {word, config: subwords settings} → {word, spelled, ngrams: [{ngram, hash, bucket}]}. */
  'ft.subwords': ({ word, config }, w) => split(w.wasm, word ?? '', config),

  /** Two words, each cut with the `syllable` and the `jamo` settings: {syllable: {a, b}, jamo: {a, b}}. */
  'ft.pair': ({ a, b, syllable, jamo }, w) => ({
    syllable: { a: split(w.wasm, a, syllable), b: split(w.wasm, b, syllable) },
    jamo: { a: split(w.wasm, a, jamo), b: split(w.wasm, b, jamo) },
  }),

  /** Nearest neighbours of any word (FastText has a vector for unseen words too). */
  'ft.nearest': ({ word, k = 10 }) => {
    if (!S.model) return { word, known: false, neighbours: [] };
    let neighbours = [];
    try { neighbours = S.model.nearest(word, k); } catch { /* no n-gram: no vector */ }
    return { word, known: S.model.hasWord(word), neighbours };
  },

  /** Everything the unseen-word panel shows. */
  'ft.unseen': ({ word, k = 8 }, w) => {
    need(w);
    // No vector at all (undefined) only for a word without any n-gram: drawn as zeros.
    const vector = S.model.vector(word);
    const zero = vector === undefined;
    const neighbours = zero ? [] : S.model.nearest(word, k);
    return { word, known: S.model.hasWord(word), ngrams: S.model.knownNgrams(word), vector: vector ?? new Float32Array(S.model.dim()), zero, neighbours };
  },

  /** Distinct vocabulary n-grams that share `bucket` (collisions). */
  'ft.bucket': ({ bucket, limit = 8 }) => (S.model ? S.model.bucketNgrams(bucket, limit) : []),

  /** Trains a Word2Vec on the same corpus with the settings the page gives (those it shares with
   * FastText), for the comparison. */
  'ft.w2vTrain': async ({ config }, w) => {
    need(w);
    const id = ++comparison.run;
    comparison.model?.free();
    comparison.model = null;
    const m = new w.wasm.Word2Vec(w.shared.text ?? '', config);
    let r;
    do {
      r = m.train(20_000);
      w.post('ft.w2vProgress', { wordsDone: r.wordsDone, totalWords: r.totalWords });
      await w.yield();
      if (id !== comparison.run) { m.free(); return null; }
    } while (!r.done);
    comparison.model = m;
    return { vocabSize: m.vocab().length, done: true };
  },

  /** The same word in both models: {fasttext: {known, neighbours, senses}, word2vec: … | null}.
   * `senses` ([{label, words}]) are probe words for each sense of a homonym; each model reports
   * the mean cosine similarity of `word` to each sense's probes (null where it has no vector). */
  'ft.compare': ({ word, k = 8, senses = [] }, w) => {
    need(w);
    // The same queries on both models (one query surface): a word without a vector has none.
    const report = (m) => {
      const known = m.hasWord(word);
      const has = m.vector(word) !== undefined;
      return { known, neighbours: has ? m.nearest(word, k) : [], senses: senses.map(({ label, words }) => ({ label, similarity: senseSimilarity(m, word, words) })) };
    };
    const ft = report(S.model);
    const wv = comparison.model ? report(comparison.model) : null;
    return { word, fasttext: ft, word2vec: wv };
  },

  'ft.exportVec': (_, w) => {
    need(w);
    return S.model.toVec();
  },
};
