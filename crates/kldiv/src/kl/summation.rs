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
