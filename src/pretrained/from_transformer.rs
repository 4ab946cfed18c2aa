//! The Transformer chapter's encoder (`crate::lm::transformer`, kind `mlm`, post-LN) as a Hugging
//! Face `BertForMaskedLM` checkpoint: its parameters already carry BERT's `state_dict` names, so
//! this collects them (adding the position table when it is the fixed sinusoids, which BERT stores
//! as learned weights) and hands them to [`super::export`].
//!
//! Character models: WordPiece reads a word as its first character plus `##`-continuations, so
//! every character token also gets a `##` row (a copy of its embedding and output bias): the
//! export then tokenises each word into the model's characters. (Our character model also sees a
//! `␣` between words, which BERT's tokenizer drops: its outputs on text differ there.)

use super::export::{bert_for_masked_lm, BertShape, HfFiles};
use super::{Tensor, Tensors};
use crate::error::Result;
use crate::lm::ngram::Unit;
use crate::lm::transformer::{Kind, Norm, Transformer};
use crate::nn::param::Module;

/// The checkpoint's files; a causal or pre-LN model is refused with a code.
pub fn hf_files(m: &mut Transformer) -> Result<HfFiles> {
    let c = m.config;
    if c.kind != Kind::Mlm || c.norm != Norm::Post {
        return Err(crate::err!(Input, HF_EXPORT_KIND, kind = c.kind.name(), norm = c.norm.name()));
    }
    let mut ts = Tensors::new();
    let mut bad = None;
    m.net.visit(&mut |p| {
        let t = Tensor::new(p.shape().to_vec(), p.value.to_vec());
        if let Err(e) = t.and_then(|t| ts.insert(p.name, t)) {
            bad.get_or_insert(e);
        }
    });
    if let Some(e) = bad {
        return Err(e);
    }
    let pos = m.net.positions();
    if !ts.contains("embeddings.position_embeddings.weight") {
        ts.insert("bert.embeddings.position_embeddings.weight", Tensor::new(pos.shape().to_vec(), pos.iter().copied().collect())?)?;
    }
    let mut vocab = m.data.tokens.clone();
    if c.unit == Unit::Char {
        add_continuations(&mut ts, &mut vocab, c.dim)?;
    }
    let shape = BertShape {
        hidden: c.dim,
        layers: c.layers,
        heads: c.heads,
        intermediate: c.ff,
        positions: c.context,
        layer_norm_eps: crate::lm::transformer::block::LN_EPS as f64,
        vocab,
        lowercase: true,
    };
    bert_for_masked_lm(&shape, &ts)
}

/// A `##c` row for every character token `c` (not the specials, not `␣`): a copy of its word
/// embedding and output bias, so WordPiece reads a word's later characters as the same tokens.
fn add_continuations(ts: &mut Tensors, vocab: &mut Vec<String>, h: usize) -> Result<()> {
    let n = vocab.len();
    let mut word = ts.take("embeddings.word_embeddings.weight", &[n, h])?.data;
    let mut bias = ts.take("cls.predictions.bias", &[n])?.data;
    let known: std::collections::HashSet<String> = vocab.iter().cloned().collect();
    for i in super::export::SPECIALS.len()..n {
        let piece = format!("##{}", vocab[i]);
        if vocab[i] == crate::lm::ngram::SPACE || known.contains(&piece) {
            continue;
        }
        vocab.push(piece);
        word.extend_from_within(i * h..(i + 1) * h);
        bias.push(bias[i]);
    }
    ts.insert("bert.embeddings.word_embeddings.weight", Tensor::new(vec![vocab.len(), h], word)?)?;
    ts.insert("cls.predictions.bias", Tensor::new(vec![vocab.len()], bias)?)?;
    Ok(())
}
