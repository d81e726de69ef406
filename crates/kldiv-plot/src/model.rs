//! The plain data of a figure: colours, curves, fills, arrows, labels, panels.

/// matplotlib's tab:red.
pub const TAB_RED: Rgb = Rgb(0xd6, 0x27, 0x28);
/// matplotlib's tab:blue.
pub const TAB_BLUE: Rgb = Rgb(0x1f, 0x77, 0xb4);
/// Black.
pub const BLACK_RGB: Rgb = Rgb(0, 0, 0);
/// A mid grey.
pub const GREY: Rgb = Rgb(0x80, 0x80, 0x80);

/// A colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// A line through points.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// Abscissae.
    pub xs: Vec<f64>,
    /// Ordinates.
    pub ys: Vec<f64>,
    /// Colour.
    pub color: Rgb,
    /// Width in pixels at 100 dpi.
    pub width: f64,
}

/// The area between a curve and zero (or between two curves).
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    /// Abscissae.
    pub xs: Vec<f64>,
    /// The upper (or signed) curve.
    pub ys: Vec<f64>,
    /// The other curve; `None` for zero.
    pub base: Option<Vec<f64>>,
    /// Colour.
    pub color: Rgb,
    /// Opacity in [0, 1].
    pub alpha: f64,
}

/// An arrow from a text to a point, as matplotlib's `annotate`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    /// Where the arrow points (data coordinates).
    pub to: (f64, f64),
    /// Where the text sits (data coordinates).
    pub from: (f64, f64),
    /// The text (math markup).
    pub text: String,
    /// Colour of text and arrow.
    pub color: Rgb,
}

/// Free text (math markup) at a point in data coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Where the text's top-left corner sits.
    pub at: (f64, f64),
    /// The text.
    pub text: String,
    /// Colour.
    pub color: Rgb,
}

/// One set of axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Title (math markup).
    pub title: String,
    /// x-axis label (math markup).
    pub xlabel: String,
    /// y-axis label (math markup).
    pub ylabel: String,
    /// x limits.
    pub xlim: (f64, f64),
    /// y limits; `None` for the data's range with a margin.
    pub ylim: Option<(f64, f64)>,
    /// Filled areas, drawn first.
    pub fills: Vec<Fill>,
    /// Lines.
    pub curves: Vec<Curve>,
    /// Annotation arrows.
    pub arrows: Vec<Arrow>,
    /// Free text.
    pub labels: Vec<Label>,
    /// Entries of a legend in the panel's upper right corner, a swatch of each colour beside
    /// its name; empty for none.
    pub legend: Vec<(String, Rgb)>,
}

impl Panel {
    /// An empty panel with a title and x limits, x labelled *x*.
    pub fn new(title: &str, xlim: (f64, f64)) -> Panel {
        Panel {
            title: title.to_string(),
            xlabel: "$x$".to_string(),
            ylabel: String::new(),
            xlim,
            ylim: None,
            fills: Vec::new(),
            curves: Vec::new(),
            arrows: Vec::new(),
            labels: Vec::new(),
            legend: Vec::new(),
        }
    }

    pub(crate) fn y_range(&self) -> (f64, f64) {
        if let Some(l) = self.ylim {
            return l;
        }
        let (x0, x1) = self.xlim;
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        let mut see = |xs: &[f64], ys: &[f64]| {
            for (x, y) in xs.iter().zip(ys) {
                if *x >= x0 && *x <= x1 && y.is_finite() {
                    lo = lo.min(*y);
                    hi = hi.max(*y);
                }
            }
        };
        for c in &self.curves {
            see(&c.xs, &c.ys);
        }
        for f in &self.fills {
            see(&f.xs, &f.ys);
            see(&f.xs, &vec![0.0; f.xs.len()]);
        }
        for a in &self.arrows {
            lo = lo.min(a.to.1).min(a.from.1);
            hi = hi.max(a.to.1).max(a.from.1);
        }
        for l in &self.labels {
            lo = lo.min(l.at.1);
            hi = hi.max(l.at.1);
        }
        if lo.partial_cmp(&hi) != Some(std::cmp::Ordering::Less) {
            let c = if lo.is_finite() { lo } else { 0.0 };
            return (c - 1.0, c + 1.0);
        }
        let pad = 0.05 * (hi - lo);
        (lo - pad, hi + pad)
    }
}

/// A figure: panels stacked vertically, each `height_in` tall.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Width in inches (10 in the notebook).
    pub width_in: f64,
    /// Height of each panel in inches (6.18 in the notebook).
    pub panel_height_in: f64,
    /// Dots per inch of the PNG (100 in the notebook).
    pub dpi: f64,
    /// The panels, top to bottom.
    pub panels: Vec<Panel>,
}
