//! Softmax cross-entropy (`nn.CrossEntropyLoss`, mean reduction) and inverted dropout
//! (`nn.Dropout`).

use super::f4::F4;
use super::math::{exp, ln};
use super::vmath::{exp4, ld};
use crate::rng::Rng;
use ndarray::{ArrayView2, ArrayViewMut2};

/// Mean cross-entropy of softmax(logits) against `targets`, and optionally its gradient.
///
/// ```text
/// per row n:  pₙ = softmax(zₙ),  ℓₙ = −ln pₙ[tₙ] = ln Σⱼ e^{zₙⱼ} − zₙ[tₙ]
/// L = (1/N) Σₙ wₙ ℓₙ   (wₙ = 1, or 0 for rows left out by `mask`)
/// ∂L/∂zₙⱼ = (wₙ/N)·(pₙⱼ − [j = tₙ])        (d/dz of log-sum-exp is the softmax)
/// ```
/// `N` counts all rows (as PyTorch's mean does), so a mask that keeps one row gives that row's
/// loss divided by N: the gradient-flow view uses it to ask for ∂ℓ_t alone, scaled by 1/N.
/// Log-sum-exp subtracts the row maximum first, so no exp overflows. Returns the mean loss
/// (summed in f64). Targets must be `< V` (a caller's bug otherwise: it panics).
pub fn softmax_cross_entropy(logits: ArrayView2<f32>, targets: &[u32], mask: Option<&[bool]>, dlogits: Option<ArrayViewMut2<f32>>) -> f64 {
    let n = logits.nrows();
    assert_eq!(targets.len(), n, "one target per row");
    let scale = 1.0 / n.max(1) as f32;
    let mut total = 0.0f64;
    let mut dz = dlogits;
    for (i, z) in logits.rows().into_iter().enumerate() {
        let keep = mask.is_none_or(|m| m[i]);
        let t = targets[i] as usize;
        let max = z.iter().copied().fold(f32::NEG_INFINITY, max_of);
        let owned;
        let zs = match z.as_slice() {
            Some(zs) => zs,
            None => {
                owned = z.to_vec();
                &owned
            }
        };
        let mut sum = 0.0f32;
        exps(zs, max, |_, e| sum += e);
        let lse = max + ln(sum);
        if keep {
            total += (lse - z[t]) as f64;
        }
        if let Some(d) = dz.as_mut() {
            let mut row = d.row_mut(i);
            if keep {
                let inv = scale / sum;
                exps(zs, max, |j, e| row[j] = e * inv);
                row[t] -= scale;
            } else {
                row.fill(0.0);
            }
        }
    }
    total / n.max(1) as f64
}

/// `max(m, v)` ignoring a NaN `v`, as `f32::max` does for the row maxima here, but as a compare
/// and select: in wasm `f32::max` is a call to libm's `fmaxf` (wasm's own `f32.max` propagates
/// NaN), one call per logit, about 1 % of an RNN training step.
#[inline(always)]
fn max_of(m: f32, v: f32) -> f32 {
    if v > m {
        v
    } else {
        m
    }
}

/// Calls `f(j, e^{z_j − max})` for j = 0, 1, … in order: four exponentials at a time through
/// [`exp4`] (the bits of [`exp`]), so a sum formed in `f` adds in the same order as a plain loop.
fn exps(z: &[f32], max: f32, mut f: impl FnMut(usize, f32)) {
    let j4 = z.len() - z.len() % 4;
    for j in (0..j4).step_by(4) {
        for (k, e) in exp4(ld(z, j).sub(F4::splat(max))).lanes().into_iter().enumerate() {
            f(j + k, e);
        }
    }
    for (j, &v) in z.iter().enumerate().skip(j4) {
        f(j, exp(v - max));
    }
}

/// `p = softmax(z / temperature)` of one row into `out` (temperature > 0).
pub fn softmax_row(z: &[f32], temperature: f32, out: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, max_of);
    let mut sum = 0.0f32;
    for (o, &v) in out.iter_mut().zip(z) {
        *o = exp((v - max) / temperature);
        sum += *o;
    }
    for o in out.iter_mut() {
        *o /= sum;
    }
}

/// Inverted dropout (Srivastava et al. 2014, as `nn.Dropout` does it): while training each
/// element is zeroed with probability p and the survivors scaled by 1/(1 − p), so evaluation
/// needs no rescaling. `y = x ⊙ m`, `dx = dy ⊙ m`, with the mask `m` kept for the backward pass.
#[derive(Debug, Clone, Default)]
pub struct Dropout {
    pub p: f32,
    mask: Vec<f32>,
}

