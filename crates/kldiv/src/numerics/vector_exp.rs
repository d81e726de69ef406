//! A branch-free eˣ for x ≤ 0 that the compiler vectorises (the log-sum-exp of Gaussian-mixture
//! densities in Monte Carlo, `kl/gaussian_mc.rs`).
//!
//! Cody–Waite: x = n ln 2 + r with |r| ≤ ½ ln 2 (ln 2 in two parts, so n ln 2 is exact), eʳ by
//! its Taylor series to r¹³ (truncation below 2·10⁻¹⁷ relative), times 2ⁿ built in the exponent
//! bits. Below −700 the result is 0: a term e⁻⁷⁰⁰ beside the log-sum-exp's leading 1 is far below
//! an ulp, and 2ⁿ would leave the normal range.

/// 1/k! for k = 0…13.
const INV_FACTORIAL: [f64; 14] = [
    1.0,
    1.0,
    0.5,
    0.16666666666666666,
    0.041666666666666664,
    0.008333333333333333,
    0.001388888888888889,
    0.0001984126984126984,
    2.48015873015873e-05,
    2.7557319223985893e-06,
    2.755731922398589e-07,
    2.505210838544172e-08,
    2.08767569878681e-09,
    1.6059043836821613e-10,
];
const LOG2_E: f64 = std::f64::consts::LOG2_E;
/// ln 2 split: the high part has 32 trailing zero bits, so n·LN2_HI is exact for |n| < 2²⁰.
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
/// 1.5·2⁵²: adding it rounds to an integer held in the low mantissa bits.
const ROUNDER: f64 = 6_755_399_441_055_744.0;
/// Below this the result is 0.
const FLOOR: f64 = -700.0;

/// eˣ for x ≤ 0 (x ≥ −700 to within 1 ulp; 0 below), branch-free; a·b + c fused when FUSED.
#[inline(always)]
pub(crate) fn exp_nonpositive<const FUSED: bool>(x: f64) -> f64 {
    let m = |a: f64, b: f64, c: f64| if FUSED { a.mul_add(b, c) } else { a * b + c };
    let xc = x.max(FLOOR);
    let t = m(xc, LOG2_E, ROUNDER);
    let n = t - ROUNDER;
    let r = m(-n, LN2_LO, m(-n, LN2_HI, xc));
    let mut p = INV_FACTORIAL[13];
    for &c in INV_FACTORIAL[..13].iter().rev() {
        p = m(p, r, c);
    }
    // The integer n sits in t's low bits; 2ⁿ is (n + 1023) in the exponent field.
    let k = (t.to_bits() as i64).wrapping_sub(ROUNDER.to_bits() as i64);
    let scale = f64::from_bits((k + 1023).wrapping_shl(52) as u64);
    if x >= FLOOR { p * scale } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_libm_to_an_ulp() {
        let mut worst: f64 = 0.0;
        for i in 0..=200_000 {
            let x = -700.0 * f64::from(i) / 200_000.0;
            for y in [x, x * 1e-3, x * 1e-9, -f64::from(i) * 1e-17] {
                let (a, b) = (exp_nonpositive::<false>(y), y.exp());
                let c = exp_nonpositive::<true>(y);
                worst = worst.max((a - b).abs() / b).max((c - b).abs() / b);
            }
        }
        assert!(
            worst <= 2.5 * f64::EPSILON,
            "worst relative error {worst:e}"
        );
        assert_eq!(exp_nonpositive::<false>(-700.1), 0.0);
        assert_eq!(exp_nonpositive::<false>(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp_nonpositive::<false>(0.0), 1.0);
    }
}
