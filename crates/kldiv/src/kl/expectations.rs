//! Closed-form expectations E_p[g(X)] that cross-entropies are made of.
//!
//! Each returns `None` where no closed form is known, `Some(+∞)` where the expectation diverges
//! (the mean square of a Cauchy), and otherwise the value. The cross-entropy H×(p, q) = −E_p[ln q]
//! of every family q is a combination of a few of these (see `closed_form::cross_entropy`).

use crate::dist::{Dist, Univariate};
use crate::numerics::special::{digamma, ln_gamma, ln_gamma_ratio, trigamma};
use std::f64::consts::{FRAC_2_PI, LN_2, PI};

use crate::dist::EULER_GAMMA as EULER;

const INF: f64 = f64::INFINITY;

/// E[X] and Var[X] (+∞ where they diverge, `None` where undefined for want of a mean).
pub(crate) fn mean_var(p: &dyn Univariate) -> Option<(f64, f64)> {
    match (p.mean(), p.variance()) {
        (Some(m), Some(v)) if m.is_finite() => Some((m, v)),
        // An undefined or infinite mean: E[(X − c)²] = ∞ for every c.
        _ => Some((0.0, INF)),
    }
}

/// E[ln X] and Var[ln X], for a distribution on (0, ∞).
pub(crate) fn ln_moments(p: &Dist) -> Option<(f64, f64)> {
    Some(match p {
        Dist::LogNormal(d) => (d.mu(), d.sigma() * d.sigma()),
        Dist::Exponential(d) => (-EULER - d.rate().ln(), PI * PI / 6.0),
        Dist::Gamma(d) => (digamma(d.shape()) - d.rate().ln(), trigamma(d.shape())),
        Dist::Chi2(d) => return ln_moments(&Dist::Gamma(d.as_gamma())),
        Dist::Weibull(d) => (
            d.scale().ln() - EULER / d.shape(),
            PI * PI / (6.0 * d.shape() * d.shape()),
        ),
        Dist::HalfNormal(d) => (d.scale().ln() - 0.5 * (EULER + LN_2), PI * PI / 8.0),
        Dist::Pareto(d) => (
            d.scale().ln() + 1.0 / d.alpha(),
            1.0 / (d.alpha() * d.alpha()),
        ),
        Dist::InverseGamma(d) => (d.scale().ln() - digamma(d.shape()), trigamma(d.shape())),
        Dist::Beta(d) => (
            digamma(d.alpha()) - digamma(d.alpha() + d.beta()),
            trigamma(d.alpha()) - trigamma(d.alpha() + d.beta()),
        ),
        // ln|Z| of a standard Cauchy has the hyperbolic secant law: mean 0, variance π²/4.
        Dist::HalfCauchy(d) => (d.scale().ln(), PI * PI / 4.0),
        Dist::FisherSnedecor(d) => {
            // ln X = ln(b/a) + ln Y − ln(1 − Y), Y ~ Beta(a, b).
            let (a, b) = (0.5 * d.df1(), 0.5 * d.df2());
            (
                (b / a).ln() + digamma(a) - digamma(b),
                trigamma(a) + trigamma(b),
            )
        }
        Dist::Kumaraswamy(d) => d.ln_moments(),
        Dist::Uniform(d) if d.low() >= 0.0 => {
            let (a, b) = (d.low(), d.high());
            // ∫ ln x = x ln x − x, ∫ ln² x = x(ln² x − 2 ln x + 2), with 0 ln 0 = 0.
            let f1 = |x: f64| if x == 0.0 { 0.0 } else { x * x.ln() - x };
            let f2 = |x: f64| {
                if x == 0.0 {
                    0.0
                } else {
                    let l = x.ln();
                    x * (l * l - 2.0 * l + 2.0)
                }
            };
            let m = (f1(b) - f1(a)) / (b - a);
            let s = (f2(b) - f2(a)) / (b - a);
            (m, s - m * m)
        }
        _ => return None,
    })
}

