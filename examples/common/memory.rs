//! Shared by the memory examples (`rnn_memory`, `transformer_memory`; issue 15, paste stress): a
//! counting allocator and `scripts/paste_stress.mjs`'s kind of text. Included with
//! `#[path = "common/memory.rs"] mod memory;` (a folder without `main.rs` is not an example itself).
#![allow(dead_code)] // each example uses its own part of it

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Counts every allocation: live bytes, the peak, and live bytes / allocations by size class.
/// Install it with `#[global_allocator] static A: Counting = Counting;`.
pub struct Counting;
pub static LIVE: AtomicUsize = AtomicUsize::new(0);
pub static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Live allocations by size class: < 64 B, < 4 KiB, < 256 KiB, ≥ 256 KiB (the wasm pool's).
pub static CLASS: [AtomicUsize; 4] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];
pub static CLASS_N: [AtomicUsize; 4] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];

fn class(n: usize) -> usize {
    match n {
        0..64 => 0,
        64..4096 => 1,
        4096..262144 => 2,
        _ => 3,
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        CLASS[class(l.size())].fetch_add(l.size(), Relaxed);
        CLASS_N[class(l.size())].fetch_add(1, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        CLASS[class(l.size())].fetch_sub(l.size(), Relaxed);
        CLASS_N[class(l.size())].fetch_sub(1, Relaxed);
        System.dealloc(p, l)
    }
}

pub fn live() -> usize {
    LIVE.load(Relaxed)
}

pub fn peak() -> usize {
    PEAK.load(Relaxed)
}

/// Live bytes and allocation counts in the four size classes, for a report line.
pub fn classes() -> String {
    (0..4).map(|i| format!("{} in {}", mb(CLASS[i].load(Relaxed)), CLASS_N[i].load(Relaxed))).collect::<Vec<_>>().join(" / ")
}

pub fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

/// paste_stress.mjs's text: Zipf(1) pseudo-words of 2–8 letters, a sentence end about every 15 words.
pub fn pseudo_text(bytes: usize, types: usize, seed: u32) -> String {
    let mut x = seed;
    let mut rnd = || {
        x = x.wrapping_mul(1103515245).wrapping_add(12345);
        x as f64 / 2f64.powi(32)
    };
    let vocab: Vec<String> = (0..types)
        .map(|_| {
            let n = 2 + (rnd() * 7.0) as usize;
            (0..n).map(|_| (b'a' + (rnd() * 26.0) as u8) as char).collect()
        })
        .collect();
    let mut out = String::with_capacity(bytes + 16);
    while out.len() < bytes {
        let r = ((rnd() * (types as f64).ln()).exp() as usize).clamp(1, types) - 1;
        out.push_str(&vocab[r]);
        out.push(' ');
        if rnd() < 1.0 / 15.0 {
            out.push_str(".\n");
        }
    }
    out
}
