use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::probability;
use rand::Rng;

/// The Bernoulli distribution on {0, 1} with P(X = 1) = p.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bernoulli {
    p: f64,
}

impl Bernoulli {
    /// A Bernoulli distribution with success probability p in [0, 1].
    ///
    /// # Errors
    /// When `p` is not in [0, 1].
    pub fn new(p: f64) -> Result<Bernoulli, Error> {
        probability("bernoulli", "p", p)?;
        Ok(Bernoulli { p })
    }

    /// The success probability p.
    pub fn p(&self) -> f64 {
        self.p
    }
}

impl Family for Bernoulli {
    const NAME: &'static str = "bernoulli";
    const PARAMS: &'static [Param] = &[Param::scalar("p").range(0.0, 1.0)];
    fn from_args(a: &Args<'_>) -> Result<Bernoulli, Error> {
        Bernoulli::new(a.scalar(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.p()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Bernoulli {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x == 0.0 {
            (-self.p).ln_1p()
        } else if x == 1.0 {
            self.p.ln()
        } else if x.is_nan() {
            x
        } else {
            f64::NEG_INFINITY
        }
    }
    fn cdf(&self, x: f64) -> f64 {
        if x < 0.0 {
            0.0
        } else if x < 1.0 {
            1.0 - self.p
        } else {
            1.0 + 0.0 * x
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x < 0.0 {
            1.0
        } else if x < 1.0 {
            self.p
        } else {
            0.0 * x
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        crate::dist::inversion::discrete_quantile(self, p, 0.0)
    }
    fn support(&self) -> Support {
        Support::integers(0.0, 1.0)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.p)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.p * (1.0 - self.p))
    }
    fn entropy(&self) -> Option<f64> {
        Some(crate::numerics::log::entr(self.p) + crate::numerics::log::entr(1.0 - self.p))
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        if open01(rng) <= self.p { 1.0 } else { 0.0 }
    }
}

impl super::Landmarks for Bernoulli {
    fn landmarks(&self) -> Vec<f64> {
        vec![0.0, 1.0]
    }
}