/// E[ln(1 − X)], for a distribution on [0, 1].
pub(crate) fn ln_one_minus(p: &Dist) -> Option<f64> {
    match p {
        Dist::Beta(d) => Some(digamma(d.beta()) - digamma(d.alpha() + d.beta())),
        Dist::Uniform(d) if d.low() >= 0.0 && d.high() <= 1.0 => {
            let mirrored = crate::Uniform::new(1.0 - d.high(), 1.0 - d.low()).ok()?;
            ln_moments(&Dist::Uniform(mirrored)).map(|m| m.0)
        }
        _ => None,
    }
}

/// E[Xʳ] for a distribution on [0, ∞) (r may be negative).
pub(crate) fn power_moment(p: &Dist, r: f64) -> Option<f64> {
    // Γ(b + r)/Γ(b) as one ratio, given b and r (not b + r, whose rounding would cost r its
    // digits): two ln Γ of 10⁸ would cancel to 10⁻⁸ relative.
    let gamma_ratio = |b: f64, r: f64| ln_gamma_ratio(b, r).exp();
    Some(match p {
        Dist::Exponential(d) => {
            if r <= -1.0 {
                INF
            } else {
                gamma_ratio(1.0, r) / d.rate().powf(r)
            }
        }
        Dist::Gamma(d) => {
            if r <= -d.shape() {
                INF
            } else {
                gamma_ratio(d.shape(), r) / d.rate().powf(r)
            }
        }
        Dist::Chi2(d) => return power_moment(&Dist::Gamma(d.as_gamma()), r),
        Dist::Weibull(d) => {
            if r <= -d.shape() {
                INF
            } else {
                d.scale().powf(r) * gamma_ratio(1.0, r / d.shape())
            }
        }
        Dist::HalfNormal(d) => {
            if r <= -1.0 {
                INF
            } else {
                d.scale().powf(r) * 2f64.powf(0.5 * r) * gamma_ratio(0.5, 0.5 * r)
            }
        }
        // (rσ)² rather than r²σ²: r = 1e-300 against σ = 1e300 must not underflow to 0.
        Dist::LogNormal(d) => (r * d.mu() + 0.5 * (r * d.sigma()).powi(2)).exp(),
        Dist::Pareto(d) => {
            if r >= d.alpha() {
                INF
            } else {
                d.alpha() * d.scale().powf(r) / (d.alpha() - r)
            }
        }
        Dist::InverseGamma(d) => {
            if r >= d.shape() {
                INF
            } else {
                d.scale().powf(r) * gamma_ratio(d.shape(), -r)
            }
        }
        Dist::Beta(d) => {
            if r <= -d.alpha() {
                INF
            } else {
                let (a, b) = (d.alpha(), d.beta());
                (ln_gamma_ratio(a, r) - ln_gamma_ratio(a + b, r)).exp()
            }
        }
        Dist::HalfCauchy(d) => {
            // E|Z|ʳ = 1/cos(πr/2) for |r| < 1.
            if r.abs() >= 1.0 {
                INF
            } else {
                d.scale().powf(r) / (0.5 * PI * r).cos()
            }
        }
        Dist::FisherSnedecor(d) => {
            let (a, b) = (0.5 * d.df1(), 0.5 * d.df2());
            if r <= -a || r >= b {
                INF
            } else {
                (r * (b / a).ln() + ln_gamma_ratio(a, r) + ln_gamma_ratio(b, -r)).exp()
            }
        }
        Dist::Kumaraswamy(d) => d.power_moment(r),
        Dist::Uniform(d) if d.low() >= 0.0 => {
            let (a, b) = (d.low(), d.high());
            if r <= -1.0 && a == 0.0 {
                INF
            } else if r == -1.0 {
                (b / a).ln() / (b - a)
            } else {
                (b.powf(r + 1.0) - a.powf(r + 1.0)) / ((r + 1.0) * (b - a))
            }
        }
        _ => return None,
    })
}

