//! The numerical building blocks below everything else: a plain quadrature rule, root finding,
//! special functions, compensated sums, the vectorised logarithm and the runtime choice of SIMD paths. Nothing here knows about
//! distributions beyond the [`Univariate`](crate::Univariate) trait that root finding inverts.

pub(crate) mod log;
pub(crate) mod quadrature;
pub(crate) mod root;
pub(crate) mod simd;
pub(crate) mod special;
pub(crate) mod sum;
pub(crate) mod vector_exp;
pub(crate) mod vector_ln;
