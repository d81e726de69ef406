//! Monte Carlo for Gaussian mixtures, vectorised: draws are made a block at a time and held by
//! coordinate, and each component's log-density over the block is a loop of fused multiply-adds
//! over the points (x − μ through the inverse Cholesky factor), so that the compiler keeps one
//! point per SIMD lane; the log-sum-exp uses the branch-free exp and ln. No dispatch per draw.
//!
//! The chunks and streams are those of `montecarlo.rs`: the estimate depends on the seed and
//! the number of draws only.

use super::montecarlo::{self, Chunk, Moments, MonteCarlo, Tail};
use crate::Error;
use crate::dist::GaussianMixture;
use crate::numerics::simd::{Path, best};
use crate::numerics::vector_exp::exp_nonpositive;
use crate::numerics::vector_ln::{ln_normal, ln_normal_fma};
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::f64::consts::PI;

/// 2⁻⁵³: 53 random bits to a double in [0, 1).
const UNIT: f64 = 1.0 / (1u64 << 53) as f64;

/// Points per block: the scratch of a 16-component mixture in d = 10 stays in L1/L2.
const BLOCK: usize = 256;

/// One component ready for the kernel.
struct Component {
    mean: Vec<f64>,
    /// L⁻¹ by rows, lower triangle packed: row k holds k + 1 entries.
    inv_l: Vec<f64>,
    /// ln w − ½(d ln 2π + ln det Σ).
    constant: f64,
    /// L by rows, packed as `inv_l`, for drawing.
    l: Vec<f64>,
}

/// A mixture ready for the kernel.
struct Prepared {
    d: usize,
    components: Vec<Component>,
    /// Cumulative weights, for choosing a component.
    cumulative: Vec<f64>,
}

fn packed_lower(m: &nalgebra::DMatrix<f64>) -> Vec<f64> {
    let d = m.nrows();
    (0..d)
        .flat_map(|k| (0..=k).map(move |j| m[(k, j)]))
        .collect()
}

impl Prepared {
    fn new(g: &GaussianMixture) -> Prepared {
        let d = g.dim();
        let mut total = 0.0;
        let components = g
            .components()
            .iter()
            .zip(g.ln_weights())
            .map(|(c, lw)| {
                let l = c.cholesky();
                let eye = nalgebra::DMatrix::<f64>::identity(d, d);
                // L is invertible: the factor of a positive definite Σ.
                let inv = l.solve_lower_triangular(&eye).unwrap_or(eye);
                Component {
                    mean: c.mean().to_vec(),
                    inv_l: packed_lower(&inv),
                    constant: lw - 0.5 * (d as f64 * (2.0 * PI).ln() + c.ln_det()),
                    l: packed_lower(l),
                }
            })
            .collect();
        let cumulative = g
            .weights()
            .iter()
            .map(|w| {
                total += w;
                total
            })
            .collect();
        Prepared {
            d,
            components,
            cumulative,
        }
    }

    /// The mixture in coordinates moved by −`by` (KL is unchanged by a common translation).
    fn shifted(&self, by: &[f64]) -> Prepared {
        Prepared {
            d: self.d,
            components: self
                .components
                .iter()
                .map(|c| Component {
                    mean: c.mean.iter().zip(by).map(|(m, b)| m - b).collect(),
                    inv_l: c.inv_l.clone(),
                    constant: c.constant,
                    l: c.l.clone(),
                })
                .collect(),
            cumulative: self.cumulative.clone(),
        }
    }

    /// Component a alone (weight 1), centred at 0: what a run samples from.
    fn centred_component(&self, a: usize) -> Prepared {
        let c = &self.components[a];
        Prepared {
            d: self.d,
            components: vec![Component {
                mean: vec![0.0; self.d],
                inv_l: c.inv_l.clone(),
                constant: 0.0,
                l: c.l.clone(),
            }],
            cumulative: vec![1.0],
        }
    }

