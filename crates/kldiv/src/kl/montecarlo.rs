//! Seeded Monte Carlo: KL(p‖q) = E_p[ln p(X) − ln q(X)] from draws of p, with its standard error.
//!
//! The draws are cut into fixed chunks of 2¹⁶; chunk i uses the seed's xoshiro256++ stream
//! jumped i times (2¹²⁸ steps each), so streams never overlap and the result depends on the seed
//! and the sample count only, not on the number of threads.

use crate::dist::ln_pdf_at_log;
use crate::{Dist, Error};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

const CHUNK: u64 = 1 << 16;

/// Mean and standard error of ln p(X) − ln q(X) over `samples` draws of p.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonteCarlo {
    /// The sample mean: the estimate of KL(p‖q).
    pub value: f64,
    /// Its standard error.
    pub std_error: f64,
    /// Draws used.
    pub samples: u64,
    /// Hill's estimate of the tail index α of |ln p − ln q| (P(|L| > t) ~ t^−α) from the largest
    /// draws: below 2 the log-ratio has no variance and the standard error means nothing.
    pub tail_index: Option<f64>,
    /// The mean size |ln p| + |ln q| of the draws' log densities, where the caller measured it
    /// (0 otherwise): what their rounding scales with, for a log-ratio that barely varies.
    pub size: f64,
}

/// The largest |log-ratio|s kept per chunk (and overall) for the tail index.
const TAIL_DRAWS: usize = 256;

/// Hill's estimator of the tail index from the k + 1 largest values, sorted descending:
/// α̂ = k / Σᵢ ln(xᵢ / x_{k+1}) (Hill 1975).
fn hill(largest: &[f64]) -> Option<f64> {
    let (&floor, top) = largest.split_last()?;
    if top.len() < 16 || floor.is_nan() || floor <= 0.0 {
        return None;
    }
    let s: f64 = top.iter().map(|&x| (x / floor).ln()).sum();
    (s > 0.0).then(|| top.len() as f64 / s)
}

/// The `TAIL_DRAWS` largest values of `xs`, sorted descending.
pub(crate) fn largest(mut xs: Vec<f64>) -> Vec<f64> {
    if xs.len() > TAIL_DRAWS {
        xs.select_nth_unstable_by(TAIL_DRAWS, |a, b| b.total_cmp(a));
        xs.truncate(TAIL_DRAWS);
    }
    xs.sort_by(|a, b| b.total_cmp(a));
    xs
}

/// Σ f(x) in eight running sums: independent additions the compiler can keep in SIMD lanes
/// (one running sum waits on each addition's latency).
#[inline]
fn lane_sum(xs: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    let mut acc = [0.0f64; 8];
    let chunks = xs.chunks_exact(8);
    let rest: f64 = chunks.remainder().iter().map(|&x| f(x)).sum();
    for c in chunks {
        for (a, &x) in acc.iter_mut().zip(c) {
            *a += f(x);
        }
    }
    ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7])) + rest
}

/// The `TAIL_DRAWS` largest of a stream of values, kept without storing the stream: values at
/// or below the smallest kept one once `TAIL_DRAWS` are kept cannot enter, and the kept set is
/// cut back when it doubles. The result equals [`largest`] of the whole stream.
#[derive(Debug, Default)]
pub(crate) struct Tail {
    top: Vec<f64>,
    threshold: f64,
}

impl Tail {
    pub(crate) fn new() -> Tail {
        Tail {
            top: Vec::with_capacity(2 * TAIL_DRAWS),
            threshold: f64::NEG_INFINITY,
        }
    }

    #[inline]
    pub(crate) fn push(&mut self, x: f64) {
        if x > self.threshold {
            self.top.push(x);
            if self.top.len() == 2 * TAIL_DRAWS {
                self.top = largest(std::mem::take(&mut self.top));
                self.threshold = self.top[TAIL_DRAWS - 1];
            }
        }
    }

    /// Pushes |x| for each x of a block, looking at each only when the block's largest could
    /// enter.
    pub(crate) fn push_block(&mut self, xs: &[f64]) {
        let max = xs.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if max > self.threshold {
            xs.iter().for_each(|x| self.push(x.abs()));
        }
    }

    pub(crate) fn finish(self) -> Vec<f64> {
        largest(self.top)
    }
}

