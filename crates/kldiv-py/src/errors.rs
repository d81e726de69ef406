//! The one place where kldiv's errors become Python exceptions.
//!
//! - a method that ran out of budget: `NotConvergedError(ValueError)`, with the best value
//!   reached as `.value`, its error bound as `.abs_error` and the work spent as `.evaluations`;
//! - everything else, bad input above all: `ValueError` with the library's message unchanged.
//!
//! A figure that cannot be rendered (never bad input) is a `RuntimeError`.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    kldiv,
    NotConvergedError,
    PyValueError,
    "A numerical method ran out of budget before meeting its tolerance. `.value` is the best \
     value it reached, `.abs_error` that value's error bound and `.evaluations` the work spent; \
     the message says what to raise."
);

/// The Python exception for a library error.
pub fn to_py(py: Python<'_>, e: kldiv::Error) -> PyErr {
    let message = e.to_string();
    match &e {
        kldiv::Error::NotConverged {
            value,
            abs_error,
            evaluations,
            ..
        } => {
            let err = NotConvergedError::new_err(message);
            let inst = err.value(py);
            // Setting attributes on a fresh exception instance cannot fail short of memory
            // exhaustion; the message carries the same numbers if it ever did.
            let _ = inst.setattr("value", *value);
            let _ = inst.setattr("abs_error", *abs_error);
            let _ = inst.setattr("evaluations", *evaluations);
            err
        }
        _ => PyValueError::new_err(message),
    }
}

/// A `Result` of the library as a `PyResult`.
pub trait IntoPy<T> {
    /// Maps the error through [`to_py`].
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, kldiv::Error> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py(py, e))
    }
}

/// A bad argument of the binding itself (an unknown option name, a size out of range).
pub fn invalid(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}

/// A figure that could not be drawn.
pub fn plot_error(e: kldiv_plot::PlotError) -> PyErr {
    PyRuntimeError::new_err(e.to_string())
}

/// A KL figure that could not be made: the request (ValueError) or the divergence.
pub fn kl_plot_error(py: Python<'_>, e: kldiv_plot::kl::KlPlotError) -> PyErr {
    match e {
        kldiv_plot::kl::KlPlotError::Input(m) => PyValueError::new_err(m),
        kldiv_plot::kl::KlPlotError::Divergence(e) => to_py(py, e),
    }
}

/// A non-negative integer argument as u64. PyO3's own conversion says OverflowError for −1;
/// this names the argument: ValueError for a negative or too large int, TypeError for a
/// non-integer (an integral float such as 3.0 is taken).
pub fn count(v: &Bound<'_, PyAny>, name: &str) -> PyResult<u64> {
    if let Ok(n) = v.extract::<u64>() {
        return Ok(n);
    }
    if let Ok(f) = v.extract::<f64>()
        && f.fract() == 0.0
        && (0.0..1.8e19).contains(&f)
    {
        return Ok(f as u64);
    }
    let is_int = v
        .py()
        .import("operator")?
        .call_method1("index", (v,))
        .is_ok();
    if is_int {
        Err(invalid(format!(
            "{name} must be an integer from 0 to 2**64 - 1; got {v}"
        )))
    } else {
        Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "{name} must be an integer; got {}",
            v.repr()?
        )))
    }
}
