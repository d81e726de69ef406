use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::{finite, positive};
use rand::Rng;
use std::f64::consts::PI;

/// The Gumbel (maximum, right-skewed) distribution, scipy's `gumbel_r`.
///
/// ```text
/// pdf(x) = exp(−(z + e^(−z))) / β,  z = (x−μ)/β
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gumbel {
    loc: f64,
    scale: f64,
}

/// The Euler–Mascheroni constant γ.
pub(crate) const EULER_GAMMA: f64 = 0.577_215_664_901_532_9;

impl Gumbel {
    /// A Gumbel distribution with location μ and scale β > 0.
    ///
    /// # Errors
    /// When `loc` is not finite or `scale` is not finite and > 0.
    pub fn new(loc: f64, scale: f64) -> Result<Gumbel, Error> {
        finite("gumbel", "loc", loc)?;
        positive("gumbel", "scale", scale)?;
        Ok(Gumbel { loc, scale })
    }

    /// The location μ.
    pub fn loc(&self) -> f64 {
        self.loc
    }

    /// The scale β.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Family for Gumbel {
    const NAME: &'static str = "gumbel";
    const PARAMS: &'static [Param] = &[Param::scalar("loc").range(-10.0, 10.0), Param::scalar("scale").range(0.1, 10.0)];
    fn from_args(a: &Args<'_>) -> Result<Gumbel, Error> {
        Gumbel::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.loc(), self.scale()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Gumbel {
    fn ln_pdf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        -(z + (-z).exp()) - self.scale.ln()
    }
    fn cdf(&self, x: f64) -> f64 {
        (-(-(x - self.loc) / self.scale).exp()).exp()
    }
    fn sf(&self, x: f64) -> f64 {
        -(-(-(x - self.loc) / self.scale).exp()).exp_m1()
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        // −ln p, accurate near p = 1 through ln_1p of the exact 1 − p.
        let minus_ln_p = if p > 0.5 {
            -(-(1.0 - p)).ln_1p()
        } else {
            -p.ln()
        };
        self.loc - self.scale * minus_ln_p.ln()
    }
    fn support(&self) -> Support {
        Support::continuous(f64::NEG_INFINITY, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.loc + self.scale * EULER_GAMMA)
    }
    fn variance(&self) -> Option<f64> {
        Some(PI * PI * self.scale * self.scale / 6.0)
    }
    fn entropy(&self) -> Option<f64> {
        Some(self.scale.ln() + EULER_GAMMA + 1.0)
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.quantile(open01(rng))
    }
}

impl super::Landmarks for Gumbel {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.loc]
    }
}
