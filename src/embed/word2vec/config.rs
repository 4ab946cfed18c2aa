//! Word2Vec settings, their validation, and the progress report of `train`.

use crate::error::{check_range, check_range_f, Result};
use crate::text::{self, Tokenizer};
use serde::{Deserialize, Serialize};

/// word2vec.c's `MAX_SENTENCE_LENGTH`.
pub const MAX_SENTENCE: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// Each context word's vector predicts the centre word (word2vec.c `cbow = 0`).
    #[serde(rename = "skipgram")]
    SkipGram,
    /// The average of the context vectors predicts the centre word (`cbow = 1`).
    #[serde(rename = "cbow")]
    Cbow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextTokenizer {
    /// The crate's word tokenizer, lower-cased, punctuation dropped; sentences split on `.!?` etc.
    Word,
    /// Whitespace-separated tokens, one sentence per line (what word2vec.c and gensim read).
    Whitespace,
}

impl TextTokenizer {
    /// `raw` cleaned (NFC, no control characters) and cut into tokenised sentences.
    pub fn sentences(self, raw: &str) -> Vec<Vec<String>> {
        let tok = match self {
            TextTokenizer::Word => Tokenizer::Word { lowercase: true, punctuation: false },
            TextTokenizer::Whitespace => Tokenizer::Whitespace,
        };
        text::tokenize_sentences(&text::clean(raw).text, tok)
    }
}

/// Settings. Defaults are word2vec.c's except where the browser needs otherwise: `mode` skip-gram
/// (the chapter's story; word2vec.c defaults to CBOW), `dim` 50 (word2vec.c: 100; half the work per
/// update, and plenty for the page's corpora), `minCount` 2 (word2vec.c: 5, which would drop most of
/// a short pasted text), `maxVocab` 30,000. Integer fields are signed so that `-1` from the page
/// gets a message naming the setting rather than a type error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Word2VecConfig {
    pub mode: Mode,
    /// Vector dimensions, 1..=1000.
    pub dim: i64,
    /// Largest window radius, 1..=50 (the radius of each centre is drawn from 1..=window).
    pub window: i64,
    /// Negatives per positive example, 1..=50.
    pub negative: i64,
    /// Subsampling threshold t, 0 (off) ..= 0.1.
    pub sample: f64,
    pub min_count: i64,
    pub epochs: i64,
    /// Starting learning rate; `None` → 0.025 for skip-gram, 0.05 for CBOW (word2vec.c).
    pub alpha: Option<f64>,
    pub seed: u64,
    pub max_vocab: i64,
    pub tokenizer: TextTokenizer,
    /// The range of the initial input vectors.
    pub init: Init,
}

/// How the input vectors start (output vectors always start at zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Init {
    /// word2vec.c `InitNet`: uniform in [−0.5, 0.5) / dim.
    #[default]
    Word2vec,
    /// gensim ≥ 4 (`prep_vectors`): uniform in [−1, 1) / dim, twice word2vec.c's range. On the
    /// benchmark corpus this alone moves CBOW's WordSim-353 score by +0.01 (same seeds) and lowers
    /// the final loss; compare with gensim using this.
    Gensim,
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

impl Default for Word2VecConfig {
    fn default() -> Self {
        Word2VecConfig {
            mode: Mode::SkipGram,
            dim: 50,
            window: 5,
            negative: 5,
            sample: 1e-3,
            min_count: 2,
            epochs: 5,
            alpha: None,
            seed: 1,
            max_vocab: 30_000,
            tokenizer: TextTokenizer::Word,
            init: Init::Word2vec,
        }
    }
}

impl Word2VecConfig {
    pub fn validate(&self) -> Result<()> {
        check_range("dim", self.dim, 1, 1000)?;
        check_range("window", self.window, 1, 50)?;
        check_range("negative", self.negative, 1, 50)?;
        check_range_f("sample", self.sample, 0.0, 0.1)?;
        check_range("minCount", self.min_count, 1, 1_000_000)?;
        check_range("epochs", self.epochs, 1, 1000)?;
        check_range("maxVocab", self.max_vocab, 2, 1_000_000)?;
        if let Some(a) = self.alpha {
            check_range_f("alpha", a, 1e-6, 1e4)?;
        }
        Ok(())
    }

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
