//! One seed of "reverse" (the page's defaults) step by step around its first 95 %: per window of
//! EVERY steps the mean training loss, the largest gradient norm before clipping and how many
//! steps were clipped, the mean size of the weights' change per step over the learning rate
//! (‖Δw‖ / lr: Adam's normalised step), and at the window's end the held-out exact match (all
//! 1000 held-out pairs) of the trained weights and of their moving averages (`nn::ema`, β in
//! EMAS). Used to find why seed 10 dipped after first reaching 95 % (benches/README.md).
//!
//! `[EVERY=10] [EMAS=0.95,0.99] [BETA2=0.999] cargo run --release --example seq2seq_dip -- SEED FROM TO [key=value…]`
use nlp_playground::lm::seq2seq::{Seq2Seq, Seq2SeqConfig, TaskConfig};
use nlp_playground::nn::ema::Ema;
use nlp_playground::nn::param::Module;
use nlp_playground::settings::{Raw, Settings};

fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k).ok().and_then(|s| s.parse().ok()).unwrap_or(d)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let (seed, from, to) = (num(0, 10) as u64, num(1, 100), num(2, 300));
    let every: usize = env("EVERY", 10);
    let emas: Vec<f32> = env("EMAS", "0.95,0.99".to_string()).split(',').filter_map(|s| s.parse().ok()).collect();
    // The trained weights are evaluated; the averages are this script's own.
    let mut entries = vec![
        ("seed".to_string(), Raw::Num(seed as f64)),
        ("steps".to_string(), Raw::Num(to as f64)),
        ("average".to_string(), Raw::Num(0.0)),
    ];
    for kv in args.iter().skip(3) {
        let (k, v) = kv.split_once('=').expect("key=value");
        entries.push((k.to_string(), v.parse::<f64>().map(Raw::Num).unwrap_or(Raw::Text(v.to_string()))));
    }
    let config = Seq2SeqConfig::from_entries(entries).unwrap();
    let task = TaskConfig { seed, ..TaskConfig::default() };
    let mut m = Seq2Seq::from_task("reverse", &task, config).unwrap();
    m.optimizer().beta2 = env("BETA2", 0.999);
    let mut avgs: Vec<Ema> = emas.iter().map(|&b| Ema::new(b)).collect();
    let mut prev = m.net.flat(false);
    let (mut loss, mut tf, mut gmax, mut clipped, mut dw, mut n) = (0.0, 0.0, 0.0f32, 0, 0.0, 0);
    println!(
        "seed {seed} β₂ {} | step lr | loss tf-acc | max‖g‖ clipped | ‖Δw‖/lr | held-out: weights{}",
        m.optimizer().beta2,
        emas.iter().map(|b| format!(" ema{b}")).collect::<String>()
    );
    for step in 1..=to {
        let r = m.train(1).unwrap();
        let w = m.net.flat(false);
        let d: f64 = w.iter().zip(&prev).map(|(a, b)| ((a - b) as f64).powi(2)).sum::<f64>().sqrt();
        prev = w;
        for e in &mut avgs {
            e.update(&mut m.net);
        }
        let g = m.grad_norm();
        (loss, tf, gmax, n) = (loss + r.loss, tf + r.accuracy, gmax.max(g), n + 1);
        clipped += usize::from(g > config.clip as f32);
        dw += d / m.lr_at(step) as f64;
        if step % every != 0 {
            continue;
        }
        if step >= from {
            let mut accs = format!("{:.1}", 100.0 * m.evaluate().accuracy);
            for e in &mut avgs {
                e.swap(&mut m.net);
                accs += &format!(" {:.1}", 100.0 * m.evaluate().accuracy);
                e.swap(&mut m.net);
            }
            let nf = n as f64;
            println!("{step:5} {:.2e} | {:.4} {:.2} | {gmax:.2} {clipped:2} | {:.3} | {accs}", m.lr_at(step), loss / nf, tf / nf, dw / nf);
        }
        (loss, tf, gmax, clipped, dw, n) = (0.0, 0.0, 0.0, 0, 0.0, 0);
    }
}
