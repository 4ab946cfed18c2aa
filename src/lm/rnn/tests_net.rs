use super::net::{Net, Shape};
use crate::nn::gradcheck::check_f32;
use crate::nn::param::Module;
use crate::nn::recurrent::Cell;
use crate::rng::Rng;

/// The whole network (embedding → 2 recurrent layers → decoder → cross-entropy) against central
/// differences, for every cell, without and with dropout (the same masks each evaluation: the
/// dropout generator is re-seeded).
#[track_caller]
fn check(cell: Cell, dropout: f32, t: usize) {
    let shape = Shape { cell, vocab: 7, embed: 4, hidden: 5, layers: 2, dropout };
    let mut rng = Rng::new(5);
    let mut net = Net::new(shape, &mut rng);
    // Small weights keep every unit off saturation, where f32 differences lose their digits.
    let scaled: Vec<f32> = net.flat(false).iter().map(|v| v * 0.7).collect();
    net.set_flat(&scaled);
    let b = 2;
    let ids: Vec<u32> = (0..t * b).map(|_| rng.below(7) as u32).collect();
    let targets: Vec<u32> = (0..t * b).map(|_| rng.below(7) as u32).collect();
    let run = |net: &mut Net| {
        let mut state = net.zero_state(b);
        net.forward(&ids, b, &mut state, Some(&mut Rng::new(99)));
        net.loss(&targets, None)
    };
    run(&mut net);
    // 2·t rows against 7 ids: from t = 4 on, without dropout, layer 0 gathers its input
    // projections from the embedding table (Net::fold_input).
    assert_eq!(net.folded(), dropout == 0.0 && 2 * t > 7, "{cell:?} t {t} dropout {dropout}");
    net.zero_grad();
    net.backward(&ids, None);
    let (theta, grads) = (net.flat(false), net.flat(true));
    let mut net2 = net.clone();
    let r = check_f32(
        &mut |th| {
            net2.set_flat(th);
            run(&mut net2)
        },
        &theta,
        &grads,
        1e-2,
        1e-2,
    );
    // Floor 1e-2: the mean loss (~2) in f32 leaves ~1e-5 of noise in each numeric derivative.
    assert!(r.max_rel_error < 5e-3, "{cell:?} dropout {dropout}: {r:?}");
    let gmax = grads.iter().fold(0.0f32, |m, g| m.max(g.abs()));
    assert!(gmax > 0.05, "{cell:?}: gradients too small ({gmax}) for the check to mean anything");
}

#[test]
fn rnn_lm_gradients_match_central_differences() {
    check(Cell::Rnn, 0.0, 3);
    check(Cell::Rnn, 0.0, 5);
}

#[test]
fn gru_lm_gradients_match_central_differences() {
    check(Cell::Gru, 0.0, 3);
    check(Cell::Gru, 0.0, 5);
    check(Cell::Gru, 0.3, 5);
}

#[test]
fn lstm_lm_gradients_match_central_differences() {
    check(Cell::Lstm, 0.0, 3);
    check(Cell::Lstm, 0.0, 5);
    check(Cell::Lstm, 0.3, 5);
}
