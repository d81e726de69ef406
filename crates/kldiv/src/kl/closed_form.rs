//! The closed-form registry: KL(p‖q) exactly, where mathematics allows.
//!
//! Three layers, tried in order:
//! 1. **Supports.** If p puts mass where q has none (normal‖uniform, gamma‖beta, a continuous p
//!    against a discrete q), KL = +∞.
//! 2. **Same-family pairs**, one `match` below, each in a form that stays accurate as p → q.
//!    Sources: the standard derivations collected in Gil, Alajaji & Linder (2013), "Rényi divergence
//!    measures for commonly used univariate continuous distributions"; Bauckhage (2013) for
//!    Weibull; Chyzak & Nielsen (2019) for Cauchy; Penny (2001) for Dirichlet and the
//!    multivariate normal (the low-rank normal is one, with Σ = W Wᵀ + diag(D)). A multinomial
//!    counts n independent categorical draws, and the counts are sufficient for both p and q
//!    (the order given the counts is uniform under either), so its KL is n times the
//!    categorical one (additivity and the chain rule: Cover & Thomas (2006), §2.5). The Gumbel
//!    formula is derived here (see `gumbel_gumbel`): the often-quoted version omits the term
//!    (μ₁ − μ₂)/β₂.
//! 3. **Cross-family pairs** as KL = H×(p, q) − H(p): the cross-entropy −E_p[ln q] of every
//!    family q needs only a few expectations of p (mean and variance, E ln X, E|X − c|, the mgf,
//!    E Xʳ: `expectations.rs`), so every p whose expectations are known meets every such q —
//!    a table wider than PyTorch's or TFP's. A divergent expectation gives an honest +∞
//!    (KL(Cauchy‖normal)). A p with finitely many atoms (bernoulli, categorical, binomial) is
//!    summed exactly against any discrete q.

use crate::dist::{Dist, Univariate};
use crate::kl::expectations::{
    abs_moment, ln_mgf, ln_moments, ln_one_minus, mean_var, power_moment,
};
use crate::numerics::log::{d_minus_ln1p, ln_ratio};
use crate::numerics::special::{self, digamma, ln_beta, ln_gamma, trigamma};
use crate::numerics::sum;
use crate::{Error, Gamma};
use std::f64::consts::PI;

const INF: f64 = f64::INFINITY;

/// The most atoms of a finite discrete p that are summed exactly (a binomial's n + 1).
const MAX_FINITE_ATOMS: f64 = 1e6;

/// A closed-form value and the size of the terms it was computed from: its rounding error is a
/// few ulp of `scale`, which for a sum of non-negative terms (or a series) is the value itself
/// and for a difference of large terms is their size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Exact {
    pub(crate) value: f64,
    pub(crate) scale: f64,
}

impl Exact {
    /// A value whose terms do not cancel.
    fn tight(value: f64) -> Exact {
        Exact {
            value,
            scale: value.abs(),
        }
    }

    /// The sum of `terms`, with their total size as the scale.
    fn sum(terms: &[f64]) -> Exact {
        Exact {
            value: sum::sum(terms),
            scale: terms.iter().map(|t| t.abs()).sum(),
        }
    }
}

/// KL(p‖q) in nats, if a closed form is known: `Ok(Some(v))`; `Ok(None)` if not.
///
/// # Errors
/// [`Error::Dimension`] when p and q live in different dimensions.
pub fn kl(p: &Dist, q: &Dist) -> Result<Option<f64>, Error> {
    Ok(kl_exact(p, q)?.map(|e| e.value))
}

