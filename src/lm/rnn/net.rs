//! The recurrent language model's network, as PyTorch's `word_language_model` example builds it
//! (pytorch/examples `word_language_model/model.py`, `RNNModel`), with the same parameter names:
//!
//! ```text
//! x₀ = dropout(encoder(ids))                 (T·B, E)    encoder.weight (V, E)
//! for l = 0 … L−1:  h_l = rnn_l(x_l, state_l)  (T·B, H)    rnn.{weight,bias}_{ih,hh}_l{l}
//!                   x_{l+1} = dropout(h_l)
//! logits = x_L · Wᵀ + b                      (T·B, V)    decoder.weight (V, H), decoder.bias
//! loss = mean cross-entropy(logits, next ids)
//! ```
//! (`nn.GRU(dropout=p)` drops between layers and the example drops the embedding and the top
//! output: one dropout after the embedding and after every layer.) Activations live here, sized
//! for the longest chunk seen and reused; backward runs the chain in reverse through
//! [`crate::nn`]'s layers.

use crate::nn::linear::{Embedding, Linear};
use crate::nn::loss::{softmax_cross_entropy, Dropout};
use crate::nn::param::{Module, ParamMut};
use crate::nn::recurrent::{Cell, Recurrent, State};
use crate::rng::Rng;
use ndarray::{s, Array2, ArrayViewMut2};

/// The shape of a network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub cell: Cell,
    pub vocab: usize,
    pub embed: usize,
    pub hidden: usize,
    pub layers: usize,
    pub dropout: f32,
}

#[derive(Debug, Clone)]
pub struct Net {
    pub shape: Shape,
    pub encoder: Embedding,
    pub rnn: Vec<Recurrent>,
    pub decoder: Linear,
    drop: Vec<Dropout>,
    /// `xs[l]`: input of layer l (after dropout); `xs[L]` the decoder's input.
    xs: Vec<Array2<f32>>,
    /// `hs[l]`: raw output of layer l (the recurrence reads these back in its backward pass).
    hs: Vec<Array2<f32>>,
    /// `dxs[l]`: ∂L/∂xs[l].
    dxs: Vec<Array2<f32>>,
    logits: Array2<f32>,
    dlogits: Array2<f32>,
    rows: usize,
    batch: usize,
    /// Whether the last forward pass dropped units (its masks then apply in backward).
    dropped: bool,
    /// Whether the first layer may take its input projections from the embedding table
    /// ([`Recurrent::forward_embedded`]; on by default). Off when [`Net::input_grad`] is wanted:
    /// the folded pass sends the gradient straight into the embedding's rows.
    pub fold_input: bool,
    /// Whether the last forward pass did so.
    folded: bool,
}

fn ensure(a: &mut Array2<f32>, rows: usize, cols: usize) {
    if a.nrows() < rows || a.ncols() != cols {
        *a = Array2::zeros((rows, cols));
    }
}

impl Net {
    /// PyTorch's default init for every layer (`nn.Embedding` N(0, 1), the rest ±1/√fan_in).
    pub fn new(shape: Shape, rng: &mut Rng) -> Self {
        let encoder = Embedding::new("encoder", shape.vocab, shape.embed, rng);
        let rnn = (0..shape.layers)
            .map(|l| Recurrent::new("rnn", l, shape.cell, if l == 0 { shape.embed } else { shape.hidden }, shape.hidden, rng))
            .collect();
        let decoder = Linear::new("decoder", shape.hidden, shape.vocab, rng);
        let n = shape.layers;
        Net {
            shape,
            encoder,
            rnn,
            decoder,
            drop: (0..=n).map(|_| Dropout::new(shape.dropout)).collect(),
            xs: vec![Array2::zeros((0, 0)); n + 1],
            hs: vec![Array2::zeros((0, 0)); n],
            dxs: vec![Array2::zeros((0, 0)); n + 1],
            logits: Array2::zeros((0, 0)),
            dlogits: Array2::zeros((0, 0)),
            rows: 0,
            batch: 0,
            dropped: false,
            fold_input: true,
            folded: false,
        }
    }

    /// A zero state per layer for `batch` streams.
    pub fn zero_state(&self, batch: usize) -> Vec<State> {
        (0..self.shape.layers).map(|_| State::zeros(self.shape.cell, batch, self.shape.hidden)).collect()
    }

