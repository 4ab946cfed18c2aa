//! A small Transformer trained live on the corpus (issue 12): a BERT-style encoder with a masked-
//! LM head, or a decoder-only causal LM (GPT-style), on [`crate::nn`]'s layers.
//!
//! - [`net`]: the network, forward and backward (golden against PyTorch: `tests/transformer_golden.rs`);
//!   [`block`]: one post-LN or pre-LN block; [`data`]: tokens, vocabulary, held-out split, batches
//!   and masking; [`query`]: what the page asks of a model (run, masked prediction, generation,
//!   positional encodings, intermediate tensors, attention scores of one query token).
//!
//! # The Rust API (what `src/wasm/transformer.rs` wraps)
//! ```text
//! Transformer::new(text, TransformerConfig) -> Result<Transformer>     settings "transformer"
//! t.train(steps) -> Result<TrainReport {step, loss, perplexity: Option<f64>, done}>
//!     perplexity on the held-out split when the call ends on a multiple of EVAL_EVERY steps or
//!     at the end; t.perplexity() -> Option<f64> asks for it at any time (None: nothing held out)
//! t.run(text) -> Result<Run {tokens, ids, output: pretrained::bert::Output}>
//!     output: hidden_states (L+1, T, H), attentions (L, heads, T, T): the layout of Bert.run;
//!     MLM: [CLS] … [SEP] around the text, as BERT; at most `context` tokens (cut at the end)
//! t.predict_masked(text, k) -> Result<Vec<Vec<Candidate {token, prob}>>>   one list per [MASK]
//! t.generate(prompt, n, temperature, seed) -> Result<Generated {tokens, text}>  (causal)
//! t.positional() -> Matrix {rows, cols, data}          the position table (sinusoids or learned)
//! t.intermediates(text) -> Result<Vec<Tensor {name, shape, data}>>   each block's output
//! t.scores(text, layer, query) -> Result<Vec<HeadScores {scores, probs, context}>>  per head
//! t.data.tokens (id → token), t.data.vocab(), t.steps_done(), t.net (params by BERT names)
//! ```

pub mod block;
pub mod data;
pub mod net;
pub mod query;
#[cfg(test)]
mod tests;

pub use query::{Candidate, Generated, HeadScores, Matrix, Run, Tensor};

use crate::err;
use crate::error::{Problem, Result};
use crate::lm::ngram::{Unit, Units};
use crate::nn::optim::{clip_grad_norm, Adam, Optimizer};
use crate::nn::param::Module;
use crate::problem;
use crate::rng::Rng;
use crate::settings::{list, Settings, SEED_MAX};
use crate::text::Tokenizer;
use data::Data;
use net::{Batch, Net, Shape};
use serde::Serialize;

crate::choices! {
    /// Which language model.
    pub enum Kind {
        /// BERT-style encoder trained to fill in masked tokens (sees both sides).
        Mlm = "mlm",
        /// Decoder-only, predicts the next token (sees only the left side).
        Causal = "causal",
    }
}

crate::choices! {
    /// How positions enter the model.
    pub enum Positional { Sin = "sin", Learned = "learned" }
}

crate::choices! {
    /// Where each block's LayerNorms sit: after the residual (BERT) or before each sub-layer (GPT-2).
    pub enum Norm { Pre = "pre", Post = "post" }
}

