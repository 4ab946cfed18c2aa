//! The safetensors format (Hugging Face `safetensors`, `docs/source/index.mdx` "Format"):
//!
//! ```text
//! [8 bytes: N, u64 little-endian][N bytes: JSON header][data buffer]
//! header = {"name": {"dtype": "F32", "shape": [d0, d1], "data_offsets": [begin, end]}, …,
//!           "__metadata__": {"format": "pt"}}   // optional, string → string
//! ```
//! Offsets are relative to the start of the data buffer, `end - begin = product(shape) · size(dtype)`,
//! tensors are row-major and little-endian. F32 / F16 / BF16 / F64 become f32 tensors; integer and
//! boolean buffers (`embeddings.position_ids`, `I64`) are listed in [`Tensors::skipped`].

use super::dtype::{decode_le, Float};
use super::json::{self, Json};
use super::tensors::{numel, Tensor, Tensors};
use crate::error::{Error, Result};

/// Headers larger than this are refused (the reference implementation's limit is 100 MB; real
/// BERT headers are a few tens of KB).
const MAX_HEADER: u64 = 100_000_000;

/// Integer / boolean dtypes of the format: valid, but not weights.
const SKIPPED: [&str; 9] = ["I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL"];

/// True when `bytes` looks like a safetensors file: a plausible header length followed by `{`.
pub fn sniff(bytes: &[u8]) -> bool {
    match bytes.get(..9) {
        Some(h) => {
            let n = u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
            h[8] == b'{' && (2..=MAX_HEADER).contains(&n)
        }
        None => false,
    }
}

/// Parses a whole safetensors file into f32 tensors.
pub fn load(bytes: &[u8]) -> Result<Tensors> {
    let err = |m: String| Error::checkpoint(format!("safetensors: {m}"));
    let head = bytes.get(..8).ok_or_else(|| err(format!("file is {} bytes, too short for the 8-byte header length", bytes.len())))?;
    let n = u64::from_le_bytes([head[0], head[1], head[2], head[3], head[4], head[5], head[6], head[7]]);
    if n > MAX_HEADER || n > (bytes.len() - 8) as u64 {
        return Err(err(format!("header length {n} exceeds the file size {} (truncated or not a safetensors file)", bytes.len())));
    }
    let header_end = 8 + n as usize;
    let text = std::str::from_utf8(&bytes[8..header_end]).map_err(|_| err("header is not valid UTF-8".into()))?;
    let header = json::parse(text).map_err(|e| err(format!("header is not valid JSON ({e})")))?;
    let entries = header.as_object().ok_or_else(|| err(format!("header must be a JSON object, found {}", header.kind())))?;
    let data = &bytes[header_end..];

    let mut out = Tensors::new();
    for (name, info) in entries {
        if name == "__metadata__" {
            continue;
        }
        let (dtype, shape, begin, end) = entry(name, info).map_err(err)?;
        if begin > end || end > data.len() {
            return Err(err(format!(
                "tensor '{name}': data_offsets [{begin}, {end}] lie outside the {}-byte data buffer (truncated file?)",
                data.len()
            )));
        }
        let float = match dtype {
            "F32" => Float::F32,
            "F16" => Float::F16,
            "BF16" => Float::BF16,
            "F64" => Float::F64,
            d if SKIPPED.contains(&d) => {
                out.skipped.push((name.clone(), d.to_string()));
                continue;
            }
            d => return Err(err(format!("tensor '{name}' has dtype {d}, which is not supported (F32, F16, BF16, F64)"))),
        };
        let count = numel(&shape).ok_or_else(|| err(format!("tensor '{name}': shape {shape:?} is too large")))?;
        let want = count.checked_mul(float.size()).ok_or_else(|| err(format!("tensor '{name}': shape {shape:?} is too large")))?;
        if end - begin != want {
            return Err(err(format!("tensor '{name}': shape {shape:?} of {dtype} needs {want} bytes, data_offsets give {}", end - begin)));
        }
        let values = decode_le(float, &data[begin..end], name)?;
        out.insert(name.clone(), Tensor::new(shape, values)?)?;
    }
    Ok(out)
}

/// Reads one header entry: (dtype, shape, begin, end), with a message naming what is wrong.
fn entry<'a>(name: &str, info: &'a Json) -> std::result::Result<(&'a str, Vec<usize>, usize, usize), String> {
    let field = |k: &str| info.get(k).ok_or_else(|| format!("tensor '{name}' has no '{k}' in the header"));
    let dtype = field("dtype")?.as_str().ok_or_else(|| format!("tensor '{name}': dtype must be a string"))?;
    let ints = |k: &str| -> std::result::Result<Vec<usize>, String> {
        let arr = field(k)?.as_array().ok_or_else(|| format!("tensor '{name}': {k} must be an array"))?;
        arr.iter().map(|v| v.as_usize().ok_or_else(|| format!("tensor '{name}': {k} must hold non-negative integers"))).collect()
    };
    let shape = ints("shape")?;
    let offsets = ints("data_offsets")?;
    match offsets[..] {
        [b, e] => Ok((dtype, shape, b, e)),
        _ => Err(format!("tensor '{name}': data_offsets must hold two numbers, found {}", offsets.len())),
    }
}

