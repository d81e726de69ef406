//! Figures for kldiv: a plain-data [`Figure`] rendered to SVG with plotters and to anti-aliased
//! PNG by rasterising that SVG with resvg. The DejaVu Sans font is embedded, so no system font
//! is needed; plotters types never appear in this API.
//!
//! Labels take a small math markup: `$…$` sets italic (variables), `_{…}` a subscript,
//! `^{…}` a superscript; Unicode such as ‖ and Greek letters is typed as is:
//! `"$D$_{KL}($p$‖$q$) = 0.5268"`.
//!
//! ```
//! use kldiv_plot::{Curve, Figure, Panel, TAB_RED};
//! let xs: Vec<f64> = (0..100).map(|i| i as f64 / 10.0).collect();
//! let ys: Vec<f64> = xs.iter().map(|x| (-x).exp()).collect();
//! let mut panel = Panel::new("An exponential", (0.0, 10.0));
//! panel.curves.push(Curve { xs, ys, color: TAB_RED, width: 2.0 });
//! let svg = Figure::single(panel).to_svg().unwrap();
//! assert!(svg.contains("An exponential"));
//! ```

use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt;

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

impl Rgb {
    fn color(self, alpha: f64) -> RGBAColor {
        RGBColor(self.0, self.1, self.2).mix(alpha)
    }
}

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
        }
    }

    fn y_range(&self) -> (f64, f64) {
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

/// A figure that could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlotError(pub String);

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PlotError {}

fn err<E: fmt::Debug>(what: &str) -> impl Fn(E) -> PlotError + '_ {
    move |e| PlotError(format!("{what}: {e:?}"))
}

/// Registers the embedded fonts with plotters once.
fn fonts() -> Result<(), PlotError> {
    static ONCE: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
            .map_err(|_| "font".to_string())?;
        plotters::style::register_font("sans-serif", FontStyle::Italic, dejavu::sans::oblique())
            .map_err(|_| "font".to_string())?;
        plotters::style::register_font("sans-serif", FontStyle::Oblique, dejavu::sans::oblique())
            .map_err(|_| "font".to_string())?;
        plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold())
            .map_err(|_| "font".to_string())?;
        Ok(())
    })
    .clone()
    .map_err(|e| PlotError(format!("cannot register the embedded font: {e}")))
}

