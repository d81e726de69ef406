use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::{positive, shape as shape_param};
use rand::Rng;

/// The Pareto distribution with scale xₘ (the lower end of the support) and shape α.
///
/// ```text
/// pdf(x) = α xₘ^α / x^(α+1),  x ≥ xₘ
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pareto {
    scale: f64,
    alpha: f64,
}

impl Pareto {
    /// A Pareto distribution with scale xₘ > 0 and shape α > 0.
    ///
    /// # Errors
    /// When either parameter is not finite and > 0.
    pub fn new(scale: f64, alpha: f64) -> Result<Pareto, Error> {
        positive("pareto", "scale", scale)?;
        shape_param("pareto", "alpha", alpha)?;
        Ok(Pareto { scale, alpha })
    }

    /// The scale xₘ.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The shape α.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Family for Pareto {
    const NAME: &'static str = "pareto";
    const PARAMS: &'static [Param] = &[Param::scalar("scale").range(0.1, 10.0), Param::scalar("alpha").range(0.1, 20.0)];
    fn from_args(a: &Args<'_>) -> Result<Pareto, Error> {
        Pareto::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.scale(), self.alpha()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Pareto {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < self.scale {
            return f64::NEG_INFINITY;
        }
        self.alpha.ln() - self.scale.ln() - (self.alpha + 1.0) * (x / self.scale).ln()
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= self.scale {
            0.0 * x
        } else {
            // x − xₘ is exact near xₘ, where ln(xₘ/x) would lose digits.
            -(-self.alpha * ((x - self.scale) / self.scale).ln_1p()).exp_m1()
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x <= self.scale {
            1.0 + 0.0 * x
        } else {
            (self.scale / x).powf(self.alpha)
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p <= 0.5 {
            self.scale * (-(-p).ln_1p() / self.alpha).exp()
        } else {
            self.scale * (1.0 - p).powf(-1.0 / self.alpha)
        }
    }
    fn support(&self) -> Support {
        Support::continuous(self.scale, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        let a = self.alpha;
        if a > 1.0 {
            Some(a * self.scale / (a - 1.0))
        } else {
            Some(f64::INFINITY)
        }
    }
    fn variance(&self) -> Option<f64> {
        let a = self.alpha;
        if a > 2.0 {
            Some(self.scale * self.scale * a / ((a - 1.0) * (a - 1.0) * (a - 2.0)))
        } else if a > 1.0 {
            Some(f64::INFINITY)
        } else {
            None
        }
    }
    fn entropy(&self) -> Option<f64> {
        // ln s − ln α: s/α overflows for a scale of 1e300 and α of 1e-300.
        Some(self.scale.ln() - self.alpha.ln() + 1.0 / self.alpha + 1.0)
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.scale * open01(rng).powf(-1.0 / self.alpha)
    }
}

impl super::Landmarks for Pareto {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.scale]
    }
    fn ln_pdf_of_log(&self, u: f64) -> Option<f64> {
        // ln α + α ln xₘ − α u above the scale: exact at any u, including u > 709.
        Some(if u < self.scale.ln() {
            f64::NEG_INFINITY
        } else {
            self.alpha.ln() + self.alpha * (self.scale.ln() - u)
        })
    }
}
