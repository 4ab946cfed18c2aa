//! PyTorch `pytorch_model.bin` checkpoints, as written by `torch.save(state_dict)`
//! (layout from upstream `torch/serialization.py`, `_save` / `_legacy_save` and their loaders).
//!
//! **Zip format** (PyTorch ≥ 1.6): a stored zip whose entries sit under one folder `<dir>/`:
//! `<dir>/data.pkl` is the pickled state dict, `<dir>/data/<key>` the raw bytes of storage `<key>`,
//! `<dir>/byteorder` says `little` (absent in old files, which are little-endian). In the pickle a
//! tensor is `_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)` where
//! `storage` is a persistent id `('storage', torch.FloatStorage, key, location, numel)`.
//!
//! **Legacy format** (`_use_new_zipfile_serialization=False`, files from 2020 and before): five
//! pickles one after the other — the magic number 0x1950a86a20f9469cfc6c, the protocol version
//! 1001, `sys_info` (endianness, type sizes), the state dict (persistent ids carry a sixth field,
//! `view_metadata`: `(view_key, offset, size)` or None) and the sorted list of storage keys — then
//! for each key in that order an 8-byte little-endian element count and the storage's raw bytes.
//!
//! Offsets, sizes and strides are in elements of the storage's type. Tensors may be views: element
//! `[i0, i1, …]` of a tensor is `storage[offset + Σ i_d · stride_d]`; views are honoured and every
//! index is bounds-checked against the storage before reading.

use super::dtype::{decode_le, Float};
use super::pickle::{self, TensorRef, Value};
use super::tensors::{numel, Tensor, Tensors};
use super::zip;
use crate::error::{Error, Result};
use std::collections::HashMap;

const MAGIC: [u8; 10] = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

/// A storage as a persistent id describes it.
#[derive(Debug, Clone, PartialEq)]
struct Storage {
    key: String,
    /// `FloatStorage` → f32 etc.; `Err(name)` for integer / boolean storages (skipped).
    dtype: std::result::Result<Float, String>,
    elem: usize,
    /// Legacy views of a larger storage: (offset, size) in elements.
    view: Option<(usize, usize)>,
}

fn err(msg: impl std::fmt::Display) -> Error {
    crate::err!(Checkpoint, TORCH, detail = msg)
}

/// True for a zip archive (local file header signature `PK\x03\x04`).
pub fn sniff_zip(b: &[u8]) -> bool {
    b.starts_with(b"PK\x03\x04")
}

/// True for the legacy format: a pickle (PROTO n, maybe a FRAME) whose first value is the
/// LONG1 magic number.
pub fn sniff_legacy(b: &[u8]) -> bool {
    let head = &b[..b.len().min(32)];
    head.first() == Some(&0x80) && head.windows(12).any(|w| w[..2] == [0x8a, 10] && w[2..] == MAGIC)
}

/// Element type and size for a `torch.<Name>Storage` global.
fn storage_type(v: &Value) -> Result<(std::result::Result<Float, String>, usize)> {
    let Value::Global(module, name) = v else {
        return Err(err("storage type in a persistent id is not a class reference"));
    };
    if module != "torch" {
        return Err(err(format!("unknown storage type {module}.{name}")));
    }
    Ok(match name.as_str() {
        "FloatStorage" => (Ok(Float::F32), 4),
        "HalfStorage" => (Ok(Float::F16), 2),
        "BFloat16Storage" => (Ok(Float::BF16), 2),
        "DoubleStorage" => (Ok(Float::F64), 8),
        "LongStorage" | "ComplexFloatStorage" => (Err(name.clone()), 8),
        "IntStorage" => (Err(name.clone()), 4),
        "ShortStorage" => (Err(name.clone()), 2),
        "CharStorage" | "ByteStorage" | "BoolStorage" | "QUInt8Storage" | "QInt8Storage" => (Err(name.clone()), 1),
        "ComplexDoubleStorage" => (Err(name.clone()), 16),
        _ => return Err(err(format!("unsupported storage type torch.{name}"))),
    })
}

