//! What the page asks of a trained (or training) Transformer: every layer's states and attention
//! maps for a sentence, masked-token prediction, generation, the position table, the tensor each
//! block of the architecture diagram produces, and one query token's attention scores per head.
//! All run without dropout and leave the weights untouched.

use super::data::{CLS, MASK, SEP, SPECIALS};
use super::net::Batch;
use super::Transformer;
use crate::err;
use crate::error::{check_range_f, Result};
use crate::nn::loss::softmax_row;
use crate::pretrained::bert::Output;
use crate::rng::Rng;
use serde::Serialize;

/// `run(text)`: the tokens read and the encoder's output in `Bert.run`'s layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub tokens: Vec<String>,
    pub ids: Vec<u32>,
    /// The text's length in tokens (with `[CLS]`/`[SEP]` for the encoder) before the cut to the
    /// context; longer than `ids` when the model read only the first `context` (`Bert.run`'s
    /// `truncated` and `fullLength`).
    pub full_len: usize,
    pub output: Output,
}

/// The ids the model reads for a text, and how long the text was before the cut.
struct Input {
    tokens: Vec<String>,
    ids: Vec<u32>,
    full_len: usize,
    /// `[MASK]`s left out by the cut.
    masks_cut: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub token: String,
    pub prob: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Generated {
    /// The generated tokens only (not the prompt).
    pub tokens: Vec<String>,
    /// Prompt and generated tokens joined for display.
    pub text: String,
}

/// A row-major matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
    pub data: Vec<f32>,
}

/// One named tensor of the forward pass, row-major.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tensor {
    pub name: String,
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

/// One head's attention for one query token: `q·kₛ/√d` for every key s (`None` where the mask
/// hides the key), the softmax of the visible ones, and the context `Σₛ pₛ vₛ` (d values).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadScores {
    pub scores: Vec<Option<f32>>,
    pub probs: Vec<f32>,
    pub context: Vec<f32>,
}

impl Transformer {
    /// The ids the model reads for `text`: MLM `[CLS] … [SEP]`, causal the tokens; cut to `context`.
    pub fn input_ids(&self, text: &str) -> Result<(Vec<String>, Vec<u32>)> {
        self.input(text).map(|i| (i.tokens, i.ids))
    }

    fn input(&self, text: &str) -> Result<Input> {
        let (mut tokens, mut ids) = self.data.encode(text);
        if ids.is_empty() {
            return Err(err!(Input, TRANSFORMER_EMPTY));
        }
        let c = self.config.context;
        let (keep, specials) = if self.is_mlm() { (c - 2, 2) } else { (c, 0) };
        let full_len = ids.len() + specials;
        let masks_cut = ids.iter().skip(keep).filter(|&&i| i == MASK).count();
        tokens.truncate(keep);
        ids.truncate(keep);
        if self.is_mlm() {
            tokens.insert(0, SPECIALS[CLS as usize].into());
            ids.insert(0, CLS);
            tokens.push(SPECIALS[SEP as usize].into());
            ids.push(SEP);
        }
        Ok(Input { tokens, ids, full_len, masks_cut })
    }

    /// Runs one sequence without dropout; `rows` are the positions whose logits are wanted.
    fn forward_one(&mut self, ids: &[u32], rows: Vec<usize>) {
        let targets = vec![0; rows.len()];
        let bt = Batch { b: 1, t: ids.len(), ids: ids.to_vec(), rows, targets };
        self.net.forward(&bt, None);
    }

    /// Every layer's hidden states and attention maps for `text`.
    pub fn run(&mut self, text: &str) -> Result<Run> {
        let Input { tokens, ids, full_len, .. } = self.input(text)?;
        self.forward_one(&ids, Vec::new());
        let (t, h, nl, nh) = (ids.len(), self.config.dim, self.config.layers, self.config.heads);
        let mut output =
            Output { seq_len: t, num_layers: nl, num_heads: nh, hidden_size: h, hidden_states: Vec::new(), attentions: Vec::new() };
        for hs in &self.net.hidden {
            output.hidden_states.extend(hs.iter());
        }
        for blk in &self.net.blocks {
            output.attentions.extend_from_slice(blk.attention.probs());
        }
        Ok(Run { tokens, ids, full_len, output })
    }

