//! Writing a BERT encoder with its masked-LM head as a Hugging Face `BertForMaskedLM` checkpoint:
//! `config.json`, `model.safetensors`, `vocab.txt` and `tokenizer_config.json`, the files
//! `transformers.BertForMaskedLM.from_pretrained(folder)` and `BertTokenizer` read, and that
//! [`super::model::Pretrained::load`] opens too (the pretrained chapter's "open" path).
//!
//! The caller hands the weights under HF's names without the `bert.` prefix (the encoder) and
//! with `cls.predictions.` (the head), in HF's layout: every `Linear` weight is `(out, in)`,
//! `y = x·Wᵀ + b`. For hidden size H, feed-forward I, vocabulary V, P positions, layer `l`:
//! ```text
//! embeddings.word_embeddings.weight           (V, H)
//! embeddings.position_embeddings.weight       (P, H)   sinusoidal models export their table here
//! embeddings.token_type_embeddings.weight     (2, H)   zeros when the model has none
//! embeddings.LayerNorm.{weight,bias}          (H)
//! encoder.layer.l.attention.self.{query,key,value}.{weight (H, H), bias (H)}
//! encoder.layer.l.attention.output.dense.{weight (H, H), bias (H)}
//! encoder.layer.l.attention.output.LayerNorm.{weight,bias} (H)
//! encoder.layer.l.intermediate.dense.{weight (I, H), bias (I)}
//! encoder.layer.l.output.dense.{weight (H, I), bias (H)}
//! encoder.layer.l.output.LayerNorm.{weight,bias} (H)
//! cls.predictions.transform.dense.{weight (H, H), bias (H)}
//! cls.predictions.transform.LayerNorm.{weight,bias} (H)
//! cls.predictions.bias                        (V)
//! cls.predictions.decoder.weight              (V, H)   only when not tied to the word embeddings
//!                                                      (then also `decoder.bias`, a copy of `bias`)
//! ```
//! which computes `logits = LN(gelu(h·W_tᵀ + b_t))·W_decᵀ + bias` per token (HF
//! `BertLMPredictionHead`). A tied head (the default, as BERT's) stores no decoder weight: HF ties it
//! to the word embeddings on load; an untied one writes `"tie_word_embeddings": false`.
//!
//! The tokenizer is `vocab.txt` (one token per line, line number = embedding row) read by
//! WordPiece: a word that is itself a vocabulary entry is one token, so a word-level model exports
//! its words as they are. `tokenizer_config.json` says whether to lower-case and never strips
//! accents (stripping would take Hangul syllables apart into jamo).

use super::tensors::Tensors;
use crate::error::Result;
use safetensors::tensor::{Dtype, View};
use std::borrow::Cow;

/// The special tokens the pretrained chapter's WordPiece (and HF's `BertTokenizer`) need.
pub const SPECIALS: [&str; 5] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

/// The shape of the model being written.
#[derive(Debug, Clone, PartialEq)]
pub struct BertShape {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    /// Rows of the position table (`max_position_embeddings`).
    pub positions: usize,
    pub layer_norm_eps: f64,
    /// The tokens, one per embedding row; must contain [`SPECIALS`].
    pub vocab: Vec<String>,
    /// The model reads lower-cased text (`do_lower_case`).
    pub lowercase: bool,
}

/// The checkpoint's files.
#[derive(Debug, Clone, PartialEq)]
pub struct HfFiles {
    pub config: String,
    pub weights: Vec<u8>,
    pub vocab: String,
    pub tokenizer_config: String,
}

/// Every tensor the export writes (names without `bert.`) with its shape; `tied` leaves out the
/// decoder weight.
pub fn tensor_names(s: &BertShape, tied: bool) -> Vec<(String, Vec<usize>)> {
    let (h, i, v) = (s.hidden, s.intermediate, s.vocab.len());
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    let mut lin = |name: &str, n: usize, k: usize| {
        out.push((format!("{name}.weight"), vec![n, k]));
        out.push((format!("{name}.bias"), vec![n]));
    };
    lin("embeddings.LayerNorm", h, 0);
    for l in 0..s.layers {
        let p = format!("encoder.layer.{l}");
        for part in ["query", "key", "value"] {
            lin(&format!("{p}.attention.self.{part}"), h, h);
        }
        lin(&format!("{p}.attention.output.dense"), h, h);
        lin(&format!("{p}.attention.output.LayerNorm"), h, 0);
        lin(&format!("{p}.intermediate.dense"), i, h);
        lin(&format!("{p}.output.dense"), h, i);
        lin(&format!("{p}.output.LayerNorm"), h, 0);
    }
    lin("cls.predictions.transform.dense", h, h);
    lin("cls.predictions.transform.LayerNorm", h, 0);
    // LayerNorm weights are vectors: the `0` above marks them.
    for (_, shape) in out.iter_mut() {
        shape.retain(|&d| d != 0);
    }
    out.push(("embeddings.word_embeddings.weight".into(), vec![v, h]));
    out.push(("embeddings.position_embeddings.weight".into(), vec![s.positions, h]));
    out.push(("embeddings.token_type_embeddings.weight".into(), vec![2, h]));
    out.push(("cls.predictions.bias".into(), vec![v]));
    if !tied {
        out.push(("cls.predictions.decoder.weight".into(), vec![v, h]));
    }
    out
}

