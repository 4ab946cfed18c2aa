//! The long-dependency task's sweep (src/lm/rnn/longdep.rs): accuracy against the gap n for each
//! cell and seed, with the defaults of `RnnLM.longDependency` unless overridden:
//! `cargo run --release --example rnn_longdep -- [steps] [hidden] [n,n,…] [seeds] [rnn,gru,lstm] [runs] [first seed]`.
//! Each entry: seed: median accuracy / the key gradient (geometric mean over the runs) [every run's accuracy].
use nlp_playground::lm::rnn::longdep::{run, LongDepConfig};
use nlp_playground::lm::seq2seq::RnnCell;
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let d = LongDepConfig::default();
    let steps = args.get(1).map_or(d.steps, |s| s.parse().unwrap());
    let hidden = args.get(2).map_or(d.hidden, |s| s.parse().unwrap());
    let ns: Vec<usize> = args.get(3).map_or("1,2,4,8,16,32,64".into(), |s| s.clone()).split(',').map(|s| s.parse().unwrap()).collect();
    let seeds: u64 = args.get(4).map_or(5, |s| s.parse().unwrap());
    let runs = args.get(6).map_or(d.runs, |s| s.parse().unwrap());
    let first: u64 = args.get(7).map_or(1, |s| s.parse().unwrap());
    println!("steps {steps} hidden {hidden} symbols {} batch {} lr {} runs {runs}", d.symbols, d.batch, d.lr);
    let cells: Vec<RnnCell> =
        args.get(5).map_or("rnn,gru,lstm".into(), |s| s.clone()).split(',').map(|c| RnnCell::from_name(c).unwrap()).collect();
    for cell in cells {
        for &n in &ns {
            let t0 = std::time::Instant::now();
            print!("{cell:?} n={n:3}:");
            for seed in first..first + seeds {
                let r = run(&LongDepConfig { cell, n, steps, hidden, seed, runs, ..d }).unwrap();
                let each: Vec<String> = r.accuracies.iter().map(|a| format!("{a:.2}")).collect();
                print!(" {seed}: {:.2}/{:.1e} [{}]", r.accuracy, r.key_gradient, each.join(","));
                std::io::stdout().flush().unwrap();
            }
            println!("  ({:.1} s)", t0.elapsed().as_secs_f64());
        }
    }
}
