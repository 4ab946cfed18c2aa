//! The recurrent language model for JS (see `crate::lm::rnn` and the README's `RnnLM` section):
//! ```js
//! const lm = new RnnLM(text, {cell: "gru", unit: "char", hidden: 128, bptt: 32, batch: 16, seed: 1});
//! lm.train(50);                     // {step, loss, perplexity, heldoutPerplexity, done}
//! lm.hidden("the king");            // {tokens, T, H, data: Float32Array T×H}
//! lm.gradientFlow("the king", 7);   // Float32Array: ‖∂L_7/∂h_t‖, t = 0 … 7
//! RnnLM.longDependency({cell: "rnn", n: 16});   // {cell, n, accuracy, chance, loss, steps}
//! ```
//! Settings: `settingsSpec("rnn")`, `settingsSpec("longDependency")`.

use super::args::{count_arg, seed_arg, settings_from, text_arg, to_js, MAX_COUNT};
use super::JsResult;
use crate::lm::ngram::Unit;
use crate::lm::rnn::longdep::{self, LongDepConfig};
use crate::lm::rnn::query::shares;
use crate::lm::rnn::{RnnConfig, RnnLm};
use crate::lm::seq2seq::RnnCell;
use crate::nn::param::Module;
use crate::settings::list;
use js_sys::{Float32Array, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`: in Node 20, the page and its workers.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

fn clock() -> f64 {
    performance_now()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Info {
    vocab: usize,
    train_tokens: usize,
    heldout_tokens: usize,
    train_sentences: usize,
    heldout_sentences: usize,
    params: usize,
    step: usize,
    steps: usize,
    unit: Unit,
    tokenizer: &'static str,
    cell: RnnCell,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Hidden<'a> {
    tokens: &'a [String],
    #[serde(rename = "T")]
    t: usize,
    #[serde(rename = "H")]
    h: usize,
}

/// A recurrent language model trained on a text (`new RnnLM(text, config)`).
#[wasm_bindgen(js_name = RnnLM)]
pub struct RnnLmJs {
    m: RnnLm,
}

#[wasm_bindgen(js_class = RnnLM)]
impl RnnLmJs {
    #[wasm_bindgen(constructor)]
    pub fn new(text: JsValue, config: JsValue) -> JsResult<RnnLmJs> {
        let text = text_arg(&text, "text")?;
        let cfg: RnnConfig = settings_from(config)?;
        let mut m = RnnLm::new(&text, cfg)?;
        m.clock = Some(clock);
        Ok(RnnLmJs { m })
    }

    /// A fresh model with another `cell` ("rnn", "gru", "lstm") and otherwise this one's settings
    /// and seed, on the same text without a copy of it: what `new RnnLM(text, {...config, cell})`
    /// gives, for the chapter's companions and untrained models (issue 15: each copy of a pasted
    /// 1.5 MB text was tens of megabytes).
    #[wasm_bindgen(js_name = withCell)]
    pub fn with_cell(&self, cell: JsValue) -> JsResult<RnnLmJs> {
        let name = text_arg(&cell, "cell")?;
        let Some(cell) = RnnCell::from_name(&name) else {
            return Err(crate::err!(Settings, SETTING_CHOICE, name = "cell", choices = list(RnnCell::NAMES), got = format!("{name:?}")));
        };
        let mut m = self.m.with_cell(cell)?;
        m.clock = Some(clock);
        Ok(RnnLmJs { m })
    }

    /// Trains `steps` chunks: `{step, loss, perplexity, heldoutPerplexity, done}` (loss and
    /// perplexity of this call's batches; heldoutPerplexity null unless this call evaluated it).
    /// Throws `rnn.diverged` if the loss stops being a number; training then stays stopped.
    pub fn train(&mut self, steps: f64) -> JsResult<JsValue> {
        let steps = count_arg("steps", steps, 0, 1_000_000)?;
        let r = self.m.train(steps)?;
        let obj = to_js(&r)?;
        Ok(super::args::null_unless_finite(obj, "loss", r.loss))
    }

    /// Perplexity of the held-out part now (null when nothing is held out).
    #[wasm_bindgen(js_name = heldoutPerplexity)]
    pub fn heldout_perplexity(&mut self) -> Option<f64> {
        self.m.heldout_perplexity()
    }

    /// Held-out perplexity of an n-gram model (order 1–4, Kneser–Ney) on the same split and tokens.
    #[wasm_bindgen(js_name = ngramHeldoutPerplexity)]
    pub fn ngram_heldout_perplexity(&mut self, order: f64) -> JsResult<Option<f64>> {
        let order = count_arg("order", order, 1, 4)?;
        self.m.ngram_heldout_perplexity(order)
    }

    /// `{perplexity, tokens, predictions, unknown}` of a text.
    pub fn evaluate(&mut self, text: JsValue) -> JsResult<JsValue> {
        let text = text_arg(&text, "text")?;
        to_js(&self.m.evaluate(&text)?)
    }

    /// The text's tokens as the model reads them (sentences separated by `</s>`).
    pub fn tokens(&self, text: JsValue) -> JsResult<Vec<String>> {
        Ok(self.m.tokens(&text_arg(&text, "text")?))
    }

    /// `{tokens, T, H, data}`: the top layer's state after each token, `data` a Float32Array T×H.
    pub fn hidden(&mut self, text: JsValue) -> JsResult<JsValue> {
        let text = text_arg(&text, "text")?;
        let h = self.m.hidden(&text)?;
        let (t, hs) = h.data.dim();
        let obj = to_js(&Hidden { tokens: &h.tokens, t, h: hs })?;
        let data = Float32Array::from(h.data.as_slice().expect("contiguous"));
        let _ = Reflect::set(&obj, &"data".into(), &data);
        Ok(obj)
    }

    /// The `k` most probable next tokens after `context` (a string; may be empty): `[{token, prob}]`.
    pub fn next(&mut self, context: JsValue, k: f64) -> JsResult<JsValue> {
        let context = text_arg(&context, "context")?;
        let k = count_arg("k", k, 0, MAX_COUNT)?;
        to_js(&self.m.next(&context, k))
    }

    /// `{tokens, text}`: `n` tokens drawn from a sentence start, seeded; `temperature` 0–10.
    pub fn sample(&mut self, seed: f64, n: f64, temperature: f64) -> JsResult<JsValue> {
        let n = count_arg("n", n, 0, 10_000)?;
        to_js(&self.m.sample(seed_arg(seed)?, n, temperature)?)
    }

    /// Float32Array (position + 1): ‖∂L_position/∂h_t‖ for t = 0 … position.
    #[wasm_bindgen(js_name = gradientFlow)]
    pub fn gradient_flow(&mut self, text: JsValue, position: f64) -> JsResult<Float32Array> {
        let text = text_arg(&text, "text")?;
        let p = count_arg("position", position, 0, MAX_COUNT)?;
        Ok(Float32Array::from(self.m.gradient_flow(&text, p)?.hidden.as_slice()))
    }

    /// Float32Array (position + 1): ‖∂L_position/∂x_t‖ of each embedded token, as shares of 1.
    #[wasm_bindgen(js_name = inputGradient)]
    pub fn input_gradient(&mut self, text: JsValue, position: f64) -> JsResult<Float32Array> {
        let text = text_arg(&text, "text")?;
        let p = count_arg("position", position, 0, MAX_COUNT)?;
        Ok(Float32Array::from(shares(&self.m.gradient_flow(&text, p)?.input).as_slice()))
    }

    /// `{layers, tokensPerSentence, dependentSteps, trainMsPerToken, forwardMsPerToken}`.
    pub fn timing(&mut self) -> JsResult<JsValue> {
        to_js(&self.m.timing())
    }

    /// `{vocab, trainTokens, heldoutTokens, trainSentences, heldoutSentences, params, step, steps,
    /// unit, tokenizer, cell}`.
    pub fn info(&mut self) -> JsResult<JsValue> {
        let d = &self.m.data;
        let info = Info {
            vocab: d.vocab(),
            train_tokens: d.train.len() - 1,
            heldout_tokens: d.heldout.len() - 1,
            train_sentences: d.unigram.train_sentences(),
            heldout_sentences: d.unigram.heldout_sentences().len(),
            params: 0,
            step: self.m.steps_done(),
            steps: self.m.config.steps,
            unit: self.m.config.unit,
            tokenizer: d.units().tokenizer.tokenizer.name(),
            cell: self.m.config.cell,
        };
        let params = self.m.net.num_params();
        to_js(&Info { params, ..info })
    }

    /// Trains a fresh small network on the long-dependency task (remember the first symbol
    /// across `n` fillers) and scores it: `{cell, n, accuracy, chance, loss, steps}`.
    #[wasm_bindgen(js_name = longDependency)]
    pub fn long_dependency(config: JsValue) -> JsResult<JsValue> {
        let cfg: LongDepConfig = settings_from(config)?;
        to_js(&longdep::run(&cfg)?)
    }
}
