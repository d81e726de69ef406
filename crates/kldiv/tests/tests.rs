//! kldiv's integration tests, one binary.
//!
//! - `reference`: every family against mpmath fixtures in `tests/data/` (pdf, ln_pdf, cdf, sf,
//!   quantile), with named tolerances.
//! - `properties`: round trips (quantile ∘ cdf, Display ∘ FromStr), pdf integrates to cdf,
//!   sample moments.
//! - `bad_specs`: malformed specs, each answered by a clear error.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod adversarial;
mod arrays;
mod bad_specs;
mod common;
mod cross_methods;
mod fuzz;
mod gaussian_mixtures;
mod invariants;
mod kl;
mod measure_edges;
mod measures;
mod mvnormal;
mod properties;
mod reference;
mod regression;
mod samples;
