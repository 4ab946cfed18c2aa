//! Word2Vec: skip-gram and CBOW with negative sampling (Mikolov et al. 2013), with the semantics
//! of the reference `word2vec.c` (tmikolov/word2vec): frequent-word subsampling, a dynamic
//! window, the unigram^0.75 negative table, linearly decaying learning rate, its initialisation.
//!
//! Choices where the reference leaves room (each documented at its place):
//! - No `</s>` token. word2vec.c reads a newline as the word `</s>`, ends the sentence there and
//!   keeps `</s>` in the vocabulary; here sentences come already split (one per line for the
//!   whitespace tokenizer), a window never crosses a sentence end, and `</s>` is neither trained
//!   nor listed — as in gensim. Sentences longer than 1000 tokens are cut (word2vec.c's
//!   `MAX_SENTENCE_LENGTH`).
//! - The learning rate is recomputed before every centre word instead of every 10,000 words:
//!   the same line, without steps, which matters for the small corpora of the page.
//! - Tokens outside the vocabulary are dropped before windowing, as word2vec.c does.

use super::kernels::{axpy, ns_update, Logistic, SigmoidTable};
use super::sampling::{keep, keep_thresholds, UnigramTable, DEFAULT_TABLE_SIZE, WORD2VEC_POWER};
use super::vectors::VectorsView;
use crate::error::{check_range, check_range_f, Error, Result};
use crate::rng::Rng;
use crate::text::{self, Tokenizer, Vocab, VocabConfig};
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

/// A Word2Vec model and its training state.
#[derive(Debug, Clone)]
pub struct Word2Vec {
    cfg: Word2VecConfig,
    dim: usize,
    vocab: Vocab,
    /// In-vocabulary token ids of the whole corpus, sentence after sentence.
    corpus: Vec<u32>,
    /// Sentence k is `corpus[bounds[k]..bounds[k + 1]]` (at most MAX_SENTENCE long).
    bounds: Vec<usize>,
    /// Input vectors (V, dim): word2vec.c `syn0`, the word vectors shown and exported.
    syn0: Vec<f32>,
    /// Output vectors (V, dim): `syn1neg`.
    syn1: Vec<f32>,
    table: UnigramTable,
    keep: Vec<u64>,
    sig: SigmoidTable,
    rng: Rng,
    alpha0: f32,
    alpha: f32,
    // Where training stands.
    epoch: u64,
    sentence: usize,
    words_done: u64,
    loaded: bool,
    /// The current sentence after subsampling (ids) and each kept token's index in the sentence.
    sen: Vec<u32>,
    sen_pos: Vec<u32>,
    at: usize,
    raw_at: u64,
    last_loss: f32,
    failed: Option<Error>,
    // Scratch, allocated once: (dim) hidden, (dim) its gradient step, negatives, CBOW contexts.
    neu1: Vec<f32>,
    neu1e: Vec<f32>,
    negs: Vec<u32>,
    ctx: Vec<u32>,
}

impl Word2Vec {
    /// Cleans and tokenizes `text` as `config.tokenizer` says, then builds the model.
    pub fn from_text(raw: &str, config: Word2VecConfig) -> Result<Self> {
        config.validate()?;
        Self::new(&config.tokenizer.sentences(raw), config)
    }

    /// Builds the vocabulary, the tables and the initial vectors from tokenised sentences.
    pub fn new(sentences: &[Vec<String>], config: Word2VecConfig) -> Result<Self> {
        config.validate()?;
        let vc = VocabConfig { min_count: config.min_count as u64, max_size: config.max_vocab as usize };
        let vocab = Vocab::from_sentences(sentences, vc)?;
        if vocab.len() < 2 {
            return Err(Error::corpus(format!(
                "Word2Vec needs at least two distinct words seen at least {} times (minCount); found {}",
                config.min_count,
                vocab.len()
            )));
        }
        let mut corpus = Vec::new();
        let mut bounds = vec![0];
        for s in sentences {
            let mut len = 0;
            for id in s.iter().filter_map(|w| vocab.id(w)) {
                corpus.push(id);
                len += 1;
                if len == MAX_SENTENCE {
                    bounds.push(corpus.len());
                    len = 0;
                }
            }
            if len > 0 {
                bounds.push(corpus.len());
            }
        }
        let dim = config.dim as usize;
        let v = vocab.len();
        let mut rng = Rng::new(config.seed);
        // word2vec.c InitNet: syn0 uniform in [−0.5, 0.5)/dim, syn1neg zero.
        let syn0 = (0..v * dim).map(|_| (rng.next_f32() - 0.5) / dim as f32).collect();
        let table = UnigramTable::new(vocab.counts(), WORD2VEC_POWER, DEFAULT_TABLE_SIZE.min(v * 1000))?;
        let keep = keep_thresholds(vocab.counts(), config.sample);
        let alpha0 = config.start_alpha() as f32;
        let negative = config.negative as usize;
        Ok(Word2Vec {
            dim,
            corpus,
            bounds,
            syn0,
            syn1: vec![0.0; v * dim],
            table,
            keep,
            sig: SigmoidTable::new(),
            rng,
            alpha0,
            alpha: alpha0,
            epoch: 0,
            sentence: 0,
            words_done: 0,
            loaded: false,
            sen: Vec::with_capacity(MAX_SENTENCE),
            sen_pos: Vec::with_capacity(MAX_SENTENCE),
            at: 0,
            raw_at: 0,
            last_loss: f32::NAN,
            failed: None,
            neu1: vec![0.0; dim],
            neu1e: vec![0.0; dim],
            negs: Vec::with_capacity(negative),
            ctx: Vec::with_capacity(2 * config.window as usize),
            vocab,
            cfg: config,
        })
    }

