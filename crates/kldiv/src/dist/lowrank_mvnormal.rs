use super::MvNormal;
use super::family::{Arg, Args, Family, Param};
use crate::Error;
use crate::limits::MAX_DIM;
use crate::numerics::sum::Kahan;
use rand::Rng;

/// The multivariate normal N(μ, W Wᵀ + diag(D)) whose covariance is a d×r factor W (r ≥ 1) plus
/// a positive diagonal D: PyTorch's `LowRankMultivariateNormal(loc, cov_factor, cov_diag)`,
/// with `mean` for loc as in [`MvNormal`].
///
/// ```text
/// Σ = W Wᵀ + diag(D),   ln pdf(x) = −½ (d ln 2π + ln det Σ + (x − μ)ᵀ Σ⁻¹ (x − μ))
/// ```
///
/// Held as the [`MvNormal`] it equals (Σ formed once and factorised), which supplies the
/// density, entropy, draws and the closed forms against every Gaussian; W and D are kept for
/// display. The determinant lemma and Woodbury's identity (O(d r²) instead of O(d³)) would pay
/// only for d in the thousands, beyond the dimension limit.
#[derive(Debug, Clone, PartialEq)]
pub struct LowRankMvNormal {
    cov_factor: Vec<Vec<f64>>,
    cov_diag: Vec<f64>,
    full: MvNormal,
}

impl LowRankMvNormal {
    /// A normal with the given mean, covariance factor rows (d rows of r ≥ 1 entries) and
    /// covariance diagonal (d entries > 0).
    ///
    /// # Errors
    /// When the sizes disagree or an entry is out of its domain (each named in the message), or
    /// W Wᵀ + diag(D) overflows or is singular in floating point.
    pub fn new(
        mean: Vec<f64>,
        cov_factor: Vec<Vec<f64>>,
        cov_diag: Vec<f64>,
    ) -> Result<LowRankMvNormal, Error> {
        let shape = |message: String| Error::InvalidShape {
            family: "lowrank_mvnormal",
            message,
        };
        let n = crate::spec::format_number;
        let d = mean.len();
        if d == 0 {
            return Err(shape("mean needs at least one entry".into()));
        }
        if d > MAX_DIM {
            return Err(shape(format!(
                "dimension {d} is more than the limit of {MAX_DIM}"
            )));
        }
        if let Some((i, &m)) = mean.iter().enumerate().find(|(_, m)| !m.is_finite()) {
            return Err(shape(format!("mean[{i}] must be finite, got {}", n(m))));
        }
        if cov_factor.len() != d {
            return Err(shape(format!(
                "cov_factor must have {d} rows (one per coordinate of the mean), got {}",
                cov_factor.len()
            )));
        }
        let r = cov_factor[0].len();
        if r == 0 {
            return Err(shape("cov_factor needs at least one column".into()));
        }
        if r > MAX_DIM {
            return Err(shape(format!(
                "cov_factor has {r} columns, more than the limit of {MAX_DIM}"
            )));
        }
        for (i, row) in cov_factor.iter().enumerate() {
            if row.len() != r {
                return Err(shape(format!(
                    "cov_factor row {i} has {} entries, expected {r} (as row 0)",
                    row.len()
                )));
            }
            if let Some((j, &v)) = row.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(shape(format!(
                    "cov_factor[{i}][{j}] must be finite, got {}",
                    n(v)
                )));
            }
        }
        if cov_diag.len() != d {
            return Err(shape(format!(
                "cov_diag must have {d} entries to match the mean, got {}",
                cov_diag.len()
            )));
        }
        if let Some((i, &v)) = cov_diag
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v > 0.0))
        {
            return Err(shape(format!(
                "cov_diag[{i}] must be finite and > 0, got {}",
                n(v)
            )));
        }
        // The lower triangle, mirrored: Σ is exactly symmetric, as MvNormal requires.
        let mut cov = vec![vec![0.0; d]; d];
        for i in 0..d {
            for j in 0..=i {
                let mut acc = Kahan::default();
                for (a, b) in cov_factor[i].iter().zip(&cov_factor[j]) {
                    acc.add(a * b);
                }
                if i == j {
                    acc.add(cov_diag[i]);
                }
                let v = acc.value();
                if !v.is_finite() {
                    return Err(shape(format!(
                        "the covariance cov_factor·cov_factorᵀ + diag(cov_diag) overflows at \
                         [{i}][{j}]"
                    )));
                }
                cov[i][j] = v;
                cov[j][i] = v;
            }
        }
        let full = MvNormal::new(mean, cov).map_err(|_| {
            shape(
                "the covariance cov_factor·cov_factorᵀ + diag(cov_diag) is singular in floating \
                 point (cov_diag is too small beside cov_factor)"
                    .into(),
            )
        })?;
        // ln det(W Wᵀ + D) = Σ ln Dᵢ + ln det(I + Wᵀ D⁻¹ W) (the matrix determinant lemma): from
        // the factor of the rounded Σ it carries ε·κ(Σ), 1e-4 at κ = 2e12.
        let small = nalgebra::DMatrix::from_fn(r, r, |a, b| {
            let mut acc = Kahan::default();
            for (row, &di) in cov_factor.iter().zip(&cov_diag) {
                acc.add(row[a] * row[b] / di);
            }
            acc.value() + if a == b { 1.0 } else { 0.0 }
        });
        let full = match nalgebra::Cholesky::new(small) {
            Some(ch) => {
                let ln_d: f64 = crate::numerics::sum::sum(
                    &cov_diag.iter().map(|v| v.ln()).collect::<Vec<f64>>(),
                );
                let ln_small: f64 = 2.0 * ch.l().diagonal().iter().map(|v| v.ln()).sum::<f64>();
                let lemma = ln_d + ln_small;
                if lemma.is_finite() {
                    full.with_ln_det(lemma)
                } else {
                    full
                }
            }
            None => full,
        };
        Ok(LowRankMvNormal {
            cov_factor,
            cov_diag,
            full,
        })
    }

    /// The dimension d.
    pub fn dim(&self) -> usize {
        self.full.dim()
    }

    /// The mean vector μ.
    pub fn mean(&self) -> &[f64] {
        self.full.mean()
    }

    /// The covariance factor W, as d rows of r entries.
    pub fn cov_factor(&self) -> &[Vec<f64>] {
        &self.cov_factor
    }

    /// The covariance diagonal D.
    pub fn cov_diag(&self) -> &[f64] {
        &self.cov_diag
    }

    /// The same law as a full-covariance [`MvNormal`], Σ = W Wᵀ + diag(D).
    pub fn as_mvnormal(&self) -> &MvNormal {
        &self.full
    }
}