/// [`kl`] with the scale of its rounding.
pub(crate) fn kl_exact(p: &Dist, q: &Dist) -> Result<Option<Exact>, Error> {
    check_dimensions(p, q)?;
    if supports_disagree(p, q) {
        return Ok(Some(Exact::tight(INF)));
    }
    let p = canonical(p);
    let q = canonical(q);
    use Dist as D;
    Ok(match (&p, &q) {
        (D::Normal(a), D::Normal(b)) => Some(normal_normal(a.mu(), a.sigma(), b.mu(), b.sigma())),
        (D::LogNormal(a), D::LogNormal(b)) => {
            Some(normal_normal(a.mu(), a.sigma(), b.mu(), b.sigma()))
        }
        (D::HalfNormal(a), D::HalfNormal(b)) => Some(normal_normal(0.0, a.scale(), 0.0, b.scale())),
        (D::Uniform(a), D::Uniform(b)) => {
            // ln(w_q / w_p) = ln1p((w_q − w_p)/w_p), the difference of widths taken end by end.
            let (wp, grow) = (
                a.high() - a.low(),
                (b.high() - a.high()) + (a.low() - b.low()),
            );
            let r = grow / wp;
            // Widths 10⁶⁰⁰ apart: their logarithms, each width halved first so as not to
            // overflow (−10³⁰⁸ to 10³⁰⁸).
            let v = if r.is_finite() {
                r.ln_1p()
            } else {
                (0.5 * b.high() - 0.5 * b.low()).ln() - (0.5 * a.high() - 0.5 * a.low()).ln()
            };
            Some(Exact::tight(v))
        }
        (D::Exponential(a), D::Exponential(b)) => {
            Some(Exact::tight(ratio_minus_1_minus_ln(b.rate(), a.rate())))
        }
        (D::Gamma(a), D::Gamma(b)) => Some(gamma_gamma(a, b)),
        (D::InverseGamma(a), D::InverseGamma(b)) => {
            // KL is invariant under x ↦ 1/x: the gammas of the reciprocals.
            Some(gamma_gamma(
                &Gamma::new(a.shape(), a.scale())?,
                &Gamma::new(b.shape(), b.scale())?,
            ))
        }
        (D::Beta(a), D::Beta(b)) => Some(beta_beta(a.alpha(), a.beta(), b.alpha(), b.beta())),
        (D::Laplace(a), D::Laplace(b)) => {
            let (b1, b2, d) = (a.scale(), b.scale(), (a.loc() - b.loc()).abs());
            // ln(b₂/b₁) + d/b₂ + (b₁/b₂) e^{−d/b₁} − 1
            Some(Exact::sum(&[
                ln_ratio(b2, b1),
                d / b2,
                (b1 / b2) * (-d / b1).exp(),
                -1.0,
            ]))
        }
        (D::Cauchy(a), D::Cauchy(b)) => {
            let (g1, g2, d) = (a.scale(), b.scale(), a.loc() - b.loc());
            // ln(((γ₁+γ₂)² + d²) / (4γ₁γ₂)) = ln1p(((γ₁−γ₂)² + d²) / (4γ₁γ₂)); with every
            // length divided by the largest first, so that 10⁻³⁰⁰ against 10³⁰⁰ neither over-
            // nor underflows.
            let m = g1.max(g2).max(d.abs());
            // The difference of scales before dividing: it is exact when they are close.
            let (u1, u2, du, e) = (g1 / m, g2 / m, (g1 - g2) / m, d / m);
            let x = (du * du + e * e) / (4.0 * u1 * u2);
            let v = if x.is_finite() {
                x.ln_1p()
            } else {
                2.0 * (g1 + g2).hypot(d).ln() - (4.0f64).ln() - g1.ln() - g2.ln()
            };
            Some(Exact::tight(v))
        }
        (D::Gumbel(a), D::Gumbel(b)) => Some(gumbel_gumbel(a.loc(), a.scale(), b.loc(), b.scale())),
        (D::Weibull(a), D::Weibull(b)) => {
            Some(weibull_weibull(a.shape(), a.scale(), b.shape(), b.scale()))
        }
        (D::Pareto(a), D::Pareto(b)) => {
            // supports checked: x₁ ≥ x₂. (r − 1 − ln r) + α₂ ln(x₁/x₂), r = α₂/α₁: both ≥ 0.
            Some(Exact::tight(
                ratio_minus_1_minus_ln(b.alpha(), a.alpha())
                    + b.alpha() * ln_ratio(a.scale(), b.scale()),
            ))
        }
        (D::Poisson(a), D::Poisson(b)) => {
            // λ₁ ln(λ₁/λ₂) − λ₁ + λ₂ = λ₂ ((1+d) ln1p(d) − d), d = (λ₁ − λ₂)/λ₂
            let d = (a.rate() - b.rate()) / b.rate();
            let (t1, t2) = (d * d.ln_1p(), d_minus_ln1p(d));
            Some(Exact {
                value: b.rate() * (t1 - t2),
                scale: b.rate() * (t1.abs() + t2.abs()),
            })
        }
        (D::Geometric(a), D::Geometric(b)) => Some(geometric_geometric(a.p(), b.p())),
        (D::Binomial(a), D::Binomial(b)) if a.n() == b.n() => {
            let e = bernoulli_bernoulli(a.p(), b.p());
            let n = a.n() as f64;
            Some(Exact {
                value: n * e.value,
                scale: n * e.scale,
            })
        }
        (D::Bernoulli(a), D::Bernoulli(b)) => Some(bernoulli_bernoulli(a.p(), b.p())),
        (D::HalfCauchy(a), D::HalfCauchy(b)) => {
            Some(Exact::tight(half_cauchy_half_cauchy(a.scale(), b.scale())))
        }
        (D::NegativeBinomial(a), D::NegativeBinomial(b)) if a.r() == b.r() => {
            // r independent geometric counts: r times the geometric divergence.
            let g = geometric_geometric(a.p(), b.p());
            Some(Exact {
                value: a.r() * g.value,
                scale: a.r() * g.scale,
            })
        }
        (D::Kumaraswamy(a), D::Kumaraswamy(b)) if a.a() == b.a() => {
            // x ↦ xᵃ maps both to Beta(1, b), and −ln(1 − Y) ~ Exponential(b) (KL is invariant
            // under bijections): KL(Exp(b₁)‖Exp(b₂)).
            Some(Exact::tight(ratio_minus_1_minus_ln(b.b(), a.b())))
        }
        (D::Kumaraswamy(a), D::Kumaraswamy(b)) if a.b() == 1.0 && b.b() == 1.0 => {
            // Beta(a, 1): −ln X ~ Exponential(a).
            Some(Exact::tight(ratio_minus_1_minus_ln(b.a(), a.a())))
        }
        (D::ContinuousBernoulli(a), D::ContinuousBernoulli(b)) => {
            Some(continuous_bernoulli_continuous_bernoulli(a, b))
        }
        (D::VonMises(a), D::VonMises(b)) => {
            // The locations' reduction by whole turns of the double 2π moves Δμ by up to e:
            // 2A(κ₁)κ₂ sin²(Δ/2) moves by at most A(κ₁)κ₂ e(|Δ| + e), which joins the bar.
            let value = von_mises_von_mises(a, b);
            let e = a.loc_rounding() + b.loc_rounding();
            let moved = special::bessel01(a.kappa()).ratio
                * b.kappa()
                * e
                * (a.angle_to(b.loc()).abs() + e);
            Some(Exact {
                value,
                scale: value.abs() + moved / super::CLOSED_FORM_ROUNDING,
            })
        }
        (D::Dirichlet(a), D::Dirichlet(b)) => Some(dirichlet_dirichlet(a.alpha(), b.alpha())),
        (D::MvNormal(a), D::MvNormal(b)) => Some(mvnormal_mvnormal(a, b)),
        (D::Multinomial(a), D::Multinomial(b)) => Some(multinomial_multinomial(a, b)),
        (D::StudentT(a), D::Normal(b)) if a.df() > 2.0 => Some(student_t_normal(a, b)),
        _ if p.as_multivariate().is_some() || q.as_multivariate().is_some() => None,
        _ => cross_family(&p, &q),
    })
}

/// The cross-entropy H×(p, q) = −E_p[ln q] in nats, if a closed form is known.
///
/// # Errors
/// [`Error::Dimension`] when p and q live in different dimensions.
pub fn cross_entropy(p: &Dist, q: &Dist) -> Result<Option<f64>, Error> {
    if let Some(ce) = cross_entropy_of(&canonical(p), &canonical(q)).map(|e| e.value) {
        check_dimensions(p, q)?;
        if supports_disagree(p, q) {
            return Ok(Some(INF));
        }
        return Ok(Some(ce));
    }
    // Same-family pairs: H(p) + KL(p‖q).
    Ok(match (kl(p, q)?, p.entropy()) {
        (Some(k), _) if k == INF => Some(INF),
        (Some(k), Some(h)) => Some(h + k),
        _ => None,
    })
}

/// A line for error messages: which pairs have a closed form.
pub const DESCRIPTION: &str = "same-family pairs of normal, lognormal, halfnormal, uniform, \
exponential, gamma, chi2, inverse_gamma, beta, laplace, cauchy, gumbel, weibull, pareto, \
bernoulli, binomial (same n), poisson, geometric, categorical, dirichlet and mvnormal, and of \
half_cauchy, negative_binomial (same r), kumaraswamy (same a, or b = 1), continuous_bernoulli, \
von_mises and multinomial (same n); lowrank_mvnormal and mvnormal in any combination; \
p‖q for q in normal, lognormal, halfnormal, uniform, exponential, gamma, chi2, inverse_gamma, \
beta, laplace, gumbel, weibull, pareto, geometric whenever p's entropy and the needed moments \
have closed forms (every family but mixtures, with student_t and logistic against some q); \
bernoulli, categorical and binomial against any discrete q; and every pair whose supports \
make KL infinite";

