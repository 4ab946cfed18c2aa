//! Native side of the RNN speed benchmark (benches/rnn.sh): the public path (`RnnLm::train(1)`,
//! `public.rs`) and the bare network step of `step.rs` (`Net` + Adam, what the public path adds
//! to it shows as the difference) for the GRU and the LSTM, and the matmul microbenchmark. Prints
//! one JSON line per measurement, with the wall-clock and the CPU time per step.
//! Usage: target/release/examples/rnn_speed [steps] [parts: gru,lstm,gemm]   (parts, e.g. to profile one)
#[path = "../gemm_bench.rs"]
mod gemm_bench;
#[path = "public.rs"]
mod public;
#[path = "step.rs"]
mod step;

use nlp_playground::lm::seq2seq::RnnCell;
use nlp_playground::nn::recurrent::Cell;
use std::time::Instant;
use step::{flops, Bench, GEMM_SHAPES};

/// CPU time of this thread in ms (Linux: /proc/thread-self/schedstat, nanoseconds on a CPU);
/// NaN elsewhere.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()))
        .map_or(f64::NAN, |ns| ns / 1e6)
}

/// Times `steps` calls of `f` after 10 warm-up calls: (wall ms, CPU ms) per call, and the last value.
fn time(steps: usize, mut f: impl FnMut() -> f64) -> (f64, f64, f64) {
    for _ in 0..10 {
        f();
    }
    let (t0, c0) = (Instant::now(), cpu_ms());
    let mut last = 0.0;
    for _ in 0..steps {
        last = f();
    }
    (t0.elapsed().as_secs_f64() * 1e3 / steps as f64, (cpu_ms() - c0) / steps as f64, last)
}

fn json(v: f64) -> String {
    if v.is_finite() {
        v.to_string()
    } else {
        "null".into()
    }
}

fn main() {
    let steps: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let parts = std::env::args().nth(2).unwrap_or_else(|| "gru,lstm,gemm".into());
    let parts: Vec<&str> = parts.split(',').collect();
    let text = public::text();
    for (name, cell, rnn_cell) in [("gru", Cell::Gru, RnnCell::Gru), ("lstm", Cell::Lstm, RnnCell::Lstm)] {
        if !parts.contains(&name) {
            continue;
        }
        let mut m = public::model(&text, rnn_cell);
        let vocab = m.data.vocab();
        let (ms, cpu, loss) = time(steps, || m.train(1).expect("finite").loss);
        let gflops = flops(cell) / ms / 1e6;
        println!(
            "{{\"peer\": \"ours-native\", \"cell\": \"{name}\", \"ms_per_step\": {ms}, \"cpu_ms_per_step\": {}, \"gflops\": {gflops}, \"steps\": {steps}, \"loss\": {loss}, \"vocab\": {vocab}}}",
            json(cpu)
        );
        let mut b = Bench::new(cell);
        let (ms, cpu, loss) = time(steps, || b.step());
        let gflops = flops(cell) / ms / 1e6;
        println!(
            "{{\"peer\": \"ours-native-net\", \"cell\": \"{name}\", \"ms_per_step\": {ms}, \"cpu_ms_per_step\": {}, \"gflops\": {gflops}, \"steps\": {steps}, \"loss\": {loss}}}",
            json(cpu)
        );
    }
    if parts.contains(&"gemm") {
        gemm_bench::print_native(&GEMM_SHAPES);
    }
}
