//! Attention of a decoder over an encoder's states, one decoder step at a time: additive
//! (Bahdanau, Cho & Bengio 2015, "Neural Machine Translation by Jointly Learning to Align and
//! Translate", eq. 6; the PyTorch seq2seq tutorial's `BahdanauAttention`) and multiplicative
//! (Luong, Pham & Manning 2015, "Effective Approaches to Attention-based NMT", eq. 8: `dot`,
//! `general`).
//!
//! Keys are the encoder's outputs `K` (S·B, H_k), time-major (row `s·B + b`); a query is one row
//! per batch row, `q` (B, H_q). Row b attends to its first `len_b` keys only (padding gets α = 0).
//!
//! ```text
//! additive  e_s = vᵀ tanh(W_q q + b_q + W_k k_s + b_k)      query (A, H_q), key (A, H_k), v (1, A)
//! dot       e_s = qᵀ k_s                                   (H_q = H_k)
//! general   e_s = qᵀ W k_s                                 weight (H_q, H_k)
//! α = softmax_s(e) over s < len,   c = Σ_s α_s v_s          (B, H_v)    values v = keys k, or apart
//! ```
//! The key side (`W_k K + b_k`, or `K Wᵀ` for general) is one GEMM per sequence
//! ([`Attention::prepare`]). Backward, per step, with `dc` = ∂L/∂c:
//! ```text
//! dα_s = dc·v_s      dv_s += α_s dc      de_s = α_s (dα_s − Σ_r α_r dα_r)      (softmax Jacobian)
//! additive: u_s = tanh(p_s), p_s = W_q q + b_q + KP_s:  dp_s = de_s v ⊙ (1 − u_s²)
//!           dv += Σ_s de_s u_s;  dQP += Σ_s dp_s;  dKP_s += dp_s;  dq = dQP·W_q
//! dot:      dq += Σ_s de_s k_s;  dk_s += de_s q
//! general:  KP_s = W k_s:  dq += Σ_s de_s KP_s;  dKP_s += de_s q
//! ```
//! and at the end of the sequence ([`Attention::backward_finish`]) the key side's GEMMs:
//! additive `dW_k += dKPᵀ K`, `db_k += Σ dKP`, `dK += dKP W_k`, `dW_q += dQPᵀ Q`, `db_q += Σ dQP`;
//! general (KP = K Wᵀ) `dW += dKPᵀ·K`, `dK += dKP·W`.

use super::kernels::{axpy, dot};
use super::linear::Linear;
use super::math::exp;
use super::matmul::{gemm, GemmScratch, Init, PackedB};
use super::param::{init_bound, Module, Param, ParamMut};
use super::vmath::tanh_of_sum;
use crate::rng::Rng;
use ndarray::{s, Array2, ArrayView2, ArrayViewMut2, Ix2};

/// The score function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    Additive,
    Dot,
    General,
}

#[derive(Debug, Clone)]
pub struct Attention {
    pub score: Score,
    /// Additive: `W_q`, `b_q` (`{name}.query`).
    pub query: Option<Linear>,
    /// Additive: `W_k`, `b_k` (`{name}.key`).
    pub key: Option<Linear>,
    /// Additive: `v` as an `nn.Linear(A, 1, bias=False)` weight (1, A) (`{name}.v.weight`).
    pub v: Option<Param<Ix2>>,
    /// General: `W` (H_q, H_k) (`{name}.weight`).
    pub weight: Option<Param<Ix2>>,
    c: Caches,
}

#[derive(Debug, Clone, Default)]
struct Caches {
    kp: Array2<f32>,    // (S·B, A) additive W_k K + b_k; (S·B, H_q) general K Wᵀ
    q: Array2<f32>,     // (T·B, H_q) the queries
    qp: Array2<f32>,    // (T·B, A) additive W_q q + b_q
    u: Vec<f32>,        // (T·B·S·A) additive tanh(p), index ((t·B + b)·S + s)·A
    alpha: Array2<f32>, // (T·B, S)
    dkp: Array2<f32>,   // like kp
    dqp: Array2<f32>,   // (T·B, A)
    da: Vec<f32>,       // (S) scratch
    dp: Vec<f32>,       // (A) scratch
    lens: Vec<usize>,
    wq: PackedB, // W_q (A, H_q) for dq = dQP·W_q
    pack: PackedB,
    scratch: GemmScratch,
    batch: usize,
    src: usize,
}

