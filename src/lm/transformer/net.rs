//! The whole network, forward and backward: embeddings, blocks, and the language-model head.
//!
//! ```text
//! E = W_word[ids] + P[pos] (+ W_type[0], encoder)                         (B·T, H), batch-major
//! post-LN (BERT):  H⁰ = drop(LN_emb(E))          pre-LN (GPT-2):  H⁰ = drop(E)
//! Hˡ = blockₗ(Hˡ⁻¹), l = 1..L                                             (see [`super::block`])
//! top = Hᴸ (post-LN) | LN_final(Hᴸ) (pre-LN)
//! rows R: the masked positions (MLM) or every position (causal), Z = top[R]          (M, H)
//! MLM head (BertLMPredictionHead):  Z ← LN_head(GELU(Z·W_tᵀ + b_t))
//! logits = Z·W_wordᵀ + b_dec   (decoder tied to the word embeddings, as BERT and GPT-2)  (M, V)
//! loss = mean over R of −log softmax(logits)[target]        (nn.CrossEntropyLoss)
//! ```
//! P is a learned table (`position_embeddings`) or the fixed sinusoids of Vaswani et al.:
//! `P[p, 2i] = sin(p / 10000^{2i/H})`, `P[p, 2i+1] = cos(p / 10000^{2i/H})`.
//! Names are BERT's `state_dict` names (`bert.embeddings.word_embeddings.weight`,
//! `bert.encoder.layer.0…`, `cls.predictions.transform.dense.weight`, `cls.predictions.bias`).

use super::block::{Block, LN_EPS};
use crate::nn::linear::{add_rows, Embedding, Linear};
use crate::nn::loss::{softmax_cross_entropy, Dropout};
use crate::nn::matmul::{gemm, GemmScratch, Init, PackedB};
use crate::nn::mha::Mask;
use crate::nn::norm::{gelu_backward, gelu_forward, LayerNorm};
use crate::nn::param::{Module, Param, ParamMut};
use crate::rng::Rng;
use ndarray::{s, Array2, ArrayView2, Ix1};

/// What the network is; everything else follows from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Encoder with an MLM head (bidirectional attention) or causal decoder-only LM.
    pub mlm: bool,
    pub vocab: usize,
    pub dim: usize,
    pub heads: usize,
    pub ff: usize,
    pub layers: usize,
    /// Most positions a sequence may have (the position table's rows).
    pub context: usize,
    pub learned_positions: bool,
    pub pre_ln: bool,
    pub dropout: f32,
}

/// A batch: `b` sequences of `t` ids, batch-major, and which rows are predicted as what.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    pub b: usize,
    pub t: usize,
    pub ids: Vec<u32>,
    /// Rows (`b·t + pos`) whose token is predicted, and the token each should be.
    pub rows: Vec<usize>,
    pub targets: Vec<u32>,
}

/// The init BERT uses (`initializer_range` 0.02): weights N(0, 0.02²), biases 0.
fn bert_init(p: ParamMut<'_>, rng: &mut Rng) {
    if p.shape().len() == 2 {
        p.value.iter_mut().for_each(|v| *v = 0.02 * rng.normal() as f32);
    } else if !p.name.ends_with("LayerNorm.weight") && !p.name.ends_with("final_norm.weight") {
        p.value.fill(0.0);
    }
}

