//! Word2Vec settings, their validation, and the progress report of `train`.

pub use crate::embed::Mode;
use crate::settings::{Settings, SEED_MAX};
use crate::text::{self, Tokenizer};
use serde::Serialize;

/// word2vec.c's `MAX_SENTENCE_LENGTH`.
pub const MAX_SENTENCE: usize = 1000;

/// How `raw` text becomes the sentences Word2Vec and FastText train on: cleaned (NFC, no control
/// characters), then `word` (lower-cased, punctuation dropped; sentences split on `.!?` …) or
/// `whitespace` (one sentence per line, tokens as they are: what word2vec.c and gensim read).
pub fn word_sentences(raw: &str, tokenizer: Tokenizer) -> Vec<Vec<String>> {
    text::tokenize_sentences(&text::clean(raw).text, tokenizer.rules(true, false))
}

crate::choices! {
    /// How the input vectors start (output vectors always start at zero).
    pub enum Init {
        /// word2vec.c `InitNet`: uniform in [−0.5, 0.5) / dim.
        Word2vec = "word2vec",
        /// gensim ≥ 4 (`prep_vectors`): uniform in [−1, 1) / dim, twice word2vec.c's range. On the
        /// benchmark corpus this alone moves CBOW's WordSim-353 score by +0.01 (same seeds) and
        /// lowers the final loss; compare with gensim using this.
        Gensim = "gensim",
    }
}

impl Init {
    /// Half-width of the range, times dim.
    pub fn half_width(self) -> f32 {
        match self {
            Init::Word2vec => 0.5,
            Init::Gensim => 1.0,
        }
    }
}

crate::settings! {
    /// Word2Vec settings. Defaults are word2vec.c's except where the browser needs otherwise:
    /// `mode` skip-gram (the chapter's story; word2vec.c defaults to CBOW), `dim` 50 (word2vec.c:
    /// 100; half the work per update, and plenty for the page's corpora), `minCount` 2 (word2vec.c:
    /// 5, which would drop most of a short pasted text), `epochs` 30 (word2vec.c: 5; a 14k-token
    /// corpus organises its space only after 20–25 passes, in gensim as here, and the lessons'
    /// analogies need 30: tests/lessons/), `maxVocab` 30,000. The page uses these values.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Word2VecConfig {
        /// Skip-gram (each context word predicts the centre) or CBOW (their mean does).
        pub mode: Mode = Mode::SkipGram,
        /// Vector dimensions.
        #[limits(1, 1000)]
        pub dim: usize = 50,
        /// Largest window radius (the radius of each centre is drawn from 1..=window).
        #[limits(1, 50)]
        pub window: usize = 5,
        /// Negatives per positive example.
        #[limits(1, 50)]
        pub negative: usize = 5,
        /// Subsampling threshold t (0: off).
        #[limits(0, 0.1)]
        pub sample: f64 = 1e-3,
        /// Words seen fewer times are left out.
        #[limits(1, 1_000_000)]
        pub min_count: u64 = 2,
        /// Passes over the corpus.
        #[limits(1, 1000)]
        pub epochs: u64 = 30,
        /// Starting learning rate; null: 0.025 for skip-gram, 0.05 for CBOW (word2vec.c).
        #[limits(1e-6, 1e4)]
        pub alpha: Option<f64> = None,
        /// The random seed (initial vectors, subsampling, windows, negatives).
        #[limits(0, SEED_MAX)]
        pub seed: u64 = 1,
        /// At most this many words, the most frequent.
        #[limits(2, 1_000_000)]
        pub max_vocab: usize = 30_000,
        /// `word` (lower-cased, no punctuation) or `whitespace` (one sentence per line).
        #[choices("word", "whitespace")]
        pub tokenizer: Tokenizer = Tokenizer::Word,
        /// The range of the initial input vectors.
        pub init: Init = Init::Word2vec,
    }
}

impl Settings for Word2VecConfig {}

impl Word2VecConfig {
    pub fn start_alpha(&self) -> f64 {
        self.alpha.unwrap_or(match self.mode {
            Mode::SkipGram => 0.025,
            Mode::Cbow => 0.05,
        })
    }
}

/// What `train` reports after each slice.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Corpus tokens read so far over all epochs (subsampled ones included, as word2vec.c counts).
    pub words_done: u64,
    /// `epochs × tokens in the vocabulary`.
    pub total_words: u64,
    /// Mean loss per (input, centre) example of the slice: −ln σ(h·o₊) − Σ ln σ(−h·o₋).
    pub loss: f32,
    /// Learning rate at the end of the slice.
    pub alpha: f32,
    pub epoch: u64,
    pub done: bool,
}
