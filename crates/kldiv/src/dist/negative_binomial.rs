use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, std_normal};
use crate::error::{check, shape as shape_param};
use crate::Error;
use crate::numerics::special;
use rand::Rng;

/// The negative binomial distribution on {0, 1, 2, …}: failures before the r-th success of
/// trials with success probability p, for any real r > 0 (scipy.stats.nbinom(n=r, p); PyTorch's
/// `NegativeBinomial(total_count=r, probs=1−p)` counts the other outcome).
///
/// ```text
/// pmf(k) = Γ(k+r) / (Γ(r) k!) · pʳ (1−p)ᵏ
/// ```
/// The pmf uses Loader's saddle-point form, accurate far in the tails and for large r.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NegativeBinomial {
    r: f64,
    p: f64,
}

/// Terms the entropy sum may take before it gives up (`None`): it has no closed form.
const ENTROPY_TERMS: u64 = 10_000_000;

impl NegativeBinomial {
    /// A negative binomial distribution with shape r in (0, 1e15] and success probability p
    /// in (0, 1].
    ///
    /// # Errors
    /// When `r` is not in (0, 1e15] or `p` is not in (0, 1].
    pub fn new(r: f64, p: f64) -> Result<NegativeBinomial, Error> {
        shape_param("negative_binomial", "r", r)?;
        check("negative_binomial", "p", p, p > 0.0 && p <= 1.0, "in (0, 1]")?;
        Ok(NegativeBinomial { r, p })
    }

    /// The number of successes r (any real > 0).
    pub fn r(&self) -> f64 {
        self.r
    }

    /// The success probability p.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// 1 − p as hi + lo: 1 − hi and then its difference from p are exact (Sterbenz).
    fn q(&self) -> (f64, f64) {
        let q = 1.0 - self.p;
        (q, (1.0 - q) - self.p)
    }

    /// −Σ pmf ln pmf, outward from the mode until a geometric bound on what is left (the pmf
    /// ratios are monotone on each side of the mode) is below 1e-17 of the sum.
    fn entropy_sum(&self) -> Option<f64> {
        let (r, p) = (self.r, self.p);
        let q = 1.0 - p;
        let mode = if r > 1.0 {
            ((r - 1.0) * q / p).floor()
        } else {
            0.0
        };
        // Σₙ −cρⁿ ln(cρⁿ) for ln c = lc < −1 (where −x ln x increases) and 0 < ρ < 1.
        let geometric_bound = |lc: f64, ln_rho: f64, one_minus_rho: f64| {
            if lc >= -1.0 || one_minus_rho <= 0.0 {
                return f64::INFINITY;
            }
            let c = lc.exp();
            let rho = 1.0 - one_minus_rho;
            c * (-lc) / one_minus_rho - c * ln_rho * rho / (one_minus_rho * one_minus_rho)
        };
        let term = |lp: f64| if lp == f64::NEG_INFINITY { 0.0 } else { -lp * lp.exp() };
        let mut sum = crate::numerics::sum::Kahan::default();
        let mut n = 0u64;
        // Upward from the mode: pmf(j+1)/pmf(j) = q(j+r)/(j+1) ≤ q(1 + max(0, r−1)/(k+2)) for
        // every j > k.
        let mut k = mode;
        let mut lp = self.ln_pdf(k);
        loop {
            sum.add(term(lp));
            n += 1;
            let next = self.ln_pdf(k + 1.0);
            let u = ((r - 1.0) / (k + 2.0)).max(0.0);
            let one_minus_rho = p - q * u;
            let ln_rho = (-p).ln_1p() + u.ln_1p();
            let rest = geometric_bound(next, ln_rho, one_minus_rho);
            if next == f64::NEG_INFINITY || rest <= 1e-17 * sum.value().abs() + 1e-300 {
                break;
            }
            if n >= ENTROPY_TERMS {
                return None;
            }
            k += 1.0;
            lp = next;
        }
        // Downward: pmf(j−1)/pmf(j) = j/((j−1+r)q), which grows with j when r > 1.
        let mut k = mode;
        while k >= 1.0 {
            let lp = self.ln_pdf(k - 1.0);
            sum.add(term(lp));
            n += 1;
            k -= 1.0;
            if k >= 1.0 {
                let sigma = (k - 1.0) / ((k - 2.0 + r) * q).max(f64::MIN_POSITIVE);
                let before = self.ln_pdf(k - 1.0);
                let rest = geometric_bound(before, sigma.ln(), 1.0 - sigma);
                if rest <= 1e-17 * sum.value().abs() + 1e-300 {
                    break;
                }
            }
            if n >= ENTROPY_TERMS {
                return None;
            }
        }
        Some(sum.value())
    }
}

