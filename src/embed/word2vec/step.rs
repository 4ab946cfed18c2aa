//! One Word2Vec training example and the vector kernels under it.
//!
//! The kernels are written once over a 4-lane type [`F4`] that maps to SSE2 on x86-64, to
//! `simd128` on wasm32 and to a plain `[f32; 4]` elsewhere. The f32 operations and their order are
//! therefore the same on every target (four accumulators over 16-float chunks, a fixed reduction
//! tree, then the scalar tail; no fused multiply-add), so the native build and the wasm build
//! train bit-identical vectors from the same seed. The slices are bounds-checked once per row;
//! the inner loops read through raw pointers.

use crate::embed::kernels::Logistic;
use crate::embed::sampling::AliasSampler;
use crate::rng::Rng;
use f4::F4;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod f4 {
    use core::arch::wasm32::*;
    #[derive(Clone, Copy)]
    pub struct F4(v128);
    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F4(f32x4_splat(x))
        }
        /// # Safety: `p..p + 4` readable.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            F4(v128_load(p as *const v128))
        }
        /// # Safety: `p..p + 4` writable.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            v128_store(p as *mut v128, self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            F4(f32x4_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            F4(f32x4_mul(self.0, o.0))
        }
        #[inline(always)]
        pub fn lanes(self) -> [f32; 4] {
            [
                f32x4_extract_lane::<0>(self.0),
                f32x4_extract_lane::<1>(self.0),
                f32x4_extract_lane::<2>(self.0),
                f32x4_extract_lane::<3>(self.0),
            ]
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod f4 {
    use core::arch::x86_64::*;
    #[derive(Clone, Copy)]
    pub struct F4(__m128);
    // SAFETY (all): SSE2 is part of the x86-64 baseline; loads and stores are unaligned.
    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F4(unsafe { _mm_set1_ps(x) })
        }
        /// # Safety: `p..p + 4` readable.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            F4(_mm_loadu_ps(p))
        }
        /// # Safety: `p..p + 4` writable.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            _mm_storeu_ps(p, self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            F4(unsafe { _mm_add_ps(self.0, o.0) })
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            F4(unsafe { _mm_mul_ps(self.0, o.0) })
        }
        #[inline(always)]
        pub fn lanes(self) -> [f32; 4] {
            let mut a = [0.0f32; 4];
            unsafe { _mm_storeu_ps(a.as_mut_ptr(), self.0) };
            a
        }
    }
}

#[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
mod f4 {
    #[derive(Clone, Copy)]
    pub struct F4([f32; 4]);
    impl F4 {
        #[inline(always)]
        pub fn splat(x: f32) -> Self {
            F4([x; 4])
        }
        /// # Safety: `p..p + 4` readable.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> Self {
            F4(core::ptr::read_unaligned(p as *const [f32; 4]))
        }
        /// # Safety: `p..p + 4` writable.
        #[inline(always)]
        pub unsafe fn store(self, p: *mut f32) {
            core::ptr::write_unaligned(p as *mut [f32; 4], self.0)
        }
        #[inline(always)]
        pub fn add(self, o: Self) -> Self {
            F4(core::array::from_fn(|i| self.0[i] + o.0[i]))
        }
        #[inline(always)]
        pub fn mul(self, o: Self) -> Self {
            F4(core::array::from_fn(|i| self.0[i] * o.0[i]))
        }
        #[inline(always)]
        pub fn lanes(self) -> [f32; 4] {
            self.0
        }
    }
}

/// `Σ a[i]·b[i]` over the common length, in the same order on every target: lanes i mod 16 in
/// four 4-wide accumulators, a trailing 4-chunk into the first, the tree ((s0+s1)+(s2+s3)) and
/// ((l0+l1)+(l2+l3)), then the scalar tail in order.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let z = F4::splat(0.0);
    let (mut s0, mut s1, mut s2, mut s3) = (z, z, z, z);
    let mut i = 0;
    let (pa, pb) = (a.as_ptr(), b.as_ptr());
    // SAFETY: every 4-float load at i + k·4 has i + k·4 + 4 <= n, inside both slices.
    unsafe {
        while i + 16 <= n {
            s0 = s0.add(F4::load(pa.add(i)).mul(F4::load(pb.add(i))));
            s1 = s1.add(F4::load(pa.add(i + 4)).mul(F4::load(pb.add(i + 4))));
            s2 = s2.add(F4::load(pa.add(i + 8)).mul(F4::load(pb.add(i + 8))));
            s3 = s3.add(F4::load(pa.add(i + 12)).mul(F4::load(pb.add(i + 12))));
            i += 16;
        }
        while i + 4 <= n {
            s0 = s0.add(F4::load(pa.add(i)).mul(F4::load(pb.add(i))));
            i += 4;
        }
    }
    let l = s0.add(s1).add(s2.add(s3)).lanes();
    let mut sum = (l[0] + l[1]) + (l[2] + l[3]);
    while i < n {
        sum += a[i] * b[i];
        i += 1;
    }
    sum
}

