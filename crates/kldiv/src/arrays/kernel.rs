//! The one-pass sums of the array measures: Σp, Σq and Σ p ln(p/q) in blocks, with the
//! branch-free logarithm of `numerics::vector_ln`, compiled for AVX-512 or AVX2+FMA where the
//! processor has them (checked at run time) and portably otherwise.

#[cfg(test)]
use crate::numerics::simd::available;
use crate::numerics::simd::{Path, best};
use crate::numerics::vector_ln::{
    is_positive_normal, ln_normal, ln_ratio_normal, ln_ratio_normal_fma,
};

/// Partial sums of one block: Σp, Σq, Σ p ln(p/q) and Σ |p ln(p/q)| (which bounds the
/// rounding error of the sum), Σ(q − p) and Σ|q − p| (the same for the difference of the
/// sums), and whether every element was clean enough for the fast path. A block is at most
/// `BLOCK` long, so plain lane sums lose little; blocks are combined with compensation.
///
/// Normalising needs ln(Σq/Σp): from two rounded sums its error would be an ulp of 1, against a
/// divergence that may be 1e-10; as ln(1 + Σ(q − p)/Σp) it keeps its relative accuracy.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Block {
    pub sp: f64,
    pub sq: f64,
    pub t: f64,
    pub abs_t: f64,
    pub d: f64,
    pub abs_d: f64,
    pub clean: bool,
}

/// Elements per block: small enough that the 8 lane sums stay accurate, large enough to
/// amortise the combination.
pub(crate) const BLOCK: usize = 4096;

#[inline(always)]
fn block_kernel(p: &[f64], q: &[f64]) -> Block {
    block_kernel_with::<false>(p, q)
}

/// The block kernel; FUSED uses fused multiply-adds in the logarithm (the AVX paths).
#[inline(always)]
fn block_kernel_with<const FUSED: bool>(p: &[f64], q: &[f64]) -> Block {
    let ln_ratio = if FUSED {
        ln_ratio_normal_fma
    } else {
        ln_ratio_normal
    };
    const L: usize = 8;
    let mut sp = [0.0f64; L];
    let mut sq = [0.0f64; L];
    let mut t = [0.0f64; L];
    let mut at = [0.0f64; L];
    let mut d = [0.0f64; L];
    let mut ad = [0.0f64; L];
    let mut ok = [true; L];
    let n = p.len().min(q.len());
    let chunks = n / L;
    for c in 0..chunks {
        let pc = &p[c * L..c * L + L];
        let qc = &q[c * L..c * L + L];
        for j in 0..L {
            let (a, b) = (pc[j], qc[j]);
            sp[j] += a;
            sq[j] += b;
            d[j] += b - a;
            ad[j] += (b - a).abs();
            // One logarithm per element: ln(p/q), of the pair (never of a rounded p/q).
            // 0·ln(0/q) = 0 for any finite q ≥ 0; a subnormal, infinite, negative or NaN
            // element leaves the fast path.
            let fast = is_positive_normal(a) & is_positive_normal(b);
            ok[j] &= fast | ((a == 0.0) & (0.0..f64::INFINITY).contains(&b));
            let term = if fast { a * ln_ratio(a, b) } else { 0.0 };
            t[j] += term;
            at[j] += term.abs();
        }
    }
    let tail = tail_block(&p[chunks * L..n], &q[chunks * L..n], ln_ratio);
    Block {
        sp: pairwise8(&sp) + tail.sp,
        sq: pairwise8(&sq) + tail.sq,
        t: pairwise8(&t) + tail.t,
        abs_t: pairwise8(&at) + tail.abs_t,
        d: pairwise8(&d) + tail.d,
        abs_d: pairwise8(&ad) + tail.abs_d,
        clean: ok.iter().all(|&o| o) && tail.clean,
    }
}

