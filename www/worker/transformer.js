// The Transformer in the worker: one model on the shared corpus (masked LM or causal LM), trained
// in slices between yields. Every ~250 ms a snapshot on 'tf.snapshot': loss and held-out
// perplexity so far, and the chosen sentence run through the model (every layer's hidden states
// and attention maps, Bert.run's layout), so the attention views redraw while it learns.
// The pretrained chapter opens this model as a Hugging Face checkpoint (exportFiles()).
// The player (train / pause / speed / step) is worker/steps.js's.
import { fail } from './fail.js';
import { stepHandlers, stop } from './steps.js';
import { cosineMatrix, flatten, senseScore } from './vectors.js';

const S = {
  m: null, // wasm Transformer
  running: false,
  runId: 0,
  speed: 3,
  hist: [], // [step, loss]
  evals: [], // [step, held-out perplexity]
  sentence: '',
  error: null, // why the last 'tf.create' failed (a coded Error), if it did
  key: null, // the text version and settings the model was built from ('tf.create' with keep)
  trainMs: 0,
  trainSteps: 0,
  ngram: [], // causal: the n-gram models' held-out perplexity on the same split [{order, perplexity}]
  rnn: null, // causal: the RNN chapter's model on the same split {m, steps, evals: [[step, perplexity]]}
};

/** Causal only: the RNN chapter's model with its own defaults (a GRU, its steps, lr, sizes), on the
 * Transformer's text, units, tokenizer, held-out share and seed, so both are scored on the same
 * held-out tokens (the same sentences, every next token and sentence end). It trains in the
 * Transformer's slices, in proportion, so both finish together; both read 16 × 32 tokens a step
 * with the defaults, so one axis of steps serves both. Null when the RNN cannot take the text. */
function rnnBaseline(wasm, text, config) {
  let m = null;
  try {
    m = new wasm.RnnLM(text, { unit: config.unit ?? 'word', tokenizer: config.tokenizer ?? null, holdout: config.holdout ?? 0.1, seed: config.seed ?? 1 });
    const info = m.info();
    const p0 = m.heldoutPerplexity();
    return { m, cell: info.cell, steps: info.steps, evals: Number.isFinite(p0) ? [[0, p0]] : [] };
  } catch {
    m?.free();
    return null;
  }
}

/** Trains the RNN up to its share of the Transformer's progress (`tfStep` of `tfSteps`). */
function rnnCatchUp(tfStep, tfSteps) {
  const r = S.rnn;
  if (!r || r.done) return;
  const want = Math.min(r.steps, Math.round((tfStep / Math.max(tfSteps, 1)) * r.steps));
  const have = r.m.info().step;
  if (want <= have) return;
  try {
    // In chunks that end on its evaluation steps (every 100), so each point sits at its step.
    for (let step = have; step < want && !r.done;) {
      const res = r.m.train(Math.min(want - step, 100 - (step % 100)));
      step = res.step;
      if (Number.isFinite(res.heldoutPerplexity)) r.evals.push([res.step, res.heldoutPerplexity]);
      r.done = res.done === true;
    }
  } catch {
    r.done = true; // diverged: its curve stops where it was
  }
}

function need() {
  if (S.m) return S.m;
  throw S.error ?? fail('worker.noTransformer');
}

/** The chosen sentence through the model (null when it cannot be read, e.g. no known token). */
function run() {
  if (!S.m || !S.sentence) return null;
  try {
    return S.m.run(S.sentence);
  } catch {
    return null;
  }
}

function evaluate() {
  const ev = S.m.evaluate();
  S.evals.push([S.m.info().step, ev.perplexity]);
  return ev;
}

function snapshot() {
  const info = S.m.info();
  return {
    step: info.step,
    steps: info.steps,
    done: info.step >= info.steps,
    info,
    hist: S.hist.slice(-800),
    ngram: S.ngram,
    rnn: S.rnn && { cell: S.rnn.cell, steps: S.rnn.steps, evals: S.rnn.evals },
    evals: S.evals,
    run: run(),
    msPerStep: S.trainSteps ? S.trainMs / S.trainSteps : null,
  };
}

function slice(n) {
  const t0 = performance.now();
  const r = S.m.train(n);
  S.trainMs += performance.now() - t0;
  S.trainSteps += n;
  if (Number.isFinite(r.loss)) S.hist.push([r.step, r.loss]);
  rnnCatchUp(r.step, S.m.info().steps);
  return r.done;
}

