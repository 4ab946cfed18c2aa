//! Sequence-to-sequence models for JS (see `crate::lm::seq2seq`):
//! ```js
//! const s = new Seq2Seq("the cat => le chat\n…", {attention: "additive", cell: "gru", embed: 32, hidden: 64,
//!                                               lr: 5e-3, batch: 32, seed: 1, unit: "word"});
//! const r = Seq2Seq.fromTask("reverse", {minLength: 4, maxLength: 10, symbols: 20, count: 10000, seed: 1},
//!                            {attention: "none"});
//! s.train(100);                  // {step, loss, accuracy, done}
//! s.translate("the cat", {beam: 3});  // {tokens, attention: Float32Array targetLen × sourceLen, sourceTokens, probs}
//! s.evaluate();                  // {accuracy, byLength: [{length, accuracy, count}], count, split}
//! ```
//! Settings: `settingsSpec("seq2seq")` and `settingsSpec("seq2seqTask")` list them with their limits.

use super::args::{count_arg, settings_from, text_arg, to_js};
use super::JsResult;
use crate::lm::seq2seq::data::{join, Unit};
use crate::lm::seq2seq::tasks::TASKS;
use crate::lm::seq2seq::{Seq2Seq, Seq2SeqConfig, TaskConfig};
use crate::settings::Settings;
use serde::Serialize;
use wasm_bindgen::prelude::*;

crate::settings! {
    /// Options of `translate(source, options)`.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct TranslateOptions {
        /// Beam width (1 = greedy).
        #[limits(1, 16)]
        pub beam: usize = 1,
    }
}
impl Settings for TranslateOptions {}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Translation {
    tokens: Vec<String>,
    text: String,
    source_tokens: Vec<String>,
    #[serde(skip)]
    attention: Vec<f32>,
    probs: Vec<f32>,
}

#[derive(Serialize)]
struct Example {
    source: String,
    target: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Info {
    src_vocab: usize,
    tgt_vocab: usize,
    train: usize,
    heldout: usize,
    src_unit: Unit,
    tgt_unit: Unit,
    params: usize,
    step: usize,
    steps: usize,
    attention: crate::lm::seq2seq::Attention,
}

/// An encoder–decoder trained on pairs (`new Seq2Seq(pairsText, config)`).
#[wasm_bindgen(js_name = Seq2Seq)]
pub struct Seq2SeqJs {
    m: Seq2Seq,
}

#[wasm_bindgen(js_class = Seq2Seq)]
impl Seq2SeqJs {
    /// A model on lines `source => target` (`#` comments and blank lines skipped).
    #[wasm_bindgen(constructor)]
    pub fn new(pairs: JsValue, config: JsValue) -> JsResult<Seq2SeqJs> {
        let pairs = text_arg(&pairs, "pairs")?;
        let cfg: Seq2SeqConfig = settings_from(config)?;
        Ok(Seq2SeqJs { m: Seq2Seq::from_pairs(&pairs, cfg)? })
    }

    /// A model on a built-in task: "copy", "reverse", "sort", "date", "ko-en", "en-ko".
    #[wasm_bindgen(js_name = fromTask)]
    pub fn from_task(name: JsValue, task_config: JsValue, config: JsValue) -> JsResult<Seq2SeqJs> {
        let name = text_arg(&name, "name")?;
        let task: TaskConfig = settings_from(task_config)?;
        let cfg: Seq2SeqConfig = settings_from(config)?;
        Ok(Seq2SeqJs { m: Seq2Seq::from_task(&name, &task, cfg)? })
    }

    /// The built-in task names.
    pub fn tasks() -> Vec<String> {
        TASKS.iter().map(|s| s.to_string()).collect()
    }

    /// Trains `steps` batches: `{step, loss, accuracy, done}` (loss and accuracy over this call's
    /// batches; accuracy = pairs whose every target token is the most probable one under teacher
    /// forcing). Throws if the loss stops being a number (the weights are left as they were).
    pub fn train(&mut self, steps: f64) -> JsResult<JsValue> {
        let steps = count_arg("steps", steps, 0, 1_000_000)?;
        to_js(&self.m.train(steps)?)
    }

    /// Greedy exact match on the held-out pairs, by source length.
    pub fn evaluate(&mut self) -> JsResult<JsValue> {
        to_js(&self.m.evaluate())
    }

    /// Decodes `source` (greedy, or `{beam: k}`): `{tokens, text, sourceTokens, attention, probs}`
    /// with `attention` a Float32Array of `tokens.length × sourceTokens.length` (row i: the
    /// weights output token i read the source with; empty without attention).
    pub fn translate(&mut self, source: JsValue, options: JsValue) -> JsResult<JsValue> {
        let source = text_arg(&source, "source")?;
        let opts: TranslateOptions = settings_from(options)?;
        opts.validate()?;
        let (tokens, d) = self.m.translate(&source, opts.beam)?;
        let t = Translation {
            text: join(&tokens, self.m.data.tgt_unit),
            source_tokens: self.m.source_tokens(&source),
            tokens,
            attention: d.attention,
            probs: d.probs,
        };
        let obj = to_js(&t)?;
        let _ = js_sys::Reflect::set(&obj, &"attention".into(), &js_sys::Float32Array::from(t.attention.as_slice()));
        Ok(obj)
    }

    /// Greedy decoding one token at a time: `{sourceTokens, encoderStates (S×H), hidden, steps:
    /// [{token, prob, attention (S), context (H), top: [{token, prob}]}]}`.
    #[wasm_bindgen(js_name = decodeSteps)]
    pub fn decode_steps(&mut self, source: JsValue, top_k: f64) -> JsResult<JsValue> {
        let source = text_arg(&source, "source")?;
        let k = count_arg("topK", top_k, 1, 100)?;
        to_js(&self.m.decode_steps(&source, k)?)
    }

    /// Up to `limit` pairs as text (`which`: "heldout" or "train").
    pub fn examples(&self, which: JsValue, limit: f64) -> JsResult<JsValue> {
        let which = text_arg(&which, "which")?;
        let limit = count_arg("limit", limit, 0, 100_000)?;
        let d = &self.m.data;
        let pairs = match which.as_str() {
            "heldout" => &d.heldout,
            "train" => &d.train,
            _ => return Err(crate::err!(Input, SEQ2SEQ_WHICH, got = format!("{which:?}"))),
        };
        let text = |ids: &[u32], v: &crate::lm::seq2seq::data::Vocab, u: Unit| {
            join(&ids.iter().map(|&i| v.token(i).to_string()).collect::<Vec<_>>(), u)
        };
        let out: Vec<Example> = pairs
            .iter()
            .take(limit)
            .map(|(s, t)| Example { source: text(s, &d.src_vocab, d.src_unit), target: text(t, &d.tgt_vocab, d.tgt_unit) })
            .collect();
        to_js(&out)
    }

    /// `{srcVocab, tgtVocab, train, heldout, srcUnit, tgtUnit, params, step, steps, attention}`.
    pub fn info(&mut self) -> JsResult<JsValue> {
        use crate::nn::param::Module;
        let d = &self.m.data;
        let info = Info {
            src_vocab: d.src_vocab.len(),
            tgt_vocab: d.tgt_vocab.len(),
            train: d.train.len(),
            heldout: d.heldout.len(),
            src_unit: d.src_unit,
            tgt_unit: d.tgt_unit,
            params: 0,
            step: self.m.steps_done(),
            steps: self.m.config.steps,
            attention: self.m.config.attention,
        };
        let params = self.m.net.num_params();
        to_js(&Info { params, ..info })
    }
}
