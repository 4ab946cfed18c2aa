//! One Transformer block: self-attention and feed-forward, each with a residual connection, a
//! LayerNorm and dropout, post-LN (BERT, Vaswani et al.) or pre-LN (GPT-2; Xiong et al. 2020).
//!
//! ```text
//! post-LN (BertLayer):  S₁ = X + drop(MHA(X));     A = LN₁(S₁)
//!                       S₂ = A + drop(FFN(A));     Y = LN₂(S₂)
//! pre-LN:               N₁ = LN₁(X);  A = X + drop(MHA(N₁))
//!                       N₂ = LN₂(A);  Y = A + drop(FFN(N₂))
//! ```
//! Backward runs the same graph in reverse; a residual sends its gradient both through the branch
//! and straight on (the branch's dX is *added*). Names follow BERT (`{p}.attention.self.query`,
//! `{p}.attention.output.LayerNorm` = LN₁, `{p}.output.LayerNorm` = LN₂), pre-LN included.

use crate::nn::ffn::FeedForward;
use crate::nn::loss::Dropout;
use crate::nn::mha::{Mask, MultiHeadAttention};
use crate::nn::norm::LayerNorm;
use crate::nn::param::{Module, ParamMut};
use crate::rng::Rng;
use ndarray::{Array2, ArrayView2, ArrayViewMut2, Zip};

/// HF BERT's `layer_norm_eps` default.
pub const LN_EPS: f32 = 1e-12;

#[derive(Debug, Clone)]
pub struct Block {
    pub attention: MultiHeadAttention,
    pub attn_norm: LayerNorm,
    pub ffn: FeedForward,
    pub out_norm: LayerNorm,
    pub pre_ln: bool,
    drop1: Dropout,
    drop2: Dropout,
    /// Post-LN: S₁ (LN₁'s input); pre-LN: N₁ (the attention's input).
    u1: Array2<f32>,
    /// A, the state between the two sub-layers.
    mid: Array2<f32>,
    /// Post-LN: S₂; pre-LN: N₂.
    u2: Array2<f32>,
    /// A branch's output (MHA, then FFN) before the residual.
    tmp: Array2<f32>,
    /// The attention branch's output (after dropout), kept for the page's diagram.
    attn_out: Array2<f32>,
    dmid: Array2<f32>,
    du: Array2<f32>,
    dtmp: Array2<f32>,
}

impl Block {
    /// `prefix` such as `bert.encoder.layer.0`.
    pub fn new(prefix: &str, dim: usize, heads: usize, ff: usize, pre_ln: bool, dropout: f32, rng: &mut Rng) -> Block {
        let z = || Array2::zeros((0, dim));
        Block {
            attention: MultiHeadAttention::new(&format!("{prefix}.attention"), dim, heads, rng),
            attn_norm: LayerNorm::new(&format!("{prefix}.attention.output.LayerNorm"), dim, LN_EPS),
            ffn: FeedForward::new(prefix, dim, ff, rng),
            out_norm: LayerNorm::new(&format!("{prefix}.output.LayerNorm"), dim, LN_EPS),
            pre_ln,
            drop1: Dropout::new(dropout),
            drop2: Dropout::new(dropout),
            u1: z(),
            mid: z(),
            u2: z(),
            tmp: z(),
            attn_out: z(),
            dmid: z(),
            du: z(),
            dtmp: z(),
        }
    }

    /// The attention branch's output before its residual, `(N, H)`, of the last forward.
    pub fn attn_out(&self) -> &Array2<f32> {
        &self.attn_out
    }
    /// The state after attention and its residual (A above), `(N, H)`, of the last forward.
    pub fn mid(&self) -> &Array2<f32> {
        &self.mid
    }
    /// The feed-forward branch's output before its residual, `(N, H)`, of the last forward.
    pub fn ffn_out(&self) -> &Array2<f32> {
        &self.tmp
    }

