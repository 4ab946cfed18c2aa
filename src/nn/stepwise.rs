//! A recurrent layer (`torch.nn.RNN` / `GRU` / `LSTM`, one layer) driven **one step at a time**,
//! for networks whose input at step t is known only after step t − 1 (a decoder that feeds back
//! its attention context, Bahdanau et al. 2015; decoding token by token), and with per-row
//! sequence lengths (an encoder over a padded batch). Same parameters, names, shapes and init as
//! [`super::recurrent::Recurrent`], so weights interchange with PyTorch; the cell math is
//! [`super::cells`].
//!
//! ```text
//! step t:   XP_t (B, G·H) = x_t·W_ihᵀ + b_ih     HP_t = h_{t−1}·W_hhᵀ + b_hh
//!           h_t (and c_t) = cell(XP_t, HP_t, h_{t−1}, c_{t−1})
//!           rows b with t ≥ len_b are frozen: h_t = h_{t−1}, c_t = c_{t−1}
//! ```
//! Freezing is what `pack_padded_sequence` gives in PyTorch: after the last step, row b holds the
//! state at its own last token, `h_{len_b − 1}`. Its gradient passes frozen steps unchanged
//! (`∂h_t/∂h_{t−1} = I`, no gate gradient), so the backward pass stays exact.
//!
//! Backward runs t = T−1 … 0 ([`StepRecurrent::backward_step`]), each step taking the gradient
//! reaching h_t from outside (an output layer, the next step's attention query) and returning
//! ∂L/∂x_t at once, because a caller's earlier steps may need it (a context vector's gradient
//! flows into the attention of the same step). Parameter gradients are formed once at the end,
//! as GEMMs over all steps ([`StepRecurrent::backward_finish`]): `dW_ih += dGxᵀ·X`,
//! `dW_hh += dGhᵀ·[h_{−1}; h_0 … h_{T−2}]`, `db = Σ dG`.

use super::cells;
use super::linear::add_rows;
use super::matmul::{gemm, GemmScratch, Init, PackedB};
use super::param::{init_bound, Module, Param, ParamMut};
use super::recurrent::{Cell, State};
use crate::rng::Rng;
use ndarray::{s, Array2, ArrayView2, ArrayViewMut2, Ix1, Ix2};

/// Layer `l` of a `torch.nn.{RNN,GRU,LSTM}` run step by step (see the module docs).
#[derive(Debug, Clone)]
pub struct StepRecurrent {
    pub cell: Cell,
    pub hidden: usize,
    pub w_ih: Param<Ix2>,
    pub w_hh: Param<Ix2>,
    pub b_ih: Param<Ix1>,
    pub b_hh: Param<Ix1>,
    c: Caches,
}

/// Activations of the steps taken since [`StepRecurrent::start`] (rows `..t·B` used), scratch.
#[derive(Debug, Clone, Default)]
struct Caches {
    x: Array2<f32>,   // (T·B, I) inputs
    xp: Array2<f32>,  // (T·B, G·H) input projections
    out: Array2<f32>, // (T·B, H) h_t
    act: Array2<f32>, // (T·B, G·H) gate activations
    aux: Array2<f32>, // (T·B, H) GRU hp_n; LSTM c_t
    tc: Array2<f32>,  // (T·B, H) LSTM tanh(c_t)
    dgh: Array2<f32>, // (T·B, G·H)
    dgx: Array2<f32>, // (T·B, G·H) GRU only
    hp: Array2<f32>,  // (B, G·H)
    dh: Array2<f32>,  // (B, H)
    dhn: Array2<f32>, // (B, H) ∂L/∂h_{t−1} being formed
    dc: Array2<f32>,  // (B, H) LSTM ∂L/∂c
    dc_keep: Vec<f32>,
    frozen: Vec<usize>,
    s0: Option<State>,
    lens: Option<Vec<usize>>,
    wih_t: PackedB,
    whh_t: PackedB,
    wih: PackedB,
    whh: PackedB,
    pack: PackedB,
    scratch: GemmScratch,
    batch: usize,
    steps: usize,
}

