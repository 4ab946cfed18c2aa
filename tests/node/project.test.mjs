// The 2-D projection bindings from Node 20: pca2, Pca (warm start), Tsne (slices).
// Needs the package built first: scripts/build.sh (or cargo build --release --target
// wasm32-unknown-unknown && wasm-bindgen --target web --out-dir pkg …).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initSync, pca2, Pca, Tsne } from '../../pkg/nlp_playground.js';

initSync({ module: readFileSync(new URL('../../pkg/nlp_playground_bg.wasm', import.meta.url)) });

/** SplitMix-free tiny LCG + Box–Muller, enough for test data. */
function gaussian(n, dim, seed, offset = () => 0) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dim; a++) out[i * dim + a] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) + offset(i, a);
  }
  return out;
}

test('pca2 puts the dominant direction on the first axis', () => {
  // Points on the line t·(3, 4)/5 with tiny noise: PC1 coordinate = t (up to sign), PC2 ≈ 0.
  const n = 50;
  const v = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i - 24.5;
    v[2 * i] = 0.6 * t + 1;
    v[2 * i + 1] = 0.8 * t - 2 + (i % 2 ? 1e-3 : -1e-3);
  }
  const y = pca2(v, n, 2);
  assert.ok(y instanceof Float32Array);
  assert.equal(y.length, 2 * n);
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(Math.abs(y[2 * i]) - Math.abs(i - 24.5)) < 1e-3, `point ${i}: ${y[2 * i]}`);
    assert.ok(Math.abs(y[2 * i + 1]) < 1e-2);
  }
});

test('Pca warm start keeps the picture from flipping', () => {
  const n = 120, dim = 16;
  const x = gaussian(n, dim, 3);
  for (let i = 0; i < n; i++) { x[i * dim] *= 4; x[i * dim + 1] *= 2; }
  const pca = new Pca();
  const a = pca.fit(x, n, dim);
  const [e1, e2] = pca.explained();
  assert.ok(e1 > e2 && e2 > 0 && e1 + e2 < 1, `${e1} ${e2}`);
  const x2 = x.map((v, k) => v + 1e-3 * Math.sin(k));
  const b = pca.fit(x2, n, dim);
  let maxMove = 0;
  for (let k = 0; k < a.length; k++) maxMove = Math.max(maxMove, Math.abs(a[k] - b[k]));
  assert.ok(maxMove < 0.05, `moved ${maxMove}`);
});

test('bad input gives a readable error, not a crash', () => {
  assert.throws(() => pca2(new Float32Array([1, NaN, 0, 0]), 2, 2), /vector 0 .*not a finite number/);
  assert.throws(() => pca2(new Float32Array(3), 2, 2), /expected 2 vectors of dimension 2/);
  assert.throws(() => new Tsne(new Float32Array(8), 4, 2, { perplexity: 0 }), /perplexity must be a number between 2 and 100/);
  assert.throws(() => new Tsne(new Float32Array(8), 4, 2, { metric: 'manhattan' }), /invalid setting: metric must be one of `euclidean`, `cosine` \(got "manhattan"\)/);
  assert.deepEqual([...pca2(new Float32Array(0), 0, 3)], []);
  const t = new Tsne(new Float32Array(0), 0, 3, {});
  assert.equal(t.step(10).length, 0);
});

test('Tsne separates two clusters, is seeded, and steps in slices', () => {
  const n = 80, dim = 8;
  const x = gaussian(n, dim, 7, (i, a) => (a === 0 && i >= n / 2 ? 12 : 0));
  const cfg = { perplexity: 10, seed: 5, init: 'random' };
  const t = new Tsne(x, n, dim, cfg);
  assert.equal(t.isExact(), true);
  const e0 = t.error();
  let y;
  for (let s = 0; s < 10; s++) y = t.step(40);
  assert.equal(t.iteration(), 400);
  assert.ok(t.error() < e0, `KL ${e0} → ${t.error()}`);
  // Every point's nearest 2-D neighbour is from its own cluster.
  for (let i = 0; i < n; i++) {
    let best = -1, bd = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = (y[2 * i] - y[2 * j]) ** 2 + (y[2 * i + 1] - y[2 * j + 1]) ** 2;
      if (d < bd) { bd = d; best = j; }
    }
    assert.equal(best < n / 2, i < n / 2, `point ${i}`);
  }
  const u = new Tsne(x, n, dim, cfg);
  const z = u.step(400);
  assert.deepEqual([...z], [...y]);
});

test('Tsne uses Barnes–Hut above exactMax and accepts new data for the same points', () => {
  const n = 300, dim = 10;
  const x = gaussian(n, dim, 9, (i, a) => (a === 1 && i % 3 === 0 ? 10 : 0));
  const t = new Tsne(x, n, dim, { perplexity: 20, exactMax: 100, metric: 'cosine' });
  assert.equal(t.isExact(), false);
  const y = t.step(300);
  assert.ok(y.every(Number.isFinite));
  t.setData(x.map((v) => v * 1.1), n, dim);
  assert.deepEqual([...t.positions()], [...y]);
  assert.ok(Number.isFinite(t.error()));
});
