//! `tanh` four lanes at a time, bit-identical to the scalar [`super::math::tanh`] on every input
//! (SSE2 natively, `simd128` in wasm, the scalar function elsewhere): the additive attention
//! evaluates `tanh` B·S·A times per decoder step (16·10·64 = 10,240 in the seq2seq benchmark), a
//! fifth of a training step when done one lane at a time.
//!
//! The scalar function branches on |x|; here every lane computes both branches and a mask picks
//! one, with the same operations in the same order, so the rounding is the same:
//! ```text
//! |x| < 0.625:  x + x³·P(x²)                         (P the Cephes polynomial, as in math::tanh)
//! |x| ≤ 9:      ±(1 − 2/(e^{2|x|} + 1)),  e^y = 2ⁿ·(1 + r + r²·Q(r)),  n = ⌊y·log₂e + ½⌋
//! |x| > 9:      ±1;      NaN: x
//! ```
//! On the middle branch y = 2|x| ∈ [1.25, 18], so y·log₂e + ½ is positive and ⌊·⌋ is truncation
//! (one conversion to integers on both targets), n ≤ 26 (2ⁿ from its exponent bits, no overflow
//! case), and `exp`'s clamp to [−87.3, 88.7] never acts. The result there is positive, so the
//! sign of x is OR-ed in (what `−y` does to a positive y).

use super::math::tanh;

/// `out[i] = tanh(a[i] + b[i])` over the common length (the sum rounded once, as `tanh(x + y)`).
#[inline]
pub fn tanh_of_sum(a: &[f32], b: &[f32], out: &mut [f32]) {
    let n = a.len().min(b.len()).min(out.len());
    let mut i = 0;
    #[cfg(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let (pa, pb, po) = (a.as_ptr(), b.as_ptr(), out.as_mut_ptr());
        // SAFETY: i + 4 <= n, inside all three slices; out does not overlap a or b (&mut).
        unsafe {
            while i + 4 <= n {
                imp::store(po.add(i), imp::tanh4(imp::add(imp::load(pa.add(i)), imp::load(pb.add(i)))));
                i += 4;
            }
        }
    }
    while i < n {
        out[i] = tanh(a[i] + b[i]);
        i += 1;
    }
}

/// The lanes of [`tanh_of_sum`], for a test against the scalar function.
#[cfg(test)]
pub(crate) fn tanh_slice(x: &[f32]) -> Vec<f32> {
    let zero = vec![0.0; x.len()];
    let mut out = vec![0.0; x.len()];
    tanh_of_sum(x, &zero, &mut out);
    out
}

/// Cephes' constants, as in `math::tanh` and `math::exp`.
const T: [f32; 5] = [-5.704_988_7e-3, 2.063_909e-2, -5.373_971_6e-2, 1.333_144_2e-1, -3.333_328e-1];
const E: [f32; 6] = [1.987_569_1e-4, 1.398_199_9e-3, 8.333_452e-3, 4.166_579_6e-2, 1.666_666_5e-1, 5e-1];
const LOG2E: f32 = std::f32::consts::LOG2_E;
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;

