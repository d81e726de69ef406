//! Many distributions at once: the rows or columns of a matrix (numpy's `axis`), and every
//! pair of rows of two matrices.

use super::{
    ArrayOptions, cross_entropy, entropy, jensen_shannon, jensen_shannon_distance, relative_entropy,
};
use crate::Error;
use rayon::prelude::*;

/// A row-major matrix view.
#[derive(Debug, Clone, Copy)]
pub struct Matrix<'a> {
    data: &'a [f64],
    rows: usize,
    cols: usize,
}

impl<'a> Matrix<'a> {
    /// A `rows × cols` view of `data`.
    ///
    /// # Errors
    /// When `data.len() != rows · cols`.
    pub fn new(data: &'a [f64], rows: usize, cols: usize) -> Result<Matrix<'a>, Error> {
        if rows.checked_mul(cols) != Some(data.len()) {
            return Err(Error::InvalidShape {
                family: "matrix",
                message: format!("{} values do not fill {rows} × {cols}", data.len()),
            });
        }
        Ok(Matrix { data, rows, cols })
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    fn row(&self, i: usize) -> &'a [f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    fn column(&self, j: usize) -> Vec<f64> {
        (0..self.rows)
            .map(|i| self.data[i * self.cols + j])
            .collect()
    }

    /// The distributions along `axis` (numpy's meaning: 0 — each column is one, 1 — each row).
    fn slices(&self, axis: usize) -> Vec<std::borrow::Cow<'a, [f64]>> {
        use std::borrow::Cow;
        if axis == 0 {
            (0..self.cols).map(|j| Cow::Owned(self.column(j))).collect()
        } else {
            (0..self.rows).map(|i| Cow::Borrowed(self.row(i))).collect()
        }
    }
}

/// Which array measure a batch computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// [`entropy`] (q unused).
    Entropy,
    /// [`relative_entropy`].
    RelativeEntropy,
    /// [`cross_entropy`].
    CrossEntropy,
    /// [`jensen_shannon`].
    JensenShannon,
    /// [`jensen_shannon_distance`].
    JensenShannonDistance,
}

impl Measure {
    /// The measure of one distribution p (against q, for the measures of two).
    ///
    /// # Errors
    /// A measure of two without q, or any error of the measure.
    pub fn compute(self, p: &[f64], q: Option<&[f64]>, o: &ArrayOptions) -> Result<f64, Error> {
        measure_1d(self, p, q, o)
    }
}

fn measure_1d(m: Measure, p: &[f64], q: Option<&[f64]>, o: &ArrayOptions) -> Result<f64, Error> {
    let need_q = || {
        q.ok_or(Error::InvalidArgument {
            name: "qk",
            value: f64::NAN,
            expected: "given for this measure",
        })
    };
    match m {
        Measure::Entropy => entropy(p, o),
        Measure::RelativeEntropy => relative_entropy(p, need_q()?, o),
        Measure::CrossEntropy => cross_entropy(p, need_q()?, o),
        Measure::JensenShannon => jensen_shannon(p, need_q()?, o),
        Measure::JensenShannonDistance => jensen_shannon_distance(p, need_q()?, o),
    }
}

/// A measure of each distribution along `axis` of a matrix (numpy semantics: axis 0 — each
/// column is a distribution; 1 — each row), with q of the same shape, or a single row holding
/// one distribution that every distribution of p is measured against (numpy's broadcasting of a
/// 1-D qk).
///
/// # Errors
/// An axis other than 0 or 1, shapes that do not broadcast, or any error of the measure.
pub fn batch(
    measure: Measure,
    p: Matrix<'_>,
    q: Option<Matrix<'_>>,
    axis: usize,
    options: &ArrayOptions,
) -> Result<Vec<f64>, Error> {
    if axis > 1 {
        return Err(Error::InvalidArgument {
            name: "axis",
            value: axis as f64,
            expected: "0 or 1",
        });
    }
    let slice_len = if axis == 0 { p.rows } else { p.cols };
    if let Some(q) = q
        && q.rows == 1
        && q.cols == slice_len
        && (q.rows, q.cols) != (p.rows, p.cols)
    {
        return p
            .slices(axis)
            .par_iter()
            .map(|pi| measure_1d(measure, pi, Some(q.data), options))
            .collect();
    }
    if let Some(q) = q
        && (q.rows, q.cols) != (p.rows, p.cols)
    {
        return Err(Error::InvalidShape {
            family: "arrays",
            message: format!(
                "pk is {} × {} but qk is {} × {}",
                p.rows, p.cols, q.rows, q.cols
            ),
        });
    }
    let ps = p.slices(axis);
    let qs = q.map(|q| q.slices(axis));
    ps.par_iter()
        .enumerate()
        .map(|(i, pi)| measure_1d(measure, pi, qs.as_ref().map(|v| &*v[i]), options))
        .collect()
}

/// The matrix M[i][j] = measure(rows of a: i, rows of b: j), like scipy's cdist (users ask for
/// it in pytorch#64528 and scipy#13707). Rows are distributions.
///
/// # Errors
/// Rows of different lengths, or any error of the measure.
pub fn pairwise(
    measure: Measure,
    a: Matrix<'_>,
    b: Matrix<'_>,
    options: &ArrayOptions,
) -> Result<Vec<Vec<f64>>, Error> {
    if a.cols != b.cols {
        return Err(Error::LengthMismatch {
            p: a.cols,
            q: b.cols,
        });
    }
    (0..a.rows)
        .into_par_iter()
        .map(|i| {
            (0..b.rows)
                .map(|j| measure_1d(measure, a.row(i), Some(b.row(j)), options))
                .collect()
        })
        .collect()
}
