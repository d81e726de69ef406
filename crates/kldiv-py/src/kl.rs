//! `kldiv.kl`: KL between two distributions through `kldiv::divergence`, and its result.

use crate::dist::Dist;
use crate::errors::{IntoPy, invalid};
use kldiv::{Algorithm, Approximation, Estimate, Method, Options};
use pyo3::prelude::*;

/// A divergence with its error bar and the way it was obtained.
///
/// `value` is in the units of the base asked for (nats by default); the truth lies within
/// `abs_error` of it (one standard error for Monte Carlo). `float(result)` is the value.
/// `lower` and `upper` are bounds that hold with certainty, where the method gives them
/// (method 'bounds', the Gaussian-mixture approximations, and 'auto' for a Gaussian-mixture pair
/// in d ≥ 2); None otherwise.
#[pyclass(module = "kldiv", name = "KLResult", frozen)]
pub struct KlResult {
    /// The value (inf is a value: p has mass where q has none, or the integral diverges).
    #[pyo3(get)]
    value: f64,
    /// The estimated absolute error (rounding for a closed form).
    #[pyo3(get)]
    abs_error: f64,
    /// 'closed form', 'quadrature', 'summation', 'monte carlo', 'bounds' or '<name> approximation'.
    #[pyo3(get)]
    method: &'static str,
    /// Integrand evaluations, terms summed or draws made (0 for a closed form).
    #[pyo3(get)]
    evaluations: u64,
    /// Why the error bar may not be trusted, or None.
    #[pyo3(get)]
    warning: Option<String>,
    /// A certain lower bound, where the method gives one.
    #[pyo3(get)]
    lower: Option<f64>,
    /// A certain upper bound, where the method gives one.
    #[pyo3(get)]
    upper: Option<f64>,
    /// nats, bits, hartleys or "base B".
    #[pyo3(get)]
    unit: String,
}

pub fn method_name(a: Algorithm) -> &'static str {
    match a {
        Algorithm::ClosedForm => "closed form",
        Algorithm::Quadrature => "quadrature",
        Algorithm::Summation => "summation",
        Algorithm::MonteCarlo => "monte carlo",
        Algorithm::Bounds => "bounds",
        Algorithm::Samples => "samples",
        Algorithm::Approximation(a) => match a {
            Approximation::Variational => "variational approximation",
            Approximation::Product => "product approximation",
            Approximation::Matched => "matched approximation",
            Approximation::Unscented => "unscented approximation",
            _ => "moments approximation",
        },
    }
}

impl KlResult {
    pub fn new(e: &Estimate, unit: String) -> KlResult {
        KlResult {
            value: e.value,
            abs_error: e.abs_error,
            method: method_name(e.method),
            evaluations: e.evaluations,
            warning: e.warning.map(|w| w.to_string()),
            lower: e.bounds.map(|b| b.lower),
            upper: e.bounds.map(|b| b.upper),
            unit,
        }
    }
}

/// The fields of a [`KlResult`] in pickling order.
type KlState = (
    f64,
    f64,
    String,
    u64,
    Option<String>,
    Option<f64>,
    Option<f64>,
    String,
);

/// The method names a result can carry.
const METHODS: [&str; 10] = [
    "closed form",
    "quadrature",
    "summation",
    "monte carlo",
    "bounds",
    "variational approximation",
    "product approximation",
    "matched approximation",
    "unscented approximation",
    "moments approximation",
];

/// A [`KlResult`] from its pickled fields (`KLResult.__reduce__`).
#[pyfunction]
pub fn _kl_result(state: KlState) -> PyResult<KlResult> {
    let (value, abs_error, method, evaluations, warning, lower, upper, unit) = state;
    let method = METHODS
        .into_iter()
        .find(|m| *m == method)
        .ok_or_else(|| invalid(format!("unknown method '{method}' in a pickled result")))?;
    Ok(KlResult {
        value,
        abs_error,
        method,
        evaluations,
        warning,
        lower,
        upper,
        unit,
    })
}

#[pymethods]
impl KlResult {
    fn __float__(&self) -> f64 {
        self.value
    }

