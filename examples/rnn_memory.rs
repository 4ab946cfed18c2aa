//! What the RNN chapter's `rnn.create` holds, counted natively (issue 15, paste stress): a ~1.5 MB
//! text of Zipf pseudo-words like `scripts/paste_stress.mjs`'s round 1 (4,000 types), the page's
//! default settings (characters, GRU/LSTM/RNN, hidden 128), and the worker's sequence: the
//! teacher's model, its two companions (`with_cell`, sharing its text), the n-gram baselines
//! (orders 1–3), a held-out pass each.
//! A counting allocator reports live bytes, the peak, and the live allocations by size class.
//! 64-bit native sizes: a `String` or `Vec` header is 24 bytes here, 12 on wasm32, and dlmalloc
//! rounds small blocks up to 16 bytes, so the wasm figures differ; the proportions are the point.
//! `cargo run --release --example rnn_memory -- [MB] [types]`.
use nlp_playground::lm::rnn::{RnnConfig, RnnLm};
use nlp_playground::lm::seq2seq::RnnCell;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Live allocations by size class: < 64 B, < 4 KiB, < 256 KiB, ≥ 256 KiB (the wasm pool's).
static CLASS: [AtomicUsize; 4] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];
static CLASS_N: [AtomicUsize; 4] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];

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

#[global_allocator]
static A: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:.1} MB", n as f64 / 1e6)
}

fn report(what: &str, base: usize) {
    let live = LIVE.load(Relaxed);
    let classes: Vec<String> = (0..4).map(|i| format!("{} in {}", mb(CLASS[i].load(Relaxed)), CLASS_N[i].load(Relaxed))).collect();
    println!(
        "{what:<34} live {:>9} (+{:>9} over the text), peak {:>9}; by size <64 B / <4 KiB / <256 KiB / ≥256 KiB: {}",
        mb(live),
        mb(live.saturating_sub(base)),
        mb(PEAK.load(Relaxed)),
        classes.join(" / ")
    );
}

/// paste_stress.mjs's text: Zipf(1) pseudo-words of 2–8 letters, a sentence end about every 15 words.
fn text(bytes: usize, types: usize, seed: u32) -> String {
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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mbytes: f64 = args.get(1).map_or(1.5, |s| s.parse().unwrap());
    let types: usize = args.get(2).map_or(4000, |s| s.parse().unwrap());
    let t = text((mbytes * 1e6) as usize, types, 1000);
    let base = LIVE.load(Relaxed);
    report(&format!("text ({} bytes)", t.len()), base);
    let cfg = RnnConfig::default();
    let mut models = vec![RnnLm::new(&t, cfg).unwrap()];
    report(&format!("+ RnnLm::new ({:?})", cfg.cell), base);
    for cell in [RnnCell::Rnn, RnnCell::Lstm] {
        models.push(models[0].with_cell(cell).unwrap());
        report(&format!("+ with_cell({cell:?})"), base);
    }
    for order in 1..=3 {
        let p = models[0].ngram_heldout_perplexity(order).unwrap();
        report(&format!("+ n-gram baseline order {order} ({:.1})", p.unwrap_or(f64::NAN)), base);
    }
    for m in &mut models {
        m.heldout_perplexity();
    }
    report("+ held-out pass of each", base);
    for m in &mut models {
        m.train(10).unwrap();
    }
    report("+ 10 training steps of each", base);
    drop(models);
    report("all dropped", base);
}
