//! Logarithms that keep their digits: of a ratio, of a sum of exponentials, d − ln(1 + d) near
//! 0, and −x ln x. One of each for the whole crate.

use super::sum::Kahan;

/// ln(x/y) for x, y > 0: by ln1p of the exact relative difference where the ratio is near 1
/// (a rounded ratio would cost digits), as the logarithm of the ratio where that is a normal
/// number (one rounding, not the ε·|ln x| of a difference of large logarithms), and as
/// ln x − ln y where the ratio under- or overflows.
pub(crate) fn ln_ratio(x: f64, y: f64) -> f64 {
    let r = x / y;
    if r > 0.5 && r < 2.0 {
        ((x - y) / y).ln_1p()
    } else if r.is_normal() {
        r.ln()
    } else {
        x.ln() - y.ln()
    }
}

/// d − ln(1 + d), accurate near d = 0: with u = d/(2+d), ln1p(d) = 2 atanh(u) and
/// d − 2u = d²/(2+d), so d − ln1p(d) = d²/(2+d) − 2(u³/3 + u⁵/5 + …).
pub(crate) fn d_minus_ln1p(d: f64) -> f64 {
    if d == f64::INFINITY {
        return f64::INFINITY;
    }
    if d.abs() >= 0.5 || d.is_nan() {
        return d - d.ln_1p();
    }
    let u = d / (2.0 + d);
    let u2 = u * u;
    let mut term = u * u2;
    let mut series = 0.0f64;
    let mut k = 3.0;
    while term.abs() > 1e-18 * series.abs().max(f64::MIN_POSITIVE) && k < 200.0 {
        series += term / k;
        term *= u2;
        k += 2.0;
    }
    d * d / (2.0 + d) - 2.0 * series
}

/// scipy.special.entr: −x ln x for x > 0; 0 at 0; −∞ for x < 0; NaN for NaN.
pub fn entr(x: f64) -> f64 {
    if x.is_nan() {
        f64::NAN
    } else if x > 0.0 {
        -x * x.ln()
    } else if x == 0.0 {
        0.0
    } else {
        f64::NEG_INFINITY
    }
}

/// ln Σ eᵗ, accumulated one term at a time without overflow: the terms are scaled by the
/// largest so far and summed with compensation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LogSumExp {
    max: f64,
    sum: Kahan,
}

impl Default for LogSumExp {
    fn default() -> LogSumExp {
        LogSumExp {
            max: f64::NEG_INFINITY,
            sum: Kahan::default(),
        }
    }
}

impl LogSumExp {
    pub(crate) fn push(&mut self, t: f64) {
        if t <= self.max {
            self.sum.add((t - self.max).exp());
        } else if t > f64::NEG_INFINITY {
            let mut sum = Kahan::default();
            if self.max > f64::NEG_INFINITY {
                sum.add(self.sum.value() * (self.max - t).exp());
            }
            sum.add(1.0);
            self.sum = sum;
            self.max = t;
        }
    }

    /// The largest term so far (−∞ before any).
    pub(crate) fn max(&self) -> f64 {
        self.max
    }

    pub(crate) fn value(&self) -> f64 {
        if self.max.is_infinite() {
            self.max
        } else {
            self.max + self.sum.value().ln()
        }
    }
}

/// ln Σ eᵗ over the terms, without overflow; NaN if a term is NaN.
pub(crate) fn log_sum_exp(terms: impl IntoIterator<Item = f64>) -> f64 {
    let mut acc = LogSumExp::default();
    for t in terms {
        if t.is_nan() {
            return t;
        }
        acc.push(t);
    }
    acc.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_ratio_keeps_digits_near_one_and_far_from_it() {
        // ln(1 + 1e-12) = 1e-12 − 5e-25: the rounded ratio would keep 4 digits.
        let x = 1.0 + 1e-12;
        assert!((ln_ratio(x, 1.0) - (x - 1.0) * (1.0 - 0.5 * (x - 1.0))).abs() < 1e-28);
        assert_eq!(ln_ratio(1e300, 1e-300), 1e300f64.ln() - 1e-300f64.ln());
        assert!((ln_ratio(3e300, 1e300) - 3f64.ln()).abs() <= f64::EPSILON * 3f64.ln());
    }

    #[test]
    fn log_sum_exp_of_huge_and_mixed_terms() {
        assert!((log_sum_exp([1000.0, 1000.0]) - (1000.0 + 2f64.ln())).abs() < 1e-12);
        assert_eq!(log_sum_exp([f64::NEG_INFINITY; 2]), f64::NEG_INFINITY);
        assert!(log_sum_exp([0.0, f64::NAN]).is_nan());
        // Ascending terms rescale the running sum: ln(1 + e + e²).
        let want = (1.0 + 1f64.exp() + 2f64.exp()).ln();
        assert!((log_sum_exp([0.0, 1.0, 2.0]) - want).abs() <= 2.0 * f64::EPSILON * want);
    }

    #[test]
    fn d_minus_ln1p_near_zero_is_d_squared_over_two() {
        // d − ln(1 + d) = d²/2 − d³/3 + d⁴/4 − …: two terms are exact to 1e-36 at d = 1e-9.
        let d = 1e-9;
        let want = d * d / 2.0 - d * d * d / 3.0;
        assert!((d_minus_ln1p(d) - want).abs() <= 2.0 * f64::EPSILON * want);
        assert_eq!(d_minus_ln1p(f64::INFINITY), f64::INFINITY);
    }
}
