//! Optimisers and gradient clipping, as `torch.optim` and `torch.nn.utils` define them.
//!
//! An optimiser visits a [`Module`]'s params in their fixed order and keeps its per-param state
//! (momentum buffers) by that index, allocated on the first step. A training step is:
//! `zero_grad → forward → backward → clip_grad_norm (optional) → optimiser.step`.

use super::f4::F4;
use super::param::Module;
use super::vmath::{ld, st};
use serde::{Deserialize, Serialize};

/// Which optimiser (the settings' `optimizer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Sgd,
    Adam,
    AdamW,
}

/// Everything a training step can ask of an optimiser.
pub trait Optimizer {
    fn step(&mut self, m: &mut dyn Module);
    fn lr(&self) -> f32;
    fn set_lr(&mut self, lr: f32);
}

/// `torch.optim.SGD` with momentum μ (dampening 0, no Nesterov) and L2 weight decay λ:
/// ```text
/// g ← g + λ·p;   buf ← g (first step) | μ·buf + g;   p ← p − lr·buf      (μ = 0: p ← p − lr·g)
/// ```
#[derive(Debug, Clone)]
pub struct Sgd {
    pub lr: f32,
    pub momentum: f32,
    pub weight_decay: f32,
    buf: Vec<Vec<f32>>,
}

impl Sgd {
    pub fn new(lr: f32, momentum: f32) -> Self {
        Sgd { lr, momentum, weight_decay: 0.0, buf: Vec::new() }
    }
}

impl Optimizer for Sgd {
    fn step(&mut self, m: &mut dyn Module) {
        let (lr, mu, wd) = (self.lr, self.momentum, self.weight_decay);
        let mut i = 0;
        let buf = &mut self.buf;
        m.visit(&mut |p| {
            let first = buf.len() <= i;
            if first {
                buf.push(vec![0.0; p.value.len()]);
            }
            let b = &mut buf[i];
            for ((w, g), bj) in p.value.iter_mut().zip(p.grad.iter()).zip(b.iter_mut()) {
                let g = g + wd * *w;
                let d = if mu == 0.0 {
                    g
                } else {
                    *bj = if first { g } else { mu * *bj + g };
                    *bj
                };
                *w -= lr * d;
            }
            i += 1;
        });
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
    }
}

/// `torch.optim.Adam` (Kingma & Ba 2015) and, with `decoupled`, `torch.optim.AdamW`
/// (Loshchilov & Hutter 2019). Step t (from 1), written as PyTorch's single-tensor path does:
/// ```text
/// Adam:  g ← g + λ·p                    AdamW: p ← p·(1 − lr·λ)
/// m ← β₁m + (1 − β₁)g                   v ← β₂v + (1 − β₂)g²
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// ```
#[derive(Debug, Clone)]
pub struct Adam {
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
    pub weight_decay: f32,
    pub decoupled: bool,
    t: u32,
    m: Vec<Vec<f32>>,
    v: Vec<Vec<f32>>,
}

impl Adam {
    /// PyTorch's defaults: β = (0.9, 0.999), ε = 1e-8, no weight decay.
    pub fn new(lr: f32) -> Self {
        Adam { lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0, decoupled: false, t: 0, m: Vec::new(), v: Vec::new() }
    }
    /// `torch.optim.AdamW` defaults: as Adam with decoupled weight decay 0.01.
    pub fn adamw(lr: f32) -> Self {
        Adam { weight_decay: 0.01, decoupled: true, ..Adam::new(lr) }
    }
    /// Steps taken so far.
    pub fn steps(&self) -> u32 {
        self.t
    }
}

