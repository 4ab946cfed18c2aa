//! Element types found in checkpoints and their widening to f32 (half precision by the `half` crate).
//!
//! IEEE 754 binary16 (F16): 1 sign, 5 exponent (bias 15), 10 fraction bits.
//! bfloat16 (BF16): the top 16 bits of an f32 (1 sign, 8 exponent, 7 fraction), so widening is a shift.
//! Both widen exactly: every f16 and bf16 value is representable in f32.

use crate::error::Result;

/// A floating-point storage type we can load as f32 weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Float {
    F32,
    F16,
    BF16,
    F64,
}

impl Float {
    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            Float::F16 | Float::BF16 => 2,
            Float::F32 => 4,
            Float::F64 => 8,
        }
    }
}

/// The raw bits of an IEEE binary16 value widened to the f32 of equal value (by the `half` crate;
/// the tests below check it against the definition for all 65,536 values). A NaN stays a NaN with
/// its payload; `half` sets the quiet bit of a signalling one, as the hardware conversion does.
pub fn f16_to_f32(h: u16) -> f32 {
    half::f16::from_bits(h).to_f32()
}

/// The raw bits of a bfloat16 widened to f32: the same bits followed by 16 zero bits (`half`).
pub fn bf16_to_f32(b: u16) -> f32 {
    half::bf16::from_bits(b).to_f32()
}

/// Decodes `bytes` (little-endian elements of `dtype`) to f32. `what` names the tensor in errors.
pub fn decode_le(dtype: Float, bytes: &[u8], what: &str) -> Result<Vec<f32>> {
    if !bytes.len().is_multiple_of(dtype.size()) {
        return Err(crate::err!(Checkpoint, TENSOR_BYTES, name = what, bytes = bytes.len(), dtype = format!("{dtype:?}")));
    }
    Ok(match dtype {
        Float::F32 => bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
        Float::F16 => bytes.chunks_exact(2).map(|c| f16_to_f32(u16::from_le_bytes([c[0], c[1]]))).collect(),
        Float::BF16 => bytes.chunks_exact(2).map(|c| bf16_to_f32(u16::from_le_bytes([c[0], c[1]]))).collect(),
        Float::F64 => bytes.chunks_exact(8).map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) as f32).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_known_values() {
        // (bits, value): 1.0 = 0 01111 0000000000; -2 = 1 10000 0…; 65504 = max normal
        // 0 11110 1111111111; 2^-14 = min normal; 2^-24 = min subnormal 0x0001;
        // 0x03ff = largest subnormal = 1023·2^-24; 0x0200 = 2^-15.
        let cases: [(u16, f32); 10] = [
            (0x3c00, 1.0),
            (0xc000, -2.0),
            (0x3555, 0.333_251_95),
            (0x7bff, 65504.0),
            (0x0400, 6.103_515_6e-5),
            (0x0001, 5.960_464_5e-8),
            (0x03ff, 1023.0 * 5.960_464_5e-8),
            (0x0200, 3.051_757_8e-5),
            (0x8001, -5.960_464_5e-8),
            (0x3bff, 0.999_511_7),
        ];
        for (h, v) in cases {
            assert_eq!(f16_to_f32(h).to_bits(), v.to_bits(), "0x{h:04x}");
        }
        assert_eq!(f16_to_f32(0x0000).to_bits(), 0.0f32.to_bits());
        assert_eq!(f16_to_f32(0x8000).to_bits(), (-0.0f32).to_bits(), "negative zero keeps its sign");
        assert_eq!(f16_to_f32(0x7c00), f32::INFINITY);
        assert_eq!(f16_to_f32(0xfc00), f32::NEG_INFINITY);
        // NaN payloads: quiet NaN 0x7e00 → 0x7fc00000; signalling 0x7c01 keeps its payload
        // (0x001 << 13) and becomes quiet (0x7fc00000 | 0x2000), still a NaN.
        assert_eq!(f16_to_f32(0x7e00).to_bits(), 0x7fc0_0000);
        assert_eq!(f16_to_f32(0x7c01).to_bits(), 0x7fc0_2000);
        assert_eq!(f16_to_f32(0xfe00).to_bits(), 0xffc0_0000);
    }

    /// Every one of the 65536 half values against an independent computation from the
    /// definition: (-1)^s · 2^(e-15) · (1 + f/1024), or 2^-14 · f/1024 for e = 0, in f64.
    #[test]
    fn f16_exhaustive_against_definition() {
        for h in 0..=u16::MAX {
            let s = if h & 0x8000 != 0 { -1.0f64 } else { 1.0 };
            let e = ((h >> 10) & 0x1f) as i32;
            let f = (h & 0x3ff) as f64;
            let got = f16_to_f32(h);
            if e == 31 {
                if f == 0.0 {
                    assert_eq!(got as f64, s * f64::INFINITY);
                } else {
                    assert!(got.is_nan(), "0x{h:04x}");
                }
                continue;
            }
            let want = if e == 0 { s * 2f64.powi(-14) * (f / 1024.0) } else { s * 2f64.powi(e - 15) * (1.0 + f / 1024.0) };
            assert_eq!(got as f64, want, "0x{h:04x}");
            assert_eq!(got.is_sign_negative(), s < 0.0, "0x{h:04x} sign");
        }
    }

    #[test]
    fn bf16_values() {
        assert_eq!(bf16_to_f32(0x3f80), 1.0);
        assert_eq!(bf16_to_f32(0xc040), -3.0);
        assert_eq!(bf16_to_f32(0x7f80), f32::INFINITY);
        assert_eq!(bf16_to_f32(0xff80), f32::NEG_INFINITY);
        assert_eq!(bf16_to_f32(0x7fc1).to_bits(), 0x7fc1_0000);
        assert_eq!(bf16_to_f32(0x0001).to_bits(), 0x0001_0000, "bf16 subnormals stay subnormal");
        assert_eq!(bf16_to_f32(0x8000).to_bits(), 0x8000_0000);
        // Round trip: every f32 whose low 16 bits are zero comes back exactly (NaNs come back
        // NaN, made quiet).
        for b in (0..=u16::MAX).step_by(7) {
            let x = bf16_to_f32(b);
            if x.is_nan() {
                assert_eq!(x.to_bits() >> 16, b as u32 | 0x40);
            } else {
                assert_eq!(x.to_bits() >> 16, b as u32);
            }
        }
    }

    #[test]
    fn decode_checks_length() {
        assert_eq!(decode_le(Float::F32, &1.5f32.to_le_bytes(), "x").unwrap(), vec![1.5]);
        assert_eq!(decode_le(Float::F16, &[0x00, 0x3c, 0x00, 0xc0], "x").unwrap(), vec![1.0, -2.0]);
        assert_eq!(decode_le(Float::BF16, &[0x80, 0x3f], "x").unwrap(), vec![1.0]);
        assert_eq!(decode_le(Float::F64, &0.25f64.to_le_bytes(), "x").unwrap(), vec![0.25]);
        let e = decode_le(Float::F32, &[0; 6], "w").unwrap_err().to_string();
        assert!(e.contains("'w'") && e.contains("6 bytes"), "{e}");
    }
}
