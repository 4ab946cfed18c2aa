//! One layer of `torch.nn.RNN` / `GRU` / `LSTM` over a whole sequence, forward and backward
//! through time, with PyTorch's parameter names, shapes and init (weights interchange).
//!
//! Sequences are time-major, `(T·B, ·)` with row `t·B + b` (PyTorch's `batch_first=False`): the
//! `B` rows of one step are contiguous, so each step's hidden projection is one matrix product.
//!
//! ```text
//! forward   XP (T·B, G·H) = X·W_ihᵀ + b_ih                 one GEMM for all steps
//!           for t: HP (B, G·H) = h_{t−1}·W_hhᵀ + b_hh      one GEMM per step
//!                  h_t (and c_t) = cell(XP_t, HP, h_{t−1}, c_{t−1})        (cells.rs)
//! backward  for t = T−1 … 0:  dh_t = dY_t + (from step t+1)
//!                  dG_t = cell'(dh_t, …)                    (cells.rs)
//!                  dh_{t−1} = [GRU: dh_t ⊙ z] + dGh_t·W_hh  one GEMM per step
//!           dW_ih += dGxᵀ·X, dW_hh += dGhᵀ·[h_{−1}; h_0 … h_{T−2}], db = Σ dG,
//!           dX = dGx·W_ih                                   one GEMM each, after the loop
//! ```
//! The weights are packed once per forward / backward call, not per step. All per-step buffers
//! are allocated on the first call and reused (grown only when a longer sequence comes).

use super::cells;
use super::kernels::axpy;
use super::linear::add_rows;
use super::matmul::{gemm, GemmScratch, Init, PackedB};
use super::param::{init_bound, Module, Param, ParamMut};
use crate::rng::Rng;
use ndarray::{s, Array2, ArrayView2, ArrayViewMut2, Ix1, Ix2};
use serde::{Deserialize, Serialize};

/// Which recurrent cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    /// `h = tanh(W_ih x + b_ih + W_hh h + b_hh)` (Elman 1990).
    Rnn,
    Gru,
    Lstm,
}

impl Cell {
    /// Gate blocks G: the projections are `(G·H, ·)`.
    pub fn gates(self) -> usize {
        match self {
            Cell::Rnn => 1,
            Cell::Gru => 3,
            Cell::Lstm => 4,
        }
    }
}

/// A recurrent state: `h` (B, H) and, for the LSTM, the cell `c` (B, H) (empty otherwise).
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub h: Array2<f32>,
    pub c: Array2<f32>,
}

impl State {
    pub fn zeros(cell: Cell, batch: usize, hidden: usize) -> Self {
        let c = if cell == Cell::Lstm { (batch, hidden) } else { (0, 0) };
        State { h: Array2::zeros((batch, hidden)), c: Array2::zeros(c) }
    }
    pub fn fill(&mut self, v: f32) {
        self.h.fill(v);
        self.c.fill(v);
    }
}

/// Layer `l` of a `torch.nn.{RNN,GRU,LSTM}`: `weight_ih_l{l}` (G·H, I), `weight_hh_l{l}` (G·H, H),
/// `bias_ih_l{l}`, `bias_hh_l{l}` (G·H).
#[derive(Debug, Clone)]
pub struct Recurrent {
    pub cell: Cell,
    pub hidden: usize,
    pub w_ih: Param<Ix2>,
    pub w_hh: Param<Ix2>,
    pub b_ih: Param<Ix1>,
    pub b_hh: Param<Ix1>,
    c: Caches,
}

