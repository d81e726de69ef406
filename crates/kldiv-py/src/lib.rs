//! The compiled half of the `kldiv` Python package (`kldiv._kldiv`): a thin layer over the
//! library with no numerical logic of its own. The public API, its signatures and docstrings
//! live in `python/kldiv/`, which converts array-likes and calls these functions.
//!
//! - `arrays` — `kldiv::discrete` over numpy buffers (scipy's `entropy`, `rel_entr`, …);
//! - `dist` — `kldiv.Dist`; `kl` — `kldiv.kl` and its result; `samples` — `kldiv.samples`;
//! - `plot` — `kldiv.plot` and its figure; `errors` — the one mapping of errors to exceptions.

mod arrays;
mod dist;
mod errors;
mod kl;
mod plot;
mod samples;

use pyo3::prelude::*;

#[pymodule]
fn _kldiv(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(arrays::reduce, m)?)?;
    m.add_function(wrap_pyfunction!(arrays::pairwise, m)?)?;
    m.add_function(wrap_pyfunction!(arrays::elementwise, m)?)?;
    m.add_function(wrap_pyfunction!(kl::kl, m)?)?;
    m.add_function(wrap_pyfunction!(kl::divergence, m)?)?;
    m.add_function(wrap_pyfunction!(kl::dist_entropy, m)?)?;
    m.add_function(wrap_pyfunction!(samples::samples, m)?)?;
    m.add_function(wrap_pyfunction!(samples::_samples_result, m)?)?;
    m.add_function(wrap_pyfunction!(kl::_kl_result, m)?)?;
    m.add_function(wrap_pyfunction!(plot::plot, m)?)?;
    m.add_class::<dist::Dist>()?;
    m.add_class::<kl::KlResult>()?;
    m.add_class::<samples::SamplesResult>()?;
    m.add_class::<plot::Figure>()?;
    m.add(
        "NotConvergedError",
        m.py().get_type::<errors::NotConvergedError>(),
    )?;
    m.add("DETACH_MIN", arrays::DETACH_MIN)?;
    Ok(())
}
