//! How far the gradient of one prediction reaches back, per cell, as the chapter shows it
//! (`RnnLM.gradientFlow`): the English sample, character units, the page's defaults otherwise;
//! ‖∂L_p/∂h_t‖ / ‖∂L_p/∂h_p‖ at distances p − t = 5, 10, 20, 40, after 0 and after `steps` steps.
//! `cargo run --release --example rnn_flow -- [steps] [seed]`.
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
