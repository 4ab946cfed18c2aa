//! A recurrent language model (tanh RNN, GRU or LSTM) trained with truncated backpropagation
//! through time on [`crate::nn`].
//!
//! - [`data`]: the text as the n-gram chapter cuts it (same tokenisers, vocabulary, held-out
//!   split), as one stream `</s> s₁ </s> s₂ …` per part.
//! - [`net`]: embedding → 1–2 recurrent layers → linear, forward and backward (goldens against
//!   PyTorch in `tests/rnn_golden.rs`).
//! - [`query`]: what the chapter asks of a trained model: perplexity of a text, hidden states, the
//!   next-token distribution, samples, and the gradient that reaches each earlier step.
//! - [`longdep`]: the long-dependency toy task (remember the first symbol across N fillers).
//!
//! Training (Zaremba et al. 2014; PyTorch's `word_language_model`): the training stream is cut
//! into `batch` contiguous pieces read side by side; each step reads the next `bptt` tokens of
//! every piece, starting from the hidden state the previous step ended in (carried, but not
//! backpropagated through: truncated BPTT), predicts each next token, and takes one optimiser
//! step. After the last chunk of a pass the state starts again from zero.

pub mod data;
pub mod longdep;
pub mod net;
pub mod query;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_flow;
#[cfg(test)]
mod tests_net;

pub use net::{Net, Shape};

use crate::err;
use crate::error::{Problem, Result};
use crate::lm::ngram::{NGramConfig, Unit};
use crate::lm::seq2seq::RnnCell;
use crate::nn::optim::{clip_grad_norm, Adam, Optimizer, Sgd};
use crate::nn::param::Module;
use crate::nn::recurrent::{Cell, State};
use crate::problem;
use crate::rng::Rng;
use crate::settings::{list, Settings, SEED_MAX};
use crate::text::Tokenizer;
use data::Data;
use serde::Serialize;
use std::rc::Rc;

crate::choices! {
    /// The optimiser.
    pub enum OptimizerKind {
        /// SGD with momentum (`momentum`).
        Sgd = "sgd",
        /// Adam (β = 0.9, 0.999).
        Adam = "adam",
    }
}

crate::settings! {
    /// Settings of an `RnnLM` (`new RnnLM(text, config)`).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct RnnConfig {
        pub cell: RnnCell = RnnCell::Gru,
        /// Words or characters (with a `␣` token between words).
        pub unit: Unit = Unit::Char,
        /// null: `word` for words, `char` for characters; else `word` / `whitespace` for words,
        /// `char` / `jamo` for characters.
        pub tokenizer: Option<Tokenizer> = None,
        /// Embedding size.
        #[limits(1, 512)]
        pub embed: usize = 32,
        /// Hidden units per layer.
        #[limits(1, 512)]
        pub hidden: usize = 128,
        /// Recurrent layers.
        #[limits(1, 2)]
        pub layers: usize = 1,
        /// Truncated backpropagation: tokens per chunk.
        #[limits(1, 1000)]
        pub bptt: usize = 32,
        /// Streams read side by side.
        #[limits(1, 256)]
        pub batch: usize = 16,
        /// Learning rate.
        #[limits(1e-6, 10)]
        pub lr: f64 = 3e-3,
        pub optimizer: OptimizerKind = OptimizerKind::Adam,
        /// SGD's momentum.
        #[limits(0, 0.99)]
        pub momentum: f64 = 0.9,
        /// Gradient clipping by global norm (0 = off).
        #[limits(0, 100)]
        pub clip: f64 = 1.0,
        /// Dropout after the embedding and after each layer.
        #[limits(0, 0.9)]
        pub dropout: f64 = 0.0,
        /// The last `holdout` fraction of the sentences is kept out of training (as in the n-gram chapter).
        #[limits(0, 0.5)]
        pub holdout: f64 = 0.1,
        /// At most this many token types; the rest become `<unk>`.
        #[limits(1, 20000)]
        pub max_vocab: usize = 10000,
        /// Training steps after which `train` reports done.
        #[limits(1, 1000000)]
        pub steps: usize = 3000,
        /// `train` evaluates the held-out part every this many steps.
        #[limits(1, 1000000)]
        pub eval_every: usize = 100,
        /// The page's one seed: initial weights, dropout.
        #[limits(0, SEED_MAX)]
        pub seed: u64 = 1,
    }
}

