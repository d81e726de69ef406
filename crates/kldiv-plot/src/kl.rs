//! KL figures: densities, log(p/q) and p·log(p/q) for two univariate distributions, as plain
//! [`Figure`]s. Annotated values come from the computation, never typed in. The command line's
//! `kldiv plot` and `kldiv notebook` and the Python module's `kldiv.plot` all draw through here.
//!
//! ```
//! use kldiv_plot::kl::{KlPlot, kl_figure};
//! let p: kldiv::Dist = "normal(0, 1)".parse()?;
//! let q: kldiv::Dist = "0.5*normal(0, 1) + 0.5*normal(3, 1)".parse()?;
//! let (fig, e) = kl_figure(&p, &q, &KlPlot::default())?;
//! assert_eq!(fig.panels.len(), 3);
//! assert!((e.value - 0.5267773065213736).abs() <= e.abs_error);
//! # Ok::<(), kldiv_plot::kl::KlPlotError>(())
//! ```

use crate::{Arrow, BLACK_RGB, Curve, Figure, Fill, GREY, Label, Panel, Rgb, TAB_BLUE, TAB_RED};
use kldiv::{Dist, Estimate, Univariate};
use std::fmt;

/// Points per curve across the x limits.
const POINTS: usize = 1201;

/// Which panels a KL figure has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelKind {
    /// Both densities, filled.
    Densities,
    /// log(p/q).
    LogRatio,
    /// p·log(p/q), its signed area shaded.
    Integrand,
}

impl PanelKind {
    /// Parses `densities`, `log-ratio` or `integrand`.
    pub fn parse(s: &str) -> Option<PanelKind> {
        match s.trim() {
            "densities" => Some(PanelKind::Densities),
            "log-ratio" => Some(PanelKind::LogRatio),
            "integrand" => Some(PanelKind::Integrand),
            _ => None,
        }
    }
}

/// A value for a figure label: 4 significant decimals, trailing zeros dropped ("4.5", "0.5268").
pub fn short(v: f64) -> String {
    if v.is_infinite() {
        return "∞".into();
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// The label of any measure: `D_KL(p‖q) = 0.5268`, `hellinger(p, q) = 0.39`.
pub fn measure_label(m: kldiv::Measure, a: &str, b: &str, e: &Estimate) -> String {
    match m {
        kldiv::Measure::Kl => kl_label(a, b, e),
        other => format!("{}(${a}$, ${b}$) = {}", other.name(), short(e.value)),
    }
}

/// "D_KL(p‖q) = 0.5268" in the plot markup, with the names of the two distributions.
pub fn kl_label(a: &str, b: &str, e: &Estimate) -> String {
    format!("$D$_{{KL}}(${a}$‖${b}$) = {}", short(e.value))
}

/// Abscissae across the limits.
pub fn grid(xlim: (f64, f64)) -> Vec<f64> {
    let (a, b) = xlim;
    (0..POINTS)
        .map(|i| a + (b - a) * i as f64 / (POINTS - 1) as f64)
        .collect()
}

/// Limits from the 0.001 and 0.999 quantiles of both, padded by 5%.
pub fn auto_xlim(p: &dyn Univariate, q: &dyn Univariate) -> (f64, f64) {
    let lo = p.quantile(1e-3).min(q.quantile(1e-3));
    let hi = p.quantile(1.0 - 1e-3).max(q.quantile(1.0 - 1e-3));
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
}

/// Adds the area between a curve and zero and the curve itself.
fn fill_and_draw(panel: &mut Panel, xs: &[f64], ys: Vec<f64>, color: Rgb, alpha: f64) {
    panel.fills.push(Fill {
        xs: xs.to_vec(),
        ys: ys.clone(),
        base: None,
        color,
        alpha,
    });
    panel.curves.push(Curve {
        xs: xs.to_vec(),
        ys,
        color,
        width: 1.5,
    });
}

/// The densities panel: p red, q blue, both filled and drawn.
pub fn densities(title: &str, xlim: (f64, f64), p: &dyn Univariate, q: &dyn Univariate) -> Panel {
    let xs = grid(xlim);
    let mut panel = Panel::new(title, xlim);
    for (d, color) in [(p, TAB_RED), (q, TAB_BLUE)] {
        let ys: Vec<f64> = xs.iter().map(|&x| d.pdf(x)).collect();
        fill_and_draw(&mut panel, &xs, ys, color, 0.8);
    }
    panel
}

/// log(p/q) filled in black, computed as ln p − ln q so that tails do not underflow.
pub fn log_ratio(title: &str, xlim: (f64, f64), p: &dyn Univariate, q: &dyn Univariate) -> Panel {
    let xs = grid(xlim);
    let ys: Vec<f64> = xs.iter().map(|&x| p.ln_pdf(x) - q.ln_pdf(x)).collect();
    let mut panel = Panel::new(title, xlim);
    fill_and_draw(&mut panel, &xs, ys, BLACK_RGB, 0.85);
    panel
}

/// The integrand of a measure (p·log(p/q) for KL): the positive area dark, the negative area
/// light, so that the signed area whose total is the divergence shows.
pub fn integrand(
    title: &str,
    xlim: (f64, f64),
    p: &dyn Univariate,
    q: &dyn Univariate,
    measure: kldiv::Measure,
) -> Panel {
    let xs = grid(xlim);
    let ys: Vec<f64> = xs
        .iter()
        .map(|&x| {
            let y = measure.integrand(p.ln_pdf(x), q.ln_pdf(x));
            // Where q vanishes under p the KL integrand is infinite: drawn at the panel's top
            // it would hide everything else, so such points are left out (as 0).
            if y.is_finite() { y } else { 0.0 }
        })
        .collect();
    let mut panel = Panel::new(title, xlim);
    let positive: Vec<f64> = ys.iter().map(|y| y.max(0.0)).collect();
    let negative: Vec<f64> = ys.iter().map(|y| y.min(0.0)).collect();
    for (part, color) in [(positive, BLACK_RGB), (negative, GREY)] {
        panel.fills.push(Fill {
            xs: xs.clone(),
            ys: part,
            base: None,
            color,
            alpha: 0.85,
        });
    }
    panel.curves.push(Curve {
        xs,
        ys,
        color: BLACK_RGB,
        width: 1.5,
    });
    panel
}

/// An arrow annotation.
pub fn arrow(text: String, from: (f64, f64), to: (f64, f64), color: Rgb) -> Arrow {
    Arrow {
        to,
        from,
        text,
        color,
    }
}

/// A label.
pub fn label(text: String, at: (f64, f64)) -> Label {
    Label {
        at,
        text,
        color: BLACK_RGB,
    }
}

/// Where a panel's curve peaks, for placing an arrow: (x, y) of the maximum |y| in the limits.
pub fn peak(panel: &Panel) -> (f64, f64) {
    let Some(c) = panel.curves.last() else {
        return (0.0, 0.0);
    };
    c.xs.iter()
        .zip(&c.ys)
        .filter(|(_, y)| y.is_finite())
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        .map_or((0.0, 0.0), |(x, y)| (*x, *y))
}

/// The univariate view of a distribution for figures, or a message.
pub fn plottable<'a>(d: &'a Dist, name: &str) -> Result<&'a dyn Univariate, String> {
    let u = d
        .as_univariate()
        .ok_or_else(|| format!("{name}: only univariate distributions can be plotted, got {d}"))?;
    if u.support().discrete {
        return Err(format!(
            "{name}: only continuous distributions can be plotted, got {d}"
        ));
    }
    Ok(u)
}

