//! The bidirectional encoder (Bahdanau et al. 2015, §3.2; Schuster & Paliwal 1997): one
//! recurrent layer reads the source left to right, another right to left, and the annotation of
//! position s joins both, so it is centred on token s (both directions read x_s last): Bahdanau
//! concatenates them ([`Join::Concat`], additive and general attention); Luong's dot score
//! compares the annotations with the decoder's H-wide state, so for `dot` they are summed
//! ([`Join::Sum`], as PyTorch's chatbot tutorial does).
//!
//! ```text
//! →h_s = rnn→(x_s, →h_{s−1})            ←h_s = rnn←(x_s, ←h_{s+1}), starting at each row's last token
//! h_s = [→h_s; ←h_s] (S·B, 2H) or →h_s + ←h_s (S·B, H)
//! s₋₁ = →h_{len−1} + ←h_0   (the decoder's start state)
//! ```
//! The right-to-left layer runs over each row reversed within its own length (row b, step t reads
//! position len_b − 1 − t; steps past len_b are frozen), which is what PyTorch's
//! `nn.GRU(bidirectional=True)` over a `pack_padded_sequence` does. Parameter names are PyTorch's:
//! `encoder.*_l0` and `encoder.*_l0_reverse`.

use crate::nn::param::{Module, ParamMut};
use crate::nn::recurrent::{Cell, State};
use crate::nn::stepwise::StepRecurrent;
use crate::rng::Rng;
use ndarray::{s, Array2, ArrayView2, ArrayViewMut2};

/// How the two directions make an annotation h_s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// `[→h_s; ←h_s]` (2H), Bahdanau's.
    Concat,
    /// `→h_s + ←h_s` (H), so dot attention can compare it with an H-wide decoder state.
    Sum,
}

impl Join {
    /// The annotations' width for hidden size `hidden`.
    pub fn width(self, hidden: usize) -> usize {
        match self {
            Join::Concat => 2 * hidden,
            Join::Sum => hidden,
        }
    }
}

#[derive(Debug, Clone)]
pub struct BiEncoder {
    pub fwd: StepRecurrent,
    pub bwd: StepRecurrent,
    pub join: Join,
    xr: Array2<f32>,   // (S·B, E) the inputs, each row reversed within its length
    keys: Array2<f32>, // (S·B, 2H or H)
    df: Array2<f32>,   // (S·B, H) ∂L/∂→h
    dr: Array2<f32>,   // (S·B, H) ∂L/∂←h, in the reversed order
    dxr: Array2<f32>,  // (S·B, E)
    /// `rev[t·B + b]` = the source row read by the right-to-left layer at step t (None: frozen).
    rev: Vec<Option<usize>>,
    rows: usize,
}

fn ensure(a: &mut Array2<f32>, rows: usize, cols: usize) {
    if a.nrows() < rows || a.ncols() != cols {
        *a = Array2::zeros((rows, cols));
    }
}

impl BiEncoder {
    /// PyTorch's init order: every forward-direction tensor, then every reverse one.
    pub fn new(cell: Cell, input: usize, hidden: usize, join: Join, rng: &mut Rng) -> Self {
        let fwd = StepRecurrent::new("encoder", 0, cell, input, hidden, rng);
        let mut bwd = StepRecurrent::new("encoder", 0, cell, input, hidden, rng);
        for p in [&mut bwd.w_ih.name, &mut bwd.w_hh.name] {
            p.push_str("_reverse");
        }
        for p in [&mut bwd.b_ih.name, &mut bwd.b_hh.name] {
            p.push_str("_reverse");
        }
        BiEncoder {
            fwd,
            bwd,
            join,
            df: Array2::zeros((0, 0)),
            xr: Array2::zeros((0, 0)),
            keys: Array2::zeros((0, 0)),
            dr: Array2::zeros((0, 0)),
            dxr: Array2::zeros((0, 0)),
            rev: Vec::new(),
            rows: 0,
        }
    }

