// The RNN chapter's lesson over seeds 1-5 with the page's defaults (tests/lessons/rnn.mjs says
// what is measured): the plain RNN loses the first symbol first, and its gradient fades faster.
// Each point is the median of 3 runs (2 when the first two agree), about 2.2 times the CPU of a
// single run, so five seeds cost what ten single-run seeds did (about a minute on one core); the
// sweep over seeds 1-40 is `node tests/lessons/rnn.mjs 40` (README).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe, lessonBreaches, measureLongdep } from './rnn.mjs';

test('long dependency, defaults, seeds 1-5: the RNN collapses first and its gradient fades faster than the GRU\'s and LSTM\'s', () => {
  const bad = [];
  for (let seed = 1; seed <= 5; seed++) {
    const r = measureLongdep(seed);
    console.log(describe(r));
    bad.push(...lessonBreaches(r));
  }
  assert.deepEqual(bad, []);
});
