//! Parquet tables: rows are points, the picked columns their coordinates.
//!
//! Every numeric column by default, in schema order, or the columns named with `--columns`, in
//! that order. Numeric means a plain integer (signed or unsigned, 8 to 64 bits), float16, float
//! or double; a decimal, a timestamp, a string, a boolean or a nested field is refused by name
//! and type, rather than read as a number it does not mean. A null is an error naming its column
//! and row: dropping the row would silently pair the other coordinates with a different point.
//! Rows count from 0, as in the library's message for a NaN coordinate.
//!
//! The column readers of the `parquet` crate, without arrow: a column is decoded in batches
//! into f64, then the columns are interleaved into rows.

use crate::npy::half_to_f64;
use crate::{Array, Error};
use ::parquet::basic::{ConvertedType, LogicalType, Repetition, Type as Physical};
use ::parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use ::parquet::data_type::DataType;
use ::parquet::file::reader::{ChunkReader, FileReader, SerializedFileReader};
use ::parquet::schema::types::ColumnDescriptor;

/// The file's magic number, at its start and its end.
pub(crate) const MAGIC: &[u8; 4] = b"PAR1";

/// Rows decoded per call of a column reader.
const BATCH: usize = 8192;

/// How a column's stored values become f64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    I32,
    U32,
    I64,
    U64,
    F16,
    F32,
    F64,
}

/// A numeric leaf column.
#[derive(Debug, Clone, Copy)]
struct Column {
    leaf: usize,
    kind: Kind,
    /// The definition level of a present value; a lower one marks a null.
    max_def: i16,
}

/// A top-level field of the schema.
struct Field {
    name: String,
    /// Its leaf column, or what it is when it is not a number.
    numeric: Result<Column, String>,
}

/// Reads the picked columns (all numeric ones when `columns` is None) of the Parquet data in
/// `source`; `name` is the file as the messages call it.
pub fn read<R: ChunkReader + 'static>(
    source: R,
    name: &str,
    columns: Option<&[String]>,
) -> Result<Array, Error> {
    // The parquet crate asserts some invariants of the footer instead of returning an error (a
    // negative column offset panics in `byte_range`; 23 of 30 000 damaged files in the test
    // below): a damaged file must still be a message. The panic hook is silenced meanwhile so
    // that no panic text precedes it; the CLI reads its inputs before it starts other threads.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_table(source, name, columns)
    }));
    std::panic::set_hook(previous);
    result.unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::format(
            name,
            None,
            format!("a damaged Parquet file ({why})"),
        ))
    })
}

