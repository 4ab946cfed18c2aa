//! Decoding one token at a time with everything the chapter draws: at each output step the
//! attention weights over the source, the context vector (their weighted sum of the encoder
//! states) and the output distribution.

use super::data::{tokens, UNK};
use super::net::{BOS, EOS};
use super::Seq2Seq;
use crate::error::Result;
use crate::nn::loss::softmax_row;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub token: String,
    pub prob: f32,
}

/// One output step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The token chosen (the most probable; `</s>` ends the output).
    pub token: String,
    pub prob: f32,
    /// α over the source tokens (empty without attention).
    pub attention: Vec<f32>,
    /// c = Σ α_s x_s, (width) (empty without attention).
    pub context: Vec<f32>,
    /// The `k` most probable next tokens.
    pub top: Vec<Candidate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Walk {
    pub source_tokens: Vec<String>,
    /// What attention reads: the source embeddings x_s, (S × width) row-major (see [`super::net::Net::values`]).
    pub encoder_states: Vec<f32>,
    /// The width of a value (the embedding size E) and of the context vector.
    pub width: usize,
    /// The model's hidden size H.
    pub hidden: usize,
    pub steps: Vec<Step>,
}

impl Seq2Seq {
    /// Greedy decoding of `source`, step by step, with the `k` most probable tokens at each step.
    pub fn decode_steps(&mut self, source: &str, k: usize) -> Result<Walk> {
        self.averaged(|m| m.decode_steps_weights(source, k))
    }

    fn decode_steps_weights(&mut self, source: &str, k: usize) -> Result<Walk> {
        let ids = self.data.source_ids(source)?;
        let h = self.config.hidden;
        let net = &mut self.net;
        let mut state = net.encode(&ids, 1, &[ids.len()]);
        let encoder_states = net.values().iter().copied().collect();
        let width = net.value_width();
        net.start_decoding(1, &[ids.len()]);
        let (v, max_len) = (self.data.tgt_vocab.len(), 2 * ids.len() + 10);
        let mut probs = vec![0.0f32; v];
        let mut y = BOS;
        let mut steps = Vec::new();
        for _ in 0..=max_len {
            net.decode_step(&[y], &mut state);
            softmax_row(net.step_logits().row(0).as_slice().expect("contiguous"), 1.0, &mut probs);
            // Padding, BOS and UNK are never output.
            let mut order: Vec<usize> = (0..v).filter(|&i| i as u32 == EOS || i as u32 > UNK).collect();
            order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
            let best = order[0];
            let tok = |i: usize| self.data.tgt_vocab.token(i as u32).to_string();
            steps.push(Step {
                token: tok(best),
                prob: probs[best],
                attention: net.step_alpha().map_or(Vec::new(), |a| a.row(0).iter().copied().collect()),
                context: if net.attention.is_some() { net.step_context().row(0).iter().copied().collect() } else { Vec::new() },
                top: order.iter().take(k).map(|&i| Candidate { token: tok(i), prob: probs[i] }).collect(),
            });
            if best as u32 == EOS {
                break;
            }
            y = best as u32;
        }
        Ok(Walk { source_tokens: tokens(source, self.data.src_unit), encoder_states, width, hidden: h, steps })
    }
}
