//! Reading arrays for `kldiv entropy` and `kldiv samples`: `.npy` of any numeric dtype and
//! shape, `.npz` members (`file.npz:name`), CSV or whitespace text, Parquet (rows × numeric
//! columns, see [`crate::parquet`]), standard input (`-`: text, `.npy` or Parquet), or an inline
//! list such as `[0.1,0.2,0.7]` or `[[1,2],[3,4]]`. Columns can be picked by name from a text
//! header or a Parquet schema.
//!
//! An aligned little-endian f8 `.npy` in C order is memory-mapped and used in place; every other
//! dtype or layout is converted to f64 in one pass over the mapped bytes, as `astype(float64)`.
//! Like `numpy.loadtxt`, a text file with a single row or column is 1-D; `#` starts a comment;
//! `nan`, `inf` and `-inf` are numbers; a first line of names is a header. Errors name the file,
//! and the line and column or what is wrong with the bytes.

use anyhow::{Context, Result, anyhow, bail};
use std::io::Read;

/// The largest array file read whole (text, stdin or a compressed member), in bytes.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// An N-D array of f64 in C order: owned, or the mapped bytes of a `.npy` file.
pub struct Array {
    values: Values,
    /// numpy's shape (empty for a 0-d array).
    pub shape: Vec<usize>,
    /// The columns' names, where the file gives them (a header line, Parquet's schema).
    pub names: Option<Vec<String>>,
}

enum Values {
    Owned(Vec<f64>),
    Mapped {
        map: memmap2::Mmap,
        start: usize,
        len: usize,
    },
}

impl Array {
    fn owned(data: Vec<f64>, shape: Vec<usize>) -> Array {
        Array {
            values: Values::Owned(data),
            shape,
            names: None,
        }
    }

    /// `rows` rows of `cols` values, row after row: a table is 2-D even with one column.
    pub(crate) fn table(data: Vec<f64>, rows: usize, cols: usize) -> Array {
        Array::owned(data, vec![rows, cols])
    }

    /// The values in C order.
    pub fn data(&self) -> &[f64] {
        match &self.values {
            Values::Owned(v) => v,
            // Alignment and length were checked when the map was accepted.
            Values::Mapped { map, start, len } => map
                .get(*start..*start + len * 8)
                .and_then(|b| bytemuck::try_cast_slice(b).ok())
                .unwrap_or(&[]),
        }
    }

    /// Whether the values are used in place from a memory map.
    pub fn is_mapped(&self) -> bool {
        matches!(self.values, Values::Mapped { .. })
    }
}

impl std::fmt::Debug for Array {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Array")
            .field("shape", &self.shape)
            .field("mapped", &self.is_mapped())
            .finish()
    }
}

/// How to treat the first line of a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    /// Skip it when every field is a name rather than a number.
    Detect,
    /// Always skip it.
    Skip,
}

/// Reads the array named by `arg`.
pub fn load(arg: &str, header: Header) -> Result<Array> {
    load_columns(arg, header, None)
}

/// Checks a list of column names: none empty, none twice.
pub fn check_columns(columns: &[String]) -> Result<()> {
    for (i, c) in columns.iter().enumerate() {
        if c.trim().is_empty() {
            bail!("--columns: name {} of {} is empty", i + 1, columns.len());
        }
        if columns.get(..i).is_some_and(|before| before.contains(c)) {
            bail!("--columns: '{c}' is named twice");
        }
    }
    Ok(())
}

