use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate};
use crate::error::shape as shape_param;
use crate::Error;
use crate::numerics::special;
use rand::Rng;

/// The beta distribution on [0, 1].
///
/// ```text
/// pdf(x) = x^(α−1) (1−x)^(β−1) / B(α, β)
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beta {
    alpha: f64,
    beta: f64,
    ln_b: f64,
}

impl Beta {
    /// A beta distribution with shapes α > 0 and β > 0.
    ///
    /// # Errors
    /// When either parameter is not finite and > 0.
    pub fn new(alpha: f64, beta: f64) -> Result<Beta, Error> {
        shape_param("beta", "alpha", alpha)?;
        shape_param("beta", "beta", beta)?;
        Ok(Beta {
            alpha,
            beta,
            ln_b: special::ln_beta(alpha, beta),
        })
    }

    /// The first shape α.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The second shape β.
    pub fn beta(&self) -> f64 {
        self.beta
    }
}

/// (a−1)·ln x with the convention 0·ln 0 = 0 at a = 1.
fn power_term(a: f64, ln_x: f64) -> f64 {
    if a == 1.0 { 0.0 } else { (a - 1.0) * ln_x }
}

impl Family for Beta {
    const NAME: &'static str = "beta";
    const PARAMS: &'static [Param] = &[Param::scalar("alpha").range(0.1, 20.0), Param::scalar("beta").range(0.1, 20.0)];
    fn from_args(a: &Args<'_>) -> Result<Beta, Error> {
        Beta::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.alpha(), self.beta()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Beta {
    fn ln_pdf(&self, x: f64) -> f64 {
        if super::outside(x, 0.0, 1.0) {
            return f64::NEG_INFINITY;
        }
        power_term(self.alpha, x.ln()) + power_term(self.beta, (-x).ln_1p()) - self.ln_b
    }
    fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let x = x.clamp(0.0, 1.0);
        special::beta_i(self.alpha, self.beta, x, 1.0 - x).0
    }
    fn sf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let x = x.clamp(0.0, 1.0);
        special::beta_i(self.alpha, self.beta, x, 1.0 - x).1
    }
    fn quantile(&self, p: f64) -> f64 {
        let guess = self.alpha / (self.alpha + self.beta);
        crate::dist::inversion::continuous_quantile(self, p, guess)
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, 1.0)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.alpha / (self.alpha + self.beta))
    }
    fn variance(&self) -> Option<f64> {
        let s = self.alpha + self.beta;
        Some(self.alpha * self.beta / (s * s * (s + 1.0)))
    }
    fn entropy(&self) -> Option<f64> {
        let (a, b) = (self.alpha, self.beta);
        let dpsi = special::digamma_minus_ln;
        if a.min(b) >= 20.0 {
            // Stirling's form for every ln Γ and ψ: the terms of size a ln a all cancel.
            let s = a + b;
            return Some(
                0.5 * (2.0 * std::f64::consts::PI * a * b / (s * s * s)).ln()
                    + special::stirlerr_gamma(a)
                    + special::stirlerr_gamma(b)
                    - special::stirlerr_gamma(s)
                    - (a - 1.0) * dpsi(a)
                    - (b - 1.0) * dpsi(b)
                    + (s - 2.0) * dpsi(s),
            );
        }
        // With a the larger: (a−1)(ψ(a+b) − ψ(a)) taken as differences of ψ − ln, so that a
        // single large shape does not cancel.
        let (big, small) = if a >= b { (a, b) } else { (b, a) };
        let s = big + small;
        let psi_step = dpsi(s) - dpsi(big) + (small / big).ln_1p();
        Some(
            self.ln_b
                + (big - 1.0) * psi_step
                + (small - 1.0) * (special::digamma(s) - special::digamma(small)),
        )
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        use rand::distr::Distribution;
        rand_distr::Beta::new(self.alpha, self.beta).map_or(f64::NAN, |b| b.sample(rng))
    }
}

impl super::Landmarks for Beta {
    fn landmarks(&self) -> Vec<f64> {
        let (a, b) = (self.alpha, self.beta);
        let mut v = vec![0.0, 1.0];
        if a > 1.0 && b > 1.0 {
            v.push((a - 1.0) / (a + b - 2.0));
        }
        v
    }
    fn ln_pdf_of_log(&self, u: f64) -> Option<f64> {
        // a u + (b − 1) ln(1 − eᵘ) − ln B: for a < 1, ln p(eᵘ) ≈ (a − 1)u would cancel against u.
        (self.alpha < 1.0 || !super::exp_is_normal(u)).then(|| {
            if u > 0.0 {
                return f64::NEG_INFINITY;
            }
            self.alpha * u + power_term(self.beta, (-u.exp()).ln_1p()) - self.ln_b
        })
    }
}
