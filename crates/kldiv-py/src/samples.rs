//! `kldiv.samples`: KL from samples through `kldiv::samples`, with an interval on request.

use crate::dist::Dist;
use crate::errors::{IntoPy, invalid};
use kldiv::samples::{
    self as ks, Bins, CountsMethod, EmptyBins, Estimator, IntervalOptions, Points, Resampling,
};
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
    let (value, ci, ci_level, replicates, estimator, n, m, d, jeffreys, js, edges) = state;
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
    })
}

#[pymethods]
impl SamplesResult {
    fn __float__(&self) -> f64 {
        self.value
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
            ) && (o.jeffreys, o.js, &o.edges) == (self.jeffreys, self.js, &self.edges)
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

type EstimateFn = dyn Fn(Points<'_>, Points<'_>) -> Result<f64, kldiv::Error> + Sync;

/// See `kldiv.samples` for the arguments.
#[pyfunction]
#[pyo3(signature = (x, y, k, estimator, q, ci, seed, l, resampling, replicates, bins, pseudocount, correction, jitter))]
#[allow(clippy::too_many_arguments)]
pub fn samples(
    py: Python<'_>,
    x: PyReadonlyArrayDyn<'_, f64>,
    y: Option<PyReadonlyArrayDyn<'_, f64>>,
    k: usize,
    estimator: &str,
    q: Option<Bound<'_, Dist>>,
    ci: Option<f64>,
    seed: u64,
    l: Option<usize>,
    resampling: &str,
    replicates: usize,
    bins: &Bound<'_, PyAny>,
    pseudocount: f64,
    correction: &str,
    jitter: Option<u64>,
) -> PyResult<SamplesResult> {
    let bins = bins_from(bins)?;
    let (xs, d) = points_of("x", &x)?;
    let (ys, dy) = match (&y, &q) {
        (Some(_), Some(_)) => return Err(invalid("give y or q, not both")),
        (None, None) => return Err(invalid("needs y (samples of q) or q (a distribution)")),
        (Some(y), None) => points_of("y", y)?,
        (None, Some(_)) => (Vec::new(), d),
    };
    let resampling = match resampling {
        "subsample" => Resampling::Subsample,
        "bootstrap" => Resampling::Bootstrap,
        _ => {
            return Err(invalid(format!(
                "resampling must be 'subsample' or 'bootstrap', got '{resampling}'"
            )));
        }
    };
    let jittered = |v: Vec<f64>, dim: usize, offset: u64| -> PyResult<Vec<f64>> {
        match jitter {
            Some(s) => Ok(ks::jitter(
                Points::new(&v, dim).py_err(py)?,
                s.wrapping_add(offset),
            )),
            None => Ok(v),
        }
    };
    let xs = jittered(xs, d, 0)?;
    let ys = jittered(ys, dy, 1)?;
    let xp = Points::new(&xs, d).py_err(py)?;
    let yp = Points::new(&ys, dy).py_err(py)?;
    let mut result = SamplesResult {
        value: f64::NAN,
        ci: None,
        ci_level: None,
        replicates: None,
        estimator: "",
        n: xp.len(),
        m: q.is_none().then_some(yp.len()),
        d,
        jeffreys: None,
        js: None,
        edges: None,
    };
    let knn = matches!(estimator, "wkv" | "varying-k" | "bias-reduced");
    let estimate: Box<EstimateFn> = match (estimator, &q) {
        ("wkv", Some(qd)) => {
            result.estimator = "one-sample";
            let qd = qd.get().inner.clone();
            Box::new(move |x, _| ks::one_sample(x, &qd, k))
        }
        (_, Some(_)) => {
            return Err(invalid(
                "q: the one-sample estimator is wkv's; use estimator='wkv'",
            ));
        }
        ("wkv" | "varying-k" | "bias-reduced", None) => {
            let e = match estimator {
                "wkv" => Estimator::Wkv { k },
                "varying-k" => Estimator::VaryingK {
                    k,
                    l: l.unwrap_or(k),
                },
                _ => Estimator::BiasReduced,
            };
            result.estimator = e.name();
            Box::new(move |x, y| ks::knn(x, y, e))
        }
        ("binned", None) => {
            if d != 1 {
                return Err(invalid(format!(
                    "estimator='binned' takes 1-D samples; x has {d} coordinates per point"
                )));
            }
            result.estimator = "binned";
            let empty = if pseudocount == 0.0 {
                EmptyBins::Infinite
            } else {
                EmptyBins::Pseudocount(pseudocount)
            };
            let full = ks::binned(&xs, &ys, &bins, empty).py_err(py)?;
            result.jeffreys = Some(full.jeffreys);
            result.js = Some(full.js);
            // Replicates reuse the full sample's edges.
            let edges = Bins::Edges(full.edges.clone());
            result.edges = Some(full.edges);
            Box::new(move |x, y| ks::binned(x.values(), y.values(), &edges, empty).map(|b| b.kl))
        }
        ("counts", None) => {
            if d != 1 {
                return Err(invalid(format!(
                    "estimator='counts' takes 1-D samples of labels; x has {d} coordinates per point"
                )));
            }
            result.estimator = "counts";
            let method = match correction {
                "plug-in" => CountsMethod::PlugIn,
                "miller-madow" => CountsMethod::MillerMadow,
                "jeffreys" => CountsMethod::Pseudocount(0.5),
                "laplace" => CountsMethod::Pseudocount(1.0),
                "james-stein" => CountsMethod::JamesStein,
                _ => {
                    return Err(invalid(format!(
                        "correction must be one of 'plug-in', 'miller-madow', 'jeffreys', \
                         'laplace', 'james-stein', got '{correction}'"
                    )));
                }
            };
            Box::new(move |x, y| ks::counts(x.values(), y.values(), method))
        }
        _ => {
            return Err(invalid(format!(
                "estimator must be one of 'wkv', 'varying-k', 'bias-reduced', 'binned', 'counts', \
                 got '{estimator}'"
            )));
        }
    };
    if resampling == Resampling::Bootstrap && knn && ci.is_some() {
        return Err(invalid(
            "resampling='bootstrap': a resample with replacement repeats points, and a point \
             at distance 0 from its copy has no nearest-neighbour estimate; use 'subsample'",
        ));
    }
    let y_for = if q.is_some() { xp } else { yp };
    let (value, interval) = py
        .detach(|| -> Result<_, kldiv::Error> {
            let value = estimate(xp, yp)?;
            let interval = match ci {
                None => None,
                Some(level) => {
                    let o = IntervalOptions {
                        level,
                        resampling,
                        replicates,
                        seed,
                    };
                    Some(ks::interval(&estimate, xp, y_for, value, &o)?)
                }
            };
            Ok((value, interval))
        })
        .py_err(py)?;
    result.value = value;
    if let Some(c) = interval {
        result.ci = Some((c.low, c.high));
        result.ci_level = Some(c.level);
        result.replicates = Some(c.replicates);
    }
    Ok(result)
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
