use super::family::{Arg, Args, Family, Param};
use super::std_normal;
use crate::limits::MAX_DIM;
use crate::Error;
use crate::numerics::sum;
use nalgebra::{DMatrix, DVector};
use rand::Rng;
use std::f64::consts::PI;

/// The multivariate normal distribution N(μ, Σ), held through the Cholesky factor Σ = L Lᵀ.
///
/// ```text
/// ln pdf(x) = −½ (d ln 2π + ln det Σ + |L⁻¹(x − μ)|²)
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MvNormal {
    mean: DVector<f64>,
    cov: DMatrix<f64>,
    chol: DMatrix<f64>,
    ln_det: f64,
}

/// The covariance must be symmetric to within this, relative to its largest entry.
const SYMMETRY_TOLERANCE: f64 = 1e-12;

impl MvNormal {
    /// A multivariate normal with the given mean vector and covariance rows.
    ///
    /// # Errors
    /// When the sizes disagree, an entry is not finite, or the covariance is not symmetric
    /// positive definite (each named in the message).
    pub fn new(mean: Vec<f64>, cov: Vec<Vec<f64>>) -> Result<MvNormal, Error> {
        let shape = |message: String| Error::InvalidShape {
            family: "mvnormal",
            message,
        };
        let d = mean.len();
        if d == 0 {
            return Err(shape("mean needs at least one entry".into()));
        }
        if d > MAX_DIM {
            return Err(shape(format!(
                "dimension {d} is more than the limit of {MAX_DIM}"
            )));
        }
        if let Some((i, m)) = mean.iter().enumerate().find(|(_, m)| !m.is_finite()) {
            return Err(shape(format!("mean[{i}] must be finite, got {m}")));
        }
        if cov.len() != d {
            return Err(shape(format!(
                "cov must be {d}×{d} to match the mean, got {} rows",
                cov.len()
            )));
        }
        for (i, row) in cov.iter().enumerate() {
            if row.len() != d {
                return Err(shape(format!(
                    "cov row {i} has {} entries, expected {d}",
                    row.len()
                )));
            }
            if let Some((j, v)) = row.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(shape(format!("cov[{i}][{j}] must be finite, got {v}")));
            }
        }
        MvNormal::from_matrix(DVector::from_vec(mean), DMatrix::from_fn(d, d, |i, j| cov[i][j]))
    }

    /// [`MvNormal::new`] from a mean and covariance whose sizes agree and entries are finite.
    pub(crate) fn from_matrix(mean: DVector<f64>, m: DMatrix<f64>) -> Result<MvNormal, Error> {
        let shape = |message: String| Error::InvalidShape {
            family: "mvnormal",
            message,
        };
        let d = mean.len();
        let scale = m.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        for i in 0..d {
            for j in 0..i {
                if (m[(i, j)] - m[(j, i)]).abs() > SYMMETRY_TOLERANCE * scale {
                    return Err(shape(format!(
                        "cov is not symmetric: cov[{i}][{j}] = {} but cov[{j}][{i}] = {}",
                        m[(i, j)],
                        m[(j, i)]
                    )));
                }
            }
        }
        let Some(ch) = nalgebra::Cholesky::new(m.clone()) else {
            return Err(shape(format!(
                "cov is not positive definite: {}",
                failing_minor(&m)
            )));
        };
        let chol = ch.unpack();
        let ln_diag: Vec<f64> = chol.diagonal().iter().map(|v| v.ln()).collect();
        let ln_det = 2.0 * sum::sum(&ln_diag);
        if !ln_det.is_finite() {
            return Err(shape("cov is singular".into()));
        }
        Ok(MvNormal {
            mean,
            cov: m,
            chol,
            ln_det,
        })
    }

    /// This normal with ln det Σ as computed elsewhere, more exactly than from the factor of the
    /// rounded Σ (a low-rank covariance by the matrix determinant lemma).
    pub(crate) fn with_ln_det(mut self, ln_det: f64) -> MvNormal {
        self.ln_det = ln_det;
        self
    }

    /// The dimension d.
    pub fn dim(&self) -> usize {
        self.mean.len()
    }

    /// The mean vector μ.
    pub fn mean(&self) -> &[f64] {
        self.mean.as_slice()
    }

    /// The covariance matrix Σ, as rows.
    pub fn cov(&self) -> Vec<Vec<f64>> {
        self.cov
            .row_iter()
            .map(|r| r.iter().copied().collect())
            .collect()
    }

    /// The covariance matrix Σ.
    pub(crate) fn cov_matrix(&self) -> &DMatrix<f64> {
        &self.cov
    }

    /// The mean vector μ.
    pub(crate) fn mean_vector(&self) -> &DVector<f64> {
        &self.mean
    }

    /// The lower Cholesky factor L of Σ.
    pub(crate) fn cholesky(&self) -> &DMatrix<f64> {
        &self.chol
    }

    /// ln det Σ, from the factor.
    pub fn ln_det(&self) -> f64 {
        self.ln_det
    }

    /// ln of the density at x (NaN for a point of the wrong length).
    pub fn ln_pdf(&self, x: &[f64]) -> f64 {
        if x.len() != self.dim() {
            return f64::NAN;
        }
        let diff = DVector::from_column_slice(x) - &self.mean;
        let Some(z) = self.chol.solve_lower_triangular(&diff) else {
            return f64::NAN;
        };
        -0.5 * (self.dim() as f64 * (2.0 * PI).ln() + self.ln_det + z.norm_squared())
    }

    /// The differential entropy ½ (d (1 + ln 2π) + ln det Σ).
    pub fn entropy(&self) -> f64 {
        0.5 * (self.dim() as f64 * (1.0 + (2.0 * PI).ln()) + self.ln_det)
    }

    /// One draw μ + L z with z standard normal.
    pub fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        let z = DVector::from_fn(self.dim(), |_, _| std_normal(rng));
        let x = &self.mean + &self.chol * z;
        out.extend(x.iter());
    }
}
/// Which leading principal minor of a symmetric matrix is not positive: the first pivot of an
/// unpivoted Cholesky factorisation that is ≤ 0 (Sylvester's criterion), with its value.
fn failing_minor(m: &DMatrix<f64>) -> String {
    let d = m.nrows();
    let mut l = DMatrix::<f64>::zeros(d, d);
    for j in 0..d {
        let pivot = m[(j, j)] - (0..j).map(|k| l[(j, k)] * l[(j, k)]).sum::<f64>();
        if pivot.is_nan() || pivot <= 0.0 {
            let k = j + 1;
            return format!(
                "its leading {k}×{k} minor is not positive (Cholesky pivot {} at cov[{j}][{j}])",
                crate::spec::format_number(pivot)
            );
        }
        let root = pivot.sqrt();
        l[(j, j)] = root;
        for i in j + 1..d {
            l[(i, j)] = (m[(i, j)] - (0..j).map(|k| l[(i, k)] * l[(j, k)]).sum::<f64>()) / root;
        }
    }
    "its Cholesky factorisation fails".into()
}

impl super::Multivariate for MvNormal {
    fn dim(&self) -> usize {
        MvNormal::dim(self)
    }
    fn ln_pdf(&self, x: &[f64]) -> f64 {
        MvNormal::ln_pdf(self, x)
    }
    fn entropy(&self) -> Option<f64> {
        Some(MvNormal::entropy(self))
    }
    fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        MvNormal::draw_into(self, rng, out)
    }
}

impl Family for MvNormal {
    const NAME: &'static str = "mvnormal";
    const PARAMS: &'static [Param] = &[Param::vector("mean"), Param::matrix("cov")];
    const SHOW_NAMES: bool = true;
    fn from_args(a: &Args<'_>) -> Result<MvNormal, Error> {
        MvNormal::new(a.vector(0)?, a.matrix(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        vec![Arg::Vector(self.mean().to_vec()), Arg::Matrix(self.cov())]
    }
}

