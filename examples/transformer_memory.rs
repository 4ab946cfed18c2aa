//! What the Transformer chapter's `tf.create` + training holds, counted natively (issue 15, paste
//! stress round 3: the largest vocabulary): a ~2.17 MB text of Zipf pseudo-words of 40,000 types
//! like `scripts/paste_stress.mjs`'s, the page's default settings (masked LM, batch 16 × context 32),
//! and the worker's sequence: the model, a held-out perplexity, a sentence run, training steps, and
//! a perplexity again (its batches have their own number of masked rows).
//! A counting allocator reports live bytes and the peak. The masked-LM head's `(rows, V)` logits
//! and their gradient dominate at this vocabulary; `--kind causal` for the causal LM, whose head
//! predicts every position and so keeps batch × context rows.
//! 64-bit native sizes; the f32 buffers are the same size on wasm32.
//! `cargo run --release --example transformer_memory -- [MB] [types] [--kind causal]`.
use nlp_playground::lm::transformer::{Kind, Transformer, TransformerConfig};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
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
    println!("{what:<40} live {:>9} (+{:>9} over the text), peak {:>9}", mb(live), mb(live.saturating_sub(base)), mb(PEAK.load(Relaxed)));
}

/// paste_stress.mjs's text: Zipf(1) pseudo-words of 2–8 letters, a sentence end about every 15
/// words (the same generator as `examples/rnn_memory.rs`).
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
    let args: Vec<String> = std::env::args().filter(|a| !a.starts_with("--")).collect();
    let causal = std::env::args().any(|a| a == "causal");
    let mbytes: f64 = args.get(1).map_or(2.17, |s| s.parse().unwrap());
    let types: usize = args.get(2).map_or(40000, |s| s.parse().unwrap());
    let t = text((mbytes * 1e6) as usize, types, 1002);
    let base = LIVE.load(Relaxed);
    report(&format!("text ({} bytes)", t.len()), base);
    let kind = if causal { Kind::Causal } else { Kind::Mlm };
    let mut m = Transformer::new(&t, TransformerConfig { kind, ..Default::default() }).unwrap();
    report(&format!("+ Transformer::new ({kind:?}, V {})", m.data.vocab()), base);
    let p = m.perplexity();
    report(&format!("+ held-out perplexity ({:.0})", p.unwrap_or(f64::NAN)), base);
    m.run("the first words of the text").unwrap();
    report("+ a sentence run", base);
    let r = m.train(20).unwrap();
    report(&format!("+ 20 training steps (loss {:.2})", r.loss), base);
    m.perplexity();
    report("+ held-out perplexity again", base);
    let live = LIVE.load(Relaxed);
    drop(m);
    println!("the model held {} after training", mb(live - LIVE.load(Relaxed)));
}
