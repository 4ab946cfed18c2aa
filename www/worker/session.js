// One word-vector model in the worker, for the Word2Vec and the FastText chapter alike: create it
// on the current corpus, train it in slices (worker/trainer.js) posting snapshots on `topic`, one
// step, the 2-D picture (worker/space.js) and its settling after training. Both wasm classes have
// the same query surface (vocab, dim, vectors, progress, train, …: src/wasm/vectors.rs), so nothing
// here knows which model it holds; a chapter's own messages (queries, imports, exports) use
// `session.S.model` and the helpers returned.
import { Space } from './space.js';
import { playerHandlers, trainLoop } from './trainer.js';
import { fail } from './fail.js';
import { LossHistory } from './history.js';

/**
 * `build(wasm, text, config)` → a wasm model; `sliceWords(speed)` → words per training slice at
 * player speed 1..5, `rate(speed)` → words per second wanted (Infinity: as fast as it goes),
 * `stepWords` → the words of one '.' step; `space`: the chapter's projection defaults;
 * `stats(model)` → extra numbers for every snapshot (e.g. FastText's parameter bytes).
 */
export function createSession({ topic, build, sliceWords, rate = () => Infinity, stepWords, space = {}, stats = () => ({}) }) {
  const S = {
    model: null,
    source: 'trained', // 'trained' | 'imported' (vectors read from a file: nothing to train)
    config: null,
    running: false,
    runId: 0,
    speed: 3,
    lossHistory: new LossHistory(), // fixed size (history.js)
    stats: null,
    space: new Space(space),
    createError: null, // why the last create failed (bad settings, too few words), if it did
  };

  // The numbers that do not change while a model trains, taken once (vocab() copies every word).
  let fixed = {};
  const baseStats = () => (fixed = { vocabSize: S.model.vocab().length, dim: S.model.dim(), ...stats(S.model) });

  /** Throws unless there is a model to train; the reason names what to fix (the settings error or
   * the too-short corpus that stopped the last create), not just "no model". */
  function need(w) {
    if (S.model && S.source === 'trained') return;
    if (S.source === 'imported' && S.model) throw fail('worker.imported');
    if (S.createError) throw S.createError;
    if (w?.shared.text != null && !w.shared.text.trim()) throw fail('worker.emptyCorpus');
    throw fail('worker.corpusLoading');
  }

  const extra = () => ({ ...S.stats, source: S.source, lossHistory: S.lossHistory.points() });

  function snapshot(wasm, opts = {}) {
    return { ...extra(), ...S.space.project(wasm, S.model, { seed: S.config?.seed ?? 1, ...opts }) };
  }

  function settle(w) {
    if (S.model) S.space.settle(w, S.model, topic, extra, () => S.running || !S.model);
  }

  /** Stops any run, frees the model and puts `model` (or nothing) in its place. */
  function replace(model, source = 'trained') {
    S.running = false;
    S.runId++;
    S.space.stopIdle();
    S.space.reset();
    S.model?.free();
    S.model = model;
    S.source = source;
    S.lossHistory.clear();
  }

  function trainSlice(words) {
    const t0 = performance.now();
    const before = S.stats?.wordsDone ?? 0;
    const r = S.model.train(words);
    const ms = performance.now() - t0;
    S.stats = { ...r, wordsPerSec: ms > 0 ? ((r.wordsDone - before) / ms) * 1000 : 0, ...fixed };
    // loss is null when the slice made no update (a tiny text whose words were all subsampled
    // away); divergence is thrown by train() itself.
    if (Number.isFinite(r.loss) && r.wordsDone > before) S.lossHistory.push(r.wordsDone, r.loss);
    return r;
  }

  const player = playerHandlers(S);
  const handlers = {
    /** Builds an untrained model on the current corpus with `config` (the chapter's settings,
     * passed to the library untouched). */
    create: ({ config, space }, w) => {
      replace(null);
      S.config = config;
      // The page's projection settings (method, top N, perplexity from the chapter's state or a
      // link): without them the first picture used the worker's own defaults until one was changed.
      if (space) S.space.set(space);
      try {
        S.model = build(w.wasm, w.shared.text ?? '', config);
        S.createError = null;
      } catch (e) {
        S.createError = e;
        throw e;
      }
      S.stats = { ...S.model.progress(), loss: NaN, wordsPerSec: 0, ...baseStats() };
      return snapshot(w.wasm);
    },

    /** Trains until done or paused, posting snapshots; resolves with the last one. */
    train: async ({ speed }, w) => {
      need(w);
      if (speed) S.speed = speed;
      await trainLoop(S, w, { topic, trainSlice, snapshot: () => snapshot(w.wasm), sliceWords, rate });
      const snap = snapshot(w.wasm);
      settle(w);
      return snap;
    },

    pause: player.pause,
    speed: player.speed,

    /** One slice of training, then a snapshot. */
    step: (_, w) => {
      need(w);
      S.running = false;
      S.space.stopIdle();
      if (!S.stats?.done) trainSlice(stepWords(S.speed));
      return snapshot(w.wasm, { iters: 40 });
    },

    /** Projection settings: {method: 'pca'|'tsne', topN, perplexity}. Returns a fresh picture. */
    project: (opts, w) => {
      S.space.set(opts);
      if (!S.model) return null;
      const snap = snapshot(w.wasm, { fresh: true, iters: 30 });
      if (!S.running) settle(w);
      return snap;
    },
  };

  /** The handlers under the chapter's prefix: 'w2v.create', 'w2v.train', … */
  const prefixed = (prefix) => Object.fromEntries(Object.entries(handlers).map(([k, f]) => [`${prefix}.${k}`, f]));

  return { S, handlers: prefixed, need, snapshot, settle, replace, baseStats };
}
