use super::data::{self, MASK, SEP};
use super::net::{Batch, Net, Shape};
use super::*;
use crate::error::ErrorKind;
use crate::nn::gradcheck::check_f32;

const TEXT: &str = "the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat. \
                    the bird sang on the log. the dog ran to the cat. a bird sat on the cat.";

fn shape(mlm: bool, pre_ln: bool, learned: bool) -> Shape {
    Shape { mlm, vocab: 11, dim: 8, heads: 2, ff: 12, layers: 2, context: 6, learned_positions: learned, pre_ln, dropout: 0.0 }
}

/// The whole network against central differences: every parameter, for the encoder (post-LN,
/// learned positions, MLM head) and the causal LM (pre-LN, sinusoids), and the two other mixes.
/// Step 3e-3: the embeddings feed every position, so the loss curves strongly along them and a
/// step of 1e-2 leaves an O(ε²) error of ~4% there (it shrinks as ε does, to the analytic value).
#[test]
fn whole_network_gradients_match_central_differences() {
    // The last case: the masked LM with `predict_all` (every position a row of the loss).
    for (mlm, pre_ln, learned, all) in [
        (true, false, true, false),
        (false, true, false, false),
        (true, true, true, false),
        (false, false, true, false),
        (true, false, true, true),
    ] {
        let mut rng = Rng::new(11);
        let mut net = Net::new(shape(mlm, pre_ln, learned), &mut rng);
        // Larger weights than BERT's 0.02 init, so every path carries a gradient worth checking.
        let theta: Vec<f32> =
            net.flat(false).iter().map(|&v| if v == 0.0 || v == 1.0 { v + 0.1 * (rng.next_f32() - 0.5) } else { v * 10.0 }).collect();
        net.set_flat(&theta);
        let ids: Vec<u32> = (0..12).map(|i| ((i * 7 + 3) % 11) as u32).collect();
        let bt = if mlm && all {
            let rows: Vec<usize> = [1, 2, 3, 4, 7, 8, 9, 10].into();
            let targets = rows.iter().map(|&r| if r == 4 || r == 8 { (ids[r] + 3) % 11 } else { ids[r] }).collect();
            Batch { b: 2, t: 6, ids, rows, targets }
        } else if mlm {
            Batch { b: 2, t: 6, ids, rows: vec![1, 4, 8], targets: vec![5, 9, 2] }
        } else {
            Batch { b: 2, t: 6, ids: ids.clone(), rows: (0..12).collect(), targets: ids.iter().map(|&i| (i + 1) % 11).collect() }
        };
        net.zero_grad();
        net.forward(&bt, None);
        net.backward(&bt);
        let grads = net.flat(true);
        let r = check_f32(
            &mut |p| {
                net.set_flat(p);
                net.forward(&bt, None)
            },
            &theta,
            &grads,
            3e-3,
            1e-2,
        );
        assert!(r.max_rel_error < 1e-2, "mlm {mlm} pre {pre_ln} learned {learned} all {all}: {r:?}");
    }
}

/// The MLM head's H-wide buffers are sized for the batch (B·T rows) and its V-wide ones for half
/// as many rows again as its masked rows (here 3 → 12, all of B·T): batches of the same B × T with
/// another number of masked rows that fits reuse them, and compute what a network that never saw
/// the first batch computes (loss and every gradient bit for bit).
#[test]
fn mlm_head_buffers_survive_a_new_masked_count() {
    let mut rng = Rng::new(5);
    let mut net = Net::new(shape(true, false, true), &mut rng);
    let mut fresh = net.clone();
    let ids: Vec<u32> = (0..12).map(|i| ((i * 5 + 1) % 11) as u32).collect();
    let first = Batch { b: 2, t: 6, ids: ids.clone(), rows: vec![1, 4, 8], targets: vec![5, 9, 2] };
    let second = Batch { b: 2, t: 6, ids, rows: vec![0, 2, 5, 7, 11], targets: vec![3, 3, 7, 1, 10] };
    net.zero_grad();
    net.forward(&first, None);
    net.backward(&first);
    let before = net.head_buffers();
    net.zero_grad();
    let loss = net.forward(&second, None);
    net.backward(&second);
    assert_eq!(net.head_buffers(), before, "the head's buffers moved");
    assert_eq!(net.logits().dim(), (5, 11));
    fresh.zero_grad();
    assert_eq!(fresh.forward(&second, None).to_bits(), loss.to_bits());
    fresh.backward(&second);
    assert_eq!(fresh.flat(true), net.flat(true));
}

