//! Native side of the seq2seq speed benchmark (benches/seq2seq.sh): the same step as
//! benches/seq2seq/wasm_step.mjs. Prints one JSON line.
use nlp_playground::lm::seq2seq::{Attention, Seq2Seq, Seq2SeqConfig, TaskConfig};
use std::time::Instant;

fn main() {
    let steps: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(200);
    let task = TaskConfig { min_length: 10, max_length: 10, symbols: 20, count: 5000, seed: 1 };
    let cfg = Seq2SeqConfig {
        attention: Attention::Additive,
        embed: 32,
        hidden: 64,
        batch: 16,
        lr: 1e-3,
        clip: 1.0,
        steps: 1_000_000,
        ..Seq2SeqConfig::default()
    };
    let mut m = Seq2Seq::from_task("copy", &task, cfg).unwrap();
    assert_eq!((m.data.src_vocab.len(), m.data.tgt_vocab.len()), (24, 24));
    m.train(20).unwrap();
    let t0 = Instant::now();
    m.train(steps).unwrap();
    println!("{{\"peer\": \"ours-native\", \"ms_per_step\": {}, \"steps\": {steps}}}", t0.elapsed().as_secs_f64() * 1e3 / steps as f64);
}
