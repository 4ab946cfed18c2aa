//! The one kernel a transformer's forward pass spends its time in: `Y = X·Wᵀ + b` for an
//! `nn.Linear` (weight `W` stored by PyTorch as `(out, in)`).
//!
//! Speed comes from three choices, in the spirit of BLIS / XNNPACK GEMM micro-kernels:
//! - **Packing at load.** `W` is re-laid once into panels of [`NR`] output columns: panel `p` holds
//!   `Wᵀ[k, p·NR .. p·NR+NR]` for `k = 0..in`, contiguously. The inner loop then reads the weights
//!   strictly in order, [`NR`] floats at a time.
//! - **A register-blocked micro-kernel.** [`MR`]×[`NR`] = 4×8 outputs stay in 8 vector
//!   accumulators while `k` runs; each step loads 2 weight vectors, broadcasts 4 inputs and does
//!   8 multiply-adds (32 multiply-adds per 6 loads). On wasm32 it is written with `simd128`
//!   intrinsics (`core::arch::wasm32`); natively the same loop on fixed-size arrays, which LLVM
//!   turns into SSE/AVX.
//! - **Panel-outer order.** Each weight panel (`in`×8 floats, 12 KB for `in` = 384) is loaded into L1
//!   once and reused by every block of 4 rows before moving on.
//!
//! Callers pad the row count to a multiple of [`MR`] (`padded_rows`); padding rows compute
//! garbage that nobody reads. [`matmul_slow`] is the plain triple loop the fast path is tested
//! against.

/// Rows per micro-kernel call.
pub const MR: usize = 4;
/// Output columns per packed panel (two 4-lane vectors).
pub const NR: usize = 8;

/// `m` rounded up to a multiple of [`MR`].
pub fn padded_rows(m: usize) -> usize {
    m.div_ceil(MR) * MR
}

/// An `nn.Linear(k → n)` packed for [`PackedLinear::forward`].
#[derive(Debug, Clone, PartialEq)]
pub struct PackedLinear {
    /// Output features.
    pub n: usize,
    /// Input features.
    pub k: usize,
    /// `ceil(n / NR)` panels of `k × NR` floats (missing columns of the last panel are zero).
    panels: Vec<f32>,
    /// `n` rounded up to `NR`, zero-padded.
    bias: Vec<f32>,
}

impl PackedLinear {
    /// Packs a PyTorch weight `(n, k)` row-major and its bias `(n)`.
    pub fn new(weight: &[f32], bias: &[f32], n: usize, k: usize) -> Self {
        assert_eq!(weight.len(), n * k, "weight must be (n, k)");
        assert_eq!(bias.len(), n, "bias must be (n)");
        let np = n.div_ceil(NR);
        let mut panels = vec![0.0f32; np * k * NR];
        for (o, row) in weight.chunks_exact(k).enumerate() {
            let (p, c) = (o / NR, o % NR);
            let panel = &mut panels[p * k * NR..(p + 1) * k * NR];
            for (i, &w) in row.iter().enumerate() {
                panel[i * NR + c] = w;
            }
        }
        let mut b = vec![0.0f32; np * NR];
        b[..n].copy_from_slice(bias);
        PackedLinear { n, k, panels, bias: b }
    }

    /// `y (m × n) = x (m × k) · Wᵀ + b`, rows contiguous; `m` must be a multiple of [`MR`].
    pub fn forward(&self, x: &[f32], m: usize, y: &mut [f32]) {
        let (n, k) = (self.n, self.k);
        assert!(m.is_multiple_of(MR), "rows must be padded to a multiple of MR");
        assert!(x.len() >= m * k && y.len() >= m * n, "buffers too small");
        for p in 0..n.div_ceil(NR) {
            let panel = &self.panels[p * k * NR..(p + 1) * k * NR];
            let bias = &self.bias[p * NR..(p + 1) * NR];
            let cols = NR.min(n - p * NR);
            for r in (0..m).step_by(MR) {
                let acc = kernel(&x[r * k..(r + MR) * k], k, panel, bias);
                for (i, row) in acc.iter().enumerate() {
                    let o = (r + i) * n + p * NR;
                    y[o..o + cols].copy_from_slice(&row[..cols]);
                }
            }
        }
    }
}

/// The 4×8 micro-kernel: `acc[i][c] = bias[c] + Σₖ a[i·k + kk] · panel[kk·NR + c]`.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn kernel(a: &[f32], k: usize, panel: &[f32], bias: &[f32]) -> [[f32; NR]; MR] {
    let mut acc = [[0.0f32; NR]; MR];
    for row in acc.iter_mut() {
        row.copy_from_slice(&bias[..NR]);
    }
    let (a0, a1, a2, a3) = (&a[..k], &a[k..2 * k], &a[2 * k..3 * k], &a[3 * k..4 * k]);
    for (kk, b) in panel.chunks_exact(NR).enumerate().take(k) {
        let av = [a0[kk], a1[kk], a2[kk], a3[kk]];
        for i in 0..MR {
            for c in 0..NR {
                acc[i][c] += av[i] * b[c];
            }
        }
    }
    acc
}

