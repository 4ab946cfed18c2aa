// Ours in a Web Worker of headless Chromium, as the page trains (benches/seq2seq.sh): the same
// step as benches/seq2seq/wasm_step.mjs, timed after 20 warm-up steps.
import init, * as wasm from '../../pkg/nlp_playground.js';

self.onmessage = async (e) => {
  await init();
  const { steps } = e.data;
  const m = wasm.Seq2Seq.fromTask('copy', { minLength: 10, maxLength: 10, symbols: 20, count: 5000, seed: 1 },
    { attention: 'additive', embed: 32, hidden: 64, batch: 16, lr: 1e-3, clip: 1, steps: 1_000_000 });
  const info = m.info();
  m.train(20);
  const t0 = performance.now();
  m.train(steps);
  self.postMessage({ peer: 'ours-wasm-chromium', ms_per_step: (performance.now() - t0) / steps, steps, vocab: [info.srcVocab, info.tgtVocab] });
};
