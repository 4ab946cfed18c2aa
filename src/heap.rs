//! The wasm build's global allocator: dlmalloc (Rust's default on wasm32) for everything small,
//! and a pool of its own for large blocks (≥ [`LARGE`] bytes: a model's weight matrices, Adam's
//! moments, a batch's logits), so that small allocations never take their place.
//!
//! Why (issue 15, the soak test): a WebAssembly memory never shrinks, and dlmalloc grows it
//! whenever no free chunk is large enough. When a chapter rebuilds a model (a new corpus, every
//! visit of the Attention and Transformer chapters), the old model's 10–20 MB of matrices become
//! one free chunk; the rebuild's first small allocations (vocabulary strings, token ids) are carved
//! from that chunk (dlmalloc serves a small request from the smallest free chunk that fits, then
//! keeps splitting the remainder), so the new model's matrix no longer fits in it and the memory
//! grows by the matrix's size — at random moments of a long lesson: +19 MB at minute 22 of a
//! 30-minute soak (benches/README.md, "Soak").
//!
//! The pool: a large request is served from the smallest free pool block that holds it and is at
//! most twice its size; otherwise a new block comes from dlmalloc and never goes back to it. A
//! freed block returns to the pool, where only large requests look. So the pool only grows when
//! the large blocks in use at one time need more than it holds: the models a session keeps (one
//! per chapter) and the largest transient buffers, at most twice over (the size bound).
//! A block's capacity is in a 16-byte header before it, so a `realloc` that still fits stays in
//! place. Single-threaded: installed only on wasm32 without atomics (`lib.rs`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr;

/// Requests of this many bytes or more are pool blocks (dlmalloc's own mmap threshold in C).
pub const LARGE: usize = 256 << 10;
/// Header before each pool block: its capacity, and the next free block while it is free.
const HEADER: usize = 16;
/// Pool blocks come in whole 64 KiB pages (the wasm page), so nearby sizes share blocks.
const GRAIN: usize = 64 << 10;

/// The pool's state. Free blocks form a singly linked list through their headers; there are few
/// (one or two per model a session keeps), so a linear search is enough.
pub struct Pool {
    free: *mut u8,
    /// Bytes obtained from the backing allocator (headers included), for tests and diagnostics.
    pub obtained: usize,
}

impl Default for Pool {
    fn default() -> Self {
        Self::new()
    }
}

impl Pool {
    pub const fn new() -> Pool {
        Pool { free: ptr::null_mut(), obtained: 0 }
    }

    /// Whether `layout` is served by the pool (large, and alignment the header keeps).
    pub fn takes(layout: Layout) -> bool {
        layout.size() >= LARGE && layout.align() <= HEADER
    }

    /// # Safety
    /// `layout` must satisfy [`Pool::takes`]; `backing` must be the same allocator on every call.
    pub unsafe fn alloc(&mut self, layout: Layout, backing: &dyn GlobalAlloc) -> *mut u8 {
        let need = layout.size();
        // Best fit among the free blocks no more than twice the request.
        let (mut best, mut best_prev) = (ptr::null_mut::<u8>(), ptr::null_mut::<u8>());
        let (mut prev, mut b) = (ptr::null_mut::<u8>(), self.free);
        while !b.is_null() {
            let cap = capacity(b);
            if cap >= need && cap / 2 <= need && (best.is_null() || cap < capacity(best)) {
                (best, best_prev) = (b, prev);
            }
            (prev, b) = (b, next(b));
        }
        if !best.is_null() {
            let after = next(best);
            if best_prev.is_null() {
                self.free = after;
            } else {
                set_next(best_prev, after);
            }
            return best;
        }
        let cap = (need + HEADER).div_ceil(GRAIN) * GRAIN - HEADER;
        let Ok(whole) = Layout::from_size_align(cap + HEADER, HEADER) else { return ptr::null_mut() };
        let base = backing.alloc(whole);
        if base.is_null() {
            return base;
        }
        self.obtained += whole.size();
        let b = base.add(HEADER);
        set_capacity(b, cap);
        b
    }

    /// # Safety
    /// `b` must come from this pool's `alloc` and not be freed yet.
    pub unsafe fn dealloc(&mut self, b: *mut u8) {
        set_next(b, self.free);
        self.free = b;
    }

    /// The block's capacity (at least what was asked for).
    /// # Safety
    /// `b` must come from this pool's `alloc`.
    pub unsafe fn capacity(b: *const u8) -> usize {
        capacity(b)
    }

    /// Free blocks and their total capacity (diagnostics, tests).
    pub fn free_blocks(&self) -> (usize, usize) {
        let (mut n, mut bytes, mut b) = (0, 0, self.free);
        while !b.is_null() {
            // SAFETY: every block on the list came from `alloc` and keeps its header.
            unsafe {
                n += 1;
                bytes += capacity(b);
                b = next(b);
            }
        }
        (n, bytes)
    }
}

unsafe fn capacity(b: *const u8) -> usize {
    (b.sub(HEADER) as *const usize).read()
}
unsafe fn set_capacity(b: *mut u8, cap: usize) {
    (b.sub(HEADER) as *mut usize).write(cap)
}
unsafe fn next(b: *const u8) -> *mut u8 {
    (b.sub(HEADER / 2) as *const *mut u8).read()
}
unsafe fn set_next(b: *mut u8, n: *mut u8) {
    (b.sub(HEADER / 2) as *mut *mut u8).write(n)
}

