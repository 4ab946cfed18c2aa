//! The BERT / ELECTRA encoder forward pass in f32 (Devlin et al. 2019; Clark et al. 2020),
//! ported from HF `modeling_bert.py` (BertEmbeddings, BertSelfAttention, BertSelfOutput,
//! BertIntermediate, BertOutput) and `modeling_electra.py` (`embeddings_project`,
//! ElectraDiscriminatorPredictions), and BERT's masked-LM head (BertLMPredictionHead) when the
//! checkpoint has it.
//!
//! For token ids `t₁…t_T` (one segment, token type 0, no padding):
//! ```text
//! h⁰ = LN(E_word[t] + E_pos[0..T] + E_type[0])            (T, E)   then, ELECTRA with E ≠ H:
//! h⁰ ← h⁰·W_projᵀ + b                                       (T, H)
//! per layer l, head j (d = H / heads):
//!   q, k, v = h·W_{q,k,v}ᵀ + b                              (T, H) each, head j = columns j·d..
//!   A_j = softmax(q_j k_jᵀ / √d)                            (T, T)   returned as attentions
//!   a = LN(h + concat_j(A_j v_j)·W_oᵀ + b)                  (T, H)
//!   h' = LN(a + act(a·W_iᵀ + b)·W_o2ᵀ + b)                  (T, H)   returned as hidden states
//! ```
//! Every matrix product goes through [`PackedLinear`] (weights packed once at load); scratch
//! buffers live in a [`Workspace`] sized per sequence length and reused across layers.

use super::config::{Activation, Config, Family};
use super::tensors::Tensors;
use crate::error::Result;
use crate::nn::matmul::{padded_rows, PackedLinear};
use crate::nn::ops;

/// LayerNorm parameters.
#[derive(Debug, Clone)]
struct Norm {
    gamma: Vec<f32>,
    beta: Vec<f32>,
}

#[derive(Debug, Clone)]
struct Layer {
    /// Q, K, V fused: `(3H)` outputs.
    qkv: PackedLinear,
    attn_out: PackedLinear,
    attn_norm: Norm,
    inter: PackedLinear,
    out: PackedLinear,
    out_norm: Norm,
}

/// ELECTRA's replaced-token detector: `dense → act → dense_prediction` to one logit per token.
#[derive(Debug, Clone)]
struct Discriminator {
    dense: PackedLinear,
    prediction: PackedLinear,
}

/// BERT's masked-LM head (HF `BertLMPredictionHead`): for a last hidden row `h`,
/// `logits = LN(act(h·W_tᵀ + b_t))·W_decᵀ + bias`, `W_dec` the word embeddings when tied.
/// Kept unpacked and computed only for the rows asked for (the `[MASK]` positions): for
/// bert-base a packed `(V, H)` copy would add ~94 MB to the page for a few rows' worth of work.
#[derive(Debug, Clone)]
struct MlmHead {
    /// `(H, H)` row-major, and its bias.
    transform: Vec<f32>,
    transform_bias: Vec<f32>,
    norm: Norm,
    /// `(V, H)`; `None`: tied to the word embeddings.
    decoder: Option<Vec<f32>>,
    bias: Vec<f32>,
}

/// A loaded encoder.
#[derive(Debug, Clone)]
pub struct Bert {
    pub config: Config,
    act: Activation,
    word: Vec<f32>,
    position: Vec<f32>,
    token_type0: Vec<f32>,
    emb_norm: Norm,
    project: Option<PackedLinear>,
    layers: Vec<Layer>,
    discriminator: Option<Discriminator>,
    mlm: Option<MlmHead>,
}

/// Everything one forward pass returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub seq_len: usize,
    pub num_layers: usize,
    pub num_heads: usize,
    pub hidden_size: usize,
    /// `(L+1, T, H)`: the embeddings (after `embeddings_project`), then each layer's output.
    pub hidden_states: Vec<f32>,
    /// `(L, heads, T, T)`: row `i` of head `j` is token `i`'s attention distribution.
    pub attentions: Vec<f32>,
}

