//! The KL integration strategy for a continuous univariate pair: where to break the line (ends
//! of support, landmarks, quantiles of every component), how to treat infinite tails, and when
//! to reflect a singular upper end; the integral itself is `numerics::quadrature`'s.

use crate::Error;
use crate::numerics::quadrature::{Integral, Point, Tail, Tolerance, integrate_with_tails};

/// KL(p‖q) = ∫ p (ln p − ln q) for a continuous univariate p, in log space:
/// the integrand is exp(ln p)·(ln p − ln q), so that tails never form 0·ln(0/0).
///
/// Break points are the ends of p's support and, for p, q and every mixture component of
/// either, its landmarks (modes, locations) and its 0.001 and 0.999 quantiles: narrow
/// components far apart are never stepped over. An infinite end whose tail integral diverges
/// (KL(Cauchy‖normal)) gives +∞, as does q = 0 where p > 0.
///
/// # Errors
/// [`Error::NotConverged`] when the budget is spent before the tolerance is met.
pub fn kl_continuous(p: &crate::Dist, q: &crate::Dist, tol: Tolerance) -> Result<Integral, Error> {
    let (Some(pu), Some(qu)) = (p.as_univariate(), q.as_univariate()) else {
        return Err(Error::Dimension {
            operation: "quadrature (it needs one dimension; use Monte Carlo)",
            dist: format!("{p} ‖ {q}"),
        });
    };
    let s = pu.support();
    let light = pieces(p).iter().all(|u| gaussian_or_lighter(*u));
    // −ln q grows at most like x² for these q, so a p with a finite variance converges.
    let at_most_quadratic = |d: &crate::Dist| {
        use crate::Dist as D;
        !matches!(d, D::Gumbel(_) | D::Mixture(_)) && !matches!(d, D::Weibull(w) if w.shape() > 2.0)
    };
    let q_pieces_ok = match q {
        crate::Dist::Mixture(m) => m.components().iter().all(at_most_quadratic),
        other => at_most_quadratic(other),
    };
    let finite_variance = pu.variance().is_some_and(f64::is_finite);
    let converges = light || (finite_variance && q_pieces_ok);
    match known_finite(p, q) {
        Some(true) => {}
        Some(false) => {
            return Ok(Integral {
                value: f64::INFINITY,
                abs_error: 0.0,
                evaluations: 0,
                companion: f64::NAN,
                magnitude: f64::NAN,
            });
        }
        None => {
            for (end, upper) in [(s.upper, true), (s.lower, false)] {
                if end.is_infinite() && !converges && tail_diverges(pu, qu, upper) {
                    return Ok(Integral {
                        value: f64::INFINITY,
                        abs_error: 0.0,
                        evaluations: 0,
                        companion: f64::NAN,
                        magnitude: f64::NAN,
                    });
                }
            }
        }
    }
    // Where p's mass reaches the largest doubles, the rule's nodes and the tail maps overflow
    // before the integrand has decayed: no bar can be trusted there.
    if beyond_the_doubles(pu) {
        return Err(Error::MethodFailed {
            method: "quadrature",
            reason: "p has mass beyond 1e290, where x itself nears the largest double",
        });
    }
    let log_form = integrate_pair(p, q, tol, Form::Log)?;
    // Where p and q nearly agree, p·(ln p − ln q) is a difference of nearly equal logs whose
    // rounding dwarfs a KL of 1e-15; p·(r − 1 − ln r), r = q/p, is ≥ 0 everywhere and keeps
    // the relative accuracy of ln q − ln p. Tried when the first bar is poor relative to KL.
    // The ratio form counts on q's mass being where the break points are (within p's range);
    // q's components far from p (1e-6 of it at x = 1000 against N(0, 1)) would be missed.
    let q_far = || {
        let (lo, hi) = (pu.quantile(1e-16), pu.quantile(1.0 - 1e-16));
        qu.cdf(lo) + qu.sf(hi)
    };
    if log_form.value.is_finite()
        && log_form.value < RATIO_FORM_BELOW
        && log_form.abs_error > tol.rel.max(1e-14) * log_form.value.abs()
        && q_far() <= Q_FAR_MAX
        && !on_circle(pu)
        && let Ok(ratio_form) = integrate_pair(p, q, tol, Form::Ratio)
        && ratio_form.abs_error < log_form.abs_error
    {
        return Ok(circle_slivers(pu, qu, ratio_form));
    }
    Ok(circle_slivers(pu, qu, log_form))
}

/// Whether a distribution has mass beyond 1e290, where x-space quadrature cannot place its
/// nodes (its rule's nodes and tail maps overflow before the integrand has decayed), and it is
/// not one that is integrated in ln x.
pub(crate) fn beyond_the_doubles(pu: &dyn crate::Univariate) -> bool {
    let (lo, hi) = (pu.quantile(1e-16), pu.quantile(1.0 - 1e-16));
    // A quantile that cannot be located (NaN) cannot be placed on the line either.
    let far = lo.is_nan() || hi.is_nan() || lo.abs().max(hi.abs()) > EDGE_OF_DOUBLES;
    far && !log_space(pu, f64::INFINITY)
}

/// A circular p's support is [−π, π] in doubles, [−PI, PI], which falls short of the circle by
/// PI_LO ≈ 1.2e-16 at each end; where p's mode sits at the seam (a von Mises of κ = 10⁶ at
/// μ = 3.14159 has density 400 there), the two slivers hold 3e-9 of a KL of 1.4e-5. The
/// integrand is constant across a sliver to rounding, so each adds its width times its value.
fn on_circle(pu: &dyn crate::Univariate) -> bool {
    let s = pu.support();
    s.lower == -std::f64::consts::PI && s.upper == std::f64::consts::PI
}

fn circle_slivers(pu: &dyn crate::Univariate, qu: &dyn crate::Univariate, r: Integral) -> Integral {
    use std::f64::consts::PI;
    let s = pu.support();
    if s.lower != -PI || s.upper != PI || !r.value.is_finite() {
        return r;
    }
    let at = |x: f64| {
        let lp = pu.ln_pdf(x);
        let lq = qu.ln_pdf(x);
        if lp == f64::NEG_INFINITY || !lq.is_finite() {
            0.0
        } else {
            lp.exp() * (lp - lq)
        }
    };
    let sliver = crate::dist::CIRCLE_PI_LO * (at(-PI) + at(PI));
    Integral {
        value: r.value + sliver,
        abs_error: r.abs_error + 4.0 * f64::EPSILON * sliver.abs(),
        ..r
    }
}

/// The most mass q may hold beyond p's 10⁻¹⁶ quantiles for the ratio form to be tried: q's
/// tails may differ from p's there, but not hide a component of their own.
const Q_FAR_MAX: f64 = 1e-12;

/// Beyond this magnitude, x-space quadrature refuses (ln-x space is unaffected).
const EDGE_OF_DOUBLES: f64 = 1e290;

/// KL values below this may be computed in the ratio form.
const RATIO_FORM_BELOW: f64 = 1e-2;

/// The integrand, a function of p and r = q/p at each point: p·(ln p − ln q) or p·(r − 1 − ln r)
/// for KL (the second's integral is KL less the mass of q outside p's support, which is added),
/// and the other measures' integrands, each in a form without cancellation where q ≈ p.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Form {
    /// KL: p (ln p − ln q).
    Log,
    /// KL: p (r − 1 − ln r).
    Ratio,
    /// H² = ½ ∫ (√p − √q)², as p·½(1 − √r)².
    Hellinger,
    /// TV = ½ ∫ |p − q|, as p·½|1 − r|.
    TotalVariation,
    /// JS = ½ ∫ p ln(2p/(p + q)) + q ln(2q/(p + q)).
    JensenShannon,
    /// ∫ p^α q^(1−α) − 1 = ∫ p (r^t − 1 − t(r − 1)) − t Q(off p's support), t = 1 − α: Rényi's
    /// integral less 1, whose integrand is second order in r − 1 and of one sign, so it keeps
    /// its digits as α → 1 or q → p.
    RenyiLessOne(f64),
    /// ∫ p^α q^(1−α) e^(−shift), for an order α < 1 where the integral is far below 1
    /// (distributions that barely overlap: I − 1 would round to −1 and lose I) and wherever I
    /// itself would over- or underflow (Laplaces 1000 apart at α = 2: I = ⅔e¹⁰⁰⁰): the shift,
    /// near the largest ln(p^α q^(1−α)), keeps the integrand in range, and ln I is the shift
    /// plus ln of this integral.
    RenyiIntegral(f64, f64),
    /// Differential entropy: −p ln p (q is p).
    Entropy,
}

