use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::{finite, positive};
use rand::Rng;
use std::f64::consts::PI;

/// The Cauchy distribution. Its mean and variance do not exist.
///
/// ```text
/// pdf(x) = 1 / (πγ (1 + ((x−x₀)/γ)²))
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cauchy {
    loc: f64,
    scale: f64,
}

impl Cauchy {
    /// A Cauchy distribution with location x₀ and scale γ > 0.
    ///
    /// # Errors
    /// When `loc` is not finite or `scale` is not finite and > 0.
    pub fn new(loc: f64, scale: f64) -> Result<Cauchy, Error> {
        finite("cauchy", "loc", loc)?;
        positive("cauchy", "scale", scale)?;
        Ok(Cauchy { loc, scale })
    }

    /// The location x₀.
    pub fn loc(&self) -> f64 {
        self.loc
    }

    /// The scale γ.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Family for Cauchy {
    const NAME: &'static str = "cauchy";
    const PARAMS: &'static [Param] = &[Param::scalar("loc").range(-10.0, 10.0), Param::scalar("scale").range(0.1, 10.0)];
    fn from_args(a: &Args<'_>) -> Result<Cauchy, Error> {
        Cauchy::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.loc(), self.scale()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Cauchy {
    fn ln_pdf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        let ln_1pz2 = if z.abs() > 1e100 {
            2.0 * z.abs().ln() + (1.0 / (z * z)).ln_1p()
        } else {
            (z * z).ln_1p()
        };
        -(PI * self.scale).ln() - ln_1pz2
    }
    fn cdf(&self, x: f64) -> f64 {
        // atan2(1, −z)/π has no cancellation in either tail.
        1.0f64.atan2(-(x - self.loc) / self.scale) / PI
    }
    fn sf(&self, x: f64) -> f64 {
        1.0f64.atan2((x - self.loc) / self.scale) / PI
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p == 0.0 {
            return f64::NEG_INFINITY;
        }
        if p == 1.0 {
            return f64::INFINITY;
        }
        // tan(π(p − ½)) = −1/tan(πp), accurate in each tail.
        let z = if (0.25..=0.75).contains(&p) {
            // p − ½ is exact here.
            (PI * (p - 0.5)).tan()
        } else if p < 0.5 {
            -1.0 / (PI * p).tan()
        } else {
            1.0 / (PI * (1.0 - p)).tan()
        };
        self.loc + self.scale * z
    }
    fn support(&self) -> Support {
        Support::continuous(f64::NEG_INFINITY, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        None
    }
    fn variance(&self) -> Option<f64> {
        None
    }
    fn entropy(&self) -> Option<f64> {
        Some((4.0 * PI * self.scale).ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.quantile(open01(rng))
    }
}

impl super::Landmarks for Cauchy {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.loc]
    }
}