/// Decodes a persistent id `('storage', type, key, location, numel[, view_metadata])`.
fn persistent_storage(pid: &Value) -> Result<Storage> {
    let items = pid.items().ok_or_else(|| err("persistent id is not a tuple"))?;
    if items.len() < 5 || items[0].as_str() != Some("storage") {
        return Err(err(format!("unknown persistent id {:?}", items.first())));
    }
    let (dtype, elem) = storage_type(&items[1])?;
    let key = items[2].as_str().ok_or_else(|| err("storage key is not a string"))?.to_string();
    let view = match items.get(5) {
        Some(Value::Tuple(v)) if v.len() == 3 => {
            let bad = || err("bad storage view metadata");
            Some((v[1].as_usize().ok_or_else(bad)?, v[2].as_usize().ok_or_else(bad)?))
        }
        _ => None,
    };
    Ok(Storage { key, dtype, elem, view })
}

/// Loads either PyTorch format.
pub fn load(b: &[u8]) -> Result<Tensors> {
    if sniff_zip(b) {
        load_zip(b)
    } else if sniff_legacy(b) {
        load_legacy(b)
    } else if b.len() > 262 && &b[257..262] == b"ustar" {
        Err(err("this is a tar-based checkpoint from PyTorch < 0.4, which is not supported; re-save it with a newer PyTorch"))
    } else {
        Err(err("neither a PyTorch zip archive nor a legacy PyTorch checkpoint"))
    }
}

fn load_zip(b: &[u8]) -> Result<Tensors> {
    let entries = zip::entries(b)?;
    let pkl = entries
        .iter()
        .filter(|e| e.name.ends_with("data.pkl"))
        .min_by_key(|e| e.name.len())
        .ok_or_else(|| err("the archive has no data.pkl (a TorchScript or other zip, not a state dict?)"))?;
    let dir = &pkl.name[..pkl.name.len() - "data.pkl".len()];
    let by_name: HashMap<&str, &zip::Entry> = entries.iter().map(|e| (e.name.as_str(), e)).collect();
    if let Some(bo) = by_name.get(format!("{dir}byteorder").as_str()) {
        if &b[bo.start..bo.start + bo.len] != b"little" {
            return Err(err("big-endian checkpoints are not supported"));
        }
    }
    let mut storages: HashMap<String, Storage> = HashMap::new();
    let mut pos = pkl.start;
    let pickle_bytes = &b[..pkl.start + pkl.len];
    let root = pickle::load(pickle_bytes, &mut pos, &mut |pid| record(&mut storages, pid))?;
    tensors_from(&root, b.len(), |key| {
        let e =
            by_name.get(format!("{dir}data/{key}").as_str()).ok_or_else(|| err(format!("storage '{key}' is missing from the archive")))?;
        Ok(&b[e.start..e.start + e.len])
    })
}

/// persistent_load: remembers each storage and returns it as the pickle value.
fn record(storages: &mut HashMap<String, Storage>, pid: Value) -> Result<Value> {
    let s = persistent_storage(&pid)?;
    storages.entry(s.key.clone()).or_insert_with(|| s.clone());
    Ok(pid)
}

fn load_legacy(b: &[u8]) -> Result<Tensors> {
    let mut pos = 0;
    let mut none = |_: Value| -> Result<Value> { Err(err("unexpected persistent id in the header")) };
    if pickle::load(b, &mut pos, &mut none)? != Value::BigInt(MAGIC.to_vec()) {
        return Err(err("invalid magic number; corrupt file?"));
    }
    match pickle::load(b, &mut pos, &mut none)? {
        Value::Int(1001) => {}
        v => return Err(err(format!("unsupported legacy protocol version {v:?} (expected 1001)"))),
    }
    let sys_info = pickle::load(b, &mut pos, &mut none)?;
    if let Value::Dict(kv) = &sys_info {
        if kv.iter().any(|(k, v)| k.as_str() == Some("little_endian") && *v == Value::Bool(false)) {
            return Err(err("big-endian checkpoints are not supported"));
        }
    }
    let mut storages: HashMap<String, Storage> = HashMap::new();
    let root = pickle::load(b, &mut pos, &mut |pid| record(&mut storages, pid))?;
    let keys = pickle::load(b, &mut pos, &mut none)?;
    let keys = keys.items().ok_or_else(|| err("storage key list is not a list"))?;
    // Raw storages follow in key order: u64 element count, then count × element size bytes.
    let mut raw: HashMap<String, &[u8]> = HashMap::new();
    for k in keys {
        let key = k.as_str().ok_or_else(|| err("storage key is not a string"))?;
        let s = storages.get(key).ok_or_else(|| err(format!("storage '{key}' is listed but no tensor uses it")))?;
        let n = b.get(pos..pos + 8).ok_or_else(|| err(format!("storage '{key}' is cut off (truncated file?)")))?;
        let count = u64::from_le_bytes([n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]]);
        let len = usize::try_from(count).ok().and_then(|c| c.checked_mul(s.elem));
        let start = pos + 8;
        let end = len.and_then(|l| start.checked_add(l)).filter(|&e| e <= b.len());
        let end = end.ok_or_else(|| err(format!("storage '{key}' claims {count} elements, past the end of the file (truncated?)")))?;
        raw.insert(key.to_string(), &b[start..end]);
        pos = end;
    }
    tensors_from(&root, b.len(), |key| raw.get(key).copied().ok_or_else(|| err(format!("storage '{key}' is missing from the file"))))
}