impl Form {
    /// The weight of q's mass outside p's support in this integral.
    pub(crate) fn outside_weight(self) -> f64 {
        match self {
            Form::Log | Form::Entropy => 0.0,
            Form::Ratio => 1.0,
            Form::RenyiLessOne(a) => a - 1.0,
            Form::RenyiIntegral(..) => 0.0,
            Form::Hellinger | Form::TotalVariation => 0.5,
            Form::JensenShannon => 0.5 * std::f64::consts::LN_2,
        }
    }

    /// The integrand per unit of p's density where q = 0: +∞ for KL (and Rényi of order
    /// above 1).
    pub(crate) fn where_q_vanishes(self) -> f64 {
        match self {
            Form::Log | Form::Ratio | Form::Entropy => f64::INFINITY,
            Form::Hellinger | Form::TotalVariation => 0.5,
            Form::JensenShannon => 0.5 * std::f64::consts::LN_2,
            Form::RenyiLessOne(a) if a > 1.0 => f64::INFINITY,
            // r^t − 1 − t(r − 1) at r = 0.
            Form::RenyiLessOne(a) => -a,
            Form::RenyiIntegral(a, _) if a > 1.0 => f64::INFINITY,
            Form::RenyiIntegral(..) => 0.0,
        }
    }

    /// The integrand at a point where ln p = lp, ln q = lq (and, for entropy in u = ln x, the
    /// u itself, since −ln p is not invariant under the change of variable), and the magnitude
    /// of the terms its rounding scales with: the slope in ln q − ln p times the rounding of
    /// the logs, and the rounding of the density e^{ln p}.
    pub(crate) fn term(self, lp: f64, lq: f64, u: Option<f64>) -> (f64, f64) {
        if lp == f64::NEG_INFINITY && lq == f64::NEG_INFINITY {
            // Neither has mass here (two Poissons' far tails): nothing, where z = −∞ − (−∞)
            // would be NaN.
            return (0.0, 0.0);
        }
        let density = lp.exp();
        let z = lq - lp;
        let logs = 2.0 + lp.abs() + lq.abs();
        // (value, |∂value/∂z|): the second is the slope in the log-ratio, already times the
        // density, computed from the densities so that it neither overflows where q ≫ p nor
        // weighs ln q's rounding where q ≪ p (a normal q deep in a Cauchy p's tail).
        let (value, slope) = match self {
            Form::Log => (density * (lp - lq), density),
            Form::Ratio => (density * expm1_minus_x(z), density * z.exp_m1().abs()),
            Form::Hellinger => {
                let value = if z.abs() < 1.0 {
                    let h = (0.5 * z).exp_m1();
                    0.5 * density * h * h
                } else {
                    // Far apart neither root cancels, and r may overflow.
                    let d = (0.5 * lp).exp() - (0.5 * lq).exp();
                    0.5 * d * d
                };
                // ½ (√q − √p) √q
                (value, 0.5 * (lq.exp() - (0.5 * (lp + lq)).exp()).abs())
            }
            Form::TotalVariation => {
                let value = if z.abs() < 1.0 {
                    0.5 * density * z.exp_m1().abs()
                } else {
                    0.5 * (density - lq.exp()).abs()
                };
                (value, 0.5 * lq.exp())
            }
            Form::JensenShannon => {
                let q = lq.exp();
                // ½ q |ln(2q/(p + q))| = ½ q |ln 2 − ln(1 + p/q)|
                // ln(1 + e^(−z)) without overflow where q ≪ p (e^(1000)): then it is −z.
                let softplus = if -z > 36.0 { -z } else { (-z).exp().ln_1p() };
                let slope = 0.5 * q * (std::f64::consts::LN_2 - softplus).abs();
                (0.5 * crate::arrays::js_pair(density, q), slope)
            }
            Form::RenyiLessOne(a) => {
                let t = 1.0 - a;
                let value = if z < 1.0 {
                    density * crate::numerics::special::renyi_second_order(t, z)
                } else {
                    // q ≫ p: p r^t − p − t(q − p) from the densities, none of which overflow.
                    (lp + t * z).exp() - density - t * (lq.exp() - density)
                };
                // ∂/∂u of p(r^t − 1 − t(r − 1)) = t(p r^t − q)
                (value, (t * ((lp + t * z).exp() - lq.exp())).abs())
            }
            Form::RenyiIntegral(a, shift) => {
                // p^α q^(1−α) e^(−shift) = e^(ln p + (1 − α) z − shift); its slope in z is
                // (1 − α) times itself.
                let value = (lp + (1.0 - a) * z - shift).exp();
                (value, (1.0 - a).abs() * value)
            }
            Form::Entropy => {
                let lx = lp - u.unwrap_or(0.0);
                (-density * lx, density)
            }
        };
        let magnitude = slope * logs + value.abs() * (1.0 + lp.abs());
        (value, magnitude)
    }

    /// How much the integral may move per unit of p's mass the panels missed.
    fn cofactor(self, r: &Integral) -> f64 {
        match self {
            Form::Log | Form::Entropy => r.value.abs().max(1.0).max(r.magnitude),
            Form::Ratio => r.value.abs(),
            Form::Hellinger | Form::TotalVariation | Form::JensenShannon => 1.0,
            Form::RenyiLessOne(_) => r.value.abs().max(1.0),
            // Shifted, the integral has no fixed ceiling: relative to itself.
            Form::RenyiIntegral(..) => r.value.abs(),
        }
    }
}

/// ∫ over p's support in the given form, with the singular-end reflection and the mass check.
pub(crate) fn integrate_pair(
    p: &crate::Dist,
    q: &crate::Dist,
    tol: Tolerance,
    form: Form,
) -> Result<Integral, Error> {
    let (Some(pu), Some(qu)) = (p.as_univariate(), q.as_univariate()) else {
        return Err(Error::Dimension {
            operation: "quadrature (it needs one dimension; use Monte Carlo)",
            dist: format!("{p} ‖ {q}"),
        });
    };
    let s = pu.support();
    // ∫ₛ p(r − 1 − ln r) = KL − (1 − Q(S)): q's mass outside p's support S is added back, as
    // it is for the measures that weigh q's mass where p has none.
    let outside = if form.outside_weight() == 0.0 {
        0.0
    } else {
        let below = if s.lower > f64::NEG_INFINITY {
            qu.cdf(s.lower)
        } else {
            0.0
        };
        let above = if s.upper < f64::INFINITY {
            qu.sf(s.upper)
        } else {
            0.0
        };
        form.outside_weight() * (below + above)
    };
    let with_outside = |r: Integral| Integral {
        value: r.value + outside,
        abs_error: r.abs_error + 4.0 * f64::EPSILON * outside,
        ..r
    };
    // A density infinite at a finite upper end (beta(a, b) with b < 1) cannot be resolved in
    // x: floats are 1e-16 apart near 1, where half its mass within 1e-16 is 1e-8. Integrate the
    // upper half as the lower half of the reflected pair c − X (KL is invariant), where floats
    // reach 1e-300.
    if s.upper.is_finite() && s.lower.is_finite() && pu.ln_pdf(s.upper) == f64::INFINITY {
        let c = s.lower + s.upper;
        if let Some(pr) = reflect(p, c) {
            // q reflected too where its family allows; otherwise evaluated at c − x (q is
            // smooth where p is singular, or KL would be infinite there).
            let qr = reflect(q, c);
            let q_upper = match &qr {
                Some(qr) => QView::Direct(qr),
                None => QView::Mirrored(q, c),
            };
            let mid = 0.5 * c;
            let lower = lower_part(p, QView::Direct(q), tol, mid, form)?;
            let upper = lower_part(&pr, q_upper, tol, mid, form)?;
            let r = Integral {
                value: lower.value + upper.value,
                abs_error: lower.abs_error + upper.abs_error,
                evaluations: lower.evaluations + upper.evaluations,
                companion: lower.companion + upper.companion,
                magnitude: lower.magnitude + upper.magnitude,
            };
            return checked_mass(r, form, || {
                Ok(
                    mass_below(p, QView::Direct(q), tol, mid)?
                        + mass_below(&pr, q_upper, tol, mid)?,
                )
            })
            .map(with_outside);
        }
    }
    let r = lower_part(p, QView::Direct(q), tol, s.upper, form)?;
    checked_mass(r, form, || mass_below(p, QView::Direct(q), tol, s.upper)).map(with_outside)
}

