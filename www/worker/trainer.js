// The training loop shared by the Word2Vec and FastText handlers: train a slice, post a snapshot
// every SNAPSHOT_MS, yield (so a pause message gets through), repeat until done or paused. A model's
// handler module keeps its own state object S ({running, runId, speed, stats, space}) and passes
// what differs: how many words a slice holds and, for pacing, the words per second wanted.

export const SNAPSHOT_MS = 200; // ~5 pictures a second while training

/**
 * Trains until done, paused (S.running = false) or superseded (another run bumped S.runId).
 * `trainSlice(words)` → {wordsDone, done}; `snapshot()` → a snapshot with `positions`;
 * `sliceWords(speed)` and `rate(speed)` (words per second, Infinity = as fast as possible).
 * S.stats.wordsPerSec becomes the rate actually trained at this speed, waits included.
 */
export async function trainLoop(S, w, { topic, trainSlice, snapshot, sliceWords, rate = () => Infinity }) {
  const id = ++S.runId;
  S.running = true;
  S.space.stopIdle();
  let last = 0;
  let paced = { t0: performance.now(), words: 0, speed: S.speed };
  try {
    while (S.running && id === S.runId) {
      if (paced.speed !== S.speed) paced = { t0: performance.now(), words: 0, speed: S.speed };
      const wanted = rate(S.speed);
      const before = S.stats?.wordsDone ?? 0;
      const r = trainSlice(sliceWords(S.speed));
      paced.words += r.wordsDone - before;
      S.stats.wordsPerSec = paced.words / Math.max(1e-3, (performance.now() - paced.t0) / 1000);
      const now = performance.now();
      if (now - last >= SNAPSHOT_MS || r.done) {
        last = now;
        const snap = snapshot();
        w.post(topic, snap, [snap.positions.buffer]);
      }
      if (r.done) break;
      // Pace to the chosen rate: wait until the words trained so far are due.
      const due = Number.isFinite(wanted) ? paced.t0 + (paced.words / wanted) * 1000 - performance.now() : 0;
      await (due > 1 ? new Promise((ok) => setTimeout(ok, due)) : w.yield());
    }
  } finally {
    if (id === S.runId) S.running = false;
  }
}

/** The player's pause and speed (1..5) messages, the same for every model. */
export function playerHandlers(S) {
  return {
    pause: () => {
      S.running = false;
      return true;
    },
    speed: ({ speed }) => {
      S.speed = Math.min(5, Math.max(1, speed | 0));
      return S.speed;
    },
  };
}
