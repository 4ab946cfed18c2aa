// Our wasm side of the Transformer speed benchmark (benches/transformer.sh), shared by Node
// (wasm_step.mjs) and the Chromium worker (browser_worker.js): the page's own JS API (pkg/,
// `new Transformer(text, config)`, `train(steps)`), so it times exactly what the chapter runs. The
// issue's model: causal LM, 2 layers, 2 heads, width 64, feed-forward 256, learned positions,
// post-LN, dropout 0.1, context 32, batch 16, AdamW, clipping at 1; the vocabulary is 64 (the 5
// special tokens and 59 words of a seeded random text; the tokens' values do not change the work),
// nothing held out (so `train` never evaluates).

export const CONFIG = { kind: 'causal', layers: 2, heads: 2, dim: 64, ff: 256, context: 32, positional: 'learned', norm: 'post',
  dropout: 0.1, lr: 1e-3, warmup: 0, batch: 16, unit: 'word', holdout: 0, clip: 1, steps: 1_000_000, seed: 1 };
const [V, H, F, L, T, B] = [64, 64, 256, 2, 32, 16];

/** 100,000 words over 59 types, 10 per line, from a fixed-seed LCG. */
export function corpus() {
  let s = 12345;
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) % (V - 5);
  return Array.from({ length: 10_000 }, () => Array.from({ length: 10 }, () => `w${next()}`).join(' ')).join('\n');
}

/** Multiply-adds ×2 of the matrix products of one step, as benches/transformer/native_speed.rs
 * counts them: forward Q, K, V, O (4·N·H²), feed-forward (2·N·H·F), scores and context (2·B·T²·H)
 * per layer, logits (N·H·V); backward ≈ twice the forward. */
export function flops() {
  const n = B * T;
  const perLayer = 4 * n * H * H + 2 * n * H * F + 2 * B * T * T * H;
  return 3 * 2 * (L * perLayer + n * H * V);
}

/** The matmul microbenchmark's shapes: the step's products (Q/K/V/O and the logits, both
 * 512×64×64 since V = H; feed-forward in and out) and the square one of the kernel's peak. */
export const GEMM_SHAPES = [[B * T, H, H], [B * T, H, F], [B * T, F, H], [256, 256, 256]];

/** Times `steps` training steps after 20 warm-up steps; one row `{peer, ms_per_step, gflops, …}`. */
export function run(lib, peer, steps, cpuMs = () => NaN) {
  const t = new lib.Transformer(corpus(), CONFIG);
  try {
    const info = t.info();
    if (info.vocab !== V) throw new Error(`vocabulary ${info.vocab}, expected ${V}`);
    t.train(20);
    const [t0, c0] = [performance.now(), cpuMs()];
    const r = t.train(steps);
    const ms = (performance.now() - t0) / steps;
    return { peer, ms_per_step: ms, cpu_ms_per_step: (cpuMs() - c0) / steps, gflops: flops() / ms / 1e6, steps, loss: r.loss };
  } finally {
    t.free();
  }
}