    /// Draws n ≤ BLOCK points into `x` (coordinate j of point i at j·BLOCK + i).
    fn draw(&self, rng: &mut Xoshiro256PlusPlus, n: usize, x: &mut [f64], z: &mut [f64]) {
        let d = self.d;
        let last = self.components.len() - 1;
        for i in 0..n {
            let c = if last == 0 {
                0
            } else {
                let u = (rng.next_u64() >> 11) as f64 * UNIT * self.cumulative[last];
                self.cumulative.partition_point(|&s| s <= u).min(last)
            };
            let comp = &self.components[c];
            if d == 1 {
                let z: f64 = StandardNormal.sample(rng);
                x[i] = comp.mean[0] + comp.l[0] * z;
                continue;
            }
            for zj in z.iter_mut().take(d) {
                *zj = StandardNormal.sample(rng);
            }
            let mut row = 0;
            for k in 0..d {
                let mut s = comp.mean[k];
                for (l, zj) in comp.l[row..=row + k].iter().zip(&z[..=k]) {
                    s += l * zj;
                }
                row += k + 1;
                x[k * BLOCK + i] = s;
            }
        }
    }
}

/// Scratch space of one block.
struct Scratch {
    centred: Vec<f64>,
    acc: Vec<f64>,
    terms: Vec<f64>,
}

impl Scratch {
    fn new(d: usize, k: usize) -> Scratch {
        Scratch {
            centred: vec![0.0; d * BLOCK],
            acc: vec![0.0; BLOCK],
            terms: vec![0.0; k * BLOCK],
        }
    }
}

/// ln of the mixture density at the block's points, into `out`.
#[inline(always)]
fn ln_density_block<const FUSED: bool>(m: &Prepared, x: &[f64], s: &mut Scratch, out: &mut [f64]) {
    let fma = |a: f64, b: f64, c: f64| if FUSED { a.mul_add(b, c) } else { a * b + c };
    let d = m.d;
    let out = &mut out[..BLOCK];
    for (c, comp) in m.components.iter().enumerate() {
        for j in 0..d {
            let (src, dst) = (
                &x[j * BLOCK..][..BLOCK],
                &mut s.centred[j * BLOCK..][..BLOCK],
            );
            let mu = comp.mean[j];
            for i in 0..BLOCK {
                dst[i] = src[i] - mu;
            }
        }
        let acc = &mut s.acc[..BLOCK];
        acc.fill(0.0);
        let mut row = 0;
        for k in 0..d {
            let mut y = [0.0f64; BLOCK];
            for j in 0..=k {
                let u = comp.inv_l[row + j];
                let src = &s.centred[j * BLOCK..][..BLOCK];
                for i in 0..BLOCK {
                    y[i] = fma(u, src[i], y[i]);
                }
            }
            row += k + 1;
            for i in 0..BLOCK {
                acc[i] = fma(y[i], y[i], acc[i]);
            }
        }
        let t = &mut s.terms[c * BLOCK..][..BLOCK];
        for i in 0..BLOCK {
            t[i] = fma(-0.5, acc[i], comp.constant);
        }
    }
    let k = m.components.len();
    if k == 1 {
        out.copy_from_slice(&s.terms[..BLOCK]);
        return;
    }
    let max = &mut s.acc[..BLOCK];
    max.copy_from_slice(&s.terms[..BLOCK]);
    for c in 1..k {
        let t = &s.terms[c * BLOCK..][..BLOCK];
        for i in 0..BLOCK {
            max[i] = max[i].max(t[i]);
        }
    }
    out.fill(0.0);
    for c in 0..k {
        let t = &s.terms[c * BLOCK..][..BLOCK];
        for i in 0..BLOCK {
            out[i] += exp_nonpositive::<FUSED>(t[i] - max[i]);
        }
    }
    // The sum is in [1, k]: a positive normal double, the branch-free logarithm's domain.
    for i in 0..BLOCK {
        let l = if FUSED {
            ln_normal_fma(out[i])
        } else {
            ln_normal(out[i])
        };
        out[i] = max[i] + l;
    }
}

