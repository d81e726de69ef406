use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::error::shape as shape_param;
use crate::Error;
use crate::numerics::special;
use rand::Rng;
use std::f64::consts::PI;

/// The F (Fisher–Snedecor) distribution with d₁ and d₂ degrees of freedom (scipy.stats.f):
/// (χ²_{d₁}/d₁) / (χ²_{d₂}/d₂).
///
/// ```text
/// pdf(x) = (d₁/d₂)^{d₁/2} x^{d₁/2−1} (1 + d₁x/d₂)^{−(d₁+d₂)/2} / B(d₁/2, d₂/2),  x ≥ 0
/// ```
/// The density uses Loader's saddle-point form (R's `df`), accurate for large degrees of freedom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FisherSnedecor {
    df1: f64,
    df2: f64,
}

impl FisherSnedecor {
    /// An F distribution with `df1` and `df2` in (0, 1e15].
    ///
    /// # Errors
    /// When either is not in (0, 1e15].
    pub fn new(df1: f64, df2: f64) -> Result<FisherSnedecor, Error> {
        shape_param("f", "df1", df1)?;
        shape_param("f", "df2", df2)?;
        Ok(FisherSnedecor { df1, df2 })
    }

    /// The numerator degrees of freedom d₁.
    pub fn df1(&self) -> f64 {
        self.df1
    }

    /// The denominator degrees of freedom d₂.
    pub fn df2(&self) -> f64 {
        self.df2
    }

    /// (p, q) = (d₁x, d₂)/(d₂ + d₁x), the beta variate behind x and its complement, each as
    /// hi + lo by error-free transformations: the cdf's sensitivity to them grows with the
    /// degrees of freedom (a relative error δ in p costs (d₁/2)δ), so the rounding of the
    /// division is carried, not dropped. lo is 0 where the pair under- or overflows.
    fn beta_point(&self, x: f64) -> ((f64, f64), (f64, f64)) {
        let (m, n) = (self.df1, self.df2);
        let mx = m * x;
        if !mx.is_finite() {
            let q = (n / m) / x;
            return ((1.0 - q, 0.0), (q, 0.0));
        }
        let mx_lo = m.mul_add(x, -mx);
        // s + s_lo = n + mx exactly (Knuth's two-sum), plus the product's error.
        let s = n + mx;
        let bb = s - n;
        let s_lo = ((n - (s - bb)) + (mx - bb)) + mx_lo;
        let (p, q) = (mx / s, n / s);
        if !(p.is_normal() && q.is_normal() && s.is_finite()) {
            return ((p, 0.0), (q, 0.0));
        }
        // The exact remainders of the two divisions, by fma.
        let p_lo = ((-p).mul_add(s, mx) + mx_lo - p * s_lo) / s;
        let q_lo = ((-q).mul_add(s, n) - q * s_lo) / s;
        ((p, p_lo), (q, q_lo))
    }

    /// ln(1 + d₁x/d₂), without overflow for huge x.
    fn ln1p_ratio(&self, x: f64) -> f64 {
        let t = (self.df1 / self.df2) * x;
        if t < 1e300 {
            t.ln_1p()
        } else {
            (self.df1 / self.df2).ln() + x.ln() + ((self.df2 / self.df1) / x).ln_1p()
        }
    }
}

/// ln x − 1/(2x) − ψ(x) = Σ B₂ₖ/(2k x²ᵏ), the tail of the digamma function's asymptotic
/// series, kept separate so that the entropy's large terms cancel analytically.
fn digamma_defect(x: f64) -> f64 {
    if x < 10.0 {
        return x.ln() - 0.5 / x - special::digamma(x);
    }
    special::digamma_series_tail(x)
}