/// The head's `(rows, V)` logits and their gradient follow the predicted rows, not B·T: at the
/// page's 16 × 32 the masked LM predicts ~15 % of the 512 positions, and its buffers hold the most
/// masked rows any batch had and at most half that again (they never shrink: a sentence run or a
/// held-out batch with fewer rows reuses them); the causal LM predicts all 512 and holds 512.
#[test]
fn head_logits_follow_the_predicted_rows_not_the_batch() {
    let text = TEXT.repeat(8);
    for kind in [Kind::Mlm, Kind::Causal] {
        let mut t = Transformer::new(&text, TransformerConfig { batch: 16, context: 32, ..config(kind) }).unwrap();
        let n = 16 * 32;
        let mut most = 0;
        for _ in 0..30 {
            let bt = t.sample_batch();
            most = most.max(bt.rows.len());
            t.train_batch(&bt).unwrap();
            let [logits, dlogits] = t.net.head_capacity();
            assert_eq!(logits, dlogits);
            assert!(
                logits >= most && logits <= (most + most / 2).next_multiple_of(16).min(n),
                "{kind:?}: {logits} rows for at most {most}"
            );
        }
        let [rows, _] = t.net.head_capacity();
        t.perplexity().unwrap();
        t.run("the cat sat").unwrap();
        if kind == Kind::Mlm {
            assert!(most < n / 4, "{most} masked rows of {n}");
            assert!(rows <= n / 2, "{rows} rows for the masked LM's {most}");
            t.predict_masked("the [MASK] sat", 3).unwrap();
        } else {
            assert_eq!((most, rows), (n, n));
        }
        assert_eq!(t.net.head_capacity()[0], rows, "{kind:?}: the evaluation and the sentence run reuse the buffers");
    }
}

/// A small model; the masked LM with BERT's rows (the chosen 15 % only), which the tests below
/// count, unless a test asks for `predict_all`.
fn config(kind: Kind) -> TransformerConfig {
    TransformerConfig {
        kind,
        dim: 32,
        ff: 64,
        context: 8,
        batch: 8,
        warmup: 10,
        lr: 3e-3,
        dropout: Some(0.0),
        mask: 0.15,
        predict_all: false,
        ..Default::default()
    }
}

#[test]
fn training_lowers_the_loss_and_is_reproducible() {
    for kind in [Kind::Causal, Kind::Mlm] {
        let mut a = Transformer::new(TEXT, config(kind)).unwrap();
        let first = a.train(5).unwrap().loss;
        let mut last = first;
        for _ in 0..20 {
            last = a.train(10).unwrap().loss;
        }
        assert!(last < first * 0.8, "{kind:?}: loss {first} → {last}");
        let mut b = Transformer::new(TEXT, config(kind)).unwrap();
        b.train(5).unwrap();
        for _ in 0..20 {
            b.train(10).unwrap();
        }
        assert_eq!(a.net.flat(false), b.net.flat(false), "{kind:?}: same seed, same weights");
        let r = a.train(0).unwrap();
        assert_eq!(r.step, 205);
        assert!(a.perplexity().unwrap().is_finite());
    }
}