/// ln p − ln q at the block's points, into `out`, on the portable path.
fn log_ratio_portable(
    p: &Prepared,
    q: &Prepared,
    x: &[f64],
    s: &mut Scratch,
    lp: &mut [f64],
    out: &mut [f64],
) {
    ln_density_block::<false>(p, x, s, lp);
    ln_density_block::<false>(q, x, s, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn log_ratio_avx2(
    p: &Prepared,
    q: &Prepared,
    x: &[f64],
    s: &mut Scratch,
    lp: &mut [f64],
    out: &mut [f64],
) {
    ln_density_block::<true>(p, x, s, lp);
    ln_density_block::<true>(q, x, s, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx2,fma")]
fn log_ratio_avx512(
    p: &Prepared,
    q: &Prepared,
    x: &[f64],
    s: &mut Scratch,
    lp: &mut [f64],
    out: &mut [f64],
) {
    ln_density_block::<true>(p, x, s, lp);
    ln_density_block::<true>(q, x, s, out);
}

/// ln p and ln q at the block's points on `path` (ln p in `lp`, ln q in `lq`).
#[allow(unsafe_code)] // calling the forms compiled for detected features, as arrays::kernel
fn log_densities(
    path: Path,
    p: &Prepared,
    q: &Prepared,
    x: &[f64],
    s: &mut Scratch,
    lp: &mut [f64],
    lq: &mut [f64],
) {
    match path {
        Path::Portable => log_ratio_portable(p, q, x, s, lp, lq),
        // SAFETY: `best` chose this path only after detecting every feature it enables.
        #[cfg(target_arch = "x86_64")]
        Path::Avx2 => unsafe { log_ratio_avx2(p, q, x, s, lp, lq) },
        // SAFETY: as above.
        #[cfg(target_arch = "x86_64")]
        Path::Avx512 => unsafe { log_ratio_avx512(p, q, x, s, lp, lq) },
    }
}

/// KL(f‖g) from `samples` seeded draws of f, on all cores, vectorised.
///
/// # Errors
/// [`Error::InvalidArgument`] for fewer than 2 samples.
pub(crate) fn kl(
    f: &GaussianMixture,
    g: &GaussianMixture,
    samples: u64,
    seed: u64,
    progress: &crate::Progress,
) -> Result<MonteCarlo, Error> {
    kl_on(best(), f, g, samples, seed, progress)
}

pub(crate) fn kl_on(
    path: Path,
    f: &GaussianMixture,
    g: &GaussianMixture,
    samples: u64,
    seed: u64,
    progress: &crate::Progress,
) -> Result<MonteCarlo, Error> {
    montecarlo::at_least_two(samples)?;
    let (p, q) = (Prepared::new(f), Prepared::new(g));
    let k = f.components().len();
    let (counts, mut draws) = if k == 1 {
        (vec![samples], 0)
    } else if samples < STRATIFY_FROM * k as u64 {
        (allocate(samples, f.weights(), 2), 0)
    } else {
        let pilot = PILOT * k as u64;
        (neyman(path, f, &p, &q, samples, seed, progress)?, pilot)
    };
    let mut value = 0.0;
    let mut variance = 0.0;
    let mut rounding = 0.0;
    for (a, &n) in counts.iter().enumerate() {
        let r = component_run(path, &p, &q, a, n, stream(seed, a, false), progress)?;
        if r.value.is_infinite() {
            return Ok(r);
        }
        value += f.weights()[a] * r.value;
        variance += (f.weights()[a] * r.std_error).powi(2);
        rounding += f.weights()[a] * r.size;
        draws += n;
    }
    // The bar adds the log densities' rounding (a few ulp per coordinate of their size), which
    // is all the error left when the log-ratio barely varies over the draws.
    let d = f.dim() as f64;
    Ok(MonteCarlo {
        value,
        std_error: variance.sqrt() + 16.0 * (d + 4.0) * f64::EPSILON * rounding,
        size: rounding,
        samples: draws,
        // The log-ratio of two Gaussian mixtures grows at most quadratically, under Gaussian
        // tails: every moment is finite, and a tail index from few draws would only mislead.
        tail_index: None,
    })
}

/// Draws per component of the pilot run that sets the allocation.
const PILOT: u64 = 1024;

/// Fewest draws of a component in the main run (its variance must be estimable).
const MIN_STRATUM: u64 = 64;

/// From this many draws per component the allocation is Neyman's (after a pilot run); below,
/// proportional to the weights.
const STRATIFY_FROM: u64 = 4 * PILOT;

/// The seed of component a's main or pilot run: distinct streams, fixed by the seed.
fn stream(seed: u64, a: usize, pilot: bool) -> u64 {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let salt = rng.next_u64() ^ (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    if pilot {
        salt.rotate_left(17) ^ 0xA5A5_A5A5
    } else {
        salt
    }
}

/// Importance sampling over p's components: component a gets nₐ ∝ πₐσₐ of the draws (Neyman's
/// allocation, σₐ the log-ratio's spread under fₐ from a pilot run with its own streams) and
/// its mean the weight πₐ, so KL = Σ πₐ E_fₐ[ln p − ln q] with variance Σ πₐ²σₐ²/nₐ. That is
/// never above drawing from p, whose variance adds the spread of the components' means, often
/// the larger part for a mixture. Returns the draws per component.
fn neyman(
    path: Path,
    f: &GaussianMixture,
    p: &Prepared,
    q: &Prepared,
    samples: u64,
    seed: u64,
    progress: &crate::Progress,
) -> Result<Vec<u64>, Error> {
    let k = f.components().len();
    let mut spread = Vec::with_capacity(k);
    for a in 0..k {
        let pilot = component_run(path, p, q, a, PILOT, stream(seed, a, true), progress)?;
        spread.push(f.weights()[a] * pilot.std_error * (PILOT as f64).sqrt());
    }
    let total: f64 = spread.iter().sum();
    let main = samples
        .saturating_sub(PILOT * k as u64)
        .max(MIN_STRATUM * k as u64);
    // Where every spread is 0 (p = q on its support) the weights themselves allocate.
    let shares: Vec<f64> = if total > 0.0 && total.is_finite() {
        spread.iter().map(|s| s / total).collect()
    } else {
        f.weights().to_vec()
    };
    Ok(allocate(main, &shares, MIN_STRATUM))
}

/// `total` draws split in proportion to `shares` (summing to 1), at least `floor` each; the
/// rounding's remainder goes to the largest share, so that the draws add up.
fn allocate(total: u64, shares: &[f64], floor: u64) -> Vec<u64> {
    let mut counts: Vec<u64> = shares
        .iter()
        .map(|s| ((total as f64 * s) as u64).max(floor))
        .collect();
    let given: u64 = counts.iter().sum();
    if let Some(top) = (0..shares.len()).max_by(|&x, &y| shares[x].total_cmp(&shares[y])) {
        counts[top] += total.saturating_sub(given);
    }
    counts
}

/// `samples` draws of component a, with p and q moved so that its mean is the origin: a draw
/// is L z itself, and x − μ_c is (μₐ − μ_c) + L z, so a spread of 10⁻⁸ about a mean of 10⁸
/// loses nothing to the rounding of x.
fn component_run(
    path: Path,
    p: &Prepared,
    q: &Prepared,
    a: usize,
    samples: u64,
    seed: u64,
    progress: &crate::Progress,
) -> Result<MonteCarlo, Error> {
    let origin = &p.components[a].mean;
    run(
        path,
        &p.centred_component(a),
        &p.shifted(origin),
        &q.shifted(origin),
        samples,
        seed,
        progress,
    )
}

/// `samples` draws from `sampler` of ln p − ln q, chunked and seeded as every Monte Carlo run.
fn run(
    path: Path,
    sampler: &Prepared,
    p: &Prepared,
    q: &Prepared,
    samples: u64,
    seed: u64,
    progress: &crate::Progress,
) -> Result<MonteCarlo, Error> {
    let d = p.d;
    let k = p.components.len().max(q.components.len());
    montecarlo::run(samples, seed, progress, |mut rng, n| {
        let mut s = Scratch::new(d, k);
        let mut x = vec![0.0; d * BLOCK];
        let mut z = vec![0.0; d];
        let (mut lp, mut lq) = (vec![0.0; BLOCK], vec![0.0; BLOCK]);
        let mut m = Moments::default();
        let mut tail = Tail::new();
        let mut left = n as usize;
        while left > 0 {
            let b = left.min(BLOCK);
            sampler.draw(&mut rng, b, &mut x, &mut z);
            log_densities(path, p, q, &x, &mut s, &mut lp, &mut lq);
            let mut size = 0.0;
            for i in 0..b {
                size += lp[i].abs() + lq[i].abs();
                lp[i] -= lq[i];
            }
            let l = &lp[..b];
            let block = Moments::of(l).with_size(size);
            // A non-finite log-ratio makes the block's mean non-finite; one beyond 1e154 its
            // sum of squares.
            if !block.mean.is_finite() {
                return Chunk::Undefined;
            }
            if !block.m2.is_finite() {
                return Chunk::Overflow;
            }
            m = m.merge(block);
            tail.push_block(l);
            left -= b;
        }
        Chunk::Done(m, tail.finish())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dist;
    use crate::numerics::simd::available;

    fn gaussians(spec: &str) -> GaussianMixture {
        GaussianMixture::of(&spec.parse::<Dist>().unwrap()).unwrap()
    }

    const P3: &str = "0.3*mvnormal(mean=[0, 1, -1], cov=[[1, 0.2, 0], [0.2, 2, 0.3], [0, 0.3, 0.5]]) \
                      + 0.7*mvnormal(mean=[2, 0, 0], cov=[[0.5, 0, 0], [0, 0.5, 0], [0, 0, 3]])";
    const Q3: &str = "0.5*mvnormal(mean=[1, 1, 0], cov=[[2, 0, 0], [0, 1, 0], [0, 0, 1]]) \
                      + 0.25*mvnormal(mean=[-1, 0, 0], cov=[[1, 0, 0], [0, 1, 0], [0, 0, 1]]) \
                      + 0.25*mvnormal(mean=[0, -2, 1], cov=[[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1]])";

    #[test]
    fn block_densities_match_the_pointwise_mixture_density_on_every_path() {
        let g = gaussians(Q3);
        let prepared = Prepared::new(&g);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
        let (mut x, mut z) = (vec![0.0; 3 * BLOCK], vec![0.0; 3]);
        Prepared::new(&gaussians(P3)).draw(&mut rng, BLOCK, &mut x, &mut z);
        // Far points too, where every term is tiny and the log-sum-exp must not underflow.
        x[0] = 40.0;
        x[BLOCK + 1] = -35.0;
        crate::numerics::simd::report_skipped_paths(
            "block_densities_match_the_pointwise_mixture_density_on_every_path",
        );
        for path in available() {
            let mut s = Scratch::new(3, 3);
            let (mut lp, mut lq) = (vec![0.0; BLOCK], vec![0.0; BLOCK]);
            log_densities(path, &prepared, &prepared, &x, &mut s, &mut lp, &mut lq);
            for i in 0..BLOCK {
                let point = [x[i], x[BLOCK + i], x[2 * BLOCK + i]];
                let want = g.ln_pdf(&point);
                assert!(
                    (lq[i] - want).abs() <= 1e-13 * want.abs().max(1.0),
                    "{path:?} point {i}: {} vs {want}",
                    lq[i]
                );
            }
        }
    }

    #[test]
    fn sampling_by_component_lowers_the_variance_and_keeps_the_mean() {
        // KL(0.999 N(0, 1) + 0.001 N(10, 1) ‖ N(0, 1)) = 0.042092789351516564 (mpmath,
        // tests/data/mixtures.json): the rare component carries most of the divergence.
        let truth = 0.042_092_789_351_516_564;
        let (f, g) = (
            gaussians("0.999*normal(0, 1) + 0.001*normal(10, 1)"),
            gaussians("normal(0, 1)"),
        );
        let (p, q) = (Prepared::new(&f), Prepared::new(&g));
        let progress = crate::Progress::new();
        let plain = run(best(), &p, &p, &q, 400_000, 5, &progress).unwrap();
        let by_component = kl_on(best(), &f, &g, 400_000, 5, &progress).unwrap();
        for e in [plain, by_component] {
            assert!((e.value - truth).abs() <= 5.0 * e.std_error, "{e:?}");
        }
        assert!(
            by_component.std_error * 20.0 < plain.std_error,
            "{by_component:?} vs {plain:?}"
        );
    }

    #[test]
    fn every_path_gives_the_same_estimate() {
        let (f, g) = (gaussians(P3), gaussians(Q3));
        let portable = kl_on(Path::Portable, &f, &g, 100_000, 8, &crate::Progress::new()).unwrap();
        crate::numerics::simd::report_skipped_paths("every_path_gives_the_same_estimate");
        for path in available() {
            let e = kl_on(path, &f, &g, 100_000, 8, &crate::Progress::new()).unwrap();
            assert!(
                (e.value - portable.value).abs() <= 1e-13 * portable.value,
                "{path:?}"
            );
        }
        let progress = crate::Progress::new();
        assert!(kl(&f, &g, 1, 0, &progress).is_err());
        kl(&f, &g, 200_000, 0, &progress).unwrap();
        assert_eq!((progress.done(), progress.total()), (200_000, 200_000));
    }
}
