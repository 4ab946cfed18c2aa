// TensorFlow.js for the speed benchmarks' peers (benches/*/tfjs_step.mjs): the wasm backend, one
// thread, in Node, its .wasm files from the npm package (`npm ci --prefix benches`). Traps of 4.22
// the peers work around (../shared/TOOLCHAIN.md): no gradient for gather on wasm (embeddings as
// one-hot × matrix), oneHot must be made as int32 and cast, no AdamW, Adam's ε defaults to 1e-7.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('./package.json', import.meta.url));
let tf, wasmBackend;
try {
  tf = require('@tensorflow/tfjs');
  wasmBackend = require('@tensorflow/tfjs-backend-wasm');
} catch {
  console.error('TensorFlow.js is not installed: run `npm ci --prefix benches`');
  process.exit(2);
}
wasmBackend.setWasmPaths(fileURLToPath(new URL('./node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
wasmBackend.setThreadsCount?.(1);
await tf.setBackend('wasm');

/** One-hot rows of `ids` over `n` classes, float32 (made as int32 and cast: see above). */
const oneHot = (ids, n) => tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), n), 'float32');

/** Scales `grads` ({name: tensor}) so their global norm is at most `max` (PyTorch's clip_grad_norm_). */
function clipByGlobalNorm(grads, max) {
  const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0];
  const scale = norm > max ? max / (norm + 1e-6) : 1;
  return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)]));
}

/**
 * Times `step` (returns the loss, or nothing) as every peer is timed: `warmup` untimed calls, then
 * `steps` timed ones; wall and process CPU time (user + system) per step, and the last loss.
 * The row's other fields (`peer`, `cell`, `steps`, `tfjs`) are the caller's.
 */
function timeSteps(step, steps, warmup = 3) {
  for (let i = 0; i < warmup; i++) step();
  const [t0, c0] = [performance.now(), process.cpuUsage()];
  let loss;
  for (let i = 0; i < steps; i++) loss = step();
  const ms = (performance.now() - t0) / steps;
  const c = process.cpuUsage(c0);
  return { peer: 'tfjs-wasm', ms_per_step: ms, cpu_ms_per_step: (c.user + c.system) / 1e3 / steps, steps, loss, tfjs: tf.version.tfjs };
}

export { tf, oneHot, clipByGlobalNorm, timeSteps };
