//! A small Transformer for JS (see `crate::lm::transformer`):
//! ```js
//! const t = new Transformer(text, {kind: "mlm" | "causal", layers: 2, heads: 2, dim: 64, ff: 256, context: 32,
//!                                  positional: "sin" | "learned", norm: "pre" | "post", mask: 0.15,
//!                                  dropout: null /* 0 mlm, 0.1 causal */, lr: 1e-3, warmup: 100, decay: false, batch: 16,
//!                                  unit: "word", tokenizer: null, steps: 3000, seed: 1});
//! t.train(steps)               // {step, loss, perplexity (null unless evaluated), done}
//! t.evaluate()                 // {perplexity (null: nothing held out), step}
//! t.run(text)                  // Bert.run's layout: {tokens, ids, truncated, fullLength, numLayers, numHeads, hiddenSize,
//!                              //   hiddenStates: Float32Array (L+1)×T×H, attentions: Float32Array L×heads×T×T}
//! t.predictMasked(text, k)     // [[{token, prob}]]: the k most probable tokens for each [MASK] (encoder)
//! t.generate(prompt, n, temperature, seed)  // {tokens (the new ones), text (prompt and new)} (causal)
//! t.positions()                // {rows, cols, values: Float32Array}: the position table in use
//! t.intermediates(text)        // {tokens, blocks: [{name, shape, values: Float32Array}]}
//! t.scores(text, layer, query) // {tokens, headDim, heads: [{scores (null: masked), probs, context}]}
//! t.toHuggingFace()            // {config, weights: Uint8Array, vocab, tokenizerConfig}: a BertForMaskedLM
//! t.info()                     // {kind, layers, heads, dim, context, positional, norm, unit, vocab, params,
//!                              //  train, heldout, step, steps}
//! ```
//! Settings: `settingsSpec("transformer")`.

