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
//! most twice its size. On a miss — no free block fits — every free pool block goes back to
//! dlmalloc first, which merges each with its free neighbours (blocks freed together, a whole
//! model's, usually lie side by side), and then the request is dlmalloc's: served from that merged
//! space if it fits, by growing the memory only if nothing does. A freed block returns to the pool,
//! where only large requests look. So a model rebuilt at the sizes it had (the soak: the same
//! corpora again and again) finds its blocks where they were and small allocations never take
//! their place; and a model rebuilt at new sizes (a pasted text, each with another vocabulary) does
//! not leave the old sizes' blocks in the pool for good. Before the give-back, blocks of sizes no
//! request fitted any more piled up, and 2 MB pastes grew the memory by 18–31 MB with each new
//! combination of sizes (benches/README.md, "Soak", paste stress).
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
    /// Bytes held from the backing allocator now, in use or free (headers included), for tests
    /// and diagnostics.
    pub held: usize,
}

impl Default for Pool {
    fn default() -> Self {
        Self::new()
    }
}

impl Pool {
    pub const fn new() -> Pool {
        Pool { free: ptr::null_mut(), held: 0 }
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
        // A miss: the free blocks all go back (see the module's comment), then the backing
        // allocator serves the request.
        self.give_back(backing);
        let cap = (need + HEADER).div_ceil(GRAIN) * GRAIN - HEADER;
        let Ok(whole) = Layout::from_size_align(cap + HEADER, HEADER) else { return ptr::null_mut() };
        let base = backing.alloc(whole);
        if base.is_null() {
            return base;
        }
        self.held += whole.size();
        let b = base.add(HEADER);
        set_capacity(b, cap);
        b
    }

    /// Returns every free block to `backing`.
    /// # Safety
    /// `backing` must be the allocator the blocks came from.
    pub unsafe fn give_back(&mut self, backing: &dyn GlobalAlloc) {
        while !self.free.is_null() {
            let b = self.free;
            self.free = next(b);
            let whole = capacity(b) + HEADER;
            backing.dealloc(b.sub(HEADER), Layout::from_size_align_unchecked(whole, HEADER));
            self.held -= whole;
        }
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
    /// Only with the feature `heap-trace` (`src/heap_trace.rs`): a log of the large blocks.
    #[cfg(feature = "heap-trace")]
    log: std::cell::UnsafeCell<crate::heap_trace::Trace>,
}

impl Split {
    pub const fn new() -> Split {
        Split {
            pool: std::cell::UnsafeCell::new(Pool::new()),
            #[cfg(feature = "heap-trace")]
            log: std::cell::UnsafeCell::new(crate::heap_trace::Trace::new()),
        }
    }

