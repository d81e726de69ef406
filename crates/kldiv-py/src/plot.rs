//! `kldiv.plot`: the KL figure of two distributions (`kldiv_plot::kl`), as SVG text that
//! Jupyter shows inline, and PNG or SVG files.

use crate::dist::Dist;
use crate::errors::{IntoPy, invalid, kl_plot_error, plot_error};
use crate::kl::KlResult;
use kldiv_plot::kl::{KlPlot, PanelKind, kl_figure};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// A figure: `svg` is its SVG text, `save(path)` writes PNG or SVG by the extension, and in
/// Jupyter it shows itself inline. `kl` is the divergence it annotates.
#[pyclass(module = "kldiv", name = "Figure", frozen)]
pub struct Figure {
    fig: kldiv_plot::Figure,
    /// The SVG text.
    #[pyo3(get)]
    svg: String,
    /// The divergence shown, as `kldiv.kl` returns it.
    #[pyo3(get)]
    kl: Py<KlResult>,
}

#[pymethods]
impl Figure {
    fn _repr_svg_(&self) -> String {
        self.svg.clone()
    }

    fn __repr__(&self) -> String {
        let (w, h) = self.fig.pixels();
        format!(
            "<kldiv.Figure: {} panel(s), {w}×{h} px>",
            self.fig.panels.len()
        )
    }

    /// The figure as PNG bytes (anti-aliased, the embedded DejaVu Sans font).
    fn to_png<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let svg = &self.svg;
        let png = py
            .detach(|| kldiv_plot::svg_to_png(svg))
            .map_err(plot_error)?;
        Ok(PyBytes::new(py, &png))
    }

    /// Writes the figure to `path`: PNG for a name ending in .png, SVG for .svg.
    fn save(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<()> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let bytes = match ext.as_deref() {
            Some("png") => {
                let svg = &self.svg;
                py.detach(|| kldiv_plot::svg_to_png(svg))
                    .map_err(plot_error)?
            }
            Some("svg") => self.svg.clone().into_bytes(),
            _ => {
                return Err(invalid(format!(
                    "{}: the file name must end in .png or .svg",
                    path.display()
                )));
            }
        };
        std::fs::write(&path, bytes)?;
        Ok(())
    }
}

/// See `kldiv.plot` for the arguments.
#[pyfunction]
#[pyo3(signature = (p, q, xlim, panels, title, reverse, dpi, measure))]
#[allow(clippy::too_many_arguments)]
pub fn plot(
    py: Python<'_>,
    p: PyRef<'_, Dist>,
    q: PyRef<'_, Dist>,
    xlim: Option<(f64, f64)>,
    panels: Vec<String>,
    title: Option<String>,
    reverse: bool,
    dpi: f64,
    measure: &str,
) -> PyResult<Figure> {
    let measure: kldiv::Measure = measure.parse().py_err(py)?;
    let panels = panels
        .iter()
        .map(|s| {
            PanelKind::parse(s).ok_or_else(|| {
                invalid(format!(
                    "unknown panel '{s}' (expected 'densities', 'log-ratio', 'integrand')"
                ))
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    let options = KlPlot {
        xlim,
        panels,
        title,
        reverse,
        dpi,
        measure,
        legend: false,
    };
    let (pd, qd) = (&p.inner, &q.inner);
    let (fig, e) = py
        .detach(|| kl_figure(pd, qd, &options))
        .map_err(|e| kl_plot_error(py, e))?;
    let svg = py.detach(|| fig.to_svg()).map_err(plot_error)?;
    Ok(Figure {
        fig,
        svg,
        kl: Py::new(py, KlResult::new(&e, "nats".into()))?,
    })
}
