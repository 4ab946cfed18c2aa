//! # NLP Playground
//!
//! The models behind the page, as plain Rust: text handling, word vectors, language models and
//! pretrained transformers. Everything here builds and tests natively; `wasm` holds the thin
//! `#[wasm_bindgen]` layer the page and Node use.
//!
//! Layout (one direction of flow: `text` → models → `wasm`):
//! - [`text`]: normalisation, tokenisers, vocabulary, the built-in sample corpora.
//! - [`embed`]: word vectors (Word2Vec, FastText: one negative-sampling step, one query trait
//!   [`embed::vectors::WordVectors`]) and what reads any embedding: 2-D projections, the linear probe.
//! - [`lm`]: language models (n-gram / Markov chains, neural).
//! - [`nn`]: the neural-network core: one simd128 kernel layer (vectors, matrix products) under
//!   every model, layers with forward and backward, optimisers, the finite-difference check.
//! - [`pretrained`]: BERT / ELECTRA checkpoints, WordPiece.
//! - [`heap`]: the wasm build's allocator (large blocks pooled apart from small ones).
//! - [`rng`]: the seeded random generators every model uses, so seeded runs replay exactly.

pub mod embed;
pub mod error;
pub mod heap;
#[cfg(feature = "heap-trace")]
pub mod heap_trace;
pub mod lm;
pub mod nn;
pub mod pretrained;
pub mod rng;
pub mod settings;
pub mod text;
pub mod wasm;

pub use error::{Error, Result};

/// The wasm build keeps large blocks apart from small ones, so a long session's memory stops
/// growing once every chapter's models have been built (`heap`, issue 15's soak).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOC: heap::Split = heap::Split::new();
