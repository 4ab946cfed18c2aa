//! A log of the wasm allocator's large blocks (issue 15: which block sets a new high-water mark of
//! the wasm memory). Compiled only with the cargo feature `heap-trace` (off by default: without it
//! `heap::Split` has no log and its methods no extra code). Built with it, the log still records
//! nothing until `heapTrace(minBytes)` is called (the worker does so in a `?soak` page):
//! then every allocation or free of `minBytes` or more, and every allocation of any size that grew
//! the wasm memory, is one record of five `u32`s — kind, size in bytes, address, wasm memory in
//! 64 KiB pages before and after — kept in a fixed array (no allocation inside the allocator) until
//! `heapTraceTake()` hands them over. The worker tags them with the message it was handling.
//!
//!     ./scripts/build.sh --features heap-trace   # then: node scripts/paste_stress.mjs --trace FILE

/// Records kept between two takes; more are counted as lost (a record of kind [`LOST`] says how many).
pub const CAP: usize = 8192;
/// Kinds of record.
pub const ALLOC: u32 = 1;
pub const FREE: u32 = 2;
pub const REALLOC: u32 = 3;
pub const LOST: u32 = 9;

pub struct Trace {
    rec: [[u32; 5]; CAP],
    n: usize,
    lost: usize,
    /// 0: off.
    pub min: usize,
}

impl Default for Trace {
    fn default() -> Self {
        Self::new()
    }
}

impl Trace {
    pub const fn new() -> Trace {
        Trace { rec: [[0; 5]; CAP], n: 0, lost: 0, min: 0 }
    }

    /// Records `size` bytes at `addr` if it is large or the memory grew from `before` pages.
    pub fn note(&mut self, kind: u32, size: usize, addr: *const u8, before: usize) {
        if self.min == 0 {
            return;
        }
        let after = pages();
        if size < self.min && after == before {
            return;
        }
        if self.n == CAP {
            self.lost += 1;
            return;
        }
        self.rec[self.n] = [kind, size as u32, addr as usize as u32, before as u32, after as u32];
        self.n += 1;
    }

    /// The records since the last take, flattened (5 numbers each), and a [`LOST`] record if some
    /// did not fit. Recording is paused while the result is allocated.
    pub fn take(&mut self) -> Vec<u32> {
        let (n, lost, min) = (self.n, self.lost, self.min);
        self.min = 0;
        let mut out = Vec::with_capacity(5 * (n + 1));
        out.extend(self.rec[..n].iter().flatten());
        if lost > 0 {
            out.extend([LOST, lost as u32, 0, 0, 0]);
        }
        (self.n, self.lost, self.min) = (0, 0, min);
        out
    }
}

/// The wasm memory's size in 64 KiB pages (0 natively).
#[inline]
pub fn pages() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size::<0>()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod js {
    use wasm_bindgen::prelude::*;

    /// Starts (or, with 0, stops) recording blocks of `min_bytes` or more.
    #[wasm_bindgen(js_name = heapTrace)]
    pub fn heap_trace(min_bytes: usize) {
        crate::ALLOC.trace(|t| t.min = min_bytes)
    }

    /// The records since the last call: `[kind, size, address, pagesBefore, pagesAfter]` each.
    #[wasm_bindgen(js_name = heapTraceTake)]
    pub fn heap_trace_take() -> Vec<u32> {
        crate::ALLOC.trace(|t| t.take())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Split;
    use std::alloc::{GlobalAlloc, Layout};

    #[test]
    fn large_blocks_are_recorded_only_while_on() {
        let s = Split::new();
        let big = Layout::from_size_align(3 << 20, 8).unwrap();
        let small = Layout::from_size_align(100, 8).unwrap();
        unsafe {
            let p = s.alloc(big); // off: not recorded
            s.dealloc(p, big);
            s.trace(|t| t.min = 1 << 20);
            let p = s.alloc(big);
            let q = s.alloc(small); // small and the memory did not grow (natively: never)
                                    // In place (inside the block's 64 KiB grain), then moved: a new block and a free.
            let p2 = s.realloc(p, big, (3 << 20) + 1000);
            let p3 = s.realloc(p2, Layout::from_size_align((3 << 20) + 1000, 8).unwrap(), 5 << 20);
            s.dealloc(q, small);
            s.dealloc(p3, Layout::from_size_align(5 << 20, 8).unwrap());
            let got = s.trace(|t| t.take());
            let kinds: Vec<[u32; 3]> = got.chunks(5).map(|r| [r[0], r[1], (r[2] != 0) as u32]).collect();
            let m = 3 << 20;
            assert_eq!(kinds, [[ALLOC, m, 1], [REALLOC, m + 1000, 1], [ALLOC, 5 << 20, 1], [FREE, m + 1000, 1], [FREE, 5 << 20, 1]]);
            assert_eq!(p, p2);
            assert_eq!(got[2] as usize, p as usize as u32 as usize);
            assert!(s.trace(|t| t.take()).is_empty(), "taken once");
            // Still on after a take; off again with 0.
            let p = s.alloc(big);
            s.trace(|t| t.min = 0);
            s.dealloc(p, big);
            assert_eq!(s.trace(|t| t.take()).len(), 5);
        }
    }

    #[test]
    fn records_past_the_capacity_are_counted() {
        let mut t = Trace::new();
        t.min = 1;
        for i in 0..CAP + 3 {
            t.note(ALLOC, 10, i as *const u8, 0);
        }
        let got = t.take();
        assert_eq!(got.len(), 5 * (CAP + 1));
        assert_eq!(&got[5 * CAP..], &[LOST, 3, 0, 0, 0]);
    }
}
