//! Pretrained transformers: checkpoint formats, WordPiece, BERT / ELECTRA forward passes.
//!
//! File formats (this module's readers all produce a [`tensors::Tensors`] map):
//! - [`json`]: the JSON reader for `config.json`, `tokenizer_config.json`, `tokenizer.json` and
//!   the safetensors header ([`json::from_str`] fills serde structs).

pub mod json;
mod json_de;
pub mod tensors;

pub use tensors::{Tensor, Tensors};
pub mod bert;
pub mod config;
pub mod unicode_tables;
pub mod wordpiece;