#[derive(Debug, Clone)]
pub struct Net {
    pub shape: Shape,
    pub word: Embedding,
    /// Learned positions; for sinusoids the fixed table is in `sinusoids`.
    pub position: Option<Embedding>,
    pub sinusoids: Array2<f32>,
    /// Token type 0 (BERT's segment A); encoder only.
    pub token_type: Option<Embedding>,
    pub emb_norm: Option<LayerNorm>,
    pub blocks: Vec<Block>,
    pub final_norm: Option<LayerNorm>,
    /// MLM head: `cls.predictions.transform.dense` and `.LayerNorm`.
    pub transform: Option<(Linear, LayerNorm)>,
    pub decoder_bias: Param<Ix1>,
    emb_drop: Dropout,
    /// Activations of the last forward: E before the embedding LayerNorm, H⁰ … Hᴸ, top.
    emb: Array2<f32>,
    pub hidden: Vec<Array2<f32>>,
    top: Array2<f32>,
    /// The head's H-wide buffers hold one row per position of the batch, `(B·T, H)`, so that a
    /// batch's varying number of masked rows M never reallocates them; only the first M rows are used.
    z: Array2<f32>,
    zt: Array2<f32>,
    zg: Array2<f32>,
    zn: Array2<f32>,
    /// The V-wide buffers, `(R, V)`: R follows the predicted rows, not B·T (see [`head_rows`]).
    /// A masked LM predicts ~15 % of the positions, and at a pasted text's vocabulary these two
    /// were most of the model (2 × 512 × 27,000 × 4 bytes = 110 MB for 40,000 pseudo-word types).
    logits: Array2<f32>,
    dlogits: Array2<f32>,
    dz: Array2<f32>,
    dtop: Array2<f32>,
    dh: [Array2<f32>; 2],
    /// Each row's position (`r mod T`), the position table's gradient rows.
    pos_ids: Vec<u32>,
    /// Rows predicted by the last forward (M).
    m: usize,
    word_t: PackedB,
    word_n: PackedB,
    zn_p: PackedB,
    scratch: GemmScratch,
    b: usize,
    t: usize,
    train: bool,
}

impl Net {
    pub fn new(shape: Shape, rng: &mut Rng) -> Net {
        let (v, h) = (shape.vocab, shape.dim);
        let e = "bert.embeddings";
        let mut net = Net {
            shape,
            word: Embedding::new(&format!("{e}.word_embeddings"), v, h, rng),
            position: shape.learned_positions.then(|| Embedding::new(&format!("{e}.position_embeddings"), shape.context, h, rng)),
            sinusoids: sinusoids(shape.context, h),
            token_type: shape.mlm.then(|| Embedding::new(&format!("{e}.token_type_embeddings"), 2, h, rng)),
            emb_norm: (!shape.pre_ln).then(|| LayerNorm::new(&format!("{e}.LayerNorm"), h, LN_EPS)),
            blocks: (0..shape.layers)
                .map(|l| Block::new(&format!("bert.encoder.layer.{l}"), h, shape.heads, shape.ff, shape.pre_ln, shape.dropout, rng))
                .collect(),
            final_norm: shape.pre_ln.then(|| LayerNorm::new("bert.encoder.final_norm", h, LN_EPS)),
            transform: shape.mlm.then(|| {
                let lin = Linear::new("cls.predictions.transform.dense", h, h, rng);
                (lin, LayerNorm::new("cls.predictions.transform.LayerNorm", h, LN_EPS))
            }),
            decoder_bias: Param::zeros("cls.predictions.bias", v),
            emb_drop: Dropout::new(shape.dropout),
            emb: Array2::zeros((0, h)),
            hidden: Vec::new(),
            top: Array2::zeros((0, h)),
            z: Array2::zeros((0, h)),
            zt: Array2::zeros((0, h)),
            zg: Array2::zeros((0, h)),
            zn: Array2::zeros((0, h)),
            logits: Array2::zeros((0, v)),
            dlogits: Array2::zeros((0, v)),
            dz: Array2::zeros((0, h)),
            dtop: Array2::zeros((0, h)),
            dh: [Array2::zeros((0, h)), Array2::zeros((0, h))],
            pos_ids: Vec::new(),
            m: 0,
            word_t: PackedB::default(),
            word_n: PackedB::default(),
            zn_p: PackedB::default(),
            scratch: GemmScratch::default(),
            b: 0,
            t: 0,
            train: false,
        };
        net.visit(&mut |p| bert_init(p, rng));
        net
    }

