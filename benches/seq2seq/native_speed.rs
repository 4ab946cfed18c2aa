//! Native side of the seq2seq speed benchmark (benches/seq2seq.sh): the same step as
//! benches/seq2seq/wasm_step.mjs. Prints one JSON line: wall and CPU time per step (the process's
//! user + system time from /proc/self/stat, Linux; on a shared machine wall time counts the time
//! other processes held the core, CPU time does not).
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
    let (t0, c0) = (Instant::now(), cpu_ms());
    m.train(steps).unwrap();
    let (wall, cpu) = (t0.elapsed().as_secs_f64() * 1e3, cpu_ms() - c0);
    let n = steps as f64;
    println!("{{\"peer\": \"ours-native\", \"ms_per_step\": {}, \"cpu_ms_per_step\": {}, \"steps\": {steps}}}", wall / n, cpu / n);
}

/// User + system CPU time of this process in ms (fields 14 and 15 of /proc/self/stat, in clock
/// ticks of 10 ms); NaN where there is no /proc.
fn cpu_ms() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return f64::NAN };
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    let rest = &stat[stat.rfind(')').map_or(0, |i| i + 2)..];
    let f: Vec<f64> = rest.split(' ').skip(11).take(2).filter_map(|x| x.parse().ok()).collect();
    if f.len() == 2 {
        (f[0] + f[1]) * 10.0
    } else {
        f64::NAN
    }
}
