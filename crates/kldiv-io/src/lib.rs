//! Every file format kldiv reads and writes, in one place: `.npy` of any numeric dtype and
//! shape (memory-mapped when it can be used in place), `.npz` members (`file.npz:name`), CSV
//! or whitespace text with an optional header line, Parquet tables (feature `parquet`, on by
//! default), standard input (`-`: text, `.npy` or Parquet), and inline lists such as
//! `[0.1, 0.2, 0.7]`; the `.npy` writer; and the reader of `@FILE` parameters in the text
//! language ([`parse_spec`]), so that `mvnormal(mean=@m.npy, cov=@S.npy)` reads the same from
//! Rust, the command line and Python.
//!
//! ```
//! let a = kldiv_io::load("[[0.1, 0.9], [0.5, 0.5]]", kldiv_io::Header::Detect)?;
//! assert_eq!(a.shape, vec![2, 2]);
//! assert_eq!(a.data(), &[0.1, 0.9, 0.5, 0.5]);
//! # Ok::<(), kldiv_io::Error>(())
//! ```
//!
//! An aligned little-endian f8 `.npy` in C order is used in place; every other dtype or layout
//! is converted to f64 in one pass, as `astype(float64)`. Like `numpy.loadtxt`, a text file with
//! a single row or column is 1-D; `#` starts a comment; `nan`, `inf` and `-inf` are numbers.
//! Errors ([`Error`]) name the file, the member, the row and the column.

use std::io::Read;

#[cfg(feature = "parquet")]
pub mod columns;
mod error;
mod inline;
mod npy;
mod npz;
#[cfg(feature = "parquet")]
mod parquet;
mod text;

pub use error::Error;
pub use npy::write_npy;

use inline::parse_inline;
use npy::{NPY_MAGIC, load_npy_file, parse_npy};
use npz::load_npz;
use text::{parse_text_named, pick_text_columns, short};

