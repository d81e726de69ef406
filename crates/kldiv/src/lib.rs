//! # kldiv
//!
//! The Kullback–Leibler divergence and the measures around it: exact where mathematics allows,
//! certified where it does not.
//!
//! ```
//! use kldiv::{Dist, Options, divergence};
//!
//! // The seed chapter's pair: a Gaussian against a two-component mixture.
//! let p: Dist = "normal(0, 1)".parse()?;
//! let q: Dist = "0.5*normal(0, 1) + 0.5*normal(3, 1)".parse()?;
//! let kl = divergence(&p, &q, &Options::default())?;
//! assert!((kl.value - 0.526_777_306_521_373_6).abs() <= kl.abs_error);
//! println!("{:.12} ± {:.0e} nats ({})", kl.value, kl.abs_error, kl.method);
//! # Ok::<(), kldiv::Error>(())
//! ```
//!
//! Every result is an [`Estimate`]: a value, an error bar that contains the truth, and the
//! [`Algorithm`] that produced it (closed form, quadrature, summation or Monte Carlo).
//!
//! Distributions are small validated value types ([`Normal::new`] checks its parameters once);
//! the [`Dist`] enum is the closed set of families that the text language describes
//! (`"0.5*normal(0,1) + 0.5*normal(3,1)"`), and [`Univariate`] gives every one-dimensional family
//! `ln_pdf`, `pdf`, `cdf`, `sf`, `quantile`, `mean`, `variance` and `entropy`.

#![deny(unsafe_code)]

pub mod arrays;
pub mod dist;
pub mod drift;
mod error;
mod kl;
pub mod limits;
pub mod measures;
mod numerics;
pub mod progress;
pub mod samples;
pub mod spec;

pub use dist::*;
pub use error::Error;
pub use kl::{
    Algorithm, Approximation, Confidence, Estimate, Interval, Method, Options, Warning, divergence,
    divergence_with_progress, kl,
};
pub use measures::{Measure, entropy, measure};
pub use progress::Progress;
