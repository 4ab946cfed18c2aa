//! BERT / ELECTRA forward passes against Hugging Face transformers (fp32, eager attention).
//! Fixtures: `scripts/goldens/make_bert_goldens.py` → `tests/fixtures/tiny-{bert,electra}/`
//! (golden.json + golden.bin). Tolerances (issue 6): attention probabilities 1e-4, hidden states
//! 1e-3 (max absolute error); the embedding and ELECTRA's probabilities are held to 1e-4.
//! Each model is loaded from all three checkpoint formats: safetensors, torch zip, torch legacy.

use nlp_playground::pretrained::model::{Files, Pretrained};
use serde_json::Value as Json;
use std::path::PathBuf;

fn read(path: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn text(path: &str) -> String {
    String::from_utf8(read(path)).unwrap()
}

fn max_abs(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "lengths differ");
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

fn check(dir: &str, weights_file: &str) {
    let (config, vocab, tc, tj) = (
        text(&format!("{dir}/config.json")),
        text(&format!("{dir}/vocab.txt")),
        text(&format!("{dir}/tokenizer_config.json")),
        text(&format!("{dir}/tokenizer.json")),
    );
    let weights = read(&format!("{dir}/{weights_file}"));
    let g = serde_json::from_str::<Json>(&text(&format!("{dir}/golden.json"))).unwrap();
    let bin: Vec<f32> = read(&format!("{dir}/golden.bin")).chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    let arr = |rec: &Json| -> &[f32] {
        let off = rec.get("offset").and_then(Json::as_u64).map(|x| x as usize).unwrap();
        let n: usize = rec.get("shape").and_then(Json::as_array).unwrap().iter().map(|d| d.as_u64().unwrap() as usize).product();
        &bin[off..off + n]
    };
    // Both tokenizer sources: vocab.txt + tokenizer_config.json, and tokenizer.json.
    for use_json in [false, true] {
        let files = Files {
            config: &config,
            weights: &weights,
            vocab: (!use_json).then_some(vocab.as_str()),
            tokenizer_config: Some(&tc),
            tokenizer_json: use_json.then_some(tj.as_str()),
        };
        let mut m = Pretrained::load(&files).unwrap_or_else(|e| panic!("{dir}/{weights_file}: {e}"));
        let (mut worst_h, mut worst_a, mut worst_e) = (0.0f32, 0.0f32, 0.0f32);
        for s in g.get("sentences").and_then(Json::as_array).unwrap() {
            let t = s.get("text").and_then(Json::as_str).unwrap();
            let ids: Vec<u32> =
                s.get("ids").and_then(Json::as_array).unwrap().iter().map(|v| v.as_u64().unwrap() as usize as u32).collect();
            let (enc, out) = m.run(t).unwrap();
            assert_eq!(enc.ids, ids, "{dir}: ids of {t:?}");
            // HF's length before truncation=True cut it to max_length (32 for the tiny models).
            let full = s.get("untruncated_len").and_then(Json::as_u64).map(|x| x as usize).unwrap();
            assert_eq!(enc.truncated, full > ids.len(), "{dir}: truncation of {t:?}");
            // The length before truncation is known when the text was read to its end.
            assert!(enc.full_len.is_none_or(|n| n == full), "{dir}: length of {t:?}");
            let eh = max_abs(&out.hidden_states, arr(s.get("hidden_states").unwrap()));
            let ea = max_abs(&out.attentions, arr(s.get("attentions").unwrap()));
            let ee = max_abs(&out.mean_pooled(), arr(s.get("embedding").unwrap()));
            assert!(eh <= 1e-3, "{dir}/{weights_file} {t:?}: hidden states off by {eh}");
            assert!(ea <= 1e-4, "{dir}/{weights_file} {t:?}: attentions off by {ea}");
            assert!(ee <= 1e-4, "{dir}/{weights_file} {t:?}: embedding off by {ee}");
            if let Some(r) = s.get("replaced") {
                let (_, p) = m.replaced(t).unwrap();
                let er = max_abs(&p, arr(r));
                assert!(er <= 1e-4, "{dir} {t:?}: replaced off by {er}");
                worst_e = worst_e.max(er);
            }
            worst_h = worst_h.max(eh);
            worst_a = worst_a.max(ea);
            worst_e = worst_e.max(ee);
        }
        println!("{dir}/{weights_file} (tokenizer.json: {use_json}): max |Δ| hidden {worst_h:.2e}, attention {worst_a:.2e}, embedding/replaced {worst_e:.2e}");
    }
}

#[test]
fn tiny_bert_all_formats() {
    for f in ["model.safetensors", "pytorch_model.bin", "pytorch_model_legacy.bin"] {
        check("tiny-bert", f);
    }
}

#[test]
fn tiny_electra_all_formats() {
    for f in ["model.safetensors", "pytorch_model.bin", "pytorch_model_legacy.bin"] {
        check("tiny-electra", f);
    }
}

/// A BERT checkpoint has no discriminator; a vocabulary from another model is refused; a
/// truncated weights file is an error, not a panic.
#[test]
fn mismatched_and_broken_files() {
    let (config, vocab, tc) = (text("tiny-bert/config.json"), text("tiny-bert/vocab.txt"), text("tiny-bert/tokenizer_config.json"));
    let weights = read("tiny-bert/model.safetensors");
    let files = Files { config: &config, weights: &weights, vocab: Some(&vocab), tokenizer_config: Some(&tc), tokenizer_json: None };
    let mut m = Pretrained::load(&files).unwrap();
    // load_owned (what the wasm class uses) builds the same model.
    let mut owned = Pretrained::load_owned(&Files { weights: &[], ..files }, weights.clone()).unwrap();
    assert_eq!(owned.run("the cat").unwrap(), m.run("the cat").unwrap());
    let e = m.replaced("the cat").unwrap_err().to_string();
    assert!(e.contains("discriminator"), "{e}");
    // The 30522-token MiniLM vocabulary with the 212-row tiny model.
    let big = text("minilm-uncased-vocab.txt");
    let e = Pretrained::load(&Files { vocab: Some(&big), ..files }).unwrap_err().to_string();
    assert!(e.contains("30522") && e.contains("212"), "{e}");
    // Truncated weights.
    for cut in [0, 10, weights.len() / 2, weights.len() - 1] {
        let e = Pretrained::load(&Files { weights: &weights[..cut], ..files }).unwrap_err().to_string();
        assert!(!e.is_empty());
    }
    // An unsupported architecture.
    let gpt = config.replace("BertForMaskedLM", "GPT2LMHeadModel");
    let e = Pretrained::load(&Files { config: &gpt, ..files }).unwrap_err().to_string();
    assert!(e.contains("GPT2LMHeadModel"), "{e}");
    // Text longer than the model allows is truncated, with the flag set, and still runs.
    let long = "the cat sat on the mat ".repeat(20);
    let (enc, out) = m.run(&long).unwrap();
    assert!(enc.truncated && enc.ids.len() == 32 && out.seq_len == 32);
}