fn check_dimensions(p: &Dist, q: &Dist) -> Result<(), Error> {
    if p.dim() != q.dim() {
        return Err(Error::Dimension {
            operation: "KL between distributions of different dimensions",
            dist: format!(
                "{p} ({}-dimensional) and {q} ({}-dimensional)",
                p.dim(),
                q.dim()
            ),
        });
    }
    Ok(())
}

/// Whether p puts mass where q has none (continuous vs discrete counts as disjoint).
pub(crate) fn supports_disagree(p: &Dist, q: &Dist) -> bool {
    match (p.as_univariate(), q.as_univariate()) {
        (Some(a), Some(b)) => {
            let (s, t) = (a.support(), b.support());
            s.discrete != t.discrete || s.lower < t.lower || s.upper > t.upper
        }
        _ => match (p, q) {
            // Counts summing to n never sum to another n.
            (Dist::Multinomial(a), Dist::Multinomial(b)) => a.n() != b.n(),
            _ => matches!(
                (multivariate_support(p), multivariate_support(q)),
                (Some(s), Some(t)) if s != t
            ),
        },
    }
}

/// Where a multivariate family puts its mass. Two different kinds are mutually singular: the
/// simplex has Lebesgue measure zero in ℝᴷ, and count vectors are atoms that a density gives no
/// mass (and a density's mass lies off them).
#[derive(PartialEq)]
enum MultivariateSupport {
    Space,
    Simplex,
    Counts,
}

fn multivariate_support(d: &Dist) -> Option<MultivariateSupport> {
    match d {
        Dist::MvNormal(_) | Dist::LowRankMvNormal(_) => Some(MultivariateSupport::Space),
        Dist::Dirichlet(_) => Some(MultivariateSupport::Simplex),
        Dist::Multinomial(_) => Some(MultivariateSupport::Counts),
        _ => None,
    }
}

/// One name per distribution: chi2 is a gamma, and a low-rank normal is the normal of its full
/// covariance.
fn canonical(d: &Dist) -> Dist {
    match d {
        Dist::Chi2(c) => Dist::Gamma(c.as_gamma()),
        Dist::LowRankMvNormal(l) => Dist::MvNormal(l.as_mvnormal().clone()),
        other => other.clone(),
    }
}

fn cross_family(p: &Dist, q: &Dist) -> Option<Exact> {
    let u = p.as_univariate()?;
    let s = u.support();
    if s.discrete && s.upper - s.lower < MAX_FINITE_ATOMS && !matches!(p, Dist::Mixture(_)) {
        return finite_sum(u, q.as_univariate()?);
    }
    let ce = cross_entropy_of(p, q)?;
    if ce.value == INF {
        return Some(Exact::tight(INF));
    }
    // H×(p, q) − H(p): the two cancel as q nears p, and the bar says so. The moments inside
    // come from e^(ln Γ(·)) and the like, which carry |ln m| ulps of themselves (E[X] = Γ(101)
    // for weibull(0.01): 364 ulps), hence the logarithmic factor.
    let h = u.entropy()?;
    Some(Exact {
        value: ce.value - h,
        scale: (ce.scale + h.abs()) * (1.0 + ce.scale.max(1.0).ln()),
    })
}

/// Σ p(k) (ln p(k) − ln q(k)) over the finite support of p.
fn finite_sum(p: &dyn Univariate, q: &dyn Univariate) -> Option<Exact> {
    let s = p.support();
    let mut terms = Vec::new();
    let mut size = Vec::new();
    let mut k = s.lower;
    while k <= s.upper {
        let lp = p.ln_pdf(k);
        if lp > f64::NEG_INFINITY {
            let lq = q.ln_pdf(k);
            if lq == f64::NEG_INFINITY {
                return Some(Exact::tight(INF));
            }
            // Each term carries the rounding of ln p and ln q, not only of its own value.
            terms.push(lp.exp() * (lp - lq));
            size.push(lp.exp() * (lp.abs() + lq.abs()));
        }
        k += 1.0;
    }
    Some(Exact {
        value: sum::sum(&terms),
        scale: sum::sum(&size),
    })
}

