// What the TensorFlow.js peers of the speed benchmarks share (benches/rnn/tfjs_step.mjs,
// benches/seq2seq/tfjs_step.mjs): TF.js on its wasm backend with one thread, in Node; weights
// uniform in ±1/√fan-in as PyTorch initialises them; one-hot rows (the wasm backend has no
// gradient for gather, so an embedding is one-hot × matrix); PyTorch's GRU and LSTM equations
// (tf.layers' cells are other cells: no reset_after, hard sigmoid); the timing of a step.
// Needs `npm ci --prefix benches`.
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

export { tf };

/** A trained variable of `shape`, uniform in ±1/√fanIn (torch.nn.GRU / LSTM / Linear). */
export const uniform = (shape, fanIn) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));

/** (ids.length, V) one-hot rows. */
export const oneHot = (ids, V) => tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), V), 'float32');

/** PyTorch's GRU step from the input's and the state's projections (each with its bias):
 * r, z, n with b_hn inside the reset product, h' = (1 − z)·n + z·h. */
export function gruStep(xp, hp, h) {
  const [xr, xz, xn] = tf.split(xp, 3, 1);
  const [hr, hz, hn] = tf.split(hp, 3, 1);
  const r = tf.sigmoid(tf.add(xr, hr));
  const z = tf.sigmoid(tf.add(xz, hz));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
}

/** PyTorch's LSTM step from the summed projections (gates i, f, g, o): [h', c']. */
export function lstmStep(gates, c) {
  const [i, f, g, o] = tf.split(gates, 4, 1);
  const c2 = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return [tf.mul(tf.sigmoid(o), tf.tanh(c2)), c2];
}

/** `warm` untimed calls of `step`, then `steps` timed ones: wall and process CPU ms per step and
 * the last call's result. */
export function timeSteps(step, warm, steps) {
  for (let i = 0; i < warm; i++) step();
  const [t0, c0] = [performance.now(), process.cpuUsage()];
  let last;
  for (let i = 0; i < steps; i++) last = step();
  const c = process.cpuUsage(c0);
  return { ms: (performance.now() - t0) / steps, cpuMs: (c.user + c.system) / 1000 / steps, last };
}