/// One f32 tensor for the `safetensors` crate's writer: its shape and little-endian bytes.
struct F32View {
    shape: Vec<usize>,
    bytes: Vec<u8>,
}

impl View for &F32View {
    fn dtype(&self) -> Dtype {
        Dtype::F32
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.bytes)
    }
    fn data_len(&self) -> usize {
        self.bytes.len()
    }
}

/// `{"format": "pt"}`, the metadata `save_pretrained` writes (in whatever map type the crate takes).
fn pt_metadata<M: Default + Extend<(String, String)>>() -> M {
    let mut m = M::default();
    m.extend([("format".to_string(), "pt".to_string())]);
    m
}

/// Writes the checkpoint. `tensors` must hold every name of [`tensor_names`] with its shape (the
/// decoder weight decides tied or not); errors name the first tensor missing or misshapen.
pub fn bert_for_masked_lm(s: &BertShape, tensors: &Tensors) -> Result<HfFiles> {
    check_shape(s)?;
    let tied = !tensors.contains("cls.predictions.decoder.weight");
    let mut views = Vec::new();
    for (name, shape) in tensor_names(s, tied) {
        let t = tensors.get(&name, &shape)?;
        if let Some(i) = t.data.iter().position(|x| !x.is_finite()) {
            return Err(crate::err!(Input, HF_EXPORT_NOT_FINITE, tensor = name, index = i));
        }
        let bytes = t.data.iter().flat_map(|x| x.to_le_bytes()).collect();
        let full = if name.starts_with("cls.") { name } else { format!("bert.{name}") };
        views.push((full, F32View { shape, bytes }));
    }
    if !tied {
        // Untied, HF's head has its own `decoder.bias` (tied, it is `cls.predictions.bias`): the same values.
        let bias = views
            .iter()
            .find(|(n, _)| n == "cls.predictions.bias")
            .map(|(_, v)| F32View { shape: v.shape.clone(), bytes: v.bytes.clone() });
        views.extend(bias.map(|b| ("cls.predictions.decoder.bias".to_string(), b)));
    }
    let weights = safetensors::serialize(views.iter().map(|(n, v)| (n.as_str(), v)), Some(pt_metadata()))
        .map_err(|e| crate::err!(Input, INTERNAL, detail = e))?;
    let config = serde_json::json!({
        "architectures": ["BertForMaskedLM"],
        "model_type": "bert",
        "vocab_size": s.vocab.len(),
        "hidden_size": s.hidden,
        "num_hidden_layers": s.layers,
        "num_attention_heads": s.heads,
        "intermediate_size": s.intermediate,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": s.positions,
        "type_vocab_size": 2,
        "initializer_range": 0.02,
        "layer_norm_eps": s.layer_norm_eps,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "tie_word_embeddings": tied,
    });
    let tokenizer_config = serde_json::json!({
        "do_lower_case": s.lowercase,
        "strip_accents": false,
        "tokenize_chinese_chars": true,
        "unk_token": "[UNK]",
        "sep_token": "[SEP]",
        "pad_token": "[PAD]",
        "cls_token": "[CLS]",
        "mask_token": "[MASK]",
        "tokenizer_class": "BertTokenizer",
        "model_max_length": s.positions,
    });
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default() + "\n";
    let mut vocab = s.vocab.join("\n");
    vocab.push('\n');
    Ok(HfFiles { config: pretty(&config), weights, vocab, tokenizer_config: pretty(&tokenizer_config) })
}

/// Sizes that BertConfig accepts and a vocabulary that `vocab.txt` can carry one token per line.
fn check_shape(s: &BertShape) -> Result<()> {
    if s.hidden == 0 || s.heads == 0 || !s.hidden.is_multiple_of(s.heads) || s.layers == 0 || s.positions < 2 {
        return Err(crate::err!(Input, HF_EXPORT_SHAPE, hidden = s.hidden, heads = s.heads, layers = s.layers, positions = s.positions));
    }
    for special in SPECIALS {
        if !s.vocab.iter().any(|t| t == special) {
            return Err(crate::err!(Input, HF_EXPORT_SPECIAL, token = special));
        }
    }
    let mut seen = std::collections::HashSet::new();
    for t in &s.vocab {
        if t.is_empty() || t.chars().any(char::is_whitespace) || !seen.insert(t.as_str()) {
            return Err(crate::err!(Input, HF_EXPORT_TOKEN, token = format!("{t:?}")));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
