//! Schedule sweep for "reverse" (lengths 4–10, 20 symbols), native, with the JS seed script's
//! measures (benches/seq2seq/seeds.mjs): at checkpoints every 50 steps to 800, then 1000, 1500,
//! 2000, 3000 — held-out exact match (all 1000 held-out pairs) and the share of output steps whose
//! attention argmax is the anti-diagonal (first 300 held-out pairs, those decoded right). Per
//! seed: the first checkpoint at ≥ 95 % held-out and the lowest of both measures from then on.
//! Used to pick the learning-rate schedule; the page's numbers come from seeds.mjs (wasm).
//!
//! `cargo run --release --example seq2seq_sweep -- SEEDS [key=value…]`  (SEEDS e.g. 1-30 or 4,5,8)
use nlp_playground::lm::seq2seq::{Seq2Seq, Seq2SeqConfig, TaskConfig};
use nlp_playground::settings::{Raw, Settings};

const CHECKS: [usize; 20] = [50, 100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 600, 650, 700, 750, 800, 1000, 1500, 2000, 3000];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seeds: Vec<u64> = match args.first().and_then(|s| s.split_once('-')) {
        Some((a, b)) => (a.parse().unwrap()..=b.parse().unwrap()).collect(),
        None => args.first().map(|s| s.split(',').map(|x| x.parse().unwrap()).collect()).unwrap_or(vec![1]),
    };
    let last: usize = std::env::var("LAST").ok().and_then(|s| s.parse().ok()).unwrap_or(3000);
    let (mut bad, mut firsts) = (0, vec![]);
    for seed in seeds {
        let mut entries = vec![("seed".to_string(), Raw::Num(seed as f64)), ("steps".to_string(), Raw::Num(3000.0))];
        for kv in args.iter().skip(1) {
            let (k, v) = kv.split_once('=').expect("key=value");
            entries.push((k.to_string(), v.parse::<f64>().map(Raw::Num).unwrap_or(Raw::Text(v.to_string()))));
        }
        let config = Seq2SeqConfig::from_entries(entries).unwrap();
        let task = TaskConfig { seed, ..TaskConfig::default() };
        let mut m = Seq2Seq::from_task("reverse", &task, config).unwrap();
        let (mut first, mut min_acc, mut min_diag, mut row) = (None, 1.0f64, 1.0f64, String::new());
        for &c in CHECKS.iter().filter(|&&c| c <= last) {
            let r = m.train(c - m.steps_done()).unwrap();
            let acc = m.evaluate().accuracy;
            if first.is_none() && acc < 0.95 {
                row += &format!(" {c}:{:.1}", 100.0 * acc);
                continue;
            }
            let diag = anti_diagonal(&mut m);
            first.get_or_insert(c);
            min_acc = min_acc.min(acc);
            min_diag = min_diag.min(diag);
            let flag = if acc < 0.95 || diag < 0.95 { "!" } else { "" };
            row += &format!(" {c}:{:.1}/{:.1}{flag}", 100.0 * acc, 100.0 * diag);
            let _ = r;
        }
        let ok = first.is_some() && min_acc >= 0.95 && min_diag >= 0.95;
        bad += usize::from(!ok);
        firsts.extend(first);
        println!(
            "seed {seed:2} first {:>5} min held-out {:.1} min diag {:.1} {}  |{row}",
            first.map_or("—".into(), |f| f.to_string()),
            100.0 * min_acc,
            100.0 * min_diag,
            if ok { "ok" } else { "FAIL" }
        );
    }
    firsts.sort();
    println!("failing seeds: {bad}; first reach median {:?} max {:?}", firsts.get(firsts.len() / 2), firsts.last());
}

/// Share of output steps on the anti-diagonal over the first 300 held-out pairs decoded right.
fn anti_diagonal(m: &mut Seq2Seq) -> f64 {
    let pairs: Vec<(Vec<u32>, Vec<u32>)> = m.data.heldout.iter().take(300).cloned().collect();
    let (mut on, mut all) = (0, 0);
    for (src, tgt) in pairs {
        let s = src.iter().map(|&i| m.data.src_vocab.token(i).to_string()).collect::<Vec<_>>().join(" ");
        let (_, d) = m.translate(&s, 1).unwrap();
        if d.ids != tgt {
            continue;
        }
        let n = src.len();
        for (i, row) in d.attention.chunks(n).enumerate().take(d.ids.len()) {
            let arg = (0..n).fold(0, |b, j| if row[j] > row[b] { j } else { b });
            on += usize::from(i < n && arg == n - 1 - i);
            all += 1;
        }
    }
    on as f64 / all.max(1) as f64
}
