//! Native side of the RNN speed benchmark (benches/rnn.sh): the step of `step.rs` for the GRU and
//! the LSTM, and the matmul microbenchmark. Prints one JSON line per measurement.
//! Usage: target/release/examples/rnn_speed [steps] [parts: gru,lstm,gemm]   (parts, e.g. to profile one)
#[path = "step.rs"]
mod step;

use nlp_playground::nn::recurrent::Cell;
use std::time::Instant;
use step::{flops, Bench, GemmBench, GEMM_SHAPES};

fn main() {
    let steps: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let parts = std::env::args().nth(2).unwrap_or_else(|| "gru,lstm,gemm".into());
    let parts: Vec<&str> = parts.split(',').collect();
    for (name, cell) in [("gru", Cell::Gru), ("lstm", Cell::Lstm)] {
        if !parts.contains(&name) {
            continue;
        }
        let mut b = Bench::new(cell);
        for _ in 0..10 {
            b.step();
        }
        let t0 = Instant::now();
        let mut loss = 0.0;
        for _ in 0..steps {
            loss = b.step();
        }
        let ms = t0.elapsed().as_secs_f64() * 1e3 / steps as f64;
        let gflops = flops(cell) / ms / 1e6;
        println!("{{\"peer\": \"ours-native\", \"cell\": \"{name}\", \"ms_per_step\": {ms}, \"gflops\": {gflops}, \"steps\": {steps}, \"loss\": {loss}}}");
    }
    for (m, k, n) in GEMM_SHAPES.into_iter().filter(|_| parts.contains(&"gemm")) {
        let mut g = GemmBench::new(m, k, n);
        let reps = (2e8 / g.flops()).ceil() as usize; // ≈ 0.2 GFLOP per round
        g.run(reps / 10);
        // The best of 5 rounds: the kernel's speed when the machine lets it run.
        let best = (0..5)
            .map(|_| {
                let t0 = Instant::now();
                std::hint::black_box(g.run(reps));
                t0.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        let gflops = g.flops() * reps as f64 / best / 1e9;
        println!("{{\"peer\": \"ours-native\", \"gemm\": \"{m}x{k}x{n}\", \"gflops\": {gflops}}}");
    }
}
