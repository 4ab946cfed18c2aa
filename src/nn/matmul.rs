//! Matrix products: `C (m × n) = init + A (m × k) · B (k × n)`, the one place every layer's heavy
//! work goes — `nn.Linear` forward (`Y = X·Wᵀ + b`), its backward (`dX = dY·W`, `dW += dYᵀ·X`), the
//! recurrent cells' input and hidden projections, BERT's dense layers.
//!
//! Written once over the 4-lane type [`F4`] (SSE2 natively, `simd128` on wasm32), in the manner of
//! BLIS / XNNPACK GEMM micro-kernels:
//! - **B packed into panels** of [`NR`] = 8 columns: panel `p` holds `B[kk, 8p..8p+8]` for
//!   `kk = 0..k` contiguously, so the inner loop reads B strictly in order, two vectors a step.
//!   Weights are packed once per optimiser step ([`PackedB::pack`]) and reused by every time step.
//! - **A 4×8 register-blocked micro-kernel**: 4 rows × 8 columns of C stay in 8 vector
//!   accumulators while `kk` runs; a step loads 2 B vectors, broadcasts 4 A values and does 8
//!   multiplies and 8 adds (64 flops for 6 loads).
//! - **A read in place** when its rows are contiguous (`X`, `dY`); a transposed A (`dYᵀ` in
//!   `dW += dYᵀ·X`) is first copied into 4-row micro-panels so the broadcasts read in order.
//!
//! Every C element is computed in one fixed order on every target: `c = init; c += a[i,kk]·b[kk,j]`
//! for `kk = 0, 1, …, k−1`, one multiply and one add (no FMA). Native and wasm therefore give
//! bit-identical products ([`gemm_ref`] is that order in scalar code, and the tests compare bits).

use super::f4::F4;
use ndarray::{ArrayView2, ArrayViewMut2};

/// Rows per micro-kernel call.
pub const MR: usize = 4;
/// Columns per packed panel (two 4-lane vectors).
pub const NR: usize = 8;

/// `m` rounded up to a multiple of [`MR`] (callers that keep padded row buffers use it; the
/// products themselves handle any `m`).
pub fn padded_rows(m: usize) -> usize {
    m.div_ceil(MR) * MR
}

/// What `C` starts from before the products are added.
#[derive(Clone, Copy, Debug)]
pub enum Init<'a> {
    /// `C = A·B`.
    Zero,
    /// `C += A·B` (gradient accumulation).
    Add,
    /// `C = 1·biasᵀ + A·B`: every row starts from `bias` (length `n`).
    Bias(&'a [f32]),
}

/// `B (k × n)` packed into `ceil(n / 8)` panels of `k × 8` floats (missing columns zero).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackedB {
    pub k: usize,
    pub n: usize,
    data: Vec<f32>,
}

impl PackedB {
    /// Packs `b` (any strides: pass `w.t()` for a PyTorch weight `W (n × k)` to get `Wᵀ`).
    /// Reuses the allocation when the size is unchanged.
    pub fn pack(&mut self, b: ArrayView2<f32>) {
        let (k, n) = b.dim();
        let np = n.div_ceil(NR);
        self.k = k;
        self.n = n;
        self.data.resize(np * k * NR, 0.0);
        let (rs, cs) = (b.strides()[0], b.strides()[1]);
        let base = b.as_ptr();
        for p in 0..np {
            let cols = NR.min(n - p * NR);
            let panel = &mut self.data[p * k * NR..(p + 1) * k * NR];
            if cs == 1 && cols == NR {
                // Rows of B contiguous (dY, X, a weight used as is): 8 floats per kk in one copy.
                for (kk, dst) in panel.chunks_exact_mut(NR).enumerate() {
                    // SAFETY: row kk's columns p·NR..p·NR + 8 are inside the view and contiguous.
                    let src = unsafe { core::ptr::read_unaligned(base.offset(kk as isize * rs + (p * NR) as isize) as *const [f32; NR]) };
                    dst.copy_from_slice(&src);
                }
                continue;
            }
            for (kk, dst) in panel.chunks_exact_mut(NR).enumerate() {
                for (c, d) in dst.iter_mut().enumerate() {
                    // SAFETY: (kk, p·NR + c) is inside the view's k × n shape for c < cols, and a
                    // view's strides map every in-shape index to an element it owns.
                    *d = if c < cols { unsafe { *base.offset(kk as isize * rs + (p * NR + c) as isize * cs) } } else { 0.0 };
                }
            }
        }
    }

    pub fn packed(b: ArrayView2<f32>) -> Self {
        let mut p = PackedB::default();
        p.pack(b);
        p
    }
}

