//! The element-wise part of one time step of a tanh RNN, GRU and LSTM cell, forward and backward,
//! on `B` rows at once. The matrix products around them (`x·W_ihᵀ + b_ih` for all steps, then
//! `h·W_hhᵀ + b_hh` per step, and their transposes in the backward pass) are done by
//! [`super::recurrent::Recurrent`]; these functions get their results:
//!
//! - `xp` (B, G·H): `W_ih x + b_ih`, `hp` (B, G·H): `W_hh h_{t−1} + b_hh`, gates in PyTorch's
//!   order (GRU r, z, n; LSTM i, f, g, o; G = 1, 3, 4).
//! - The backward functions return the gradient with respect to the gates' pre-activations,
//!   `dg` (B, G·H), from which the caller forms `dh_{t−1} += dg·W_hh`, `dW_hh += dgᵀ·h_{t−1}`,
//!   `dW_ih += dgᵀ·x`, `db = Σ dg`, `dx = dg·W_ih`.
//!
//! The equations are PyTorch's (`torch.nn.GRU`, `torch.nn.LSTM` docs; ATen `RNN.cpp` `GRUCell`,
//! `LSTMCell`), so weights interchange. σ' = σ(1 − σ), tanh' = 1 − tanh².

use super::f4::F4;
use super::math::{sigmoid, tanh};
use super::vmath::{ld, sigmoid4, st, tanh4};

/// `h = tanh(xp + hp)` (`torch.nn.RNN`, nonlinearity "tanh").
pub fn rnn_forward(xp: &[f32], hp: &[f32], h: &mut [f32]) {
    for ((h, x), p) in h.iter_mut().zip(xp).zip(hp) {
        *h = tanh(x + p);
    }
}

/// `dg = dh ⊙ (1 − h²)`.
pub fn rnn_backward(dh: &[f32], h: &[f32], dg: &mut [f32]) {
    for ((g, d), h) in dg.iter_mut().zip(dh).zip(h) {
        *g = d * (1.0 - h * h);
    }
}

/// GRU step (Cho et al. 2014, PyTorch's variant with `b_hn` inside the reset product):
/// ```text
/// r = σ(xp_r + hp_r)    z = σ(xp_z + hp_z)    n = tanh(xp_n + r ⊙ hp_n)
/// h = (h_prev − n) ⊙ z + n                     (= (1 − z) ⊙ n + z ⊙ h_prev, ATen's form)
/// ```
/// Saves `act = [r | z | n]` (B, 3H) and `hn = hp_n` (B, H) for the backward pass.
pub fn gru_forward(xp: &[f32], hp: &[f32], h_prev: &[f32], h: &mut [f32], act: &mut [f32], hn: &mut [f32], hidden: usize) {
    let (hs, g) = (hidden, 3 * hidden);
    for b in 0..h.len() / hs {
        let (x, p, a) = (&xp[b * g..(b + 1) * g], &hp[b * g..(b + 1) * g], &mut act[b * g..(b + 1) * g]);
        let (hb, h_prev, hn) = (&mut h[b * hs..(b + 1) * hs], &h_prev[b * hs..(b + 1) * hs], &mut hn[b * hs..(b + 1) * hs]);
        // Four units at a time (vmath gives the scalar functions' exact bits), the rest one by one.
        let j4 = hs - hs % 4;
        for j in (0..j4).step_by(4) {
            let r = sigmoid4(ld(x, j).add(ld(p, j)));
            let z = sigmoid4(ld(x, hs + j).add(ld(p, hs + j)));
            let hnj = ld(p, 2 * hs + j);
            let n = tanh4(ld(x, 2 * hs + j).add(r.mul(hnj)));
            st(hb, j, ld(h_prev, j).sub(n).mul(z).add(n));
            st(a, j, r);
            st(a, hs + j, z);
            st(a, 2 * hs + j, n);
            st(hn, j, hnj);
        }
        for j in j4..hs {
            let r = sigmoid(x[j] + p[j]);
            let z = sigmoid(x[hs + j] + p[hs + j]);
            let hnj = p[2 * hs + j];
            let n = tanh(x[2 * hs + j] + r * hnj);
            hb[j] = (h_prev[j] - n) * z + n;
            (a[j], a[hs + j], a[2 * hs + j], hn[j]) = (r, z, n, hnj);
        }
    }
}