/// −E_p[ln q] for the families q whose log-density is a combination of known expectations.
fn cross_entropy_of(p: &Dist, q: &Dist) -> Option<Exact> {
    let u = p.as_univariate()?;
    // E[X]: finite wherever the mean exists, whatever the variance (pareto(1, 1.5) has a mean
    // of 3 and no variance).
    let e_x = || {
        Some(match u.mean() {
            Some(m) if m.is_finite() => m,
            _ => INF,
        })
    };
    // E[(X − c)²] = Var + (mean − c)²
    let e_sq = |c: f64| mean_var(u).map(|(m, v)| v + (m - c) * (m - c));
    let e_ln = || ln_moments(p).map(|(m, _)| m);
    // a·E[g] with the convention that a zero coefficient needs no E[g].
    let times = |a: f64, e: &dyn Fn() -> Option<f64>| {
        if a == 0.0 {
            Some(0.0)
        } else {
            e().map(|v| a * v)
        }
    };
    // A term computed as e^E carries the rounding of E, |E| ulps of itself.
    let exp_term = |exponent: f64, size: f64| {
        let value = exponent.exp();
        Exact {
            value,
            scale: if value == 0.0 {
                0.0
            } else {
                value * (1.0 + size)
            },
        }
    };
    use Dist as D;
    let ce = match q {
        D::Normal(b) => {
            let (mu, s) = (b.mu(), b.sigma());
            Exact::sum(&[(s * (2.0 * PI).sqrt()).ln(), e_sq(mu)? / (2.0 * s * s)])
        }
        D::HalfNormal(b) => {
            let s = b.scale();
            Exact::sum(&[(s * (0.5 * PI).sqrt()).ln(), e_sq(0.0)? / (2.0 * s * s)])
        }
        D::LogNormal(b) => {
            let (mu, s) = (b.mu(), b.sigma());
            let (ml, vl) = ln_moments(p)?;
            Exact::sum(&[
                ml,
                (s * (2.0 * PI).sqrt()).ln(),
                (vl + (ml - mu) * (ml - mu)) / (2.0 * s * s),
            ])
        }
        D::Uniform(b) => Exact::tight((b.high() - b.low()).ln()),
        D::Exponential(b) => Exact::sum(&[-b.rate().ln(), b.rate() * e_x()?]),
        D::Gamma(b) => {
            let (k, r) = (b.shape(), b.rate());
            Exact::sum(&[
                -k * r.ln(),
                ln_gamma(k),
                -times(k - 1.0, &e_ln)?,
                r * e_x()?,
            ])
        }
        D::InverseGamma(b) => {
            let (a, s) = (b.shape(), b.scale());
            Exact::sum(&[
                -a * s.ln(),
                ln_gamma(a),
                (a + 1.0) * e_ln()?,
                s * power_moment(p, -1.0)?,
            ])
        }
        D::Beta(b) => {
            let (a, c) = (b.alpha(), b.beta());
            Exact::sum(&[
                ln_beta(a, c),
                -times(a - 1.0, &e_ln)?,
                -times(c - 1.0, &|| ln_one_minus(p))?,
            ])
        }
        D::Laplace(b) => Exact::sum(&[(2.0 * b.scale()).ln(), abs_moment(p, b.loc())? / b.scale()]),
        D::Gumbel(b) => {
            let (mu, beta) = (b.loc(), b.scale());
            // −ln q = ln β + z + e^{−z}, z = (x − μ)/β
            let ln_m = ln_mgf(p, -1.0 / beta)?;
            let e_exp = exp_term(mu / beta + ln_m, (mu / beta).abs() + ln_m.abs());
            let rest = Exact::sum(&[beta.ln(), (e_x()? - mu) / beta]);
            Exact {
                value: rest.value + e_exp.value,
                scale: rest.scale + e_exp.scale,
            }
        }
        D::Weibull(b) => {
            let (k, lam) = (b.shape(), b.scale());
            let moment = power_moment(p, k)? / lam.powf(k);
            let m = exp_term(moment.ln(), moment.ln().abs() + k * lam.ln().abs());
            let rest = Exact::sum(&[
                -(k / lam).ln(),
                -times(k - 1.0, &|| e_ln().map(|m| m - lam.ln()))?,
            ]);
            Exact {
                value: rest.value + moment,
                scale: rest.scale + m.scale,
            }
        }
        D::Pareto(b) => Exact::sum(&[
            -b.alpha().ln(),
            -b.alpha() * b.scale().ln(),
            (b.alpha() + 1.0) * e_ln()?,
        ]),
        D::Geometric(b) if u.support().discrete => {
            if b.p() == 1.0 {
                return None;
            }
            Exact::sum(&[-b.p().ln(), -e_x()? * (-b.p()).ln_1p()])
        }
        _ => return None,
    };
    // A divergent expectation (∞ − ∞ inside a sum) is an infinite cross-entropy.
    Some(if ce.value.is_nan() {
        Exact::tight(INF)
    } else {
        ce
    })
}

/// r − 1 − ln r for r = num/den, with r − 1 formed as (num − den)/den: near r = 1 the
/// difference is exact and a rounded ratio would cost digits (1 − 1/1.000000001 has only 8);
/// far from it, ln r as ln num − ln den, since num/den may under- or overflow (10³⁰⁰/10⁻³⁰⁰).
fn ratio_minus_1_minus_ln(num: f64, den: f64) -> f64 {
    let d = (num - den) / den;
    if d.abs() < 0.5 {
        d_minus_ln1p(d)
    } else {
        let r = num / den;
        if r == INF {
            INF
        } else {
            (r - 1.0) - (num.ln() - den.ln())
        }
    }
}

/// KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = ½(r² − 1 − ln r²) + (μ₁−μ₂)²/(2σ₂²), r = σ₁/σ₂; both terms
/// ≥ 0, with r² − 1 = (σ₁ − σ₂)(σ₁ + σ₂)/σ₂² exact in its difference near r = 1.
fn normal_normal(m1: f64, s1: f64, m2: f64, s2: f64) -> Exact {
    let z = (m1 - m2) / s2;
    let d = (s1 - s2) * (s1 + s2) / (s2 * s2);
    let shape = if d.is_finite() && d.abs() < 0.5 {
        d_minus_ln1p(d)
    } else {
        // r² may overflow where ln r² does not: r² − 1 − ln r² with ln r² = 2 ln(σ₁/σ₂).
        let r = s1 / s2;
        let r2 = r * r;
        if r2 == f64::INFINITY {
            f64::INFINITY
        } else {
            (r2 - 1.0) - 2.0 * (s1.ln() - s2.ln())
        }
    };
    Exact::tight(0.5 * shape + 0.5 * z * z)
}

/// KL(t_ν(m, s) ‖ N(μ, σ²)) for ν > 2, with ρ = s²/σ² and δ = m − μ:
///
/// ```text
/// ½(ρ − 1 − ln ρ) + δ²/(2σ²) + (ρ − 1)/(ν − 2) + g(ν),   g(ν) = 1/(ν − 2) − (H(t_ν) − ½ ln 2πe)
/// ```
///
/// g(ν) = 7/(4ν²) + … is the KL of the standard pair; as H×(p, q) − H(p) it would cancel to
/// noise for large ν (KL(t_10¹⁵‖N) = 1.75·10⁻³⁰), so from ν = 100 on it is its asymptotic
/// series, whose coefficients were fitted to mpmath at 120 digits (exact rationals 7/4, 25/6,
/// 65/8, 157/10, 127/4, …); below, the difference, of at most 10⁻¹⁶ absolute error against a
/// KL ≥ 1.8·10⁻⁴.
fn student_t_normal(a: &crate::StudentT, b: &crate::Normal) -> Exact {
    const G: [f64; 10] = [
        1.75,
        4.166_666_666_666_667,
        8.125,
        15.7,
        31.75,
        65.214_285_714_285_71,
        129.0625,
        247.388_888_888_888_9,
        504.25,
        1_118.227_272_727_272_7,
    ];
    let v = a.df();
    let (g, g_scale) = if v >= 100.0 {
        let x = 1.0 / v;
        let g = G.iter().rev().fold(0.0, |acc, c| acc * x + c) * x * x;
        (g, g.abs())
    } else {
        let h = crate::StudentT::new(v, 0.0, 1.0)
            .ok()
            .and_then(|t| t.entropy())
            .unwrap_or(f64::NAN);
        let normal_h = 0.5 * (2.0 * PI * std::f64::consts::E).ln();
        // The entropy's own terms, (ν+1)/2·(ψ − ψ) and ln B, each about 1: counted as 4.
        (
            1.0 / (v - 2.0) - (h - normal_h),
            1.0 / (v - 2.0) + h.abs() + normal_h + 4.0,
        )
    };
    let (s, sigma) = (a.scale(), b.sigma());
    let d = (s - sigma) * (s + sigma) / (sigma * sigma);
    let z = (a.loc() - b.mu()) / sigma;
    let shape = 0.5 * ratio_minus_1_minus_ln(s * s, sigma * sigma);
    let e = Exact::sum(&[shape, 0.5 * z * z, d / (v - 2.0), g]);
    Exact {
        scale: e.scale - g.abs() + g_scale,
        ..e
    }
}

