//! A matrix-product microbenchmark of `nn::matmul::gemm` (the kernel every model's layers use),
//! shared by the speed benchmarks (benches/rnn, benches/transformer) natively and in wasm, so the
//! GFLOP/s a training step reaches can be set beside what the kernel itself reaches on the same
//! machine, on the step's own shapes and on a square one that fits in L2 (the kernel's peak).
#![allow(dead_code)] // each benchmark binary uses part of it

use ndarray::Array2;
use nlp_playground::nn::matmul::{gemm, GemmScratch, Init, PackedB};
use nlp_playground::rng::Rng;

/// `C (m × n) = A (m × k) · B (k × n)` repeated: the kernel's own speed on one shape.
pub struct GemmBench {
    a: Array2<f32>,
    b: PackedB,
    c: Array2<f32>,
    scratch: GemmScratch,
}

impl GemmBench {
    pub fn new(m: usize, k: usize, n: usize) -> Self {
        let mut rng = Rng::new(2);
        let a = Array2::from_shape_fn((m, k), |_| rng.next_f32() - 0.5);
        let b = Array2::from_shape_fn((k, n), |_| rng.next_f32() - 0.5);
        GemmBench { a, b: PackedB::packed(b.view()), c: Array2::zeros((m, n)), scratch: GemmScratch::default() }
    }

    /// `reps` products; returns one element of C so the work cannot be dropped.
    pub fn run(&mut self, reps: usize) -> f32 {
        for _ in 0..reps {
            gemm(self.a.view(), &self.b, self.c.view_mut(), Init::Zero, &mut self.scratch);
        }
        self.c[[0, 0]]
    }

    pub fn flops(&self) -> f64 {
        2.0 * (self.a.nrows() * self.a.ncols() * self.c.ncols()) as f64
    }
}

/// Native: for each shape, the best of 5 rounds of ≈ 0.2 GFLOP (the kernel's speed when the
/// machine lets it run), printed as one JSON line `{peer, gemm: "MxKxN", gflops}`.
#[cfg(not(target_arch = "wasm32"))]
pub fn print_native(shapes: &[(usize, usize, usize)]) {
    use std::time::Instant;
    for &(m, k, n) in shapes {
        let mut g = GemmBench::new(m, k, n);
        let reps = (2e8 / g.flops()).ceil() as usize;
        g.run(reps / 10);
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
