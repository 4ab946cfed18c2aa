//! Trains FastText on a text file natively and prints one JSON line of timings (used by
//! `benches/fasttext.sh`; see there for the settings).
//!
//! `cargo run --release --example fasttext_train -- FILE [key=value ...]` with the settings of
//! `embed::fasttext::Config` by their JS names or fastText's (dim, ws, neg, minCount, epoch, minn,
//! maxn, bucket, t, lr, mode, seed); the tokenizer is `whitespace` (one sentence per line).

use nlp_playground::embed::fasttext::{Config, FastText};
use nlp_playground::settings::{Raw, Settings};
use std::time::Instant;

/// CPU seconds (user + system) of this process, from /proc/self/stat (Linux; clock ticks of
/// 1/100 s). CPU time rather than wall time, because the build machine is shared.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0 // utime, stime (fields 14 and 15 of the whole line)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: fasttext_train FILE [key=value ...]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    // Read through the settings schema: names, aliases and types checked as in the JS API.
    let pairs = args[1..].iter().map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k.to_string(), Raw::parse(v))
    });
    let entries = std::iter::once(("tokenizer".to_string(), Raw::Text("whitespace".into()))).chain(pairs);
    let cfg = Config::from_entries(entries).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let (c0, w0) = (cpu_seconds(), Instant::now());
    let mut ft = FastText::new(&text, cfg).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let (c1, w1) = (cpu_seconds(), Instant::now());
    let mut p = ft.train(1_000_000).expect("training");
    while !p.done {
        p = ft.train(1_000_000).expect("training");
    }
    let (c2, w2) = (cpu_seconds(), Instant::now());
    println!(
        "{{\"words\":{},\"nwords\":{},\"setupCpu\":{:.2},\"trainCpu\":{:.2},\"trainWall\":{:.2},\"setupWall\":{:.2},\"loss\":{:.4},\"paramBytes\":{}}}",
        p.words_done,
        ft.vocab().len(),
        c1 - c0,
        c2 - c1,
        (w2 - w1).as_secs_f64(),
        (w1 - w0).as_secs_f64(),
        p.loss,
        ft.param_bytes()
    );
}