    /// For each `[MASK]` in `text` (MLM), the `k` most probable tokens (special tokens left out).
    pub fn predict_masked(&mut self, text: &str, k: usize) -> Result<Vec<Vec<Candidate>>> {
        if !self.is_mlm() {
            return Err(err!(Input, TRANSFORMER_NOT_MLM));
        }
        let Input { ids, full_len, masks_cut, .. } = self.input(text)?;
        // A [MASK] past the context would silently get no answer: say so instead.
        if masks_cut > 0 {
            return Err(err!(Input, TRANSFORMER_MASK_CUT, context = self.config.context, count = full_len));
        }
        let rows: Vec<usize> = ids.iter().enumerate().filter(|(_, &i)| i == MASK).map(|(r, _)| r).collect();
        if rows.is_empty() {
            return Err(err!(Input, TRANSFORMER_NO_MASK));
        }
        self.forward_one(&ids, rows);
        let v = self.data.vocab();
        let mut p = vec![0.0f32; v];
        let mut out = Vec::new();
        for z in self.net.logits().rows() {
            softmax_row(z.as_slice().expect("contiguous"), 1.0, &mut p);
            let mut order: Vec<usize> = (SPECIALS.len()..v).collect();
            order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
            out.push(order.iter().take(k).map(|&i| Candidate { token: self.data.tokens[i].clone(), prob: p[i] }).collect());
        }
        Ok(out)
    }

    /// Continues `prompt` by `n` tokens (causal), sampling from `softmax(logits / temperature)`
    /// with its own `seed` (temperature 0: the most probable token). The model reads at most the
    /// last `context` tokens, starting from `[SEP]` (a sentence start, as in training).
    /// `temperature` must lie in 0–10, as for the RNN's `sample`: a NaN made every probability
    /// NaN and the draw fell through to the last token of the vocabulary, over and over.
    pub fn generate(&mut self, prompt: &str, n: usize, temperature: f64, seed: u64) -> Result<Generated> {
        if self.is_mlm() {
            return Err(err!(Input, TRANSFORMER_NOT_CAUSAL));
        }
        check_range_f("temperature", temperature, 0.0, 10.0)?;
        let (_, prompt_ids) = self.data.encode(prompt);
        let mut ids = vec![SEP];
        ids.extend(&prompt_ids);
        let mut rng = Rng::new(seed);
        let v = self.data.vocab();
        let mut p = vec![0.0f32; v];
        let mut new = Vec::new();
        for _ in 0..n {
            let window = &ids[ids.len().saturating_sub(self.config.context)..];
            let w = window.to_vec();
            self.forward_one(&w, vec![w.len() - 1]);
            let logits = self.net.logits();
            let z = logits.row(0);
            let z = z.as_slice().expect("contiguous");
            let next = if temperature <= 0.0 {
                (0..v).max_by(|&a, &b| z[a].total_cmp(&z[b]).then(b.cmp(&a))).unwrap_or(0)
            } else {
                softmax_row(z, temperature as f32, &mut p);
                let u = rng.next_f32();
                let mut acc = 0.0;
                p.iter()
                    .position(|&q| {
                        acc += q;
                        acc > u
                    })
                    .unwrap_or(v - 1)
            };
            ids.push(next as u32);
            new.push(next as u32);
        }
        let tokens = new.iter().map(|&i| self.data.tokens[i as usize].clone()).collect();
        Ok(Generated { tokens, text: self.data.decode(&ids[1..]) })
    }

    /// The position table `(context, dim)`: the fixed sinusoids or the learned embeddings.
    pub fn positional(&self) -> Matrix {
        let p = self.net.positions();
        Matrix { rows: p.nrows(), cols: p.ncols(), data: p.iter().copied().collect() }
    }

