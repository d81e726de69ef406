//! A branch-free natural logarithm that the compiler vectorises inside the array kernels
//! (`arrays/kernel.rs`, compiled under `#[target_feature]` with a runtime check).
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
    let m = madd::<FUSED>;
    let r = lg_r::<FUSED>(s);
    let hfsq = 0.5 * f * f;
    let dk = k as f64;
    dk * LN2_HI - ((hfsq - m(s, hfsq + r, dk * LN2_LO)) - f)
}

/// ln(a/b) for positive normal a and b, branch-free, without forming a/b: the quotient's
/// rounding would cost ln(a/b) its relative accuracy where a ≈ b (an ulp of 1 against a
/// logarithm of 1e-9 is a relative error of 1e-7), and a/b may overflow or underflow.
///
/// With a = 2^ea·ma and b = 2^eb·mb (ma, mb in [1, 2)), mb is halved or doubled (exactly) so that
/// ρ = ma/mb lies in [√½, √2); then s = (ρ − 1)/(ρ + 1) = (ma − mb)/(ma + mb), whose numerator is
/// exact (Sterbenz), and ln ρ = 2s + s·R(s²) with fdlibm's R on the same range of s as in
/// [`ln_normal`]. One division, error within two ulps for every positive normal pair.
#[inline(always)]
pub(crate) fn ln_ratio_normal(a: f64, b: f64) -> f64 {
    ln_ratio_with::<false>(a, b)
}

/// [`ln_ratio_normal`] in fused multiply-adds, for the kernels compiled with FMA.
#[inline(always)]
pub(crate) fn ln_ratio_normal_fma(a: f64, b: f64) -> f64 {
    ln_ratio_with::<true>(a, b)
}

const MANTISSA: u64 = 0x000f_ffff_ffff_ffff;
const ONE: u64 = 0x3ff0_0000_0000_0000;

#[inline(always)]
fn ln_ratio_with<const FUSED: bool>(a: f64, b: f64) -> f64 {
    let (ab, bb) = (a.to_bits(), b.to_bits());
    let ma = f64::from_bits((ab & MANTISSA) | ONE);
    let mb = f64::from_bits((bb & MANTISSA) | ONE);
    // ma/mb is in (½, 2); the comparisons' rounding moves the cut by an ulp, which R covers.
    let high = ma > std::f64::consts::SQRT_2 * mb;
    let low = ma * std::f64::consts::SQRT_2 < mb;
    let mb = if high {
        mb * 2.0
    } else if low {
        mb * 0.5
    } else {
        mb
    };
    let k = (ab >> 52) as i64 - (bb >> 52) as i64 + i64::from(high) - i64::from(low);
    let s = (ma - mb) / (ma + mb);
    let m = madd::<FUSED>;
    let dk = k as f64;
    m(dk, LN2_HI, (s + s) + m(s, lg_r::<FUSED>(s), dk * LN2_LO))
}

/// fdlibm's R(s²) = Lg1·s² + … + Lg7·s¹⁴ in two halves (even and odd powers of s⁴), the
/// polynomial both logarithms share.
#[inline(always)]
fn lg_r<const FUSED: bool>(s: f64) -> f64 {
    let z = s * s;
    let w = z * z;
    let m = madd::<FUSED>;
    let t1 = w * m(w, m(w, LG[5], LG[3]), LG[1]);
    let t2 = z * m(w, m(w, m(w, LG[6], LG[4]), LG[2]), LG[0]);
    t1 + t2
}

/// Whether x is in the domain of [`ln_normal`].
#[inline(always)]
pub(crate) fn is_positive_normal(x: f64) -> bool {
    x.is_normal() && x > 0.0
}

/// [`ln_normal_fma`] on eight lanes in AVX-512 instructions, operation for operation, so its
/// results are those of the fused scalar form (for the kernels written with intrinsics, where
/// `vfpclasspd` classifies a lane in one instruction instead of the compiler's several).
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx512f,avx512dq")]
pub(crate) fn ln_normal_avx512(x: std::arch::x86_64::__m512d) -> std::arch::x86_64::__m512d {
    use std::arch::x86_64::*;
    let c = |v: f64| _mm512_set1_pd(v);
    let i = |v: u64| _mm512_set1_epi64(v as i64);
    let adjusted = _mm512_add_epi64(
        _mm512_castpd_si512(x),
        i(0x3ff0_0000_0000_0000 - 0x3fe6_a09e_0000_0000),
    );
    let k = _mm512_sub_epi64(_mm512_srli_epi64::<52>(adjusted), i(0x3ff));
    let m_bits = _mm512_add_epi64(
        _mm512_and_si512(adjusted, i(0x000f_ffff_ffff_ffff)),
        i(0x3fe6_a09e_0000_0000),
    );
    let f = _mm512_sub_pd(_mm512_castsi512_pd(m_bits), c(1.0));
    let s = _mm512_div_pd(f, _mm512_add_pd(c(2.0), f));
    let m = |a, b, d| _mm512_fmadd_pd(a, b, d);
    let r = lg_r_avx512(s);
    let hfsq = _mm512_mul_pd(_mm512_mul_pd(c(0.5), f), f);
    let dk = _mm512_cvtepi64_pd(k);
    let inner = m(s, _mm512_add_pd(hfsq, r), _mm512_mul_pd(dk, c(LN2_LO)));
    _mm512_sub_pd(
        _mm512_mul_pd(dk, c(LN2_HI)),
        _mm512_sub_pd(_mm512_sub_pd(hfsq, inner), f),
    )
}

