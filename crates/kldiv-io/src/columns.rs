//! Streaming named columns out of a table file, chunk by chunk (`kldiv drift`): Parquet (a
//! chunk is a row group, read one column at a time in batches), CSV with a header line (a chunk
//! is a block of whole lines of about [`CSV_CHUNK_BYTES`]) and `.npy` (1-D: one column `0`;
//! 2-D n×d: columns `0` … `d−1`; a chunk is [`NPY_CHUNK_ROWS`] rows of the memory map).
//!
//! Chunks are independent, so threads can read different chunks of one file at once; memory
//! holds one batch of one column per thread (a whole chunk of a CSV), never the file.
//!
//! A column is numbers (integers and floats of any width, as f64) or text (strings, booleans:
//! counted as categories); nulls are kept as such (an empty CSV field is a null).

use crate::Error;
use crate::npy::half_to_f64;
use crate::parquet::{Kind, kind};
use ::parquet::basic::{LogicalType, Type as Physical};
use ::parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use ::parquet::data_type::DataType;
use ::parquet::file::reader::{FileReader, SerializedFileReader};
use std::io::{BufRead, Read, Seek, SeekFrom};

type Result<T> = std::result::Result<T, Error>;

/// What a sink returns: the caller's own error, passed through.
pub type SinkResult = std::result::Result<(), Error>;

/// Rows per batch of a Parquet column.
const BATCH: usize = 65_536;
/// Bytes of a CSV chunk (rounded to whole lines).
pub const CSV_CHUNK_BYTES: u64 = 8 << 20;
/// Rows of a `.npy` chunk.
pub const NPY_CHUNK_ROWS: usize = 1 << 20;
/// Rows of a CSV's start that decide whether a column is numbers or text.
const CSV_SNIFF_ROWS: usize = 1000;

/// What a column holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnType {
    /// Numbers (read as f64).
    Number,
    /// Text or booleans: categories.
    Text,
    /// Something else, described (a decimal, a timestamp, …).
    Other(String),
}

/// A column's name and type.
#[derive(Debug, Clone)]
pub struct ColumnInfo {
    /// The name.
    pub name: String,
    /// The type.
    pub ty: ColumnType,
}

/// One batch of a column's rows, in row order.
#[derive(Debug)]
pub enum Batch {
    /// Numbers; where `valid` is given, a `false` marks a null (its value is NaN).
    Number {
        /// The values.
        values: Vec<f64>,
        /// Which rows are not null (None: all).
        valid: Option<Vec<bool>>,
    },
    /// Text, None for a null.
    Text(Vec<Option<String>>),
}

impl Batch {
    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            Batch::Number { values, .. } => values.len(),
            Batch::Text(v) => v.len(),
        }
    }

    /// Whether the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A table file opened for streaming.
pub struct Table {
    name: String,
    columns: Vec<ColumnInfo>,
    rows: u64,
    format: Format,
}

enum Format {
    Parquet {
        path: String,
        /// Each column's leaf.
        leaves: Vec<(usize, Option<Kind>, i16)>,
        groups: usize,
    },
    Csv {
        path: String,
        /// Byte ranges of the chunks (the header excluded).
        chunks: Vec<(u64, u64)>,
    },
    Npy {
        array: crate::Array,
    },
}

impl Table {
    /// Opens `path` by its extension (`.parquet`/`.pq`, `.npy`; anything else is CSV) or its
    /// Parquet magic number.
    pub fn open(path: &str) -> Result<Table> {
        let lower = path.to_ascii_lowercase();
        let mut magic = [0u8; 4];
        let is_parquet = lower.ends_with(".parquet")
            || lower.ends_with(".pq")
            || std::fs::File::open(path)
                .and_then(|mut f| f.read_exact(&mut magic))
                .is_ok_and(|()| &magic == crate::parquet::MAGIC);
        if is_parquet {
            open_parquet(path)
        } else if lower.ends_with(".npy") {
            open_npy(path)
        } else {
            open_csv(path)
        }
    }

