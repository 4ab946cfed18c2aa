//! The logistic-regression probe for JS: `trainProbe(embeddings, dim, labels, config)`.

use super::args::{count_arg, settings_from, to_js, MAX_COUNT};
use super::JsResult;
use crate::embed::probe::{run_probe, ProbeConfig};
use wasm_bindgen::prelude::*;

/// `trainProbe(embeddings: Float32Array (n × dim), dim, labels: string[n], {testFraction, seed,
/// epochs, l2, lr})` → `{labels, accuracy, trainAccuracy, confusion[true][predicted], predictions,
/// testIndices, trainSize, testSize, evaluatedOnTrain, loss}`.
#[wasm_bindgen(js_name = trainProbe)]
pub fn train_probe(embeddings: &[f32], dim: f64, labels: Vec<String>, config: JsValue) -> JsResult<JsValue> {
    let dim = count_arg("dim", dim, 0, MAX_COUNT)?;
    let cfg: ProbeConfig = settings_from(config)?;
    let report = run_probe(embeddings, dim, &labels, &cfg)?;
    to_js(&report)
}
