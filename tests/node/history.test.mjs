// The worker's fixed-size loss curve (www/worker/history.js): the page's chart gets the last points
// in order, and a run far longer than the capacity leaves the buffer the size it started at.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAPACITY, LossHistory } from '../../www/worker/history.js';

test('LossHistory keeps the last points in order and never grows', () => {
  const h = new LossHistory(4);
  assert.deepEqual(h.points(), []);
  h.push(1, 10);
  h.push(2, 20);
  assert.deepEqual(h.points(), [[1, 10], [2, 20]]);
  const buffer = h.xy;
  for (let x = 3; x <= 11; x++) h.push(x, 10 * x);
  assert.deepEqual(h.points(), [[8, 80], [9, 90], [10, 100], [11, 110]]);
  assert.equal(h.xy, buffer);
  assert.equal(h.xy.length, 8);
  h.clear();
  assert.deepEqual(h.points(), []);
  h.push(5, 0.5);
  assert.deepEqual(h.points(), [[5, 0.5]]);
});

test('LossHistory holds what the page draws by default', () => {
  const h = new LossHistory();
  for (let x = 0; x < 3 * CAPACITY; x++) h.push(x, x / 2);
  const p = h.points();
  assert.equal(p.length, CAPACITY);
  assert.deepEqual(p[0], [2 * CAPACITY, CAPACITY]);
  assert.deepEqual(p.at(-1), [3 * CAPACITY - 1, (3 * CAPACITY - 1) / 2]);
});
