//! The step the RNN speed benchmark times (benches/rnn.sh), shared by the native binary
//! (`native_speed.rs`) and the wasm entry (`wasm_entry.rs`): issue 10's model, a character
//! language model with vocabulary 64, embedding 32, one recurrent layer of 128, batch 16,
//! truncated BPTT over 32 steps with the hidden state carried, Adam 1e-3, no dropout, no
//! clipping. One step = zero_grad → forward → cross-entropy → backward → Adam, on
//! `lm::rnn::Net` (the network the RNN chapter trains).
//!
//! The shapes of its matrix-product microbenchmark (`benches/gemm_bench.rs`) are here too.

use nlp_playground::lm::rnn::{Net, Shape};
use nlp_playground::nn::optim::{Adam, Optimizer};
use nlp_playground::nn::param::Module;
use nlp_playground::nn::recurrent::{Cell, State};
use nlp_playground::rng::Rng;

pub const VOCAB: usize = 64;
pub const EMBED: usize = 32;
pub const HIDDEN: usize = 128;
pub const BATCH: usize = 16;
pub const BPTT: usize = 32;
/// Chunks of random characters cycled through (the tokens' values do not change the work).
const CHUNKS: usize = 16;

pub struct Bench {
    net: Net,
    opt: Adam,
    state: Vec<State>,
    stream: Vec<u32>,
    chunk: usize,
    rng: Rng,
}

impl Bench {
    pub fn new(cell: Cell) -> Self {
        let mut rng = Rng::new(1);
        let shape = Shape { cell, vocab: VOCAB, embed: EMBED, hidden: HIDDEN, layers: 1, dropout: 0.0 };
        let net = Net::new(shape, &mut rng);
        let stream = (0..(CHUNKS * BPTT + 1) * BATCH).map(|_| rng.below(VOCAB) as u32).collect();
        Bench { state: net.zero_state(BATCH), net, opt: Adam::new(1e-3), stream, chunk: 0, rng }
    }

    /// One training step on the next chunk; returns its loss.
    pub fn step(&mut self) -> f64 {
        let n = BPTT * BATCH;
        let k = self.chunk;
        self.chunk = (k + 1) % CHUNKS;
        let (x, y) = (&self.stream[k * n..(k + 1) * n], &self.stream[k * n + BATCH..(k + 1) * n + BATCH]);
        self.net.zero_grad();
        self.net.forward(x, BATCH, &mut self.state, Some(&mut self.rng));
        let loss = self.net.loss(y, None);
        self.net.backward(x, None);
        self.opt.step(&mut self.net);
        loss
    }
}

/// Multiply–adds of one step × 2 (the matrix products only; the element-wise cell math, softmax
/// and Adam are O(T·B·H) and O(params), a few per cent):
/// forward  X·W_ihᵀ (T·B, E → G·H), T × h·W_hhᵀ (B, H → G·H), decoder (T·B, H → V);
/// backward two products of each size (input and weight gradients).
/// This is the step as PyTorch computes it (214 MFLOP GRU, 277 LSTM), and what the GFLOP/s
/// columns divide for every peer. Ours, since 2026-12-03, project the 64 embedding rows instead of
/// the 512 looked-up ones in layer 0 and its two backward products (`Net::fold_input`): 181 and
/// 233 MFLOP actually done.
pub fn flops(cell: Cell) -> f64 {
    let (tb, g) = ((BPTT * BATCH) as f64, (cell.gates() * HIDDEN) as f64);
    let fwd = tb * EMBED as f64 * g + tb * HIDDEN as f64 * g + tb * HIDDEN as f64 * VOCAB as f64;
    2.0 * 3.0 * fwd
}

/// The shapes of the microbenchmark: the recurrent step's own product (B × H · H × 3H), the
/// input projection (T·B × E · E × 3H), and a square product that fits in L2 (the kernel's peak).
pub const GEMM_SHAPES: [(usize, usize, usize); 4] =
    [(BATCH, HIDDEN, 3 * HIDDEN), (BPTT * BATCH, EMBED, 3 * HIDDEN), (BPTT * BATCH, HIDDEN, VOCAB), (256, 256, 256)];