/// The largest array file read whole (text, stdin or a compressed member), in bytes.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// How messages name standard input.
const STDIN: &str = "<stdin>";

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
    /// An array of `data` in C order with `shape`.
    ///
    /// # Errors
    /// When the shape's product is not `data.len()`.
    pub fn new(data: Vec<f64>, shape: Vec<usize>) -> Result<Array, Error> {
        if shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d)) != Some(data.len()) {
            return Err(Error::Request {
                message: format!(
                    "{} values do not fill the shape {}",
                    data.len(),
                    kldiv::arrays::show_shape(&shape)
                ),
            });
        }
        Ok(Array::owned(data, shape))
    }

    pub(crate) fn owned(data: Vec<f64>, shape: Vec<usize>) -> Array {
        Array {
            values: Values::Owned(data),
            shape,
            names: None,
        }
    }

    pub(crate) fn mapped(map: memmap2::Mmap, start: usize, len: usize, shape: Vec<usize>) -> Array {
        Array {
            values: Values::Mapped { map, start, len },
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Header {
    /// Skip it when every field is a name rather than a number.
    #[default]
    Detect,
    /// Always skip it.
    Skip,
}

/// Reads the array named by `arg`: a file, `file.npz:member`, `-` for standard input, or an
/// inline list.
///
/// # Errors
/// An [`Error`] naming the file (member, row, column) and what is wrong.
pub fn load(arg: &str, header: Header) -> Result<Array, Error> {
    load_columns(arg, header, None)
}

/// Checks a list of column names: none empty, none twice.
///
/// # Errors
/// [`Error::Request`] naming the empty or repeated name.
pub fn check_columns(columns: &[String]) -> Result<(), Error> {
    for (i, c) in columns.iter().enumerate() {
        let bad = |message: String| Err(Error::Request { message });
        if c.trim().is_empty() {
            return bad(format!(
                "--columns: name {} of {} is empty",
                i + 1,
                columns.len()
            ));
        }
        if columns.get(..i).is_some_and(|before| before.contains(c)) {
            return bad(format!("--columns: '{c}' is named twice"));
        }
    }
    Ok(())
}

/// Reads the array named by `arg`; with `columns`, only the columns of a table (a text file with
/// a header line, or Parquet) with those names, in that order.
///
/// # Errors
/// An [`Error`] naming the file (member, row, column) and what is wrong.
pub fn load_columns(arg: &str, header: Header, columns: Option<&[String]>) -> Result<Array, Error> {
    let unnamed = |what: &str| Error::Request {
        message: format!(
            "--columns picks columns by name, and {what} has none (a header line of a CSV or \
             text file names them, and so does Parquet's schema)"
        ),
    };
    if arg.trim_start().starts_with('[') {
        if columns.is_some() {
            return Err(unnamed("an inline list"));
        }
        return parse_inline(arg)
            .map_err(|m| Error::format(&format!("the list '{}'", short(arg)), None, m));
    }
    if arg == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(STDIN, e))?;
        #[cfg(feature = "parquet")]
        if bytes.starts_with(parquet::MAGIC) {
            return parquet::read(bytes::Bytes::from(bytes), STDIN, columns);
        }
        if bytes.starts_with(NPY_MAGIC) {
            if columns.is_some() {
                return Err(unnamed("the .npy on standard input"));
            }
            return parse_npy(&bytes).map_err(|m| Error::format(STDIN, None, m));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::format(
                STDIN,
                None,
                format!(
                    "neither .npy nor UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        let (array, names) = parse_text_named(&text, STDIN, header)?;
        return pick_text_columns(array, names, columns, STDIN);
    }
    if let Some((file, member)) = npz_member(arg) {
        if columns.is_some() {
            return Err(unnamed(&format!("the .npz member '{arg}'")));
        }
        return load_npz(file, member);
    }
    let meta = std::fs::metadata(arg).map_err(|e| Error::io(arg, e))?;
    if meta.is_dir() {
        return Err(Error::Request {
            message: format!("'{arg}' is a directory, not an array file"),
        });
    }
    let mut head = [0u8; 6];
    let read_head = std::fs::File::open(arg)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok();
    if arg.to_ascii_lowercase().ends_with(".parquet") || (read_head && head.starts_with(b"PAR1")) {
        #[cfg(feature = "parquet")]
        {
            let file = std::fs::File::open(arg).map_err(|e| Error::io(arg, e))?;
            return parquet::read(file, arg, columns);
        }
        #[cfg(not(feature = "parquet"))]
        return Err(Error::Request {
            message: format!(
                "'{arg}' is Parquet, and this build reads no Parquet (feature 'parquet')"
            ),
        });
    }
    if read_head && head == *NPY_MAGIC {
        if columns.is_some() {
            return Err(unnamed(&format!("the .npy '{arg}'")));
        }
        return load_npy_file(arg);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Request {
            message: format!(
                "'{arg}' is {} bytes, more than the limit of {MAX_FILE_BYTES} for text",
                meta.len()
            ),
        });
    }
    let bytes = std::fs::read(arg).map_err(|e| Error::io(arg, e))?;
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::Request {
            message: format!("'{arg}' is a zip archive: name a member of an .npz as '{arg}:NAME'"),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::format(
            arg,
            None,
            format!(
                "neither .npy nor UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let (array, names) = parse_text_named(&text, arg, header)?;
    pick_text_columns(array, names, columns, arg)
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

/// Reads the vector or matrix that a `@FILE` parameter of a spec names: a path relative to
/// `dir` when given (a spec file's own directory), else to the working directory. The hook of
/// [`kldiv::spec::parse_with_files`].
///
/// # Errors
/// The reader's message, naming the file.
pub fn read_parameter(
    dir: Option<&std::path::Path>,
    name: &str,
) -> Result<kldiv::spec::FileArray, String> {
    let path = match dir {
        Some(d) if std::path::Path::new(name).is_relative() => d.join(name),
        _ => std::path::PathBuf::from(name),
    };
    let a = load(&path.to_string_lossy(), Header::Detect).map_err(|e| e.to_string())?;
    Ok(kldiv::spec::FileArray {
        values: a.data().to_vec(),
        shape: a.shape.clone(),
    })
}

/// Parses the text language with `@FILE` parameters read from files (relative to `dir`, or the
/// working directory).
///
/// ```no_run
/// let p = kldiv_io::parse_spec("mvnormal(mean=@m.npy, cov=@S.npy)", None)?;
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// # Errors
/// As [`kldiv::spec::parse_with_files`].
pub fn parse_spec(text: &str, dir: Option<&std::path::Path>) -> Result<kldiv::Dist, kldiv::Error> {
    kldiv::spec::parse_with_files(text, &|name: &str| read_parameter(dir, name))
}

#[cfg(test)]
mod tests;
