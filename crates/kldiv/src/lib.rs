//! # kldiv
//!
//! The Kullback–Leibler divergence and the measures around it: exact where mathematics allows,
//! certified where it does not.
//!
//! ```
//! use kldiv::{Dist, Univariate};
//!
//! let p: Dist = "normal(0, 1)".parse()?;
//! let n = p.univariate()?;
//! assert_eq!(n.quantile(0.01), -2.3263478740408408);
//! assert_eq!(n.quantile(0.99), 2.3263478740408408);
//! # Ok::<(), kldiv::Error>(())
//! ```
//!
//! Distributions are small validated value types ([`Normal::new`] checks its parameters once);
//! the [`Dist`] enum is the closed set of families that the text language describes
//! (`"0.5*normal(0,1) + 0.5*normal(3,1)"`), and [`Univariate`] gives every one-dimensional family
//! `ln_pdf`, `pdf`, `cdf`, `sf`, `quantile`, `mean`, `variance` and `entropy`.

#![deny(unsafe_code)]

pub mod discrete;
pub mod dist;
mod error;
mod kl;
pub mod limits;
mod numerics;
pub mod spec;

pub use dist::*;
pub use error::Error;
pub use kl::{Algorithm, Estimate, Method, Options, divergence};