/// Reads the array named by `arg`; with `columns`, only the columns of a table (a text file with
/// a header line, or Parquet) with those names, in that order.
pub fn load_columns(arg: &str, header: Header, columns: Option<&[String]>) -> Result<Array> {
    let unnamed = |what: &str| {
        anyhow!(
            "--columns picks columns by name, and {what} has none (a header line of a CSV or \
             text file names them, and so does Parquet's schema)"
        )
    };
    if arg.trim_start().starts_with('[') {
        if columns.is_some() {
            return Err(unnamed("an inline list"));
        }
        return parse_inline(arg).with_context(|| format!("in the list '{}'", short(arg)));
    }
    if arg == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        if bytes.starts_with(crate::parquet::MAGIC) {
            return crate::parquet::read(bytes::Bytes::from(bytes), "<stdin>", columns);
        }
        if bytes.starts_with(NPY_MAGIC) {
            if columns.is_some() {
                return Err(unnamed("the .npy on standard input"));
            }
            return parse_npy(&bytes).context("in the .npy on standard input");
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow!(
                "standard input is neither .npy nor UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        let (array, names) = parse_text_named(&text, "<stdin>", header)?;
        return pick_text_columns(array, names, columns, "<stdin>");
    }
    if let Some((file, member)) = npz_member(arg) {
        if columns.is_some() {
            return Err(unnamed(&format!("the .npz member '{arg}'")));
        }
        return load_npz(file, member);
    }
    let meta = std::fs::metadata(arg).with_context(|| format!("cannot read '{arg}'"))?;
    if meta.is_dir() {
        bail!("'{arg}' is a directory, not an array file");
    }
    let mut head = [0u8; 6];
    let read_head = std::fs::File::open(arg)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok();
    if arg.to_ascii_lowercase().ends_with(".parquet")
        || (read_head && head.starts_with(crate::parquet::MAGIC))
    {
        let file = std::fs::File::open(arg).with_context(|| format!("cannot read '{arg}'"))?;
        return crate::parquet::read(file, arg, columns);
    }
    if read_head && head == *NPY_MAGIC {
        if columns.is_some() {
            return Err(unnamed(&format!("the .npy '{arg}'")));
        }
        return load_npy_file(arg).with_context(|| format!("in '{arg}'"));
    }
    if meta.len() > MAX_FILE_BYTES {
        bail!(
            "'{arg}' is {} bytes, more than the limit of {MAX_FILE_BYTES} for text",
            meta.len()
        );
    }
    let bytes = std::fs::read(arg).with_context(|| format!("cannot read '{arg}'"))?;
    if bytes.starts_with(b"PK\x03\x04") {
        bail!("'{arg}' is a zip archive: name a member of an .npz as '{arg}:NAME'");
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "'{arg}' is neither .npy nor UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let (array, names) = parse_text_named(&text, arg, header)?;
    pick_text_columns(array, names, columns, arg)
}

/// The named columns of a text table, in the order asked; the array itself without `columns`.
fn pick_text_columns(
    array: Array,
    names: Option<Vec<String>>,
    columns: Option<&[String]>,
    file: &str,
) -> Result<Array> {
    let Some(wanted) = columns else {
        // The names go with the columns, for matching another file's by name.
        let count = array.shape.get(1).copied().unwrap_or(1);
        let names = names.filter(|n| n.len() == count);
        return Ok(Array { names, ..array });
    };
    let Some(names) = names else {
        bail!(
            "--columns picks columns by name, and '{file}' has no header line of names (give \
             one, or leave out --columns)"
        );
    };
    let data = array.data();
    // A header line and rows of the same width; numpy's 1-D reading of a single row or a
    // single column is undone here.
    let width = match array.shape.as_slice() {
        [_, w] => *w,
        [n] if names.len() == 1 || *n == names.len() => names.len(),
        _ => 0,
    };
    if width != names.len() {
        bail!(
            "'{file}': the header line has {} names but the rows have {} values",
            names.len(),
            if width == 0 { 1 } else { width }
        );
    }
    let mut index = Vec::with_capacity(wanted.len());
    for c in wanted {
        index.push(names.iter().position(|n| n == c).ok_or_else(|| {
            anyhow!(
                "'{file}' has no column '{c}' (it has: {})",
                names.join(", ")
            )
        })?);
    }
    let rows = data.len().checked_div(width).unwrap_or(0);
    let mut out = Vec::with_capacity(rows * index.len());
    for row in data.chunks_exact(width.max(1)) {
        out.extend(
            index
                .iter()
                .map(|&j| row.get(j).copied().unwrap_or(f64::NAN)),
        );
    }
    Ok(Array::table(out, rows, index.len()))
}

/// `archive.npz:name` (or a bare `archive.npz`) when it names an existing .npz file.
fn npz_member(arg: &str) -> Option<(&str, Option<&str>)> {
    if let Some((file, member)) = arg.rsplit_once(':')
        && file.ends_with(".npz")
        && std::path::Path::new(file).is_file()
    {
        return Some((file, Some(member)));
    }
    arg.ends_with(".npz").then_some((arg, None))
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

/// The fields of one line with their byte offsets: comma-separated if it has a comma, else
/// whitespace-separated.
fn fields(line: &str) -> Vec<(usize, &str)> {
    if line.contains(',') {
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
    }
}

/// CSV or whitespace-separated text: rows on lines.
#[cfg(test)]
pub fn parse_text(text: &str, name: &str, header: Header) -> Result<Array> {
    parse_text_named(text, name, header).map(|(array, _)| array)
}

/// [`parse_text`], with the names of a header line (quotes around a name dropped).
fn parse_text_named(
    text: &str,
    name: &str,
    header: Header,
) -> Result<(Array, Option<Vec<String>>)> {
    // A UTF-8 byte-order mark (spreadsheets write one) is not part of the first name.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut names: Option<Vec<String>> = None;
    let mut data = Vec::new();
    let mut cols: Option<(usize, usize)> = None; // (count, first line)
    let mut rows = 0;
    let mut first = true;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fs = fields(line);
        if std::mem::take(&mut first)
            && (header == Header::Skip || fs.iter().all(|(_, f)| number(f).is_none()))
        {
            // A header line of column names.
            names = Some(
                fs.iter()
                    .map(|(_, f)| f.trim().trim_matches(['"', '\'']).to_string())
                    .collect(),
            );
            continue;
        }
        let mut count = 0;
        for (offset, field) in fs {
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
    // A file whose only line was read as a header has no numbers at all: say what was read.
    if rows == 0
        && let Some(names) = &names
    {
        bail!(
            "{name} has no numeric rows: its one line ('{}') is not numbers, so it was read as \
             a header of column names",
            short(&names.join(" "))
        );
    }
    let c = cols.map_or(0, |c| c.0);
    // A single row or a single column reads as 1-D, as numpy.loadtxt does.
    let shape = if rows <= 1 || c == 1 {
        vec![data.len()]
    } else {
        vec![rows, c]
    };
    Ok((Array::owned(data, shape), names))
}

/// `[a, b, …]`, `[[a, b], [c, d]]`, and deeper nestings: numpy's shape of the nested list.
fn parse_inline(s: &str) -> Result<Array> {
    let mut data = Vec::new();
    let mut p = Inline {
        s: s.trim().as_bytes(),
        at: 0,
        levels: Vec::new(),
        leaf_depth: None,
    };
    p.list(0, &mut Vec::new(), &mut data)?;
    p.skip_space();
    if p.at != p.s.len() {
        bail!("unexpected text after the closing ']' at offset {}", p.at);
    }
    let shape = p.levels.iter().map(|l| l.unwrap_or(0)).collect();
    Ok(Array::owned(data, shape))
}

struct Inline<'a> {
    s: &'a [u8],
    at: usize,
    /// The length of the lists at each depth, once one has closed.
    levels: Vec<Option<usize>>,
    /// The depth of the lists that hold numbers.
    leaf_depth: Option<usize>,
}

impl Inline<'_> {
    fn skip_space(&mut self) {
        while self.s.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    /// One bracketed list at nesting `depth`; `path` holds the 1-based position for messages.
    fn list(&mut self, depth: usize, path: &mut Vec<usize>, data: &mut Vec<f64>) -> Result<()> {
        let place = |path: &[usize]| {
            if path.is_empty() {
                "the list".to_string()
            } else {
                format!(
                    "item {}",
                    path.iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join(".")
                )
            }
        };
        self.skip_space();
        if self.s.get(self.at) != Some(&b'[') {
            bail!("expected '[' to start {}", place(path));
        }
        self.at += 1;
        self.skip_space();
        let nested = self.s.get(self.at) == Some(&b'[');
        let mut count = 0;
        loop {
            self.skip_space();
            if self.s.get(self.at) == Some(&b']') && count == 0 {
                self.at += 1;
                break;
            }
            path.push(count + 1);
            if nested {
                self.list(depth + 1, path, data)?;
            } else {
                let start = self.at;
                while self
                    .s
                    .get(self.at)
                    .is_some_and(|b| !matches!(b, b',' | b']' | b'['))
                {
                    self.at += 1;
                }
                let tok = String::from_utf8_lossy(self.s.get(start..self.at).unwrap_or(&[]));
                let Some(v) = number(&tok) else {
                    bail!("{}: '{}' is not a number", place(path), short(tok.trim()));
                };
                data.push(v);
            }
            path.pop();
            count += 1;
            self.skip_space();
            match self.s.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    break;
                }
                _ => bail!("{}: expected ',' or ']'", place(path)),
            }
        }
        // Every list at one depth must have the same length, and numbers sit at one depth only.
        let irregular =
            |what: String| anyhow!("{} {what} (numpy needs a regular shape)", place(path));
        if self.levels.len() <= depth {
            self.levels.resize(depth + 1, None);
        }
        if let Some(level) = self.levels.get_mut(depth) {
            match *level {
                Some(n) if n != count => {
                    return Err(irregular(format!(
                        "has {count} items, but the first list at its depth has {n}"
                    )));
                }
                _ => *level = Some(count),
            }
        }
        if !nested {
            match self.leaf_depth {
                Some(d) if d != depth => {
                    return Err(irregular(
                        "holds numbers where its siblings hold lists".into(),
                    ));
                }
                _ => self.leaf_depth = Some(depth),
            }
        }
        Ok(())
    }
}

const NPY_MAGIC: &[u8; 6] = b"\x93NUMPY";

/// A numpy dtype of a `.npy` header: kind (`f`, `i`, `u`, `b`), width in bytes, byte order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dtype {
    kind: u8,
    width: usize,
    big_endian: bool,
}