fn ensure(a: &mut Array2<f32>, rows: usize, cols: usize) {
    if a.nrows() < rows || a.ncols() != cols {
        *a = Array2::zeros((rows, cols));
    }
}

/// Makes `a` exactly `rows × cols` (the per-step (B, ·) buffers; reallocated only when B changes).
fn exact(a: &mut Array2<f32>, rows: usize, cols: usize) {
    if a.dim() != (rows, cols) {
        *a = Array2::zeros((rows, cols));
    }
}

impl StepRecurrent {
    /// PyTorch's init (every tensor uniform in ±1/√H, drawn in the order w_ih, w_hh, b_ih, b_hh).
    pub fn new(prefix: &str, layer: usize, cell: Cell, input: usize, hidden: usize, rng: &mut Rng) -> Self {
        let (gh, k) = (cell.gates() * hidden, init_bound(hidden));
        let name = |w: &str| format!("{prefix}.{w}_l{layer}");
        StepRecurrent {
            cell,
            hidden,
            w_ih: Param::uniform(name("weight_ih"), (gh, input), k, rng),
            w_hh: Param::uniform(name("weight_hh"), (gh, hidden), k, rng),
            b_ih: Param::uniform(name("bias_ih"), gh, k, rng),
            b_hh: Param::uniform(name("bias_hh"), gh, k, rng),
            c: Caches::default(),
        }
    }

    pub fn input_size(&self) -> usize {
        self.w_ih.value.ncols()
    }

    /// Packs the weights for the forward steps (after every change of the weights).
    pub fn pack(&mut self) {
        self.c.wih_t.pack(self.w_ih.value.t());
        self.c.whh_t.pack(self.w_hh.value.t());
    }

    /// Begins a sequence of at most `max_steps` steps for `batch` rows from `state` (h₋₁, c₋₁).
    /// `lens`: row b stops changing after `lens[b]` steps (None: no row stops). Weights must
    /// have been packed ([`StepRecurrent::pack`]).
    pub fn start(&mut self, batch: usize, max_steps: usize, state: &State, lens: Option<&[usize]>) {
        let (hs, gh, i) = (self.hidden, self.cell.gates() * self.hidden, self.input_size());
        assert!(batch > 0 && state.h.dim() == (batch, hs), "state must be (B, H)");
        let c = &mut self.c;
        let rows = batch * max_steps.max(1);
        for (a, cols) in [(&mut c.x, i), (&mut c.xp, gh), (&mut c.act, gh), (&mut c.out, hs), (&mut c.aux, hs), (&mut c.tc, hs)] {
            ensure(a, rows, cols);
        }
        exact(&mut c.hp, batch, gh);
        c.s0 = Some(state.clone());
        c.lens = lens.map(|l| {
            assert_eq!(l.len(), batch, "one length per row");
            l.to_vec()
        });
        (c.batch, c.steps) = (batch, 0);
    }

    /// Steps taken since [`StepRecurrent::start`].
    pub fn steps(&self) -> usize {
        self.c.steps
    }

