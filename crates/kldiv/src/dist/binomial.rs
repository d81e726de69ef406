use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate};
use crate::error::{check, probability};
use crate::Error;
use crate::numerics::special;
use rand::Rng;
use std::f64::consts::PI;

/// The binomial distribution: successes in n independent trials of probability p.
///
/// The pmf uses Loader's saddle-point form, accurate to the last digits far in the tails.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Binomial {
    n: f64,
    p: f64,
}

/// The largest n accepted: the entropy and sampling loop over the support's bulk.
const MAX_N: f64 = 1e15;

impl Binomial {
    /// A binomial distribution with n trials (an integer ≥ 0) and probability p in [0, 1].
    ///
    /// # Errors
    /// When `n` is above 1e15 or `p` is not in [0, 1].
    pub fn new(n: u64, p: f64) -> Result<Binomial, Error> {
        let n = n as f64;
        check("binomial", "n", n, n <= MAX_N, "an integer in [0, 1e15]")?;
        probability("binomial", "p", p)?;
        Ok(Binomial { n, p })
    }

    /// The number of trials n.
    pub fn n(&self) -> u64 {
        self.n as u64
    }

    /// The success probability p.
    pub fn p(&self) -> f64 {
        self.p
    }
}

impl Family for Binomial {
    const NAME: &'static str = "binomial";
    const PARAMS: &'static [Param] = &[Param::scalar("n").range(0.0, 100.0), Param::scalar("p").range(0.0, 1.0)];
    fn from_args(a: &Args<'_>) -> Result<Binomial, Error> {
        Binomial::new(a.count(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.n, self.p].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Binomial {
    fn ln_pdf(&self, x: f64) -> f64 {
        let (n, p) = (self.n, self.p);
        if let Some(off) = super::off_counts(x, n) {
            return off;
        }
        let q = 1.0 - p;
        if p == 0.0 {
            return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
        }
        if p == 1.0 {
            return if x == n { 0.0 } else { f64::NEG_INFINITY };
        }
        if x == 0.0 {
            return n * (-p).ln_1p();
        }
        if x == n {
            return n * p.ln();
        }
        let y = n - x;
        special::stirlerr(n)
            - special::stirlerr(x)
            - special::stirlerr(y)
            - special::bd0(x, n * p)
            - special::bd0(y, n * q)
            + 0.5 * (n / (2.0 * PI * x * y)).ln()
    }
    fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 {
            0.0
        } else if k >= self.n {
            1.0
        } else {
            special::beta_i(self.n - k, k + 1.0, 1.0 - self.p, self.p).0
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 {
            1.0
        } else if k >= self.n {
            0.0
        } else {
            special::beta_i(self.n - k, k + 1.0, 1.0 - self.p, self.p).1
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        crate::dist::inversion::discrete_quantile(self, p, self.n * self.p)
    }
    fn support(&self) -> Support {
        Support::integers(0.0, self.n)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.n * self.p)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.n * self.p * (1.0 - self.p))
    }
    /// Summed over the support; `None` (no closed form, and too many terms) when npq > 1e8.
    fn entropy(&self) -> Option<f64> {
        if self.n * self.p * (1.0 - self.p) > 1e8 {
            return None;
        }
        Some(crate::dist::inversion::discrete_entropy(self))
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        use rand::distr::Distribution;
        rand_distr::Binomial::new(self.n as u64, self.p).map_or(f64::NAN, |b| b.sample(rng) as f64)
    }
}

impl super::Landmarks for Binomial {
    fn landmarks(&self) -> Vec<f64> {
        vec![(self.n * self.p).floor()]
    }
}
