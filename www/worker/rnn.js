// The recurrent language model in the worker (chapter 6 · RNN): the model the teacher configured,
// plus two companions with the same settings and the other two cells (tanh RNN, GRU, LSTM), all
// trained in the same slices so the gradient-flow comparison is between models trained equally
// long. Every ~250 ms a snapshot on 'rnn.snapshot': perplexity curves (train and held out) and the
// n-gram baselines on the same held-out split. The queries (hidden states, next-token
// distributions, gradient flow, samples) and the two measurements (long-dependency task,
// sequential cost) are requests of their own.
// The player (train / pause / speed / step) is worker/steps.js's.
import { fail } from './fail.js';
import { stepHandlers, stop } from './steps.js';

export const CELLS = ['rnn', 'gru', 'lstm'];
const KEEP = 800; // curve points kept (the page draws at most 400 of each)
/** The distances N of the long-dependency task (tests/lessons/rnn.mjs tests the largest). */
export const LONGDEP_NS = [2, 4, 8, 16, 32];

const S = {
  models: {}, // cell → wasm RnnLM; S.models[S.cell] is the teacher's model
  untrained: {}, // cell → the same model never trained (same settings and seed): the gradient at the start
  cell: 'lstm',
  config: null,
  running: false,
  runId: 0,
  speed: 3,
  hist: [], // [step, train perplexity] of the teacher's model
  evals: [], // [step, held-out perplexity]
  companions: {}, // cell → [step, held-out perplexity] (the other cells)
  last: null, // the last train() result of the teacher's model
  ngram: null, // {orders: [{order, perplexity}], best: {order, perplexity}} on the same split
  error: null, // why the last 'rnn.create' failed (a coded Error), if it did
  trainMs: 0,
  stepsDone: 0,
  diverged: null, // a model's divergence error: training stops
  info: null, // the teacher's model's info(): vocab, unit, layers, …
};

function free() {
  for (const m of [...Object.values(S.models), ...Object.values(S.untrained)]) m.free();
  S.models = {};
  S.untrained = {};
}

function need(w) {
  if (S.models[S.cell]) return S.models[S.cell];
  if (S.error) throw S.error;
  if (w.shared.text != null && !w.shared.text.trim()) throw fail('worker.emptyCorpus');
  throw fail('worker.noRnn');
}

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/** The n-gram model's held-out perplexity for orders 1–3 on the RNN's own split and units. */
function ngramBaselines(lm) {
  const orders = [];
  for (const order of [1, 2, 3]) {
    try {
      const p = lm.ngramHeldoutPerplexity(order);
      if (finite(p)) orders.push({ order, perplexity: p });
    } catch { /* no held-out part, or an order the text is too short for */ }
  }
  const best = orders.reduce((b, o) => (!b || o.perplexity < b.perplexity ? o : b), null);
  return { orders, best };
}

function record(cell, r) {
  if (cell === S.cell) {
    S.last = r;
    if (finite(r.perplexity)) S.hist.push([r.step, r.perplexity]);
    if (finite(r.heldoutPerplexity)) S.evals.push([r.step, r.heldoutPerplexity]);
    if (S.hist.length > KEEP) S.hist.splice(0, S.hist.length - KEEP / 2);
    if (S.evals.length > KEEP) S.evals.splice(0, S.evals.length - KEEP / 2);
  } else if (finite(r.heldoutPerplexity)) {
    const c = S.companions[cell];
    c.push([r.step, r.heldoutPerplexity]);
    if (c.length > KEEP) c.splice(0, c.length - KEEP / 2);
  }
}

/** `n` steps of every model; a model that diverges stops the run (its coded error is kept). */
function slice(n) {
  const t0 = performance.now();
  let done = false;
  for (const cell of CELLS) {
    const m = S.models[cell];
    if (!m) continue;
    const r = m.train(n);
    record(cell, r);
    if (cell === S.cell) done = r.done === true;
  }
  S.trainMs += performance.now() - t0;
  S.stepsDone += n;
  return done;
}

function snapshot() {
  const r = S.last ?? {};
  return {
    step: r.step ?? 0,
    done: r.done === true,
    cell: S.cell,
    loss: r.loss,
    perplexity: r.perplexity,
    heldout: S.evals.at(-1)?.[1] ?? null,
    hist: S.hist.slice(-400),
    evals: S.evals.slice(-400),
    companions: Object.fromEntries(Object.entries(S.companions).map(([k, v]) => [k, v.slice(-400)])),
    ngram: S.ngram,
    vocab: S.info?.vocab ?? null,
    // The time of one step of all the models, and of one model.
    msPerStep: S.stepsDone ? S.trainMs / S.stepsDone / Object.keys(S.models).length : null,
  };
}

/** Runs `fn`, turning a model's divergence into a stop with its message. */
function guarded(fn) {
  try {
    return fn();
  } catch (e) {
    S.running = false;
    S.diverged = e;
    throw e;
  }
}

