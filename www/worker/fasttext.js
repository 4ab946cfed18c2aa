// FastText in the worker: the subword splits, the model trained in slices, its 2-D projection, the
// unseen-word queries, and a Word2Vec trained on the same corpus for the side-by-side comparison.
// The page only draws what arrives on the 'ft.snapshot' topic and in replies. The 2-D picture (PCA
// warm-started, or t-SNE continued from its last layout and settling after training) is the shared
// Space of worker/space.js, as for Word2Vec.
import { Space } from './space.js';
import { playerHandlers, trainLoop } from './trainer.js';
import { fail } from './fail.js';

const SPEED_WORDS = [200, 1_000, 5_000, 20_000, 100_000]; // words per slice at speed 1..5

const S = {
  model: null, // wasm FastText
  config: null,
  running: false,
  runId: 0,
  speed: 3,
  lossHistory: [],
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

const extra = () => ({ ...S.stats, lossHistory: S.lossHistory.slice(-400) });

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
  if (Number.isFinite(r.loss) && r.wordsDone > before) S.lossHistory.push([r.wordsDone, r.loss]);
  // Only the last 400 points are drawn; bounded so a lesson-long run does not grow the heap.
  if (S.lossHistory.length > 800) S.lossHistory.splice(0, S.lossHistory.length - 400);
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

/** The n-grams of `word` with its own normalisation (NFC), as fastText would cut it. */
function split(wasm, word, o) {
  const w = wasm.normalize(word).trim();
  const jamo = Boolean(o.jamo);
  return { word: w, spelled: jamo ? wasm.toJamo(w, true) : w, ngrams: w ? wasm.subwords(w, { minn: o.minn, maxn: o.maxn, bucket: o.bucket, jamo }) : [] };
}

export const handlers = {
  /** {word, minn, maxn, bucket, jamo} → {word, spelled, ngrams: [{ngram, hash, bucket}]}. */
  'ft.subwords': (o, w) => split(w.wasm, o.word ?? '', o),

  /** Two words in syllable and jamo mode: {syllable: {a, b}, jamo: {a, b}} (each a split). */
  'ft.pair': ({ a, b, minn, maxn }, w) => {
    const out = {};
    for (const jamo of [false, true]) {
      const o = { minn, maxn, bucket: 2_000_000, jamo };
      out[jamo ? 'jamo' : 'syllable'] = { a: split(w.wasm, a, o), b: split(w.wasm, b, o) };
    }
    return out;
  },

  /** Builds an untrained model on the current corpus. */
  'ft.create': ({ config }, w) => {
    S.running = false;
    S.runId++;
    S.space.stopIdle();
    freeModel();
    S.config = config;
    S.lossHistory = [];
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

  /** Trains a Word2Vec with the same shared settings on the same corpus, for the comparison. */
  'ft.w2vTrain': async (_, w) => {
    need(w);
    const c = S.config ?? {};
    const id = ++S.w2vRun;
    S.w2v?.free();
    S.w2v = null;
    // The settings both models share; the rest are Word2Vec's own defaults (word2vec.c's).
    const shared = { mode: c.mode, dim: c.dim, window: c.window, negative: c.negative, minCount: c.minCount, epochs: c.epochs, seed: c.seed, tokenizer: c.tokenizer };
    const m = new w.wasm.Word2Vec(w.shared.text ?? '', Object.fromEntries(Object.entries(shared).filter(([, v]) => v !== undefined)));
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
