//! Integrity of the committed golden fixtures (written by `scripts/goldens/make_bert_goldens.py` and
//! `scripts/goldens/make_wordpiece_goldens.py`), read with the crate's own JSON reader: the model
//! and tokenizer tests rely on these invariants, so a bad regeneration fails here first.

use serde_json::Value as Json;
use std::path::PathBuf;

fn read(path: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn parse(path: &str) -> Json {
    serde_json::from_str::<Json>(std::str::from_utf8(&read(path)).unwrap()).unwrap()
}

fn vocab(path: &str) -> Vec<String> {
    String::from_utf8(read(path)).unwrap().lines().map(str::to_string).collect()
}

/// Every golden id is the line number of its token in the vocabulary file, and every case
/// starts with [CLS] and ends with [SEP].
#[test]
fn wordpiece_golden_ids_match_vocabularies() {
    let g = parse("wordpiece_golden.json");
    let vocabs = g.get("vocabularies").and_then(Json::as_object).unwrap();
    assert_eq!(vocabs.len(), 5);
    let cases = g.get("cases").and_then(Json::as_array).unwrap();
    assert!(cases.len() >= 150);
    for (name, v) in vocabs {
        let words = vocab(v.get("vocab").and_then(Json::as_str).unwrap());
        if name.starts_with("minilm") {
            assert_eq!(words.len(), 30522);
        }
        let max = v.get("model_max_length").and_then(Json::as_u64).map(|x| x as usize).unwrap();
        for c in cases.iter().filter(|c| c.get("vocab").and_then(Json::as_str) == Some(name)) {
            let toks: Vec<&str> = c.get("tokens").and_then(Json::as_array).unwrap().iter().map(|t| t.as_str().unwrap()).collect();
            let ids: Vec<usize> = c.get("ids").and_then(Json::as_array).unwrap().iter().map(|t| t.as_u64().unwrap() as usize).collect();
            assert_eq!(toks.len(), ids.len());
            assert_eq!((toks[0], toks[toks.len() - 1]), ("[CLS]", "[SEP]"));
            for (t, &i) in toks.iter().zip(&ids) {
                assert_eq!(words[i], *t, "{name}: id {i}");
            }
            if let Some(tr) = c.get("truncated_ids").and_then(Json::as_array) {
                assert!(ids.len() > max && tr.len() == max, "{name}: truncation to {max}");
            }
        }
    }
}

/// golden.bin holds what golden.json says: offsets in range, attention rows summing to 1,
/// unit-length embeddings, probabilities in (0, 1).
#[test]
fn model_goldens_are_consistent() {
    for dir in ["tiny-bert", "tiny-electra"] {
        let g = parse(&format!("{dir}/golden.json"));
        let bin: Vec<f32> =
            read(&format!("{dir}/golden.bin")).chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        let arr = |rec: &Json| -> (Vec<usize>, &[f32]) {
            let off = rec.get("offset").and_then(Json::as_u64).map(|x| x as usize).unwrap();
            let shape: Vec<usize> =
                rec.get("shape").and_then(Json::as_array).unwrap().iter().map(|d| d.as_u64().unwrap() as usize).collect();
            let n: usize = shape.iter().product();
            (shape, &bin[off..off + n])
        };
        let sentences = g.get("sentences").and_then(Json::as_array).unwrap();
        assert_eq!(sentences.len(), 7);
        for s in sentences {
            let t = s.get("ids").and_then(Json::as_array).unwrap().len();
            assert!(t <= 32, "{dir}: {t} tokens exceed max_position_embeddings 32");
            let (hs, _) = arr(s.get("hidden_states").unwrap());
            assert_eq!(hs, [3, t, 32]);
            let (ash, att) = arr(s.get("attentions").unwrap());
            assert_eq!(ash, [2, 4, t, t]);
            for row in att.chunks(t) {
                let sum: f32 = row.iter().sum();
                assert!((sum - 1.0).abs() < 1e-5, "{dir}: attention row sums to {sum}");
            }
            let (_, e) = arr(s.get("embedding").unwrap());
            let norm: f32 = e.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((norm - 1.0).abs() < 1e-5);
            if dir == "tiny-electra" {
                let (psh, p) = arr(s.get("replaced").unwrap());
                assert_eq!(psh, [t]);
                assert!(p.iter().all(|&x| x > 0.0 && x < 1.0));
            }
        }
    }
}
