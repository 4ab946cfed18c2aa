//! Native and wasm train bit-identical Word2Vec vectors from the same seed (the kernels fix the
//! f32 operation order on every target, see src/embed/word2vec/step.rs).
//!
//! This test trains a frozen copy of the English sample as it was when the fingerprint was taken
//! (`tests/fixtures/word2vec_fingerprint_en.txt`; the built-in sample and the defaults change with
//! the lessons, the fingerprint must not) with every setting spelled out, and compares an FNV-1a
//! hash of the bits of every input vector with `tests/fixtures/word2vec_fingerprint.json`;
//! `tests/node/word2vec_targets.test.mjs` trains the same in the wasm build and compares with the
//! same file. The file is our own output, not a reference golden: when training changes on
//! purpose, rewrite it with `W2V_FINGERPRINT_UPDATE=1 cargo test --test word2vec_targets`.
//!
//! Last rewritten on purpose in session 8 (issue 15, benches/README.md "tenth pass"): the trainer
//! now draws from word2vec.c's LCG (`rng::W2vLcg`, negatives a uniform unigram-table slot) instead
//! of SplitMix64 with an alias sampler, so every vector changed; checked against the replay of the
//! same draws (`word2vec_replay record`, `REPLAY_GEN=lcg`) byte for byte on the benchmark corpus.
//! Landed in session 9 with the slot → word lookup of `embed::slot_index` (no table read, no `%`
//! by a power of two): the draws are unchanged, so this file is the one written in session 8 —
//! checked deliberately, not rewritten (benches/README.md "eleventh pass").
//! Rewritten on purpose in session 10 (issue 15, benches/README.md "twelfth pass"): σ is read from
//! word2vec.c's own table (left bin edges, index ⌊(f + 6)·83⌋, `embed::logistic::SigmoidTable::word2vec`)
//! instead of a bin-centred one, and a keep draw is made for every in-vocabulary word when
//! `sample > 0` (rare words with keep probability ≥ 1 included, as word2vec.c), with word2vec.c's
//! float `ran` (`embed::sampling::word2vec_keep_thresholds`), so every vector changed; checked
//! against the replay of the same draws byte for byte (`cmp`, CBOW α 0.05 seeds 1 and 2).

use nlp_playground::embed::word2vec::{Init, Mode, Word2Vec, Word2VecConfig};
use nlp_playground::text::Tokenizer;

/// The English sample of commit 3142ba9, frozen ("corpus": "en" in the fingerprint file means this).
const TEXT: &str = include_str!("fixtures/word2vec_fingerprint_en.txt");

/// FNV-1a, 32-bit, over the little-endian bytes of the floats (the JS side hashes the same bytes).
fn fnv1a(v: &[f32]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for x in v {
        for b in x.to_le_bytes() {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

/// dim 21 = 16 + 4 + 1: the 16-wide loop, the 4-wide one and the scalar tail all run.
fn trained(mode: Mode) -> (Vec<f32>, f32) {
    // Every field explicit, so a change of `Word2VecConfig::default()` cannot move the fingerprint.
    let cfg = Word2VecConfig {
        mode,
        dim: 21,
        window: 5,
        negative: 5,
        sample: 1e-3,
        min_count: 2,
        epochs: 2,
        alpha: Some(match mode {
            Mode::SkipGram => 0.025,
            Mode::Cbow => 0.05,
        }),
        seed: 7,
        max_vocab: 30_000,
        tokenizer: Tokenizer::Word,
        init: Init::Word2vec,
    };
    let mut m = Word2Vec::from_text(TEXT, cfg).unwrap();
    let mut p = m.train(3000).unwrap();
    while !p.done {
        p = m.train(3000).unwrap();
    }
    (m.input_vectors().to_vec(), p.loss)
}

#[test]
fn native_vectors_match_the_cross_target_fingerprint() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/word2vec_fingerprint.json");
    let (sg, sg_loss) = trained(Mode::SkipGram);
    let (cbow, cbow_loss) = trained(Mode::Cbow);
    let now = format!(
        "{{\n  \"corpus\": \"en\", \"dim\": 21, \"epochs\": 2, \"seed\": 7, \"slice\": 3000,\n  \"skipgram\": {}, \"skipgramLoss\": {sg_loss:?},\n  \"cbow\": {}, \"cbowLoss\": {cbow_loss:?}\n}}\n",
        fnv1a(&sg),
        fnv1a(&cbow)
    );
    if std::env::var_os("W2V_FINGERPRINT_UPDATE").is_some() {
        std::fs::write(path, &now).unwrap();
    }
    let saved = std::fs::read_to_string(path).unwrap();
    assert_eq!(saved, now, "training changed; if on purpose, rewrite the fixture (see the top of this file)");
}