impl Settings for RnnConfig {
    fn check(&self, problems: &mut Vec<Problem>) {
        let allowed: &[&str] = match self.unit {
            Unit::Word => &["word", "whitespace"],
            Unit::Char => &["char", "jamo"],
        };
        if let Some(t) = self.tokenizer.filter(|t| !allowed.contains(&t.name())) {
            problems.push(problem!(NGRAM_TOKENIZER, unit = self.unit.name(), choices = list(allowed), got = format!("{:?}", t.name())));
        }
    }
}

impl RnnConfig {
    /// The n-gram settings that read the text like this model (order 1).
    pub fn ngram(&self) -> NGramConfig {
        NGramConfig {
            order: 1,
            unit: self.unit,
            tokenizer: self.tokenizer,
            max_vocab: self.max_vocab,
            holdout: self.holdout,
            ..Default::default()
        }
    }
}

pub fn cell_of(c: RnnCell) -> Cell {
    match c {
        RnnCell::Rnn => Cell::Rnn,
        RnnCell::Gru => Cell::Gru,
        RnnCell::Lstm => Cell::Lstm,
    }
}

/// What `train(steps)` reports: mean loss (nats per token) and its perplexity over this call's
/// batches; the held-out perplexity when this call evaluated it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrainReport {
    pub step: usize,
    pub loss: f64,
    pub perplexity: f64,
    pub heldout_perplexity: Option<f64>,
    pub done: bool,
}

pub struct RnnLm {
    pub config: RnnConfig,
    /// The text as ids, shared by the models built from one another ([`RnnLm::with_cell`]): the
    /// chapter trains three cells side by side and keeps three untrained ones, and on a 1.5 MB
    /// text one copy is tens of megabytes (issue 15, paste stress).
    pub data: Rc<Data>,
    pub net: Net,
    opt: Box<dyn Optimizer>,
    rng: Rng,
    step: usize,
    /// Tokens per stream, and where the next chunk starts in each.
    stream_len: usize,
    pos: usize,
    state: Vec<State>,
    diverged: Option<usize>,
    /// n-gram held-out perplexities by order (1–4), computed once each.
    ngram_ppl: [Option<Option<f64>>; 4],
    /// A clock in milliseconds (training time per token); none where no clock is known.
    pub clock: Option<fn() -> f64>,
    /// Training time measured and the tokens it covered.
    pub(crate) train_ms: f64,
    pub(crate) train_tokens: u64,
}

#[cfg(not(target_arch = "wasm32"))]
fn native_clock() -> f64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_secs_f64() * 1e3
}

impl RnnLm {
    pub fn new(text: &str, config: RnnConfig) -> Result<RnnLm> {
        config.validate()?;
        Self::on(Rc::new(Data::new(text, config.ngram())?), config)
    }

    /// A fresh model with another cell and otherwise this one's settings (seed included), reading
    /// the same text without a copy of it: the same as `RnnLm::new(text, {cell, ..config})`.
    pub fn with_cell(&self, cell: RnnCell) -> Result<RnnLm> {
        Self::on(Rc::clone(&self.data), RnnConfig { cell, ..self.config })
    }

    /// A fresh model on `data`, which was read with `config.ngram()` (validated `config`).
    fn on(data: Rc<Data>, config: RnnConfig) -> Result<RnnLm> {
        let need = config.batch * config.bptt + 1;
        if data.train.len() < need {
            return Err(err!(Corpus, RNN_TOO_SMALL, tokens = data.train.len(), need = need, batch = config.batch, bptt = config.bptt));
        }
        let shape = Shape {
            cell: cell_of(config.cell),
            vocab: data.vocab(),
            embed: config.embed,
            hidden: config.hidden,
            layers: config.layers,
            dropout: config.dropout as f32,
        };
        let mut rng = Rng::new(config.seed);
        let net = Net::new(shape, &mut rng);
        let opt: Box<dyn Optimizer> = match config.optimizer {
            OptimizerKind::Adam => Box::new(Adam::new(config.lr as f32)),
            OptimizerKind::Sgd => Box::new(Sgd::new(config.lr as f32, config.momentum as f32)),
        };
        let state = net.zero_state(config.batch);
        #[cfg(not(target_arch = "wasm32"))]
        let clock: Option<fn() -> f64> = Some(native_clock);
        #[cfg(target_arch = "wasm32")]
        let clock: Option<fn() -> f64> = None;
        Ok(RnnLm {
            stream_len: (data.train.len() - 1) / config.batch,
            pos: 0,
            state,
            config,
            data,
            net,
            opt,
            rng,
            step: 0,
            diverged: None,
            ngram_ppl: [None; 4],
            clock,
            train_ms: 0.0,
            train_tokens: 0,
        })
    }

