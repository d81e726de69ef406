use super::family::{Arg, Args, Family, Param};
use super::gumbel::EULER_GAMMA;
use super::{Support, Univariate, open01};
use crate::error::{positive, shape as shape_param};
use crate::Error;
use crate::numerics::special;
use rand::Rng;

/// The Weibull distribution with shape k and scale λ (scipy's `weibull_min`).
///
/// ```text
/// pdf(x) = (k/λ) (x/λ)^(k−1) exp(−(x/λ)ᵏ),  x ≥ 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weibull {
    shape: f64,
    scale: f64,
}

impl Weibull {
    /// A Weibull distribution with shape k > 0 and scale λ > 0.
    ///
    /// # Errors
    /// When either parameter is not finite and > 0.
    pub fn new(shape: f64, scale: f64) -> Result<Weibull, Error> {
        shape_param("weibull", "shape", shape)?;
        positive("weibull", "scale", scale)?;
        Ok(Weibull { shape, scale })
    }

    /// The shape k.
    pub fn shape(&self) -> f64 {
        self.shape
    }

    /// The scale λ.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    fn h(&self, x: f64) -> f64 {
        (x / self.scale).powf(self.shape)
    }
}

impl Family for Weibull {
    const NAME: &'static str = "weibull";
    const PARAMS: &'static [Param] = &[Param::scalar("shape").range(0.1, 20.0), Param::scalar("scale").range(0.1, 10.0)];
    fn from_args(a: &Args<'_>) -> Result<Weibull, Error> {
        Weibull::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.shape(), self.scale()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Weibull {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < 0.0 {
            return f64::NEG_INFINITY;
        }
        let k = self.shape;
        let middle = if k == 1.0 {
            0.0
        } else {
            (k - 1.0) * (x / self.scale).ln()
        };
        (k / self.scale).ln() + middle - self.h(x)
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0 * x
        } else {
            -(-self.h(x)).exp_m1()
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            1.0 + 0.0 * x
        } else {
            (-self.h(x)).exp()
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        let h = if p <= 0.5 {
            -(-p).ln_1p()
        } else {
            -(1.0 - p).ln()
        };
        // powf with a fractional exponent costs a few ulp; Newton on the cdf recovers them.
        crate::dist::inversion::polish(self, p, self.scale * h.powf(1.0 / self.shape))
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.scale * special::ln_gamma(1.0 + 1.0 / self.shape).exp())
    }
    fn variance(&self) -> Option<f64> {
        let g1 = special::ln_gamma(1.0 + 1.0 / self.shape).exp();
        let g2 = special::ln_gamma(1.0 + 2.0 / self.shape).exp();
        Some(self.scale * self.scale * (g2 - g1 * g1))
    }
    fn entropy(&self) -> Option<f64> {
        let k = self.shape;
        Some(EULER_GAMMA * (1.0 - 1.0 / k) + (self.scale / k).ln() + 1.0)
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.scale * (-open01(rng).ln()).powf(1.0 / self.shape)
    }
}

impl super::Landmarks for Weibull {
    fn landmarks(&self) -> Vec<f64> {
        let k = self.shape;
        let mode = if k > 1.0 {
            self.scale * ((k - 1.0) / k).powf(1.0 / k)
        } else {
            0.0
        };
        vec![mode, self.scale]
    }
    fn ln_pdf_of_log(&self, u: f64) -> Option<f64> {
        // ln k + k(u − ln λ) − e^{k(u − ln λ)}: exact at any u, and no (k − 1)u against u.
        let k = self.shape;
        let v = k * (u - self.scale.ln());
        Some(k.ln() + v - v.exp())
    }
    fn draw_ln(&self, rng: &mut dyn Rng) -> Option<f64> {
        Some(self.scale.ln() + (-open01(rng).ln()).ln() / self.shape)
    }
}
