use super::{Dist, Support, Univariate, open01};
use crate::Error;
use crate::limits::{MAX_COMPONENTS, SUM_TOLERANCE};
use crate::numerics::log::{LogSumExp, log_sum_exp};
use crate::numerics::sum;
use rand::Rng;

/// A finite mixture Σ wᵢ Pᵢ of univariate distributions of any family.
///
/// ```text
/// pdf(x) = Σ wᵢ pdfᵢ(x)   (ln_pdf by log-sum-exp, so tails never underflow to −∞ early)
/// ```
/// Components are all continuous or all discrete; a mixture is not itself a component.
#[derive(Debug, Clone, PartialEq)]
pub struct Mixture {
    weights: Vec<f64>,
    components: Vec<Dist>,
    ln_weights: Vec<f64>,
    /// For a mixture of normals only: (μ, 1/σ, ln w − ln(σ√(2π))) per component, sorted by μ,
    /// so that the density inside integrands is a tight loop without dispatch that visits only
    /// the components near x.
    normals: Option<Normals>,
}

/// The normal components of a mixture, sorted by mean, with what bounds their terms.
#[derive(Debug, Clone, PartialEq)]
struct Normals {
    /// (μ, 1/σ, ln w − ln(σ√(2π))), sorted by μ.
    terms: Vec<(f64, f64, f64)>,
    /// The largest constant c and the smallest 1/σ: every term is at most c_max − ½((x−μ)·inv_min)².
    c_max: f64,
    inv_min: f64,
}

/// Terms this far (in natural log) below the largest cannot change a log-sum-exp in the last
/// bit, even summed over 10 000 components: e^(−50) · 10⁴ < 2⁻⁵³.
const NEGLIGIBLE: f64 = 50.0;

/// Below this many components every term is visited: the search does not pay.
const WINDOW_FROM: usize = 16;

impl Normals {
    fn new(terms: Option<Vec<(f64, f64, f64)>>) -> Option<Normals> {
        let mut terms = terms?;
        terms.sort_by(|a, b| a.0.total_cmp(&b.0));
        let c_max = terms.iter().map(|t| t.2).fold(f64::NEG_INFINITY, f64::max);
        let inv_min = terms.iter().map(|t| t.1).fold(f64::INFINITY, f64::min);
        Some(Normals {
            terms,
            c_max,
            inv_min,
        })
    }

    /// ln Σ wᵢ N(x; μᵢ, σᵢ²), visiting outward from x only while a term could still matter.
    fn ln_pdf(&self, x: f64) -> f64 {
        let term = |&(m, inv, c): &(f64, f64, f64)| {
            let z = (x - m) * inv;
            c - 0.5 * z * z
        };
        if self.terms.len() < WINDOW_FROM || x.is_nan() {
            return log_sum_exp(self.terms.iter().map(term));
        }
        let bound = |m: f64| {
            let z = (x - m) * self.inv_min;
            self.c_max - 0.5 * z * z
        };
        let start = self.terms.partition_point(|t| t.0 < x);
        let mut acc = LogSumExp::default();
        // Right of x, then left: the bound falls monotonically away from x.
        for t in &self.terms[start..] {
            if bound(t.0) < acc.max() - NEGLIGIBLE {
                break;
            }
            acc.push(term(t));
        }
        for t in self.terms[..start].iter().rev() {
            if bound(t.0) < acc.max() - NEGLIGIBLE {
                break;
            }
            acc.push(term(t));
        }
        acc.value()
    }
}