impl Dtype {
    fn parse(descr: &str) -> Result<Dtype> {
        let unsupported = || {
            anyhow!(
                "dtype '{descr}' is not supported (integers i1–i8, u1–u8, floats f2, f4, f8 and \
                 bool, either byte order)"
            )
        };
        let b = descr.as_bytes();
        let (order, rest) = match b.first() {
            Some(c @ (b'<' | b'>' | b'|' | b'=')) => (*c, &descr[1..]),
            _ => (b'=', descr),
        };
        let mut chars = rest.chars();
        let kind = chars.next().ok_or_else(unsupported)? as u8;
        let width: usize = chars.as_str().parse().map_err(|_| unsupported())?;
        let ok = match kind {
            b'f' => matches!(width, 2 | 4 | 8),
            b'i' | b'u' => matches!(width, 1 | 2 | 4 | 8),
            b'b' => width == 1,
            _ => false,
        };
        if !ok {
            return Err(unsupported());
        }
        let big_endian = match order {
            b'>' => true,
            b'=' => cfg!(target_endian = "big"),
            _ => false,
        };
        Ok(Dtype {
            kind,
            width,
            big_endian,
        })
    }

    /// One element as f64, as numpy's `astype(float64)` converts it.
    fn decode(self, b: &[u8]) -> f64 {
        let mut buf = [0u8; 8];
        let w = self.width;
        for (dst, src) in buf.iter_mut().zip(b.iter().take(w)) {
            *dst = *src;
        }
        if self.big_endian {
            buf.get_mut(..w).map(<[u8]>::reverse);
        }
        match (self.kind, w) {
            (b'f', 8) => f64::from_le_bytes(buf),
            (b'f', 4) => f64::from(f32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]])),
            (b'f', _) => half_to_f64(u16::from_le_bytes([buf[0], buf[1]])),
            (b'i', 1) => f64::from(buf[0] as i8),
            (b'i', 2) => f64::from(i16::from_le_bytes([buf[0], buf[1]])),
            (b'i', 4) => f64::from(i32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]])),
            (b'i', _) => i64::from_le_bytes(buf) as f64,
            (b'u' | b'b', _) => u64::from_le_bytes(buf) as f64,
            _ => f64::NAN,
        }
    }
}

