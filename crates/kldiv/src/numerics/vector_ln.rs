//! A branch-free natural logarithm that the compiler vectorises inside the array kernels
//! (`discrete/kernel.rs`, compiled under `#[target_feature]` with a runtime check).
//!
//! The logarithm is fdlibm's `e_log.c` algorithm without its branches: x = 2ᵏ·m with m in
//! [√½, √2), f = m − 1, s = f/(2 + f), ln(1+f) = f − f²/2 + s(f²/2 + R(s²)) with fdlibm's
//! minimax R; k·ln 2 is added in two parts. Error below 1 ulp for positive normal x; zero,
//! subnormal, infinite, negative and NaN inputs are not handled here — callers send those
//! through the scalar path.

/// fdlibm's minimax coefficients for R(z), z = s².
const LG: [f64; 7] = [
    6.666_666_666_666_735e-1,
    3.999_999_999_940_942e-1,
    2.857_142_874_366_239e-1,
    2.222_219_843_214_978_4e-1,
    1.818_357_216_161_805e-1,
    1.531_383_769_920_937_3e-1,
    1.479_819_860_511_658_6e-1,
];
/// ln 2 split: the high part has 32 trailing zero bits, so k·LN2_HI is exact.
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// ln x for a positive normal x, branch-free (so that loops of it vectorise).
#[inline(always)]
pub(crate) fn ln_normal(x: f64) -> f64 {
    ln_normal_with::<false>(x)
}

/// [`ln_normal`] with its polynomial in fused multiply-adds: for the kernels compiled with FMA
/// (on the portable path `mul_add` would be a library call).
#[inline(always)]
pub(crate) fn ln_normal_fma(x: f64) -> f64 {
    ln_normal_with::<true>(x)
}

/// a·b + c, fused when FUSED.
#[inline(always)]
fn madd<const FUSED: bool>(a: f64, b: f64, c: f64) -> f64 {
    if FUSED { a.mul_add(b, c) } else { a * b + c }
}

#[inline(always)]
fn ln_normal_with<const FUSED: bool>(x: f64) -> f64 {
    let bits = x.to_bits();
    // Bring the mantissa into [√½, √2): add (1 − √½)'s worth to the exponent field first.
    let adjusted = bits.wrapping_add(0x3ff0_0000_0000_0000 - 0x3fe6_a09e_0000_0000);
    let k = (adjusted >> 52) as i64 - 0x3ff;
    let m_bits = (adjusted & 0x000f_ffff_ffff_ffff) + 0x3fe6_a09e_0000_0000;
    let f = f64::from_bits(m_bits) - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let m = madd::<FUSED>;
    let t1 = w * m(w, m(w, LG[5], LG[3]), LG[1]);
    let t2 = z * m(w, m(w, m(w, LG[6], LG[4]), LG[2]), LG[0]);
    let r = t2 + t1;
    let hfsq = 0.5 * f * f;
    let dk = k as f64;
    dk * LN2_HI - ((hfsq - m(s, hfsq + r, dk * LN2_LO)) - f)
}

/// Whether x is in the domain of [`ln_normal`].
#[inline(always)]
pub(crate) fn is_positive_normal(x: f64) -> bool {
    x.is_normal() && x > 0.0
}
