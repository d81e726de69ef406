use super::family::{Arg, Args, Family, Keyword, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::positive;
use rand::Rng;

/// The exponential distribution with the given rate λ (scale 1/λ).
///
/// ```text
/// pdf(x) = λ e^(−λx),  x ≥ 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exponential {
    rate: f64,
}

impl Exponential {
    /// An exponential distribution with rate λ.
    ///
    /// # Errors
    /// When `rate` is not finite and > 0.
    pub fn new(rate: f64) -> Result<Exponential, Error> {
        positive("exponential", "rate", rate)?;
        Ok(Exponential { rate })
    }

    /// The rate λ.
    pub fn rate(&self) -> f64 {
        self.rate
    }
}

impl Family for Exponential {
    const NAME: &'static str = "exponential";
    const ALIASES: &'static [&'static str] = &["expon"];
    const PARAMS: &'static [Param] = &[Param::scalar("rate").range(0.1, 10.0)];
    const KEYWORDS: &'static [Keyword] = &[
        Keyword {
            name: "scale",
            param: 0,
            reciprocal: true,
        },
    ];
    fn from_args(a: &Args<'_>) -> Result<Exponential, Error> {
        Exponential::new(a.scalar(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.rate()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Exponential {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < 0.0 {
            f64::NEG_INFINITY
        } else {
            self.rate.ln() - self.rate * x
        }
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0 * x
        } else {
            -(-self.rate * x).exp_m1()
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            1.0 + 0.0 * x
        } else {
            (-self.rate * x).exp()
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p <= 0.5 {
            -(-p).ln_1p() / self.rate
        } else {
            -(1.0 - p).ln() / self.rate
        }
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(1.0 / self.rate)
    }
    fn variance(&self) -> Option<f64> {
        Some(1.0 / (self.rate * self.rate))
    }
    fn entropy(&self) -> Option<f64> {
        Some(1.0 - self.rate.ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        -open01(rng).ln() / self.rate
    }
}

impl super::Landmarks for Exponential {
    fn landmarks(&self) -> Vec<f64> {
        vec![0.0, 1.0 / self.rate]
    }
}