/// Elements materialised per byte of the file, over all tensors. A view may repeat its storage
/// (strides 0 after `expand`, tied weights under two names), so the output can outgrow the file;
/// this bounds by how much: 2 f32 = 8 bytes of output per byte read (real checkpoints need ≤ 1:
/// f32 storages give 1/4 element per byte, f16 1/2, each tied copy as much again).
pub const MAX_ELEMENTS_PER_BYTE: usize = 2;

/// Walks the state dict (or a `state_dict` / `model` entry holding one) and materialises tensors,
/// at most [`MAX_ELEMENTS_PER_BYTE`] × `file_len` elements in all.
fn tensors_from<'a>(root: &Value, file_len: usize, bytes_of: impl Fn(&str) -> Result<&'a [u8]>) -> Result<Tensors> {
    let Value::Dict(kv) = root else {
        return Err(err("the pickle holds no state dict (top-level value is not a dict)"));
    };
    let has_tensor = kv.iter().any(|(_, v)| matches!(v, Value::Tensor(_)));
    if !has_tensor {
        if let Some((_, inner)) = kv.iter().find(|(k, v)| matches!(k.as_str(), Some("state_dict" | "model")) && matches!(v, Value::Dict(_)))
        {
            return tensors_from(inner, file_len, bytes_of);
        }
    }
    let mut out = Tensors::new();
    let mut budget = file_len.saturating_mul(MAX_ELEMENTS_PER_BYTE);
    for (k, v) in kv {
        let Some(name) = k.as_str() else { continue };
        let Value::Tensor(t) = v else {
            continue; // non-tensor entries (optimizer step counts, metadata) are not weights
        };
        let Value::Persistent(pid) = t.storage.as_ref() else {
            return Err(err(format!("tensor '{name}' has no storage reference")));
        };
        let s = persistent_storage(pid)?;
        match s.dtype {
            Err(ref ty) => out.skipped.push((name.to_string(), ty.clone())),
            Ok(float) => {
                let mut data = bytes_of(&s.key)?;
                if let Some((off, size)) = s.view {
                    let range = off.checked_mul(s.elem).zip(off.checked_add(size).and_then(|e| e.checked_mul(s.elem)));
                    data = range
                        .and_then(|(a, e)| data.get(a..e))
                        .ok_or_else(|| err(format!("tensor '{name}': storage view outside its storage")))?;
                }
                // Checked before materialising: a 1 KB file may describe a 10^10-element view.
                let n = numel(&t.size).ok_or_else(|| err(format!("tensor '{name}': size {:?} is too large", t.size)))?;
                budget = budget.checked_sub(n).ok_or_else(|| {
                    err(format!(
                        "tensor '{name}' has {n} elements (shape {:?}), more than a {file_len}-byte file can hold even with repeated views: refused",
                        t.size
                    ))
                })?;
                out.insert(name, materialise(name, t, float, data)?)?;
            }
        }
    }
    Ok(out)
}

