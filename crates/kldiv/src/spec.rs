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
use crate::dist::*;
use crate::limits::{MAX_DEPTH, MAX_SPEC_LEN};
use std::fmt;
use std::str::FromStr;

/// A parsed argument value with the column where it starts.
#[derive(Debug, Clone)]
enum Value {
    Num(f64, usize),
    List(Vec<Value>, usize),
}

impl Value {
    fn column(&self) -> usize {
        match self {
            Value::Num(_, c) | Value::List(_, c) => *c,
        }
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

fn err(column: usize, message: impl Into<String>) -> Error {
    Error::Parse {
        column,
        message: message.into(),
    }
}

impl Parser {
    fn column(&self) -> usize {
        self.pos + 1
    }

    fn skip_ws(&mut self) {
        while self.pos < self.chars.len() && self.chars[self.pos].is_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.chars.get(self.pos).copied()
    }

    /// What stands at the current position, for messages.
    fn found(&mut self) -> String {
        match self.peek() {
            None => "the end".into(),
            Some(c) => format!("'{c}'"),
        }
    }

    /// The text read so far, shortened for messages.
    fn context(&self, from: usize) -> String {
        let s: String = self.chars[from..self.pos.min(self.chars.len())]
            .iter()
            .collect();
        let s = s.trim_end().to_string();
        if s.chars().count() > 40 {
            let tail: String = s
                .chars()
                .rev()
                .take(37)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            format!("…{tail}")
        } else {
            s
        }
    }

    fn expect(&mut self, c: char, after_from: usize) -> Result<(), Error> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            let found = self.found();
            Err(err(
                self.column(),
                format!(
                    "expected '{c}' after '{}', found {found}",
                    self.context(after_from)
                ),
            ))
        }
    }

    fn ident(&mut self) -> Option<(String, usize)> {
        self.skip_ws();
        let start = self.pos;
        while self.pos < self.chars.len()
            && (self.chars[self.pos].is_ascii_alphanumeric() || self.chars[self.pos] == '_')
        {
            self.pos += 1;
        }
        if self.pos == start || self.chars[start].is_ascii_digit() {
            self.pos = start;
            return None;
        }
        Some((self.chars[start..self.pos].iter().collect(), start + 1))
    }

    fn number(&mut self) -> Result<(f64, usize), Error> {
        self.skip_ws();
        let start = self.pos;
        let col = self.column();
        let at = |p: &Self, i: usize| p.chars.get(i).copied();
        let mut i = self.pos;
        if matches!(at(self, i), Some('+' | '-')) {
            i += 1;
        }
        let word_start = i;
        while at(self, i).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
        }
        if i > word_start {
            let word: String = self.chars[word_start..i].iter().collect();
            let lower = word.to_ascii_lowercase();
            let message = if lower.starts_with("inf") {
                "expected a finite number, found infinity (inf is not a parameter)".to_string()
            } else if lower == "nan" {
                "expected a number, found NaN".to_string()
            } else {
                format!("expected a number, found '{word}'")
            };
            return Err(err(col, message));
        }
        let digits = |p: &Self, mut i: usize| {
            let s = i;
            while at(p, i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            (i, i - s)
        };
        let (j, n_int) = digits(self, i);
        i = j;
        let mut n_frac = 0;
        if at(self, i) == Some('.') {
            let (j, n) = digits(self, i + 1);
            i = j;
            n_frac = n;
        }
        if n_int + n_frac == 0 {
            let found = self.found();
            return Err(err(col, format!("expected a number, found {found}")));
        }
        if matches!(at(self, i), Some('e' | 'E')) {
            let mut k = i + 1;
            if matches!(at(self, k), Some('+' | '-')) {
                k += 1;
            }
            let (j, n) = digits(self, k);
            if n == 0 {
                return Err(err(k + 1, "expected digits of an exponent"));
            }
            i = j;
        }
        let text: String = self.chars[start..i].iter().collect();
        self.pos = i;
        let v: f64 = text
            .parse()
            .map_err(|_| err(col, format!("'{text}' is not a number")))?;
        if !v.is_finite() {
            return Err(err(col, format!("'{text}' overflows a 64-bit float")));
        }
        Ok((v, col))
    }