#[test]
fn run_has_the_layout_of_bert_run() {
    let mut t = Transformer::new(TEXT, config(Kind::Mlm)).unwrap();
    let r = t.run("the cat sat").unwrap();
    assert_eq!(r.tokens, ["[CLS]", "the", "cat", "sat", "[SEP]"]);
    let o = &r.output;
    assert_eq!((o.seq_len, o.num_layers, o.num_heads, o.hidden_size), (5, 2, 2, 32));
    assert_eq!(o.hidden_states.len(), 3 * 5 * 32);
    assert_eq!(o.attentions.len(), 2 * 2 * 5 * 5);
    for row in o.attentions.chunks(5) {
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
    // Longer than the context: cut to context − 2 tokens inside [CLS] … [SEP].
    // The run says how long the text was (13 words + [CLS] and [SEP]), as Bert.run does.
    let long = t.run("the cat sat on the mat and the dog sat on the log").unwrap();
    assert_eq!((long.ids.len(), long.full_len), (8, 15));
    assert_eq!(t.run("the cat sat").unwrap().full_len, 5);
    // A [MASK] past the cut is an error, not a missing answer; one inside is answered.
    let e = t.predict_masked("the cat sat on the mat and the [MASK]", 3).unwrap_err();
    assert_eq!((e.code().id, e.to_string().contains("first 8 tokens")), ("transformer.maskCut", true), "{e}");
    assert_eq!(t.predict_masked("the [MASK] sat on the mat and the dog sat on the log", 3).unwrap().len(), 1);
    let p = t.predict_masked("the [MASK] sat", 3).unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].len(), 3);
    assert!(p[0][0].prob >= p[0][1].prob && p[0].iter().all(|c| !c.token.starts_with('[')));
    assert_eq!(t.predict_masked("the cat", 3).unwrap_err().code().id, "transformer.noMask");
    assert_eq!(t.generate("the", 3, 1.0, 1).unwrap_err().code().id, "transformer.notCausal");
    let names: Vec<String> = t.intermediates("the cat").unwrap().into_iter().map(|x| x.name).collect();
    assert!(names.contains(&"layer.1.addnorm1".to_string()) && names.last().unwrap() == "softmax", "{names:?}");
    let s = t.scores("the cat sat", 1, 2).unwrap();
    assert_eq!(s.len(), 2);
    assert!(s.iter().all(|h| h.scores.iter().all(|x| x.is_some()) && h.context.len() == 16));
}

#[test]
fn causal_generation_and_scores_respect_the_mask() {
    let mut t = Transformer::new(TEXT, config(Kind::Causal)).unwrap();
    t.train(50).unwrap();
    let g = t.generate("the cat", 5, 0.8, 3).unwrap();
    assert_eq!(g.tokens.len(), 5);
    assert_eq!(g, t.generate("the cat", 5, 0.8, 3).unwrap(), "same seed, same text");
    // n = 0: no new token, the prompt back (as the RNN's `sample` with n = 0 is empty).
    let none = t.generate("the cat", 0, 0.8, 3).unwrap();
    assert!(none.tokens.is_empty() && none.text == "the cat", "{none:?}");
    let s = t.scores("the cat sat on", 0, 1).unwrap();
    for h in &s {
        assert!(h.scores[..2].iter().all(|x| x.is_some()) && h.scores[2..].iter().all(|x| x.is_none()));
        assert!(h.probs[2..].iter().all(|&p| p == 0.0));
    }
    let pe = t.positional();
    assert_eq!((pe.rows, pe.cols), (8, 32));
}

#[test]
fn bad_settings_and_corpora_are_coded_errors() {
    let bad = TransformerConfig { heads: 3, dim: 64, ..Default::default() };
    let e = Transformer::new(TEXT, bad).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Settings);
    assert!(e.to_string().contains("heads (3) must divide dim (64)"), "{e}");
    for context in [0, 100000] {
        let e = Transformer::new(TEXT, TransformerConfig { context, ..Default::default() }).unwrap_err();
        assert!(e.to_string().contains("context"), "{e}");
    }
    let e = Transformer::new("a short text.", TransformerConfig { kind: Kind::Causal, ..Default::default() }).unwrap_err();
    assert_eq!(e.code().id, "transformer.short", "{e}");
    let e = Transformer::new("", TransformerConfig::default()).unwrap_err();
    assert_eq!(e.code().id, "transformer.short");
    // A learning rate that blows up is stopped with a coded error, weights unchanged.
    let mut t = Transformer::new(TEXT, TransformerConfig { lr: 1.0, warmup: 0, clip: 0.0, ..config(Kind::Causal) }).unwrap();
    t.net.word.weight.value[[5, 0]] = f32::NAN;
    let e = t.train(3).unwrap_err();
    assert_eq!(e.code().id, "transformer.diverged");
}