/// What one chunk of draws found.
pub(crate) enum Chunk {
    /// Its moments and its largest |log-ratio|s.
    Done(Moments, Vec<f64>),
    /// A draw where q has no mass.
    Infinite,
    /// A draw with an undefined log-ratio.
    Undefined,
    /// Log-ratios whose squares overflow the doubles: no variance, so no error bar.
    Overflow,
}

/// Running count, mean and sum of squared deviations (Welford), mergeable (Chan et al.).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Moments {
    n: f64,
    pub(crate) mean: f64,
    pub(crate) m2: f64,
    /// The mean of a size the caller attaches to each value (`with_size`), 0 otherwise.
    size: f64,
}

impl Moments {
    pub(crate) fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
    }

    /// The moments of a block of values, in two passes (no division per value).
    pub(crate) fn of(xs: &[f64]) -> Moments {
        let n = xs.len() as f64;
        if xs.is_empty() {
            return Moments::default();
        }
        let mean = lane_sum(xs, |x| x) / n;
        let m2 = lane_sum(xs, |x| (x - mean) * (x - mean));
        Moments {
            n,
            mean,
            m2,
            size: 0.0,
        }
    }

    /// The block's moments with `total`, the sum of its values' sizes.
    pub(crate) fn with_size(self, total: f64) -> Moments {
        Moments {
            size: total / self.n,
            ..self
        }
    }

    pub(crate) fn merge(self, o: Moments) -> Moments {
        if self.n == 0.0 {
            return o;
        }
        if o.n == 0.0 {
            return self;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        Moments {
            n,
            mean: self.mean + d * o.n / n,
            m2: self.m2 + o.m2 + d * d * self.n * o.n / n,
            size: self.size + (o.size - self.size) * o.n / n,
        }
    }
}

/// Estimates KL(p‖q) from `samples` seeded draws of p, on all cores.
///
/// # Errors
/// [`Error::InvalidArgument`] for fewer than 2 samples; [`Error::Dimension`] when p and q differ
/// in dimension.
pub fn kl(
    p: &Dist,
    q: &Dist,
    samples: u64,
    seed: u64,
    progress: &crate::Progress,
) -> Result<MonteCarlo, Error> {
    expectation_counted(p, q, samples, seed, true, |lp, lq| lp - lq, progress)
}

/// Estimates E_p[f(ln p(X), ln q(X))] from `samples` seeded draws of p, on all cores: every
/// measure written as ∫ p·g(q/p). A draw where f is +∞ makes the estimate +∞; one where ln p
/// itself is not finite (a draw rounded onto a singular end) is an error. `invariant` says
/// whether f is unchanged by x → ln x (a function of q/p is; −ln p is not), which allows
/// drawing a positive p in ln x where its draws would underflow.
///
/// # Errors
/// As [`kl`].
pub fn expectation(
    p: &Dist,
    q: &Dist,
    samples: u64,
    seed: u64,
    invariant: bool,
    f: impl Fn(f64, f64) -> f64 + Sync,
) -> Result<MonteCarlo, Error> {
    expectation_counted(p, q, samples, seed, invariant, f, &crate::Progress::new())
}

/// [`expectation`], counting the draws in `progress`.
fn expectation_counted(
    p: &Dist,
    q: &Dist,
    samples: u64,
    seed: u64,
    invariant: bool,
    f: impl Fn(f64, f64) -> f64 + Sync,
    progress: &crate::Progress,
) -> Result<MonteCarlo, Error> {
    at_least_two(samples)?;
    if p.dim() != q.dim() {
        return Err(Error::Dimension {
            operation: "KL between distributions of different dimensions",
            dist: format!("{p} and {q}"),
        });
    }
    // A positive p whose draws can underflow is drawn and evaluated in u = ln x: the log-ratio
    // is the same (the Jacobians cancel), and no draw rounds to 0.
    let in_log = match (p.as_univariate(), q.as_univariate()) {
        (Some(pu), Some(_)) if invariant => {
            pu.support().lower >= 0.0 && pu.support().upper == f64::INFINITY && {
                let mut probe = Xoshiro256PlusPlus::seed_from_u64(seed);
                pu.draw_ln(&mut probe).is_some()
            }
        }
        _ => false,
    };
    let log_ratio = |rng: &mut Xoshiro256PlusPlus, x: &mut Vec<f64>| -> (f64, f64) {
        if in_log && let (Some(pu), Some(qu)) = (p.as_univariate(), q.as_univariate()) {
            let u = pu.draw_ln(rng).unwrap_or(f64::NAN);
            return (ln_pdf_at_log(pu, u), ln_pdf_at_log(qu, u));
        }
        p.draw_into(rng, x);
        (
            p.ln_pdf_at(x).unwrap_or(f64::NAN),
            q.ln_pdf_at(x).unwrap_or(f64::NAN),
        )
    };
    run(samples, seed, progress, |mut rng, n| {
        let mut m = Moments::default();
        let mut x = Vec::with_capacity(p.dim());
        let mut tail = Tail::new();
        for _ in 0..n {
            let (lp, lq) = log_ratio(&mut rng, &mut x);
            // A draw where p is infinite has rounded onto a singular end of its support
            // (beta(0.01, 0.01) at exactly 0): its log-ratio is not defined.
            if !lp.is_finite() || lq.is_nan() || lq == f64::INFINITY {
                return Chunk::Undefined;
            }
            let l = f(lp, lq);
            if l == f64::INFINITY {
                return Chunk::Infinite; // e.g. a draw of p where q has no mass: KL = +∞
            }
            if !l.is_finite() {
                return Chunk::Undefined;
            }
            m.push(l);
            tail.push(l.abs());
        }
        Chunk::Done(m, tail.finish())
    })
}

