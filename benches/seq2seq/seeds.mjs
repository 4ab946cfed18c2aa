// The attention chapter's signature example across seeds, through the JS API in Node (the same
// wasm the page's worker runs, so the steps and the alignments are the page's): "reverse"
// (lengths 4–10, 20 symbols) or Korean → English with the page's defaults and the page's one
// seed for both the pairs and the weights. Training is checked every CHECK steps (fixed steps,
// not wall time, so the numbers repeat exactly); reported per seed: the first checkpoint at ≥ 95 %
// held-out exact match (step, training seconds), the share of output steps whose attention argmax
// lies on the expected source position then, and at the later checkpoints in AT; and the lowest
// held-out exact match and share at any checkpoint in AT from the first at ≥ 95 % on, with the
// checkpoints below 95 % on either (AT=dense: every 50 steps to 800, then 1000, 1500, 2000, 3000).
// For "reverse" the expected position of output i is n − 1 − i; for ko-en the source word the
// output word translates (the word list's alignment: see src/lm/seq2seq/tasks.rs), which this
// script reads from the one-word pairs it builds the reference from.
// Usage: ./scripts/build.sh && [AT=400,800|dense] [CHECK=50] [ATTENTION=additive|dot|general]
//        node benches/seq2seq/seeds.mjs [task] [seeds…]
//        (task: reverse (default) | ko-en; seeds 1–10 by default; ~1–2 min a seed on a busy machine)
import { execSync } from 'node:child_process';
import lib from '../../tests/node/pkg.mjs';

const { Seq2Seq } = lib;
const args = process.argv.slice(2);
const task = ['reverse', 'ko-en'].includes(args[0]) ? args.shift() : 'reverse';
const seeds = args.map(Number).filter(Number.isFinite);
const SEEDS = seeds.length ? seeds : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const CHECK = Number(process.env.CHECK ?? 50);
const DENSE = [...Array.from({ length: 16 }, (_, i) => 50 * (i + 1)), 1000, 1500, 2000, 3000];
const AT = process.env.AT === 'dense' ? DENSE : (process.env.AT ?? '400,800').split(',').map(Number);
const SHOWN = process.env.AT === 'dense' ? [200, 400, 800, 1500, 3000] : AT; // columns printed
const ATTENTION = process.env.ATTENTION ?? 'additive';
const PAIRS = 300; // held-out pairs whose alignment is read (those decoded right)

/** Share of output steps on the expected position, over held-out pairs decoded right. */
function onDiagonal(s) {
  let on = 0;
  let all = 0;
  const offsets = {};
  for (const p of s.examples('heldout', PAIRS)) {
    const t = s.translate(p.source, { beam: 1 });
    if (t.text !== p.target) continue;
    const S = t.sourceTokens.length;
    const want = task === 'reverse' ? (i) => S - 1 - i : koEnAlignment(t.sourceTokens, t.tokens);
    for (let i = 0; i < t.tokens.length; i++) {
      const row = t.attention.subarray(i * S, (i + 1) * S);
      const arg = row.indexOf(Math.max(...row));
      const w = want(i);
      if (w < 0) continue;
      on += arg === w ? 1 : 0;
      all += 1;
      offsets[arg - w] = (offsets[arg - w] ?? 0) + 1;
    }
  }
  return { share: all ? on / all : NaN, offsets };
}

// ko-en: each English word is the translation of one Korean word; a one-word pair per Korean word
// is not in the task, so the reference comes from the task's dictionary order instead: the English
// sentence is S V O P T and the Korean S T P O V, word by word; "at school"-like phrases are two
// English words for one Korean word. Read the alignment by matching each English word to the
// Korean word whose pairs always contain it (computed once from the training pairs).
let dict = null;
function koEnAlignment(src, out) {
  return (i) => {
    const cands = dict.get(out[i]);
    if (!cands) return -1;
    return src.findIndex((w) => cands.has(w));
  };
}
function buildDict(s) {
  // For each English word, the Korean words that occur in every pair containing it.
  const pairs = s.examples('train', 5000);
  const m = new Map();
  for (const p of pairs) {
    const ko = new Set(p.source.split(' '));
    for (const e of p.target.split(' ')) {
      const prev = m.get(e);
      m.set(e, prev ? new Set([...prev].filter((w) => ko.has(w))) : ko);
    }
  }
  // Keep words with exactly one Korean partner (function words like "at" have none or several).
  return new Map([...m].filter(([, ks]) => ks.size === 1));
}

const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '—');
console.log(`task ${task}, attention ${ATTENTION}, seeds ${SEEDS.join(' ')}, checkpoints every ${CHECK} steps; load before: ${execSync('uptime').toString().trim()}`);
console.log(`| seed | ≥ 95 % held-out first at | train s | expected-position share then | ${SHOWN.map((a) => `step ${a}: held-out / share`).join(' | ')} | lowest from the first ≥ 95 % on: held-out / share | checkpoints below 95 % | offsets (argmax − expected) at step ${AT.at(-1)} |`);
console.log(`|---|---|---|---|${SHOWN.map(() => '---|').join('')}---|---|---|`);
const last = Math.max(...AT);
for (const seed of SEEDS) {
  // The page's defaults, but training allowed to run to the last checkpoint (`steps` only stops it).
  const s = Seq2Seq.fromTask(task, { seed }, { seed, attention: ATTENTION, steps: Math.max(last, 1500) });
  if (task === 'ko-en') dict = buildDict(s);
  let trainMs = 0;
  let reached = null;
  const cells = [];
  let offsets = {};
  let low = [1, 1];
  const below = [];
  for (let step = 0; step < last;) {
    const t0 = performance.now();
    const r = s.train(CHECK);
    trainMs += performance.now() - t0;
    step = r.step;
    const need = !reached || AT.includes(step);
    if (!need) continue;
    const ev = s.evaluate();
    if (!reached && ev.accuracy >= 0.95) reached = { step, seconds: trainMs / 1000, ...onDiagonal(s) };
    if (AT.includes(step)) {
      const d = reached?.step === step ? reached : onDiagonal(s);
      if (SHOWN.includes(step)) cells.push(`${pct(ev.accuracy)} / ${pct(d.share)}`);
      offsets = d.offsets;
      if (reached) {
        low = [Math.min(low[0], ev.accuracy), Math.min(low[1], d.share)];
        if (ev.accuracy < 0.95 || d.share < 0.95) below.push(`${step}: ${pct(ev.accuracy)} / ${pct(d.share)}`);
      }
    }
    if (r.done) break;
  }
  const at = reached ? `step ${reached.step}` : `not by step ${last}`;
  console.log(`| ${seed} | ${at} | ${reached ? reached.seconds.toFixed(1) : '—'} | ${pct(reached?.share)} | ${cells.join(' | ')} | ${reached ? `${pct(low[0])} / ${pct(low[1])}` : '—'} | ${below.join(', ') || 'none'} | ${JSON.stringify(offsets)} |`);
  s.free();
}
console.log(`load after: ${execSync('uptime').toString().trim()}`);
