//! [`super::math`]'s `exp`, `tanh` and σ on four lanes at once ([`F4`]): the same operations in
//! the same order, each lane's branch taken by a select, so every lane gives exactly the bits of
//! the scalar function (the tests compare bits) — natively and in wasm alike. The recurrent cells
//! ([`super::cells`]) spend most of their element-wise time here.
//!
//! Only whole-number differences from the scalar code: a clamp is two compare-selects, `2ⁿ` for
//! n = 128 is `2¹²⁷·2` as in the scalar code (one more exact `×1` on the other lanes), and `−x` is
//! `x·(−1)` (exact). A NaN input gives NaN (not necessarily the same NaN bits).

use super::f4::F4;
use super::math::{EXP_HI, EXP_LO, EXP_P, LN2_HI, LN2_LO, LOG2E, TANH_P};

#[inline(always)]
fn s(x: f32) -> F4 {
    F4::splat(x)
}

/// `eˣ` per lane ([`super::math::exp`]).
#[inline(always)]
pub(crate) fn exp4(x: F4) -> F4 {
    let x = F4::select(x.lt(s(EXP_LO)), s(EXP_LO), x);
    let x = F4::select(s(EXP_HI).lt(x), s(EXP_HI), x);
    let n = x.mul(s(LOG2E)).add(s(0.5)).floor();
    let r = x.sub(n.mul(s(LN2_HI))).sub(n.mul(s(LN2_LO)));
    let z = r.mul(r);
    let c = EXP_P;
    let mut p = s(c[0]);
    for &ci in &c[1..] {
        p = p.mul(r).add(s(ci));
    }
    let y = p.mul(z).add(r).add(s(1.0));
    let big = s(127.0).lt(n);
    let e = F4::select(big, n.sub(s(1.0)), n);
    y.mul(e.exp2i()).mul(F4::select(big, s(2.0), s(1.0)))
}

/// `tanh x` per lane ([`super::math::tanh`]): both branches computed, one kept.
#[inline(always)]
pub(crate) fn tanh4(x: F4) -> F4 {
    let a = x.abs();
    let z = x.mul(x);
    let c = TANH_P;
    let mut p = s(c[0]);
    for &ci in &c[1..] {
        p = p.mul(z).add(s(ci));
    }
    let small = p.mul(z).mul(x).add(x);
    let y = s(1.0).sub(s(2.0).div(exp4(a.add(a)).add(s(1.0))));
    let y = F4::select(s(9.0).lt(a), s(1.0), y);
    let y = F4::select(x.lt(s(0.0)), y.mul(s(-1.0)), y);
    F4::select(a.lt(s(0.625)), small, y)
}

/// `σ(x) = 1 / (1 + e^{−x})` per lane ([`super::math::sigmoid`]).
#[inline(always)]
pub(crate) fn sigmoid4(x: F4) -> F4 {
    s(1.0).div(s(1.0).add(exp4(x.mul(s(-1.0)))))
}

/// `out[i] = tanh(a[i] + b[i])` over the common length (the sum rounded once, as `tanh(x + y)`),
/// four lanes at a time: the additive attention evaluates it B·S·A times per decoder step
/// (16·10·64 = 10,240 in the seq2seq benchmark), a fifth of a training step one lane at a time.
#[inline]
pub fn tanh_of_sum(a: &[f32], b: &[f32], out: &mut [f32]) {
    let n = a.len().min(b.len()).min(out.len());
    let mut i = 0;
    while i + 4 <= n {
        st(out, i, tanh4(ld(a, i).add(ld(b, i))));
        i += 4;
    }
    while i < n {
        out[i] = super::math::tanh(a[i] + b[i]);
        i += 1;
    }
}

/// Four floats of `v` from `i` (bounds-checked).
#[inline(always)]
pub(crate) fn ld(v: &[f32], i: usize) -> F4 {
    let w = &v[i..i + 4];
    // SAFETY: `w` holds 4 floats.
    unsafe { F4::load(w.as_ptr()) }
}

/// Stores `x` into `v[i..i + 4]` (bounds-checked).
#[inline(always)]
pub(crate) fn st(v: &mut [f32], i: usize, x: F4) {
    let w = &mut v[i..i + 4];
    // SAFETY: `w` holds 4 floats.
    unsafe { x.store(w.as_mut_ptr()) }
}

#[cfg(test)]
mod tests {
    use super::super::math::{exp, sigmoid, tanh};
    use super::*;

    /// Every lane equals the scalar function bit for bit, on a dense sweep and the branch edges.
    fn same(f4: fn(F4) -> F4, f: fn(f32) -> f32, lo: f32, hi: f32) {
        let edges = [0.0, -0.0, 0.625, -0.625, 0.624_999_9, 9.0, -9.0, 9.000_001, -87.3, 88.7, -90.0, 90.0, -1e30, 1e30, 1e-30];
        let sweep = (0..=400_000).map(|i| lo + (hi - lo) * i as f32 / 400_000.0);
        let xs: Vec<f32> = sweep.chain(edges).chain(edges.map(|e| e * 0.5)).collect();
        for w in xs.chunks(4).filter(|w| w.len() == 4) {
            let got = f4(ld(w, 0)).lanes();
            for (g, &x) in got.iter().zip(w) {
                assert_eq!(g.to_bits(), f(x).to_bits(), "x = {x}: {g} vs {}", f(x));
            }
        }
        assert!(f4(s(f32::NAN)).lanes()[0].is_nan());
    }

    #[test]
    fn exp4_is_exp_bit_for_bit() {
        same(exp4, exp, -100.0, 100.0);
    }

    #[test]
    fn tanh4_is_tanh_bit_for_bit() {
        same(tanh4, tanh, -12.0, 12.0);
    }

    /// Lengths that leave a scalar tail; the sum is rounded once, before tanh.
    #[test]
    fn tanh_of_sum_is_tanh_of_the_rounded_sum() {
        let mut xs: Vec<f32> = (-240_000..=240_000).map(|i| i as f32 * 5e-5).collect();
        xs.extend([0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::MIN_POSITIVE, 3.4e38, -1e5]);
        let ys: Vec<f32> = xs.iter().map(|x| x * 0.37 - 0.1).collect();
        for len in [xs.len(), xs.len() - 1, 3] {
            let mut out = vec![0.0; len];
            tanh_of_sum(&xs[..len], &ys[..len], &mut out);
            for i in 0..len {
                assert_eq!(out[i].to_bits(), tanh(xs[i] + ys[i]).to_bits(), "tanh({:e} + {:e})", xs[i], ys[i]);
            }
        }
        let mut out = [0.0; 5];
        tanh_of_sum(&[f32::NAN; 5], &[0.0; 5], &mut out);
        assert!(out.iter().all(|v| v.is_nan()));
    }

    #[test]
    fn sigmoid4_is_sigmoid_bit_for_bit() {
        same(sigmoid4, sigmoid, -100.0, 100.0);
    }
}
