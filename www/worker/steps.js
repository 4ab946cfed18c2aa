// The player of the chapters whose models train in optimiser steps (RNN, Attention's seq2seq pair,
// Transformer): train a slice of SLICE[speed − 1] steps, re-evaluate every EVAL_MS if the chapter
// evaluates, post a snapshot every SNAPSHOT_MS, yield (so a pause message gets through), repeat
// until done or paused. The word-vector chapters count words instead (worker/trainer.js).
// A chapter keeps its own state S ({running, runId, speed, …}) and passes what differs.
import { playerHandlers } from './trainer.js';

/** Training steps per slice (per model), by the player's speed 1..5. */
export const SLICE = [1, 2, 4, 8, 16];
export const SNAPSHOT_MS = 250; // ~4 pictures a second while training
export const EVAL_MS = 1500; // held-out evaluations cost more than a slice: at most one per 1.5 s

/** Stops a run in progress (the loop sees its run id superseded). */
export function stop(S) {
  S.running = false;
  S.runId++;
}

/**
 * Trains until done, paused (S.running = false) or superseded (another run bumped S.runId):
 * `slice(n)` trains n steps and returns whether training is done; `evaluate()` (optional) runs
 * after the first EVAL_MS and then every EVAL_MS, and when done; `snapshot()` is posted on `topic`
 * at once, then every SNAPSHOT_MS, and when done.
 */
export async function stepLoop(S, w, { topic, slice, snapshot, evaluate = null }) {
  const id = ++S.runId;
  S.running = true;
  let [shot, ev] = [0, performance.now()];
  try {
    while (S.running && id === S.runId) {
      const done = slice(SLICE[S.speed - 1] ?? 4);
      const now = performance.now();
      if (evaluate && (now - ev >= EVAL_MS || done)) {
        evaluate();
        ev = performance.now();
      }
      if (now - shot >= SNAPSHOT_MS || done) {
        shot = now;
        w.post(topic, snapshot());
      }
      if (done) break;
      await w.yield();
    }
  } finally {
    if (id === S.runId) S.running = false;
  }
}

/**
 * The player's messages under `prefix` ('rnn', 's2s', 'tf'): train (until done or paused; resolves
 * with the last snapshot), pause, speed and step (stops a run, trains `stepSize` steps, evaluates if
 * the chapter does, returns a snapshot). `need(w)` throws the chapter's coded error when there is no
 * model to train.
 */
export function stepHandlers(prefix, S, { need, slice, snapshot, evaluate = null, stepSize }) {
  const player = playerHandlers(S);
  return {
    [`${prefix}.train`]: async (_, w) => {
      need(w);
      await stepLoop(S, w, { topic: `${prefix}.snapshot`, slice, snapshot, evaluate });
      return snapshot();
    },
    [`${prefix}.pause`]: player.pause,
    [`${prefix}.speed`]: player.speed,
    [`${prefix}.step`]: (_, w) => {
      need(w);
      stop(S);
      slice(stepSize);
      evaluate?.();
      return snapshot();
    },
  };
}
