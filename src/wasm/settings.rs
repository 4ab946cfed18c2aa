//! The settings schemas for JS: `settingsSpec(model)` → `[{name, kind, min, max, default,
//! choices, optional, aliases, doc}]` (see `crate::settings`), `settingsModels()`, and
//! `errorCodes()` → `[{code, en}]` (every error code with its English template, for the page's
//! string tables and their test).

use super::args::{text_arg, to_js};
use super::JsResult;
use crate::embed::probe::ProbeConfig;
use crate::embed::{fasttext, project::TsneConfig, subwords::SubwordConfig, word2vec::Word2VecConfig};
use crate::lm::ngram::NGramConfig;
use crate::lm::rnn::longdep::LongDepConfig;
use crate::lm::rnn::RnnConfig;
use crate::lm::seq2seq::{Seq2SeqConfig, TaskConfig};
use crate::lm::transformer::TransformerConfig;
use crate::settings::{list, nearest, Field, Schema};
use crate::text::examples::SuggestConfig;
use crate::text::CorpusConfig;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A model's name and its schema.
type Entry = (&'static str, fn() -> Vec<Field>);

/// Every model with settings, by the name `settingsSpec` takes. A new model adds one line.
const SCHEMAS: &[Entry] = &[
    ("corpus", CorpusConfig::fields),
    ("word2vec", Word2VecConfig::fields),
    ("fasttext", fasttext::Config::fields),
    ("subwords", SubwordConfig::fields),
    ("ngram", NGramConfig::fields),
    ("tsne", TsneConfig::fields),
    ("probe", ProbeConfig::fields),
    ("examples", SuggestConfig::fields),
    ("seq2seq", Seq2SeqConfig::fields),
    ("seq2seqTask", TaskConfig::fields),
    ("translate", super::seq2seq::TranslateOptions::fields),
    ("rnn", RnnConfig::fields),
    ("longDependency", LongDepConfig::fields),
    ("transformer", TransformerConfig::fields),
];

/// The schema of a model's settings (`"word2vec"`, `"fasttext"`, …; see `settingsModels()`).
#[wasm_bindgen(js_name = settingsSpec)]
pub fn settings_spec(model: JsValue) -> JsResult<JsValue> {
    let model = text_arg(&model, "model")?;
    match SCHEMAS.iter().find(|(name, _)| *name == model) {
        Some((_, fields)) => to_js(&fields()),
        None => {
            let names: Vec<&str> = SCHEMAS.iter().map(|(n, _)| *n).collect();
            Err(match nearest(&model, &names) {
                Some(s) => crate::err!(Input, SETTINGS_UNKNOWN_MODEL_NEAR, name = model, suggestion = s),
                None => crate::err!(Input, SETTINGS_UNKNOWN_MODEL, name = model, names = list(&names)),
            })
        }
    }
}

/// The names `settingsSpec` knows.
#[wasm_bindgen(js_name = settingsModels)]
pub fn settings_models() -> Vec<String> {
    SCHEMAS.iter().map(|(n, _)| n.to_string()).collect()
}

/// `[{code, en}]`: every error code and its English template.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> JsResult<JsValue> {
    #[derive(Serialize)]
    struct C {
        code: &'static str,
        en: &'static str,
    }
    to_js(&crate::error::codes::ALL.iter().map(|c| C { code: c.id, en: c.en }).collect::<Vec<_>>())
}