use super::args::{count_arg, seed_arg, settings_from, text_arg, to_js, MAX_COUNT};
use super::JsResult;
use crate::lm::transformer::{Transformer, TransformerConfig};
use crate::nn::param::Module;
use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a plain property on a fresh Object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn strings(v: &[String]) -> Array {
    v.iter().map(|t| JsValue::from_str(t)).collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Info {
    kind: &'static str,
    layers: usize,
    heads: usize,
    dim: usize,
    context: usize,
    positional: &'static str,
    norm: &'static str,
    unit: &'static str,
    vocab: usize,
    params: usize,
    train: usize,
    heldout: usize,
    step: usize,
    steps: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Scores {
    tokens: Vec<String>,
    head_dim: usize,
    heads: Vec<crate::lm::transformer::HeadScores>,
}

#[derive(Serialize)]
struct Evaluation {
    perplexity: Option<f64>,
    step: usize,
}

/// A Transformer language model trained on a text (`new Transformer(text, config)`).
#[wasm_bindgen(js_name = Transformer)]
pub struct TransformerJs {
    m: Transformer,
}

#[wasm_bindgen(js_class = Transformer)]
impl TransformerJs {
    #[wasm_bindgen(constructor)]
    pub fn new(text: JsValue, config: JsValue) -> JsResult<TransformerJs> {
        let text = text_arg(&text, "text")?;
        let cfg: TransformerConfig = settings_from(config)?;
        Ok(TransformerJs { m: Transformer::new(&text, cfg)? })
    }

    /// Trains `steps` batches: `{step, loss, perplexity, done}` (loss: mean of this call's
    /// batches; perplexity: held-out, or null when this call did not evaluate).
    pub fn train(&mut self, steps: f64) -> JsResult<JsValue> {
        let steps = count_arg("steps", steps, 0, 1_000_000)?;
        let r = self.m.train(steps)?;
        Ok(super::args::null_unless_finite(to_js(&r)?, "loss", r.loss))
    }

    /// Held-out perplexity now: `{perplexity, step}`.
    pub fn evaluate(&mut self) -> JsResult<JsValue> {
        to_js(&Evaluation { perplexity: self.m.perplexity(), step: self.m.steps_done() })
    }

    /// The text through the model, in the layout of `Bert.run`.
    pub fn run(&mut self, text: JsValue) -> JsResult<Object> {
        let text = text_arg(&text, "text")?;
        let r = self.m.run(&text)?;
        let obj = Object::new();
        set(&obj, "tokens", &strings(&r.tokens));
        set(&obj, "ids", &r.ids.iter().map(|&i| JsValue::from(i)).collect::<Array>());
        set(&obj, "truncated", &JsValue::from(r.full_len > r.ids.len()));
        set(&obj, "fullLength", &JsValue::from(r.full_len as u32));
        set(&obj, "numLayers", &JsValue::from(r.output.num_layers as u32));
        set(&obj, "numHeads", &JsValue::from(r.output.num_heads as u32));
        set(&obj, "hiddenSize", &JsValue::from(r.output.hidden_size as u32));
        set(&obj, "hiddenStates", &Float32Array::from(&r.output.hidden_states[..]));
        set(&obj, "attentions", &Float32Array::from(&r.output.attentions[..]));
        Ok(obj)
    }

    /// For each `[MASK]` of the text, its `k` most probable tokens.
    #[wasm_bindgen(js_name = predictMasked)]
    pub fn predict_masked(&mut self, text: JsValue, k: f64) -> JsResult<JsValue> {
        let text = text_arg(&text, "text")?;
        let k = count_arg("k", k, 1, 100)?;
        to_js(&self.m.predict_masked(&text, k)?)
    }

    /// `n` tokens after `prompt`, each drawn at `temperature` (seeded); `n` 0 gives no new token
    /// (the prompt's text back), as `RnnLM.sample(seed, 0, t)` gives an empty sample.
    pub fn generate(&mut self, prompt: JsValue, n: f64, temperature: f64, seed: f64) -> JsResult<JsValue> {
        let prompt = text_arg(&prompt, "prompt")?;
        let n = count_arg("n", n, 0, 1000)?;
        let seed = seed_arg(seed)?;
        to_js(&self.m.generate(&prompt, n, temperature, seed)?)
    }

    /// The position table in use: `{rows, cols, values}`.
    pub fn positions(&self) -> Object {
        let p = self.m.positional();
        let obj = Object::new();
        set(&obj, "rows", &JsValue::from(p.rows as u32));
        set(&obj, "cols", &JsValue::from(p.cols as u32));
        set(&obj, "values", &Float32Array::from(&p.data[..]));
        obj
    }

    /// Each block's output for the text: `{tokens, blocks: [{name, shape, values}]}`.
    pub fn intermediates(&mut self, text: JsValue) -> JsResult<Object> {
        let text = text_arg(&text, "text")?;
        let tokens = self.m.input_ids(&text)?.0;
        let blocks: Array = self
            .m
            .intermediates(&text)?
            .iter()
            .map(|b| {
                let o = Object::new();
                set(&o, "name", &JsValue::from_str(&b.name));
                set(&o, "shape", &b.shape.iter().map(|&d| JsValue::from(d as u32)).collect::<Array>());
                set(&o, "values", &Float32Array::from(&b.data[..]));
                JsValue::from(o)
            })
            .collect();
        let obj = Object::new();
        set(&obj, "tokens", &strings(&tokens));
        set(&obj, "blocks", &blocks);
        Ok(obj)
    }

    /// One query token of one layer, every head: `{tokens, headDim, heads: [{scores, probs, context}]}`
    /// (scores: q·k/√d per key, null where the causal mask hides it; probs: their softmax;
    /// context: Σ probs·v, headDim values).
    pub fn scores(&mut self, text: JsValue, layer: f64, query: f64) -> JsResult<JsValue> {
        let text = text_arg(&text, "text")?;
        let layer = count_arg("layer", layer, 0, MAX_COUNT)?;
        let query = count_arg("query", query, 0, MAX_COUNT)?;
        let heads = self.m.scores(&text, layer, query)?;
        let tokens = self.m.input_ids(&text)?.0;
        to_js(&Scores { tokens, head_dim: self.m.config.dim / self.m.config.heads, heads })
    }

    /// The encoder as a Hugging Face `BertForMaskedLM` checkpoint (see `pretrained::export`).
    #[wasm_bindgen(js_name = toHuggingFace)]
    pub fn to_hugging_face(&mut self) -> JsResult<Object> {
        let f = crate::pretrained::from_transformer::hf_files(&mut self.m)?;
        let obj = Object::new();
        set(&obj, "config", &JsValue::from_str(&f.config));
        set(&obj, "weights", &Uint8Array::from(&f.weights[..]));
        set(&obj, "vocab", &JsValue::from_str(&f.vocab));
        set(&obj, "tokenizerConfig", &JsValue::from_str(&f.tokenizer_config));
        Ok(obj)
    }

    pub fn info(&mut self) -> JsResult<JsValue> {
        let c = self.m.config;
        let params = self.m.net.num_params();
        to_js(&Info {
            kind: c.kind.name(),
            layers: c.layers,
            heads: c.heads,
            dim: c.dim,
            context: c.context,
            positional: c.positional.name(),
            norm: c.norm.name(),
            unit: c.unit.name(),
            vocab: self.m.data.vocab(),
            params,
            train: self.m.data.train.len(),
            heldout: self.m.data.heldout.len(),
            step: self.m.steps_done(),
            steps: c.steps,
        })
    }
}