/// How far the integrated mass of p may be from 1 before the panels are deemed to have missed
/// part of it. Panels adapt to the KL integrand, not to p, so the mass is only a Kronrod
/// estimate: this catches break points that never saw where p lives (a lognormal of σ = 1e300),
/// not small inaccuracies, which the error estimate covers.
const MASS_TOLERANCE: f64 = 1e-6;

/// The certificate that the integration saw p: its panels integrate p to 1. Where the KL
/// integrand is nearly 0 (p ≈ q) its panels stay coarse and their estimate of the mass is
/// rough, so a miss is confirmed by integrating p itself, adaptively, over the same breaks.
fn checked_mass(
    r: Integral,
    form: Form,
    careful_mass: impl FnOnce() -> Result<f64, Error>,
) -> Result<Integral, Error> {
    let off = |m: f64| m.is_nan() || (m - 1.0).abs() > MASS_TOLERANCE;
    if r.value.is_finite() && off(r.companion) && off(careful_mass()?) {
        return Err(Error::NotConverged {
            what: "quadrature (its panels hold a mass of p other than 1, so they missed where p lives)",
            value: r.value,
            abs_error: f64::INFINITY,
            evaluations: r.evaluations,
        });
    }
    // Within tolerance, a mass off by δ still moves KL by about δ times the integrand's
    // cofactor where it went missing: the log-ratio, bounded on average by the magnitude, or
    // for the ratio form r − 1 − ln r, of the order of KL itself; twice that joins the bar.
    let missing = (r.companion - 1.0).abs();
    if r.value.is_finite() && missing.is_finite() {
        // For the log form the magnitude bounds E_p|ln p − ln q|, where the missing mass sat.
        let cofactor = form.cofactor(&r);
        return Ok(Integral {
            abs_error: r.abs_error + 2.0 * missing * cofactor,
            ..r
        });
    }
    Ok(r)
}

/// ∫ p (ln p − ln q) over p's support below `end`, in x or, for a positive p that is singular
/// at 0 or spans many orders of magnitude, in u = ln x (KL is invariant under the change of
/// variable, and the density of u, p(eᵘ)eᵘ, is smooth and reaches masses below 1e-300).
fn lower_part(
    p: &crate::Dist,
    q: QView<'_>,
    tol: Tolerance,
    end: f64,
    form: Form,
) -> Result<Integral, Error> {
    let (Some(pu), Some(qu)) = (p.as_univariate(), q.dist().as_univariate()) else {
        return Err(Error::Dimension {
            operation: "quadrature (it needs one dimension; use Monte Carlo)",
            dist: format!("{p} ‖ {}", q.dist()),
        });
    };
    let log = log_space(pu, end) || integrand_singular_at_zero(pu, q.dist(), q);
    // Rényi's integrand of order below 1 lives where q has mass even where p has little
    // (q^(1−α) against p^α: an exponential p of rate 1e6 against a half-Cauchy q).
    let weighs_q = (form.outside_weight() != 0.0 && form != Form::Ratio)
        || matches!(form, Form::RenyiIntegral(a, _) if a < 1.0);
    let mut breaks = variable_breaks(p, q, end, log, weighs_q);
    let integrand = |t: f64| {
        // In ln x both log-densities are those of U = ln X: the Jacobians cancel in lp − lq.
        let lp = if log {
            crate::dist::ln_pdf_at_log(pu, t)
        } else {
            pu.ln_pdf(t)
        };
        let density = lp.exp();
        // The measure-zero point where an integrable density is infinite (beta(½, ½) at 0).
        if lp == f64::INFINITY {
            return Point::default();
        }
        // p = 0 (or p underflowed, where any finite ln q makes p·ln(p/q) vanish too): nothing
        // for KL, but q's own density for the measures that weigh q where p has none (a
        // Cauchy q's tail beyond where a Laplace p underflows holds 2e-3 of its mass).
        // Rényi's integrand e^(α ln p + (1−α) ln q) lives on where p alone underflows (two
        // Laplaces 1000 apart: e^(−500) all the way between them): from the logs below.
        // So does p^α q^(1−α) in Rényi's integral less 1: where p = e^(−700) underflows,
        // p^0.01 = e^(−7) still weighs q (an exponential of rate 1e6 against a half-Cauchy).
        let renyi = matches!(form, Form::RenyiIntegral(..) | Form::RenyiLessOne(_));
        if density == 0.0 && !(renyi && lp > f64::NEG_INFINITY) {
            let w = form.outside_weight();
            if w == 0.0 || form == Form::Ratio {
                return Point::default();
            }
            let lq = match (q, log) {
                (QView::Direct(_), true) => crate::dist::ln_pdf_at_log(qu, t),
                (QView::Direct(_), false) => qu.ln_pdf(t),
                (QView::Mirrored(_, c), true) => qu.ln_pdf(c - t.exp()) + t,
                (QView::Mirrored(_, c), false) => qu.ln_pdf(c - t),
            };
            let qd = lq.exp();
            return Point {
                value: w * qd,
                magnitude: if qd > 0.0 { qd * (1.0 + lq.abs()) } else { 0.0 },
                companion: 0.0,
            };
        }
        // The point where q is evaluated: x, or c − x for a mirrored q.
        let (lq, at) = match (q, log) {
            (QView::Direct(_), true) => (crate::dist::ln_pdf_at_log(qu, t), t.exp()),
            (QView::Direct(_), false) => (qu.ln_pdf(t), t),
            (QView::Mirrored(_, c), true) => (qu.ln_pdf(c - t.exp()) + t, c - t.exp()),
            (QView::Mirrored(_, c), false) => (qu.ln_pdf(c - t), c - t),
        };
        if lq == f64::NEG_INFINITY && !log && (at == qu.support().lower || at == qu.support().upper)
        {
            // q's density vanishing at an end of its support is a point of measure zero
            // (beta(1.2, 1.5) at 0 against a continuous Bernoulli), not mass q lacks.
            return Point::default();
        }
        if lq == f64::NEG_INFINITY {
            // q = 0 where p > 0 is an infinite KL; ln q = −∞ inside q's support is an overflow
            // (a Gumbel's e^{−z/β} beyond 1e308), where nothing can be computed: NaN says so.
            let inside = ln_q_overflowed(q.dist(), at) || (log && (at == 0.0 || at.is_infinite()));
            // For the bounded measures q's overflowed log is simply q ≈ 0 there.
            if inside && form.where_q_vanishes().is_infinite() {
                return Point {
                    value: f64::NAN,
                    ..Point::default()
                };
            }
            let per_density = form.where_q_vanishes();
            return Point {
                value: if per_density.is_infinite() {
                    per_density
                } else {
                    density * per_density
                },
                magnitude: density * per_density.abs() * (1.0 + lp.abs()),
                companion: density,
            };
        }
        let (value, magnitude) = form.term(lp, lq, log.then_some(t));
        Point {
            value,
            magnitude,
            companion: density,
        }
    };
    if form == Form::TotalVariation {
        // |p − q| has a kink wherever p = q: a rule whose panel holds one converges slowly and
        // its error estimate can miss (halfnormal ‖ exponential, off by 3 bars), so the
        // crossings become break points.
        let z = |t: f64| {
            let (lp, lq) = match (q, log) {
                (QView::Direct(_), true) => (
                    crate::dist::ln_pdf_at_log(pu, t),
                    crate::dist::ln_pdf_at_log(qu, t),
                ),
                (QView::Direct(_), false) => (pu.ln_pdf(t), qu.ln_pdf(t)),
                (QView::Mirrored(_, c), true) => (
                    crate::dist::ln_pdf_at_log(pu, t),
                    qu.ln_pdf(c - t.exp()) + t,
                ),
                (QView::Mirrored(_, c), false) => (pu.ln_pdf(t), qu.ln_pdf(c - t)),
            };
            lq - lp
        };
        breaks = with_crossings(breaks, z);
    }
    if let Form::RenyiIntegral(a, _) = form {
        breaks = around_the_peak(breaks, a, |t| integrand(t).value);
    }
    let mut tails = reach(&integrand, &breaks);
    if tails.iter().any(|t| t.beyond) {
        return Err(Error::MethodFailed {
            method: "quadrature",
            reason: "the integrand falls like a power so slowly that its integral lies beyond \
                     the largest double (KL is finite but out of reach, or infinite)",
        });
    }
    if log && let Some(decay) = lower_tail_scale(pu, &breaks) {
        tails[0].scale = Some(tails[0].scale.map_or(decay, |l| l.max(decay)));
    }
    let breaks = graded(breaks, &tails);
    integrate_with_tails(integrand, &breaks, tol, tails).map_err(|e| match e {
        Error::InvalidArgument { .. } => Error::MethodFailed {
            method: "quadrature",
            reason: "ln q overflows to −∞ inside q's support where p has mass: the integrand \
                     is not representable in double precision there",
        },
        other => other,
    })
}