/// Parameters within this relative distance of each other are "near": the KL between them is
/// computed as a Taylor remainder (no cancellation) rather than as a difference of ln Γ terms.
const NEAR: f64 = 0.5;

/// Whether every parameter of `b` is within [`NEAR`] of the same parameter of `a`, relatively.
fn near(a: &[f64], b: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| (x - y).abs() <= NEAR * x.abs())
}

/// 20-point Gauss–Legendre nodes and weights on [0, 1].
fn gauss_legendre_01() -> &'static [(f64, f64)] {
    static RULE: std::sync::OnceLock<Vec<(f64, f64)>> = std::sync::OnceLock::new();
    RULE.get_or_init(|| {
        crate::numerics::quadrature::gauss_legendre(20)
            .into_iter()
            .map(|(x, w)| (0.5 * (1.0 + x), 0.5 * w))
            .collect()
    })
}

/// KL within an exponential family as Taylor's remainder of its log-normaliser A about p's
/// natural parameters θ₁, toward q's θ₂ = θ₁ + δ:
///
/// ```text
/// KL(p‖q) = A(θ₂) − A(θ₁) − ∇A(θ₁)·δ = ∫₀¹ (1 − t) δᵀ ∇²A(θ₁ + tδ) δ dt
/// ```
///
/// `form(t)` is the quadratic form δᵀ∇²A δ on the path (a variance, ≥ 0): nothing of the size
/// of A cancels, so a KL of 10⁻²⁰ keeps its relative accuracy. For near parameters the form is
/// analytic and slowly varying on [0, 1], where 20 Gauss–Legendre nodes are exact to rounding.
fn taylor_remainder(form: impl Fn(f64) -> f64) -> f64 {
    gauss_legendre_01()
        .iter()
        .map(|&(t, w)| w * (1.0 - t) * form(t))
        .sum()
}

/// KL(Gamma(k₁, β₁) ‖ Gamma(k₂, β₂)), rates β:
/// (k₁−k₂)ψ(k₁) − ln Γ(k₁) + ln Γ(k₂) + k₁(r − 1 − ln r) + (k₁−k₂) ln r, r = β₂/β₁;
/// for near parameters, the Taylor remainder of A(k, −β) = ln Γ(k) − k ln β, whose Hessian
/// form is ψ′(k)δk² − 2δkδβ/β + kδβ²/β².
fn gamma_gamma(a: &Gamma, b: &Gamma) -> Exact {
    let (k1, k2) = (a.shape(), b.shape());
    let (b1, b2) = (a.rate(), b.rate());
    if near(&[k1, b1], &[k2, b2]) {
        let (dk, db) = (k2 - k1, b2 - b1);
        return Exact::tight(taylor_remainder(|t| {
            let (k, r) = (k1 + t * dk, b1 + t * db);
            trigamma(k) * dk * dk - 2.0 * dk * db / r + k * (db / r) * (db / r)
        }));
    }
    if k1 == k2 {
        // Same shape: k (r − 1 − ln r), without two ln Γ that cancel exactly.
        return Exact::tight(k1 * ratio_minus_1_minus_ln(b2, b1));
    }
    Exact::sum(&[
        (k1 - k2) * digamma(k1),
        -ln_gamma(k1),
        ln_gamma(k2),
        k1 * ratio_minus_1_minus_ln(b2, b1),
        (k1 - k2) * ln_ratio(b2, b1),
    ])
}

/// KL(Beta(a₁, b₁) ‖ Beta(a₂, b₂)); for near parameters, the Taylor remainder of
/// A(a, b) = ln B(a, b), whose Hessian form is ψ′(a)δa² + ψ′(b)δb² − ψ′(a + b)(δa + δb)².
fn beta_beta(a1: f64, b1: f64, a2: f64, b2: f64) -> Exact {
    if near(&[a1, b1], &[a2, b2]) {
        let (da, db) = (a2 - a1, b2 - b1);
        let parts = |t: f64| {
            let (a, b) = (a1 + t * da, b1 + t * db);
            [
                trigamma(a) * da * da,
                trigamma(b) * db * db,
                -trigamma(a + b) * (da + db) * (da + db),
            ]
        };
        // The parts cancel where a shape is large (β = 10⁶: ψ'(β) − ψ'(α + β) is 10⁻⁹ of
        // either): their size is the scale.
        return Exact {
            value: taylor_remainder(|t| parts(t).iter().sum()),
            scale: taylor_remainder(|t| parts(t).iter().map(|v| v.abs()).sum()),
        };
    }
    Exact::sum(&[
        ln_beta(a2, b2),
        -ln_beta(a1, b1),
        (a1 - a2) * digamma(a1),
        (b1 - b2) * digamma(b1),
        (a2 - a1 + b2 - b1) * digamma(a1 + b1),
    ])
}

/// KL(Gumbel(μ₁, β₁) ‖ Gumbel(μ₂, β₂)), derived from E[z] = γ and E[e^{−tz}] = Γ(1+t) for the
/// standard Gumbel z:
/// ln(β₂/β₁) + γ(β₁/β₂ − 1) + (μ₁−μ₂)/β₂ + e^{(μ₂−μ₁)/β₂} Γ(1 + β₁/β₂) − 1.
fn gumbel_gumbel(m1: f64, b1: f64, m2: f64, b2: f64) -> Exact {
    let t = b1 / b2;
    let d = (m1 - m2) / b2;
    // The last three terms are d + e^{−d}Γ(1+t) − 1; with Γ(1+t) = e^{g}: d + e^{g−d} − 1.
    let g = ln_gamma(1.0 + t);
    let e = Exact::sum(&[
        ln_ratio(b2, b1),
        crate::dist::EULER_GAMMA * (t - 1.0),
        (g - d).exp_m1(),
        d,
    ]);
    // e^{g−d} carries |g − d| ulps of the rounding of its exponent.
    Exact {
        scale: e.scale + (g - d).exp_m1().abs() * (g.abs() + d.abs()),
        ..e
    }
}

