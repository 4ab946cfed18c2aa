//! The corpus as the Transformer reads it: tokens (words or characters, the n-gram chapter's
//! [`Units`]), a vocabulary with BERT's special tokens, the held-out split, and batches.
//!
//! Ids: `0 [PAD]`, `1 [UNK]`, `2 [CLS]`, `3 [SEP]`, `4 [MASK]`, then the training tokens by
//! descending count (ties in text order of first appearance). The text becomes one stream of ids,
//! each sentence followed by `[SEP]`; the last `holdout` fraction of the sentences is held out,
//! as the n-gram and RNN chapters split it.
//!
//! - **Causal** windows: `T + 1` consecutive ids from a random start; inputs the first T, targets
//!   the last T (every position predicts the next token).
//! - **MLM** windows: `[CLS]` + `T − 2` consecutive ids + `[SEP]`; each inner position is chosen
//!   with probability `rate` (the `mask` setting; BERT's 15% for the held-out perplexity; at least
//!   one per window) and then replaced by `[MASK]` (80%), a random
//!   token (10%) or kept (10%) — BERT's recipe (Devlin et al. 2019, §3.1); the chosen positions
//!   are predicted.

use super::net::Batch;
use crate::lm::ngram::{Units, SPACE};
use crate::rng::Rng;
use std::collections::HashMap;

pub const PAD: u32 = 0;
pub const UNK: u32 = 1;
pub const CLS: u32 = 2;
pub const SEP: u32 = 3;
pub const MASK: u32 = 4;
pub const SPECIALS: [&str; 5] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

#[derive(Debug, Clone)]
pub struct Data {
    pub units: Units,
    /// Id → token.
    pub tokens: Vec<String>,
    index: HashMap<String, u32>,
    pub train: Vec<u32>,
    pub heldout: Vec<u32>,
    pub train_sentences: usize,
    pub heldout_sentences: usize,
}

impl Data {
    pub fn new(text: &str, units: Units, holdout: f64) -> Data {
        let sentences = units.sentences(text);
        let held = if sentences.len() > 1 { ((sentences.len() as f64 * holdout).round() as usize).min(sentences.len() - 1) } else { 0 };
        let (train_s, test_s) = sentences.split_at(sentences.len() - held);
        let mut counts: HashMap<&str, (u64, usize)> = HashMap::new();
        for (i, tok) in train_s.iter().flatten().enumerate() {
            counts.entry(tok.as_str()).or_insert((0, i)).0 += 1;
        }
        let mut order: Vec<(&str, (u64, usize))> = counts.into_iter().collect();
        order.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
        let mut tokens: Vec<String> = SPECIALS.iter().map(|s| s.to_string()).collect();
        tokens.extend(order.iter().map(|(t, _)| t.to_string()));
        let index = tokens.iter().enumerate().map(|(i, t)| (t.clone(), i as u32)).collect();
        let mut data = Data {
            units,
            tokens,
            index,
            train: Vec::new(),
            heldout: Vec::new(),
            train_sentences: train_s.len(),
            heldout_sentences: test_s.len(),
        };
        data.train = data.stream(train_s);
        data.heldout = data.stream(test_s);
        data
    }

    fn stream(&self, sentences: &[Vec<String>]) -> Vec<u32> {
        let mut out = Vec::new();
        for s in sentences {
            out.extend(s.iter().map(|t| self.id(t)));
            out.push(SEP);
        }
        out
    }

    pub fn vocab(&self) -> usize {
        self.tokens.len()
    }

    /// The id of a token (`[UNK]` when unknown; the special tokens by their names).
    pub fn id(&self, token: &str) -> u32 {
        self.index.get(token).copied().unwrap_or(UNK)
    }

    /// A text's tokens and ids as the model reads them: sentences separated by `[SEP]` as in the
    /// training stream; a literal `[MASK]` stays one token (in character mode, with `␣` where
    /// spaces stand beside it).
    pub fn encode(&self, text: &str) -> (Vec<String>, Vec<u32>) {
        let mut toks: Vec<String> = Vec::new();
        let space = |toks: &mut Vec<String>| {
            if self.units.is_char_mode() && self.units.mark_spaces && toks.last().is_some_and(|t| t != SPACE) {
                toks.push(SPACE.to_string());
            }
        };
        for (i, piece) in text.split("[MASK]").enumerate() {
            if i > 0 {
                toks.push(SPECIALS[MASK as usize].to_string());
            }
            if piece.starts_with(char::is_whitespace) {
                space(&mut toks);
            }
            for (j, s) in self.units.sentences(piece).into_iter().enumerate() {
                if j > 0 {
                    toks.push(SPECIALS[SEP as usize].to_string());
                }
                toks.extend(s);
            }
            if piece.ends_with(char::is_whitespace) && !piece.trim().is_empty() {
                space(&mut toks);
            }
        }
        let ids = toks.iter().map(|t| self.id(t)).collect();
        (toks, ids)
    }

    /// Tokens of ids joined for display (characters without spaces, `␣` as a space).
    pub fn decode(&self, ids: &[u32]) -> String {
        let toks: Vec<String> = ids.iter().map(|&i| self.tokens.get(i as usize).cloned().unwrap_or_default()).collect();
        self.units.join(&toks)
    }
}

