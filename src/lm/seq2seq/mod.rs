//! Sequence-to-sequence models: a recurrent encoder–decoder without attention (the whole source
//! squeezed into the encoder's last state), with additive attention (Bahdanau et al. 2015) or
//! with multiplicative attention (Luong et al. 2015, `dot` / `general`); trained with teacher
//! forcing and Adam on pairs `source => target`, decoded greedily or with a beam.
//!
//! - [`net`]: the network, forward and backward, on [`crate::nn`] (golden against PyTorch:
//!   `tests/seq2seq_golden.rs`).
//! - [`decode`]: greedy and beam decoding.
//! - [`data`]: the user's pairs, vocabularies, the held-out split; [`tasks`]: built-in tasks with
//!   a known alignment (copy, reverse, sort, date, Korean ↔ English).

pub mod data;
pub mod decode;
pub mod encoder;
pub mod explain;
pub mod net;
pub mod tasks;
#[cfg(test)]
mod tests;

pub use data::Unit;
pub use tasks::TaskConfig;

use crate::err;
use crate::error::Result;
use crate::nn::ema::Ema;
use crate::nn::optim::{clip_grad_norm, Adam, Optimizer};
use crate::nn::param::Module;
use crate::nn::recurrent::Cell;
use crate::rng::Rng;
use crate::settings::{Settings, SEED_MAX};
use data::{Data, Pair};
use decode::Decoded;
use net::{Attn, Batch, Net, Shape};
use serde::Serialize;

crate::choices! {
    /// How the decoder reads the source.
    pub enum Attention {
        /// No attention: only the encoder's last state.
        None = "none",
        /// Bahdanau: `vᵀ tanh(W s_{t−1} + U h_s)`, the context fed into the decoder's input.
        Additive = "additive",
        /// Luong: `s_tᵀ h_s`.
        Dot = "dot",
        /// Luong: `s_tᵀ W h_s`.
        General = "general",
    }
}

crate::choices! {
    /// The recurrent cell of encoder and decoder.
    pub enum RnnCell { Rnn = "rnn", Gru = "gru", Lstm = "lstm" }
}

crate::settings! {
    /// Settings of a `Seq2Seq` model (`new Seq2Seq(pairs, config)`, `Seq2Seq.fromTask(…, config)`).
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Seq2SeqConfig {
        pub attention: Attention = Attention::Additive,
        pub cell: RnnCell = RnnCell::Gru,
        /// Embedding size (source and target).
        #[limits(2, 256)]
        pub embed: usize = 32,
        /// Hidden units of encoder and decoder.
        #[limits(2, 512)]
        pub hidden: usize = 64,
        /// Adam's learning rate (the first `decay` steps; then `lr · decay / step`).
        #[limits(1e-5, 1)]
        pub lr: f64 = 5e-3,
        /// Steps at the full learning rate before it decays as `1 / step` (0 = never decays).
        #[limits(0, 1000000)]
        pub decay: usize = 100,
        /// Pairs per training step.
        #[limits(1, 256)]
        pub batch: usize = 64,
        /// The page's one seed: initial weights, batches, the held-out split.
        #[limits(0, SEED_MAX)]
        pub seed: u64 = 1,
        /// Tokens of the user's pairs: words or characters (the built-in tasks set their own).
        #[choices("word", "char")]
        pub unit: Unit = Unit::Word,
        /// Fraction of the pairs held out for `evaluate()`.
        #[limits(0, 0.5)]
        pub holdout: f64 = 0.1,
        /// Gradient clipping by global norm (0 = off).
        #[limits(0, 100)]
        pub clip: f64 = 1.0,
        /// The weights `evaluate`, `translate` and `decodeSteps` use: the moving average of the
        /// trained weights with this β (Polyak averaging, see `nn::ema`; 0 = the trained weights).
        /// Why: right after "reverse" is first learnt the trained weights bounce from step to step
        /// (seed 10, steps 100–200, every 10 steps: 66–99 % held-out exact match), their average
        /// does not (98.6–99.8 %); benches/README.md, "Averaged weights".
        #[limits(0, 0.9999)]
        pub average: f64 = 0.99,
        /// Training steps after which `train` reports done.
        #[limits(1, 1000000)]
        pub steps: usize = 1500,
    }
}

impl Settings for Seq2SeqConfig {}

/// What `train(steps)` reports: the mean loss and the teacher-forced exact-match rate of the
/// batches of this call (a pair counts when every target token is the most probable one).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrainReport {
    pub step: usize,
    pub loss: f64,
    pub accuracy: f64,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthAccuracy {
    pub length: usize,
    pub accuracy: f64,
    pub count: usize,
}

/// Exact-match accuracy of greedy decoding, overall and by source length.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub accuracy: f64,
    pub by_length: Vec<LengthAccuracy>,
    /// Pairs decoded, and from which part ("heldout", or "train" when nothing was held out).
    pub count: usize,
    pub split: &'static str,
}