fn ensure(a: &mut Array2<f32>, rows: usize, cols: usize) {
    if a.nrows() < rows || a.ncols() != cols {
        *a = Array2::zeros((rows, cols));
    }
}

impl Attention {
    /// PyTorch's default init for each `nn.Linear` (±1/√fan_in); general's `W` as an
    /// `nn.Linear(H_k, H_q, bias=False)`. Additive uses `A = H_q`.
    pub fn new(name: &str, score: Score, hq: usize, hk: usize, rng: &mut Rng) -> Self {
        let (mut query, mut key, mut v, mut weight) = (None, None, None, None);
        match score {
            Score::Additive => {
                query = Some(Linear::new(&format!("{name}.query"), hq, hq, rng));
                key = Some(Linear::new(&format!("{name}.key"), hk, hq, rng));
                v = Some(Param::uniform(format!("{name}.v.weight"), (1, hq), init_bound(hq), rng));
            }
            Score::Dot => assert_eq!(hq, hk, "dot attention needs queries and keys of one size"),
            Score::General => weight = Some(Param::uniform(format!("{name}.weight"), (hq, hk), init_bound(hk), rng)),
        }
        Attention { score, query, key, v, weight, c: Caches::default() }
    }

    /// Computes the key side for a sequence of keys `k` (S·B, H_k) and sizes the caches for up to
    /// `steps` query steps; `lens[b]` keys are valid in row b. Packs the weights.
    pub fn prepare(&mut self, k: ArrayView2<f32>, batch: usize, steps: usize, lens: &[usize]) {
        let src = k.nrows() / batch;
        assert!(src * batch == k.nrows() && lens.len() == batch, "keys must be (S·B, H) with one length per row");
        let c = &mut self.c;
        (c.batch, c.src) = (batch, src);
        c.lens.clear();
        c.lens.extend(lens.iter().map(|&l| l.min(src)));
        let hq = match self.score {
            Score::Additive => self.query.as_ref().expect("additive").input_size(),
            // W (H_q, H_k): the keys may be wider than the queries (concatenated annotations).
            Score::General => self.weight.as_ref().expect("general").value.nrows(),
            Score::Dot => k.ncols(),
        };
        ensure(&mut c.q, steps * batch, hq);
        ensure(&mut c.alpha, steps * batch, src);
        c.da.resize(src, 0.0);
        match self.score {
            Score::Additive => {
                let (query, key) = (self.query.as_mut().expect("additive"), self.key.as_mut().expect("additive"));
                let a = key.output_size();
                ensure(&mut c.kp, src * batch, a);
                ensure(&mut c.qp, steps * batch, a);
                c.u.resize(steps * batch * src * a, 0.0);
                c.dp.resize(a, 0.0);
                key.forward(k, c.kp.slice_mut(s![..src * batch, ..]));
                query.pack();
            }
            Score::General => {
                let w = &self.weight.as_ref().expect("general").value;
                ensure(&mut c.kp, src * batch, w.nrows());
                c.pack.pack(w.t());
                gemm(k, &c.pack, c.kp.slice_mut(s![..src * batch, ..]), Init::Zero, &mut c.scratch);
            }
            Score::Dot => {}
        }
    }

