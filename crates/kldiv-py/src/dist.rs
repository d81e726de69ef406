//! `kldiv.Dist`: a distribution of the text language, its pointwise functions vectorised over
//! numpy arrays, its moments and seeded draws.

use crate::arrays::DETACH_MIN;
use crate::errors::{IntoPy, invalid};
use kldiv::Univariate;
use numpy::ndarray::ArrayD;
use numpy::{AllowTypeChange, IntoPyArray, PyArrayLikeDyn, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use rand::SeedableRng;

/// The most values `rvs` makes at once (8 GB of float64).
const MAX_DRAWS: u64 = 1_000_000_000;

/// A probability distribution, written in kldiv's text language.
///
///     >>> import kldiv
///     >>> q = kldiv.Dist("0.5*normal(0, 1) + 0.5*normal(3, 1)")
///     >>> float(q.cdf(1.5))
///     0.5
///     >>> q.ppf([0.01, 0.99])
///     array([-2.05375338,  5.05375338])
///     >>> q.rvs(3, seed=1).shape, q.mean, q.var
///     ((3,), 1.5, 3.25)
///
/// Pointwise functions (`pdf`, `logpdf`, `cdf`, `sf`, `ppf`) take any array-like and return an
/// array of its shape (a numpy float64 scalar for a scalar), as scipy.stats does; for a discrete
/// family `pdf` is the pmf. `mean` and `var` are None where they do not exist (the mean of a
/// Cauchy); `entropy()` is the closed form, or certified quadrature where there is none.
#[pyclass(module = "kldiv", name = "Dist", frozen)]
pub struct Dist {
    pub inner: kldiv::Dist,
}

impl Dist {
    fn univariate(&self) -> PyResult<&dyn Univariate> {
        self.inner.as_univariate().ok_or_else(|| {
            invalid(format!(
                "this is not defined for {} (multivariate)",
                self.inner
            ))
        })
    }

    /// f applied to every element of x, an array of x's shape (a float64 scalar for 0-d x).
    fn map<'py>(
        &self,
        py: Python<'py>,
        x: PyArrayLikeDyn<'py, f64, AllowTypeChange>,
        f: impl Fn(&dyn Univariate, f64) -> f64 + Sync,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.univariate()?;
        let view = x.as_array();
        let inner = &self.inner;
        let run = || match inner.as_univariate() {
            Some(u) => view.map(|&v| f(u, v)),
            None => view.map(|_| f64::NAN), // refused above
        };
        let out: ArrayD<f64> = if view.len() >= DETACH_MIN {
            py.detach(run)
        } else {
            run()
        };
        scalar_if_0d(py, out.into_pyarray(py).into_any())
    }
}

/// numpy's own 0-d result: a float64 scalar, as scipy.stats returns; other arrays as they are.
fn scalar_if_0d<'py>(py: Python<'py>, arr: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if arr.getattr("ndim")?.extract::<usize>()? == 0 {
        arr.get_item(PyTuple::empty(py))
    } else {
        Ok(arr)
    }
}

#[pymethods]
impl Dist {
    /// Parses a distribution: `Dist("gamma(2, scale=4)")`. Raises ValueError with the column
    /// of a mistake.
    #[new]
    fn new(py: Python<'_>, spec: &str) -> PyResult<Dist> {
        let inner = kldiv_io::parse_spec(spec, None).py_err(py)?;
        Ok(Dist { inner })
    }

    fn __repr__(&self) -> String {
        format!("Dist('{}')", self.inner)
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Dist>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.inner.to_string().hash(&mut h);
        h.finish()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let cls = py.get_type::<Dist>();
        PyTuple::new(
            py,
            [
                cls.into_any(),
                PyTuple::new(py, [self.inner.to_string()])?.into_any(),
            ],
        )
    }

