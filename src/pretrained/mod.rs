//! Pretrained transformers: checkpoint formats, WordPiece, BERT / ELECTRA forward passes.
//!
//! File formats (this module's readers all produce a [`tensors::Tensors`] map):
//! - JSON (`config.json`, `tokenizer_config.json`, `tokenizer.json`): `serde_json`.
//! - [`safetensors`]: `model.safetensors` through the `safetensors` crate (F32, F16, BF16, F64 →
//!   f32; integer buffers skipped).
//! - [`torch`]: PyTorch `pytorch_model.bin`, zip and legacy formats, via a minimal [`pickle`] VM.
//! - [`dtype`]: widening to f32 (half precision by the `half` crate).
//!
//! [`load_weights`] recognises the format from the bytes.
//!
//! Models: [`wordpiece`] (HF BertTokenizer), [`config`] + [`bert`] (BERT / ELECTRA encoders).

pub mod dtype;
pub mod pickle;
pub mod safetensors;
pub mod tensors;
pub mod torch;
mod zip;

pub mod bert;
pub mod config;
pub mod export;
pub mod from_transformer;
pub mod model;
pub mod unicode_tables;
pub mod wordpiece;

pub use tensors::{Tensor, Tensors};

use crate::error::Result;

/// Reads a weights file of any supported format — `model.safetensors`, `pytorch_model.bin` in the
/// zip format or the legacy pickle format — recognised from its first bytes, not its name.
pub fn load_weights(bytes: &[u8]) -> Result<Tensors> {
    if torch::sniff_zip(bytes) || torch::sniff_legacy(bytes) {
        torch::load(bytes)
    } else if safetensors::sniff(bytes) {
        safetensors::load(bytes)
    } else if bytes.len() < 16 {
        Err(crate::err!(Checkpoint, WEIGHTS_TOO_SHORT, bytes = bytes.len()))
    } else {
        Err(crate::err!(Checkpoint, WEIGHTS_UNKNOWN))
    }
}
