//! `nn.Linear` and `nn.Embedding`, forward and backward.

use super::kernels::axpy;
use super::matmul::{gemm, GemmScratch, Init, PackedB};
use super::param::{init_bound, Module, Param, ParamMut};
use crate::rng::Rng;
use ndarray::{ArrayView2, ArrayViewMut2, Ix1, Ix2};

/// `y = x·Wᵀ + b` (PyTorch `nn.Linear`), rows = examples.
///
/// ```text
/// forward   Y (N, out) = X (N, in) · Wᵀ + 1·bᵀ          W: (out, in), b: (out)
/// backward  dX (N, in) = dY · W                          (∂Yₙₒ/∂Xₙᵢ = W_oi)
///           dW (out, in) += dYᵀ · X                      (∂Yₙₒ/∂W_oi = Xₙᵢ, summed over n)
///           db (out) += Σₙ dYₙ                           (∂Yₙₒ/∂b_o = 1)
/// ```
#[derive(Debug, Clone)]
pub struct Linear {
    pub weight: Param<Ix2>,
    pub bias: Param<Ix1>,
    /// Wᵀ packed for the forward pass ([`Linear::pack`]).
    wt: PackedB,
    /// W and X packed for the backward pass; scratch for transposed A.
    w: PackedB,
    x: PackedB,
    scratch: GemmScratch,
}

impl Linear {
    /// PyTorch's default init: weight and bias uniform in ±1/√in. `name` prefixes the
    /// `state_dict` names (`decoder` → `decoder.weight`, `decoder.bias`).
    pub fn new(name: &str, input: usize, output: usize, rng: &mut Rng) -> Self {
        let bound = init_bound(input);
        Linear {
            weight: Param::uniform(format!("{name}.weight"), (output, input), bound, rng),
            bias: Param::uniform(format!("{name}.bias"), output, bound, rng),
            wt: PackedB::default(),
            w: PackedB::default(),
            x: PackedB::default(),
            scratch: GemmScratch::default(),
        }
    }

    pub fn input_size(&self) -> usize {
        self.weight.value.ncols()
    }
    pub fn output_size(&self) -> usize {
        self.weight.value.nrows()
    }

    /// Packs Wᵀ for [`Linear::forward_packed`]; needed again after every change of W.
    pub fn pack(&mut self) {
        self.wt.pack(self.weight.value.t());
    }

    /// `y = x·Wᵀ + b` (packs W first).
    pub fn forward(&mut self, x: ArrayView2<f32>, y: ArrayViewMut2<f32>) {
        self.pack();
        self.forward_packed(x, y);
    }

    /// `y = x·Wᵀ + b` with the Wᵀ packed by the last [`Linear::pack`] (for many small calls
    /// between two optimiser steps, e.g. one per decoding step).
    pub fn forward_packed(&mut self, x: ArrayView2<f32>, y: ArrayViewMut2<f32>) {
        let bias = self.bias.value.as_slice().expect("contiguous");
        gemm(x, &self.wt, y, Init::Bias(bias), &mut self.scratch);
    }

    /// Adds `dW += dYᵀ·X`, `db += Σ dY` and, if asked, writes (or with `accumulate`, adds)
    /// `dX = dY·W`. `x` is the input of the forward pass.
    pub fn backward(&mut self, x: ArrayView2<f32>, dy: ArrayView2<f32>, dx: Option<ArrayViewMut2<f32>>, accumulate: bool) {
        add_rows(self.bias.grad.as_slice_mut().expect("contiguous"), dy);
        self.x.pack(x);
        gemm(dy.t(), &self.x, self.weight.grad.view_mut(), Init::Add, &mut self.scratch);
        if let Some(dx) = dx {
            self.w.pack(self.weight.value.view());
            gemm(dy, &self.w, dx, if accumulate { Init::Add } else { Init::Zero }, &mut self.scratch);
        }
    }
}

/// `dst += Σ_rows m`: a bias gradient (the column sums of dY), row by row on the vector kernel.
pub fn add_rows(dst: &mut [f32], m: ArrayView2<f32>) {
    for row in m.rows() {
        match row.as_slice() {
            Some(r) => axpy(1.0, r, dst),
            None => dst.iter_mut().zip(row).for_each(|(d, v)| *d += v),
        }
    }
}

impl Module for Linear {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        f(self.weight.as_mut());
        f(self.bias.as_mut());
    }
}

/// `nn.Embedding`: row `id` of a `(V, E)` table per token.
///
/// ```text
/// forward   Yₙ = W[idₙ]                  (N, E)
/// backward  dW[idₙ] += dYₙ               (a token seen twice gets both rows of dY)
/// ```
#[derive(Debug, Clone)]
pub struct Embedding {
    pub weight: Param<Ix2>,
}

impl Embedding {
    /// PyTorch's default init: N(0, 1). `name` → `name.weight`.
    pub fn new(name: &str, vocab: usize, dim: usize, rng: &mut Rng) -> Self {
        Embedding { weight: Param::normal(format!("{name}.weight"), (vocab, dim), rng) }
    }

    pub fn vocab(&self) -> usize {
        self.weight.value.nrows()
    }
    pub fn dim(&self) -> usize {
        self.weight.value.ncols()
    }

