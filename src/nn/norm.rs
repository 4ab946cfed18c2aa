//! `nn.LayerNorm` and the exact GELU, forward and backward: the element-wise and row-wise layers
//! of a Transformer block (the inference-only versions BERT loads are in [`super::ops`]).

use super::math::exp;
use super::ops::erf;
use super::param::{Module, Param, ParamMut};
use ndarray::{ArrayView2, ArrayViewMut2, Ix1};

/// Layer normalisation over the last dimension (Ba et al. 2016; PyTorch `nn.LayerNorm(C)`,
/// biased variance), one row = one position.
///
/// ```text
/// forward   μ = (1/C) Σⱼ xⱼ,   σ² = (1/C) Σⱼ (xⱼ − μ)²,   r = 1/√(σ² + ε)
///           x̂ = (x − μ)·r,     y = γ ⊙ x̂ + β                         X, Y: (N, C);  γ, β: (C)
/// backward  dγ += Σₙ dYₙ ⊙ x̂ₙ,  dβ += Σₙ dYₙ
///           g = dY ⊙ γ;  dX = r·(g − mean(g) − x̂·mean(g ⊙ x̂))     (per row; the two means are
///           the gradient through μ and through σ², since x̂ has mean 0 and mean square 1 − ε·r²)
/// ```
/// Keeps μ and r of each row for the backward pass; x̂ is recomputed from X there.
#[derive(Debug, Clone)]
pub struct LayerNorm {
    pub weight: Param<Ix1>,
    pub bias: Param<Ix1>,
    pub eps: f32,
    stats: Vec<(f32, f32)>,
}

impl LayerNorm {
    /// γ = 1, β = 0 (PyTorch's init); `name` → `name.weight`, `name.bias`.
    pub fn new(name: &str, dim: usize, eps: f32) -> Self {
        let mut weight = Param::zeros(format!("{name}.weight"), dim);
        weight.value.fill(1.0);
        LayerNorm { weight, bias: Param::zeros(format!("{name}.bias"), dim), eps, stats: Vec::new() }
    }

    pub fn dim(&self) -> usize {
        self.weight.value.len()
    }

    /// `y = γ ⊙ x̂ + β` row by row (x and y must have contiguous rows).
    pub fn forward(&mut self, x: ArrayView2<f32>, mut y: ArrayViewMut2<f32>) {
        let c = self.dim();
        let (g, b) = (self.weight.value.as_slice().expect("contiguous"), self.bias.value.as_slice().expect("contiguous"));
        self.stats.clear();
        for (xr, mut yr) in x.rows().into_iter().zip(y.rows_mut()) {
            let xs = xr.as_slice().expect("rows are contiguous");
            let (mean, rstd) = moments(xs, self.eps);
            self.stats.push((mean, rstd));
            let ys = yr.as_slice_mut().expect("rows are contiguous");
            for j in 0..c {
                ys[j] = (xs[j] - mean) * rstd * g[j] + b[j];
            }
        }
    }

    /// Adds dγ, dβ and writes (or with `accumulate`, adds) dX; `x` is the forward's input.
    pub fn backward(&mut self, x: ArrayView2<f32>, dy: ArrayView2<f32>, mut dx: ArrayViewMut2<f32>, accumulate: bool) {
        let c = self.dim();
        let inv_c = 1.0 / c as f32;
        let g = self.weight.value.as_slice().expect("contiguous");
        let dg = self.weight.grad.as_slice_mut().expect("contiguous");
        let db = self.bias.grad.as_slice_mut().expect("contiguous");
        for (n, ((xr, dyr), mut dxr)) in x.rows().into_iter().zip(dy.rows()).zip(dx.rows_mut()).enumerate() {
            let (mean, rstd) = self.stats[n];
            let (xs, dys) = (xr.as_slice().expect("contiguous"), dyr.as_slice().expect("contiguous"));
            let (mut sum_g, mut sum_gx) = (0.0f32, 0.0f32);
            for j in 0..c {
                let xh = (xs[j] - mean) * rstd;
                dg[j] += dys[j] * xh;
                db[j] += dys[j];
                let gj = dys[j] * g[j];
                sum_g += gj;
                sum_gx += gj * xh;
            }
            let (mg, mgx) = (sum_g * inv_c, sum_gx * inv_c);
            let dxs = dxr.as_slice_mut().expect("contiguous");
            for j in 0..c {
                let xh = (xs[j] - mean) * rstd;
                let v = rstd * (dys[j] * g[j] - mg - xh * mgx);
                dxs[j] = if accumulate { dxs[j] + v } else { v };
            }
        }
    }
}

/// Mean and `1/√(σ² + ε)` of one row (two passes, the variance about the mean).
fn moments(x: &[f32], eps: f32) -> (f32, f32) {
    let n = x.len() as f32;
    let mean = x.iter().sum::<f32>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
    (mean, 1.0 / (var + eps).sqrt())
}

impl Module for LayerNorm {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        f(self.weight.as_mut());
        f(self.bias.as_mut());
    }
}

