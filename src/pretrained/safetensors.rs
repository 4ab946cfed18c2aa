//! The safetensors format (Hugging Face `safetensors`, `docs/source/index.mdx` "Format"), read by
//! the `safetensors` crate itself:
//!
//! ```text
//! [8 bytes: N, u64 little-endian][N bytes: JSON header][data buffer]
//! header = {"name": {"dtype": "F32", "shape": [d0, d1], "data_offsets": [begin, end]}, …,
//!           "__metadata__": {"format": "pt"}}   // optional, string → string
//! ```
//! The crate checks the header (size limit, UTF-8, JSON, known dtypes) and that the tensors'
//! offsets tile the data buffer exactly; we widen F32 / F16 / BF16 / F64 to f32 tensors and list
//! integer and boolean buffers (`embeddings.position_ids`, `I64`) in [`Tensors::skipped`]. Where the
//! crate's error does not say which tensor is at fault (a size that does not match the shape, an
//! overflowing shape, a file shorter than its offsets), [`culprit`] reads the header again to name it.

use super::dtype::{decode_le, Float};
use super::tensors::{numel, Tensor, Tensors};
use crate::error::{Error, Result};
use safetensors::tensor::{Dtype, SafeTensorError, SafeTensors, TensorView};
use std::collections::BTreeMap;

/// The crate's header limit (100 MB; real BERT headers are a few tens of KB).
const MAX_HEADER: u64 = 100_000_000;

/// True when `bytes` looks like a safetensors file: a plausible header length followed by `{`.
pub fn sniff(bytes: &[u8]) -> bool {
    match bytes.get(..9) {
        Some(h) => h[8] == b'{' && (2..=MAX_HEADER).contains(&header_len(bytes)),
        None => false,
    }
}

fn header_len(bytes: &[u8]) -> u64 {
    bytes.get(..8).map_or(0, |h| u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]))
}

fn err(m: String) -> Error {
    crate::err!(Checkpoint, SAFETENSORS, detail = m)
}

/// Parses a whole safetensors file into f32 tensors.
pub fn load(bytes: &[u8]) -> Result<Tensors> {
    let st = SafeTensors::deserialize(bytes).map_err(|e| explain(&e, bytes))?;
    let mut names = st.names();
    names.sort_unstable(); // the crate keeps a hash map: a fixed order makes errors reproducible
    let mut out = Tensors::new();
    for name in names {
        let view = st.tensor(name).map_err(|e| explain(&e, bytes))?;
        let float = match view.dtype() {
            Dtype::F32 => Float::F32,
            Dtype::F16 => Float::F16,
            Dtype::BF16 => Float::BF16,
            Dtype::F64 => Float::F64,
            d @ (Dtype::BOOL | Dtype::U8 | Dtype::I8 | Dtype::U16 | Dtype::I16 | Dtype::U32 | Dtype::I32 | Dtype::U64 | Dtype::I64) => {
                out.skipped.push((name.to_string(), format!("{d:?}")));
                continue;
            }
            d => return Err(err(format!("tensor '{name}' has dtype {d:?}, which is not supported (F32, F16, BF16, F64)"))),
        };
        let values = decode_le(float, view.data(), name)?;
        out.insert(name, Tensor::new(view.shape().to_vec(), values)?)?;
    }
    Ok(out)
}

/// The crate's error as a message that names the tensor at fault where there is one.
fn explain(e: &SafeTensorError, bytes: &[u8]) -> Error {
    use SafeTensorError as E;
    let len = bytes.len();
    err(match e {
        E::HeaderTooSmall => format!("file is {len} bytes, too short for the 8-byte header length"),
        E::HeaderTooLarge | E::InvalidHeaderLength => {
            format!("header length {} exceeds the file size {len} (truncated or not a safetensors file)", header_len(bytes))
        }
        E::InvalidHeader(_) => "header is not valid UTF-8".into(),
        E::InvalidHeaderDeserialization(j) | E::JsonError(j) => {
            bad_entry(bytes).unwrap_or_else(|| format!("header is not a valid safetensors header ({j})"))
        }
        E::InvalidOffset(name) => {
            format!("tensor '{name}': data_offsets do not start where the previous tensor's end (the data must be contiguous)")
        }
        E::TensorInvalidInfo | E::ValidationOverflow | E::MisalignedSlice | E::MetadataIncompleteBuffer => {
            culprit(bytes).unwrap_or_else(|| e.to_string())
        }
        other => other.to_string(),
    })
}