/// The most pairs `evaluate` decodes.
pub const EVAL_MAX: usize = 1000;

pub struct Seq2Seq {
    pub config: Seq2SeqConfig,
    pub data: Data,
    pub net: Net,
    opt: Adam,
    rng: Rng,
    step: usize,
    /// The gradients' global norm before clipping, of the last step.
    grad_norm: f32,
    /// The averaged weights (`config.average` > 0).
    ema: Option<Ema>,
}

impl Seq2Seq {
    /// A model on the user's `source => target` lines.
    pub fn from_pairs(text: &str, config: Seq2SeqConfig) -> Result<Seq2Seq> {
        config.validate()?;
        let pairs = data::parse_pairs(text, config.unit)?;
        Ok(Self::new(pairs, config.unit, config.unit, config))
    }

    /// A model on a built-in task (see [`tasks`]).
    pub fn from_task(name: &str, task: &TaskConfig, config: Seq2SeqConfig) -> Result<Seq2Seq> {
        config.validate()?;
        let (pairs, su, tu) = tasks::generate(name, task)?;
        data::check_pairs(&pairs)?;
        Ok(Self::new(pairs, su, tu, config))
    }

    fn new(pairs: Vec<Pair>, su: Unit, tu: Unit, config: Seq2SeqConfig) -> Seq2Seq {
        let data = Data::new(pairs, config.holdout, config.seed, su, tu);
        let shape = Shape {
            attention: match config.attention {
                Attention::None => Attn::None,
                Attention::Additive => Attn::Additive,
                Attention::Dot => Attn::Dot,
                Attention::General => Attn::General,
            },
            cell: match config.cell {
                RnnCell::Rnn => Cell::Rnn,
                RnnCell::Gru => Cell::Gru,
                RnnCell::Lstm => Cell::Lstm,
            },
            src_vocab: data.src_vocab.len(),
            tgt_vocab: data.tgt_vocab.len(),
            embed: config.embed,
            hidden: config.hidden,
        };
        let mut rng = Rng::new(config.seed);
        let net = Net::new(shape, &mut rng);
        let ema = (config.average > 0.0).then(|| Ema::new(config.average as f32));
        Seq2Seq { opt: Adam::new(config.lr as f32), config, data, net, rng, step: 0, grad_norm: f32::NAN, ema }
    }

    pub fn steps_done(&self) -> usize {
        self.step
    }

    /// The gradients' global norm before clipping at the last step (NaN when clipping is off).
    pub fn grad_norm(&self) -> f32 {
        self.grad_norm
    }

    /// The optimiser (benchmarks change its β).
    pub fn optimizer(&mut self) -> &mut Adam {
        &mut self.opt
    }

    /// Trains `steps` batches (fewer if the configured total is reached).
    pub fn train(&mut self, steps: usize) -> Result<TrainReport> {
        let (mut loss, mut right, mut seen, mut n) = (0.0, 0usize, 0usize, 0usize);
        while n < steps && self.step < self.config.steps {
            let idx: Vec<usize> = (0..self.config.batch).map(|_| self.rng.below(self.data.train.len())).collect();
            let pairs: Vec<(&[u32], &[u32])> =
                idx.iter().map(|&i| (self.data.train[i].0.as_slice(), self.data.train[i].1.as_slice())).collect();
            let bt = Batch::new(&pairs);
            let l = self.train_batch(&bt)?;
            right += exact_matches(&self.net, &bt);
            seen += bt.b;
            loss += l;
            n += 1;
        }
        Ok(TrainReport {
            step: self.step,
            loss: if n > 0 { loss / n as f64 } else { f64::NAN },
            accuracy: if seen > 0 { right as f64 / seen as f64 } else { f64::NAN },
            done: self.step >= self.config.steps,
        })
    }

    /// One step on one batch: forward, backward, clip, Adam. A loss that is not finite stops
    /// training before the weights change.
    pub fn train_batch(&mut self, bt: &Batch) -> Result<f64> {
        self.net.zero_grad();
        let loss = self.net.forward(bt);
        if !loss.is_finite() {
            return Err(err!(Corpus, SEQ2SEQ_DIVERGED, step = self.step + 1));
        }
        self.net.backward(bt);
        if self.config.clip > 0.0 {
            let norm = clip_grad_norm(&mut self.net, self.config.clip as f32);
            self.grad_norm = norm;
            if !norm.is_finite() {
                return Err(err!(Corpus, SEQ2SEQ_DIVERGED, step = self.step + 1));
            }
        }
        self.step += 1;
        self.opt.set_lr(self.lr_at(self.step));
        self.opt.step(&mut self.net);
        if let Some(e) = self.ema.as_mut() {
            e.update(&mut self.net);
        }
        Ok(loss)
    }

