//! Multi-head scaled dot-product self-attention (Vaswani et al. 2017, §3.2), as BERT's
//! `BertSelfAttention` + `BertSelfOutput.dense` compute it, forward and backward.
//!
//! Rows are batch-major: `X (B·T, H)`, row `b·T + t` is token t of sequence b (PyTorch
//! `batch_first = True`), so each sequence is one contiguous block of T rows. Head j owns the
//! columns `j·d .. (j+1)·d` of Q, K, V (d = H / heads), as HF's `transpose_for_scores` does.
//!
//! ```text
//! forward   Q = X·W_qᵀ + b_q,  K = X·W_kᵀ + b_k,  V = X·W_vᵀ + b_v                (B·T, H)
//!           per sequence b, head j:  S = Q_j K_jᵀ / √d                             (T, T)
//!             S[t, s] = −∞ where masked (causal: s > t; padding: s ≥ len_b)
//!           P = softmax_rows(S)  (kept: the attention maps the page draws)
//!           C_j = P V_j;   Y = concat_j(C_j)·W_oᵀ + b_o                              (B·T, H)
//! backward  dC = dY·W_o (+ dW_o, db_o);  per b, j:
//!           dP = dC_j V_jᵀ,  dV_j = Pᵀ dC_j
//!           dS[t, s] = P[t, s]·(dP[t, s] − Σ_u P[t, u] dP[t, u])      (softmax's Jacobian)
//!           dQ_j = dS K_j / √d,   dK_j = dSᵀ Q_j / √d
//!           dX = dQ·W_q + dK·W_k + dV·W_v  (+ the three weight and bias gradients)
//! ```
//! The per-head products are T × T × d with T ≤ 64 and d ≤ 128: row-by-row dot/axpy on the
//! vector kernels; the four projections are GEMMs ([`Linear`]).

use super::kernels::{axpy, dot};
use super::linear::Linear;
use super::math::exp;
use super::param::{Module, ParamMut};
use crate::rng::Rng;
use ndarray::{Array2, ArrayView2, ArrayViewMut2};

/// Which keys a query may not see.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mask<'a> {
    /// Token t sees only s ≤ t (a decoder / causal LM).
    pub causal: bool,
    /// Per sequence, its real length; keys at `s ≥ len` are padding.
    pub lens: Option<&'a [usize]>,
}

/// Self-attention with Q, K, V and output projections; names as BERT's `state_dict`
/// (`{prefix}.self.query`, `.self.key`, `.self.value`, `{prefix}.output.dense`).
#[derive(Debug, Clone)]
pub struct MultiHeadAttention {
    pub query: Linear,
    pub key: Linear,
    pub value: Linear,
    pub output: Linear,
    pub heads: usize,
    /// Sequences and length of the last forward.
    b: usize,
    t: usize,
    causal: bool,
    lens: Vec<usize>,
    q: Array2<f32>,
    k: Array2<f32>,
    v: Array2<f32>,
    ctx: Array2<f32>,
    /// `(B, heads, T, T)` attention probabilities of the last forward.
    probs: Vec<f32>,
    /// `(B, heads, T, T)` scaled scores before masking and softmax.
    scores: Vec<f32>,
    dq: Array2<f32>,
    dk: Array2<f32>,
    dv: Array2<f32>,
    dctx: Array2<f32>,
    dp: Vec<f32>,
}

impl MultiHeadAttention {
    /// `dim` must be a multiple of `heads` (the model's settings check it first).
    pub fn new(prefix: &str, dim: usize, heads: usize, rng: &mut Rng) -> Self {
        assert!(heads > 0 && dim.is_multiple_of(heads), "heads must divide the width");
        let z = || Array2::zeros((0, dim));
        MultiHeadAttention {
            query: Linear::new(&format!("{prefix}.self.query"), dim, dim, rng),
            key: Linear::new(&format!("{prefix}.self.key"), dim, dim, rng),
            value: Linear::new(&format!("{prefix}.self.value"), dim, dim, rng),
            output: Linear::new(&format!("{prefix}.output.dense"), dim, dim, rng),
            heads,
            b: 0,
            t: 0,
            causal: false,
            lens: Vec::new(),
            q: z(),
            k: z(),
            v: z(),
            ctx: z(),
            probs: Vec::new(),
            scores: Vec::new(),
            dq: z(),
            dk: z(),
            dv: z(),
            dctx: z(),
            dp: Vec::new(),
        }
    }

    pub fn dim(&self) -> usize {
        self.query.output_size()
    }
    pub fn head_dim(&self) -> usize {
        self.dim() / self.heads
    }

    /// The last forward's attention probabilities, `(B, heads, T, T)`: row t of map (b, j) is
    /// token t's distribution over the keys.
    pub fn probs(&self) -> &[f32] {
        &self.probs
    }
    /// The last forward's scores `q·k/√d` before masking and softmax, `(B, heads, T, T)`.
    pub fn scores(&self) -> &[f32] {
        &self.scores
    }
    /// Q, K, V and the concatenated head outputs of the last forward, `(B·T, H)` each.
    pub fn qkv_ctx(&self) -> [&Array2<f32>; 4] {
        [&self.q, &self.k, &self.v, &self.ctx]
    }

