//! How far the gradient of one prediction reaches back, per cell, as the chapter shows it
//! (`RnnLM.gradientFlow`): the English sample, character units, the page's defaults otherwise;
//! ‖∂L_p/∂h_t‖ / ‖∂L_p/∂h_p‖ at distances p − t = 5, 10, 20, 40, after 0 and after `steps` steps.
//! `cargo run --release --example rnn_flow -- [steps] [seed]`.
//!
//! Run on 2026-12-03 (`-- 300 1`, load average 6): d5 / d10 / d20 / d40 after 300 steps:
//! RNN 1.9e-1 / 3.6e-2 / 1.3e-3 / 7.8e-7 (held-out perplexity 2.66), GRU 4.7e-1 / 7.5e-2 /
//! 1.5e-3 / 1.8e-6 (2.25), LSTM 1.6e-1 / 4.2e-2 / 5.5e-3 / 3.1e-5 (2.51); before training the
//! RNN's was 3.2e-6 at d20 against 4.1e-5 (GRU) and 1.1e-5 (LSTM). On this text, which needs
//! little memory, the trained cells come close: the chapter shows the fading after training on
//! the long-dependency task instead (`longdep.rs`, tests/lessons/rnn.mjs).
use nlp_playground::lm::rnn::{RnnConfig, RnnLm};
use nlp_playground::lm::seq2seq::RnnCell;
use nlp_playground::text::corpora;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let steps: usize = args.get(1).map_or(300, |s| s.parse().unwrap());
    let seed: u64 = args.get(2).map_or(1, |s| s.parse().unwrap());
    let text = corpora::sample("en").unwrap().text;
    let probe = "the king and the queen walked to the palace, and the old man sat down by the river.";
    for cell in [RnnCell::Rnn, RnnCell::Gru, RnnCell::Lstm] {
        let mut m = RnnLm::new(text, RnnConfig { cell, seed, ..Default::default() }).unwrap();
        for phase in [0, steps] {
            if phase > 0 {
                m.train(phase).unwrap();
            }
            let p = m.tokens(probe).len() - 1;
            let f = m.gradient_flow(probe, p).unwrap().hidden;
            let at = |k: usize| f[p - k] / f[p];
            println!(
                "{cell:?} after {phase:4} steps (held-out ppl {:.2}): d5 {:.2e} d10 {:.2e} d20 {:.2e} d40 {:.2e}",
                m.heldout_perplexity().unwrap(),
                at(5),
                at(10),
                at(20),
                at(40)
            );
        }
    }
}