    /// Runs `ids` (T·B, time-major) from `state` (left at the last step). `rng` = Some while
    /// training (dropout on), None to evaluate. The logits are then in [`Net::logits`].
    pub fn forward(&mut self, ids: &[u32], batch: usize, state: &mut [State], rng: Option<&mut Rng>) {
        let (sh, rows) = (self.shape, ids.len());
        (self.rows, self.batch) = (rows, batch);
        ensure(&mut self.xs[0], rows, sh.embed);
        for l in 0..sh.layers {
            ensure(&mut self.xs[l + 1], rows, sh.hidden);
            ensure(&mut self.hs[l], rows, sh.hidden);
        }
        ensure(&mut self.logits, rows, sh.vocab);
        let mut rng = rng;
        self.dropped = rng.is_some() && sh.dropout > 0.0;
        // With no dropout on the embedding and fewer vocabulary rows than tokens, layer 0 projects
        // the V table rows once instead of the T·B looked-up rows (for issue 10's benchmark, 64
        // rows instead of 512: a sixth of an LSTM step's multiply–adds); bit-identical outputs.
        self.folded = self.fold_input && !self.dropped && sh.vocab < rows;
        if !self.folded {
            self.encoder.forward(ids, self.xs[0].slice_mut(s![..rows, ..]));
            if let Some(r) = rng.as_deref_mut() {
                self.drop[0].forward(self.xs[0].slice_mut(s![..rows, ..]), r);
            }
        }
        for l in 0..sh.layers {
            let (lo, hi) = self.xs.split_at_mut(l + 1);
            let out = self.hs[l].slice_mut(s![..rows, ..]);
            if l == 0 && self.folded {
                self.rnn[0].forward_embedded(self.encoder.weight.value.view(), ids, batch, &mut state[0], out);
            } else {
                self.rnn[l].forward(lo[l].slice(s![..rows, ..]), batch, &mut state[l], out);
            }
            hi[0].slice_mut(s![..rows, ..]).assign(&self.hs[l].slice(s![..rows, ..]));
            if let Some(r) = rng.as_deref_mut() {
                self.drop[l + 1].forward(hi[0].slice_mut(s![..rows, ..]), r);
            }
        }
        self.decoder.forward(self.xs[sh.layers].slice(s![..rows, ..]), self.logits.slice_mut(s![..rows, ..]));
    }

    /// Whether the last forward pass gathered layer 0's input projections from the embedding
    /// table ([`Net::fold_input`]).
    pub fn folded(&self) -> bool {
        self.folded
    }

    /// The logits of the last forward pass, `(T·B, V)`.
    pub fn logits(&self) -> ndarray::ArrayView2<'_, f32> {
        self.logits.slice(s![..self.rows, ..])
    }

    /// The top layer's outputs h_t of the last forward pass, `(T·B, H)` (before dropout).
    pub fn top_hidden(&self) -> ndarray::ArrayView2<'_, f32> {
        self.hs[self.shape.layers - 1].slice(s![..self.rows, ..])
    }

    /// Mean cross-entropy of the last forward pass against `targets` (T·B), keeping the gradient
    /// ∂L/∂logits for [`Net::backward`]. `mask` keeps only some positions (gradient flow).
    pub fn loss(&mut self, targets: &[u32], mask: Option<&[bool]>) -> f64 {
        let rows = self.rows;
        ensure(&mut self.dlogits, rows, self.shape.vocab);
        softmax_cross_entropy(self.logits.slice(s![..rows, ..]), targets, mask, Some(self.dlogits.slice_mut(s![..rows, ..])))
    }

    /// Backward through the last forward pass (its dropout masks, if it dropped), adding every parameter
    /// gradient. `record`, if given, receives ∂L/∂h_t of the top layer (T·B, H); afterwards
    /// [`Net::input_grad`] holds ∂L/∂(embedding output).
    pub fn backward(&mut self, ids: &[u32], record: Option<ArrayViewMut2<f32>>) {
        let (sh, rows) = (self.shape, self.rows);
        ensure(&mut self.dxs[0], rows, sh.embed);
        for l in 1..=sh.layers {
            ensure(&mut self.dxs[l], rows, sh.hidden);
        }
        let top = sh.layers;
        self.decoder.backward(
            self.xs[top].slice(s![..rows, ..]),
            self.dlogits.slice(s![..rows, ..]),
            Some(self.dxs[top].slice_mut(s![..rows, ..])),
            false,
        );
        let mut record = record;
        let dropped = self.dropped;
        for l in (0..sh.layers).rev() {
            if dropped {
                self.drop[l + 1].backward(self.dxs[l + 1].slice_mut(s![..rows, ..]));
            }
            let (lo, hi) = self.dxs.split_at_mut(l + 1);
            let rec = if l + 1 == top { record.take() } else { None };
            if l == 0 && self.folded {
                let e = &mut self.encoder.weight;
                let (hs, d) = (self.hs[0].slice(s![..rows, ..]), hi[0].slice(s![..rows, ..]));
                self.rnn[0].backward_embedded(e.value.view(), ids, e.grad.view_mut(), hs, d, None, rec);
                return; // the embedding's gradient is in place (and a folded pass dropped nothing)
            }
            self.rnn[l].backward(
                self.xs[l].slice(s![..rows, ..]),
                self.hs[l].slice(s![..rows, ..]),
                hi[0].slice(s![..rows, ..]),
                Some(lo[l].slice_mut(s![..rows, ..])),
                None,
                rec,
            );
        }
        if dropped {
            self.drop[0].backward(self.dxs[0].slice_mut(s![..rows, ..]));
        }
        self.encoder.backward(ids, self.dxs[0].slice(s![..rows, ..]));
    }

    /// ∂L/∂(embedded input) of the last backward pass, `(T·B, E)` (set [`Net::fold_input`]
    /// off before that pass's forward).
    pub fn input_grad(&self) -> ndarray::ArrayView2<'_, f32> {
        assert!(!self.folded, "input_grad needs fold_input off");
        self.dxs[0].slice(s![..self.rows, ..])
    }
}

impl Module for Net {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        self.encoder.visit(f);
        for l in &mut self.rnn {
            l.visit(f);
        }
        self.decoder.visit(f);
    }
}
