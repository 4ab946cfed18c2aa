// FastText in the worker: the subword splits, the model trained in slices, its 2-D projection, the
// unseen-word queries, and a Word2Vec trained on the same corpus for the side-by-side comparison.
// The page only draws what arrives on the 'ft.snapshot' topic and in replies. The 2-D picture (PCA
// warm-started, or t-SNE continued from its last layout and settling after training) is the shared
// Space of worker/space.js, as for Word2Vec.
import { Space } from './space.js';
import { playerHandlers, trainLoop } from './trainer.js';
import { fail } from './fail.js';
import { LossHistory } from './history.js';

const SPEED_WORDS = [200, 1_000, 5_000, 20_000, 100_000]; // words per slice at speed 1..5

const S = {
  model: null, // wasm FastText
  config: null,
  running: false,
  runId: 0,
  speed: 3,
  lossHistory: new LossHistory(), // fixed size (history.js)
  stats: null,
  space: new Space({ topN: 300 }),
  w2v: null, // wasm Word2Vec for the comparison
  w2vRun: 0,
  createError: null, // why the last 'ft.create' failed (bad settings, too few words), if it did
};

function freeModel() {
  S.space.reset();
  S.model?.free();
  S.model = null;
}

// What Space needs of a model: FastText calls its vector table vectors(), Word2Vec allVectors().
const spaceModel = () => ({ vocab: () => S.model.vocab(), dim: () => S.model.dim(), allVectors: () => S.model.vectors() });

const extra = () => ({ ...S.stats, lossHistory: S.lossHistory.points() });

function snapshot(wasm, opts = {}) {
  return { ...extra(), ...S.space.project(wasm, spaceModel(), { seed: S.config?.seed ?? 1, ...opts }) };
}

function settle(w) {
  if (S.model) S.space.settle(w, spaceModel(), 'ft.snapshot', extra, () => S.running || !S.model);
}

function trainSlice(words) {
  const t0 = performance.now();
  const before = S.stats?.wordsDone ?? 0;
  const r = S.model.train(words);
  const ms = performance.now() - t0;
  S.stats = { ...r, wordsPerSec: ms > 0 ? ((r.wordsDone - before) / ms) * 1000 : 0, vocabSize: S.model.vocab().length, dim: S.model.dim(), paramBytes: S.model.paramBytes() };
  if (Number.isFinite(r.loss) && r.wordsDone > before) S.lossHistory.push(r.wordsDone, r.loss);
  return r;
}

