//! The logistic-regression probe for JS: `trainProbe(embeddings, dim, labels, config)`.

use super::{config_from, js_err, to_js};
use crate::pretrained::probe::{run_probe, ProbeConfig};
use wasm_bindgen::prelude::*;

/// `trainProbe(embeddings: Float32Array (n × dim), dim, labels: string[n], {testFraction, seed,
/// epochs, l2, lr})` → `{labels, accuracy, trainAccuracy, confusion[true][predicted], predictions,
/// testIndices, trainSize, testSize, evaluatedOnTrain, loss}`.
#[wasm_bindgen(js_name = trainProbe)]
pub fn train_probe(embeddings: &[f32], dim: usize, labels: Vec<String>, config: JsValue) -> Result<JsValue, JsError> {
    let cfg: ProbeConfig = config_from(config)?;
    let report = run_probe(embeddings, dim, &labels, &cfg).map_err(js_err)?;
    to_js(&report)
}
