//! Quantiles by a safeguarded root find on the accurate tail.
//!
//! For p ≤ ½ we solve ln F(x) = ln p, else ln S(x) = ln(1 − p): the log of the smaller tail keeps
//! relative accuracy down to p = 1e-300, where F(x) − p would be pure rounding noise. The bracket
//! is grown geometrically toward finite ends (so quantiles of 1e-120 are reached in a few dozen
//! steps) and the root is polished by the Illinois variant of regula falsi, with a bisection
//! (geometric where the bracket spans many orders of magnitude) whenever it stalls.

use crate::dist::Univariate;

/// Iteration cap; the bracket is at most ~2100 binades wide, so bisection alone would finish.
const MAX_ITER: usize = 4000;

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

/// The root of an increasing function g on (lower, upper), searched from `guess`.
pub(crate) fn solve_increasing<G: Fn(f64) -> f64>(g: G, lower: f64, upper: f64, guess: f64) -> f64 {
    let mut x0 = if guess.is_finite() { guess } else { 0.0 };
    if x0 <= lower || x0 >= upper {
        x0 = match (lower.is_finite(), upper.is_finite()) {
            (true, true) => 0.5 * (lower + upper),
            (true, false) => lower + 1.0f64.max(lower.abs()),
            (false, true) => upper - 1.0f64.max(upper.abs()),
            (false, false) => 0.0,
        };
    }
    let g0 = g(x0);
    if g0 == 0.0 {
        return x0;
    }
    let (mut a, mut ga, mut b, mut gb) = if g0 < 0.0 {
        let (b, gb) = expand(&g, x0, upper, true);
        (x0, g0, b, gb)
    } else {
        let (a, ga) = expand(&g, x0, lower, false);
        (a, ga, x0, g0)
    };
    if ga >= 0.0 {
        return a;
    }
    if gb <= 0.0 {
        return b;
    }
    let mut side = 0i8;
    let mut width = b - a;
    for _ in 0..MAX_ITER {
        let mid = midpoint(a, b);
        if mid <= a || mid >= b {
            break;
        }
        let mut x = if ga.is_finite() && gb.is_finite() {
            b - gb * (b - a) / (gb - ga)
        } else {
            mid
        };
        // Interpolation that does not shrink the bracket fast enough gives way to bisection.
        if !(x > a && x < b) || (b - a) > 0.5 * width {
            x = mid;
        }
        width = b - a;
        let gx = g(x);
        if gx == 0.0 {
            return x;
        }
        if gx < 0.0 {
            a = x;
            ga = gx;
            if side == -1 {
                gb *= 0.5;
            }
            side = -1;
        } else {
            b = x;
            gb = gx;
            if side == 1 {
                ga *= 0.5;
            }
            side = 1;
        }
    }
    // a and b are adjacent floats (or nearly): the one with the smaller residual.
    let (ra, rb) = (g(a).abs(), g(b).abs());
    if ra <= rb { a } else { b }
}

/// Grows a bracket from `x0` toward `end` until g changes sign.
fn expand<G: Fn(f64) -> f64>(g: &G, x0: f64, end: f64, up: bool) -> (f64, f64) {
    let mut x = x0;
    let mut step = 1.0f64.max(x0.abs());
    loop {
        let next = if end.is_finite() {
            // Algorithm a finite end geometrically so that tiny distances to it are reached.
            let gap = (end - x).abs();
            if gap <= f64::MIN_POSITIVE || end - (end - x) / 16.0 == x {
                return (end, g(end));
            }
            end - (end - x) / 16.0
        } else if up {
            x + step
        } else {
            x - step
        };
        if !next.is_finite() {
            return (end, g(end));
        }
        let gx = g(next);
        if (up && gx >= 0.0) || (!up && gx <= 0.0) || gx.is_nan() {
            return (next, gx);
        }
        x = next;
        step *= 4.0;
    }
}

/// The midpoint of a bracket, geometric where it spans orders of magnitude on one side of zero.
fn midpoint(a: f64, b: f64) -> f64 {
    if a > 0.0 && b > 4.0 * a {
        (a.sqrt() * b.sqrt()).clamp(a, b)
    } else if b < 0.0 && a < 4.0 * b {
        -((-a).sqrt() * (-b).sqrt()).clamp(-b, -a)
    } else {
        a + 0.5 * (b - a)
    }
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
