// TensorFlow.js peer of the seq2seq speed benchmark (benches/seq2seq.sh): the same network as ours
// and the PyTorch peer (bidirectional GRU encoder, the directions concatenated into the annotations
// additive attention scores, the context the weighted sum of the source embeddings, decoder
// GRU(E + E, H), output Linear(H + E, V)), with PyTorch's GRU equations written out (tf.layers.gru is another cell),
// embeddings as one-hot × matrix (the wasm backend has no gradient for gather), Adam, global-norm
// clipping. wasm backend, one thread, in Node. Vocabulary 24, embedding 32, hidden 64, source 10,
// target 10 + EOS, batch 16. Prints one JSON line (wall and process CPU time per step).
// Needs `npm ci --prefix benches`. Usage: node benches/seq2seq/tfjs_step.mjs [steps]
import { clipByGlobalNorm, oneHot as hot, tf, timeSteps } from '../tfjs_setup.mjs';

const [V, E, H, S, T, B] = [24, 32, 64, 10, 11, 16];
const steps = Number(process.argv[2] ?? 50);
const u = (shape, fanIn) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
const gru = (I) => ({ wih: u([I, 3 * H], H), whh: u([H, 3 * H], H), bih: u([3 * H], H), bhh: u([3 * H], H) });
const P = {
  srcEmb: tf.variable(tf.randomNormal([V, E])), tgtEmb: tf.variable(tf.randomNormal([V, E])),
  fwd: gru(E), bwd: gru(E), dec: gru(E + E),
  wq: u([H, H], H), bq: u([H], H), wk: u([2 * H, H], 2 * H), bk: u([H], 2 * H), v: u([H, 1], H),
  wo: u([H + E, V], H + E), bo: u([V], H + E),
};
const vars = [P.srcEmb, P.tgtEmb, ...['fwd', 'bwd', 'dec'].flatMap((k) => Object.values(P[k])), P.wq, P.bq, P.wk, P.bk, P.v, P.wo, P.bo];

/** PyTorch's GRU step: r, z, n with b_hn inside the reset product. */
function cell(g, x, h) {
  const xp = tf.add(tf.matMul(x, g.wih), g.bih);
  const hp = tf.add(tf.matMul(h, g.whh), g.bhh);
  const [xr, xz, xn] = tf.split(xp, 3, 1);
  const [hr, hz, hn] = tf.split(hp, 3, 1);
  const r = tf.sigmoid(tf.add(xr, hr));
  const z = tf.sigmoid(tf.add(xz, hz));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
}

const oneHot = (ids) => hot(ids, V);
const rand = (n) => Array.from({ length: n }, () => 4 + Math.floor(Math.random() * (V - 4)));
const src = Array.from({ length: S }, () => oneHot(rand(B))); // S × (B, V)
const tgt = Array.from({ length: T }, (_, t) => rand(B).map((x) => (t === T - 1 ? 2 : x)));
const tgtIn = tgt.map((row, t) => oneHot(t === 0 ? Array(B).fill(1) : tgt[t - 1]));
const labels = tf.concat(tgt.map((row) => oneHot(row)), 0);
const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);

function loss() {
  const xs = src.map((x) => tf.matMul(x, P.srcEmb));
  let hf = tf.zeros([B, H]);
  let hb = tf.zeros([B, H]);
  const fs = [];
  const bs = [];
  for (let s = 0; s < S; s++) { hf = cell(P.fwd, xs[s], hf); fs.push(hf); }
  for (let s = S - 1; s >= 0; s--) { hb = cell(P.bwd, xs[s], hb); bs[s] = hb; }
  const keys = tf.stack(fs.map((f, s) => tf.concat([f, bs[s]], 1))); // (S, B, 2H) Bahdanau's annotations
  const values = tf.stack(xs); // (S, B, E) the source embeddings
  const kp = tf.add(tf.reshape(tf.matMul(tf.reshape(keys, [S * B, 2 * H]), P.wk), [S, B, H]), P.bk);
  let st = tf.add(hf, bs[0]);
  const tops = [];
  for (let t = 0; t < T; t++) {
    const q = tf.add(tf.matMul(st, P.wq), P.bq);
    const e = tf.reshape(tf.matMul(tf.reshape(tf.tanh(tf.add(kp, q)), [S * B, H]), P.v), [S, B]);
    const a = tf.softmax(tf.transpose(e)); // (B, S)
    const c = tf.sum(tf.mul(tf.expandDims(tf.transpose(a), 2), values), 0); // (B, E)
    st = cell(P.dec, tf.concat([tf.matMul(tgtIn[t], P.tgtEmb), c], 1), st);
    tops.push(tf.concat([st, c], 1));
  }
  const logits = tf.add(tf.matMul(tf.concat(tops, 0), P.wo), P.bo);
  return tf.losses.softmaxCrossEntropy(labels, logits);
}

function step() {
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, vars);
    opt.applyGradients(clipByGlobalNorm(grads, 1));
    return value;
  });
}

console.log(JSON.stringify(timeSteps(step, steps, 5)));