    /// Step `t`: the context `ctx` (B, H_v) = Σ_s α_s v_s for queries `q` (B, H_q) over the
    /// prepared keys `k` and the values `v` (S·B, H_v) (`v` = `k` when the keys are also the
    /// values). The weights α are then in [`Attention::alpha`].
    pub fn forward_step(&mut self, t: usize, q: ArrayView2<f32>, k: ArrayView2<f32>, v: ArrayView2<f32>, mut ctx: ArrayViewMut2<f32>) {
        let c = &mut self.c;
        let (b, src) = (c.batch, c.src);
        assert_eq!(q.nrows(), b, "one query per row");
        c.q.slice_mut(s![t * b..(t + 1) * b, ..]).assign(&q);
        let kv = k.as_slice().expect("keys must be contiguous");
        let hk = k.ncols();
        let (vv, hv) = (v.as_slice().expect("values must be contiguous"), v.ncols());
        assert_eq!(v.nrows(), k.nrows(), "one value per key");
        if self.score == Score::Additive {
            let query = self.query.as_mut().expect("additive");
            query.forward_packed(q, c.qp.slice_mut(s![t * b..(t + 1) * b, ..]));
        }
        for r in 0..b {
            let len = c.lens[r];
            let row = t * b + r;
            let mut alpha = c.alpha.row_mut(row);
            let alpha = alpha.as_slice_mut().expect("contiguous");
            let qr = c.q.row(row);
            let qr = qr.as_slice().expect("contiguous");
            for s in 0..len {
                alpha[s] = match self.score {
                    Score::Dot => dot(qr, &kv[(s * b + r) * hk..(s * b + r + 1) * hk]),
                    Score::General => dot(qr, c.kp.row(s * b + r).as_slice().expect("contiguous")),
                    Score::Additive => {
                        let a = c.qp.ncols();
                        let v = self.v.as_ref().expect("additive").value.as_slice().expect("contiguous");
                        let qp = c.qp.row(row);
                        let kp = c.kp.row(s * b + r);
                        let u = &mut c.u[(row * src + s) * a..(row * src + s + 1) * a];
                        tanh_of_sum(qp.as_slice().expect("contiguous"), kp.as_slice().expect("contiguous"), u);
                        dot(v, u)
                    }
                };
            }
            softmax_prefix(alpha, len);
            let mut cr = ctx.row_mut(r);
            let cr = cr.as_slice_mut().expect("ctx rows must be contiguous");
            cr.fill(0.0);
            for s in 0..len {
                axpy(alpha[s], &vv[(s * b + r) * hv..(s * b + r + 1) * hv], cr);
            }
        }
    }

