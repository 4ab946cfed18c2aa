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
#[path = "common/memory.rs"]
mod memory;
use memory::{live, mb, peak, pseudo_text, Counting};

#[global_allocator]
static A: Counting = Counting;

fn report(what: &str, base: usize) {
    let live = live();
    println!("{what:<40} live {:>9} (+{:>9} over the text), peak {:>9}", mb(live), mb(live.saturating_sub(base)), mb(peak()));
}

fn main() {
    // `[MB] [types] [--kind causal]`: the numbers are the arguments before the flag.
    let all: Vec<String> = std::env::args().collect();
    let flag = all.iter().position(|a| a == "--kind").unwrap_or(all.len());
    let causal = all.get(flag + 1).is_some_and(|k| k == "causal");
    let args = &all[..flag];
    let mbytes: f64 = args.get(1).map_or(2.17, |s| s.parse().unwrap());
    let types: usize = args.get(2).map_or(40000, |s| s.parse().unwrap());
    let t = pseudo_text((mbytes * 1e6) as usize, types, 1002);
    let base = live();
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
    let held = live();
    drop(m);
    println!("the model held {} after training", mb(held - live()));
}
