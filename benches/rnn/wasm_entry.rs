//! The wasm side of the RNN speed benchmark (benches/rnn.sh): `step.rs` behind plain C exports,
//! built as its own small module (`cargo build --release --target wasm32-unknown-unknown
//! --example rnn_wasm`), so Node and a Chromium worker time exactly the code the native binary
//! times, without the page's bindings. JavaScript owns the clock: it times calls of
//! `rnn_steps` / `gemm_run` (benches/rnn/wasm_step.mjs, browser_worker.js). Its matmul
//! microbenchmark (`gemm_dims`) also serves benches/transformer.sh.
#[path = "../gemm_bench.rs"]
mod gemm_bench;
#[path = "step.rs"]
mod step;

use gemm_bench::GemmBench;
use nlp_playground::nn::recurrent::Cell;
use std::cell::RefCell;
use step::{Bench, GEMM_SHAPES};

thread_local! {
    static RNN: RefCell<Option<Bench>> = const { RefCell::new(None) };
    static GEMM: RefCell<Option<GemmBench>> = const { RefCell::new(None) };
}

/// Builds the benchmark network: cell 0 = GRU, 1 = LSTM.
#[no_mangle]
pub extern "C" fn rnn_new(cell: u32) {
    let cell = if cell == 1 { Cell::Lstm } else { Cell::Gru };
    RNN.with(|b| *b.borrow_mut() = Some(Bench::new(cell)));
}

/// Runs `n` training steps; returns the last loss (NaN without `rnn_new`).
#[no_mangle]
pub extern "C" fn rnn_steps(n: u32) -> f64 {
    RNN.with(|b| b.borrow_mut().as_mut().map_or(f64::NAN, |b| (0..n).map(|_| b.step()).last().unwrap_or(0.0)))
}

/// Multiply–adds × 2 of one step of `cell` (0 GRU, 1 LSTM).
#[no_mangle]
pub extern "C" fn rnn_flops(cell: u32) -> f64 {
    step::flops(if cell == 1 { Cell::Lstm } else { Cell::Gru })
}

/// Prepares shape `i` of [`GEMM_SHAPES`]; returns its flops per product (0 past the end).
#[no_mangle]
pub extern "C" fn gemm_new(i: u32) -> f64 {
    let Some(&(m, k, n)) = GEMM_SHAPES.get(i as usize) else { return 0.0 };
    gemm_dims(m as u32, k as u32, n as u32)
}

/// Prepares any shape (the other benchmarks' own, e.g. benches/transformer); returns its flops
/// per product.
#[no_mangle]
pub extern "C" fn gemm_dims(m: u32, k: u32, n: u32) -> f64 {
    let g = GemmBench::new(m as usize, k as usize, n as usize);
    let f = g.flops();
    GEMM.with(|s| *s.borrow_mut() = Some(g));
    f
}

/// Shape `i` of [`GEMM_SHAPES`] as `m·1e6 + k·1e3 + n`.
#[no_mangle]
pub extern "C" fn gemm_shape(i: u32) -> f64 {
    GEMM_SHAPES.get(i as usize).map_or(0.0, |&(m, k, n)| (m * 1_000_000 + k * 1000 + n) as f64)
}

/// `reps` products of the prepared shape.
#[no_mangle]
pub extern "C" fn gemm_run(reps: u32) -> f32 {
    GEMM.with(|s| s.borrow_mut().as_mut().map_or(f32::NAN, |g| g.run(reps as usize)))
}
