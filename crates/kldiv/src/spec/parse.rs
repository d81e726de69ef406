//! The parser: characters → atoms and mixtures, with the column of every mistake.

use crate::Error;
use crate::dist::family::{Args, Kind, Value};
use crate::dist::{Dist, FamilyInfo, GaussianMixture, Mixture};
use crate::limits::MAX_DEPTH;

pub(super) struct Parser<'r> {
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
    /// Reads the arrays that `@FILE` parameters name, when the caller can.
    pub(super) read: Option<&'r super::FileReader<'r>>,
}

pub(super) fn err(column: usize, message: impl Into<String>) -> Error {
    Error::Parse {
        column,
        message: message.into(),
    }
}

impl Parser<'_> {
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
        if self.peek() == Some('@') {
            return self.file_value();
        }
        let (v, c) = self.number()?;
        Ok(Value::Number(v, c))
    }

    /// `@FILE`: a vector or matrix from a file, up to the next ',', ')' or ']'.
    fn file_value(&mut self) -> Result<Value, Error> {
        let col = self.column();
        self.pos += 1;
        let start = self.pos;
        while self.pos < self.chars.len() && !matches!(self.chars[self.pos], ',' | ')' | ']') {
            self.pos += 1;
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        let name = name.trim();
        if name.is_empty() {
            return Err(err(col, "expected a file name after '@'"));
        }
        let Some(read) = self.read else {
            return Err(err(
                col,
                format!(
                    "'@{name}' names a file, which only a reader of files can open (the \
                     command line, or kldiv::spec::parse_with_files)"
                ),
            ));
        };
        let a = read(name).map_err(|e| err(col, format!("cannot read '@{name}': {e}")))?;
        let number = |v: f64| Value::Number(v, col);
        match a.shape.as_slice() {
            [n] if *n == a.values.len() => Ok(Value::List(
                a.values.iter().copied().map(number).collect(),
                col,
            )),
            [r, c] if r * c == a.values.len() && *c > 0 => Ok(Value::List(
                a.values
                    .chunks(*c)
                    .map(|row| Value::List(row.iter().copied().map(number).collect(), col))
                    .collect(),
                col,
            )),
            shape => Err(err(
                col,
                format!("'@{name}' has shape {shape:?}; a parameter takes a vector or a matrix"),
            )),
        }
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
        let Some(family) = FamilyInfo::lookup(&name) else {
            return Err(err(
                col,
                format!(
                    "unknown distribution '{name}' (known: {})",
                    crate::dist::FAMILIES
                        .iter()
                        .map(|f| f.name)
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
        build(family, positional, keywords, col, close)
    }

    pub(super) fn dist(&mut self) -> Result<Dist, Error> {
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
        // The first component says which kind of mixture this is.
        if parts[0].1.as_multivariate().is_some() {
            return Ok(Dist::GaussianMixture(GaussianMixture::from_dists(parts)?));
        }
        Ok(Dist::Mixture(Mixture::new(parts)?))
    }
}

/// Resolves positional arguments, keywords and defaults to one value per parameter, then builds.
fn build(
    family: &FamilyInfo,
    positional: Vec<Value>,
    keywords: Vec<(String, usize, Value)>,
    col: usize,
    close: usize,
) -> Result<Dist, Error> {
    let params = family.params;
    let name = family.name;
    let names = || params.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
    if let Some(extra) = positional.get(params.len()) {
        return Err(err(
            extra.column(),
            format!(
                "{name} takes {} parameter{} ({}), got {}",
                params.len(),
                if params.len() == 1 { "" } else { "s" },
                names(),
                positional.len()
            ),
        ));
    }
    let mut slots: Vec<Option<Value>> = vec![None; params.len()];
    // The keyword that filled each slot (None: by position), for the message when one is given
    // twice under two names (scale=4, rate=2).
    let mut filled_by: Vec<Option<String>> = vec![None; params.len()];
    for (slot, v) in slots.iter_mut().zip(positional) {
        *slot = Some(v);
    }
    for (k, kcol, v) in keywords {
        let direct = params.iter().position(|p| p.name == k).map(|i| (i, false));
        let alias = family
            .keywords
            .iter()
            .find(|a| a.name == k)
            .map(|a| (a.param, a.reciprocal));
        let Some((slot, reciprocal)) = direct.or(alias) else {
            let mut known: Vec<&str> = params.iter().map(|p| p.name).collect();
            known.extend(family.keywords.iter().map(|a| a.name));
            return Err(err(
                kcol,
                format!(
                    "{name} has no parameter '{k}' (expected {})",
                    known.join(", ")
                ),
            ));
        };
        let (Some(target), Some(param)) = (slots.get_mut(slot), params.get(slot)) else {
            continue;
        };
        if target.is_some() {
            let alias = match filled_by.get(slot).cloned().flatten() {
                Some(first) if first != k => {
                    format!(" ({first} and {k} are two ways to give it)")
                }
                _ => String::new(),
            };
            return Err(err(
                kcol,
                format!("parameter '{}' is given twice{alias}", param.name),
            ));
        }
        if let Some(f) = filled_by.get_mut(slot) {
            *f = Some(k.clone());
        }
        *target = Some(match (reciprocal, v) {
            (true, Value::Number(x, c)) => Value::Number(1.0 / x, c),
            (_, v) => v,
        });
    }
    let mut values = Vec::with_capacity(params.len());
    for (slot, param) in slots.into_iter().zip(params) {
        match (slot, param.default) {
            (Some(v), _) => values.push(v),
            (None, Some(default)) if param.kind == Kind::Scalar => {
                values.push(Value::Number(default, col))
            }
            _ => {
                return Err(err(
                    close,
                    format!("{name} needs parameter '{}' ({})", param.name, names()),
                ));
            }
        }
    }
    (family.build)(&Args::new(name, params, &values))
}
