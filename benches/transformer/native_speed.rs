//! Native side of the Transformer speed benchmark (benches/transformer.sh): one training step of
//! the model — causal LM, vocabulary 64, 2 layers, 2 heads, width 64, feed-forward 256,
//! learned positions, post-LN (PyTorch's default), dropout 0.1, context 32, batch 16, AdamW with
//! clipping at 1 — on src/lm/transformer's network. One step = zero_grad, forward, backward,
//! clip_grad_norm, AdamW. Batches are random windows of a random id stream (speed does not depend
//! on the text). Prints one JSON line with ms/step and the GFLOP/s of the step's matrix products,
//! then the matmul kernel alone on the step's shapes (`benches/gemm_bench.rs`), one line each.
#[path = "../gemm_bench.rs"]
mod gemm_bench;

use nlp_playground::lm::transformer::data::causal_batch;
use nlp_playground::lm::transformer::net::{Net, Shape};
use nlp_playground::nn::optim::{clip_grad_norm, Adam, Optimizer};
use nlp_playground::nn::param::Module;
use nlp_playground::rng::Rng;
use std::time::Instant;

const V: usize = 64;
const H: usize = 64;
const F: usize = 256;
const L: usize = 2;
const T: usize = 32;
const B: usize = 16;

/// Multiply-adds ×2 of one step: forward (Q, K, V, O: 4·N·H·H; FFN 2·N·H·F; scores and context
/// 2·B·T·T·H per layer; logits N·H·V) and backward ≈ twice the forward.
fn flops() -> f64 {
    let n = (B * T) as f64;
    let (h, f, v, t) = (H as f64, F as f64, V as f64, T as f64);
    let per_layer = 4.0 * n * h * h + 2.0 * n * h * f + 2.0 * B as f64 * t * t * h;
    let forward = 2.0 * (L as f64 * per_layer + n * h * v);
    3.0 * forward
}

/// CPU time this process has run so far, in ms (Linux: /proc/self/schedstat's first field, ns;
/// NaN elsewhere). On a busy machine it is the better guide than wall time.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()))
        .map_or(f64::NAN, |ns| ns / 1e6)
}

fn main() {
    let steps: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(200);
    let shape = Shape {
        mlm: false,
        vocab: V,
        dim: H,
        heads: 2,
        ff: F,
        layers: L,
        context: T,
        learned_positions: true,
        pre_ln: false,
        dropout: 0.1,
    };
    let mut rng = Rng::new(1);
    let mut net = Net::new(shape, &mut rng);
    let stream: Vec<u32> = (0..100_000).map(|_| rng.below(V) as u32).collect();
    let mut opt = Adam::adamw(1e-3);
    let mut step = |rng: &mut Rng| {
        let bt = causal_batch(&stream, B, T, rng);
        net.zero_grad();
        let loss = net.forward(&bt, Some(rng));
        net.backward(&bt);
        clip_grad_norm(&mut net, 1.0);
        opt.step(&mut net);
        loss
    };
    for _ in 0..20 {
        step(&mut rng);
    }
    let (t0, c0) = (Instant::now(), cpu_ms());
    let mut loss = 0.0;
    for _ in 0..steps {
        loss = step(&mut rng);
    }
    let ms = t0.elapsed().as_secs_f64() * 1e3 / steps as f64;
    let cpu = (cpu_ms() - c0) / steps as f64;
    println!(
        "{{\"peer\": \"ours-native\", \"ms_per_step\": {ms:.3}, \"cpu_ms_per_step\": {cpu:.3}, \"gflops\": {:.2}, \"steps\": {steps}, \"loss\": {loss:.3}}}",
        flops() / ms / 1e6
    );
    // The step's products (Q/K/V/O and logits, both N×64×64 since V = H; feed-forward in and
    // out) and the kernel's peak shape; the same list as benches/transformer/wasm_core.mjs.
    let n = B * T;
    gemm_bench::print_native(&[(n, H, H), (n, H, F), (n, F, H), (256, 256, 256)]);
}