    /// The weights α of step `t`, (B, S) (zeros past each row's length).
    pub fn alpha(&self, t: usize) -> ArrayView2<'_, f32> {
        let b = self.c.batch;
        self.c.alpha.slice(s![t * b..(t + 1) * b, ..self.c.src])
    }

    /// Begins the backward pass (zeroes the key-side gradient); packs `W_q`.
    pub fn backward_start(&mut self, steps: usize) {
        let c = &mut self.c;
        let rows = c.src * c.batch;
        let cols = c.kp.ncols();
        ensure(&mut c.dkp, rows, cols);
        c.dkp.fill(0.0);
        if let Some(query) = &self.query {
            ensure(&mut c.dqp, steps * c.batch, query.output_size());
            c.wq.pack(query.weight.value.view());
        }
    }

    /// Backward through step `t`: `dctx` (B, H_v) = ∂L/∂c; writes `dq` (B, H_q) = ∂L/∂q and adds
    /// the values' gradient into `dv` (S·B, H_v), or into `dk` when `dv` is None (the keys are
    /// the values), and dot's key gradient into `dk` (S·B, H_k).
    #[allow(clippy::too_many_arguments)]
    pub fn backward_step(
        &mut self,
        t: usize,
        k: ArrayView2<f32>,
        v: ArrayView2<f32>,
        dctx: ArrayView2<f32>,
        mut dq: ArrayViewMut2<f32>,
        mut dk: ArrayViewMut2<f32>,
        mut dv: Option<ArrayViewMut2<f32>>,
    ) {
        let c = &mut self.c;
        let (b, src) = (c.batch, c.src);
        let kv = k.as_slice().expect("keys must be contiguous");
        let hk = k.ncols();
        let (vv, hv) = (v.as_slice().expect("values must be contiguous"), v.ncols());
        let dkv = dk.as_slice_mut().expect("dk must be contiguous");
        let mut dvv = dv.as_mut().map(|d| d.as_slice_mut().expect("dv must be contiguous"));
        if self.score == Score::Additive {
            c.dqp.slice_mut(s![t * b..(t + 1) * b, ..]).fill(0.0);
        } else {
            dq.fill(0.0);
        }
        for r in 0..b {
            let (len, row) = (c.lens[r], t * b + r);
            let alpha = c.alpha.row(row);
            let alpha = alpha.as_slice().expect("contiguous");
            let dc = dctx.row(r);
            let dc = dc.as_slice().expect("dctx rows must be contiguous");
            let mut sum = 0.0f32;
            for s in 0..len {
                let vs = &vv[(s * b + r) * hv..(s * b + r + 1) * hv];
                c.da[s] = dot(dc, vs);
                sum += alpha[s] * c.da[s];
                let dvs = match dvv.as_deref_mut() {
                    Some(d) => &mut d[(s * b + r) * hv..(s * b + r + 1) * hv],
                    None => &mut dkv[(s * b + r) * hk..(s * b + r + 1) * hk],
                };
                axpy(alpha[s], dc, dvs);
            }
            for s in 0..len {
                let de = alpha[s] * (c.da[s] - sum);
                match self.score {
                    Score::Dot => {
                        let qr = c.q.row(row);
                        let qr = qr.as_slice().expect("contiguous");
                        axpy(de, &kv[(s * b + r) * hk..(s * b + r + 1) * hk], dq.row_mut(r).as_slice_mut().expect("contiguous"));
                        axpy(de, qr, &mut dkv[(s * b + r) * hk..(s * b + r + 1) * hk]);
                    }
                    Score::General => {
                        let qr = c.q.row(row);
                        axpy(de, c.kp.row(s * b + r).as_slice().expect("contiguous"), dq.row_mut(r).as_slice_mut().expect("contiguous"));
                        axpy(de, qr.as_slice().expect("contiguous"), c.dkp.row_mut(s * b + r).as_slice_mut().expect("contiguous"));
                    }
                    Score::Additive => {
                        let a = c.qp.ncols();
                        let vw = self.v.as_mut().expect("additive");
                        let u = &c.u[(row * src + s) * a..(row * src + s + 1) * a];
                        for ((p, &u), &w) in c.dp.iter_mut().zip(u).zip(vw.value.iter()) {
                            *p = de * w * (1.0 - u * u);
                        }
                        axpy(de, u, vw.grad.as_slice_mut().expect("contiguous"));
                        axpy(1.0, &c.dp, c.dqp.row_mut(row).as_slice_mut().expect("contiguous"));
                        axpy(1.0, &c.dp, c.dkp.row_mut(s * b + r).as_slice_mut().expect("contiguous"));
                    }
                }
            }
        }
        if self.score == Score::Additive {
            gemm(c.dqp.slice(s![t * b..(t + 1) * b, ..]), &c.wq, dq, Init::Zero, &mut c.scratch);
        }
    }

    /// Ends the backward pass over `steps` steps: the key side's and the query projection's
    /// parameter gradients, and the key side's share of `dk` (added).
    pub fn backward_finish(&mut self, steps: usize, k: ArrayView2<f32>, dk: ArrayViewMut2<f32>) {
        let c = &mut self.c;
        let (rows, qrows) = (c.src * c.batch, steps * c.batch);
        match self.score {
            Score::Additive => {
                let query = self.query.as_mut().expect("additive");
                query.backward(c.q.slice(s![..qrows, ..]), c.dqp.slice(s![..qrows, ..]), None, false);
                let key = self.key.as_mut().expect("additive");
                key.backward(k, c.dkp.slice(s![..rows, ..]), Some(dk), true);
            }
            Score::General => {
                let w = self.weight.as_mut().expect("general");
                let dkp = c.dkp.slice(s![..rows, ..]);
                c.pack.pack(k);
                gemm(dkp.t(), &c.pack, w.grad.view_mut(), Init::Add, &mut c.scratch);
                c.pack.pack(w.value.view());
                gemm(dkp, &c.pack, dk, Init::Add, &mut c.scratch);
            }
            Score::Dot => {}
        }
    }
}

/// In-place softmax of `x[..len]`; `x[len..]` = 0 (masked positions).
fn softmax_prefix(x: &mut [f32], len: usize) {
    let max = x[..len].iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0f32;
    for v in &mut x[..len] {
        *v = exp(*v - max);
        sum += *v;
    }
    for v in &mut x[..len] {
        *v /= sum;
    }
    x[len..].fill(0.0);
}

impl Module for Attention {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        if let Some(l) = &mut self.query {
            l.visit(f);
        }
        if let Some(l) = &mut self.key {
            l.visit(f);
        }
        if let Some(p) = &mut self.v {
            f(p.as_mut());
        }
        if let Some(p) = &mut self.weight {
            f(p.as_mut());
        }
    }
}

#[cfg(test)]
#[path = "attention_tests.rs"]
mod tests;
