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

pub mod kl;
mod markup;
mod model;
mod png;
mod render;

pub use model::*;
pub use png::svg_to_png;

use std::fmt;

/// A figure that could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlotError(String);

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PlotError {}

impl PlotError {
    pub(crate) fn new(message: impl Into<String>) -> PlotError {
        PlotError(message.into())
    }
}

/// An error of a step (`what`), with the underlying error's debug form.
pub(crate) fn err<E: fmt::Debug>(what: &str) -> impl Fn(E) -> PlotError + '_ {
    move |e| PlotError(format!("{what}: {e:?}"))
}