    /// The learning rate at step `s` (from 1): `lr` up to step `decay`, then `lr · decay / s`.
    /// Why: once the task is learnt the gradients are small and noisy, but Adam's steps are
    /// normalized (≈ lr per weight per step whatever the gradient's size), so at a fixed lr the
    /// weights keep wandering along the flat valley of solutions; on "reverse" the attention
    /// drifts one position late (α split between s and s + 1, which the decoder can discount
    /// because it has just written x_{s+1}) and the anti-diagonal share falls to 86 % by step 1000
    /// (seeds 4, 6). With `1/s` the wander's variance Σ lr² stays bounded while Σ lr still
    /// diverges (Robbins–Monro), so training can keep learning. Why from step 100: "reverse"
    /// first reaches 95 % held-out at steps 100–250, and at the full lr just after that it
    /// overshoots (seed 8: 95.9 % at step 150, 93.7 % at 200 when decaying from step 150; seed 4
    /// 93.7 % at 200 from step 300); halving the lr by step 200 keeps every checkpoint ≥ 95 %
    /// from the first at 95 % on (measurements: benches/README.md).
    pub fn lr_at(&self, s: usize) -> f32 {
        let d = self.config.decay;
        let f = if d == 0 || s <= d { 1.0 } else { d as f64 / s as f64 };
        (self.config.lr * f) as f32
    }

    /// Greedy exact match on the held-out pairs (the training pairs when none are held out), at
    /// most [`EVAL_MAX`] of them, by source length.
    pub fn evaluate(&mut self) -> Evaluation {
        self.averaged(Self::evaluate_weights)
    }

    /// Runs `f` with the averaged weights in the network (the trained ones without averaging).
    pub(crate) fn averaged<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        if let Some(e) = self.ema.as_mut() {
            e.swap(&mut self.net);
        }
        let r = f(self);
        if let Some(e) = self.ema.as_mut() {
            e.swap(&mut self.net);
        }
        r
    }

    fn evaluate_weights(&mut self) -> Evaluation {
        let (pairs, split) = if self.data.heldout.is_empty() { (&self.data.train, "train") } else { (&self.data.heldout, "heldout") };
        let pairs: Vec<(Vec<u32>, Vec<u32>)> = pairs.iter().take(EVAL_MAX).cloned().collect();
        let mut by_len: std::collections::BTreeMap<usize, (usize, usize)> = Default::default();
        let mut right = 0;
        for chunk in pairs.chunks(128) {
            let srcs: Vec<&[u32]> = chunk.iter().map(|p| p.0.as_slice()).collect();
            let max_len = chunk.iter().map(|p| p.1.len()).max().unwrap_or(1) + 2;
            for (p, d) in chunk.iter().zip(decode::greedy(&mut self.net, &srcs, max_len)) {
                let ok = d.ids == p.1;
                right += usize::from(ok);
                let e = by_len.entry(p.0.len()).or_default();
                e.0 += usize::from(ok);
                e.1 += 1;
            }
        }
        Evaluation {
            accuracy: right as f64 / pairs.len().max(1) as f64,
            by_length: by_len
                .into_iter()
                .map(|(length, (r, n))| LengthAccuracy { length, accuracy: r as f64 / n as f64, count: n })
                .collect(),
            count: pairs.len(),
            split,
        }
    }

    /// Decodes a source text (tokens of the source side's unit), greedily (`beam` ≤ 1) or with
    /// a beam; at most 2 × the source length + 10 tokens.
    pub fn translate(&mut self, source: &str, beam: usize) -> Result<(Vec<String>, Decoded)> {
        self.averaged(|m| m.translate_weights(source, beam))
    }

    fn translate_weights(&mut self, source: &str, beam: usize) -> Result<(Vec<String>, Decoded)> {
        let ids = self.data.source_ids(source)?;
        let max_len = 2 * ids.len() + 10;
        let d = if beam <= 1 {
            decode::greedy(&mut self.net, &[&ids], max_len).remove(0)
        } else {
            decode::beam(&mut self.net, &ids, beam, max_len)
        };
        Ok((self.data.target_tokens(&d.ids), d))
    }

    /// The source tokens of a text as the model reads them.
    pub fn source_tokens(&self, source: &str) -> Vec<String> {
        data::tokens(source, self.data.src_unit)
    }
}

/// Pairs of the last forward pass whose every target token (and EOS) is the logits' argmax.
fn exact_matches(net: &Net, bt: &Batch) -> usize {
    let logits = net.logits(bt);
    (0..bt.b)
        .filter(|&r| {
            (0..bt.t).filter(|&i| bt.mask[i * bt.b + r]).all(|i| {
                let row = logits.row(i * bt.b + r);
                let want = bt.tgt_out[i * bt.b + r] as usize;
                row.iter().enumerate().all(|(j, &v)| j == want || v < row[want])
            })
        })
        .count()
}
