// The RNN chapter's lesson over seeds 1-10 with the page's defaults (tests/lessons/rnn.mjs says
// what is measured): the plain RNN loses the first symbol first, and its gradient fades faster.
// About a minute of CPU on one core: run once by scripts/test.sh with the other lessons.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe, lessonBreaches, measureLongdep } from './rnn.mjs';

test('long dependency, defaults, seeds 1-10: the RNN collapses first and its gradient fades faster than the GRU\'s and LSTM\'s', () => {
  const bad = [];
  for (let seed = 1; seed <= 10; seed++) {
    const r = measureLongdep(seed);
    console.log(describe(r));
    bad.push(...lessonBreaches(r));
  }
  assert.deepEqual(bad, []);
});