    /// The position table in use, `(context, H)`.
    pub fn positions(&self) -> ndarray::ArrayView2<'_, f32> {
        match &self.position {
            Some(p) => p.weight.value.view(),
            None => self.sinusoids.view(),
        }
    }

    /// Runs the network on `bt` (without the head when `bt.rows` is empty); returns the mean loss
    /// over the predicted rows (NaN when none). `rng` given = training (dropout on).
    pub fn forward(&mut self, bt: &Batch, mut rng: Option<&mut Rng>) -> f64 {
        let (b, t, h, v) = (bt.b, bt.t, self.shape.dim, self.shape.vocab);
        assert!(t <= self.shape.context && bt.ids.len() == b * t, "batch of {b} × {t} ids, context {}", self.shape.context);
        let n = b * t;
        (self.b, self.t, self.train) = (b, t, rng.is_some());
        let resize = |a: &mut Array2<f32>, r: usize, c: usize| {
            if a.dim() != (r, c) {
                *a = Array2::zeros((r, c));
            }
        };
        resize(&mut self.emb, n, h);
        self.hidden.resize(self.shape.layers + 1, Array2::zeros((n, h)));
        self.hidden.iter_mut().for_each(|a| resize(a, n, h));
        let [d0, d1] = &mut self.dh;
        for a in [&mut self.top, &mut self.dtop, d0, d1, &mut self.z, &mut self.zt, &mut self.zg, &mut self.zn, &mut self.dz] {
            resize(a, n, h);
        }
        self.pos_ids.clear(); // keeps its capacity
        self.pos_ids.extend((0..n).map(|r| (r % t) as u32));
        self.word.forward(&bt.ids, self.emb.view_mut());
        // E += P[r mod T] (+ W_type[0]); the tables are borrowed field by field, never copied.
        let pos = match &self.position {
            Some(p) => p.weight.value.view(),
            None => self.sinusoids.view(),
        };
        let ty = self.token_type.as_ref().map(|e| e.weight.value.row(0));
        for (r, mut row) in self.emb.rows_mut().into_iter().enumerate() {
            row += &pos.row(r % t);
            if let Some(ty) = &ty {
                row += ty;
            }
        }
        match &mut self.emb_norm {
            Some(ln) => ln.forward(self.emb.view(), self.hidden[0].view_mut()),
            None => self.hidden[0].assign(&self.emb),
        }
        if let Some(r) = rng.as_deref_mut() {
            self.emb_drop.forward(self.hidden[0].view_mut(), r);
        }
        let mask = Mask { causal: !self.shape.mlm, lens: None };
        for l in 0..self.shape.layers {
            let (before, after) = self.hidden.split_at_mut(l + 1);
            self.blocks[l].forward(before[l].view(), b, mask, after[0].view_mut(), rng.as_deref_mut());
        }
        let last = &self.hidden[self.shape.layers];
        match &mut self.final_norm {
            Some(ln) => ln.forward(last.view(), self.top.view_mut()),
            None => self.top.assign(last),
        }
        let m = bt.rows.len();
        assert!(m <= n, "{m} predicted rows in a batch of {n}");
        self.m = m;
        if m == 0 {
            return f64::NAN;
        }
        let rows = head_rows(self.logits.nrows(), m, n);
        if rows != self.logits.nrows() {
            self.logits = Array2::zeros((rows, v));
            self.dlogits = Array2::zeros((rows, v));
        }
        let mut z = self.z.slice_mut(s![..m, ..]);
        for (i, &r) in bt.rows.iter().enumerate() {
            z.row_mut(i).assign(&self.top.row(r));
        }
        let (z, mut zn) = (self.z.slice(s![..m, ..]), self.zn.slice_mut(s![..m, ..]));
        match &mut self.transform {
            Some((lin, ln)) => {
                lin.forward(z, self.zt.slice_mut(s![..m, ..]));
                gelu_forward(&self.zt.as_slice().expect("contiguous")[..m * h], &mut self.zg.as_slice_mut().expect("contiguous")[..m * h]);
                ln.forward(self.zg.slice(s![..m, ..]), zn);
            }
            None => zn.assign(&z),
        }
        self.word_t.pack(self.word.weight.value.t());
        let bias = self.decoder_bias.value.as_slice().expect("contiguous");
        let mut logits = self.logits.slice_mut(s![..m, ..]);
        gemm(self.zn.slice(s![..m, ..]), &self.word_t, logits.view_mut(), Init::Bias(bias), &mut self.scratch);
        softmax_cross_entropy(logits.view(), &bt.targets, None, Some(self.dlogits.slice_mut(s![..m, ..])))
    }

    /// Where the head's buffers live (tests: a new count of masked rows must not move them).
    #[cfg(test)]
    pub(super) fn head_buffers(&self) -> [*const f32; 8] {
        [&self.z, &self.zt, &self.zg, &self.zn, &self.dz, &self.logits, &self.dlogits, &self.dtop].map(|a| a.as_ptr())
    }

    /// Rows the head's V-wide buffers (`logits`, `dlogits`) hold (tests: they follow M, not B·T).
    #[cfg(test)]
    pub(super) fn head_capacity(&self) -> [usize; 2] {
        [self.logits.nrows(), self.dlogits.nrows()]
    }

    /// The logits of the last forward's predicted rows, `(M, V)`.
    pub fn logits(&self) -> ArrayView2<'_, f32> {
        self.logits.slice(s![..self.m, ..])
    }

    /// Adds every gradient of the last forward's loss (call [`Module::zero_grad`] first).
    pub fn backward(&mut self, bt: &Batch) {
        let (b, t) = (self.b, self.t);
        assert_eq!((bt.b, bt.t), (b, t), "backward of another batch than the last forward");
        let (m, h) = (self.m, self.shape.dim);
        assert_eq!(m, bt.rows.len(), "backward of another batch than the last forward");
        let dlogits = self.dlogits.slice(s![..m, ..]);
        // Decoder: dbias += Σ dlogits, dW_word += dlogitsᵀ·Z, dZ = dlogits·W_word.
        add_rows(self.decoder_bias.grad.as_slice_mut().expect("contiguous"), dlogits);
        self.zn_p.pack(self.zn.slice(s![..m, ..]));
        gemm(dlogits.t(), &self.zn_p, self.word.weight.grad.view_mut(), Init::Add, &mut self.scratch);
        self.word_n.pack(self.word.weight.value.view());
        let z = self.z.slice(s![..m, ..]);
        match &mut self.transform {
            Some((lin, ln)) => {
                gemm(dlogits, &self.word_n, self.zt.slice_mut(s![..m, ..]), Init::Zero, &mut self.scratch);
                // zt now holds dZn; LN back into dz, GELU back, the dense layer back into dz.
                ln.backward(self.zg.slice(s![..m, ..]), self.zt.slice(s![..m, ..]), self.dz.slice_mut(s![..m, ..]), false);
                // Recompute U = Z·W_tᵀ + b (zt was reused) for GELU's derivative.
                lin.forward(z, self.zt.slice_mut(s![..m, ..]));
                gelu_backward(&self.zt.as_slice().expect("contiguous")[..m * h], &mut self.dz.as_slice_mut().expect("contiguous")[..m * h]);
                self.zg.slice_mut(s![..m, ..]).assign(&self.dz.slice(s![..m, ..]));
                lin.backward(z, self.zg.slice(s![..m, ..]), Some(self.dz.slice_mut(s![..m, ..])), false);
            }
            None => gemm(dlogits, &self.word_n, self.dz.slice_mut(s![..m, ..]), Init::Zero, &mut self.scratch),
        }
        self.dtop.fill(0.0);
        for (i, &r) in bt.rows.iter().enumerate() {
            let mut row = self.dtop.row_mut(r);
            row += &self.dz.row(i);
        }
        let nl = self.shape.layers;
        let [d0, d1] = &mut self.dh;
        match &mut self.final_norm {
            Some(ln) => ln.backward(self.hidden[nl].view(), self.dtop.view(), d0.view_mut(), false),
            None => d0.assign(&self.dtop),
        }
        let (mut cur, mut next) = (d0, d1);
        for l in (0..nl).rev() {
            self.blocks[l].backward(self.hidden[l].view(), cur.view(), next.view_mut(), self.train);
            std::mem::swap(&mut cur, &mut next);
        }
        if self.train {
            self.emb_drop.backward(cur.view_mut());
        }
        if let Some(ln) = &mut self.emb_norm {
            ln.backward(self.emb.view(), cur.view(), next.view_mut(), false);
            std::mem::swap(&mut cur, &mut next);
        }
        self.word.backward(&bt.ids, cur.view());
        if let Some(p) = &mut self.position {
            p.backward(&self.pos_ids, cur.view());
        }
        if let Some(ty) = &mut self.token_type {
            let mut g = ty.weight.grad.row_mut(0);
            for row in cur.rows() {
                g += &row;
            }
        }
    }

    /// The top layer's states of the last forward (after the final LayerNorm in pre-LN), `(B·T, H)`.
    pub fn top(&self) -> &Array2<f32> {
        &self.top
    }
}

