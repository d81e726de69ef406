//! How a family declares itself to the text language: its name, aliases and parameters, and the
//! two conversions between parsed arguments and the validated type.
//!
//! Each family implements [`Family`] in its own file; the table in `dist/mod.rs` names each
//! family once, and the [`Dist`] enum, parsing, display, sampling and [`FAMILIES`] follow from it.

use super::Dist;
use crate::Error;

/// The shape of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number: `normal(0, 1)`.
    Scalar,
    /// A list of numbers: `categorical([0.2, 0.8])`.
    Vector,
    /// A list of rows: `cov=[[1, 0], [0, 1]]`.
    Matrix,
}

/// One parameter of a family, in positional order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Param {
    /// Its name, also its keyword.
    pub name: &'static str,
    /// The shape of its value.
    pub kind: Kind,
    /// The value taken when this (trailing) parameter is left out.
    pub default: Option<f64>,
    /// Values worth exploring, `(low, high)`, inside the parameter's domain: the range of an
    /// interactive slider (`kldiv serve`). `None` for lists and matrices.
    pub range: Option<(f64, f64)>,
}

impl Param {
    /// A required number.
    pub const fn scalar(name: &'static str) -> Param {
        Param {
            name,
            kind: Kind::Scalar,
            default: None,
            range: None,
        }
    }

    /// A number that may be left out.
    pub const fn optional(name: &'static str, default: f64) -> Param {
        Param {
            name,
            kind: Kind::Scalar,
            default: Some(default),
            range: None,
        }
    }

    /// The same parameter with the range of values worth exploring (a slider's).
    pub const fn range(self, low: f64, high: f64) -> Param {
        Param {
            range: Some((low, high)),
            ..self
        }
    }

    /// A required list.
    pub const fn vector(name: &'static str) -> Param {
        Param {
            name,
            kind: Kind::Vector,
            default: None,
            range: None,
        }
    }

    /// A required matrix.
    pub const fn matrix(name: &'static str) -> Param {
        Param {
            name,
            kind: Kind::Matrix,
            default: None,
            range: None,
        }
    }
}

/// A keyword that fills a parameter under another name: `scale` for a `rate` is its reciprocal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyword {
    /// The keyword.
    pub name: &'static str,
    /// The index of the parameter it fills.
    pub param: usize,
    /// Whether it gives the reciprocal of the parameter.
    pub reciprocal: bool,
}

/// A parameter value as written, with the 1-based column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number.
    Number(f64, usize),
    /// A bracketed list (of numbers, or of lists for a matrix).
    List(Vec<Value>, usize),
}

impl Value {
    /// The column where the value starts.
    pub fn column(&self) -> usize {
        match self {
            Value::Number(_, c) | Value::List(_, c) => *c,
        }
    }
}

/// A parameter value of a built distribution, for display.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A number.
    Number(f64),
    /// A list.
    Vector(Vec<f64>),
    /// Rows of a matrix.
    Matrix(Vec<Vec<f64>>),
}

/// The arguments of one atom, one per parameter once keywords and defaults are resolved.
pub struct Args<'a> {
    family: &'static str,
    params: &'static [Param],
    values: &'a [Value],
}

fn parse_error(column: usize, message: String) -> Error {
    Error::Parse { column, message }
}

impl<'a> Args<'a> {
    /// Arguments for `params`, one value each.
    pub(crate) fn new(family: &'static str, params: &'static [Param], values: &'a [Value]) -> Self {
        Args {
            family,
            params,
            values,
        }
    }

    fn value(&self, i: usize) -> Result<&Value, Error> {
        self.values.get(i).ok_or_else(|| Error::InvalidShape {
            family: self.family,
            message: format!("parameter {} is missing", i + 1),
        })
    }

