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

/// σ and −ln σ read from a table, exactly as a reference program reads its own: Word2Vec trains
/// on word2vec.c's ([`Word2vecSigmoid`]), FastText on fastText's ([`FastTextSigmoid`]).
///
/// Both programs sample σ at the **left edge** of each bin and truncate the scaled score to an
/// index, so a table σ is biased low: word2vec.c reads σ at f − 0.004·(f + 6) − [0, 0.012), up to
/// one bin of 0.012 below f plus the drift of its index scale 83 = ⌊1000 / 6 / 2⌋ (C's integer
/// division) against the table's 83.33 bins per unit, so σ(0) reads σ(−0.024) = 0.4940. The bias
/// is part of the reference's behaviour: with a bin-centred table instead (this crate before
/// 2026-12-04), CBOW at α 0.05 scored 0.002 lower in WordSim-353 than gensim's step on the same
/// draws (benches/README.md, twelfth pass).
///
/// Outside ±`MAX` (a strict comparison in both programs) σ is taken as 1 or 0, so the gradient
/// factor is `label − 1` or `label − 0`: a saturated score keeps pushing when it is wrong and stops
/// when it is right. The loss, which neither program reports this way, reads −ln σ by the same
/// index but at the centre of the scores that share it, and outside the table the asymptotes
/// −ln σ(x) → 0 (x → +∞) and → −x (x → −∞).
///
/// `MAX`, `PER` (bins per unit of score: the index is ⌊(x + MAX)·PER⌋ in f32, as both programs
/// compute it) and `LEN` are constants so that the hot path has no loads or bounds checks beyond
/// the table read itself.
#[derive(Debug, Clone)]
pub struct SigmoidTable<const MAX: u32, const PER: u32, const LEN: usize> {
    sig: Box<[f32; LEN]>,
    neg_log_sig: Box<[f32; LEN]>,
}

/// word2vec.c's table (`#define MAX_EXP 6`, `EXP_TABLE_SIZE 1000`, one entry more allocated).
pub type Word2vecSigmoid = SigmoidTable<6, 83, 1001>;
/// fastText's table (`MAX_SIGMOID 8`, `SIGMOID_TABLE_SIZE 512`, one entry more allocated).
pub type FastTextSigmoid = SigmoidTable<8, 32, 513>;

impl Word2vecSigmoid {
    /// word2vec.c (`main`, `TrainModelThread`):
    /// `expTable[i] = exp((i / (real)EXP_TABLE_SIZE * 2 - 1) * MAX_EXP)` (the float argument
    /// widened to double for `exp`), then `expTable[i] / (expTable[i] + 1)` in float; read at
    /// `(int)((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))`, which is ⌊(f + 6)·83⌋ ∈ [0, 996]
    /// when −6 ≤ f ≤ 6.
    pub fn word2vec() -> Self {
        let sig = (0..1001)
            .map(|i| {
                let x = (i as f32 / 1000.0 * 2.0 - 1.0) * 6.0;
                let e = (x as f64).exp() as f32;
                e / (e + 1.0)
            })
            .collect();
        Self::with(sig)
    }
}

impl FastTextSigmoid {
    /// fastText (`Loss::Loss`, `Loss::sigmoid`, src/loss.cc): entry i at x = i·2·8/512 − 8 (float),
    /// `1.0 / (1.0 + std::exp(−x))` with the float `exp`; read at `int64_t((x + MAX_SIGMOID) *
    /// SIGMOID_TABLE_SIZE / MAX_SIGMOID / 2)` = ⌊(x + 8)·32⌋ ∈ [0, 512].
    pub fn fasttext() -> Self {
        let sig = (0..513)
            .map(|i| {
                let x = (i as f32 * 16.0) / 512.0 - 8.0;
                (1.0 / (1.0 + (-x).exp() as f64)) as f32
            })
            .collect();
        Self::with(sig)
    }
}

impl<const MAX: u32, const PER: u32, const LEN: usize> SigmoidTable<MAX, PER, LEN> {
    fn with(sig: Vec<f32>) -> Self {
        // The loss is only reported, so it need not share σ's bias: entry i is −ln σ at the centre
        // of the scores that read entry i, (i + ½)/PER − MAX. −ln σ(x) = ln(1 + e^{−x}), no overflow.
        let centre = |i: usize| (i as f64 + 0.5) / PER as f64 - MAX as f64;
        let neg_log_sig: Vec<f32> = (0..LEN).map(|i| (-centre(i)).exp().ln_1p() as f32).collect();
        let boxed = |v: Vec<f32>| -> Box<[f32; LEN]> { v.into_boxed_slice().try_into().expect("table length") };
        SigmoidTable { sig: boxed(sig), neg_log_sig: boxed(neg_log_sig) }
    }

    #[inline(always)]
    fn index(x: f32) -> usize {
        // −MAX ≤ x ≤ MAX here, so the product is in [0, 2·MAX·PER] < LEN; `min` only lets the
        // compiler drop the bounds check.
        (((x + MAX as f32) * PER as f32) as usize).min(LEN - 1)
    }
}

