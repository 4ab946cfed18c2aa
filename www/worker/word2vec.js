// Word2Vec in the worker: the model, training in slices, the 2-D projection of its vectors, the
// queries. The page only draws what arrives on the 'w2v.snapshot' topic.
//
// create / train / step / project are the word-vector session shared with FastText
// (worker/session.js): train(slice words) → every 200 ms a snapshot {progress, loss, alpha, words/s,
// positions of the top-N words} → yield (so 'w2v.pause' gets through) → repeat until done or paused.
// The queries are the library's (nearest, similarity, analogy: the same names on FastText).
import { createSession } from './session.js';
import { fail } from './fail.js';

// Speed 1..5 of the player bar, in corpus words per second (5: as fast as the machine goes). The
// built-in samples train 30 epochs × 16k words, so speed 3 takes about fifteen seconds: long enough to watch.
const SPEED_RATE = [3_000, 10_000, 30_000, 100_000, Infinity];
const SLICE_SECONDS = 0.04; // a slice is this much of the target rate (≥ 200 words), 20k at full speed
const sliceWords = (rate) => (Number.isFinite(rate) ? Math.max(200, Math.round(rate * SLICE_SECONDS)) : 20_000);

const rate = (sp) => SPEED_RATE[sp - 1] ?? SPEED_RATE[2];

const session = createSession({
  topic: 'w2v.snapshot',
  build: (wasm, text, config) => new wasm.Word2Vec(text, config),
  sliceWords: (sp) => sliceWords(rate(sp)),
  rate,
  stepWords: (sp) => sliceWords(rate(sp)) * 5,
});
const S = session.S;
const base = session.handlers('w2v');

/** The words the model has no vector for. */
const unknownOf = (words) => words.filter((x) => S.model.vector(x) === undefined);

export const handlers = {
  ...base,

  /** Builds an untrained model on the current corpus with `config` (the chapter's settings). */
  'w2v.create': (msg, w) => {
    S.sentences = null;
    return base['w2v.create'](msg, w);
  },

  /** Nearest neighbours by cosine: {known, neighbours: [{word, similarity}]}. */
  'w2v.nearest': ({ word, k = 10 }) => {
    if (!S.model) return { known: false, neighbours: [] };
    const known = S.model.hasWord(word);
    return { word, known, neighbours: known ? S.model.nearest(word, k) : [] };
  },

  /** Cosine similarity (the library's): {unknown: [words without a vector], similarity}. */
  'w2v.similarity': ({ a, b }) => {
    if (!S.model) return { unknown: [a, b] };
    const unknown = unknownOf([a, b]);
    if (unknown.length) return { unknown };
    return { unknown: [], similarity: S.model.similarity(a, b) };
  },

  'w2v.analogy': ({ a, b, c, k = 5 }) => {
    if (!S.model) return { unknown: [a, b, c] };
    const unknown = unknownOf([a, b, c]);
    if (unknown.length) return { unknown };
    return { unknown: [], results: S.model.analogy(a, b, c, k) };
  },

  /** The training-example walkthrough on sentence `index` of the corpus (split as the model's
   * tokeniser splits: sentences for "word", lines for "whitespace"). */
  'w2v.walkthrough': ({ index = 0, seed = 1 }, w) => {
    session.need(w);
    if (S.sentencesOf !== w.shared.text || !S.sentences) {
      S.sentences = (S.config.tokenizer === 'whitespace' ? w.shared.text.split('\n') : w.wasm.splitSentences(w.shared.text)).filter((x) => x.trim());
      S.sentencesOf = w.shared.text;
    }
    const total = S.sentences.length;
    if (!total) throw fail('worker.noSentence');
    const i = Math.min(Math.max(0, index), total - 1);
    // The update is shown at the starting learning rate: after training, the decayed rate
    // (down to alpha·1e-4) would leave the vectors visibly unmoved. The current rate comes along.
    const walk = S.model.exampleSteps(S.sentences[i], seed, S.model.config().alpha);
    return { walk: { ...walk, window: S.config.window }, sentences: total, index: i };
  },

  'w2v.exportVec': () => {
    if (!S.model) throw fail('worker.noVectors');
    return S.model.toVec();
  },

  /** TensorFlow Projector files: {vectors, metadata} (vectors.tsv and metadata.tsv). */
  'w2v.exportTsv': () => {
    if (!S.model) throw fail('worker.noVectors');
    return S.model.toTsv();
  },

  /** Loads `.vec` text (first `maxWords` words) as the vectors to explore; errors name the line. */
  'w2v.importVec': ({ text, maxWords }, w) => {
    const imported = w.wasm.Word2Vec.fromVec(text, maxWords);
    session.replace(imported, 'imported');
    S.stats = { wordsDone: 0, totalWords: 0, loss: NaN, alpha: 0, done: true, wordsPerSec: 0, ...session.baseStats() };
    const snap = session.snapshot(w.wasm);
    session.settle(w);
    return snap;
  },
};