/// KL(Weibull(k₁, λ₁) ‖ Weibull(k₂, λ₂)) (Bauckhage 2013), derived with Y = (X/λ₁)^{k₁} ~ Exp(1):
/// ln(k₁/λ₁) − ln(k₂/λ₂) − (k₁−1)γ/k₁ + (k₂−1)(γ/k₁ − ln(λ₁/λ₂)) + (λ₁/λ₂)^{k₂} Γ(1 + k₂/k₁) − 1.
fn weibull_weibull(k1: f64, l1: f64, k2: f64, l2: f64) -> Exact {
    let g = crate::dist::EULER_GAMMA;
    // ln(λ₁/λ₂) from the exact difference: k₂ = 10¹² multiplies its rounding.
    let ln_ratio = ln_ratio(l1, l2);
    let exponent = k2 * ln_ratio + ln_gamma(1.0 + k2 / k1);
    let e = Exact::sum(&[
        (k1 / k2).ln(),
        -ln_ratio,
        -(k1 - 1.0) * g / k1,
        (k2 - 1.0) * (g / k1 - ln_ratio),
        exponent.exp_m1(),
    ]);
    Exact {
        scale: e.scale + exponent.exp().abs() * (k2 * ln_ratio).abs().max(exponent.abs()),
        ..e
    }
}

/// KL(Geometric(p₁) ‖ Geometric(p₂)) on {0, 1, …}: ln(p₁/p₂) + ((1−p₁)/p₁) ln((1−p₁)/(1−p₂));
/// near p₂ = p₁, the Taylor remainder of A(η) = −ln(1 − e^η), η = ln(1 − p), whose Hessian is
/// e^η/(1 − e^η)² = (1 − p)/p².
fn geometric_geometric(p1: f64, p2: f64) -> Exact {
    if p1 == 1.0 {
        return Exact::tight(-p2.ln());
    }
    if p2 == 1.0 {
        return Exact::tight(INF);
    }
    if (p1 - p2).abs() <= 0.5 * p1.min(1.0 - p1) {
        let eta = (-p1).ln_1p();
        // ln((1 − p₂)/(1 − p₁)) from the exact difference p₁ − p₂.
        let delta = ((p1 - p2) / (1.0 - p1)).ln_1p();
        return Exact::tight(taylor_remainder(|t| {
            let e = eta + t * delta;
            let m = e.exp_m1();
            delta * delta * e.exp() / (m * m)
        }));
    }
    Exact::sum(&[
        ln_ratio(p1, p2),
        (1.0 - p1) / p1 * ((-p1).ln_1p() - (-p2).ln_1p()),
    ])
}

/// KL(HalfCauchy(s₁) ‖ HalfCauchy(s₂)): the folded pair has the divergence of Cauchy(0, s₁) ‖
/// Cauchy(0, s₂), ln((s₁ + s₂)²/(4s₁s₂)) (Chyzak & Nielsen 2019). Near s₁ = s₂ as
/// ln1p(d²/(4(1+d))), d = (s₁ − s₂)/s₂; far apart as |ln r| − ln 4 + 2 ln1p(1/r), r ≥ 1 the
/// ratio, so that neither (s₁ − s₂)² nor s₁s₂ overflows.
fn half_cauchy_half_cauchy(s1: f64, s2: f64) -> f64 {
    let (hi, lo) = if s1 >= s2 { (s1, s2) } else { (s2, s1) };
    let ratio = hi / lo;
    if ratio <= std::f64::consts::E {
        let d = (hi - lo) / lo;
        (d * d / (4.0 * (1.0 + d))).ln_1p()
    } else {
        let ln_r = if ratio.is_finite() {
            ratio.ln()
        } else {
            hi.ln() - lo.ln()
        };
        ln_r - 4f64.ln() + 2.0 * (lo / hi).ln_1p()
    }
}

/// The Bregman divergence F(x₂) − F(x₁) − F′(x₁)(x₂ − x₁) of a convex log-partition function
/// as Taylor's remainder ∫₀¹ (1 − t) δ² F″(x₁ + tδ) dt, δ = x₂ − x₁ (see `taylor_remainder`).
fn bregman_remainder(x1: f64, x2: f64, second_derivative: impl Fn(f64) -> f64) -> f64 {
    let d = x2 - x1;
    taylor_remainder(|t| d * d * second_derivative(x1 + t * d))
}

/// KL(CB(λ₁) ‖ CB(λ₂)) for the continuous Bernoulli, an exponential family in η = logit λ with
/// log-partition A(η) = ln((e^η − 1)/η): the Bregman divergence A(η₂) − A(η₁) − E₁[X](η₂ − η₁).
/// Where η₁, η₂ are close relative to the distance 2π to A's nearest complex singularity, as the
/// integral of the variance; elsewhere directly (the divergence is then not small against its
/// terms).
fn continuous_bernoulli_continuous_bernoulli(
    a: &crate::ContinuousBernoulli,
    b: &crate::ContinuousBernoulli,
) -> Exact {
    use crate::ContinuousBernoulli as Cb;
    let (e1, e2) = (a.eta(), b.eta());
    let half_width = 0.5 * (e2 - e1).abs();
    let centre = 0.5 * (e1 + e2).abs();
    if half_width <= 2.0 || centre >= 2.0 * half_width {
        // η₂ − η₁ from the λs, not as a difference of two rounded logits: the remainder is
        // quadratic in it, and λ = 0.2 against 0.202 would lose 2e-14 to the logits' rounding.
        let (l1, l2) = (a.lambda(), b.lambda());
        let dl = l2 - l1;
        let d = (dl / l1).ln_1p() - (-dl / (1.0 - l1)).ln_1p();
        Exact::tight(taylor_remainder(|t| d * d * Cb::variance_at(e1 + t * d)))
    } else {
        Exact::sum(&[
            Cb::log_partition(e2),
            -Cb::log_partition(e1),
            -Cb::mean_at(e1) * (e2 - e1),
        ])
    }
}