    fn value(&mut self, depth: usize) -> Result<Value, Error> {
        if self.peek() == Some('[') {
            let col = self.column();
            if depth > MAX_DEPTH {
                return Err(err(
                    col,
                    format!("brackets nested deeper than the limit of {MAX_DEPTH}"),
                ));
            }
            let from = self.pos;
            self.pos += 1;
            let mut items = Vec::new();
            if self.peek() == Some(']') {
                return Err(err(self.column(), "expected a value in '[ ]', found ']'"));
            }
            loop {
                items.push(self.value(depth + 1)?);
                match self.peek() {
                    Some(',') => self.pos += 1,
                    Some(']') => {
                        self.pos += 1;
                        return Ok(Value::List(items, col));
                    }
                    _ => {
                        let found = self.found();
                        return Err(err(
                            self.column(),
                            format!(
                                "expected ',' or ']' after '{}', found {found}",
                                self.context(from)
                            ),
                        ));
                    }
                }
            }
        }
        let (v, c) = self.number()?;
        Ok(Value::Num(v, c))
    }

    /// family '(' args ')'
    fn atom(&mut self) -> Result<Dist, Error> {
        self.skip_ws();
        let from = self.pos;
        let Some((name, col)) = self.ident() else {
            let found = self.found();
            return Err(err(
                self.column(),
                format!("expected a distribution such as normal(0, 1), found {found}"),
            ));
        };
        let Some(family) = Family::lookup(&name) else {
            return Err(err(
                col,
                format!(
                    "unknown distribution '{name}' (known: {})",
                    Family::ALL
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        };
        self.expect('(', from)?;
        let mut positional = Vec::new();
        let mut keywords: Vec<(String, usize, Value)> = Vec::new();
        if self.peek() == Some(')') {
            self.pos += 1;
        } else {
            loop {
                let save = self.pos;
                let kw = self.ident();
                if let Some((k, kcol)) = kw {
                    if self.peek() == Some('=') {
                        self.pos += 1;
                        let v = self.value(1)?;
                        keywords.push((k, kcol, v));
                    } else {
                        self.pos = save;
                        self.skip_ws();
                        // A bare word: let number() explain (inf, nan, or a stray name).
                        let v = self.value(1)?;
                        positional.push(v);
                    }
                } else {
                    if !keywords.is_empty() {
                        self.skip_ws();
                        return Err(err(
                            self.column(),
                            "positional parameters must come before keywords",
                        ));
                    }
                    positional.push(self.value(1)?);
                }
                match self.peek() {
                    Some(',') => self.pos += 1,
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    _ => {
                        let found = self.found();
                        return Err(err(
                            self.column(),
                            format!(
                                "expected ',' or ')' after '{}', found {found}",
                                self.context(from)
                            ),
                        ));
                    }
                }
            }
        }
        let close = self.pos; // column of ')' is close (1-based of the char before)
        family.build(positional, keywords, col, close)
    }

    fn dist(&mut self) -> Result<Dist, Error> {
        let mut terms: Vec<(Option<f64>, usize, Dist)> = Vec::new();
        loop {
            self.skip_ws();
            let col = self.column();
            let weight = match self.peek() {
                Some(c) if c.is_ascii_digit() || c == '.' || c == '+' || c == '-' => {
                    let start = self.pos;
                    let (w, _) = self.number()?;
                    if self.peek() != Some('*') {
                        let found = self.found();
                        return Err(err(
                            self.column(),
                            format!(
                                "expected '*' after the weight '{}', found {found}",
                                self.context(start)
                            ),
                        ));
                    }
                    self.pos += 1;
                    Some(w)
                }
                _ => None,
            };
            let d = self.atom()?;
            terms.push((weight, col, d));
            match self.peek() {
                Some('+') => self.pos += 1,
                None => break,
                Some(c) => {
                    return Err(err(
                        self.column(),
                        format!("expected '+' or the end after a distribution, found '{c}'"),
                    ));
                }
            }
        }
        if terms.len() == 1 && terms[0].0.is_none() {
            return Ok(terms.remove(0).2);
        }
        let mut parts = Vec::with_capacity(terms.len());
        for (w, col, d) in terms {
            let Some(w) = w else {
                return Err(err(
                    col,
                    "a mixture component needs a weight, as in 0.5*normal(0, 1)",
                ));
            };
            parts.push((w, d));
        }
        Ok(Dist::Mixture(Mixture::new(parts)?))
    }
}

impl FromStr for Dist {
    type Err = Error;

    /// Parses the text language.
    ///
    /// ```
    /// use kldiv::{Dist, Univariate};
    /// let q: Dist = "0.5*normal(0, 1) + 0.5*normal(3, 1)".parse()?;
    /// assert_eq!(q.to_string(), "0.5*normal(0, 1) + 0.5*normal(3, 1)");
    /// assert!((q.univariate("pdf")?.pdf(0.0) - 0.2016).abs() < 1e-4);
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

/// Every family of the language, with its parameter names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Normal,
    LogNormal,
    Uniform,
    Exponential,
    Gamma,
    Beta,
    Laplace,
    Cauchy,
    StudentT,
    Logistic,
    Gumbel,
    Weibull,
    Chi2,
    HalfNormal,
    Pareto,
    InverseGamma,
    Bernoulli,
    Binomial,
    Poisson,
    Geometric,
    Categorical,
    MvNormal,
    Dirichlet,
}

/// A keyword that fills a slot: `Same` as given, `Inverse` as 1/value (scale for a rate).
#[derive(Clone, Copy)]
enum Fill {
    Same,
    Inverse,
}

impl Family {
    const ALL: [Family; 23] = [
        Family::Normal,
        Family::LogNormal,
        Family::Uniform,
        Family::Exponential,
        Family::Gamma,
        Family::Beta,
        Family::Laplace,
        Family::Cauchy,
        Family::StudentT,
        Family::Logistic,
        Family::Gumbel,
        Family::Weibull,
        Family::Chi2,
        Family::HalfNormal,
        Family::Pareto,
        Family::InverseGamma,
        Family::Bernoulli,
        Family::Binomial,
        Family::Poisson,
        Family::Geometric,
        Family::Categorical,
        Family::MvNormal,
        Family::Dirichlet,
    ];

    fn name(self) -> &'static str {
        match self {
            Family::Normal => "normal",
            Family::LogNormal => "lognormal",
            Family::Uniform => "uniform",
            Family::Exponential => "exponential",
            Family::Gamma => "gamma",
            Family::Beta => "beta",
            Family::Laplace => "laplace",
            Family::Cauchy => "cauchy",
            Family::StudentT => "student_t",
            Family::Logistic => "logistic",
            Family::Gumbel => "gumbel",
            Family::Weibull => "weibull",
            Family::Chi2 => "chi2",
            Family::HalfNormal => "halfnormal",
            Family::Pareto => "pareto",
            Family::InverseGamma => "inverse_gamma",
            Family::Bernoulli => "bernoulli",
            Family::Binomial => "binomial",
            Family::Poisson => "poisson",
            Family::Geometric => "geometric",
            Family::Categorical => "categorical",
            Family::MvNormal => "mvnormal",
            Family::Dirichlet => "dirichlet",
        }
    }

    fn lookup(name: &str) -> Option<Family> {
        let lower = name.to_ascii_lowercase();
        let alias = match lower.as_str() {
            "norm" | "gaussian" => Some(Family::Normal),
            "expon" => Some(Family::Exponential),
            "t" => Some(Family::StudentT),
            "invgamma" => Some(Family::InverseGamma),
            _ => None,
        };
        alias.or_else(|| Family::ALL.iter().copied().find(|f| f.name() == lower))
    }

    /// Positional parameter names, with defaults for trailing optional ones.
    fn params(self) -> &'static [(&'static str, Option<f64>)] {
        match self {
            Family::Normal => &[("mean", None), ("std", None)],
            Family::LogNormal => &[("mu", None), ("sigma", None)],
            Family::Uniform => &[("low", None), ("high", None)],
            Family::Exponential | Family::Poisson => &[("rate", None)],
            Family::Gamma => &[("shape", None), ("rate", None)],
            Family::Beta => &[("alpha", None), ("beta", None)],
            Family::Laplace | Family::Cauchy | Family::Logistic | Family::Gumbel => {
                &[("loc", None), ("scale", None)]
            }
            Family::StudentT => &[("df", None), ("loc", Some(0.0)), ("scale", Some(1.0))],
            Family::Weibull => &[("shape", None), ("scale", None)],
            Family::Chi2 => &[("df", None)],
            Family::HalfNormal => &[("scale", None)],
            Family::Pareto => &[("scale", None), ("alpha", None)],
            Family::InverseGamma => &[("shape", None), ("scale", None)],
            Family::Bernoulli | Family::Geometric => &[("p", None)],
            Family::Binomial => &[("n", None), ("p", None)],
            Family::Categorical => &[("p", None)],
            Family::MvNormal => &[("mean", None), ("cov", None)],
            Family::Dirichlet => &[("alpha", None)],
        }
    }

