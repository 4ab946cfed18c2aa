//! The Hugging Face export (src/pretrained/export.rs) against `transformers` itself.
//!
//! Fixtures `tests/fixtures/hf-export/{tied,untied}/`: the checkpoints this test's seeded tiny BERT exports to
//! (written by `HF_EXPORT_WRITE=1 cargo test --test hf_export_golden`), and `expected.json`, what
//! `BertForMaskedLM` / `BertTokenizer` compute on it (scripts/goldens/check_hf_export.py). The test
//! exports again and requires the same bytes, so the golden speaks about today's export; then it
//! opens the files the way the pretrained chapter does and checks tokens, ids, every hidden state
//! and attention map and the MLM logits (the head computed here from the exported tensors) against
//! transformers' within 1e-4 (max absolute error; the values are of order 1).

use nlp_playground::nn::ops;
use nlp_playground::pretrained::export::{bert_for_masked_lm, tensor_names, BertShape, HfFiles, SPECIALS};
use nlp_playground::pretrained::model::{Files, Pretrained};
use nlp_playground::pretrained::{Tensor, Tensors};
use nlp_playground::rng::Rng;
use serde_json::Value as Json;
use std::path::PathBuf;

const TOL: f32 = 1e-4;

fn dir(tied: bool) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hf-export").join(if tied { "tied" } else { "untied" })
}

/// Word-level, lower-cased, with Korean words; the head tied to the word embeddings (as the
/// Transformer chapter's model) or not.
fn model(tied: bool) -> (BertShape, Tensors) {
    let mut vocab: Vec<String> = SPECIALS.iter().map(|s| s.to_string()).collect();
    vocab.extend(["the", "cat", "sat", "on", "mat", "a", "boat", "배를", "타고", "바다로", "갔다", ".", ","].map(String::from));
    let s = BertShape { hidden: 8, layers: 2, heads: 2, intermediate: 16, positions: 16, layer_norm_eps: 1e-12, vocab, lowercase: true };
    let mut rng = Rng::new(20261202);
    let mut ts = Tensors::new();
    for (name, shape) in tensor_names(&s, tied) {
        let n: usize = shape.iter().product();
        let gain = name.ends_with("LayerNorm.weight");
        let data = (0..n).map(|_| (rng.next_f32() * 2.0 - 1.0) * if gain { 0.2 } else { 0.6 } + if gain { 1.0 } else { 0.0 }).collect();
        ts.insert(name, Tensor::new(shape, data).unwrap()).unwrap();
    }
    (s, ts)
}

fn write(f: &HfFiles, d: &std::path::Path) {
    std::fs::create_dir_all(d).unwrap();
    std::fs::write(d.join("config.json"), &f.config).unwrap();
    std::fs::write(d.join("model.safetensors"), &f.weights).unwrap();
    std::fs::write(d.join("vocab.txt"), &f.vocab).unwrap();
    std::fs::write(d.join("tokenizer_config.json"), &f.tokenizer_config).unwrap();
    std::fs::copy(d.join("../sentences.txt"), d.join("sentences.txt")).unwrap();
}

fn floats(v: &Json) -> Vec<f32> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect()
}

fn max_abs(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "lengths differ");
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

/// HF `BertLMPredictionHead` on the last hidden state: `LN(gelu(h·W_tᵀ + b_t))·W_decᵀ + bias`.
fn mlm_logits(s: &BertShape, ts: &Tensors, last: &[f32]) -> Vec<f32> {
    let (h, v) = (s.hidden, s.vocab.len());
    let g = |n: &str, shape: &[usize]| ts.get(n, shape).unwrap().data.clone();
    let (wt, bt) = (g("cls.predictions.transform.dense.weight", &[h, h]), g("cls.predictions.transform.dense.bias", &[h]));
    let (gamma, beta) = (g("cls.predictions.transform.LayerNorm.weight", &[h]), g("cls.predictions.transform.LayerNorm.bias", &[h]));
    let decoder =
        if ts.contains("cls.predictions.decoder.weight") { "cls.predictions.decoder.weight" } else { "embeddings.word_embeddings.weight" };
    let (wd, bias) = (g(decoder, &[v, h]), g("cls.predictions.bias", &[v]));
    let mut out = Vec::new();
    for row in last.chunks_exact(h) {
        let mut x: Vec<f32> = (0..h).map(|o| bt[o] + (0..h).map(|i| wt[o * h + i] * row[i]).sum::<f32>()).collect();
        ops::gelu(&mut x);
        ops::layer_norm(&mut x, h, &gamma, &beta, s.layer_norm_eps as f32);
        out.extend((0..v).map(|o| bias[o] + (0..h).map(|i| wd[o * h + i] * x[i]).sum::<f32>()));
    }
    out
}

fn check(tied: bool) {
    let (s, ts) = model(tied);
    let f = bert_for_masked_lm(&s, &ts).unwrap();
    if std::env::var_os("HF_EXPORT_WRITE").is_some() {
        write(&f, &dir(tied));
        return;
    }
    let read = |n: &str| std::fs::read(dir(tied).join(n)).unwrap_or_else(|e| panic!("{n}: {e}"));
    assert_eq!(f.weights, read("model.safetensors"), "the export changed: HF_EXPORT_WRITE=1 and run check_hf_export.py");
    assert_eq!(f.config.as_bytes(), read("config.json"));
    assert_eq!(f.vocab.as_bytes(), read("vocab.txt"));
    assert_eq!(f.tokenizer_config.as_bytes(), read("tokenizer_config.json"));

    let files = Files {
        config: &f.config,
        weights: &f.weights,
        vocab: Some(&f.vocab),
        tokenizer_config: Some(&f.tokenizer_config),
        tokenizer_json: None,
    };
    let mut p = Pretrained::load(&files).unwrap();
    let expected: Json = serde_json::from_slice(&read("expected.json")).unwrap();
    let sentences = expected["sentences"].as_array().unwrap();
    assert!(sentences.len() >= 4);
    for e in sentences {
        let text = e["text"].as_str().unwrap();
        let (enc, out) = p.run(text).unwrap();
        let tokens: Vec<&str> = e["tokens"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        assert_eq!(enc.tokens, tokens, "{text}");
        let ids: Vec<u32> = e["ids"].as_array().unwrap().iter().map(|t| t.as_u64().unwrap() as u32).collect();
        assert_eq!(enc.ids, ids, "{text}");
        let dh = max_abs(&out.hidden_states, &floats(&e["hiddenStates"]));
        let da = max_abs(&out.attentions, &floats(&e["attentions"]));
        let dl = max_abs(&mlm_logits(&s, &ts, out.last_hidden()), &floats(&e["logits"]));
        // The pretrained model's own MLM head (what the page's masked-word view calls).
        let rows: Vec<usize> = (0..out.seq_len).collect();
        let dm = max_abs(&p.model.mlm_logits(&out, &rows).unwrap(), &floats(&e["logits"]));
        println!("{text:?}: our MLM head {dm:.2e}");
        assert!(dm < TOL, "{text}: MLM head {dm}");
        println!("{text:?}: hidden {dh:.2e}, attentions {da:.2e}, logits {dl:.2e}");
        assert!(dh < TOL && da < TOL && dl < TOL, "{text}: hidden {dh}, attentions {da}, logits {dl}");
    }
}

#[test]
fn transformers_loads_the_tied_export_and_computes_what_we_compute() {
    check(true);
}

#[test]
fn transformers_loads_the_untied_export_and_computes_what_we_compute() {
    check(false);
}
