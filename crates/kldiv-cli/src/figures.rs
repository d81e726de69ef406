//! KL figures: densities, log(p/q) and p·log(p/q) for two univariate distributions, as plain
//! `kldiv_plot::Figure`s. Annotated values come from the computation, never typed in.

use kldiv::{Dist, Estimate, Univariate};
use kldiv_plot::{Arrow, BLACK_RGB, Curve, Fill, GREY, Label, Panel, Rgb, TAB_BLUE, TAB_RED};

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

/// "D_KL(p‖q) = 0.5268" in the plot markup, with the names of the two distributions.
pub fn kl_label(a: &str, b: &str, e: &Estimate) -> String {
    format!("$D$_{{KL}}(${a}$‖${b}$) = {}", short(e.value))
}

/// The label of a measure other than KL: `hellinger(p, q) = 0.39`.
pub fn measure_label(m: kldiv::Measure, a: &str, b: &str, e: &Estimate) -> String {
    match m {
        kldiv::Measure::Kl => kl_label(a, b, e),
        other => format!("{}(${a}$, ${b}$) = {}", other.name(), short(e.value)),
    }
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

/// p·log(p/q): the positive area dark, the negative area light, so that the signed area whose
/// total is the divergence shows.
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
            // Where q vanishes under p the KL integrand is infinite: drawn at the panel's
            // top would hide everything else, so such points are left out (as 0).
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