/// `Φ(x) = ½(1 + erf(x/√2))`, the standard normal CDF.
#[inline]
fn phi_cdf(x: f32) -> f32 {
    0.5 * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// Exact GELU (Hendrycks & Gimpel 2016; PyTorch `F.gelu`, HF `"gelu"`, BERT's activation):
/// `y = x·Φ(x)`, element-wise from `x` into `y`.
pub fn gelu_forward(x: &[f32], y: &mut [f32]) {
    for (o, &v) in y.iter_mut().zip(x) {
        *o = v * phi_cdf(v);
    }
}

/// In place `d ← d · (Φ(x) + x·φ(x))`, with `φ(x) = e^{−x²/2}/√(2π)` the normal density (the
/// product rule on `x·Φ(x)`): turns dY into dX; `x` is the forward's input.
pub fn gelu_backward(x: &[f32], d: &mut [f32]) {
    const INV_SQRT_2PI: f32 = 0.398_942_3;
    for (g, &v) in d.iter_mut().zip(x) {
        *g *= phi_cdf(v) + v * INV_SQRT_2PI * exp(-0.5 * v * v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::gradcheck::check_f32;
    use crate::rng::Rng;
    use ndarray::Array2;

    fn random(r: usize, c: usize, rng: &mut Rng) -> Array2<f32> {
        Array2::from_shape_fn((r, c), |_| rng.next_f32() * 4.0 - 2.0)
    }
    fn weighted(y: &[f32], w: &[f32]) -> f64 {
        y.iter().zip(w).map(|(a, b)| *a as f64 * *b as f64).sum()
    }

    #[test]
    fn layer_norm_matches_ops_and_by_hand() {
        // Row [1, 2, 3]: x̂ = [−1.2247449, 0, 1.2247449] (as ops::layer_norm, which BERT uses).
        let mut ln = LayerNorm::new("ln", 3, 1e-12);
        let x = ndarray::arr2(&[[1.0f32, 2.0, 3.0]]);
        let mut y = Array2::zeros((1, 3));
        ln.forward(x.view(), y.view_mut());
        let mut want = [1.0f32, 2.0, 3.0];
        crate::nn::ops::layer_norm(&mut want, 3, &[1.0; 3], &[0.0; 3], 1e-12);
        assert_eq!(y.as_slice().unwrap(), &want);
        assert!((want[2] - 1.224_744_9).abs() < 1e-6);
    }

    #[test]
    fn layer_norm_gradients_match_central_differences() {
        let mut rng = Rng::new(5);
        let (n, c) = (4, 6);
        let mut ln = LayerNorm::new("ln", c, 1e-5);
        ln.weight.value.mapv_inplace(|_| rng.next_f32() + 0.5);
        ln.bias.value.mapv_inplace(|_| rng.next_f32() - 0.5);
        let (x, w) = (random(n, c, &mut rng), random(n, c, &mut rng));
        let mut y = Array2::zeros((n, c));
        let mut dx = Array2::from_elem((n, c), 0.25f32);
        ln.forward(x.view(), y.view_mut());
        ln.backward(x.view(), w.view(), dx.view_mut(), true);
        dx.mapv_inplace(|v| v - 0.25); // accumulate added onto 0.25
        let (theta, grads) = (ln.flat(false), ln.flat(true));
        let r = check_f32(
            &mut |t| {
                ln.set_flat(t);
                ln.forward(x.view(), y.view_mut());
                weighted(y.as_slice().unwrap(), w.as_slice().unwrap())
            },
            &theta,
            &grads,
            1e-2,
            1e-3,
        );
        assert!(r.max_rel_error < 1e-3, "params: {r:?}");
        ln.set_flat(&theta);
        let r = check_f32(
            &mut |v| {
                ln.forward(ArrayView2::from_shape((n, c), v).unwrap(), y.view_mut());
                weighted(y.as_slice().unwrap(), w.as_slice().unwrap())
            },
            x.as_slice().unwrap(),
            dx.as_slice().unwrap(),
            1e-2,
            1e-3,
        );
        assert!(r.max_rel_error < 2e-3, "input: {r:?}");
    }

    #[test]
    fn gelu_values_and_gradient() {
        // gelu(1) = Φ(1) = 0.841344746; gelu'(0) = ½; gelu'(1) = Φ(1) + φ(1) = 0.841345 + 0.241971.
        let mut y = [0.0f32; 2];
        gelu_forward(&[1.0, 0.0], &mut y);
        assert!((y[0] - 0.841_344_7).abs() < 1e-6 && y[1] == 0.0);
        let mut d = [1.0f32; 2];
        gelu_backward(&[0.0, 1.0], &mut d);
        assert!((d[0] - 0.5).abs() < 1e-7 && (d[1] - 1.083_315_6).abs() < 1e-5, "{d:?}");
        let mut rng = Rng::new(6);
        let x: Vec<f32> = (0..40).map(|_| rng.next_f32() * 8.0 - 4.0).collect();
        let w: Vec<f32> = (0..40).map(|_| rng.next_f32() - 0.5).collect();
        let mut dx = w.clone();
        gelu_backward(&x, &mut dx);
        let mut out = vec![0.0; 40];
        let r = check_f32(
            &mut |v| {
                gelu_forward(v, &mut out);
                weighted(&out, &w)
            },
            &x,
            &dx,
            1e-2,
            1e-2,
        );
        assert!(r.max_rel_error < 1e-3, "{r:?}");
    }
}
