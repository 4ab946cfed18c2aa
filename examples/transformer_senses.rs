//! Does the Transformer chapter's context view group a homonym's vectors by sense? (issue 12,
//! "Context changes the vector"; benches/README.md, "Transformer context vectors by sense").
//!
//! ```sh
//! nice -n 10 cargo run --release --example transformer_senses -- en 1 2 3 4 5   # or ko; seeds
//! STEPS=6000 nice -n 10 cargo run --release --example transformer_senses -- en 1   # longer run
//! PREDICT_ALL=1 SENTENCE_START=1 LAYERS=4 DIM=128 MASK=0.3 …   # the config's options (1 = on)
//! ```
//! Trains the chapter's default Transformer (masked LM, `TransformerConfig::default()`, 3,000
//! steps) on a built-in corpus, then reads the word in labelled sentence sets made of the corpus's
//! own words (held-out sentences, not lines of the corpus) and scores how well each
//! representation groups them by sense, for every layer:
//!
//! - `raw`: the layer's hidden state of the word (what the view drew before);
//! - `-emb`: the same minus layer 0 (token + position embedding): what the blocks added;
//! - `centred`: minus the layer's mean hidden state over the corpus's tokens. Contextual vectors
//!   are anisotropic — one common direction dominates every cosine — and centring removes it;
//! - `avg` / `avg centred`: the mean over the blocks' outputs (layers 1..L).
//!
//! Scores: `nn` = leave-one-out nearest neighbour (by cosine) of the same sense, out of n; `gap`
//! = mean within-sense cosine − mean across-sense cosine.

use nlp_playground::lm::transformer::Transformer;
use nlp_playground::text::corpora::sample;
use std::time::Instant;

