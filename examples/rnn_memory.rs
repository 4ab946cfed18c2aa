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
#[path = "common/memory.rs"]
mod memory;
use memory::{classes, live, mb, peak, pseudo_text, Counting};

#[global_allocator]
static A: Counting = Counting;

fn report(what: &str, base: usize) {
    let live = live();
    println!(
        "{what:<34} live {:>9} (+{:>9} over the text), peak {:>9}; by size <64 B / <4 KiB / <256 KiB / ≥256 KiB: {}",
        mb(live),
        mb(live.saturating_sub(base)),
        mb(peak()),
        classes()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mbytes: f64 = args.get(1).map_or(1.5, |s| s.parse().unwrap());
    let types: usize = args.get(2).map_or(4000, |s| s.parse().unwrap());
    let t = pseudo_text((mbytes * 1e6) as usize, types, 1000);
    let base = live();
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
