//! The encoder–decoder network (Sutskever et al. 2014; Cho et al. 2014) with optional attention,
//! forward and backward with teacher forcing, on [`crate::nn`]'s layers. Parameter names are
//! those of the PyTorch model in `scripts/goldens/make_seq2seq_golden.py`:
//!
//! ```text
//! encoder   x = src_embed(src)                        (S·B, E)   src_embed.weight (V_s, E)
//!           k_s = →h_s + ←h_s  (bidirectional)        (S·B, H)   encoder.{weight,bias}_{ih,hh}_l0[_reverse]
//!           s₋₁ = →h_{len−1} + ←h_0                    (B, H)     (see encoder.rs)
//! decoder   e_t = tgt_embed(y_{t−1})  (y₋₁ = BOS)     (T·B, E)   tgt_embed.weight (V_t, E)
//!  none     s_t = rnn(e_t, s_{t−1});                  top_t = s_t
//!  additive c_t = attn(s_{t−1}, k);  s_t = rnn([e_t; c_t], s_{t−1});  top_t = [s_t; c_t]  (Bahdanau)
//!  dot/gen. s_t = rnn(e_t, s_{t−1});  c_t = attn(s_t, k);  top_t = tanh(combine([c_t; s_t]))  (Luong)
//! logits    out(top)                                  (T·B, V_t) out.weight (V_t, H or 2H), out.bias
//! ```
//! Bahdanau's output reads the context of its own step (his "deep output" `t_i(s_i, y_{i−1}, c_i)`,
//! without the maxout), and his encoder is bidirectional: with a left-to-right encoder only, the
//! state after x_{s+1} still holds x_s, and "reverse" learns an alignment shifted by one.
//! ```text
//! loss      mean cross-entropy over the target tokens that are not padding
//! ```
//! The backward pass runs the same chain in reverse. For additive attention the decoder is
//! walked back step by step: ∂L/∂s_{t−1} gathers the output layer's share, the recurrence's, and
//! the attention query's of step t; the context's gradient ∂L/∂c_t (from the decoder input) goes
//! into that step's attention, whose key-side gradient adds to ∂L/∂k with the values'.

use super::encoder::BiEncoder;
use crate::nn::attention::{Attention, Score};
use crate::nn::linear::{Embedding, Linear};
use crate::nn::loss::softmax_cross_entropy;
use crate::nn::math::tanh;
use crate::nn::param::{Module, ParamMut};
use crate::nn::recurrent::{Cell, State};
use crate::nn::stepwise::StepRecurrent;
use crate::rng::Rng;
use ndarray::{s, Array2, ArrayView2};

/// Padding (never predicted), start and end of a target sequence: ids 0, 1, 2 in both vocabularies.
pub const PAD: u32 = 0;
pub const BOS: u32 = 1;
pub const EOS: u32 = 2;

/// How the decoder reads the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attn {
    /// Only the encoder's last state (the fixed-length bottleneck).
    None,
    Additive,
    Dot,
    General,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub attention: Attn,
    pub cell: Cell,
    pub src_vocab: usize,
    pub tgt_vocab: usize,
    pub embed: usize,
    pub hidden: usize,
}

/// A batch of pairs, time-major and padded: source `(S·B)`, target `(T·B)` with `T` = the
/// longest target + 1 (the EOS step).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    pub b: usize,
    pub s: usize,
    pub t: usize,
    pub src: Vec<u32>,
    pub src_len: Vec<usize>,
    /// Decoder inputs `BOS y₀ … y_{n−1}`, PAD after.
    pub tgt_in: Vec<u32>,
    /// Targets `y₀ … y_{n−1} EOS`, PAD after.
    pub tgt_out: Vec<u32>,
    pub mask: Vec<bool>,
}

