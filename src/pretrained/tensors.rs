//! The loaders' common output: named f32 tensors, whatever file format they came from.
//!
//! Every checkpoint reader ([`super::safetensors`], [`super::torch`]) turns its file into a
//! [`Tensors`] map; the models then ask for each weight by its Hugging Face name and expected shape
//! and get a clear error naming the tensor when it is missing or misshapen (as *candle*'s
//! `var_builder.rs` does). Half-precision weights are widened to f32 on load; integer buffers such
//! as `embeddings.position_ids` are not weights and are listed in [`Tensors::skipped`] instead.
//!
//! Names are looked up leniently about the base-model prefix: a `BertForMaskedLM` checkpoint
//! stores `bert.encoder.layer.0…`, a `BertModel` one `encoder.layer.0…`, an ELECTRA one
//! `electra.encoder…`. [`Tensors::get`] accepts the name with or without one of [`PREFIXES`], so a
//! model asks for `encoder.layer.0.attention.self.query.weight` and heads ask for
//! `cls.predictions.bias` or `discriminator_predictions.dense.weight` alike.

use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// Base-model prefixes that Hugging Face puts before the encoder's tensor names in task models.
pub const PREFIXES: [&str; 2] = ["bert.", "electra."];

/// A dense row-major f32 tensor: `data.len() == shape.iter().product()` (a scalar has shape `[]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

impl Tensor {
    /// Builds a tensor, checking that `data` holds exactly `product(shape)` values.
    pub fn new(shape: Vec<usize>, data: Vec<f32>) -> Result<Tensor> {
        let n = numel(&shape).ok_or_else(|| crate::err!(Checkpoint, TENSOR_TOO_LARGE, shape = format!("{shape:?}")))?;
        if n != data.len() {
            return Err(crate::err!(Checkpoint, TENSOR_VALUES, shape = format!("{shape:?}"), n = n, got = data.len()));
        }
        Ok(Tensor { shape, data })
    }

    /// Number of elements, `product(shape)`.
    pub fn numel(&self) -> usize {
        self.data.len()
    }
}

/// `product(shape)`, or `None` on overflow (a corrupt header can claim absurd shapes).
pub fn numel(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

/// Name → tensor, as read from one checkpoint file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tensors {
    map: BTreeMap<String, Tensor>,
    /// Entries the loader did not turn into f32 tensors (integer buffers such as
    /// `embeddings.position_ids`), with their dtype: kept for messages and tests.
    pub skipped: Vec<(String, String)>,
}

impl Tensors {
    pub fn new() -> Tensors {
        Tensors::default()
    }

    /// Adds a tensor; a second tensor of the same name is a corrupt file.
    pub fn insert(&mut self, name: impl Into<String>, tensor: Tensor) -> Result<()> {
        let name = name.into();
        if self.map.contains_key(&name) {
            return Err(crate::err!(Checkpoint, TENSOR_TWICE, name = name));
        }
        self.map.insert(name, tensor);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// All stored names, sorted, exactly as in the file.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// All tensors by their stored name, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Tensor)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The prefix the checkpoint's encoder tensors carry: `"bert."`, `"electra."` or `""`.
    /// Decided by the word embeddings, which every BERT-like checkpoint has.
    pub fn base_prefix(&self) -> &'static str {
        PREFIXES.iter().copied().find(|p| self.map.contains_key(&format!("{p}embeddings.word_embeddings.weight"))).unwrap_or("")
    }

    /// The stored name that `name` refers to: `name` itself, else `name` with one of
    /// [`PREFIXES`] added, else `name` with a leading prefix removed.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        if let Some((k, _)) = self.map.get_key_value(name) {
            return Some(k.as_str());
        }
        for p in PREFIXES {
            if let Some((k, _)) = self.map.get_key_value(&format!("{p}{name}")) {
                return Some(k.as_str());
            }
            if let Some(rest) = name.strip_prefix(p) {
                if let Some((k, _)) = self.map.get_key_value(rest) {
                    return Some(k.as_str());
                }
            }
        }
        None
    }

    /// True when `name` resolves (see [`Tensors::resolve`]).
    pub fn contains(&self, name: &str) -> bool {
        self.resolve(name).is_some()
    }

    /// The tensor `name` (prefix-lenient), whatever its shape.
    pub fn get_any(&self, name: &str) -> Option<&Tensor> {
        self.resolve(name).and_then(|k| self.map.get(k))
    }

    /// The tensor `name` (prefix-lenient), checked to have exactly `shape`.
    /// Errors name the tensor and both shapes, e.g.
    /// `tensor 'encoder.layer.0.attention.self.query.weight' has shape [32, 16], expected [32, 32]`.
    pub fn get(&self, name: &str, shape: &[usize]) -> Result<&Tensor> {
        let t = self.get_any(name).ok_or_else(|| self.missing(name))?;
        check_shape(name, t, shape)?;
        Ok(t)
    }

    /// Like [`Tensors::get`] but moves the tensor out (no copy of large embedding matrices).
    pub fn take(&mut self, name: &str, shape: &[usize]) -> Result<Tensor> {
        let key = self.resolve(name).map(str::to_owned).ok_or_else(|| self.missing(name))?;
        if let Some(t) = self.map.get(&key) {
            check_shape(name, t, shape)?;
        }
        self.map.remove(&key).ok_or_else(|| self.missing(name))
    }

    fn missing(&self, name: &str) -> Error {
        let (prefix, count) = (self.base_prefix(), self.map.len());
        if count == 0 {
            crate::err!(Checkpoint, TENSOR_MISSING_EMPTY, name = name)
        } else if prefix.is_empty() {
            crate::err!(Checkpoint, TENSOR_MISSING, name = name, count = count)
        } else {
            crate::err!(Checkpoint, TENSOR_MISSING_PREFIXED, name = name, prefixed = format!("{prefix}{name}"), count = count)
        }
    }
}