impl<const MAX: u32, const PER: u32, const LEN: usize> Logistic for SigmoidTable<MAX, PER, LEN> {
    #[inline]
    fn sigmoid(&self, x: f32) -> f32 {
        if x > MAX as f32 {
            1.0
        } else if x < -(MAX as f32) {
            0.0
        } else {
            self.sig[Self::index(x)]
        }
    }
    #[inline]
    fn neg_log_sigmoid(&self, x: f32) -> f32 {
        if x > MAX as f32 {
            0.0
        } else if x < -(MAX as f32) {
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
    fn word2vec_table_reads_as_word2vec_c() {
        let t = Word2vecSigmoid::word2vec();
        let e = ExactLogistic;
        // Entry i at the left edge x_i = (i/1000·2 − 1)·6; the score f reads entry ⌊(f + 6)·83⌋.
        // Worked by hand: f = 0 → i = 498, x = −0.024, σ = 0.494000…; f = 1 → ⌊581⌋, x = 0.972.
        assert!((t.sigmoid(0.0) - e.sigmoid(-0.024)).abs() < 2.5e-7);
        assert!((t.sigmoid(1.0) - e.sigmoid(0.972)).abs() < 2.5e-7);
        // Every entry is σ at its edge in f32 (e/(e+1) of a rounded e: within 2 ulp).
        for i in [0usize, 1, 499, 500, 996, 1000] {
            let x = (i as f32 / 1000.0 * 2.0 - 1.0) * 6.0;
            assert!((t.sig[i] - e.sigmoid(x)).abs() < 2.5e-7, "entry {i}");
        }
        // The bias is systematic: with u = f + 6, entry ⌊83u⌋ sits at 0.012·⌊83u⌋ = 0.996u − (less
        // than one bin), so σ is read at f − 0.004u − [0, 0.012): 0 to 0.06 below f.
        let mut f = -5.999f32;
        while f < 6.0 {
            let shift = 0.004 * (f + 6.0);
            let (lo, hi) = (e.sigmoid(f - shift - 0.0121), e.sigmoid(f - shift + 1e-4));
            assert!(t.sigmoid(f) >= lo - 1e-6 && t.sigmoid(f) <= hi + 1e-6, "f={f}");
            // The loss is unbiased: within half a read bin (1/166) times the largest slope, 1.
            assert!((t.neg_log_sigmoid(f) - e.neg_log_sigmoid(f)).abs() <= 0.0061, "f={f}");
            f += 0.0137;
        }
        // Saturation with word2vec.c's strict comparisons: exactly ±6 still reads the table.
        assert_eq!((t.sigmoid(6.0001), t.sigmoid(100.0), t.sigmoid(-6.0001), t.sigmoid(-1e9)), (1.0, 1.0, 0.0, 0.0));
        assert_eq!(t.sigmoid(6.0), t.sig[996]);
        assert_eq!(t.sigmoid(-6.0), t.sig[0]);
        assert_eq!(t.neg_log_sigmoid(7.0), 0.0);
        assert_eq!(t.neg_log_sigmoid(-9.0), 9.0);
        assert!((e.neg_log_sigmoid(0.0) - std::f32::consts::LN_2).abs() < 1e-7);
        assert!(e.neg_log_sigmoid(-200.0) == 200.0 && e.neg_log_sigmoid(200.0) == 0.0);
    }

    #[test]
    fn fasttext_table_reads_as_fasttext() {
        let t = FastTextSigmoid::fasttext();
        let e = ExactLogistic;
        assert_eq!(t.sig.len(), 513);
        // Entry i at x_i = 16·i/512 − 8; the score x reads entry ⌊(x + 8)·32⌋ (exact in f32).
        assert_eq!(t.sigmoid(0.0), t.sig[256]);
        assert!((t.sig[256] - 0.5).abs() < 1e-7);
        assert_eq!(t.sigmoid(0.03), t.sig[256]);
        assert_eq!(t.sigmoid(0.032), t.sig[257]);
        assert_eq!(t.sigmoid(8.0), t.sig[512]);
        assert_eq!((t.sigmoid(8.0001), t.sigmoid(-8.0001)), (1.0, 0.0));
        let mut x = -7.999f32;
        while x < 8.0 {
            // Left edge: σ read at most one bin (1/32) below x.
            assert!(t.sigmoid(x) <= e.sigmoid(x) + 1e-6 && t.sigmoid(x) >= e.sigmoid(x - 0.0313) - 1e-6, "x={x}");
            x += 0.0137;
        }
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
        let t = Word2vecSigmoid::word2vec();
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
        assert!(ns_update(&h, &mut o, true, 0.1, &mut gh, &Word2vecSigmoid::word2vec()).is_nan());
        assert_eq!((o, gh), ([1.0, 1.0], [0.0, 0.0]));
    }
}