/// ln E[e^{tX}] (+∞ where the moment generating function diverges at t).
pub(crate) fn ln_mgf(p: &Dist, t: f64) -> Option<f64> {
    if t == 0.0 {
        return Some(0.0);
    }
    Some(match p {
        Dist::Normal(d) => d.mu() * t + 0.5 * (d.sigma() * t).powi(2),
        Dist::Exponential(d) => {
            if t >= d.rate() {
                INF
            } else {
                -(-t / d.rate()).ln_1p()
            }
        }
        Dist::Gamma(d) => {
            if t >= d.rate() {
                INF
            } else {
                -d.shape() * (-t / d.rate()).ln_1p()
            }
        }
        Dist::Chi2(d) => return ln_mgf(&Dist::Gamma(d.as_gamma()), t),
        Dist::Laplace(d) => {
            let bt = d.scale() * t;
            if bt.abs() >= 1.0 {
                INF
            } else {
                d.loc() * t - (-bt * bt).ln_1p()
            }
        }
        Dist::Gumbel(d) => {
            let bt = d.scale() * t;
            if bt >= 1.0 {
                INF
            } else {
                d.loc() * t + ln_gamma(1.0 - bt)
            }
        }
        Dist::Logistic(d) => {
            let st = d.scale() * t;
            if st.abs() >= 1.0 {
                INF
            } else {
                d.loc() * t + (PI * st / (PI * st).sin()).ln()
            }
        }
        Dist::Uniform(d) => {
            // ln((e^{tb} − e^{ta}) / (t (b − a))) = ta + ln(expm1(t(b−a)) / (t(b−a)))
            let w = t * (d.high() - d.low());
            t * d.low() + (w.exp_m1() / w).ln()
        }
        Dist::HalfNormal(d) => {
            // 2 e^{s²t²/2} Φ(st): for st < 0 the two factors over- and underflow together, and
            // their product is erfcx(−st/√2), which neither does.
            let st = d.scale() * t;
            if st < 0.0 {
                crate::numerics::special::erfcx(-st * std::f64::consts::FRAC_1_SQRT_2).ln()
            } else {
                LN_2 + 0.5 * st * st + crate::dist::inversion::ln_norm_cdf(st)
            }
        }
        // The log-partition function of the exponential family e^{ηx} on [0, 1].
        Dist::ContinuousBernoulli(d) => {
            use crate::ContinuousBernoulli as Cb;
            Cb::log_partition(d.eta() + t) - Cb::log_partition(d.eta())
        }
        // Heavy right tails: every t > 0 diverges.
        Dist::Cauchy(_) | Dist::StudentT(_) => INF,
        Dist::HalfCauchy(_) | Dist::FisherSnedecor(_) if t > 0.0 => INF,
        Dist::LogNormal(_) | Dist::Pareto(_) | Dist::InverseGamma(_) if t > 0.0 => INF,
        _ => return None,
    })
}

/// E|X − c|.
pub(crate) fn abs_moment(p: &Dist, c: f64) -> Option<f64> {
    Some(match p {
        Dist::Normal(d) => {
            let (m, s) = (d.mu(), d.sigma());
            let delta = m - c;
            let z = delta / s;
            // E|Y| for Y ~ N(δ, σ²): σ√(2/π) e^{−z²/2} + δ (1 − 2Φ(−z))
            let n = crate::Normal::new(0.0, 1.0).ok()?;
            s * FRAC_2_PI.sqrt() * (-0.5 * z * z).exp() + delta * (n.cdf(z) - n.sf(z))
        }
        Dist::Laplace(d) => {
            let delta = (d.loc() - c).abs();
            delta + d.scale() * (-delta / d.scale()).exp()
        }
        Dist::Uniform(d) => {
            let (a, b) = (d.low(), d.high());
            if c <= a {
                0.5 * (a + b) - c
            } else if c >= b {
                c - 0.5 * (a + b)
            } else {
                ((c - a).powi(2) + (b - c).powi(2)) / (2.0 * (b - a))
            }
        }
        Dist::Exponential(d) => {
            let l = d.rate();
            if c <= 0.0 {
                1.0 / l - c
            } else {
                c - 1.0 / l + 2.0 * (-l * c).exp() / l
            }
        }
        Dist::Cauchy(_) | Dist::HalfCauchy(_) => INF,
        Dist::FisherSnedecor(d) if d.df2() <= 2.0 => INF,
        Dist::StudentT(d) if d.df() <= 1.0 => INF,
        Dist::Pareto(d) if d.alpha() <= 1.0 => INF,
        Dist::InverseGamma(d) if d.shape() <= 1.0 => INF,
        _ => return None,
    })
}