/// IEEE binary16 to f64 (exact: every half is a double).
pub(crate) fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let frac = f64::from(h & 0x3ff);
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

/// A parsed `.npy` header: dtype, order, shape, and where the data starts.
struct NpyHeader {
    dtype: Dtype,
    fortran: bool,
    shape: Vec<usize>,
    count: usize,
    data_start: usize,
}

/// NumPy's .npy header, versions 1–3.
fn npy_header(bytes: &[u8]) -> Result<NpyHeader> {
    let truncated = || anyhow!(".npy header is truncated");
    let version = *bytes.get(6).ok_or_else(truncated)?;
    let (header_len, start) = match version {
        1 => {
            let b: [u8; 2] = bytes
                .get(8..10)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(truncated)?;
            (u16::from_le_bytes(b) as usize, 10)
        }
        2 | 3 => {
            let b: [u8; 4] = bytes
                .get(8..12)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(truncated)?;
            (u32::from_le_bytes(b) as usize, 12)
        }
        v => bail!(".npy version {v} is not supported (1, 2 or 3)"),
    };
    let header = bytes.get(start..start + header_len).ok_or_else(truncated)?;
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
    let descr_text = field("descr")?;
    let descr = descr_text
        .strip_prefix('\'')
        .and_then(|d| d.split('\'').next())
        .ok_or_else(|| {
            anyhow!(
                ".npy dtype {} is not supported (a structured dtype?)",
                short(descr_text)
            )
        })?;
    let dtype = Dtype::parse(descr)?;
    let fortran = field("fortran_order")?.starts_with("True");
    let shape_text = field("shape")?;
    let close = shape_text
        .find(')')
        .ok_or_else(|| anyhow!(".npy shape is malformed"))?;
    let shape: Vec<usize> = shape_text
        .get(1..close)
        .ok_or_else(|| anyhow!(".npy shape is malformed"))?
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .trim_end_matches('L')
                .parse::<usize>()
                .map_err(|_| anyhow!(".npy shape is malformed"))
        })
        .collect::<Result<_>>()?;
    let count = shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or_else(|| anyhow!(".npy shape overflows"))?;
    Ok(NpyHeader {
        dtype,
        fortran,
        shape,
        count,
        data_start: start + header_len,
    })
}

