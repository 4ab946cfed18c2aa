//! Our native build on the benchmark corpus: prints one JSON line, writes a .vec.
//!
//!     cargo run --release --example word2vec_bench -- corpus.txt skipgram|cbow out.vec [seed] [init] [alpha]
//!
//! `init` is `gensim` (default: the benchmark compares with gensim on the same settings) or
//! `word2vec` (word2vec.c's half as wide range, the page's default). `alpha` defaults to 0.025
//! (skip-gram) / 0.05 (CBOW).

#[path = "bench_config.rs"]
mod bench_config;
use bench_config::bench_config;
use nlp_playground::embed::word2vec::{Mode, Word2Vec};
use std::time::Instant;

/// Process CPU seconds (user + system) from /proc/self/stat, fields 14 and 15, in clock ticks
/// (100 per second on Linux): the fair measure on a shared, loaded machine. 0 elsewhere.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    if f.len() > 13 {
        (f[11] + f[12]) / 100.0
    } else {
        0.0
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (path, out) = (&args[1], &args[3]);
    let seed = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(1);
    let alpha = args.get(6).and_then(|s| s.parse().ok());
    let cfg = bench_config(&args[2], alpha, seed, args.get(5).map_or("gensim", String::as_str));
    let mode = cfg.mode;
    let text = std::fs::read_to_string(path)?;
    let mut m = Word2Vec::from_text(&text, cfg)?; // vocabulary building: not timed
    let (t, c) = (Instant::now(), cpu_seconds());
    let mut p = m.train(200_000)?;
    while !p.done {
        p = m.train(200_000)?;
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - c;
    std::fs::write(out, m.view().to_vec_text())?;
    println!(
        "{{\"impl\": \"native\", \"mode\": \"{}\", \"vocab\": {}, \"tokens\": {}, \"seconds\": {secs}, \"wordsPerSec\": {}, \"loss\": {}, \"cpuSeconds\": {cpu}, \"wordsPerCpuSec\": {}}}",
        if mode == Mode::Cbow { "cbow" } else { "skipgram" },
        m.vocab().len(),
        p.total_words / 5,
        p.total_words as f64 / secs,
        p.loss,
        p.total_words as f64 / cpu
    );
    Ok(())
}
