//! Drawing a figure to SVG with plotters, with the embedded font and the label overlay.

use crate::markup::Overlay;
use crate::{BLACK_RGB, Figure, Panel, PlotError, Rgb, err, svg_to_png};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A plotters colour with transparency (kept here: the model knows nothing of plotters).
fn rgba(c: Rgb, alpha: f64) -> RGBAColor {
    RGBColor(c.0, c.1, c.2).mix(alpha)
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
    .map_err(|e| PlotError::new(format!("cannot register the embedded font: {e}")))
}

/// A tick label as matplotlib writes it: no needless decimals (2, not 2.0; 0.25), a true minus
/// sign (−4), and 0 for a tick that is zero up to rounding.
pub(crate) fn tick_label(v: f64) -> String {
    let v = if v.abs() < 1e-12 { 0.0 } else { v };
    let text = if v != 0.0 && (v.abs() < 1e-4 || v.abs() >= 1e7) {
        format!("{v:.1e}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    text.replace('-', "−")
}

/// plotters' SVG backend divides font sizes by this; sizes are multiplied by it to compensate.
const SVG_FONT_SCALE: f64 = 1.24;

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
            return Err(PlotError::new(format!(
                "dpi must be in [10, 1000], got {}",
                self.dpi
            )));
        }
        if self.panels.is_empty() {
            return Err(PlotError::new("a figure needs at least one panel"));
        }
        for p in &self.panels {
            let (a, b) = p.xlim;
            if !(a.is_finite() && b.is_finite() && a < b) {
                return Err(PlotError::new(format!(
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
            None => return Err(PlotError::new("plotters wrote no closing </svg>")),
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
            .x_label_formatter(&|v| tick_label(*v))
            .y_label_formatter(&|v| tick_label(*v))
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
                    rgba(f.color, f.alpha).filled(),
                )))
                .map_err(err("fill"))?;
        }
        for c in &p.curves {
            let style =
                rgba(c.color, 1.0).stroke_width((c.width * self.dpi / 100.0).max(1.0) as u32);
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
            draw_arrow(area, start, head, rgba(a.color, 1.0), self.dpi)?;
        }
        // The legend: one row per entry in the upper right, a filled swatch then the name.
        let plot_px = plot.get_pixel_range();
        let row = (1.5 * font) as i32;
        let swatch = (0.9 * font) as i32;
        let right = plot_px.0.end - ox - (0.1 * self.dpi) as i32;
        let longest = p
            .legend
            .iter()
            .map(|(t, _)| t.chars().count())
            .max()
            .unwrap_or(0);
        // Names are short ("p", "q"): their width from the font size is close enough.
        let text_w = (0.62 * font * longest as f64) as i32;
        for (i, (text, color)) in p.legend.iter().enumerate() {
            let y = plot_px.1.start - oy + (0.4 * font) as i32 + i as i32 * row;
            let x = right - text_w - swatch - gap;
            area.draw(&Rectangle::new(
                [(x, y), (x + swatch, y + swatch)],
                rgba(*color, 0.8).filled(),
            ))
            .map_err(err("legend"))?;
            put(
                x + swatch + gap / 2,
                y + swatch,
                text,
                font,
                BLACK_RGB,
                "start",
            );
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

#[cfg(test)]
mod tick_tests {
    use super::tick_label;

    #[test]
    fn ticks_read_like_matplotlib() {
        let got: Vec<String> = [-4.0, -2.0, 0.0, 2.0, 0.25, -0.5, 1e-17, 0.30000000000000004]
            .iter()
            .map(|&v| tick_label(v))
            .collect();
        assert_eq!(got, ["−4", "−2", "0", "2", "0.25", "−0.5", "0", "0.3"]);
        assert_eq!(tick_label(2.5e-6), "2.5e−6");
    }
}
