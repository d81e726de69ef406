use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::positive;
use rand::Rng;
use std::f64::consts::{FRAC_2_PI, PI};

/// The half-Cauchy distribution: |X| for X ~ Cauchy(0, s). Its mean is +∞; its variance does
/// not exist.
///
/// ```text
/// pdf(x) = 2 / (πs (1 + (x/s)²)),  x ≥ 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HalfCauchy {
    scale: f64,
}

impl HalfCauchy {
    /// A half-Cauchy distribution with scale s > 0.
    ///
    /// # Errors
    /// When `scale` is not finite and > 0.
    pub fn new(scale: f64) -> Result<HalfCauchy, Error> {
        positive("half_cauchy", "scale", scale)?;
        Ok(HalfCauchy { scale })
    }

    /// The scale s.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Family for HalfCauchy {
    const NAME: &'static str = "half_cauchy";
    const ALIASES: &'static [&'static str] = &["halfcauchy"];
    const PARAMS: &'static [Param] = &[Param::scalar("scale").range(0.1, 10.0)];
    fn from_args(a: &Args<'_>) -> Result<HalfCauchy, Error> {
        HalfCauchy::new(a.scalar(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.scale()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for HalfCauchy {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < 0.0 {
            return f64::NEG_INFINITY;
        }
        let z = x / self.scale;
        // ln(1 + z²) without overflowing z² far out.
        let ln_1pz2 = if z > 1e100 {
            2.0 * z.ln() + (1.0 / (z * z)).ln_1p()
        } else {
            (z * z).ln_1p()
        };
        (FRAC_2_PI / self.scale).ln() - ln_1pz2
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0 * x;
        }
        // (2/π) atan z keeps its digits for small z; atan2(z, 1) is the same.
        FRAC_2_PI * (x / self.scale).atan()
    }
    fn sf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 1.0 + 0.0 * x;
        }
        // 1 − (2/π) atan z = (2/π) atan(1/z), accurate far out.
        FRAC_2_PI * self.scale.atan2(x)
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if p == 1.0 {
            return f64::INFINITY;
        }
        // tan(πp/2), written as 1/tan(π(1−p)/2) in the upper half, where 1 − p is exact.
        let z = if p <= 0.5 {
            (0.5 * PI * p).tan()
        } else {
            1.0 / (0.5 * PI * (1.0 - p)).tan()
        };
        self.scale * z
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(f64::INFINITY)
    }
    fn variance(&self) -> Option<f64> {
        None
    }
    fn entropy(&self) -> Option<f64> {
        // ln(4πs) of the Cauchy, less the ln 2 that folding removes.
        Some((2.0 * PI * self.scale).ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.quantile(open01(rng))
    }
}

impl super::Landmarks for HalfCauchy {
    fn landmarks(&self) -> Vec<f64> {
        vec![0.0, self.scale]
    }
    fn ln_pdf_of_log(&self, u: f64) -> Option<f64> {
        // ln(2/π) + v − ln(1 + e^{2v}), v = u − ln σ: finite where eᵘ under- or overflows, or
        // eᵘ/σ does (a half-Cauchy of scale 1e-12 has mass out to 1e300 in ln-x space).
        let v = u - self.scale.ln();
        (!super::exp_is_normal(u) || v.abs() > 300.0).then(|| {
            let softplus = (2.0 * v).max(0.0) + (-(2.0 * v).abs()).exp().ln_1p();
            (2.0 / std::f64::consts::PI).ln() + v - softplus
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_scale() {
        let e = HalfCauchy::new(-1.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "half_cauchy: scale must be finite and > 0, got -1"
        );
        assert!(HalfCauchy::new(f64::NAN).is_err());
    }

    #[test]
    fn median_is_the_scale() {
        let d = HalfCauchy::new(3.0).unwrap();
        assert!((d.quantile(0.5) - 3.0).abs() <= 4.0 * f64::EPSILON * 3.0);
        assert!((d.cdf(3.0) - 0.5).abs() <= f64::EPSILON);
    }
}
