//! A model folder put together: WordPiece tokenizer + BERT / ELECTRA encoder, loaded from the
//! files Hugging Face ships (`config.json`, the weights, `vocab.txt` / `tokenizer_config.json` /
//! `tokenizer.json`) and run on text. This is what the wasm `Bert` class wraps.

use super::bert::{Bert, Output, Workspace};
use super::config::Config;
use super::load_weights;
use super::wordpiece::{Encoding, WordPiece};
use crate::error::{Error, Result};
use serde::Serialize;

/// One candidate for a `[MASK]`: a token and its probability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guess {
    pub token: String,
    pub prob: f32,
}

/// The files of a model folder, as their contents.
#[derive(Debug, Clone, Copy, Default)]
pub struct Files<'a> {
    pub config: &'a str,
    /// `model.safetensors` or `pytorch_model.bin` (zip or legacy).
    pub weights: &'a [u8],
    pub vocab: Option<&'a str>,
    pub tokenizer_config: Option<&'a str>,
    pub tokenizer_json: Option<&'a str>,
}

/// Tokenizer + encoder + the scratch buffers of the last sequence length.
#[derive(Debug, Clone)]
pub struct Pretrained {
    pub tokenizer: WordPiece,
    pub model: Bert,
    ws: Workspace,
}

impl Pretrained {
    /// Parses every file and checks that they belong together (the vocabulary fits the
    /// embedding matrix); errors name the file or tensor at fault.
    pub fn load(files: &Files) -> Result<Pretrained> {
        let (config, tokenizer) = Self::read_texts(files)?;
        Self::new(tokenizer, Bert::new(config, load_weights(files.weights)?)?)
    }

    /// As [`Pretrained::load`], but takes the weights file by value and frees it as soon as its
    /// tensors are read, before the weights are packed: in wasm, whose memory never shrinks, this
    /// lowers the peak by the size of the file. `files.weights` is ignored.
    pub fn load_owned(files: &Files, weights: Vec<u8>) -> Result<Pretrained> {
        let (config, tokenizer) = Self::read_texts(files)?;
        let tensors = load_weights(&weights)?;
        drop(weights);
        Self::new(tokenizer, Bert::new(config, tensors)?)
    }

    /// The small text files first, so a wrong config or vocabulary fails before the big parse.
    fn read_texts(files: &Files) -> Result<(Config, WordPiece)> {
        let config = Config::from_json(files.config)?;
        let tokenizer = WordPiece::load(files.vocab, files.tokenizer_config, files.tokenizer_json)?;
        if tokenizer.vocab_size() > config.vocab_size {
            return Err(vocab_mismatch(tokenizer.vocab_size(), config.vocab_size));
        }
        Ok((config, tokenizer))
    }

    /// Pairs a tokenizer with a model, checking the vocabulary against the embedding rows.
    pub fn new(tokenizer: WordPiece, model: Bert) -> Result<Pretrained> {
        let rows = model.config.vocab_size;
        if tokenizer.vocab_size() > rows {
            return Err(vocab_mismatch(tokenizer.vocab_size(), rows));
        }
        Ok(Pretrained { tokenizer, model, ws: Workspace::default() })
    }

    /// Most tokens (with `[CLS]`/`[SEP]`) one input may have: the position table's size, or the
    /// tokenizer's `model_max_length` when smaller.
    pub fn max_length(&self) -> usize {
        let p = self.model.config.max_position_embeddings;
        self.tokenizer.model_max_length.map_or(p, |m| m.clamp(2, p))
    }

    /// `[CLS] … [SEP]`, truncated to [`Pretrained::max_length`] (see `Encoding::truncated`).
    pub fn encode(&self, text: &str) -> Encoding {
        self.tokenizer.encode(text, self.max_length())
    }

    /// Tokenises and runs the encoder: every layer's hidden states and attention maps.
    pub fn run(&mut self, text: &str) -> Result<(Encoding, Output)> {
        let enc = self.encode(text);
        let out = self.model.forward(&enc.ids, &mut self.ws)?;
        Ok((enc, out))
    }

    /// Runs the encoder on ids (with `[CLS]`/`[SEP]` already in place).
    pub fn forward_ids(&mut self, ids: &[u32]) -> Result<Output> {
        self.model.forward(ids, &mut self.ws)
    }

    /// The sentence embedding: masked mean of the last layer, L2-normalised.
    pub fn embed(&mut self, text: &str) -> Result<Vec<f32>> {
        Ok(self.run(text)?.1.mean_pooled())
    }

    /// BERT's masked LM (a checkpoint with `cls.predictions.*`): for each `[MASK]` of `text`, the
    /// `k` most probable tokens, bracketed special tokens (`[PAD]`, `[unused0]`, …) left out —
    /// the softmax is over the whole vocabulary, as HF's fill-mask pipeline computes it.
    pub fn predict_masked(&mut self, text: &str, k: usize) -> Result<(Encoding, Vec<Vec<Guess>>)> {
        if !self.model.has_mlm_head() {
            return Err(crate::err!(Input, BERT_NO_MLM_HEAD));
        }
        let mask = self.tokenizer.id("[MASK]");
        let (enc, out) = self.run(text)?;
        let rows: Vec<usize> = enc.ids.iter().enumerate().filter(|(_, &i)| Some(i) == mask).map(|(r, _)| r).collect();
        if rows.is_empty() {
            return Err(crate::err!(Input, TRANSFORMER_NO_MASK));
        }
        let logits = self.model.mlm_logits(&out, &rows)?;
        let v = self.model.config.vocab_size;
        let special = |t: &str| t.len() > 2 && t.starts_with('[') && t.ends_with(']');
        let guesses = logits
            .chunks_exact(v)
            .map(|z| {
                let mut p = z.to_vec();
                crate::nn::ops::softmax(&mut p);
                let mut order: Vec<usize> = (0..v).filter(|&i| self.tokenizer.token(i as u32).is_some_and(|t| !special(t))).collect();
                order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
                order
                    .iter()
                    .take(k)
                    .map(|&i| Guess { token: self.tokenizer.token(i as u32).unwrap_or("?").to_string(), prob: p[i] })
                    .collect()
            })
            .collect();
        Ok((enc, guesses))
    }

    /// ELECTRA discriminator: per token, the probability that it was replaced.
    pub fn replaced(&mut self, text: &str) -> Result<(Encoding, Vec<f32>)> {
        if !self.model.has_discriminator() {
            return Err(crate::err!(Input, BERT_NO_DISCRIMINATOR));
        }
        let (enc, out) = self.run(text)?;
        let p = self.model.replaced(&out, &mut self.ws)?;
        Ok((enc, p))
    }
}

fn vocab_mismatch(tokens: usize, rows: usize) -> Error {
    crate::err!(Input, BERT_VOCAB_MISMATCH, tokens = tokens, rows = rows)
}
