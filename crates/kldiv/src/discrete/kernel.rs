//! The one-pass sums of the array measures: Σp, Σq and Σ p ln(p/q) in blocks, with the
//! branch-free logarithm of `numerics::vector_ln`, compiled for AVX-512 or AVX2+FMA where the
//! processor has them (checked at run time) and portably otherwise.

#[cfg(test)]
use crate::numerics::simd::available;
use crate::numerics::simd::{Path, best};
use crate::numerics::vector_ln::{is_positive_normal, ln_normal, ln_normal_fma};

/// Partial sums of one block: Σp, Σq, Σ p(ln p − ln q), Σ |p(ln p − ln q)| (which bounds the
/// rounding error of the sum), and whether every pair was clean (both positive normal). A block is at most `BLOCK` long, so plain lane sums lose little;
/// blocks are combined with compensation.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Block {
    pub sp: f64,
    pub sq: f64,
    pub t: f64,
    pub abs_t: f64,
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
    let ln = if FUSED { ln_normal_fma } else { ln_normal };
    const L: usize = 8;
    let mut sp = [0.0f64; L];
    let mut sq = [0.0f64; L];
    let mut t = [0.0f64; L];
    let mut at = [0.0f64; L];
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
            let a_pos = a > 0.0;
            // One logarithm per element: ln(p/q). 0·ln(0/q) = 0 for any finite q ≥ 0; a ratio
            // outside the normal range (or anything else unusual) leaves the fast path.
            let r = a / b;
            ok[j] &= (a_pos & is_positive_normal(r) & (a < f64::INFINITY))
                | ((a == 0.0) & (0.0..f64::INFINITY).contains(&b));
            let term = if a_pos { a * ln(r) } else { 0.0 };
            t[j] += term;
            at[j] += term.abs();
        }
    }
    let mut tail = Block {
        clean: true,
        ..Block::default()
    };
    for i in chunks * L..n {
        let (a, b) = (p[i], q[i]);
        tail.sp += a;
        tail.sq += b;
        let a_pos = a > 0.0;
        let r = a / b;
        tail.clean &= (a_pos && is_positive_normal(r) && a.is_finite())
            || (a == 0.0 && b >= 0.0 && b.is_finite());
        if tail.clean && a_pos {
            let term = a * ln(r);
            tail.t += term;
            tail.abs_t += term.abs();
        }
    }
    Block {
        sp: pairwise8(&sp) + tail.sp,
        sq: pairwise8(&sq) + tail.sq,
        t: pairwise8(&t) + tail.t,
        abs_t: pairwise8(&at) + tail.abs_t,
        clean: ok.iter().all(|&o| o) && tail.clean,
    }
}

fn pairwise8(v: &[f64; 8]) -> f64 {
    ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn block_avx2(p: &[f64], q: &[f64]) -> Block {
    block_kernel_with::<true>(p, q)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx2,fma")]
fn block_avx512(p: &[f64], q: &[f64]) -> Block {
    block_kernel_with::<true>(p, q)
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
    };
    for &a in &p[chunks * L..] {
        b.sp += a;
        let a_pos = is_positive_normal(a);
        b.clean &= a_pos || a == 0.0;
        if b.clean && a_pos {
            let term = a * ln_normal(a);
            b.t += term;
            b.abs_t += term.abs();
        }
    }
    b
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
        Path::Avx512 => unsafe { block_avx512(p, q) },
    }
}

/// Σp and Σ p ln p of one block on `path`, which must come from [`available`].
#[allow(unsafe_code)] // see `block_on`
fn entropy_on(path: Path, p: &[f64]) -> Block {
    match path {
        Path::Portable => entropy_kernel(p),
        // SAFETY: `available` listed this path only after detecting every feature it enables
        // (the AVX-512 path includes AVX2 and FMA).
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 | Path::Avx512 => unsafe { entropy_avx2(p) },
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
        for odd in [0.0, 5e-324, -1.0, f64::INFINITY, f64::NAN] {
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
