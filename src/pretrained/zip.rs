//! Just enough of the zip format (PKWARE APPNOTE.TXT) to read PyTorch archives: the central
//! directory, local headers, zip64 sizes and offsets. PyTorch writes every entry *stored*
//! (method 0, no compression, data 64-byte aligned via padding in the local extra field), so a
//! compressed entry — a checkpoint re-zipped by another tool — is reported, not inflated.
//!
//! Every entry's CRC-32 (the central directory's copy) is checked against its bytes, so a
//! damaged download is refused with the entry's name instead of loading wrong weights. It costs one
//! pass over the file (crc32fast: ~1 GB/s natively, a few hundred MB/s in wasm).

use crate::error::{Error, Result};

const EOCD: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const ZIP64_EOCD: u32 = 0x0606_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const LOCAL: u32 = 0x0403_4b50;

/// One file in the archive, its data located in the archive's bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: String,
    /// Byte range of the (stored) data within the archive.
    pub start: usize,
    pub len: usize,
}

fn err(msg: impl std::fmt::Display) -> Error {
    crate::err!(Checkpoint, ZIP, detail = msg)
}

fn rd(b: &[u8], at: usize, n: usize) -> Result<&[u8]> {
    at.checked_add(n)
        .and_then(|e| b.get(at..e))
        .ok_or_else(|| err(format!("record at byte {at} runs past the end of the file (truncated?)")))
}
fn u16_at(b: &[u8], at: usize) -> Result<u16> {
    let s = rd(b, at, 2)?;
    Ok(u16::from_le_bytes([s[0], s[1]]))
}
fn u32_at(b: &[u8], at: usize) -> Result<u32> {
    let s = rd(b, at, 4)?;
    Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}
fn u64_at(b: &[u8], at: usize) -> Result<u64> {
    let s = rd(b, at, 8)?;
    Ok(u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]))
}
fn to_usize(v: u64) -> Result<usize> {
    usize::try_from(v).map_err(|_| err(format!("offset {v} is too large for this platform")))
}

