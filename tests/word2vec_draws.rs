//! Word2Vec's random draws, checked statistically on a tiny corpus (issue 15): the keep decisions,
//! the window radii and the negatives the trainer makes (through `walkthrough`, which makes the same
//! draws in the same order as `train`) follow word2vec.c's formulas, and a radius tells nothing about
//! the negatives drawn right after it. Fixed seeds, so the test is deterministic; each bound is the
//! χ² quantile at p = 10⁻⁴, far from where the drawn values lie (see the comments), so a change
//! of generator or seeding that keeps the draws sound still passes.
//! `benches/word2vec/draws.py` runs the same checks (and more) on the benchmark corpus.

use nlp_playground::embed::sampling::keep_probability;
use nlp_playground::embed::word2vec::{Mode, Word2Vec, Word2VecConfig};
use nlp_playground::rng::Rng;
use nlp_playground::text::Tokenizer;

/// 30 word types with Zipf frequencies (s = 1), sentences of 4–16 words.
fn zipf_words(rng: &mut Rng, n: usize) -> Vec<String> {
    let cum: Vec<f64> = (1..=30)
        .map(|i| 1.0 / i as f64)
        .scan(0.0, |s, x| {
            *s += x;
            Some(*s)
        })
        .collect();
    (0..n)
        .map(|_| {
            let u = rng.next_f64() * cum[29];
            format!("w{:02}", cum.iter().position(|&c| u < c).unwrap_or(29))
        })
        .collect()
}

fn chi2(observed: &[f64], expected: &[f64]) -> f64 {
    observed.iter().zip(expected).filter(|(_, &e)| e > 0.0).map(|(o, e)| (o - e) * (o - e) / e).sum()
}

#[test]
fn keeps_radii_and_negatives_follow_word2vec_c_and_are_independent() {
    let mut rng = Rng::new(2026);
    let text: String = (0..10_000)
        .map(|_| {
            let n = 4 + rng.below(13);
            zipf_words(&mut rng, n).join(" ") + "\n"
        })
        .collect();
    for mode in [Mode::Cbow, Mode::SkipGram] {
        let cfg = Word2VecConfig { mode, dim: 8, min_count: 1, tokenizer: Tokenizer::Whitespace, ..Default::default() };
        let (window, negative, sample) = (cfg.window, cfg.negative, cfg.sample);
        let m = Word2Vec::from_text(&text, cfg).unwrap();
        let vocab = m.vocab();
        let v = vocab.len();
        let slots = m.table().slots();
        let q: Vec<f64> = (0..v).map(|w| slots.iter().filter(|&&s| s as usize == w).count() as f64 / slots.len() as f64).collect();
        let (mut seen, mut kept) = (vec![0f64; v], vec![0f64; v]);
        let mut radii = [0f64; 8];
        let (mut negs, mut neg_expected) = (vec![0f64; v], vec![0f64; v]);
        // Radius × the first drawn negative's word among the 4 most frequent or not (contingency).
        let mut joint = [[0f64; 5]; 8];
        let sentence = zipf_words(&mut Rng::new(7), 1000);
        for seed in 1..=40 {
            let walk = m.walkthrough(&sentence, seed, None);
            for t in &walk.tokens {
                let id = t.id.unwrap() as usize;
                seen[id] += 1.0;
                kept[id] += f64::from(u8::from(t.kept));
            }
            for c in &walk.centres {
                radii[c.radius] += 1.0;
                let centre = walk.tokens[c.token].id.unwrap() as usize;
                for list in &c.negatives {
                    // Draws equal to the centre are skipped: each of the `negative` draws lands on
                    // w ≠ centre with probability q(w).
                    (0..v).filter(|&w| w != centre).for_each(|w| neg_expected[w] += negative as f64 * q[w]);
                    list.iter().for_each(|n| negs[vocab.id(n).unwrap() as usize] += 1.0);
                }
                if let Some(first) = c.negatives.first().and_then(|l| l.first()) {
                    let id = vocab.id(first).unwrap() as usize;
                    joint[c.radius][if id < 4 { id } else { 4 }] += 1.0;
                }
            }
        }
        let total = vocab.kept_tokens();
        let p: Vec<f64> = (0..v as u32).map(|w| keep_probability(vocab.count(w), total, sample).min(1.0)).collect();
        // Keep decisions: Σ (kept − n·p)² / (n·p·(1 − p)) over the words that are subsampled, ~χ²(30).
        let keep_stat: f64 = (0..v)
            .filter(|&w| p[w] < 1.0 && seen[w] > 0.0)
            .map(|w| (kept[w] - seen[w] * p[w]).powi(2) / (seen[w] * p[w] * (1.0 - p[w])))
            .sum();
        let words = (0..v).filter(|&w| p[w] < 1.0 && seen[w] > 0.0).count();
        assert_eq!(words, 30, "{mode:?}: every word of this corpus is subsampled");
        assert!(keep_stat < 66.6, "{mode:?}: keep χ² {keep_stat:.1} (df 30)");
        // Radii: uniform on 1..=window, χ²(4).
        let n_r: f64 = radii.iter().sum();
        let r_stat = chi2(&radii[1..=window], &vec![n_r / window as f64; window]);
        assert!(n_r > 4000.0 && r_stat < 23.5, "{mode:?}: radius χ² {r_stat:.1} over {n_r} centres, {radii:?}");
        // Negatives: the table's distribution, χ²(29).
        let n_stat = chi2(&negs, &neg_expected);
        assert!(n_stat < 64.3, "{mode:?}: negatives χ² {n_stat:.1} (df 29)");
        // Radius and the next negative independent: contingency 5 × 5, χ²(16).
        let rows: Vec<f64> = (1..=window).map(|r| joint[r].iter().sum()).collect();
        let cols: Vec<f64> = (0..5).map(|k| (1..=window).map(|r| joint[r][k]).sum()).collect();
        let all: f64 = rows.iter().sum();
        let obs: Vec<f64> = (1..=window).flat_map(|r| joint[r]).collect();
        let exp: Vec<f64> = rows.iter().flat_map(|&a| cols.iter().map(move |&b| a * b / all)).collect();
        let j_stat = chi2(&obs, &exp);
        assert!(j_stat < 42.3, "{mode:?}: radius × next negative χ² {j_stat:.1} (df 16)");
        eprintln!("{mode:?}: keep χ² {keep_stat:.1}/30, radius χ² {r_stat:.1}/4, negatives χ² {n_stat:.1}/29, radius × negative χ² {j_stat:.1}/16");
    }
}
