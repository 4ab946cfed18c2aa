//! Questions to a trained [`RnnLm`]: all read a text from a zero state after a `</s>` (a sentence
//! start, as in training), one stream, dropout off. Position t counts the tokens of
//! [`RnnLm::tokens`]; `h_t` is the top layer's state after reading token t, and `L_t` the loss of
//! predicting the token after it (`</s>` after the last).

use super::data::{EOS, UNK};
use super::{Net, RnnLm};
use crate::err;
use crate::error::{check_range_f, Result};
use crate::lm::ngram::NGramModel;
use crate::nn::loss::softmax_row;
use crate::nn::param::Module;
use crate::rng::Rng;
use ndarray::Array2;
use serde::Serialize;

/// The most tokens `hidden`, `gradientFlow` and `inputGradient` read (the views draw one column
/// per token; a longer text is refused, not cut).
pub const MAX_READ: usize = 2000;
/// Rows per forward call when scoring a long stream.
const CHUNK: usize = 512;

/// `(Σ −ln p, predictions)` of reading `ids` as one stream from a zero state: each id after the
/// first is predicted from those before. `None` when there is nothing to predict.
pub fn stream_loss(net: &mut Net, ids: &[u32]) -> Option<(f64, usize)> {
    if ids.len() < 2 {
        return None;
    }
    let mut state = net.zero_state(1);
    let (mut sum, n) = (0.0, ids.len() - 1);
    let mut at = 0;
    while at < n {
        let t = CHUNK.min(n - at);
        net.forward(&ids[at..at + t], 1, &mut state, None);
        sum += net.loss(&ids[at + 1..at + t + 1], None) * t as f64;
        at += t;
    }
    Some((sum, n))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub perplexity: f64,
    /// Tokens of the text (sentence ends between sentences included).
    pub tokens: usize,
    /// Predictions scored: every token and the final `</s>`.
    pub predictions: usize,
    /// Predicted tokens outside the vocabulary (`<unk>`).
    pub unknown: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hidden {
    pub tokens: Vec<String>,
    /// `(T, H)`: row t is h_t.
    pub data: Array2<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Next {
    pub token: String,
    pub prob: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    pub tokens: Vec<String>,
    pub text: String,
}

/// The gradient one loss sends back: per position t ≤ p, ‖∂L_p/∂h_t‖ and ‖∂L_p/∂x_t‖ (x_t the
/// embedded token t).
#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub hidden: Vec<f32>,
    pub input: Vec<f32>,
}

fn norm(row: ndarray::ArrayView1<f32>) -> f32 {
    row.iter().map(|v| (*v as f64) * (*v as f64)).sum::<f64>().sqrt() as f32
}

impl RnnLm {
    /// The tokens of a text as the model reads it (sentences separated by `</s>`).
    pub fn tokens(&self, text: &str) -> Vec<String> {
        self.data.read(text).0
    }

    /// Tokens and ids of a text with at least one token and at most `max` (0 = no limit).
    fn read(&self, text: &str, max: usize) -> Result<(Vec<String>, Vec<u32>)> {
        let (tokens, ids) = self.data.read(text);
        if tokens.is_empty() {
            return Err(err!(Input, RNN_EMPTY_TEXT));
        }
        if max > 0 && tokens.len() > max {
            return Err(err!(Input, RNN_TEXT_TOO_LONG, count = tokens.len(), max = max));
        }
        Ok((tokens, ids))
    }

    /// Perplexity of a text: each token and the final `</s>` predicted from what precedes it.
    pub fn evaluate(&mut self, text: &str) -> Result<Evaluation> {
        let (tokens, mut ids) = self.read(text, 0)?;
        ids.push(EOS);
        let (sum, n) = stream_loss(&mut self.net, &ids).expect("at least one token");
        Ok(Evaluation {
            perplexity: (sum / n as f64).exp(),
            tokens: tokens.len(),
            predictions: n,
            unknown: ids[1..].iter().filter(|&&i| i == UNK).count(),
        })
    }

    /// The top layer's state after each token.
    pub fn hidden(&mut self, text: &str) -> Result<Hidden> {
        let (tokens, ids) = self.read(text, MAX_READ)?;
        let mut state = self.net.zero_state(1);
        self.net.forward(&ids, 1, &mut state, None);
        let data = self.net.top_hidden().slice(ndarray::s![1.., ..]).to_owned();
        Ok(Hidden { tokens, data })
    }

    /// The distribution over the next token after reading `ids` (dropout off). The ids are read
    /// `CHUNK` at a time with the state carried, as `stream_loss` does: one forward over the whole
    /// context kept every row's logits at once (60,000 words × a 10,002-word vocabulary: 2.4 GB),
    /// which wasm32 cannot allocate: it panicked and left the model unusable.
    fn dist_after(&mut self, ids: &[u32]) -> Vec<f32> {
        let mut state = self.net.zero_state(1);
        let (head, last) = ids.split_at(ids.len() - ((ids.len() - 1) % CHUNK + 1));
        for chunk in head.chunks(CHUNK) {
            self.net.forward(chunk, 1, &mut state, None);
        }
        self.net.forward(last, 1, &mut state, None);
        let logits = self.net.logits();
        let last = logits.row(logits.nrows() - 1);
        let mut p = vec![0.0; last.len()];
        softmax_row(last.as_slice().expect("contiguous"), 1.0, &mut p);
        p
    }

    /// The `k` most probable next tokens after `context` (which may be empty: a sentence start).
    pub fn next(&mut self, context: &str, k: usize) -> Vec<Next> {
        let (_, ids) = self.data.read(context);
        let p = self.dist_after(&ids);
        let mut ranked: Vec<(usize, f32)> = p.into_iter().enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(k);
        ranked.into_iter().map(|(i, p)| Next { token: self.data.token(i as u32).to_string(), prob: p as f64 }).collect()
    }

    /// `n` tokens drawn one after the other from a sentence start, each from the model's
    /// distribution sharpened or flattened by `temperature` (`q ∝ p^(1/T)`; below 0.01 the most
    /// probable token); sentence ends are tokens too. Seeded.
    pub fn sample(&mut self, seed: u64, n: usize, temperature: f64) -> Result<Sample> {
        check_range_f("temperature", temperature, 0.0, 10.0)?;
        crate::error::check_range("n", n, 0, 10_000)?;
        let mut rng = Rng::new(seed);
        let mut state = self.net.zero_state(1);
        let mut id = EOS;
        let mut tokens = Vec::with_capacity(n);
        let mut p32 = vec![0.0f32; self.data.vocab()];
        for _ in 0..n {
            self.net.forward(&[id], 1, &mut state, None);
            softmax_row(self.net.logits().row(0).as_slice().expect("contiguous"), 1.0, &mut p32);
            let p: Vec<f64> = p32.iter().map(|&v| v as f64).collect();
            id = NGramModel::draw(&p, temperature, &mut rng);
            tokens.push(self.data.token(id).to_string());
        }
        Ok(Sample { text: self.data.join(&tokens), tokens })
    }

    /// ‖∂L_p/∂h_t‖ and ‖∂L_p/∂x_t‖ for t = 0 … p (`p = position`), for the current weights. The
    /// norms are of the gradient of the one loss `L_p = −ln P(token p+1 | tokens ≤ p)`.
    pub fn gradient_flow(&mut self, text: &str, position: usize) -> Result<Flow> {
        let (tokens, mut ids) = self.read(text, MAX_READ)?;
        if position >= tokens.len() {
            return Err(err!(Input, RNN_POSITION, max = tokens.len() - 1, count = tokens.len(), got = position));
        }
        ids.push(EOS);
        // Rows 0 … p+1: the leading `</s>` and tokens 0 … p; only the last row's loss counts.
        let rows = position + 2;
        let (inputs, targets) = (&ids[..rows], &ids[1..rows + 1]);
        let mut mask = vec![false; rows];
        mask[rows - 1] = true;
        let mut state = self.net.zero_state(1);
        self.net.fold_input = false; // the input share below reads ∂L/∂(embedded input)
        self.net.forward(inputs, 1, &mut state, None);
        self.net.fold_input = true;
        self.net.loss(targets, Some(&mask));
        let mut record = Array2::<f32>::zeros((rows, self.config.hidden));
        self.net.zero_grad();
        self.net.backward(inputs, Some(record.view_mut()));
        self.net.zero_grad();
        // The masked mean divides the one loss by the number of rows: undo it.
        let scale = rows as f32;
        let hidden = (1..rows).map(|t| norm(record.row(t)) * scale).collect();
        let dx = self.net.input_grad();
        let input = (1..rows).map(|t| norm(dx.row(t)) * scale).collect();
        Ok(Flow { hidden, input })
    }
}

/// Shares summing to 1 (all zero stays zero).
pub fn shares(v: &[f32]) -> Vec<f32> {
    let total: f64 = v.iter().map(|&x| x as f64).sum();
    v.iter().map(|&x| if total > 0.0 { (x as f64 / total) as f32 } else { 0.0 }).collect()
}

/// Sequential cost: how many steps a sentence waits for, and what one costs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timing {
    pub layers: usize,
    /// Mean tokens per training sentence (its `</s>` included).
    pub tokens_per_sentence: f64,
    /// Steps that must run one after the other to read a sentence: tokens × layers (each
    /// layer's step t needs its step t − 1 and the step t of the layer below).
    pub dependent_steps: f64,
    /// Training time per token so far (forward + backward + update, `batch` streams at once).
    pub train_ms_per_token: Option<f64>,
    /// Reading one stream token by token (forward only, batch 1): the fastest of 3 reads of
    /// up to 256 tokens.
    pub forward_ms_per_token: Option<f64>,
}

impl RnnLm {
    pub fn timing(&mut self) -> Timing {
        let tps = self.data.tokens_per_sentence();
        let forward = self.clock.map(|clock| {
            let ids: Vec<u32> = self.data.train[..self.data.train.len().min(256)].to_vec();
            let mut best = f64::INFINITY;
            for _ in 0..3 {
                let mut state = self.net.zero_state(1);
                let t0 = clock();
                self.net.forward(&ids, 1, &mut state, None);
                best = best.min(clock() - t0);
            }
            best / ids.len() as f64
        });
        Timing {
            layers: self.config.layers,
            tokens_per_sentence: tps,
            dependent_steps: tps * self.config.layers as f64,
            train_ms_per_token: (self.train_tokens > 0).then(|| self.train_ms / self.train_tokens as f64),
            forward_ms_per_token: forward,
        }
    }
}