    /// Encodes `x` (S·B, E) with row lengths `lens`; returns the decoder's start state. The keys
    /// are then [`BiEncoder::keys`].
    pub fn forward(&mut self, x: ArrayView2<f32>, b: usize, lens: &[usize]) -> State {
        let (rows, e, h, cell) = (x.nrows(), x.ncols(), self.fwd.hidden, self.fwd.cell);
        let s = rows / b;
        self.rows = rows;
        ensure(&mut self.xr, rows, e);
        ensure(&mut self.keys, rows, self.join.width(h));
        self.rev.clear();
        for t in 0..s {
            for (r, &len) in lens.iter().enumerate() {
                self.rev.push((t < len).then(|| (len - 1 - t) * b + r));
            }
        }
        for (i, src) in self.rev.iter().enumerate() {
            match src {
                Some(j) => self.xr.row_mut(i).assign(&x.row(*j)),
                None => self.xr.row_mut(i).fill(0.0),
            }
        }
        let zero = State::zeros(cell, b, h);
        self.fwd.pack();
        self.fwd.start(b, s, &zero, Some(lens));
        self.fwd.forward_seq(x);
        self.bwd.pack();
        self.bwd.start(b, s, &zero, Some(lens));
        self.bwd.forward_seq(self.xr.slice(s![..rows, ..]));
        // k = [→h; ←h] or →h + ←h (past a row's length: →h frozen, ←h zero; never read, masked).
        let back_at = if self.join == Join::Concat { h } else { 0 };
        self.keys.slice_mut(s![..rows, ..h]).assign(&self.fwd.outputs());
        if self.join == Join::Concat {
            self.keys.slice_mut(s![..rows, h..2 * h]).fill(0.0);
        }
        let back = self.bwd.outputs();
        for (i, src) in self.rev.iter().enumerate() {
            if let Some(j) = src {
                let mut k = self.keys.slice_mut(s![*j, back_at..back_at + h]);
                k += &back.row(i);
            }
        }
        let (f, r) = (self.fwd.state(), self.bwd.state());
        State { h: f.h + r.h, c: f.c + r.c }
    }

    /// The keys of the last forward pass, `(S·B, K)`.
    pub fn keys(&self) -> ArrayView2<'_, f32> {
        self.keys.slice(s![..self.rows, ..])
    }

    /// Backward: `dk` (S·B, K) = ∂L/∂k, `d0` = ∂L/∂s₋₁; writes `dx` (S·B, E).
    pub fn backward(&mut self, dk: ArrayView2<f32>, d0: &State, mut dx: ArrayViewMut2<f32>) {
        let (rows, e, h) = (self.rows, self.xr.ncols(), self.fwd.hidden);
        let back_at = if self.join == Join::Concat { h } else { 0 };
        ensure(&mut self.df, rows, h);
        ensure(&mut self.dr, rows, h);
        ensure(&mut self.dxr, rows, e);
        self.df.slice_mut(s![..rows, ..]).assign(&dk.slice(s![.., ..h]));
        for (i, src) in self.rev.iter().enumerate() {
            match src {
                Some(j) => self.dr.row_mut(i).assign(&dk.slice(s![*j, back_at..back_at + h])),
                None => self.dr.row_mut(i).fill(0.0),
            }
        }
        self.fwd.backward_seq(self.df.slice(s![..rows, ..]), dx.view_mut(), Some(d0), None);
        self.bwd.backward_seq(self.dr.slice(s![..rows, ..]), self.dxr.slice_mut(s![..rows, ..]), Some(d0), None);
        for (i, src) in self.rev.iter().enumerate() {
            if let Some(j) = src {
                let mut d = dx.row_mut(*j);
                d += &self.dxr.row(i);
            }
        }
    }
}

impl Module for BiEncoder {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        self.fwd.visit(f);
        self.bwd.visit(f);
    }
}