    /// `Y = block(X)` for `b` sequences; `rng` given = training (dropout on).
    pub fn forward(&mut self, x: ArrayView2<f32>, b: usize, mask: Mask, mut y: ArrayViewMut2<f32>, mut rng: Option<&mut Rng>) {
        let dim = x.dim();
        for a in
            [&mut self.u1, &mut self.mid, &mut self.u2, &mut self.tmp, &mut self.attn_out, &mut self.dmid, &mut self.du, &mut self.dtmp]
        {
            if a.dim() != dim {
                *a = Array2::zeros(dim);
            }
        }
        if self.pre_ln {
            self.attn_norm.forward(x, self.u1.view_mut());
            self.attention.forward(self.u1.view(), b, mask, self.tmp.view_mut());
            if let Some(r) = rng.as_deref_mut() {
                self.drop1.forward(self.tmp.view_mut(), r);
            }
            self.attn_out.assign(&self.tmp);
            Zip::from(&mut self.mid).and(&x).and(&self.tmp).for_each(|m, &a, &t| *m = a + t);
            self.out_norm.forward(self.mid.view(), self.u2.view_mut());
            self.ffn.forward(self.u2.view(), self.tmp.view_mut());
            if let Some(r) = rng {
                self.drop2.forward(self.tmp.view_mut(), r);
            }
            Zip::from(&mut y).and(&self.mid).and(&self.tmp).for_each(|o, &a, &t| *o = a + t);
        } else {
            self.attention.forward(x, b, mask, self.tmp.view_mut());
            if let Some(r) = rng.as_deref_mut() {
                self.drop1.forward(self.tmp.view_mut(), r);
            }
            self.attn_out.assign(&self.tmp);
            Zip::from(&mut self.u1).and(&x).and(&self.tmp).for_each(|s, &a, &t| *s = a + t);
            self.attn_norm.forward(self.u1.view(), self.mid.view_mut());
            self.ffn.forward(self.mid.view(), self.tmp.view_mut());
            if let Some(r) = rng {
                self.drop2.forward(self.tmp.view_mut(), r);
            }
            Zip::from(&mut self.u2).and(&self.mid).and(&self.tmp).for_each(|s, &a, &t| *s = a + t);
            self.out_norm.forward(self.u2.view(), y);
        }
    }

    /// Adds every parameter gradient and writes dX; `x` is the forward's input. `train` says
    /// whether the forward applied dropout.
    pub fn backward(&mut self, x: ArrayView2<f32>, dy: ArrayView2<f32>, mut dx: ArrayViewMut2<f32>, train: bool) {
        if self.pre_ln {
            // Y = A + drop(FFN(LN₂(A))): dA = dY + LN₂ᵀ(FFNᵀ(drop(dY))).
            self.dtmp.assign(&dy);
            if train {
                self.drop2.backward(self.dtmp.view_mut());
            }
            self.ffn.backward(self.u2.view(), self.dtmp.view(), self.du.view_mut(), false);
            self.dmid.assign(&dy);
            self.out_norm.backward(self.mid.view(), self.du.view(), self.dmid.view_mut(), true);
            // A = X + drop(MHA(LN₁(X))): dX = dA + LN₁ᵀ(MHAᵀ(drop(dA))).
            self.dtmp.assign(&self.dmid);
            if train {
                self.drop1.backward(self.dtmp.view_mut());
            }
            self.attention.backward(self.u1.view(), self.dtmp.view(), self.du.view_mut(), false);
            dx.assign(&self.dmid);
            self.attn_norm.backward(x, self.du.view(), dx, true);
        } else {
            // Y = LN₂(S₂), S₂ = A + drop(FFN(A)): dA = dS₂ + FFNᵀ(drop(dS₂)).
            self.out_norm.backward(self.u2.view(), dy, self.du.view_mut(), false);
            self.dmid.assign(&self.du);
            if train {
                self.drop2.backward(self.du.view_mut());
            }
            self.ffn.backward(self.mid.view(), self.du.view(), self.dmid.view_mut(), true);
            // A = LN₁(S₁), S₁ = X + drop(MHA(X)): dX = dS₁ + MHAᵀ(drop(dS₁)).
            self.attn_norm.backward(self.u1.view(), self.dmid.view(), self.du.view_mut(), false);
            dx.assign(&self.du);
            if train {
                self.drop1.backward(self.du.view_mut());
            }
            self.attention.backward(x, self.du.view(), dx, true);
        }
    }
}

impl Module for Block {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        self.attention.visit(f);
        self.attn_norm.visit(f);
        self.ffn.visit(f);
        self.out_norm.visit(f);
    }
}
