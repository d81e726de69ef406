//! What a family gets from its cdf and pmf alone: quantiles by a safeguarded root find on the
//! accurate tail (`numerics::root` does the search), the entropy of a pmf summed outward from the
//! mean, and ln Φ for every z. Here rather than in `numerics`, which knows no distribution.

use crate::dist::Univariate;
use crate::numerics::root::solve_increasing;
use crate::numerics::special::LN_SQRT_2PI;

/// The quantile of a continuous distribution, starting the search at `guess`.
pub(crate) fn continuous_quantile<D: Univariate + ?Sized>(d: &D, p: f64, guess: f64) -> f64 {
    let s = d.support();
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return s.lower;
    }
    if p == 1.0 {
        return s.upper;
    }
    let lower_tail = p <= 0.5;
    // 1 − p is exact for p ≥ ½ (Sterbenz).
    let target = if lower_tail { p.ln() } else { (1.0 - p).ln() };
    let g = |x: f64| {
        if lower_tail {
            d.cdf(x).ln() - target
        } else {
            target - d.sf(x).ln()
        }
    };
    let x = solve_increasing(g, s.lower, s.upper, guess);
    polish(d, p, x)
}

/// Newton steps on the linear residual of the smaller tail, F(x) − p or (1 − p) − S(x): the log
/// residual above carries the rounding of ln p (7e-14 at p = 1e-300), this one does not.
pub(crate) fn polish<D: Univariate + ?Sized>(d: &D, p: f64, x: f64) -> f64 {
    let mut x = x;
    for _ in 0..3 {
        // (F − p)/f as (F/p − 1)·exp(ln p − ln f): the density may underflow where the tail
        // probability does not (a t(3) at x = −1e100 has f ≈ 1e-400 and F ≈ 1e-300).
        let ln_f = d.ln_pdf(x);
        if !(ln_f.is_finite() && x.is_finite()) {
            break;
        }
        let step = if p <= 0.5 {
            (d.cdf(x) / p - 1.0) * (p.ln() - ln_f).exp()
        } else {
            let q = 1.0 - p;
            (1.0 - d.sf(x) / q) * (q.ln() - ln_f).exp()
        };
        if !step.is_finite() {
            break;
        }
        let next = x - step;
        let s = d.support();
        // Only small corrections inside the support: a large one means the log solve did not
        // converge there, and Newton would not help.
        let inside = next > s.lower && next < s.upper && next.is_finite();
        let small = step.abs() <= 1e-6 * x.abs().max(1e-300);
        if !inside || !small || next == x {
            break;
        }
        x = next;
    }
    x
}

/// The smallest integer k in the support with F(k) ≥ p, for a discrete distribution.
pub(crate) fn discrete_quantile<D: Univariate + ?Sized>(d: &D, p: f64, guess: f64) -> f64 {
    let s = d.support();
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return s.lower;
    }
    // F(k) ≥ p, tested on the accurate tail: S(k) ≤ 1 − p for p > ½.
    let reached = |k: f64| {
        if p <= 0.5 {
            d.cdf(k) >= p
        } else {
            d.sf(k) <= 1.0 - p
        }
    };
    let mut lo = s.lower - 1.0; // invariant: not reached at lo (F(lower − 1) = 0 < p)
    let mut hi = guess.floor().clamp(s.lower, s.upper.min(9.0e15));
    if reached(hi) {
        // Walk down geometrically for a lo that is not reached.
        let mut step = 1.0;
        loop {
            let k = hi - step;
            if k <= lo {
                break;
            }
            if reached(k) {
                hi = k;
                step *= 2.0;
            } else {
                lo = k;
                break;
            }
        }
    } else {
        lo = hi;
        let mut step = 1.0;
        loop {
            let k = (lo + step).min(s.upper);
            if reached(k) {
                hi = k;
                break;
            }
            if k >= s.upper || k >= 9.0e15 {
                return s.upper;
            }
            lo = k;
            step *= 2.0;
        }
    }
    while hi - lo > 1.0 {
        let mid = (lo + (hi - lo) / 2.0).floor();
        if reached(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// The Shannon entropy −Σ pmf(k) ln pmf(k) of a distribution on the integers, summed outward
/// from the mean until the terms vanish (Poisson with λ > 10⁴: the asymptotic series
/// ½ln(2πeλ) − 1/(12λ) − 1/(24λ²) − 19/(360λ³), whose next term is below 1e-16).
pub(crate) fn discrete_entropy(d: &dyn crate::Univariate) -> f64 {
    let mean = d.mean().unwrap_or(0.0);
    let sd = d.variance().unwrap_or(0.0).sqrt();
    let s = d.support();
    let start = mean.floor().clamp(s.lower, s.upper);
    let mut sum = crate::numerics::sum::Kahan::default();
    let mut k = start;
    // Downward (including the start), then upward.
    while k >= s.lower {
        let t = crate::numerics::log::entr(d.pdf(k));
        sum.add(t);
        if (k < mean - 40.0 * sd - 50.0) && t < 1e-300 {
            break;
        }
        k -= 1.0;
    }
    let mut k = start + 1.0;
    while k <= s.upper {
        let t = crate::numerics::log::entr(d.pdf(k));
        sum.add(t);
        if k > mean + 40.0 * sd + 50.0 && t < 1e-300 {
            break;
        }
        k += 1.0;
    }
    sum.value()
}

/// ln Φ(z), the log of the standard normal cdf, for every z: beyond z = −37 Φ(z) is below the
/// normal range and the asymptotic series ln Φ(z) = −z²/2 − ln(−z√(2π)) + ln(1 − 1/z² + 3/z⁴ − …)
/// is used (nine terms: the first omitted is below 1e-20 relative there).
pub(crate) fn ln_norm_cdf(z: f64) -> f64 {
    if z > -37.0 {
        let n = crate::Normal::new(0.0, 1.0).map_or(f64::NAN, |n| {
            use crate::Univariate;
            n.cdf(z)
        });
        return n.ln();
    }
    let r = 1.0 / (z * z);
    let (mut term, mut series) = (1.0, 1.0);
    for k in 1..9 {
        term *= -((2 * k - 1) as f64) * r;
        series += term;
    }
    -0.5 * z * z - (-z).ln() - LN_SQRT_2PI + series.ln()
}

#[cfg(test)]
mod tests {
    use super::ln_norm_cdf;

    #[test]
    fn matches_mpmath_on_both_sides_of_the_switch() {
        // mpmath.log(mpmath.ncdf(z)) at 40 digits.
        for (z, want) in [
            (-36.9, -685.332_883_165_350_6),
            (-37.1, -692.738_280_715_623_3),
            (-100.0, -5_005.524_208_694_205),
            (-1000.0, -500_007.826_694_812_2),
        ] {
            let got = ln_norm_cdf(z);
            assert!(
                (got - want).abs() <= 1e-14 * want.abs(),
                "{z}: {got} vs {want}"
            );
        }
    }
}