/// Scratch for [`gemm`]: A's micro-panels when A is not row-contiguous. Grows once, then reused.
#[derive(Debug, Clone, Default)]
pub struct GemmScratch {
    a: Vec<f32>,
}

/// `C (m × n) = init + A (m × k) · B`, with `B` packed. `C` must have contiguous rows
/// (column stride 1); A may have any strides.
pub fn gemm(a: ArrayView2<f32>, b: &PackedB, mut c: ArrayViewMut2<f32>, init: Init, scratch: &mut GemmScratch) {
    let (m, k) = a.dim();
    let n = b.n;
    assert_eq!(b.k, k, "gemm: A has {k} columns but B has {} rows", b.k);
    assert_eq!(c.dim(), (m, n), "gemm: C must be {m} × {n}");
    assert!(n <= 1 || c.strides()[1] == 1, "gemm: C's rows must be contiguous");
    if let Init::Bias(bias) = init {
        assert_eq!(bias.len(), n, "gemm: bias must have {n} entries");
    }
    if m == 0 || n == 0 {
        return;
    }
    let (rsa, csa) = (a.strides()[0], a.strides()[1]);
    // A is read in place when each row is contiguous; otherwise packed to micro-panels whose
    // element (i, kk) of block r sits at r·k·MR + kk·MR + i (zero rows pad the last block).
    let packed = csa != 1 && k > 1;
    if packed {
        let blocks = m.div_ceil(MR);
        scratch.a.resize(blocks * k * MR, 0.0);
        let ap = a.as_ptr();
        for r in 0..blocks {
            let dst = &mut scratch.a[r * k * MR..(r + 1) * k * MR];
            for (kk, d4) in dst.chunks_exact_mut(MR).enumerate() {
                for (i, d) in d4.iter_mut().enumerate() {
                    let row = r * MR + i;
                    // SAFETY: (row, kk) is inside A's m × k shape, which its strides map into A.
                    *d = if row < m { unsafe { *ap.offset(row as isize * rsa + kk as isize * csa) } } else { 0.0 };
                }
            }
        }
    }
    let rsc = c.strides()[0];
    let cp = c.as_mut_ptr();
    let np = n.div_ceil(NR);
    let mut bias8 = [0.0f32; NR];
    for p in 0..np {
        let panel = &b.data[p * k * NR..(p + 1) * k * NR];
        let cols = NR.min(n - p * NR);
        if let Init::Bias(bias) = init {
            bias8 = [0.0; NR];
            bias8[..cols].copy_from_slice(&bias[p * NR..p * NR + cols]);
        }
        for r in (0..m).step_by(MR) {
            let rows = MR.min(m - r);
            // A's base pointer, the offsets of the 4 rows from it, and the step between consecutive kk.
            let (base, offs, step): (*const f32, [isize; MR], isize) = if packed {
                (scratch.a[r * k..].as_ptr(), [0, 1, 2, 3], MR as isize)
            } else {
                // Missing rows of the last block re-read the block's first row; their results are dropped.
                let off = |i: usize| if i < rows { i as isize * rsa } else { 0 };
                (a.as_ptr().wrapping_offset(r as isize * rsa), [off(0), off(1), off(2), off(3)], csa)
            };
            let mut acc = [[0.0f32; NR]; MR];
            for (i, row) in acc.iter_mut().enumerate().take(rows) {
                match init {
                    Init::Zero => {}
                    Init::Bias(_) => *row = bias8,
                    Init::Add => {
                        // SAFETY: row r + i < m and columns p·NR..p·NR + cols < n lie inside C.
                        let src = unsafe { cp.offset((r + i) as isize * rsc + (p * NR) as isize) };
                        // A full panel is copied as one fixed-size array (two vector moves), not a
                        // slice copy of run-time length, which is a call to memmove.
                        if cols == NR {
                            *row = unsafe { core::ptr::read_unaligned(src as *const [f32; NR]) };
                        } else {
                            row[..cols].copy_from_slice(unsafe { core::slice::from_raw_parts(src, cols) });
                        }
                    }
                }
            }
            // SAFETY: each row pointer reads kk·step for kk < k inside A (or its packed copy), and
            // the panel holds k·NR floats.
            unsafe { kernel(&mut acc, base, offs, step, panel.as_ptr(), k) };
            for (i, row) in acc.iter().enumerate().take(rows) {
                // SAFETY: as for the Init::Add read.
                let dst = unsafe { cp.offset((r + i) as isize * rsc + (p * NR) as isize) };
                if cols == NR {
                    unsafe { core::ptr::write_unaligned(dst as *mut [f32; NR], *row) };
                } else {
                    unsafe { core::slice::from_raw_parts_mut(dst, cols) }.copy_from_slice(&row[..cols]);
                }
            }
        }
    }
}

