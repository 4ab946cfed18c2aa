//! Polyak–Ruppert averaging (Polyak & Juditsky 1992) of a model's weights, as the exponential
//! moving average `tf.train.ExponentialMovingAverage(decay, num_updates)` keeps:
//! ```text
//! w̄ ← w̄ + (1 − β_n)·(w − w̄),   β_n = min(β, (1 + n) / (10 + n))   (n = updates before this one)
//! ```
//! The optimiser trains `w`; `w̄` is what is evaluated and decoded. Why: near a solution the
//! optimiser's iterates bounce around it (a step of Adam has the size of the learning rate whatever
//! the gradient's), and an average of the recent iterates sits nearer its centre than any one of
//! them (for SGD on a quadratic, the average's error shrinks as 1/n where the iterate's stays at
//! the noise floor). The warm-up `(1 + n)/(10 + n)` keeps the window short while the weights move
//! fast (β 0.90 at update 80, 0.95 at 170: about 10 and 20 updates), so the average does not lag
//! the early learning, and lets it grow to `1/(1 − β)` updates later.
//!
//! The average starts as the weights after the first update (β₀ = 0.1 would make it nearly that
//! anyway). Training never reads it: [`Ema::swap`] exchanges it with the model's weights for an
//! evaluation and back, so the training run and its seeded numbers are the same with or without it.

use super::param::Module;

#[derive(Debug, Clone)]
pub struct Ema {
    /// β, the longest window's decay (window ≈ 1 / (1 − β) updates).
    pub decay: f32,
    n: u64,
    avg: Vec<Vec<f32>>,
    swapped: bool,
}

impl Ema {
    pub fn new(decay: f32) -> Self {
        Ema { decay, n: 0, avg: Vec::new(), swapped: false }
    }

    /// Updates so far.
    pub fn updates(&self) -> u64 {
        self.n
    }

    /// β_n for the next update.
    pub fn rate(&self) -> f32 {
        let warm = (1.0 + self.n as f64) / (10.0 + self.n as f64);
        (self.decay as f64).min(warm) as f32
    }

    /// After an optimiser step: moves the average towards the model's weights.
    pub fn update(&mut self, m: &mut dyn Module) {
        assert!(!self.swapped, "the average is swapped in: swap back before training");
        let keep = 1.0 - self.rate();
        self.n += 1;
        let avg = &mut self.avg;
        let mut i = 0;
        m.visit(&mut |p| {
            if avg.len() <= i {
                avg.push(p.value.to_vec());
            } else {
                for (a, &w) in avg[i].iter_mut().zip(p.value.iter()) {
                    *a += keep * (w - *a);
                }
            }
            i += 1;
        });
    }

    /// Exchanges the model's weights and the average (a second call restores them). Before the
    /// first update there is no average and nothing changes.
    pub fn swap(&mut self, m: &mut dyn Module) {
        if self.avg.is_empty() {
            return;
        }
        self.swapped = !self.swapped;
        let avg = &mut self.avg;
        let mut i = 0;
        m.visit(&mut |p| {
            p.value.swap_with_slice(&mut avg[i]);
            i += 1;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::param::fixture::One;
    use crate::nn::param::Param;

    #[test]
    fn average_by_hand_and_swap_restores() {
        let mut m = One(Param::zeros("p", 1));
        let mut e = Ema::new(0.99);
        // Update 0 copies w = 1. Update 1: β₁ = min(0.99, 2/11), w̄ = 1 + (1 − 2/11)(3 − 1) = 2.6363…
        m.0.value[0] = 1.0;
        e.update(&mut m);
        m.0.value[0] = 3.0;
        e.update(&mut m);
        let want = 1.0 + (1.0 - 2.0 / 11.0) * 2.0;
        e.swap(&mut m);
        assert!((m.0.value[0] - want).abs() < 1e-6, "{}", m.0.value[0]);
        e.swap(&mut m);
        assert_eq!(m.0.value[0], 3.0);
        // Late on the rate is β: (1 + n)/(10 + n) ≥ 0.99 from n = 890.
        e.n = 1000;
        assert_eq!(e.rate(), 0.99);
    }

    #[test]
    fn swap_before_any_update_changes_nothing() {
        let mut m = One(Param::zeros("p", 2));
        m.0.value[1] = 5.0;
        let mut e = Ema::new(0.9);
        e.swap(&mut m);
        assert_eq!(m.0.value.to_vec(), vec![0.0, 5.0]);
    }
}
