use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate};
use crate::error::check;
use crate::Error;
use crate::numerics::special;
use rand::Rng;

/// The Poisson distribution with rate λ.
///
/// ```text
/// pmf(k) = λᵏ e^(−λ) / k!
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Poisson {
    rate: f64,
}

impl Poisson {
    /// A Poisson distribution with rate λ in (0, 1e15].
    ///
    /// # Errors
    /// When `rate` is not in (0, 1e15].
    pub fn new(rate: f64) -> Result<Poisson, Error> {
        check(
            "poisson",
            "rate",
            rate,
            rate > 0.0 && rate <= 1e15,
            "in (0, 1e15]",
        )?;
        Ok(Poisson { rate })
    }

    /// The rate λ.
    pub fn rate(&self) -> f64 {
        self.rate
    }
}

impl Family for Poisson {
    const NAME: &'static str = "poisson";
    const PARAMS: &'static [Param] = &[Param::scalar("rate").range(0.1, 100.0)];
    fn from_args(a: &Args<'_>) -> Result<Poisson, Error> {
        Poisson::new(a.scalar(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.rate()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Poisson {
    fn ln_pdf(&self, x: f64) -> f64 {
        if let Some(off) = super::off_counts(x, f64::INFINITY) {
            return off;
        }
        special::ln_dpois_raw(x, self.rate)
    }
    fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 {
            0.0
        } else {
            special::gamma_pq(k + 1.0, self.rate).1
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 {
            1.0
        } else {
            special::gamma_pq(k + 1.0, self.rate).0
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        crate::dist::inversion::discrete_quantile(self, p, self.rate)
    }
    fn support(&self) -> Support {
        Support::integers(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.rate)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.rate)
    }
    fn entropy(&self) -> Option<f64> {
        if self.rate > 1e4 {
            return Some(special::poisson_entropy_asymptotic(self.rate));
        }
        Some(crate::dist::inversion::discrete_entropy(self))
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        use rand::distr::Distribution;
        rand_distr::Poisson::new(self.rate).map_or(f64::NAN, |d| d.sample(rng))
    }
}

impl super::Landmarks for Poisson {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.rate.floor()]
    }
}