/// The same micro-kernel with wasm `simd128`: 8 `f32x4` accumulators (4 rows × 2 vectors).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn kernel(a: &[f32], k: usize, panel: &[f32], bias: &[f32]) -> [[f32; NR]; MR] {
    use core::arch::wasm32::*;
    assert!(a.len() >= MR * k && panel.len() >= k * NR && bias.len() >= NR);
    // SAFETY: every pointer below stays inside `a` (MR·k floats), `panel` (k·NR) or `bias` (NR),
    // as asserted above; v128 loads and stores in wasm have no alignment requirement.
    unsafe {
        let (bp, ap) = (panel.as_ptr(), a.as_ptr());
        let bias0 = v128_load(bias.as_ptr() as *const v128);
        let bias1 = v128_load(bias.as_ptr().add(4) as *const v128);
        let (mut c00, mut c01, mut c10, mut c11) = (bias0, bias1, bias0, bias1);
        let (mut c20, mut c21, mut c30, mut c31) = (bias0, bias1, bias0, bias1);
        for kk in 0..k {
            let b0 = v128_load(bp.add(kk * NR) as *const v128);
            let b1 = v128_load(bp.add(kk * NR + 4) as *const v128);
            let x0 = v128_load32_splat(ap.add(kk) as *const u32);
            let x1 = v128_load32_splat(ap.add(k + kk) as *const u32);
            let x2 = v128_load32_splat(ap.add(2 * k + kk) as *const u32);
            let x3 = v128_load32_splat(ap.add(3 * k + kk) as *const u32);
            c00 = f32x4_add(c00, f32x4_mul(x0, b0));
            c01 = f32x4_add(c01, f32x4_mul(x0, b1));
            c10 = f32x4_add(c10, f32x4_mul(x1, b0));
            c11 = f32x4_add(c11, f32x4_mul(x1, b1));
            c20 = f32x4_add(c20, f32x4_mul(x2, b0));
            c21 = f32x4_add(c21, f32x4_mul(x2, b1));
            c30 = f32x4_add(c30, f32x4_mul(x3, b0));
            c31 = f32x4_add(c31, f32x4_mul(x3, b1));
        }
        let mut acc = [[0.0f32; NR]; MR];
        for (row, (lo, hi)) in acc.iter_mut().zip([(c00, c01), (c10, c11), (c20, c21), (c30, c31)]) {
            v128_store(row.as_mut_ptr() as *mut v128, lo);
            v128_store(row.as_mut_ptr().add(4) as *mut v128, hi);
        }
        acc
    }
}

/// Reference: `y (m × n) = x (m × k) · Wᵀ + b` with `W (n × k)` as stored by PyTorch.
pub fn matmul_slow(x: &[f32], weight: &[f32], bias: &[f32], m: usize, n: usize, k: usize, y: &mut [f32]) {
    for i in 0..m {
        for o in 0..n {
            let mut s = bias[o] as f64;
            for j in 0..k {
                s += x[i * k + j] as f64 * weight[o * k + j] as f64;
            }
            y[i * n + o] = s as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    fn random(n: usize, rng: &mut Rng) -> Vec<f32> {
        (0..n).map(|_| rng.next_f32() * 2.0 - 1.0).collect()
    }

    #[test]
    fn fast_matches_slow() {
        let mut rng = Rng::new(7);
        // Shapes with remainders: n not a multiple of NR (1, 13), k odd, m padded from 5 and 1.
        for &(m, n, k) in &[(4, 8, 1), (5, 13, 7), (1, 1, 32), (12, 64, 48), (20, 40, 384)] {
            let mp = padded_rows(m);
            let x = random(mp * k, &mut rng);
            let w = random(n * k, &mut rng);
            let b = random(n, &mut rng);
            let lin = PackedLinear::new(&w, &b, n, k);
            let mut fast = vec![f32::NAN; mp * n];
            lin.forward(&x, mp, &mut fast);
            let mut slow = vec![0.0; mp * n];
            matmul_slow(&x, &w, &b, mp, n, k, &mut slow);
            // f32 accumulation of k terms of size ≤ 1 against an f64 sum: error ≲ k·2⁻²⁴.
            let tol = 1e-6 * k as f32 + 1e-6;
            for (i, (f, s)) in fast.iter().zip(&slow).enumerate() {
                assert!((f - s).abs() <= tol, "m={m} n={n} k={k} at {i}: {f} vs {s}");
            }
        }
    }

    #[test]
    fn hand_computed() {
        // W = [[1, 2], [3, 4], [5, 6]] (3 outputs, 2 inputs), b = [0.5, 0, -1], x = [1, -1]:
        // y = [1−2+0.5, 3−4, 5−6−1] = [−0.5, −1, −2].
        let lin = PackedLinear::new(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[0.5, 0.0, -1.0], 3, 2);
        let mut x = vec![0.0; MR * 2];
        x[..2].copy_from_slice(&[1.0, -1.0]);
        let mut y = vec![0.0; MR * 3];
        lin.forward(&x, MR, &mut y);
        assert_eq!(&y[..3], &[-0.5, -1.0, -2.0]);
        // Zero input rows give the bias.
        assert_eq!(&y[3..6], &[0.5, 0.0, -1.0]);
    }
}