impl Output {
    /// `(T, H)` output of the last layer.
    pub fn last_hidden(&self) -> &[f32] {
        let n = self.seq_len * self.hidden_size;
        &self.hidden_states[self.num_layers * n..(self.num_layers + 1) * n]
    }

    /// The sentence embedding of sentence-transformers' mean pooling: the mean of the last layer
    /// over the (attended, i.e. all) tokens, L2-normalised.
    pub fn mean_pooled(&self) -> Vec<f32> {
        let h = self.hidden_size;
        let mut v = vec![0.0f32; h];
        for row in self.last_hidden().chunks_exact(h) {
            for (a, x) in v.iter_mut().zip(row) {
                *a += x;
            }
        }
        let norm = v.iter().map(|x| (x / self.seq_len as f32).powi(2)).sum::<f32>().sqrt().max(1e-12);
        v.iter().map(|x| x / self.seq_len as f32 / norm).collect()
    }
}

/// Scratch for one sequence length, reused by every layer and every call with that length.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// (padded rows, H, E, I) the buffers are sized for.
    key: (usize, usize, usize, usize),
    rows: usize,
    /// (Tp, E) embeddings before projection.
    emb: Vec<f32>,
    /// (Tp, H) current hidden state.
    h: Vec<f32>,
    /// (Tp, 3H) fused q|k|v.
    qkv: Vec<f32>,
    /// (Tp, H) attention context, then the post-attention state.
    ctx: Vec<f32>,
    /// (Tp, H) projection output before the residual.
    tmp: Vec<f32>,
    /// (Tp, I) intermediate activations.
    inter: Vec<f32>,
}

impl Workspace {
    fn ensure(&mut self, c: &Config, t: usize) {
        let tp = padded_rows(t);
        let (h, e, i) = (c.hidden_size, c.embedding_size(), c.intermediate_size.max(c.hidden_size));
        if self.key == (tp, h, e, i) {
            return;
        }
        *self = Workspace {
            key: (tp, h, e, i),
            rows: tp,
            emb: vec![0.0; tp * e],
            h: vec![0.0; tp * h],
            qkv: vec![0.0; tp * 3 * h],
            ctx: vec![0.0; tp * h],
            tmp: vec![0.0; tp * h],
            inter: vec![0.0; tp * i],
        };
    }
}

/// Packs `name.weight` / `name.bias` and drops the unpacked copies (taken out of the map).
fn linear(ts: &mut Tensors, name: &str, n: usize, k: usize) -> Result<PackedLinear> {
    let w = ts.take(&format!("{name}.weight"), &[n, k])?;
    let b = ts.take(&format!("{name}.bias"), &[n])?;
    Ok(PackedLinear::new(&w.data, &b.data, n, k))
}

fn norm(ts: &Tensors, name: &str, n: usize) -> Result<Norm> {
    Ok(Norm { gamma: ts.get(&format!("{name}.weight"), &[n])?.data.clone(), beta: ts.get(&format!("{name}.bias"), &[n])?.data.clone() })
}