function cosine(a, b) {
  let [d, na, nb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na > 0 && nb > 0 ? d / Math.sqrt(na * nb) : 0;
}

/** Throws unless there is a model; the reason names what to fix (the settings error or the
 * too-short corpus that stopped 'ft.create'), not just "no model". */
function need(w) {
  if (S.model) return;
  if (S.createError) throw S.createError;
  if (w?.shared.text != null && !w.shared.text.trim()) throw fail('worker.emptyCorpus');
  throw fail('worker.corpusLoading');
}

/** The n-grams of `word` with its own normalisation (NFC), as fastText would cut it; `config`
 * (the subwords settings) goes to the library as the page gave it. */
function split(wasm, word, config = {}) {
  const w = wasm.normalize(word).trim();
  return { word: w, spelled: config.jamo === true ? wasm.toJamo(w, true) : w, ngrams: w ? wasm.subwords(w, config) : [] };
}

export const handlers = {
  /** {word, config: subwords settings} → {word, spelled, ngrams: [{ngram, hash, bucket}]}. */
  'ft.subwords': ({ word, config }, w) => split(w.wasm, word ?? '', config),

  /** Two words, each cut with the `syllable` and the `jamo` settings: {syllable: {a, b}, jamo: {a, b}}. */
  'ft.pair': ({ a, b, syllable, jamo }, w) => ({
    syllable: { a: split(w.wasm, a, syllable), b: split(w.wasm, b, syllable) },
    jamo: { a: split(w.wasm, a, jamo), b: split(w.wasm, b, jamo) },
  }),

  /** Builds an untrained model on the current corpus. */
  'ft.create': ({ config }, w) => {
    S.running = false;
    S.runId++;
    S.space.stopIdle();
    freeModel();
    S.config = config;
    S.lossHistory.clear();
    try {
      S.model = new w.wasm.FastText(w.shared.text ?? '', config);
      S.createError = null;
    } catch (e) {
      S.createError = e;
      throw e;
    }
    S.stats = { ...S.model.progress(), loss: NaN, wordsPerSec: 0, vocabSize: S.model.vocab().length, dim: S.model.dim(), paramBytes: S.model.paramBytes() };
    return snapshot(w.wasm);
  },

  /** Trains until done or paused, posting snapshots; resolves with the last one. */
  'ft.train': async ({ speed }, w) => {
    need(w);
    if (speed) S.speed = speed;
    await trainLoop(S, w, { topic: 'ft.snapshot', trainSlice, snapshot: () => snapshot(w.wasm), sliceWords: (sp) => SPEED_WORDS[sp - 1] ?? SPEED_WORDS[2] });
    const snap = snapshot(w.wasm);
    settle(w);
    return snap;
  },

  'ft.pause': playerHandlers(S).pause,
  'ft.speed': playerHandlers(S).speed,

  'ft.step': (_, w) => {
    need(w);
    S.running = false;
    S.space.stopIdle();
    if (!S.stats?.done) trainSlice(SPEED_WORDS[S.speed - 1] ?? SPEED_WORDS[2]);
    return snapshot(w.wasm, { iters: 40 });
  },

  /** Projection settings: {method: 'pca'|'tsne', topN, perplexity}. Returns a fresh picture. */
  'ft.project': (opts, w) => {
    S.space.set(opts);
    if (!S.model) return null;
    const snap = snapshot(w.wasm, { fresh: true, iters: 30 });
    if (!S.running) settle(w);
    return snap;
  },

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
    const vector = S.model.vector(word);
    const zero = vector.every((x) => x === 0);
    let neighbours = [];
    if (!zero) neighbours = S.model.nearest(word, k);
    return { word, known: S.model.hasWord(word), ngrams: S.model.knownNgrams(word), vector, zero, neighbours };
  },

  /** Distinct vocabulary n-grams that share `bucket` (collisions). */
  'ft.bucket': ({ bucket, limit = 8 }) => (S.model ? S.model.bucketNgrams(bucket, limit) : []),

  /** Trains a Word2Vec on the same corpus with the settings the page gives (those it shares with
   * FastText), for the comparison. */
  'ft.w2vTrain': async ({ config }, w) => {
    need(w);
    const id = ++S.w2vRun;
    S.w2v?.free();
    S.w2v = null;
    const m = new w.wasm.Word2Vec(w.shared.text ?? '', config);
    let r;
    do {
      r = m.train(20_000);
      w.post('ft.w2vProgress', { wordsDone: r.wordsDone, totalWords: r.totalWords });
      await w.yield();
      if (id !== S.w2vRun) { m.free(); return null; }
    } while (!r.done);
    S.w2v = m;
    return { vocabSize: m.vocab().length, done: true };
  },

  /** The same word in both models: {fasttext: {known, neighbours, senses}, word2vec: … | null}.
   * `senses` ([{label, words}]) are probe words for each sense of a homonym; each model reports
   * the mean cosine similarity of `word` to each sense's probes (null where it has no vector). */
  'ft.compare': ({ word, k = 8, senses = [] }, w) => {
    need(w);
    const probe = (vec) => senses.map(({ label, words }) => {
      const v = vec(word);
      const sims = v ? words.map(vec).filter(Boolean).map((u) => cosine(v, u)) : [];
      return { label, similarity: sims.length ? sims.reduce((a, b) => a + b, 0) / sims.length : null };
    });
    const ftVec = (x) => { const v = S.model.vector(x); return v.some((y) => y !== 0) ? v : null; };
    const ft = { known: S.model.hasWord(word), neighbours: [], senses: probe(ftVec) };
    try { ft.neighbours = S.model.nearest(word, k); } catch { /* no n-gram */ }
    let wv = null;
    if (S.w2v) {
      const known = S.w2v.vector(word) !== undefined;
      wv = { known, neighbours: known ? S.w2v.nearest(word, k) : [], senses: probe((x) => S.w2v.vector(x) ?? null) };
    }
    return { word, fasttext: ft, word2vec: wv };
  },

  'ft.exportVec': (_, w) => {
    need(w);
    return S.model.toVec();
  },
};
