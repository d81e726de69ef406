//! Seeded Monte Carlo: KL(p‖q) = E_p[ln p(X) − ln q(X)] from draws of p, with its standard error.
//!
//! The draws are cut into fixed chunks of 2¹⁶; chunk i uses the seed's xoshiro256++ stream
//! jumped i times (2¹²⁸ steps each), so streams never overlap and the result depends on the seed
//! and the sample count only, not on the number of threads.

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
}

/// Running count, mean and sum of squared deviations (Welford), mergeable (Chan et al.).
#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Moments {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
    }

    fn merge(self, o: Moments) -> Moments {
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
        }
    }
}

/// Estimates KL(p‖q) from `samples` seeded draws of p, on all cores.
///
/// # Errors
/// [`Error::InvalidArgument`] for fewer than 2 samples; [`Error::Dimension`] when p and q differ
/// in dimension.
pub fn kl(p: &Dist, q: &Dist, samples: u64, seed: u64) -> Result<MonteCarlo, Error> {
    if samples < 2 {
        return Err(Error::InvalidArgument {
            name: "samples",
            value: samples as f64,
            expected: "at least 2",
        });
    }
    if p.dim() != q.dim() {
        return Err(Error::Dimension {
            operation: "KL between distributions of different dimensions",
            dist: format!("{p} and {q}"),
        });
    }
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
        .map(|(i, mut rng)| {
            let n = CHUNK.min(samples - i as u64 * CHUNK);
            let mut m = Moments::default();
            let mut x = Vec::with_capacity(p.dim());
            for _ in 0..n {
                p.draw_into(&mut rng, &mut x);
                let lp = p.ln_pdf_at(&x).unwrap_or(f64::NAN);
                let lq = q.ln_pdf_at(&x).unwrap_or(f64::NAN);
                if lq == f64::NEG_INFINITY && lp > f64::NEG_INFINITY {
                    return None; // a draw of p where q has no mass: KL = +∞
                }
                m.push(lp - lq);
            }
            Some(m)
        })
        .collect::<Vec<_>>();
    let mut total = Moments::default();
    for m in result {
        match m {
            Some(m) => total = total.merge(m),
            None => {
                return Ok(MonteCarlo {
                    value: f64::INFINITY,
                    std_error: 0.0,
                    samples,
                });
            }
        }
    }
    let var = total.m2 / (total.n - 1.0);
    Ok(MonteCarlo {
        value: total.mean,
        std_error: (var / total.n).sqrt(),
        samples,
    })
}
