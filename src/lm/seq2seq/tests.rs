use super::data::{parse_pairs, Unit};
use super::net::{Attn, Batch, Net, Shape};
use super::*;
use crate::nn::gradcheck::check_f32;

/// Three pairs of different lengths (sources 3, 1, 2; targets 2, 3, 1), so padding is crossed on
/// both sides.
fn batch() -> Batch {
    let pairs: [(&[u32], &[u32]); 3] = [(&[4, 5, 6], &[5, 4]), (&[6], &[4, 6, 5]), (&[5, 4], &[6])];
    Batch::new(&pairs)
}

#[test]
fn batches_are_time_major_and_padded() {
    let bt = batch();
    assert_eq!((bt.b, bt.s, bt.t), (3, 3, 4));
    // Source position 0 of the three rows, then position 1 (row 1 is padding there).
    assert_eq!(&bt.src[..6], &[4, 6, 5, 5, 0, 4]);
    assert_eq!(bt.src_len, [3, 1, 2]);
    // Row 0: BOS 5 4 → targets 5 4 EOS, then padding (masked).
    assert_eq!([bt.tgt_in[0], bt.tgt_in[3], bt.tgt_in[6]], [1, 5, 4]);
    assert_eq!([bt.tgt_out[0], bt.tgt_out[3], bt.tgt_out[6], bt.tgt_out[9]], [5, 4, 2, 0]);
    assert_eq!(bt.mask.iter().filter(|&&m| m).count(), 3 + 4 + 2);
}

/// Finite differences through the whole network, every attention kind, GRU and LSTM: the loss of
/// a padded batch against every parameter (padding must not leak into the loss or the gradients).
#[test]
fn whole_network_gradients_match_central_differences() {
    for attention in [Attn::None, Attn::Additive, Attn::Dot, Attn::General] {
        for cell in [Cell::Gru, Cell::Lstm] {
            let shape = Shape { attention, cell, src_vocab: 7, tgt_vocab: 7, embed: 3, hidden: 4 };
            let mut net = Net::new(shape, &mut Rng::new(4));
            let bt = batch();
            net.zero_grad();
            net.forward(&bt);
            net.backward(&bt);
            let (theta, grads) = (net.flat(false), net.flat(true));
            let mut n2 = net.clone();
            let r = check_f32(
                &mut |p| {
                    n2.set_flat(p);
                    n2.forward(&bt)
                },
                &theta,
                &grads,
                1e-2,
                1e-2,
            );
            assert!(r.max_rel_error < 2e-3, "{attention:?} {cell:?}: {r:?}");
        }
    }
}

/// Padding changes nothing: a pair's loss alone equals its share of a padded batch.
#[test]
fn padding_does_not_change_a_pair() {
    let shape = Shape { attention: Attn::Additive, cell: Cell::Gru, src_vocab: 7, tgt_vocab: 7, embed: 3, hidden: 4 };
    let mut net = Net::new(shape, &mut Rng::new(4));
    let alone = net.forward(&Batch::new(&[(&[6], &[4, 6, 5])]));
    let both = net.forward(&Batch::new(&[(&[6], &[4, 6, 5]), (&[4, 5, 6, 4, 5], &[4])]));
    let other = net.forward(&Batch::new(&[(&[4, 5, 6, 4, 5], &[4])]));
    // Mean over 4 + 2 tokens.
    assert!(((alone * 4.0 + other * 2.0) / 6.0 - both).abs() < 1e-6, "{alone} {other} {both}");
}

#[test]
fn pairs_are_read_and_bad_lines_named() {
    let p = parse_pairs("# a comment\nthe cat => le chat\n\n  dog => chien  \n", Unit::Word).unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(
        (p[0].src.clone(), p[0].tgt.clone(), p[1].line),
        (vec!["the".to_string(), "cat".into()], vec!["le".to_string(), "chat".into()], 4)
    );
    let c = parse_pairs("ab c => x\nq => yz", Unit::Char).unwrap();
    assert_eq!(c[0].src, ["a", "b", "␣", "c"]);
    let cases = [
        ("a => b\nno arrow here\n", "line 2: no `=>`"),
        ("a => b\n => c\n", "line 2: the source is empty"),
        ("a => b\nc =>   \n", "line 2: the target is empty"),
        ("a => b\n", "at least 2 lines `source => target` are needed to train (got 1)"),
        ("", "at least 2 lines `source => target` are needed to train (got 0)"),
        // Control characters are written out, not printed raw into the message.
        ("a => b\nx\u{0}y\u{7}\n", "line 2: no `=>` between source and target (write `source => target`): x\\u{0}y\\u{7}"),
        ("a => \u{1b}\nb => \u{1b}\n", "the one token `\\u{1b}`"),
        ("a => x\nb => x x\n", "the one token `x`"),
    ];
    for (text, want) in cases {
        let e = parse_pairs(text, Unit::Word).unwrap_err();
        assert!(e.to_string().contains(want), "{text:?}: {e}");
    }
    let long = format!("a => b\n{} => c\n", "w ".repeat(10_000));
    let e = parse_pairs(&long, Unit::Word).unwrap_err();
    assert!(e.to_string().contains("line 2: the source has 10000 tokens"), "{e}");
    // Mixed scripts are fine.
    assert!(parse_pairs("hello 안녕 => 안녕 hello\n猫 cat => 고양이\n", Unit::Word).is_ok());
}