#[test]
fn mlm_masking_follows_bert() {
    let stream: Vec<u32> = (0..2000).map(|i| 5 + (i % 20) as u32).collect();
    let mut rng = Rng::new(4);
    let bt = data::mlm_batch(&stream, 64, 34, 25, data::Masking::bert(data::BERT_MASK_RATE), &[], &mut rng);
    let chosen = bt.rows.len() as f64 / (64.0 * 32.0);
    assert!((0.12..0.18).contains(&chosen), "{chosen}");
    let masked = bt.rows.iter().filter(|&&r| bt.ids[r] == MASK).count() as f64 / bt.rows.len() as f64;
    assert!((0.72..0.88).contains(&masked), "{masked}");
    assert!(bt.rows.iter().all(|&r| r % 34 != 0 && r % 34 != 33), "[CLS] and [SEP] are never chosen");
    // The `mask` setting sets the share chosen (a seed-fixed draw of 2,048 positions: the binomial's
    // sd is 1 %, so ±3 % is over 3 sd).
    let bt = data::mlm_batch(&stream, 64, 34, 25, data::Masking::bert(0.4), &[], &mut rng);
    let chosen = bt.rows.len() as f64 / (64.0 * 32.0);
    assert!((0.37..0.43).contains(&chosen), "{chosen}");
}

#[test]
fn random_share_sets_how_chosen_words_are_hidden() {
    // Half the chosen get a random word (one of the stream's 20 words, so 1 in 20 draws its own):
    // [MASK] 0.4, another word 0.5 × 0.95, unchanged 0.1 + 0.5 × 0.05. Over ~2,000 chosen positions
    // the binomial's sd is ≤ 1.2 %, so ±4 % is over 3 sd.
    let stream: Vec<u32> = (0..4000).map(|i| 5 + (i % 20) as u32).collect();
    let mut rng = Rng::new(9);
    let m = data::Masking { rate: 0.5, random: 0.5, every: false, aligned: false };
    let bt = data::mlm_batch(&stream, 64, 66, 25, m, &[], &mut rng);
    let n = bt.rows.len() as f64;
    let share = |f: &dyn Fn(u32, u32) -> bool| bt.rows.iter().zip(&bt.targets).filter(|(&r, &y)| f(bt.ids[r], y)).count() as f64 / n;
    let masked = share(&|id, _| id == MASK);
    let other = share(&|id, y| id != MASK && id != y);
    let same = share(&|id, y| id == y);
    assert!((0.36..0.44).contains(&masked), "{masked}");
    assert!((0.435..0.515).contains(&other), "{other}");
    assert!((0.085..0.165).contains(&same), "{same}");
    // BERT's 0.1 draws exactly as before the setting existed: [MASK] below 0.8.
    assert_eq!(data::mask_below(0.1), 0.8f32);
    // The page's limits: 0 (no random words) to 0.9 (no [MASK] at all).
    assert!(TransformerConfig { random: 0.95, ..Default::default() }.validate().is_err());
    let all_random = data::mlm_batch(&stream, 8, 66, 25, data::Masking { random: 0.9, ..m }, &[], &mut rng);
    assert!(all_random.ids.iter().all(|&x| x != MASK));
}

#[test]
fn mask_rate_reaches_training_and_is_checked() {
    // 32 windows of 6 inner positions: about 96 chosen at 0.5; at 0.05 about 33 (at least one per window).
    let batch = |mask| Transformer::new(TEXT, TransformerConfig { mask, batch: 32, ..config(Kind::Mlm) }).unwrap().sample_batch();
    let (a, b) = (batch(0.5), batch(0.05));
    assert!(a.rows.len() > 2 * b.rows.len(), "{} vs {}", a.rows.len(), b.rows.len());
    assert!(TransformerConfig { mask: 0.6, ..Default::default() }.validate().is_err());
}

#[test]
fn dropout_defaults_by_kind() {
    assert_eq!(TransformerConfig::default().dropout(), 0.0);
    assert_eq!(TransformerConfig { kind: Kind::Causal, ..Default::default() }.dropout(), 0.1);
    assert_eq!(TransformerConfig { dropout: Some(0.2), ..Default::default() }.dropout(), 0.2);
    assert!(TransformerConfig { dropout: Some(0.7), ..Default::default() }.validate().is_err());
}

#[test]
fn encode_keeps_mask_and_spaces() {
    let d = data::Data::new("the cat sat. a dog ran.", TransformerConfig::default().units(), 0.0);
    assert_eq!(d.encode("the [MASK] sat. a dog").0, ["the", "[MASK]", "sat", ".", "[SEP]", "a", "dog"]);
    let c = data::Data::new("the cat sat.", TransformerConfig { unit: Unit::Char, ..Default::default() }.units(), 0.0);
    assert_eq!(c.encode("ca[MASK] sat").0, ["c", "a", "[MASK]", "␣", "s", "a", "t"]);
    assert_eq!(c.decode(&c.encode("cat sat").1), "cat sat");
}

