//! The Transformer (src/lm/transformer/net.rs on src/nn) against PyTorch: one training step of a
//! 2-layer model — logits, loss, every parameter gradient, and the parameters after one AdamW step.
//!
//! - `mlm`: transformers' own `BertForMaskedLM` (post-LN, learned positions, token types, the MLM
//!   head with the decoder tied to the word embeddings), loss over the masked positions only.
//! - `causal`: `nn.TransformerEncoderLayer(norm_first=True, activation="gelu")` with a causal mask,
//!   fixed sinusoids, a final LayerNorm and a tied decoder.
//!
//! Fixtures: `scripts/goldens/make_transformer_golden.py` → `tests/fixtures/transformer/*.safetensors`.
//! Tolerance 1e-5 relative per tensor, `max|ours − torch| ≤ 1e-5 · max|torch|`;
//! `cargo test --test transformer_golden -- --nocapture` prints the errors reached.

use nlp_playground::lm::transformer::net::{Batch, Net, Shape};
use nlp_playground::nn::optim::{Adam, Optimizer};
use nlp_playground::nn::param::Module;
use nlp_playground::rng::Rng;

const TOL: f64 = 1e-5;
const B: usize = 3;
const T: usize = 7;

#[path = "common/fixtures.rs"]
mod fixtures;
use fixtures::{data, rel};

fn one_step(fixture: &str, shape: Shape) {
    let ts = fixtures::load(&format!("transformer/{fixture}.safetensors"));
    let ints = |n: &str| -> Vec<u32> { data(&ts, n).iter().map(|&v| v as u32).collect() };
    let bt = Batch { b: B, t: T, ids: ints("ids"), rows: ints("rows").iter().map(|&r| r as usize).collect(), targets: ints("targets") };
    let mut net = Net::new(shape, &mut Rng::new(0));
    let mut count = 0;
    net.visit(&mut |p| {
        let want = data(&ts, &format!("param.{}", p.name));
        assert_eq!(want.len(), p.value.len(), "{} has another size in the fixture", p.name);
        p.value.copy_from_slice(want);
        count += 1;
    });
    let in_fixture = ts.names().filter(|n| n.starts_with("param.")).count();
    assert_eq!(count, in_fixture, "{fixture}: every fixture parameter is one of ours");

    net.zero_grad();
    let loss = net.forward(&bt, None);
    net.backward(&bt);
    let l_err = (loss - data(&ts, "loss")[0] as f64).abs() / data(&ts, "loss")[0].abs() as f64;
    let z_err = rel(net.logits().as_slice().unwrap(), data(&ts, "logits"));
    println!("{fixture}: loss {loss:.6} (rel {l_err:.1e}), logits rel {z_err:.1e}");
    assert!(l_err < TOL && z_err < TOL, "{fixture}: loss {l_err:.2e}, logits {z_err:.2e}");
    let mut worst = (0.0f64, String::new());
    net.visit(&mut |p| {
        let want = data(&ts, &format!("grad.{}", p.name));
        if p.name.ends_with("self.key.bias") {
            // Exactly 0 in exact arithmetic: b_k adds q·b_k to every score of a row, and softmax
            // ignores a constant added to a row. Both sides hold f32 rounding noise only.
            let most = p.grad.iter().chain(want).fold(0.0f32, |m, g| m.max(g.abs()));
            assert!(most < 1e-5, "{fixture}: {} gradient should vanish, is {most:.2e}", p.name);
            return;
        }
        let e = rel(p.grad, want);
        if e > worst.0 {
            worst = (e, p.name.to_string());
        }
        assert!(e < TOL, "{fixture}: gradient of {} off by {e:.2e} relative", p.name);
    });
    println!("{fixture}: worst gradient {} at {:.1e}", worst.1, worst.0);

    let mut opt = Adam::adamw(1e-2);
    opt.step(&mut net);
    net.visit(&mut |p| {
        if p.name.ends_with("self.key.bias") {
            return; // AdamW scales its noise-only gradient up to ±lr on either side
        }
        let e = rel(p.value, data(&ts, &format!("after.{}", p.name)));
        assert!(e < TOL, "{fixture}: {} after AdamW off by {e:.2e} relative", p.name);
    });
}

#[test]
fn bert_for_masked_lm_one_training_step_matches_transformers() {
    let shape = Shape {
        mlm: true,
        vocab: 13,
        dim: 16,
        heads: 2,
        ff: 32,
        layers: 2,
        context: 8,
        learned_positions: true,
        pre_ln: false,
        dropout: 0.0,
    };
    one_step("mlm", shape);
}

#[test]
fn causal_pre_ln_one_training_step_matches_pytorch() {
    let shape = Shape {
        mlm: false,
        vocab: 13,
        dim: 16,
        heads: 2,
        ff: 32,
        layers: 2,
        context: 8,
        learned_positions: false,
        pre_ln: true,
        dropout: 0.0,
    };
    one_step("causal", shape);
}
