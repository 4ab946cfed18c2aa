//! The encoder–decoder network (Sutskever et al. 2014; Cho et al. 2014) with optional attention,
//! forward and backward with teacher forcing, on [`crate::nn`]'s layers. Parameter names are
//! those of the PyTorch model in `scripts/goldens/make_seq2seq_golden.py`:
//!
//! ```text
//! encoder   x = src_embed(src)                        (S·B, E)   src_embed.weight (V_s, E)
//!           h_s = [→h_s; ←h_s] additive/general (S·B, 2H),  →h_s + ←h_s dot (S·B, H)
//!                                                                encoder.{weight,bias}_{ih,hh}_l0[_reverse]
//!           s₋₁ = →h_{len−1} + ←h_0                    (B, H)     (see encoder.rs)
//! decoder   e_t = tgt_embed(y_{t−1})  (y₋₁ = BOS)     (T·B, E)   tgt_embed.weight (V_t, E)
//!  none     s_t = rnn(e_t, s_{t−1});                  top_t = s_t
//!  additive α_t = attn(s_{t−1}, h);  c_t = Σ_s α_ts x_s;  s_t = rnn([e_t; c_t], s_{t−1});  top_t = [s_t; c_t]
//!  dot/gen. s_t = rnn(e_t, s_{t−1});  α_t = attn(s_t, h);  c_t = Σ_s α_ts x_s;  top_t = tanh(combine([c_t; s_t]))
//!                                                                combine.weight (H, E + H)
//! logits    out(top)                                  (T·B, V_t) out.weight (V_t, H + E or H), out.bias
//! loss      mean cross-entropy over the target tokens that are not padding
//! ```
//! Additive attention is Bahdanau's model (bidirectional encoder, concatenated annotations
//! scored with `vᵀ tanh(W s_{t−1} + U h_s)`, the context fed into the decoder's input, and his
//! "deep output" `t_i(s_i, y_{i−1}, c_i)` reduced to the output layer on `[s_t; c_t]`), with one
//! change: the context is the weighted sum of the source embeddings x_s, not of the annotations
//! h_s (the annotations say *where* to read, the embeddings *what*: keys and values apart, as
//! in key–value attention, Daniluk et al. 2017, and the Transformer). Why: an annotation holds
//! its neighbours too (→h_{s+1} has read x_s one step before), so with c_t = Σ α h_s reading one
//! position late copies x_s just as well, and training has no reason to prefer the exact
//! position. Measured on "reverse" (lengths 4–10, 20 symbols, the page's defaults; native, held-out
//! pairs, every 100 steps up to 700–800; `cargo run --release --example seq2seq_quality`): with
//! the annotations as values the attention argmax lay on the anti-diagonal for 85–97 % of output
//! steps (summed, seeds 1–2), 79–98 % (concatenated), 67–99 % (summed with x_s appended), the
//! share drifting as training went on and almost every miss one position late; with the
//! embeddings as values, 82–99 % (summed keys, seeds 1–4) and 92–99.6 % from step 200 on
//! (concatenated keys, seeds 1–6; the misses still one late: α split between s and s + 1, where
//! the decoder, having just written x_{s+1}, can discount it). The last is kept. Through the JS
//! API (`node benches/seq2seq/seeds.mjs`, seeds 1–10): 95 % held-out exact match at steps
//! 100–200, the argmax then on the anti-diagonal for 98.2–99.8 % of output steps; dates and Korean
//! → English train as well as before (native, seed 1: dates 99.3 % held-out at step 200, Korean →
//! English 100 % at step 100).
//!
//! Luong's models (dot `s_tᵀ h_s`, general `s_tᵀ W h_s`) get the same keys/values split: they
//! score the annotations and read the source embeddings, c_t = Σ α x_s, so `combine` sees
//! [c_t; s_t] of width E + H. Luong's own model reads the encoder's top-layer states h_s; the
//! split is the change made above for the same reason (an annotation also holds its
//! neighbours). Keys: general's W (H × 2H) takes the concatenated annotations as Bahdanau's
//! score does; dot compares h_s with the H-wide decoder state directly, so for dot the two
//! directions are summed (H wide). Measured on "reverse": benches/README.md.
//!
//! The backward pass runs the same chain in reverse. For additive attention the decoder is
//! walked back step by step: ∂L/∂s_{t−1} gathers the output layer's share, the recurrence's, and
//! the attention query's of step t; the context's gradient ∂L/∂c_t (from the decoder input and
//! the output layer) goes into that step's attention, whose value-side gradient goes to x_s and
//! whose score-side gradient to the annotations h_s.

