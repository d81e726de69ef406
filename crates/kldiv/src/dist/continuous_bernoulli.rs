use super::family::{Arg, Args, Family, Keyword, Param};
use super::{Support, Univariate, open01};
use crate::Error;
use crate::error::check;
use rand::Rng;

/// The continuous Bernoulli distribution on [0, 1] (Loaiza-Ganem & Cunningham 2019; PyTorch's
/// `ContinuousBernoulli(probs=λ)`).
///
/// ```text
/// pdf(x) = C(λ) λˣ (1−λ)^(1−x),  C(λ) = 2 atanh(1−2λ) / (1−2λ)  (C(½) = 2)
/// ```
/// With η = ln(λ/(1−λ)) this is the exponential family η e^{ηx}/(e^η − 1): an exponential
/// truncated to [0, 1]. Everything is computed from η through expm1 and, near η = 0 where the
/// closed forms are 0/0, through the Taylor series of t·coth t, so λ = ½ ± 1e-12 keeps its
/// digits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContinuousBernoulli {
    lambda: f64,
    eta: f64,
}

/// Taylor coefficients cₙ = 2²ⁿB₂ₙ/(2n)! of t·coth t = Σ cₙ t²ⁿ (c₀ = 1); |cₙ| ≈ 2/π²ⁿ, so 20
/// terms reach 1e-20 at |t| = 1, where the series gives way to the closed forms.
const T_COTH_T: [f64; 21] = [
    1.0,
    0.333_333_333_333_333_3,
    -0.022_222_222_222_222_223,
    0.002_116_402_116_402_116_5,
    -0.000_211_640_211_640_211_65,
    2.137_779_915_557_693_5e-5,
    -2.164_404_280_806_397_2e-6,
    2.192_594_785_187_377_8e-7,
    -2.221_460_878_997_967_8e-8,
    2.250_784_651_680_899_4e-9,
    -2.280_515_120_459_218_3e-10,
    2.310_643_259_900_262_4e-11,
    -2.341_170_681_982_488_2e-12,
    2.372_101_740_023_365_3e-13,
    -2.403_441_533_330_770_5e-14,
    2.435_195_402_918_336_7e-15,
    -2.467_368_804_517_207_5e-16,
    2.499_967_277_122_081e-17,
    -2.532_996_435_740_635e-18,
    2.566_461_970_282_629e-19,
    -2.600_369_646_013_727_4e-20,
];

/// Σ_{n≥1} f(n) cₙ u^(n−1), u = t², by Horner from the smallest term.
fn series(u: f64, f: impl Fn(f64) -> f64) -> f64 {
    (1..T_COTH_T.len())
        .rev()
        .fold(0.0, |acc, n| acc * u + f(n as f64) * T_COTH_T[n])
}

/// (eᶻ − 1)/z, 1 at z = 0.
fn expm1_ratio(z: f64) -> f64 {
    if z == 0.0 { 1.0 } else { z.exp_m1() / z }
}

/// ln(1 + z)/z, 1 at z = 0.
fn ln1p_ratio(z: f64) -> f64 {
    if z == 0.0 { 1.0 } else { z.ln_1p() / z }
}

impl ContinuousBernoulli {
    /// A continuous Bernoulli distribution with λ in (0, 1).
    ///
    /// # Errors
    /// When `lambda` is not in (0, 1).
    pub fn new(lambda: f64) -> Result<ContinuousBernoulli, Error> {
        check(
            "continuous_bernoulli",
            "lambda",
            lambda,
            lambda > 0.0 && lambda < 1.0,
            "in (0, 1)",
        )?;
        // logit λ, from the form that is exact for the given λ: 2λ − 1 is exact on [¼, ¾].
        let eta = if (0.25..=0.75).contains(&lambda) {
            2.0 * (2.0 * lambda - 1.0).atanh()
        } else if lambda < 0.25 {
            lambda.ln() - (-lambda).ln_1p()
        } else {
            lambda.ln() - (1.0 - lambda).ln()
        };
        Ok(ContinuousBernoulli { lambda, eta })
    }

    /// The parameter λ (PyTorch's `probs`).
    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    /// The natural parameter η = ln(λ/(1−λ)).
    pub fn eta(&self) -> f64 {
        self.eta
    }

    /// The log-partition function ln ∫₀¹ e^{ηx} dx = ln((e^η − 1)/η), without overflow.
    pub(crate) fn log_partition(eta: f64) -> f64 {
        eta.max(0.0) + expm1_ratio(-eta.abs()).ln()
    }

    /// E[X] at natural parameter η: ½ + ½L(η/2), L(t) = coth t − 1/t the Langevin function.
    pub(crate) fn mean_at(eta: f64) -> f64 {
        let s = eta.abs();
        let t = 0.5 * s;
        // E of the distance to the end where the mass piles up.
        let near = if t < 1.0 {
            0.5 - 0.5 * t * series(t * t, |_| 1.0)
        } else {
            1.0 / s - 1.0 / s.exp_m1()
        };
        if eta < 0.0 { near } else { 1.0 - near }
    }

    /// Var[X] at natural parameter η: ¼L′(η/2) = 1/η² − 1/(4 sinh²(η/2)), the second derivative
    /// of the log-partition function.
    pub(crate) fn variance_at(eta: f64) -> f64 {
        let t = 0.5 * eta.abs();
        if t < 1.0 {
            0.25 * series(t * t, |n| 2.0 * n - 1.0)
        } else {
            let sh = t.sinh();
            0.25 * (1.0 / (t * t) - 1.0 / (sh * sh))
        }
    }
}

