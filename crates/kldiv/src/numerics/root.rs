//! Quantiles by a safeguarded root find on the accurate tail.
//!
//! For p ≤ ½ we solve ln F(x) = ln p, else ln S(x) = ln(1 − p): the log of the smaller tail keeps
//! relative accuracy down to p = 1e-300, where F(x) − p would be pure rounding noise. The bracket
//! is grown geometrically toward finite ends (so quantiles of 1e-120 are reached in a few dozen
//! steps) and the root is polished by the Illinois variant of regula falsi, with a bisection
//! (geometric where the bracket spans many orders of magnitude) whenever it stalls.

/// Iteration cap; the bracket is at most ~2100 binades wide, so bisection alone would finish.
const MAX_ITER: usize = 4000;

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
