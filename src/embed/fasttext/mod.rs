//! FastText word vectors: skip-gram / CBOW with negative sampling where a word is the average of its
//! own row and the rows of its character n-grams (Bojanowski et al. 2017).
//!
//! Semantics follow upstream fastText (`src/fasttext.cc`, `src/model.cc`, `src/loss.cc`,
//! `src/dictionary.cc`, defaults from `src/args.cc`):
//! - input matrix `wi` of `(nwords + bucket) × dim`, uniform in `[-1/dim, 1/dim]`; output matrix
//!   `wo` of `nwords × dim`, zero;
//! - the input of a word is the list `[id, nwords + b₁, nwords + b₂, …]` (its row, then the n-gram
//!   buckets of [`crate::embed::subwords`]); the hidden vector is their mean (`computeHidden`);
//! - skip-gram: each centre word predicts each context word within a radius drawn uniformly from
//!   `[1, ws]`; CBOW: the mean of the context words' inputs predicts the centre;
//! - negative sampling with `neg` negatives from the unigram table with counts^0.5, a negative
//!   equal to the target is redrawn (`getNegative`);
//! - the gradient with respect to the hidden vector is added, undivided, to every input row
//!   (`Model::update`; only supervised mode normalises it), so a word with N n-grams moves N rows
//!   by the full step;
//! - frequent words discarded with probability `1 − (sqrt(t/f) + t/f)`, t = 1e-4;
//! - `lr · (1 − progress)`, progress refreshed every `lrUpdateRate` tokens.
//!
//! Known differences, on purpose: the end-of-line token `</s>` is not added at line ends (the
//! page's tokenisers do not produce it; where a whitespace-tokenised text contains it literally it
//! is, as upstream, a word with its own row and no n-grams); progress counts in-vocabulary tokens (fastText divides by
//! all tokens read, including those below minCount, and so runs slightly more than `epoch` passes);
//! σ comes from the shared table over [−6, 6] (fastText's covers [−8, 8]); the unigram table has
//! 2^20 slots (fastText 10^7); the random generator is SplitMix64, so runs are not bit-identical.
//!
//! Memory: `wi` is `(nwords + bucket) × dim × 4` bytes and `wo` is `nwords × dim × 4` bytes. With
//! fastText's 2,000,000 buckets and dim 100 that is ~800 MB; the browser default of
//! [`BROWSER_BUCKET`] buckets is ~40 MB plus the vocabulary rows.

mod query;
mod train;

pub use crate::embed::vectors::Neighbour;
pub use query::KnownNgram;
pub use train::Progress;

use crate::embed::logistic::FastTextSigmoid;
use crate::embed::sampling::{keep_thresholds, UnigramTable, DEFAULT_TABLE_SIZE, FASTTEXT_POWER};
use crate::embed::subwords::{self, SubwordConfig, MAX_BUCKET, MAX_N};
pub use crate::embed::Mode;
use crate::error::{Problem, Result};
use crate::problem;
use crate::rng::Rng;
use crate::settings::{Settings, SEED_MAX};
use crate::text::{self, TokenRules, Tokenizer, Vocab, VocabConfig};

/// The page's default bucket count: 100,000 rows × dim 100 × 4 bytes = 40 MB (fastText: 2,000,000).
pub const BROWSER_BUCKET: u32 = 100_000;
/// Floats allowed in `wi` + `wo` together: 2^29 (2 GB), half of wasm32's 4 GB address space.
pub const MAX_PARAMS: u64 = 1 << 29;
/// fastText's `MAX_LINE_SIZE`: longer lines are trained in pieces of this many tokens.
pub const MAX_LINE: usize = 1024;

