//! A 4-lane f32 vector for [`super::kernels`], [`super::matmul`] and [`super::vmath`]: SSE2 on
//! x86-64, `simd128` on wasm32, a plain `[f32; 4]` elsewhere. Only operations that IEEE 754 (or
//! plain bit logic) defines exactly — no fused multiply-add, no approximate reciprocal — so every
//! target gives the same bits.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
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
        pub fn sub(self, o: Self) -> Self {
            F4(f32x4_sub(self.0, o.0))
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            F4(f32x4_div(self.0, o.0))
        }
        /// √x per lane (IEEE 754 correctly rounded, as `f32::sqrt`).
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            F4(f32x4_sqrt(self.0))
        }
        /// Lanes where `self < o`: all ones, else all zeros (false for NaN).
        #[inline(always)]
        pub fn lt(self, o: Self) -> Self {
            F4(f32x4_lt(self.0, o.0))
        }
        /// `mask ? a : b` per lane (mask lanes all ones or all zeros, from [`F4::lt`]).
        #[inline(always)]
        pub fn select(mask: Self, a: Self, b: Self) -> Self {
            F4(v128_bitselect(a.0, b.0, mask.0))
        }
        /// |x| (clears the sign bit).
        #[inline(always)]
        pub fn abs(self) -> Self {
            F4(f32x4_abs(self.0))
        }
        /// ⌊x⌋, exact for |x| < 2³¹ (the range [`super::super::vmath`] uses).
        #[inline(always)]
        pub fn floor(self) -> Self {
            F4(f32x4_floor(self.0))
        }
        /// 2ⁿ for lanes holding whole numbers n in [−126, 127] (built from the exponent bits).
        #[inline(always)]
        pub fn exp2i(self) -> Self {
            F4(i32x4_shl(i32x4_add(i32x4_trunc_sat_f32x4(self.0), i32x4_splat(127)), 23))
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
mod imp {
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
        pub fn sub(self, o: Self) -> Self {
            F4(unsafe { _mm_sub_ps(self.0, o.0) })
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            F4(unsafe { _mm_div_ps(self.0, o.0) })
        }
        /// √x per lane (IEEE 754 correctly rounded, as `f32::sqrt`).
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            F4(unsafe { _mm_sqrt_ps(self.0) })
        }
        /// Lanes where `self < o`: all ones, else all zeros (false for NaN).
        #[inline(always)]
        pub fn lt(self, o: Self) -> Self {
            F4(unsafe { _mm_cmplt_ps(self.0, o.0) })
        }
        /// `mask ? a : b` per lane (mask lanes all ones or all zeros, from [`F4::lt`]).
        #[inline(always)]
        pub fn select(mask: Self, a: Self, b: Self) -> Self {
            F4(unsafe { _mm_or_ps(_mm_and_ps(mask.0, a.0), _mm_andnot_ps(mask.0, b.0)) })
        }
        /// |x| (clears the sign bit).
        #[inline(always)]
        pub fn abs(self) -> Self {
            F4(unsafe { _mm_andnot_ps(_mm_set1_ps(-0.0), self.0) })
        }
        /// ⌊x⌋, exact for |x| < 2³¹: SSE2 has no rounding instruction (SSE4.1's `roundps` is not
        /// in the x86-64 baseline), so truncate toward zero and step down where that went up.
        #[inline(always)]
        pub fn floor(self) -> Self {
            let t = F4(unsafe { _mm_cvtepi32_ps(_mm_cvttps_epi32(self.0)) });
            F4::select(self.lt(t), t.sub(F4::splat(1.0)), t)
        }
        /// 2ⁿ for lanes holding whole numbers n in [−126, 127] (built from the exponent bits).
        #[inline(always)]
        pub fn exp2i(self) -> Self {
            F4(unsafe { _mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(_mm_cvttps_epi32(self.0), _mm_set1_epi32(127)), 23)) })
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
mod imp {
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
        pub fn sub(self, o: Self) -> Self {
            F4(core::array::from_fn(|i| self.0[i] - o.0[i]))
        }
        #[inline(always)]
        pub fn div(self, o: Self) -> Self {
            F4(core::array::from_fn(|i| self.0[i] / o.0[i]))
        }
        /// √x per lane.
        #[inline(always)]
        pub fn sqrt(self) -> Self {
            F4(core::array::from_fn(|i| self.0[i].sqrt()))
        }
        /// Lanes where `self < o`: all ones, else all zeros (false for NaN).
        #[inline(always)]
        pub fn lt(self, o: Self) -> Self {
            F4(core::array::from_fn(|i| f32::from_bits(if self.0[i] < o.0[i] { u32::MAX } else { 0 })))
        }
        /// `mask ? a : b` per lane (mask lanes all ones or all zeros, from [`F4::lt`]).
        #[inline(always)]
        pub fn select(mask: Self, a: Self, b: Self) -> Self {
            F4(core::array::from_fn(|i| if mask.0[i].to_bits() != 0 { a.0[i] } else { b.0[i] }))
        }
        /// |x| (clears the sign bit).
        #[inline(always)]
        pub fn abs(self) -> Self {
            F4(core::array::from_fn(|i| self.0[i].abs()))
        }
        /// ⌊x⌋.
        #[inline(always)]
        pub fn floor(self) -> Self {
            F4(core::array::from_fn(|i| self.0[i].floor()))
        }
        /// 2ⁿ for lanes holding whole numbers n in [−126, 127] (built from the exponent bits).
        #[inline(always)]
        pub fn exp2i(self) -> Self {
            F4(core::array::from_fn(|i| f32::from_bits(((self.0[i] as i32 + 127) as u32) << 23)))
        }
        #[inline(always)]
        pub fn lanes(self) -> [f32; 4] {
            self.0
        }
    }
}

pub(crate) use imp::F4;