impl NpyHeader {
    /// The data bytes of `bytes` (the whole file), checked against the shape.
    fn body<'a>(&self, bytes: &'a [u8]) -> Result<&'a [u8]> {
        let need = self
            .count
            .checked_mul(self.dtype.width)
            .ok_or_else(|| anyhow!(".npy shape overflows"))?;
        let have = bytes.len().saturating_sub(self.data_start);
        if have < need {
            bail!(
                ".npy data is truncated: {have} bytes for the shape {} of {} values of {} bytes \
                 ({need} bytes)",
                shape_text(&self.shape),
                self.count,
                self.dtype.width
            );
        }
        bytes
            .get(self.data_start..self.data_start + need)
            .ok_or_else(|| anyhow!(".npy data is truncated"))
    }

    /// The values as f64 in C order: one pass of conversion, and a reordering for Fortran order.
    fn convert(&self, body: &[u8]) -> Vec<f64> {
        let w = self.dtype.width;
        let values: Vec<f64> = body.chunks_exact(w).map(|c| self.dtype.decode(c)).collect();
        if self.fortran && self.shape.len() > 1 {
            fortran_to_c(&values, &self.shape)
        } else {
            values
        }
    }
}

/// numpy's shape as text: `(2, 3)`, `(3,)`.
fn shape_text(s: &[usize]) -> String {
    match s {
        [one] => format!("({one},)"),
        _ => format!(
            "({})",
            s.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Column-major values reordered to row-major.
fn fortran_to_c(values: &[f64], shape: &[usize]) -> Vec<f64> {
    // Fortran strides: the first index varies fastest.
    let fstride: Vec<usize> = shape
        .iter()
        .scan(1usize, |acc, &d| {
            let s = *acc;
            *acc *= d;
            Some(s)
        })
        .collect();
    let mut out = Vec::with_capacity(values.len());
    let mut idx = vec![0usize; shape.len()];
    for _ in 0..values.len() {
        let off: usize = idx.iter().zip(&fstride).map(|(i, s)| i * s).sum();
        out.push(values.get(off).copied().unwrap_or(f64::NAN));
        // Advance the C-order index: the last varies fastest.
        for (i, &d) in idx.iter_mut().zip(shape).rev() {
            *i += 1;
            if *i < d {
                break;
            }
            *i = 0;
        }
    }
    out
}

/// A `.npy` held in memory (standard input, an .npz member).
fn parse_npy(bytes: &[u8]) -> Result<Array> {
    let h = npy_header(bytes)?;
    let body = h.body(bytes)?;
    Ok(Array::owned(h.convert(body), h.shape))
}

/// A `.npy` file, memory-mapped: used in place when it is aligned little-endian f8 in C order,
/// else converted from the map in one pass.
fn load_npy_file(path: &str) -> Result<Array> {
    let file = std::fs::File::open(path).context("cannot open")?;
    // SAFETY: the map is read-only and private to this process. If another process truncates
    // or rewrites the file while it is mapped, reads may see the new bytes or fault (SIGBUS);
    // that is the documented risk of reading a file in place, as numpy.load(mmap_mode='r') has.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) }
        .context("cannot map the file")?;
    let h = npy_header(&map)?;
    let body = h.body(&map)?;
    let in_place = h.dtype
        == Dtype {
            kind: b'f',
            width: 8,
            big_endian: false,
        }
        && cfg!(target_endian = "little")
        && (!h.fortran || h.shape.len() <= 1)
        && bytemuck::try_cast_slice::<u8, f64>(body).is_ok();
    if in_place {
        return Ok(Array {
            values: Values::Mapped {
                start: h.data_start,
                len: h.count,
                map,
            },
            shape: h.shape,
            names: None,
        });
    }
    Ok(Array::owned(h.convert(body), h.shape))
}

/// A member of an `.npz` archive (numpy.savez or savez_compressed).
fn load_npz(path: &str, member: Option<&str>) -> Result<Array> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read '{path}'"))?;
    let entries = zip_entries(&bytes).with_context(|| format!("in the .npz '{path}'"))?;
    let names: Vec<&str> = entries
        .iter()
        .map(|e| e.name.trim_end_matches(".npy"))
        .collect();
    let index = match member {
        Some(m) => names.iter().position(|n| *n == m).ok_or_else(|| {
            anyhow!(
                "'{path}' has no member '{m}' (it has: {})",
                names.join(", ")
            )
        })?,
        None if entries.len() == 1 => 0,
        None => bail!(
            "'{path}' holds {} arrays: name one as '{path}:NAME' ({})",
            entries.len(),
            names.join(", ")
        ),
    };
    let e = entries
        .get(index)
        .ok_or_else(|| anyhow!("'{path}' has no member {index}"))?;
    let data = zip_data(&bytes, e).with_context(|| format!("in '{path}' member '{}'", e.name))?;
    parse_npy(&data).with_context(|| format!("in '{path}' member '{}'", e.name))
}

/// One file of a zip archive's central directory.
struct ZipEntry {
    name: String,
    method: u16,
    compressed: u64,
    uncompressed: u64,
    local_offset: u64,
}

fn le16(b: &[u8], at: usize) -> Result<u16> {
    b.get(at..at + 2)
        .and_then(|s| s.try_into().ok())
        .map(u16::from_le_bytes)
        .ok_or_else(|| anyhow!("the zip structure is truncated"))
}

fn le32(b: &[u8], at: usize) -> Result<u32> {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or_else(|| anyhow!("the zip structure is truncated"))
}

fn le64(b: &[u8], at: usize) -> Result<u64> {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| anyhow!("the zip structure is truncated"))
}

/// The central directory of a zip archive, zip64 included (numpy writes zip64 members).
fn zip_entries(b: &[u8]) -> Result<Vec<ZipEntry>> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let from = b.len().saturating_sub(22 + 65_535);
    let eocd = (from..b.len().saturating_sub(21))
        .rev()
        .find(|&i| b.get(i..i + 4) == Some(EOCD))
        .ok_or_else(|| anyhow!("not a zip archive (no end of central directory)"))?;
    let mut count = u64::from(le16(b, eocd + 10)?);
    let mut cd = u64::from(le32(b, eocd + 16)?);
    if (count == 0xffff || cd == 0xffff_ffff) && eocd >= 20 {
        // The zip64 end-of-central-directory locator sits just before.
        let loc = eocd - 20;
        if b.get(loc..loc + 4) == Some(b"PK\x06\x07") {
            let rec = usize::try_from(le64(b, loc + 8)?)?;
            if b.get(rec..rec + 4) != Some(b"PK\x06\x06") {
                bail!("the zip64 end of central directory is missing");
            }
            count = le64(b, rec + 32)?;
            cd = le64(b, rec + 48)?;
        }
    }
    let mut at = usize::try_from(cd)?;
    let mut out = Vec::new();
    for _ in 0..count {
        if b.get(at..at + 4) != Some(b"PK\x01\x02") {
            bail!("the zip central directory is damaged at offset {at}");
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
            .ok_or_else(|| anyhow!("the zip structure is truncated"))?;
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
fn zip_data(b: &[u8], e: &ZipEntry) -> Result<Vec<u8>> {
    let local = usize::try_from(e.local_offset)?;
    if b.get(local..local + 4) != Some(b"PK\x03\x04") {
        bail!("the member's local header is missing");
    }
    let start = local + 30 + usize::from(le16(b, local + 26)?) + usize::from(le16(b, local + 28)?);
    let len = usize::try_from(e.compressed)?;
    let raw = b
        .get(start..start.saturating_add(len))
        .ok_or_else(|| anyhow!("the member is truncated"))?;
    if e.uncompressed > MAX_FILE_BYTES {
        bail!(
            "the member is {} bytes, more than the limit of {MAX_FILE_BYTES}",
            e.uncompressed
        );
    }
    match e.method {
        0 => Ok(raw.to_vec()),
        8 => miniz_oxide::inflate::decompress_to_vec_with_limit(raw, e.uncompressed as usize)
            .map_err(|err| anyhow!("the member does not inflate ({:?})", err.status)),
        m => bail!("zip compression method {m} is not supported (stored or deflate)"),
    }
}

/// Writes `data` of `shape` as a little-endian f8 `.npy` (version 1).
pub fn write_npy(path: &str, data: &[f64], shape: &[usize]) -> Result<()> {
    use std::io::Write;
    let mut header = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': {}, }}",
        shape_text(shape)
    );
    // Magic (6) + version (2) + length (2) + header + '\n' is a multiple of 64.
    let total = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - total % 64) % 64));
    header.push('\n');
    let file = std::fs::File::create(path).with_context(|| format!("cannot create '{path}'"))?;
    let mut w = std::io::BufWriter::new(file);
    let len = u16::try_from(header.len()).context("the .npy header is too long")?;
    w.write_all(NPY_MAGIC)?;
    w.write_all(&[1, 0])?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(header.as_bytes())?;
    for v in data {
        w.write_all(&v.to_le_bytes())?;
    }
    w.flush().with_context(|| format!("cannot write '{path}'"))
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
        let descr = [
            "<f8", "<f4", "<i8", ">f8", "float64", "|b1", "<f2", ">u4", "<c16",
        ][rng.random_range(0..9)];
        let shape = [
            "(3,)",
            "(2, 2)",
            "()",
            "(0,)",
            "(1, 4)",
            "(2, 3, 1)",
            "(99999999999,)",
            "(3",
            "(4611686018427387904, 4)",
        ][rng.random_range(0..9)];
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
        assert_eq!((c.shape.clone(), c.data()), (vec![2, 3], &values[..]));
        // Fortran order, 2 × 3: the same bytes are the columns (1 2), (3 4), (5 6).
        let f = parse_npy(&npy(2, "<f8", true, "(2, 3)", &f8)).unwrap();
        assert_eq!(f.data(), [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
        let f4: Vec<u8> = values
            .iter()
            .flat_map(|v| (*v as f32).to_le_bytes())
            .collect();
        let g = parse_npy(&npy(3, "<f4", false, "(3, 2)", &f4)).unwrap();
        assert_eq!(g.shape, vec![3, 2]);
        assert!(
            parse_npy(&npy(1, "<f8", false, "(2, 3)", &f8[..40]))
                .unwrap_err()
                .to_string()
                .contains("truncated")
        );
        assert!(
            parse_npy(&npy(1, "<c16", false, "(6,)", &f8))
                .unwrap_err()
                .to_string()
                .contains("not supported")
        );
        // Big-endian and 3-D Fortran order: element (i, j, k) at i + 2j + 2·3k.
        let be: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
        assert_eq!(
            parse_npy(&npy(1, ">f8", false, "(6,)", &be))
                .unwrap()
                .data(),
            values
        );
        let f3 = parse_npy(&npy(1, "<f8", true, "(1, 2, 3)", &f8)).unwrap();
        assert_eq!(f3.data(), [1.0, 3.0, 5.0, 2.0, 4.0, 6.0]);
        assert_eq!(half_to_f64(0x3c00), 1.0);
        assert_eq!(half_to_f64(0x0001), 2f64.powi(-24));
        assert_eq!(half_to_f64(0xfc00), f64::NEG_INFINITY);
    }

    #[test]
    fn text_comments_blank_lines_and_columns() {
        let d = Header::Detect;
        let a = parse_text("# header\n1 2\n\n3 4  # trailing\n", "t", d).unwrap();
        assert_eq!(
            (a.shape.clone(), a.data()),
            (vec![2, 2], &[1.0, 2.0, 3.0, 4.0][..])
        );
        let col = parse_text("0.25\n0.75\n", "t", d).unwrap();
        assert_eq!(
            (col.shape.clone(), col.data()),
            (vec![2], &[0.25, 0.75][..])
        );
        let e = parse_text("1,2\n3, x\n", "f.csv", d)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "f.csv line 2 column 3: 'x' is not a number");
        let h = parse_text("p, q\n1, 2\n3, 4\n", "h.csv", d).unwrap();
        assert_eq!(h.shape, vec![2, 2]);
    }

    #[test]
    fn inline_lists_have_numpy_shapes() {
        let shape = |s: &str| parse_inline(s).unwrap().shape;
        assert_eq!(shape("[1, 2]"), vec![2]);
        assert_eq!(shape("[[1, 2]]"), vec![1, 2]);
        assert_eq!(shape("[[[1], [2]], [[3], [4]]]"), vec![2, 2, 1]);
        assert_eq!(shape("[]"), vec![0]);
        let e = parse_inline("[[1, 2], [[3], [4]]]")
            .unwrap_err()
            .to_string();
        assert!(e.contains("numpy needs a regular shape"), "{e}");
    }

    #[test]
    fn fuzz_readers() {
        let budget = std::env::var("FUZZ_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .map(Duration::from_secs);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let npz = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/data/npy/pair_compressed.npz"),
        )
        .unwrap_or_default();
        let start = Instant::now();
        let mut n = 0u64;
        while budget.map_or(n < 30_000, |b| start.elapsed() < b) {
            let t = Instant::now();
            if n % 4 == 3 && !npz.is_empty() {
                // A damaged .npz: bytes flipped and cut; it must read or fail, never panic.
                let mut b = npz.clone();
                for _ in 0..rng.random_range(1..4) {
                    let at = rng.random_range(0..b.len());
                    b[at] = rng.next_u64() as u8;
                }
                b.truncate(rng.random_range(1..=b.len()));
                if let Ok(entries) = zip_entries(&b) {
                    for e in &entries {
                        let _ = zip_data(&b, e).map(|d| parse_npy(&d));
                    }
                }
                n += 1;
                continue;
            }
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
                        parse_text("", "f", Header::Detect)
                    }
                }
                1 => parse_text(&text(&mut rng), "f.csv", Header::Detect),
                _ => parse_inline(&format!("[{}]", text(&mut rng).replace('\n', ","))),
            };
            if let Ok(a) = result {
                assert_eq!(
                    a.data().len(),
                    a.shape.iter().product::<usize>(),
                    "input {n}"
                );
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
