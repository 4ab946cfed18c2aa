//! WordPiece against Hugging Face transformers 5 `BertTokenizer` (the `tokenizers` backend):
//! `scripts/goldens/make_wordpiece_goldens.py` → `tests/fixtures/wordpiece_golden.json`, 180 cases
//! over five settings (the real 30522-token MiniLM vocabulary uncased / cased / keep-accents, the
//! tiny BERT and the tiny cased ELECTRA vocabularies). Exact match of ids and tokens required.

use nlp_playground::pretrained::wordpiece::WordPiece;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::PathBuf;

fn text(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn list<'a>(v: &'a Json, key: &str) -> Vec<&'a Json> {
    v.get(key).and_then(Json::as_array).map(|a| a.iter().collect()).unwrap_or_default()
}

#[test]
fn matches_hf_bert_tokenizer() {
    let g = serde_json::from_str::<Json>(&text("wordpiece_golden.json")).unwrap();
    let mut tokenizers: HashMap<String, (WordPiece, usize)> = HashMap::new();
    for (name, v) in g.get("vocabularies").and_then(Json::as_object).unwrap() {
        // A tokenizer_config.json with the setting's flags, as HF would read it.
        let flag = |k: &str| v.get(k).map(|x| if x.is_null() { "null".to_string() } else { x.as_bool().unwrap().to_string() }).unwrap();
        let max = v.get("model_max_length").and_then(Json::as_u64).map(|x| x as usize).unwrap();
        let tc = format!(
            r#"{{"do_lower_case": {}, "strip_accents": {}, "tokenize_chinese_chars": {}, "model_max_length": {max}}}"#,
            flag("do_lower_case"),
            flag("strip_accents"),
            flag("tokenize_chinese_chars")
        );
        let vocab = text(v.get("vocab").and_then(Json::as_str).unwrap());
        tokenizers.insert(name.clone(), (WordPiece::load(Some(&vocab), Some(&tc), None).unwrap(), max));
    }
    let cases = list(&g, "cases");
    assert!(cases.len() >= 150);
    let mut failures = Vec::new();
    for c in &cases {
        let (wp, max) = &tokenizers[c.get("vocab").and_then(Json::as_str).unwrap()];
        let t = c.get("text").and_then(Json::as_str).unwrap();
        let ids: Vec<u32> = list(c, "ids").iter().map(|v| v.as_u64().unwrap() as usize as u32).collect();
        let toks: Vec<&str> = list(c, "tokens").iter().map(|v| v.as_str().unwrap()).collect();
        let e = wp.encode(t, usize::MAX);
        if e.ids != ids || e.tokens != toks {
            failures.push(format!("{t:?}\n  hf:   {toks:?}\n  ours: {:?}", e.tokens));
        }
        let truncated: Vec<u32> = list(c, "truncated_ids").iter().map(|v| v.as_u64().unwrap() as usize as u32).collect();
        let e = wp.encode(t, *max);
        if truncated.is_empty() {
            assert!(!e.truncated, "{t:?} should fit in {max}");
        } else {
            assert!(e.truncated && e.ids == truncated, "{t:?}: truncation to {max}");
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