/** The n-gram baselines (orders 1–3) on the Transformer's own split and units: the same held-out
 * sentences (the last `holdout` of them), next-token perplexity, so only for the causal model. */
function ngramBaselines(wasm, text, config) {
  const out = [];
  for (const order of [1, 2, 3]) {
    let m = null;
    try {
      m = new wasm.NGramModel(text, { order, unit: config.unit ?? 'word', holdout: config.holdout ?? 0.1, tokenizer: config.tokenizer ?? null });
      const p = m.heldoutPerplexity()?.perplexity;
      if (Number.isFinite(p)) out.push({ order, perplexity: p });
    } catch { /* no held-out part, or a text too short for the order */ } finally { m?.free(); }
  }
  return out;
}

/** Rows → their 2-D PCA (`xy`, x and y per row) and the lowest cosine between two rows. */
function project(wasm, rows) {
  const n = rows.length;
  const cos = cosineMatrix(wasm, rows);
  let minCos = 1;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) minCos = Math.min(minCos, cos[i * n + j]);
  // PCA of identical rows has no direction: every point is the origin (f32 cosines: 1e-5 slack).
  const xy = minCos >= 1 - 1e-5 ? new Float32Array(2 * n) : wasm.pca2(flatten(rows).flat, n, rows[0].length);
  return { xy, minCos };
}

/** A Word2Vec trained on the shared text (the Word2Vec chapter's default settings, seed 1), kept
 * until the text changes: what the homonym view sets beside the Transformer's vectors. */
const W2V = { version: null, model: null };
function word2vecFor(wasm, shared) {
  if (W2V.version !== shared.version || !W2V.model) {
    W2V.model?.free();
    W2V.model = null;
    const m = new wasm.Word2Vec(shared.text ?? '', { seed: 1 });
    while (!m.train(200_000).done) { /* whole epochs */ }
    Object.assign(W2V, { version: shared.version, model: m });
  }
  return W2V.model;
}

/** The model as a Hugging Face folder's files (for the pretrained chapter's Bert.load). */
export function exportFiles() {
  const hf = need().toHuggingFace();
  return { 'config.json': hf.config, 'model.safetensors': hf.weights, 'vocab.txt': hf.vocab, 'tokenizer_config.json': hf.tokenizerConfig };
}

