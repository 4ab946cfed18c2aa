//! The logistic function of negative sampling (Word2Vec, FastText): σ as word2vec.c's table or
//! exactly, and the one binary-logistic update [`ns_update`], on the vector kernels of
//! [`crate::nn::kernels`] (whose fixed operation order keeps native and wasm training identical).

use crate::nn::kernels::{axpy_pair, dot};

/// The logistic function σ(x) = 1 / (1 + e^{-x}) and the loss −ln σ(x), as used by the
/// negative-sampling update. Two implementations: [`SigmoidTable`] for training and
/// [`ExactLogistic`] for gradient checks.
pub trait Logistic {
    fn sigmoid(&self, x: f32) -> f32;
    /// −ln σ(x), the logistic loss of a positive example with score x.
    fn neg_log_sigmoid(&self, x: f32) -> f32;
}

/// Scores beyond ±`MAX_EXP` are treated as saturated, as in word2vec.c (`#define MAX_EXP 6`).
pub const MAX_EXP: f32 = 6.0;
/// Table entries over [−MAX_EXP, MAX_EXP] (word2vec.c `EXP_TABLE_SIZE 1000`).
pub const TABLE_SIZE: usize = 1000;

/// σ and ln σ precomputed over [−6, 6] in 1000 bins of width 0.012.
///
/// Differences from word2vec.c, on purpose: word2vec.c samples each bin at its left edge, which
/// biases σ low by up to half a bin (≈ 0.0015); this table samples the bin centre. The clipping is
/// word2vec.c's: for x ≥ 6 the gradient factor is `label − 1` (σ taken as 1), for x ≤ −6 it is
/// `label − 0` (σ taken as 0), so a saturated score stops contributing for the label it already
/// predicts. The loss outside the table uses the asymptotes −ln σ(x) → 0 for x → +∞ and → −x for
/// x → −∞ (error < e^{−6} ≈ 0.0025), so a confidently wrong score still reports a large loss.
#[derive(Debug, Clone)]
pub struct SigmoidTable {
    sig: Vec<f32>,
    neg_log_sig: Vec<f32>,
}

impl Default for SigmoidTable {
    fn default() -> Self {
        Self::new()
    }
}

impl SigmoidTable {
    pub fn new() -> Self {
        let centre = |i: usize| (i as f64 + 0.5) / TABLE_SIZE as f64 * 2.0 * MAX_EXP as f64 - MAX_EXP as f64;
        let sig = (0..TABLE_SIZE).map(|i| (1.0 / (1.0 + (-centre(i)).exp())) as f32).collect();
        // −ln σ(x) = ln(1 + e^{−x}), computed without overflow.
        let neg_log_sig = (0..TABLE_SIZE).map(|i| (-centre(i)).exp().ln_1p() as f32).collect();
        SigmoidTable { sig, neg_log_sig }
    }

    #[inline]
    fn index(x: f32) -> usize {
        // x in (−6, 6) → [0, 1000); the `min` guards the rounding of x just below 6.
        (((x + MAX_EXP) * (TABLE_SIZE as f32 / (2.0 * MAX_EXP))) as usize).min(TABLE_SIZE - 1)
    }
}

impl Logistic for SigmoidTable {
    #[inline]
    fn sigmoid(&self, x: f32) -> f32 {
        if x >= MAX_EXP {
            1.0
        } else if x <= -MAX_EXP {
            0.0
        } else {
            self.sig[Self::index(x)]
        }
    }
    #[inline]
    fn neg_log_sigmoid(&self, x: f32) -> f32 {
        if x >= MAX_EXP {
            0.0
        } else if x <= -MAX_EXP {
            -x
        } else {
            self.neg_log_sig[Self::index(x)]
        }
    }
}

/// σ and −ln σ computed exactly (in f64, rounded once): for gradient checks and for the
/// walkthrough's loss before / after one update.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExactLogistic;

impl Logistic for ExactLogistic {
    fn sigmoid(&self, x: f32) -> f32 {
        (1.0 / (1.0 + (-(x as f64)).exp())) as f32
    }
    fn neg_log_sigmoid(&self, x: f32) -> f32 {
        let x = x as f64;
        // ln(1 + e^{−x}) for x ≥ 0; −x + ln(1 + e^{x}) otherwise (no overflow either way).
        (if x >= 0.0 { (-x).exp().ln_1p() } else { -x + x.exp().ln_1p() }) as f32
    }
}

