//! CSV and whitespace-separated text: rows on lines, `#` comments, an optional header line of
//! names; a single row or column reads as 1-D, as `numpy.loadtxt` does.

use crate::{Array, Error, Header};

pub(crate) fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(37).collect::<String>())
    } else {
        s.to_string()
    }
}

/// One number as numpy writes them: decimal, scientific, nan, inf, -inf.
pub(crate) fn number(tok: &str) -> Option<f64> {
    let t = tok.trim();
    match t.to_ascii_lowercase().as_str() {
        "nan" | "+nan" | "-nan" => return Some(f64::NAN),
        "inf" | "+inf" | "infinity" | "+infinity" => return Some(f64::INFINITY),
        "-inf" | "-infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // Rust's parser also takes "infinity" spelled oddly; accept only numeric text here.
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
    {
        return None;
    }
    t.parse().ok()
}

/// The fields of one line with their byte offsets: comma-separated if it has a comma, else
/// whitespace-separated.
fn fields(line: &str) -> Vec<(usize, &str)> {
    if line.contains(',') {
        let mut v = Vec::new();
        let mut start = 0;
        for (pos, ch) in line.char_indices() {
            if ch == ',' {
                v.push((start, &line[start..pos]));
                start = pos + 1;
            }
        }
        v.push((start, &line[start..]));
        v
    } else {
        line.split_whitespace()
            .map(|f| (f.as_ptr() as usize - line.as_ptr() as usize, f))
            .collect()
    }
}

/// CSV or whitespace-separated text: rows on lines.
#[cfg(test)]
pub(crate) fn parse_text(text: &str, name: &str, header: Header) -> Result<Array, Error> {
    parse_text_named(text, name, header).map(|(array, _)| array)
}

/// [`parse_text`], with the names of a header line (quotes around a name dropped).
pub(crate) fn parse_text_named(
    text: &str,
    name: &str,
    header: Header,
) -> Result<(Array, Option<Vec<String>>), Error> {
    // A UTF-8 byte-order mark (spreadsheets write one) is not part of the first name.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut names: Option<Vec<String>> = None;
    let mut data = Vec::new();
    let mut cols: Option<(usize, usize)> = None; // (count, first line)
    let mut rows = 0;
    let mut first = true;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fs = fields(line);
        if std::mem::take(&mut first)
            && (header == Header::Skip || fs.iter().all(|(_, f)| number(f).is_none()))
        {
            // A header line of column names.
            names = Some(
                fs.iter()
                    .map(|(_, f)| f.trim().trim_matches(['"', '\'']).to_string())
                    .collect(),
            );
            continue;
        }
        let mut count = 0;
        for (index, (_, field)) in fs.into_iter().enumerate() {
            let Some(v) = number(field) else {
                let column = names
                    .as_ref()
                    .and_then(|n| n.get(index))
                    .map_or_else(|| format!("{}", index + 1), |n| format!("'{n}'"));
                let field = field.trim();
                return Err(Error::Value {
                    file: name.to_string(),
                    row: line_no as u64,
                    counted_as: "line",
                    column,
                    message: if field.is_empty() {
                        "missing value".to_string()
                    } else {
                        format!("'{}' is not a number", short(field))
                    },
                });
            };
            data.push(v);
            count += 1;
        }
        match cols {
            None => cols = Some((count, line_no)),
            Some((c, first)) if c != count => {
                return Err(Error::format(
                    name,
                    None,
                    format!(
                        "line {line_no}: {count} values, but line {first} has {c} (rows must be \
                         equal)"
                    ),
                ));
            }
            _ => {}
        }
        rows += 1;
    }
    // A file whose only line was read as a header has no numbers at all: say what was read.
    if rows == 0
        && let Some(names) = &names
    {
        return Err(Error::format(
            name,
            None,
            format!(
                "no numeric rows: its one line ('{}') is not numbers, so it was read as a header \
                 of column names",
                short(&names.join(" "))
            ),
        ));
    }
    // Nothing at all (an empty file or standard input) is a failed upstream step, not an
    // array of length 0.
    if rows == 0 {
        return Err(Error::format(
            name,
            None,
            "holds no numbers (it is empty, or only comments)".to_string(),
        ));
    }
    let c = cols.map_or(0, |c| c.0);
    // A single row or a single column reads as 1-D, as numpy.loadtxt does.
    let shape = if rows <= 1 || c == 1 {
        vec![data.len()]
    } else {
        vec![rows, c]
    };
    Ok((Array::owned(data, shape), names))
}

/// The named columns of a text table, in the order asked; the array itself without `columns`.
pub(crate) fn pick_text_columns(
    array: Array,
    names: Option<Vec<String>>,
    columns: Option<&[String]>,
    file: &str,
) -> Result<Array, Error> {
    let Some(wanted) = columns else {
        // The names go with the columns, for matching another file's by name.
        let count = array.shape.get(1).copied().unwrap_or(1);
        let names = names.filter(|n| n.len() == count);
        return Ok(Array { names, ..array });
    };
    let Some(names) = names else {
        return Err(Error::Request {
            message: format!(
                "--columns picks columns by name, and '{file}' has no header line of names \
                 (give one, or leave out --columns)"
            ),
        });
    };
    let data = array.data();
    // A header line and rows of the same width; numpy's 1-D reading of a single row or a
    // single column is undone here.
    let width = match array.shape.as_slice() {
        [_, w] => *w,
        [n] if names.len() == 1 || *n == names.len() => names.len(),
        _ => 0,
    };
    if width != names.len() {
        return Err(Error::format(
            file,
            None,
            format!(
                "the header line has {} names but the rows have {} values",
                names.len(),
                if width == 0 { 1 } else { width }
            ),
        ));
    }
    let mut index = Vec::with_capacity(wanted.len());
    for c in wanted {
        index.push(
            names
                .iter()
                .position(|n| n == c)
                .ok_or_else(|| Error::no_column(file, c, &names))?,
        );
    }
    let rows = data.len().checked_div(width).unwrap_or(0);
    let mut out = Vec::with_capacity(rows * index.len());
    for row in data.chunks_exact(width.max(1)) {
        out.extend(
            index
                .iter()
                .map(|&j| row.get(j).copied().unwrap_or(f64::NAN)),
        );
    }
    Ok(Array::table(out, rows, index.len()))
}
