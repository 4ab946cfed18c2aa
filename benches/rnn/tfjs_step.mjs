// TensorFlow.js peer of the RNN speed benchmark (benches/rnn.sh): issue 10's character LM with
// the wasm backend, one thread, in Node — the in-browser peer. Embedding(64, 32) as one-hot ×
// matrix (the wasm backend has no gradient for gather), one GRU or LSTM layer of 128 with
// PyTorch's equations (tf.layers.gru is another cell: no reset_after, hard sigmoid), each step's
// gates from one matMul of x and one of h as PyTorch does, Linear(128, 64), softmax
// cross-entropy, Adam(1e-3, ε 1e-8); batch 16, BPTT 32, the state carried between chunks.
// One step = forward, backward, update. Prints one JSON line per cell.
// Needs `npm ci --prefix benches`. Usage: node benches/rnn/tfjs_step.mjs [steps] [gru,lstm]
// Set-up, initialisation and the cells' equations: benches/tfjs_peer.mjs.
import { tf, uniform as u, oneHot as oneHotV, gruStep, lstmStep, timeSteps } from '../tfjs_peer.mjs';

const [V, E, H, B, T] = [64, 32, 128, 16, 32];
const steps = Number(process.argv[2] ?? 20);
const cells = (process.argv[3] ?? 'gru,lstm').split(',');
const oneHot = (ids) => oneHotV(ids, V);

function bench(cell) {
  const G = cell === 'lstm' ? 4 : 3;
  const P = {
    emb: tf.variable(tf.randomNormal([V, E])),
    wih: u([E, G * H], H), whh: u([H, G * H], H), bih: u([G * H], H), bhh: u([G * H], H),
    wo: u([H, V], H), bo: u([V], H),
  };
  const vars = Object.values(P);
  const gru = (xp, [h]) => [gruStep(xp, tf.add(tf.matMul(h, P.whh), P.bhh), h)];
  const lstm = (xp, [h, c]) => lstmStep(tf.add(xp, tf.add(tf.matMul(h, P.whh), P.bhh)), c);
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
  const { ms, last: loss } = timeSteps(step, 3, steps);
  return { peer: 'tfjs-wasm', cell, ms_per_step: ms, steps, loss, tfjs: tf.version.tfjs };
}

for (const cell of cells) console.log(JSON.stringify(bench(cell)));