fn quick(attention: Attention, seed: u64) -> Seq2Seq {
    let task = TaskConfig { min_length: 3, max_length: 6, symbols: 6, count: 3000, seed };
    let cfg = Seq2SeqConfig { attention, hidden: 32, embed: 16, lr: 1e-2, batch: 32, seed, ..Seq2SeqConfig::default() };
    Seq2Seq::from_task("reverse", &task, cfg).unwrap()
}

/// The signature example, small: with additive attention, "reverse" is learnt, and the attention
/// of output step i lies on source position len − 1 − i (the anti-diagonal).
#[test]
fn attention_learns_to_reverse_along_the_anti_diagonal() {
    let mut m = quick(Attention::Additive, 3);
    m.train(600).unwrap();
    let ev = m.evaluate();
    assert!(ev.accuracy > 0.9 && ev.split == "heldout", "{ev:?}");
    let (tokens, d) = m.translate("a b c d e", 1).unwrap();
    assert_eq!(tokens, ["e", "d", "c", "b", "a"]);
    for i in 0..5 {
        let row = &d.attention[i * 5..(i + 1) * 5];
        let argmax = (0..5).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap();
        assert_eq!(argmax, 4 - i, "step {i}: {row:?}");
    }
    // A beam of 1 is greedy; a beam of 3 finds the same (right) answer here.
    assert_eq!(m.translate("a b c d e", 3).unwrap().0, tokens);
}

#[test]
fn unknown_source_tokens_are_named() {
    let mut m = quick(Attention::Dot, 1);
    let e = m.translate("a b z", 1).unwrap_err();
    assert!(e.to_string().contains("`z`"), "{e}");
    assert!(m.translate("   ", 1).is_err());
    // A control character in an unknown token is escaped, so the message shows what it is (the
    // task's source is read symbol by symbol: the bell is the first unknown token).
    let e = m.translate("a \u{7}b\u{1b}[0m", 1).unwrap_err().to_string();
    assert!(e.starts_with("`\\u{7}` is not in the source vocabulary"), "{e}");
    assert!(!e.chars().any(char::is_control), "{e:?}");
}

/// The learning rate: full for `decay` steps, then `lr · decay / step`; `decay: 0` keeps it fixed.
#[test]
fn learning_rate_decays_as_one_over_step_after_decay_steps() {
    let m = quick(Attention::Additive, 1);
    let lr = m.config.lr as f32;
    assert_eq!(m.config.decay, 100);
    for (s, f) in [(1, 1.0), (100, 1.0), (200, 0.5), (400, 0.25), (3000, 1.0 / 30.0)] {
        assert!((m.lr_at(s) - lr * f).abs() <= 1e-9, "step {s}: {}", m.lr_at(s));
    }
    let mut c = m.config;
    c.decay = 0;
    let fixed = Seq2Seq::from_pairs("a b => b a\nc d => d c\n", c).unwrap();
    assert_eq!(fixed.lr_at(100_000), lr);
}

/// Averaging (`average`) changes what is evaluated and decoded, never the training: the same
/// losses and the same trained weights with it or without it; evaluating swaps the average in and
/// back out, and the average is not the last weights.
#[test]
fn averaged_weights_leave_training_unchanged() {
    let mut avg = quick(Attention::Additive, 2);
    assert_eq!(avg.config.average, 0.99);
    let task = TaskConfig { min_length: 3, max_length: 6, symbols: 6, count: 3000, seed: 2 };
    let mut plain = Seq2Seq::from_task("reverse", &task, Seq2SeqConfig { average: 0.0, ..avg.config }).unwrap();
    for _ in 0..3 {
        let (a, b) = (plain.train(20).unwrap(), avg.train(20).unwrap());
        assert_eq!(a.loss.to_bits(), b.loss.to_bits());
        avg.evaluate();
        avg.translate("a b c", 1).unwrap();
        assert_eq!(plain.net.flat(false), avg.net.flat(false), "the average must be swapped back out");
    }
    let mut averaged = Vec::new();
    avg.averaged(|m| averaged = m.net.flat(false));
    assert_ne!(plain.net.flat(false), averaged);
}
