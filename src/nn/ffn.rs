//! The position-wise feed-forward network of a Transformer block (Vaswani et al. 2017, §3.3) with
//! BERT's exact GELU: `BertIntermediate` + `BertOutput.dense`.
//!
//! ```text
//! forward   U = X·W₁ᵀ + b₁   (N, F)       A = GELU(U)       Y = A·W₂ᵀ + b₂   (N, H)
//! backward  dA = dY·W₂ (+ dW₂ += dYᵀA, db₂);  dU = dA ⊙ GELU'(U);  dX = dU·W₁ (+ dW₁ += dUᵀX, db₁)
//! ```
//! Every row (position) goes through the same two layers independently: that is what lets a
//! Transformer process all positions of a sentence at once.

use super::linear::Linear;
use super::norm::{gelu_backward, gelu_forward};
use super::param::{Module, ParamMut};
use crate::rng::Rng;
use ndarray::{Array2, ArrayView2, ArrayViewMut2};

/// `intermediate.dense` (H → F), GELU, `output.dense` (F → H); keeps U and A of the last forward.
#[derive(Debug, Clone)]
pub struct FeedForward {
    pub intermediate: Linear,
    pub output: Linear,
    u: Array2<f32>,
    a: Array2<f32>,
    da: Array2<f32>,
}

impl FeedForward {
    /// Names `{prefix}.intermediate.dense`, `{prefix}.output.dense` (BERT's layer prefix).
    pub fn new(prefix: &str, dim: usize, ff: usize, rng: &mut Rng) -> Self {
        FeedForward {
            intermediate: Linear::new(&format!("{prefix}.intermediate.dense"), dim, ff, rng),
            output: Linear::new(&format!("{prefix}.output.dense"), ff, dim, rng),
            u: Array2::zeros((0, ff)),
            a: Array2::zeros((0, ff)),
            da: Array2::zeros((0, ff)),
        }
    }

    /// The activations `GELU(U)` of the last forward, `(N, F)`.
    pub fn activations(&self) -> &Array2<f32> {
        &self.a
    }

    pub fn forward(&mut self, x: ArrayView2<f32>, y: ArrayViewMut2<f32>) {
        let (n, f) = (x.nrows(), self.intermediate.output_size());
        if self.u.dim() != (n, f) {
            self.u = Array2::zeros((n, f));
            self.a = Array2::zeros((n, f));
            self.da = Array2::zeros((n, f));
        }
        self.intermediate.forward(x, self.u.view_mut());
        gelu_forward(self.u.as_slice().expect("contiguous"), self.a.as_slice_mut().expect("contiguous"));
        self.output.forward(self.a.view(), y);
    }

    /// Adds the four parameter gradients and writes (or with `accumulate`, adds) dX.
    pub fn backward(&mut self, x: ArrayView2<f32>, dy: ArrayView2<f32>, dx: ArrayViewMut2<f32>, accumulate: bool) {
        self.output.backward(self.a.view(), dy, Some(self.da.view_mut()), false);
        // dU = dA ⊙ GELU'(U), written over dA.
        let (u, da) = (self.u.as_slice().expect("contiguous"), self.da.as_slice_mut().expect("contiguous"));
        gelu_backward(u, da);
        self.intermediate.backward(x, self.da.view(), Some(dx), accumulate);
    }
}

impl Module for FeedForward {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        self.intermediate.visit(f);
        self.output.visit(f);
    }
}