/// Break points graded by factors of 4 from the body's scale out to a far tail's scale: a tail
/// mapped on a scale 10⁴ times the body's leaves whatever happens within one body-width of the
/// last break (a q's e^u term in ln-x space) between the rule's nodes, where neither Gauss nor
/// Kronrod sees it.
fn graded(mut breaks: Vec<f64>, tails: &[Tail; 2]) -> Vec<f64> {
    let finite: Vec<f64> = breaks.iter().copied().filter(|b| b.is_finite()).collect();
    let (Some(&first), Some(&last)) = (finite.first(), finite.last()) else {
        return breaks;
    };
    let body = if last > first {
        0.5 * (last - first)
    } else {
        1.0
    };
    let mut extra = Vec::new();
    for (tail, end, direction) in [(&tails[0], first, -1.0), (&tails[1], last, 1.0)] {
        let infinite = if direction < 0.0 {
            breaks.first() == Some(&f64::NEG_INFINITY)
        } else {
            breaks.last() == Some(&f64::INFINITY)
        };
        if let (true, Some(scale)) = (infinite, tail.scale) {
            let mut step = body;
            while step < 0.25 * scale {
                extra.push(end + direction * step);
                step *= 4.0;
            }
        }
    }
    breaks.extend(extra);
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    breaks
}

/// Where the integrand's mass lies beyond each infinite end's last finite break, when it lies
/// far beyond: probes at b ± L₀·4ʲ (L₀ the integrator's default scale) weigh |f| by the probe's
/// distance, and if that contribution peaks beyond the first probes, the peak's distance becomes
/// the tail's scale (it then maps to t = ½). A lognormal p against a weibull q of shape 5 has
/// its integrand peak at 10¹¹ while p's body ends at 10⁴: on the default scale it would sit at
/// 1 − t ~ 10⁻⁸, where t has no digits left. Tails that simply decay (a power law, whose
/// mapped integrand is smooth in t) keep the default.
fn reach(integrand: &impl Fn(f64) -> Point, breaks: &[f64]) -> [Tail; 2] {
    let finite: Vec<f64> = breaks.iter().copied().filter(|b| b.is_finite()).collect();
    let (Some(&first), Some(&last)) = (finite.first(), finite.last()) else {
        return [Tail::default(); 2];
    };
    let span = last - first;
    let default = 0.5 * if span > 0.0 { span } else { 1.0 };
    let probe = |from: f64, direction: f64| -> Tail {
        let (mut best, mut at) = (f64::NEG_INFINITY, 0.0);
        let mut step = default;
        let mut weights = Vec::with_capacity(30);
        for _ in 0..30 {
            let x = from + direction * step;
            let weight = (integrand(x).value.abs() * step).ln();
            if !x.is_finite() || weight.is_nan() || weight == f64::INFINITY {
                break;
            }
            weights.push(weight);
            if weight > best {
                (best, at) = (weight, step);
            }
            // Far below its peak and falling: nothing further out can matter (a Gaussian tail
            // is done after a few probes).
            if weight < best - 60.0 {
                break;
            }
            step *= 4.0;
        }
        // A tail whose contribution per factor of 4 in distance falls by less than 4^−1.5 per
        // step (or stays flat), between the 4th and 8th probes, falls like x^−2.5 or slower: a
        // power law, whose integral beyond 10¹⁶ scales still counts. (Clearly rising there, it
        // is a far bulk, which the scale above places.)
        let power_law = match (weights.get(4), weights.get(8)) {
            (Some(&w4), Some(&w8)) => {
                w8.is_finite() && w8 <= w4 + 1.0 && w4 - w8 < 4.0 * 1.5 * 4f64.ln()
            }
            _ => false,
        };
        // A power law still carrying weight at 10¹⁰⁰ (where densities of x⁻³ are still
        // representable) has its integral beyond the doubles: t₂.₀₀₀₀₀₁‖N(0, 1) = 10⁶ lives
        // at x ~ e^{10⁶}.
        let far = from + direction * 1e100;
        let beyond = power_law && (integrand(far).value.abs() * 1e100).ln() >= best - 35.0;
        Tail {
            scale: (at > 4.0 * default).then_some(at),
            power_law,
            beyond,
        }
    };
    let lower = if breaks.first() == Some(&f64::NEG_INFINITY) {
        probe(first, -1.0)
    } else {
        Tail::default()
    };
    let upper = if breaks.last() == Some(&f64::INFINITY) {
        probe(last, 1.0)
    } else {
        Tail::default()
    };
    [lower, upper]
}

/// The length over which the density of u = ln X falls by e below the first finite break:
/// 1/k for a gamma of shape k (whose lower tail in u is e^{ku}), up to 10⁵ times the break
/// points' own span. Measured over one unit of u.
fn lower_tail_scale(pu: &dyn crate::Univariate, breaks: &[f64]) -> Option<f64> {
    let u0 = breaks.iter().copied().find(|b| b.is_finite())?;
    let g = |u: f64| crate::dist::ln_pdf_at_log(pu, u);
    let slope = g(u0) - g(u0 - 1.0);
    (slope > 0.0 && slope.is_finite()).then(|| (1.0 / slope).min(1e15))
}

/// eˣ − 1 − x, without cancellation near 0 (its Taylor series there).
fn expm1_minus_x(x: f64) -> f64 {
    if x.abs() > 0.5 {
        return x.exp_m1() - x;
    }
    // x²/2! + x³/3! + …: terms fall by at least 4 each, 30 are far more than enough.
    let mut term = 0.5 * x * x;
    let mut sum = 0.0f64;
    let mut k = 2.0;
    while term.abs() > 1e-18 * sum.abs() && k < 40.0 {
        sum += term;
        k += 1.0;
        term *= x / k;
    }
    sum
}