/// plotters' SVG backend divides font sizes by this; sizes are multiplied by it to compensate.
const SVG_FONT_SCALE: f64 = 1.24;

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
struct Overlay {
    x: i32,
    y: i32,
    markup: String,
    size: f64,
    color: Rgb,
    anchor: &'static str,
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Overlay {
    /// The element; `y` is the baseline.
    fn svg(&self) -> String {
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

/// Pixels per point of text at this dpi (matplotlib's 10 pt font at 100 dpi is ~14 px).
fn px(dpi: f64, points: f64) -> f64 {
    points * dpi / 72.0
}

impl Figure {
    /// The notebook's single-panel figure: 10 × 6.18 inches at 100 dpi.
    pub fn single(panel: Panel) -> Figure {
        Figure {
            width_in: 10.0,
            panel_height_in: 6.18,
            dpi: 100.0,
            panels: vec![panel],
        }
    }

    /// The notebook's stacked figure: 10 × (n · 6.18) inches at 100 dpi.
    pub fn stacked(panels: Vec<Panel>) -> Figure {
        Figure {
            panels,
            ..Figure::single(Panel::new("", (0.0, 1.0)))
        }
    }

    /// Pixel size (width, height) of the PNG.
    pub fn pixels(&self) -> (u32, u32) {
        let w = (self.width_in * self.dpi).round() as u32;
        let h = (self.panel_height_in * self.panels.len() as f64 * self.dpi).round() as u32;
        (w, h)
    }

    fn check(&self) -> Result<(), PlotError> {
        if !(self.dpi.is_finite() && self.dpi >= 10.0 && self.dpi <= 1000.0) {
            return Err(PlotError(format!(
                "dpi must be in [10, 1000], got {}",
                self.dpi
            )));
        }
        if self.panels.is_empty() {
            return Err(PlotError("a figure needs at least one panel".into()));
        }
        for p in &self.panels {
            let (a, b) = p.xlim;
            if !(a.is_finite() && b.is_finite() && a < b) {
                return Err(PlotError(format!(
                    "x limits must be finite with low < high, got [{a}, {b}]"
                )));
            }
        }
        Ok(())
    }

    /// The figure as SVG text (drawn with plotters).
    ///
    /// # Errors
    /// Invalid limits or dpi, or a drawing failure.
    pub fn to_svg(&self) -> Result<String, PlotError> {
        self.check()?;
        fonts()?;
        let (w, h) = self.pixels();
        let mut svg = String::new();
        let mut overlays = Vec::new();
        {
            let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
            root.fill(&WHITE).map_err(err("background"))?;
            let areas = root.split_evenly((self.panels.len(), 1));
            for (panel, area) in self.panels.iter().zip(&areas) {
                self.draw_panel(panel, area, &mut overlays)?;
            }
            root.present().map_err(err("svg"))?;
        }
        let text: String = overlays.iter().map(|o| o.svg() + "\n").collect();
        match svg.rfind("</svg>") {
            Some(end) => svg.insert_str(end, &text),
            None => return Err(PlotError("plotters wrote no closing </svg>".into())),
        }
        Ok(svg)
    }

    fn draw_panel<DB: DrawingBackend>(
        &self,
        p: &Panel,
        area: &DrawingArea<DB, Shift>,
        overlays: &mut Vec<Overlay>,
    ) -> Result<(), PlotError> {
        let font = px(self.dpi, 10.0);
        let title_size = px(self.dpi, 12.0);
        let (x0, x1) = p.xlim;
        let (y0, y1) = p.y_range();
        let top = (2.2 * title_size) as i32;
        let mut chart = ChartBuilder::on(area)
            .margin_top(top)
            .margin_right((0.3 * self.dpi) as i32)
            .margin_left((0.1 * self.dpi) as i32)
            .x_label_area_size((0.55 * self.dpi) as i32)
            .y_label_area_size((0.8 * self.dpi) as i32)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err("axes"))?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(11)
            .y_labels(8)
            .label_style(("sans-serif", SVG_FONT_SCALE * font))
            .axis_style(BLACK.stroke_width(1))
            .draw()
            .map_err(err("axes"))?;
        let clip = |xs: &[f64], ys: &[f64]| -> Vec<(f64, f64)> {
            xs.iter()
                .zip(ys)
                .filter(|(x, y)| **x >= x0 && **x <= x1 && y.is_finite())
                .map(|(x, y)| (*x, y.clamp(y0, y1)))
                .collect()
        };
        for f in &p.fills {
            let upper = clip(&f.xs, &f.ys);
            let lower = match &f.base {
                Some(b) => clip(&f.xs, b),
                None => upper
                    .iter()
                    .map(|(x, _)| (*x, 0.0f64.clamp(y0, y1)))
                    .collect(),
            };
            let mut poly = upper.clone();
            poly.extend(lower.into_iter().rev());
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly,
                    f.color.color(f.alpha).filled(),
                )))
                .map_err(err("fill"))?;
        }
        for c in &p.curves {
            let style = c
                .color
                .color(1.0)
                .stroke_width((c.width * self.dpi / 100.0).max(1.0) as u32);
            chart
                .draw_series(LineSeries::new(clip(&c.xs, &c.ys), style))
                .map_err(err("curve"))?;
        }
        let plot = chart.plotting_area();
        let to_px = |x: f64, y: f64| plot.map_coordinate(&(x, y));
        let (ox, oy) = area.get_base_pixel();
        let local = |(x, y): (i32, i32)| (x - ox, y - oy);
        // Text is placed in figure pixels: the panel's offset is added back.
        let mut put =
            |x: i32, y: i32, markup: &str, size: f64, color: Rgb, anchor: &'static str| {
                overlays.push(Overlay {
                    x: x + ox,
                    y: y + oy,
                    markup: markup.to_string(),
                    size,
                    color,
                    anchor,
                });
            };
        let gap = (0.06 * self.dpi) as i32;
        let baseline = (0.35 * font) as i32;
        for a in &p.arrows {
            let tail = local(to_px(a.from.0, a.from.1));
            let head = local(to_px(a.to.0, a.to.1));
            // The text ends (or starts, or is centred) at `from`; the arrow runs from there.
            let (start, anchor, at) = if head.0 > tail.0 + gap {
                (
                    (tail.0 + gap / 2, tail.1),
                    "end",
                    (tail.0 - gap / 2, tail.1 + baseline),
                )
            } else if head.0 < tail.0 - gap {
                (
                    (tail.0 - gap / 2, tail.1),
                    "start",
                    (tail.0 + gap / 2, tail.1 + baseline),
                )
            } else if head.1 > tail.1 {
                ((tail.0, tail.1 + gap), "middle", (tail.0, tail.1))
            } else {
                (
                    (tail.0, tail.1 - gap),
                    "middle",
                    (tail.0, tail.1 + 2 * baseline + gap),
                )
            };
            put(at.0, at.1, &a.text, font, a.color, anchor);
            draw_arrow(area, start, head, a.color.color(1.0), self.dpi)?;
        }
        for l in &p.labels {
            let at = local(to_px(l.at.0, l.at.1));
            put(at.0, at.1 + 2 * baseline, &l.text, font, l.color, "start");
        }
        let (w, h) = area.dim_in_pixel();
        put(
            w as i32 / 2,
            (1.2 * title_size) as i32,
            &p.title,
            title_size,
            BLACK_RGB,
            "middle",
        );
        let plot_range = plot.get_pixel_range();
        let cx = (plot_range.0.start + plot_range.0.end) / 2 - ox;
        put(
            cx,
            h as i32 - (0.12 * self.dpi) as i32,
            &p.xlabel,
            font,
            BLACK_RGB,
            "middle",
        );
        if !p.ylabel.is_empty() {
            put(
                (0.05 * self.dpi) as i32,
                top - (0.3 * font) as i32,
                &p.ylabel,
                font,
                BLACK_RGB,
                "start",
            );
        }
        Ok(())
    }

    /// The figure as an anti-aliased PNG: the SVG rasterised by resvg with the embedded font.
    ///
    /// # Errors
    /// As [`Figure::to_svg`], or a rasterisation failure.
    pub fn to_png(&self) -> Result<Vec<u8>, PlotError> {
        let svg = self.to_svg()?;
        svg_to_png(&svg)
    }
}