    /// The file's name as messages call it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The columns, in file order.
    pub fn columns(&self) -> &[ColumnInfo] {
        &self.columns
    }

    /// The column's index by name.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The number of rows (for a CSV: an estimate from its size, for progress).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The number of chunks.
    pub fn chunks(&self) -> usize {
        match &self.format {
            Format::Parquet { groups, .. } => *groups,
            Format::Csv { chunks, .. } => chunks.len(),
            Format::Npy { array } => array
                .shape
                .first()
                .copied()
                .unwrap_or(1)
                .div_ceil(NPY_CHUNK_ROWS),
        }
    }

    /// Reads the columns `picked` of chunk `chunk`, calling `sink(column, first row within the
    /// chunk, batch)` for each batch. The columns come in the order of `picked`, each column's
    /// batches in row order; every picked column covers the same rows.
    pub fn read_chunk(
        &self,
        chunk: usize,
        picked: &[usize],
        sink: &mut dyn FnMut(usize, usize, &Batch) -> SinkResult,
    ) -> Result<()> {
        let name = &self.name;
        match &self.format {
            Format::Parquet { path, leaves, .. } => {
                let file = std::fs::File::open(path).map_err(|e| Error::io(name, e))?;
                let reader = SerializedFileReader::new(file).map_err(|e| {
                    Error::format(name, None, format!("not a readable Parquet file ({e})"))
                })?;
                let group = reader
                    .get_row_group(chunk)
                    .map_err(|e| Error::format(name, None, format!("row group {chunk}: {e}")))?;
                let rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
                for &c in picked {
                    let column = &self.columns[c];
                    let (leaf, kind, max_def) = leaves[c];
                    let fault = |e: String| Error::Column {
                        file: name.clone(),
                        column: column.name.clone(),
                        message: format!("cannot be read: {e}"),
                    };
                    let r = group
                        .get_column_reader(leaf)
                        .map_err(|e| fault(e.to_string()))?;
                    let mut failed = None;
                    read_parquet_column(r, kind, max_def, rows, &mut |at, b| {
                        sink(c, at, b).map_err(|e| {
                            let text = e.to_string();
                            failed = Some(e);
                            text
                        })
                    })
                    .map_err(|e| failed.take().unwrap_or_else(|| fault(e)))?;
                }
                Ok(())
            }
            Format::Csv { path, chunks } => {
                let (start, end) = chunks[chunk];
                read_csv_chunk(self, path, start, end, picked, sink)
            }
            Format::Npy { array } => {
                let data = array.data();
                let d = if array.shape.len() == 2 {
                    array.shape[1]
                } else {
                    1
                };
                let n = array.shape.first().copied().unwrap_or(data.len());
                let lo = chunk * NPY_CHUNK_ROWS;
                let hi = (lo + NPY_CHUNK_ROWS).min(n);
                for &c in picked {
                    let values: Vec<f64> = if d == 1 {
                        data[lo..hi].to_vec()
                    } else {
                        (lo..hi).map(|i| data[i * d + c]).collect()
                    };
                    sink(
                        c,
                        0,
                        &Batch::Number {
                            values,
                            valid: None,
                        },
                    )?;
                }
                Ok(())
            }
        }
    }
}