/// What [`kl_figure`] draws: `KlPlot::default()` is all three panels of KL(p‖q), x limits from
/// the quantiles, at 100 dpi.
#[derive(Debug, Clone, PartialEq)]
pub struct KlPlot {
    /// x limits; `None` for [`auto_xlim`].
    pub xlim: Option<(f64, f64)>,
    /// The panels, top to bottom.
    pub panels: Vec<PanelKind>,
    /// The first panel's title; `None` for one naming what it shows.
    pub title: Option<String>,
    /// Draw KL(q‖p) instead: the roles of p and q swapped, and named so.
    pub reverse: bool,
    /// Dots per inch of a PNG.
    pub dpi: f64,
    /// The measure whose integrand the integrand panel draws (KL by default).
    pub measure: kldiv::Measure,
    /// A legend on the densities panel naming the two colours.
    pub legend: bool,
}

impl Default for KlPlot {
    fn default() -> KlPlot {
        KlPlot {
            xlim: None,
            panels: vec![
                PanelKind::Densities,
                PanelKind::LogRatio,
                PanelKind::Integrand,
            ],
            title: None,
            reverse: false,
            dpi: 100.0,
            measure: kldiv::Measure::Kl,
            legend: false,
        }
    }
}

/// Why a KL figure could not be made.
#[derive(Debug, Clone, PartialEq)]
pub enum KlPlotError {
    /// The request is at fault: a distribution that cannot be drawn, bad limits, no panel.
    Input(String),
    /// The divergence could not be computed.
    Divergence(kldiv::Error),
}

