//! Reading arrays for `kldiv entropy`: CSV or whitespace text, `.npy` (f64 or f32, 1-D or 2-D),
//! standard input (`-`), or an inline list such as `[0.1,0.2,0.7]` or `[[1,2],[3,4]]`.
//!
//! Like `numpy.loadtxt`, a file with a single row or a single column is 1-D; `#` starts a
//! comment; `nan`, `inf` and `-inf` are numbers. Errors name the file, line and column.

use anyhow::{Context, Result, anyhow, bail};
use std::io::Read;

/// The largest array file read whole (text or .npy), in bytes.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// A 1-D or 2-D array of f64, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Array {
    pub data: Vec<f64>,
    pub rows: usize,
    pub cols: usize,
    /// True for a 1-D array (then rows = 1).
    pub one_d: bool,
}

impl Array {
    fn one(data: Vec<f64>) -> Array {
        let n = data.len();
        Array {
            data,
            rows: 1,
            cols: n,
            one_d: true,
        }
    }

    fn two(data: Vec<f64>, rows: usize, cols: usize) -> Array {
        // A single row or a single column reads as 1-D, as numpy.loadtxt does.
        if rows == 1 || cols == 1 {
            return Array::one(data);
        }
        Array {
            data,
            rows,
            cols,
            one_d: false,
        }
    }
}

/// Reads the array named by `arg`.
pub fn load(arg: &str) -> Result<Array> {
    if arg.trim_start().starts_with('[') {
        return parse_inline(arg).with_context(|| format!("in the list '{}'", short(arg)));
    }
    if arg == "-" {
        let mut text = String::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES)
            .read_to_string(&mut text)
            .context("reading standard input")?;
        return parse_text(&text, "<stdin>");
    }
    let meta = std::fs::metadata(arg).with_context(|| format!("cannot read '{arg}'"))?;
    if meta.is_dir() {
        bail!("'{arg}' is a directory, not an array file");
    }
    if meta.len() > MAX_FILE_BYTES {
        bail!(
            "'{arg}' is {} bytes, more than the limit of {MAX_FILE_BYTES}",
            meta.len()
        );
    }
    let bytes = std::fs::read(arg).with_context(|| format!("cannot read '{arg}'"))?;
    if bytes.starts_with(b"\x93NUMPY") {
        return parse_npy(&bytes).with_context(|| format!("in '{arg}'"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "'{arg}' is neither .npy nor UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    parse_text(&text, arg)
}

fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(37).collect::<String>())
    } else {
        s.to_string()
    }
}

/// One number as numpy writes them: decimal, scientific, nan, inf, -inf.
fn number(tok: &str) -> Option<f64> {
    let t = tok.trim();
    match t.to_ascii_lowercase().as_str() {
        "nan" | "+nan" | "-nan" => return Some(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // Rust's parser also takes "infinity" spelled oddly; accept only numeric text here.
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    t.parse().ok()
}

/// CSV or whitespace-separated text: rows on lines.
pub fn parse_text(text: &str, name: &str) -> Result<Array> {
    let mut data = Vec::new();
    let mut cols: Option<(usize, usize)> = None; // (count, first line)
    let mut rows = 0;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let comma = line.contains(',');
        let mut count = 0;
        let mut column = 1;
        let fields: Vec<(usize, &str)> = if comma {
            let mut v = Vec::new();
            let mut start = 0;
            for (pos, ch) in line.char_indices() {
                if ch == ',' {
                    v.push((start, &line[start..pos]));
                    start = pos + 1;
                }
            }
            v.push((start, &line[start..]));
            v
        } else {
            line.split_whitespace()
                .map(|f| (f.as_ptr() as usize - line.as_ptr() as usize, f))
                .collect()
        };
        for (offset, field) in fields {
            column = line[..offset].chars().count() + 1 + (raw.len() - raw.trim_start().len());
            let Some(v) = number(field) else {
                bail!(
                    "{name} line {line_no} column {column}: '{}' is not a number",
                    short(field.trim())
                );
            };
            data.push(v);
            count += 1;
        }
        let _ = column;
        match cols {
            None => cols = Some((count, line_no)),
            Some((c, first)) if c != count => {
                bail!(
                    "{name} line {line_no}: {count} values, but line {first} has {c} (rows must be equal)"
                )
            }
            _ => {}
        }
        rows += 1;
    }
    let c = cols.map_or(0, |c| c.0);
    if rows == 0 {
        return Ok(Array::one(Vec::new()));
    }
    Ok(Array::two(data, rows, c))
}

/// `[a, b, …]` or `[[a, b], [c, d]]`.
fn parse_inline(s: &str) -> Result<Array> {
    let t = s.trim();
    let inner = t
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .ok_or_else(|| anyhow!("expected a list in brackets, as [0.1, 0.2, 0.7]"))?;
    if inner.trim_start().starts_with('[') {
        let mut rows: Vec<Vec<f64>> = Vec::new();
        let mut rest = inner.trim();
        while !rest.is_empty() {
            let open = rest
                .find('[')
                .ok_or_else(|| anyhow!("expected '[' to start row {}", rows.len() + 1))?;
            let close = rest[open..]
                .find(']')
                .ok_or_else(|| anyhow!("row {} has no closing ']'", rows.len() + 1))?
                + open;
            rows.push(parse_items(&rest[open + 1..close], rows.len() + 1)?);
            rest = rest[close + 1..]
                .trim_start()
                .trim_start_matches(',')
                .trim();
        }
        let cols = rows.first().map_or(0, Vec::len);
        if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != cols) {
            bail!(
                "row {} has {} values, but row 1 has {cols} (rows must be equal)",
                i + 1,
                r.len()
            );
        }
        let n = rows.len();
        return Ok(Array::two(rows.concat(), n, cols));
    }
    Ok(Array::one(parse_items(inner, 0)?))
}

