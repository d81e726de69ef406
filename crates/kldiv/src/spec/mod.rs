//! The text language for distributions: `"0.5*normal(0,1) + 0.5*normal(3,1)"` ⇄ [`Dist`].
//!
//! ```text
//! dist    := term ('+' term)*           a sum of two or more terms is a mixture
//! term    := [number '*'] atom          a weighted term is a mixture component
//! atom    := family '(' [arg (',' arg)*] ')'
//! arg     := value | name '=' value      positional first, then keywords
//! value   := number | '[' value (',' value)* ']' | '@' FILE
//! ```
//! `@FILE` (a vector or matrix read from a file) needs a reader: [`parse_with_files`].
//! Errors name the 1-based column (in characters) and what was expected there.

use crate::Error;
use crate::dist::Dist;
use crate::limits::MAX_SPEC_LEN;
use parse::{Parser, err};

mod parse;
use std::str::FromStr;

impl FromStr for Dist {
    type Err = Error;

    /// Parses the text language.
    ///
    /// ```
    /// use kldiv::{Dist, Univariate};
    /// let q: Dist = "0.5*normal(0, 1) + 0.5*normal(3, 1)".parse()?;
    /// assert_eq!(q.to_string(), "0.5*normal(0, 1) + 0.5*normal(3, 1)");
    /// assert!((q.univariate()?.pdf(0.0) - 0.2016).abs() < 1e-4);
    /// # Ok::<(), kldiv::Error>(())
    /// ```
    fn from_str(text: &str) -> Result<Dist, Error> {
        check_length(text)?;
        parse(text, None)
    }
}

/// An array read from a file that a spec names as a parameter (`mvnormal(mean=@m.npy, …)`):
/// its values in C order and its shape (one dimension for a vector, two for a matrix).
#[derive(Debug, Clone, PartialEq)]
pub struct FileArray {
    /// The values, row after row.
    pub values: Vec<f64>,
    /// The shape.
    pub shape: Vec<usize>,
}

/// What reads the arrays that `@FILE` parameters name: the file name to its array, or a message.
pub type FileReader<'a> = dyn Fn(&str) -> Result<FileArray, String> + 'a;

/// Parses the text language where a vector or matrix parameter may be `@FILE`, read by `read`
/// (the command line reads `.npy`, `.npz:member` and text files this way).
///
/// ```
/// use kldiv::spec::{FileArray, parse_with_files};
/// let read = |name: &str| match name {
///     "m.npy" => Ok(FileArray { values: vec![0.0, 1.0], shape: vec![2] }),
///     _ => Err(format!("no file {name}")),
/// };
/// let d = parse_with_files("mvnormal(mean=@m.npy, cov=[[1, 0], [0, 1]])", &read)?;
/// assert_eq!(d.dim(), 2);
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// # Errors
/// As parsing, and a parse error naming the file when `read` fails or the array is neither a
/// vector nor a matrix.
pub fn parse_with_files(text: &str, read: &FileReader<'_>) -> Result<Dist, Error> {
    check_length(text)?;
    parse(text, Some(read))
}

fn check_length(text: &str) -> Result<(), Error> {
    if text.len() > MAX_SPEC_LEN {
        return Err(err(
            1,
            format!(
                "the spec is {} bytes, more than the limit of {MAX_SPEC_LEN}",
                text.len()
            ),
        ));
    }
    Ok(())
}

fn parse(text: &str, read: Option<&FileReader<'_>>) -> Result<Dist, Error> {
    if text.trim().is_empty() {
        return Err(err(
            1,
            "expected a distribution such as normal(0, 1), found an empty spec",
        ));
    }
    let mut p = Parser {
        chars: text.chars().collect(),
        pos: 0,
        read,
    };
    p.dist()
}

/// A number in its shortest round-trip form, without a trailing ".0" ("1", "0.5", "1e-300").
pub fn format_number(x: f64) -> String {
    let s = format!("{x:?}");
    match s.strip_suffix(".0") {
        Some(t) => t.to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_err(s: &str) -> String {
        match s.parse::<Dist>() {
            Ok(d) => panic!("{s:?} parsed as {d}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn missing_paren_names_the_column() {
        assert_eq!(
            parse_err("normal(0, 1"),
            "expected ',' or ')' after 'normal(0, 1', found the end at column 12"
        );
    }

    #[test]
    fn aliases_and_keywords() {
        let a: Dist = "norm(loc=1, scale=2)".parse().unwrap();
        assert_eq!(a.to_string(), "normal(1, 2)");
        let b: Dist = "gamma(2, scale=4)".parse().unwrap();
        assert_eq!(b.to_string(), "gamma(2, 0.25)");
        let c: Dist = "t(3)".parse().unwrap();
        assert_eq!(c.to_string(), "student_t(3, 0, 1)");
    }

    #[test]
    fn tiny_numbers_display_in_scientific_form() {
        let d: Dist = "normal(1e-300, 1e20)".parse().unwrap();
        assert_eq!(d.to_string(), "normal(1e-300, 1e20)");
    }
}