/// An error for fewer than 2 draws: a standard error needs two.
pub(crate) fn at_least_two(samples: u64) -> Result<(), Error> {
    if samples < 2 {
        return Err(Error::InvalidArgument {
            name: "samples",
            value: samples as f64,
            expected: "at least 2",
        });
    }
    Ok(())
}

/// Runs `chunk` on each chunk of the draws (its own stream and its number of draws), in
/// parallel, and merges what they found.
pub(crate) fn run(
    samples: u64,
    seed: u64,
    progress: &crate::Progress,
    chunk: impl Fn(Xoshiro256PlusPlus, u64) -> Chunk + Sync,
) -> Result<MonteCarlo, Error> {
    progress.add_total(samples as usize);
    let chunks = samples.div_ceil(CHUNK);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut streams = Vec::with_capacity(chunks as usize);
    for _ in 0..chunks {
        streams.push(rng.clone());
        rng.jump();
    }
    let result = streams
        .into_par_iter()
        .enumerate()
        .map(|(i, rng)| {
            let n = CHUNK.min(samples - i as u64 * CHUNK);
            let found = chunk(rng, n);
            progress.advance(n as usize);
            found
        })
        .collect::<Vec<_>>();
    let mut total = Moments::default();
    let mut tail = Vec::new();
    for chunk in result {
        match chunk {
            Chunk::Done(m, top) => {
                total = total.merge(m);
                tail.extend(top);
            }
            Chunk::Infinite => {
                return Ok(MonteCarlo {
                    value: f64::INFINITY,
                    std_error: 0.0,
                    samples,
                    tail_index: None,
                    size: 0.0,
                });
            }
            Chunk::Undefined => {
                return Err(Error::MethodFailed {
                    method: "Monte Carlo",
                    reason: "draws of p round onto a point where ln p − ln q is undefined (a \
                             singular end of its support); quadrature integrates such ends",
                });
            }
            Chunk::Overflow => {
                return Err(Error::MethodFailed {
                    method: "Monte Carlo",
                    reason: "the log-ratio reaches 1e154 and beyond, where its square overflows \
                             the doubles and no error bar can be formed; for Gaussian mixtures \
                             --method bounds brackets such pairs",
                });
            }
        }
    }
    let var = total.m2 / (total.n - 1.0);
    Ok(MonteCarlo {
        value: total.mean,
        std_error: (var / total.n).sqrt(),
        samples,
        tail_index: hill(&largest(tail)),
        size: total.size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streaming_tail_keeps_what_sorting_everything_keeps() {
        // Rising, falling and repeated values: the kept set must equal the full sort's.
        let mut x = 0.3f64;
        let values: Vec<f64> = (0..20_000)
            .map(|i| {
                x = (x * 3.7 * (1.0 - x)).clamp(1e-9, 1.0 - 1e-9);
                if i % 7 == 0 {
                    0.5
                } else {
                    x * (1.0 + (i % 1000) as f64)
                }
            })
            .collect();
        let mut tail = Tail::new();
        values.iter().for_each(|&v| tail.push(v));
        assert_eq!(tail.finish(), largest(values));
    }
}
