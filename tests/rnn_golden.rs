//! The recurrent LM network (src/lm/rnn/net.rs on src/nn) against PyTorch, for a GRU, an LSTM and
//! a tanh RNN language model of 2 layers: logits, loss, every parameter gradient, the gradient
//! norm, and the parameters after 3 training steps (truncated BPTT with the hidden state carried,
//! clipping, then Adam / AdamW / SGD with momentum).
//!
//! Fixtures: `scripts/goldens/make_rnn_goldens.py` → `tests/fixtures/rnn-lm/*.safetensors` (the
//! settings below mirror the script's). Tolerance: 1e-5 relative per tensor, i.e.
//! `max|ours − torch| ≤ 1e-5 · max|torch|` for each tensor. `cargo test --test rnn_golden -- --nocapture`
//! prints the errors reached.

use nlp_playground::lm::rnn::{Net, Shape};
use nlp_playground::nn::optim::{clip_grad_norm, Adam, Optimizer, Sgd};
use nlp_playground::nn::param::Module;
use nlp_playground::nn::recurrent::Cell;
use nlp_playground::pretrained::tensors::Tensors;
use nlp_playground::rng::Rng;

const V: usize = 11;
const E: usize = 6;
const H: usize = 8;
const LAYERS: usize = 2;
const T: usize = 5;
const B: usize = 3;
const CHUNKS: usize = 3;
const CLIP: f32 = 0.2;
const TOL: f64 = 1e-5;

#[path = "common/fixtures.rs"]
mod fixtures;
use fixtures::{data, rel};

fn load(cell: &str) -> Tensors {
    fixtures::load(&format!("rnn-lm/{cell}.safetensors"))
}

fn ids(ts: &Tensors, name: &str) -> Vec<u32> {
    data(ts, name).iter().map(|&v| v as u32).collect()
}

fn run(name: &str, cell: Cell, mut opt: Box<dyn Optimizer>) {
    let ts = load(name);
    let shape = Shape { cell, vocab: V, embed: E, hidden: H, layers: LAYERS, dropout: 0.0 };
    let mut net = Net::new(shape, &mut Rng::new(0));
    net.visit(&mut |p| p.value.copy_from_slice(data(&ts, &format!("param.{}", p.name))));
    let mut worst: Vec<(String, f64)> = Vec::new();
    let mut note = |what: String, e: f64| {
        assert!(e <= TOL, "{name}: {what} differs from PyTorch by {e:.2e} relative (tolerance {TOL:e})");
        worst.push((what, e));
    };
    let mut state = net.zero_state(B);
    for k in 0..CHUNKS {
        let (x, y) = (ids(&ts, &format!("ids.{k}")), ids(&ts, &format!("targets.{k}")));
        assert_eq!(x.len(), T * B);
        net.zero_grad();
        net.forward(&x, B, &mut state, None);
        let loss = net.loss(&y, None);
        note(format!("loss {k}"), (loss - data(&ts, "loss")[k] as f64).abs() / data(&ts, "loss")[k] as f64);
        net.backward(&x, None);
        if k == 0 {
            note("logits".into(), rel(net.logits().as_slice().unwrap(), data(&ts, "logits.0")));
            let mut grads = Vec::new();
            net.visit(&mut |p| grads.push((p.name.to_string(), p.grad.to_vec())));
            for (n, g) in grads {
                note(format!("grad {n}"), rel(&g, data(&ts, &format!("grad.{n}"))));
            }
        }
        let norm = clip_grad_norm(&mut net, CLIP);
        note(format!("grad norm {k}"), ((norm - data(&ts, "gradnorm")[k]) / data(&ts, "gradnorm")[k]).abs() as f64);
        assert!(norm > CLIP, "the fixture should exercise clipping");
        opt.step(&mut net);
    }
    let mut after = Vec::new();
    net.visit(&mut |p| after.push((p.name.to_string(), p.value.to_vec())));
    for (n, v) in after {
        note(format!("after 3 steps {n}"), rel(&v, data(&ts, &format!("after.{n}"))));
    }
    let max = worst.iter().fold(("".to_string(), 0.0f64), |m, (w, e)| if *e > m.1 { (w.clone(), *e) } else { m });
    println!("{name}: {} values checked, worst {:.2e} relative ({})", worst.len(), max.1, max.0);
}

#[test]
fn gru_lm_matches_pytorch() {
    run("gru", Cell::Gru, Box::new(Adam::new(1e-2)));
}

#[test]
fn lstm_lm_matches_pytorch() {
    run("lstm", Cell::Lstm, Box::new(Adam::adamw(1e-2)));
}

#[test]
fn rnn_lm_matches_pytorch() {
    run("rnn", Cell::Rnn, Box::new(Sgd::new(0.5, 0.9)));
}