    pub fn config(&self) -> &Word2VecConfig {
        &self.cfg
    }
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }
    pub fn dim(&self) -> usize {
        self.dim
    }
    /// Input vectors (V, dim), row i the word with id i.
    pub fn input_vectors(&self) -> &[f32] {
        &self.syn0
    }
    /// Output vectors (V, dim).
    pub fn output_vectors(&self) -> &[f32] {
        &self.syn1
    }
    pub fn table(&self) -> &UnigramTable {
        &self.table
    }
    pub(crate) fn keep_thresholds(&self) -> &[u64] {
        &self.keep
    }
    pub(crate) fn sigmoid(&self) -> &SigmoidTable {
        &self.sig
    }
    pub fn alpha(&self) -> f32 {
        self.alpha
    }
    /// The queries (nearest, analogy, export) over the input vectors.
    pub fn view(&self) -> VectorsView<'_> {
        VectorsView { vocab: &self.vocab, dim: self.dim, data: &self.syn0 }
    }

    pub fn total_words(&self) -> u64 {
        self.cfg.epochs as u64 * self.corpus.len() as u64
    }
    pub fn is_done(&self) -> bool {
        self.epoch >= self.cfg.epochs as u64
    }

    pub fn progress(&self) -> Progress {
        Progress {
            words_done: self.words_done,
            total_words: self.total_words(),
            loss: self.last_loss,
            alpha: self.alpha,
            epoch: self.epoch,
            done: self.is_done(),
        }
    }

    /// Trains on about `max_words` more corpus tokens (at least one centre word; a slice never
    /// overshoots except by the subsampled-away tokens at a sentence end). Slices are exact
    /// pauses: training in one call or in many gives the same vectors. After a non-finite score
    /// the model refuses to train further and returns the same error.
    pub fn train(&mut self, max_words: u64) -> Result<Progress> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let (mut used, mut loss_sum, mut examples) = (0u64, 0f64, 0u64);
        while !self.is_done() && (used < max_words || used == 0) {
            if !self.loaded {
                self.load_sentence();
            }
            if self.at < self.sen.len() {
                let need = self.sen_pos[self.at] as u64 + 1 - self.raw_at;
                if used > 0 && used + need > max_words {
                    break;
                }
                self.alpha = self.decayed_alpha();
                let (loss, n) = self.train_centre(self.at);
                if loss.is_nan() {
                    let e = Error::input(format!(
                        "training diverged: a score became infinite or NaN at learning rate {}. Lower alpha and start again.",
                        self.alpha
                    ));
                    self.failed = Some(e.clone());
                    return Err(e);
                }
                loss_sum += loss as f64;
                examples += n;
                self.at += 1;
                self.raw_at += need;
                used += need;
                self.words_done += need;
            } else {
                let len = (self.bounds[self.sentence + 1] - self.bounds[self.sentence]) as u64;
                used += len - self.raw_at;
                self.words_done += len - self.raw_at;
                self.loaded = false;
                self.sentence += 1;
                if self.sentence + 1 >= self.bounds.len() {
                    self.sentence = 0;
                    self.epoch += 1;
                }
            }
        }
        if examples > 0 {
            self.last_loss = (loss_sum / examples as f64) as f32;
        }
        Ok(self.progress())
    }

    /// word2vec.c: α = α₀·(1 − done / (epochs·N + 1)), never below α₀·10⁻⁴.
    fn decayed_alpha(&self) -> f32 {
        let frac = self.words_done as f64 / (self.total_words() as f64 + 1.0);
        (self.alpha0 as f64 * (1.0 - frac)).max(self.alpha0 as f64 * 1e-4) as f32
    }

    /// Subsamples the next sentence into `sen` (one keep draw per token, as word2vec.c).
    fn load_sentence(&mut self) {
        self.sen.clear();
        self.sen_pos.clear();
        let (a, b) = (self.bounds[self.sentence], self.bounds[self.sentence + 1]);
        for (i, &w) in self.corpus[a..b].iter().enumerate() {
            if keep(self.keep[w as usize], &mut self.rng) {
                self.sen.push(w);
                self.sen_pos.push(i as u32);
            }
        }
        self.at = 0;
        self.raw_at = 0;
        self.loaded = true;
    }

    /// One centre word: draws its radius, then trains every (context → centre) example of it.
    /// Returns (summed loss, examples).
    fn train_centre(&mut self, k: usize) -> (f32, u64) {
        let window = self.cfg.window as usize;
        let radius = window - self.rng.below(window); // b = rand % window; radius = window − b
        let (lo, hi) = (k.saturating_sub(radius), (k + radius).min(self.sen.len() - 1));
        let centre = self.sen[k];
        let negative = self.cfg.negative as usize;
        let dim = self.dim;
        match self.cfg.mode {
            Mode::SkipGram => {
                let (mut loss, mut n) = (0.0, 0);
                for j in (lo..=hi).filter(|&j| j != k) {
                    draw_negatives(&self.table, &mut self.rng, centre, negative, &mut self.negs);
                    let input = self.sen[j];
                    loss += sg_step(&mut self.syn0, &mut self.syn1, dim, input, centre, &self.negs, self.alpha, &mut self.neu1e, &self.sig);
                    n += 1;
                }
                (loss, n)
            }
            Mode::Cbow => {
                self.ctx.clear();
                self.ctx.extend((lo..=hi).filter(|&j| j != k).map(|j| self.sen[j]));
                if self.ctx.is_empty() {
                    return (0.0, 0);
                }
                draw_negatives(&self.table, &mut self.rng, centre, negative, &mut self.negs);
                let loss = cbow_step(
                    &mut self.syn0,
                    &mut self.syn1,
                    dim,
                    &self.ctx,
                    centre,
                    &self.negs,
                    self.alpha,
                    &mut self.neu1,
                    &mut self.neu1e,
                    &self.sig,
                );
                (loss, 1)
            }
        }
    }
}