fn open_parquet(path: &str) -> Result<Table> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = SerializedFileReader::new(file)
        .map_err(|e| Error::format(path, None, format!("not a readable Parquet file ({e})")))?;
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    let mut columns = Vec::new();
    let mut leaves = Vec::new();
    for (i, field) in schema.root_schema().get_fields().iter().enumerate() {
        let name = field.name().to_string();
        // A top-level primitive field is leaf i when no nested field comes before it.
        let leaf = (0..schema.num_columns())
            .find(|&l| schema.get_column_root_idx(l) == i)
            .unwrap_or(0);
        let c = schema.column(leaf);
        let nested = !field.is_primitive();
        let text = matches!(
            c.logical_type_ref(),
            Some(LogicalType::String | LogicalType::Enum)
        ) || c.converted_type() == ::parquet::basic::ConvertedType::UTF8
            || c.converted_type() == ::parquet::basic::ConvertedType::ENUM;
        let (ty, k) = if nested {
            (ColumnType::Other("a nested field".into()), None)
        } else if (text && c.physical_type() == Physical::BYTE_ARRAY)
            || c.physical_type() == Physical::BOOLEAN
        {
            (ColumnType::Text, None)
        } else {
            match kind(&c) {
                Ok(k) => (ColumnType::Number, Some(k)),
                Err(what) => (ColumnType::Other(what), None),
            }
        };
        columns.push(ColumnInfo { name, ty });
        leaves.push((leaf, k, c.max_def_level()));
    }
    let rows = u64::try_from(meta.file_metadata().num_rows()).unwrap_or(0);
    Ok(Table {
        name: path.to_string(),
        columns,
        rows,
        format: Format::Parquet {
            path: path.to_string(),
            leaves,
            groups: reader.num_row_groups(),
        },
    })
}

/// What reading a column chunk says went wrong.
type ColumnResult = std::result::Result<(), String>;

/// Reads one column chunk of `rows` rows in batches.
fn read_parquet_column(
    reader: ColumnReader,
    kind: Option<Kind>,
    max_def: i16,
    rows: usize,
    sink: &mut dyn FnMut(usize, &Batch) -> ColumnResult,
) -> ColumnResult {
    let d = max_def;
    let num = |values: Vec<f64>, valid| Batch::Number { values, valid };
    match (reader, kind) {
        (ColumnReader::Int32ColumnReader(r), Some(Kind::I32)) => {
            typed(r, d, rows, sink, |v: &i32| f64::from(*v), num)
        }
        (ColumnReader::Int32ColumnReader(r), Some(Kind::U32)) => {
            typed(r, d, rows, sink, |v: &i32| f64::from(*v as u32), num)
        }
        (ColumnReader::Int64ColumnReader(r), Some(Kind::I64)) => {
            typed(r, d, rows, sink, |v: &i64| *v as f64, num)
        }
        (ColumnReader::Int64ColumnReader(r), Some(Kind::U64)) => {
            typed(r, d, rows, sink, |v: &i64| *v as u64 as f64, num)
        }
        (ColumnReader::FloatColumnReader(r), Some(Kind::F32)) => {
            typed(r, d, rows, sink, |v: &f32| f64::from(*v), num)
        }
        (ColumnReader::DoubleColumnReader(r), Some(Kind::F64)) => {
            typed(r, d, rows, sink, |v: &f64| *v, num)
        }
        (ColumnReader::FixedLenByteArrayColumnReader(r), Some(Kind::F16)) => typed(
            r,
            d,
            rows,
            sink,
            |v| match v.data() {
                [lo, hi] => half_to_f64(u16::from_le_bytes([*lo, *hi])),
                _ => f64::NAN,
            },
            num,
        ),
        (ColumnReader::BoolColumnReader(r), None) => typed(
            r,
            d,
            rows,
            sink,
            |v: &bool| Some(v.to_string()),
            |values, valid| Batch::Text(with_nulls(values, valid)),
        ),
        (ColumnReader::ByteArrayColumnReader(r), None) => typed(
            r,
            d,
            rows,
            sink,
            |v| Some(String::from_utf8_lossy(v.data()).into_owned()),
            |values, valid| Batch::Text(with_nulls(values, valid)),
        ),
        _ => Err("its stored type is not one kldiv reads".into()),
    }
}

fn with_nulls(values: Vec<Option<String>>, valid: Option<Vec<bool>>) -> Vec<Option<String>> {
    match valid {
        None => values,
        Some(valid) => values
            .into_iter()
            .zip(valid)
            .map(|(v, ok)| if ok { v } else { None })
            .collect(),
    }
}

