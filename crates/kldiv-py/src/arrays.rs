//! Arrays: `kldiv::arrays` over numpy buffers. The Python side hands over C-contiguous float64
//! arrays (any array-like, dtype and layout made so by `np.asarray` and
//! `np.ascontiguousarray`); here they are borrowed in place, the GIL is released for large
//! inputs, and the result comes back as a new array.

use crate::errors::{IntoPy, invalid};
use kldiv::Measure;
use kldiv::arrays::{self, ArrayOptions, ArrayView, NanPolicy, NdArray};
use numpy::{IntoPyArray, PyArrayDyn, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;

/// Inputs of at least this many elements are computed with the GIL released: below it the
/// work (~1 ns per element) is shorter than the wait to take the GIL back could be when
/// another thread holds it.
pub const DETACH_MIN: usize = 1 << 14;

/// The measures of `reduce` and `pairwise`, by the library's names (Rényi as `renyi:ALPHA`).
fn measure(name: &str) -> PyResult<Measure> {
    name.parse::<Measure>().map_err(|e| invalid(e.to_string()))
}

fn nan_policy(name: &str) -> PyResult<NanPolicy> {
    Ok(match name {
        "propagate" => NanPolicy::Propagate,
        "omit" => NanPolicy::Omit,
        "raise" => NanPolicy::Raise,
        _ => {
            return Err(invalid(format!(
                "nan_policy must be one of 'propagate', 'omit', 'raise', got '{name}'"
            )));
        }
    })
}

fn options(base: Option<f64>, nan: &str) -> PyResult<ArrayOptions> {
    let o = ArrayOptions::default().nan(nan_policy(nan)?);
    Ok(match base {
        Some(b) => o.base(b),
        None => o,
    })
}

/// The values of a C-contiguous float64 array, in place.
fn values<'a>(a: &'a PyReadonlyArrayDyn<'_, f64>, name: &str) -> PyResult<&'a [f64]> {
    if !a.is_c_contiguous() {
        return Err(invalid(format!("{name} must be C-contiguous")));
    }
    a.as_slice()
        .map_err(|_| invalid(format!("{name} must be C-contiguous")))
}

fn to_numpy<'py>(py: Python<'py>, r: NdArray) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    r.data.into_pyarray(py).reshape(r.shape)
}

/// Runs `f` with the GIL released when `n` elements make it worth it.
fn maybe_detached<T: Send>(py: Python<'_>, n: usize, f: impl FnOnce() -> T + Send) -> T {
    if n >= DETACH_MIN { py.detach(f) } else { f() }
}

/// A measure of each distribution along `axis` of pk (and qk, broadcast with it first).
#[pyfunction]
#[pyo3(signature = (measure_name, pk, qk, axis, keepdims, base, nan_policy))]
#[allow(clippy::too_many_arguments)]
pub fn reduce<'py>(
    py: Python<'py>,
    measure_name: &str,
    pk: PyReadonlyArrayDyn<'py, f64>,
    qk: Option<PyReadonlyArrayDyn<'py, f64>>,
    axis: isize,
    keepdims: bool,
    base: Option<f64>,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    let m = measure(measure_name)?;
    let o = options(base, nan_policy)?;
    let (p_shape, p) = (pk.shape().to_vec(), values(&pk, "pk")?);
    let q = match &qk {
        Some(q) => Some((q.shape().to_vec(), values(q, "qk")?)),
        None => None,
    };
    let n = p.len() + q.as_ref().map_or(0, |q| q.1.len());
    let r = maybe_detached(py, n, || {
        let pv = ArrayView::new(p, &p_shape)?;
        let qv = match &q {
            Some((s, d)) => Some(ArrayView::new(d, s)?),
            None => None,
        };
        arrays::reduce(m, pv, qv, axis, keepdims, &o)
    })
    .py_err(py)?;
    to_numpy(py, r)
}

/// The matrix of a measure between every distribution of a and every one of b along `axis`.
#[pyfunction]
#[pyo3(signature = (measure_name, a, b, axis, base, nan_policy))]
pub fn pairwise<'py>(
    py: Python<'py>,
    measure_name: &str,
    a: PyReadonlyArrayDyn<'py, f64>,
    b: Option<PyReadonlyArrayDyn<'py, f64>>,
    axis: isize,
    base: Option<f64>,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    let m = measure(measure_name)?;
    let o = options(base, nan_policy)?;
    let (a_shape, av) = (a.shape().to_vec(), values(&a, "a")?);
    let bb = match &b {
        Some(b) => Some((b.shape().to_vec(), values(b, "b")?)),
        None => None,
    };
    let n = av.len() + bb.as_ref().map_or(0, |b| b.1.len());
    let r = maybe_detached(py, n, || {
        let x = ArrayView::new(av, &a_shape)?;
        // Without b, a against itself: the same view, so a symmetric measure is computed once
        // per pair.
        let y = match &bb {
            Some((s, d)) => ArrayView::new(d, s)?,
            None => x,
        };
        arrays::pairwise(m, x, y, axis, &o)
    })
    .py_err(py)?;
    to_numpy(py, r)
}

/// scipy.special's `rel_entr`, `kl_div` (two arrays of one shape) or `entr` (one), elementwise.
#[pyfunction]
#[pyo3(signature = (name, x, y=None))]
pub fn elementwise<'py>(
    py: Python<'py>,
    name: &str,
    x: PyReadonlyArrayDyn<'py, f64>,
    y: Option<PyReadonlyArrayDyn<'py, f64>>,
) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    let shape = x.shape().to_vec();
    let xs = values(&x, "x")?;
    let ys = match &y {
        Some(y) if y.shape() != shape.as_slice() => {
            return Err(invalid(
                "x and y must have one shape (broadcast them first)",
            ));
        }
        Some(y) => Some(values(y, "y")?),
        None => None,
    };
    let f2: fn(f64, f64) -> f64 = match (name, ys.is_some()) {
        ("rel_entr", true) => arrays::rel_entr,
        ("kl_div", true) => arrays::kl_div,
        ("entr", false) => |x, _| arrays::entr(x),
        _ => {
            return Err(invalid(format!(
                "elementwise takes rel_entr(x, y), kl_div(x, y) or entr(x), got {name} with {} \
                 arrays",
                if ys.is_some() { 2 } else { 1 }
            )));
        }
    };
    let out: Vec<f64> = maybe_detached(py, xs.len(), || match ys {
        Some(ys) => xs.iter().zip(ys).map(|(&a, &b)| f2(a, b)).collect(),
        None => xs.iter().map(|&a| f2(a, 0.0)).collect(),
    });
    out.into_pyarray(py).reshape(shape)
}
