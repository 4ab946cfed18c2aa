//! Native side of the RNN speed benchmark (benches/rnn.sh): the step of `step.rs` for the GRU and
//! the LSTM, and the matmul microbenchmark. Prints one JSON line per measurement.
//! Usage: target/release/examples/rnn_speed [steps] [parts: gru,lstm,gemm]   (parts, e.g. to profile one)
#[path = "../gemm_bench.rs"]
mod gemm_bench;
#[path = "step.rs"]
mod step;

use nlp_playground::nn::recurrent::Cell;
use std::time::Instant;
use step::{flops, Bench, GEMM_SHAPES};

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
    if parts.contains(&"gemm") {
        gemm_bench::print_native(&GEMM_SHAPES);
    }
}