/// Reads a typed column in batches; `fill` is the value a null row holds before `make` sees the
/// validity (NaN, or None for text).
fn typed<T: DataType, V: Clone + Fill>(
    mut reader: ColumnReaderImpl<T>,
    max_def: i16,
    rows: usize,
    sink: &mut dyn FnMut(usize, &Batch) -> ColumnResult,
    convert: impl Fn(&T::T) -> V,
    make: impl Fn(Vec<V>, Option<Vec<bool>>) -> Batch,
) -> ColumnResult {
    let mut def = Vec::with_capacity(BATCH);
    let mut values = Vec::with_capacity(BATCH);
    let mut done = 0;
    while done < rows {
        def.clear();
        values.clear();
        let (records, read, _) = reader
            .read_records((rows - done).min(BATCH), Some(&mut def), None, &mut values)
            .map_err(|e| e.to_string())?;
        if records == 0 {
            return Err(format!("the column ends after {done} of its {rows} rows"));
        }
        let batch = if read == records {
            make(values.iter().map(&convert).collect(), None)
        } else {
            // Only the present values are stored: spread them over the rows by the levels.
            let mut out = Vec::with_capacity(records);
            let mut valid = Vec::with_capacity(records);
            let mut next = values.iter();
            for &l in def.iter().take(records) {
                if l == max_def {
                    let v = next.next().ok_or("fewer values than levels")?;
                    out.push(convert(v));
                    valid.push(true);
                } else {
                    out.push(V::fill());
                    valid.push(false);
                }
            }
            make(out, Some(valid))
        };
        sink(done, &batch)?;
        done += records;
    }
    Ok(())
}

/// What a null row holds.
trait Fill {
    fn fill() -> Self;
}

impl Fill for f64 {
    fn fill() -> f64 {
        f64::NAN
    }
}

impl Fill for Option<String> {
    fn fill() -> Option<String> {
        None
    }
}

fn open_npy(path: &str) -> Result<Table> {
    let array = crate::load(path, crate::Header::Detect)?;
    let (rows, d) = match array.shape[..] {
        [n] => (n, 1),
        [n, d] => (n, d),
        _ => {
            return Err(Error::format(
                path,
                None,
                format!(
                    "a .npy table must be 1-D (one column) or 2-D (rows × columns), not {}-D",
                    array.shape.len()
                ),
            ));
        }
    };
    Ok(Table {
        name: path.to_string(),
        columns: (0..d)
            .map(|c| ColumnInfo {
                name: c.to_string(),
                ty: ColumnType::Number,
            })
            .collect(),
        rows: rows as u64,
        format: Format::Npy { array },
    })
}

/// A CSV field: quotes around it dropped, spaces trimmed.
fn field(f: &str) -> &str {
    f.trim().trim_matches('"')
}

fn csv_number(f: &str) -> Option<f64> {
    match f.to_ascii_lowercase().as_str() {
        "nan" => Some(f64::NAN),
        "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
        "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
        _ => f.parse().ok(),
    }
}