export const handlers = {
  /** Builds the model on the shared corpus: {config} as the page's form holds it. With `keep`
   * (the chapter opening again), a model already built from the same settings on the same text is
   * kept with its training: going to the pretrained chapter to open a model and coming back must
   * not lose the model the class just trained. */
  'tf.create': ({ config, sentence, keep }, w) => {
    const key = `${w.shared.version}\n${JSON.stringify(config ?? {})}`;
    if (keep && S.m && S.key === key) {
      stop(S);
      S.sentence = String(sentence ?? '');
      return { ...snapshot(), positions: S.m.positions() };
    }
    S.key = null;
    stop(S);
    S.m?.free();
    S.m = null;
    S.rnn?.m.free();
    S.rnn = null;
    S.hist = [];
    S.evals = [];
    S.trainMs = 0;
    S.trainSteps = 0;
    try {
      S.m = new w.wasm.Transformer(w.shared.text ?? '', config ?? {});
      S.key = key;
      S.error = null;
    } catch (e) {
      S.error = e;
      throw e;
    }
    S.sentence = String(sentence ?? '');
    const causal = S.m.info().kind === 'causal';
    S.ngram = causal ? ngramBaselines(w.wasm, w.shared.text ?? '', config ?? {}) : [];
    S.rnn = causal ? rnnBaseline(w.wasm, w.shared.text ?? '', config ?? {}) : null;
    evaluate();
    return { ...snapshot(), positions: S.m.positions() };
  },

  /** 'tf.train' (until done or paused), 'tf.pause', 'tf.speed', and 'tf.step': one slice of 10
   * steps, then an evaluation and a snapshot. */
  ...stepHandlers('tf', S, { need, slice, snapshot, evaluate, stepSize: 10 }),

  /** The sentence the attention views show; returns its run now. */
  'tf.sentence': ({ text }) => {
    S.sentence = String(text ?? '');
    return need().run(S.sentence);
  },

  /** The positional encodings now (learned ones change with training). */
  'tf.positions': () => need().positions(),

  /** Each block's output for the sentence: {tokens, blocks: [{name, shape, values}]}. */
  'tf.intermediates': ({ text }) => need().intermediates(String(text ?? '')),

  /** Q·Kᵀ/√d, softmax and the weighted values for one query token of one layer, every head. */
  'tf.scores': ({ text, layer, query }) => need().scores(String(text ?? ''), layer, query),

  'tf.predict': ({ text, k }) => need().predictMasked(String(text ?? ''), k ?? 8),

  'tf.generate': ({ prompt, n, temperature, seed }) => need().generate(String(prompt ?? ''), n ?? 20, temperature ?? 1, seed ?? 1),

  /** The vector of `word` in each sentence at `layer` (0 = embeddings), projected to 2-D by PCA,
   * and beside it, measured the same way, Word2Vec's vector for the word in each of those sentences
   * (a Word2Vec trained on the same text with its chapter's defaults): for both, the points and the
   * lowest cosine between two sentences' vectors; `senses`: how well the drawn vectors group by
   * the sentences' groups (the core's senseScore, src/embed/senses.rs). */
  'tf.context': ({ sentences, word, layer }, { wasm, shared }) => {
    const m = need();
    const found = [];
    let dim = 0;
    let layers = 0;
    // A sentence is a string or {text, group} (the view's sense groups: blank lines in its box).
    for (const [index, item] of sentences.entries()) {
      const { text, group = 0 } = typeof item === 'string' ? { text: item } : item;
      const r = m.run(text);
      const i = r.tokens.findIndex((x) => x.normalize('NFC').toLowerCase() === String(word).normalize('NFC').toLowerCase());
      if (i < 0) continue;
      const T = r.tokens.length;
      dim = r.hiddenSize;
      layers = r.numLayers;
      const l = Math.min(layer ?? r.numLayers, r.numLayers);
      found.push({ index, text, group, vector: r.hiddenStates.slice((l * T + i) * dim, (l * T + i + 1) * dim) });
    }
    if (found.length < 2) return { found: found.map((f) => f.text), points: [] };
    const tf = project(wasm, found.map((f) => f.vector));
    const w2v = word2vecFor(wasm, shared);
    const v = w2v.vector(String(word).normalize('NFC').toLowerCase()) ?? w2v.vector(String(word));
    // Word2Vec has no context: the vector it gives for the word in sentence k is its one row.
    const w = v ? project(wasm, found.map(() => v)) : null;
    return {
      found: found.map((f) => f.text),
      layer: Math.min(layer ?? layers, layers),
      layers,
      step: m.info().step,
      points: found.map((f, k) => ({ index: f.index, text: f.text, group: f.group, x: tf.xy[2 * k], y: tf.xy[2 * k + 1] })),
      minCos: tf.minCos,
      // How well the drawn vectors group by the sentences' groups (cosine, as drawn).
      senses: senseScore(wasm, found.map((f) => f.vector), found.map((f) => f.group)),
      w2v: w && { points: found.map((f, k) => ({ x: w.xy[2 * k], y: w.xy[2 * k + 1] })), minCos: w.minCos, epochs: w2v.config().epochs },
    };
  },

  /** What the class compares on the same text: dependent steps and time of one forward, the
   * Transformer's and, measured beside it, a GRU's — the RNN chapter's network, one layer as wide as
   * this model, on the same corpus and units (untrained: the time does not depend on the weights).
   * Each time is the best of 3 rounds after a warm-up run. */
  'tf.cost': ({ sentences }, w) => {
    const m = need();
    const info = m.info();
    let rnn = null;
    try {
      rnn = new w.wasm.RnnLM(w.shared.text ?? '', { cell: 'gru', unit: info.unit, embed: info.dim, hidden: info.dim, layers: 1, holdout: 0, seed: 1 });
    } catch { /* a text the RNN cannot take: its columns stay empty */ }
    // A worker's clock ticks in 0.1 ms (no cross-origin isolation) and one short forward takes
    // less: each round repeats the call until ≥ 20 ms have passed and divides.
    const best = (f) => {
      let out = f();
      let ms = Infinity;
      for (let round = 0; round < 3; round++) {
        let n = 0;
        const t0 = performance.now();
        do { out = f(); n++; } while (performance.now() - t0 < 20);
        ms = Math.min(ms, (performance.now() - t0) / n);
      }
      return { ms, out };
    };
    try {
      return sentences.map((text) => {
        const tf = best(() => m.run(text).tokens.length);
        const r = rnn ? best(() => rnn.hidden(text).T) : null;
        return { text, tokens: tf.out, ms: tf.ms, msPerToken: tf.ms / tf.out, layers: info.layers, rnnTokens: r?.out ?? null, rnnMs: r?.ms ?? null };
      });
    } finally {
      rnn?.free();
    }
  },

  'tf.export': () => exportFiles(),
};