#[path = "common/senses_sets.rs"]
mod senses_sets;
use senses_sets::{config_from_env, score, sets};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lang = args.first().cloned().unwrap_or_else(|| "en".into());
    let word = if lang == "en" { "bank" } else { "배가" };
    let text = sample(&lang).expect("en or ko").text;
    for seed in args[1..].iter().map(|s| s.parse::<u64>().expect("seed")) {
        let t0 = Instant::now();
        let cfg = config_from_env(seed);
        let steps = cfg.steps;
        let mut m = Transformer::new(text, cfg).expect("model");
        let r = m.train(steps).expect("train");
        let (nl, d) = (m.config.layers, m.config.dim);
        // Each layer's mean over the corpus's tokens (every 3rd line; [CLS]/[SEP] left out).
        let mut mean = vec![vec![0.0f64; d]; nl + 1];
        let mut sq = vec![vec![0.0f64; d]; nl + 1];
        // Per layer and position: the mean over the corpus's tokens at that position.
        let ctx = m.config.context;
        let mut pmean = vec![vec![vec![0.0f64; d]; ctx]; nl + 1];
        let mut pcount = vec![0usize; ctx];
        let mut count = 0usize;
        for line in text.lines().filter(|l| !l.trim().is_empty()).step_by(3) {
            let Ok(run) = m.run(line) else { continue };
            let t = run.tokens.len();
            for i in 1..t - 1 {
                pcount[i] += 1;
                for (l, (ml, sl)) in mean.iter_mut().zip(sq.iter_mut()).enumerate() {
                    let row = &run.output.hidden_states[(l * t + i) * d..(l * t + i + 1) * d];
                    for (a, x) in pmean[l][i].iter_mut().zip(row) {
                        *a += *x as f64;
                    }
                    for ((a, b), x) in ml.iter_mut().zip(sl.iter_mut()).zip(row) {
                        *a += *x as f64;
                        *b += (*x as f64).powi(2);
                    }
                }
                count += 1;
            }
        }
        for pl in pmean.iter_mut() {
            for (pm, &c) in pl.iter_mut().zip(&pcount) {
                for a in pm.iter_mut() {
                    *a /= c.max(1) as f64;
                }
            }
        }
        for (ml, sl) in mean.iter_mut().zip(sq.iter_mut()) {
            for (a, b) in ml.iter_mut().zip(sl.iter_mut()) {
                *a /= count as f64;
                *b = (*b / count as f64 - *a * *a).max(1e-12).sqrt();
            }
        }
        println!(
            "{lang} seed {seed}: {} steps, loss {:.3}, held-out ppl {:?}, {:.0} s; layer means over {count} tokens",
            r.step,
            r.loss,
            r.perplexity.map(|p| (p * 100.0).round() / 100.0),
            t0.elapsed().as_secs_f64()
        );
        for (name, set) in sets(&lang) {
            let mut layers: Vec<Vec<Vec<f32>>> = vec![Vec::new(); nl + 1]; // [layer][sentence]
            let mut labels = Vec::new();
            let mut masked = Vec::new();
            let mut pos = Vec::new();
            let mut subst = Vec::new();
            for (s, label) in &set {
                let run = m.run(s).expect("run");
                let unk: Vec<&String> = run.tokens.iter().zip(&run.ids).filter(|(_, &id)| id == 1).map(|(t, _)| t).collect();
                if !unk.is_empty() {
                    println!("  UNKNOWN in {s:?}: {unk:?}");
                }
                let t = run.tokens.len();
                let i = run.tokens.iter().position(|x| x == word).unwrap_or_else(|| panic!("{s}: no {word} in {:?}", run.tokens));
                for (l, v) in layers.iter_mut().enumerate() {
                    v.push(run.output.hidden_states[(l * t + i) * d..(l * t + i + 1) * d].to_vec());
                }
                labels.push(*label);
                pos.push(i);
                let mtext = s.replacen(word, "[MASK]", 1);
                let mrun = m.run(&mtext).expect("run");
                let mt = mrun.tokens.len();
                let mi = mrun.ids.iter().position(|&x| x == 4).expect("mask");
                masked.push(mrun.output.hidden_states[(nl * mt + mi) * d..(nl * mt + mi + 1) * d].to_vec());
                // Substitutes: what the model would put in the word's place, the word itself left out.
                let vocab = m.data.vocab();
                let cands = m.predict_masked(&mtext, vocab).expect("predict");
                let mut sv = vec![0.0f32; vocab];
                for c in &cands[0] {
                    if c.token != word {
                        sv[m.data.id(&c.token) as usize] = c.prob;
                    }
                }
                subst.push(sv);
            }
            let n = labels.len();
            let sub = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x - y).collect::<Vec<f32>>();
            let centre = |l: usize, v: &[f32]| v.iter().zip(&mean[l]).map(|(x, m)| x - *m as f32).collect::<Vec<f32>>();
            let stdz = |l: usize, v: &[f32]| {
                v.iter().zip(&mean[l]).zip(&sq[l]).map(|((x, m), s)| (x - *m as f32) / *s as f32).collect::<Vec<f32>>()
            };
            let avg = |f: &dyn Fn(usize, usize) -> Vec<f32>| -> Vec<Vec<f32>> {
                (0..n)
                    .map(|k| {
                        let mut s = vec![0.0f32; d];
                        for l in 1..=nl {
                            for (a, x) in s.iter_mut().zip(f(l, k)) {
                                *a += x / nl as f32;
                            }
                        }
                        s
                    })
                    .collect()
            };
            let mut line = format!("  {name:5} n={n:2}");
            for l in 0..=nl {
                let (h, g) = score(&layers[l], &labels);
                line += &format!(" | L{l} raw {h:2}/{n} {g:+.3}");
                if l > 0 {
                    let e: Vec<Vec<f32>> = (0..n).map(|k| sub(&layers[l][k], &layers[0][k])).collect();
                    let (h, g) = score(&e, &labels);
                    line += &format!(" -emb {h:2}/{n} {g:+.3}");
                }
                let c: Vec<Vec<f32>> = (0..n).map(|k| centre(l, &layers[l][k])).collect();
                let (h, g) = score(&c, &labels);
                line += &format!(" cen {h:2}/{n} {g:+.3}");
                let c: Vec<Vec<f32>> =
                    (0..n).map(|k| layers[l][k].iter().zip(&pmean[l][pos[k]]).map(|(x, m)| x - *m as f32).collect()).collect();
                let (h, g) = score(&c, &labels);
                line += &format!(" pcen {h:2}/{n} {g:+.3}");
                let c: Vec<Vec<f32>> = (0..n).map(|k| stdz(l, &layers[l][k])).collect();
                let (h, g) = score(&c, &labels);
                line += &format!(" std {h:2}/{n} {g:+.3}");
            }
            let (h, g) = score(&avg(&|l, k| layers[l][k].clone()), &labels);
            line += &format!(" | avg {h:2}/{n} {g:+.3}");
            let (h, g) = score(&avg(&|l, k| centre(l, &layers[l][k])), &labels);
            line += &format!(" avgcen {h:2}/{n} {g:+.3}");
            let (h, g) = score(&masked, &labels);
            line += &format!(" | [MASK] {h:2}/{n} {g:+.3}");
            let (h, g) = score(&subst, &labels);
            line += &format!(" subst {h:2}/{n} {g:+.3}");
            println!("{line}");
        }
    }
}
