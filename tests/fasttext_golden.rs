//! fastText subwords against the real fastText.
//!
//! Fixture: `tests/fixtures/fasttext_subwords.json`, written by `scripts/goldens/fasttext_subwords.py`
//! with the PyPI wheel `fasttext-wheel` (C++ `Dictionary::computeSubwords` through `get_subwords`;
//! hashes recovered from fastText's own bucket ids, see the script). Tolerance: none — every n-gram
//! string, hash and bucket id must be equal, in the same order.

use nlp_playground::embed::subwords::{bucket_ids, hash, subwords, wrap, SubwordConfig};
use serde_json::Value as Json;

fn fixture() -> Json {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fasttext_subwords.json");
    let text = std::fs::read_to_string(path).expect("fixture present (run scripts/goldens/fasttext_subwords.py)");
    serde_json::from_str(&text).expect("fixture is JSON")
}

fn u32s(v: &Json) -> Vec<u32> {
    v.as_array().expect("an array").iter().map(|x| x.as_u64().expect("a number") as u32).collect()
}

#[test]
fn subwords_equal_fasttext() {
    let doc = fixture();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 200, "fixture has {} cases", cases.len());
    let (mut ngrams_checked, mut pairs, mut jamo_cases, mut in_vocab) = (0, std::collections::BTreeSet::new(), 0, 0);
    for case in cases {
        let word = case["word"].as_str().unwrap();
        let jamo = case["jamo"].as_bool().unwrap();
        let minn = case["minn"].as_u64().unwrap() as usize;
        let maxn = case["maxn"].as_u64().unwrap() as usize;
        let want_ngrams: Vec<&str> = case["ngrams"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
        let want_hashes = u32s(&case["hashes"]);
        // In jamo mode the script fed fastText the jamo spelling it computed itself.
        assert_eq!(wrap(word, jamo), format!("<{}>", case["fed"].as_str().unwrap()), "jamo spelling of {word:?}");
        for (bucket, want_ids) in case["buckets"].as_object().unwrap() {
            let cfg = SubwordConfig { minn, maxn, bucket: bucket.parse().unwrap(), jamo };
            let got = subwords(word, &cfg).unwrap();
            let ctx = format!("{word:?} jamo={jamo} minn={minn} maxn={maxn} bucket={bucket}");
            assert_eq!(got.iter().map(|s| s.ngram.as_str()).collect::<Vec<_>>(), want_ngrams, "n-grams of {ctx}");
            assert_eq!(got.iter().map(|s| s.hash).collect::<Vec<_>>(), want_hashes, "hashes of {ctx}");
            let want_ids = u32s(want_ids);
            assert_eq!(got.iter().map(|s| s.bucket).collect::<Vec<_>>(), want_ids, "buckets of {ctx}");
            let mut ids = Vec::new();
            bucket_ids(word, &cfg, &mut ids);
            assert_eq!(ids, want_ids, "bucket_ids of {ctx}");
            ngrams_checked += got.len();
        }
        for (g, h) in want_ngrams.iter().zip(&want_hashes) {
            assert_eq!(hash(g), *h, "hash of {g:?}");
        }
        pairs.insert((minn, maxn));
        jamo_cases += jamo as usize;
        in_vocab += case["in_vocab"].as_bool().unwrap() as usize;
    }
    // The fixture covers what the issue asks for.
    for p in [(2, 5), (3, 6), (1, 1)] {
        assert!(pairs.contains(&p), "pair {p:?} missing");
    }
    assert!(jamo_cases > 0 && in_vocab > 0);
    assert!(ngrams_checked > 10_000, "{ngrams_checked}");
}

#[test]
fn fixture_covers_the_scripts() {
    let doc = fixture();
    let words: Vec<&str> = doc["cases"].as_array().unwrap().iter().map(|c| c["word"].as_str().unwrap()).collect();
    for w in ["orange", "사과", "café", "cafe\u{301}", "🙂", "👩\u{200d}💻", "\u{301}"] {
        assert!(words.contains(&w), "{w:?} missing");
    }
}
