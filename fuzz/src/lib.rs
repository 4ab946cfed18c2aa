//! What every fuzz target shares: a global allocator that refuses to let one input allocate more
//! than its budget, so "memory bounded by the input size" is checked on every execution rather than
//! by the machine running out.
//!
//! Budget for an input of n bytes: [`BASE`] + [`PER_BYTE`] · n bytes live at once. A single request
//! above what is left of it — a 10 GB tensor shape in a 1 KB file — aborts at the request, before
//! anything is allocated, with a message naming the size; libFuzzer saves the input as a crash. A
//! parser that asks with `try_reserve` is caught too: asking is already the bug.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Bytes any input may use (tables, the tokenizer's vocabulary of a small file, scratch).
pub const BASE: usize = 32 << 20;
/// Bytes per input byte: a JSON document held as values, f16 widened to f32, hash maps of words.
pub const PER_BYTE: usize = 64;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);

pub struct Bounded;

fn over(size: usize) -> ! {
    // No allocation here: a fixed message and the size written digit by digit.
    let mut buf = [0u8; 160];
    let mut w = &mut buf[..];
    let _ = write!(w, "fuzz: an allocation of {size} bytes would pass the input's budget of {} bytes\n", LIMIT.load(Relaxed));
    let left = w.len();
    let _ = std::io::stderr().write_all(&buf[..buf.len() - left]);
    std::process::abort();
}

unsafe impl GlobalAlloc for Bounded {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        if LIVE.load(Relaxed).saturating_add(l.size()) > LIMIT.load(Relaxed) {
            over(l.size());
        }
        let p = System.alloc(l);
        if !p.is_null() {
            LIVE.fetch_add(l.size(), Relaxed);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        if LIVE.load(Relaxed).saturating_add(l.size()) > LIMIT.load(Relaxed) {
            over(l.size());
        }
        let p = System.alloc_zeroed(l);
        if !p.is_null() {
            LIVE.fetch_add(l.size(), Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if new > l.size() && LIVE.load(Relaxed).saturating_add(new - l.size()) > LIMIT.load(Relaxed) {
            over(new);
        }
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            LIVE.fetch_add(new, Relaxed);
            LIVE.fetch_sub(l.size(), Relaxed);
        }
        q
    }
}

#[global_allocator]
static ALLOC: Bounded = Bounded;

/// Runs `f` on one input of `len` bytes under the budget. Whatever `f` returns (a result or an
/// error) is fine; a panic, an abort or an allocation past the budget is a finding.
pub fn bounded<T>(len: usize, f: impl FnOnce() -> T) -> T {
    let live = LIVE.load(Relaxed);
    LIMIT.store(live.saturating_add(BASE).saturating_add(PER_BYTE.saturating_mul(len)), Relaxed);
    let out = f();
    LIMIT.store(usize::MAX, Relaxed);
    out
}

/// Splits one fuzz input into `n` parts at NUL bytes (the seeds are written so), for targets that
/// read several files at once. Missing parts are empty.
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out: Vec<&[u8]> = data.splitn(n, |&b| b == 0).collect();
    out.resize(n, &[]);
    out
}
