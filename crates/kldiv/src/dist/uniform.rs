use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::{check, finite};
use rand::Rng;

/// The continuous uniform distribution on [low, high].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uniform {
    low: f64,
    high: f64,
}

impl Uniform {
    /// The uniform distribution on [low, high].
    ///
    /// # Errors
    /// When either end is not finite, or `high ≤ low`.
    pub fn new(low: f64, high: f64) -> Result<Uniform, Error> {
        finite("uniform", "low", low)?;
        finite("uniform", "high", high)?;
        check(
            "uniform",
            "high",
            high,
            high > low && (high - low).is_finite(),
            "> low (and high − low finite)",
        )?;
        Ok(Uniform { low, high })
    }

    /// The lower end.
    pub fn low(&self) -> f64 {
        self.low
    }

    /// The upper end.
    pub fn high(&self) -> f64 {
        self.high
    }

    fn width(&self) -> f64 {
        self.high - self.low
    }
}

impl Family for Uniform {
    const NAME: &'static str = "uniform";
    const PARAMS: &'static [Param] = &[Param::scalar("low").range(-10.0, 0.0), Param::scalar("high").range(1.0, 10.0)];
    fn from_args(a: &Args<'_>) -> Result<Uniform, Error> {
        Uniform::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.low(), self.high()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Uniform {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < self.low || x > self.high {
            f64::NEG_INFINITY
        } else {
            -self.width().ln() + 0.0 * x
        }
    }
    fn cdf(&self, x: f64) -> f64 {
        ((x - self.low) / self.width()).clamp(0.0, 1.0)
    }
    fn sf(&self, x: f64) -> f64 {
        ((self.high - x) / self.width()).clamp(0.0, 1.0)
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p <= 0.5 {
            self.low + p * self.width()
        } else {
            self.high - (1.0 - p) * self.width()
        }
    }
    fn support(&self) -> Support {
        Support::continuous(self.low, self.high)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.low + 0.5 * self.width())
    }
    fn variance(&self) -> Option<f64> {
        Some(self.width() * self.width() / 12.0)
    }
    fn entropy(&self) -> Option<f64> {
        Some(self.width().ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.low + open01(rng) * self.width()
    }
}

impl super::Landmarks for Uniform {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.low, self.high]
    }
}
