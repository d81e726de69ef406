use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::error::check;
use crate::Error;
use rand::Rng;

/// The geometric distribution on {0, 1, 2, …}: failures before the first success.
///
/// ```text
/// pmf(k) = p (1−p)ᵏ
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometric {
    p: f64,
}

impl Geometric {
    /// A geometric distribution with success probability p in (0, 1].
    ///
    /// # Errors
    /// When `p` is not in (0, 1].
    pub fn new(p: f64) -> Result<Geometric, Error> {
        check("geometric", "p", p, p > 0.0 && p <= 1.0, "in (0, 1]")?;
        Ok(Geometric { p })
    }

    /// The success probability p.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// ln(1−p)·(k+1), the log of the survival function at k.
    fn ln_sf(&self, k: f64) -> f64 {
        if self.p == 1.0 {
            f64::NEG_INFINITY
        } else {
            (k + 1.0) * (-self.p).ln_1p()
        }
    }
}

impl Family for Geometric {
    const NAME: &'static str = "geometric";
    const PARAMS: &'static [Param] = &[Param::scalar("p").range(0.01, 1.0)];
    fn from_args(a: &Args<'_>) -> Result<Geometric, Error> {
        Geometric::new(a.scalar(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.p()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Geometric {
    fn ln_pdf(&self, x: f64) -> f64 {
        if let Some(off) = super::off_counts(x, f64::INFINITY) {
            return off;
        }
        if x == 0.0 {
            return self.p.ln();
        }
        self.p.ln() + self.ln_sf(x - 1.0)
    }
    fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 {
            0.0
        } else {
            -self.ln_sf(k).exp_m1()
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 { 1.0 } else { self.ln_sf(k).exp() }
    }
    fn quantile(&self, p: f64) -> f64 {
        let guess = if self.p == 1.0 {
            0.0
        } else {
            ((1.0 - p).ln() / (-self.p).ln_1p() - 1.0).max(0.0)
        };
        crate::dist::inversion::discrete_quantile(self, p, guess)
    }
    fn support(&self) -> Support {
        Support::integers(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some((1.0 - self.p) / self.p)
    }
    fn variance(&self) -> Option<f64> {
        Some((1.0 - self.p) / (self.p * self.p))
    }
    fn entropy(&self) -> Option<f64> {
        let p = self.p;
        // −(1 − p) ln(1 − p) by ln1p: for p = 1e-9 the rounded 1 − p would cost ln(1 − p) its
        // digits, which the division by p then magnifies.
        Some((crate::numerics::log::entr(p) - (1.0 - p) * (-p).ln_1p()) / p)
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        if self.p == 1.0 {
            return 0.0;
        }
        (open01(rng).ln() / (-self.p).ln_1p()).floor()
    }
}

impl super::Landmarks for Geometric {
    fn landmarks(&self) -> Vec<f64> {
        vec![0.0]
    }
}