/// KL(vM(μ₁, κ₁) ‖ vM(μ₂, κ₂)) = ln(I₀(κ₂)/I₀(κ₁)) + A(κ₁)(κ₁ − κ₂ cos(μ₁ − μ₂)), A = I₁/I₀
/// (from E₁[cos(θ − μ₁)] = A(κ₁) and E₁[sin(θ − μ₁)] = 0; Mardia & Jupp 2000, §3.5), rearranged
/// as [ln I₀(κ₂) − ln I₀(κ₁) − A(κ₁)(κ₂ − κ₁)] + 2A(κ₁)κ₂ sin²((μ₁ − μ₂)/2): the bracket is the
/// Bregman divergence of ln I₀ (whose second derivative is A′ = Var cos θ), taken as an
/// integral of A′ for κ₂/κ₁ in [½, 2] and otherwise as
/// (κ₂ − κ₁)(1 − A(κ₁)) + ln(e^{−κ₂}I₀(κ₂)) − ln(e^{−κ₁}I₀(κ₁)), with scaled Bessel functions
/// so that κ up to 1e15 neither overflows nor cancels.
fn von_mises_von_mises(a: &crate::VonMises, b: &crate::VonMises) -> f64 {
    let (k1, k2) = (a.kappa(), b.kappa());
    let b1 = special::bessel01(k1);
    let ratio = k2 / k1;
    let bregman = if (0.5..=2.0).contains(&ratio) {
        bregman_remainder(k1, k2, |t| special::bessel01(t).ratio_slope)
    } else {
        let b2 = special::bessel01(k2);
        (k2 - k1) * b1.one_minus_ratio + special::ln_i0e_difference(&b1, k1, &b2, k2)
    };
    let s = (0.5 * a.angle_to(b.loc())).sin();
    bregman + 2.0 * b1.ratio * k2 * s * s
}

/// KL(Bernoulli(p) ‖ Bernoulli(q)), with 0 ln 0 = 0 and +∞ where q excludes an outcome of p.
/// Near q = p the two terms cancel to (p − q)²/(2p(1−p)): there the Taylor remainder of the
/// log-normaliser ln(1 + e^η) in η = logit p, whose Hessian is s(1 − s); elsewhere each term with
/// ln1p of an exact difference.
fn bernoulli_bernoulli(p: f64, q: f64) -> Exact {
    let near = p > 0.0 && p < 1.0 && (p - q).abs() <= 0.5 * p.min(1.0 - p);
    if near {
        // logit q − logit p = ln(q/p) − ln((1−q)/(1−p)), each from the exact difference q − p.
        let delta = ((q - p) / p).ln_1p() - ((p - q) / (1.0 - p)).ln_1p();
        // (1 − q)/(1 − p) = 1 + (p − q)/(1 − p): the exact difference again.
        let eta = p.ln() - (-p).ln_1p();
        return Exact::tight(taylor_remainder(|t| {
            let s = 1.0 / (1.0 + (-(eta + t * delta)).exp());
            delta * delta * s * (1.0 - s)
        }));
    }
    // a·ln(a/b), with a − b passed exactly: (1 − p) − (1 − q) rounded would be q − p's ruin.
    let term = |a: f64, b: f64, a_minus_b: f64| {
        if a == 0.0 {
            0.0
        } else if b == 0.0 {
            INF
        } else if (a_minus_b / b).abs() < 0.5 {
            a * (a_minus_b / b).ln_1p()
        } else {
            a * (a.ln() - b.ln())
        }
    };
    Exact::sum(&[term(p, q, p - q), term(1.0 - p, 1.0 - q, q - p)])
}

/// KL(Dir(α) ‖ Dir(β)) = ln Γ(α₀) − Σ ln Γ(αᵢ) − ln Γ(β₀) + Σ ln Γ(βᵢ) + Σ (αᵢ−βᵢ)(ψ(αᵢ) − ψ(α₀)).
/// For near parameters, the Taylor remainder of A(α) = Σ ln Γ(αᵢ) − ln Γ(α₀), whose Hessian form
/// is Σ ψ′(αᵢ)δᵢ² − ψ′(α₀)(Σδᵢ)².
fn dirichlet_dirichlet(a: &[f64], b: &[f64]) -> Exact {
    if near(a, b) {
        let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| y - x).collect();
        let (a0, d0) = (sum::sum(a), sum::sum(&d));
        let parts = |t: f64| {
            let mut terms: Vec<f64> = a
                .iter()
                .zip(&d)
                .map(|(&ai, &di)| trigamma(ai + t * di) * di * di)
                .collect();
            terms.push(-trigamma(a0 + t * d0) * d0 * d0);
            terms
        };
        // As for two betas: the parts cancel for large shapes, and their size is the scale.
        return Exact {
            value: taylor_remainder(|t| sum::sum(&parts(t))),
            scale: taylor_remainder(|t| parts(t).iter().map(|v| v.abs()).sum()),
        };
    }
    let a0 = sum::sum(a);
    let b0 = sum::sum(b);
    let psi0 = digamma(a0);
    let mut terms = vec![ln_gamma(a0), -ln_gamma(b0)];
    for (&ai, &bi) in a.iter().zip(b) {
        terms.extend([
            -ln_gamma(ai),
            ln_gamma(bi),
            (ai - bi) * (digamma(ai) - psi0),
        ]);
    }
    Exact::sum(&terms)
}

/// KL(Mult(n, p) ‖ Mult(n, q)) = n Σ p̃ᵢ ln(p̃ᵢ/q̃ᵢ) for the normalised p̃ = p/Σp and
/// q̃ = q/Σq (+∞ where pᵢ > 0 = qᵢ; 0 for n = 0, where both are the point mass at the zero
/// vector). Each p̃ᵢ ln(p̃ᵢ/q̃ᵢ) may be negative; written as
///
/// ```text
/// Σ p̃ᵢ ln(p̃ᵢ/q̃ᵢ) = Σ bd0(pᵢ, qᵢ) / Σp − (v' − ln(1 + v')),   v' = −(Σp − Σq)/Σp
/// ```
///
/// with bd0(p, q) = p ln(p/q) + q − p ≥ 0 term by term and the second term ≥ 0 of size v'²/2,
/// nothing cancels as q → p, and p and q are never divided (which would round them apart).
fn multinomial_multinomial(a: &crate::Multinomial, b: &crate::Multinomial) -> Exact {
    if a.n() == 0 {
        return Exact::tight(0.0);
    }
    let mut terms = Vec::with_capacity(a.dim());
    let mut size = 0.0;
    let mut diffs = Vec::with_capacity(a.dim());
    // The compensated sum of the differences errs by an ulp of itself plus kε² of their size.
    let mut diff_size = 0.0;
    for (&p, &q) in a.p().iter().zip(b.p()) {
        let d = p - q;
        diffs.push(d);
        // p − q is exact when q/2 ≤ p ≤ 2q (Sterbenz), and rounds by an ulp of itself else.
        if 0.5 * q <= p && p <= 2.0 * q {
            diff_size += d.abs();
        } else {
            size += d.abs();
        }
        if p == 0.0 {
            terms.push(q);
            size += q;
        } else if q == 0.0 {
            return Exact::tight(INF);
        } else {
            let t = special::bd0(p, q);
            terms.push(t);
            // bd0 sums a series (relative accuracy) near p = q, and p ln(p/q) + q − p further off.
            size += if (p - q).abs() < 0.1 * (p + q) {
                t
            } else {
                p * (p / q).ln().abs() + p + q
            };
        }
    }
    let sum_p = 1.0 - a.deficit();
    let d = sum::sum(&diffs);
    // d's rounding, divided by Σp, is the rounding of v'; w ≈ v'²/2 carries it twice over.
    let v = -d / sum_p;
    let w = crate::numerics::log::d_minus_ln1p(v);
    size += 2.0 * v.abs() * (d.abs() + a.dim() as f64 * f64::EPSILON * diff_size);
    let n = a.n() as f64;
    Exact {
        value: n * (sum::sum(&terms) / sum_p - w),
        scale: n * (size / sum_p + w),
    }
}