    /// Keyword aliases: (keyword, slot, how it fills).
    fn aliases(self) -> &'static [(&'static str, usize, Fill)] {
        match self {
            Family::Normal => &[("loc", 0, Fill::Same), ("scale", 1, Fill::Same)],
            Family::Exponential => &[("scale", 0, Fill::Inverse)],
            Family::Gamma => &[("scale", 1, Fill::Inverse)],
            _ => &[],
        }
    }

    fn build(
        self,
        positional: Vec<Value>,
        keywords: Vec<(String, usize, Value)>,
        col: usize,
        close: usize,
    ) -> Result<Dist, Error> {
        let params = self.params();
        let names = || params.iter().map(|p| p.0).collect::<Vec<_>>().join(", ");
        if positional.len() > params.len() {
            return Err(err(
                positional[params.len()].column(),
                format!(
                    "{} takes {} parameter{} ({}), got {}",
                    self.name(),
                    params.len(),
                    if params.len() == 1 { "" } else { "s" },
                    names(),
                    positional.len()
                ),
            ));
        }
        let mut slots: Vec<Option<Value>> = vec![None; params.len()];
        for (i, v) in positional.into_iter().enumerate() {
            slots[i] = Some(v);
        }
        for (k, kcol, v) in keywords {
            let direct = params
                .iter()
                .position(|p| p.0 == k)
                .map(|i| (i, Fill::Same));
            let alias = self.aliases().iter().find(|a| a.0 == k).map(|a| (a.1, a.2));
            let Some((slot, fill)) = direct.or(alias) else {
                let mut known: Vec<&str> = params.iter().map(|p| p.0).collect();
                known.extend(self.aliases().iter().map(|a| a.0));
                return Err(err(
                    kcol,
                    format!(
                        "{} has no parameter '{k}' (expected {})",
                        self.name(),
                        known.join(", ")
                    ),
                ));
            };
            if slots[slot].is_some() {
                return Err(err(
                    kcol,
                    format!("parameter '{}' is given twice", params[slot].0),
                ));
            }
            let v = match (fill, v) {
                (Fill::Inverse, Value::Num(x, c)) => Value::Num(1.0 / x, c),
                (_, v) => v,
            };
            slots[slot] = Some(v);
        }
        let mut values = Vec::with_capacity(params.len());
        for (i, slot) in slots.into_iter().enumerate() {
            match (slot, params[i].1) {
                (Some(v), _) => values.push(v),
                (None, Some(default)) => values.push(Value::Num(default, col)),
                (None, None) => {
                    return Err(err(
                        close,
                        format!(
                            "{} needs parameter '{}' ({})",
                            self.name(),
                            params[i].0,
                            names()
                        ),
                    ));
                }
            }
        }
        let scalar = |i: usize| -> Result<f64, Error> {
            match &values[i] {
                Value::Num(x, _) => Ok(*x),
                Value::List(_, c) => Err(err(
                    *c,
                    format!("expected a number for '{}', found a list", params[i].0),
                )),
            }
        };
        let vector = |i: usize| -> Result<Vec<f64>, Error> {
            match &values[i] {
                Value::List(items, _) => items
                    .iter()
                    .map(|v| match v {
                        Value::Num(x, _) => Ok(*x),
                        Value::List(_, c) => Err(err(
                            *c,
                            format!("expected a number in '{}', found a list", params[i].0),
                        )),
                    })
                    .collect(),
                Value::Num(_, c) => Err(err(
                    *c,
                    format!("expected a list [..] for '{}', found a number", params[i].0),
                )),
            }
        };
        let matrix = |i: usize| -> Result<Vec<Vec<f64>>, Error> {
            match &values[i] {
                Value::List(rows, _) => rows
                    .iter()
                    .map(|r| match r {
                        Value::List(items, _) => items
                            .iter()
                            .map(|v| match v {
                                Value::Num(x, _) => Ok(*x),
                                Value::List(_, c) => Err(err(
                                    *c,
                                    format!("expected a number in a row of '{}'", params[i].0),
                                )),
                            })
                            .collect(),
                        Value::Num(_, c) => Err(err(
                            *c,
                            format!("expected a row [..] in '{}', found a number", params[i].0),
                        )),
                    })
                    .collect(),
                Value::Num(_, c) => Err(err(
                    *c,
                    format!("expected a matrix [[..], ..] for '{}'", params[i].0),
                )),
            }
        };
        Ok(match self {
            Family::Normal => Normal::new(scalar(0)?, scalar(1)?)?.into(),
            Family::LogNormal => LogNormal::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Uniform => Uniform::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Exponential => Exponential::new(scalar(0)?)?.into(),
            Family::Gamma => Gamma::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Beta => Beta::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Laplace => Laplace::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Cauchy => Cauchy::new(scalar(0)?, scalar(1)?)?.into(),
            Family::StudentT => StudentT::new(scalar(0)?, scalar(1)?, scalar(2)?)?.into(),
            Family::Logistic => Logistic::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Gumbel => Gumbel::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Weibull => Weibull::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Chi2 => Chi2::new(scalar(0)?)?.into(),
            Family::HalfNormal => HalfNormal::new(scalar(0)?)?.into(),
            Family::Pareto => Pareto::new(scalar(0)?, scalar(1)?)?.into(),
            Family::InverseGamma => InverseGamma::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Bernoulli => Bernoulli::new(scalar(0)?)?.into(),
            Family::Binomial => Binomial::new(scalar(0)?, scalar(1)?)?.into(),
            Family::Poisson => Poisson::new(scalar(0)?)?.into(),
            Family::Geometric => Geometric::new(scalar(0)?)?.into(),
            Family::Categorical => Categorical::new(vector(0)?)?.into(),
            Family::MvNormal => MvNormal::new(vector(0)?, matrix(1)?)?.into(),
            Family::Dirichlet => Dirichlet::new(vector(0)?)?.into(),
        })
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

fn list(xs: &[f64]) -> String {
    let items: Vec<String> = xs.iter().map(|&x| format_number(x)).collect();
    format!("[{}]", items.join(", "))
}

impl fmt::Display for Dist {
    /// The canonical text, which parses back to an equal distribution.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = format_number;
        match self {
            Dist::Normal(d) => write!(f, "normal({}, {})", n(d.mu()), n(d.sigma())),
            Dist::LogNormal(d) => write!(f, "lognormal({}, {})", n(d.mu()), n(d.sigma())),
            Dist::Uniform(d) => write!(f, "uniform({}, {})", n(d.low()), n(d.high())),
            Dist::Exponential(d) => write!(f, "exponential({})", n(d.rate())),
            Dist::Gamma(d) => write!(f, "gamma({}, {})", n(d.shape()), n(d.rate())),
            Dist::Beta(d) => write!(f, "beta({}, {})", n(d.alpha()), n(d.beta())),
            Dist::Laplace(d) => write!(f, "laplace({}, {})", n(d.loc()), n(d.scale())),
            Dist::Cauchy(d) => write!(f, "cauchy({}, {})", n(d.loc()), n(d.scale())),
            Dist::StudentT(d) => write!(
                f,
                "student_t({}, {}, {})",
                n(d.df()),
                n(d.loc()),
                n(d.scale())
            ),
            Dist::Logistic(d) => write!(f, "logistic({}, {})", n(d.loc()), n(d.scale())),
            Dist::Gumbel(d) => write!(f, "gumbel({}, {})", n(d.loc()), n(d.scale())),
            Dist::Weibull(d) => write!(f, "weibull({}, {})", n(d.shape()), n(d.scale())),
            Dist::Chi2(d) => write!(f, "chi2({})", n(d.df())),
            Dist::HalfNormal(d) => write!(f, "halfnormal({})", n(d.scale())),
            Dist::Pareto(d) => write!(f, "pareto({}, {})", n(d.scale()), n(d.alpha())),
            Dist::InverseGamma(d) => {
                write!(f, "inverse_gamma({}, {})", n(d.shape()), n(d.scale()))
            }
            Dist::Bernoulli(d) => write!(f, "bernoulli({})", n(d.p())),
            Dist::Binomial(d) => write!(f, "binomial({}, {})", n(d.n()), n(d.p())),
            Dist::Poisson(d) => write!(f, "poisson({})", n(d.rate())),
            Dist::Geometric(d) => write!(f, "geometric({})", n(d.p())),
            Dist::Categorical(d) => write!(f, "categorical({})", list(d.probs())),
            Dist::Mixture(m) => {
                for (i, (w, c)) in m.weights().iter().zip(m.components()).enumerate() {
                    if i > 0 {
                        f.write_str(" + ")?;
                    }
                    write!(f, "{}*{c}", n(*w))?;
                }
                Ok(())
            }
            Dist::Dirichlet(d) => write!(f, "dirichlet(alpha={})", list(d.alpha())),
            Dist::MvNormal(d) => {
                let rows: Vec<String> = d
                    .cov()
                    .row_iter()
                    .map(|r| list(&r.iter().copied().collect::<Vec<_>>()))
                    .collect();
                write!(
                    f,
                    "mvnormal(mean={}, cov=[{}])",
                    list(d.mean()),
                    rows.join(", ")
                )
            }
        }
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
