//! The training loop: resumable slices over the corpus, one fastText update (`Model::update` with
//! `NegativeSamplingLoss::forward`) per (input, target): the negative-sampling step Word2Vec
//! trains with too, [`crate::embed::negative::ns_step`].

use super::{FastText, Mode};
use crate::embed::negative::ns_step;
use crate::embed::sampling::keep;
use crate::error::Result;
use serde::Serialize;

/// What one call to [`FastText::train`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Corpus tokens processed so far (over all epochs, before subsampling).
    pub words_done: u64,
    pub total_words: u64,
    /// Mean loss per update of this slice: −ln σ(s⁺) − Σ ln σ(−s⁻) (fastText's `getLoss`).
    pub loss: f64,
    /// The learning rate in use at the end of the slice.
    pub alpha: f64,
    pub epoch: usize,
    pub done: bool,
}

impl FastText {
    /// Trains on up to `max_words` more corpus tokens (whole lines; at least one line), then
    /// returns. Calling it until `done` performs `epochs` passes over the corpus.
    pub fn train(&mut self, max_words: u64) -> Result<Progress> {
        if self.diverged {
            return Err(crate::err!(Input, TRAINING_DIVERGED, alpha = self.current_lr()));
        }
        let total = self.total_words();
        let stop = self.words_done.saturating_add(max_words.max(1));
        let (mut loss_sum, mut examples) = (0.0f64, 0u64);
        while self.epoch < self.cfg.epochs && self.words_done < stop {
            let lr = self.current_lr();
            let start = if self.line == 0 { 0 } else { self.line_end[self.line - 1] as usize };
            let end = self.line_end[self.line] as usize;
            let (l, n) = self.train_line(start, end, lr);
            if !l.is_finite() {
                self.diverged = true;
                return Err(crate::err!(Input, TRAINING_DIVERGED, alpha = lr));
            }
            loss_sum += l;
            examples += n;
            let len = (end - start) as u64;
            self.words_done += len;
            self.since_lr += len;
            if self.since_lr > self.cfg.lr_update_rate {
                self.lr_words += self.since_lr;
                self.since_lr = 0;
            }
            self.line += 1;
            if self.line == self.line_end.len() {
                self.line = 0;
                self.epoch += 1;
            }
        }
        self.word_vecs.take();
        Ok(Progress {
            words_done: self.words_done,
            total_words: total,
            // NaN, not 0, when nothing was updated (a tiny text whose words were all subsampled
            // away): a loss of 0 would claim a perfect model.
            loss: if examples > 0 { loss_sum / examples as f64 } else { f64::NAN },
            alpha: self.current_lr() as f64,
            epoch: self.epoch,
            done: self.epoch >= self.cfg.epochs,
        })
    }

    /// Where training stands, without training (`loss` is NaN: no update made in this call).
    pub fn progress(&self) -> Progress {
        Progress {
            words_done: self.words_done,
            total_words: self.total_words(),
            loss: f64::NAN,
            alpha: self.current_lr() as f64,
            epoch: self.epoch,
            done: self.epoch >= self.cfg.epochs,
        }
    }

    /// `lr · (1 − progress)`, progress as of the last refresh (every `lrUpdateRate` tokens).
    fn current_lr(&self) -> f32 {
        let progress = self.lr_words as f64 / self.total_words().max(1) as f64;
        (self.cfg.alpha * (1.0 - progress).max(0.0)) as f32
    }

    /// Subsamples `tokens[start..end]` and trains on it. Returns (loss sum, updates).
    fn train_line(&mut self, start: usize, end: usize, lr: f32) -> (f64, u64) {
        self.kept.clear();
        for &id in &self.tokens[start..end] {
            if keep(self.keep[id as usize], &mut self.rng) {
                self.kept.push(id);
            }
        }
        let (mut loss, mut n) = (0.0f64, 0u64);
        let len = self.kept.len();
        for w in 0..len {
            let b = 1 + self.rng.below(self.cfg.window); // radius uniform in [1, ws]
            let (lo, hi) = (w.saturating_sub(b), (w + b).min(len - 1));
            match self.cfg.mode {
                Mode::SkipGram => {
                    let centre = self.kept[w];
                    for c in (lo..=hi).filter(|&c| c != w) {
                        let target = self.kept[c];
                        loss += self.update_word(centre, target, lr) as f64;
                        n += 1;
                    }
                }
                Mode::Cbow => {
                    self.bow.clear();
                    for c in (lo..=hi).filter(|&c| c != w) {
                        let id = self.kept[c] as usize;
                        let (s, e) = (self.row_start[id] as usize, self.row_start[id + 1] as usize);
                        self.bow.extend_from_slice(&self.rows[s..e]);
                    }
                    if !self.bow.is_empty() {
                        loss += self.update_bow(self.kept[w], lr) as f64;
                        n += 1;
                    }
                }
            }
            if !loss.is_finite() {
                return (f64::NAN, n);
            }
        }
        (loss, n)
    }

    /// Draws `neg` negatives into `negs`; a negative equal to the target is redrawn (fastText
    /// `getNegative`), giving up after a few tries on a near-one-word corpus.
    fn draw_negatives(&mut self, target: u32) {
        self.negs.clear();
        for _ in 0..self.cfg.negative {
            for _ in 0..16 {
                match self.table.sample(&mut self.rng) {
                    Some(n) if n != target => {
                        self.negs.push(n);
                        break;
                    }
                    _ => {}
                }
            }
        }
    }

    /// Skip-gram: the centre word's rows (own + n-grams) predict `target`.
    fn update_word(&mut self, centre: u32, target: u32, lr: f32) -> f32 {
        self.draw_negatives(target);
        let (s, e) = (self.row_start[centre as usize] as usize, self.row_start[centre as usize + 1] as usize);
        let dim = self.cfg.dim;
        ns_step(&mut self.wi, &mut self.wo, dim, &self.rows[s..e], target, &self.negs, lr, &mut self.hidden, &mut self.grad, &self.sigmoid)
    }

    /// CBOW: the rows in `bow` (all context words' own + n-gram rows) predict `target`.
    fn update_bow(&mut self, target: u32, lr: f32) -> f32 {
        self.draw_negatives(target);
        let dim = self.cfg.dim;
        ns_step(&mut self.wi, &mut self.wo, dim, &self.bow, target, &self.negs, lr, &mut self.hidden, &mut self.grad, &self.sigmoid)
    }
}
