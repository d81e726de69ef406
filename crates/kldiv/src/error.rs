//! The one error type of the library.

use std::fmt;

/// Everything that can go wrong in kldiv. Invalid input is an error; an infinite divergence is
/// not (it is the value `f64::INFINITY`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A parameter of a distribution is out of its domain.
    InvalidParameter {
        /// The family, e.g. `"normal"`.
        family: &'static str,
        /// The parameter, e.g. `"std"`.
        param: &'static str,
        /// The value given.
        value: f64,
        /// What was expected, e.g. `"> 0"`.
        expected: &'static str,
    },
    /// A vector or matrix parameter is malformed (wrong length, not positive definite, ...).
    InvalidShape {
        /// The family, e.g. `"mvnormal"`.
        family: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A distribution spec does not parse.
    Parse {
        /// 1-based column (in characters) where the problem is.
        column: usize,
        /// What was expected or found.
        message: String,
    },
    /// A univariate operation was asked of a multivariate distribution, or the reverse.
    Dimension {
        /// What was asked.
        operation: &'static str,
        /// The distribution, as text.
        dist: String,
    },
    /// A numerical method ran out of budget before meeting its tolerance.
    NotConverged {
        /// The method.
        what: &'static str,
        /// The best value so far.
        value: f64,
        /// Its estimated error.
        abs_error: f64,
        /// Evaluations (or samples) spent.
        evaluations: u64,
    },
    /// A method cannot estimate this pair at all (not a matter of budget).
    MethodFailed {
        /// The method.
        method: &'static str,
        /// Why, and what can.
        reason: &'static str,
    },
    /// `Method::Exact` was asked for a pair without a closed form.
    NoClosedForm {
        /// p, as text.
        p: String,
        /// q, as text.
        q: String,
    },
    /// Two arrays that must have the same length do not.
    LengthMismatch {
        /// Length of p (or of a's rows).
        p: usize,
        /// Length of q (or of b's rows).
        q: usize,
    },
    /// A NaN where the NaN policy is `Raise`.
    NanInput {
        /// "pk" or "qk".
        which: &'static str,
        /// The first index holding NaN.
        index: usize,
    },
    /// An infinite entry in an array of weights: it has no share of a finite total.
    InfiniteInput {
        /// "pk" or "qk".
        which: &'static str,
        /// The first index holding ±∞.
        index: usize,
    },
    /// An array that must sum to 1 does not.
    NotNormalized {
        /// "pk" or "qk".
        which: &'static str,
        /// Its sum.
        sum: f64,
        /// The tolerance.
        tolerance: f64,
    },
    /// Samples that an estimator cannot take: too few points, different dimensions, a
    /// non-finite coordinate, duplicate points.
    Samples {
        /// What is wrong, and where.
        message: String,
    },
    /// An option outside its domain, or one that the chosen method would ignore.
    InvalidOption {
        /// The option, e.g. `"k"`.
        option: &'static str,
        /// What is wrong, naming the option.
        message: String,
    },
    /// An argument outside its domain, such as a probability outside [0, 1] for a quantile.
    InvalidArgument {
        /// The argument name.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What was expected.
        expected: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidParameter {
                family,
                param,
                value,
                expected,
            } => write!(
                f,
                "{family}: {param} must be {expected}, got {}",
                crate::spec::format_number(*value)
            ),
            Error::InvalidShape { family, message } => write!(f, "{family}: {message}"),
            Error::Samples { message } => write!(f, "samples: {message}"),
            Error::InvalidOption { message, .. } => f.write_str(message),
            Error::Parse { column, message } => write!(f, "{message} at column {column}"),
            Error::Dimension { operation, dist } => {
                write!(f, "{operation} is not defined for {dist}")
            }
            Error::NotConverged {
                what,
                value,
                abs_error,
                evaluations,
            } => write!(
                f,
                "{what} did not converge after {evaluations} evaluations: best value {value} ± {abs_error:e}; raise the evaluation budget or loosen the tolerance"
            ),
            Error::MethodFailed { method, reason } => {
                write!(f, "{method} cannot estimate this pair: {reason}")
            }
            Error::NoClosedForm { p, q } => write!(
                f,
                "no closed form for KL({p} ‖ {q}); closed forms exist for {}; quadrature or Monte Carlo can compute this pair",
                crate::kl::closed_form::DESCRIPTION
            ),
            Error::LengthMismatch { p, q } => {
                write!(f, "pk has {p} values but qk has {q}: they must match")
            }
            Error::NanInput { which, index } => {
                write!(f, "{which}[{index}] is NaN (the NaN policy is raise)")
            }
            Error::InfiniteInput { which, index } => write!(
                f,
                "{which}[{index}] is infinite: an infinite weight has no share of a finite total"
            ),
            Error::NotNormalized {
                which,
                sum,
                tolerance,
            } => write!(f, "{which} sums to {sum}, not 1 within {tolerance:e}"),
            Error::InvalidArgument {
                name,
                value,
                expected,
            } => write!(
                f,
                "{name} must be {expected}, got {}",
                crate::spec::format_number(*value)
            ),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// Whether the input was at fault (a parameter, a spec, a shape, an argument, a request that
    /// cannot be met): fix the call, do not retry it.
    pub fn is_invalid_input(&self) -> bool {
        !matches!(
            self,
            Error::NotConverged { .. } | Error::MethodFailed { .. }
        )
    }

    /// Whether a numerical method ran out of budget: [`Error::best_value`] has what it reached.
    pub fn is_not_converged(&self) -> bool {
        matches!(self, Error::NotConverged { .. })
    }

    /// The best value and its error bound, when a method did not converge.
    pub fn best_value(&self) -> Option<(f64, f64)> {
        match self {
            Error::NotConverged {
                value, abs_error, ..
            } => Some((*value, *abs_error)),
            _ => None,
        }
    }
}

/// Checks a parameter: `ok` must hold and the value must not be NaN.
pub(crate) fn check(
    family: &'static str,
    param: &'static str,
    value: f64,
    ok: bool,
    expected: &'static str,
) -> Result<(), Error> {
    if ok && !value.is_nan() {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            family,
            param,
            value,
            expected,
        })
    }
}

/// A finite parameter.
pub(crate) fn finite(family: &'static str, param: &'static str, value: f64) -> Result<(), Error> {
    check(family, param, value, value.is_finite(), "finite")
}

/// A finite, strictly positive parameter.
pub(crate) fn positive(family: &'static str, param: &'static str, value: f64) -> Result<(), Error> {
    check(
        family,
        param,
        value,
        value > 0.0 && value.is_finite(),
        "finite and > 0",
    )
}

/// A shape parameter: finite, > 0 and at most `MAX_SHAPE`.
pub(crate) fn shape(family: &'static str, param: &'static str, value: f64) -> Result<(), Error> {
    check(
        family,
        param,
        value,
        value > 0.0 && value <= crate::limits::MAX_SHAPE,
        "in (0, 1e15]",
    )
}

/// A probability in [0, 1].
pub(crate) fn probability(
    family: &'static str,
    param: &'static str,
    value: f64,
) -> Result<(), Error> {
    check(
        family,
        param,
        value,
        (0.0..=1.0).contains(&value),
        "in [0, 1]",
    )
}
