use super::family::{Arg, Args, Family, Param};
use super::{Gamma, Support, Univariate};
use crate::error::{positive, shape as shape_param};
use crate::Error;
use crate::numerics::special;
use rand::Rng;

/// The inverse-gamma distribution: 1/X where X ~ Gamma(shape a, rate b).
///
/// ```text
/// pdf(x) = bᵃ/Γ(a) · x^(−a−1) e^(−b/x),  x > 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InverseGamma {
    shape: f64,
    scale: f64,
    inverse: Gamma,
}

impl InverseGamma {
    /// An inverse-gamma distribution with shape a > 0 and scale b > 0.
    ///
    /// # Errors
    /// When either parameter is not finite and > 0.
    pub fn new(shape: f64, scale: f64) -> Result<InverseGamma, Error> {
        shape_param("inverse_gamma", "shape", shape)?;
        positive("inverse_gamma", "scale", scale)?;
        Ok(InverseGamma {
            shape,
            scale,
            inverse: Gamma::new(shape, scale)?,
        })
    }

    /// The shape a.
    pub fn shape(&self) -> f64 {
        self.shape
    }

    /// The scale b.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Family for InverseGamma {
    const NAME: &'static str = "inverse_gamma";
    const ALIASES: &'static [&'static str] = &["invgamma"];
    const PARAMS: &'static [Param] = &[Param::scalar("shape").range(0.1, 20.0), Param::scalar("scale").range(0.1, 10.0)];
    fn from_args(a: &Args<'_>) -> Result<InverseGamma, Error> {
        InverseGamma::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.shape(), self.scale()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for InverseGamma {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return f64::NEG_INFINITY;
        }
        self.inverse.ln_pdf(1.0 / x) - 2.0 * x.ln()
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else {
            self.inverse.sf(1.0 / x)
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            1.0
        } else {
            self.inverse.cdf(1.0 / x)
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        let guess = 1.0 / self.inverse.quantile((1.0 - p).clamp(0.0, 1.0));
        crate::dist::inversion::continuous_quantile(self, p, guess)
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        (self.shape > 1.0).then(|| self.scale / (self.shape - 1.0))
    }
    fn variance(&self) -> Option<f64> {
        let a = self.shape;
        if a > 2.0 {
            Some(self.scale * self.scale / ((a - 1.0) * (a - 1.0) * (a - 2.0)))
        } else if a > 1.0 {
            Some(f64::INFINITY)
        } else {
            None
        }
    }
    fn entropy(&self) -> Option<f64> {
        let a = self.shape;
        // a + ln Γ(a) − (1+a)ψ(a) in Stirling's form, which does not cancel for large a.
        let h = 0.5 * (2.0 * std::f64::consts::PI).ln() - 1.5 * a.ln()
            + special::stirlerr_gamma(a)
            - (1.0 + a) * special::digamma_minus_ln(a);
        Some(h + self.scale.ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        1.0 / self.inverse.draw(rng)
    }
}

impl super::Landmarks for InverseGamma {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.scale / (self.shape + 1.0)]
    }
    fn ln_pdf_of_log(&self, u: f64) -> Option<f64> {
        // a ln s − ln Γ(a) − a u − s e^{−u}: exact at any u, including u > 709 where eᵘ = ∞.
        let a = self.shape;
        Some(a * self.scale.ln() - special::ln_gamma(a) - a * u - self.scale * (-u).exp())
    }
}