/// KL(N(μ₁, Σ₁) ‖ N(μ₂, Σ₂)) through the factors Σᵢ = LᵢLᵢᵀ:
/// ½(‖L₂⁻¹L₁‖²_F + ‖L₂⁻¹(μ₂−μ₁)‖² − d + ln det Σ₂ − ln det Σ₁).
pub(crate) fn mvnormal_mvnormal(a: &crate::MvNormal, b: &crate::MvNormal) -> Exact {
    let d = a.dim() as f64;
    let l2 = b.cholesky();
    let nan = Exact::tight(f64::NAN);
    let frobenius = triangular_quotient_norm(l2, a.cholesky());
    if !frobenius.is_finite() {
        return nan;
    }
    let diff = nalgebra::DVector::from_column_slice(b.mean())
        - nalgebra::DVector::from_column_slice(a.mean());
    let Some(z) = l2.solve_lower_triangular(&diff) else {
        return nan;
    };
    // The triangular solves round relative to the factors' condition, which d terms of the
    // trace carry: each is counted in the scale.
    let e = Exact::sum(&[frobenius, z.norm_squared(), -d, b.ln_det(), -a.ln_det()]);
    // Cholesky is backward stable: the factor is exact for Σ + E with |E| ~ d·ε|Σ|, which moves
    // ln det Σ and the solves by about ε·κ(Σ) (ρ = 1 − 10⁻⁶ has κ = 2·10⁶). κ is estimated from
    // the factors' diagonals, a lower bound that is sharp for such near-singular pairs.
    let condition = cholesky_condition(a.cholesky()).max(cholesky_condition(l2));
    Exact {
        value: 0.5 * e.value,
        scale: 0.5 * e.scale * d * condition,
    }
}

/// (max Lᵢᵢ / min Lᵢᵢ)² of a Cholesky factor: a lower estimate of the condition number of LLᵀ.
pub(crate) fn cholesky_condition(l: &nalgebra::DMatrix<f64>) -> f64 {
    let diag = l.diagonal();
    let (lo, hi) = diag.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &v| {
        (lo.min(v.abs()), hi.max(v.abs()))
    });
    if lo > 0.0 {
        (hi / lo).powi(2).max(1.0)
    } else {
        f64::INFINITY
    }
}

/// ‖L₂⁻¹L₁‖²_F for lower-triangular L₁, L₂, a column of L₁ at a time on all cores: column j
/// of L₁ is zero above row j, so its forward substitution starts there (d³/6 operations in
/// all, not d³/2), each step an axpy down a contiguous column of L₂.
fn triangular_quotient_norm(l2: &nalgebra::DMatrix<f64>, l1: &nalgebra::DMatrix<f64>) -> f64 {
    use rayon::prelude::*;
    let d = l1.nrows();
    // Column-major storage: column c is the slice [c·d, (c + 1)·d).
    let (a, b) = (l1.as_slice(), l2.as_slice());
    let columns: Vec<f64> = (0..d)
        .into_par_iter()
        .map(|j| {
            let mut y = a[j * d + j..(j + 1) * d].to_vec();
            for k in 0..d - j {
                let c = j + k;
                let yk = y[k] / b[c * d + c];
                y[k] = yk;
                for (yi, li) in y[k + 1..].iter_mut().zip(&b[c * d + c + 1..(c + 1) * d]) {
                    *yi -= yk * li;
                }
            }
            y.iter().map(|v| v * v).sum::<f64>()
        })
        .collect();
    sum::sum(&columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_triangular_quotient_matches_a_full_solve() {
        let d = 40;
        let lower = |seed: f64| {
            nalgebra::DMatrix::from_fn(d, d, |i, j| {
                if j > i {
                    0.0
                } else if i == j {
                    1.0 + (seed * (i + 1) as f64).sin().abs()
                } else {
                    (seed * (i * d + j) as f64).cos() * 0.3
                }
            })
        };
        let (l1, l2) = (lower(0.7), lower(1.9));
        let full = l2.solve_lower_triangular(&l1).unwrap().norm_squared();
        let ours = triangular_quotient_norm(&l2, &l1);
        assert!((ours - full).abs() <= 1e-13 * full, "{ours} vs {full}");
    }

    #[test]
    fn gibbs_for_cross_entropies() {
        // H×(p, q) ≥ H(p), with equality only at q = p: checked on a grid of positive families.
        let fam = |k: usize, x: f64| match k {
            0 => format!("gamma({x}, 1.5)"),
            1 => format!("exponential({x})"),
            2 => format!("lognormal(0.2, {x})"),
            3 => format!("weibull({x}, 2)"),
            4 => format!("halfnormal({x})"),
            _ => format!("chi2({})", x + 1.0),
        };
        let mut checked = 0;
        for (i, j) in (0..6).flat_map(|i| (0..6).map(move |j| (i, j))) {
            for (a, b) in [(0.3, 0.3), (0.3, 4.0), (1.7, 0.9), (4.0, 2.2)] {
                let p: Dist = fam(i, a).parse().unwrap();
                let q: Dist = fam(j, b).parse().unwrap();
                if let (Some(ce), Some(h)) = (cross_entropy(&p, &q).unwrap(), p.entropy()) {
                    assert!(ce >= h - 1e-12 * ce.abs().max(1.0), "{p}: H× {ce} < H {h}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked} pairs");
    }

    #[test]
    fn d_minus_ln1p_is_accurate_near_zero() {
        // d − ln(1+d) = d²/2 − d³/3 + d⁴/4 − …
        let d: f64 = 1e-5;
        let series = d * d / 2.0 - d * d * d / 3.0 + d.powi(4) / 4.0;
        assert!((d_minus_ln1p(d) - series).abs() <= 1e-15 * series);
        assert!((d_minus_ln1p(0.3) - (0.3 - 0.3f64.ln_1p())).abs() <= 1e-16);
    }
}
