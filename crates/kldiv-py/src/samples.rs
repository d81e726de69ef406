//! `kldiv.samples`: KL from samples through `kldiv::samples`, with an interval on request.

use crate::dist::Dist;
use crate::errors::{IntoPy, count, invalid};
use kldiv::samples::{self as ks, Bins, Points, SampleOptions};
use numpy::{PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;

/// An estimate from samples.
///
/// `value` in nats; `ci` is (low, high) at `ci_level` when an interval was asked for.
/// `float(result)` is the value.
#[pyclass(module = "kldiv", name = "SamplesResult", frozen)]
pub struct SamplesResult {
    /// The estimate, in nats.
    #[pyo3(get)]
    value: f64,
    /// (low, high), or None.
    #[pyo3(get)]
    ci: Option<(f64, f64)>,
    /// The interval's confidence level, or None.
    #[pyo3(get)]
    ci_level: Option<f64>,
    /// The interval's replicates, or None.
    #[pyo3(get)]
    replicates: Option<usize>,
    /// 'wkv', 'one-sample', 'varying-k', 'bias-reduced', 'binned' or 'counts'.
    #[pyo3(get)]
    estimator: &'static str,
    /// Points of X.
    #[pyo3(get)]
    n: usize,
    /// Points of Y (None for the one-sample estimator).
    #[pyo3(get)]
    m: Option<usize>,
    /// Coordinates per point.
    #[pyo3(get)]
    d: usize,
    /// Binned only: KL(X‖Y) + KL(Y‖X) of the histograms (the population stability index).
    #[pyo3(get)]
    jeffreys: Option<f64>,
    /// Binned only: the Jensen–Shannon divergence of the histograms.
    #[pyo3(get)]
    js: Option<f64>,
    /// Binned only: the bin edges (±inf at open ends).
    #[pyo3(get)]
    edges: Option<Vec<f64>>,
    /// Why the interval may not hold at its level (the bias), or why +inf is an artefact
    /// (counts), when there is a reason; `kldiv.samples` also issues it as a RuntimeWarning.
    #[pyo3(get)]
    warning: Option<String>,
}

/// The fields of a [`SamplesResult`] in pickling order.
type SamplesState = (
    f64,
    Option<(f64, f64)>,
    Option<f64>,
    Option<usize>,
    String,
    usize,
    Option<usize>,
    usize,
    Option<f64>,
    Option<f64>,
    Option<Vec<f64>>,
    Option<String>,
);

/// The estimator names a result can carry.
const ESTIMATORS: [&str; 6] = [
    "wkv",
    "one-sample",
    "varying-k",
    "bias-reduced",
    "binned",
    "counts",
];

/// A [`SamplesResult`] from its pickled fields (`SamplesResult.__reduce__`).
#[pyfunction]
pub fn _samples_result(state: SamplesState) -> PyResult<SamplesResult> {
    let (value, ci, ci_level, replicates, estimator, n, m, d, jeffreys, js, edges, warning) = state;
    let estimator = ESTIMATORS
        .into_iter()
        .find(|e| *e == estimator)
        .ok_or_else(|| {
            invalid(format!(
                "unknown estimator '{estimator}' in a pickled result"
            ))
        })?;
    Ok(SamplesResult {
        value,
        ci,
        ci_level,
        replicates,
        estimator,
        n,
        m,
        d,
        jeffreys,
        js,
        edges,
        warning,
    })
}

#[pymethods]
impl SamplesResult {
    fn __float__(&self) -> f64 {
        self.value
    }

    /// `f"{result:.3f}"`: the value formatted as a float.
    fn __format__(&self, py: Python<'_>, spec: &str) -> PyResult<String> {
        // format(x, "") is str(x), here the repr, as Python's convention has it.
        if spec.is_empty() {
            return Ok(self.__repr__());
        }
        py.import("builtins")?
            .getattr("format")?
            .call1((self.value, spec))?
            .extract()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (SamplesState,))> {
        let restore = py.import("kldiv._kldiv")?.getattr("_samples_result")?;
        let state = (
            self.value,
            self.ci,
            self.ci_level,
            self.replicates,
            self.estimator.to_string(),
            self.n,
            self.m,
            self.d,
            self.jeffreys,
            self.js,
            self.edges.clone(),
            self.warning.clone(),
        );
        Ok((restore, (state,)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<SamplesResult>().is_ok_and(|o| {
            let o = o.get();
            (
                o.value,
                o.ci,
                o.ci_level,
                o.replicates,
                o.estimator,
                o.n,
                o.m,
                o.d,
            ) == (
                self.value,
                self.ci,
                self.ci_level,
                self.replicates,
                self.estimator,
                self.n,
                self.m,
                self.d,
            ) && (o.jeffreys, o.js, &o.edges, &o.warning)
                == (self.jeffreys, self.js, &self.edges, &self.warning)
        })
    }

    fn __repr__(&self) -> String {
        let ci = match self.ci {
            Some((lo, hi)) => format!(", ci=({lo:?}, {hi:?})"),
            None => String::new(),
        };
        format!(
            "SamplesResult(value={:?}{ci}, estimator='{}', n={}, m={}, d={})",
            self.value,
            self.estimator,
            self.n,
            self.m.map_or("None".to_string(), |m| m.to_string()),
            self.d
        )
    }
}

/// A contiguous float64 array of n points: 1-D is n points of one coordinate, 2-D n rows of d.
fn points_of(name: &str, a: &PyReadonlyArrayDyn<'_, f64>) -> PyResult<(Vec<f64>, usize)> {
    let d = match a.shape() {
        [_] => 1,
        [_, d] => *d,
        s => {
            return Err(invalid(format!(
                "{name}: samples are 1-D (n points) or 2-D (n rows of d coordinates); this array \
                 has shape {s:?}"
            )));
        }
    };
    let v = a
        .as_slice()
        .map_err(|_| invalid(format!("{name} must be C-contiguous")))?;
    Ok((v.to_vec(), d))
}

/// A neighbour order from Python: a negative int becomes 0, which the library refuses as
/// below 1 (the message names the option and its domain).
fn order(v: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) => match v.extract::<i64>() {
            Ok(n) if n < 1 => Ok(Some(0)),
            _ => Ok(Some(usize::try_from(count(v, name)?).unwrap_or(usize::MAX))),
        },
    }
}

/// See `kldiv.samples` for the arguments; None is the library's default.
#[pyfunction]
#[pyo3(signature = (x, y, k, estimator, q, ci, seed, l, resampling, replicates, bins, pseudocount, correction, jitter))]
#[allow(clippy::too_many_arguments)]
pub fn samples(
    py: Python<'_>,
    x: PyReadonlyArrayDyn<'_, f64>,
    y: Option<PyReadonlyArrayDyn<'_, f64>>,
    k: Option<Bound<'_, PyAny>>,
    estimator: Option<&str>,
    q: Option<Bound<'_, Dist>>,
    ci: Option<f64>,
    seed: Option<u64>,
    l: Option<Bound<'_, PyAny>>,
    resampling: Option<&str>,
    replicates: Option<usize>,
    bins: Option<Bound<'_, PyAny>>,
    pseudocount: Option<f64>,
    correction: Option<&str>,
    jitter: Option<u64>,
) -> PyResult<SamplesResult> {
    let mut o = SampleOptions::default();
    if let Some(e) = estimator {
        o = o.estimator(e.parse().py_err(py)?);
    }
    if let Some(k) = order(k.as_ref(), "k")? {
        o = o.k(k);
    }
    if let Some(l) = order(l.as_ref(), "l")? {
        o = o.l(l);
    }
    if let Some(b) = &bins {
        o = o.bins(bins_from(b)?);
    }
    if let Some(a) = pseudocount {
        o = o.pseudocount(a);
    }
    if let Some(c) = correction {
        o = o.correction(c.parse().py_err(py)?);
    }
    if let Some(level) = ci {
        o = o.ci(level);
    }
    if let Some(r) = resampling {
        o = o.resampling(r.parse().py_err(py)?);
    }
    if let Some(n) = replicates {
        o = o.replicates(n);
    }
    if let Some(s) = seed {
        o = o.seed(s);
    }
    if let Some(s) = jitter {
        o = o.jitter(s);
    }
    let (xs, d) = points_of("x", &x)?;
    let (ys, dy) = match (&y, &q) {
        (Some(_), Some(_)) => return Err(invalid("give y or q, not both")),
        (None, None) => return Err(invalid("needs y (samples of q) or q (a distribution)")),
        (Some(y), None) => points_of("y", y)?,
        (None, Some(_)) => (Vec::new(), d),
    };
    let qd = q.map(|q| q.get().inner.clone());
    let e = py
        .detach(|| -> Result<_, kldiv::Error> {
            let xp = Points::new(&xs, d)?;
            match &qd {
                Some(qd) => ks::estimate(xp, qd, &o),
                None => ks::estimate(xp, Points::new(&ys, dy)?, &o),
            }
        })
        .py_err(py)?;
    let info = e
        .sample
        .as_ref()
        .ok_or_else(|| invalid("the library returned an estimate without its samples"))?;
    let binned = info.binned.as_ref();
    Ok(SamplesResult {
        value: e.value,
        ci: e.confidence.map(|c| (c.interval.lower, c.interval.upper)),
        ci_level: e.confidence.map(|c| c.level),
        replicates: e.confidence.map(|c| c.replicates),
        estimator: info.estimator.name(),
        n: info.n,
        m: info.m,
        d: info.d,
        jeffreys: binned.map(|b| b.jeffreys),
        js: binned.map(|b| b.js),
        edges: binned.map(|b| b.edges.clone()),
        warning: e.warning.map(|w| w.to_string()),
    })
}

/// `bins`: 'auto', a number of bins, or a sequence of edges.
pub fn bins_from(b: &Bound<'_, PyAny>) -> PyResult<Bins> {
    if let Ok(s) = b.extract::<String>() {
        return match s.as_str() {
            "auto" => Ok(Bins::Auto),
            _ => Err(invalid(format!(
                "bins must be 'auto', a number of bins or a sequence of edges, got '{s}'"
            ))),
        };
    }
    if let Ok(n) = b.extract::<usize>() {
        return Ok(Bins::Count(n));
    }
    b.extract::<Vec<f64>>()
        .map(Bins::Edges)
        .map_err(|_| invalid("bins must be 'auto', a number of bins or a sequence of edges"))
}