impl Family for NegativeBinomial {
    const NAME: &'static str = "negative_binomial";
    const ALIASES: &'static [&'static str] = &["nbinom"];
    const PARAMS: &'static [Param] = &[Param::scalar("r").range(0.1, 50.0), Param::scalar("p").range(0.01, 1.0)];
    fn from_args(a: &Args<'_>) -> Result<NegativeBinomial, Error> {
        NegativeBinomial::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.r, self.p].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for NegativeBinomial {
    fn ln_pdf(&self, x: f64) -> f64 {
        if let Some(off) = super::off_counts(x, f64::INFINITY) {
            return off;
        }
        let (r, p) = (self.r, self.p);
        if p == 1.0 {
            return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
        }
        if x.is_infinite() {
            return f64::NEG_INFINITY;
        }
        // pmf(k) = r/(r+k) · dbinom(r; r+k, p) (R's dnbinom), with the rounding of 1 − p put
        // back to first order: qᵏ is sensitive to it in proportion to k.
        let (q, q_lo) = self.q();
        -(x / r).ln_1p()
            + special::ln_dbinom_raw(r, r + x, p, q)
            + special::ln_dbinom_raw_slope(r, r + x, p, q, 0.0, q_lo)
    }
    fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 {
            0.0
        } else if k.is_infinite() || self.p == 1.0 {
            1.0
        } else {
            special::beta_i_extended(self.r, k + 1.0, (self.p, 0.0), self.q()).0
        }
    }
    fn sf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        let k = x.floor();
        if k < 0.0 {
            1.0
        } else if k.is_infinite() || self.p == 1.0 {
            0.0
        } else {
            special::beta_i_extended(self.r, k + 1.0, (self.p, 0.0), self.q()).1
        }
    }
    fn quantile(&self, p: f64) -> f64 {
        crate::dist::inversion::discrete_quantile(self, p, self.mean().unwrap_or(0.0))
    }
    fn support(&self) -> Support {
        Support::integers(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        Some(self.r * (1.0 - self.p) / self.p)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.r * (1.0 - self.p) / (self.p * self.p))
    }
    /// Summed over the support (there is no closed form); `None` when that would take more than
    /// 10⁷ terms (a variance above ~10¹², or a slowly decaying tail with p below ~10⁻⁶).
    fn entropy(&self) -> Option<f64> {
        if self.p == 1.0 {
            return Some(0.0);
        }
        self.entropy_sum()
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        use rand::distr::Distribution;
        if self.p == 1.0 {
            return 0.0;
        }
        // A Poisson with a Gamma(r, (1−p)/p) rate.
        let scale = (1.0 - self.p) / self.p;
        let rate = rand_distr::Gamma::new(self.r, scale).map_or(f64::NAN, |g| g.sample(rng));
        if rate == 0.0 {
            return 0.0;
        }
        match rand_distr::Poisson::new(rate) {
            Ok(d) => d.sample(rng),
            // Beyond the sampler's 1.8e19 the Poisson is normal to within its skewness
            // 1/√λ < 3e-10, and integers are 4096 apart there anyway.
            Err(_) => (rate + rate.sqrt() * std_normal(rng)).round().max(0.0),
        }
    }
}

impl super::Landmarks for NegativeBinomial {
    fn landmarks(&self) -> Vec<f64> {
        let mode = if self.r > 1.0 {
            ((self.r - 1.0) * (1.0 - self.p) / self.p).floor()
        } else {
            0.0
        };
        vec![mode]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_parameters() {
        let e = NegativeBinomial::new(2.0, 0.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "negative_binomial: p must be in (0, 1], got 0"
        );
        let e = NegativeBinomial::new(0.0, 0.5).unwrap_err();
        assert_eq!(
            e.to_string(),
            "negative_binomial: r must be in (0, 1e15], got 0"
        );
        assert!(NegativeBinomial::new(2.0, f64::NAN).is_err());
    }

    #[test]
    fn r_one_is_the_geometric() {
        let nb = NegativeBinomial::new(1.0, 0.3).unwrap();
        let g = super::super::Geometric::new(0.3).unwrap();
        for k in [0.0, 1.0, 7.0, 150.0] {
            let (a, b) = (nb.ln_pdf(k), g.ln_pdf(k));
            assert!((a - b).abs() <= 1e-14 * b.abs().max(1.0), "{k}: {a} vs {b}");
            // A tail of 4e-24 is computed through its log (−54): it carries that log's rounding.
            let tol = 1e-14 * (1.0 - g.sf(k).ln()) * g.sf(k);
            assert!((nb.sf(k) - g.sf(k)).abs() <= tol, "{k}: {} vs {}", nb.sf(k), g.sf(k));
        }
        let (h, hg) = (nb.entropy().unwrap(), g.entropy().unwrap());
        assert!((h - hg).abs() <= 1e-14 * hg, "{h} vs {hg}");
    }

    #[test]
    fn certain_success_is_a_point_mass() {
        let nb = NegativeBinomial::new(2.5, 1.0).unwrap();
        assert_eq!(nb.pdf(0.0), 1.0);
        assert_eq!(nb.pdf(1.0), 0.0);
        assert_eq!(nb.entropy(), Some(0.0));
        assert_eq!(nb.quantile(0.9), 0.0);
    }
}