    /// The family name as the text language spells it ('mixture' for a mixture).
    #[getter]
    fn family(&self) -> &'static str {
        self.inner.family()
    }

    /// The number of coordinates of a draw: 1 for a univariate distribution.
    #[getter]
    fn dim(&self) -> usize {
        self.inner.dim()
    }

    /// Whether the distribution lives on the integers (pdf is then the pmf).
    #[getter]
    fn discrete(&self) -> PyResult<bool> {
        Ok(self.univariate()?.support().discrete)
    }

    /// (lower, upper): the interval where the mass is (±inf for an unbounded end).
    #[getter]
    fn support(&self) -> PyResult<(f64, f64)> {
        let s = self.univariate()?.support();
        Ok((s.lower, s.upper))
    }

    /// E[X], or None where it does not exist; the mean vector (a float64 array of `dim`) for a
    /// multivariate distribution.
    #[getter]
    fn mean<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        if let Some(m) = self.inner.mean_vector() {
            return Ok(Some(m.into_pyarray(py).into_any()));
        }
        Ok(self
            .univariate()?
            .mean()
            .map(|m| pyo3::types::PyFloat::new(py, m).into_any()))
    }

    /// Var[X], or None where it does not exist (inf where the mean exists but the variance
    /// diverges); the covariance matrix (`cov`) for a multivariate distribution.
    #[getter]
    fn var<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        if self.inner.as_multivariate().is_some() {
            return self.cov(py).map(Some);
        }
        Ok(self
            .univariate()?
            .variance()
            .map(|v| pyo3::types::PyFloat::new(py, v).into_any()))
    }

    /// The covariance matrix, d × d (a 1 × 1 matrix of the variance for a univariate
    /// distribution with one).
    #[getter]
    fn cov<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = match self.inner.covariance() {
            Some(c) => c,
            None => match self.univariate()?.variance() {
                Some(v) => vec![vec![v]],
                None => {
                    return Err(invalid(format!(
                        "{} has no variance, so no covariance",
                        self.inner
                    )));
                }
            },
        };
        Ok(numpy::PyArray2::from_vec2(py, &rows)?.into_any())
    }

    /// The differential entropy (the Shannon entropy for a discrete family) in nats: the
    /// family's closed form, else certified quadrature (a mixture) or Monte Carlo;
    /// `kldiv.dist_entropy` gives its error bar and method too.
    fn entropy(&self, py: Python<'_>) -> PyResult<f64> {
        let d = &self.inner;
        let e = py
            .detach(|| kldiv::entropy(d, &kldiv::Options::default()))
            .py_err(py)?;
        Ok(e.value)
    }

    /// The density (pmf for a discrete family) at each x; for a multivariate distribution at
    /// points of `dim` coordinates (x of shape (..., dim)), as `logpdf_points`.
    fn pdf<'py>(
        &self,
        py: Python<'py>,
        x: PyArrayLikeDyn<'py, f64, AllowTypeChange>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if self.inner.as_univariate().is_none() {
            let ln = self.logpdf_points(py, x)?;
            return py.import("numpy")?.getattr("exp")?.call1((ln,));
        }
        self.map(py, x, |u, v| u.pdf(v))
    }

    /// ln of the density at each x: finite where the density underflows.
    fn logpdf<'py>(
        &self,
        py: Python<'py>,
        x: PyArrayLikeDyn<'py, f64, AllowTypeChange>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.map(py, x, |u, v| u.ln_pdf(v))
    }

    /// P(X ≤ x) at each x.
    fn cdf<'py>(
        &self,
        py: Python<'py>,
        x: PyArrayLikeDyn<'py, f64, AllowTypeChange>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.map(py, x, |u, v| u.cdf(v))
    }

    /// P(X > x) at each x, computed directly (never 1 − cdf).
    fn sf<'py>(
        &self,
        py: Python<'py>,
        x: PyArrayLikeDyn<'py, f64, AllowTypeChange>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.map(py, x, |u, v| u.sf(v))
    }

    /// The quantile at each probability q: the smallest x with cdf(x) ≥ q; NaN outside [0, 1].
    fn ppf<'py>(
        &self,
        py: Python<'py>,
        q: PyArrayLikeDyn<'py, f64, AllowTypeChange>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.map(py, q, |u, v| u.quantile(v))
    }

    /// ln of the density at points of `dim` coordinates: x of shape (..., dim); for a
    /// univariate distribution the same as `logpdf`.
    fn logpdf_points<'py>(
        &self,
        py: Python<'py>,
        x: PyArrayLikeDyn<'py, f64, AllowTypeChange>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if self.inner.as_univariate().is_some() {
            return self.logpdf(py, x);
        }
        let d = self.inner.dim();
        let view = x.as_array();
        let shape = view.shape().to_vec();
        if shape.last() != Some(&d) {
            return Err(invalid(format!(
                "points of {} need a last axis of length {d}, got shape {shape:?}",
                self.inner
            )));
        }
        let flat: Vec<f64> = view.iter().copied().collect();
        let out = flat
            .chunks(d)
            .map(|row| self.inner.ln_pdf_at(row))
            .collect::<Result<Vec<f64>, _>>()
            .py_err(py)?;
        let arr = out.into_pyarray(py).reshape(&shape[..shape.len() - 1])?;
        scalar_if_0d(py, arr.into_any())
    }

    /// Random draws: an array of shape `size` (an int or a tuple), with a last axis of `dim`
    /// for a multivariate distribution; one draw (a float64 scalar, or a point) for
    /// `size=None`. With an int `seed`, reproducible (xoshiro256++, the same draws as
    /// `kldiv dist --sample N --seed S`); without one, fresh draws on every call, as scipy's.
    #[pyo3(signature = (size=None, seed=None))]
    fn rvs<'py>(
        &self,
        py: Python<'py>,
        size: Option<&Bound<'py, PyAny>>,
        seed: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let seed = match seed {
            Some(s) if !s.is_none() => crate::errors::count(s, "seed")?,
            _ => rand::random::<u64>(),
        };
        let mut shape: Vec<usize> = match size {
            None => Vec::new(),
            Some(s) => match s.extract::<usize>() {
                Ok(n) => vec![n],
                Err(_) => s.extract::<Vec<usize>>().map_err(|_| {
                    invalid("size must be None, a non-negative int or a tuple of them")
                })?,
            },
        };
        let d = self.inner.dim();
        let count = shape
            .iter()
            .try_fold(1u64, |a, &n| a.checked_mul(n as u64))
            .and_then(|n| n.checked_mul(d as u64))
            .filter(|&n| n <= MAX_DRAWS)
            .ok_or_else(|| invalid(format!("size: at most {MAX_DRAWS} values at once")))?;
        let draws = shape.iter().product::<usize>();
        let inner = &self.inner;
        let run = || {
            let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
            let mut out = Vec::with_capacity(count as usize);
            let mut point = Vec::with_capacity(d);
            for _ in 0..draws {
                inner.draw_into(&mut rng, &mut point);
                out.extend_from_slice(&point);
            }
            out
        };
        let out = if count as usize >= DETACH_MIN {
            py.detach(run)
        } else {
            run()
        };
        if d > 1 {
            shape.push(d);
        }
        scalar_if_0d(py, out.into_pyarray(py).reshape(shape)?.into_any())
    }
}