/// Rows for the head's V-wide buffers when a batch of `n` positions predicts `m` of them and they
/// hold `have`: unchanged while `m` fits (they never shrink, so a batch with fewer masked rows, a
/// query of one sentence or another batch shape reuses them), else `m` and half of it again,
/// rounded up to 16 rows and at most `n`. The number of masked rows of a training batch is
/// binomial (mean 72, sd 8 at the page's 16 × 32 and 15 %): the first batch's 1.5 × M is ~4 sd
/// above the mean, so the buffers are allocated about once, and a growth, when it comes, is by a
/// half again, never by a row at a time (each reallocation of a large block can leave a hole in
/// the wasm heap: README, "A whole lesson in one tab"). The causal LM predicts every position
/// (m = n) and gets exactly `n` rows, as before.
fn head_rows(have: usize, m: usize, n: usize) -> usize {
    if m <= have {
        have
    } else {
        (m + m / 2).next_multiple_of(16).min(n).max(m)
    }
}

/// `(rows, dim)` sinusoids (Vaswani et al. 2017, §3.5), computed in f64.
pub fn sinusoids(rows: usize, dim: usize) -> Array2<f32> {
    Array2::from_shape_fn((rows, dim), |(p, j)| {
        let angle = p as f64 / 10000f64.powf((j - j % 2) as f64 / dim as f64);
        (if j % 2 == 0 { angle.sin() } else { angle.cos() }) as f32
    })
}

impl Module for Net {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        self.word.visit(f);
        if let Some(p) = &mut self.position {
            p.visit(f);
        }
        if let Some(p) = &mut self.token_type {
            p.visit(f);
        }
        if let Some(ln) = &mut self.emb_norm {
            ln.visit(f);
        }
        for blk in &mut self.blocks {
            blk.visit(f);
        }
        if let Some(ln) = &mut self.final_norm {
            ln.visit(f);
        }
        if let Some((lin, ln)) = &mut self.transform {
            lin.visit(f);
            ln.visit(f);
        }
        f(self.decoder_bias.as_mut());
    }
}

/// Shapes of a param by name, for loaders: `None` when the net has no such param.
pub fn param_shape(net: &mut Net, name: &str) -> Option<Vec<usize>> {
    let mut out = None;
    net.visit(&mut |p| {
        if p.name == name {
            out = Some(p.shape().to_vec());
        }
    });
    out
}