/// One header entry, read again only to name the tensor a crate error is about.
#[derive(serde::Deserialize)]
struct Entry {
    dtype: Dtype,
    shape: Vec<usize>,
    data_offsets: (usize, usize),
}

/// The header as JSON objects by tensor name (`__metadata__` left out).
fn header(bytes: &[u8]) -> Option<BTreeMap<String, serde_json::Value>> {
    let n = usize::try_from(header_len(bytes)).ok()?;
    let text = std::str::from_utf8(bytes.get(8..8usize.checked_add(n)?)?).ok()?;
    let mut header: BTreeMap<String, serde_json::Value> = serde_json::from_str(text).ok()?;
    header.remove("__metadata__");
    Some(header)
}

/// The first entry (by name) that is not `{dtype, shape, data_offsets}`, with serde's reason.
fn bad_entry(bytes: &[u8]) -> Option<String> {
    header(bytes)?.into_iter().find_map(|(k, v)| serde_json::from_value::<Entry>(v).err().map(|e| format!("tensor '{k}': {e}")))
}

/// The first tensor (by offset) whose size does not match its shape, or the end of the data.
fn culprit(bytes: &[u8]) -> Option<String> {
    let n = usize::try_from(header_len(bytes)).ok()?;
    let header = header(bytes)?;
    let mut entries: Vec<(String, Entry)> = header.into_iter().filter_map(|(k, v)| Some((k, serde_json::from_value(v).ok()?))).collect();
    entries.sort_by_key(|(_, e)| e.data_offsets);
    let data = bytes.len() - 8 - n;
    for (name, e) in &entries {
        let (shape, dtype, (b, end)) = (&e.shape, e.dtype, e.data_offsets);
        let Some(bits) = numel(shape).and_then(|c| c.checked_mul(dtype.bitsize())) else {
            return Some(format!("tensor '{name}': shape {shape:?} is too large"));
        };
        if bits % 8 != 0 {
            return Some(format!("tensor '{name}': {bits} bits of {dtype:?} are not a whole number of bytes"));
        }
        if end.checked_sub(b) != Some(bits / 8) {
            return Some(format!("tensor '{name}': shape {shape:?} of {dtype:?} needs {} bytes, data_offsets give [{b}, {end}]", bits / 8));
        }
    }
    let end = entries.last().map_or(0, |(_, e)| e.data_offsets.1);
    Some(format!("the tensors' data_offsets end at byte {end} of a {data}-byte data buffer (truncated or padded file?)"))
}

/// Writes f32 tensors as a safetensors file with the crate's writer (used by tests and to ship a
/// generated checkpoint): the inverse of [`load`] for f32 tensors.
pub fn save(tensors: &Tensors) -> Result<Vec<u8>> {
    let bytes: Vec<(&str, &[usize], Vec<u8>)> =
        tensors.iter().map(|(name, t)| (name, &t.shape[..], t.data.iter().flat_map(|x| x.to_le_bytes()).collect())).collect();
    let views = bytes
        .iter()
        .map(|(name, shape, data)| Ok((*name, TensorView::new(Dtype::F32, shape.to_vec(), data).map_err(|e| explain(&e, &[]))?)))
        .collect::<Result<Vec<_>>>()?;
    safetensors::serialize(views, None).map_err(|e| explain(&e, &[]))
}

#[cfg(test)]
#[path = "safetensors_tests.rs"]
mod tests;
