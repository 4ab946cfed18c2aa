//! Register-tile variants of `nn::matmul`'s micro-kernel as a standalone wasm module, to see what
//! V8 makes of each (benches/README.md, "RNN training step": the LSTM step and the kernel's
//! ceiling in V8). Not part of the library or CI. Build and run (from the repository root):
//!
//! ```sh
//! rustc --edition 2021 --target wasm32-unknown-unknown -C target-feature=+simd128 -C opt-level=3 \
//!   -C panic=abort --crate-type=cdylib benches/rnn/kernel_variants.rs -o /tmp/kernel_variants.wasm
//! node benches/rnn/kernel_variants.mjs /tmp/kernel_variants.wasm [k=128]
//! ```
//!
//! Every variant adds `A (MR × k) · B (k × 8)` into an `MR × 8` tile of C kept in registers, the
//! loads from L1-resident buffers; C is read back at each call so no call can be skipped.
//! 0 is the library's kernel (A's 4 rows read in place through offsets, as `gemm` does for a
//! row-major A); 1 and 2 read A packed (`a[kk·4 + i]`), broadcasting from memory or splatting
//! lanes of one vector; 5 and 6 are 5×8 and 6×8 tiles; 7 unrolls 1 by two by hand. 10 and 12
//! add two steps' products together before the accumulator (`c += x_k·b_k + x_{k+1}·b_{k+1}`):
//! another rounding, for a 4×8 and a 2×8 tile.
#![no_std]
use core::arch::wasm32::*;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}

const N: usize = 8 * 1024;
static mut A: [f32; N] = [0.0; N];
static mut B: [f32; N] = [0.0; N];
static mut C: [f32; 64] = [0.0; 64];

#[inline(always)]
unsafe fn ld(p: *const f32) -> v128 {
    v128_load(p as *const v128)
}
#[inline(always)]
unsafe fn sp(p: *const f32) -> v128 {
    f32x4_splat(*p)
}
#[inline(always)]
fn ma(c: v128, a: v128, b: v128) -> v128 {
    f32x4_add(c, f32x4_mul(a, b))
}
#[inline(always)]
fn ma2(c: v128, x: v128, b: v128, y: v128, d: v128) -> v128 {
    f32x4_add(c, f32x4_add(f32x4_mul(x, b), f32x4_mul(y, d)))
}
/// Loads `R` accumulators from C, runs `$body` k times, stores them back.
macro_rules! tile {
    ($c:ident, [$($acc:ident),*], $body:block, $k:expr) => {{
        let mut i = 0;
        $(let mut $acc = ld($c.add(4 * i)); i += 1;)*
        let _ = i;
        for _ in 0..$k $body
        let mut i = 0;
        $(v128_store($c.add(4 * i) as *mut v128, $acc); i += 1;)*
        let _ = i;
    }};
}

