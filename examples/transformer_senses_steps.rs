//! Does the homonym's vector group by sense, and when in training? (issue 12, "Context changes the
//! vector"; benches/README.md, "The chapter's defaults for senses").
//!
//! ```sh
//! nice -n 10 cargo run --release --example transformer_senses_steps -- en 1 2 3   # or ko; seeds
//! LAYERS=4 MASK=0.15 PREDICT_ALL=0 DROPOUT=0 DECAY=0 EVERY=1000 …   # the config's options (1 = on)
//! ```
//! Trains the chapter's Transformer (`TransformerConfig::default()`, or the settings in the
//! environment) and every `EVERY` steps (500) prints the held-out masked perplexity and, for the
//! view's sentence set and the matched-position set (examples/common/senses_sets.rs), at every
//! block's output: the leave-one-out nearest neighbour of the same sense out of n and within −
//! across mean cosine of the raw hidden state at the word (what the view draws), then (`c`) the
//! same with the set's mean vector subtracted first (what the uses do not share).

#[path = "common/senses_sets.rs"]
mod senses_sets;
use nlp_playground::lm::transformer::Transformer;
use nlp_playground::text::corpora::sample;
use senses_sets::{config_from_env, score, sets};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lang = args.first().cloned().unwrap_or_else(|| "en".into());
    let word = if lang == "en" { "bank" } else { "배가" };
    let text = sample(&lang).expect("en or ko").text;
    let every = std::env::var("EVERY").ok().and_then(|s| s.parse::<usize>().ok()).unwrap_or(500).max(100);
    for seed in args[1..].iter().map(|s| s.parse::<u64>().expect("seed")) {
        let t0 = Instant::now();
        let cfg = config_from_env(seed);
        let steps = cfg.steps;
        let mut m = Transformer::new(text, cfg).expect("model");
        let (nl, d) = (m.config.layers, m.config.dim);
        println!("{lang} seed {seed}:");
        while m.steps_done() < steps {
            let r = m.train(100).expect("train");
            if !m.steps_done().is_multiple_of(every) && m.steps_done() < steps {
                continue;
            }
            let mut line = format!("  step {:5} ppl {:6.1}", r.step, r.perplexity.unwrap_or(f64::NAN));
            for (name, set) in sets(&lang) {
                let mut labels = Vec::new();
                let mut per: Vec<Vec<Vec<f32>>> = vec![Vec::new(); nl + 1]; // [layer][sentence]
                for (s, label) in &set {
                    let run = m.run(s).expect("run");
                    let t = run.tokens.len();
                    let i = run.tokens.iter().position(|x| x == word).expect("the word");
                    for (l, v) in per.iter_mut().enumerate() {
                        v.push(run.output.hidden_states[(l * t + i) * d..(l * t + i + 1) * d].to_vec());
                    }
                    labels.push(*label);
                }
                let n = labels.len();
                line += &format!(" | {name}");
                for (l, vs) in per.iter().enumerate().skip(1) {
                    let (h, g) = score(vs, &labels);
                    let mut mean = vec![0.0f32; d];
                    for v in vs {
                        for (a, x) in mean.iter_mut().zip(v) {
                            *a += x / n as f32;
                        }
                    }
                    let c: Vec<Vec<f32>> = vs.iter().map(|v| v.iter().zip(&mean).map(|(x, m)| x - m).collect()).collect();
                    let (hc, gc) = score(&c, &labels);
                    line += &format!(" L{l} {h}/{n} {g:+.3} c {hc} {gc:+.2}");
                }
            }
            println!("{line}");
        }
        println!("  {:.0} s", t0.elapsed().as_secs_f64());
    }
}