/// GRU step backward. With `dh` = ∂L/∂h (total, from the output and the next step):
/// ```text
/// dn = dh ⊙ (1 − z)            dz = dh ⊙ (h_prev − n)        dh_prev ← dh ⊙ z   (direct path)
/// dn̂ = dn ⊙ (1 − n²)           (n̂ = xp_n + r ⊙ hp_n)
/// dr = dn̂ ⊙ hp_n               dr̂ = dr ⊙ r(1 − r)            dẑ = dz ⊙ z(1 − z)
/// dgx = [dr̂ | dẑ | dn̂]         (the input projection's gradient)
/// dgh = [dr̂ | dẑ | dn̂ ⊙ r]     (the hidden projection's: hp_n enters through r ⊙ hp_n)
/// ```
/// The caller adds `dgh·W_hh` to `dh_prev`.
#[allow(clippy::too_many_arguments)]
pub fn gru_backward(
    dh: &[f32],
    act: &[f32],
    hn: &[f32],
    h_prev: &[f32],
    dgx: &mut [f32],
    dgh: &mut [f32],
    dh_prev: &mut [f32],
    hidden: usize,
) {
    let (hs, g) = (hidden, 3 * hidden);
    let one = F4::splat(1.0);
    for b in 0..dh.len() / hs {
        let a = &act[b * g..(b + 1) * g];
        let (gx, gh) = (&mut dgx[b * g..(b + 1) * g], &mut dgh[b * g..(b + 1) * g]);
        let rows = b * hs..(b + 1) * hs;
        let (dh, hn, h_prev, dh_prev) = (&dh[rows.clone()], &hn[rows.clone()], &h_prev[rows.clone()], &mut dh_prev[rows]);
        // Four units at a time, each lane the scalar tail's operations in its order (same bits).
        let j4 = hs - hs % 4;
        for j in (0..j4).step_by(4) {
            let (r, z, n) = (ld(a, j), ld(a, hs + j), ld(a, 2 * hs + j));
            let d = ld(dh, j);
            let dn_pre = d.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            let dz_pre = d.mul(ld(h_prev, j).sub(n)).mul(z).mul(one.sub(z));
            let dr_pre = dn_pre.mul(ld(hn, j)).mul(r).mul(one.sub(r));
            st(gx, j, dr_pre);
            st(gx, hs + j, dz_pre);
            st(gx, 2 * hs + j, dn_pre);
            st(gh, j, dr_pre);
            st(gh, hs + j, dz_pre);
            st(gh, 2 * hs + j, dn_pre.mul(r));
            st(dh_prev, j, d.mul(z));
        }
        for j in j4..hs {
            let (r, z, n) = (a[j], a[hs + j], a[2 * hs + j]);
            let d = dh[j];
            let dn_pre = d * (1.0 - z) * (1.0 - n * n);
            let dz_pre = d * (h_prev[j] - n) * z * (1.0 - z);
            let dr_pre = dn_pre * hn[j] * r * (1.0 - r);
            (gx[j], gx[hs + j], gx[2 * hs + j]) = (dr_pre, dz_pre, dn_pre);
            (gh[j], gh[hs + j], gh[2 * hs + j]) = (dr_pre, dz_pre, dn_pre * r);
            dh_prev[j] = d * z;
        }
    }
}