#[inline(never)]
unsafe fn v0(a: *const f32, o: [usize; 4], b: *const f32, k: usize, c: *mut f32) {
    let (mut ap, mut bp) = (a, b);
    tile!(c, [c00, c01, c10, c11, c20, c21, c30, c31], {
        let (b0, b1) = (ld(bp), ld(bp.add(4)));
        let (x0, x1, x2, x3) = (sp(ap.add(o[0])), sp(ap.add(o[1])), sp(ap.add(o[2])), sp(ap.add(o[3])));
        c00 = ma(c00, x0, b0); c01 = ma(c01, x0, b1); c10 = ma(c10, x1, b0); c11 = ma(c11, x1, b1);
        c20 = ma(c20, x2, b0); c21 = ma(c21, x2, b1); c30 = ma(c30, x3, b0); c31 = ma(c31, x3, b1);
        ap = ap.add(1); bp = bp.add(8);
    }, k);
}
#[inline(never)]
unsafe fn v1(a: *const f32, b: *const f32, k: usize, c: *mut f32) {
    let (mut ap, mut bp) = (a, b);
    tile!(c, [c00, c01, c10, c11, c20, c21, c30, c31], {
        let (b0, b1) = (ld(bp), ld(bp.add(4)));
        let (x0, x1, x2, x3) = (sp(ap), sp(ap.add(1)), sp(ap.add(2)), sp(ap.add(3)));
        c00 = ma(c00, x0, b0); c01 = ma(c01, x0, b1); c10 = ma(c10, x1, b0); c11 = ma(c11, x1, b1);
        c20 = ma(c20, x2, b0); c21 = ma(c21, x2, b1); c30 = ma(c30, x3, b0); c31 = ma(c31, x3, b1);
        ap = ap.add(4); bp = bp.add(8);
    }, k);
}
#[inline(never)]
unsafe fn v2(a: *const f32, b: *const f32, k: usize, c: *mut f32) {
    let (mut ap, mut bp) = (a, b);
    tile!(c, [c00, c01, c10, c11, c20, c21, c30, c31], {
        let (b0, b1, av) = (ld(bp), ld(bp.add(4)), ld(ap));
        let x0 = i32x4_shuffle::<0, 0, 0, 0>(av, av);
        let x1 = i32x4_shuffle::<1, 1, 1, 1>(av, av);
        let x2 = i32x4_shuffle::<2, 2, 2, 2>(av, av);
        let x3 = i32x4_shuffle::<3, 3, 3, 3>(av, av);
        c00 = ma(c00, x0, b0); c01 = ma(c01, x0, b1); c10 = ma(c10, x1, b0); c11 = ma(c11, x1, b1);
        c20 = ma(c20, x2, b0); c21 = ma(c21, x2, b1); c30 = ma(c30, x3, b0); c31 = ma(c31, x3, b1);
        ap = ap.add(4); bp = bp.add(8);
    }, k);
}
#[inline(never)]
unsafe fn v5(a: *const f32, b: *const f32, k: usize, c: *mut f32) {
    let (mut ap, mut bp) = (a, b);
    tile!(c, [c00, c01, c10, c11, c20, c21, c30, c31, c40, c41], {
        let (b0, b1) = (ld(bp), ld(bp.add(4)));
        let x = sp(ap); c00 = ma(c00, x, b0); c01 = ma(c01, x, b1);
        let x = sp(ap.add(1)); c10 = ma(c10, x, b0); c11 = ma(c11, x, b1);
        let x = sp(ap.add(2)); c20 = ma(c20, x, b0); c21 = ma(c21, x, b1);
        let x = sp(ap.add(3)); c30 = ma(c30, x, b0); c31 = ma(c31, x, b1);
        let x = sp(ap.add(4)); c40 = ma(c40, x, b0); c41 = ma(c41, x, b1);
        ap = ap.add(5); bp = bp.add(8);
    }, k);
}
#[inline(never)]
unsafe fn v6(a: *const f32, b: *const f32, k: usize, c: *mut f32) {
    let (mut ap, mut bp) = (a, b);
    tile!(c, [c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51], {
        let (b0, b1) = (ld(bp), ld(bp.add(4)));
        let x = sp(ap); c00 = ma(c00, x, b0); c01 = ma(c01, x, b1);
        let x = sp(ap.add(1)); c10 = ma(c10, x, b0); c11 = ma(c11, x, b1);
        let x = sp(ap.add(2)); c20 = ma(c20, x, b0); c21 = ma(c21, x, b1);
        let x = sp(ap.add(3)); c30 = ma(c30, x, b0); c31 = ma(c31, x, b1);
        let x = sp(ap.add(4)); c40 = ma(c40, x, b0); c41 = ma(c41, x, b1);
        let x = sp(ap.add(5)); c50 = ma(c50, x, b0); c51 = ma(c51, x, b1);
        ap = ap.add(6); bp = bp.add(8);
    }, k);
}
#[inline(never)]
unsafe fn v7(a: *const f32, b: *const f32, k: usize, c: *mut f32) {
    let (mut ap, mut bp) = (a, b);
    tile!(c, [c00, c01, c10, c11, c20, c21, c30, c31], {
        for u in 0..2 {
            let (b0, b1) = (ld(bp.add(8 * u)), ld(bp.add(8 * u + 4)));
            let x = sp(ap.add(4 * u)); c00 = ma(c00, x, b0); c01 = ma(c01, x, b1);
            let x = sp(ap.add(4 * u + 1)); c10 = ma(c10, x, b0); c11 = ma(c11, x, b1);
            let x = sp(ap.add(4 * u + 2)); c20 = ma(c20, x, b0); c21 = ma(c21, x, b1);
            let x = sp(ap.add(4 * u + 3)); c30 = ma(c30, x, b0); c31 = ma(c31, x, b1);
        }
        ap = ap.add(8); bp = bp.add(16);
    }, k / 2);
}
#[inline(never)]
unsafe fn v10(a: *const f32, b: *const f32, k: usize, c: *mut f32) {
    let (mut ap, mut bp) = (a, b);
    tile!(c, [c00, c01, c10, c11, c20, c21, c30, c31], {
        let (b0, b1, d0, d1) = (ld(bp), ld(bp.add(4)), ld(bp.add(8)), ld(bp.add(12)));
        let (x, y) = (sp(ap), sp(ap.add(4))); c00 = ma2(c00, x, b0, y, d0); c01 = ma2(c01, x, b1, y, d1);
        let (x, y) = (sp(ap.add(1)), sp(ap.add(5))); c10 = ma2(c10, x, b0, y, d0); c11 = ma2(c11, x, b1, y, d1);
        let (x, y) = (sp(ap.add(2)), sp(ap.add(6))); c20 = ma2(c20, x, b0, y, d0); c21 = ma2(c21, x, b1, y, d1);
        let (x, y) = (sp(ap.add(3)), sp(ap.add(7))); c30 = ma2(c30, x, b0, y, d0); c31 = ma2(c31, x, b1, y, d1);
        ap = ap.add(8); bp = bp.add(16);
    }, k / 2);
}
#[inline(never)]
unsafe fn v12(a: *const f32, b: *const f32, k: usize, c: *mut f32) {
    let (mut ap, mut bp) = (a, b);
    tile!(c, [c00, c01, c10, c11], {
        let (b0, b1, d0, d1) = (ld(bp), ld(bp.add(4)), ld(bp.add(8)), ld(bp.add(12)));
        let (x, y) = (sp(ap), sp(ap.add(2))); c00 = ma2(c00, x, b0, y, d0); c01 = ma2(c01, x, b1, y, d1);
        let (x, y) = (sp(ap.add(1)), sp(ap.add(3))); c10 = ma2(c10, x, b0, y, d0); c11 = ma2(c11, x, b1, y, d1);
        ap = ap.add(4); bp = bp.add(16);
    }, k / 2);
}

