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
            let indent = raw.len() - raw.trim_start().len();
            let column = line[..offset].chars().count() + 1 + indent;
            let Some(v) = number(field) else {
                bail!(
                    "{name} line {line_no} column {column}: '{}' is not a number",
                    short(field.trim())
                );
            };
            data.push(v);
            count += 1;
        }
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
            let b: [u8; 2] = bytes
                .get(8..10)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| anyhow!(".npy header is truncated"))?;
            (u16::from_le_bytes(b) as usize, 10)
        }
        2 | 3 => {
            let b: [u8; 4] = bytes
                .get(8..12)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| anyhow!(".npy header is truncated"))?;
            (u32::from_le_bytes(b) as usize, 12)
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
    let need = n
        .checked_mul(width)
        .ok_or_else(|| anyhow!(".npy shape overflows"))?;
    let body = bytes
        .get(start + header_len..)
        .and_then(|b| b.get(..need))
        .ok_or_else(|| {
            anyhow!(
                ".npy data is truncated: {} bytes for {n} values of {width} bytes",
                bytes.len().saturating_sub(start + header_len)
            )
        })?;
    let mut data: Vec<f64> = if width == 8 {
        body.chunks_exact(8)
            .filter_map(|c| c.try_into().ok().map(f64::from_le_bytes))
            .collect()
    } else {
        body.chunks_exact(4)
            .filter_map(|c| c.try_into().ok().map(|b| f64::from(f32::from_le_bytes(b))))
            .collect()
    };
    match dims.as_slice() {
        [] => Ok(Array::one(data)),
        [_] => Ok(Array::one(data)),
        [r, c] => {
            if fortran {
                // Column-major storage: element (i, j) is at j·r + i.
                data = (0..*r)
                    .flat_map(|i| (0..*c).map(move |j| j * r + i))
                    .map(|k| data.get(k).copied().unwrap_or(f64::NAN))
                    .collect();
            }
            Ok(Array::two(data, *r, *c))
        }
        d => bail!(
            ".npy array has {} dimensions; 1 or 2 are supported",
            d.len()
        ),
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)] // choosing from fixed tables by an in-range index
mod tests {
    //! The readers on random input (a random-input harness: cargo fuzz needs nightly). Each input
    //! must read or fail with a message; never panic. `FUZZ_SECONDS=600` runs it for ten minutes.
    use super::*;
    use rand::{Rng, RngExt, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;
    use std::time::{Duration, Instant};

    fn npy_header(rng: &mut Xoshiro256PlusPlus) -> Vec<u8> {
        let descr = ["<f8", "<f4", "<i8", ">f8", "float64", "|b1"][rng.random_range(0..6)];
        let shape = [
            "(3,)",
            "(2, 2)",
            "()",
            "(0,)",
            "(1, 4)",
            "(2, 3, 1)",
            "(99999999999,)",
            "(3",
        ][rng.random_range(0..8)];
        let order = if rng.random_bool(0.5) {
            "False"
        } else {
            "True"
        };
        let header =
            format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}\n");
        let mut b = b"\x93NUMPY".to_vec();
        b.push(rng.random_range(0..4));
        b.push(0);
        b.extend((header.len() as u16).to_le_bytes());
        b.extend(header.as_bytes());
        b
    }

    fn text(rng: &mut Xoshiro256PlusPlus) -> String {
        const TOKENS: &[&str] = &[
            "0.5", "1e-300", "nan", "inf", "-inf", "x", ",", " ", "\n", "#c", "\t", "1", "-2.5e3",
            "1e999", "", "..", "+",
        ];
        (0..rng.random_range(0..40))
            .map(|_| TOKENS[rng.random_range(0..TOKENS.len())])
            .collect()
    }

    fn npy(version: u8, descr: &str, fortran: bool, shape: &str, body: &[u8]) -> Vec<u8> {
        let order = if fortran { "True" } else { "False" };
        let header =
            format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}\n");
        let mut b = b"\x93NUMPY".to_vec();
        b.extend([version, 0]);
        if version == 1 {
            b.extend((header.len() as u16).to_le_bytes());
        } else {
            b.extend((header.len() as u32).to_le_bytes());
        }
        b.extend(header.as_bytes());
        b.extend(body);
        b
    }

    #[test]
    fn npy_orders_versions_and_widths() {
        let values = [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0];
        let f8: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        // C order, 2 × 3: rows (1 2 3), (4 5 6).
        let c = parse_npy(&npy(1, "<f8", false, "(2, 3)", &f8)).unwrap();
        assert_eq!((c.rows, c.cols, c.data.clone()), (2, 3, values.to_vec()));
        // Fortran order, 2 × 3: the same bytes are the columns (1 2), (3 4), (5 6).
        let f = parse_npy(&npy(2, "<f8", true, "(2, 3)", &f8)).unwrap();
        assert_eq!(f.data, vec![1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
        let f4: Vec<u8> = values
            .iter()
            .flat_map(|v| (*v as f32).to_le_bytes())
            .collect();
        let g = parse_npy(&npy(3, "<f4", false, "(3, 2)", &f4)).unwrap();
        assert_eq!((g.rows, g.cols), (3, 2));
        assert!(
            parse_npy(&npy(1, "<f8", false, "(2, 3)", &f8[..40]))
                .unwrap_err()
                .to_string()
                .contains("truncated")
        );
        assert!(
            parse_npy(&npy(1, ">f8", false, "(6,)", &f8))
                .unwrap_err()
                .to_string()
                .contains("not supported")
        );
        assert!(
            parse_npy(&npy(1, "<f8", false, "(1, 2, 3)", &f8))
                .unwrap_err()
                .to_string()
                .contains("3 dimensions")
        );
    }

    #[test]
    fn text_comments_blank_lines_and_columns() {
        let a = parse_text("# header\n1 2\n\n3 4  # trailing\n", "t").unwrap();
        assert_eq!((a.rows, a.cols, a.data), (2, 2, vec![1.0, 2.0, 3.0, 4.0]));
        let col = parse_text("0.25\n0.75\n", "t").unwrap();
        assert!(col.one_d && col.data == vec![0.25, 0.75]);
        let e = parse_text("1,2\n3, x\n", "f.csv").unwrap_err().to_string();
        assert_eq!(e, "f.csv line 2 column 3: 'x' is not a number");
    }

    #[test]
    fn fuzz_readers() {
        let budget = std::env::var("FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .map(Duration::from_secs);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let start = Instant::now();
        let mut n = 0u64;
        while budget.map_or(n < 30_000, |b| start.elapsed() < b) {
            let t = Instant::now();
            let result = match n % 3 {
                0 => {
                    let mut b = npy_header(&mut rng);
                    let extra: Vec<u8> = (0..rng.random_range(0..64))
                        .map(|_| rng.next_u64() as u8)
                        .collect();
                    b.extend(extra);
                    if rng.random_bool(0.2) {
                        let cut = rng.random_range(0..b.len());
                        b.truncate(cut);
                    }
                    if b.starts_with(b"\x93NUMPY") {
                        parse_npy(&b)
                    } else {
                        parse_text("", "f")
                    }
                }
                1 => parse_text(&text(&mut rng), "f.csv"),
                _ => parse_inline(&format!("[{}]", text(&mut rng).replace('\n', ","))),
            };
            if let Ok(a) = result {
                assert_eq!(a.data.len(), a.rows * a.cols, "input {n}");
            }
            assert!(
                t.elapsed() < Duration::from_secs(5),
                "input {n} took {:?}",
                t.elapsed()
            );
            n += 1;
        }
        eprintln!(
            "fuzz readers: {n} inputs in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
}
