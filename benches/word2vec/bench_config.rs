//! The benchmark's Word2Vec settings (benches/README.md, "Word2Vec": dim 100, window 5, negative 5,
//! sample 1e-3, min count 5, 5 epochs, whitespace tokens), shared by the examples that train on the
//! benchmark corpus (`word2vec_bench` = native_run.rs, `word2vec_replay` = replay.rs) so that the
//! trainer and its replay cannot drift apart. Included with `#[path]` (examples have no common crate).

use nlp_playground::embed::word2vec::{Init, Mode, Word2VecConfig};
use nlp_playground::text::Tokenizer;

/// `mode` "cbow" or anything else for skip-gram; `init` "word2vec" or anything else for gensim's
/// range; `alpha` None: word2vec.c's default for the mode (0.05 CBOW, 0.025 skip-gram).
pub fn bench_config(mode: &str, alpha: Option<f64>, seed: u64, init: &str) -> Word2VecConfig {
    let mode = if mode == "cbow" { Mode::Cbow } else { Mode::SkipGram };
    Word2VecConfig {
        mode,
        dim: 100,
        window: 5,
        negative: 5,
        sample: 1e-3,
        min_count: 5,
        epochs: 5,
        alpha: Some(alpha.unwrap_or(if mode == Mode::Cbow { 0.05 } else { 0.025 })),
        seed,
        max_vocab: 1_000_000,
        tokenizer: Tokenizer::Whitespace,
        init: if init == "word2vec" { Init::Word2vec } else { Init::Gensim },
    }
}
