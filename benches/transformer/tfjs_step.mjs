// TensorFlow.js peer of the Transformer speed benchmark (benches/transformer.sh): the issue's
// training step with the wasm backend, one thread, in Node — the in-browser peer. The same network
// as ours and the PyTorch peer (torch_step.py): token embedding (one-hot × matrix: the wasm backend
// has no gradient for gather) + learned positions, two post-LN blocks of PyTorch's
// nn.TransformerEncoderLayer(64, 2, 256, dropout 0.1, exact GELU) — fused Q/K/V projection,
// causal mask, dropout on the attention weights, after the attention output and inside and after
// the feed-forward — logits tied to the embedding plus a bias, softmax cross-entropy, clipping at
// global norm 1, AdamW (Adam with ε 1e-8 plus PyTorch's decoupled weight decay 0.01: TF.js has no
// AdamW). Vocabulary 64, context 32, batch 16. One step = forward, backward, clip, update.
// Prints one JSON line (wall and process CPU time per step).
// Needs `npm ci --prefix benches`. Usage: node benches/transformer/tfjs_step.mjs [steps]
import { clipByGlobalNorm, oneHot, tf, timeSteps } from '../tfjs_setup.mjs';

const [V, H, NH, F, L, T, B] = [64, 64, 2, 256, 2, 32, 16];
const D = H / NH;
const [LR, WD, P] = [1e-3, 0.01, 0.1];
const steps = Number(process.argv[2] ?? 20);

const u = (shape, fanIn) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
const ones = (n) => tf.variable(tf.ones([n]));
const zeros = (n) => tf.variable(tf.zeros([n]));
const layers = Array.from({ length: L }, () => ({
  wqkv: u([H, 3 * H], H), bqkv: zeros(3 * H), wo: u([H, H], H), bo: zeros(H), g1: ones(H), b1: zeros(H),
  w1: u([H, F], H), c1: zeros(F), w2: u([F, H], F), c2: zeros(H), g2: ones(H), b2: zeros(H),
}));
const emb = tf.variable(tf.randomNormal([V, H], 0, 0.1));
const pos = tf.variable(tf.randomNormal([T, H], 0, 0.1));
const bias = zeros(V);
const vars = [emb, pos, bias, ...layers.flatMap((l) => Object.values(l))];
// Additive causal mask: −∞ (a large negative) above the diagonal.
const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9);

const norm = (x, g, b) => {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
};
const gelu = (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
/** (B·T, H) → (B, heads, T, D). */
const heads = (x) => tf.transpose(tf.reshape(x, [B, T, NH, D]), [0, 2, 1, 3]);

function block(x, l) {
  const [q, k, v] = tf.split(tf.add(tf.matMul(x, l.wqkv), l.bqkv), 3, 1);
  const scores = tf.add(tf.mul(tf.matMul(heads(q), heads(k), false, true), 1 / Math.sqrt(D)), mask);
  const ctx = tf.matMul(tf.dropout(tf.softmax(scores), P), heads(v)); // (B, heads, T, D)
  const att = tf.add(tf.matMul(tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [B * T, H]), l.wo), l.bo);
  const x1 = norm(tf.add(x, tf.dropout(att, P)), l.g1, l.b1);
  const ff = tf.add(tf.matMul(tf.dropout(gelu(tf.add(tf.matMul(x1, l.w1), l.c1)), P), l.w2), l.c2);
  return norm(tf.add(x1, tf.dropout(ff, P)), l.g2, l.b2);
}

// 16 batches of random windows, cycled (the tokens' values do not change the work).
const batches = Array.from({ length: 16 }, () => {
  const ids = Array.from({ length: B * (T + 1) }, () => Math.floor(Math.random() * V));
  const rows = (off) => Array.from({ length: B }, (_, b) => ids.slice(b * (T + 1) + off, b * (T + 1) + off + T)).flat();
  return { x: oneHot(rows(0), V), y: oneHot(rows(1), V) };
});
const opt = tf.train.adam(LR, 0.9, 0.999, 1e-8);
let k = 0;

function step() {
  const { x, y } = batches[k];
  k = (k + 1) % batches.length;
  const value = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      let h = tf.reshape(tf.add(tf.reshape(tf.matMul(x, emb), [B, T, H]), pos), [B * T, H]);
      h = tf.dropout(h, P);
      for (const l of layers) h = block(h, l);
      const logits = tf.add(tf.matMul(h, emb, false, true), bias);
      return tf.losses.softmaxCrossEntropy(y, logits);
    }, vars);
    for (const v of vars) v.assign(tf.mul(v, 1 - LR * WD)); // AdamW's decoupled decay
    opt.applyGradients(clipByGlobalNorm(grads, 1));
    return value;
  });
  const loss = value.dataSync()[0];
  value.dispose();
  return loss;
}

console.log(JSON.stringify(timeSteps(step, steps)));
