//! KL for a discrete p by summation over its support, with the tails left out bounded.

use crate::Error;
use crate::numerics::quadrature::{INTEGRAND_ROUNDING, Integral, Tolerance};

/// KL(p‖q) for a discrete p: Σ p(k)(ln p(k) − ln q(k)) over p's support, outward from p's
/// 10⁻³⁰ quantile; the mass left out at either end, times the size of the log ratio there, is
/// added to the error.
///
/// # Errors
/// [`Error::NotConverged`] when more than the budget of terms would be needed.
pub fn kl_discrete(
    p: &dyn crate::Univariate,
    q: &dyn crate::Univariate,
    tol: Tolerance,
) -> Result<Integral, Error> {
    let s = p.support();
    let start = p.quantile(1e-30).max(s.lower);
    // (p(k)(ln p(k) − ln q(k)), the magnitude its rounding scales with)
    let term = |k: f64| -> (f64, f64) {
        let lp = p.ln_pdf(k);
        if lp == f64::NEG_INFINITY {
            return (0.0, 0.0);
        }
        let lq = q.ln_pdf(k);
        if lq == f64::NEG_INFINITY {
            return (f64::INFINITY, 0.0);
        }
        let pk = lp.exp();
        (pk * (lp - lq), pk * (2.0 + lp.abs() + lq.abs()))
    };
    let mut sum = crate::numerics::sum::Kahan::default();
    let mut magnitude = 0.0;
    let mut n = 0u64;
    // The head left out, below `start`.
    let head_mass = if start > s.lower {
        p.cdf(start - 1.0)
    } else {
        0.0
    };
    let head_error = head_mass * 2.0 * (1.0 + (p.ln_pdf(start) - q.ln_pdf(start)).abs());
    let mut k = start;
    loop {
        let (t, mag) = term(k);
        n += 1;
        if t == f64::INFINITY {
            return Ok(Integral {
                value: f64::INFINITY,
                abs_error: 0.0,
                evaluations: n,
                companion: f64::NAN,
                magnitude: f64::NAN,
            });
        }
        sum.add(t);
        magnitude += mag;
        let v = sum.value();
        let rounding = INTEGRAND_ROUNDING * magnitude;
        if k >= s.upper {
            return Ok(Integral {
                value: v,
                abs_error: head_error + rounding,
                evaluations: n,
                companion: f64::NAN,
                magnitude: f64::NAN,
            });
        }
        let tail = p.sf(k);
        // The tail is bounded by its mass times twice the log ratio at its edge.
        let ratio = (p.ln_pdf(k + 1.0) - q.ln_pdf(k + 1.0)).abs();
        let tail_error = tail * 2.0 * (1.0 + ratio);
        if tail == 0.0 || (tail < 1e-3 && head_error + tail_error <= tol.abs.max(tol.rel * v.abs()))
        {
            return Ok(Integral {
                value: v,
                abs_error: head_error + tail_error + rounding,
                evaluations: n,
                companion: f64::NAN,
                magnitude: f64::NAN,
            });
        }
        if n >= tol.max_evaluations {
            return Err(Error::NotConverged {
                what: "summation",
                value: v,
                abs_error: head_error + tail_error + rounding,
                evaluations: n,
            });
        }
        k += 1.0;
    }
}

/// Σ over the integers of a measure's terms for a discrete p and q (for entropy, q is p): from
/// the lower of their 10⁻³⁰ quantiles until the mass left in both tails, times the most a term
/// can carry per unit of it, is within the tolerance.
///
/// # Errors
/// [`Error::NotConverged`] when more than the budget of terms would be needed.
pub(crate) fn measure_discrete(
    p: &dyn crate::Univariate,
    q: &dyn crate::Univariate,
    form: super::integrate::Form,
    tol: Tolerance,
) -> Result<Integral, Error> {
    use super::integrate::Form;
    let (s, t) = (p.support(), q.support());
    let lower = s.lower.min(t.lower);
    let upper = s.upper.max(t.upper);
    let start = p.quantile(1e-30).min(q.quantile(1e-30)).max(lower);
    // What one unit of tail mass can add: bounded for TV, H², JS and Rényi below order 1.
    let per_mass = |k: f64| match form {
        Form::Hellinger | Form::TotalVariation | Form::JensenShannon => 1.0,
        Form::RenyiLessOne(a) if a < 1.0 => 2.0,
        // The shifted integrand per unit of p's or q's mass at the edge, twice.
        Form::RenyiIntegral(a, shift) => {
            let (lp, lq) = (p.ln_pdf(k), q.ln_pdf(k));
            let z = lq - lp;
            let per_p = ((1.0 - a) * z - shift).exp();
            let per_q = (-a * z - shift).exp();
            let worst = if per_p.is_nan() {
                per_q
            } else {
                per_p.max(per_q)
            };
            2.0 * if worst.is_nan() { 0.0 } else { worst }
        }
        _ => {
            let (lp, lq) = (p.ln_pdf(k), q.ln_pdf(k));
            2.0 * (1.0 + lp.abs().max(lq.abs()).min(1e300))
        }
    };
    let tails_below = |k: f64| {
        // Tails are ≥ 0; a cdf rounded below 0 (a negative binomial of r = 1e-300) is 0.
        if k > lower {
            p.cdf(k - 1.0).max(0.0) + q.cdf(k - 1.0).max(0.0)
        } else {
            0.0
        }
    };
    // No mass, no error: a shifted Rényi term per unit of mass may be +∞ where there is none.
    let times = |mass: f64, per: f64| if mass == 0.0 { 0.0 } else { mass * per };
    let head_error = times(tails_below(start), per_mass(start));
    let mut sum = crate::numerics::sum::Kahan::default();
    let mut magnitude = 0.0;
    let mut n = 0u64;
    let mut k = start;
    loop {
        let (lp, lq) = (p.ln_pdf(k), q.ln_pdf(k));
        let (term, mag) = if lp == f64::NEG_INFINITY {
            // q's mass where p has none.
            let qk = lq.exp();
            (form.outside_weight() * qk, qk)
        } else if lq == f64::NEG_INFINITY {
            let w = form.where_q_vanishes();
            if w.is_infinite() {
                return Ok(Integral {
                    value: w,
                    abs_error: 0.0,
                    evaluations: n + 1,
                    companion: f64::NAN,
                    magnitude: f64::NAN,
                });
            }
            (w * lp.exp(), lp.exp())
        } else {
            form.term(lp, lq, None)
        };
        n += 1;
        sum.add(term);
        magnitude += mag;
        let v = sum.value();
        let rounding = INTEGRAND_ROUNDING * magnitude;
        let tail = if k >= upper {
            0.0
        } else {
            p.sf(k).max(0.0) + q.sf(k).max(0.0)
        };
        let tail_error = times(tail, per_mass(k + 1.0));
        let done = tail == 0.0
            || (tail < 1e-3 && head_error + tail_error <= tol.abs.max(tol.rel * v.abs()));
        if done {
            return Ok(Integral {
                value: v,
                abs_error: head_error + tail_error + rounding,
                evaluations: n,
                companion: f64::NAN,
                magnitude: f64::NAN,
            });
        }
        if n >= tol.max_evaluations {
            return Err(Error::NotConverged {
                what: "summation",
                value: v,
                abs_error: head_error + tail_error + rounding,
                evaluations: n,
            });
        }
        k += 1.0;
    }
}