impl Bert {
    /// Builds the encoder from a validated config and the checkpoint's tensors (names with or
    /// without `bert.` / `electra.`; extra tensors such as MLM heads are ignored).
    pub fn new(config: Config, mut ts: Tensors) -> Result<Bert> {
        config.validate()?;
        let c = &config;
        let (h, e, i) = (c.hidden_size, c.embedding_size(), c.intermediate_size);
        let word = ts.get_any("embeddings.word_embeddings.weight").ok_or_else(|| crate::err!(Checkpoint, BERT_NO_WORD_EMBEDDINGS))?;
        if word.shape.len() != 2 || word.shape[0] != c.vocab_size || word.shape[1] != e {
            return Err(crate::err!(
                Checkpoint,
                BERT_WORD_EMBEDDINGS,
                shape = format!("{:?}", word.shape),
                vocab = c.vocab_size,
                field = if c.family() == Family::Electra { "embedding_size" } else { "hidden_size" },
                size = e
            ));
        }
        let word = ts.take("embeddings.word_embeddings.weight", &[c.vocab_size, e])?.data;
        let position = ts.take("embeddings.position_embeddings.weight", &[c.max_position_embeddings, e])?.data;
        let token_type0 = ts.get("embeddings.token_type_embeddings.weight", &[c.type_vocab_size, e])?.data[..e].to_vec();
        let emb_norm = norm(&ts, "embeddings.LayerNorm", e)?;
        let project =
            if e != h || ts.contains("embeddings_project.weight") { Some(linear(&mut ts, "embeddings_project", h, e)?) } else { None };
        let mut layers = Vec::with_capacity(c.num_hidden_layers);
        for l in 0..c.num_hidden_layers {
            let p = format!("encoder.layer.{l}");
            layers.push(Layer {
                qkv: fused_qkv(&mut ts, &p, h)?,
                attn_out: linear(&mut ts, &format!("{p}.attention.output.dense"), h, h)?,
                attn_norm: norm(&ts, &format!("{p}.attention.output.LayerNorm"), h)?,
                inter: linear(&mut ts, &format!("{p}.intermediate.dense"), i, h)?,
                out: linear(&mut ts, &format!("{p}.output.dense"), h, i)?,
                out_norm: norm(&ts, &format!("{p}.output.LayerNorm"), h)?,
            });
        }
        let discriminator = if ts.contains("discriminator_predictions.dense.weight") {
            Some(Discriminator {
                dense: linear(&mut ts, "discriminator_predictions.dense", h, h)?,
                prediction: linear(&mut ts, "discriminator_predictions.dense_prediction", 1, h)?,
            })
        } else {
            None
        };
        // BERT's MLM head (not ELECTRA's generator head, whose embeddings are narrower).
        let mlm = if ts.contains("cls.predictions.transform.dense.weight") && e == h {
            let bias = match ts.get("cls.predictions.bias", &[c.vocab_size]) {
                Ok(b) => b.data.clone(),
                Err(_) => ts.get("cls.predictions.decoder.bias", &[c.vocab_size])?.data.clone(),
            };
            // An explicit decoder weight is used as stored (in HF checkpoints of tied models it
            // is a copy of the embeddings); our export leaves it out when tied.
            let decoder = if ts.contains("cls.predictions.decoder.weight") {
                Some(ts.take("cls.predictions.decoder.weight", &[c.vocab_size, h])?.data)
            } else {
                None
            };
            Some(MlmHead {
                transform: ts.take("cls.predictions.transform.dense.weight", &[h, h])?.data,
                transform_bias: ts.take("cls.predictions.transform.dense.bias", &[h])?.data,
                norm: norm(&ts, "cls.predictions.transform.LayerNorm", h)?,
                decoder,
                bias,
            })
        } else {
            None
        };
        let act = c.activation()?;
        Ok(Bert { config, act, word, position, token_type0, emb_norm, project, layers, discriminator, mlm })
    }

    /// True for an ELECTRA checkpoint with its discriminator head.
    pub fn has_discriminator(&self) -> bool {
        self.discriminator.is_some()
    }

    /// True when the checkpoint has BERT's masked-LM head (`cls.predictions.*`).
    pub fn has_mlm_head(&self) -> bool {
        self.mlm.is_some()
    }

