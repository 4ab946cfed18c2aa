//! The export read back by our own loaders; `tests/hf_export_golden.rs` checks it against
//! `transformers` itself.

use super::*;
use crate::pretrained::model::{Files, Pretrained};
use crate::pretrained::tensors::Tensor;
use crate::rng::Rng;

/// A tiny word-level BERT: the specials, then whole words.
pub(crate) fn tiny_shape() -> BertShape {
    let mut vocab: Vec<String> = SPECIALS.iter().map(|s| s.to_string()).collect();
    vocab.extend(["the", "cat", "sat", "on", "mat", "배를", "타고", "."].map(String::from));
    BertShape { hidden: 8, layers: 2, heads: 2, intermediate: 16, positions: 12, layer_norm_eps: 1e-12, vocab, lowercase: true }
}

/// Random values for every tensor of `s` (LayerNorm gains near 1), `tied` or not.
pub(crate) fn tiny_tensors(s: &BertShape, tied: bool, seed: u64) -> Tensors {
    let mut rng = Rng::new(seed);
    let mut ts = Tensors::new();
    for (name, shape) in tensor_names(s, tied) {
        let n: usize = shape.iter().product();
        let gain = name.ends_with("LayerNorm.weight");
        let data = (0..n).map(|_| (rng.next_f32() * 2.0 - 1.0) * if gain { 0.2 } else { 0.5 } + if gain { 1.0 } else { 0.0 }).collect();
        ts.insert(name, Tensor::new(shape, data).unwrap()).unwrap();
    }
    ts
}

#[test]
fn every_tensor_reads_back_under_its_hf_name() {
    let s = tiny_shape();
    for tied in [true, false] {
        let ts = tiny_tensors(&s, tied, 7);
        let f = bert_for_masked_lm(&s, &ts).unwrap();
        let back = crate::pretrained::load_weights(&f.weights).unwrap();
        assert_eq!(back.len(), ts.len() + usize::from(!tied), "untied: decoder.bias too");
        for (name, t) in ts.iter() {
            let full = if name.starts_with("cls.") { name.to_string() } else { format!("bert.{name}") };
            let got = back.iter().find(|(n, _)| *n == full).unwrap_or_else(|| panic!("{full} missing")).1;
            assert_eq!(got, t, "{full}");
        }
        assert!(f.config.contains(&format!("\"tie_word_embeddings\": {tied}")), "{}", f.config);
    }
}

#[test]
fn the_pretrained_chapter_opens_it_and_reads_words_whole() {
    let s = tiny_shape();
    let f = bert_for_masked_lm(&s, &tiny_tensors(&s, true, 1)).unwrap();
    let files = Files {
        config: &f.config,
        weights: &f.weights,
        vocab: Some(&f.vocab),
        tokenizer_config: Some(&f.tokenizer_config),
        tokenizer_json: None,
    };
    let mut p = Pretrained::load(&files).unwrap();
    let (enc, out) = p.run("The cat sat on the mat. 배를 타고").unwrap();
    assert_eq!(enc.tokens, ["[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "배를", "타고", "[SEP]"]);
    assert_eq!((out.num_layers, out.num_heads, out.hidden_size), (2, 2, 8));
    assert!(out.hidden_states.iter().all(|x| x.is_finite()));
    assert_eq!(p.max_length(), 12);
}

#[test]
fn bad_models_are_refused_with_a_code() {
    let s = tiny_shape();
    let ts = tiny_tensors(&s, true, 1);
    let code = |s: &BertShape, ts: &Tensors| bert_for_masked_lm(s, ts).unwrap_err().problems()[0].code.id;
    assert_eq!(code(&BertShape { heads: 3, ..s.clone() }, &ts), "hfExport.shape");
    let mut no_mask = s.clone();
    no_mask.vocab[4] = "mask".into();
    assert_eq!(code(&no_mask, &ts), "hfExport.special");
    let mut twice = s.clone();
    twice.vocab[6] = "the".into();
    assert_eq!(code(&twice, &ts), "hfExport.token");
    let mut nan = ts.clone();
    let mut t = nan.take("cls.predictions.bias", &[13]).unwrap();
    t.data[3] = f32::NAN;
    nan.insert("cls.predictions.bias", t).unwrap();
    assert_eq!(code(&s, &nan), "hfExport.notFinite");
    // A tensor of the wrong shape: the loader's own error names it.
    let wide = BertShape { intermediate: 20, ..s.clone() };
    let e = bert_for_masked_lm(&wide, &ts).unwrap_err().to_string();
    assert!(e.contains("encoder.layer.0.intermediate.dense.weight"), "{e}");
}