/// `b` causal windows of `t` inputs (+1 target) from random starts in `stream` (len ≥ t + 1).
pub fn causal_batch(stream: &[u32], b: usize, t: usize, rng: &mut Rng) -> Batch {
    let starts: Vec<usize> = (0..b).map(|_| rng.below(stream.len() - t)).collect();
    causal_windows(stream, &starts, t)
}

/// Causal windows at the given starts.
pub fn causal_windows(stream: &[u32], starts: &[usize], t: usize) -> Batch {
    let mut bt = Batch { b: starts.len(), t, ..Batch::default() };
    for (w, &s) in starts.iter().enumerate() {
        bt.ids.extend_from_slice(&stream[s..s + t]);
        for p in 0..t {
            bt.rows.push(w * t + p);
            bt.targets.push(stream[s + p + 1]);
        }
    }
    bt
}

/// The chosen positions that keep their word: the last 10 % of the draw (BERT).
const KEEP_FROM: f64 = 0.9;

/// A chosen position's draw below this becomes `[MASK]`: 0.9 − `random`, in f64 and then rounded,
/// so that BERT's 0.9 − 0.1 is exactly 0.8f32 (in f32 it is one ulp lower).
pub fn mask_below(random: f64) -> f32 {
    (KEEP_FROM - random) as f32
}

/// BERT's share of masked positions (Devlin et al. 2019); the held-out perplexity always uses it.
pub const BERT_MASK_RATE: f32 = 0.15;

/// How MLM training windows are drawn and which positions are predicted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Masking {
    /// The share of inner positions chosen (then `[MASK]`, a random word (`random`), or kept 10 %).
    pub rate: f32,
    /// The share of the chosen given a random word (BERT's 0.1, at most 0.9); `[MASK]` gets 0.9 − it.
    pub random: f64,
    /// Predict the original token at EVERY inner position, not only the chosen ones (ELECTRA's
    /// idea, Clark et al. 2020, done cheaply with the MLM head): the output at an unchosen word —
    /// kept or replaced by a random token, which the model cannot tell apart — is trained too.
    pub every: bool,
    /// Windows start at a sentence start (the page reads one sentence from position 1).
    pub aligned: bool,
}

impl Masking {
    /// BERT's recipe at `rate`: `[MASK]` 80 %, random 10 %, kept 10 %.
    pub fn bert(rate: f32) -> Masking {
        Masking { rate, random: 0.1, every: false, aligned: false }
    }
}

/// Where each sentence of `stream` starts (0 and after every `[SEP]`) such that `need` ids fit.
pub fn sentence_starts(stream: &[u32], need: usize) -> Vec<usize> {
    let ok = |s: usize| s + need <= stream.len();
    std::iter::once(0).chain(stream.iter().enumerate().filter(|(_, &x)| x == SEP).map(|(i, _)| i + 1)).filter(|&s| ok(s)).collect()
}

/// `b` MLM windows of `t` ids (`[CLS]` + `t − 2` from `stream` + `[SEP]`), each inner position
/// chosen with probability `m.rate`; from sentence starts `aligned` (when given and non-empty).
pub fn mlm_batch(stream: &[u32], b: usize, t: usize, vocab: usize, m: Masking, aligned: &[usize], rng: &mut Rng) -> Batch {
    let starts: Vec<usize> = (0..b)
        .map(|_| if m.aligned && !aligned.is_empty() { aligned[rng.below(aligned.len())] } else { rng.below(stream.len() - (t - 2) + 1) })
        .collect();
    mlm_windows(stream, &starts, t, vocab, m, rng)
}

/// MLM windows at the given starts, masked with `rng`.
pub fn mlm_windows(stream: &[u32], starts: &[usize], t: usize, vocab: usize, m: Masking, rng: &mut Rng) -> Batch {
    let mut bt = Batch { b: starts.len(), t, ..Batch::default() };
    let mask_below = mask_below(m.random);
    for (w, &s) in starts.iter().enumerate() {
        let row0 = bt.ids.len();
        bt.ids.push(CLS);
        bt.ids.extend_from_slice(&stream[s..s + t - 2]);
        bt.ids.push(SEP);
        let mut chosen: Vec<usize> = (1..t - 1).filter(|_| rng.next_f32() < m.rate).collect();
        if chosen.is_empty() {
            chosen.push(1 + rng.below(t - 2));
        }
        for &p in &chosen {
            let r = row0 + p;
            bt.rows.push(w * t + p);
            bt.targets.push(bt.ids[r]);
            // One draw u: [MASK] below 0.9 − random, a random word up to 0.9, kept above (BERT:
            // 0.8 / 0.9, the same draws as before `random` existed).
            let u = rng.next_f32();
            if u < mask_below {
                bt.ids[r] = MASK;
            } else if u < KEEP_FROM as f32 && vocab > SPECIALS.len() {
                bt.ids[r] = (SPECIALS.len() + rng.below(vocab - SPECIALS.len())) as u32;
            }
        }
        if m.every {
            // The unchosen positions predict themselves; the loss stays the mean over rows.
            for p in (1..t - 1).filter(|p| !chosen.contains(p)) {
                bt.rows.push(w * t + p);
                bt.targets.push(bt.ids[row0 + p]);
            }
        }
    }
    bt
}
