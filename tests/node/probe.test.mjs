// The logistic-regression probe from Node 20: trainProbe(embeddings, dim, labels, config).
// Needs the package built first: scripts/build.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import lib from './pkg.mjs';

/** Two labelled clusters in `dim` dimensions (a tiny LCG, deterministic). */
function clusters(per, dim, gap) {
  let s = 12345;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const x = new Float32Array(2 * per * dim);
  const labels = [];
  for (let i = 0; i < 2 * per; i++) {
    const c = i % 2;
    for (let a = 0; a < dim; a++) x[i * dim + a] = (a === 0 ? c * gap : 0) + (u() - 0.5);
    labels.push(c ? 'money' : 'river');
  }
  return { x, labels };
}

test('trainProbe separates two clusters and reports a consistent confusion table', () => {
  const { x, labels } = clusters(20, 8, 5);
  const r = lib.trainProbe(x, 8, labels, { testFraction: 0.25, seed: 3, epochs: 150, l2: 0.001 });
  assert.deepEqual(r.labels, ['river', 'money']);
  assert.equal(r.accuracy, 1);
  assert.equal(r.testSize, 10); // round(20 · 0.25) = 5 per label
  assert.equal(r.trainSize, 30);
  assert.deepEqual(r.confusion, [[5, 0], [0, 5]]);
  assert.equal(r.predictions.length, 40);
  assert.equal(r.loss.length, 150);
  assert.ok(r.loss.at(-1) < r.loss[0]);
  for (const i of r.testIndices) assert.equal(r.labels[r.predictions[i]], labels[i]);
  // Same seed, same split; another seed, another split.
  assert.deepEqual(lib.trainProbe(x, 8, labels, { seed: 3, testFraction: 0.25 }).testIndices, r.testIndices);
  assert.notDeepEqual(lib.trainProbe(x, 8, labels, { seed: 4, testFraction: 0.25 }).testIndices, r.testIndices);
});

test('trainProbe rejects one class, mismatched sizes and bad settings with readable messages', () => {
  assert.throws(() => lib.trainProbe(new Float32Array(4), 2, ['a', 'a'], {}), /two different labels/);
  assert.throws(() => lib.trainProbe(new Float32Array(5), 2, ['a', 'b'], {}), /expected 4/);
  assert.throws(() => lib.trainProbe(new Float32Array(0), 2, [], {}), /labelled lines/);
  assert.throws(() => lib.trainProbe(new Float32Array(4), 2, ['a', 'b'], { epochs: 0 }), /epochs must be a whole number between 1 and 5000/);
  assert.throws(() => lib.trainProbe(new Float32Array(4), 2, ['a', 'b'], { testFraction: 2 }), /testFraction/);
});