/// dlmalloc for small requests, the [`Pool`] for large ones.
pub struct Split {
    pool: std::cell::UnsafeCell<Pool>,
}

impl Split {
    pub const fn new() -> Split {
        Split { pool: std::cell::UnsafeCell::new(Pool::new()) }
    }
}

impl Default for Split {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: only installed where there is one thread (wasm32 without atomics, lib.rs); the native
// tests use `Pool` directly.
unsafe impl Sync for Split {}

// Not inlined: under LTO the allocator shims are inlined into every allocation site, and with them
// these bodies (the wasm grew by 260 KB of code before this).
unsafe impl GlobalAlloc for Split {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Pool::takes(layout) {
            (*self.pool.get()).alloc(layout, &System)
        } else {
            System.alloc(layout)
        }
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Pool::takes(layout) {
            // A reused block holds old data.
            let p = self.alloc(layout);
            if !p.is_null() {
                ptr::write_bytes(p, 0, layout.size());
            }
            p
        } else {
            System.alloc_zeroed(layout)
        }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        if Pool::takes(layout) {
            (*self.pool.get()).dealloc(p)
        } else {
            System.dealloc(p, layout)
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        match (Pool::takes(layout), Pool::takes(new)) {
            (false, false) => System.realloc(p, layout, new_size),
            // Growing or shrinking inside the block's capacity, and not below half of it.
            (true, true) if new_size <= capacity(p) && capacity(p) / 2 <= new_size => p,
            _ => {
                let q = self.alloc(new);
                if !q.is_null() {
                    ptr::copy_nonoverlapping(p, q, layout.size().min(new_size));
                    self.dealloc(p, layout);
                }
                q
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(n: usize) -> Layout {
        Layout::from_size_align(n, 8).unwrap()
    }

    #[test]
    fn a_freed_block_serves_the_next_request_of_its_size() {
        let mut pool = Pool::new();
        unsafe {
            let a = pool.alloc(lay(1 << 20), &System);
            a.write_bytes(7, 1 << 20);
            let got = pool.obtained;
            pool.dealloc(a);
            // A slightly smaller request (a model rebuilt on another corpus) reuses it.
            let b = pool.alloc(lay((1 << 20) - 5000), &System);
            assert_eq!(a, b);
            assert_eq!(pool.obtained, got);
            pool.dealloc(b);
            // Less than half the block: a new one (a 1 MiB block never holds 300 KB).
            let c = pool.alloc(lay(300 << 10), &System);
            assert_ne!(c, a);
            assert!(Pool::capacity(c) >= 300 << 10);
            pool.dealloc(c);
            assert_eq!(pool.free_blocks().0, 2);
        }
    }

    #[test]
    fn a_fixed_working_set_stops_growing_the_pool() {
        // Three "models" rebuilt in turn on two "corpora" of different sizes, forever: after the
        // first round of each size the pool never asks for more.
        let mut pool = Pool::new();
        let sizes = |k: usize| [(3 << 20) + k * 4096, (12 << 20) + k * 65536, (900 << 10) + k * 128];
        let mut live: Vec<*mut u8> = vec![];
        let mut after_two_rounds = 0;
        for round in 0..40 {
            for (i, &n) in sizes(round % 2).iter().enumerate() {
                unsafe {
                    if live.len() > i {
                        pool.dealloc(live[i]);
                        live[i] = pool.alloc(lay(n), &System);
                    } else {
                        live.push(pool.alloc(lay(n), &System));
                    }
                    assert!(Pool::capacity(live[i]) >= n);
                    live[i].add(n - 1).write(1); // the whole request is usable
                }
            }
            if round == 1 {
                after_two_rounds = pool.obtained;
            }
        }
        assert_eq!(pool.obtained, after_two_rounds);
        // Distinct live blocks never overlap.
        let mut spans: Vec<(usize, usize)> = live.iter().map(|&p| unsafe { (p as usize, p as usize + Pool::capacity(p)) }).collect();
        spans.sort();
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
    }

    #[test]
    fn small_and_overaligned_requests_are_not_the_pools() {
        assert!(!Pool::takes(Layout::from_size_align(LARGE - 1, 8).unwrap()));
        assert!(Pool::takes(Layout::from_size_align(LARGE, 16).unwrap()));
        assert!(!Pool::takes(Layout::from_size_align(LARGE, 64).unwrap()));
    }

    #[test]
    fn realloc_keeps_the_data_across_the_threshold() {
        let s = Split::new();
        unsafe {
            let mut p = s.alloc(lay(1000));
            for i in 0..1000 {
                p.add(i).write(i as u8);
            }
            // small → large → larger (in place while it fits) → small
            p = s.realloc(p, lay(1000), LARGE + 10);
            let q = s.realloc(p, lay(LARGE + 10), LARGE + 20);
            assert_eq!(p, q, "inside the block's capacity: in place");
            p = s.realloc(q, lay(LARGE + 20), 4 * LARGE);
            p = s.realloc(p, lay(4 * LARGE), 500);
            assert!((0..500).all(|i| p.add(i).read() == i as u8));
            s.dealloc(p, lay(500));
            let z = s.alloc_zeroed(lay(4 * LARGE));
            assert!((0..4 * LARGE).all(|i| z.add(i).read() == 0), "a reused block is zeroed");
            s.dealloc(z, lay(4 * LARGE));
        }
    }
}
