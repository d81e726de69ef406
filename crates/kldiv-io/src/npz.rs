//! `.npz`: a zip archive of `.npy` members (numpy.savez, stored; savez_compressed, deflate),
//! read by a small zip reader of its own (the central directory, zip64 included).

use crate::npy::parse_npy;
use crate::{Array, Error, MAX_FILE_BYTES};

/// A member of an `.npz` archive (numpy.savez or savez_compressed).
pub(crate) fn load_npz(path: &str, member: Option<&str>) -> Result<Array, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let entries = zip_entries(&bytes).map_err(|m| Error::format(path, None, m))?;
    let names: Vec<&str> = entries
        .iter()
        .map(|e| e.name.trim_end_matches(".npy"))
        .collect();
    let index = match member {
        Some(m) => names
            .iter()
            .position(|n| *n == m)
            .ok_or_else(|| Error::Request {
                message: format!(
                    "'{path}' has no member '{m}' (it has: {})",
                    names.join(", ")
                ),
            })?,
        None if entries.len() == 1 => 0,
        None => {
            return Err(Error::Request {
                message: format!(
                    "'{path}' holds {} arrays: name one as '{path}:NAME' ({})",
                    entries.len(),
                    names.join(", ")
                ),
            });
        }
    };
    let e = entries
        .get(index)
        .ok_or_else(|| Error::format(path, None, format!("no member {index}")))?;
    let member = || Some(e.name.clone());
    let data = zip_data(&bytes, e).map_err(|m| Error::format(path, member(), m))?;
    parse_npy(&data).map_err(|m| Error::format(path, member(), m))
}

/// One file of a zip archive's central directory.
pub(crate) struct ZipEntry {
    name: String,
    method: u16,
    compressed: u64,
    uncompressed: u64,
    local_offset: u64,
}

fn le16(b: &[u8], at: usize) -> Result<u16, String> {
    b.get(at..at + 2)
        .and_then(|s| s.try_into().ok())
        .map(u16::from_le_bytes)
        .ok_or_else(|| "the zip structure is truncated".to_string())
}

fn le32(b: &[u8], at: usize) -> Result<u32, String> {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or_else(|| "the zip structure is truncated".to_string())
}

fn le64(b: &[u8], at: usize) -> Result<u64, String> {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| "the zip structure is truncated".to_string())
}

/// The central directory of a zip archive, zip64 included (numpy writes zip64 members).
pub(crate) fn zip_entries(b: &[u8]) -> Result<Vec<ZipEntry>, String> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let from = b.len().saturating_sub(22 + 65_535);
    let eocd = (from..b.len().saturating_sub(21))
        .rev()
        .find(|&i| b.get(i..i + 4) == Some(EOCD))
        .ok_or_else(|| "not a zip archive (no end of central directory)".to_string())?;
    let mut count = u64::from(le16(b, eocd + 10)?);
    let mut cd = u64::from(le32(b, eocd + 16)?);
    if (count == 0xffff || cd == 0xffff_ffff) && eocd >= 20 {
        // The zip64 end-of-central-directory locator sits just before.
        let loc = eocd - 20;
        if b.get(loc..loc + 4) == Some(b"PK\x06\x07") {
            let rec = usize::try_from(le64(b, loc + 8)?)
                .map_err(|_| "an offset beyond this machine's memory".to_string())?;
            if b.get(rec..rec + 4) != Some(b"PK\x06\x06") {
                return Err("the zip64 end of central directory is missing".to_string());
            }
            count = le64(b, rec + 32)?;
            cd = le64(b, rec + 48)?;
        }
    }
    let mut at =
        usize::try_from(cd).map_err(|_| "an offset beyond this machine's memory".to_string())?;
    let mut out = Vec::new();
    for _ in 0..count {
        if b.get(at..at + 4) != Some(b"PK\x01\x02") {
            return Err(format!(
                "the zip central directory is damaged at offset {at}"
            ));
        }
        let method = le16(b, at + 10)?;
        let mut compressed = u64::from(le32(b, at + 20)?);
        let mut uncompressed = u64::from(le32(b, at + 24)?);
        let name_len = usize::from(le16(b, at + 28)?);
        let extra_len = usize::from(le16(b, at + 30)?);
        let comment_len = usize::from(le16(b, at + 32)?);
        let mut local_offset = u64::from(le32(b, at + 42)?);
        let name_bytes = b
            .get(at + 46..at + 46 + name_len)
            .ok_or_else(|| "the zip structure is truncated".to_string())?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        // zip64 extra field: the 8-byte values of the fields that read 0xffffffff, in order.
        let mut e = at + 46 + name_len;
        let end = e + extra_len;
        while e + 4 <= end {
            let (id, size) = (le16(b, e)?, usize::from(le16(b, e + 2)?));
            if id == 1 {
                let mut f = e + 4;
                for v in [&mut uncompressed, &mut compressed, &mut local_offset] {
                    if *v == 0xffff_ffff {
                        *v = le64(b, f)?;
                        f += 8;
                    }
                }
            }
            e += 4 + size;
        }
        out.push(ZipEntry {
            name,
            method,
            compressed,
            uncompressed,
            local_offset,
        });
        at = end + comment_len;
    }
    Ok(out)
}

/// The bytes of one member: stored, or deflated (numpy.savez_compressed).
pub(crate) fn zip_data(b: &[u8], e: &ZipEntry) -> Result<Vec<u8>, String> {
    let local = usize::try_from(e.local_offset)
        .map_err(|_| "an offset beyond this machine's memory".to_string())?;
    if b.get(local..local + 4) != Some(b"PK\x03\x04") {
        return Err("the member's local header is missing".to_string());
    }
    let start = local + 30 + usize::from(le16(b, local + 26)?) + usize::from(le16(b, local + 28)?);
    let len = usize::try_from(e.compressed)
        .map_err(|_| "an offset beyond this machine's memory".to_string())?;
    let raw = b
        .get(start..start.saturating_add(len))
        .ok_or_else(|| "the member is truncated".to_string())?;
    if e.uncompressed > MAX_FILE_BYTES {
        return Err(format!(
            "the member is {} bytes, more than the limit of {MAX_FILE_BYTES}",
            e.uncompressed
        ));
    }
    match e.method {
        0 => Ok(raw.to_vec()),
        8 => miniz_oxide::inflate::decompress_to_vec_with_limit(raw, e.uncompressed as usize)
            .map_err(|err| format!("the member does not inflate ({:?})", err.status)),
        m => Err(format!(
            "zip compression method {m} is not supported (stored or deflate)"
        )),
    }
}