/// Fills A and B with small values (the kernels then never overflow or go subnormal).
#[no_mangle]
pub unsafe extern "C" fn init() {
    for i in 0..N {
        A[i] = (i % 7) as f32 * 0.01;
        B[i] = (i % 5) as f32 * 0.01;
    }
}

/// Runs variant `v` `reps` times with inner length `k` (≤ 1024); returns the flops of one call
/// (0 for an unknown variant).
#[no_mangle]
pub unsafe extern "C" fn run(v: u32, k: usize, reps: u32) -> f64 {
    // Read through a volatile load, so the compiler cannot see A and B's contents.
    let a = core::ptr::read_volatile(&core::ptr::addr_of!(A)) as *const f32;
    let b = core::ptr::read_volatile(&core::ptr::addr_of!(B)) as *const f32;
    let c = core::ptr::addr_of_mut!(C) as *mut f32;
    let mr = match v {
        0 | 1 | 2 | 7 | 10 => 4,
        5 => 5,
        6 => 6,
        12 => 2,
        _ => return 0.0,
    };
    for _ in 0..reps {
        match v {
            0 => v0(a, [0, k, 2 * k, 3 * k], b, k, c),
            1 => v1(a, b, k, c),
            2 => v2(a, b, k, c),
            5 => v5(a, b, k, c),
            6 => v6(a, b, k, c),
            7 => v7(a, b, k, c),
            10 => v10(a, b, k, c),
            _ => v12(a, b, k, c),
        }
    }
    2.0 * (mr * 8 * k) as f64
}