crate::settings! {
    /// Settings of a `Transformer` (`new Transformer(text, config)`).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct TransformerConfig {
        pub kind: Kind = Kind::Mlm,
        /// Blocks.
        #[limits(1, 4)]
        pub layers: usize = 2,
        /// Attention heads per block (must divide dim).
        #[limits(1, 4)]
        pub heads: usize = 2,
        /// Model width (embedding and hidden size).
        #[limits(32, 128)]
        pub dim: usize = 64,
        /// Feed-forward inner width.
        #[limits(32, 512)]
        pub ff: usize = 256,
        /// Most tokens a sequence may have (MLM: with [CLS] and [SEP]).
        #[limits(4, 64)]
        pub context: usize = 32,
        pub positional: Positional = Positional::Learned,
        pub norm: Norm = Norm::Post,
        /// Masked LM: the share of positions chosen in each training window (BERT's 15 %); each
        /// chosen word becomes `[MASK]`, a random word (`random`) or stays (10 %).
        #[limits(0.05, 0.5)]
        pub mask: f64 = 0.15,
        /// Masked LM: of the chosen positions, the share given a random word instead of `[MASK]`
        /// (BERT's 10 %; 10 % always keep their word, the rest become `[MASK]`). With
        /// `predict_all`, more random words make every position check its word against the
        /// context, ELECTRA's replaced-token idea (benches/README.md, "Random replacements").
        #[limits(0, 0.9)]
        pub random: f64 = 0.1,
        /// Masked LM: predict the original token at every position, not only the chosen ones —
        /// the output at an unchosen word is trained to say which word belongs there, so it must
        /// weigh the word against its context (benches/README.md, "Transformer context vectors
        /// by sense" and "Sense grouping against masked-word accuracy").
        pub predict_all: bool = false,
        /// Masked LM: training windows start at a sentence start, as the page reads a sentence.
        pub sentence_start: bool = false,
        /// Dropout after the embeddings and on each residual branch; null: 0 for the masked LM
        /// (hiding 15 % of the words is its noise already, and on a corpus this small dropout
        /// only slowed it: README, "masked words by group"), 0.1 for the causal LM (which overfits
        /// without it).
        #[limits(0, 0.5)]
        pub dropout: Option<f64> = None,
        /// AdamW's peak learning rate.
        #[limits(1e-5, 1)]
        pub lr: f64 = 1e-3,
        /// Steps of linear warm-up from 0 to lr.
        #[limits(0, 100000)]
        pub warmup: usize = 100,
        /// After the warm-up the rate falls linearly to 0 at the last of `steps` (BERT's
        /// schedule); off (the default): it stays at lr.
        pub decay: bool = false,
        /// AdamW's decoupled weight decay.
        #[limits(0, 1)]
        pub weight_decay: f64 = 0.01,
        /// Sequences per training step.
        #[limits(1, 64)]
        pub batch: usize = 16,
        /// Words or characters.
        pub unit: Unit = Unit::Word,
        /// null: `word` for words, `char` for characters; else `word` / `whitespace` for words,
        /// `char` / `jamo` for characters.
        pub tokenizer: Option<Tokenizer> = None,
        /// The last `holdout` fraction of the sentences is kept out of training for perplexity.
        #[limits(0, 0.5)]
        pub holdout: f64 = 0.1,
        /// Gradient clipping by global norm (0 = off).
        #[limits(0, 100)]
        pub clip: f64 = 1.0,
        /// Training steps after which `train` reports done.
        #[limits(1, 1000000)]
        pub steps: usize = 3000,
        /// The page's one seed: initial weights, batches, masks, dropout.
        #[limits(0, SEED_MAX)]
        pub seed: u64 = 1,
    }
}

impl Settings for TransformerConfig {
    fn check(&self, problems: &mut Vec<Problem>) {
        if !self.dim.is_multiple_of(self.heads) {
            problems.push(problem!(TRANSFORMER_HEADS, heads = self.heads, dim = self.dim));
        }
        let allowed: &[&str] = match self.unit {
            Unit::Word => &["word", "whitespace"],
            Unit::Char => &["char", "jamo"],
        };
        if let Some(t) = self.tokenizer.filter(|t| !allowed.contains(&t.name())) {
            problems.push(problem!(NGRAM_TOKENIZER, unit = self.unit.name(), choices = list(allowed), got = format!("{:?}", t.name())));
        }
    }
}

impl TransformerConfig {
    /// The dropout in force (`dropout`, or the kind's default when null).
    pub fn dropout(&self) -> f64 {
        self.dropout.unwrap_or(match self.kind {
            Kind::Mlm => 0.0,
            Kind::Causal => 0.1,
        })
    }

