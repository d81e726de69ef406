use super::family::{Arg, Args, Family, Keyword, Param};
use super::{Support, Univariate, std_normal};
use crate::error::{finite, positive};
use crate::Error;
use crate::numerics::special;
use rand::Rng;
use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// Below this |z| the normal's ln_pdf needs no double-double z.
const BODY_Z: f64 = 4.0;

/// The normal distribution N(mean, std²).
///
/// ```text
/// pdf(x) = exp(−(x−μ)²/(2σ²)) / (σ√(2π))
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Normal {
    mean: f64,
    std: f64,
    /// ln(σ√(2π)), kept because ln_pdf sits in every integrand's inner loop.
    ln_norm: f64,
}

impl Normal {
    /// A normal distribution with the given mean and standard deviation.
    ///
    /// # Errors
    /// When `mean` is not finite or `std` is not finite and > 0.
    ///
    /// ```
    /// use kldiv::{Normal, Univariate};
    /// let n = Normal::new(0.0, 1.0)?;
    /// assert_eq!(n.quantile(0.01), -2.3263478740408408);
    /// # Ok::<(), kldiv::Error>(())
    /// ```
    pub fn new(mean: f64, std: f64) -> Result<Normal, Error> {
        finite("normal", "mean", mean)?;
        positive("normal", "std", std)?;
        Ok(Normal {
            mean,
            std,
            ln_norm: std.ln() + 0.5 * (2.0 * PI).ln(),
        })
    }

    /// The mean μ.
    pub fn mu(&self) -> f64 {
        self.mean
    }

    /// The standard deviation σ.
    pub fn sigma(&self) -> f64 {
        self.std
    }

    /// z = (x − μ)/σ as a double-double (hi, lo): the far tails are exponentially sensitive
    /// to the last bits of z, which a plain division would round away.
    fn z(&self, x: f64) -> (f64, f64) {
        let d = x - self.mean;
        // x − μ = d + d_lo exactly (Knuth's two-sum).
        let bv = d - x;
        let d_lo = (x - (d - bv)) + (-self.mean - bv);
        let q = d / self.std;
        let r = (-q).mul_add(self.std, d) + d_lo;
        (q, r / self.std)
    }

    /// The standard normal tail Q(z) = erfc(z/√2)/2 at a double-double z.
    fn upper_tail(z: (f64, f64)) -> f64 {
        // u = z/√2 in double-double, with 1/√2 = FRAC_1_SQRT_2 + FRAC_1_SQRT_2_LO.
        const FRAC_1_SQRT_2_LO: f64 = -4.833_646_656_726_457e-17;
        let u = z.0 * FRAC_1_SQRT_2;
        let u_lo = z.0.mul_add(FRAC_1_SQRT_2, -u) + z.0 * FRAC_1_SQRT_2_LO + z.1 * FRAC_1_SQRT_2;
        let e = special::erfc(u);
        if u > 1.0 && e > 0.0 {
            // erfc(u + δ) = erfc(u) (1 − δ · 2e^(−u²)/(√π erfc(u))) to first order.
            let ratio = 2.0 / PI.sqrt() * (-u * u).exp() / e;
            if ratio.is_finite() {
                return 0.5 * e * (1.0 - ratio * u_lo);
            }
        }
        0.5 * e
    }
}

impl Family for Normal {
    const NAME: &'static str = "normal";
    const ALIASES: &'static [&'static str] = &["norm", "gaussian"];
    const PARAMS: &'static [Param] = &[Param::scalar("mean").range(-10.0, 10.0), Param::scalar("std").range(0.1, 10.0)];
    const KEYWORDS: &'static [Keyword] = &[
        Keyword {
            name: "loc",
            param: 0,
            reciprocal: false,
        },
        Keyword {
            name: "scale",
            param: 1,
            reciprocal: false,
        },
    ];
    fn from_args(a: &Args<'_>) -> Result<Normal, Error> {
        Normal::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.mean, self.std].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Normal {
    fn ln_pdf(&self, x: f64) -> f64 {
        // In the body the rounding of z costs at most ε·z²/2 < 1e-14: the double-double is for
        // the tails, where z² is large and the pdf is exponentially sensitive to its last bits.
        let plain = (x - self.mean) / self.std;
        if plain.abs() < BODY_Z {
            return -0.5 * plain * plain - self.ln_norm;
        }
        let (z, z_lo) = self.z(x);
        // z² = z·z + 2 z z_lo, with the rounding of z·z recovered by fma.
        let zz = z * z;
        if zz == f64::INFINITY {
            // |z| > 1.3e154: −z²/2 is beyond the doubles (the fma below would be ∞ − ∞).
            return f64::NEG_INFINITY;
        }
        let zz_lo = z.mul_add(z, -zz) + 2.0 * z * z_lo;
        -0.5 * zz - (0.5 * zz_lo + self.ln_norm)
    }
    fn cdf(&self, x: f64) -> f64 {
        let (z, z_lo) = self.z(x);
        Normal::upper_tail((-z, -z_lo))
    }
    fn sf(&self, x: f64) -> f64 {
        Normal::upper_tail(self.z(x))
    }
    fn quantile(&self, p: f64) -> f64 {
        self.mean + self.std * special::norm_quantile(p)
    }
    fn support(&self) -> Support {
        Support::continuous(f64::NEG_INFINITY, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.mean)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.std * self.std)
    }
    fn entropy(&self) -> Option<f64> {
        Some(0.5 * (2.0 * PI * std::f64::consts::E).ln() + self.std.ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.mean + self.std * std_normal(rng)
    }
}

impl super::Landmarks for Normal {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.mean]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_std() {
        let e = Normal::new(0.0, 0.0).unwrap_err();
        assert_eq!(e.to_string(), "normal: std must be finite and > 0, got 0");
        assert!(Normal::new(f64::NAN, 1.0).is_err());
        assert!(Normal::new(0.0, f64::INFINITY).is_err());
    }

    #[test]
    fn ln_pdf_stays_finite_where_pdf_underflows() {
        let n = Normal::new(0.0, 1.0).unwrap();
        // −40²/2 − ln√(2π)
        assert!((n.ln_pdf(40.0) - (-800.918_938_533_204_7)).abs() < 1e-12);
        assert_eq!(n.pdf(40.0), 0.0);
        // z² beyond the doubles: −∞, not NaN.
        assert_eq!(n.ln_pdf(-1.48e202), f64::NEG_INFINITY);
    }
}