impl Dropout {
    pub fn new(p: f32) -> Self {
        Dropout { p, mask: Vec::new() }
    }

    /// Applies a fresh mask in place (training); does nothing when `p = 0`.
    pub fn forward(&mut self, mut x: ArrayViewMut2<f32>, rng: &mut Rng) {
        if self.p <= 0.0 {
            return;
        }
        let keep = 1.0 / (1.0 - self.p);
        self.mask.clear();
        for v in x.iter_mut() {
            let m = if rng.next_f32() < self.p { 0.0 } else { keep };
            self.mask.push(m);
            *v *= m;
        }
    }

    /// `dx = dy ⊙ m` in place (the mask of the last forward).
    pub fn backward(&self, mut dx: ArrayViewMut2<f32>) {
        if self.p <= 0.0 {
            return;
        }
        for (v, m) in dx.iter_mut().zip(&self.mask) {
            *v *= m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::gradcheck::check_f32;
    use ndarray::Array2;

    #[test]
    fn cross_entropy_by_hand() {
        // Row [0, ln 3] with target 1: p = [1/4, 3/4], ℓ = −ln(3/4); target 0: ℓ = −ln(1/4).
        // Mean over the two rows; dz = (p − onehot)/2.
        let z = ndarray::arr2(&[[0.0f32, 3f32.ln()], [0.0, 3f32.ln()]]);
        let mut d = Array2::zeros((2, 2));
        let l = softmax_cross_entropy(z.view(), &[1, 0], None, Some(d.view_mut()));
        let want = (-(0.75f64).ln() - (0.25f64).ln()) / 2.0;
        assert!((l - want).abs() < 1e-6, "{l} vs {want}");
        for (g, e) in d.iter().zip([0.125, -0.125, -0.375, 0.375]) {
            assert!((g - e).abs() < 1e-6, "{d:?}");
        }
        // Masking row 0: only row 1's loss counts, still divided by N = 2; row 0's gradient is 0.
        let l = softmax_cross_entropy(z.view(), &[1, 0], Some(&[false, true]), Some(d.view_mut()));
        assert!((l - -(0.25f64).ln() / 2.0).abs() < 1e-6);
        assert_eq!(d.row(0).to_vec(), [0.0, 0.0]);
        // Huge logits do not overflow.
        let big = ndarray::arr2(&[[1000.0f32, 0.0]]);
        assert!(softmax_cross_entropy(big.view(), &[0], None, None).abs() < 1e-6);
    }

    #[test]
    fn cross_entropy_gradient_matches_central_differences() {
        let mut rng = Rng::new(4);
        let (n, v) = (4, 6);
        let z: Vec<f32> = (0..n * v).map(|_| rng.next_f32() * 4.0 - 2.0).collect();
        let t = [0u32, 5, 2, 2];
        let mut d = Array2::zeros((n, v));
        softmax_cross_entropy(ArrayView2::from_shape((n, v), &z).unwrap(), &t, None, Some(d.view_mut()));
        let r = check_f32(
            &mut |x| softmax_cross_entropy(ArrayView2::from_shape((n, v), x).unwrap(), &t, None, None),
            &z,
            d.as_slice().unwrap(),
            1e-2,
            1e-3,
        );
        assert!(r.max_rel_error < 1e-3, "{r:?}");
    }

    #[test]
    fn dropout_scales_survivors_and_masks_the_gradient() {
        let mut rng = Rng::new(9);
        let mut d = Dropout::new(0.25);
        let mut x = Array2::from_elem((100, 40), 1.0f32);
        d.forward(x.view_mut(), &mut rng);
        let zeros = x.iter().filter(|&&v| v == 0.0).count();
        assert!(x.iter().all(|&v| v == 0.0 || (v - 4.0 / 3.0).abs() < 1e-6));
        assert!((900..1100).contains(&zeros), "{zeros} of 4000 dropped, expected ~1000");
        let mut g = Array2::from_elem((100, 40), 1.0f32);
        d.backward(g.view_mut());
        assert_eq!(g, x, "the gradient passes where the input did, with the same scale");
        let mut off = Dropout::new(0.0);
        let mut y = Array2::from_elem((2, 2), 3.0f32);
        off.forward(y.view_mut(), &mut rng);
        assert!(y.iter().all(|&v| v == 3.0));
    }
}
