//! `kldiv plot P Q -o FIG`: densities, log-ratio and integrand panels (drawn by
//! `kldiv_plot::kl`, which the Python module shares).

use super::{check_dpi, input, parse_spec};
use crate::cli::PlotArgs;
use crate::output::{self, Failure};
use anyhow::anyhow;
use kldiv_plot::kl::{KlPlot, KlPlotError, PanelKind, kl_figure};

pub fn run(a: &PlotArgs) -> Result<(), Failure> {
    check_dpi(a.dpi)?;
    let ext = a
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let png = match ext.as_deref() {
        Some("png") => true,
        Some("svg") => false,
        _ => {
            return Err(input(format!(
                "-o {}: the file must end in .png or .svg",
                a.output.display()
            )));
        }
    };
    let (p, q) = (parse_spec(&a.p)?, parse_spec(&a.q)?);
    let xlim = match a.xlim.as_slice() {
        [lo, hi] => {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(input(format!(
                    "--xlim: expected finite A < B, got {lo} {hi}"
                )));
            }
            Some((*lo, *hi))
        }
        _ => None,
    };
    let panels: Vec<PanelKind> = a
        .panels
        .split(',')
        .map(|s| {
            PanelKind::parse(s).ok_or_else(|| {
                input(format!(
                    "--panels: unknown panel '{}' (expected densities, log-ratio, integrand)",
                    s.trim()
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let measure: kldiv::Measure = a
        .measure
        .parse()
        .map_err(|e: kldiv::Error| super::kl::measure_error(&e))?;
    let options = KlPlot {
        xlim,
        panels,
        title: a.title.clone(),
        reverse: a.reverse,
        dpi: a.dpi,
        measure,
        legend: a.legend,
    };
    let (fig, e) = kl_figure(&p, &q, &options).map_err(|e| match e {
        KlPlotError::Input(m) => input(m),
        KlPlotError::Divergence(e) => Failure::from(e),
    })?;
    let bytes = if png {
        fig.to_png().map_err(|e| Failure::Compute(anyhow!(e)))?
    } else {
        fig.to_svg()
            .map_err(|e| Failure::Compute(anyhow!(e)))?
            .into_bytes()
    };
    std::fs::write(&a.output, bytes)
        .map_err(|e| input(format!("cannot write {}: {e}", a.output.display())))?;
    let name = if a.reverse { "KL(q‖p)" } else { "KL(p‖q)" };
    let mut lines = vec![format!(
        "{}  ({})",
        output::estimate_line(name, &e, "nats"),
        a.output.display()
    )];
    if measure != kldiv::Measure::Kl {
        let (x, y) = if a.reverse { (&q, &p) } else { (&p, &q) };
        let m = kldiv::measure(x, y, measure, &kldiv::Options::default())?;
        let unit = if measure.has_base() { "nats" } else { "" };
        let pair = if a.reverse { "q, p" } else { "p, q" };
        lines.push(output::estimate_line(
            &format!("{}({pair})", measure.name()),
            &m,
            unit,
        ));
    }
    output::print_lines(&lines)?;
    Ok(())
}