/// One binary-logistic step of negative sampling (Mikolov et al. 2013, "Distributed
/// Representations of Words and Phrases", eq. 4): the hidden vector `h` should score the output
/// row `o` high when `label` is true (the word seen in the window) and low otherwise (a negative
/// drawn from the unigram table). Returns the loss of this example before the update, or NaN (and
/// changes nothing) when the score h·o is not finite — the caller stops training then.
///
/// With s = h·o and y ∈ {0, 1}:
///
/// ```text
/// loss  ℓ = −ln σ(s)        if y = 1        (= −ln σ(±s) with + for y = 1, − for y = 0)
///         = −ln σ(−s)       if y = 0
/// dℓ/ds   = σ(s) − y                 (d/ds −ln σ(s) = −(1 − σ(s)); d/ds −ln σ(−s) = σ(s))
/// ∂ℓ/∂h   = (σ(s) − y)·o             ∂ℓ/∂o = (σ(s) − y)·h
/// ```
///
/// word2vec.c writes g = (y − σ(s))·lr, i.e. minus the learning rate times dℓ/ds, then
/// `neu1e += g·o` (the step for h, accumulated in `grad_h` and applied by the caller after all of
/// the window's targets, because h is shared by them) and `o += g·h` (applied at once). Both use
/// `o` as it was before this step, so `grad_h` is updated first in the same pass.
#[inline]
pub fn ns_update<L: Logistic>(h: &[f32], o: &mut [f32], label: bool, lr: f32, grad_h: &mut [f32], lg: &L) -> f32 {
    let s = dot(h, o);
    if !s.is_finite() {
        return f32::NAN;
    }
    let y = if label { 1.0 } else { 0.0 };
    let g = (y - lg.sigmoid(s)) * lr;
    let loss = lg.neg_log_sigmoid(if label { s } else { -s });
    axpy_pair(g, h, o, grad_h);
    loss
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::kernels::{axpy_slow, dot_slow};
    use crate::rng::Rng;

    fn random(n: usize, rng: &mut Rng) -> Vec<f32> {
        (0..n).map(|_| rng.next_f32() * 2.0 - 1.0).collect()
    }

    #[test]
    fn table_is_close_to_the_exact_sigmoid_and_clips_like_word2vec() {
        let t = SigmoidTable::new();
        let e = ExactLogistic;
        let mut x = -5.999f32;
        while x < 6.0 {
            // Half a bin (0.006) times the largest slope σ' = 1/4 bounds the error.
            assert!((t.sigmoid(x) - e.sigmoid(x)).abs() <= 0.0016, "x={x}");
            // d/dx −ln σ(x) = σ(x) − 1 ∈ (−1, 0): at most half a bin of error.
            assert!((t.neg_log_sigmoid(x) - e.neg_log_sigmoid(x)).abs() <= 0.0061, "x={x}");
            x += 0.0137;
        }
        assert_eq!((t.sigmoid(6.0), t.sigmoid(100.0), t.sigmoid(-6.0), t.sigmoid(-1e9)), (1.0, 1.0, 0.0, 0.0));
        assert_eq!(t.neg_log_sigmoid(7.0), 0.0);
        assert_eq!(t.neg_log_sigmoid(-9.0), 9.0);
        assert!((e.neg_log_sigmoid(0.0) - std::f32::consts::LN_2).abs() < 1e-7);
        assert!(e.neg_log_sigmoid(-200.0) == 200.0 && e.neg_log_sigmoid(200.0) == 0.0);
    }

    #[test]
    fn ns_update_by_hand() {
        // h = (1, 0), o = (0, 0): s = 0, σ = 1/2. Label 1, lr 0.1: g = (1 − 1/2)·0.1 = 0.05.
        // grad_h += g·o_old = 0; o += g·h = (0.05, 0); loss = −ln(1/2) = ln 2.
        let h = [1.0f32, 0.0];
        let mut o = [0.0f32, 0.0];
        let mut gh = [0.0f32; 2];
        let loss = ns_update(&h, &mut o, true, 0.1, &mut gh, &ExactLogistic);
        assert!((loss - std::f32::consts::LN_2).abs() < 1e-6);
        assert_eq!(o, [0.05, 0.0]);
        assert_eq!(gh, [0.0, 0.0]);
        // Again with label 0: s = 0.05, g = (0 − σ(0.05))·0.1; grad_h += g·o_old = g·(0.05, 0).
        let s = 1.0 / (1.0 + (-0.05f64).exp());
        let g = -s * 0.1;
        ns_update(&h, &mut o, false, 0.1, &mut gh, &ExactLogistic);
        assert!((gh[0] as f64 - g * 0.05).abs() < 1e-8);
        assert!((o[0] as f64 - (0.05 + g)).abs() < 1e-7);
    }

    #[test]
    fn ns_update_matches_its_definition_with_the_slow_kernels() {
        let mut rng = Rng::new(9);
        let t = SigmoidTable::new();
        for n in [1, 7, 16, 100, 101] {
            let h = random(n, &mut rng);
            let o0 = random(n, &mut rng);
            let g0 = random(n, &mut rng);
            for label in [true, false] {
                let (mut o, mut gh) = (o0.clone(), g0.clone());
                let loss = ns_update(&h, &mut o, label, 0.025, &mut gh, &t);
                // Slow: s, g, then the two axpys in word2vec.c's order (neu1e first, then syn1neg).
                let s = dot_slow(&h, &o0);
                let g = ((label as u8 as f32) - t.sigmoid(s)) * 0.025;
                let (mut o2, mut gh2) = (o0.clone(), g0.clone());
                axpy_slow(g, &o0, &mut gh2);
                axpy_slow(g, &h, &mut o2);
                let gap = (t.sigmoid(dot(&h, &o0)) - t.sigmoid(s)).abs() * 0.025 * 2.0; // table-bin flips only
                for i in 0..n {
                    assert!((o[i] - o2[i]).abs() <= 1e-6 + gap, "n={n}");
                    assert!((gh[i] - gh2[i]).abs() <= 1e-6 + gap, "n={n}");
                }
                assert!((loss - t.neg_log_sigmoid(if label { s } else { -s })).abs() < 0.013);
            }
        }
    }

    #[test]
    fn ns_update_refuses_non_finite_scores() {
        let h = [f32::INFINITY, 1.0];
        let mut o = [1.0f32, 1.0];
        let mut gh = [0.0f32; 2];
        assert!(ns_update(&h, &mut o, true, 0.1, &mut gh, &SigmoidTable::new()).is_nan());
        assert_eq!((o, gh), ([1.0, 1.0], [0.0, 0.0]));
    }
}