impl Optimizer for Adam {
    fn step(&mut self, model: &mut dyn Module) {
        self.t += 1;
        let (b1, b2, eps, lr, wd) = (self.beta1, self.beta2, self.eps, self.lr, self.weight_decay);
        // Bias corrections in f64 then rounded, as PyTorch computes them in Python floats.
        let bc1 = 1.0 - (b1 as f64).powi(self.t as i32);
        let bc2_sqrt = (1.0 - (b2 as f64).powi(self.t as i32)).sqrt() as f32;
        let step_size = (lr as f64 / bc1) as f32;
        let (ms, vs, decoupled) = (&mut self.m, &mut self.v, self.decoupled);
        let mut i = 0;
        model.visit(&mut |p| {
            if ms.len() <= i {
                ms.push(vec![0.0; p.value.len()]);
                vs.push(vec![0.0; p.value.len()]);
            }
            let (m, v) = (&mut ms[i], &mut vs[i]);
            // Four elements at a time, each lane the scalar loop's operations in its order (same
            // bits: +, ×, ÷ and √ are correctly rounded), then the rest one by one.
            let n4 = p.value.len() - p.value.len() % 4;
            let s = F4::splat;
            let (keep, wd4) = (s(1.0 - lr * wd), s(wd));
            for j in (0..n4).step_by(4) {
                let mut w = ld(p.value, j);
                let mut g = ld(p.grad, j);
                if decoupled {
                    w = w.mul(keep);
                } else {
                    g = g.add(wd4.mul(w));
                }
                let mj = ld(m, j).add(s(1.0 - b1).mul(g.sub(ld(m, j))));
                let vj = s(b2).mul(ld(v, j)).add(s(1.0 - b2).mul(g).mul(g));
                let denom = vj.sqrt().div(s(bc2_sqrt)).add(s(eps));
                st(p.value, j, w.sub(s(step_size).mul(mj.div(denom))));
                st(m, j, mj);
                st(v, j, vj);
            }
            let tail = p.value.iter_mut().zip(p.grad.iter()).zip(m.iter_mut()).zip(v.iter_mut()).skip(n4);
            for (((w, &g), mj), vj) in tail {
                let g = if decoupled {
                    *w *= 1.0 - lr * wd;
                    g
                } else {
                    g + wd * *w
                };
                *mj += (1.0 - b1) * (g - *mj); // PyTorch's lerp form of β₁m + (1 − β₁)g
                *vj = b2 * *vj + (1.0 - b2) * g * g;
                let denom = vj.sqrt() / bc2_sqrt + eps;
                *w -= step_size * (*mj / denom);
            }
            i += 1;
        });
    }
    fn lr(&self) -> f32 {
        self.lr
    }
    fn set_lr(&mut self, lr: f32) {
        self.lr = lr;
    }
}

/// `torch.nn.utils.clip_grad_norm_`: the global L2 norm ‖g‖ over every gradient; when it exceeds
/// `max_norm`, all gradients are scaled by `max_norm / (‖g‖ + 1e-6)`. Returns ‖g‖ before clipping
/// (NaN or ∞ when a gradient is not finite — the caller stops then).
pub fn clip_grad_norm(m: &mut dyn Module, max_norm: f32) -> f32 {
    let total = grad_norm(m);
    if total.is_finite() && total > max_norm {
        let scale = max_norm / (total + 1e-6);
        m.visit(&mut |p| p.grad.iter_mut().for_each(|g| *g *= scale));
    }
    total
}

/// `√(Σ g²)` over every gradient (summed in f64).
pub fn grad_norm(m: &mut dyn Module) -> f32 {
    let mut sq = 0.0f64;
    m.visit(&mut |p| sq += p.grad.iter().map(|&g| g as f64 * g as f64).sum::<f64>());
    sq.sqrt() as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::param::fixture::one;

    #[test]
    fn sgd_with_momentum_by_hand() {
        // p = 1, g = 0.5 each step, lr 0.1, μ 0.9: buf = 0.5, then 0.95; p = 0.95, then 0.855.
        let mut m = one(&[1.0], &[0.5]);
        let mut o = Sgd::new(0.1, 0.9);
        o.step(&mut m);
        assert!((m.0.value[0] - 0.95).abs() < 1e-7);
        o.step(&mut m);
        assert!((m.0.value[0] - 0.855).abs() < 1e-7);
    }

    #[test]
    fn adam_first_steps_by_hand() {
        // Step 1: m = 0.1g, v = 0.001g², m̂ = g, v̂ = g²: p moves by lr·g/(|g| + ε) ≈ lr·sign(g).
        let mut m = one(&[1.0, -2.0], &[0.5, -3.0]);
        let mut o = Adam::new(0.01);
        o.step(&mut m);
        assert!((m.0.value[0] - 0.99).abs() < 1e-6 && (m.0.value[1] - -1.99).abs() < 1e-6, "{:?}", m.0.value);
        // Step 2 with the same g: m̂ = g and v̂ = g² again, so the same move.
        o.step(&mut m);
        assert!((m.0.value[0] - 0.98).abs() < 1e-6 && (m.0.value[1] - -1.98).abs() < 1e-6, "{:?}", m.0.value);
        // AdamW with g = 0: only the decay p ← p(1 − lr·λ) = 1·(1 − 0.1·0.5) = 0.95; m = v = 0 → no move.
        let mut m = one(&[1.0], &[0.0]);
        let mut o = Adam { weight_decay: 0.5, ..Adam::adamw(0.1) };
        o.step(&mut m);
        assert!((m.0.value[0] - 0.95).abs() < 1e-7);
    }

    #[test]
    fn clipping_scales_to_the_max_norm() {
        // g = (3, 4): ‖g‖ = 5 > 1 → g·1/(5 + 1e-6); below the max nothing changes.
        let mut m = one(&[0.0, 0.0], &[3.0, 4.0]);
        assert_eq!(clip_grad_norm(&mut m, 1.0), 5.0);
        assert!((grad_norm(&mut m) - 1.0).abs() < 1e-6);
        assert_eq!(clip_grad_norm(&mut m, 10.0), grad_norm(&mut m));
        let mut bad = one(&[0.0], &[f32::NAN]);
        assert!(clip_grad_norm(&mut bad, 1.0).is_nan());
    }
}
