//! `kldiv plot P Q -o FIG`: densities, log-ratio and integrand panels.

use super::{check_dpi, input, parse_spec};
use crate::cli::PlotArgs;
use crate::output::{self, Failure};
use anyhow::anyhow;

pub fn run(a: &PlotArgs) -> Result<(), Failure> {
    use crate::figures::{self, PanelKind};
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
    let (mut p, mut q) = (parse_spec(&a.p)?, parse_spec(&a.q)?);
    if a.reverse {
        std::mem::swap(&mut p, &mut q);
    }
    let pu = figures::plottable(&p, "P").map_err(input)?;
    let qu = figures::plottable(&q, "Q").map_err(input)?;
    let xlim = match a.xlim.as_slice() {
        [lo, hi] => {
            if !(lo.is_finite() && hi.is_finite() && lo < hi) {
                return Err(input(format!(
                    "--xlim: expected finite A < B, got {lo} {hi}"
                )));
            }
            (*lo, *hi)
        }
        _ => figures::auto_xlim(pu, qu),
    };
    let kinds: Vec<PanelKind> = a
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
        .map_err(|e: kldiv::Error| input(format!("--measure: {e}")))?;
    let e = kldiv::divergence(&p, &q, &kldiv::Options::default())?;
    let m = kldiv::measure(&p, &q, measure, &kldiv::Options::default())?;
    let (pn, qn) = if a.reverse { ("q", "p") } else { ("p", "q") };
    let mut panels = Vec::new();
    for (i, k) in kinds.iter().enumerate() {
        let default_title = match k {
            PanelKind::Densities => format!("{p} and {q}"),
            PanelKind::LogRatio => format!("log(${pn}$/${qn}$)"),
            PanelKind::Integrand => match measure {
                kldiv::Measure::Kl => format!("${pn}$ log(${pn}$/${qn}$)"),
                other => format!("the integrand of {}", other.name()),
            },
        };
        let title = match (&a.title, i) {
            (Some(t), 0) => t.clone(),
            _ => default_title,
        };
        let mut panel = match k {
            PanelKind::Densities => figures::densities(&title, xlim, pu, qu),
            PanelKind::LogRatio => figures::log_ratio(&title, xlim, pu, qu),
            PanelKind::Integrand => figures::integrand(&title, xlim, pu, qu, measure),
        };
        match k {
            PanelKind::Integrand => {
                let (x, y) = figures::peak(&panel);
                let dx = 0.25 * (xlim.1 - xlim.0);
                // The label runs to the right of its arrow's tail: keep the tail in the left
                // part of the panel so that the text fits.
                let mid = 0.5 * (xlim.0 + xlim.1);
                let from_x = if x + dx < mid { x + dx } else { x - dx };
                panel.arrows.push(figures::arrow(
                    {
                        use kldiv::Measure as M;
                        let l = figures::measure_label(measure, pn, qn, &m);
                        // The area is the measure itself for these; the others are a function
                        // of it (H = √area, B = −ln area, Rényi = ln area/(α − 1)).
                        if matches!(
                            measure,
                            M::Kl
                                | M::TotalVariation
                                | M::JensenShannon
                                | M::Jeffreys
                                | M::CrossEntropy
                        ) {
                            format!("Area under curve {l}")
                        } else {
                            format!("{l}, from the area")
                        }
                    },
                    (from_x, y * 0.8),
                    (x, y * 0.5),
                    kldiv_plot::BLACK_RGB,
                ));
            }
            PanelKind::Densities => {
                let top = figures::peak(&panel).1;
                let at = (xlim.0 + 0.62 * (xlim.1 - xlim.0), top);
                panel
                    .labels
                    .push(figures::label(figures::kl_label(pn, qn, &e), at));
            }
            PanelKind::LogRatio => {}
        }
        panels.push(panel);
    }
    let mut fig = kldiv_plot::Figure::stacked(panels);
    fig.dpi = a.dpi;
    let bytes = if png {
        fig.to_png().map_err(|e| Failure::Compute(anyhow!(e)))?
    } else {
        fig.to_svg()
            .map_err(|e| Failure::Compute(anyhow!(e)))?
            .into_bytes()
    };
    std::fs::write(&a.output, bytes)
        .map_err(|e| input(format!("cannot write {}: {e}", a.output.display())))?;
    let mut lines = vec![format!(
        "{}  ({})",
        output::estimate_line(&format!("KL({pn}‖{qn})"), &e, "nats"),
        a.output.display()
    )];
    if measure != kldiv::Measure::Kl {
        let unit = if measure.has_base() { "nats" } else { "" };
        lines.push(output::estimate_line(
            &format!("{}({pn}, {qn})", measure.name()),
            &m,
            unit,
        ));
    }
    output::print_lines(&lines)?;
    Ok(())
}
