// Word2Vec in the worker: the model, training in slices, the 2-D projection of its vectors, the
// queries. The page only draws what arrives on the 'w2v.snapshot' topic.
//
// Training loop (worker/trainer.js): train(slice words) → every 200 ms a snapshot {progress, loss, alpha, words/s,
// positions of the top-N words} → yield (so 'w2v.pause' gets through) → repeat until done or paused.
// The projection (PCA warm-started, or t-SNE continued from its last layout) is computed here too,
// by the shared Space (worker/space.js).
import { Space } from './space.js';
import { playerHandlers, trainLoop } from './trainer.js';
import { fail } from './fail.js';
import { LossHistory } from './history.js';

// Speed 1..5 of the player bar, in corpus words per second (5: as fast as the machine goes). The
// built-in samples train 30 epochs × 16k words, so speed 3 takes about fifteen seconds: long enough to watch.
const SPEED_RATE = [3_000, 10_000, 30_000, 100_000, Infinity];
const SLICE_SECONDS = 0.04; // a slice is this much of the target rate (≥ 200 words), 20k at full speed
const sliceWords = (rate) => (Number.isFinite(rate) ? Math.max(200, Math.round(rate * SLICE_SECONDS)) : 20_000);

/** Everything the Word2Vec chapter keeps in the worker. */
const S = {
  model: null, // wasm Word2Vec (trained here) or imported vectors
  source: 'trained', // 'trained' | 'imported'
  config: null,
  running: false,
  runId: 0,
  speed: 3,
  lossHistory: new LossHistory(), // fixed size (history.js)
  stats: null,
  space: new Space(),
  createError: null, // why the last 'w2v.create' failed (bad settings, too few words), if it did
};

/** Throws unless there is a model to train; the reason names what to fix (the settings error or
 * the too-short corpus that stopped 'w2v.create'), not just "no model". */
function needTrainable(w, what = 'no model to train') {
  if (S.model && S.source === 'trained') return;
  if (S.source === 'imported' && S.model) throw fail('worker.imported');
  if (S.createError) throw S.createError;
  if (w.shared.text != null && !w.shared.text.trim()) throw fail('worker.emptyCorpus');
  throw fail('worker.corpusLoading');
}

function vocab() {
  return S.model ? S.model.vocab() : [];
}

function freeModel() {
  S.space.reset();
  S.model?.free();
  S.model = null;
}

const extra = () => ({ ...S.stats, source: S.source, lossHistory: S.lossHistory.points() });

function snapshot(wasm, opts = {}) {
  return { ...extra(), ...S.space.project(wasm, S.model, { seed: S.config?.seed ?? 1, ...opts }) };
}

function settle(w) {
  S.space.settle(w, S.model, 'w2v.snapshot', extra, () => S.running || !S.model);
}

function trainSlice(words) {
  const t0 = performance.now();
  const r = S.model.train(words);
  const ms = performance.now() - t0;
  const done = r.wordsDone - (S.stats?.wordsDone ?? 0);
  S.stats = { ...r, wordsPerSec: ms > 0 ? (done / ms) * 1000 : 0, vocabSize: S.stats?.vocabSize ?? vocab().length, dim: S.model.dim() };
  // loss is null when the slice made no update (a tiny text whose words were all subsampled
  // away); divergence is thrown by train() itself.
  if (Number.isFinite(r.loss)) S.lossHistory.push(r.wordsDone, r.loss);
  return r;
}

export const handlers = {
  /** Builds an untrained model on the current corpus with `config` (the chapter's settings). */
  'w2v.create': ({ config }, w) => {
    S.running = false;
    S.runId++;
    S.space.stopIdle();
    freeModel();
    S.config = config;
    S.sentences = null;
    S.source = 'trained';
    S.lossHistory.clear();
    try {
      S.model = new w.wasm.Word2Vec(w.shared.text ?? '', config);
      S.createError = null;
    } catch (e) {
      S.createError = e;
      throw e;
    }
    S.stats = { ...S.model.progress(), loss: NaN, wordsPerSec: 0, vocabSize: vocab().length, dim: S.model.dim() };
    return snapshot(w.wasm);
  },

  /** Trains until done or paused; posts snapshots; resolves with the last one. */
  'w2v.train': async ({ speed }, w) => {
    needTrainable(w);
    if (speed) S.speed = speed;
    const rate = (sp) => SPEED_RATE[sp - 1] ?? SPEED_RATE[2];
    await trainLoop(S, w, { topic: 'w2v.snapshot', trainSlice, snapshot: () => snapshot(w.wasm), sliceWords: (sp) => sliceWords(rate(sp)), rate });
    const snap = snapshot(w.wasm);
    settle(w);
    return snap;
  },

  'w2v.pause': playerHandlers(S).pause,
  'w2v.speed': playerHandlers(S).speed,

  /** One slice of training, then a snapshot. */
  'w2v.step': (_, w) => {
    needTrainable(w);
    S.running = false;
    S.space.stopIdle();
    if (!S.stats?.done) trainSlice(sliceWords(SPEED_RATE[S.speed - 1] ?? SPEED_RATE[2]) * 5);
    return snapshot(w.wasm, { iters: 40 });
  },

  /** Projection settings: {method: 'pca'|'tsne', topN, perplexity}. Returns a fresh picture. */
  'w2v.project': (opts, w) => {
    S.space.set(opts);
    if (!S.model) return null;
    const snap = snapshot(w.wasm, { fresh: true, iters: 30 });
    if (!S.running) settle(w);
    return snap;
  },

  /** Nearest neighbours by cosine: {known, neighbours: [{word, similarity}]}. */
  'w2v.nearest': ({ word, k = 10 }) => {
    if (!S.model) return { known: false, neighbours: [] };
    const known = S.model.vector(word) !== undefined;
    return { word, known, neighbours: known ? S.model.nearest(word, k) : [] };
  },

  'w2v.similarity': ({ a, b }) => {
    if (!S.model) return { unknown: [a, b] };
    const va = S.model.vector(a);
    const vb = S.model.vector(b);
    const unknown = [[a, va], [b, vb]].filter(([, v]) => v === undefined).map(([x]) => x);
    if (unknown.length) return { unknown };
    let [dot, na, nb] = [0, 0, 0];
    for (let i = 0; i < va.length; i++) { dot += va[i] * vb[i]; na += va[i] * va[i]; nb += vb[i] * vb[i]; }
    return { unknown: [], similarity: na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0 };
  },

  'w2v.analogy': ({ a, b, c, k = 5 }) => {
    if (!S.model) return { unknown: [a, b, c] };
    const unknown = [a, b, c].filter((x) => S.model.vector(x) === undefined);
    if (unknown.length) return { unknown };
    return { unknown: [], results: S.model.analogy(a, b, c, k) };
  },

  /** The training-example walkthrough on sentence `index` of the corpus (split as the model's
   * tokeniser splits: sentences for "word", lines for "whitespace"). */
  'w2v.walkthrough': ({ index = 0, seed = 1 }, w) => {
    needTrainable(w, 'no model');
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
    S.running = false;
    S.runId++;
    S.space.stopIdle();
    freeModel();
    S.model = imported;
    S.source = 'imported';
    S.lossHistory.clear();
    S.stats = { wordsDone: 0, totalWords: 0, loss: NaN, alpha: 0, done: true, wordsPerSec: 0, vocabSize: vocab().length, dim: S.model.dim() };
    const snap = snapshot(w.wasm);
    settle(w);
    return snap;
  },
};
