//! Properties on larger texts: distributions sum to 1, the sampler matches the model
//! (chi-square), the fast counter matches a slow one, held-out perplexity behaves, bad input.

use super::*;
use crate::error::ErrorKind;
use crate::rng::Rng;
use crate::text::corpora::SAMPLES;
use std::collections::HashMap;

/// A seeded toy language: subject verb object, sometimes an adverb, with a period.
fn synthetic(sentences: usize, seed: u64) -> String {
    let subj = ["the king", "the queen", "a cat", "the dog", "my friend", "the old man", "a child"];
    let verb = ["eats", "sees", "likes", "finds", "loves", "carries", "paints"];
    let obj = ["an apple", "the bread", "a fish", "the castle", "a red ball", "the river", "some rice", "a book"];
    let adv = ["today", "slowly", "again", "at night"];
    let mut r = Rng::new(seed);
    let mut out = String::new();
    for _ in 0..sentences {
        // Skewed choices (the square of a uniform index) so counts look like a real text.
        let mut pick = |xs: &[&'static str]| xs[(r.next_f64().powi(2) * xs.len() as f64) as usize];
        let s = pick(&subj);
        let v = pick(&verb);
        let o = pick(&obj);
        let a = if r.below(3) == 0 { format!(" {}", adv[r.below(adv.len())]) } else { String::new() };
        out.push_str(&format!("{s} {v} {o}{a}.\n"));
    }
    out
}

fn cfg(order: usize, smoothing: Smoothing) -> NGramConfig {
    NGramConfig { order, smoothing, holdout: 0.2, ..Default::default() }
}

/// Checks Σ_w P(w|h) = 1 for every seen context and a few unseen ones, and `prob_ids = dist`.
fn assert_normalised(m: &NGramModel) {
    let n1 = m.order() - 1;
    let mut contexts: Vec<Vec<u32>> = m.top_contexts(usize::MAX).into_iter().map(|c| c.context).collect();
    let mut r = Rng::new(9);
    for _ in 0..20 {
        contexts.push((0..n1).map(|_| 2 + r.below(m.num_ids() - 2) as u32).collect());
        // mostly unseen
    }
    contexts.push(vec![UNK; n1]);
    for ctx in &contexts {
        let d = m.dist(ctx);
        let s: f64 = d.iter().sum();
        assert!((s - 1.0).abs() < 1e-9, "order {} {:?} context {ctx:?}: sum {s}", m.order(), m.config().smoothing);
        assert!(d[EOS as usize] > 0.0 && d[UNK as usize] > 0.0 && d[BOS as usize] == 0.0);
        for _ in 0..5 {
            let w = 1 + r.below(m.num_ids() - 1) as u32;
            assert!((m.prob_ids(ctx, w) - d[w as usize]).abs() < 1e-12);
        }
    }
}

#[test]
fn every_distribution_sums_to_one() {
    let text = synthetic(300, 1);
    for order in 1..=4 {
        for smoothing in [Smoothing::AddK, Smoothing::Kn] {
            assert_normalised(&NGramModel::from_text(&text, cfg(order, smoothing)).unwrap());
            assert_normalised(&NGramModel::from_text(&text, NGramConfig { unit: Unit::Char, ..cfg(order, smoothing) }).unwrap());
        }
    }
    // A fixed discount and min-count <unk> too.
    let c = NGramConfig { discount: Some(0.75), min_count: 3, ..cfg(3, Smoothing::Kn) };
    assert_normalised(&NGramModel::from_text(&text, c).unwrap());
}

/// Counts every m-gram with a plain hash map, the obvious slow way, and compares.
#[test]
fn sorted_counts_match_a_hash_map() {
    let text = synthetic(200, 2);
    let m = NGramModel::from_text(&text, cfg(4, Smoothing::Kn)).unwrap();
    let mut slow: HashMap<Vec<u32>, u64> = HashMap::new();
    for s in m.train_ids() {
        let padded: Vec<u32> = [vec![BOS; 3], s.clone(), vec![EOS]].concat();
        for i in 3..padded.len() {
            for len in 1..=4 {
                *slow.entry(padded[i + 1 - len..=i].to_vec()).or_default() += 1;
            }
        }
    }
    for (gram, &c) in &slow {
        assert_eq!(m.count(gram), c, "{gram:?}");
    }
    let total: usize = (1..=4).map(|k| m.ngram_types(k)).sum();
    assert_eq!(total, slow.len());
}

/// Pearson's χ² of observed counts against probabilities; bins with expectation < 5 are pooled.
fn chi_square(observed: &[u64], probs: &[f64], n: u64) -> (f64, usize) {
    let (mut chi, mut bins, mut pool_o, mut pool_e) = (0.0, 0, 0.0, 0.0);
    for (&o, &p) in observed.iter().zip(probs) {
        let e = p * n as f64;
        if e < 5.0 {
            pool_o += o as f64;
            pool_e += e;
        } else {
            chi += (o as f64 - e).powi(2) / e;
            bins += 1;
        }
    }
    if pool_e > 0.0 {
        chi += (pool_o - pool_e).powi(2) / pool_e;
        bins += 1;
    }
    (chi, bins - 1)
}

/// The 0.999 quantile of χ²(df), Wilson–Hilferty: df·(1 − 2/(9df) + z·√(2/(9df)))³, z = 3.09.
fn chi_critical(df: usize) -> f64 {
    let k = df as f64;
    k * (1.0 - 2.0 / (9.0 * k) + 3.09 * (2.0 / (9.0 * k)).sqrt()).powi(3)
}

#[test]
fn sampler_frequencies_pass_chi_square() {
    let text = synthetic(300, 3);
    for (smoothing, t) in [(Smoothing::Kn, 1.0), (Smoothing::AddK, 1.0), (Smoothing::Kn, 0.5), (Smoothing::Kn, 2.0)] {
        let m = NGramModel::from_text(&text, cfg(2, smoothing)).unwrap();
        let ctx = [m.id("the")];
        let d = m.dist(&ctx);
        // The tempered target q ∝ p^(1/T).
        let w: Vec<f64> = d.iter().map(|&p| if p > 0.0 { p.powf(1.0 / t) } else { 0.0 }).collect();
        let z: f64 = w.iter().sum();
        let q: Vec<f64> = w.iter().map(|x| x / z).collect();
        let n = 40_000u64;
        let mut seen = vec![0u64; d.len()];
        let mut rng = Rng::new(2024);
        for _ in 0..n {
            seen[NGramModel::draw(&d, t, &mut rng) as usize] += 1;
        }
        let (chi, df) = chi_square(&seen, &q, n);
        assert!(chi < chi_critical(df), "{smoothing:?} T={t}: χ² = {chi} with {df} df (critical {})", chi_critical(df));
        // And the test has power: against the untempered p a sharpened sampler fails.
        if t != 1.0 {
            let (wrong, df) = chi_square(&seen, &d, n);
            assert!(wrong > chi_critical(df), "T={t} indistinguishable from T=1");
        }
    }
}

#[test]
fn sampling_is_seeded_and_temperature_zero_is_greedy() {
    let m = NGramModel::from_text(&synthetic(300, 4), cfg(3, Smoothing::Kn)).unwrap();
    assert_eq!(m.sample(7, 50, 1.0).unwrap(), m.sample(7, 50, 1.0).unwrap());
    assert_ne!((0..5).map(|s| m.sample(s, 50, 1.0).unwrap()).collect::<std::collections::HashSet<_>>().len(), 1);
    let greedy = m.walk(1, 50, 0.0).unwrap();
    let mut ctx = vec![BOS; 2];
    for &(w, p) in &greedy {
        assert_eq!(m.next_ids(&ctx, 1)[0].0, w);
        assert!((p - m.prob_ids(&ctx, w)).abs() < 1e-12);
        ctx = vec![ctx[1], w];
    }
    assert!(m.sample(1, 3, 1.0).unwrap().len() <= 3);
}

#[test]
fn heldout_perplexity_kn_beats_add_one_and_context_helps() {
    let text = synthetic(800, 5);
    let pp = |order, smoothing| NGramModel::from_text(&text, cfg(order, smoothing)).unwrap().heldout_perplexity().unwrap().perplexity;
    // With no context (order 1) the counts are large and add-1 is already close to the maximum
    // likelihood estimate, so KN's edge shows from order 2 on, where contexts have few counts.
    for order in 2..=4 {
        let (kn, add1) = (pp(order, Smoothing::Kn), pp(order, Smoothing::AddK));
        assert!(kn < add1, "order {order}: KN {kn} add-1 {add1}");
    }
    assert!((pp(1, Smoothing::Kn) / pp(1, Smoothing::AddK) - 1.0).abs() < 0.05);
    // The toy language is nearly second-order: a bigram beats a unigram by far.
    assert!(pp(2, Smoothing::Kn) < 0.6 * pp(1, Smoothing::Kn));
    let rows = NGramModel::compare_orders(&Units::words().sentences(&text), cfg(1, Smoothing::Kn), 3, 20).unwrap();
    assert_eq!(rows.len(), 4);
    // Training perplexity falls as the order grows; unseen n-grams grow (sparsity).
    assert!(rows.windows(2).all(|r| r[1].train.unwrap().perplexity <= r[0].train.unwrap().perplexity));
    assert!(rows.windows(2).all(|r| r[1].unseen.unwrap() >= r[0].unseen.unwrap()));
    assert!(rows[3].unseen.unwrap() > rows[1].unseen.unwrap());
    assert!(rows.iter().all(|r| !r.sample.is_empty() && r.sample.len() <= 20));
}

#[test]
fn built_in_corpora_all_orders() {
    for s in SAMPLES {
        for unit in [Unit::Word, Unit::Char] {
            for order in 1..=4 {
                let kn = NGramModel::from_text(s.text, NGramConfig { unit, ..cfg(order, Smoothing::Kn) }).unwrap();
                let add1 = NGramModel::from_text(s.text, NGramConfig { unit, ..cfg(order, Smoothing::AddK) }).unwrap();
                assert_normalised(&kn);
                assert_normalised(&add1);
                assert!(!kn.sample(1, 30, 1.0).unwrap().is_empty() || kn.dist(&vec![BOS; order - 1])[EOS as usize] > 0.0);
                if let (Some(a), Some(b), true) = (kn.heldout_perplexity(), add1.heldout_perplexity(), order >= 2) {
                    assert!(
                        a.perplexity.is_finite() && a.perplexity < b.perplexity,
                        "{} order {order}: KN {} add-1 {}",
                        s.id,
                        a.perplexity,
                        b.perplexity
                    );
                }
            }
        }
    }
}

#[test]
fn characters_keep_word_breaks() {
    let units = Units::chars();
    assert_eq!(units.sentences("왕은 여왕을.")[0], ["왕", "은", SPACE, "여", "왕", "을", "."]);
    assert_eq!(units.sentences("The King")[0], ["t", "h", "e", SPACE, "k", "i", "n", "g"]);
    assert_eq!(Units { lowercase: false, ..units }.sentences("Ab")[0], ["A", "b"]);
    let m =
        NGramModel::from_text("왕은 여왕을. 왕은 왔다.", NGramConfig { unit: Unit::Char, order: 3, holdout: 0.0, ..Default::default() })
            .unwrap();
    assert_eq!(m.label(&m.context_ids(&["은", SPACE]).unwrap()), "은␣");
    assert_eq!(units.join(&["왕".into(), SPACE.into(), "은".into()]), "왕 은");
    assert!(m.prob_ids(&m.context_ids(&["<s>", "왕"]).unwrap(), m.id("은")) > 0.5);
}

#[test]
fn small_and_odd_corpora_have_defined_results() {
    // One word: V = {</s>, <unk>, hello}; every distribution still sums to 1.
    for order in 1..=4 {
        let m = NGramModel::from_text("hello", cfg(order, Smoothing::Kn)).unwrap();
        assert_eq!((m.train_sentences(), m.heldout_sentences().len()), (1, 0)); // nothing held out
        assert!(m.heldout_perplexity().is_none());
        assert_normalised(&m);
        assert!(m.perplexity("hello").unwrap().perplexity.is_finite());
        assert!(m.state_diagram(10).unwrap().matrix.iter().all(|x| x.is_finite()));
    }
    // Order 4 on two-token sentences: contexts are padded with <s>, nothing breaks.
    let m = NGramModel::from_text("a b. b a. a a.", cfg(4, Smoothing::Kn)).unwrap();
    assert!(m.longest_sentence() < 4); // "a b .": shorter than the order
    assert_normalised(&m);
    // An unseen context: add-k is uniform, KN backs off to shorter contexts.
    let ctx = m.context_ids(&["zzz", "qqq", "a"]).unwrap();
    assert_eq!(ctx[..2], [UNK, UNK]);
    let add = NGramModel::from_text("a b. b a. a a.", cfg(4, Smoothing::AddK)).unwrap();
    assert!((add.prob_ids(&ctx, m.id("a")) - 1.0 / add.num_predicted() as f64).abs() < 1e-12);
    let m2 = NGramModel::from_text("a b. b a. a a.", cfg(2, Smoothing::Kn)).unwrap();
    assert!((m.prob_ids(&ctx, m.id("b")) - m2.prob_ids(&[m.id("a")], m.id("b"))).abs() < 0.5);
}

#[test]
fn bad_input_is_an_error() {
    let ok = NGramConfig::default();
    for bad in [
        NGramConfig { order: 0, ..ok },
        NGramConfig { order: 5, ..ok },
        NGramConfig { k: 0.0, ..ok },
        NGramConfig { k: f64::NAN, ..ok },
        NGramConfig { discount: Some(1.5), ..ok },
        NGramConfig { min_count: 0, ..ok },
        NGramConfig { holdout: 0.9, ..ok },
        NGramConfig { max_vocab: 0, ..ok },
        NGramConfig { order: 4, max_vocab: 70_000, ..ok },
    ] {
        assert!(matches!(NGramModel::from_text("a b c", bad), Err(e) if e.is(ErrorKind::Settings)), "{bad:?}");
    }
    assert!(matches!(NGramModel::from_text("  \n ", ok), Err(e) if e.is(ErrorKind::Corpus)));
    let m = NGramModel::from_text("a b c. c b a.", NGramConfig { order: 3, ..ok }).unwrap();
    let e = m.context_ids(&["a"]).unwrap_err().to_string();
    assert!(e.contains("2 tokens"), "{e}");
    assert!(m.context_ids(&["a", "<s>"]).is_err());
    assert!(m.context_ids(&["</s>", "a"]).is_err());
    assert!(m.context_ids(&["x", "<s>", "a"]).is_ok()); // longer: only the last two count
    assert!(m.target_id("<s>").is_err());
    assert!(m.perplexity("   ").is_err());
    assert!(m.sample(1, 0, 1.0).is_err() && m.sample(1, 5, -1.0).is_err() && m.sample(1, 5, f64::NAN).is_err());
    assert!(m.state_diagram(1).is_err() && m.state_diagram(301).is_err());
}

#[test]
fn another_order_from_the_ids_is_the_model_built_from_the_sentences() {
    // `with_order` rebuilds only the counts, from the ids the model keeps (the RNN chapter's
    // baselines, which no longer keep the sentences as strings): the same model bit for bit.
    for (unit, max_vocab) in [(Unit::Word, 10_000), (Unit::Word, 40), (Unit::Char, 10_000)] {
        let text = synthetic(400, 3);
        let base = NGramConfig { order: 1, unit, max_vocab, holdout: 0.2, ..Default::default() };
        let sentences = base.units().sentences(&text);
        let unigram = NGramModel::from_sentences(&sentences, base).unwrap();
        for order in 1..=4 {
            let direct = NGramModel::from_sentences(&sentences, NGramConfig { order, ..base }).unwrap();
            let rebuilt = unigram.with_order(order).unwrap();
            assert_eq!(rebuilt.order(), order);
            let (a, b) = (rebuilt.heldout_perplexity().unwrap(), direct.heldout_perplexity().unwrap());
            assert_eq!((a.perplexity.to_bits(), a.predictions), (b.perplexity.to_bits(), b.predictions), "{unit:?} order {order}");
            let ctx = vec![EOS; order - 1];
            assert_eq!(rebuilt.dist(&ctx), direct.dist(&ctx));
            // Without the copies of the sentences: the same perplexity.
            let c = unigram.heldout_perplexity_of_order(order).unwrap().unwrap();
            assert_eq!((c.perplexity.to_bits(), c.predictions), (b.perplexity.to_bits(), b.predictions));
        }
        assert!(unigram.with_order(0).is_err());
        assert!(unigram.heldout_perplexity_of_order(0).is_err());
    }
}

#[test]
fn the_text_read_into_ids_gives_the_vocabulary_and_ids_counted_from_the_strings() {
    // `from_text` never holds the sentences as strings (issue 15, paste stress): provisional ids by
    // first appearance, counted over the training part, rewritten in place. Checked against the
    // count done on the strings: count descending, ties by first appearance in the training part,
    // `minCount` and `maxVocab`, held-out-only words and literal markers `<unk>`.
    let mut text = String::from("the <unk> king </s> zebra <s>\n") + &synthetic(300, 9);
    text.push_str("zebra <s> the king </s> eats <unk>\nonly held out words here\nzebra again zebra\n");
    for (min_count, max_vocab) in [(1, 10_000), (2, 10_000), (1, 12), (3, 7)] {
        let config = NGramConfig {
            order: 2,
            unit: Unit::Word,
            tokenizer: Some(Tokenizer::Whitespace),
            min_count,
            max_vocab,
            holdout: 0.1,
            ..Default::default()
        };
        let sentences = config.units().sentences(&text);
        let held = (sentences.len() as f64 * 0.1).round() as usize;
        let (train, test) = sentences.split_at(sentences.len() - held);
        let mut first: Vec<&str> = Vec::new();
        let mut count: HashMap<&str, u64> = HashMap::new();
        for t in train.iter().flatten().filter(|t| !SPECIALS.contains(&t.as_str())) {
            if !count.contains_key(t.as_str()) {
                first.push(t);
            }
            *count.entry(t).or_default() += 1;
        }
        let mut words: Vec<&str> = first.iter().copied().filter(|w| count[w] >= min_count).collect();
        words.sort_by_key(|w| std::cmp::Reverse(count[w])); // stable: ties stay by first appearance
        words.truncate(max_vocab);
        let id = |t: &String| words.iter().position(|w| w == t).map_or(UNK, |i| i as u32 + 3);
        let ids = |part: &[Vec<String>]| part.iter().map(|s| s.iter().map(id).collect::<Vec<u32>>()).collect::<Vec<_>>();
        for m in [NGramModel::from_text(&text, config).unwrap(), NGramModel::from_sentences(&sentences, config).unwrap()] {
            assert_eq!(m.num_ids(), words.len() + 3, "minCount {min_count}, maxVocab {max_vocab}");
            assert!(words.iter().enumerate().all(|(i, w)| m.token(i as u32 + 3) == Some(*w)));
            assert_eq!(m.train_ids(), ids(train));
            assert_eq!(m.heldout_sentences(), ids(test));
            assert_eq!(m.train_tokens(), train.iter().map(|s| s.len() as u64).sum::<u64>());
        }
        assert!(test.iter().flatten().any(|t| t == "held") && id(&"held".to_string()) == UNK);
        assert_eq!(train[0].iter().filter(|t| SPECIALS.contains(&t.as_str())).count(), 3, "literal markers in the training part");
    }
}
