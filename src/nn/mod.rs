//! The neural-network core: what every model that trains or runs a network stands on (Word2Vec,
//! FastText, BERT, the recurrent LM; the attention and Transformer models add their layers here).
//!
//! # Kernels
//! One simd128 kernel layer: the 4-lane type [`f4`] (SSE2 natively, `simd128` in wasm), vector
//! kernels in [`kernels`] (`dot`, `axpy`), matrix products in [`matmul`] (`gemm`: `C = init +
//! A·B` with B packed in 8-column panels). Every f32 operation order is fixed, and [`math`] gives
//! `exp`/`ln`/`tanh`/`σ` in plain arithmetic, so a seeded run is bit-identical natively and in
//! wasm. Heavy work must be phrased as GEMMs: a layer's input projection for all time steps in
//! one product, backward as `dX = dY·W` and `dW += dYᵀ·X`.
//!
//! # Conventions for layers
//! - **Layout.** Tensors are row-major `ndarray` arrays, rows = positions: `(N, C)` for a batch
//!   of N vectors; sequences are time-major `(T·B, C)`, row `t·B + b` (PyTorch's
//!   `batch_first = False`), so one time step is a contiguous block of B rows. Weights use
//!   PyTorch's shapes and `state_dict` names (`nn.Linear` weight `(out, in)`), so they
//!   interchange with `torch` ([`param::Param::name`]).
//! - **Params and grads.** A layer owns its [`param::Param`]s (value + grad). `backward` *adds*
//!   into the grads (a weight used at every step sums its contributions); the training loop
//!   zeroes them ([`param::Module::zero_grad`]) before each backward. Models implement
//!   [`param::Module::visit`], visiting their layers' params in one fixed order: optimisers
//!   ([`optim`]), clipping, gradient checks and checkpoints all go through it.
//! - **Activations.** The caller owns a layer's inputs and outputs (views passed in) and passes
//!   the forward's input (and output, where the math needs it) again to `backward`; a layer keeps
//!   only what is internal to it (a recurrent layer's gate activations, a dropout mask). Input
//!   gradients are written, or added with an `accumulate` flag (residual branches).
//! - **No allocation per step.** Buffers (a layer's caches, the packed weights, GEMM scratch, the
//!   model's activations) are sized on the first call and reused; they grow only when a larger
//!   shape arrives. Weights are packed once per forward call ([`linear::Linear::pack`] lets a
//!   caller that runs many small steps pack once per optimiser step).
//! - **Checks.** Every backward has a finite-difference test through [`gradcheck::check_f32`];
//!   whole models are checked too, and against PyTorch goldens (`scripts/goldens/`).
//!
//! Layers: [`linear`] (`Linear`, `Embedding`), [`recurrent`] (`RNN`/`GRU`/`LSTM` layers over a
//! sequence, cell math in [`cells`]; [`stepwise`] the same layer driven one step at a time, with
//! per-row lengths), [`attention`] (additive / dot / general attention over encoder states), [`loss`] (softmax cross-entropy, dropout); [`optim`] (SGD,
//! Adam/AdamW, clipping); [`ema`] (Polyak averaging of the weights); [`ops`] (BERT's inference-only LayerNorm / GELU / softmax).
//! Transformer layers: [`norm`] (`LayerNorm`, exact GELU), [`mha`] (multi-head self-attention
//! with causal and padding masks), [`ffn`] (position-wise feed-forward); sequences there are
//! batch-major `(B·T, C)`, row `b·T + t`, as each sequence's attention is one block.

pub mod attention;
pub mod cells;
pub mod ema;
pub(crate) mod f4;
pub mod ffn;
pub mod gradcheck;
pub mod kernels;
pub mod linear;
pub mod loss;
pub mod math;
pub mod matmul;
pub mod mha;
#[cfg(test)]
mod mha_tests;
pub mod norm;
pub mod ops;
pub mod optim;
pub mod param;
pub mod recurrent;
pub mod stepwise;
pub(crate) mod vmath;