/// `y += a·x` element-wise (the same rounding on every target: one multiply, one add).
#[inline]
pub fn axpy(a: f32, x: &[f32], y: &mut [f32]) {
    let n = x.len().min(y.len());
    let av = F4::splat(a);
    let mut i = 0;
    let (px, py) = (x.as_ptr(), y.as_mut_ptr());
    // SAFETY: as in `dot`; x and y do not overlap (& and &mut).
    unsafe {
        while i + 4 <= n {
            F4::load(py.add(i)).add(av.mul(F4::load(px.add(i)))).store(py.add(i));
            i += 4;
        }
    }
    while i < n {
        y[i] += a * x[i];
        i += 1;
    }
}

/// `grad_h += g·o; o += g·h` in one pass (both read the old `o`, as word2vec.c's two loops do).
#[inline]
fn axpy_pair(g: f32, h: &[f32], o: &mut [f32], grad_h: &mut [f32]) {
    let n = h.len().min(o.len()).min(grad_h.len());
    let gv = F4::splat(g);
    let mut i = 0;
    let (ph, po, pg) = (h.as_ptr(), o.as_mut_ptr(), grad_h.as_mut_ptr());
    // SAFETY: as in `dot`; the three slices are distinct borrows.
    unsafe {
        while i + 4 <= n {
            let ov = F4::load(po.add(i));
            F4::load(pg.add(i)).add(gv.mul(ov)).store(pg.add(i));
            ov.add(gv.mul(F4::load(ph.add(i)))).store(po.add(i));
            i += 4;
        }
    }
    while i < n {
        grad_h[i] += g * o[i];
        o[i] += g * h[i];
        i += 1;
    }
}

