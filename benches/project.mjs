// Projection timings in Node (wasm): `node benches/project.mjs` after building pkg/.
// Prints ms per PCA fit (cold and warm) and per t-SNE iteration, exact and Barnes–Hut.
import { readFileSync } from 'node:fs';
import { initSync, Pca, Tsne } from '../pkg/nlp_playground.js';

initSync({ module: readFileSync(new URL('../pkg/nlp_playground_bg.wasm', import.meta.url)) });
const data = (n, dim) => Float32Array.from({ length: n * dim }, (_, k) => Math.sin(k * 12.9898) * 43758.5453 % 1);
const time = (f) => { const t0 = performance.now(); f(); return performance.now() - t0; };

for (const [n, dim] of [[1000, 100], [3000, 100]]) {
  const x = data(n, dim);
  const pca = new Pca();
  const cold = time(() => pca.fit(x, n, dim));
  const warm = time(() => pca.fit(x.map((v) => v * 1.001), n, dim));
  console.log(`PCA n=${n} dim=${dim}: cold ${cold.toFixed(1)} ms, warm ${warm.toFixed(1)} ms`);
  let t;
  const build = time(() => { t = new Tsne(x, n, dim, { perplexity: 30, metric: 'cosine' }); });
  const it = time(() => t.step(50)) / 50;
  console.log(`t-SNE n=${n} (${t.isExact() ? 'exact' : 'Barnes–Hut'}): setup ${build.toFixed(0)} ms, ${it.toFixed(2)} ms/iteration`);
}