/// Draws `n` negatives from the table, skipping (not redrawing) any that equal the positive
/// target, as word2vec.c and gensim do (`if (target == word) continue;`).
pub fn draw_negatives(table: &UnigramTable, rng: &mut Rng, target: u32, n: usize, out: &mut Vec<u32>) {
    out.clear();
    for _ in 0..n {
        match table.sample(rng) {
            Some(t) if t != target => out.push(t),
            _ => {}
        }
    }
}

/// One skip-gram example (word2vec.c's inner loop): the input vector of the context word `input`
/// is the hidden h; it should score the centre word's output vector high and the negatives' low.
/// Loss L = −ln σ(h·o_c) − Σₙ ln σ(−h·oₙ). Each output row gets `o −= lr·∂L/∂o` at once; the input
/// row gets `h −= lr·∂L/∂h` after all targets, with ∂L/∂h summed in `neu1e` (see [`ns_update`]).
#[allow(clippy::too_many_arguments)]
pub fn sg_step<L: Logistic>(
    syn0: &mut [f32],
    syn1: &mut [f32],
    dim: usize,
    input: u32,
    centre: u32,
    negs: &[u32],
    lr: f32,
    neu1e: &mut [f32],
    lg: &L,
) -> f32 {
    let l1 = input as usize * dim;
    neu1e.fill(0.0);
    let h = &syn0[l1..l1 + dim];
    let mut loss = ns_update(h, row(syn1, centre, dim), true, lr, neu1e, lg);
    for &t in negs {
        loss += ns_update(h, row(syn1, t, dim), false, lr, neu1e, lg);
    }
    axpy(1.0, neu1e, &mut syn0[l1..l1 + dim]);
    loss
}

/// One CBOW example: h = (1/C)·Σ v_c over the C context words (word2vec.c `neu1 /= cw`), trained
/// like [`sg_step`]. Then every context row gets the full step for h, `v_c −= lr·∂L/∂h`, not the
/// chain-rule share ∂L/∂v_c = (1/C)·∂L/∂h: word2vec.c (and gensim with `cbow_mean=1`) add `neu1e`
/// to each context vector undivided, i.e. the inputs learn at C× the rate the mean implies.
#[allow(clippy::too_many_arguments)]
pub fn cbow_step<L: Logistic>(
    syn0: &mut [f32],
    syn1: &mut [f32],
    dim: usize,
    contexts: &[u32],
    centre: u32,
    negs: &[u32],
    lr: f32,
    neu1: &mut [f32],
    neu1e: &mut [f32],
    lg: &L,
) -> f32 {
    neu1.fill(0.0);
    neu1e.fill(0.0);
    for &c in contexts {
        let l = c as usize * dim;
        axpy(1.0, &syn0[l..l + dim], neu1);
    }
    let inv = 1.0 / contexts.len() as f32;
    neu1.iter_mut().for_each(|x| *x *= inv);
    let mut loss = ns_update(neu1, row(syn1, centre, dim), true, lr, neu1e, lg);
    for &t in negs {
        loss += ns_update(neu1, row(syn1, t, dim), false, lr, neu1e, lg);
    }
    for &c in contexts {
        let l = c as usize * dim;
        axpy(1.0, neu1e, &mut syn0[l..l + dim]);
    }
    loss
}

#[inline]
fn row(m: &mut [f32], id: u32, dim: usize) -> &mut [f32] {
    let l = id as usize * dim;
    &mut m[l..l + dim]
}