impl fmt::Display for KlPlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KlPlotError::Input(m) => f.write_str(m),
            KlPlotError::Divergence(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for KlPlotError {}

impl From<kldiv::Error> for KlPlotError {
    fn from(e: kldiv::Error) -> KlPlotError {
        KlPlotError::Divergence(e)
    }
}

/// The KL figure of p and q: the panels asked for, the densities labelled with D_KL(p‖q) and
/// the integrand's area named by it; returns the figure and the divergence it shows.
///
/// # Errors
/// A distribution that is multivariate or discrete (named P or Q), limits that are not finite
/// with low < high, no panels, a dpi outside [10, 1000], or an error of the divergence.
pub fn kl_figure(p: &Dist, q: &Dist, o: &KlPlot) -> Result<(Figure, Estimate), KlPlotError> {
    let (p, q) = if o.reverse { (q, p) } else { (p, q) };
    let pu = plottable(p, "P").map_err(KlPlotError::Input)?;
    let qu = plottable(q, "Q").map_err(KlPlotError::Input)?;
    let xlim = match o.xlim {
        Some((lo, hi)) if lo.is_finite() && hi.is_finite() && lo < hi => (lo, hi),
        Some((lo, hi)) => {
            return Err(KlPlotError::Input(format!(
                "xlim: expected finite low < high, got {lo} {hi}"
            )));
        }
        None => auto_xlim(pu, qu),
    };
    if o.panels.is_empty() {
        return Err(KlPlotError::Input("no panels to draw".into()));
    }
    if !(DPI.contains(&o.dpi)) {
        return Err(KlPlotError::Input(format!(
            "dpi: expected a number in [{}, {}], got {}",
            DPI.start(),
            DPI.end(),
            o.dpi
        )));
    }
    let e = kldiv::divergence(p, q, &kldiv::Options::default())?;
    let m = if o.measure == kldiv::Measure::Kl {
        e.clone()
    } else {
        kldiv::measure(p, q, o.measure, &kldiv::Options::default())?
    };
    let (pn, qn) = if o.reverse { ("q", "p") } else { ("p", "q") };
    let mut panels = Vec::new();
    for (i, k) in o.panels.iter().enumerate() {
        let title = match (&o.title, i) {
            (Some(t), 0) => t.clone(),
            _ => match k {
                PanelKind::Densities => format!("{p} and {q}"),
                PanelKind::LogRatio => format!("log(${pn}$/${qn}$)"),
                PanelKind::Integrand => match o.measure {
                    kldiv::Measure::Kl => format!("${pn}$ log(${pn}$/${qn}$)"),
                    other => format!("the integrand of {}", other.name()),
                },
            },
        };
        let mut panel = match k {
            PanelKind::Densities => densities(&title, xlim, pu, qu),
            PanelKind::LogRatio => log_ratio(&title, xlim, pu, qu),
            PanelKind::Integrand => integrand(&title, xlim, pu, qu, o.measure),
        };
        match k {
            PanelKind::Integrand => {
                let (x, y) = peak(&panel);
                let dx = 0.25 * (xlim.1 - xlim.0);
                // The label runs away from the peak, from `from`: put it on the side with more
                // room, or it leaves the panel (a peak at 3.5 in (−4, 7) clipped it).
                let from_x = if xlim.1 - x >= x - xlim.0 {
                    x + dx
                } else {
                    x - dx
                };
                use kldiv::Measure as M;
                let l = measure_label(o.measure, pn, qn, &m);
                // The area is the measure itself for these; the others are a function of it
                // (H = √area, B = −ln area, Rényi = ln area/(α − 1)).
                let text = if matches!(
                    o.measure,
                    M::Kl | M::TotalVariation | M::JensenShannon | M::Jeffreys | M::CrossEntropy
                ) {
                    format!("Area under curve {l}")
                } else {
                    format!("{l}, from the area")
                };
                panel
                    .arrows
                    .push(arrow(text, (from_x, y * 0.8), (x, y * 0.5), BLACK_RGB));
            }
            PanelKind::Densities => {
                if o.legend {
                    panel.legend =
                        vec![(format!("${pn}$"), TAB_RED), (format!("${qn}$"), TAB_BLUE)];
                }
                // The label sits at the height of the higher density, clear of the lower one's
                // peak (at q's own height it covered a mixture's second bump).
                let top = panel
                    .curves
                    .iter()
                    .flat_map(|c| c.ys.iter().copied())
                    .filter(|y| y.is_finite())
                    .fold(0.0f64, f64::max);
                let at = (xlim.0 + 0.62 * (xlim.1 - xlim.0), top);
                panel.labels.push(label(kl_label(pn, qn, &e), at));
            }
            PanelKind::LogRatio => {}
        }
        panels.push(panel);
    }
    let mut fig = Figure::stacked(panels);
    fig.dpi = o.dpi;
    Ok((fig, e))
}

/// The dots per inch accepted: a 10-inch figure at 1000 dpi is already 10 000 pixels wide.
pub const DPI: std::ops::RangeInclusive<f64> = 10.0..=1000.0;

/// A place for a note above the curves, at the left: the panel's range grows to hold it, so
/// that it covers no part of the picture.
fn above(panel: &Panel, xlim: (f64, f64)) -> (f64, f64) {
    let ys = panel.curves.iter().flat_map(|c| c.ys.iter().copied());
    let (lo, hi) = ys
        .filter(|y| y.is_finite())
        .fold((0.0f64, 0.0f64), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let span = if hi > lo { hi - lo } else { 1.0 };
    (xlim.0 + 0.03 * (xlim.1 - xlim.0), hi + 0.15 * span)
}

/// The annotation of an integrand panel whose area is `name`: the area's value, +∞ where the
/// second density vanishes under the first, or the library's refusal.
fn area_note(
    panel: &mut Panel,
    xlim: (f64, f64),
    name: String,
    e: &Result<Estimate, kldiv::Error>,
) {
    match e {
        Ok(e) if e.value.is_finite() => {
            let (x, y) = peak(panel);
            let dx = 0.25 * (xlim.1 - xlim.0);
            let from_x = if xlim.1 - x >= x - xlim.0 {
                x + dx
            } else {
                x - dx
            };
            panel.arrows.push(arrow(
                format!("Area under curve {name} = {}", short(e.value)),
                (from_x, y * 0.8),
                (x, y * 0.5),
                BLACK_RGB,
            ));
        }
        Ok(_) => {
            let at = above(panel, xlim);
            panel.labels.push(Label {
                at,
                text: format!("{name} = +∞: the second density is 0 where the first is not"),
                color: TAB_RED,
            });
        }
        Err(err) => {
            let at = above(panel, xlim);
            let mut text = format!("{name} refused: {err}");
            if text.chars().count() > 90 {
                text = text.chars().take(89).collect::<String>() + "…";
            }
            panel.labels.push(Label {
                at,
                text,
                color: TAB_RED,
            });
        }
    }
}

/// The four panels of the interactive page (`kldiv serve`): the densities (p red, q blue),
/// log(p/q), p·log(p/q) and q·log(q/p), each integrand's area annotated with its divergence
/// computed under `options` (+∞ and a refusal are written on the panel, not raised).
///
/// # Errors
/// A distribution that cannot be drawn (multivariate or discrete), named P or Q.
pub fn explorer_panels(
    p: &Dist,
    q: &Dist,
    options: &kldiv::Options,
) -> Result<[Panel; 4], KlPlotError> {
    let pu = plottable(p, "P").map_err(KlPlotError::Input)?;
    let qu = plottable(q, "Q").map_err(KlPlotError::Input)?;
    let xlim = auto_xlim(pu, qu);
    if !(xlim.0.is_finite() && xlim.1.is_finite() && xlim.0 < xlim.1) {
        return Err(KlPlotError::Input(format!(
            "no finite x limits from the quantiles of P and Q: {xlim:?}"
        )));
    }
    let kl = kldiv::Measure::Kl;
    let mut dens = densities("densities", xlim, pu, qu);
    dens.legend = vec![("$p$".into(), TAB_RED), ("$q$".into(), TAB_BLUE)];
    let ratio = log_ratio("log($p$/$q$)", xlim, pu, qu);
    let mut pq = integrand("$p$ log($p$/$q$)", xlim, pu, qu, kl);
    let mut qp = integrand("$q$ log($q$/$p$)", xlim, qu, pu, kl);
    let name = |a: &str, b: &str| format!("$D$_{{KL}}(${a}$‖${b}$)");
    area_note(
        &mut pq,
        xlim,
        name("p", "q"),
        &kldiv::divergence(p, q, options),
    );
    area_note(
        &mut qp,
        xlim,
        name("q", "p"),
        &kldiv::divergence(q, p, options),
    );
    let mut panels = [dens, ratio, pq, qp];
    for panel in &mut panels {
        thin(panel, EXPLORER_THINNING);
    }
    Ok(panels)
}

/// The page shows a panel about 560 pixels wide: every 4th of the 1201 points (301, one per
/// ~2 pixels) draws the same picture in a quarter of the SVG, which the browser parses on
/// every slider move.
const EXPLORER_THINNING: usize = 4;

/// Keeps every `k`-th point of each curve and fill, and the last.
fn thin(panel: &mut Panel, k: usize) {
    let keep = |v: &mut Vec<f64>| {
        let n = v.len();
        *v = v
            .iter()
            .enumerate()
            .filter(|(i, _)| i % k == 0 || i + 1 == n)
            .map(|(_, x)| *x)
            .collect();
    };
    for c in &mut panel.curves {
        keep(&mut c.xs);
        keep(&mut c.ys);
    }
    for f in &mut panel.fills {
        keep(&mut f.xs);
        keep(&mut f.ys);
        if let Some(b) = &mut f.base {
            keep(b);
        }
    }
}
