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
//! - Random draws: word2vec.c's own generator and reads ([`crate::rng::W2vLcg`]), seeded with the
//!   run's seed, one stream for the initial vectors and then training: initial vectors and keep
//!   decisions from `next & 0xFFFF`, the radius from `next % window`, a negative from the unigram
//!   table's slot `(next >> 16) % slots`. On another generator (SplitMix64, with an alias sampler)
//!   CBOW scored measurably below gensim (benches/README.md, issue 15). The slot's word is found
//!   without reading the 4 MB table ([`crate::embed::slot_index::SlotIndex`]: a mask for the
//!   `%`, a small guide and the run boundaries for the read) — the same word, at the speed the
//!   alias sampler had.
//!
//! Speed and reproducibility: every example is one call of the negative-sampling step FastText
//! trains with too ([`crate::embed::negative::ns_step`], on the kernels of [`crate::nn::kernels`]
//! whose fixed operation order makes native and wasm builds give bit-identical vectors,
//! `tests/word2vec_targets.rs`); `step.rs` draws the negatives and prefetches rows; `config.rs`
//! holds the settings; `walkthrough.rs` replays one sentence for the page.

use super::logistic::Word2vecSigmoid;
use super::negative::ns_step;
use super::sampling::{word2vec_keep_thresholds, UnigramTable, DEFAULT_TABLE_SIZE, WORD2VEC_POWER};
use super::slot_index::SlotIndex;
use super::vectors::{VectorsView, WordVectors};
use crate::error::{Error, Result};
use crate::rng::W2vLcg;
use crate::settings::Settings;
use crate::text::{Vocab, VocabConfig};