impl Mixture {
    /// A mixture of `(weight, component)` pairs; weights > 0, summing to 1 within 1e-9.
    ///
    /// # Errors
    /// When there are fewer than one or more than 10 000 components, a weight is not finite
    /// and positive, the weights do not sum to 1, a component is multivariate or itself a mixture, or
    /// continuous and discrete components are mixed.
    pub fn new(parts: Vec<(f64, Dist)>) -> Result<Mixture, Error> {
        let shape = |message: String| Error::InvalidShape {
            family: "mixture",
            message,
        };
        let weights: Vec<f64> = parts.iter().map(|(w, _)| *w).collect();
        check_weights(&weights).map_err(shape)?;
        let mut discrete = None;
        for (i, (_, d)) in parts.iter().enumerate() {
            let Some(u) = d.as_univariate() else {
                return Err(shape(format!(
                    "component {} ({}) is not univariate",
                    i + 1,
                    d.family()
                )));
            };
            if matches!(d, Dist::Mixture(_)) {
                return Err(shape(format!("component {} is itself a mixture", i + 1)));
            }
            let is_discrete = u.support().discrete;
            if *discrete.get_or_insert(is_discrete) != is_discrete {
                return Err(shape(
                    "components must be all continuous or all discrete".into(),
                ));
            }
        }
        let ln_weights: Vec<f64> = weights.iter().map(|w| w.ln()).collect();
        let components: Vec<Dist> = parts.into_iter().map(|(_, d)| d).collect();
        let normals = components
            .iter()
            .zip(&ln_weights)
            .map(|(d, lw)| match d {
                Dist::Normal(n) => Some((
                    n.mu(),
                    1.0 / n.sigma(),
                    lw - n.sigma().ln() - 0.5 * (2.0 * std::f64::consts::PI).ln(),
                )),
                _ => None,
            })
            .collect();
        Ok(Mixture {
            weights,
            components,
            ln_weights,
            normals: Normals::new(normals),
        })
    }

    /// The weights wᵢ.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The components Pᵢ.
    pub fn components(&self) -> &[Dist] {
        &self.components
    }

    fn parts(&self) -> impl Iterator<Item = (f64, &dyn Univariate)> {
        self.weights
            .iter()
            .zip(&self.components)
            .filter_map(|(&w, d)| d.as_univariate().map(|u| (w, u)))
    }

    fn weighted_sum(&self, f: impl Fn(&dyn Univariate) -> f64) -> f64 {
        let terms: Vec<f64> = self.parts().map(|(w, u)| w * f(u)).collect();
        sum::sum(&terms)
    }
}

/// The weights of a mixture: between one and `MAX_COMPONENTS` of them, each finite and > 0, summing
/// to 1 within `SUM_TOLERANCE`; the message says which rule fails.
pub(super) fn check_weights(weights: &[f64]) -> Result<(), String> {
    if weights.is_empty() {
        return Err("needs at least one component".into());
    }
    if weights.len() > MAX_COMPONENTS {
        return Err(format!(
            "has {} components, more than the limit of {MAX_COMPONENTS}",
            weights.len()
        ));
    }
    if let Some((i, w)) = weights
        .iter()
        .enumerate()
        .find(|(_, w)| !(w.is_finite() && **w > 0.0))
    {
        return Err(format!("weight {} must be finite and > 0, got {w}", i + 1));
    }
    let total = sum::sum(weights);
    if (total - 1.0).abs() > SUM_TOLERANCE {
        return Err(format!(
            "weights must sum to 1 (within {SUM_TOLERANCE:e}), got {total}"
        ));
    }
    Ok(())
}

impl std::fmt::Display for Mixture {
    /// `0.5*normal(0, 1) + 0.5*normal(3, 1)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (w, c)) in self.weights.iter().zip(&self.components).enumerate() {
            if i > 0 {
                f.write_str(" + ")?;
            }
            write!(f, "{}*{c}", crate::spec::format_number(*w))?;
        }
        Ok(())
    }
}