/// Activations of the last forward pass (rows `..T·B` used) and backward scratch.
#[derive(Debug, Clone, Default)]
struct Caches {
    xp: Array2<f32>,   // (T·B, G·H) input projections
    act: Array2<f32>,  // (T·B, G·H) gate activations (GRU r z n, LSTM i f g o)
    aux: Array2<f32>,  // (T·B, H) GRU: hp_n; LSTM: c_t
    tc: Array2<f32>,   // (T·B, H) LSTM: tanh(c_t)
    dgh: Array2<f32>,  // (T·B, G·H) ∂L/∂(hidden projection)
    dgx: Array2<f32>,  // (T·B, G·H) GRU: ∂L/∂(input projection) (the others use dgh)
    ptab: Array2<f32>, // (V, G·H) forward_embedded: table·W_ihᵀ + b_ih
    stab: Array2<f32>, // (V, G·H) backward_embedded: ∂L/∂(input projection) summed per id
    s0: Option<State>,
    hp: Array2<f32>,  // (B, G·H)
    dh: Array2<f32>,  // (B, H) total ∂L/∂h_t
    dhn: Array2<f32>, // (B, H) ∂L/∂h_{t−1} being formed
    dc: Array2<f32>,  // (B, H) LSTM ∂L/∂c
    wih_t: PackedB,
    whh_t: PackedB,
    pack: PackedB,
    scratch: GemmScratch,
    rows: usize,
    batch: usize,
}

/// Makes `a` at least `rows × cols` (reallocating only when it must grow).
fn ensure(a: &mut Array2<f32>, rows: usize, cols: usize) {
    if a.nrows() < rows || a.ncols() != cols {
        *a = Array2::zeros((rows, cols));
    }
}

/// Makes `a` exactly `batch × cols`: the per-step buffers are whole GEMM operands, so a model
/// that trains on B streams and then reads one (or the reverse) needs them resized.
fn ensure_exact(a: &mut Array2<f32>, batch: usize, cols: usize) {
    if a.dim() != (batch, cols) {
        *a = Array2::zeros((batch, cols));
    }
}

