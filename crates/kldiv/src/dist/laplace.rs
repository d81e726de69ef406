use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::{finite, positive};
use rand::Rng;

/// The Laplace (double exponential) distribution.
///
/// ```text
/// pdf(x) = exp(−|x−μ|/b) / (2b)
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Laplace {
    loc: f64,
    scale: f64,
}

impl Laplace {
    /// A Laplace distribution with location μ and scale b > 0.
    ///
    /// # Errors
    /// When `loc` is not finite or `scale` is not finite and > 0.
    pub fn new(loc: f64, scale: f64) -> Result<Laplace, Error> {
        finite("laplace", "loc", loc)?;
        positive("laplace", "scale", scale)?;
        Ok(Laplace { loc, scale })
    }

    /// The location μ.
    pub fn loc(&self) -> f64 {
        self.loc
    }

    /// The scale b.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Family for Laplace {
    const NAME: &'static str = "laplace";
    const PARAMS: &'static [Param] = &[Param::scalar("loc").range(-10.0, 10.0), Param::scalar("scale").range(0.1, 10.0)];
    fn from_args(a: &Args<'_>) -> Result<Laplace, Error> {
        Laplace::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.loc(), self.scale()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Laplace {
    fn ln_pdf(&self, x: f64) -> f64 {
        -((x - self.loc) / self.scale).abs() - (2.0 * self.scale).ln()
    }
    fn cdf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        if z < 0.0 {
            0.5 * z.exp()
        } else {
            1.0 - 0.5 * (-z).exp()
        }
    }
    fn sf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        if z > 0.0 {
            0.5 * (-z).exp()
        } else {
            1.0 - 0.5 * z.exp()
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p <= 0.5 {
            self.loc + self.scale * (2.0 * p).ln()
        } else {
            self.loc - self.scale * (2.0 * (1.0 - p)).ln()
        }
    }
    fn support(&self) -> Support {
        Support::continuous(f64::NEG_INFINITY, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.loc)
    }
    fn variance(&self) -> Option<f64> {
        Some(2.0 * self.scale * self.scale)
    }
    fn entropy(&self) -> Option<f64> {
        Some(1.0 + (2.0 * self.scale).ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.quantile(open01(rng))
    }
}

impl super::Landmarks for Laplace {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.loc]
    }
    fn kinks(&self) -> Vec<f64> {
        vec![self.loc]
    }
}
