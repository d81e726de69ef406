use super::family::{Arg, Args, Family, Keyword, Param};
use super::{Support, Univariate};
use crate::error::{positive, shape as shape_param};
use crate::Error;
use crate::numerics::special;
use rand::Rng;

/// The gamma distribution with shape k and rate β (scale 1/β).
///
/// ```text
/// pdf(x) = βᵏ x^(k−1) e^(−βx) / Γ(k),  x > 0
/// ```
/// The density uses Loader's saddle-point form, so it keeps full relative accuracy for large k.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gamma {
    shape: f64,
    rate: f64,
}

impl Gamma {
    /// A gamma distribution with shape k > 0 and rate β > 0.
    ///
    /// # Errors
    /// When either parameter is not finite and > 0.
    pub fn new(shape: f64, rate: f64) -> Result<Gamma, Error> {
        shape_param("gamma", "shape", shape)?;
        positive("gamma", "rate", rate)?;
        Ok(Gamma { shape, rate })
    }

    /// The shape k.
    pub fn shape(&self) -> f64 {
        self.shape
    }

    /// The rate β.
    pub fn rate(&self) -> f64 {
        self.rate
    }
}

impl Family for Gamma {
    const NAME: &'static str = "gamma";
    const PARAMS: &'static [Param] = &[Param::scalar("shape").range(0.1, 20.0), Param::scalar("rate").range(0.1, 10.0)];
    const KEYWORDS: &'static [Keyword] = &[
        Keyword {
            name: "scale",
            param: 1,
            reciprocal: true,
        },
    ];
    fn from_args(a: &Args<'_>) -> Result<Gamma, Error> {
        Gamma::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.shape(), self.rate()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Gamma {
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < 0.0 {
            return f64::NEG_INFINITY;
        }
        let k = self.shape;
        let y = self.rate * x;
        if x == 0.0 {
            return match k.partial_cmp(&1.0) {
                Some(std::cmp::Ordering::Less) => f64::INFINITY,
                Some(std::cmp::Ordering::Equal) => self.rate.ln(),
                _ => f64::NEG_INFINITY,
            };
        }
        if k >= 1.0 {
            self.rate.ln() + special::ln_dpois_raw(k - 1.0, y)
        } else {
            self.rate.ln() + k.ln() - y.ln() + special::ln_dpois_raw(k, y)
        }
    }
    fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        special::gamma_pq(self.shape, self.rate * x.max(0.0)).0
    }
    fn sf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        special::gamma_pq(self.shape, self.rate * x.max(0.0)).1
    }
    fn quantile(&self, p: f64) -> f64 {
        // Wilson–Hilferty start.
        let k = self.shape;
        let z = special::norm_quantile(p.clamp(1e-300, 1.0 - 1e-16));
        let c = 1.0 - 1.0 / (9.0 * k) + z / (3.0 * k.sqrt());
        let guess = (k * c * c * c).max(1e-3 * k) / self.rate;
        crate::dist::inversion::continuous_quantile(self, p, guess)
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.shape / self.rate)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.shape / (self.rate * self.rate))
    }
    fn entropy(&self) -> Option<f64> {
        let k = self.shape;
        // k + ln Γ(k) + (1−k)ψ(k) cancels to ½ ln(2πek) for large k: Stirling's form keeps it.
        let h = 0.5 * (2.0 * std::f64::consts::PI * k).ln()
            + special::stirlerr_gamma(k)
            + (1.0 - k) * special::digamma_minus_ln(k);
        Some(h - self.rate.ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        use rand::distr::Distribution;
        rand_distr::Gamma::new(self.shape, 1.0 / self.rate).map_or(f64::NAN, |g| g.sample(rng))
    }
}

/// ln of a standard gamma draw of shape k: for k < 1 as ln Y + ln(U)/k with Y ~ Gamma(k + 1)
/// (Marsaglia & Tsang's boost), which never underflows.
pub(crate) fn ln_standard_gamma(k: f64, rng: &mut dyn Rng) -> f64 {
    use rand::distr::Distribution;
    let draw = |shape: f64, rng: &mut dyn Rng| {
        rand_distr::Gamma::new(shape, 1.0).map_or(f64::NAN, |g| g.sample(rng))
    };
    if k >= 1.0 {
        draw(k, rng).ln()
    } else {
        draw(k + 1.0, rng).ln() + super::open01(rng).ln() / k
    }
}

impl super::Landmarks for Gamma {
    fn landmarks(&self) -> Vec<f64> {
        let mode = ((self.shape - 1.0) / self.rate).max(0.0);
        vec![mode, self.shape / self.rate]
    }
    fn ln_pdf_of_log(&self, u: f64) -> Option<f64> {
        // k u + k ln r − ln Γ(k) − r eᵘ: for k < 1, ln p(eᵘ) ≈ (k − 1)u would cancel against u;
        // and below the normal range, where eᵘ is 0, the last term is 0 to the last bit anyway.
        let k = self.shape;
        (k < 1.0 || !super::exp_is_normal(u))
            .then(|| k * u + k * self.rate.ln() - special::ln_gamma(k) - self.rate * u.exp())
    }
    fn draw_ln(&self, rng: &mut dyn Rng) -> Option<f64> {
        Some(ln_standard_gamma(self.shape, rng) - self.rate.ln())
    }
}
