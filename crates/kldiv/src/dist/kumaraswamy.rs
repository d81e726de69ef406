use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::error::shape as shape_param;
use crate::Error;
use crate::numerics::special;
use rand::Rng;

/// The Kumaraswamy distribution on [0, 1]: a beta-like law whose cdf and quantile are
/// elementary. Xᵃ ~ Beta(1, b).
///
/// ```text
/// pdf(x) = a b x^(a−1) (1 − xᵃ)^(b−1)
/// cdf(x) = 1 − (1 − xᵃ)ᵇ
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kumaraswamy {
    a: f64,
    b: f64,
}

impl Kumaraswamy {
    /// A Kumaraswamy distribution with shapes a and b in (0, 1e15].
    ///
    /// # Errors
    /// When either is not in (0, 1e15].
    pub fn new(a: f64, b: f64) -> Result<Kumaraswamy, Error> {
        shape_param("kumaraswamy", "a", a)?;
        shape_param("kumaraswamy", "b", b)?;
        Ok(Kumaraswamy { a, b })
    }

    /// The first shape a.
    pub fn a(&self) -> f64 {
        self.a
    }

    /// The second shape b.
    pub fn b(&self) -> f64 {
        self.b
    }

    /// ln(1 − xᵃ) for x in (0, 1), from whichever of xᵃ (by powf, correctly rounded where
    /// exp(a ln x) would carry the rounding of a ln x ≈ −700) and 1 − xᵃ is small.
    fn ln_one_minus_pow(&self, x: f64) -> f64 {
        let xa = x.powf(self.a);
        if xa < 0.5 {
            (-xa).ln_1p()
        } else {
            (-(self.a * x.ln()).exp_m1()).ln()
        }
    }

    /// E[Xʳ] = b B(1 + r/a, b) for r > −a (+∞ otherwise).
    pub(crate) fn power_moment(&self, r: f64) -> f64 {
        if r <= -self.a {
            return f64::INFINITY;
        }
        (self.b.ln() + special::ln_beta(1.0 + r / self.a, self.b)).exp()
    }

    /// E[ln X] = −H_b/a and Var[ln X] = (ψ′(1) − ψ′(1+b))/a², H_b = ψ(b+1) + γ the harmonic
    /// number: ln Xᵃ is the log of a Beta(1, b) variate.
    pub(crate) fn ln_moments(&self) -> (f64, f64) {
        let (a, b) = (self.a, self.b);
        // H_b and ζ(2) − ψ′(1 + b) by their series for small b, where 1 + b rounds away b.
        let h = special::harmonic(b);
        (-h / a, special::trigamma_deficit(b) / (a * a))
    }
}

/// (c−1)·ln y with the convention 0·ln 0 = 0 at c = 1.
fn power_term(c: f64, ln_y: f64) -> f64 {
    if c == 1.0 { 0.0 } else { (c - 1.0) * ln_y }
}