    fn name(&self, i: usize) -> &'static str {
        self.params.get(i).map_or("?", |p| p.name)
    }

    /// Parameter `i` as a number.
    ///
    /// # Errors
    /// When it is a list.
    pub fn scalar(&self, i: usize) -> Result<f64, Error> {
        match self.value(i)? {
            Value::Number(x, _) => Ok(*x),
            Value::List(_, c) => Err(parse_error(
                *c,
                format!("expected a number for '{}', found a list", self.name(i)),
            )),
        }
    }

    /// Parameter `i` as a whole number ≥ 0 (a count such as binomial's n).
    ///
    /// # Errors
    /// When it is a list, negative or fractional.
    pub fn count(&self, i: usize) -> Result<u64, Error> {
        let x = self.scalar(i)?;
        if x >= 0.0 && x == x.floor() {
            // Saturates above u64::MAX, where the family's own limit then speaks.
            Ok(x as u64)
        } else {
            Err(Error::InvalidParameter {
                family: self.family,
                param: self.name(i),
                value: x,
                expected: "an integer ≥ 0",
            })
        }
    }

    /// Parameter `i` as a list of numbers.
    ///
    /// # Errors
    /// When it is a number or a list of lists.
    pub fn vector(&self, i: usize) -> Result<Vec<f64>, Error> {
        match self.value(i)? {
            Value::List(items, _) => items
                .iter()
                .map(|v| match v {
                    Value::Number(x, _) => Ok(*x),
                    Value::List(_, c) => Err(parse_error(
                        *c,
                        format!("expected a number in '{}', found a list", self.name(i)),
                    )),
                })
                .collect(),
            Value::Number(_, c) => Err(parse_error(
                *c,
                format!(
                    "expected a list [..] for '{}', found a number",
                    self.name(i)
                ),
            )),
        }
    }

    /// Parameter `i` as rows of numbers.
    ///
    /// # Errors
    /// When it is not a list of lists of numbers.
    pub fn matrix(&self, i: usize) -> Result<Vec<Vec<f64>>, Error> {
        match self.value(i)? {
            Value::List(rows, _) => rows
                .iter()
                .map(|r| match r {
                    Value::List(items, _) => items
                        .iter()
                        .map(|v| match v {
                            Value::Number(x, _) => Ok(*x),
                            Value::List(_, c) => Err(parse_error(
                                *c,
                                format!("expected a number in a row of '{}'", self.name(i)),
                            )),
                        })
                        .collect(),
                    Value::Number(_, c) => Err(parse_error(
                        *c,
                        format!("expected a row [..] in '{}', found a number", self.name(i)),
                    )),
                })
                .collect(),
            Value::Number(_, c) => Err(parse_error(
                *c,
                format!("expected a matrix [[..], ..] for '{}'", self.name(i)),
            )),
        }
    }
}

/// A family of the text language. Implemented once per family, in the family's own file.
pub trait Family: Sized + Into<Dist> {
    /// The name as the text language spells it, e.g. `"student_t"`.
    const NAME: &'static str;
    /// Other names accepted, e.g. `["t"]`.
    const ALIASES: &'static [&'static str] = &[];
    /// Parameters in positional order.
    const PARAMS: &'static [Param];
    /// Keywords that fill a parameter under another name.
    const KEYWORDS: &'static [Keyword] = &[];
    /// Whether the canonical text names every parameter (`dirichlet(alpha=[..])`).
    const SHOW_NAMES: bool = false;

    /// Builds the distribution from parsed arguments, validating them.
    ///
    /// # Errors
    /// When an argument has the wrong shape or is out of its domain.
    fn from_args(args: &Args<'_>) -> Result<Self, Error>;

    /// The parameters, in the order of `PARAMS`, for display.
    fn args(&self) -> Vec<Arg>;
}

/// One row of the family table.
#[derive(Clone, Copy)]
pub struct FamilyInfo {
    /// The name as the text language spells it.
    pub name: &'static str,
    /// Other names accepted.
    pub aliases: &'static [&'static str],
    /// Parameters in positional order.
    pub params: &'static [Param],
    /// Keywords that fill a parameter under another name.
    pub keywords: &'static [Keyword],
    /// Whether a draw is one number (false for dirichlet, mvnormal, ...).
    pub univariate: bool,
    pub(crate) build: fn(&Args<'_>) -> Result<Dist, Error>,
}

impl std::fmt::Debug for FamilyInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FamilyInfo")
            .field("name", &self.name)
            .field("aliases", &self.aliases)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl FamilyInfo {
    pub(crate) const fn of<F: Family>(univariate: bool) -> FamilyInfo {
        FamilyInfo {
            name: F::NAME,
            aliases: F::ALIASES,
            params: F::PARAMS,
            keywords: F::KEYWORDS,
            univariate,
            build: |a| Ok(F::from_args(a)?.into()),
        }
    }

    /// The family called `name` (or one of its aliases), ignoring case.
    pub fn lookup(name: &str) -> Option<&'static FamilyInfo> {
        let lower = name.to_ascii_lowercase();
        super::FAMILIES
            .iter()
            .find(|f| f.name == lower || f.aliases.contains(&lower.as_str()))
    }
}

/// The canonical text of one atom: `normal(0, 1)`, `dirichlet(alpha=[1, 2])`.
pub(crate) fn write_atom<F: Family>(d: &F, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    use crate::spec::format_number as n;
    let list = |xs: &[f64]| {
        format!(
            "[{}]",
            xs.iter().map(|&x| n(x)).collect::<Vec<_>>().join(", ")
        )
    };
    write!(f, "{}(", F::NAME)?;
    for (i, (param, arg)) in F::PARAMS.iter().zip(d.args()).enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        if F::SHOW_NAMES {
            write!(f, "{}=", param.name)?;
        }
        match arg {
            Arg::Number(x) => f.write_str(&n(x))?,
            Arg::Vector(v) => f.write_str(&list(&v))?,
            Arg::Matrix(rows) => {
                let rows: Vec<String> = rows.iter().map(|r| list(r)).collect();
                write!(f, "[{}]", rows.join(", "))?;
            }
        }
    }
    f.write_str(")")
}
