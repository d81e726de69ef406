//! The one error type of the readers and writers: each names the file (or `<stdin>`), and where
//! it is known the member of an archive, the row and the column.

use std::fmt;

/// What went wrong reading or writing an array, and where.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened, mapped, read or written.
    Io {
        /// The file.
        file: String,
        /// "read" or "write".
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The bytes are not what the format says (a header, the zip structure, a dtype, a ragged
    /// table, a damaged Parquet footer).
    Format {
        /// The file.
        file: String,
        /// The member of an `.npz` archive, where the fault is inside one.
        member: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// One value of a table that is not a number, or is missing.
    Value {
        /// The file.
        file: String,
        /// The row: the line of a text file (1-based), the row of a Parquet table (0-based,
        /// as pandas counts).
        row: u64,
        /// How `row` counts: "line" (text) or "row" (a table).
        counted_as: &'static str,
        /// The column: its name in quotes where the file names it, else its 1-based position.
        column: String,
        /// What is wrong ("missing value", "'x' is not a number").
        message: String,
    },
    /// A column asked for that the file lacks, or one that is not numeric.
    Column {
        /// The file.
        file: String,
        /// The column.
        column: String,
        /// What is wrong, with the columns the file has.
        message: String,
    },
    /// What was asked cannot be read that way (columns by name from a file without names, a
    /// directory, a file over the size limit, an archive without a member named).
    Request {
        /// What is wrong and what to do instead.
        message: String,
    },
}

impl Error {
    pub(crate) fn io(file: &str, source: std::io::Error) -> Error {
        Error::Io {
            file: file.to_string(),
            action: "read",
            source,
        }
    }

    pub(crate) fn io_write(file: &str, source: std::io::Error) -> Error {
        Error::Io {
            file: file.to_string(),
            action: "write",
            source,
        }
    }

    pub(crate) fn format(file: &str, member: Option<String>, message: String) -> Error {
        Error::Format {
            file: file.to_string(),
            member,
            message,
        }
    }

    pub(crate) fn no_column(file: &str, column: &str, names: &[String]) -> Error {
        Error::Column {
            file: file.to_string(),
            column: column.to_string(),
            message: format!("does not exist (it has: {})", names.join(", ")),
        }
    }

    /// The file the error is about, where there is one.
    pub fn file(&self) -> Option<&str> {
        match self {
            Error::Io { file, .. }
            | Error::Format { file, .. }
            | Error::Value { file, .. }
            | Error::Column { file, .. } => Some(file),
            Error::Request { .. } => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io {
                file,
                action,
                source,
            } => write!(f, "cannot {action} '{file}': {source}"),
            Error::Format {
                file,
                member: Some(m),
                message,
            } => write!(f, "'{file}' member '{m}': {message}"),
            Error::Format {
                file,
                member: None,
                message,
            } => write!(f, "'{file}': {message}"),
            Error::Value {
                file,
                row,
                counted_as,
                column,
                message,
            } => write!(f, "'{file}' {counted_as} {row}, column {column}: {message}"),
            Error::Column {
                file,
                column,
                message,
            } => write!(f, "'{file}': column '{column}' {message}"),
            Error::Request { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
