// Seq2seq in the worker: two models on the same pairs, one with attention (additive by default)
// and one without, trained in alternating slices so the class sees both curves grow side by side.
// Every ~250 ms a snapshot on 's2s.snapshot': loss and teacher-forced accuracy of both, the last
// held-out evaluation (overall and by source length), and the alignment of the chosen example.
// The player (train / pause / speed / step) is worker/steps.js's.
import { fail } from './fail.js';
import { stepHandlers, stop } from './steps.js';

const S = {
  att: null, // wasm Seq2Seq with attention
  base: null, // the same without attention
  running: false,
  runId: 0,
  speed: 3,
  hist: { att: [], base: [] }, // [step, loss, accuracy]
  evals: { att: [], base: [] }, // [step, heldout accuracy]
  last: { att: null, base: null }, // last evaluate()
  example: '',
  error: null, // why the last 's2s.create' failed (a coded Error), if it did
  trainMs: 0,
};

function free() {
  S.att?.free();
  S.base?.free();
  S.att = S.base = null;
}

function need() {
  if (S.att && S.base) return;
  throw S.error ?? fail('worker.noSeq2seq');
}

/** The alignment of the chosen example under the attention model (null if it cannot be read). */
function alignment() {
  if (!S.att || !S.example) return null;
  try {
    const t = S.att.translate(S.example, { beam: 1 });
    return { source: S.example, sourceTokens: t.sourceTokens, tokens: t.tokens, text: t.text, attention: t.attention };
  } catch {
    return null;
  }
}

function evaluate() {
  for (const k of ['att', 'base']) {
    const ev = S[k].evaluate();
    S.last[k] = ev;
    S.evals[k].push([S[k].info().step, ev.accuracy]);
  }
}

function snapshot() {
  const info = S.att.info();
  return {
    step: info.step,
    steps: info.steps,
    done: info.step >= info.steps,
    info,
    attention: info.attention,
    hist: { att: S.hist.att.slice(-600), base: S.hist.base.slice(-600) },
    evals: S.evals,
    last: S.last,
    alignment: alignment(),
    msPerStep: S.trainMs / Math.max(1, 2 * info.step),
  };
}

function slice(n) {
  const t0 = performance.now();
  for (const k of ['att', 'base']) {
    const r = S[k].train(n);
    if (Number.isFinite(r.loss)) S.hist[k].push([r.step, r.loss, r.accuracy]);
  }
  S.trainMs += performance.now() - t0;
  return S.att.info().step >= S.att.info().steps;
}

export const handlers = {
  /** The settings schemas the chapter builds its form from. */

  /** Builds both models: {task ('own' for the user's pairs), pairs, taskConfig, config}. */
  's2s.create': ({ task, pairs, taskConfig, config }, w) => {
    stop(S);
    free();
    S.hist = { att: [], base: [] };
    S.evals = { att: [], base: [] };
    S.last = { att: null, base: null };
    S.trainMs = 0;
    const make = (cfg) => (task === 'own' ? new w.wasm.Seq2Seq(pairs ?? '', cfg) : w.wasm.Seq2Seq.fromTask(task, taskConfig, cfg));
    try {
      S.att = make(config);
      S.base = make({ ...config, attention: 'none' });
      S.error = null;
    } catch (e) {
      free();
      S.error = e;
      throw e;
    }
    const ex = S.att.examples('heldout', 40);
    const pool = ex.length ? ex : S.att.examples('train', 40);
    // The longest of the first held-out examples: the alignment is most telling on a long one.
    S.example = pool.reduce((best, p) => (p.source.length > best.length ? p.source : best), '');
    evaluate();
    return { ...snapshot(), examples: pool };
  },

  /** 's2s.train' (both until done or paused), 's2s.pause', 's2s.speed', and 's2s.step': one slice
   * of 25 steps of each model, then an evaluation and a snapshot. */
  ...stepHandlers('s2s', S, { need, slice, snapshot, evaluate, stepSize: 25 }),

  /** The example whose alignment is drawn; returns its alignment now. */
  's2s.example': ({ source }) => {
    need();
    S.example = String(source ?? '');
    const t = S.att.translate(S.example, { beam: 1 });
    return { source: S.example, sourceTokens: t.sourceTokens, tokens: t.tokens, text: t.text, attention: t.attention };
  },

  /** Both models' outputs for a source: {att, base}. */
  's2s.translate': ({ source, beam = 1 }) => {
    need();
    const one = (m) => { const t = m.translate(source, { beam }); return { tokens: t.tokens, text: t.text }; };
    return { att: one(S.att), base: one(S.base) };
  },

  /** The attention model decoding `source` one token at a time. */
  's2s.walk': ({ source }) => {
    need();
    return S.att.decodeSteps(source, 6);
  },

  /** Time per sentence against source length: greedy decoding of up to 16 held-out sources per
   * length, both models, measured here. One untimed pass first (warm caches, grown buffers), then
   * three timed rounds over every length in turn; the fastest round counts (the least disturbed by
   * whatever else the machine is doing). */
  's2s.cost': () => {
    need();
    const ex = S.att.examples('heldout', 2000);
    const pool = ex.length ? ex : S.att.examples('train', 2000);
    const byLen = new Map();
    for (const p of pool) {
      const n = S.att.decodeSteps(p.source, 1).sourceTokens.length;
      if (!byLen.has(n)) byLen.set(n, []);
      if (byLen.get(n).length < 16) byLen.get(n).push(p);
    }
    const lengths = [...byLen.keys()].sort((a, b) => a - b);
    const run = (m, ps) => {
      const t0 = performance.now();
      let outLen = 0;
      for (const p of ps) outLen += m.translate(p.source, { beam: 1 }).tokens.length + 1;
      return { ms: (performance.now() - t0) / ps.length, out: outLen / ps.length };
    };
    for (const n of lengths) { run(S.att, byLen.get(n)); run(S.base, byLen.get(n)); }
    const best = new Map(lengths.map((n) => [n, { att: Infinity, base: Infinity, out: 0 }]));
    for (let round = 0; round < 3; round++) {
      for (const n of lengths) {
        const b = best.get(n);
        const a = run(S.att, byLen.get(n));
        b.att = Math.min(b.att, a.ms);
        b.out = a.out;
        b.base = Math.min(b.base, run(S.base, byLen.get(n)).ms);
      }
    }
    return lengths.map((length) => {
      const b = best.get(length);
      return { length, count: byLen.get(length).length, att: b.att, base: b.base, steps: length + b.out };
    });
  },
};