mod config;
mod step;
pub mod walkthrough;
pub use config::{word_sentences, Init, Mode, Progress, Word2VecConfig, MAX_SENTENCE};
pub use step::draw_negatives;
use step::prefetch_row;

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
    /// The unigram^0.75 table: negatives are its slots drawn uniformly (and it is drawn on the page).
    table: UnigramTable,
    /// slot → word of `table` without reading it (the same words, cache-resident).
    index: SlotIndex,
    keep: Vec<u64>,
    sig: Word2vecSigmoid,
    rng: W2vLcg,
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
        Self::build(&word_sentences(raw, config.tokenizer), config)
    }

    /// Builds the vocabulary, the tables and the initial vectors from tokenised sentences.
    pub fn new(sentences: &[Vec<String>], config: Word2VecConfig) -> Result<Self> {
        config.validate()?;
        Self::build(sentences, config)
    }

    /// [`Word2Vec::new`] for settings already validated.
    fn build(sentences: &[Vec<String>], config: Word2VecConfig) -> Result<Self> {
        let vc = VocabConfig { min_count: config.min_count, max_size: config.max_vocab };
        let vocab = Vocab::from_sentences(sentences, vc)?;
        if vocab.len() < 2 {
            return Err(crate::err!(Corpus, W2V_TOO_FEW_WORDS, minCount = config.min_count, found = vocab.len()));
        }
        let (corpus, bounds) = corpus_ids(sentences, &vocab);
        let dim = config.dim;
        let v = vocab.len();
        let mut rng = W2vLcg::new(config.seed);
        // word2vec.c InitNet: syn0 = ((next & 0xFFFF)/65536 − 0.5)/dim, in [−0.5, 0.5)/dim; syn1neg
        // zero; gensim doubles the range.
        let w = 2.0 * config.init.half_width();
        let syn0 = (0..v * dim).map(|_| w * (rng.unit16() - 0.5) / dim as f32).collect();
        let table = UnigramTable::new(vocab.counts(), WORD2VEC_POWER, DEFAULT_TABLE_SIZE.min(v * 1000))?;
        let index = SlotIndex::new(&table);
        let keep = word2vec_keep_thresholds(vocab.counts(), config.sample);
        let alpha0 = config.start_alpha() as f32;
        let negative = config.negative;
        Ok(Word2Vec {
            dim,
            corpus,
            bounds,
            syn0,
            syn1: vec![0.0; v * dim],
            table,
            index,
            keep,
            sig: Word2vecSigmoid::word2vec(),
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
            negs: Vec::with_capacity(2 * config.window * negative),
            ctx: Vec::with_capacity(2 * config.window),
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
    pub(crate) fn slot_index(&self) -> &SlotIndex {
        &self.index
    }
    pub(crate) fn keep_thresholds(&self) -> &[u64] {
        &self.keep
    }
    pub(crate) fn sigmoid(&self) -> &Word2vecSigmoid {
        &self.sig
    }
    pub fn alpha(&self) -> f32 {
        self.alpha
    }
    /// The input vectors with the vocabulary (what [`WordVectors`] queries).
    pub fn view(&self) -> VectorsView<'_> {
        VectorsView { vocab: &self.vocab, dim: self.dim, data: &self.syn0 }
    }

    pub fn total_words(&self) -> u64 {
        self.cfg.epochs * self.corpus.len() as u64
    }
    pub fn is_done(&self) -> bool {
        self.epoch >= self.cfg.epochs
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
                    let e = crate::err!(Input, TRAINING_DIVERGED, alpha = self.alpha);
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
            if self.rng.keep(self.keep[w as usize]) {
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
        let window = self.cfg.window;
        let radius = window - self.rng.modulo(window); // b = next % window; radius = window − b
        let (lo, hi) = (k.saturating_sub(radius), (k + radius).min(self.sen.len() - 1));
        let centre = self.sen[k];
        let negative = self.cfg.negative;
        let dim = self.dim;
        match self.cfg.mode {
            Mode::SkipGram => {
                // All negatives of this centre's examples first: the same draws in the same order
                // as drawing them example by example (nothing else draws in between), but the
                // next example's rows can be fetched while this one trains.
                let examples = hi - lo;
                self.negs.clear();
                for _ in 0..examples * negative {
                    self.negs.push(self.index.word(self.rng.high()));
                }
                let (mut loss, mut e) = (0.0, 0);
                prefetch_row(&self.syn1, centre, dim);
                for j in (lo..=hi).filter(|&j| j != k) {
                    if e + 1 < examples {
                        let next = if j + 1 == k { j + 2 } else { j + 1 };
                        prefetch_row(&self.syn0, self.sen[next], dim);
                        for &t in &self.negs[(e + 1) * negative..(e + 2) * negative] {
                            prefetch_row(&self.syn1, t, dim);
                        }
                    }
                    let negs = &self.negs[e * negative..(e + 1) * negative];
                    let input = self.sen[j];
                    loss += ns_step(
                        &mut self.syn0,
                        &mut self.syn1,
                        dim,
                        &[input],
                        centre,
                        negs,
                        self.alpha,
                        &mut self.neu1,
                        &mut self.neu1e,
                        &self.sig,
                    );
                    e += 1;
                }
                (loss, e as u64)
            }
            Mode::Cbow => {
                self.ctx.clear();
                self.ctx.extend((lo..=hi).filter(|&j| j != k).map(|j| self.sen[j]));
                if self.ctx.is_empty() {
                    return (0.0, 0);
                }
                self.negs.clear();
                for _ in 0..negative {
                    self.negs.push(self.index.word(self.rng.high()));
                }
                let loss = ns_step(
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

/// The queries of every word-vector model, over the input vectors (`syn0`).
impl WordVectors for Word2Vec {
    fn table(&self) -> VectorsView<'_> {
        self.view()
    }
}

/// The training stream: each sentence's in-vocabulary word ids, concatenated, and where each
/// sentence starts (`bounds`; sentence k is `corpus[bounds[k]..bounds[k + 1]]`). Out-of-vocabulary
/// words are dropped before cutting, and a sentence longer than [`MAX_SENTENCE`] is cut into pieces,
/// as word2vec.c's `ReadWord` loop does.
pub fn corpus_ids(sentences: &[Vec<String>], vocab: &Vocab) -> (Vec<u32>, Vec<usize>) {
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
    (corpus, bounds)
}