/// The elements after the last whole lane group, one at a time.
#[inline(always)]
fn tail_block(p: &[f64], q: &[f64], ln_ratio: fn(f64, f64) -> f64) -> Block {
    let mut tail = Block {
        clean: true,
        ..Block::default()
    };
    for (&a, &b) in p.iter().zip(q) {
        tail.sp += a;
        tail.sq += b;
        tail.d += b - a;
        tail.abs_d += (b - a).abs();
        let fast = is_positive_normal(a) && is_positive_normal(b);
        tail.clean &= fast || (a == 0.0 && b >= 0.0 && b.is_finite());
        if tail.clean && fast {
            let term = a * ln_ratio(a, b);
            tail.t += term;
            tail.abs_t += term.abs();
        }
    }
    tail
}

fn pairwise8(v: &[f64; 8]) -> f64 {
    ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn block_avx2(p: &[f64], q: &[f64]) -> Block {
    block_kernel_with::<true>(p, q)
}

/// The AVX-512 kernels, written in intrinsics: the compiler's form of the lane checks takes
/// fourteen vector instructions where `vfpclasspd` takes four, and the kernel is bound by
/// instruction throughput. Same operations in the same order as the fused portable kernel.
#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::{Block, entropy_tail, tail_block};
    use crate::numerics::vector_ln::{
        ln_normal_avx512, ln_normal_fma, ln_ratio_normal_avx512, ln_ratio_normal_fma,
    };
    use std::arch::x86_64::*;

    /// `vfpclasspd` categories: quiet NaN, +0, −0, +∞, −∞, subnormal, negative finite,
    /// signalling NaN.
    const QNAN: i32 = 0x01;
    const ZERO: i32 = 0x02 | 0x04;
    const INF: i32 = 0x08 | 0x10;
    const SUBNORMAL: i32 = 0x20;
    const NEGATIVE: i32 = 0x40;
    const SNAN: i32 = 0x80;
    /// Anything but a positive normal number.
    const NOT_POSITIVE_NORMAL: i32 = QNAN | ZERO | INF | SUBNORMAL | NEGATIVE | SNAN;
    /// What `0 ≤ b < ∞` excludes.
    const NOT_FINITE_NON_NEGATIVE: i32 = QNAN | INF | NEGATIVE | SNAN;

    #[inline]
    #[target_feature(enable = "avx512f")]
    fn load(c: &[f64]) -> __m512d {
        _mm512_set_pd(c[7], c[6], c[5], c[4], c[3], c[2], c[1], c[0])
    }

    /// Σp, Σq, Σ p ln(p/q), Σ |p ln(p/q)| and cleanliness, as `block_kernel` defines them.
    #[target_feature(enable = "avx512f,avx512dq,avx2,fma")]
    pub(super) fn block(p: &[f64], q: &[f64]) -> Block {
        let n = p.len().min(q.len());
        let whole = n / 8 * 8;
        let zero = _mm512_setzero_pd();
        let (mut sp, mut sq, mut t, mut at) = (zero, zero, zero, zero);
        let (mut d, mut ad) = (zero, zero);
        let mut ok: __mmask8 = 0xff;
        for (a, b) in p[..whole].chunks_exact(8).zip(q[..whole].chunks_exact(8)) {
            let (a, b) = (load(a), load(b));
            sp = _mm512_add_pd(sp, a);
            sq = _mm512_add_pd(sq, b);
            let diff = _mm512_sub_pd(b, a);
            d = _mm512_add_pd(d, diff);
            ad = _mm512_add_pd(ad, _mm512_abs_pd(diff));
            let fast = !_mm512_fpclass_pd_mask::<NOT_POSITIVE_NORMAL>(a)
                & !_mm512_fpclass_pd_mask::<NOT_POSITIVE_NORMAL>(b);
            let a_zero = _mm512_fpclass_pd_mask::<ZERO>(a);
            let b_bad = _mm512_fpclass_pd_mask::<NOT_FINITE_NON_NEGATIVE>(b);
            ok &= fast | (a_zero & !b_bad);
            let term = _mm512_maskz_mul_pd(fast, a, ln_ratio_normal_avx512(a, b));
            t = _mm512_add_pd(t, term);
            at = _mm512_add_pd(at, _mm512_abs_pd(term));
        }
        let tail = tail_block(&p[whole..n], &q[whole..n], ln_ratio_normal_fma);
        Block {
            sp: _mm512_reduce_add_pd(sp) + tail.sp,
            sq: _mm512_reduce_add_pd(sq) + tail.sq,
            t: _mm512_reduce_add_pd(t) + tail.t,
            abs_t: _mm512_reduce_add_pd(at) + tail.abs_t,
            d: _mm512_reduce_add_pd(d) + tail.d,
            abs_d: _mm512_reduce_add_pd(ad) + tail.abs_d,
            clean: ok == 0xff && tail.clean,
        }
    }

    /// Σp and Σ p ln p, as `entropy_kernel` defines them.
    #[target_feature(enable = "avx512f,avx512dq,avx2,fma")]
    pub(super) fn entropy(p: &[f64]) -> Block {
        let whole = p.len() / 8 * 8;
        let zero = _mm512_setzero_pd();
        let (mut sp, mut t, mut at) = (zero, zero, zero);
        let mut ok: __mmask8 = 0xff;
        for a in p[..whole].chunks_exact(8) {
            let a = load(a);
            sp = _mm512_add_pd(sp, a);
            let normal = !_mm512_fpclass_pd_mask::<NOT_POSITIVE_NORMAL>(a);
            ok &= normal | _mm512_fpclass_pd_mask::<ZERO>(a);
            let term = _mm512_maskz_mul_pd(normal, a, ln_normal_avx512(a));
            t = _mm512_add_pd(t, term);
            at = _mm512_add_pd(at, _mm512_abs_pd(term));
        }
        let mut b = Block {
            sp: _mm512_reduce_add_pd(sp),
            sq: 0.0,
            t: _mm512_reduce_add_pd(t),
            abs_t: _mm512_reduce_add_pd(at),
            clean: ok == 0xff,
            ..Block::default()
        };
        entropy_tail(&mut b, &p[whole..], ln_normal_fma);
        b
    }
}