/// Lists the archive's entries from its central directory.
pub fn entries(b: &[u8]) -> Result<Vec<Entry>> {
    // The end-of-central-directory record is 22 bytes plus a comment of up to 65535 bytes.
    let lowest = b.len().saturating_sub(22 + 0xffff);
    let eocd = (lowest..=b.len().saturating_sub(22))
        .rev()
        .find(|&i| u32_at(b, i).ok() == Some(EOCD))
        .ok_or_else(|| err("no end-of-central-directory record (truncated or not a zip file)"))?;
    let mut count = u16_at(b, eocd + 10)? as u64;
    let mut cd_size = u32_at(b, eocd + 12)? as u64;
    let mut cd_off = u32_at(b, eocd + 16)? as u64;
    if eocd >= 20 && u32_at(b, eocd - 20)? == ZIP64_LOCATOR {
        let z = to_usize(u64_at(b, eocd - 20 + 8)?)?;
        if u32_at(b, z)? != ZIP64_EOCD {
            return Err(err("zip64 end-of-central-directory record not found where its locator points"));
        }
        count = u64_at(b, z + 32)?;
        cd_size = u64_at(b, z + 40)?;
        cd_off = u64_at(b, z + 48)?;
    }
    let (cd_off, cd_size) = (to_usize(cd_off)?, to_usize(cd_size)?);
    if cd_off.checked_add(cd_size).is_none_or(|e| e > b.len()) {
        return Err(err(format!("central directory [{cd_off}, +{cd_size}) lies outside the {}-byte file", b.len())));
    }
    let mut out = Vec::new();
    let mut p = cd_off;
    for _ in 0..count {
        if u32_at(b, p)? != CENTRAL {
            return Err(err(format!("bad central directory entry at byte {p}")));
        }
        let method = u16_at(b, p + 10)?;
        let crc = u32_at(b, p + 16)?;
        let mut csize = u32_at(b, p + 20)? as u64;
        let mut usize_ = u32_at(b, p + 24)? as u64;
        let (nlen, xlen, clen) = (u16_at(b, p + 28)? as usize, u16_at(b, p + 30)? as usize, u16_at(b, p + 32)? as usize);
        let mut local = u32_at(b, p + 42)? as u64;
        let name = String::from_utf8_lossy(rd(b, p + 46, nlen)?).into_owned();
        // zip64 extra field (id 1): 8-byte values for exactly those fields that read 0xFFFFFFFF,
        // in the order uncompressed size, compressed size, local header offset.
        let extra = rd(b, p + 46 + nlen, xlen)?;
        let mut x = 0;
        while x + 4 <= extra.len() {
            let (id, len) = (u16_at(extra, x)?, u16_at(extra, x + 2)? as usize);
            if id == 1 {
                let mut q = x + 4;
                for field in [&mut usize_, &mut csize, &mut local] {
                    if *field == 0xffff_ffff && q + 8 <= x + 4 + len {
                        *field = u64_at(extra, q)?;
                        q += 8;
                    }
                }
            }
            x += 4 + len;
        }
        if method != 0 {
            return Err(err(format!(
                "entry '{name}' is compressed (method {method}{}); PyTorch writes stored entries — re-save it with torch.save",
                if method == 8 { ", deflate" } else { "" }
            )));
        }
        if csize != usize_ {
            return Err(err(format!("stored entry '{name}' has compressed size {csize} ≠ size {usize_}")));
        }
        let local = to_usize(local)?;
        if u32_at(b, local)? != LOCAL {
            return Err(err(format!("entry '{name}': no local header at byte {local}")));
        }
        let start = local + 30 + u16_at(b, local + 26)? as usize + u16_at(b, local + 28)? as usize;
        let len = to_usize(csize)?;
        if start.checked_add(len).is_none_or(|e| e > b.len()) {
            return Err(err(format!(
                "entry '{name}' ({len} bytes at {start}) runs past the end of the {}-byte file (truncated?)",
                b.len()
            )));
        }
        let got = crc32fast::hash(&b[start..start + len]);
        if got != crc {
            return Err(err(format!(
                "entry '{name}' is damaged: its bytes have CRC-32 {got:08x}, the archive says {crc:08x} (a corrupted or incomplete download?)"
            )));
        }
        out.push(Entry { name, start, len });
        p += 46 + nlen + xlen + clen;
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Writes a zip of stored (or, with `method`, falsely labelled) entries: local headers, data,
    /// central directory, end record. Enough to test the reader on hand-built archives.
    pub(crate) fn build(files: &[(&str, &[u8])], method: u16) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in files {
            let off = out.len() as u32;
            let sz = data.len() as u32;
            let crc = crc32fast::hash(data).to_le_bytes();
            out.extend_from_slice(&LOCAL.to_le_bytes());
            out.extend_from_slice(&[20, 0, 0, 0]);
            out.extend_from_slice(&method.to_le_bytes());
            out.extend_from_slice(&[0; 4]); // time, date
            out.extend_from_slice(&crc);
            out.extend_from_slice(&sz.to_le_bytes());
            out.extend_from_slice(&sz.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            central.extend_from_slice(&CENTRAL.to_le_bytes());
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0]);
            central.extend_from_slice(&method.to_le_bytes());
            central.extend_from_slice(&[0; 4]);
            central.extend_from_slice(&crc);
            central.extend_from_slice(&sz.to_le_bytes());
            central.extend_from_slice(&sz.to_le_bytes());
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]); // extra, comment, disk, internal attr, external attr
            central.extend_from_slice(&off.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let cd_off = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&EOCD.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(files.len() as u16).to_le_bytes());
        out.extend_from_slice(&(files.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&cd_off.to_le_bytes());
        out.extend_from_slice(&[0; 2]);
        out
    }

    #[test]
    fn reads_stored_entries() {
        let z = build(&[("a/data.pkl", b"hello"), ("a/data/0", &[1, 2, 3])], 0);
        let e = entries(&z).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].name.as_str(), &z[e[0].start..e[0].start + e[0].len]), ("a/data.pkl", &b"hello"[..]));
        assert_eq!(&z[e[1].start..e[1].start + e[1].len], &[1, 2, 3]);
    }

    #[test]
    fn deflated_and_broken_archives_are_reported() {
        let z = build(&[("a/data.pkl", b"hello")], 8);
        let e = entries(&z).unwrap_err().to_string();
        assert!(e.contains("'a/data.pkl' is compressed (method 8, deflate)"), "{e}");
        let z = build(&[("a/data.pkl", b"hello"), ("a/data/0", &[0; 40])], 0);
        for len in 0..z.len() {
            assert!(entries(&z[..len]).is_err(), "prefix {len}");
        }
        for i in 0..z.len() {
            let mut c = z.clone();
            c[i] ^= 0xa5;
            let _ = entries(&c); // never panics
        }
    }

    #[test]
    fn damaged_entry_is_named_by_its_crc() {
        // Known value: CRC-32 (IEEE) of "123456789" is cbf43926.
        assert_eq!(crc32fast::hash(b"123456789"), 0xcbf4_3926);
        let z = build(&[("a/data.pkl", b"hello"), ("a/data/0", &[1, 2, 3, 4])], 0);
        assert!(entries(&z).is_ok());
        // One flipped bit in the tensor bytes: the sizes and headers still agree, only the CRC tells.
        let at = z.windows(4).position(|w| w == [1, 2, 3, 4]).unwrap();
        let mut bad = z.clone();
        bad[at + 2] ^= 0x01;
        let e = entries(&bad).unwrap_err().to_string();
        assert!(e.contains("entry 'a/data/0' is damaged") && e.contains("CRC-32"), "{e}");
    }
}