/// Writes tensors as a safetensors file (F32, names sorted, data in name order). Used by tests and
/// to ship a generated checkpoint; the inverse of [`load`] for f32 tensors.
pub fn save(tensors: &Tensors) -> Vec<u8> {
    let mut header = String::from("{");
    let mut offset = 0usize;
    for (i, (name, t)) in tensors.iter().enumerate() {
        let shape: Vec<String> = t.shape.iter().map(|d| d.to_string()).collect();
        let end = offset + 4 * t.data.len();
        if i > 0 {
            header.push(',');
        }
        header.push_str(&format!(
            "{}:{{\"dtype\":\"F32\",\"shape\":[{}],\"data_offsets\":[{offset},{end}]}}",
            quote(name),
            shape.join(",")
        ));
        offset = end;
    }
    header.push('}');
    // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
    while (8 + header.len()) % 8 != 0 {
        header.push(' ');
    }
    let mut out = Vec::with_capacity(8 + header.len() + offset);
    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    for (_, t) in tensors.iter() {
        for x in &t.data {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    out
}

/// A JSON string literal for `s`.
fn quote(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if (c as u32) < 0x20 => q.push_str(&format!("\\u{:04x}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a file from a header text and a data buffer.
    fn file(header: &str, data: &[u8]) -> Vec<u8> {
        let mut v = (header.len() as u64).to_le_bytes().to_vec();
        v.extend_from_slice(header.as_bytes());
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn reads_all_float_dtypes_and_skips_integers() {
        let mut data = Vec::new();
        data.extend_from_slice(&1.5f32.to_le_bytes()); // a: F32 [1]        bytes 0..4
        data.extend_from_slice(&[0x00, 0x3c, 0x00, 0xc0]); // b: F16 [2] = [1, -2]  4..8
        data.extend_from_slice(&[0x80, 0x3f]); // c: BF16 [1] = [1]           8..10
        data.extend_from_slice(&[0; 6]); // padding the reference writer would not leave, harmless
        data.extend_from_slice(&7i64.to_le_bytes()); // p: I64 [1]              16..24
        let h = r#"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},
            "b":{"dtype":"F16","shape":[2,1],"data_offsets":[4,8]},"c":{"dtype":"BF16","shape":[],"data_offsets":[8,10]},
            "embeddings.position_ids":{"dtype":"I64","shape":[1,1],"data_offsets":[16,24]}}"#;
        let ts = load(&file(h, &data)).unwrap();
        assert_eq!(ts.len(), 3);
        assert_eq!(ts.get("a", &[1]).unwrap().data, vec![1.5]);
        assert_eq!(ts.get("b", &[2, 1]).unwrap().data, vec![1.0, -2.0]);
        assert_eq!(ts.get("c", &[]).unwrap().data, vec![1.0]);
        assert_eq!(ts.skipped, vec![("embeddings.position_ids".to_string(), "I64".to_string())]);
    }

    #[test]
    fn save_then_load_round_trips() {
        let mut ts = Tensors::new();
        ts.insert("w \"q\"", Tensor::new(vec![2, 2], vec![1.0, -0.0, f32::MIN_POSITIVE, 3.5]).unwrap()).unwrap();
        ts.insert("b", Tensor::new(vec![3], vec![0.1, 0.2, 0.3]).unwrap()).unwrap();
        let bytes = save(&ts);
        assert!(sniff(&bytes));
        assert_eq!(load(&bytes).unwrap(), ts);
    }

    #[test]
    fn bad_files_give_clear_errors() {
        let ok = r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#;
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![1, 2, 3], "too short"),
            (file("{}", &[]).split_off(0)[..9].to_vec(), "exceeds the file size"),
            (file(ok, &[0; 4]), "outside the 4-byte data buffer"),
            (file(r#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, &[0; 8]), "needs 12 bytes"),
            (file(r#"{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, &[0]), "dtype F8_E4M3"),
            (file(r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, &[0; 4]), "outside"),
            (file(r#"{"a":{"dtype":"F32","shape":[1]}}"#, &[0; 4]), "no 'data_offsets'"),
            (file(r#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, &[0; 4]), "non-negative"),
            (file(r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#, &[0; 4]), "two numbers"),
            (file(r#"[1]"#, &[]), "must be a JSON object"),
            (file(r#"{"a":"#, &[]), "not valid JSON"),
            (file(r#"{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}"#, &[0; 4]), "too large"),
            (u64::MAX.to_le_bytes().to_vec(), "exceeds"),
        ];
        for (bytes, want) in cases {
            let e = load(&bytes).unwrap_err().to_string();
            assert!(e.starts_with("checkpoint: safetensors: ") && e.contains(want), "{e:?} should mention {want:?}");
        }
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let mut ts = Tensors::new();
        ts.insert("x", Tensor::new(vec![3, 2], (0..6).map(|i| i as f32).collect()).unwrap()).unwrap();
        let bytes = save(&ts);
        for len in 0..bytes.len() {
            assert!(load(&bytes[..len]).is_err(), "prefix of {len} bytes");
        }
        // Flipping any single byte never panics (it may still load if it only hits tensor data).
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0xff;
            let _ = load(&b);
        }
    }
}