impl Family for ContinuousBernoulli {
    const NAME: &'static str = "continuous_bernoulli";
    const PARAMS: &'static [Param] = &[Param::scalar("lambda").range(0.01, 0.99)];
    const KEYWORDS: &'static [Keyword] = &[Keyword {
        name: "probs",
        param: 0,
        reciprocal: false,
    }];
    fn from_args(a: &Args<'_>) -> Result<ContinuousBernoulli, Error> {
        ContinuousBernoulli::new(a.scalar(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        vec![Arg::Number(self.lambda)]
    }
}

impl Univariate for ContinuousBernoulli {
    fn ln_pdf(&self, x: f64) -> f64 {
        if super::outside(x, 0.0, 1.0) {
            return f64::NEG_INFINITY;
        }
        // s e^{−sy}/(1 − e^{−s}) with s = |η| and y the distance from the heavy end.
        let s = self.eta.abs();
        let y = if self.eta < 0.0 { x } else { 1.0 - x };
        -expm1_ratio(-s).ln() - s * y
    }
    fn cdf(&self, x: f64) -> f64 {
        if let Some(c) = super::unit_cdf_outside(x) {
            return c;
        }
        // (e^{ηx} − 1)/(e^η − 1)
        x * expm1_ratio(self.eta * x) / expm1_ratio(self.eta)
    }
    fn sf(&self, x: f64) -> f64 {
        if let Some(c) = super::unit_cdf_outside(x) {
            return 1.0 - c;
        }
        // The cdf of 1 − X, which has parameter −η.
        let y = 1.0 - x;
        y * expm1_ratio(-self.eta * y) / expm1_ratio(-self.eta)
    }
    fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        // x = ln(1 + p(e^η − 1))/η = p·R(η)·Q(p(e^η − 1)), in the tail that p names.
        let from_zero = |p: f64, eta: f64| {
            p * expm1_ratio(eta) * ln1p_ratio(p * eta.exp_m1())
        };
        let eta = self.eta;
        if p <= 0.5 {
            from_zero(p, eta)
        } else if eta < -1.0 {
            // The mass sits near 0, and so does x: ln(1 − p + p e^η)/η, from the exact 1 − p,
            // where 1 − (a value near 1) would keep only its absolute digits.
            ((1.0 - p) + p * eta.exp()).ln() / eta
        } else {
            1.0 - from_zero(1.0 - p, -eta)
        }
    }
    fn support(&self) -> Support {
        Support::continuous(0.0, 1.0)
    }
    fn mean(&self) -> Option<f64> {
        Some(ContinuousBernoulli::mean_at(self.eta))
    }
    fn variance(&self) -> Option<f64> {
        Some(ContinuousBernoulli::variance_at(self.eta))
    }
    /// −E[ln pdf] = ln(sinh t / t) − t L(t) with t = |η|/2, ≤ 0 (the uniform's 0 at λ = ½).
    fn entropy(&self) -> Option<f64> {
        let t = 0.5 * self.eta.abs();
        Some(if t < 1.0 {
            -t * t * series(t * t, |n| (2.0 * n - 1.0) / (2.0 * n))
        } else {
            // ln(sinh t/t) = t − ln(2t) + ln(1 − e^{−2t}) and t L(t) = t coth t − 1.
            1.0 - (2.0 * t).ln() + (-(-2.0 * t).exp()).ln_1p() - 2.0 * t / (2.0 * t).exp_m1()
        })
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.quantile(open01(rng))
    }
}

impl super::Landmarks for ContinuousBernoulli {
    fn landmarks(&self) -> Vec<f64> {
        vec![0.0, 1.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_lambda_outside_the_open_interval() {
        for l in [0.0, 1.0, -0.5, f64::NAN] {
            assert!(ContinuousBernoulli::new(l).is_err(), "{l}");
        }
        let e = ContinuousBernoulli::new(1.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "continuous_bernoulli: lambda must be in (0, 1), got 1"
        );
    }

    #[test]
    fn one_half_is_uniform_and_nearby_is_smooth() {
        let u = ContinuousBernoulli::new(0.5).unwrap();
        assert_eq!((u.ln_pdf(0.3), u.cdf(0.3), u.entropy()), (0.0, 0.3, Some(0.0)));
        assert_eq!((u.mean(), u.variance()), (Some(0.5), Some(1.0 / 12.0)));
        // λ = ½ + δ: η = 4δ + O(δ³), mean ½ + η/12, variance 1/12 − η²/240.
        let d = ContinuousBernoulli::new(0.5 + 1e-9).unwrap();
        let eta = d.eta();
        // 2λ − 1 is exact; η = 2 atanh(2λ − 1) = 2u + O(u³).
        let u = 2.0 * d.lambda() - 1.0;
        assert!((eta - 2.0 * u).abs() < 1e-24);
        // The entropy −η²/24 + O(η⁴) keeps its relative accuracy.
        let h = d.entropy().unwrap();
        assert!((h / (-eta * eta / 24.0) - 1.0).abs() < 1e-14, "{h:e}");
        assert!((d.mean().unwrap() - (0.5 + eta / 12.0)).abs() < 1e-17);
        let v = d.variance().unwrap();
        assert!((v - (1.0 / 12.0 - eta * eta / 240.0)).abs() < 1e-17);
    }

    #[test]
    fn series_and_closed_forms_meet_at_t_1() {
        for f in [ContinuousBernoulli::mean_at, ContinuousBernoulli::variance_at] {
            let (lo, hi) = (f(2.0 - 1e-13), f(2.0));
            assert!((lo - hi).abs() < 1e-13 * hi.abs(), "{lo} vs {hi}");
        }
    }
}