impl Recurrent {
    /// PyTorch's init: every tensor uniform in ±1/√H. `prefix` is the module's name (`rnn`), `layer` its index.
    pub fn new(prefix: &str, layer: usize, cell: Cell, input: usize, hidden: usize, rng: &mut Rng) -> Self {
        let (gh, k) = (cell.gates() * hidden, init_bound(hidden));
        let name = |w: &str| format!("{prefix}.{w}_l{layer}");
        Recurrent {
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

    /// Runs the sequence `x` (T·B, I) from `state` (h₀, c₀), writing every `h_t` into `out`
    /// (T·B, H, contiguous rows) and leaving `state` at (h_T, c_T).
    pub fn forward(&mut self, x: ArrayView2<f32>, batch: usize, state: &mut State, out: ArrayViewMut2<f32>) {
        let rows = x.nrows();
        self.begin(rows, batch, state, &out);
        let c = &mut self.c;
        let b_ih = self.b_ih.value.as_slice().expect("contiguous");
        gemm(x, &c.wih_t, c.xp.slice_mut(s![..rows, ..]), Init::Bias(b_ih), &mut c.scratch);
        self.recur(batch, state, out);
    }

    /// [`Recurrent::forward`] for an input that is an embedding lookup, `x_r = table[ids[r]]`
    /// (table (V, I)), when V < T·B: the input projections are then gathered from the V rows of
    /// `P (V, G·H) = table·W_ihᵀ + b_ih` (one GEMM of V rows instead of T·B). Every element of P
    /// is formed in the order the T·B-row product forms it, so the outputs are bit-identical to
    /// `forward` on the looked-up rows. Backward with [`Recurrent::backward_embedded`].
    pub fn forward_embedded(&mut self, table: ArrayView2<f32>, ids: &[u32], batch: usize, state: &mut State, out: ArrayViewMut2<f32>) {
        let (rows, v, gh) = (ids.len(), table.nrows(), self.cell.gates() * self.hidden);
        self.begin(rows, batch, state, &out);
        let c = &mut self.c;
        ensure(&mut c.ptab, v, gh);
        let b_ih = self.b_ih.value.as_slice().expect("contiguous");
        gemm(table, &c.wih_t, c.ptab.slice_mut(s![..v, ..]), Init::Bias(b_ih), &mut c.scratch);
        let (p, xp) = (c.ptab.as_slice().expect("contiguous"), c.xp.as_slice_mut().expect("contiguous"));
        for (dst, &id) in xp.chunks_exact_mut(gh).zip(ids) {
            let id = id as usize;
            assert!(id < v, "id {id} outside the table of {v} rows");
            dst.copy_from_slice(&p[id * gh..(id + 1) * gh]);
        }
        self.recur(batch, state, out);
    }

    /// Sizes the caches for `rows` = T·B, keeps the start state, packs the weights.
    fn begin(&mut self, rows: usize, batch: usize, state: &State, out: &ArrayViewMut2<f32>) {
        let (hs, gh) = (self.hidden, self.cell.gates() * self.hidden);
        assert!(batch > 0 && rows > 0 && rows.is_multiple_of(batch), "rows must be T·B with T, B ≥ 1");
        assert_eq!((out.nrows(), out.ncols()), (rows, hs), "out must be (T·B, H)");
        let c = &mut self.c;
        (c.rows, c.batch) = (rows, batch);
        for (a, cols) in [(&mut c.xp, gh), (&mut c.act, gh), (&mut c.aux, hs), (&mut c.tc, hs), (&mut c.dgh, gh)] {
            ensure(a, rows, cols);
        }
        ensure_exact(&mut c.hp, batch, gh);
        match c.s0.as_mut() {
            Some(s0) if s0.h.dim() == state.h.dim() && s0.c.dim() == state.c.dim() => {
                s0.h.assign(&state.h);
                s0.c.assign(&state.c);
            }
            _ => c.s0 = Some(state.clone()),
        }
        c.wih_t.pack(self.w_ih.value.t());
        c.whh_t.pack(self.w_hh.value.t());
    }

    /// The recurrence over the input projections in `xp` (rows `..T·B`).
    fn recur(&mut self, batch: usize, state: &mut State, mut out: ArrayViewMut2<f32>) {
        let (hs, gh, rows) = (self.hidden, self.cell.gates() * self.hidden, self.c.rows);
        let c = &mut self.c;
        let b_hh = self.b_hh.value.as_slice().expect("contiguous");
        let out = out.as_slice_mut().expect("out must be contiguous");
        let (bh, bg) = (batch * hs, batch * gh);
        for t in 0..rows / batch {
            let (done, now) = out.split_at_mut(t * bh);
            let h_prev: &[f32] = if t == 0 { state.h.as_slice().expect("contiguous") } else { &done[(t - 1) * bh..] };
            let h = &mut now[..bh];
            let hprev = ArrayView2::from_shape((batch, hs), h_prev).expect("state is (B, H)");
            gemm(hprev, &c.whh_t, c.hp.view_mut(), Init::Bias(b_hh), &mut c.scratch);
            let xp = &c.xp.as_slice().expect("contiguous")[t * bg..(t + 1) * bg];
            let hp = c.hp.as_slice().expect("contiguous");
            let act = &mut c.act.as_slice_mut().expect("contiguous")[t * bg..(t + 1) * bg];
            match self.cell {
                Cell::Rnn => cells::rnn_forward(xp, hp, h),
                Cell::Gru => cells::gru_forward(xp, hp, h_prev, h, act, &mut c.aux.as_slice_mut().unwrap()[t * bh..(t + 1) * bh], hs),
                Cell::Lstm => {
                    let (cs, tc) = (c.aux.as_slice_mut().unwrap(), c.tc.as_slice_mut().unwrap());
                    let (cdone, cnow) = cs.split_at_mut(t * bh);
                    let c_prev = if t == 0 { state.c.as_slice().expect("contiguous") } else { &cdone[(t - 1) * bh..] };
                    cells::lstm_forward(xp, hp, c_prev, h, &mut cnow[..bh], &mut tc[t * bh..(t + 1) * bh], act, hs);
                }
            }
        }
        state.h.as_slice_mut().expect("contiguous").copy_from_slice(&out[rows * hs - bh..]);
        if self.cell == Cell::Lstm {
            state.c.as_slice_mut().expect("contiguous").copy_from_slice(&c.aux.as_slice().unwrap()[rows * hs - bh..rows * hs]);
        }
    }

    /// Backward through time for the last forward pass. `x` and `out` are that pass's input and
    /// output; `d_out` (T·B, H) is ∂L/∂h_t from above. Adds the parameter gradients; writes
    /// `dx` (T·B, I) if given. `d_state`, if given, holds ∂L/∂(h_T, c_T) on entry (from beyond
    /// the sequence) and ∂L/∂(h₀, c₀) on return. `record`, if given, receives the total ∂L/∂h_t
    /// of every step (T·B, H): the gradient-flow view reads it.
    pub fn backward(
        &mut self,
        x: ArrayView2<f32>,
        out: ArrayView2<f32>,
        d_out: ArrayView2<f32>,
        dx: Option<ArrayViewMut2<f32>>,
        d_state: Option<&mut State>,
        record: Option<ArrayViewMut2<f32>>,
    ) {
        assert_eq!(x.nrows(), self.c.rows, "backward needs the forward pass's rows");
        self.backward_steps(out, d_out, d_state, record);
        let c = &mut self.c;
        let rows = c.rows;
        let dgx = if self.cell == Cell::Gru { c.dgx.slice(s![..rows, ..]) } else { c.dgh.slice(s![..rows, ..]) };
        add_rows(self.b_ih.grad.as_slice_mut().unwrap(), dgx);
        c.pack.pack(x);
        gemm(dgx.t(), &c.pack, self.w_ih.grad.view_mut(), Init::Add, &mut c.scratch);
        if let Some(dx) = dx {
            c.pack.pack(self.w_ih.value.view());
            gemm(dgx, &c.pack, dx, Init::Zero, &mut c.scratch);
        }
    }

    /// Backward for the last [`Recurrent::forward_embedded`]: as [`Recurrent::backward`], with
    /// the input part through the table. With `S (V, G·H)`, `S_v = Σ_{r: ids_r = v} dGx_r`
    /// (the input projections' gradient summed per id):
    /// ```text
    /// dW_ih += Σ_r dGx_rᵀ·table[ids_r] = Sᵀ·table     (G·H, V)·(V, I): V rows, not T·B
    /// d_table += S·W_ih                              (row v: Σ_r dx_r over the rows of id v)
    /// db_ih += Σ_v S_v
    /// ```
    /// The same sums as `backward` followed by the embedding's scatter, grouped per id.
    #[allow(clippy::too_many_arguments)]
    pub fn backward_embedded(
        &mut self,
        table: ArrayView2<f32>,
        ids: &[u32],
        d_table: ArrayViewMut2<f32>,
        out: ArrayView2<f32>,
        d_out: ArrayView2<f32>,
        d_state: Option<&mut State>,
        record: Option<ArrayViewMut2<f32>>,
    ) {
        assert_eq!(ids.len(), self.c.rows, "backward needs the forward pass's rows");
        self.backward_steps(out, d_out, d_state, record);
        let (gh, v) = (self.cell.gates() * self.hidden, table.nrows());
        let c = &mut self.c;
        ensure(&mut c.stab, v, gh);
        let dgx = if self.cell == Cell::Gru { &c.dgx } else { &c.dgh };
        let sums = c.stab.as_slice_mut().expect("contiguous");
        sums[..v * gh].fill(0.0);
        for (row, &id) in dgx.as_slice().expect("contiguous").chunks_exact(gh).zip(ids) {
            let id = id as usize;
            axpy(1.0, row, &mut sums[id * gh..(id + 1) * gh]);
        }
        let sv = c.stab.slice(s![..v, ..]);
        add_rows(self.b_ih.grad.as_slice_mut().unwrap(), sv);
        c.pack.pack(table);
        gemm(sv.t(), &c.pack, self.w_ih.grad.view_mut(), Init::Add, &mut c.scratch);
        c.pack.pack(self.w_ih.value.view());
        gemm(sv, &c.pack, d_table, Init::Add, &mut c.scratch);
    }

    /// The backward recurrence (t = T−1 … 0, filling dGh and dGx), the hidden side's parameter
    /// gradients, and ∂L/∂(h₀, c₀).
    fn backward_steps(
        &mut self,
        out: ArrayView2<f32>,
        d_out: ArrayView2<f32>,
        d_state: Option<&mut State>,
        mut record: Option<ArrayViewMut2<f32>>,
    ) {
        let (hs, gh) = (self.hidden, self.cell.gates() * self.hidden);
        let c = &mut self.c;
        let (rows, batch) = (c.rows, c.batch);
        assert_eq!((out.nrows(), d_out.nrows()), (rows, rows), "backward needs the forward pass's rows");
        let s0 = c.s0.take().expect("backward needs a forward pass first");
        let (bh, bg) = (batch * hs, batch * gh);
        for a in [&mut c.dh, &mut c.dhn, &mut c.dc] {
            ensure_exact(a, batch, hs);
        }
        if self.cell == Cell::Gru {
            ensure(&mut c.dgx, rows, gh);
        }
        match &d_state {
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
        c.pack.pack(self.w_hh.value.view()); // W_hh (G·H, H) as the B of dh_{t−1} = dG·W_hh
        let out_s = out.as_slice().expect("out must be contiguous");
        let d_out = d_out.as_standard_layout();
        let d_out = d_out.as_slice().expect("contiguous");
        for t in (0..rows / batch).rev() {
            let h_prev: &[f32] = if t == 0 { s0.h.as_slice().unwrap() } else { &out_s[(t - 1) * bh..t * bh] };
            let dh = c.dh.as_slice_mut().unwrap();
            for ((d, o), n) in dh.iter_mut().zip(&d_out[t * bh..(t + 1) * bh]).zip(c.dhn.as_slice().unwrap()) {
                *d = o + n;
            }
            if let Some(r) = record.as_mut() {
                r.slice_mut(s![t * batch..(t + 1) * batch, ..]).assign(&c.dh);
            }
            let dh = c.dh.as_slice().unwrap();
            let dgh = &mut c.dgh.as_slice_mut().unwrap()[t * bg..(t + 1) * bg];
            let act = &c.act.as_slice().unwrap()[t * bg..(t + 1) * bg];
            let init = match self.cell {
                Cell::Rnn => {
                    cells::rnn_backward(dh, &out_s[t * bh..(t + 1) * bh], dgh);
                    Init::Zero
                }
                Cell::Gru => {
                    let dgx = &mut c.dgx.as_slice_mut().unwrap()[t * bg..(t + 1) * bg];
                    let hn = &c.aux.as_slice().unwrap()[t * bh..(t + 1) * bh];
                    cells::gru_backward(dh, act, hn, h_prev, dgx, dgh, c.dhn.as_slice_mut().unwrap(), hs);
                    Init::Add
                }
                Cell::Lstm => {
                    let cs = c.aux.as_slice().unwrap();
                    let c_prev = if t == 0 { s0.c.as_slice().unwrap() } else { &cs[(t - 1) * bh..t * bh] };
                    let tc = &c.tc.as_slice().unwrap()[t * bh..(t + 1) * bh];
                    cells::lstm_backward(dh, c.dc.as_slice_mut().unwrap(), act, c_prev, tc, dgh, hs);
                    Init::Zero
                }
            };
            if t == 0 && d_state.is_none() {
                break; // ∂L/∂h₀ is wanted by no one (truncated BPTT): skip its product
            }
            let dg = ArrayView2::from_shape((batch, gh), &c.dgh.as_slice().unwrap()[t * bg..(t + 1) * bg]).unwrap();
            gemm(dg, &c.pack, c.dhn.view_mut(), init, &mut c.scratch);
        }
        // The hidden side's parameter gradients for all steps at once.
        let dgh = c.dgh.slice(s![..rows, ..]);
        add_rows(self.b_hh.grad.as_slice_mut().unwrap(), dgh);
        c.pack.pack(s0.h.view());
        gemm(dgh.slice(s![..batch, ..]).t(), &c.pack, self.w_hh.grad.view_mut(), Init::Add, &mut c.scratch);
        if rows > batch {
            c.pack.pack(out.slice(s![..rows - batch, ..]));
            gemm(dgh.slice(s![batch.., ..]).t(), &c.pack, self.w_hh.grad.view_mut(), Init::Add, &mut c.scratch);
        }
        if let Some(d) = d_state {
            d.h.assign(&c.dhn);
            if self.cell == Cell::Lstm {
                d.c.assign(&c.dc);
            }
        }
        c.s0 = Some(s0);
    }
}

impl Module for Recurrent {
    fn visit(&mut self, f: &mut dyn FnMut(ParamMut<'_>)) {
        f(self.w_ih.as_mut());
        f(self.w_hh.as_mut());
        f(self.b_ih.as_mut());
        f(self.b_hh.as_mut());
    }
}

#[cfg(test)]
#[path = "recurrent_tests.rs"]
mod tests;
