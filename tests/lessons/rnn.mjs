// The RNN chapter's lesson (issue 10), as the contract (contract.mjs) states the others': the
// long-dependency task with the page's defaults (settingsSpec('longDependency'), the distances
// the worker runs, www/worker/rnn.js LONGDEP_NS), each cell trained with the same budget, each
// accuracy the median of the default number of runs from seeds derived from the page's seed
// (src/lm/rnn/longdep.rs, `run`: one short run is a draw). Per seed:
// - the tanh RNN learns the task at a short distance (N = 4) but is at chance at the longest
//   (N = 32), where the GRU and the LSTM are near 100 %: it collapses first;
// - after training, the share of the answer's gradient ‖∂L/∂h‖ that reaches the key, N + 1 steps
//   back, is far smaller in the RNN than in both gated cells: its gradient falls off faster with
//   the distance k (per step on average: keyGradient^(1/(N+1))).
// The task draws its own symbols, so the corpus plays no part (the same for en and ko).
//
//   node tests/lessons/rnn.mjs [seeds=10] [first=1]   # seeds first … first+seeds−1; prints every number, exits 1 on a breach
import { fileURLToPath } from 'node:url';
import lib from '../node/pkg.mjs';
import { LONGDEP_NS } from '../../www/worker/rnn.js';

export const SHORT = 4;
export const LONG = Math.max(...LONGDEP_NS);
export const LESSON = {
  learnsShort: 0.9, // RNN accuracy at N = SHORT
  gatedHold: 0.9, // GRU and LSTM accuracy at N = LONG
  collapsedAbove: 0.15, // RNN accuracy at N = LONG at most chance + this
  gradientRatio: 100, // the RNN's key gradient at least this many times smaller than each gated cell's
};

/** Every number of the lesson for one seed, with the page's (the API's) defaults. */
export function measureLongdep(seed) {
  const run = (cell, n) => lib.RnnLM.longDependency({ cell, n, seed });
  const short = run('rnn', SHORT);
  const long = Object.fromEntries(['rnn', 'gru', 'lstm'].map((c) => [c, run(c, LONG)]));
  return {
    seed,
    chance: short.chance,
    shortRnn: short.accuracy,
    accuracy: Object.fromEntries(Object.entries(long).map(([c, r]) => [c, r.accuracy])),
    runs: Object.fromEntries(Object.entries(long).map(([c, r]) => [c, r.accuracies])),
    key: Object.fromEntries(Object.entries(long).map(([c, r]) => [c, r.keyGradient])),
    decay: Object.fromEntries(Object.entries(long).map(([c, r]) => [c, r.decay])),
    flowLength: long.rnn.flow.length,
  };
}

/** Breaches of LESSON for one seed's numbers (empty: the lesson holds). */
export function lessonBreaches(r) {
  const out = [];
  const at = `seed ${r.seed}`;
  if (r.flowLength !== LONG + 2) out.push(`${at}: flow has ${r.flowLength} points, not N + 2`);
  if (!(r.shortRnn >= LESSON.learnsShort)) out.push(`${at}: RNN accuracy ${r.shortRnn} at N = ${SHORT}`);
  if (!(r.accuracy.rnn <= r.chance + LESSON.collapsedAbove)) out.push(`${at}: RNN accuracy ${r.accuracy.rnn} at N = ${LONG} (chance ${r.chance})`);
  for (const c of ['gru', 'lstm']) {
    if (!(r.accuracy[c] >= LESSON.gatedHold)) out.push(`${at}: ${c} accuracy ${r.accuracy[c]} at N = ${LONG}`);
    if (!(r.key.rnn * LESSON.gradientRatio < r.key[c])) out.push(`${at}: key gradient rnn ${r.key.rnn} vs ${c} ${r.key[c]}`);
    if (!(r.decay.rnn < r.decay[c])) out.push(`${at}: decay per step rnn ${r.decay.rnn} vs ${c} ${r.decay[c]}`);
  }
  return out;
}

export const describe = (r) => `seed ${r.seed}: RNN ${r.shortRnn.toFixed(2)} at N = ${SHORT}; at N = ${LONG} accuracy `
  + `${['rnn', 'gru', 'lstm'].map((c) => `${c} ${r.accuracy[c].toFixed(2)} [${r.runs[c].map((a) => a.toFixed(2)).join(' ')}]`).join(', ')}; gradient reaching the key `
  + `${['rnn', 'gru', 'lstm'].map((c) => `${c} ${r.key[c].toExponential(1)} (×${r.decay[c].toFixed(2)}/step)`).join(', ')}`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const seeds = Number(process.argv[2] ?? 10);
  const first = Number(process.argv[3] ?? 1);
  let bad = 0;
  for (let seed = first; seed < first + seeds; seed++) {
    const t0 = Date.now();
    const r = measureLongdep(seed);
    console.log(`${describe(r)} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    for (const b of lessonBreaches(r)) { console.log('BREACH', b); bad++; }
  }
  process.exit(bad ? 1 : 0);
}
