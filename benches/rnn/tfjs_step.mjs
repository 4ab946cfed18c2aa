// TensorFlow.js peer of the RNN speed benchmark (benches/rnn.sh): issue 10's character LM with
// the wasm backend, one thread, in Node — the in-browser peer. Embedding(64, 32) as one-hot ×
// matrix (the wasm backend has no gradient for gather), one GRU or LSTM layer of 128 with
// PyTorch's equations (tf.layers.gru is another cell: no reset_after, hard sigmoid), each step's
// gates from one matMul of x and one of h as PyTorch does, Linear(128, 64), softmax
// cross-entropy, Adam(1e-3, ε 1e-8); batch 16, BPTT 32, the state carried between chunks.
// One step = forward, backward, update. Prints one JSON line per cell.
// Needs `npm ci --prefix benches`. Usage: node benches/rnn/tfjs_step.mjs [steps] [gru,lstm]
import { oneHot as hot, tf, timeSteps } from '../tfjs_setup.mjs';

const [V, E, H, B, T] = [64, 32, 128, 16, 32];
const steps = Number(process.argv[2] ?? 20);
const cells = (process.argv[3] ?? 'gru,lstm').split(',');
const u = (shape, fanIn) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
const oneHot = (ids) => hot(ids, V);

function bench(cell) {
  const G = cell === 'lstm' ? 4 : 3;
  const P = {
    emb: tf.variable(tf.randomNormal([V, E])),
    wih: u([E, G * H], H), whh: u([H, G * H], H), bih: u([G * H], H), bhh: u([G * H], H),
    wo: u([H, V], H), bo: u([V], H),
  };
  const vars = Object.values(P);
  /** PyTorch's GRU step: r, z, n with b_hn inside the reset product. */
  const gru = (xp, [h]) => {
    const hp = tf.add(tf.matMul(h, P.whh), P.bhh);
    const [xr, xz, xn] = tf.split(xp, 3, 1);
    const [hr, hz, hn] = tf.split(hp, 3, 1);
    const r = tf.sigmoid(tf.add(xr, hr));
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    return [tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h))];
  };
  /** PyTorch's LSTM step: gates i, f, g, o. */
  const lstm = (xp, [h, c]) => {
    const [i, f, g, o] = tf.split(tf.add(xp, tf.add(tf.matMul(h, P.whh), P.bhh)), 4, 1);
    const c2 = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    return [tf.mul(tf.sigmoid(o), tf.tanh(c2)), c2];
  };
  const stepFn = cell === 'lstm' ? lstm : gru;
  const chunks = Array.from({ length: 16 }, () => {
    const ids = Array.from({ length: (T + 1) * B }, () => Math.floor(Math.random() * V));
    return { x: oneHot(ids.slice(0, T * B)), y: oneHot(ids.slice(B)) };
  });
  let state = Array.from({ length: cell === 'lstm' ? 2 : 1 }, () => tf.zeros([B, H]));
  const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  let k = 0;
  const step = () => {
    const { x, y } = chunks[k];
    k = (k + 1) % chunks.length;
    let next;
    const value = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const xp = tf.add(tf.matMul(tf.matMul(x, P.emb), P.wih), P.bih); // (T·B, G·H), all steps at once
        let s = state;
        const hs = [];
        for (let t = 0; t < T; t++) {
          s = stepFn(tf.slice(xp, [t * B, 0], [B, G * H]), s);
          hs.push(s[0]);
        }
        next = s.map((v) => tf.keep(v));
        const logits = tf.add(tf.matMul(tf.concat(hs, 0), P.wo), P.bo);
        return tf.losses.softmaxCrossEntropy(y, logits);
      }, vars);
      opt.applyGradients(grads);
      return value;
    });
    state.forEach((v) => v.dispose());
    state = next; // a plain tensor: variableGrads differentiates only the variables (truncated BPTT)
    const loss = value.dataSync()[0];
    value.dispose();
    return loss;
  };
  return { ...timeSteps(step, steps), cell };
}

for (const cell of cells) console.log(JSON.stringify(bench(cell)));
