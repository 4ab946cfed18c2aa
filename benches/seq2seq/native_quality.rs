//! Native companion of the seq2seq quality benchmark (benches/seq2seq/quality.mjs runs the same
//! in headless Chromium): trains "reverse" (lengths 4–10, 20 symbols) with the page's defaults and
//! prints, every `every` steps, the held-out exact match, the share of output steps whose
//! attention argmax is on the anti-diagonal, and the seconds spent.
//!
//! `cargo run --release --example seq2seq_quality -- [attention] [seed] [steps] [every] [key=value…]`
use nlp_playground::lm::seq2seq::{Seq2Seq, Seq2SeqConfig, TaskConfig};
use nlp_playground::settings::{Raw, Settings};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let attention = args.first().cloned().unwrap_or_else(|| "additive".into());
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let steps: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3000);
    let every: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(250);
    let mut entries = vec![("attention".to_string(), Raw::Text(attention.clone())), ("seed".to_string(), Raw::Num(seed as f64))];
    for kv in args.iter().skip(4) {
        let (k, v) = kv.split_once('=').expect("key=value");
        entries.push((k.to_string(), v.parse::<f64>().map(Raw::Num).unwrap_or(Raw::Text(v.to_string()))));
    }
    let config = Seq2SeqConfig::from_entries(entries).unwrap();
    let task = TaskConfig { seed, ..TaskConfig::default() };
    let mut m = Seq2Seq::from_task(&std::env::var("TASK").unwrap_or_else(|_| "reverse".into()), &task, config).unwrap();
    let t0 = Instant::now();
    let mut trained = 0.0;
    while m.steps_done() < steps {
        let t = Instant::now();
        let r = m.train(every).unwrap();
        trained += t.elapsed().as_secs_f64();
        let ev = m.evaluate();
        let long: Vec<String> = ev.by_length.iter().filter(|l| l.length >= 8).map(|l| format!("{}:{:.2}", l.length, l.accuracy)).collect();
        println!(
            "{attention} seed {seed} step {:5}  loss {:.4}  heldout {:.3}  len≥8 [{}]  diag {:.3}  train {:.1}s ({:.2} ms/step)  wall {:.1}s",
            r.step, r.loss, ev.accuracy, long.join(" "), anti_diagonal(&mut m), trained, 1e3 * trained / r.step as f64, t0.elapsed().as_secs_f64()
        );
    }
}

/// Share of output steps (on up to 200 held-out sources) whose attention argmax is source
/// position len − 1 − i.
fn anti_diagonal(m: &mut Seq2Seq) -> f64 {
    let sources: Vec<String> = m
        .data
        .heldout
        .iter()
        .take(200)
        .map(|p| p.0.iter().map(|&i| m.data.src_vocab.token(i).to_string()).collect::<Vec<_>>().join(" "))
        .collect();
    let (mut on, mut all) = (0, 0);
    for s in sources {
        let (_, d) = m.translate(&s, 1).unwrap();
        let n = s.split(' ').count();
        for (i, row) in d.attention.chunks(n).enumerate() {
            let arg = (0..n).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap();
            on += usize::from(i < n && arg == n - 1 - i);
            all += 1;
        }
    }
    if std::env::var("SHOW_OFFSETS").is_ok() {
        let mut hist = std::collections::BTreeMap::new();
        let srcs: Vec<String> = m
            .data
            .heldout
            .iter()
            .take(200)
            .map(|p| p.0.iter().map(|&i| m.data.src_vocab.token(i).to_string()).collect::<Vec<_>>().join(" "))
            .collect();
        for s in srcs {
            let (_, d) = m.translate(&s, 1).unwrap();
            let n = s.split(' ').count();
            for (i, row) in d.attention.chunks(n).enumerate() {
                let arg = (0..n).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap() as isize;
                let want = n as isize - 1 - i as isize;
                let toks: Vec<&str> = s.split(' ').collect();
                // An argmax on another copy of the same symbol reads the same value.
                let same = arg != want && want >= 0 && toks[arg as usize] == toks[want as usize];
                *hist.entry((arg - want, same)).or_insert(0) += 1;
            }
        }
        println!("argmax − anti-diagonal: {hist:?}");
    }
    if all == 0 {
        0.0
    } else {
        on as f64 / all as f64
    }
}