export const handlers = {
  /** The settings schema the chapter builds its form from. */
  'rnn.spec': (_, w) => w.wasm.settingsSpec('rnn'),

  /** Builds the teacher's model (and the two companions) on the current corpus: {config}. */
  'rnn.create': ({ config }, w) => {
    stop(S);
    free();
    Object.assign(S, { hist: [], evals: [], last: null, ngram: null, trainMs: 0, stepsDone: 0, diverged: null, error: null });
    S.cell = config?.cell ?? 'lstm';
    S.config = config ?? {};
    try {
      S.models[S.cell] = new w.wasm.RnnLM(w.shared.text ?? '', config ?? {});
    } catch (e) {
      free();
      S.error = e;
      throw e;
    }
    S.companions = {};
    // The companions read the teacher's model's text (withCell: same settings and seed, another
    // cell), not a copy each: on a pasted 1.5 MB text a copy was tens of megabytes (issue 15).
    for (const cell of CELLS) {
      if (cell === S.cell) continue;
      S.models[cell] = S.models[S.cell].withCell(cell);
      S.companions[cell] = [];
    }
    S.info = S.models[S.cell].info();
    S.ngram = ngramBaselines(S.models[S.cell]);
    // The curves start before training: every model's held-out perplexity at step 0.
    for (const cell of CELLS) {
      const h = S.models[cell].heldoutPerplexity?.();
      if (finite(h)) record(cell, { step: 0, heldoutPerplexity: h });
    }
    return snapshot();
  },

  /** 'rnn.train' (until done, paused or diverged), 'rnn.pause', 'rnn.speed', and 'rnn.step': one
   * slice of 10 steps of every model, then a snapshot. No held-out pass of its own: every train()
   * result carries the held-out perplexity. */
  ...stepHandlers('rnn', S, { need, slice: (n) => guarded(() => slice(n)), snapshot, stepSize: 10 }),

  /** The unrolled network over `text`: its tokens, the top layer's hidden states (T × H), the
   * next-token distribution after token `position` (k most probable) and, for every cell, the
   * share of the gradient of the loss at `position` that reaches each earlier token
   * (inputGradient), now and in the same model before training. */
  'rnn.view': ({ text, position, k = 8 }, w) => {
    const lm = need(w);
    const hid = lm.hidden(String(text ?? ''));
    const T = hid.T;
    const pos = !Number.isInteger(position) || position < 0 ? T - 1 : Math.min(T - 1, position); // -1: the last token
    const out = { tokens: hid.tokens, T, H: hid.H, data: Float32Array.from(hid.data), position: pos, next: [], flows: { now: {}, start: {} } };
    if (!T) return out;
    out.next = lm.next(contextText(lm, hid.tokens.slice(0, pos + 1)), k);
    for (const cell of CELLS) {
      if (!S.models[cell]) continue;
      // Built on first use (tens of ms each): the same settings and seed, so the same start; the
      // same text as the trained models, shared.
      S.untrained[cell] ??= lm.withCell(cell);
      out.flows.now[cell] = Float32Array.from(S.models[cell].inputGradient(String(text), pos));
      out.flows.start[cell] = Float32Array.from(S.untrained[cell].inputGradient(String(text), pos));
    }
    return out;
  },

  /** `n` tokens sampled from the teacher's model at `temperature` (seeded). */
  'rnn.sample': ({ seed, n, temperature }, w) => need(w).sample(seed ?? 1, n ?? 40, temperature ?? 1),

  /** The long-dependency toy task (RnnLM.longDependency with the page's `config`):
   * accuracy of each cell against the distance N, posted row by row on 'rnn.longdep' so the chart
   * grows while the small models train; with each trained model's gradient flow (flow[k]: the
   * answer's ‖∂L/∂h‖ k steps back relative to the last step's, k = 0 … N + 1) and its share at
   * the key. Each accuracy is the median of the config's `runs` training runs (3 by default; every
   * run's in runs[cell]), the flow the median run's. Returns
   * {rows: [{n, rnn, gru, lstm, runs: {cell: [..]}, flow: {cell: [..]}, key: {cell: x}}], chance}. */
  'rnn.longdep': async ({ config, ns = LONGDEP_NS }, w) => {
    const rows = [];
    let chance = null;
    for (const n of ns) {
      const row = { n, runs: {}, flow: {}, key: {} };
      for (const cell of CELLS) {
        const r = w.wasm.RnnLM.longDependency({ ...config, cell, n });
        row[cell] = r.accuracy;
        row.runs[cell] = r.accuracies;
        row.flow[cell] = r.flow;
        row.key[cell] = r.keyGradient;
        chance = r.chance;
        await w.yield();
      }
      rows.push(row);
      w.post('rnn.longdep', { rows, chance });
    }
    return { rows, chance };
  },

  /** The sequential cost, measured: reading a text of T tokens takes T × layers dependent steps;
   * time per token for increasing T (the fastest of three rounds after a warm-up pass).
   * Returns {rows: [{tokens, steps, ms, msPerToken}], timing}. */
  'rnn.cost': (_, w) => {
    const lm = need(w);
    const all = lm.tokens(w.shared.text.slice(0, 20_000));
    const layers = lm.timing().layers;
    const lengths = [4, 8, 16, 32, 64, 128, 256].filter((n) => n <= all.length);
    const texts = lengths.map((n) => contextText(lm, all.slice(0, n)));
    const time = (s) => {
      const t0 = performance.now();
      const T = lm.hidden(s).T;
      return { ms: performance.now() - t0, T };
    };
    texts.forEach(time);
    const best = texts.map(() => ({ ms: Infinity, T: 0 }));
    for (let round = 0; round < 3; round++) {
      texts.forEach((s, i) => {
        const r = time(s);
        if (r.ms < best[i].ms) best[i] = r;
      });
    }
    const rows = best.map((b) => ({ tokens: b.T, steps: b.T * layers, ms: b.ms, msPerToken: b.ms / Math.max(1, b.T) }));
    // The model's own account: tokens per sentence of the text, dependent steps per sentence,
    // training and reading time per token so far.
    return { rows, timing: lm.timing() };
  },
};

/** Tokens back to a text the model reads as the same tokens: characters (and jamo) joined as
 * they are (␣ is a space), words with spaces. */
function contextText(lm, tokens) {
  // A sentence end (</s>) is a line break in the text.
  if (S.info?.unit === 'word') return tokens.map((x) => (x === '</s>' ? '\n' : x)).join(' ');
  return tokens.map((x) => (x === '␣' ? ' ' : x === '</s>' ? '\n' : x)).join('');
}