/// The 4×8 micro-kernel: `acc[i][c] += Σ_kk a[offs[i] + kk·step] · panel[kk·NR + c]`, kk in order.
///
/// # Safety
/// `a + offs[i] + kk·step` readable for kk < k and every i, `panel..panel + k·NR` readable.
#[inline(always)]
unsafe fn kernel(acc: &mut [[f32; NR]; MR], a: *const f32, offs: [isize; MR], step: isize, panel: *const f32, k: usize) {
    let ld = |row: &[f32; NR]| (F4::load(row.as_ptr()), F4::load(row.as_ptr().add(4)));
    let (mut c00, mut c01) = ld(&acc[0]);
    let (mut c10, mut c11) = ld(&acc[1]);
    let (mut c20, mut c21) = ld(&acc[2]);
    let (mut c30, mut c31) = ld(&acc[3]);
    let [o0, o1, o2, o3] = offs;
    let mut ap = a;
    let mut bp = panel;
    for _ in 0..k {
        let b0 = F4::load(bp);
        let b1 = F4::load(bp.add(4));
        let x0 = F4::splat(*ap.offset(o0));
        let x1 = F4::splat(*ap.offset(o1));
        let x2 = F4::splat(*ap.offset(o2));
        let x3 = F4::splat(*ap.offset(o3));
        c00 = c00.add(x0.mul(b0));
        c01 = c01.add(x0.mul(b1));
        c10 = c10.add(x1.mul(b0));
        c11 = c11.add(x1.mul(b1));
        c20 = c20.add(x2.mul(b0));
        c21 = c21.add(x2.mul(b1));
        c30 = c30.add(x3.mul(b0));
        c31 = c31.add(x3.mul(b1));
        ap = ap.wrapping_offset(step);
        bp = bp.add(NR);
    }
    for (row, (lo, hi)) in acc.iter_mut().zip([(c00, c01), (c10, c11), (c20, c21), (c30, c31)]) {
        lo.store(row.as_mut_ptr());
        hi.store(row.as_mut_ptr().add(4));
    }
}

/// [`gemm`]'s operation order in plain scalar code: the fast path must equal it bit for bit.
pub fn gemm_ref(a: ArrayView2<f32>, b: ArrayView2<f32>, mut c: ArrayViewMut2<f32>, init: Init) {
    let (m, k) = a.dim();
    let n = b.dim().1;
    for i in 0..m {
        for j in 0..n {
            let mut s = match init {
                Init::Zero => 0.0,
                Init::Add => c[[i, j]],
                Init::Bias(bias) => bias[j],
            };
            for kk in 0..k {
                s += a[[i, kk]] * b[[kk, j]];
            }
            c[[i, j]] = s;
        }
    }
}

/// An `nn.Linear(k → n)` packed once for inference (BERT): `Y = X·Wᵀ + b` on flat row buffers.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedLinear {
    /// Output features.
    pub n: usize,
    /// Input features.
    pub k: usize,
    w: PackedB,
    bias: Vec<f32>,
}

impl PackedLinear {
    /// Packs a PyTorch weight `(n, k)` row-major and its bias `(n)`.
    pub fn new(weight: &[f32], bias: &[f32], n: usize, k: usize) -> Self {
        assert_eq!(weight.len(), n * k, "weight must be (n, k)");
        assert_eq!(bias.len(), n, "bias must be (n)");
        let w = ArrayView2::from_shape((n, k), weight).expect("checked length");
        PackedLinear { n, k, w: PackedB::packed(w.t()), bias: bias.to_vec() }
    }

    /// `y (m × n) = x (m × k) · Wᵀ + b`, rows contiguous (any `m`; the first `m` rows are used).
    pub fn forward(&self, x: &[f32], m: usize, y: &mut [f32]) {
        let x = ArrayView2::from_shape((m, self.k), &x[..m * self.k]).expect("x must hold m × k floats");
        let y = ArrayViewMut2::from_shape((m, self.n), &mut y[..m * self.n]).expect("y must hold m × n floats");
        gemm(x, &self.w, y, Init::Bias(&self.bias), &mut GemmScratch::default());
    }
}

/// Reference in f64: `y (m × n) = x (m × k) · Wᵀ + b` with `W (n × k)` as stored by PyTorch.
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
#[path = "matmul_tests.rs"]
mod tests;
