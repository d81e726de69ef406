use super::mixture::check_weights;
use super::{Dist, MvNormal, open01};
use crate::Error;
use crate::numerics::log::log_sum_exp;
use rand::Rng;

/// A finite mixture Σ wᵢ N(μᵢ, Σᵢ) of multivariate normals of one dimension: the text
/// language's `0.3*mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1]]) + 0.7*mvnormal(…)`.
///
/// ```text
/// ln pdf(x) = ln Σ wᵢ N(x; μᵢ, Σᵢ)   (by log-sum-exp: no underflow far from every component)
/// ```
/// A mixture of one-dimensional normals is a [`super::Mixture`]; this type is for d ≥ 1 given
/// as `mvnormal` (or `lowrank_mvnormal`, held as its full covariance).
#[derive(Debug, Clone, PartialEq)]
pub struct GaussianMixture {
    weights: Vec<f64>,
    ln_weights: Vec<f64>,
    components: Vec<MvNormal>,
}

impl GaussianMixture {
    /// A mixture of `(weight, component)` pairs; weights > 0 summing to 1 within 1e-9.
    ///
    /// # Errors
    /// When there are no components or more than 10 000, a weight is not finite and positive,
    /// the weights do not sum to 1, or the components differ in dimension.
    pub fn new(parts: Vec<(f64, MvNormal)>) -> Result<GaussianMixture, Error> {
        let shape = |message: String| Error::InvalidShape {
            family: "mixture",
            message,
        };
        let weights: Vec<f64> = parts.iter().map(|(w, _)| *w).collect();
        check_weights(&weights).map_err(shape)?;
        let d = parts[0].1.dim();
        if let Some((i, (_, c))) = parts.iter().enumerate().find(|(_, (_, c))| c.dim() != d) {
            return Err(shape(format!(
                "component {} has dimension {} but component 1 has {d}",
                i + 1,
                c.dim()
            )));
        }
        Ok(GaussianMixture {
            ln_weights: weights.iter().map(|w| w.ln()).collect(),
            weights,
            components: parts.into_iter().map(|(_, c)| c).collect(),
        })
    }

    /// Builds the mixture from components that are each a `mvnormal` or `lowrank_mvnormal`.
    ///
    /// # Errors
    /// As [`GaussianMixture::new`], and for a component of another family (named).
    pub fn from_dists(parts: Vec<(f64, Dist)>) -> Result<GaussianMixture, Error> {
        let mut normals = Vec::with_capacity(parts.len());
        for (i, (w, d)) in parts.into_iter().enumerate() {
            let c = match d {
                Dist::MvNormal(m) => m,
                Dist::LowRankMvNormal(l) => l.as_mvnormal().clone(),
                other => {
                    return Err(Error::InvalidShape {
                        family: "mixture",
                        message: format!(
                            "a mixture of multivariate distributions takes mvnormal (or \
                             lowrank_mvnormal) components only; component {} is {}",
                            i + 1,
                            other.family()
                        ),
                    });
                }
            };
            normals.push((w, c));
        }
        GaussianMixture::new(normals)
    }

    /// The weights wᵢ.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// ln wᵢ.
    pub(crate) fn ln_weights(&self) -> &[f64] {
        &self.ln_weights
    }

    /// The components.
    pub fn components(&self) -> &[MvNormal] {
        &self.components
    }

    /// The dimension d.
    pub fn dim(&self) -> usize {
        self.components[0].dim()
    }

    /// ln of the density at x (NaN for a point of the wrong length).
    pub fn ln_pdf(&self, x: &[f64]) -> f64 {
        log_sum_exp(
            self.ln_weights
                .iter()
                .zip(&self.components)
                .map(|(lw, c)| lw + c.ln_pdf(x)),
        )
    }

    /// One draw: a component chosen by weight, then its draw.
    pub fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        let u = open01(rng);
        let mut acc = 0.0;
        for (w, c) in self.weights.iter().zip(&self.components) {
            acc += w;
            if u <= acc {
                return c.draw_into(rng, out);
            }
        }
        // The weights' sum may round below u.
        if let Some(c) = self.components.last() {
            c.draw_into(rng, out);
        }
    }
}

impl std::fmt::Display for GaussianMixture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (w, c)) in self.weights.iter().zip(&self.components).enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            write!(
                f,
                "{}*{}",
                crate::spec::format_number(*w),
                Dist::MvNormal(c.clone())
            )?;
        }
        Ok(())
    }
}

impl super::Multivariate for GaussianMixture {
    fn dim(&self) -> usize {
        GaussianMixture::dim(self)
    }
    fn ln_pdf(&self, x: &[f64]) -> f64 {
        GaussianMixture::ln_pdf(self, x)
    }
    fn entropy(&self) -> Option<f64> {
        None
    }
    fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        GaussianMixture::draw_into(self, rng, out)
    }
}