impl Family for FisherSnedecor {
    const NAME: &'static str = "f";
    const ALIASES: &'static [&'static str] = &["fisher_snedecor"];
    const PARAMS: &'static [Param] = &[Param::scalar("df1").range(0.5, 50.0), Param::scalar("df2").range(0.5, 50.0)];
    fn from_args(a: &Args<'_>) -> Result<FisherSnedecor, Error> {
        FisherSnedecor::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.df1, self.df2].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for FisherSnedecor {
    fn ln_pdf(&self, x: f64) -> f64 {
        let (m, n) = (self.df1, self.df2);
        if x.is_nan() {
            return x;
        }
        if x < 0.0 || x == f64::INFINITY {
            return f64::NEG_INFINITY;
        }
        if x == 0.0 {
            return match m.partial_cmp(&2.0) {
                Some(std::cmp::Ordering::Less) => f64::INFINITY,
                Some(std::cmp::Ordering::Equal) => 0.0,
                _ => f64::NEG_INFINITY,
            };
        }
        let ((p, p_lo), (q, q_lo)) = self.beta_point(x);
        if p >= f64::MIN_POSITIVE && q >= f64::MIN_POSITIVE {
            // R's df: a binomial term in (p, q) times a simple factor, plus the first-order
            // effect of p_lo and q_lo on both.
            let (u, total, factor) = if m >= 2.0 {
                (0.5 * (m - 2.0), 0.5 * (m + n - 2.0), (0.5 * m * q).ln())
            } else {
                let f = 2.0 * m.ln() + q.ln() - p.ln() - (2.0 * (m + n)).ln();
                (0.5 * m, 0.5 * (m + n), f)
            };
            let factor_lo = if m >= 2.0 {
                q_lo / q
            } else {
                q_lo / q - p_lo / p
            };
            factor + special::ln_dbinom_raw(u, total, p, q)
                + special::ln_dbinom_raw_slope(u, total, p, q, p_lo, q_lo)
                + factor_lo
        } else {
            // p or q underflows (x beyond 1e±300): the plain form, in logs.
            0.5 * m * (m / n).ln() + (0.5 * m - 1.0) * x.ln()
                - 0.5 * (m + n) * self.ln1p_ratio(x)
                - special::ln_beta(0.5 * m, 0.5 * n)
        }
    }
    fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        if x <= 0.0 {
            return 0.0;
        }
        let (p, q) = self.beta_point(x);
        special::beta_i_extended(0.5 * self.df1, 0.5 * self.df2, p, q).0
    }
    fn sf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        if x <= 0.0 {
            return 1.0;
        }
        let (p, q) = self.beta_point(x);
        special::beta_i_extended(0.5 * self.df1, 0.5 * self.df2, p, q).1
    }
    fn quantile(&self, p: f64) -> f64 {
        // ln F is roughly normal with variance 2/d₁ + 2/d₂.
        let z = special::norm_quantile(p.clamp(1e-300, 1.0 - 1e-16));
        let guess = (z * (2.0 / self.df1 + 2.0 / self.df2).sqrt()).exp();
        crate::dist::inversion::continuous_quantile(self, p, guess)
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        let n = self.df2;
        Some(if n > 2.0 { n / (n - 2.0) } else { f64::INFINITY })
    }
    fn variance(&self) -> Option<f64> {
        let (m, n) = (self.df1, self.df2);
        if n > 4.0 {
            Some(2.0 * n * n * (m + n - 2.0) / (m * (n - 2.0) * (n - 2.0) * (n - 4.0)))
        } else if n > 2.0 {
            Some(f64::INFINITY)
        } else {
            None
        }
    }
    /// Lazo & Rathie (1978): with a = d₁/2, b = d₂/2, s = a + b,
    /// ln(b/a · B(a, b)) + (1−a)ψ(a) − (1+b)ψ(b) + sψ(s). Written with ln Γ and ψ split into
    /// their Stirling parts and remainders (β = stirlerr, δ = `digamma_defect`), the terms of
    /// size a ln a cancel by hand:
    /// ½ ln(2πe s/(ab)) − 1/(2a) + 1/(2b) + β(a) + β(b) − β(s) + (a−1)δ(a) + (b+1)δ(b) − sδ(s).
    fn entropy(&self) -> Option<f64> {
        let (a, b) = (0.5 * self.df1, 0.5 * self.df2);
        let s = a + b;
        let beta = special::stirlerr;
        let delta = digamma_defect;
        // s/(ab) = 1/a + 1/b, without overflowing ab.
        let spread = 1.0 / a + 1.0 / b;
        Some(
            0.5 * (2.0 * PI * std::f64::consts::E * spread).ln() - 0.5 / a
                + 0.5 / b
                + beta(a)
                + beta(b)
                - beta(s)
                + (a - 1.0) * delta(a)
                + (b + 1.0) * delta(b)
                - s * delta(s),
        )
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        use rand::distr::Distribution;
        let (a, b) = (0.5 * self.df1, 0.5 * self.df2);
        let g1 = rand_distr::Gamma::new(a, 1.0).map_or(f64::NAN, |g| g.sample(rng));
        let g2 = rand_distr::Gamma::new(b, 1.0).map_or(f64::NAN, |g| g.sample(rng));
        let x = (b / a) * (g1 / g2);
        if x.is_finite() && x > 0.0 {
            x
        } else {
            // Both gamma draws underflow for shapes near 1e-300: invert the cdf instead.
            self.quantile(open01(rng))
        }
    }
}

impl super::Landmarks for FisherSnedecor {
    fn landmarks(&self) -> Vec<f64> {
        let (m, n) = (self.df1, self.df2);
        let mut v = vec![0.0, 1.0];
        if m > 2.0 {
            v.push((m - 2.0) / m * n / (n + 2.0));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_degrees_of_freedom() {
        let e = FisherSnedecor::new(3.0, -2.0).unwrap_err();
        assert_eq!(e.to_string(), "f: df2 must be in (0, 1e15], got -2");
        assert!(FisherSnedecor::new(f64::INFINITY, 2.0).is_err());
    }

    #[test]
    fn df1_2_has_density_1_at_0() {
        let d = FisherSnedecor::new(2.0, 7.0).unwrap();
        assert_eq!(d.ln_pdf(0.0), 0.0);
        assert_eq!(FisherSnedecor::new(1.0, 7.0).unwrap().ln_pdf(0.0), f64::INFINITY);
    }

    #[test]
    fn digamma_defect_is_continuous_at_the_switch() {
        // The entropy takes (x − 1)·δ(x): what counts is that product's absolute error.
        let (lo, hi) = (digamma_defect(10.0 - 1e-12), digamma_defect(10.0));
        assert!(10.0 * (lo - hi).abs() <= 4e-15, "{lo} vs {hi}");
    }
}
