use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::{finite, positive};
use rand::Rng;
use std::f64::consts::PI;

/// The logistic distribution.
///
/// ```text
/// pdf(x) = e^(−z) / (s (1 + e^(−z))²),  z = (x−μ)/s
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Logistic {
    loc: f64,
    scale: f64,
}

impl Logistic {
    /// A logistic distribution with location μ and scale s > 0.
    ///
    /// # Errors
    /// When `loc` is not finite or `scale` is not finite and > 0.
    pub fn new(loc: f64, scale: f64) -> Result<Logistic, Error> {
        finite("logistic", "loc", loc)?;
        positive("logistic", "scale", scale)?;
        Ok(Logistic { loc, scale })
    }

    /// The location μ.
    pub fn loc(&self) -> f64 {
        self.loc
    }

    /// The scale s.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Family for Logistic {
    const NAME: &'static str = "logistic";
    const PARAMS: &'static [Param] = &[Param::scalar("loc").range(-10.0, 10.0), Param::scalar("scale").range(0.1, 10.0)];
    fn from_args(a: &Args<'_>) -> Result<Logistic, Error> {
        Logistic::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.loc(), self.scale()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Logistic {
    fn ln_pdf(&self, x: f64) -> f64 {
        let a = ((x - self.loc) / self.scale).abs();
        -a - 2.0 * (-a).exp().ln_1p() - self.scale.ln()
    }
    fn cdf(&self, x: f64) -> f64 {
        1.0 / (1.0 + (-(x - self.loc) / self.scale).exp())
    }
    fn sf(&self, x: f64) -> f64 {
        1.0 / (1.0 + ((x - self.loc) / self.scale).exp())
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        let z = if p <= 0.5 {
            p.ln() - (-p).ln_1p()
        } else {
            -((1.0 - p).ln() - (p.ln()))
        };
        self.loc + self.scale * z
    }
    fn support(&self) -> Support {
        Support::continuous(f64::NEG_INFINITY, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.loc)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.scale * self.scale * PI * PI / 3.0)
    }
    fn entropy(&self) -> Option<f64> {
        Some(self.scale.ln() + 2.0)
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.quantile(open01(rng))
    }
}

impl super::Landmarks for Logistic {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.loc]
    }
}
