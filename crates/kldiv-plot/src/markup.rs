//! The label markup (`$p$`, `_{KL}`, `^{2}`): runs of text, and the SVG `<text>` overlay that
//! sets them.

use crate::Rgb;

/// One run of a label: text, italic, vertical shift (−1 sub, 0, +1 super).
#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    italic: bool,
    shift: i8,
}

/// Splits math markup into runs.
fn runs(markup: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut italic = false;
    let mut shift = 0i8;
    let mut cur = String::new();
    let mut chars = markup.chars().peekable();
    let push = |cur: &mut String, italic: bool, shift: i8, out: &mut Vec<Run>| {
        if !cur.is_empty() {
            out.push(Run {
                text: std::mem::take(cur),
                italic,
                shift,
            });
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '$' => {
                push(&mut cur, italic, shift, &mut out);
                italic = !italic;
            }
            '_' | '^' if chars.peek() == Some(&'{') => {
                push(&mut cur, italic, shift, &mut out);
                chars.next();
                shift = if c == '_' { -1 } else { 1 };
            }
            '}' if shift != 0 => {
                push(&mut cur, italic, shift, &mut out);
                shift = 0;
            }
            c => cur.push(c),
        }
    }
    push(&mut cur, italic, shift, &mut out);
    out
}

/// Text to overlay on the plotters SVG: one `<text>` with `<tspan>` runs, so that the
/// renderer itself advances from run to run (no width estimates, exact in every viewer).
#[derive(Debug, Clone)]
pub(crate) struct Overlay {
    pub(crate) x: i32,
    pub(crate) y: i32,
    pub(crate) markup: String,
    pub(crate) size: f64,
    pub(crate) color: Rgb,
    pub(crate) anchor: &'static str,
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Overlay {
    /// The element; `y` is the baseline.
    pub(crate) fn svg(&self) -> String {
        let mut out = format!(
            r#"<text x="{}" y="{}" text-anchor="{}" font-family="DejaVu Sans, sans-serif" font-size="{:.2}" fill="rgb({},{},{})" xml:space="preserve">"#,
            self.x, self.y, self.anchor, self.size, self.color.0, self.color.1, self.color.2
        );
        let mut shift = 0.0;
        for r in runs(&self.markup) {
            let target = match r.shift {
                -1 => 0.25 * self.size,
                1 => -0.4 * self.size,
                _ => 0.0,
            };
            let dy = target - shift;
            shift = target;
            let size = if r.shift == 0 { 100 } else { 70 };
            let style = if r.italic {
                r#" font-style="italic""#
            } else {
                ""
            };
            out.push_str(&format!(
                r#"<tspan dy="{dy:.2}" font-size="{size}%"{style}>{}</tspan>"#,
                xml_escape(&r.text)
            ));
        }
        out.push_str("</text>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_splits_into_runs() {
        let r = runs("$D$_{KL}($p$‖$q$) = 1");
        let texts: Vec<(&str, bool, i8)> = r
            .iter()
            .map(|r| (r.text.as_str(), r.italic, r.shift))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("D", true, 0),
                ("KL", false, -1),
                ("(", false, 0),
                ("p", true, 0),
                ("‖", false, 0),
                ("q", true, 0),
                (") = 1", false, 0)
            ]
        );
    }
}
