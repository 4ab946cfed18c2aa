//! `exp`, `ln`, `tanh` and the logistic σ in plain f32 arithmetic, the same bits on every target.
//!
//! Why not `f32::exp`: natively it calls the system libm, in wasm Rust's own port of musl — two
//! implementations that differ in the last bit now and then, which is enough for a seeded training
//! run to drift apart between the page and `cargo test`. These follow Cephes (S. Moshier,
//! `expf.c`, `logf.c`, `tanhf.c`): a range reduction, a short minimax polynomial, and a power of two
//! put together from its bits — only `+ − × ÷`, `floor` and bit casts, which IEEE 754 rounds the
//! same way everywhere. Accuracy: ≤ 2 ulp over the ranges training uses (tested against f64).

pub(super) const LOG2E: f32 = std::f32::consts::LOG2_E;
/// ln 2 split in two (Cody & Waite): `LN2_HI` has few mantissa bits, so `n·LN2_HI` is exact.
pub(super) const LN2_HI: f32 = 0.693_359_4;
pub(super) const LN2_LO: f32 = -2.121_944_4e-4;
/// [`exp`]'s clamp.
pub(super) const EXP_LO: f32 = -87.3;
pub(super) const EXP_HI: f32 = 88.7;
/// [`exp`]'s polynomial P (Horner, highest power first).
pub(super) const EXP_P: [f32; 6] = [1.987_569_1e-4, 1.398_199_9e-3, 8.333_452e-3, 4.166_579_6e-2, 1.666_666_5e-1, 5e-1];
/// [`tanh`]'s polynomial P for |x| < 0.625 (Horner, highest power first).
pub(super) const TANH_P: [f32; 5] = [-5.704_988_7e-3, 2.063_909e-2, -5.373_971_6e-2, 1.333_144_2e-1, -3.333_328e-1];