/// LSTM step (Hochreiter & Schmidhuber 1997 with a forget gate, as `torch.nn.LSTM`):
/// ```text
/// i = σ(ĝ_i)  f = σ(ĝ_f)  g = tanh(ĝ_g)  o = σ(ĝ_o)      ĝ = xp + hp
/// c = f ⊙ c_prev + i ⊙ g        h = o ⊙ tanh(c)
/// ```
/// Saves `act = [i | f | g | o]` (B, 4H), `c` and `tc = tanh(c)` (B, H).
#[allow(clippy::too_many_arguments)]
pub fn lstm_forward(xp: &[f32], hp: &[f32], c_prev: &[f32], h: &mut [f32], c: &mut [f32], tc: &mut [f32], act: &mut [f32], hidden: usize) {
    let (hs, g) = (hidden, 4 * hidden);
    for b in 0..h.len() / hs {
        let (x, p, a) = (&xp[b * g..(b + 1) * g], &hp[b * g..(b + 1) * g], &mut act[b * g..(b + 1) * g]);
        let rows = b * hs..(b + 1) * hs;
        let (hb, cb, tcb, c_prev) = (&mut h[rows.clone()], &mut c[rows.clone()], &mut tc[rows.clone()], &c_prev[rows]);
        let j4 = hs - hs % 4;
        for j in (0..j4).step_by(4) {
            let ig = sigmoid4(ld(x, j).add(ld(p, j)));
            let fg = sigmoid4(ld(x, hs + j).add(ld(p, hs + j)));
            let gg = tanh4(ld(x, 2 * hs + j).add(ld(p, 2 * hs + j)));
            let og = sigmoid4(ld(x, 3 * hs + j).add(ld(p, 3 * hs + j)));
            let cj = fg.mul(ld(c_prev, j)).add(ig.mul(gg));
            let t = tanh4(cj);
            st(cb, j, cj);
            st(tcb, j, t);
            st(hb, j, og.mul(t));
            st(a, j, ig);
            st(a, hs + j, fg);
            st(a, 2 * hs + j, gg);
            st(a, 3 * hs + j, og);
        }
        for j in j4..hs {
            let ig = sigmoid(x[j] + p[j]);
            let fg = sigmoid(x[hs + j] + p[hs + j]);
            let gg = tanh(x[2 * hs + j] + p[2 * hs + j]);
            let og = sigmoid(x[3 * hs + j] + p[3 * hs + j]);
            cb[j] = fg * c_prev[j] + ig * gg;
            tcb[j] = tanh(cb[j]);
            hb[j] = og * tcb[j];
            (a[j], a[hs + j], a[2 * hs + j], a[3 * hs + j]) = (ig, fg, gg, og);
        }
    }
}

/// LSTM step backward. `dh` = ∂L/∂h (total); `dc` holds ∂L/∂c from the next step on entry and
/// ∂L/∂c_prev on return:
/// ```text
/// dc_tot = dc + dh ⊙ o ⊙ (1 − tc²)
/// dô = dh ⊙ tc ⊙ o(1 − o)      dî = dc_tot ⊙ g ⊙ i(1 − i)
/// dĝ = dc_tot ⊙ i ⊙ (1 − g²)   df̂ = dc_tot ⊙ c_prev ⊙ f(1 − f)
/// dg = [dî | df̂ | dĝ | dô]     dc_prev = dc_tot ⊙ f
/// ```
/// The caller forms `dh_prev = dg·W_hh` (h_prev enters only through the gates).
pub fn lstm_backward(dh: &[f32], dc: &mut [f32], act: &[f32], c_prev: &[f32], tc: &[f32], dg: &mut [f32], hidden: usize) {
    let (hs, g) = (hidden, 4 * hidden);
    let one = F4::splat(1.0);
    for b in 0..dh.len() / hs {
        let (a, d) = (&act[b * g..(b + 1) * g], &mut dg[b * g..(b + 1) * g]);
        let rows = b * hs..(b + 1) * hs;
        let (dh, dc, c_prev, tc) = (&dh[rows.clone()], &mut dc[rows.clone()], &c_prev[rows.clone()], &tc[rows]);
        // Four units at a time, each lane the scalar tail's operations in its order (same bits).
        let j4 = hs - hs % 4;
        for j in (0..j4).step_by(4) {
            let (ig, fg, gg, og) = (ld(a, j), ld(a, hs + j), ld(a, 2 * hs + j), ld(a, 3 * hs + j));
            let (t, dhj) = (ld(tc, j), ld(dh, j));
            let dct = ld(dc, j).add(dhj.mul(og).mul(one.sub(t.mul(t))));
            st(d, j, dct.mul(gg).mul(ig).mul(one.sub(ig)));
            st(d, hs + j, dct.mul(ld(c_prev, j)).mul(fg).mul(one.sub(fg)));
            st(d, 2 * hs + j, dct.mul(ig).mul(one.sub(gg.mul(gg))));
            st(d, 3 * hs + j, dhj.mul(t).mul(og).mul(one.sub(og)));
            st(dc, j, dct.mul(fg));
        }
        for j in j4..hs {
            let (ig, fg, gg, og) = (a[j], a[hs + j], a[2 * hs + j], a[3 * hs + j]);
            let t = tc[j];
            let dct = dc[j] + dh[j] * og * (1.0 - t * t);
            d[j] = dct * gg * ig * (1.0 - ig);
            d[hs + j] = dct * c_prev[j] * fg * (1.0 - fg);
            d[2 * hs + j] = dct * ig * (1.0 - gg * gg);
            d[3 * hs + j] = dh[j] * t * og * (1.0 - og);
            dc[j] = dct * fg;
        }
    }
}