use super::encoder::{BiEncoder, Join};
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
    /// The values the attention reads: the source embeddings x_s (true) or the keys.
    pub embed_values: bool,
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
    dv: Array2<f32>,      // (S·B, E) ∂L/∂x_s as values
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
        // Every attention scores annotations and reads the source embeddings (see the module
        // doc): concatenated annotations [→h; ←h] (additive, general: W maps them to the query's
        // width), summed ones for dot (its score needs keys as wide as the decoder state).
        let reads = shape.attention != Attn::None;
        let join = if matches!(shape.attention, Attn::Additive | Attn::General) { Join::Concat } else { Join::Sum };
        let k = if reads { e } else { join.width(h) };
        let encoder = BiEncoder::new(shape.cell, e, h, join, rng);
        let tgt_embed = Embedding::new("tgt_embed", shape.tgt_vocab, e, rng);
        let score = match shape.attention {
            Attn::None => None,
            Attn::Additive => Some(Score::Additive),
            Attn::Dot => Some(Score::Dot),
            Attn::General => Some(Score::General),
        };
        let attention = score.map(|sc| Attention::new("attention", sc, h, join.width(h), rng));
        let input = if shape.attention == Attn::Additive { e + k } else { e };
        let decoder = StepRecurrent::new("decoder", 0, shape.cell, input, h, rng);
        let luong = matches!(shape.attention, Attn::Dot | Attn::General);
        let combine = luong.then(|| Linear::new("combine", k + h, h, rng));
        let top = if shape.attention == Attn::Additive { h + k } else { h };
        let out = Linear::new("out", top, shape.tgt_vocab, rng);
        Net { shape, src_embed, encoder, tgt_embed, attention, decoder, combine, out, embed_values: reads, a: Acts::default() }
    }

    /// Width of the values the attention reads (and of the context vector).
    pub fn value_width(&self) -> usize {
        if self.embed_values {
            self.shape.embed
        } else {
            self.encoder.join.width(self.shape.hidden)
        }
    }

    /// The values of the last [`Net::encode`], `(S·B, width)`.
    pub fn values(&self) -> ArrayView2<'_, f32> {
        if self.embed_values {
            self.a.xs.slice(s![..self.encoder.keys().nrows(), ..])
        } else {
            self.encoder.keys()
        }
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
        let (e, h, v, k) = (self.shape.embed, self.shape.hidden, self.shape.tgt_vocab, self.value_width());
        let (b, t) = (bt.b, bt.t);
        let s0 = self.encode(&bt.src, b, &bt.src_len);
        let a = &mut self.a;
        for (m, r, c) in [(&mut a.es, t * b, e), (&mut a.ctx, t * b, k), (&mut a.comb_in, t * b, h + k), (&mut a.comb, t * b, h)] {
            ensure(m, r, c);
        }
        ensure(&mut a.logits, t * b, v);
        ensure(&mut a.dec_in, b, e + k);
        self.tgt_embed.forward(&bt.tgt_in, a.es.slice_mut(s![..t * b, ..]));
        self.decoder.pack();
        self.decoder.start(b, t, &s0, None);
        let keys = self.encoder.keys();
        let vals = if self.embed_values { a.xs.slice(s![..keys.nrows(), ..]) } else { keys };
        match (self.shape.attention, self.attention.as_mut()) {
            (Attn::Additive, Some(att)) => {
                att.prepare(keys, b, t, &bt.src_len);
                for i in 0..t {
                    let rows = s![i * b..(i + 1) * b, ..];
                    att.forward_step(i, self.decoder.h(i as isize - 1), keys, vals, a.ctx.slice_mut(rows));
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
                    att.forward_step(i, self.decoder.h(i as isize), keys, vals, a.ctx.slice_mut(rows));
                }
                a.comb_in.slice_mut(s![..t * b, ..k]).assign(&a.ctx.slice(s![..t * b, ..]));
                a.comb_in.slice_mut(s![..t * b, k..]).assign(&self.decoder.outputs());
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
        let (e, h, cell, k) = (self.shape.embed, self.shape.hidden, self.shape.cell, self.value_width());
        let (b, s, t) = (bt.b, bt.s, bt.t);
        let a = &mut self.a;
        let top_w = self.out.input_size();
        for (m, r, c) in [
            (&mut a.dtop, t * b, top_w),
            (&mut a.dcomb, t * b, h + k),
            (&mut a.ds, t * b, h),
            (&mut a.dk, s * b, self.encoder.join.width(h)),
            (&mut a.dq, b, h),
            (&mut a.dx, b, e + k),
            (&mut a.des, t * b, e),
            (&mut a.dxs, s * b, e),
            (&mut a.dv, s * b, e),
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
        let ev = self.embed_values;
        let vals = if ev { a.xs.slice(s![..s * b, ..]) } else { keys };
        a.dv.fill(0.0);
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
                    att.backward_step(
                        i,
                        keys,
                        vals,
                        a.dx.slice(s![..b, e..]),
                        a.dq.slice_mut(s![..b, ..]),
                        a.dk.slice_mut(s![..s * b, ..]),
                        ev.then(|| a.dv.slice_mut(s![..s * b, ..])),
                    );
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
                        vals,
                        a.dcomb.slice(s![i * b..(i + 1) * b, ..k]),
                        a.ds.slice_mut(rows),
                        a.dk.slice_mut(s![..s * b, ..]),
                        ev.then(|| a.dv.slice_mut(s![..s * b, ..])),
                    );
                }
                let mut ds = a.ds.slice_mut(s![..t * b, ..]);
                ds += &a.dcomb.slice(s![..t * b, k..]);
                att.backward_finish(t, keys, a.dk.slice_mut(s![..s * b, ..]));
                self.decoder.backward_seq(a.ds.slice(s![..t * b, ..]), a.des.slice_mut(s![..t * b, ..]), None, Some(&mut d0));
            }
            _ => self.decoder.backward_seq(a.dtop.slice(s![..t * b, ..]), a.des.slice_mut(s![..t * b, ..]), None, Some(&mut d0)),
        }
        self.tgt_embed.backward(&bt.tgt_in, a.des.slice(s![..t * b, ..]));
        self.encoder.backward(a.dk.slice(s![..s * b, ..]), &d0, a.dxs.slice_mut(s![..s * b, ..]));
        if ev {
            let mut dxs = a.dxs.slice_mut(s![..s * b, ..]);
            dxs += &a.dv.slice(s![..s * b, ..]);
        }
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
        let (e, h, v, k) = (self.shape.embed, self.shape.hidden, self.shape.tgt_vocab, self.value_width());
        let b = y.len();
        let a = &mut self.a;
        for (m, r, c) in [
            (&mut a.es, b, e),
            (&mut a.ctx, b, k),
            (&mut a.comb_in, b, h + k),
            (&mut a.comb, b, h),
            (&mut a.logits, b, v),
            (&mut a.dec_in, b, e + k),
        ] {
            ensure(m, r, c);
        }
        self.tgt_embed.forward(y, a.es.slice_mut(s![..b, ..]));
        self.decoder.start(b, 1, state, None);
        let keys = self.encoder.keys();
        let vals = if self.embed_values { a.xs.slice(s![..keys.nrows(), ..]) } else { keys };
        match (self.shape.attention, self.attention.as_mut()) {
            (Attn::Additive, Some(att)) => {
                att.forward_step(0, state.h.view(), keys, vals, a.ctx.slice_mut(s![..b, ..]));
                a.dec_in.slice_mut(s![..b, ..e]).assign(&a.es.slice(s![..b, ..]));
                a.dec_in.slice_mut(s![..b, e..]).assign(&a.ctx.slice(s![..b, ..]));
                self.decoder.step(a.dec_in.slice(s![..b, ..]));
            }
            (Attn::Dot | Attn::General, Some(att)) => {
                self.decoder.step(a.es.slice(s![..b, ..]));
                att.forward_step(0, self.decoder.h(0), keys, vals, a.ctx.slice_mut(s![..b, ..]));
                a.comb_in.slice_mut(s![..b, ..k]).assign(&a.ctx.slice(s![..b, ..]));
                a.comb_in.slice_mut(s![..b, k..]).assign(&self.decoder.h(0));
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