/// Asks the CPU to start loading row `id` of `m` into the cache (x86-64 only; a no-op elsewhere).
/// The rows of the next example's negatives are random, so without this each costs a cache miss
/// at the moment its dot product needs it.
#[inline(always)]
pub fn prefetch_row(m: &[f32], id: u32, dim: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let l = id as usize * dim;
        if dim > 0 && l + dim <= m.len() {
            let row = m[l..l + dim].as_ptr() as *const i8;
            let bytes = dim * 4;
            // SAFETY: every address is inside the row; a prefetch never faults anyway.
            unsafe {
                let mut off = 0;
                while off < bytes {
                    _mm_prefetch::<_MM_HINT_T0>(row.add(off));
                    off += 64;
                }
                _mm_prefetch::<_MM_HINT_T0>(row.add(bytes - 1));
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (m, id, dim);
}

/// Draws `n` negatives, skipping (not redrawing) any that equal the positive target, as
/// word2vec.c and gensim do (`if (target == word) continue;`). Training draws the same `n` numbers
/// and skips the target inside [`sg_step`] / [`cbow_step`]; this filtered list is what the
/// walkthrough shows.
pub fn draw_negatives(sampler: &AliasSampler, rng: &mut Rng, target: u32, n: usize, out: &mut Vec<u32>) {
    out.clear();
    for _ in 0..n {
        match sampler.sample(rng) {
            Some(t) if t != target => out.push(t),
            _ => {}
        }
    }
}

/// One binary-logistic target of negative sampling (Mikolov et al. 2013, eq. 4). With s = h·o and
/// y ∈ {0, 1}: loss ℓ = −ln σ(s) for y = 1 and −ln σ(−s) for y = 0, dℓ/ds = σ(s) − y,
/// ∂ℓ/∂h = (σ(s) − y)·o, ∂ℓ/∂o = (σ(s) − y)·h. word2vec.c's g = (y − σ(s))·lr = −lr·dℓ/ds; then
/// `grad_h += g·o` (h is shared by the example's targets and stepped by the caller after all of
/// them) and `o += g·h` at once. Returns ℓ before the update, or NaN (changing nothing) when s is
/// not finite — training stops then.
#[inline]
fn target_step<L: Logistic>(h: &[f32], o: &mut [f32], label: bool, lr: f32, grad_h: &mut [f32], lg: &L) -> f32 {
    let s = dot(h, o);
    if !s.is_finite() {
        return f32::NAN;
    }
    let y = if label { 1.0 } else { 0.0 };
    let g = (y - lg.sigmoid(s)) * lr;
    let loss = lg.neg_log_sigmoid(if label { s } else { -s });
    axpy_pair(g, h, o, grad_h);
    loss
}

#[inline]
fn row(m: &mut [f32], id: u32, dim: usize) -> &mut [f32] {
    let l = id as usize * dim;
    &mut m[l..l + dim]
}

/// One skip-gram example (word2vec.c's inner loop): the input vector of the context word `input`
/// is the hidden h; it should score the centre word's output vector high and the negatives' low.
/// Loss L = −ln σ(h·o_c) − Σₙ ln σ(−h·oₙ). Each output row gets `o −= lr·∂L/∂o` at once; the input
/// row gets `h −= lr·∂L/∂h` after all targets, with the step summed in `neu1e`. A negative equal
/// to `centre` is skipped. Returns the summed loss (NaN if a score was not finite).
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn sg_step<L: Logistic>(
    syn0: &mut [f32],
    syn1: &mut [f32],
    dim: usize,
    input: u32,
    centre: u32,
    negs: &[u32],
    lr: f32,
    neu1e: &mut [f32],
    lg: &L,
) -> f32 {
    let l1 = input as usize * dim;
    let neu1e = &mut neu1e[..dim];
    neu1e.fill(0.0);
    let h = &syn0[l1..l1 + dim];
    let mut loss = target_step(h, row(syn1, centre, dim), true, lr, neu1e, lg);
    for &t in negs {
        if t != centre {
            loss += target_step(h, row(syn1, t, dim), false, lr, neu1e, lg);
        }
    }
    if loss.is_nan() {
        return loss;
    }
    axpy(1.0, neu1e, &mut syn0[l1..l1 + dim]);
    loss
}

/// One CBOW example: h = (1/C)·Σ v_c over the C context words (word2vec.c `neu1 /= cw`), trained
/// like [`sg_step`]. Then every context row gets the full step for h, `v_c −= lr·∂L/∂h`, not the
/// chain-rule share ∂L/∂v_c = (1/C)·∂L/∂h: word2vec.c (and gensim with `cbow_mean=1`) add `neu1e`
/// to each context vector undivided, i.e. the inputs learn at C× the rate the mean implies.
#[allow(clippy::too_many_arguments)]
pub fn cbow_step<L: Logistic>(
    syn0: &mut [f32],
    syn1: &mut [f32],
    dim: usize,
    contexts: &[u32],
    centre: u32,
    negs: &[u32],
    lr: f32,
    neu1: &mut [f32],
    neu1e: &mut [f32],
    lg: &L,
) -> f32 {
    let (neu1, neu1e) = (&mut neu1[..dim], &mut neu1e[..dim]);
    neu1.fill(0.0);
    neu1e.fill(0.0);
    for &c in contexts {
        let l = c as usize * dim;
        axpy(1.0, &syn0[l..l + dim], neu1);
    }
    let inv = 1.0 / contexts.len() as f32;
    neu1.iter_mut().for_each(|x| *x *= inv);
    let mut loss = target_step(neu1, row(syn1, centre, dim), true, lr, neu1e, lg);
    for &t in negs {
        if t != centre {
            loss += target_step(neu1, row(syn1, t, dim), false, lr, neu1e, lg);
        }
    }
    if loss.is_nan() {
        return loss;
    }
    for &c in contexts {
        let l = c as usize * dim;
        axpy(1.0, neu1e, &mut syn0[l..l + dim]);
    }
    loss
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random(n: usize, rng: &mut Rng) -> Vec<f32> {
        (0..n).map(|_| rng.next_f32() * 2.0 - 1.0).collect()
    }

    /// The documented order, written out in scalar code: what every target must reproduce exactly.
    fn dot_reference(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        let mut acc = [0.0f32; 16];
        let mut i = 0;
        while i + 16 <= n {
            for l in 0..16 {
                acc[l] += a[i + l] * b[i + l];
            }
            i += 16;
        }
        while i + 4 <= n {
            for l in 0..4 {
                acc[l] += a[i + l] * b[i + l];
            }
            i += 4;
        }
        let s: Vec<f32> = (0..4).map(|l| (acc[l] + acc[4 + l]) + (acc[8 + l] + acc[12 + l])).collect();
        let mut sum = (s[0] + s[1]) + (s[2] + s[3]);
        while i < n {
            sum += a[i] * b[i];
            i += 1;
        }
        sum
    }

    #[test]
    fn kernels_follow_the_documented_order_bit_for_bit() {
        let mut rng = Rng::new(4);
        for n in (0..70).chain([99, 100, 101, 300]) {
            let (a, b) = (random(n, &mut rng), random(n, &mut rng));
            assert_eq!(dot(&a, &b).to_bits(), dot_reference(&a, &b).to_bits(), "n={n}");
            let (mut y, mut o, mut gh) = (b.clone(), b.clone(), a.clone());
            axpy(0.37, &a, &mut y);
            axpy_pair(-0.11, &a, &mut o, &mut gh);
            for i in 0..n {
                assert_eq!(y[i], b[i] + 0.37 * a[i]);
                assert_eq!(o[i], b[i] + -0.11 * a[i]);
                assert_eq!(gh[i], a[i] + -0.11 * b[i]);
            }
        }
    }
}
