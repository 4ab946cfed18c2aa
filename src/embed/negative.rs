//! One negative-sampling example, the step Word2Vec (skip-gram and CBOW) and FastText (skip-gram
//! and CBOW over words and their n-gram rows) all train with: the mean of some input rows predicts
//! one positive output row against a few negatives (Mikolov et al. 2013; Bojanowski et al. 2017).
//!
//! | model    | mode      | `inputs`                                 | `positive`   |
//! |----------|-----------|------------------------------------------|--------------|
//! | Word2Vec | skip-gram | the context word                         | centre word  |
//! | Word2Vec | CBOW      | the context words                        | centre word  |
//! | FastText | skip-gram | the centre word's own row + n-gram rows  | context word |
//! | FastText | CBOW      | every context word's own + n-gram rows   | centre word  |
//!
//! The two reference programs differ only in how the negatives are drawn (word2vec.c draws `n`
//! and skips one equal to the positive, fastText redraws it), so drawing stays with each model and
//! the step skips a negative equal to the positive (which never occurs in fastText's list).

use crate::embed::logistic::{ns_update, Logistic};
use crate::nn::kernels::{axpy, mean_rows};

#[inline(always)]
fn row(m: &[f32], id: u32, dim: usize) -> &[f32] {
    &m[id as usize * dim..(id as usize + 1) * dim]
}

#[inline(always)]
fn row_mut(m: &mut [f32], id: u32, dim: usize) -> &mut [f32] {
    &mut m[id as usize * dim..(id as usize + 1) * dim]
}

/// One example on flat buffers: `wi` the input matrix, `wo` the output matrix (`dim` floats a
/// row); `hidden` and `grad` are `dim`-long scratch. With h = (1/N) Σᵣ wi[r] over the N entries of
/// `inputs` (repeats count) and sⱼ = h·wo[tⱼ] for the positive and each negative, the loss is
///
/// ```text
/// L = −ln σ(s₊) − Σₙ ln σ(−sₙ)
/// ∂L/∂h      = Σⱼ (σ(sⱼ) − yⱼ) wo[tⱼ]          (yⱼ = 1 for the positive, 0 for a negative)
/// ∂L/∂wo[tⱼ] = (σ(sⱼ) − yⱼ) h
/// ∂L/∂wi[r]  = (1/N) ∂L/∂h                    (once per occurrence of r in `inputs`)
/// ```
///
/// Each output row steps `wo[tⱼ] −= lr ∂L/∂wo[tⱼ]` at once, target after target ([`ns_update`]);
/// the input rows step after all targets, because h is shared by them, and by `−lr ∂L/∂h`, not
/// `−lr (1/N) ∂L/∂h`: word2vec.c (`neu1e` added to every context row) and fastText
/// (`Model::update`, unsupervised) both leave the 1/N out, so an input row moves N times further
/// than plain SGD on L would move it. With one input (skip-gram Word2Vec) h is that row itself.
///
/// A negative equal to `positive` is skipped. Returns L, or NaN (changing no input row) when a
/// score is not finite. Empty `inputs`: nothing to learn from, returns 0 and changes nothing.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub fn ns_step<L: Logistic>(
    wi: &mut [f32],
    wo: &mut [f32],
    dim: usize,
    inputs: &[u32],
    positive: u32,
    negatives: &[u32],
    lr: f32,
    hidden: &mut [f32],
    grad: &mut [f32],
    lg: &L,
) -> f32 {
    let (hidden, grad) = (&mut hidden[..dim], &mut grad[..dim]);
    let h: &[f32] = match inputs {
        [] => return 0.0,
        // The mean of one row is the row (x·1.0 is exact): read it in place, no copy.
        &[r] => row(wi, r, dim),
        _ => {
            mean_rows(wi, inputs, dim, hidden);
            hidden
        }
    };
    grad.fill(0.0);
    let mut loss = ns_update(h, row_mut(wo, positive, dim), true, lr, grad, lg);
    for &t in negatives {
        if t != positive {
            loss += ns_update(h, row_mut(wo, t, dim), false, lr, grad, lg);
        }
    }
    if !loss.is_finite() {
        return f32::NAN;
    }
    for &r in inputs {
        axpy(1.0, grad, row_mut(wi, r, dim));
    }
    loss
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::logistic::Word2vecSigmoid;
    use crate::rng::Rng;

    fn setup(seed: u64) -> (Vec<f32>, Vec<f32>) {
        let mut rng = Rng::new(seed);
        let wi = (0..6 * 8).map(|_| rng.next_f32() - 0.5).collect();
        let wo = (0..6 * 8).map(|_| rng.next_f32() - 0.5).collect();
        (wi, wo)
    }

    #[test]
    fn one_input_read_in_place_scores_like_the_mean_of_copies() {
        // [r] takes the in-place path, [r, r] the mean path: h is the same vector either way, so
        // the loss and the output rows agree to the bit; the input row moves twice as far.
        let (wi, wo) = setup(3);
        let sig = Word2vecSigmoid::word2vec();
        let (mut h, mut g) = (vec![0.0; 8], vec![0.0; 8]);
        let (mut wi1, mut wo1) = (wi.clone(), wo.clone());
        let l1 = ns_step(&mut wi1, &mut wo1, 8, &[2], 1, &[3, 4], 0.5, &mut h, &mut g, &sig);
        let (mut wi2, mut wo2) = (wi.clone(), wo.clone());
        let l2 = ns_step(&mut wi2, &mut wo2, 8, &[2, 2], 1, &[3, 4], 0.5, &mut h, &mut g, &sig);
        assert_eq!(l1.to_bits(), l2.to_bits());
        assert_eq!(wo1, wo2);
        for k in 16..24 {
            let (d1, d2) = (wi1[k] - wi[k], wi2[k] - wi[k]);
            assert!((d2 - 2.0 * d1).abs() < 1e-6, "{d1} {d2}");
        }
    }

    #[test]
    fn a_negative_equal_to_the_positive_is_skipped_and_empty_inputs_change_nothing() {
        let (wi, wo) = setup(5);
        let sig = Word2vecSigmoid::word2vec();
        let (mut h, mut g) = (vec![0.0; 8], vec![0.0; 8]);
        let (mut wi1, mut wo1) = (wi.clone(), wo.clone());
        let l1 = ns_step(&mut wi1, &mut wo1, 8, &[0, 5], 1, &[3], 0.1, &mut h, &mut g, &sig);
        let (mut wi2, mut wo2) = (wi.clone(), wo.clone());
        let l2 = ns_step(&mut wi2, &mut wo2, 8, &[0, 5], 1, &[1, 3, 1], 0.1, &mut h, &mut g, &sig);
        assert_eq!((l1.to_bits(), &wi1, &wo1), (l2.to_bits(), &wi2, &wo2));
        let (mut wi3, mut wo3) = (wi.clone(), wo.clone());
        assert_eq!(ns_step(&mut wi3, &mut wo3, 8, &[], 1, &[3], 0.1, &mut h, &mut g, &sig), 0.0);
        assert_eq!((wi3, wo3), (wi, wo));
    }

    #[test]
    fn a_score_that_is_not_finite_leaves_the_inputs_alone() {
        let (mut wi, mut wo) = setup(7);
        wo[8] = f32::INFINITY;
        let before = wi.clone();
        let sig = Word2vecSigmoid::word2vec();
        let (mut h, mut g) = (vec![0.0; 8], vec![0.0; 8]);
        assert!(ns_step(&mut wi, &mut wo, 8, &[0, 2], 1, &[3], 0.1, &mut h, &mut g, &sig).is_nan());
        assert_eq!(wi, before);
    }
}