crate::settings! {
    /// Settings; the keys are Word2Vec's (the two chapters share a form) and fastText's own names
    /// are accepted as aliases (`ws`, `neg`, `t`, `epoch`, `lr`). Defaults are fastText's
    /// `skipgram` ones (`src/args.cc`: window 5, 5 negatives, lr 0.05, lrUpdateRate 100) except
    /// where the page's lessons need otherwise; the page uses these values. On the built-in
    /// corpora (14k tokens) fastText's dim 100, minCount 5, t = 1e-4 and 5 epochs leave the space
    /// untrained; `minn` 1 gives a Korean syllable (먹, 배) an n-gram of its own, so an unseen
    /// 먹었습니다 lands on 먹었다 (with minn 2, on words that merely end alike: tests/lessons/), and
    /// fastText's `maxn` 6 puts 먹었다 first on 38 of seeds 1–40 where 5 did on 29 (README "Seed
    /// sweep"; the rest: 불렀다, "was full"); `bucket` is browser-sized ([`BROWSER_BUCKET`]). fastText's own: dim 100, t 1e-4,
    /// minCount 5, epoch 5, minn 3, maxn 6, bucket 2,000,000.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Config {
        /// Skip-gram or CBOW.
        pub mode: Mode = Mode::SkipGram,
        /// Vector dimensions.
        #[limits(1, 1024)]
        pub dim: usize = 50,
        /// Largest window radius.
        #[alias("ws")]
        #[limits(1, 50)]
        pub window: usize = 5,
        /// Negatives per positive example.
        #[alias("neg")]
        #[limits(1, 50)]
        pub negative: usize = 5,
        /// Subsampling threshold t.
        #[alias("t")]
        #[limits(0, 1)]
        pub sample: f64 = 1e-3,
        /// Words seen fewer times are left out.
        #[limits(1, 1_000_000_000)]
        pub min_count: u64 = 2,
        /// Passes over the corpus.
        #[alias("epoch")]
        #[limits(1, 1000)]
        pub epochs: usize = 20,
        /// Starting learning rate.
        #[alias("lr")]
        #[limits(1e-6, 10)]
        pub alpha: f64 = 0.05,
        /// Tokens between updates of the decaying learning rate.
        #[limits(1, 1_000_000_000)]
        pub lr_update_rate: u64 = 100,
        /// The random seed.
        #[limits(0, SEED_MAX)]
        pub seed: u64 = 1,
        /// At most this many words, the most frequent.
        #[limits(1, 10_000_000)]
        pub max_vocab: usize = 100_000,
        /// `word` (lower-cased letters and digits, no punctuation) or `whitespace` (one line per
        /// sentence, as fastText reads files).
        #[choices("word", "whitespace")]
        pub tokenizer: Tokenizer = Tokenizer::Word,
        /// Shortest character n-gram.
        #[limits(1, MAX_N)]
        pub minn: usize = 1,
        /// Longest character n-gram.
        #[limits(1, MAX_N)]
        pub maxn: usize = 6,
        /// Hash buckets (shared n-gram rows).
        #[limits(1, MAX_BUCKET)]
        pub bucket: u32 = BROWSER_BUCKET,
        /// Hangul syllables as jamo before taking n-grams (not upstream).
        pub jamo: bool = false,
    }
}

impl Settings for Config {
    fn check(&self, problems: &mut Vec<Problem>) {
        self.subwords().check(problems);
        if self.bucket as u64 * self.dim as u64 > MAX_PARAMS {
            let mb = (self.bucket as u64 * self.dim as u64 * 4) >> 20;
            problems.push(problem!(FASTTEXT_MEMORY, bucket = self.bucket, dim = self.dim, mb = mb, limit = (MAX_PARAMS * 4) >> 20));
        }
    }
}

impl Config {
    pub fn subwords(&self) -> SubwordConfig {
        SubwordConfig { minn: self.minn, maxn: self.maxn, bucket: self.bucket, jamo: self.jamo }
    }

    /// How the corpus and queries are tokenised.
    pub fn rules(&self) -> TokenRules {
        self.tokenizer.rules(true, false)
    }

    /// Bytes of `wi` and `wo` for a vocabulary of `nwords`.
    pub fn param_bytes(&self, nwords: usize) -> u64 {
        ((2 * nwords as u64) + self.bucket as u64) * self.dim as u64 * 4
    }
}

/// A FastText model with its corpus, ready to train in slices.
pub struct FastText {
    cfg: Config,
    sub: SubwordConfig,
    vocab: Vocab,
    /// Input rows of word i: `rows[row_start[i]..row_start[i + 1]]`, its own id first.
    row_start: Vec<u32>, // (nwords + 1)
    rows: Vec<u32>,
    /// The corpus as word ids, cut into lines of at most [`MAX_LINE`] tokens.
    tokens: Vec<u32>,
    line_end: Vec<u32>,
    /// Input matrix `(nwords + bucket, dim)` and output matrix `(nwords, dim)`.
    wi: Vec<f32>,
    wo: Vec<f32>,
    table: UnigramTable,
    keep: Vec<u64>,
    sigmoid: FastTextSigmoid,
    rng: Rng,
    // Training position.
    epoch: usize,
    line: usize,
    words_done: u64,
    lr_words: u64,
    since_lr: u64,
    diverged: bool,
    // Scratch, allocated once.
    hidden: Vec<f32>,                         // (dim)
    grad: Vec<f32>,                           // (dim)
    kept: Vec<u32>,                           // the current line after subsampling
    bow: Vec<u32>,                            // CBOW's input rows
    negs: Vec<u32>,                           // (neg)
    word_vecs: std::cell::OnceCell<Vec<f32>>, // (nwords, dim) averaged; rebuilt after training
}