    /// `Y = MHA(X)` for `b` sequences of `x.nrows() / b` tokens each.
    pub fn forward(&mut self, x: ArrayView2<f32>, b: usize, mask: Mask, y: ArrayViewMut2<f32>) {
        let (n, h) = x.dim();
        assert!(b > 0 && n.is_multiple_of(b), "rows must be b sequences of equal length");
        let t = n / b;
        self.b = b;
        self.t = t;
        self.causal = mask.causal;
        self.lens.clear();
        match mask.lens {
            Some(l) => self.lens.extend(l.iter().map(|&v| v.min(t))),
            None => self.lens.resize(b, t),
        }
        for a in [&mut self.q, &mut self.k, &mut self.v, &mut self.ctx] {
            if a.dim() != (n, h) {
                *a = Array2::zeros((n, h));
            }
        }
        self.query.forward(x, self.q.view_mut());
        self.key.forward(x, self.k.view_mut());
        self.value.forward(x, self.v.view_mut());
        let (nh, d) = (self.heads, self.head_dim());
        let scale = 1.0 / (d as f32).sqrt();
        self.probs.resize(b * nh * t * t, 0.0);
        self.scores.resize(b * nh * t * t, 0.0);
        self.ctx.fill(0.0);
        let (q, k, v) =
            (self.q.as_slice().expect("contiguous"), self.k.as_slice().expect("contiguous"), self.v.as_slice().expect("contiguous"));
        let ctx = self.ctx.as_slice_mut().expect("contiguous");
        for bi in 0..b {
            let len = self.lens[bi];
            for j in 0..nh {
                let base = (bi * nh + j) * t * t;
                for r in 0..t {
                    let qr = &q[(bi * t + r) * h + j * d..][..d];
                    let sc = &mut self.scores[base + r * t..][..t];
                    let pr = &mut self.probs[base + r * t..][..t];
                    let visible = if self.causal { (r + 1).min(len) } else { len };
                    for s in 0..t {
                        sc[s] = dot(qr, &k[(bi * t + s) * h + j * d..][..d]) * scale;
                    }
                    softmax_prefix(sc, visible, pr);
                    let cr = &mut ctx[(bi * t + r) * h + j * d..][..d];
                    for (s, &p) in pr[..visible].iter().enumerate() {
                        axpy(p, &v[(bi * t + s) * h + j * d..][..d], cr);
                    }
                }
            }
        }
        self.output.forward(self.ctx.view(), y);
    }

    /// Adds every parameter gradient and writes (or with `accumulate`, adds) dX. `x` is the
    /// forward's input; the forward's Q, K, V and P are used.
    pub fn backward(&mut self, x: ArrayView2<f32>, dy: ArrayView2<f32>, mut dx: ArrayViewMut2<f32>, accumulate: bool) {
        let (n, h) = x.dim();
        for a in [&mut self.dq, &mut self.dk, &mut self.dv, &mut self.dctx] {
            if a.dim() != (n, h) {
                *a = Array2::zeros((n, h));
            }
        }
        self.output.backward(self.ctx.view(), dy, Some(self.dctx.view_mut()), false);
        let (b, t, nh, d) = (self.b, self.t, self.heads, self.head_dim());
        let scale = 1.0 / (d as f32).sqrt();
        self.dq.fill(0.0);
        self.dk.fill(0.0);
        self.dv.fill(0.0);
        self.dp.resize(t, 0.0);
        let (q, k, v) =
            (self.q.as_slice().expect("contiguous"), self.k.as_slice().expect("contiguous"), self.v.as_slice().expect("contiguous"));
        let dctx = self.dctx.as_slice().expect("contiguous");
        let (dq, dk, dv) = (
            self.dq.as_slice_mut().expect("contiguous"),
            self.dk.as_slice_mut().expect("contiguous"),
            self.dv.as_slice_mut().expect("contiguous"),
        );
        for bi in 0..b {
            let len = self.lens[bi];
            for j in 0..nh {
                let base = (bi * nh + j) * t * t;
                for r in 0..t {
                    let visible = if self.causal { (r + 1).min(len) } else { len };
                    let pr = &self.probs[base + r * t..][..visible];
                    let dcr = &dctx[(bi * t + r) * h + j * d..][..d];
                    // dP[r, s] = dC_r · v_s;  dV_s += P[r, s]·dC_r;  Σ_u P dP for the Jacobian.
                    let mut pdp = 0.0f32;
                    for (s, &p) in pr.iter().enumerate() {
                        let row = (bi * t + s) * h + j * d;
                        let g = dot(dcr, &v[row..][..d]);
                        self.dp[s] = g;
                        pdp += p * g;
                        axpy(p, dcr, &mut dv[row..][..d]);
                    }
                    let qr = &q[(bi * t + r) * h + j * d..][..d];
                    for (s, &p) in pr.iter().enumerate() {
                        let ds = p * (self.dp[s] - pdp) * scale;
                        let row = (bi * t + s) * h + j * d;
                        axpy(ds, &k[row..][..d], &mut dq[(bi * t + r) * h + j * d..][..d]);
                        axpy(ds, qr, &mut dk[row..][..d]);
                    }
                }
            }
        }
        // dX: the query branch writes (or accumulates), K and V add theirs.
        self.query.backward(x, self.dq.view(), Some(dx.view_mut()), accumulate);
        self.key.backward(x, self.dk.view(), Some(dx.view_mut()), true);
        self.value.backward(x, self.dv.view(), Some(dx.view_mut()), true);
    }
}

/// `p = softmax(s[..visible])`, zeros after: the masked keys get probability 0 exactly, as
/// `softmax` of −∞ gives. Uses [`exp`] so that native and wasm agree bit for bit.
fn softmax_prefix(s: &[f32], visible: usize, p: &mut [f32]) {
    let max = s[..visible].iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0f32;
    for (o, &v) in p[..visible].iter_mut().zip(s) {
        *o = exp(v - max);
        sum += *o;
    }
    let inv = 1.0 / sum;
    p[..visible].iter_mut().for_each(|o| *o *= inv);
    p[visible..].fill(0.0);
}

impl Module for MultiHeadAttention {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        self.query.visit(f);
        self.key.visit(f);
        self.value.visit(f);
        self.output.visit(f);
    }
}