impl Univariate for Mixture {
    fn ln_pdf(&self, x: f64) -> f64 {
        if let Some(normals) = &self.normals {
            return normals.ln_pdf(x);
        }
        log_sum_exp(
            self.ln_weights
                .iter()
                .zip(&self.components)
                .filter_map(|(lw, d)| d.as_univariate().map(|u| lw + u.ln_pdf(x))),
        )
    }
    fn cdf(&self, x: f64) -> f64 {
        self.weighted_sum(|u| u.cdf(x))
    }
    fn sf(&self, x: f64) -> f64 {
        self.weighted_sum(|u| u.sf(x))
    }
    fn quantile(&self, p: f64) -> f64 {
        let guess = self.weighted_sum(|u| u.quantile(p.clamp(1e-300, 1.0 - 1e-16)));
        if self.support().discrete {
            crate::dist::inversion::discrete_quantile(self, p, guess)
        } else {
            crate::dist::inversion::continuous_quantile(self, p, guess)
        }
    }
    fn support(&self) -> Support {
        let mut s = Support {
            lower: f64::INFINITY,
            upper: f64::NEG_INFINITY,
            discrete: false,
        };
        for (_, u) in self.parts() {
            let c = u.support();
            s.lower = s.lower.min(c.lower);
            s.upper = s.upper.max(c.upper);
            s.discrete = c.discrete;
        }
        s
    }
    fn mean(&self) -> Option<f64> {
        let means: Option<Vec<f64>> = self.parts().map(|(w, u)| u.mean().map(|m| w * m)).collect();
        Some(sum::sum(&means?))
    }
    fn variance(&self) -> Option<f64> {
        let m = self.mean()?;
        let mut terms = Vec::with_capacity(self.weights.len());
        for (w, u) in self.parts() {
            let (mi, vi) = (u.mean()?, u.variance()?);
            terms.push(w * (vi + (mi - m) * (mi - m)));
        }
        Some(sum::sum(&terms))
    }
    /// A mixture's entropy has no closed form: `None` (the divergence front door integrates it).
    fn entropy(&self) -> Option<f64> {
        None
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        let u = open01(rng);
        let mut acc = 0.0;
        for (w, c) in self.parts() {
            acc += w;
            if u <= acc {
                return c.draw(rng);
            }
        }
        self.parts().last().map_or(f64::NAN, |(_, c)| c.draw(rng))
    }
}

impl super::Landmarks for Mixture {
    fn landmarks(&self) -> Vec<f64> {
        self.parts().flat_map(|(_, u)| u.landmarks()).collect()
    }
    fn ln_pdf_of_log(&self, u: f64) -> Option<f64> {
        // Components that compute their own log-space density must be asked for it.
        Some(log_sum_exp(
            self.ln_weights
                .iter()
                .zip(&self.components)
                .filter_map(|(lw, d)| d.as_univariate().map(|c| lw + super::ln_pdf_at_log(c, u))),
        ))
    }
    /// The components' kinks, and their support ends: the mixture's density jumps there.
    fn kinks(&self) -> Vec<f64> {
        self.parts()
            .flat_map(|(_, u)| {
                let s = u.support();
                let mut k = u.kinks();
                k.extend([s.lower, s.upper].into_iter().filter(|x| x.is_finite()));
                k
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_windowed_density_of_a_large_normal_mixture_equals_the_full_sum() {
        // 200 components spread over [−500, 500] with scales 0.01 … 20 and unequal weights.
        let n = 200;
        let raw: Vec<f64> = (0..n).map(|i| 1.0 + (i % 7) as f64).collect();
        let total: f64 = raw.iter().sum();
        let parts: Vec<(f64, Dist)> = (0..n)
            .map(|i| {
                let mean = ((i * 7919) % 1000) as f64 - 500.0;
                let sd = 0.01 * (1.0 + ((i * 31) % 2000) as f64);
                (raw[i] / total, crate::Normal::new(mean, sd).unwrap().into())
            })
            .collect();
        let m = Mixture::new(parts).unwrap();
        let full = |x: f64| {
            log_sum_exp(
                m.ln_weights
                    .iter()
                    .zip(&m.components)
                    .map(|(lw, d)| lw + d.as_univariate().unwrap().ln_pdf(x)),
            )
        };
        for i in 0..4001 {
            let x = -1000.0 + 0.5 * i as f64;
            let (a, b) = (m.ln_pdf(x), full(x));
            assert!(
                (a - b).abs() <= 1e-14 * b.abs().max(1.0),
                "x = {x}: {a} vs {b}"
            );
        }
    }
}
