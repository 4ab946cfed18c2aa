//! The wasm boundary, tested in headless Chromium (`cargo test --target wasm32-unknown-unknown
//! --test web`, CHROMEDRIVER=/usr/bin/chromedriver): what JS receives from the bindings.
#![cfg(target_arch = "wasm32")]

use nlp_playground::wasm::{normalize, sample_text, samples, split_sentences, to_jamo, tokenize, Corpus};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Text arguments arrive as JS values (the bindings check that they are strings).
fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

#[wasm_bindgen_test]
fn a_number_where_text_belongs_is_an_error() {
    // The glue used to copy a number as if it were a string: "memory access out of bounds".
    assert!(Corpus::new(JsValue::from_f64(123.0), JsValue::UNDEFINED).is_err());
    assert!(tokenize(JsValue::NULL, s("word"), true).is_err());
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn corpus_counts_and_vocabulary() {
    let c = Corpus::new(s("The king. The queen!"), JsValue::UNDEFINED).unwrap();
    let stats = c.stats().unwrap();
    assert_eq!(get(&stats, "tokens").as_f64(), Some(6.0)); // the king . the queen !
    assert_eq!(get(&stats, "types").as_f64(), Some(5.0));
    assert_eq!(get(&stats, "sentences").as_f64(), Some(2.0));
    assert_eq!(c.words(10.0).unwrap()[0], "the");
    assert_eq!(c.counts(10.0).unwrap()[0], 2.0);
    assert_eq!(c.id(s("queen")).unwrap(), Some(3));
    assert_eq!(c.id(s("jack")).unwrap(), None);
}

#[wasm_bindgen_test]
fn config_object_is_read_and_checked() {
    let cfg = js_sys::JSON::parse(r#"{"tokenizer":"char","minCount":2}"#).unwrap();
    let c = Corpus::new(s("가나 가다"), cfg).unwrap();
    assert_eq!(c.words(10.0).unwrap(), vec!["가"]);
    let bad = js_sys::JSON::parse(r#"{"tokenizer":"bogus"}"#).unwrap();
    assert!(Corpus::new(s("a"), bad).is_err());
    let bad = js_sys::JSON::parse(r#"{"maxVocab":0}"#).unwrap();
    assert!(Corpus::new(s("a"), bad).is_err());
}

#[wasm_bindgen_test]
fn errors_cross_as_js_errors_with_a_code() {
    let bad = js_sys::JSON::parse(r#"{"maxVocab":-1,"tokeniser":"word"}"#).unwrap();
    let e: JsValue = Corpus::new(s("a"), bad).err().expect("refused").into();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "kind").as_string().as_deref(), Some("settings"));
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("setting.int"));
    assert_eq!(get(&get(&e, "params"), "got").as_string().as_deref(), Some("-1"));
    let problems = js_sys::Array::from(&get(&e, "problems"));
    assert_eq!(problems.length(), 2);
    assert_eq!(get(&problems.get(1), "code").as_string().as_deref(), Some("setting.unknownNear"));
    let msg = get(&e, "message").as_string().unwrap();
    assert!(msg.contains("unknown setting `tokeniser` — did you mean `tokenizer`?"), "{msg}");
}

#[wasm_bindgen_test]
fn segments_mark_tokens_and_gaps() {
    let c = Corpus::new(s("왕이 <b>왔다</b>"), JsValue::UNDEFINED).unwrap();
    let segs: Vec<(String, i64)> = serde_wasm_bindgen::from_value(c.segments(1000.0).unwrap()).unwrap();
    let text: String = segs.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(text, "왕이 <b>왔다</b>"); // every byte accounted for, nothing interpreted
    assert!(segs.iter().any(|s| s.0 == "왔다" && s.1 >= 0));
    assert!(segs.iter().any(|s| s.0 == " " && s.1 == -1));
    // A cut in the middle of a syllable backs off to a character boundary.
    let segs: Vec<(String, i64)> = serde_wasm_bindgen::from_value(c.segments(4.0).unwrap()).unwrap();
    assert_eq!(segs.iter().map(|s| s.0.as_str()).collect::<String>(), "왕");
}

#[wasm_bindgen_test]
fn one_hot_of_the_seed_example() {
    let c = Corpus::new(s("King Love Queen"), JsValue::UNDEFINED).unwrap();
    #[derive(serde::Deserialize)]
    struct Enc {
        tokens: Vec<String>,
        ids: Vec<Option<u32>>,
        dim: usize,
    }
    let e: Enc = serde_wasm_bindgen::from_value(c.one_hot(s("King Love Queen Jack")).unwrap()).unwrap();
    assert_eq!(e.tokens, ["king", "love", "queen", "jack"]);
    assert_eq!(e.ids, [Some(0), Some(1), Some(2), None]);
    assert_eq!(e.dim, 3);
}

#[wasm_bindgen_test]
fn free_functions() {
    assert_eq!(tokenize(s("Hello, 세계!"), s("word"), true).unwrap(), ["hello", ",", "세계", "!"]);
    assert!(tokenize(s("x"), s("nope"), true).is_err());
    assert_eq!(split_sentences(s("A. B?")).unwrap(), ["A.", "B?"]);
    // NFC, and a control character becomes a space (67d62b7: "the\\0king" is two words).
    assert_eq!(normalize(s("e\u{301}\u{0}")).unwrap(), "é ");
    assert_eq!(to_jamo(s("가"), true).unwrap(), "ㄱㅏ∅");
    assert!(sample_text(s("ko")).unwrap().is_some_and(|t| !t.is_empty()));
    assert!(sample_text(s("nope")).unwrap().is_none());
    assert!(js_sys::Array::from(&samples().unwrap()).length() >= 2);
}

#[wasm_bindgen_test]
fn junk_never_panics() {
    let junk: String = (0u32..2000).filter_map(|i| char::from_u32((i * 7919) % 0x11_0000)).collect();
    let c = Corpus::new(s(&junk), JsValue::UNDEFINED).unwrap();
    assert!(c.stats().is_ok());
    let empty = Corpus::new(s(""), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&empty.stats().unwrap(), "tokens").as_f64(), Some(0.0));
}

/// The wasm32 `simd128` paths of `dot` and `axpy` (core::arch::wasm32 v128 intrinsics) against the
/// plain loops, at lengths around the 4/8/16-float chunks and the usual dimensions.
#[wasm_bindgen_test]
fn simd_dot_and_axpy_match_the_slow_versions() {
    use nlp_playground::nn::kernels::{axpy, axpy_slow, dot, dot_slow};
    let mut rng = nlp_playground::rng::Rng::new(3);
    for n in (0..40).chain([99, 100, 101, 300]) {
        let a: Vec<f32> = (0..n).map(|_| rng.next_f32() - 0.5).collect();
        let b: Vec<f32> = (0..n).map(|_| rng.next_f32() - 0.5).collect();
        let bound = 1e-6 * (n as f32 + 1.0) * a.iter().zip(&b).map(|(x, y)| (x * y).abs()).sum::<f32>().max(1e-6);
        assert!((dot(&a, &b) - dot_slow(&a, &b)).abs() <= bound, "n={n}");
        let (mut y1, mut y2) = (b.clone(), b.clone());
        axpy(0.37, &a, &mut y1);
        axpy_slow(0.37, &a, &mut y2);
        assert_eq!(y1, y2, "n={n}");
    }
}

/// The wasm `simd128` matmul micro-kernel (native tests run the SSE2 one) against the plain
/// triple loop, on shapes with every remainder: n not a multiple of 8, k odd, padded rows.
#[wasm_bindgen_test]
fn simd_matmul_matches_slow() {
    use nlp_playground::nn::matmul::{matmul_slow, padded_rows, PackedLinear};
    let mut rng = nlp_playground::rng::Rng::new(5);
    let mut random = |n: usize| (0..n).map(|_| rng.next_f32() * 2.0 - 1.0).collect::<Vec<f32>>();
    for &(m, n, k) in &[(4, 8, 1), (5, 13, 7), (1, 1, 32), (21, 96, 384)] {
        let mp = padded_rows(m);
        let (x, w, b) = (random(mp * k), random(n * k), random(n));
        let mut fast = vec![f32::NAN; mp * n];
        PackedLinear::new(&w, &b, n, k).forward(&x, mp, &mut fast);
        let mut slow = vec![0.0; mp * n];
        matmul_slow(&x, &w, &b, mp, n, k, &mut slow);
        // f32 sums of k products ≤ 1 against f64 sums: error ≲ k·2⁻²⁴.
        let tol = 1e-6 * k as f32 + 1e-6;
        for (f, s) in fast.iter().zip(&slow) {
            assert!((f - s).abs() <= tol, "m={m} n={n} k={k}: {f} vs {s}");
        }
    }
}

/// The `simd128` GEMM gives the same bits as the scalar reference order (and so as the native
/// build), for row-major and transposed operands and every start (zero, accumulate, bias).
#[wasm_bindgen_test]
fn simd_gemm_equals_the_reference_order_bit_for_bit() {
    use ndarray::Array2;
    use nlp_playground::nn::matmul::{gemm, gemm_ref, GemmScratch, Init, PackedB};
    let mut rng = nlp_playground::rng::Rng::new(11);
    let mut random = |r: usize, c: usize| Array2::from_shape_fn((r, c), |_| rng.next_f32() * 2.0 - 1.0);
    for &(m, n, k) in &[(5, 13, 7), (16, 384, 128), (3, 9, 0), (7, 3, 5)] {
        let (a, at, b, bt) = (random(m, k), random(k, m), random(k, n), random(n, k));
        let (bias, c0) = (random(1, n).into_raw_vec_and_offset().0, random(m, n));
        for av in [a.view(), at.t()] {
            for bv in [b.view(), bt.t()] {
                for init in [Init::Zero, Init::Add, Init::Bias(&bias)] {
                    let (mut fast, mut slow) = (c0.clone(), c0.clone());
                    gemm(av, &PackedB::packed(bv), fast.view_mut(), init, &mut GemmScratch::default());
                    gemm_ref(av, bv, slow.view_mut(), init);
                    assert!(fast.iter().zip(&slow).all(|(f, s)| f.to_bits() == s.to_bits()), "m={m} n={n} k={k} {init:?}");
                }
            }
        }
    }
}

#[path = "common/rnn_fingerprint.rs"]
mod rnn_fingerprint;

/// The recurrent networks train to the same bits in wasm as natively (`tests/rnn_targets.rs`
/// checks the native side against the same fixture).
#[wasm_bindgen_test]
fn rnn_training_is_bit_identical_to_native() {
    use nlp_playground::nn::recurrent::Cell;
    let saved = include_str!("fixtures/rnn_fingerprint.txt");
    let now: String = [Cell::Rnn, Cell::Gru, Cell::Lstm]
        .map(|c| {
            let (hash, loss) = rnn_fingerprint::train(c);
            format!("{c:?} {hash} {}\n", loss.to_bits())
        })
        .concat();
    assert_eq!(saved, now);
}