/// [`read`], which may panic on a damaged file.
fn read_table<R: ChunkReader + 'static>(
    source: R,
    name: &str,
    columns: Option<&[String]>,
) -> Result<Array, Error> {
    let format = |message: String| Error::format(name, None, message);
    let file = SerializedFileReader::new(source)
        .map_err(|e| format(format!("not a readable Parquet file: {e}")))?;
    let fields = fields(&file);
    if fields.is_empty() {
        return Err(format("no columns".into()));
    }
    let numeric = || {
        let names: Vec<&str> = fields
            .iter()
            .filter(|f| f.numeric.is_ok())
            .map(|f| f.name.as_str())
            .collect();
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    let picked: Vec<Column> = match columns {
        None => fields
            .iter()
            .map(|f| {
                f.numeric.clone().map_err(|what| Error::Column {
                    file: name.to_string(),
                    column: f.name.clone(),
                    message: format!(
                        "is {what}, not a number; pick numeric columns with --columns (numeric \
                         here: {})",
                        numeric()
                    ),
                })
            })
            .collect::<Result<_, Error>>()?,
        Some(wanted) => {
            let mut out = Vec::with_capacity(wanted.len());
            for c in wanted {
                let f = fields.iter().find(|f| f.name == *c).ok_or_else(|| {
                    let all: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
                    Error::no_column(name, c, &all)
                })?;
                out.push(f.numeric.clone().map_err(|what| Error::Column {
                    file: name.to_string(),
                    column: c.clone(),
                    message: format!("is {what}, not a number (numeric columns: {})", numeric()),
                })?);
            }
            out
        }
    };
    let rows = usize::try_from(file.metadata().file_metadata().num_rows())
        .map_err(|_| format("the footer gives a negative number of rows".into()))?;
    if rows == 0 {
        return Err(format("no rows".into()));
    }
    let column_name = |leaf: usize| {
        fields
            .iter()
            .find(|f| f.numeric.as_ref().is_ok_and(|c| c.leaf == leaf))
            .map_or("?", |f| f.name.as_str())
    };
    // Grown as values arrive, not sized by the footer, which a damaged file can overstate.
    let mut cols: Vec<Vec<f64>> = picked.iter().map(|_| Vec::new()).collect();
    let mut start = 0; // the first row of the current row group
    for g in 0..file.num_row_groups() {
        let group = file
            .get_row_group(g)
            .map_err(|e| format(format!("row group {g}: {e}")))?;
        let group_rows = usize::try_from(group.metadata().num_rows()).unwrap_or(0);
        for (c, out) in picked.iter().zip(&mut cols) {
            let in_column = |message: String| Error::Column {
                file: name.to_string(),
                column: column_name(c.leaf).to_string(),
                message,
            };
            let reader = group
                .get_column_reader(c.leaf)
                .map_err(|e| in_column(e.to_string()))?;
            let null = read_column(reader, c, group_rows, out).map_err(in_column)?;
            if let Some(at) = null {
                return Err(Error::Value {
                    file: name.to_string(),
                    row: (start + at) as u64,
                    counted_as: "row",
                    column: format!("'{}'", column_name(c.leaf)),
                    message: "missing value (null): every coordinate must be a number (drop or \
                              fill the missing values first)"
                        .into(),
                });
            }
        }
        start += group_rows;
    }
    if cols.iter().any(|c| c.len() != rows) {
        return Err(format(format!(
            "the row groups hold fewer rows than the footer's {rows}"
        )));
    }
    let mut data = Vec::with_capacity(rows * cols.len());
    for i in 0..rows {
        data.extend(cols.iter().map(|c| c.get(i).copied().unwrap_or(f64::NAN)));
    }
    let names = picked
        .iter()
        .map(|c| column_name(c.leaf).to_string())
        .collect();
    let mut array = Array::table(data, rows, cols.len());
    array.names = Some(names);
    Ok(array)
}

/// The top-level fields in schema order, each with its leaf column when it is a number.
fn fields<R: ChunkReader + 'static>(file: &SerializedFileReader<R>) -> Vec<Field> {
    let schema = file.metadata().file_metadata().schema_descr();
    schema
        .root_schema()
        .get_fields()
        .iter()
        .enumerate()
        .map(|(root, t)| {
            let numeric = if t.is_group() {
                Err("a nested group (a list, map or struct)".to_string())
            } else if t.get_basic_info().repetition() == Repetition::REPEATED {
                Err("a repeated field (a list)".to_string())
            } else {
                // A primitive top-level field is exactly one leaf column.
                (0..schema.num_columns())
                    .find(|&leaf| schema.get_column_root_idx(leaf) == root)
                    .ok_or_else(|| "a field without a column".to_string())
                    .and_then(|leaf| {
                        let c = schema.column(leaf);
                        kind(&c).map(|kind| Column {
                            leaf,
                            kind,
                            max_def: c.max_def_level(),
                        })
                    })
            };
            Field {
                name: t.name().to_string(),
                numeric,
            }
        })
        .collect()
}

/// How to read a leaf column as f64, or what it is when it is not a number.
pub(crate) fn kind(c: &ColumnDescriptor) -> Result<Kind, String> {
    use ConvertedType as C;
    let physical = c.physical_type();
    // The logical type (or the older converted type) says what the stored integers or bytes
    // mean: a decimal's or a timestamp's integers are not its value.
    match c.logical_type_ref() {
        Some(LogicalType::Integer(t)) => {
            return match (physical, t.is_signed) {
                (Physical::INT32, true) => Ok(Kind::I32),
                (Physical::INT32, false) => Ok(Kind::U32),
                (Physical::INT64, true) => Ok(Kind::I64),
                (Physical::INT64, false) => Ok(Kind::U64),
                _ => Err(format!("an integer stored as {physical}")),
            };
        }
        Some(LogicalType::Float16) if physical == Physical::FIXED_LEN_BYTE_ARRAY => {
            return if c.type_length() == 2 {
                Ok(Kind::F16)
            } else {
                Err(format!("a float16 of {} bytes", c.type_length()))
            };
        }
        Some(LogicalType::Decimal(d)) => {
            return Err(format!("a decimal({}, {})", d.precision, d.scale));
        }
        Some(LogicalType::String | LogicalType::Enum | LogicalType::Json) => {
            return Err("a string".into());
        }
        Some(LogicalType::Date) => return Err("a date".into()),
        Some(LogicalType::Time(_)) => return Err("a time of day".into()),
        Some(LogicalType::Timestamp(_)) => return Err("a timestamp".into()),
        Some(LogicalType::Unknown) => return Err("always null (type null)".into()),
        Some(other) => return Err(format!("of logical type {other:?}")),
        None => {}
    }
    match c.converted_type() {
        C::NONE | C::INT_8 | C::INT_16 | C::INT_32 | C::INT_64 => {}
        C::UINT_8 | C::UINT_16 | C::UINT_32 => return Ok(Kind::U32),
        C::UINT_64 => return Ok(Kind::U64),
        C::DECIMAL => {
            return Err(format!(
                "a decimal({}, {})",
                c.type_precision(),
                c.type_scale()
            ));
        }
        C::UTF8 | C::ENUM | C::JSON => return Err("a string".into()),
        C::DATE => return Err("a date".into()),
        C::TIME_MILLIS | C::TIME_MICROS => return Err("a time of day".into()),
        C::TIMESTAMP_MILLIS | C::TIMESTAMP_MICROS => return Err("a timestamp".into()),
        other => return Err(format!("of converted type {other}")),
    }
    match physical {
        Physical::INT32 => Ok(Kind::I32),
        Physical::INT64 => Ok(Kind::I64),
        Physical::FLOAT => Ok(Kind::F32),
        Physical::DOUBLE => Ok(Kind::F64),
        Physical::BOOLEAN => Err("a boolean".into()),
        Physical::INT96 => Err("an INT96 timestamp".into()),
        Physical::BYTE_ARRAY => Err("binary".into()),
        Physical::FIXED_LEN_BYTE_ARRAY => Err("fixed-length binary".into()),
    }
}