    /// The masked-LM logits `(rows.len(), V)` of the given rows of `out`'s last hidden state.
    pub fn mlm_logits(&self, out: &Output, rows: &[usize]) -> Result<Vec<f32>> {
        let head = self.mlm.as_ref().ok_or_else(|| crate::err!(Input, BERT_NO_MLM_HEAD))?;
        let (h, v) = (out.hidden_size, self.config.vocab_size);
        let decoder = head.decoder.as_deref().unwrap_or(&self.word);
        let mut logits = Vec::with_capacity(rows.len() * v);
        let mut x = vec![0.0f32; h];
        for &r in rows {
            let hr = &out.last_hidden()[r * h..(r + 1) * h];
            for (o, xo) in x.iter_mut().enumerate() {
                *xo = head.transform_bias[o] + crate::nn::kernels::dot(&head.transform[o * h..(o + 1) * h], hr);
            }
            activate(self.act, &mut x);
            ops::layer_norm(&mut x, h, &head.norm.gamma, &head.norm.beta, self.config.layer_norm_eps as f32);
            logits.extend((0..v).map(|o| head.bias[o] + crate::nn::kernels::dot(&decoder[o * h..(o + 1) * h], &x)));
        }
        Ok(logits)
    }

    /// Runs the encoder on `ids` (already with `[CLS]`/`[SEP]`, at most `max_position_embeddings`).
    pub fn forward(&self, ids: &[u32], ws: &mut Workspace) -> Result<Output> {
        let c = &self.config;
        let (t, h, e, nh, d) = (ids.len(), c.hidden_size, c.embedding_size(), c.num_attention_heads, c.head_dim());
        if t == 0 || t > c.max_position_embeddings {
            return Err(crate::err!(Input, BERT_SEQUENCE, max = c.max_position_embeddings, got = t));
        }
        if let Some(&bad) = ids.iter().find(|&&i| i as usize >= c.vocab_size) {
            return Err(crate::err!(Input, BERT_TOKEN_ID, id = bad, vocab = c.vocab_size));
        }
        ws.ensure(c, t);
        let tp = ws.rows;
        let nl = self.layers.len();
        let mut out = Output {
            seq_len: t,
            num_layers: nl,
            num_heads: nh,
            hidden_size: h,
            hidden_states: vec![0.0; (nl + 1) * t * h],
            attentions: vec![0.0; nl * nh * t * t],
        };

        // Embeddings: word + position + token type 0, then LayerNorm (and ELECTRA's projection).
        for (r, &id) in ids.iter().enumerate() {
            let row = &mut ws.emb[r * e..(r + 1) * e];
            let (w, p) = (&self.word[id as usize * e..(id as usize + 1) * e], &self.position[r * e..(r + 1) * e]);
            for j in 0..e {
                row[j] = w[j] + p[j] + self.token_type0[j];
            }
        }
        ops::layer_norm(&mut ws.emb[..t * e], e, &self.emb_norm.gamma, &self.emb_norm.beta, c.layer_norm_eps as f32);
        match &self.project {
            Some(p) => p.forward(&ws.emb, tp, &mut ws.h),
            None => ws.h[..t * h].copy_from_slice(&ws.emb[..t * h]),
        }
        out.hidden_states[..t * h].copy_from_slice(&ws.h[..t * h]);

        let scale = 1.0 / (d as f32).sqrt();
        let eps = c.layer_norm_eps as f32;
        for (l, layer) in self.layers.iter().enumerate() {
            layer.qkv.forward(&ws.h, tp, &mut ws.qkv); // (Tp, 3H)
            let probs = &mut out.attentions[l * nh * t * t..(l + 1) * nh * t * t];
            ws.ctx.fill(0.0);
            for j in 0..nh {
                let a = &mut probs[j * t * t..(j + 1) * t * t]; // (T, T)
                for r in 0..t {
                    let q = &ws.qkv[r * 3 * h + j * d..r * 3 * h + (j + 1) * d];
                    let row = &mut a[r * t..(r + 1) * t];
                    for (s, score) in row.iter_mut().enumerate() {
                        let k = &ws.qkv[s * 3 * h + h + j * d..s * 3 * h + h + (j + 1) * d];
                        *score = crate::nn::kernels::dot(q, k) * scale;
                    }
                    ops::softmax(row);
                    // context_r (head j) = Σ_s A[r, s] · v_s
                    let ctx = &mut ws.ctx[r * h + j * d..r * h + (j + 1) * d];
                    for (s, &p) in row.iter().enumerate() {
                        let v = &ws.qkv[s * 3 * h + 2 * h + j * d..s * 3 * h + 2 * h + (j + 1) * d];
                        crate::nn::kernels::axpy(p, v, ctx);
                    }
                }
            }
            // a = LN(h + ctx·W_oᵀ + b), kept in ctx.
            layer.attn_out.forward(&ws.ctx, tp, &mut ws.tmp);
            residual_norm(&mut ws.ctx, &ws.tmp, &ws.h, t * h, h, &layer.attn_norm, eps);
            // h' = LN(a + act(a·W_iᵀ + b)·W_o2ᵀ + b)
            layer.inter.forward(&ws.ctx, tp, &mut ws.inter);
            activate(self.act, &mut ws.inter[..t * c.intermediate_size]);
            layer.out.forward(&ws.inter, tp, &mut ws.tmp);
            residual_norm(&mut ws.h, &ws.tmp, &ws.ctx, t * h, h, &layer.out_norm, eps);
            out.hidden_states[(l + 1) * t * h..(l + 2) * t * h].copy_from_slice(&ws.h[..t * h]);
        }
        Ok(out)
    }