    /// How the text becomes tokens (the n-gram chapter's units: lower case, punctuation kept,
    /// `␣` between words in character mode).
    pub fn units(&self) -> Units {
        let tokenizer = self.tokenizer.unwrap_or(match self.unit {
            Unit::Word => Tokenizer::Word,
            Unit::Char => Tokenizer::Char,
        });
        Units { tokenizer: tokenizer.rules(true, true), mark_spaces: true, lowercase: true }
    }
}

/// `train` computes the held-out perplexity when it ends on a multiple of this many steps.
pub const EVAL_EVERY: usize = 100;
/// Most held-out tokens predicted for one perplexity.
pub const EVAL_TOKENS: usize = 4096;

/// What `train(steps)` reports.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrainReport {
    pub step: usize,
    /// Mean training loss of this call's steps (nats per predicted token).
    pub loss: f64,
    pub perplexity: Option<f64>,
    pub done: bool,
}

#[derive(Debug, Clone)]
pub struct Transformer {
    pub config: TransformerConfig,
    pub data: Data,
    pub net: Net,
    opt: Adam,
    rng: Rng,
    step: usize,
    /// Sentence starts in the training stream with room for a window (`sentence_start`).
    starts: Vec<usize>,
}

impl Transformer {
    /// Tokenises `text`, holds out the last sentences, and builds the network.
    pub fn new(text: &str, config: TransformerConfig) -> Result<Transformer> {
        config.validate()?;
        let data = Data::new(text, config.units(), config.holdout);
        let need = Self::window_tokens(&config);
        if data.train.len() < need {
            return Err(err!(Corpus, TRANSFORMER_SHORT, count = data.train.len(), need = need, context = config.context));
        }
        let shape = Shape {
            mlm: config.kind == Kind::Mlm,
            vocab: data.vocab(),
            dim: config.dim,
            heads: config.heads,
            ff: config.ff,
            layers: config.layers,
            context: config.context,
            learned_positions: config.positional == Positional::Learned,
            pre_ln: config.norm == Norm::Pre,
            dropout: config.dropout() as f32,
        };
        let mut rng = Rng::new(config.seed);
        let net = Net::new(shape, &mut rng);
        let mut opt = Adam::adamw(config.lr as f32);
        opt.weight_decay = config.weight_decay as f32;
        let starts = if config.sentence_start { data::sentence_starts(&data.train, need) } else { Vec::new() };
        Ok(Transformer { config, data, net, opt, rng, step: 0, starts })
    }

    /// Corpus tokens one training window reads: T + 1 (causal), T − 2 (MLM, inside [CLS] … [SEP]).
    fn window_tokens(c: &TransformerConfig) -> usize {
        match c.kind {
            Kind::Causal => c.context + 1,
            Kind::Mlm => c.context - 2,
        }
    }

    pub fn steps_done(&self) -> usize {
        self.step
    }
    pub fn is_mlm(&self) -> bool {
        self.config.kind == Kind::Mlm
    }

    /// The learning rate at step `s` (from 1): linear warm-up `lr·s/warmup`, then `lr`, or with
    /// `decay` a linear fall `lr·(steps − s + 1)/(steps − warmup)`: full at the first step after
    /// the warm-up, `lr/(steps − warmup)` at the last (Hugging Face's
    /// `get_linear_schedule_with_warmup`, counted from 1).
    pub fn lr_at(&self, s: usize) -> f32 {
        let (w, n) = (self.config.warmup, self.config.steps);
        let f = if s <= w {
            if w == 0 {
                1.0
            } else {
                s as f64 / w as f64
            }
        } else if self.config.decay && n > w {
            ((n + 1).saturating_sub(s) as f64 / (n - w) as f64).min(1.0)
        } else {
            1.0
        };
        (self.config.lr * f) as f32
    }