fn parse_items(s: &str, row: usize) -> Result<Vec<f64>> {
    if s.trim().is_empty() {
        return Ok(Vec::new());
    }
    s.split(',')
        .enumerate()
        .map(|(i, tok)| {
            number(tok).ok_or_else(|| {
                let place = if row > 0 {
                    format!("row {row}, item {}", i + 1)
                } else {
                    format!("item {}", i + 1)
                };
                anyhow!("{place}: '{}' is not a number", short(tok.trim()))
            })
        })
        .collect()
}

/// NumPy's .npy format, versions 1–3: little-endian f8 or f4, 1-D or 2-D, C or Fortran order.
fn parse_npy(bytes: &[u8]) -> Result<Array> {
    let version = *bytes
        .get(6)
        .ok_or_else(|| anyhow!(".npy header is truncated"))?;
    let (header_len, start) = match version {
        1 => {
            let b = bytes
                .get(8..10)
                .ok_or_else(|| anyhow!(".npy header is truncated"))?;
            (u16::from_le_bytes([b[0], b[1]]) as usize, 10)
        }
        2 | 3 => {
            let b = bytes
                .get(8..12)
                .ok_or_else(|| anyhow!(".npy header is truncated"))?;
            (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize, 12)
        }
        v => bail!(".npy version {v} is not supported (1, 2 or 3)"),
    };
    let header = bytes
        .get(start..start + header_len)
        .ok_or_else(|| anyhow!(".npy header is truncated"))?;
    let header = std::str::from_utf8(header).map_err(|_| anyhow!(".npy header is not text"))?;
    let field = |key: &str| -> Result<&str> {
        let at = header
            .find(&format!("'{key}'"))
            .ok_or_else(|| anyhow!(".npy header has no '{key}'"))?;
        Ok(header[at + key.len() + 2..]
            .trim_start()
            .trim_start_matches(':')
            .trim_start())
    };
    let descr = field("descr")?;
    let width = if descr.starts_with("'<f8'") || descr.starts_with("'float64'") {
        8
    } else if descr.starts_with("'<f4'") {
        4
    } else {
        bail!(
            ".npy dtype {} is not supported (little-endian f8 or f4 only)",
            descr.split(',').next().unwrap_or(descr)
        );
    };
    let fortran = field("fortran_order")?.starts_with("True");
    let shape_text = field("shape")?;
    let close = shape_text
        .find(')')
        .ok_or_else(|| anyhow!(".npy shape is malformed"))?;
    let dims: Vec<usize> = shape_text[1..close]
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse::<usize>()
                .map_err(|_| anyhow!(".npy shape is malformed"))
        })
        .collect::<Result<_>>()?;
    let n: usize = dims
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or_else(|| anyhow!(".npy shape overflows"))?;
    let body = &bytes[start + header_len..];
    if body.len() < n * width {
        bail!(
            ".npy data is truncated: {} bytes for {n} values of {width} bytes",
            body.len()
        );
    }
    let mut data: Vec<f64> = if width == 8 {
        body[..n * 8]
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect()
    } else {
        body[..n * 4]
            .chunks_exact(4)
            .map(|c| f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]])))
            .collect()
    };
    match dims.as_slice() {
        [] => Ok(Array::one(data)),
        [_] => Ok(Array::one(data)),
        [r, c] => {
            if fortran {
                let mut t = vec![0.0; n];
                for i in 0..*r {
                    for j in 0..*c {
                        t[i * c + j] = data[j * r + i];
                    }
                }
                data = t;
            }
            Ok(Array::two(data, *r, *c))
        }
        d => bail!(
            ".npy array has {} dimensions; 1 or 2 are supported",
            d.len()
        ),
    }
}