    /// ELECTRA: per-token probability that the token was replaced, `σ(discriminator logit)`,
    /// from the last hidden state of `out` (a forward pass of this model).
    pub fn replaced(&self, out: &Output, ws: &mut Workspace) -> Result<Vec<f32>> {
        let disc = self.discriminator.as_ref().ok_or_else(|| crate::err!(Input, BERT_NO_DISCRIMINATOR))?;
        let (t, h) = (out.seq_len, out.hidden_size);
        ws.ensure(&self.config, t);
        let tp = ws.rows;
        ws.ctx[..t * h].copy_from_slice(out.last_hidden());
        disc.dense.forward(&ws.ctx, tp, &mut ws.tmp);
        activate(self.act, &mut ws.tmp[..t * h]);
        let mut logits = vec![0.0f32; tp];
        disc.prediction.forward(&ws.tmp, tp, &mut logits);
        Ok(logits[..t].iter().map(|&z| ops::sigmoid(z)).collect())
    }
}

/// `dst ← LN(x + residual)` over the first `n` floats, rows of `dim`.
fn residual_norm(dst: &mut [f32], x: &[f32], residual: &[f32], n: usize, dim: usize, norm: &Norm, eps: f32) {
    for ((d, a), b) in dst[..n].iter_mut().zip(&x[..n]).zip(&residual[..n]) {
        *d = a + b;
    }
    ops::layer_norm(&mut dst[..n], dim, &norm.gamma, &norm.beta, eps);
}

fn activate(act: Activation, x: &mut [f32]) {
    match act {
        Activation::Gelu => ops::gelu(x),
        Activation::GeluTanh => ops::gelu_tanh(x),
        Activation::Relu => ops::relu(x),
    }
}

/// Q, K and V as one `(3H, H)` projection, so each layer reads its input rows once for all three.
fn fused_qkv(ts: &mut Tensors, p: &str, h: usize) -> Result<PackedLinear> {
    let (mut w, mut b) = (Vec::with_capacity(3 * h * h), Vec::with_capacity(3 * h));
    for part in ["query", "key", "value"] {
        w.extend_from_slice(&ts.take(&format!("{p}.attention.self.{part}.weight"), &[h, h])?.data);
        b.extend_from_slice(&ts.take(&format!("{p}.attention.self.{part}.bias"), &[h])?.data);
    }
    Ok(PackedLinear::new(&w, &b, 3 * h, h))
}

#[cfg(test)]
#[path = "bert_tests.rs"]
mod tests;
