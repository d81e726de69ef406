//! Inline lists such as `[0.1, 0.2, 0.7]` or `[[1, 2], [3, 4]]`, with numpy's shape.

use crate::Array;
use crate::text::{number, short};

/// `[a, b, …]`, `[[a, b], [c, d]]`, and deeper nestings: numpy's shape of the nested list.
pub(crate) fn parse_inline(s: &str) -> Result<Array, String> {
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
        return Err(format!(
            "unexpected text after the closing ']' at offset {}",
            p.at
        ));
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
    fn list(
        &mut self,
        depth: usize,
        path: &mut Vec<usize>,
        data: &mut Vec<f64>,
    ) -> Result<(), String> {
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
            return Err(format!("expected '[' to start {}", place(path)));
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
                    return Err(format!(
                        "{}: '{}' is not a number",
                        place(path),
                        short(tok.trim())
                    ));
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
                _ => return Err(format!("{}: expected ',' or ']'", place(path))),
            }
        }
        // Every list at one depth must have the same length, and numbers sit at one depth only.
        let irregular =
            |what: String| format!("{} {what} (numpy needs a regular shape)", place(path));
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