    /// A training batch drawn from the training stream.
    pub fn sample_batch(&mut self) -> Batch {
        let (b, t) = (self.config.batch, self.config.context);
        if self.is_mlm() {
            let m = data::Masking {
                rate: self.config.mask as f32,
                random: self.config.random,
                every: self.config.predict_all,
                aligned: self.config.sentence_start,
            };
            data::mlm_batch(&self.data.train, b, t, self.data.vocab(), m, &self.starts, &mut self.rng)
        } else {
            data::causal_batch(&self.data.train, b, t, &mut self.rng)
        }
    }

    /// Trains `steps` batches (fewer if the configured total is reached).
    pub fn train(&mut self, steps: usize) -> Result<TrainReport> {
        let (mut loss, mut n) = (0.0, 0usize);
        while n < steps && self.step < self.config.steps {
            let bt = self.sample_batch();
            loss += self.train_batch(&bt)?;
            n += 1;
        }
        let done = self.step >= self.config.steps;
        let eval = n > 0 && (self.step.is_multiple_of(EVAL_EVERY) || done);
        Ok(TrainReport {
            step: self.step,
            loss: if n > 0 { loss / n as f64 } else { f64::NAN },
            perplexity: if eval { self.perplexity() } else { None },
            done,
        })
    }

    /// One step: forward (dropout on), backward, clipping, AdamW at the warm-up's rate. A loss
    /// or gradient that is not finite stops before the weights change.
    pub fn train_batch(&mut self, bt: &Batch) -> Result<f64> {
        self.net.zero_grad();
        let loss = self.net.forward(bt, Some(&mut self.rng));
        if !loss.is_finite() {
            return Err(err!(Corpus, TRANSFORMER_DIVERGED, step = self.step + 1));
        }
        self.net.backward(bt);
        let norm = if self.config.clip > 0.0 {
            clip_grad_norm(&mut self.net, self.config.clip as f32)
        } else {
            crate::nn::optim::grad_norm(&mut self.net)
        };
        if !norm.is_finite() {
            return Err(err!(Corpus, TRANSFORMER_DIVERGED, step = self.step + 1));
        }
        self.step += 1;
        self.opt.set_lr(self.lr_at(self.step));
        self.opt.step(&mut self.net);
        Ok(loss)
    }

    /// Held-out perplexity `exp(mean −ln p)`: of every next token (causal), or of the masked
    /// tokens (MLM, the same masks every time); None when nothing is held out or it is shorter
    /// than 2 tokens. At most [`EVAL_TOKENS`] predictions, in windows of `context`.
    pub fn perplexity(&mut self) -> Option<f64> {
        let held = &self.data.heldout;
        let t = self.config.context;
        let (mut total, mut count) = (0.0f64, 0usize);
        if self.is_mlm() {
            let inner = (t - 2).min(held.len());
            if inner == 0 {
                return None;
            }
            let mut rng = Rng::new(self.config.seed ^ 0x5eed_e7a1);
            let starts: Vec<usize> = (0..held.len() / inner).map(|i| i * inner).take(EVAL_TOKENS / inner.max(1) + 1).collect();
            for chunk in starts.chunks(16) {
                let bt = data::mlm_windows(held, chunk, inner + 2, self.data.vocab(), data::Masking::bert(data::BERT_MASK_RATE), &mut rng);
                total += self.net.forward(&bt, None) * bt.rows.len() as f64;
                count += bt.rows.len();
            }
        } else {
            if held.len() < 2 {
                return None;
            }
            let w = t.min(held.len() - 1);
            let starts: Vec<usize> = (0..(held.len() - 1) / w).map(|i| i * w).take(EVAL_TOKENS / w + 1).collect();
            for chunk in starts.chunks(16) {
                let bt = data::causal_windows(held, chunk, w);
                total += self.net.forward(&bt, None) * bt.rows.len() as f64;
                count += bt.rows.len();
            }
        }
        (count > 0).then(|| (total / count as f64).exp())
    }
}