impl Batch {
    pub fn new(pairs: &[(&[u32], &[u32])]) -> Batch {
        let b = pairs.len();
        let s = pairs.iter().map(|p| p.0.len()).max().unwrap_or(0).max(1);
        let t = pairs.iter().map(|p| p.1.len()).max().unwrap_or(0) + 1;
        let mut out = Batch {
            b,
            s,
            t,
            src: vec![PAD; s * b],
            src_len: vec![0; b],
            tgt_in: vec![PAD; t * b],
            tgt_out: vec![PAD; t * b],
            mask: vec![false; t * b],
        };
        for (r, (src, tgt)) in pairs.iter().enumerate() {
            out.src_len[r] = src.len();
            for (i, &id) in src.iter().enumerate() {
                out.src[i * b + r] = id;
            }
            for i in 0..=tgt.len() {
                out.tgt_in[i * b + r] = if i == 0 { BOS } else { tgt[i - 1] };
                out.tgt_out[i * b + r] = if i < tgt.len() { tgt[i] } else { EOS };
                out.mask[i * b + r] = true;
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct Net {
    pub shape: Shape,
    pub src_embed: Embedding,
    pub encoder: BiEncoder,
    pub tgt_embed: Embedding,
    pub attention: Option<Attention>,
    pub decoder: StepRecurrent,
    pub combine: Option<Linear>,
    pub out: Linear,
    a: Acts,
}

/// Activations and gradients of the last forward / backward pass (sized for the largest batch).
#[derive(Debug, Clone, Default)]
struct Acts {
    xs: Array2<f32>,      // (S·B, E)
    es: Array2<f32>,      // (T·B, E)
    dec_in: Array2<f32>,  // (B, E + H) additive decoder input [e_t; c_t]
    ctx: Array2<f32>,     // (T·B, H)
    comb_in: Array2<f32>, // (T·B, 2H) Luong [c_t; s_t], additive [s_t; c_t]
    comb: Array2<f32>,    // (T·B, H)
    logits: Array2<f32>,  // (T·B, V)
    dlogits: Array2<f32>, // (T·B, V)
    dtop: Array2<f32>,    // (T·B, H or 2H)
    dcomb: Array2<f32>,   // (T·B, 2H)
    ds: Array2<f32>,      // (T·B, H)
    dk: Array2<f32>,      // (S·B, H)
    dq: Array2<f32>,      // (B, H)
    dx: Array2<f32>,      // (B, E + H)
    des: Array2<f32>,     // (T·B, E)
    dxs: Array2<f32>,     // (S·B, E)
    steps_b: usize,       // rows of the last decode_step
}

fn ensure(a: &mut Array2<f32>, rows: usize, cols: usize) {
    if a.nrows() < rows || a.ncols() != cols {
        *a = Array2::zeros((rows, cols));
    }
}

impl Net {
    /// PyTorch's default init, layer by layer in the order of [`Module::visit`].
    pub fn new(shape: Shape, rng: &mut Rng) -> Self {
        let (e, h) = (shape.embed, shape.hidden);
        let src_embed = Embedding::new("src_embed", shape.src_vocab, e, rng);
        let encoder = BiEncoder::new(shape.cell, e, h, rng);
        let tgt_embed = Embedding::new("tgt_embed", shape.tgt_vocab, e, rng);
        let score = match shape.attention {
            Attn::None => None,
            Attn::Additive => Some(Score::Additive),
            Attn::Dot => Some(Score::Dot),
            Attn::General => Some(Score::General),
        };
        let attention = score.map(|sc| Attention::new("attention", sc, h, h, rng));
        let input = if shape.attention == Attn::Additive { e + h } else { e };
        let decoder = StepRecurrent::new("decoder", 0, shape.cell, input, h, rng);
        let luong = matches!(shape.attention, Attn::Dot | Attn::General);
        let combine = luong.then(|| Linear::new("combine", 2 * h, h, rng));
        let top = if shape.attention == Attn::Additive { 2 * h } else { h };
        let out = Linear::new("out", top, shape.tgt_vocab, rng);
        Net { shape, src_embed, encoder, tgt_embed, attention, decoder, combine, out, a: Acts::default() }
    }

    /// Runs the encoder over a padded source `(S·B)`; returns the decoder's start state. The
    /// encoder's states are then [`Net::keys`].
    pub fn encode(&mut self, src: &[u32], b: usize, lens: &[usize]) -> State {
        let (e, s) = (self.shape.embed, src.len() / b);
        ensure(&mut self.a.xs, s * b, e);
        self.src_embed.forward(src, self.a.xs.slice_mut(s![..s * b, ..]));
        self.encoder.forward(self.a.xs.slice(s![..s * b, ..]), b, lens)
    }

    /// The encoder's states of the last [`Net::encode`], `(S·B, H)`.
    pub fn keys(&self) -> ArrayView2<'_, f32> {
        self.encoder.keys()
    }

    /// Teacher-forced forward pass and loss (mean over the unmasked target tokens), keeping what
    /// [`Net::backward`] needs. The logits are then [`Net::logits`].
    pub fn forward(&mut self, bt: &Batch) -> f64 {
        let (e, h, v) = (self.shape.embed, self.shape.hidden, self.shape.tgt_vocab);
        let (b, t) = (bt.b, bt.t);
        let s0 = self.encode(&bt.src, b, &bt.src_len);
        let a = &mut self.a;
        for (m, r, c) in [(&mut a.es, t * b, e), (&mut a.ctx, t * b, h), (&mut a.comb_in, t * b, 2 * h), (&mut a.comb, t * b, h)] {
            ensure(m, r, c);
        }
        ensure(&mut a.logits, t * b, v);
        ensure(&mut a.dec_in, b, e + h);
        self.tgt_embed.forward(&bt.tgt_in, a.es.slice_mut(s![..t * b, ..]));
        self.decoder.pack();
        self.decoder.start(b, t, &s0, None);
        let keys = self.encoder.keys();
        match (self.shape.attention, self.attention.as_mut()) {
            (Attn::Additive, Some(att)) => {
                att.prepare(keys, b, t, &bt.src_len);
                for i in 0..t {
                    let rows = s![i * b..(i + 1) * b, ..];
                    att.forward_step(i, self.decoder.h(i as isize - 1), keys, a.ctx.slice_mut(rows));
                    a.dec_in.slice_mut(s![..b, ..e]).assign(&a.es.slice(rows));
                    a.dec_in.slice_mut(s![..b, e..]).assign(&a.ctx.slice(rows));
                    self.decoder.step(a.dec_in.slice(s![..b, ..]));
                }
                a.comb_in.slice_mut(s![..t * b, ..h]).assign(&self.decoder.outputs());
                a.comb_in.slice_mut(s![..t * b, h..]).assign(&a.ctx.slice(s![..t * b, ..]));
            }
            (Attn::Dot | Attn::General, Some(att)) => {
                self.decoder.forward_seq(a.es.slice(s![..t * b, ..]));
                att.prepare(keys, b, t, &bt.src_len);
                for i in 0..t {
                    let rows = s![i * b..(i + 1) * b, ..];
                    att.forward_step(i, self.decoder.h(i as isize), keys, a.ctx.slice_mut(rows));
                }
                a.comb_in.slice_mut(s![..t * b, ..h]).assign(&a.ctx.slice(s![..t * b, ..]));
                a.comb_in.slice_mut(s![..t * b, h..]).assign(&self.decoder.outputs());
                let combine = self.combine.as_mut().expect("Luong attention has a combine layer");
                combine.forward(a.comb_in.slice(s![..t * b, ..]), a.comb.slice_mut(s![..t * b, ..]));
                a.comb.slice_mut(s![..t * b, ..]).mapv_inplace(tanh);
            }
            _ => self.decoder.forward_seq(a.es.slice(s![..t * b, ..])),
        }
        let top = match self.shape.attention {
            Attn::Additive => a.comb_in.slice(s![..t * b, ..]),
            Attn::Dot | Attn::General => a.comb.slice(s![..t * b, ..]),
            Attn::None => self.decoder.outputs(),
        };
        self.out.forward(top, a.logits.slice_mut(s![..t * b, ..]));
        // Mean over the real tokens (PyTorch's `ignore_index`): the helper divides by every row,
        // so both the loss and its gradient are rescaled by rows / tokens.
        ensure(&mut a.dlogits, t * b, v);
        let tokens = bt.mask.iter().filter(|&&m| m).count().max(1);
        let scale = (t * b) as f64 / tokens as f64;
        let loss =
            softmax_cross_entropy(a.logits.slice(s![..t * b, ..]), &bt.tgt_out, Some(&bt.mask), Some(a.dlogits.slice_mut(s![..t * b, ..])));
        a.dlogits.slice_mut(s![..t * b, ..]).mapv_inplace(|g| g * scale as f32);
        loss * scale
    }

    /// The logits of the last forward pass, `(T·B, V_t)`.
    pub fn logits(&self, bt: &Batch) -> ArrayView2<'_, f32> {
        self.a.logits.slice(s![..bt.t * bt.b, ..])
    }

    /// Backward through the last [`Net::forward`] on `bt`, adding every parameter gradient.
    pub fn backward(&mut self, bt: &Batch) {
        let (e, h, cell) = (self.shape.embed, self.shape.hidden, self.shape.cell);
        let (b, s, t) = (bt.b, bt.s, bt.t);
        let a = &mut self.a;
        let top_w = self.out.input_size();
        for (m, r, c) in [
            (&mut a.dtop, t * b, top_w),
            (&mut a.dcomb, t * b, 2 * h),
            (&mut a.ds, t * b, h),
            (&mut a.dk, s * b, h),
            (&mut a.dq, b, h),
            (&mut a.dx, b, e + h),
            (&mut a.des, t * b, e),
            (&mut a.dxs, s * b, e),
        ] {
            ensure(m, r, c);
        }
        let top = match self.shape.attention {
            Attn::Additive => a.comb_in.slice(s![..t * b, ..]),
            Attn::Dot | Attn::General => a.comb.slice(s![..t * b, ..]),
            Attn::None => self.decoder.outputs(),
        };
        self.out.backward(top, a.dlogits.slice(s![..t * b, ..]), Some(a.dtop.slice_mut(s![..t * b, ..])), false);
        a.dk.fill(0.0);
        let mut d0 = State::zeros(cell, b, h);
        let keys = self.encoder.keys();
        match (self.shape.attention, self.attention.as_mut()) {
            (Attn::Additive, Some(att)) => {
                a.ds.slice_mut(s![..t * b, ..]).assign(&a.dtop.slice(s![..t * b, ..h]));
                self.decoder.backward_start(None);
                att.backward_start(t);
                for i in (0..t).rev() {
                    let rows = s![i * b..(i + 1) * b, ..];
                    self.decoder.backward_step(i, a.ds.slice(rows), a.dx.slice_mut(s![..b, ..]));
                    a.des.slice_mut(rows).assign(&a.dx.slice(s![..b, ..e]));
                    // c_t reaches the loss through the decoder input and the output layer.
                    let mut dc = a.dx.slice_mut(s![..b, e..]);
                    dc += &a.dtop.slice(s![i * b..(i + 1) * b, h..]);
                    att.backward_step(i, keys, a.dx.slice(s![..b, e..]), a.dq.slice_mut(s![..b, ..]), a.dk.slice_mut(s![..s * b, ..]));
                    if i > 0 {
                        let mut prev = a.ds.slice_mut(s![(i - 1) * b..i * b, ..]);
                        prev += &a.dq.slice(s![..b, ..]);
                    }
                }
                self.decoder.backward_finish(Some(&mut d0));
                d0.h += &a.dq.slice(s![..b, ..]);
                att.backward_finish(t, keys, a.dk.slice_mut(s![..s * b, ..]));
            }
            (Attn::Dot | Attn::General, Some(att)) => {
                // tanh' = 1 − tanh²
                let mut dpre = a.dtop.slice_mut(s![..t * b, ..]);
                dpre.zip_mut_with(&a.comb.slice(s![..t * b, ..]), |g, &y| *g *= 1.0 - y * y);
                let combine = self.combine.as_mut().expect("Luong attention has a combine layer");
                combine.backward(
                    a.comb_in.slice(s![..t * b, ..]),
                    a.dtop.slice(s![..t * b, ..]),
                    Some(a.dcomb.slice_mut(s![..t * b, ..])),
                    false,
                );
                att.backward_start(t);
                for i in 0..t {
                    let rows = s![i * b..(i + 1) * b, ..];
                    att.backward_step(
                        i,
                        keys,
                        a.dcomb.slice(s![i * b..(i + 1) * b, ..h]),
                        a.ds.slice_mut(rows),
                        a.dk.slice_mut(s![..s * b, ..]),
                    );
                }
                let mut ds = a.ds.slice_mut(s![..t * b, ..]);
                ds += &a.dcomb.slice(s![..t * b, h..]);
                att.backward_finish(t, keys, a.dk.slice_mut(s![..s * b, ..]));
                self.decoder.backward_seq(a.ds.slice(s![..t * b, ..]), a.des.slice_mut(s![..t * b, ..]), None, Some(&mut d0));
            }
            _ => self.decoder.backward_seq(a.dtop.slice(s![..t * b, ..]), a.des.slice_mut(s![..t * b, ..]), None, Some(&mut d0)),
        }
        self.tgt_embed.backward(&bt.tgt_in, a.des.slice(s![..t * b, ..]));
        self.encoder.backward(a.dk.slice(s![..s * b, ..]), &d0, a.dxs.slice_mut(s![..s * b, ..]));
        self.src_embed.backward(&bt.src, a.dxs.slice(s![..s * b, ..]));
    }
}

/// Decoding (no backward pass): one step for a batch of rows.
impl Net {
    /// Prepares decoding after [`Net::encode`] of `b` rows with source lengths `lens`: the
    /// attention's key side and every packed weight.
    pub fn start_decoding(&mut self, b: usize, lens: &[usize]) {
        if let Some(att) = self.attention.as_mut() {
            att.prepare(self.encoder.keys(), b, 1, lens);
        }
        self.decoder.pack();
        self.out.pack();
        if let Some(c) = self.combine.as_mut() {
            c.pack();
        }
    }

    /// Feeds the previous tokens `y` (B) from `state` (updated in place). Afterwards
    /// [`Net::step_logits`] holds the next-token logits (B, V_t), [`Net::step_context`] the
    /// context vectors (B, H) and [`Net::step_alpha`] the attention weights (B, S).
    pub fn decode_step(&mut self, y: &[u32], state: &mut State) {
        let (e, h, v) = (self.shape.embed, self.shape.hidden, self.shape.tgt_vocab);
        let b = y.len();
        let a = &mut self.a;
        for (m, r, c) in [
            (&mut a.es, b, e),
            (&mut a.ctx, b, h),
            (&mut a.comb_in, b, 2 * h),
            (&mut a.comb, b, h),
            (&mut a.logits, b, v),
            (&mut a.dec_in, b, e + h),
        ] {
            ensure(m, r, c);
        }
        self.tgt_embed.forward(y, a.es.slice_mut(s![..b, ..]));
        self.decoder.start(b, 1, state, None);
        let keys = self.encoder.keys();
        match (self.shape.attention, self.attention.as_mut()) {
            (Attn::Additive, Some(att)) => {
                att.forward_step(0, state.h.view(), keys, a.ctx.slice_mut(s![..b, ..]));
                a.dec_in.slice_mut(s![..b, ..e]).assign(&a.es.slice(s![..b, ..]));
                a.dec_in.slice_mut(s![..b, e..]).assign(&a.ctx.slice(s![..b, ..]));
                self.decoder.step(a.dec_in.slice(s![..b, ..]));
            }
            (Attn::Dot | Attn::General, Some(att)) => {
                self.decoder.step(a.es.slice(s![..b, ..]));
                att.forward_step(0, self.decoder.h(0), keys, a.ctx.slice_mut(s![..b, ..]));
                a.comb_in.slice_mut(s![..b, ..h]).assign(&a.ctx.slice(s![..b, ..]));
                a.comb_in.slice_mut(s![..b, h..]).assign(&self.decoder.h(0));
                let combine = self.combine.as_mut().expect("Luong attention has a combine layer");
                combine.forward_packed(a.comb_in.slice(s![..b, ..]), a.comb.slice_mut(s![..b, ..]));
                a.comb.slice_mut(s![..b, ..]).mapv_inplace(tanh);
            }
            _ => {
                self.decoder.step(a.es.slice(s![..b, ..]));
            }
        }
        *state = self.decoder.state();
        if self.shape.attention == Attn::Additive {
            a.comb_in.slice_mut(s![..b, ..h]).assign(&self.decoder.h(0));
            a.comb_in.slice_mut(s![..b, h..]).assign(&a.ctx.slice(s![..b, ..]));
        }
        let top = match self.shape.attention {
            Attn::Additive => a.comb_in.slice(s![..b, ..]),
            Attn::Dot | Attn::General => a.comb.slice(s![..b, ..]),
            Attn::None => self.decoder.h(0),
        };
        self.out.forward_packed(top, a.logits.slice_mut(s![..b, ..]));
        self.a.steps_b = b;
    }

    pub fn step_logits(&self) -> ArrayView2<'_, f32> {
        self.a.logits.slice(s![..self.a.steps_b, ..])
    }
    pub fn step_context(&self) -> ArrayView2<'_, f32> {
        self.a.ctx.slice(s![..self.a.steps_b, ..])
    }
    /// None without attention.
    pub fn step_alpha(&self) -> Option<ArrayView2<'_, f32>> {
        self.attention.as_ref().map(|att| att.alpha(0))
    }
}

impl Module for Net {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        self.src_embed.visit(f);
        self.encoder.visit(f);
        self.tgt_embed.visit(f);
        if let Some(att) = &mut self.attention {
            att.visit(f);
        }
        self.decoder.visit(f);
        if let Some(c) = &mut self.combine {
            c.visit(f);
        }
        self.out.visit(f);
    }
}