fn alloc(n: u64) -> Result<Vec<f32>> {
    let mut v = Vec::new();
    usize::try_from(n)
        .ok()
        .and_then(|n| v.try_reserve_exact(n).ok())
        .ok_or_else(|| crate::err!(Settings, FT_MEMORY, mb = (n * 4) >> 20))?;
    Ok(v)
}

impl FastText {
    /// Tokenises `text`, builds the vocabulary and every word's n-gram rows, and initialises the
    /// matrices as fastText does.
    pub fn new(raw: &str, cfg: Config) -> Result<FastText> {
        cfg.validate()?;
        let sentences = text::tokenize_sentences(&text::clean(raw).text, cfg.rules());
        let vocab = Vocab::from_sentences(&sentences, VocabConfig { min_count: cfg.min_count, max_size: cfg.max_vocab })?;
        if vocab.len() < 2 {
            return Err(crate::err!(Corpus, FT_TOO_FEW_WORDS, minCount = cfg.min_count, found = vocab.len()));
        }
        let nwords = vocab.len();
        let n_params = (2 * nwords as u64 + cfg.bucket as u64) * cfg.dim as u64;
        if n_params > MAX_PARAMS {
            return Err(crate::err!(
                Settings,
                FT_WEIGHTS,
                bucket = cfg.bucket,
                dim = cfg.dim,
                mb = (n_params * 4) >> 20,
                limit = (MAX_PARAMS * 4) >> 20
            ));
        }
        let sub = cfg.subwords();
        let (mut row_start, mut rows) = (vec![0u32], Vec::new());
        for (id, w) in vocab.words().iter().enumerate() {
            let at = rows.len();
            rows.push(id as u32);
            subwords::bucket_ids(w, &sub, &mut rows);
            for r in &mut rows[at + 1..] {
                *r += nwords as u32;
            }
            row_start.push(rows.len() as u32);
        }
        let (mut tokens, mut line_end) = (Vec::new(), Vec::new());
        for s in &sentences {
            let mut n = 0;
            for id in s.iter().filter_map(|w| vocab.id(w)) {
                tokens.push(id);
                n += 1;
                if n == MAX_LINE {
                    line_end.push(tokens.len() as u32);
                    n = 0;
                }
            }
            if n > 0 {
                line_end.push(tokens.len() as u32);
            }
        }
        let mut rng = Rng::new(cfg.seed);
        let dim = cfg.dim;
        let mut wi = alloc((nwords as u64 + cfg.bucket as u64) * dim as u64)?;
        let bound = 1.0 / dim as f32;
        wi.extend((0..(nwords + cfg.bucket as usize) * dim).map(|_| (rng.next_f32() * 2.0 - 1.0) * bound));
        let mut wo = alloc(nwords as u64 * dim as u64)?;
        wo.resize(nwords * dim, 0.0);
        let table = UnigramTable::new(vocab.counts(), FASTTEXT_POWER, DEFAULT_TABLE_SIZE)?;
        let keep = keep_thresholds(vocab.counts(), cfg.sample);
        let max_rows = row_start.windows(2).map(|w| (w[1] - w[0]) as usize).max().unwrap_or(1);
        Ok(FastText {
            hidden: vec![0.0; dim],
            grad: vec![0.0; dim],
            kept: Vec::with_capacity(MAX_LINE),
            bow: Vec::with_capacity(2 * cfg.window * max_rows),
            negs: Vec::with_capacity(cfg.negative),
            sub,
            vocab,
            row_start,
            rows,
            tokens,
            line_end,
            wi,
            wo,
            table,
            keep,
            sigmoid: FastTextSigmoid::fasttext(),
            rng,
            epoch: 0,
            line: 0,
            words_done: 0,
            lr_words: 0,
            since_lr: 0,
            diverged: false,
            word_vecs: Default::default(),
            cfg,
        })
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }
    pub fn dim(&self) -> usize {
        self.cfg.dim
    }
    /// Corpus tokens to process in all: epochs × in-vocabulary tokens.
    pub fn total_words(&self) -> u64 {
        self.cfg.epochs as u64 * self.tokens.len() as u64
    }
    pub fn words_done(&self) -> u64 {
        self.words_done
    }
    /// Bytes held by the two matrices.
    pub fn param_bytes(&self) -> u64 {
        (self.wi.len() + self.wo.len()) as u64 * 4
    }
    /// The input rows (word row first, then `nwords + bucket` per n-gram) of vocabulary word `id`.
    pub fn input_rows(&self, id: u32) -> &[u32] {
        &self.rows[self.row_start[id as usize] as usize..self.row_start[id as usize + 1] as usize]
    }
    /// Row `r` of the input matrix.
    pub fn input_row(&self, r: u32) -> &[f32] {
        let d = self.cfg.dim;
        &self.wi[r as usize * d..(r as usize + 1) * d]
    }
}