    /// Runs `f` on the log (single-threaded, as the allocator).
    #[cfg(feature = "heap-trace")]
    pub fn trace<R>(&self, f: impl FnOnce(&mut crate::heap_trace::Trace) -> R) -> R {
        // SAFETY: one thread (see `Sync` below); the log is never borrowed across a call.
        unsafe { f(&mut *self.log.get()) }
    }
}

/// With the feature `heap-trace`: runs `$body` and records its block (kind, size, the pointer it
/// returns) with the wasm memory's size before and after. Without it: `$body`, nothing else.
macro_rules! traced {
    ($self:ident, $kind:ident, $size:expr, $body:expr) => {{
        #[cfg(feature = "heap-trace")]
        let before = crate::heap_trace::pages();
        let p = $body;
        #[cfg(feature = "heap-trace")]
        $self.trace(|t| t.note(crate::heap_trace::$kind, $size, p, before));
        p
    }};
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
        traced!(self, ALLOC, layout.size(), {
            if Pool::takes(layout) {
                (*self.pool.get()).alloc(layout, &System)
            } else {
                System.alloc(layout)
            }
        })
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
            traced!(self, ALLOC, layout.size(), System.alloc_zeroed(layout))
        }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        #[cfg(feature = "heap-trace")]
        self.trace(|t| t.note(crate::heap_trace::FREE, layout.size(), p, crate::heap_trace::pages()));
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
            (false, false) => traced!(self, REALLOC, new_size, System.realloc(p, layout, new_size)),
            // Growing or shrinking inside the block's capacity, and not below half of it.
            (true, true) if new_size <= capacity(p) && capacity(p) / 2 <= new_size => traced!(self, REALLOC, new_size, p),
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
            let got = pool.held;
            pool.dealloc(a);
            // A slightly smaller request (a model rebuilt on another corpus) reuses it.
            let b = pool.alloc(lay((1 << 20) - 5000), &System);
            assert_eq!(a, b);
            assert_eq!(pool.held, got);
            pool.dealloc(b);
            // Less than half the block: a new one (a 1 MiB block never holds 300 KB).
            let c = pool.alloc(lay(300 << 10), &System);
            assert!((300 << 10..1 << 20).contains(&Pool::capacity(c)));
            // That miss gave the free 1 MiB block back: the pool holds only `c` now.
            assert_eq!(pool.free_blocks(), (0, 0));
            assert_eq!(pool.held, Pool::capacity(c) + HEADER);
            pool.dealloc(c);
            assert_eq!(pool.free_blocks().0, 1);
        }
    }

    #[test]
    fn a_miss_gives_the_free_blocks_back() {
        // Before the give-back the pool kept every block no later request fitted: here 1 + 3 + 9
        // + 27 MiB for one 27 MiB block in use.
        let mut pool = Pool::new();
        unsafe {
            let mut b = pool.alloc(lay(1 << 20), &System);
            for n in [3 << 20, 9 << 20, 27 << 20] {
                pool.dealloc(b);
                b = pool.alloc(lay(n), &System);
                assert_eq!(pool.held, Pool::capacity(b) + HEADER, "only the block in use is held");
            }
            // A hit takes the block off the free list and gives nothing back.
            pool.dealloc(b);
            let c = pool.alloc(lay(20 << 20), &System);
            assert_eq!(c, b);
            pool.dealloc(c);
            pool.give_back(&System);
            assert_eq!((pool.held, pool.free_blocks()), (0, (0, 0)));
        }
    }

    /// A stand-in for the wasm memory under dlmalloc: one address range that only grows, free
    /// chunks merged with their neighbours, best fit (dlmalloc's choice for large chunks).
    struct Arena {
        base: *mut u8,
        size: usize,
        top: std::cell::Cell<usize>,
        /// Free chunks (offset, length), in address order.
        free: std::cell::RefCell<Vec<(usize, usize)>>,
    }

    impl Arena {
        fn new(size: usize) -> Arena {
            let base = unsafe { System.alloc(Layout::from_size_align(size, 64).unwrap()) };
            Arena { base, size, top: 0.into(), free: vec![].into() }
        }
    }

    impl Drop for Arena {
        fn drop(&mut self) {
            unsafe { System.dealloc(self.base, Layout::from_size_align(self.size, 64).unwrap()) }
        }
    }

    unsafe impl GlobalAlloc for Arena {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            let n = l.size().div_ceil(16) * 16;
            let mut free = self.free.borrow_mut();
            let best = (0..free.len()).filter(|&i| free[i].1 >= n).min_by_key(|&i| free[i].1);
            if let Some(i) = best {
                let (at, len) = free[i];
                if len == n {
                    free.remove(i);
                } else {
                    free[i] = (at + n, len - n);
                }
                return self.base.add(at);
            }
            let at = self.top.get();
            assert!(at + n <= self.size, "the arena is too small for the test");
            self.top.set(at + n);
            self.base.add(at)
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            let (at, n) = (p.offset_from(self.base) as usize, l.size().div_ceil(16) * 16);
            let mut free = self.free.borrow_mut();
            let i = free.partition_point(|&(a, _)| a < at);
            free.insert(i, (at, n));
            // Merge with the next chunk, then with the previous one; a chunk at the top lowers it.
            if i + 1 < free.len() && free[i].0 + free[i].1 == free[i + 1].0 {
                free[i].1 += free.remove(i + 1).1;
            }
            let i = if i > 0 && free[i - 1].0 + free[i - 1].1 == free[i].0 {
                free[i - 1].1 += free.remove(i).1;
                i - 1
            } else {
                i
            };
            if free[i].0 + free[i].1 == self.top.get() {
                self.top.set(free.remove(i).0);
            }
        }
    }

    #[test]
    fn pastes_of_new_sizes_stop_growing_the_memory() {
        // paste_stress.mjs in miniature: every round a new text (small allocations for its
        // tokens, kept until the next round: the corpus), then three "models" rebuilt one after
        // the other at sizes that change from round to round (a vocabulary of 4,000–40,000 words
        // times a dimension), with small allocations (their vocabularies) between their blocks.
        // The arena's high-water mark is the wasm memory. Free blocks kept by the pool for sizes
        // that no longer come, and small allocations splitting the free space, both raise it; the
        // first is the pool's to avoid.
        let arena = Arena::new(1 << 30);
        let mut pool = Pool::new();
        let mut x = 12345u64;
        let mut rnd = |n: usize| {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((x >> 33) as usize) % n
        };
        let mut models: Vec<Vec<(*mut u8, usize)>> = vec![vec![], vec![], vec![]];
        let mut corpus: Vec<(*mut u8, usize)> = vec![];
        const ROUNDS: usize = 300;
        let (mut marks, mut most) = (vec![], 0);
        for _round in 0..ROUNDS {
            unsafe {
                for &(p, n) in &corpus {
                    arena.dealloc(p, lay(n));
                }
                corpus.clear();
                let types = 4000 + 4000 * rnd(10);
                for _ in 0..200 {
                    let n = 16 + rnd(2000);
                    corpus.push((arena.alloc(lay(n)), n));
                }
                for (m, model) in models.iter_mut().enumerate() {
                    for &(p, _) in model.iter() {
                        pool.dealloc(p);
                    }
                    model.clear();
                    // An embedding, an output matrix, an optimiser moment; transient strings between.
                    for dim in [64, 100 + 28 * m, 64] {
                        let n = types * dim * 4;
                        model.push((pool.alloc(lay(n), &arena), n));
                        let k = 100 + rnd(3000);
                        corpus.push((arena.alloc(lay(k)), k));
                    }
                }
            }
            marks.push(arena.top.get());
            let live: usize = models.iter().flatten().chain(&corpus).map(|&(_, n)| n).sum();
            most = most.max(live);
        }
        let high = |r: std::ops::Range<usize>| marks[r].iter().copied().max().unwrap();
        let by100: Vec<usize> = (0..ROUNDS / 100).map(|k| high(k * 100..k * 100 + 100) >> 20).collect();
        eprintln!("high-water by 100 rounds {by100:?} MB; most live at a round's end {} MB", most >> 20);
        // Measured when written: 169–177 MB in each hundred rounds for 117 MB live (1.5×); with
        // the pool keeping its free blocks for good, 211 MB and then 232 MB (2.0×).
        assert!(high(0..ROUNDS) * 4 <= most * 7, "the memory reached {} MB for {} MB live", high(0..ROUNDS) >> 20, most >> 20);
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
                after_two_rounds = pool.held;
            }
        }
        assert_eq!(pool.held, after_two_rounds);
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