/// Reads the elements a (possibly strided) tensor view selects from its storage bytes.
fn materialise(name: &str, t: &TensorRef, float: Float, storage: &[u8]) -> Result<Tensor> {
    let n = numel(&t.size).ok_or_else(|| err(format!("tensor '{name}': size {:?} is too large", t.size)))?;
    let elems = storage.len() / float.size();
    if n == 0 {
        return Tensor::new(t.size.clone(), Vec::new());
    }
    // Highest element index the view touches: offset + Σ (size_d − 1) · stride_d.
    let last = t.size.iter().zip(&t.stride).try_fold(t.offset, |acc, (&sz, &st)| (sz - 1).checked_mul(st).and_then(|x| acc.checked_add(x)));
    let last = last.filter(|&l| l < elems).ok_or_else(|| {
        err(format!(
            "tensor '{name}': view (offset {}, size {:?}, stride {:?}) reaches past its storage of {elems} elements",
            t.offset, t.size, t.stride
        ))
    })?;
    let window = decode_le(float, &storage[t.offset * float.size()..(last + 1) * float.size()], name)?;
    // Row-major strides of a contiguous tensor: stride_d = Π_{e>d} size_e.
    let mut contiguous = true;
    let mut expect = 1usize;
    for (&sz, &st) in t.size.iter().zip(&t.stride).rev() {
        if sz != 1 && st != expect {
            contiguous = false;
        }
        expect = expect.saturating_mul(sz);
    }
    if contiguous {
        return Tensor::new(t.size.clone(), window[..n].to_vec());
    }
    // General view: walk the index like an odometer, the last dimension fastest.
    let mut data = Vec::with_capacity(n);
    let mut idx = vec![0usize; t.size.len()];
    for _ in 0..n {
        let at: usize = idx.iter().zip(&t.stride).map(|(i, s)| i * s).sum();
        data.push(window[at]);
        for d in (0..idx.len()).rev() {
            idx[d] += 1;
            if idx[d] < t.size[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    Tensor::new(t.size.clone(), data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(offset: usize, size: &[usize], stride: &[usize]) -> TensorRef {
        TensorRef { storage: Box::new(Value::None), offset, size: size.to_vec(), stride: stride.to_vec() }
    }

    #[test]
    fn strided_views_read_the_right_elements() {
        // Storage 0..12 as f32, seen as a (3, 4) matrix m[i][j] = 4i + j.
        let bytes: Vec<u8> = (0..12).flat_map(|i| (i as f32).to_le_bytes()).collect();
        let get = |t: TensorRef| materialise("t", &t, Float::F32, &bytes).unwrap().data;
        // Transpose: element [j][i] at 4i + j, strides (1, 4).
        assert_eq!(get(view(0, &[4, 3], &[1, 4])), vec![0., 4., 8., 1., 5., 9., 2., 6., 10., 3., 7., 11.]);
        // m[1:, 2:]: offset 6, strides (4, 1).
        assert_eq!(get(view(6, &[2, 2], &[4, 1])), vec![6., 7., 10., 11.]);
        // A broadcast (stride 0) row repeated twice.
        assert_eq!(get(view(1, &[2, 2], &[0, 1])), vec![1., 2., 1., 2.]);
        // Empty tensor: no element is read, whatever the offset.
        assert!(get(view(99, &[0, 3], &[3, 1])).is_empty());
        // Past the end of the storage: offset 10 + (2 − 1)·4 = 14 ≥ 12.
        let e = materialise("w", &view(10, &[2, 2], &[4, 1]), Float::F32, &bytes).unwrap_err().to_string();
        assert!(e.contains("tensor 'w'") && e.contains("past its storage of 12 elements"), "{e}");
        let e = materialise("w", &view(0, &[usize::MAX, 2], &[2, 1]), Float::F32, &bytes).unwrap_err().to_string();
        assert!(e.contains("too large") || e.contains("past its storage"), "{e}");
    }

    #[test]
    fn storage_types() {
        let ty = |n: &str| storage_type(&Value::Global("torch".into(), n.into()));
        assert_eq!(ty("HalfStorage").unwrap(), (Ok(Float::F16), 2));
        assert_eq!(ty("LongStorage").unwrap(), (Err("LongStorage".to_string()), 8));
        assert!(ty("UntypedStorage").unwrap_err().to_string().contains("unsupported storage type torch.UntypedStorage"));
        assert!(storage_type(&Value::Global("numpy".into(), "ndarray".into())).is_err());
    }
}