    /// One step with input `x` (B, I); returns h_t (B, H).
    pub fn step(&mut self, x: ArrayView2<f32>) -> ArrayView2<'_, f32> {
        let (t, b) = (self.c.steps, self.c.batch);
        assert_eq!(x.nrows(), b, "x must have B rows");
        let c = &mut self.c;
        let b_ih = self.b_ih.value.as_slice().expect("contiguous");
        c.x.slice_mut(s![t * b..(t + 1) * b, ..]).assign(&x);
        gemm(x, &c.wih_t, c.xp.slice_mut(s![t * b..(t + 1) * b, ..]), Init::Bias(b_ih), &mut c.scratch);
        self.advance();
        self.h(self.c.steps as isize - 1)
    }

    /// All steps of a known input sequence `x` (T·B, I) at once (one GEMM for the input
    /// projections); the outputs are then [`StepRecurrent::outputs`].
    pub fn forward_seq(&mut self, x: ArrayView2<f32>) {
        let b = self.c.batch;
        let steps = x.nrows() / b;
        assert!(steps * b == x.nrows() && self.c.steps == 0 && self.c.x.nrows() >= x.nrows(), "x must be (T·B, I) after start(B, ≥T)");
        let c = &mut self.c;
        let b_ih = self.b_ih.value.as_slice().expect("contiguous");
        c.x.slice_mut(s![..x.nrows(), ..]).assign(&x);
        gemm(x, &c.wih_t, c.xp.slice_mut(s![..x.nrows(), ..]), Init::Bias(b_ih), &mut c.scratch);
        for _ in 0..steps {
            self.advance();
        }
    }

    /// The recurrence of step `t = steps` on the input projection already in `xp`.
    fn advance(&mut self) {
        let (hs, gh) = (self.hidden, self.cell.gates() * self.hidden);
        let c = &mut self.c;
        let (t, batch) = (c.steps, c.batch);
        assert!((t + 1) * batch <= c.out.nrows(), "more steps than start() allowed");
        let (bh, bg) = (batch * hs, batch * gh);
        let s0 = c.s0.as_ref().expect("start() first");
        let b_hh = self.b_hh.value.as_slice().expect("contiguous");
        let out = c.out.as_slice_mut().expect("contiguous");
        let (done, now) = out.split_at_mut(t * bh);
        let h_prev: &[f32] = if t == 0 { s0.h.as_slice().expect("contiguous") } else { &done[(t - 1) * bh..] };
        let h = &mut now[..bh];
        gemm(ArrayView2::from_shape((batch, hs), h_prev).expect("(B, H)"), &c.whh_t, c.hp.view_mut(), Init::Bias(b_hh), &mut c.scratch);
        let xp = &c.xp.as_slice().expect("contiguous")[t * bg..(t + 1) * bg];
        let hp = c.hp.as_slice().expect("contiguous");
        let act = &mut c.act.as_slice_mut().expect("contiguous")[t * bg..(t + 1) * bg];
        let aux = c.aux.as_slice_mut().expect("contiguous");
        let (adone, anow) = aux.split_at_mut(t * bh);
        match self.cell {
            Cell::Rnn => cells::rnn_forward(xp, hp, h),
            Cell::Gru => cells::gru_forward(xp, hp, h_prev, h, act, &mut anow[..bh], hs),
            Cell::Lstm => {
                let c_prev = if t == 0 { s0.c.as_slice().expect("contiguous") } else { &adone[(t - 1) * bh..] };
                let tc = &mut c.tc.as_slice_mut().expect("contiguous")[t * bh..(t + 1) * bh];
                cells::lstm_forward(xp, hp, c_prev, h, &mut anow[..bh], tc, act, hs);
                if let Some(lens) = &c.lens {
                    for (r, _) in lens.iter().enumerate().filter(|(_, &l)| t >= l) {
                        anow[r * hs..(r + 1) * hs].copy_from_slice(&c_prev[r * hs..(r + 1) * hs]);
                    }
                }
            }
        }
        if let Some(lens) = &c.lens {
            for (r, _) in lens.iter().enumerate().filter(|(_, &l)| t >= l) {
                h[r * hs..(r + 1) * hs].copy_from_slice(&h_prev[r * hs..(r + 1) * hs]);
            }
        }
        c.steps += 1;
    }

    /// h_t (B, H) of step `t`; `t = −1` is the start state.
    pub fn h(&self, t: isize) -> ArrayView2<'_, f32> {
        let b = self.c.batch;
        if t < 0 {
            return self.c.s0.as_ref().expect("start() first").h.view();
        }
        let t = t as usize;
        self.c.out.slice(s![t * b..(t + 1) * b, ..])
    }

    /// Every h_t so far, (T·B, H).
    pub fn outputs(&self) -> ArrayView2<'_, f32> {
        self.c.out.slice(s![..self.c.steps * self.c.batch, ..])
    }

    /// The state after the last step (for frozen rows: the state at their last token).
    pub fn state(&self) -> State {
        let (t, b, hs) = (self.c.steps, self.c.batch, self.hidden);
        let s0 = self.c.s0.as_ref().expect("start() first");
        if t == 0 {
            return s0.clone();
        }
        let h = self.c.out.slice(s![(t - 1) * b..t * b, ..]).to_owned();
        let c = if self.cell == Cell::Lstm { self.c.aux.slice(s![(t - 1) * b..t * b, ..]).to_owned() } else { Array2::zeros((0, 0)) };
        debug_assert_eq!(h.ncols(), hs);
        State { h, c }
    }

    /// Begins the backward pass over the steps taken. `d_state`: ∂L/∂(h, c) of the final state
    /// (None: zero).
    pub fn backward_start(&mut self, d_state: Option<&State>) {
        let (hs, gh) = (self.hidden, self.cell.gates() * self.hidden);
        let c = &mut self.c;
        let rows = c.steps * c.batch;
        for a in [&mut c.dh, &mut c.dhn, &mut c.dc] {
            exact(a, c.batch, hs);
        }
        ensure(&mut c.dgh, rows, gh);
        if self.cell == Cell::Gru {
            ensure(&mut c.dgx, rows, gh);
        }
        match d_state {
            Some(d) => {
                c.dhn.assign(&d.h);
                if self.cell == Cell::Lstm {
                    c.dc.assign(&d.c);
                }
            }
            None => {
                c.dhn.fill(0.0);
                c.dc.fill(0.0);
            }
        }
        c.wih.pack(self.w_ih.value.view());
        c.whh.pack(self.w_hh.value.view());
    }

    /// Backward through step `t` (call for t = steps−1 down to 0): `dh_ext` (B, H) is ∂L/∂h_t
    /// from outside the recurrence; writes `dx` (B, I) = ∂L/∂x_t.
    pub fn backward_step(&mut self, t: usize, dh_ext: ArrayView2<f32>, dx: ArrayViewMut2<f32>) {
        let (hs, gh) = (self.hidden, self.cell.gates() * self.hidden);
        let c = &mut self.c;
        let batch = c.batch;
        let (bh, bg) = (batch * hs, batch * gh);
        let s0 = c.s0.as_ref().expect("a forward pass first");
        let out = c.out.as_slice().expect("contiguous");
        let h_prev: &[f32] = if t == 0 { s0.h.as_slice().expect("contiguous") } else { &out[(t - 1) * bh..t * bh] };
        {
            let dh = c.dh.as_slice_mut().expect("contiguous");
            for ((d, (e, n)), _) in dh.iter_mut().zip(dh_ext.iter().zip(c.dhn.iter())).zip(0..bh) {
                *d = e + n;
            }
        }
        c.frozen.clear();
        if let Some(l) = &c.lens {
            c.frozen.extend((0..batch).filter(|&r| t >= l[r]));
        }
        let frozen = &c.frozen;
        if self.cell == Cell::Lstm && !frozen.is_empty() {
            c.dc_keep.clear();
            c.dc_keep.extend_from_slice(c.dc.as_slice().expect("contiguous"));
        }
        let dh = c.dh.as_slice().expect("contiguous");
        let dgh = &mut c.dgh.as_slice_mut().expect("contiguous")[t * bg..(t + 1) * bg];
        let act = &c.act.as_slice().expect("contiguous")[t * bg..(t + 1) * bg];
        let init = match self.cell {
            Cell::Rnn => {
                cells::rnn_backward(dh, &out[t * bh..(t + 1) * bh], dgh);
                Init::Zero
            }
            Cell::Gru => {
                let dgx = &mut c.dgx.as_slice_mut().expect("contiguous")[t * bg..(t + 1) * bg];
                let hn = &c.aux.as_slice().expect("contiguous")[t * bh..(t + 1) * bh];
                cells::gru_backward(dh, act, hn, h_prev, dgx, dgh, c.dhn.as_slice_mut().expect("contiguous"), hs);
                for &r in frozen {
                    dgx[r * gh..(r + 1) * gh].fill(0.0);
                }
                Init::Add
            }
            Cell::Lstm => {
                let cs = c.aux.as_slice().expect("contiguous");
                let c_prev = if t == 0 { s0.c.as_slice().expect("contiguous") } else { &cs[(t - 1) * bh..t * bh] };
                let tc = &c.tc.as_slice().expect("contiguous")[t * bh..(t + 1) * bh];
                cells::lstm_backward(dh, c.dc.as_slice_mut().expect("contiguous"), act, c_prev, tc, dgh, hs);
                let dcs = c.dc.as_slice_mut().expect("contiguous");
                for &r in frozen {
                    dcs[r * hs..(r + 1) * hs].copy_from_slice(&c.dc_keep[r * hs..(r + 1) * hs]);
                }
                Init::Zero
            }
        };
        for &r in frozen {
            dgh[r * gh..(r + 1) * gh].fill(0.0);
        }
        let dg = ArrayView2::from_shape((batch, gh), &c.dgh.as_slice().expect("contiguous")[t * bg..(t + 1) * bg]).expect("(B, G·H)");
        gemm(dg, &c.whh, c.dhn.view_mut(), init, &mut c.scratch);
        // A frozen row passes its whole gradient to h_{t−1} (h_t = h_{t−1}).
        for &r in &c.frozen {
            c.dhn.row_mut(r).assign(&c.dh.row(r));
        }
        let dgx_all = if self.cell == Cell::Gru { &c.dgx } else { &c.dgh };
        let dgx = ArrayView2::from_shape((batch, gh), &dgx_all.as_slice().expect("contiguous")[t * bg..(t + 1) * bg]).expect("(B, G·H)");
        gemm(dgx, &c.wih, dx, Init::Zero, &mut c.scratch);
    }

    /// The whole backward pass of a [`StepRecurrent::forward_seq`]: `d_out` (T·B, H) is ∂L/∂h_t
    /// for every step, `dx` (T·B, I) receives ∂L/∂x. Returns like [`StepRecurrent::backward_finish`].
    pub fn backward_seq(
        &mut self,
        d_out: ArrayView2<f32>,
        mut dx: ArrayViewMut2<f32>,
        d_state: Option<&State>,
        d_state0: Option<&mut State>,
    ) {
        let b = self.c.batch;
        self.backward_start(d_state);
        for t in (0..self.c.steps).rev() {
            self.backward_step(t, d_out.slice(s![t * b..(t + 1) * b, ..]), dx.slice_mut(s![t * b..(t + 1) * b, ..]));
        }
        self.backward_finish(d_state0);
    }

    /// Adds the parameter gradients of every step; `d_state0`, if given, receives ∂L/∂(h₋₁, c₋₁).
    pub fn backward_finish(&mut self, d_state0: Option<&mut State>) {
        let c = &mut self.c;
        let (rows, batch) = (c.steps * c.batch, c.batch);
        let dgh = c.dgh.slice(s![..rows, ..]);
        let dgx = if self.cell == Cell::Gru { c.dgx.slice(s![..rows, ..]) } else { dgh };
        add_rows(self.b_ih.grad.as_slice_mut().expect("contiguous"), dgx);
        add_rows(self.b_hh.grad.as_slice_mut().expect("contiguous"), dgh);
        c.pack.pack(c.x.slice(s![..rows, ..]));
        gemm(dgx.t(), &c.pack, self.w_ih.grad.view_mut(), Init::Add, &mut c.scratch);
        let s0 = c.s0.as_ref().expect("a forward pass first");
        c.pack.pack(s0.h.view());
        gemm(dgh.slice(s![..batch, ..]).t(), &c.pack, self.w_hh.grad.view_mut(), Init::Add, &mut c.scratch);
        if rows > batch {
            c.pack.pack(c.out.slice(s![..rows - batch, ..]));
            gemm(dgh.slice(s![batch.., ..]).t(), &c.pack, self.w_hh.grad.view_mut(), Init::Add, &mut c.scratch);
        }
        if let Some(d) = d_state0 {
            d.h.assign(&c.dhn);
            if self.cell == Cell::Lstm {
                d.c.assign(&c.dc);
            }
        }
    }
}

impl Module for StepRecurrent {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        f(self.w_ih.as_mut());
        f(self.w_hh.as_mut());
        f(self.b_ih.as_mut());
        f(self.b_hh.as_mut());
    }
}

#[cfg(test)]
#[path = "stepwise_tests.rs"]
mod tests;
