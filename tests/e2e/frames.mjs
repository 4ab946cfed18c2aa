// Main-thread smoothness while a chapter trains (issue 10: frame p95 ≤ 17 ms): records the
// intervals between requestAnimationFrame callbacks in the page, for a test to report (never to
// assert: timing depends on the machine and its load). Used by the rnn, attention, transformer and word2vec e2e tests.
import { loadavg } from 'node:os';

/** Starts recording frame intervals in `page`; `stopFrames` returns them. */
export const startFrames = (page) => page.evaluate(() => {
  const gaps = [];
  let last = performance.now();
  let on = true;
  const tick = (now) => { gaps.push(now - last); last = now; if (on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  window.__frames = { stop: () => { on = false; return gaps; } };
});

export const stopFrames = (page) => page.evaluate(() => window.__frames.stop());

export const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };

/** The 95th percentile of `xs` (the same rank rule as frameReport). */
export const p95 = (xs) => quantile(xs, 0.95);

/** One line: frames, seconds, median, p95, max, and the machine's load average. */
export function frameReport(label, gaps, seconds) {
  const f = (v) => (v ?? NaN).toFixed(1);
  return `${label}: ${gaps.length} frames in ${seconds.toFixed(1)} s, frame interval median ${f(quantile(gaps, 0.5))} ms, p95 ${f(quantile(gaps, 0.95))} ms, max ${f(Math.max(...gaps))} ms (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})`;
}