/// A body spanning more than this ratio between its 0.1 % and 99.9 % quantiles is integrated
/// in ln x.
const LOG_SPAN: f64 = 1e6;

/// Whether p (on a support within [0, end)) is integrated in u = ln x: singular at 0, or a
/// body spanning many orders of magnitude (lognormal(0, 30), a Pareto of index 0.2).
fn log_space(pu: &dyn crate::Univariate, end: f64) -> bool {
    let lower = pu.support().lower;
    if lower.is_nan() || lower < 0.0 {
        return false;
    }
    if lower == 0.0 && pu.ln_pdf(0.0) == f64::INFINITY {
        return true;
    }
    let (lo, hi) = (pu.quantile(1e-3), pu.quantile(1.0 - 1e-3).min(end));
    // A 0.1 % quantile that underflows to 0 is itself many orders of magnitude away.
    !(lo > 0.0 && hi / lo < LOG_SPAN)
}

/// Whether the KL integrand of a p supported from 0 carries weight in every decade down to 0:
/// p(x)·|ln p − ln q|·x, its mass per unit of ln x, compared at 10⁻⁸ and 10⁻²; a q whose
/// ln-density falls like −s/x against a p of density ~x^0.05 (weibull(1.05)‖inverse gamma)
/// makes an integrand ~x^−0.95, which ln x handles and x does not.
fn integrand_singular_at_zero(pu: &dyn crate::Univariate, qd: &crate::Dist, q: QView<'_>) -> bool {
    if pu.support().lower != 0.0 || matches!(q, QView::Mirrored(..)) {
        return false;
    }
    let Some(qu) = qd.as_univariate() else {
        return false;
    };
    let weight = |x: f64| {
        let (lp, lq) = (pu.ln_pdf(x), qu.ln_pdf(x));
        (lp.exp() * (lp - lq).abs() * x).abs()
    };
    let (near, far) = (weight(1e-8), weight(1e-2));
    near.is_finite() && far.is_finite() && far > 0.0 && near > 1e-3 * far
}

/// Whether ln q = −∞ at x is an overflow of its formula rather than a true zero: x inside the
/// open support, and for a mixture inside some component's open support (not in a gap).
fn ln_q_overflowed(q: &crate::Dist, x: f64) -> bool {
    let interior = |d: &crate::Dist| {
        d.as_univariate().is_some_and(|u| {
            let s = u.support();
            x > s.lower && x < s.upper
        })
    };
    match q {
        crate::Dist::Mixture(m) => m.components().iter().any(interior),
        other => interior(other),
    }
}

/// q as the integrand sees it: itself, or mirrored about c (evaluated at c − x) for the upper
/// half of a pair whose p was reflected and whose q's family has no reflected form.
#[derive(Clone, Copy)]
enum QView<'a> {
    Direct(&'a crate::Dist),
    Mirrored(&'a crate::Dist, f64),
}

impl QView<'_> {
    fn dist(&self) -> &crate::Dist {
        match self {
            QView::Direct(d) | QView::Mirrored(d, _) => d,
        }
    }
}

/// The break points of the pair below `end`, in the integration variable (x, or ln x).
fn variable_breaks(p: &crate::Dist, q: QView<'_>, end: f64, log: bool, weighs_q: bool) -> Vec<f64> {
    let mut breaks =
        match q {
            QView::Direct(q) => break_points_weighing(p, q, weighs_q),
            QView::Mirrored(q, c) => {
                // p's own points, and q's (landmarks, kinks, ends, quantiles) mirrored into p's
                // coordinate, kept inside p's support.
                let mut points = break_points(p, p);
                let s = p.as_univariate().map(|u| u.support());
                for piece in pieces(q) {
                    let e = piece.support();
                    let mut own = piece.landmarks();
                    own.extend(piece.kinks());
                    own.extend([
                        e.lower,
                        e.upper,
                        piece.quantile(1e-3),
                        piece.quantile(1.0 - 1e-3),
                    ]);
                    points.extend(own.into_iter().map(|x| c - x).filter(|x| {
                        s.is_some_and(|s| x.is_finite() && *x > s.lower && *x < s.upper)
                    }));
                }
                points.sort_by(f64::total_cmp);
                points.dedup();
                points
            }
        };
    breaks.retain(|&x| x < end);
    breaks.push(end);
    if log {
        // A support starting at 0 becomes u → −∞; one starting above 0 (a Pareto's scale)
        // keeps its end, ln of it, among the mapped points.
        let from_zero = p.as_univariate().is_some_and(|u| u.support().lower == 0.0);
        breaks.retain(|&x| x > 0.0);
        let head = from_zero.then_some(f64::NEG_INFINITY);
        breaks = head
            .into_iter()
            .chain(breaks.into_iter().map(f64::ln))
            .collect();
        breaks.dedup();
    }
    breaks
}

/// ∫ p over p's support below `end`, on the break points of the pair (in the variable that
/// `lower_part` uses).
fn mass_below(p: &crate::Dist, q: QView<'_>, tol: Tolerance, end: f64) -> Result<f64, Error> {
    let Some(pu) = p.as_univariate() else {
        return Ok(f64::NAN);
    };
    let log = log_space(pu, end);
    let breaks = variable_breaks(p, q, end, log, false);
    let tails = [
        Tail {
            scale: if log {
                lower_tail_scale(pu, &breaks)
            } else {
                None
            },
            ..Tail::default()
        },
        Tail::default(),
    ];
    let density = |t: f64| {
        let d = if log {
            crate::dist::ln_pdf_at_log(pu, t).exp()
        } else {
            pu.pdf(t)
        };
        Point {
            value: if d.is_finite() { d } else { 0.0 },
            ..Point::default()
        }
    };
    let mass_tol = Tolerance {
        abs: 0.1 * MASS_TOLERANCE,
        rel: 0.0,
        max_evaluations: tol.max_evaluations,
    };
    Ok(integrate_with_tails(density, &breaks, mass_tol, tails).map_or(f64::NAN, |m| m.value))
}

/// The mixture of `f` applied to each component, with the same weights, if every component
/// maps.
fn per_component(
    m: &crate::Mixture,
    f: impl Fn(&crate::Dist) -> Option<crate::Dist>,
) -> Option<crate::Dist> {
    let parts: Option<Vec<_>> = m
        .weights()
        .iter()
        .zip(m.components())
        .map(|(&w, comp)| f(comp).map(|d| (w, d)))
        .collect();
    Some(crate::Mixture::new(parts?).ok()?.into())
}

/// The distribution of X − c, for the location families (and mixtures of them), when every
/// location moves exactly (Sterbenz: within a factor 2 of c, or equal to it): KL is invariant
/// under a common shift, and quadrature about 0 resolves a unit scale that the doubles near
/// 1e12 cannot (their spacing there is 1.2e-4). `None` otherwise.
pub(crate) fn translate(d: &crate::Dist, c: f64) -> Option<crate::Dist> {
    use crate::Dist as D;
    let exact = |x: f64| {
        let moved = x - c;
        (x == c || (x / 2.0 <= c && c <= 2.0 * x) || (x / 2.0 >= c && c >= 2.0 * x))
            .then_some(moved)
    };
    Some(match d {
        D::Normal(n) => crate::Normal::new(exact(n.mu())?, n.sigma()).ok()?.into(),
        D::Laplace(n) => crate::Laplace::new(exact(n.loc())?, n.scale()).ok()?.into(),
        D::Cauchy(n) => crate::Cauchy::new(exact(n.loc())?, n.scale()).ok()?.into(),
        D::Logistic(n) => crate::Logistic::new(exact(n.loc())?, n.scale())
            .ok()?
            .into(),
        D::Gumbel(n) => crate::Gumbel::new(exact(n.loc())?, n.scale()).ok()?.into(),
        D::StudentT(n) => crate::StudentT::new(n.df(), exact(n.loc())?, n.scale())
            .ok()?
            .into(),
        D::Mixture(m) => per_component(m, |comp| translate(comp, c))?,
        _ => return None,
    })
}