impl Family for Kumaraswamy {
    const NAME: &'static str = "kumaraswamy";
    const PARAMS: &'static [Param] = &[Param::scalar("a").range(0.1, 20.0), Param::scalar("b").range(0.1, 20.0)];
    fn from_args(a: &Args<'_>) -> Result<Kumaraswamy, Error> {
        Kumaraswamy::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.a, self.b].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Kumaraswamy {
    fn ln_pdf(&self, x: f64) -> f64 {
        if super::outside(x, 0.0, 1.0) {
            return f64::NEG_INFINITY;
        }
        let ln_x = x.ln();
        let ln_rest = if x == 1.0 {
            f64::NEG_INFINITY
        } else {
            self.ln_one_minus_pow(x)
        };
        // ln a + ln b: a·b underflows for shapes of 1e-300, as in the entropy.
        self.a.ln() + self.b.ln() + power_term(self.a, ln_x) + power_term(self.b, ln_rest)
    }
    fn cdf(&self, x: f64) -> f64 {
        if let Some(c) = super::unit_cdf_outside(x) {
            return c;
        }
        // 1 − (1 − xᵃ)ᵇ = −expm1(b ln(1 − xᵃ))
        -(self.b * self.ln_one_minus_pow(x)).exp_m1()
    }
    fn sf(&self, x: f64) -> f64 {
        if let Some(c) = super::unit_cdf_outside(x) {
            return 1.0 - c;
        }
        (self.b * self.ln_one_minus_pow(x)).exp()
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        // (1 − (1−p)^{1/b})^{1/a}: v = ln(1−p)/b, then w = 1 − eᵛ from whichever side is small.
        let v = if p <= 0.5 {
            (-p).ln_1p() / self.b
        } else {
            (1.0 - p).ln() / self.b
        };
        // w^{1/a} by powf where w is a normal number: exp(ln w/a) would carry the rounding of
        // ln w ≈ −690 (1e-300 quantiles) into x.
        let w = if v > -std::f64::consts::LN_2 {
            -v.exp_m1()
        } else {
            1.0 - v.exp()
        };
        if w >= f64::MIN_POSITIVE {
            return w.powf(self.a.recip());
        }
        ((-v.exp_m1()).ln() / self.a).exp()
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, 1.0)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.power_moment(1.0))
    }
    /// E[X]² (E[X²]/E[X]² − 1), the ratio's log being the second difference
    /// g(2h) − 2g(h) + g(0) of g(t) = ln B(1 + t, b) at h = 1/a. For a > 2 (a concentrated X,
    /// where the difference cancels to ~h²) it is integrated instead: Taylor's remainder gives
    /// ∫₀^{2h} min(t, 2h − t) g″(t) dt with g″ = ψ′(1+t) − ψ′(1+t+b) > 0.
    fn variance(&self) -> Option<f64> {
        let (a, b) = (self.a, self.b);
        let lm1 = b.ln() + special::ln_beta(1.0 + 1.0 / a, b);
        let ln_ratio = if a > 2.0 {
            let h = 1.0 / a;
            let tol = crate::numerics::quadrature::Tolerance {
                abs: 0.0,
                rel: 1e-16,
                max_evaluations: 20_000,
            };
            let g2 = |t: f64| special::trigamma(1.0 + t) - special::trigamma(1.0 + t + b);
            match crate::numerics::quadrature::integrate(|t| t.min(2.0 * h - t) * g2(t), &[0.0, h, 2.0 * h], tol) {
                Ok(r) => r.value,
                Err(Error::NotConverged { value, .. }) => value,
                Err(_) => f64::NAN,
            }
        } else {
            b.ln() + special::ln_beta(1.0 + 2.0 / a, b) - 2.0 * lm1
        };
        Some((2.0 * lm1).exp() * ln_ratio.exp_m1())
    }
    /// (1 − 1/b) + (1 − 1/a) H_b − ln(ab), H_b = ψ(b+1) + γ (Jones 2009, Kumaraswamy's
    /// distribution: a beta-type distribution with some tractability advantages, §2).
    fn entropy(&self) -> Option<f64> {
        let (a, b) = (self.a, self.b);
        let h = special::harmonic(b);
        // ln a + ln b: a·b underflows for shapes of 1e-300.
        Some((1.0 - 1.0 / b) + (1.0 - 1.0 / a) * h - a.ln() - b.ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.quantile(open01(rng))
    }
}

impl super::Landmarks for Kumaraswamy {
    fn landmarks(&self) -> Vec<f64> {
        let (a, b) = (self.a, self.b);
        let mut v = vec![0.0, 1.0];
        if a > 1.0 && b > 1.0 {
            v.push(((a - 1.0) / (a * b - 1.0)).powf(1.0 / a));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_shapes() {
        let e = Kumaraswamy::new(0.0, 2.0).unwrap_err();
        assert_eq!(e.to_string(), "kumaraswamy: a must be in (0, 1e15], got 0");
        assert!(Kumaraswamy::new(1.0, f64::NAN).is_err());
    }

    #[test]
    fn a_1_is_beta_1_b() {
        let k = Kumaraswamy::new(1.0, 3.5).unwrap();
        let b = super::super::Beta::new(1.0, 3.5).unwrap();
        for x in [1e-10, 0.2, 0.7, 0.999] {
            assert!((k.ln_pdf(x) - b.ln_pdf(x)).abs() <= 1e-14 * b.ln_pdf(x).abs().max(1.0));
            assert!((k.sf(x) - b.sf(x)).abs() <= 1e-14 * b.sf(x));
        }
        let (h, hb) = (k.entropy().unwrap(), b.entropy().unwrap());
        assert!((h - hb).abs() <= 1e-14 * hb.abs(), "{h} vs {hb}");
    }

    #[test]
    fn quantile_inverts_both_tails() {
        // b = 3 keeps 1 − p = 1e-12 away from x = 1 (with b = 0.7 that x rounds to 1).
        let k = Kumaraswamy::new(2.5, 3.0).unwrap();
        for p in [1e-200, 1e-9, 0.3, 0.8, 1.0 - 1e-12] {
            let x = k.quantile(p);
            let (tail, back) = if p <= 0.5 {
                (p, k.cdf(x))
            } else {
                (1.0 - p, k.sf(x))
            };
            // As the reference tests judge quantiles: the tail mismatch within 1e-13 of the
            // tail, or the x-error it implies within 4 ulp (near x = 1 one ulp moves sf by
            // 1e-11 relative here).
            let dx = (back - tail).abs() / k.pdf(x);
            let ok = (back / tail - 1.0).abs() <= 1e-13 || dx <= 4.0 * f64::EPSILON * x;
            assert!(ok, "{p}: {x} gives {back:e}");
        }
    }
}
