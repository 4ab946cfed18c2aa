//! Reading `tests/fixtures/` and the relative error the golden tests against PyTorch are judged by,
//! shared by the test binaries (`#[path = "common/fixtures.rs"] mod fixtures;`).
#![allow(dead_code)] // each test binary uses its own subset

use nlp_playground::pretrained::safetensors;
use nlp_playground::pretrained::tensors::Tensors;

/// The bytes of `tests/fixtures/<path>`.
pub fn bytes(path: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `tests/fixtures/<path>` (e.g. `rnn-lm/gru.safetensors`, written by `scripts/goldens/*.py`),
/// read as safetensors.
pub fn load(path: &str) -> Tensors {
    safetensors::load(&bytes(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The values of tensor `name` in a fixture.
pub fn data<'a>(ts: &'a Tensors, name: &str) -> &'a [f32] {
    &ts.get_any(name).unwrap_or_else(|| panic!("fixture has no {name}")).data
}

/// `max|a − b| / max|b|`: the error relative to the reference's largest magnitude, so one tolerance
/// fits tensors of any scale (a tiny reference entry does not blow it up).
pub fn rel(a: &[f32], b: &[f32]) -> f64 {
    assert_eq!(a.len(), b.len());
    let diff = a.iter().zip(b).map(|(x, y)| (x - y).abs() as f64).fold(0.0, f64::max);
    diff / b.iter().map(|y| y.abs() as f64).fold(1e-30, f64::max)
}