/// The distribution of c − X, for the families closed under reflection (beta only about 1).
fn reflect(d: &crate::Dist, c: f64) -> Option<crate::Dist> {
    use crate::Dist as D;
    Some(match d {
        D::Normal(n) => crate::Normal::new(c - n.mu(), n.sigma()).ok()?.into(),
        D::Laplace(n) => crate::Laplace::new(c - n.loc(), n.scale()).ok()?.into(),
        D::Cauchy(n) => crate::Cauchy::new(c - n.loc(), n.scale()).ok()?.into(),
        D::Logistic(n) => crate::Logistic::new(c - n.loc(), n.scale()).ok()?.into(),
        D::StudentT(n) => crate::StudentT::new(n.df(), c - n.loc(), n.scale())
            .ok()?
            .into(),
        D::Uniform(u) => crate::Uniform::new(c - u.high(), c - u.low()).ok()?.into(),
        D::Beta(b) if c == 1.0 => crate::Beta::new(b.beta(), b.alpha()).ok()?.into(),
        D::Mixture(m) => per_component(m, |comp| reflect(comp, c))?,
        _ => return None,
    })
}

/// The univariate pieces of a distribution: itself, or a mixture's components.
fn pieces(d: &crate::Dist) -> Vec<&dyn crate::Univariate> {
    match d {
        crate::Dist::Mixture(m) => m
            .components()
            .iter()
            .filter_map(|c| c.as_univariate())
            .collect(),
        other => other.as_univariate().into_iter().collect(),
    }
}

/// A piece narrower than this fraction of the widest gets graded break points around it.
const NARROW_PIECE: f64 = 0.01;

/// Where the log-density of a mixture bends: between the modes of components adjacent in
/// location, the point where their weighted densities are equal (one takes over from the other
/// there, over a width that can be far below the components' own: ±1000 apart with σ = 1 it
/// is 10⁻³). Found by bisection on the difference g of the weighted log densities; around it,
/// points graded by factors of 4 from the bend's width 1/|g′| out to the modes, so that panels
/// as narrow as the bend meet it (a rule whose nodes all miss the bend would agree with itself
/// on a wrong value).
fn crossings(m: &crate::Mixture) -> Vec<f64> {
    /// A bend narrower than this fraction of half the distance between the modes is sharp.
    const SHARP_BEND: f64 = 0.02;
    let mut located: Vec<(f64, f64, &dyn crate::Univariate)> = m
        .weights()
        .iter()
        .zip(m.components())
        .filter_map(|(&w, c)| {
            let u = c.as_univariate()?;
            let mode = u.landmarks().first().copied()?;
            Some((mode, w.ln(), u))
        })
        .filter(|(mode, _, _)| mode.is_finite())
        .collect();
    located.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    for pair in located.windows(2) {
        let [(x0, lw0, f0), (x1, lw1, f1)] = pair else {
            continue;
        };
        let g = |x: f64| (lw0 + f0.ln_pdf(x)) - (lw1 + f1.ln_pdf(x));
        // A bend is sharp only where g changes fast: judged at the midpoint first, so that
        // overlapping components (the seed's mixture) cost two evaluations, not a bisection.
        let (mid, half) = (0.5 * (x0 + x1), 0.5 * (x1 - x0));
        let h = 1e-7 * (x1 - x0);
        let mid_slope = ((g(mid + h) - g(mid - h)) / (2.0 * h)).abs();
        if mid_slope.is_finite() && 1.0 / mid_slope >= SHARP_BEND * half {
            continue;
        }
        let (mut a, mut b) = (*x0, *x1);
        let (ga, gb) = (g(a), g(b));
        // Only a sign change is a crossing (a dominated component never takes over).
        if !(a < b && ga > 0.0 && gb < 0.0) {
            continue;
        }
        for _ in 0..200 {
            let mid = 0.5 * (a + b);
            if !(mid > a && mid < b) {
                break;
            }
            match g(mid) {
                v if v > 0.0 => a = mid,
                v if v < 0.0 => b = mid,
                _ => {
                    a = mid;
                    break;
                }
            }
        }
        let h = 1e-7 * (x1 - x0);
        let slope = (g(a + h) - g(a - h)) / (2.0 * h);
        let half_gap = 0.5 * (x1 - x0);
        let mut w = 1.0 / slope.abs();
        // A bend as wide as the gap between the modes is smooth: the rule sees it unaided.
        if w.is_nan() || w >= SHARP_BEND * half_gap {
            continue;
        }
        out.push(a);
        while w.is_finite() && w > 0.0 && w < half_gap {
            out.extend([a - w, a + w]);
            w *= 4.0;
        }
    }
    out
}

/// Whether KL(p‖q) is finite, where the closed-form registry can tell: its value for a pair it
/// knows; for mixtures, finite when every component of p has a component of q against which
/// its cross-entropy is finite (−ln q ≤ −ln wⱼ − ln qⱼ for every j). `None` when unknown, and
/// the tail test decides.
fn known_finite(p: &crate::Dist, q: &crate::Dist) -> Option<bool> {
    if let Ok(Some(e)) = super::closed_form::kl_exact(p, q) {
        return Some(e.value.is_finite());
    }
    let parts = |d: &crate::Dist| -> Vec<crate::Dist> {
        match d {
            crate::Dist::Mixture(m) => m.components().to_vec(),
            other => vec![other.clone()],
        }
    };
    let (ps, qs) = (parts(p), parts(q));
    let every_p_covered = ps.iter().all(|pi| {
        pi.entropy().is_some_and(f64::is_finite)
            && qs.iter().any(|qj| {
                matches!(
                    super::closed_form::cross_entropy(pi, qj),
                    Ok(Some(h)) if h.is_finite()
                )
            })
    });
    every_p_covered.then_some(true)
}

/// Tails at most Gaussian: E_p[−ln q] is finite for every q of ours (−ln q grows at most like
/// x², or like e^{x/β} for a Gumbel's left tail), so no tail test is needed.
fn gaussian_or_lighter(u: &dyn crate::Univariate) -> bool {
    let s = u.support();
    if s.lower.is_finite() && s.upper.is_finite() {
        return true;
    }
    // A normal's density falls like e^{−z²/2}: compare the density three scales out.
    match (u.mean(), u.variance()) {
        (Some(m), Some(v)) if v.is_finite() && v > 0.0 => {
            let sd = v.sqrt();
            let peak = u.ln_pdf(m);
            [-1.0, 1.0].iter().all(|side: &f64| {
                let far = m + side * 12.0 * sd;
                !s.contains(far)
                    || u.ln_pdf(far) <= peak - 0.5 * 144.0 * 0.9
                    || u.support().discrete
            })
        }
        _ => false,
    }
}

/// How many of its own widths (between its 0.1 % and 99.9 % quantiles) a panel must span before
/// a piece of p's tail quantiles inside it become points.
const ISOLATED: f64 = 8.0;

/// The sorted break points inside p's support, with its ends (possibly infinite) first and last.
pub(crate) fn break_points(p: &crate::Dist, q: &crate::Dist) -> Vec<f64> {
    break_points_weighing(p, q, false)
}

