//! The gradient-flow numbers against central differences: ‖∂L_p/∂h_t‖ by perturbing the top
//! layer's state after step t and reading on, ‖∂L_p/∂x_t‖ by perturbing the embedding row of token
//! t (every token of the text distinct, so that row is x_t alone).

use super::data::EOS;
use super::{RnnConfig, RnnLm};
use crate::lm::ngram::Unit;
use crate::lm::seq2seq::RnnCell;
use crate::nn::loss::softmax_cross_entropy;
use crate::nn::param::Module;
use crate::nn::recurrent::State;
use ndarray::Array2;

const TEXT: &str = "abcdefghij klmnopqrst uvwxyz. zyx wvu tsr qpo nml kji hgf edc ba.";

fn model(cell: RnnCell, layers: usize) -> RnnLm {
    let cfg =
        RnnConfig { cell, layers, unit: Unit::Char, embed: 4, hidden: 6, batch: 2, bptt: 4, holdout: 0.0, seed: 3, ..Default::default() };
    let mut m = RnnLm::new(TEXT, cfg).unwrap();
    m.train(5).unwrap();
    m
}

/// −ln P(target | h) through the decoder, for the top state `h` (1, H).
fn head_loss(m: &mut RnnLm, h: &Array2<f32>, target: u32) -> f64 {
    let mut logits = Array2::zeros((1, m.data.vocab()));
    m.net.decoder.forward(h.view(), logits.view_mut());
    softmax_cross_entropy(logits.view(), &[target], None, None)
}

/// L_p read on from `state` (the states after step t) through rows t+2 … p+1 of `ids`.
fn loss_from(m: &mut RnnLm, state: &[State], ids: &[u32], t: usize, p: usize) -> f64 {
    let target = ids[p + 2];
    if t == p {
        return head_loss(m, &state[state.len() - 1].h, target);
    }
    let mut s = state.to_vec();
    let seg = &ids[t + 2..p + 2];
    m.net.forward(seg, 1, &mut s, None);
    let last = m.net.top_hidden().row(seg.len() - 1).to_owned().insert_axis(ndarray::Axis(0));
    head_loss(m, &last, target)
}

fn check(cell: RnnCell, layers: usize) {
    let mut m = model(cell, layers);
    let (tokens, mut ids) = m.data.read(TEXT);
    ids.push(EOS);
    let eps = 1e-2f32;
    for p in [0, 4, 9] {
        let flow = m.gradient_flow(TEXT, p).unwrap();
        assert_eq!((flow.hidden.len(), flow.input.len()), (p + 1, p + 1));
        for t in 0..=p {
            // State after token t: read rows 0 … t+1 (the leading `</s>` and tokens 0 … t).
            let mut state = m.net.zero_state(1);
            m.net.forward(&ids[..t + 2], 1, &mut state, None);
            let top = layers - 1;
            let mut g2 = 0.0f64;
            for j in 0..m.config.hidden {
                let mut plus = state.clone();
                plus[top].h[[0, j]] += eps;
                let mut minus = state.clone();
                minus[top].h[[0, j]] -= eps;
                let d = (loss_from(&mut m, &plus, &ids, t, p) - loss_from(&mut m, &minus, &ids, t, p)) / (2.0 * eps as f64);
                g2 += d * d;
            }
            let (num, ana) = (g2.sqrt(), flow.hidden[t] as f64);
            assert!((num - ana).abs() <= 2e-2 * num.max(ana) + 2e-4, "{cell:?} L{layers} p {p} t {t}: h numeric {num} analytic {ana}");
            // ∂L_p/∂x_t through the embedding row of token t (each token of TEXT's first words occurs once).
            let id = ids[t + 1] as usize;
            let mut x2 = 0.0f64;
            for j in 0..m.config.embed {
                let at = |m: &mut RnnLm, v: f32| {
                    let old = m.net.encoder.weight.value[[id, j]];
                    m.net.encoder.weight.value[[id, j]] = v;
                    let mut s = m.net.zero_state(1);
                    m.net.forward(&ids[..p + 2], 1, &mut s, None);
                    let logits = m.net.logits().row(p + 1).to_owned().insert_axis(ndarray::Axis(0));
                    m.net.encoder.weight.value[[id, j]] = old;
                    softmax_cross_entropy(logits.view(), &[ids[p + 2]], None, None)
                };
                let w = m.net.encoder.weight.value[[id, j]];
                let d = (at(&mut m, w + eps) - at(&mut m, w - eps)) / (2.0 * eps as f64);
                x2 += d * d;
            }
            let (num, ana) = (x2.sqrt(), flow.input[t] as f64);
            assert!((num - ana).abs() <= 2e-2 * num.max(ana) + 2e-4, "{cell:?} L{layers} p {p} t {t}: x numeric {num} analytic {ana}");
        }
        assert!(flow.hidden[p] > 1e-3, "the last step's gradient is not small: {:?}", flow.hidden);
    }
    assert_eq!(tokens[..10].concat(), "abcdefghij");
    // gradient_flow leaves no gradient behind for the next training step.
    assert!(m.net.flat(true).iter().all(|&g| g == 0.0));
}

#[test]
fn gradient_flow_matches_central_differences_rnn() {
    check(RnnCell::Rnn, 1);
    check(RnnCell::Rnn, 2);
}

#[test]
fn gradient_flow_matches_central_differences_gru() {
    check(RnnCell::Gru, 1);
    check(RnnCell::Gru, 2);
}

#[test]
fn gradient_flow_matches_central_differences_lstm() {
    check(RnnCell::Lstm, 1);
    check(RnnCell::Lstm, 2);
}
