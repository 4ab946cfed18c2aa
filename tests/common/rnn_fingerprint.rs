//! The seeded training run whose result native and wasm must agree on bit for bit
//! (`tests/rnn_targets.rs` natively, `tests/web.rs` in headless Chromium): a 2-layer network of
//! each cell with dropout, 6 steps of truncated BPTT (hidden state carried), clipping and Adam on
//! a seeded token stream. Returns an FNV-1a hash of the final parameters' bits and the last loss.

use nlp_playground::lm::rnn::{Net, Shape};
use nlp_playground::nn::optim::{clip_grad_norm, Adam, Optimizer};
use nlp_playground::nn::param::Module;
use nlp_playground::nn::recurrent::Cell;
use nlp_playground::rng::Rng;

pub fn fnv1a(v: &[f32]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for x in v {
        for b in x.to_le_bytes() {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

pub fn train(cell: Cell) -> (u32, f32) {
    let (vocab, t, b) = (23, 9, 5);
    let mut rng = Rng::new(42);
    let mut net = Net::new(Shape { cell, vocab, embed: 10, hidden: 17, layers: 2, dropout: 0.2 }, &mut rng);
    let stream: Vec<u32> = (0..(6 * t + 1) * b).map(|_| rng.below(vocab) as u32).collect();
    let mut opt = Adam::new(3e-3);
    let mut state = net.zero_state(b);
    let mut loss = 0.0;
    for k in 0..6 {
        let x = &stream[k * t * b..(k + 1) * t * b];
        let y = &stream[(k * t + 1) * b..((k + 1) * t + 1) * b];
        net.zero_grad();
        net.forward(x, b, &mut state, Some(&mut rng));
        loss = net.loss(y, None) as f32;
        net.backward(x, None);
        clip_grad_norm(&mut net, 0.5);
        opt.step(&mut net);
    }
    (fnv1a(&net.flat(false)), loss)
}
