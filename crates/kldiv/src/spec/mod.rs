//! The text language for distributions: `"0.5*normal(0,1) + 0.5*normal(3,1)"` ⇄ [`Dist`].
//!
//! ```text
//! dist    := term ('+' term)*           a sum of two or more terms is a mixture
//! term    := [number '*'] atom          a weighted term is a mixture component
//! atom    := family '(' [arg (',' arg)*] ')'
//! arg     := value | name '=' value      positional first, then keywords
//! value   := number | '[' value (',' value)* ']'
//! ```
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
        if text.len() > MAX_SPEC_LEN {
            return Err(err(
                1,
                format!(
                    "the spec is {} bytes, more than the limit of {MAX_SPEC_LEN}",
                    text.len()
                ),
            ));
        }
        if text.trim().is_empty() {
            return Err(err(
                1,
                "expected a distribution such as normal(0, 1), found an empty spec",
            ));
        }
        let mut p = Parser {
            chars: text.chars().collect(),
            pos: 0,
        };
        p.dist()
    }
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