fn open_csv(path: &str) -> Result<Table> {
    let io = |e| Error::io(path, e);
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut r = std::io::BufReader::new(file);
    let mut header = String::new();
    r.read_line(&mut header).map_err(io)?;
    let header_len = header.len() as u64;
    let header = header.trim_start_matches('\u{feff}').trim_end();
    let need_header = |what: &str| {
        Error::format(
            path,
            None,
            format!("a CSV table needs a header line of column names; the first line is {what}"),
        )
    };
    if header.is_empty() {
        return Err(need_header("empty"));
    }
    let names: Vec<String> = header.split(',').map(|f| field(f).to_string()).collect();
    if names.iter().all(|n| csv_number(n).is_some()) {
        return Err(need_header("numbers"));
    }
    // Numbers or text: from the first rows (a later field that is not a number is an error
    // naming its line).
    let mut numeric = vec![true; names.len()];
    let mut line = String::new();
    let mut sniffed = 0u64;
    let mut lines = 0u64;
    for _ in 0..CSV_SNIFF_ROWS {
        line.clear();
        if r.read_line(&mut line).map_err(io)? == 0 {
            break;
        }
        sniffed += line.len() as u64;
        lines += 1;
        for (c, f) in line.trim_end().split(',').enumerate() {
            let f = field(f);
            if c < numeric.len() && !f.is_empty() && csv_number(f).is_none() {
                numeric[c] = false;
            }
        }
    }
    // Chunks of about CSV_CHUNK_BYTES, each ending after a newline.
    let mut chunks = Vec::new();
    let mut start = header_len;
    let mut file = r.into_inner();
    while start < size {
        let mut end = (start + CSV_CHUNK_BYTES).min(size);
        if end < size {
            file.seek(SeekFrom::Start(end)).map_err(io)?;
            let mut rest = std::io::BufReader::new(&mut file);
            let mut tail = Vec::new();
            rest.read_until(b'\n', &mut tail).map_err(io)?;
            end += tail.len() as u64;
        }
        chunks.push((start, end));
        start = end;
    }
    // For progress only: the size over the first lines' mean length.
    let rows = (size - header_len) * lines / sniffed.max(1);
    Ok(Table {
        name: path.to_string(),
        columns: names
            .into_iter()
            .zip(numeric)
            .map(|(name, n)| ColumnInfo {
                name,
                ty: if n {
                    ColumnType::Number
                } else {
                    ColumnType::Text
                },
            })
            .collect(),
        rows,
        format: Format::Csv {
            path: path.to_string(),
            chunks,
        },
    })
}

fn read_csv_chunk(
    table: &Table,
    path: &str,
    start: u64,
    end: u64,
    picked: &[usize],
    sink: &mut dyn FnMut(usize, usize, &Batch) -> SinkResult,
) -> Result<()> {
    let name = &table.name;
    let io = |e| Error::io(name, e);
    let mut file = std::fs::File::open(path).map_err(io)?;
    file.seek(SeekFrom::Start(start)).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(end - start).read_to_end(&mut bytes).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::format(
            name,
            None,
            format!(
                "not UTF-8 text at byte {}",
                start + e.utf8_error().valid_up_to() as u64
            ),
        )
    })?;
    let ncols = table.columns.len();
    let mut nums: Vec<(Vec<f64>, Vec<bool>)> = vec![(Vec::new(), Vec::new()); ncols];
    let mut texts: Vec<Vec<Option<String>>> = vec![Vec::new(); ncols];
    let mut at = start;
    for line in text.split_inclusive('\n') {
        let offset = at;
        at += line.len() as u64;
        let line = line.trim_end();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != ncols {
            return Err(Error::format(
                name,
                None,
                format!(
                    "the line at byte {offset} has {} fields, the header {ncols}",
                    fields.len()
                ),
            ));
        }
        for &c in picked {
            let f = field(fields[c]);
            match table.columns[c].ty {
                ColumnType::Number => {
                    let (v, ok) = &mut nums[c];
                    if f.is_empty() {
                        v.push(f64::NAN);
                        ok.push(false);
                    } else {
                        let x = csv_number(f).ok_or_else(|| Error::Value {
                            file: name.clone(),
                            row: offset,
                            counted_as: "byte",
                            column: format!("'{}'", table.columns[c].name),
                            message: format!(
                                "'{f}' is not a number (the column's first rows are numbers)"
                            ),
                        })?;
                        v.push(x);
                        ok.push(true);
                    }
                }
                _ => texts[c].push((!f.is_empty()).then(|| f.to_string())),
            }
        }
    }
    for &c in picked {
        let batch = match table.columns[c].ty {
            ColumnType::Number => {
                let (values, valid) = std::mem::take(&mut nums[c]);
                let valid = (!valid.iter().all(|&v| v)).then_some(valid);
                Batch::Number { values, valid }
            }
            _ => Batch::Text(std::mem::take(&mut texts[c])),
        };
        sink(c, 0, &batch)?;
    }
    Ok(())
}