    /// Copies the rows of `ids` into `y` (N, E). Ids must be `< vocab` (the caller's vocabulary
    /// guarantees it; an id outside is a bug and panics).
    pub fn forward(&self, ids: &[u32], mut y: ArrayViewMut2<f32>) {
        for (id, mut row) in ids.iter().zip(y.rows_mut()) {
            row.assign(&self.weight.value.row(*id as usize));
        }
    }

    /// `dW[idₙ] += dYₙ`.
    pub fn backward(&mut self, ids: &[u32], dy: ArrayView2<f32>) {
        for (id, row) in ids.iter().zip(dy.rows()) {
            let mut g = self.weight.grad.row_mut(*id as usize);
            add_rows(g.as_slice_mut().expect("contiguous"), row.insert_axis(ndarray::Axis(0)));
        }
    }
}

impl Module for Embedding {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        f(self.weight.as_mut());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::gradcheck::check_f32;
    use ndarray::Array2;

    fn random(r: usize, c: usize, rng: &mut Rng) -> Array2<f32> {
        Array2::from_shape_fn((r, c), |_| rng.next_f32() * 2.0 - 1.0)
    }

    /// L = Σ wₙₒ·Yₙₒ with fixed random w, so dL/dY = w.
    fn weighted(y: &Array2<f32>, w: &Array2<f32>) -> f64 {
        y.iter().zip(w).map(|(a, b)| *a as f64 * *b as f64).sum()
    }

    #[test]
    fn linear_by_hand() {
        // W = [[1, 2], [3, 4], [5, 6]], b = [0.5, 0, −1], x = [1, −1]: y = [−0.5, −1, −2].
        let mut lin = Linear::new("l", 2, 3, &mut Rng::new(1));
        lin.weight.value = Array2::from_shape_vec((3, 2), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
        lin.bias.value = ndarray::arr1(&[0.5, 0.0, -1.0]);
        let x = ndarray::arr2(&[[1.0f32, -1.0]]);
        let mut y = Array2::zeros((1, 3));
        lin.forward(x.view(), y.view_mut());
        assert_eq!(y, ndarray::arr2(&[[-0.5, -1.0, -2.0]]));
        // dY = [1, 0, 2]: dX = dY·W = [1·1 + 2·5, 1·2 + 2·6] = [11, 14]; dW = dYᵀ·x; db = dY.
        let dy = ndarray::arr2(&[[1.0f32, 0.0, 2.0]]);
        let mut dx = Array2::zeros((1, 2));
        lin.backward(x.view(), dy.view(), Some(dx.view_mut()), false);
        assert_eq!(dx, ndarray::arr2(&[[11.0, 14.0]]));
        assert_eq!(lin.weight.grad, ndarray::arr2(&[[1.0, -1.0], [0.0, 0.0], [2.0, -2.0]]));
        assert_eq!(lin.bias.grad.to_vec(), [1.0, 0.0, 2.0]);
    }

    #[test]
    fn linear_gradients_match_central_differences() {
        let mut rng = Rng::new(3);
        let (n, i, o) = (5, 7, 9);
        let mut lin = Linear::new("l", i, o, &mut rng);
        let (x, w) = (random(n, i, &mut rng), random(n, o, &mut rng));
        let mut y = Array2::zeros((n, o));
        let mut dx = Array2::zeros((n, i));
        lin.forward(x.view(), y.view_mut());
        lin.backward(x.view(), w.view(), Some(dx.view_mut()), false);
        let grads = lin.flat(true);
        let theta = lin.flat(false);
        let r = check_f32(
            &mut |t| {
                lin.set_flat(t);
                lin.forward(x.view(), y.view_mut());
                weighted(&y, &w)
            },
            &theta,
            &grads,
            1e-2,
            1e-3,
        );
        assert!(r.max_rel_error < 1e-3, "params: {r:?}");
        let mut lin2 = lin.clone();
        let xs = x.as_slice().unwrap().to_vec();
        let r = check_f32(
            &mut |v| {
                let xv = ArrayView2::from_shape((n, i), v).unwrap();
                lin2.forward(xv, y.view_mut());
                weighted(&y, &w)
            },
            &xs,
            dx.as_slice().unwrap(),
            1e-2,
            1e-3,
        );
        assert!(r.max_rel_error < 1e-3, "input: {r:?}");
    }

    #[test]
    fn embedding_gathers_and_scatters() {
        let mut e = Embedding::new("e", 4, 3, &mut Rng::new(2));
        let ids = [2u32, 0, 2];
        let mut y = Array2::zeros((3, 3));
        e.forward(&ids, y.view_mut());
        assert_eq!(y.row(0), e.weight.value.row(2));
        assert_eq!(y.row(1), e.weight.value.row(0));
        // Token 2 appears twice: its gradient row is the sum of both dY rows.
        let dy = ndarray::arr2(&[[1.0f32, 2.0, 3.0], [4.0, 5.0, 6.0], [0.5, 0.5, 0.5]]);
        e.backward(&ids, dy.view());
        assert_eq!(e.weight.grad.row(2).to_vec(), [1.5, 2.5, 3.5]);
        assert_eq!(e.weight.grad.row(0).to_vec(), [4.0, 5.0, 6.0]);
        assert!(e.weight.grad.row(1).iter().chain(e.weight.grad.row(3).iter()).all(|&g| g == 0.0));
    }
}
