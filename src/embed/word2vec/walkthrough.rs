//! "How a training example is born": everything Word2Vec does with one sentence, as plain data for
//! the chapter to draw. The same draws in the same order as training (subsampling, then per centre
//! the radius and the negatives), from the caller's seed, and one real update run on copies of the
//! rows it touches — the model itself is not changed.

use super::{draw_negatives, Mode, Word2Vec, MAX_SENTENCE};
use crate::embed::logistic::{ExactLogistic, Logistic};
use crate::embed::negative::ns_step;
use crate::embed::sampling::keep_probability;
use crate::nn::kernels::dot;
use crate::rng::W2vLcg;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Walkthrough {
    pub mode: Mode,
    pub tokens: Vec<WalkToken>,
    pub centres: Vec<WalkCentre>,
    /// The first example of the sentence, trained once (None if the sentence has none).
    pub update: Option<WalkUpdate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WalkToken {
    pub text: String,
    /// Vocabulary id; `None` for a word outside the vocabulary (dropped before anything else).
    pub id: Option<u32>,
    /// word2vec.c's keep probability (clipped to 1; 0 for unknown words).
    pub keep_probability: f64,
    /// Whether this draw kept it (subsampled-out words are greyed out on the page).
    pub kept: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WalkCentre {
    /// Index into `tokens`.
    pub token: usize,
    /// The radius drawn for this centre, 1..=window.
    pub radius: usize,
    /// Indices into `tokens` of the kept words within the radius (kept words only count).
    pub contexts: Vec<usize>,
    /// Skip-gram: the negatives of each (context → centre) example, aligned with `contexts`.
    /// CBOW: one list, for the single example of this centre.
    pub negatives: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WalkUpdate {
    /// The words whose input vectors make h: one context word (skip-gram) or all of them (CBOW).
    pub inputs: Vec<String>,
    pub centre: String,
    pub negatives: Vec<String>,
    /// The learning rate of this update: the caller's, or the model's current one.
    pub alpha: f32,
    /// The model's learning rate now (decayed by training so far), for comparison.
    pub current_alpha: f32,
    /// h before the update (the context vector, or the mean of them).
    pub hidden: Vec<f32>,
    /// h·o for the centre, then each negative, and σ of it.
    pub scores: Vec<f32>,
    pub probabilities: Vec<f32>,
    /// −ln σ(h·o_c) − Σ ln σ(−h·o_n), exactly, before and after the update.
    pub loss_before: f32,
    pub loss_after: f32,
    /// ∂L/∂h as the update computed it.
    pub grad_hidden: Vec<f32>,
    pub inputs_before: Vec<Vec<f32>>,
    pub inputs_after: Vec<Vec<f32>>,
    /// Output vectors of the centre, then the negatives.
    pub outputs_before: Vec<Vec<f32>>,
    pub outputs_after: Vec<Vec<f32>>,
}

impl Word2Vec {
    /// The walkthrough for one tokenised sentence, with its own seeded generator. The update runs
    /// at learning rate `lr` if given (the page passes the starting alpha: late in training the
    /// decayed rate makes the vectors barely move), else at the model's current rate.
    pub fn walkthrough(&self, sentence: &[String], seed: u64, lr: Option<f32>) -> Walkthrough {
        let mut rng = W2vLcg::new(seed);
        let vocab = self.vocab();
        let total = vocab.kept_tokens();
        let sample = self.config().sample;
        let mut tokens = Vec::new();
        let mut kept = Vec::new(); // indices into tokens
        for t in sentence.iter().take(MAX_SENTENCE) {
            let id = vocab.id(t);
            let (p, k) = match id {
                Some(i) => (keep_probability(vocab.count(i), total, sample).min(1.0), rng.keep(self.keep_thresholds()[i as usize])),
                None => (0.0, false),
            };
            if k {
                kept.push(tokens.len());
            }
            tokens.push(WalkToken { text: t.clone(), id, keep_probability: p, kept: k });
        }
        let window = self.config().window;
        let negative = self.config().negative;
        let mode = self.config().mode;
        let mut centres = Vec::new();
        let mut update = None;
        let mut negs = Vec::new();
        for (k, &ti) in kept.iter().enumerate() {
            let radius = window - rng.modulo(window);
            let (lo, hi) = (k.saturating_sub(radius), (k + radius).min(kept.len() - 1));
            let contexts: Vec<usize> = (lo..=hi).filter(|&j| j != k).map(|j| kept[j]).collect();
            let centre = tokens[ti].id.unwrap_or(0);
            let mut negatives = Vec::new();
            let examples = if mode == Mode::SkipGram { contexts.len() } else { usize::from(!contexts.is_empty()) };
            for e in 0..examples {
                draw_negatives(self.slot_index(), &mut rng, centre, negative, &mut negs);
                if update.is_none() {
                    let inputs: Vec<u32> = match mode {
                        Mode::SkipGram => vec![tokens[contexts[e]].id.unwrap_or(0)],
                        Mode::Cbow => contexts.iter().map(|&c| tokens[c].id.unwrap_or(0)).collect(),
                    };
                    update = Some(self.one_update(&inputs, centre, &negs, lr.unwrap_or(self.alpha())));
                }
                negatives.push(negs.iter().map(|&n| vocab.word(n).to_string()).collect());
            }
            centres.push(WalkCentre { token: ti, radius, contexts, negatives });
        }
        Walkthrough { mode, tokens, centres, update }
    }

    /// Runs the training step on copies of the rows involved: `inputs` (rows of syn0, repeats
    /// allowed) predict `centre` against `negs`, at learning rate `alpha`.
    fn one_update(&self, inputs: &[u32], centre: u32, negs: &[u32], alpha: f32) -> WalkUpdate {
        let dim = self.dim();
        // Local matrices holding only the rows used, with ids remapped to 0, 1, …
        let remap = |ids: &[u32], src: &[f32]| -> (Vec<u32>, Vec<f32>) {
            let mut uniq: Vec<u32> = Vec::new();
            let local = ids
                .iter()
                .map(|id| match uniq.iter().position(|u| u == id) {
                    Some(p) => p as u32,
                    None => {
                        uniq.push(*id);
                        uniq.len() as u32 - 1
                    }
                })
                .collect();
            let rows = uniq.iter().flat_map(|&u| src[u as usize * dim..(u as usize + 1) * dim].iter().copied()).collect();
            (local, rows)
        };
        let targets: Vec<u32> = std::iter::once(centre).chain(negs.iter().copied()).collect();
        let (in_ids, mut syn0) = remap(inputs, self.input_vectors());
        let (out_ids, mut syn1) = remap(&targets, self.output_vectors());
        let rows = |m: &[f32], ids: &[u32]| -> Vec<Vec<f32>> {
            ids.iter().map(|&i| m[i as usize * dim..(i as usize + 1) * dim].to_vec()).collect()
        };
        let hidden_of = |m: &[f32]| -> Vec<f32> {
            let mut h = vec![0.0f32; dim];
            for r in rows(m, &in_ids) {
                h.iter_mut().zip(&r).for_each(|(a, b)| *a += b / in_ids.len() as f32);
            }
            h
        };
        let loss_of = |h: &[f32], out: &[f32]| -> f32 {
            rows(out, &out_ids)
                .iter()
                .enumerate()
                .map(|(i, o)| ExactLogistic.neg_log_sigmoid(if i == 0 { 1.0 } else { -1.0 } * dot(h, o)))
                .sum()
        };
        let hidden = hidden_of(&syn0);
        let scores: Vec<f32> = rows(&syn1, &out_ids).iter().map(|o| dot(&hidden, o)).collect();
        let probabilities = scores.iter().map(|&s| ExactLogistic.sigmoid(s)).collect();
        let loss_before = loss_of(&hidden, &syn1);
        let (inputs_before, outputs_before) = (rows(&syn0, &in_ids), rows(&syn1, &out_ids));
        let mut neu1 = vec![0.0f32; dim];
        let mut neu1e = vec![0.0f32; dim];
        ns_step(&mut syn0, &mut syn1, dim, &in_ids, out_ids[0], &out_ids[1..], alpha, &mut neu1, &mut neu1e, self.sigmoid());
        let after = hidden_of(&syn0);
        let vocab = self.vocab();
        WalkUpdate {
            inputs: inputs.iter().map(|&i| vocab.word(i).to_string()).collect(),
            centre: vocab.word(centre).to_string(),
            negatives: negs.iter().map(|&i| vocab.word(i).to_string()).collect(),
            alpha,
            current_alpha: self.alpha(),
            loss_before,
            loss_after: loss_of(&after, &syn1),
            // neu1e = −lr·∂L/∂h.
            grad_hidden: neu1e.iter().map(|g| -g / alpha).collect(),
            hidden,
            scores,
            probabilities,
            inputs_before,
            inputs_after: rows(&syn0, &in_ids),
            outputs_before,
            outputs_after: rows(&syn1, &out_ids),
        }
    }
}
