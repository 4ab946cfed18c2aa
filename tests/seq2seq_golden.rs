//! The seq2seq network with additive attention (src/lm/seq2seq/net.rs on src/nn) against PyTorch:
//! one training step on a padded batch of 3 pairs of different lengths — logits, loss, every
//! parameter gradient, the gradient norm, and the parameters after clipping and one Adam step.
//!
//! Fixture: `scripts/goldens/make_seq2seq_golden.py` → `tests/fixtures/seq2seq/additive.safetensors`
//! (its model and settings are mirrored below). Tolerance: 1e-5 relative per tensor,
//! `max|ours − torch| ≤ 1e-5 · max|torch|`. `cargo test --test seq2seq_golden -- --nocapture`
//! prints the errors reached.

use nlp_playground::lm::seq2seq::net::{Attn, Batch, Net, Shape};
use nlp_playground::nn::optim::{clip_grad_norm, Adam, Optimizer};
use nlp_playground::nn::param::Module;
use nlp_playground::nn::recurrent::Cell;
use nlp_playground::rng::Rng;

const TOL: f64 = 1e-5;

#[path = "common/fixtures.rs"]
mod fixtures;
use fixtures::{data, rel};

#[test]
fn one_training_step_matches_pytorch() {
    let ts = fixtures::load("seq2seq/additive.safetensors");
    let ids = |n: &str| -> Vec<u32> { data(&ts, n).iter().map(|&v| v as u32).collect() };
    let (src, tgt_in, tgt_out) = (ids("src"), ids("tgt_in"), ids("tgt_out"));
    let src_len: Vec<usize> = ids("src_len").iter().map(|&v| v as usize).collect();
    let b = src_len.len();
    // Rebuild the pairs from the time-major fixture and let Batch pad them the same way.
    let pairs: Vec<(Vec<u32>, Vec<u32>)> = (0..b)
        .map(|r| {
            let s: Vec<u32> = (0..src_len[r]).map(|i| src[i * b + r]).collect();
            let t: Vec<u32> = (0..tgt_out.len() / b).map(|i| tgt_out[i * b + r]).take_while(|&x| x != 2).collect();
            (s, t)
        })
        .collect();
    let refs: Vec<(&[u32], &[u32])> = pairs.iter().map(|(s, t)| (s.as_slice(), t.as_slice())).collect();
    let bt = Batch::new(&refs);
    assert_eq!(
        (bt.src.clone(), bt.tgt_in.clone(), bt.tgt_out.clone()),
        (src, tgt_in, tgt_out),
        "the batch layout differs from the fixture's"
    );

    let shape = Shape { attention: Attn::Additive, cell: Cell::Gru, src_vocab: 9, tgt_vocab: 10, embed: 6, hidden: 8 };
    let mut net = Net::new(shape, &mut Rng::new(0));
    let mut names = Vec::new();
    net.visit(&mut |p| {
        names.push(p.name.to_string());
        p.value.copy_from_slice(data(&ts, &format!("param.{}", p.name)));
    });
    let mut worst: Vec<(String, f64)> = Vec::new();
    let mut note = |what: String, e: f64| {
        assert!(e <= TOL, "{what} differs from PyTorch by {e:.2e} relative (tolerance {TOL:e})");
        worst.push((what, e));
    };
    net.zero_grad();
    let loss = net.forward(&bt);
    note("logits".into(), rel(net.logits(&bt).as_slice().unwrap(), data(&ts, "logits")));
    note("loss".into(), rel(&[loss as f32], data(&ts, "loss")));
    net.backward(&bt);
    let mut grads = Vec::new();
    net.visit(&mut |p| grads.push((p.name.to_string(), p.grad.to_vec())));
    for (name, g) in &grads {
        note(format!("grad.{name}"), rel(g, data(&ts, &format!("grad.{name}"))));
    }
    let norm = clip_grad_norm(&mut net, 0.3);
    note("gradnorm".into(), rel(&[norm], data(&ts, "gradnorm")));
    Adam::new(1e-2).step(&mut net);
    let mut after = Vec::new();
    net.visit(&mut |p| after.push((p.name.to_string(), p.value.to_vec())));
    // After the Adam step: Adam's first update is lr·g/(|g| + ε) with ε = 1e-8, so a component
    // whose gradient is itself ~1e-8 moves by an amount set by the gradient's last bits (both
    // sides agree on the gradients to ~1e-6 relative of the largest one, not of the tiny ones).
    // Those components (|∂L/∂θ| < 1e-6 in PyTorch) are left out of this comparison and counted.
    let mut skipped = 0;
    for (name, v) in &after {
        let (torch, g) = (data(&ts, &format!("after.{name}")), data(&ts, &format!("grad.{name}")));
        let keep: Vec<usize> = (0..v.len()).filter(|&i| g[i].abs() >= 1e-6).collect();
        skipped += v.len() - keep.len();
        let ours: Vec<f32> = keep.iter().map(|&i| v[i]).collect();
        let theirs: Vec<f32> = keep.iter().map(|&i| torch[i]).collect();
        let scale = torch.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        let diff = ours.iter().zip(&theirs).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        note(format!("after.{name}"), diff as f64 / scale.max(1e-30) as f64);
    }
    println!("after the Adam step: {skipped} components with |grad| < 1e-6 not compared");
    // Every PyTorch parameter was matched (no tensor of the fixture left unread).
    assert_eq!(names.len(), 21, "{names:?}");
    worst.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!("worst relative errors: {:?}", &worst[..5]);
}