    pub fn steps_done(&self) -> usize {
        self.step
    }

    /// Trains `steps` chunks (fewer if the configured total is reached). A loss that is not a
    /// number stops training for good: the weights stay as before that step.
    pub fn train(&mut self, steps: usize) -> Result<TrainReport> {
        if let Some(step) = self.diverged {
            return Err(err!(Corpus, RNN_DIVERGED, step = step));
        }
        let t0 = self.clock.map(|c| c());
        let (mut sum, mut rows, mut evaluated) = (0.0, 0usize, None);
        let mut n = 0;
        while n < steps && self.step < self.config.steps {
            let (loss, r) = self.train_chunk()?;
            sum += loss * r as f64;
            rows += r;
            n += 1;
            if self.step.is_multiple_of(self.config.eval_every) || self.step == self.config.steps {
                evaluated = Some(self.heldout_perplexity());
            }
        }
        if let (Some(c), Some(t0)) = (self.clock, t0) {
            self.train_ms += c() - t0;
            self.train_tokens += rows as u64;
        }
        let loss = if rows > 0 { sum / rows as f64 } else { f64::NAN };
        Ok(TrainReport {
            step: self.step,
            loss,
            perplexity: loss.exp(),
            heldout_perplexity: evaluated.flatten(),
            done: self.step >= self.config.steps,
        })
    }

    /// One truncated-BPTT step: the next `bptt` tokens of every stream. Returns the mean loss and
    /// the number of predictions.
    fn train_chunk(&mut self) -> Result<(f64, usize)> {
        let (b, len) = (self.config.batch, self.stream_len);
        if self.pos >= len {
            self.pos = 0;
            self.state = self.net.zero_state(b);
        }
        let t = self.config.bptt.min(len - self.pos);
        // Time-major: row i·B + s is token pos + i of stream s.
        let mut ids = Vec::with_capacity(t * b);
        let mut targets = Vec::with_capacity(t * b);
        for i in 0..t {
            for s in 0..b {
                let at = s * len + self.pos + i;
                ids.push(self.data.train[at]);
                targets.push(self.data.train[at + 1]);
            }
        }
        let before = self.state.clone();
        self.net.zero_grad();
        self.net.forward(&ids, b, &mut self.state, Some(&mut self.rng));
        let loss = self.net.loss(&targets, None);
        let fail = |m: &mut Self| {
            m.state = before.clone();
            m.diverged = Some(m.step + 1);
            Err(err!(Corpus, RNN_DIVERGED, step = m.step + 1))
        };
        if !loss.is_finite() {
            return fail(self);
        }
        self.net.backward(&ids, None);
        let norm = if self.config.clip > 0.0 {
            clip_grad_norm(&mut self.net, self.config.clip as f32)
        } else {
            crate::nn::optim::grad_norm(&mut self.net)
        };
        if !norm.is_finite() {
            return fail(self);
        }
        self.opt.step(&mut self.net);
        self.pos += t;
        self.step += 1;
        Ok((loss, t * b))
    }

    /// Perplexity of the held-out part read as one stream (`None` when nothing is held out).
    pub fn heldout_perplexity(&mut self) -> Option<f64> {
        query::stream_loss(&mut self.net, &self.data.heldout).map(|(sum, n)| (sum / n as f64).exp())
    }

    /// Held-out perplexity of an n-gram model of `order` (1–4, interpolated Kneser–Ney) on the
    /// same sentences, split and vocabulary (`None` when nothing is held out).
    pub fn ngram_heldout_perplexity(&mut self, order: usize) -> Result<Option<f64>> {
        crate::error::check_range("order", order, 1, 4)?;
        if let Some(p) = self.ngram_ppl[order - 1] {
            return Ok(p);
        }
        let p = self.data.unigram.heldout_perplexity_of_order(order)?.map(|p| p.perplexity);
        self.ngram_ppl[order - 1] = Some(p);
        Ok(p)
    }
}