#[test]
fn mlm_options_predict_every_position_and_align_windows() {
    // A stream of 3-token sentences: 5 6 7 [SEP] 8 9 10 [SEP] …
    let stream: Vec<u32> = (0..300).map(|i| if i % 4 == 3 { SEP } else { 5 + (i % 8) as u32 }).collect();
    let starts = data::sentence_starts(&stream, 10);
    assert!(starts.iter().all(|&s| s == 0 || stream[s - 1] == SEP) && starts.len() == 73, "{}", starts.len());
    assert!(starts.iter().all(|&s| s + 10 <= stream.len()));
    let m = data::Masking { rate: 0.15, random: 0.1, every: true, aligned: true };
    let mut rng = Rng::new(9);
    let bt = data::mlm_batch(&stream, 32, 12, 13, m, &starts, &mut rng);
    // Every inner position is predicted once, as its original token; [CLS] / [SEP] never.
    let mut rows = bt.rows.clone();
    rows.sort_unstable();
    let want: Vec<usize> = (0..32).flat_map(|w| (1..11).map(move |p| w * 12 + p)).collect();
    assert_eq!(rows, want);
    let target = |r: usize| bt.targets[bt.rows.iter().position(|&x| x == r).unwrap()];
    for win in 0..32 {
        // Aligned: each window's first token is a sentence's first (5 or 9 in this stream).
        assert!([5, 9].contains(&target(win * 12 + 1)), "window {win}");
    }
    // Unmasked rows predict their input, but for the few a random token replaced.
    let same = bt.rows.iter().zip(&bt.targets).filter(|(&r, &y)| bt.ids[r] != MASK && bt.ids[r] == y).count();
    let unmasked = bt.rows.iter().filter(|&&r| bt.ids[r] != MASK).count();
    assert!(same + 10 >= unmasked && same < unmasked + 1, "{same} of {unmasked}");
    // Still about 15 % hidden behind [MASK] (80 % of the chosen 15 %).
    let masked = bt.ids.iter().filter(|&&x| x == MASK).count() as f64 / 320.0;
    assert!((0.07..0.17).contains(&masked), "{masked}");
    // Off (the default): only the chosen rows, windows anywhere; the rate does not decay.
    let c = TransformerConfig::default();
    assert!(!c.predict_all && !c.sentence_start && !c.decay);
}

#[test]
fn the_rate_warms_up_then_falls_linearly_to_the_last_step() {
    let t = |decay| Transformer::new(TEXT, TransformerConfig { lr: 1.0, warmup: 10, steps: 110, decay, ..config(Kind::Mlm) }).unwrap();
    let (on, off) = (t(true), t(false));
    for (s, want) in [(1, 0.1), (5, 0.5), (10, 1.0), (11, 1.0), (61, 0.5), (110, 0.01), (111, 0.0), (500, 0.0)] {
        assert!((on.lr_at(s) as f64 - want).abs() < 1e-6, "step {s}: {} against {want}", on.lr_at(s));
    }
    assert_eq!(off.lr_at(5), 0.5);
    assert_eq!(off.lr_at(110), 1.0);
    // No room after the warm-up: the warm-up alone.
    let short = Transformer::new(TEXT, TransformerConfig { lr: 1.0, warmup: 10, steps: 5, ..config(Kind::Mlm) }).unwrap();
    assert_eq!(short.lr_at(5), 0.5);
}

#[test]
fn predict_all_trains_and_its_gradient_is_the_mean_over_rows() {
    // The option changes only which rows the loss averages (the same softmax cross-entropy), so the
    // central-difference check above covers its gradient; here a model trains with both options.
    let mut t = Transformer::new(TEXT, TransformerConfig { predict_all: true, sentence_start: true, ..config(Kind::Mlm) }).unwrap();
    let bt = t.sample_batch();
    assert_eq!(bt.rows.len(), bt.b * (bt.t - 2));
    let first = t.train(5).unwrap().loss;
    let last = t.train(60).unwrap().loss;
    assert!(first.is_finite() && last < first, "{first} → {last}");
}
