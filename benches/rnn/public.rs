//! The public path of the RNN speed benchmark (benches/rnn.sh): `RnnLm::train(1)` as the page and
//! the JS API call it (`new RnnLM(text, config)`, `lm.train(1)`), on issue 10's model: character
//! units, vocabulary 64, embedding 32, one GRU or LSTM layer of 128, batch 16, BPTT 32, Adam 1e-3,
//! no clipping, no dropout, nothing held out (no evaluation inside the timed steps). The text is
//! [`text`]: 61 Hangul syllables and the space in random lines (64 tokens with `</s>` and `<unk>`);
//! public.mjs builds the same text for the wasm side.

use nlp_playground::lm::ngram::Unit;
use nlp_playground::lm::rnn::{OptimizerKind, RnnConfig, RnnLm};
use nlp_playground::lm::seq2seq::RnnCell;

/// Characters of the benchmark text.
pub const CHARS: usize = 64_000;

/// The benchmark text: lines of 20–79 symbols drawn from 61 syllables (가, 각, …) and the space,
/// by a 31-bit linear congruential generator seeded with 1 (public.mjs draws the same).
pub fn text() -> String {
    let mut x: u64 = 1;
    let mut next = |m: u64| {
        x = (x * 1_103_515_245 + 12_345) % (1 << 31);
        (x >> 8) % m
    };
    let mut s = String::with_capacity(CHARS * 3);
    let mut n = 0;
    while n < CHARS {
        let len = 20 + next(60) as usize;
        for _ in 0..len {
            let k = next(62);
            s.push(if k == 61 { ' ' } else { char::from_u32(0xAC00 + 28 * k as u32).unwrap() });
        }
        s.push('\n');
        n += len + 1;
    }
    s
}

pub fn config(cell: RnnCell) -> RnnConfig {
    RnnConfig {
        cell,
        unit: Unit::Char,
        embed: 32,
        hidden: 128,
        layers: 1,
        bptt: 32,
        batch: 16,
        lr: 1e-3,
        optimizer: OptimizerKind::Adam,
        clip: 0.0,
        dropout: 0.0,
        holdout: 0.0,
        steps: 1_000_000,
        eval_every: 1_000_000,
        seed: 1,
        ..Default::default()
    }
}

pub fn model(text: &str, cell: RnnCell) -> RnnLm {
    RnnLm::new(text, config(cell)).expect("the benchmark text trains")
}