/// The lane-wise algorithm, written once over the target's vector ops.
macro_rules! tanh4_body {
    ($x:expr) => {{
        let x = $x;
        let a = abs(x);
        // |x| < 0.625: p·z·x + x with z = x², p = P(z).
        let z = mul(x, x);
        let mut p = add(mul(splat(T[0]), z), splat(T[1]));
        p = add(mul(p, z), splat(T[2]));
        p = add(mul(p, z), splat(T[3]));
        p = add(mul(p, z), splat(T[4]));
        let small = add(mul(mul(p, z), x), x);
        // 0.625 ≤ |x| ≤ 9: 1 − 2/(exp(2|x|) + 1), exp as in math::exp.
        let y = add(a, a);
        let n = trunc(add(mul(y, splat(LOG2E)), splat(0.5)));
        let nf = to_f32(n);
        let r = sub(sub(y, mul(nf, splat(LN2_HI))), mul(nf, splat(LN2_LO)));
        let rr = mul(r, r);
        let mut q = add(mul(splat(E[0]), r), splat(E[1]));
        q = add(mul(q, r), splat(E[2]));
        q = add(mul(q, r), splat(E[3]));
        q = add(mul(q, r), splat(E[4]));
        q = add(mul(q, r), splat(E[5]));
        let ey = mul(add(add(mul(q, rr), r), splat(1.0)), pow2(n));
        let mid = sub(splat(1.0), div(splat(2.0), add(ey, splat(1.0))));
        let big = select(gt(a, splat(9.0)), splat(1.0), mid);
        let out = select(lt(a, splat(0.625)), small, or_sign(big, x));
        select(is_nan(x), x, out)
    }};
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use super::*;
    use core::arch::x86_64::*;
    // SAFETY (all): SSE2 is part of the x86-64 baseline; loads and stores are unaligned.
    type V = __m128;
    #[inline(always)]
    pub unsafe fn load(p: *const f32) -> V {
        _mm_loadu_ps(p)
    }
    #[inline(always)]
    pub unsafe fn store(p: *mut f32, v: V) {
        _mm_storeu_ps(p, v)
    }
    #[inline(always)]
    fn splat(x: f32) -> V {
        unsafe { _mm_set1_ps(x) }
    }
    #[inline(always)]
    pub fn add(a: V, b: V) -> V {
        unsafe { _mm_add_ps(a, b) }
    }
    #[inline(always)]
    fn sub(a: V, b: V) -> V {
        unsafe { _mm_sub_ps(a, b) }
    }
    #[inline(always)]
    fn mul(a: V, b: V) -> V {
        unsafe { _mm_mul_ps(a, b) }
    }
    #[inline(always)]
    fn div(a: V, b: V) -> V {
        unsafe { _mm_div_ps(a, b) }
    }
    #[inline(always)]
    fn abs(a: V) -> V {
        unsafe { _mm_and_ps(a, _mm_castsi128_ps(_mm_set1_epi32(0x7fff_ffff))) }
    }
    #[inline(always)]
    fn or_sign(y: V, x: V) -> V {
        unsafe { _mm_or_ps(y, _mm_and_ps(x, _mm_castsi128_ps(_mm_set1_epi32(i32::MIN)))) }
    }
    #[inline(always)]
    fn lt(a: V, b: V) -> V {
        unsafe { _mm_cmplt_ps(a, b) }
    }
    #[inline(always)]
    fn gt(a: V, b: V) -> V {
        unsafe { _mm_cmpgt_ps(a, b) }
    }
    #[inline(always)]
    fn is_nan(a: V) -> V {
        unsafe { _mm_cmpunord_ps(a, a) }
    }
    /// Where the mask is set `a`, else `b`.
    #[inline(always)]
    fn select(m: V, a: V, b: V) -> V {
        unsafe { _mm_or_ps(_mm_and_ps(m, a), _mm_andnot_ps(m, b)) }
    }
    #[inline(always)]
    fn trunc(a: V) -> __m128i {
        unsafe { _mm_cvttps_epi32(a) }
    }
    #[inline(always)]
    fn to_f32(n: __m128i) -> V {
        unsafe { _mm_cvtepi32_ps(n) }
    }
    /// 2ⁿ from its exponent bits (n + 127 in bits 23–30).
    #[inline(always)]
    fn pow2(n: __m128i) -> V {
        unsafe { _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(n, _mm_set1_epi32(127)), 23)) }
    }
    #[inline(always)]
    pub fn tanh4(x: V) -> V {
        tanh4_body!(x)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use super::*;
    use core::arch::wasm32::*;
    type V = v128;
    #[inline(always)]
    pub unsafe fn load(p: *const f32) -> V {
        v128_load(p as *const v128)
    }
    #[inline(always)]
    pub unsafe fn store(p: *mut f32, v: V) {
        v128_store(p as *mut v128, v)
    }
    #[inline(always)]
    fn splat(x: f32) -> V {
        f32x4_splat(x)
    }
    #[inline(always)]
    pub fn add(a: V, b: V) -> V {
        f32x4_add(a, b)
    }
    #[inline(always)]
    fn sub(a: V, b: V) -> V {
        f32x4_sub(a, b)
    }
    #[inline(always)]
    fn mul(a: V, b: V) -> V {
        f32x4_mul(a, b)
    }
    #[inline(always)]
    fn div(a: V, b: V) -> V {
        f32x4_div(a, b)
    }
    #[inline(always)]
    fn abs(a: V) -> V {
        f32x4_abs(a)
    }
    #[inline(always)]
    fn or_sign(y: V, x: V) -> V {
        v128_or(y, v128_and(x, i32x4_splat(i32::MIN)))
    }
    #[inline(always)]
    fn lt(a: V, b: V) -> V {
        f32x4_lt(a, b)
    }
    #[inline(always)]
    fn gt(a: V, b: V) -> V {
        f32x4_gt(a, b)
    }
    #[inline(always)]
    fn is_nan(a: V) -> V {
        f32x4_ne(a, a)
    }
    /// Where the mask is set `a`, else `b`.
    #[inline(always)]
    fn select(m: V, a: V, b: V) -> V {
        v128_bitselect(a, b, m)
    }
    #[inline(always)]
    fn trunc(a: V) -> V {
        i32x4_trunc_sat_f32x4(a)
    }
    #[inline(always)]
    fn to_f32(n: V) -> V {
        f32x4_convert_i32x4(n)
    }
    /// 2ⁿ from its exponent bits (n + 127 in bits 23–30).
    #[inline(always)]
    fn pow2(n: V) -> V {
        i32x4_shl(i32x4_add(n, i32x4_splat(127)), 23)
    }
    #[inline(always)]
    pub fn tanh4(x: V) -> V {
        tanh4_body!(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every lane equals the scalar function bit for bit: a dense sweep over [−12, 12] (both
    /// branch edges, 0.625 and 9, included exactly), ±0, ±∞, NaN, tiny and huge values, and
    /// lengths that leave a scalar tail.
    #[test]
    fn lanes_equal_the_scalar_tanh_bit_for_bit() {
        let mut xs: Vec<f32> = (-240_000..=240_000).map(|i| i as f32 * 5e-5).collect();
        for e in [0.625f32, 9.0, 0.624_999_9, 0.625_000_1, 8.999_999, 9.000_001, 1e-30, 1e-45, 3.4e38, 88.0, 1e5] {
            xs.extend([e, -e]);
        }
        xs.extend([0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, f32::MIN_POSITIVE]);
        for len in [xs.len(), xs.len() - 1, 3] {
            let got = tanh_slice(&xs[..len]);
            for (x, g) in xs[..len].iter().zip(&got) {
                assert_eq!(g.to_bits(), tanh(*x).to_bits(), "tanh({x:e}): {g:e} vs {:e}", tanh(*x));
            }
        }
        // The sum is rounded once, before tanh.
        let (a, b) = ([0.3f32, -1.7, 4.0, 0.1, 2.5], [0.4f32, 0.2, -9.5, 1e-8, 0.0]);
        let mut out = [0.0; 5];
        tanh_of_sum(&a, &b, &mut out);
        for i in 0..5 {
            assert_eq!(out[i].to_bits(), tanh(a[i] + b[i]).to_bits());
        }
    }
}