/// `eˣ`. Inputs are clamped to [−87.3, 88.7]: the result stays a finite normal number (below
/// −87.3 it is e⁻⁸⁷·³ ≈ 1.2·10⁻³⁸ instead of smaller, above 88.7 about 3.4·10³⁸ instead of ∞).
///
/// `x = n·ln 2 + r` with `n = ⌊x·log₂e + ½⌋`, |r| ≤ ½ ln 2; `eʳ ≈ 1 + r + r²·P(r)` (Cephes P, degree
/// 5); `eˣ = 2ⁿ·eʳ`, 2ⁿ built from its exponent bits.
#[inline]
pub fn exp(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    let x = x.clamp(EXP_LO, EXP_HI);
    let n = floor(x * LOG2E + 0.5);
    let r = x - n * LN2_HI - n * LN2_LO;
    let z = r * r;
    let c = EXP_P;
    let p = ((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5];
    let y = p * z + r + 1.0;
    // n ∈ [−126, 128]; 2¹²⁸ is not a float, so 2ⁿ = 2·2ⁿ⁻¹ there.
    let ni = n as i32;
    if ni > 127 {
        y * f32::from_bits(((ni - 1 + 127) as u32) << 23) * 2.0
    } else {
        y * f32::from_bits(((ni + 127) as u32) << 23)
    }
}

/// `⌊t⌋` for the |t| < 2³¹ that [`exp`] passes, exactly (so the same bits as `f32::floor`). On
/// x86-64 `f32::floor` is a call to libm's `floorf` (baseline SSE2 has no rounding instruction; it
/// took 5 % of a GRU training step): truncate toward zero instead, then step down for a negative
/// non-integer. wasm has `f32.floor` as one instruction.
#[inline(always)]
fn floor(t: f32) -> f32 {
    #[cfg(target_arch = "x86_64")]
    {
        let i = t as i32 as f32;
        if i > t {
            i - 1.0
        } else {
            i
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        t.floor()
    }
}

/// `ln x` for x > 0 (NaN for x < 0 or NaN, −∞ for 0 and subnormals, ∞ for ∞).
///
/// `x = m·2ᵉ` with m ∈ [√½, √2); `ln m = t − t²/2 + t³·P(t)` with `t = m − 1` (Cephes P, degree 8);
/// `ln x = ln m + e·ln 2` (ln 2 in two parts as in [`exp`]).
#[inline]
pub fn ln(x: f32) -> f32 {
    if x.is_nan() || x < 0.0 {
        return f32::NAN;
    }
    if x == f32::INFINITY {
        return x;
    }
    let bits = x.to_bits();
    let biased = (bits >> 23) as i32;
    if biased == 0 {
        return f32::NEG_INFINITY; // 0 and subnormals
    }
    // m ∈ [0.5, 1) and e with x = m·2ᵉ (frexp), then into [√½, √2).
    let mut e = biased - 126;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f00_0000);
    let t = if m < std::f32::consts::FRAC_1_SQRT_2 {
        e -= 1;
        m + m - 1.0
    } else {
        m - 1.0
    };
    let z = t * t;
    let p = (((((((7.037_683_6e-2 * t - 1.151_461e-1) * t + 1.167_699_9e-1) * t - 1.242_014_1e-1) * t + 1.424_932_3e-1) * t
        - 1.666_805_8e-1)
        * t
        + 2.000_071_5e-1)
        * t
        - 2.499_999_4e-1)
        * t
        + 3.333_333e-1;
    let ef = e as f32;
    let mut y = p * t * z + ef * LN2_LO;
    y += -0.5 * z;
    t + y + ef * LN2_HI
}

/// `tanh x`. For |x| < 0.625, `x + x³·P(x²)` (Cephes P, degree 4; no cancellation near 0);
/// otherwise `1 − 2/(e^{2|x|} + 1)` with the sign of x; ±1 beyond |x| = 9 (where 1 − tanh < 2⁻²⁴).
#[inline]
pub fn tanh(x: f32) -> f32 {
    let a = x.abs();
    if a < 0.625 {
        let z = x * x;
        let c = TANH_P;
        let p = (((c[0] * z + c[1]) * z + c[2]) * z + c[3]) * z + c[4];
        return p * z * x + x;
    }
    if a.is_nan() {
        return x;
    }
    let y = if a > 9.0 { 1.0 } else { 1.0 - 2.0 / (exp(a + a) + 1.0) };
    if x < 0.0 {
        -y
    } else {
        y
    }
}

/// The logistic function `σ(x) = 1 / (1 + e^{−x})`.
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place between an f32 and the exact (f64) value.
    fn ulps(got: f32, want: f64) -> f64 {
        let w = want as f32;
        let ulp = (f32::from_bits(w.abs().to_bits() + 1) - w.abs()) as f64;
        (got as f64 - want).abs() / ulp
    }

    fn sweep(lo: f32, hi: f32, n: usize) -> impl Iterator<Item = f32> {
        (0..=n).map(move |i| lo + (hi - lo) * i as f32 / n as f32)
    }

    #[test]
    fn floor_is_f32_floor() {
        for t in sweep(-130.0, 130.0, 100_000).chain([-1.0, -0.5, -0.0, 0.0, 0.5, 1.0, -125.99, 128.5]) {
            // Equal as numbers (−0 gives +0; exp never passes −0: t = x·log₂e + ½ cannot be −0).
            assert_eq!(floor(t), t.floor(), "{t}");
        }
    }

    #[test]
    fn exp_is_within_two_ulp() {
        let worst = sweep(-87.0, 88.0, 200_000).map(|x| ulps(exp(x), (x as f64).exp())).fold(0.0, f64::max);
        assert!(worst <= 2.0, "exp: {worst} ulp");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!((exp(-1000.0), exp(1000.0).is_finite(), exp(f32::NAN).is_nan()), (exp(-87.3), true, true));
    }

    #[test]
    fn ln_is_within_two_ulp() {
        let xs = sweep(-30.0, 30.0, 100_000).map(|e| e.exp2()).chain(sweep(0.5, 2.0, 50_000));
        let worst = xs.filter(|&x| x != 1.0).map(|x| ulps(ln(x), (x as f64).ln())).fold(0.0, f64::max);
        assert!(worst <= 2.0, "ln: {worst} ulp");
        assert_eq!(ln(1.0), 0.0);
        assert!(ln(-1.0).is_nan() && ln(0.0) == f32::NEG_INFINITY && ln(f32::INFINITY) == f32::INFINITY);
    }

    #[test]
    fn tanh_and_sigmoid_are_within_two_ulp() {
        let worst = sweep(-12.0, 12.0, 200_000).map(|x| ulps(tanh(x), (x as f64).tanh())).fold(0.0, f64::max);
        assert!(worst <= 2.0, "tanh: {worst} ulp");
        let worst = sweep(-80.0, 30.0, 200_000).map(|x| ulps(sigmoid(x), 1.0 / (1.0 + (-(x as f64)).exp()))).fold(0.0, f64::max);
        assert!(worst <= 3.0, "sigmoid: {worst} ulp");
        assert_eq!((tanh(0.0), tanh(20.0), tanh(-20.0), sigmoid(0.0)), (0.0, 1.0, -1.0, 0.5));
        assert!(tanh(f32::NAN).is_nan() && sigmoid(f32::NAN).is_nan());
    }
}
