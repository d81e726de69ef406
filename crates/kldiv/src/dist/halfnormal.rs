use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, std_normal};
use crate::error::positive;
use crate::Error;
use crate::numerics::special;
use rand::Rng;
use std::f64::consts::{FRAC_1_SQRT_2, PI, SQRT_2};

/// The half-normal distribution: |X| for X ~ N(0, σ²).
///
/// ```text
/// pdf(x) = √(2/π)/σ · exp(−x²/(2σ²)),  x ≥ 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HalfNormal {
    scale: f64,
}

impl HalfNormal {
    /// A half-normal distribution with scale σ > 0.
    ///
    /// # Errors
    /// When `scale` is not finite and > 0.
    pub fn new(scale: f64) -> Result<HalfNormal, Error> {
        positive("halfnormal", "scale", scale)?;
        Ok(HalfNormal { scale })
    }

    /// The scale σ.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Family for HalfNormal {
    const NAME: &'static str = "halfnormal";
    const PARAMS: &'static [Param] = &[Param::scalar("scale").range(0.1, 10.0)];
    fn from_args(a: &Args<'_>) -> Result<HalfNormal, Error> {
        HalfNormal::new(a.scalar(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.scale()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for HalfNormal {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < 0.0 {
            return f64::NEG_INFINITY;
        }
        let z = x / self.scale;
        0.5 * (2.0 / PI).ln() - self.scale.ln() - 0.5 * z * z
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0 * x
        } else {
            special::erf(x / self.scale * FRAC_1_SQRT_2)
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            1.0 + 0.0 * x
        } else {
            special::erfc(x / self.scale * FRAC_1_SQRT_2)
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        let z = if p <= 0.5 {
            statrs::function::erf::erf_inv(p)
        } else {
            statrs::function::erf::erfc_inv(1.0 - p)
        };
        self.scale * SQRT_2 * z
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.scale * (2.0 / PI).sqrt())
    }
    fn variance(&self) -> Option<f64> {
        Some(self.scale * self.scale * (1.0 - 2.0 / PI))
    }
    fn entropy(&self) -> Option<f64> {
        Some(0.5 * (PI * std::f64::consts::E / 2.0).ln() + self.scale.ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.scale * std_normal(rng).abs()
    }
}

impl super::Landmarks for HalfNormal {
    fn landmarks(&self) -> Vec<f64> {
        vec![0.0, self.scale]
    }
}