/// Appends the `rows` values of one column chunk to `out` as f64; the first null's row within
/// the chunk, if any.
fn read_column(
    reader: ColumnReader,
    c: &Column,
    rows: usize,
    out: &mut Vec<f64>,
) -> Result<Option<usize>, String> {
    let d = c.max_def;
    match (reader, c.kind) {
        (ColumnReader::Int32ColumnReader(r), Kind::I32) => {
            read_typed(r, d, rows, out, |v: &i32| f64::from(*v))
        }
        // An unsigned 32-bit integer is stored in the bits of an INT32.
        (ColumnReader::Int32ColumnReader(r), Kind::U32) => {
            read_typed(r, d, rows, out, |v: &i32| f64::from(*v as u32))
        }
        // 64-bit integers round to the nearest double, as numpy's astype(float64) does.
        (ColumnReader::Int64ColumnReader(r), Kind::I64) => {
            read_typed(r, d, rows, out, |v: &i64| *v as f64)
        }
        (ColumnReader::Int64ColumnReader(r), Kind::U64) => {
            read_typed(r, d, rows, out, |v: &i64| *v as u64 as f64)
        }
        (ColumnReader::FloatColumnReader(r), Kind::F32) => {
            read_typed(r, d, rows, out, |v: &f32| f64::from(*v))
        }
        (ColumnReader::DoubleColumnReader(r), Kind::F64) => read_typed(r, d, rows, out, |v| *v),
        (ColumnReader::FixedLenByteArrayColumnReader(r), Kind::F16) => {
            read_typed(r, d, rows, out, |v| match v.data() {
                [lo, hi] => half_to_f64(u16::from_le_bytes([*lo, *hi])),
                _ => f64::NAN,
            })
        }
        (_, kind) => Err(format!("its stored type does not match {kind:?}")),
    }
}

fn read_typed<T: DataType>(
    mut reader: ColumnReaderImpl<T>,
    max_def: i16,
    rows: usize,
    out: &mut Vec<f64>,
    convert: impl Fn(&T::T) -> f64,
) -> Result<Option<usize>, String> {
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
        if read < records {
            // Only the non-null values are stored: a definition level below the maximum marks
            // a null.
            let at = def.iter().position(|&d| d < max_def).unwrap_or(0);
            return Ok(Some(done + at));
        }
        out.extend(values.iter().map(&convert));
        done += records;
    }
    Ok(None)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)] // flipping bytes at in-range positions
mod tests {
    //! Damaged files must read or fail with a message, never panic (the random-input harness of
    //! arrays.rs, on the committed Parquet fixtures).
    use super::*;
    use rand::{Rng, RngExt, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/data/parquet")
                .join(name),
        )
        .unwrap_or_default()
    }

    #[test]
    fn damaged_files_fail_with_a_message() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(12);
        let files: Vec<Vec<u8>> = [
            "x.parquet",
            "ints_x.parquet",
            "mixed.parquet",
            "nulls.parquet",
        ]
        .iter()
        .map(|f| fixture(f))
        .collect();
        assert!(files.iter().all(|b| !b.is_empty()));
        let all = ["a".to_string(), "x".to_string()];
        // How many read, failed, and failed by a panic of the parquet crate.
        let mut tally = [0usize; 3];
        for n in 0..30000 {
            let mut b = files[n % files.len()].clone();
            for _ in 0..rng.random_range(1..4) {
                let at = rng.random_range(0..b.len());
                b[at] = rng.next_u64() as u8;
            }
            if rng.random_bool(0.2) {
                b.truncate(rng.random_range(1..=b.len()));
            }
            let columns = rng.random_bool(0.5).then_some(&all[..1]);
            match read(bytes::Bytes::from(b), "f", columns) {
                Ok(a) => {
                    tally[0] += 1;
                    assert_eq!(a.data().len(), a.shape.iter().product::<usize>());
                }
                Err(e) if e.to_string().contains("damaged") => tally[2] += 1,
                Err(_) => tally[1] += 1,
            }
        }
        eprintln!("damaged Parquet files: {tally:?} read, failed, failed by a panic");
        assert_eq!(tally.iter().sum::<usize>(), 30000);
    }
}