/// Σ p ln p (and Σp) for entropy: one block.
#[inline(always)]
fn entropy_kernel(p: &[f64]) -> Block {
    const L: usize = 8;
    let mut sp = [0.0f64; L];
    let mut t = [0.0f64; L];
    let mut at = [0.0f64; L];
    let mut ok = [true; L];
    let chunks = p.len() / L;
    for c in 0..chunks {
        let pc = &p[c * L..c * L + L];
        for j in 0..L {
            let a = pc[j];
            sp[j] += a;
            let a_pos = is_positive_normal(a);
            ok[j] &= a_pos | (a == 0.0);
            let term = if a_pos { a * ln_normal(a) } else { 0.0 };
            t[j] += term;
            at[j] += term.abs();
        }
    }
    let mut b = Block {
        sp: pairwise8(&sp),
        sq: 0.0,
        t: pairwise8(&t),
        abs_t: pairwise8(&at),
        clean: ok.iter().all(|&o| o),
        ..Block::default()
    };
    entropy_tail(&mut b, &p[chunks * L..], ln_normal);
    b
}

/// The entropy block's elements after the last whole lane group, one at a time, into `b`.
#[inline(always)]
fn entropy_tail(b: &mut Block, p: &[f64], ln: fn(f64) -> f64) {
    for &a in p {
        b.sp += a;
        let a_pos = is_positive_normal(a);
        b.clean &= a_pos || a == 0.0;
        if b.clean && a_pos {
            let term = a * ln(a);
            b.t += term;
            b.abs_t += term.abs();
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn entropy_avx2(p: &[f64]) -> Block {
    entropy_kernel(p)
}

/// Σp, Σq and Σ p ln(p/q) of one block on `path`, which must come from [`available`].
#[allow(unsafe_code)] // the crate's one unsafe: calling functions compiled for detected features
fn block_on(path: Path, p: &[f64], q: &[f64]) -> Block {
    match path {
        Path::Portable => block_kernel(p, q),
        // SAFETY: `available` listed this path only after detecting every feature it enables.
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => unsafe { block_avx2(p, q) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Path::Avx512 => unsafe { avx512::block(p, q) },
    }
}

/// Σp and Σ p ln p of one block on `path`, which must come from [`available`].
#[allow(unsafe_code)] // see `block_on`
fn entropy_on(path: Path, p: &[f64]) -> Block {
    match path {
        Path::Portable => entropy_kernel(p),
        // SAFETY: `available` listed this path only after detecting every feature it enables.
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => unsafe { entropy_avx2(p) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Path::Avx512 => unsafe { avx512::entropy(p) },
    }
}

/// One block, on the fastest path this CPU has.
pub(crate) fn block(p: &[f64], q: &[f64]) -> Block {
    block_on(best(), p, q)
}

/// Entropy block on the fastest path.
pub(crate) fn entropy_block(p: &[f64]) -> Block {
    entropy_on(best(), p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numerics::vector_ln::ln_normal_fma;

    /// Inputs for the path comparison: smooth values, and blocks holding each value that
    /// forces the exact path (zero, subnormal, negative, infinite, NaN) at a lane and in the tail.
    fn cases() -> Vec<(Vec<f64>, Vec<f64>)> {
        let p: Vec<f64> = (1..1000)
            .map(|i| (i as f64 * 0.37).sin().abs() + 1e-3)
            .collect();
        let q: Vec<f64> = (1..1000)
            .map(|i| (i as f64 * 0.11).cos().abs() + 1e-3)
            .collect();
        let mut out = vec![(p.clone(), q.clone())];
        for odd in [0.0, -0.0, 5e-324, -5e-324, -1.0, f64::INFINITY, f64::NAN] {
            for at in [3, 997] {
                let mut p2 = p.clone();
                p2[at] = odd;
                out.push((p2, q.clone()));
                let mut q2 = q.clone();
                q2[at] = odd;
                out.push((p.clone(), q2));
            }
        }
        out
    }

    fn same(a: f64, b: f64) -> bool {
        a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-13 * b.abs()
    }

    #[test]
    fn every_kernel_path_agrees_with_the_portable_one() {
        let paths = available();
        assert_eq!(paths.first(), Some(&Path::Portable));
        crate::numerics::simd::report_skipped_paths(
            "every_kernel_path_agrees_with_the_portable_one",
        );
        for (p, q) in cases() {
            let plain = block_kernel(&p, &q);
            let plain_h = entropy_kernel(&p);
            for &path in &paths {
                let b = block_on(path, &p, &q);
                assert_eq!(b.clean, plain.clean, "{path:?}");
                if plain.clean {
                    assert!(
                        same(b.t, plain.t)
                            && same(b.abs_t, plain.abs_t)
                            && same(b.sp, plain.sp)
                            && same(b.sq, plain.sq)
                    );
                }
                let h = entropy_on(path, &p);
                assert_eq!(h.clean, plain_h.clean, "{path:?}");
                if plain_h.clean {
                    assert!(
                        same(h.t, plain_h.t)
                            && same(h.abs_t, plain_h.abs_t)
                            && same(h.sp, plain_h.sp),
                        "{path:?}"
                    );
                }
            }
        }
    }

    /// The intrinsic logarithm is the fused scalar one, bit for bit (which the next test holds
    /// within one ulp of std).
    #[cfg(target_arch = "x86_64")]
    #[test]
    #[cfg_attr(kldiv_no_avx512, ignore = "SKIPPED: this CPU lacks AVX-512 F/DQ")]
    #[allow(unsafe_code)] // storing a vector's lanes, and calling it where detected
    fn avx512_ln_is_the_fused_scalar_ln() {
        use crate::numerics::vector_ln::ln_normal_avx512;
        use std::arch::x86_64::*;
        #[target_feature(enable = "avx512f,avx512dq")]
        fn lanes(x: &[f64]) -> [f64; 8] {
            let v = _mm512_set_pd(x[7], x[6], x[5], x[4], x[3], x[2], x[1], x[0]);
            let mut out = [0.0; 8];
            // SAFETY: `out` holds eight f64, and storeu needs no alignment.
            unsafe { _mm512_storeu_pd(out.as_mut_ptr(), ln_normal_avx512(v)) };
            out
        }
        assert!(
            available().contains(&Path::Avx512),
            "built where AVX-512 was detected, run where it is not: rebuild here"
        );
        let mut xs = vec![
            f64::MIN_POSITIVE,
            f64::MAX,
            1.0,
            1.0 + f64::EPSILON,
            1.0 - 1e-16,
        ];
        let mut x = 1e-300f64;
        while x < 1e300 {
            xs.extend(
                [
                    0.7,
                    std::f64::consts::FRAC_1_SQRT_2,
                    0.99,
                    1.3,
                    std::f64::consts::SQRT_2,
                    1.999,
                ]
                .map(|m| x * m),
            );
            x *= 1.37;
        }
        xs.resize(xs.len().div_ceil(8) * 8, 2.0);
        for chunk in xs.chunks(8) {
            // SAFETY: the AVX-512 path is available, so are the features `lanes` enables.
            let got = unsafe { lanes(chunk) };
            for (g, &v) in got.iter().zip(chunk) {
                assert_eq!(g.to_bits(), ln_normal_fma(v).to_bits(), "ln {v:e}");
            }
        }
    }

    /// The intrinsic logarithm of a ratio is the fused scalar one, bit for bit (which
    /// `numerics::vector_ln` holds within two ulps of mpmath).
    #[cfg(target_arch = "x86_64")]
    #[test]
    #[cfg_attr(kldiv_no_avx512, ignore = "SKIPPED: this CPU lacks AVX-512 F/DQ")]
    #[allow(unsafe_code)] // as above
    fn avx512_ln_ratio_is_the_fused_scalar_one() {
        use crate::numerics::vector_ln::{ln_ratio_normal_avx512, ln_ratio_normal_fma};
        use std::arch::x86_64::*;
        #[target_feature(enable = "avx512f,avx512dq")]
        fn lanes(a: &[f64], b: &[f64]) -> [f64; 8] {
            let v = |x: &[f64]| _mm512_set_pd(x[7], x[6], x[5], x[4], x[3], x[2], x[1], x[0]);
            let mut out = [0.0; 8];
            // SAFETY: `out` holds eight f64, and storeu needs no alignment.
            unsafe { _mm512_storeu_pd(out.as_mut_ptr(), ln_ratio_normal_avx512(v(a), v(b))) };
            out
        }
        assert!(
            available().contains(&Path::Avx512),
            "built where AVX-512 was detected, run where it is not: rebuild here"
        );
        let mut a = vec![f64::MIN_POSITIVE, f64::MAX, 1.0, 1.0, 3.0];
        let mut b = vec![f64::MAX, f64::MIN_POSITIVE, 1.0 + f64::EPSILON, 1.0, 2.0];
        let mut x = 1e-300f64;
        while x < 1e300 {
            for (m, r) in [
                (0.7, 1.0 + 1e-12),
                (1.3, std::f64::consts::FRAC_1_SQRT_2),
                (1.999, std::f64::consts::SQRT_2),
            ] {
                a.push(x * m);
                b.push(x * m * r);
                a.push(x);
                b.push(1.0 / x);
            }
            x *= 1.37;
        }
        let len = a.len().div_ceil(8) * 8;
        a.resize(len, 2.0);
        b.resize(len, 5.0);
        for (ca, cb) in a.chunks(8).zip(b.chunks(8)) {
            // SAFETY: the AVX-512 path is available, so are the features `lanes` enables.
            let got = unsafe { lanes(ca, cb) };
            for i in 0..8 {
                let want = ln_ratio_normal_fma(ca[i], cb[i]);
                assert_eq!(
                    got[i].to_bits(),
                    want.to_bits(),
                    "ln({:e}/{:e})",
                    ca[i],
                    cb[i]
                );
            }
        }
    }

    #[test]
    fn ln_is_within_one_ulp_of_std() {
        let mut x = 1e-300f64;
        let mut worst = 0u64;
        while x < 1e300 {
            for m in [1.0, 1.3, 0.7, 1.41, 1.999, 0.5001] {
                let v = x * m;
                let b = v.ln();
                // Both forms of the logarithm: plain, and fused as the AVX paths compile it.
                for a in [ln_normal(v), ln_normal_fma(v)] {
                    let ulps = (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs();
                    if b != 0.0 {
                        worst = worst.max(ulps);
                    }
                }
            }
            x *= 1.37;
        }
        assert!(worst <= 1, "worst {worst} ulp");
        assert_eq!(ln_normal(1.0), 0.0);
    }
}