/// [`break_points`], keeping also the points where q has mass when the integrand weighs q
/// itself (TV, Hellinger, JS: a uniform q's jumps far out in a von Mises p's tail carry
/// ½ of q's mass each side).
pub(crate) fn break_points_weighing(p: &crate::Dist, q: &crate::Dist, weighs_q: bool) -> Vec<f64> {
    let Some(pu) = p.as_univariate() else {
        return Vec::new();
    };
    let s = pu.support();
    let all: Vec<&dyn crate::Univariate> = pieces(p).into_iter().chain(pieces(q)).collect();
    let mut inner = Vec::new();
    let mut kinks = Vec::new();
    let mut narrowest = f64::INFINITY;
    let mut bodies = Vec::with_capacity(all.len());
    for piece in &all {
        // Landmarks are kept however close, as kinks are: a quantile range can be wide while
        // the density is narrow (a von Mises peak split by ±π has its 0.1% and 99.9% quantiles
        // near −π and π), and a landmark is where the density says it changes.
        kinks.extend(piece.landmarks());
        kinks.extend(piece.kinks());
        let e = piece.support();
        kinks.extend([e.lower, e.upper].into_iter().filter(|x| x.is_finite()));
        let (lo, hi) = (piece.quantile(1e-3), piece.quantile(1.0 - 1e-3));
        inner.extend([lo, hi]);
        if hi - lo > 0.0 {
            narrowest = narrowest.min(hi - lo);
            bodies.push((lo, hi));
        }
    }
    // A piece far narrower than the widest leaves a boundary layer of its own width beyond its
    // quantiles (a logistic q of scale 10⁻³ against p of scale 1: 5·10⁻⁷ of KL within 10⁻³ of
    // q's 99.9 % point), which a panel as wide as p's body would step over with every node:
    // points graded by factors of 4 from its width out to the widest, never merged away.
    let widest = bodies.iter().map(|(lo, hi)| hi - lo).fold(0.0f64, f64::max);
    for &(lo, hi) in &bodies {
        let w = hi - lo;
        if w < NARROW_PIECE * widest {
            let mut step = w;
            while step < widest {
                kinks.extend([lo - step, hi + step]);
                step *= 4.0;
            }
        }
    }
    // Points where p has no mass to speak of (a Cauchy q's 99.9% quantile at 318 against a
    // normal p) only add wide segments for bisection to cut down: keep those inside the range
    // holding all but 1e-16 of p.
    let holding: Vec<&dyn crate::Univariate> = if weighs_q {
        pieces(p).into_iter().chain(pieces(q)).collect()
    } else {
        pieces(p)
    };
    let (lo, hi) = holding
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), u| {
            (lo.min(u.quantile(1e-16)), hi.max(u.quantile(1.0 - 1e-16)))
        });
    for d in [p, q] {
        if let crate::Dist::Mixture(m) = d {
            kinks.extend(crossings(m));
        }
    }
    let keep = |x: &f64| x.is_finite() && *x > s.lower && *x < s.upper && !(*x < lo || *x > hi);
    inner.retain(keep);
    inner.sort_by(f64::total_cmp);
    kinks.retain(keep);
    // Quantile points closer than a fraction of the narrowest piece's width add a segment and
    // no information: keep one.
    let merge = if narrowest.is_finite() {
        0.05 * narrowest
    } else {
        0.0
    };
    let mut pts = vec![s.lower];
    for x in inner {
        let last = pts[pts.len() - 1];
        let gap = x - last;
        if last.is_infinite() || (gap > merge && gap > 1e-9 * x.abs().max(last.abs()).max(1e-300)) {
            pts.push(x);
        }
    }
    // Kinks are never merged away: a rule stepping over one converges slowly and, worse,
    // its two estimates can agree on a wrong value.
    pts.extend(kinks);
    pts.sort_by(f64::total_cmp);
    pts.dedup();
    // A component of a mixture p far from every other point (10⁵ σ apart) would leave its
    // outer 0.1 % at the end of a panel thousands of its widths long, whose nodes all miss it:
    // its tail quantiles that fall in such a panel become points too.
    let mut tails = Vec::new();
    let finite: Vec<f64> = pts.iter().copied().filter(|x| x.is_finite()).collect();
    let span = finite.last().copied().unwrap_or(0.0) - finite.first().copied().unwrap_or(0.0);
    let components = match p {
        crate::Dist::Mixture(_) => pieces(p),
        _ => Vec::new(),
    };
    for piece in components {
        let (lo, hi) = (piece.quantile(1e-3), piece.quantile(1.0 - 1e-3));
        let w = hi - lo;
        if w.is_nan() || w <= 0.0 {
            continue;
        }
        for level in [1e-6, 1e-10, 1e-16] {
            for t in [piece.quantile(level), piece.quantile(1.0 - level)] {
                // The panel that t falls in, as the points stand.
                let at = pts.partition_point(|&x| x <= t);
                let (a, b) = (
                    pts[..at].last().copied().unwrap_or(f64::NEG_INFINITY),
                    pts.get(at).copied().unwrap_or(f64::INFINITY),
                );
                // An outer panel is mapped onto a tail with the length scale of all the points,
                // which is too coarse for this piece only when the points span far more than it.
                let long = if a.is_finite() && b.is_finite() {
                    b - a
                } else {
                    span
                };
                if long > ISOLATED * w {
                    tails.push(t);
                }
            }
        }
    }
    if !tails.is_empty() {
        tails.retain(keep);
        pts.extend(tails);
        pts.sort_by(f64::total_cmp);
        pts.dedup();
    }
    if pts.len() == 1 && s.lower.is_infinite() && s.upper.is_infinite() {
        pts.push(0.0);
    }
    pts.push(s.upper);
    pts
}

/// Whether ∫ p (ln p − ln q) diverges in p's upper (or lower) tail.
///
/// At points where p's tail mass is 10⁻⁸, 10⁻¹⁶, …, 10⁻¹²⁸, the tail contribution behaves like
/// tail·(ln p − ln q): it falls toward 0 when the integral converges (a normal p against any q of
/// ours) and stays level or grows when it diverges (a Cauchy p against a normal q, where the
/// mass 10⁻ᵏ sits at x ≈ 10ᵏ and −ln q grows like x²).
fn tail_diverges(p: &dyn crate::Univariate, q: &dyn crate::Univariate, upper: bool) -> bool {
    let mut previous = f64::NEG_INFINITY;
    let mut rising = 0;
    for k in [8, 16, 32, 64, 128] {
        let mass = 10f64.powi(-k);
        let x = tail_point(p, mass, upper);
        if !x.is_finite() {
            return false;
        }
        let lp = p.ln_pdf(x);
        let lq = q.ln_pdf(x);
        if lp == f64::NEG_INFINITY {
            return false;
        }
        let t = mass * (lp - lq);
        if t == f64::INFINITY {
            return true;
        }
        if t > 0.0 && t >= previous * 0.999 {
            rising += 1;
        } else {
            rising = 0;
        }
        previous = t;
    }
    rising >= 3
}

/// The point beyond which p has the given tail mass.
fn tail_point(p: &dyn crate::Univariate, mass: f64, upper: bool) -> f64 {
    let s = p.support();
    let target = mass.ln();
    let guess = p.landmarks().first().copied().unwrap_or(0.0);
    if upper {
        crate::numerics::root::solve_increasing(|x| target - p.sf(x).ln(), s.lower, s.upper, guess)
    } else {
        crate::numerics::root::solve_increasing(|x| p.cdf(x).ln() - target, s.lower, s.upper, guess)
    }
}

/// A length that sets a distribution's scale: its scale parameter (σ, b, 1/rate), and for a
/// mixture the largest of its components'. `None` for a family without one (beta, von Mises,
/// the discrete families), which are never rescaled.
pub(crate) fn scale_of(d: &crate::Dist) -> Option<f64> {
    use crate::Dist as D;
    Some(match d {
        D::Normal(n) => n.sigma(),
        D::Laplace(n) => n.scale(),
        D::Cauchy(n) => n.scale(),
        D::Logistic(n) => n.scale(),
        D::Gumbel(n) => n.scale(),
        D::StudentT(n) => n.scale(),
        D::Uniform(u) => u.high() - u.low(),
        D::Exponential(e) => 1.0 / e.rate(),
        D::Gamma(g) => 1.0 / g.rate(),
        D::HalfNormal(h) => h.scale(),
        D::HalfCauchy(h) => h.scale(),
        D::Weibull(w) => w.scale(),
        D::Pareto(w) => w.scale(),
        D::InverseGamma(g) => g.scale(),
        D::Mixture(m) => m
            .components()
            .iter()
            .map(scale_of)
            .try_fold(0.0f64, |acc, s| s.map(|s| acc.max(s)))?,
        _ => return None,
    })
}