    /// The tensors of the architecture diagram for `text`, in forward order: token and position
    /// embeddings, their sum, the embedding output, per layer the attention maps, the attention
    /// branch, the first Add & Norm, the feed-forward branch, the block's output; then the top
    /// states, the logits and the softmax over the vocabulary at every position.
    pub fn intermediates(&mut self, text: &str) -> Result<Vec<Tensor>> {
        let (_, ids) = self.input_ids(text)?;
        let t = ids.len();
        self.forward_one(&ids, (0..t).collect());
        let (h, nh, v) = (self.config.dim, self.config.heads, self.data.vocab());
        let mut out = Vec::new();
        let mut push = |name: String, shape: Vec<usize>, data: Vec<f32>| out.push(Tensor { name, shape, data });
        let word: Vec<f32> = ids.iter().flat_map(|&i| self.net.word.weight.value.row(i as usize).to_vec()).collect();
        let pos: Vec<f32> = self.net.positions().rows().into_iter().take(t).flat_map(|r| r.to_vec()).collect();
        let sum: Vec<f32> = word.iter().zip(&pos).map(|(a, b)| a + b).collect();
        push("embeddings.token".into(), vec![t, h], word);
        push("embeddings.position".into(), vec![t, h], pos);
        push("embeddings.sum".into(), vec![t, h], sum);
        push("embeddings.output".into(), vec![t, h], self.net.hidden[0].iter().copied().collect());
        for (l, blk) in self.net.blocks.iter().enumerate() {
            push(format!("layer.{l}.attention.probs"), vec![nh, t, t], blk.attention.probs().to_vec());
            push(format!("layer.{l}.attention.output"), vec![t, h], blk.attn_out().iter().copied().collect());
            push(format!("layer.{l}.addnorm1"), vec![t, h], blk.mid().iter().copied().collect());
            push(format!("layer.{l}.feedforward"), vec![t, h], blk.ffn_out().iter().copied().collect());
            push(format!("layer.{l}.output"), vec![t, h], self.net.hidden[l + 1].iter().copied().collect());
        }
        push("top".into(), vec![t, h], self.net.top().iter().copied().collect());
        let logits: Vec<f32> = self.net.logits().iter().copied().collect();
        let mut probs = vec![0.0f32; t * v];
        for (z, p) in logits.chunks_exact(v).zip(probs.chunks_exact_mut(v)) {
            softmax_row(z, 1.0, p);
        }
        push("logits".into(), vec![t, v], logits);
        push("softmax".into(), vec![t, v], probs);
        Ok(out)
    }

    /// For token `query` of `text` in block `layer`, each head's scaled scores, probabilities and
    /// context vector (see [`HeadScores`]).
    pub fn scores(&mut self, text: &str, layer: usize, query: usize) -> Result<Vec<HeadScores>> {
        let (_, ids) = self.input_ids(text)?;
        let t = ids.len();
        if layer >= self.config.layers {
            return Err(err!(Input, TRANSFORMER_INDEX, name = "layer", max = self.config.layers - 1, got = layer));
        }
        if query >= t {
            return Err(err!(Input, TRANSFORMER_INDEX, name = "query", max = t - 1, got = query));
        }
        self.forward_one(&ids, Vec::new());
        let att = &self.net.blocks[layer].attention;
        let (nh, d) = (att.heads, att.head_dim());
        let ctx = att.qkv_ctx()[3];
        let visible = if self.is_mlm() { t } else { query + 1 };
        Ok((0..nh)
            .map(|j| {
                let base = (j * t + query) * t;
                HeadScores {
                    scores: (0..t).map(|s| (s < visible).then(|| att.scores()[base + s])).collect(),
                    probs: att.probs()[base..base + t].to_vec(),
                    context: ctx.row(query).iter().skip(j * d).take(d).copied().collect(),
                }
            })
            .collect())
    }
}
