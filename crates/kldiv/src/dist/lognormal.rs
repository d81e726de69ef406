use super::family::{Arg, Args, Family, Param};
use super::{Normal, Support, Univariate, outside};
use crate::Error;
use crate::error::{finite, positive};
use rand::Rng;

/// The log-normal distribution: ln X ~ N(mu, sigma²).
///
/// ```text
/// pdf(x) = exp(−(ln x − μ)²/(2σ²)) / (xσ√(2π)),  x > 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogNormal {
    log: Normal,
}

impl LogNormal {
    /// A log-normal distribution whose logarithm has mean `mu` and standard deviation `sigma`.
    ///
    /// # Errors
    /// When `mu` is not finite or `sigma` is not finite and > 0.
    pub fn new(mu: f64, sigma: f64) -> Result<LogNormal, Error> {
        finite("lognormal", "mu", mu)?;
        positive("lognormal", "sigma", sigma)?;
        Ok(LogNormal {
            log: Normal::new(mu, sigma)?,
        })
    }

    /// μ, the mean of ln X.
    pub fn mu(&self) -> f64 {
        self.log.mu()
    }

    /// σ, the standard deviation of ln X.
    pub fn sigma(&self) -> f64 {
        self.log.sigma()
    }
}

impl Family for LogNormal {
    const NAME: &'static str = "lognormal";
    const PARAMS: &'static [Param] = &[Param::scalar("mu").range(-3.0, 3.0), Param::scalar("sigma").range(0.1, 3.0)];
    fn from_args(a: &Args<'_>) -> Result<LogNormal, Error> {
        LogNormal::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.mu(), self.sigma()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for LogNormal {
    fn ln_pdf(&self, x: f64) -> f64 {
        if outside(x, 0.0, f64::INFINITY) || x == 0.0 {
            return f64::NEG_INFINITY;
        }
        let lx = x.ln();
        self.log.ln_pdf(lx) - lx
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 { 0.0 } else { self.log.cdf(x.ln()) }
    }
    fn sf(&self, x: f64) -> f64 {
        if x <= 0.0 { 1.0 } else { self.log.sf(x.ln()) }
    }
    fn quantile(&self, p: f64) -> f64 {
        self.log.quantile(p).exp()
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        let s = self.sigma();
        Some((self.mu() + 0.5 * s * s).exp())
    }
    fn variance(&self) -> Option<f64> {
        let s2 = self.sigma() * self.sigma();
        Some(s2.exp_m1() * (2.0 * self.mu() + s2).exp())
    }
    fn entropy(&self) -> Option<f64> {
        Some(self.log.entropy()? + self.mu())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.log.draw(rng).exp()
    }
}

impl super::Landmarks for LogNormal {
    fn landmarks(&self) -> Vec<f64> {
        let s = self.sigma();
        // mode and median
        vec![(self.mu() - s * s).exp(), self.mu().exp()]
    }
    fn ln_pdf_of_log(&self, u: f64) -> Option<f64> {
        // ln X is the normal itself.
        Some(self.log.ln_pdf(u))
    }
    fn draw_ln(&self, rng: &mut dyn Rng) -> Option<f64> {
        Some(self.log.draw(rng))
    }
}
