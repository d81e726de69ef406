//! Limits that protect the user from runaway input, and the tolerance for weights summing to one.

/// The longest distribution spec accepted, in bytes.
pub const MAX_SPEC_LEN: usize = 1 << 20;
/// The deepest nesting of brackets in a spec (a covariance matrix needs 2).
pub const MAX_DEPTH: usize = 8;
/// The most components a mixture may have.
pub const MAX_COMPONENTS: usize = 10_000;
/// The most categories of a categorical distribution, or coordinates of a dirichlet or mvnormal.
pub const MAX_LEN: usize = 1_000_000;
/// The most dimensions of an mvnormal (its covariance has d² entries and a d³ factorisation).
pub const MAX_DIM: usize = 1_000;
/// The largest shape parameter (gamma and beta shapes, degrees of freedom, Dirichlet α, ...):
/// beyond it the normalising constants overflow or lose every digit.
pub const MAX_SHAPE: f64 = 1e15;
/// Mixture weights and categorical probabilities must sum to 1 within this.
pub const SUM_TOLERANCE: f64 = 1e-9;