/// A shaft and a filled head, as matplotlib's annotate arrow (width 1, headwidth 4).
fn draw_arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    from: (i32, i32),
    to: (i32, i32),
    color: RGBAColor,
    dpi: f64,
) -> Result<(), PlotError> {
    let (dx, dy) = ((to.0 - from.0) as f64, (to.1 - from.1) as f64);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / len, dy / len);
    let head = (0.12 * dpi).min(len * 0.5);
    let half = 0.05 * dpi;
    let base = (to.0 as f64 - ux * head, to.1 as f64 - uy * head);
    area.draw(&PathElement::new(
        vec![from, (base.0.round() as i32, base.1.round() as i32)],
        color.stroke_width((0.015 * dpi).max(1.0) as u32),
    ))
    .map_err(err("arrow"))?;
    let left = (
        (base.0 - uy * half).round() as i32,
        (base.1 + ux * half).round() as i32,
    );
    let right = (
        (base.0 + uy * half).round() as i32,
        (base.1 - ux * half).round() as i32,
    );
    area.draw(&Polygon::new(vec![to, left, right], color.filled()))
        .map_err(err("arrow"))?;
    Ok(())
}

/// Rasterises SVG text made by [`Figure::to_svg`] to PNG bytes, with the embedded font.
///
/// # Errors
/// When the SVG does not parse or the PNG cannot be encoded.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, PlotError> {
    let mut opt = resvg::usvg::Options::default();
    {
        let db = opt.fontdb_mut();
        db.load_font_data(dejavu::sans::regular().to_vec());
        db.load_font_data(dejavu::sans::oblique().to_vec());
        db.load_font_data(dejavu::sans::bold().to_vec());
        db.set_sans_serif_family("DejaVu Sans");
    }
    let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(err("svg"))?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| PlotError("empty figure".into()))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(err("png"))
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