/// The distribution of 2ᵏX, for the scale families (and mixtures of them), when every
/// parameter moves exactly (a power of two moves a double exactly unless it leaves the normal
/// range: checked by moving it back). Every measure between two distributions is invariant
/// under a common bijection, so a pair at scale 1e300 (whose densities, landmarks and tail maps
/// overflow) is integrated at scale 1. `None` otherwise.
pub(crate) fn rescale(d: &crate::Dist, k: i32) -> Option<crate::Dist> {
    use crate::Dist as D;
    let up = 2f64.powi(k);
    let down = 2f64.powi(-k);
    // x·2ᵏ, and only if (x·2ᵏ)·2⁻ᵏ gives x back (no underflow to a subnormal, no overflow).
    let times = |x: f64| {
        let y = x * up;
        (y.is_finite() && y * down == x && (y == 0.0 || y.abs() >= f64::MIN_POSITIVE)).then_some(y)
    };
    let per = |x: f64| {
        let y = x * down;
        (y.is_finite() && y * up == x && (y == 0.0 || y.abs() >= f64::MIN_POSITIVE)).then_some(y)
    };
    Some(match d {
        D::Normal(n) => crate::Normal::new(times(n.mu())?, times(n.sigma())?)
            .ok()?
            .into(),
        D::Laplace(n) => crate::Laplace::new(times(n.loc())?, times(n.scale())?)
            .ok()?
            .into(),
        D::Cauchy(n) => crate::Cauchy::new(times(n.loc())?, times(n.scale())?)
            .ok()?
            .into(),
        D::Logistic(n) => crate::Logistic::new(times(n.loc())?, times(n.scale())?)
            .ok()?
            .into(),
        D::Gumbel(n) => crate::Gumbel::new(times(n.loc())?, times(n.scale())?)
            .ok()?
            .into(),
        D::StudentT(n) => crate::StudentT::new(n.df(), times(n.loc())?, times(n.scale())?)
            .ok()?
            .into(),
        D::Uniform(u) => crate::Uniform::new(times(u.low())?, times(u.high())?)
            .ok()?
            .into(),
        D::Exponential(e) => crate::Exponential::new(per(e.rate())?).ok()?.into(),
        D::Gamma(g) => crate::Gamma::new(g.shape(), per(g.rate())?).ok()?.into(),
        D::HalfNormal(h) => crate::HalfNormal::new(times(h.scale())?).ok()?.into(),
        D::HalfCauchy(h) => crate::HalfCauchy::new(times(h.scale())?).ok()?.into(),
        D::Weibull(w) => crate::Weibull::new(w.shape(), times(w.scale())?)
            .ok()?
            .into(),
        D::Pareto(w) => crate::Pareto::new(times(w.scale())?, w.alpha())
            .ok()?
            .into(),
        D::InverseGamma(g) => crate::InverseGamma::new(g.shape(), times(g.scale())?)
            .ok()?
            .into(),
        D::Mixture(m) => per_component(m, |comp| rescale(comp, k))?,
        _ => return None,
    })
}

/// Scales outside [2⁻³², 2³²] are divided out before quadrature; within, the densities and
/// landmarks are far from over- and underflow and the pair is integrated as given.
const RESCALE_BEYOND: i32 = 32;

/// The pair moved to unit scale by a common power of two, where p's scale is outside
/// [2⁻³², 2³²] and every parameter of both moves exactly; `None` otherwise.
pub(crate) fn to_unit_scale(
    p: &crate::Dist,
    q: &crate::Dist,
) -> Option<(crate::Dist, crate::Dist)> {
    let s = scale_of(p)?;
    if !(s.is_finite() && s > 0.0) {
        return None;
    }
    let k = -s.log2().round() as i32;
    if k.abs() <= RESCALE_BEYOND {
        return None;
    }
    // Only a scale the pair shares: q's must land near 1 too (moving a pair whose scales are
    // 1e300 apart would push q's to the far end and lose it).
    let t = scale_of(q)?;
    if !(t.is_finite() && t > 0.0) || (t.log2() + f64::from(k)).abs() > f64::from(RESCALE_BEYOND) {
        return None;
    }
    Some((rescale(p, k)?, rescale(q, k)?))
}

/// Samples per segment between break points when looking for the points where p = q.
const CROSSING_SAMPLES: usize = 64;

/// The break points with the points where z (ln q − ln p) changes sign added: sampled at
/// [`CROSSING_SAMPLES`] points in each finite segment and at distances growing by factors of 4
/// beyond the outer ones, each sign change bisected to the last double.
fn with_crossings(mut breaks: Vec<f64>, z: impl Fn(f64) -> f64) -> Vec<f64> {
    let finite: Vec<f64> = breaks.iter().copied().filter(|b| b.is_finite()).collect();
    let (Some(&first), Some(&last)) = (finite.first(), finite.last()) else {
        return breaks;
    };
    let mut samples = Vec::new();
    let width = if last > first { last - first } else { 1.0 };
    if breaks.first() == Some(&f64::NEG_INFINITY) {
        samples.extend((0..40).rev().map(|j| first - width * 4f64.powi(j - 8)));
    }
    for pair in finite.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        samples.extend(
            (0..CROSSING_SAMPLES).map(|i| a + (b - a) * i as f64 / CROSSING_SAMPLES as f64),
        );
    }
    samples.push(last);
    if breaks.last() == Some(&f64::INFINITY) {
        samples.extend((0..40).map(|j| last + width * 4f64.powi(j - 8)));
    }
    samples.retain(|x| x.is_finite());
    let values: Vec<f64> = samples.iter().map(|&x| z(x)).collect();
    let mut roots = Vec::new();
    for i in 1..samples.len() {
        let (mut a, mut b) = (samples[i - 1], samples[i]);
        let (za, zb) = (values[i - 1], values[i]);
        if !(za.is_finite() && zb.is_finite() && za * zb < 0.0 && a < b) {
            continue;
        }
        for _ in 0..1100 {
            let mid = 0.5 * (a + b);
            if !(mid > a && mid < b) {
                break;
            }
            let zm = z(mid);
            if zm.is_nan() {
                break;
            }
            if (zm < 0.0) == (za < 0.0) {
                a = mid;
            } else {
                b = mid;
            }
        }
        roots.push(0.5 * (a + b));
    }
    breaks.extend(roots);
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    breaks
}

/// The break points with points graded by factors of 4 toward the break where Rényi's
/// integrand is largest, from the neighbouring breaks down to 1/(16·max(α, |1 − α|)) of their
/// distance: of a large order the integrand falls from its peak over a width of 1/α of the
/// scale (Laplaces 1000 apart at α = 10³ lose 1/1999 of I beside the kink at 0 when the
/// rule's nodes step over it).
fn around_the_peak(mut breaks: Vec<f64>, a: f64, f: impl Fn(f64) -> f64) -> Vec<f64> {
    let finite: Vec<f64> = breaks.iter().copied().filter(|b| b.is_finite()).collect();
    let Some((i, _)) = finite
        .iter()
        .map(|&x| f(x))
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .max_by(|x, y| x.1.total_cmp(&y.1))
    else {
        return breaks;
    };
    let x = finite[i];
    let width = 16.0 * a.max((1.0 - a).abs());
    let levels = (1..=40).find(|&j| 4f64.powi(j) >= width).unwrap_or(40);
    let mut extra = Vec::new();
    for (side, neighbour) in [(-1.0, i.checked_sub(1)), (1.0, Some(i + 1))] {
        let Some(&y) = neighbour.and_then(|j| finite.get(j)) else {
            continue;
        };
        let d = (y - x).abs();
        for j in 1..=levels {
            extra.push(x + side * d * 4f64.powi(-j));
        }
    }
    breaks.extend(extra.into_iter().filter(|y| y.is_finite()));
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    breaks
}