    /// `f"{result:.3f}"`: the value formatted as a float.
    fn __format__(&self, py: Python<'_>, spec: &str) -> PyResult<String> {
        // format(x, "") is str(x), as Python's convention has it (f"{result}" prints the bar).
        if spec.is_empty() {
            return Ok(self.__str__());
        }
        py.import("builtins")?
            .getattr("format")?
            .call1((self.value, spec))?
            .extract()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (KlState,))> {
        let restore = py.import("kldiv._kldiv")?.getattr("_kl_result")?;
        let state = (
            self.value,
            self.abs_error,
            self.method.to_string(),
            self.evaluations,
            self.warning.clone(),
            self.lower,
            self.upper,
            self.unit.clone(),
        );
        Ok((restore, (state,)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<KlResult>().is_ok_and(|o| {
            let o = o.get();
            (o.value, o.abs_error, o.method, o.evaluations, &o.warning)
                == (
                    self.value,
                    self.abs_error,
                    self.method,
                    self.evaluations,
                    &self.warning,
                )
                && (o.lower, o.upper, &o.unit) == (self.lower, self.upper, &self.unit)
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "KLResult(value={}, abs_error={:e}, method='{}', evaluations={})",
            py_float(self.value),
            self.abs_error,
            self.method,
            self.evaluations
        )
    }

    /// `0.5267773065213736 ± 4e-13 nats (quadrature)`, as the command line prints it.
    fn __str__(&self) -> String {
        if self.abs_error > 0.0 && self.value.is_finite() {
            format!(
                "{} ± {:.0e} {} ({})",
                py_float(self.value),
                self.abs_error,
                self.unit,
                self.method
            )
        } else {
            format!("{} {} ({})", py_float(self.value), self.unit, self.method)
        }
    }
}

/// A float as Python prints it (`inf`, `0.5`, shortest round trip).
fn py_float(v: f64) -> String {
    if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{v:?}")
    }
}

/// The unit of a base, as the command line names it.
fn unit(base: f64) -> String {
    if base == std::f64::consts::E {
        "nats".into()
    } else if base == 2.0 {
        "bits".into()
    } else if base == 10.0 {
        "hartleys".into()
    } else {
        format!("(base {})", py_float(base))
    }
}

/// Any measure between p and q (`kl`, `hellinger`, `tv`, `js`, `js-distance`, `renyi:ALPHA`,
/// `bhattacharyya`, `jeffreys`, `cross-entropy`); see `kldiv.divergence` for the arguments.
#[pyfunction]
#[pyo3(signature = (p, q, measure, method, base, rel_tol, abs_tol, max_evaluations, samples, seed))]
#[allow(clippy::too_many_arguments)]
pub fn divergence(
    py: Python<'_>,
    p: PyRef<'_, Dist>,
    q: PyRef<'_, Dist>,
    measure: &str,
    method: &str,
    base: Option<f64>,
    rel_tol: f64,
    abs_tol: f64,
    max_evaluations: u64,
    samples: u64,
    seed: u64,
) -> PyResult<KlResult> {
    let m: kldiv::Measure = measure.parse().py_err(py)?;
    let (options, base) = checked_options(
        method,
        base,
        rel_tol,
        abs_tol,
        max_evaluations,
        samples,
        seed,
    )?;
    let (pd, qd) = (&p.inner, &q.inner);
    let e = py
        .detach(|| kldiv::measure(pd, qd, m, &options))
        .py_err(py)?;
    let u = if m.has_base() {
        unit(base)
    } else {
        String::new()
    };
    Ok(KlResult::new(&e, u))
}

/// The entropy of p with its error bar; see `kldiv.dist_entropy`.
#[pyfunction]
#[pyo3(signature = (p, method, base, rel_tol, abs_tol, max_evaluations, samples, seed))]
#[allow(clippy::too_many_arguments)]
pub fn dist_entropy(
    py: Python<'_>,
    p: PyRef<'_, Dist>,
    method: &str,
    base: Option<f64>,
    rel_tol: f64,
    abs_tol: f64,
    max_evaluations: u64,
    samples: u64,
    seed: u64,
) -> PyResult<KlResult> {
    let (options, base) = checked_options(
        method,
        base,
        rel_tol,
        abs_tol,
        max_evaluations,
        samples,
        seed,
    )?;
    let pd = &p.inner;
    let e = py.detach(|| kldiv::entropy(pd, &options)).py_err(py)?;
    Ok(KlResult::new(&e, unit(base)))
}

/// KL(p‖q); see `kldiv.kl` for the arguments.
#[pyfunction]
#[pyo3(signature = (p, q, method, base, rel_tol, abs_tol, max_evaluations, samples, seed))]
#[allow(clippy::too_many_arguments)]
pub fn kl(
    py: Python<'_>,
    p: PyRef<'_, Dist>,
    q: PyRef<'_, Dist>,
    method: &str,
    base: Option<f64>,
    rel_tol: f64,
    abs_tol: f64,
    max_evaluations: u64,
    samples: u64,
    seed: u64,
) -> PyResult<KlResult> {
    let (options, base) = checked_options(
        method,
        base,
        rel_tol,
        abs_tol,
        max_evaluations,
        samples,
        seed,
    )?;
    let (pd, qd) = (&p.inner, &q.inner);
    let e = py
        .detach(|| kldiv::divergence(pd, qd, &options))
        .py_err(py)?;
    Ok(KlResult::new(&e, unit(base)))
}

/// The method and options of a call, checked as the command line checks them.
fn checked_options(
    method: &str,
    base: Option<f64>,
    rel_tol: f64,
    abs_tol: f64,
    max_evaluations: u64,
    samples: u64,
    seed: u64,
) -> PyResult<(Options, f64)> {
    let method = match method {
        "auto" => Method::Auto,
        "exact" => Method::Exact,
        "quad" | "quadrature" => Method::Quadrature,
        "mc" | "monte carlo" => Method::MonteCarlo { samples, seed },
        "bounds" => Method::Bounds,
        other => match Approximation::ALL.into_iter().find(|a| a.name() == other) {
            Some(a) => Method::Approximation(a),
            None => {
                return Err(invalid(format!(
                    "method must be one of 'auto', 'exact', 'quad', 'mc', 'bounds', \
                     'variational', 'product', 'matched', 'unscented', 'moments', got '{method}'"
                )));
            }
        },
    };
    // The library takes any tolerance and budget; these keep a call from running forever or
    // from ending before its first panel, as the command line does.
    for (name, tol) in [("rel_tol", rel_tol), ("abs_tol", abs_tol)] {
        if !(tol.is_finite() && tol >= 0.0) {
            return Err(invalid(format!(
                "{name} must be a finite number ≥ 0, got {tol}"
            )));
        }
    }
    if max_evaluations < 21 {
        return Err(invalid(format!(
            "max_evaluations must be at least 21 (one panel), got {max_evaluations}"
        )));
    }
    if !(2..=10_000_000_000).contains(&samples) {
        return Err(invalid(format!(
            "samples must be from 2 to 10000000000, got {samples}"
        )));
    }
    let base = base.unwrap_or(std::f64::consts::E);
    let options = Options::default()
        .method(method)
        .base(base)
        .rel_tol(rel_tol)
        .abs_tol(abs_tol)
        .max_evaluations(max_evaluations)
        .samples(samples)
        .seed(seed);
    Ok((options, base))
}