impl super::Multivariate for LowRankMvNormal {
    fn dim(&self) -> usize {
        self.full.dim()
    }
    fn ln_pdf(&self, x: &[f64]) -> f64 {
        self.full.ln_pdf(x)
    }
    fn entropy(&self) -> Option<f64> {
        Some(self.full.entropy())
    }
    fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        self.full.draw_into(rng, out)
    }
}

impl Family for LowRankMvNormal {
    const NAME: &'static str = "lowrank_mvnormal";
    const PARAMS: &'static [Param] = &[
        Param::vector("mean"),
        Param::matrix("cov_factor"),
        Param::vector("cov_diag"),
    ];
    const SHOW_NAMES: bool = true;
    fn from_args(a: &Args<'_>) -> Result<LowRankMvNormal, Error> {
        LowRankMvNormal::new(a.vector(0)?, a.matrix(1)?, a.vector(2)?)
    }
    fn args(&self) -> Vec<Arg> {
        vec![
            Arg::Vector(self.mean().to_vec()),
            Arg::Matrix(self.cov_factor.clone()),
            Arg::Vector(self.cov_diag.clone()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_the_mvnormal_of_its_full_covariance() {
        let l = LowRankMvNormal::new(
            vec![1.0, -1.0],
            vec![vec![1.0, 0.5], vec![-2.0, 0.25]],
            vec![0.5, 2.0],
        )
        .unwrap();
        // W Wᵀ = [[1.25, −1.875], [−1.875, 4.0625]], plus diag(0.5, 2).
        let m = MvNormal::new(
            vec![1.0, -1.0],
            vec![vec![1.75, -1.875], vec![-1.875, 6.0625]],
        )
        .unwrap();
        // The same covariance and factor; ln det by the determinant lemma, to rounding.
        assert_eq!(l.as_mvnormal().cov(), m.cov());
        assert_eq!(l.as_mvnormal().cholesky(), m.cholesky());
        assert!((l.as_mvnormal().ln_det() - m.ln_det()).abs() <= 1e-15 * m.ln_det().abs().max(1.0));
        assert!((l.full.ln_pdf(&[0.3, 0.2]) - m.ln_pdf(&[0.3, 0.2])).abs() <= 1e-15);
    }

    #[test]
    fn a_diagonal_swamped_by_the_factor_is_an_error() {
        let e = LowRankMvNormal::new(
            vec![0.0, 0.0],
            vec![vec![1e8], vec![1e8]],
            vec![1e-10, 1e-10],
        )
        .unwrap_err();
        assert!(e.to_string().contains("singular in floating point"), "{e}");
    }
}
