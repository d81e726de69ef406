use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::limits::{MAX_LEN, SUM_TOLERANCE};
use crate::Error;
use crate::numerics::sum;
use rand::Rng;

/// A distribution on {0, 1, …, n−1} with the given probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct Categorical {
    probs: Vec<f64>,
    /// cdf[k] = Σ_{j ≤ k} p_j and sf[k] = Σ_{j > k} p_j, each summed directly (compensated).
    cdf: Vec<f64>,
    sf: Vec<f64>,
}

impl Categorical {
    /// A categorical distribution; the probabilities must be ≥ 0 and sum to 1 within 1e-9.
    ///
    /// # Errors
    /// When the list is empty or too long, an entry is negative or not finite, or the sum is off.
    pub fn new(probs: Vec<f64>) -> Result<Categorical, Error> {
        let shape = |message: String| Error::InvalidShape {
            family: "categorical",
            message,
        };
        if probs.is_empty() {
            return Err(shape("needs at least one probability".into()));
        }
        if probs.len() > MAX_LEN {
            return Err(shape(format!(
                "has {} probabilities, more than the limit of {MAX_LEN}",
                probs.len()
            )));
        }
        if let Some((i, &p)) = probs
            .iter()
            .enumerate()
            .find(|(_, p)| !(p.is_finite() && **p >= 0.0))
        {
            return Err(shape(format!(
                "probability {i} must be finite and ≥ 0, got {p}"
            )));
        }
        let total = sum::sum(&probs);
        if (total - 1.0).abs() > SUM_TOLERANCE {
            return Err(shape(format!(
                "probabilities must sum to 1 (within {SUM_TOLERANCE:e}), got {total}"
            )));
        }
        let n = probs.len();
        let mut cdf = vec![0.0; n];
        let mut acc = sum::Kahan::default();
        for (c, &p) in cdf.iter_mut().zip(&probs) {
            acc.add(p);
            *c = acc.value();
        }
        let mut sf = vec![0.0; n];
        let mut acc = sum::Kahan::default();
        for k in (0..n).rev() {
            sf[k] = acc.value();
            acc.add(probs[k]);
        }
        Ok(Categorical { probs, cdf, sf })
    }

    /// The probabilities p₀, …, pₙ₋₁.
    pub fn probs(&self) -> &[f64] {
        &self.probs
    }

    fn index(&self, x: f64) -> Option<usize> {
        (x >= 0.0 && x == x.floor() && x < self.probs.len() as f64).then_some(x as usize)
    }
}

impl Family for Categorical {
    const NAME: &'static str = "categorical";
    const PARAMS: &'static [Param] = &[Param::vector("p")];
    fn from_args(a: &Args<'_>) -> Result<Categorical, Error> {
        Categorical::new(a.vector(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        vec![Arg::Vector(self.probs.clone())]
    }
}

impl Univariate for Categorical {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        self.index(x)
            .map_or(f64::NEG_INFINITY, |k| self.probs[k].ln())
    }
    fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 {
            0.0
        } else {
            self.index(k).map_or(1.0, |k| self.cdf[k])
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 {
            1.0
        } else {
            self.index(k).map_or(0.0, |k| self.sf[k])
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        crate::dist::inversion::discrete_quantile(self, p, 0.0)
    }
    fn support(&self) -> Support {
        Support::integers(0.0, (self.probs.len() - 1) as f64)
    }
    fn mean(&self) -> Option<f64> {
        let terms: Vec<f64> = self
            .probs
            .iter()
            .enumerate()
            .map(|(k, p)| k as f64 * p)
            .collect();
        Some(sum::sum(&terms))
    }
    fn variance(&self) -> Option<f64> {
        let m = self.mean()?;
        let terms: Vec<f64> = self
            .probs
            .iter()
            .enumerate()
            .map(|(k, p)| (k as f64 - m).powi(2) * p)
            .collect();
        Some(sum::sum(&terms))
    }
    fn entropy(&self) -> Option<f64> {
        let terms: Vec<f64> = self.probs.iter().map(|&p| crate::numerics::log::entr(p)).collect();
        Some(sum::sum(&terms))
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        let u = open01(rng);
        let k = self.cdf.partition_point(|&c| c < u);
        k.min(self.probs.len() - 1) as f64
    }
}

impl super::Landmarks for Categorical {
    fn landmarks(&self) -> Vec<f64> {
        vec![0.0]
    }
}