/// [`ln_ratio_normal_fma`] on eight lanes in AVX-512 instructions, operation for operation.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx512f,avx512dq")]
pub(crate) fn ln_ratio_normal_avx512(
    a: std::arch::x86_64::__m512d,
    b: std::arch::x86_64::__m512d,
) -> std::arch::x86_64::__m512d {
    use std::arch::x86_64::*;
    let c = |v: f64| _mm512_set1_pd(v);
    let (ab, bb) = (_mm512_castpd_si512(a), _mm512_castpd_si512(b));
    let mantissa = |x| {
        _mm512_castsi512_pd(_mm512_or_si512(
            _mm512_and_si512(x, _mm512_set1_epi64(MANTISSA as i64)),
            _mm512_set1_epi64(ONE as i64),
        ))
    };
    let (ma, mb) = (mantissa(ab), mantissa(bb));
    let sqrt2 = c(std::f64::consts::SQRT_2);
    let high = _mm512_cmp_pd_mask::<_CMP_GT_OQ>(ma, _mm512_mul_pd(sqrt2, mb));
    let low = _mm512_cmp_pd_mask::<_CMP_LT_OQ>(_mm512_mul_pd(ma, sqrt2), mb);
    let mb = _mm512_mask_mul_pd(mb, high, mb, c(2.0));
    let mb = _mm512_mask_mul_pd(mb, low, mb, c(0.5));
    let k = _mm512_cvtepi64_pd(_mm512_sub_epi64(
        _mm512_srli_epi64::<52>(ab),
        _mm512_srli_epi64::<52>(bb),
    ));
    let dk = _mm512_mask_add_pd(k, high, k, c(1.0));
    let dk = _mm512_mask_sub_pd(dk, low, dk, c(1.0));
    let s = _mm512_div_pd(_mm512_sub_pd(ma, mb), _mm512_add_pd(ma, mb));
    let m = |x, y, d| _mm512_fmadd_pd(x, y, d);
    let small = m(s, lg_r_avx512(s), _mm512_mul_pd(dk, c(LN2_LO)));
    m(dk, c(LN2_HI), _mm512_add_pd(_mm512_add_pd(s, s), small))
}

/// [`lg_r`] fused, on eight lanes.
#[cfg(target_arch = "x86_64")]
#[inline]
#[target_feature(enable = "avx512f")]
fn lg_r_avx512(s: std::arch::x86_64::__m512d) -> std::arch::x86_64::__m512d {
    use std::arch::x86_64::*;
    let c = |v: f64| _mm512_set1_pd(v);
    let m = |a, b, d| _mm512_fmadd_pd(a, b, d);
    let z = _mm512_mul_pd(s, s);
    let w = _mm512_mul_pd(z, z);
    let t1 = _mm512_mul_pd(w, m(w, m(w, c(LG[5]), c(LG[3])), c(LG[1])));
    let t2 = _mm512_mul_pd(z, m(w, m(w, m(w, c(LG[6]), c(LG[4])), c(LG[2])), c(LG[0])));
    _mm512_add_pd(t1, t2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kernel's logarithm of a ratio against mpmath (`tests/data/ln_ratio.json`).
    const LN_RATIO_ULPS: u64 = 2;

    fn ulps(a: f64, b: f64) -> u64 {
        if a.signum() != b.signum() && a != b {
            return (a.to_bits() & !(1 << 63)) + (b.to_bits() & !(1 << 63));
        }
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn ln_ratio_is_within_two_ulps_of_mpmath_near_one_and_across_the_range() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/ln_ratio.json"
        );
        let text = std::fs::read_to_string(path).expect("fixture ln_ratio.json");
        let fixture: serde_json::Value = serde_json::from_str(&text).expect("fixture is JSON");
        let pairs = fixture["pairs"].as_array().expect("pairs");
        assert!(pairs.len() > 3000);
        for pair in pairs {
            let v: Vec<f64> = (0..3).map(|i| pair[i].as_f64().expect("number")).collect();
            let (a, b, truth) = (v[0], v[1], v[2]);
            for got in [ln_ratio_normal(a, b), ln_ratio_normal_fma(a, b)] {
                assert!(
                    ulps(got, truth) <= LN_RATIO_ULPS,
                    "ln({a:e}/{b:e}) = {got:e}, mpmath {truth:e}"
                );
            }
        }
    }
}
