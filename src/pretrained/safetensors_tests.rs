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
    data.extend_from_slice(&7i64.to_le_bytes()); // p: I64 [1]              10..18
    let h = r#"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},
        "b":{"dtype":"F16","shape":[2,1],"data_offsets":[4,8]},"c":{"dtype":"BF16","shape":[],"data_offsets":[8,10]},
        "embeddings.position_ids":{"dtype":"I64","shape":[1,1],"data_offsets":[10,18]}}"#;
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
    let bytes = save(&ts).unwrap();
    assert!(sniff(&bytes));
    assert_eq!(load(&bytes).unwrap(), ts);
}

#[test]
fn bad_files_give_clear_errors_naming_the_tensor() {
    let ok = r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#;
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (vec![1, 2, 3], "file is 3 bytes, too short"),
        (file("{}", &[]).split_off(0)[..9].to_vec(), "exceeds the file size"),
        (file(ok, &[0; 4]), "end at byte 8 of a 4-byte data buffer"),
        (file(r#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, &[0; 8]), "tensor 'a': shape [3] of F32 needs 12 bytes"),
        (file(r#"{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, &[0]), "tensor 'a' has dtype F8_E4M3"),
        (file(r#"{"a":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}}"#, &[0]), "tensor 'a': unknown variant `Q4`"),
        (file(r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, &[0; 4]), "tensor 'a': data_offsets"),
        (
            file(
                r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
                &[0; 12],
            ),
            "tensor 'b': data_offsets do not start where",
        ),
        (file(r#"{"a":{"dtype":"F32","shape":[1]}}"#, &[0; 4]), "tensor 'a': missing field `data_offsets`"),
        (
            file(r#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, &[0; 4]),
            "tensor 'a': invalid value: integer `-1`, expected usize",
        ),
        (
            file(r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#, &[0; 4]),
            "tensor 'a': invalid length 1, expected a tuple of size 2",
        ),
        (file(r#"[1]"#, &[]), "not a valid safetensors header"),
        (file(r#"{"a":"#, &[]), "not a valid safetensors header"),
        (file(r#"{"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,4]}}"#, &[0; 4]), "tensor 'a': shape"),
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
    let bytes = save(&ts).unwrap();
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