fn check_shape(name: &str, t: &Tensor, shape: &[usize]) -> Result<()> {
    if t.shape != shape {
        return Err(crate::err!(Checkpoint, TENSOR_SHAPE, name = name, shape = format!("{:?}", t.shape), expected = format!("{shape:?}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(shape: &[usize]) -> Tensor {
        let n = numel(shape).unwrap();
        Tensor::new(shape.to_vec(), (0..n).map(|i| i as f32).collect()).unwrap()
    }

    #[test]
    fn new_checks_length() {
        assert!(Tensor::new(vec![2, 3], vec![0.0; 6]).is_ok());
        assert!(Tensor::new(vec![], vec![1.0]).is_ok()); // a scalar: product of no dims is 1
        let e = Tensor::new(vec![2, 3], vec![0.0; 5]).unwrap_err().to_string();
        assert!(e.contains("[2, 3]") && e.contains("6") && e.contains("5"), "{e}");
        assert!(Tensor::new(vec![usize::MAX, 2], vec![]).is_err());
    }

    #[test]
    fn prefix_lenient_lookup() {
        let mut ts = Tensors::new();
        ts.insert("bert.embeddings.word_embeddings.weight", t(&[10, 4])).unwrap();
        ts.insert("cls.predictions.bias", t(&[10])).unwrap();
        assert_eq!(ts.base_prefix(), "bert.");
        // Without the prefix, with it, and with the other model's prefix on a head tensor.
        assert_eq!(ts.get("embeddings.word_embeddings.weight", &[10, 4]).unwrap().shape, vec![10, 4]);
        assert!(ts.get("bert.embeddings.word_embeddings.weight", &[10, 4]).is_ok());
        assert!(ts.get("cls.predictions.bias", &[10]).is_ok());
        assert!(ts.get("bert.cls.predictions.bias", &[10]).is_ok());

        let mut plain = Tensors::new();
        plain.insert("embeddings.word_embeddings.weight", t(&[3, 2])).unwrap();
        assert_eq!(plain.base_prefix(), "");
        assert!(plain.get("electra.embeddings.word_embeddings.weight", &[3, 2]).is_ok());
    }

    #[test]
    fn errors_name_the_tensor() {
        let mut ts = Tensors::new();
        ts.insert("electra.embeddings.word_embeddings.weight", t(&[10, 4])).unwrap();
        let e = ts.get("encoder.layer.0.output.dense.weight", &[4, 8]).unwrap_err().to_string();
        assert!(e.contains("'encoder.layer.0.output.dense.weight' is missing"), "{e}");
        assert!(e.contains("electra.encoder.layer.0.output.dense.weight"), "{e}");
        let e = ts.get("embeddings.word_embeddings.weight", &[10, 5]).unwrap_err().to_string();
        assert!(e.contains("has shape [10, 4], expected [10, 5]"), "{e}");
        assert!(ts.insert("electra.embeddings.word_embeddings.weight", t(&[1])).is_err());
    }

    #[test]
    fn take_moves_out_after_shape_check() {
        let mut ts = Tensors::new();
        ts.insert("a", t(&[2, 2])).unwrap();
        assert!(ts.take("a", &[4]).is_err());
        assert_eq!(ts.len(), 1, "a failed shape check leaves the tensor in place");
        assert_eq!(ts.take("a", &[2, 2]).unwrap().data, vec![0.0, 1.0, 2.0, 3.0]);
        assert!(ts.is_empty());
        assert!(ts.take("a", &[2, 2]).is_err());
    }
}
