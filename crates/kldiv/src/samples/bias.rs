//! How an estimate from samples moves with the sample size: the bias that a resampling
//! interval, which measures only the spread, cannot see.
//!
//! X and Y are each split at random into 2ʲ disjoint blocks (j = 1, 2, 3) and the estimator run
//! on every block; the mean over the blocks of level j is the estimate at size n/2ʲ, with about
//! the variance of the full estimate (a √n-consistent estimator averaged over 2ʲ independent
//! blocks). If the bias decays like c·n^(−β), the mean at level j is E D̂ₙ + b·(2^(jβ) − 1) with
//! b = c·n^(−β) the bias at n; b is the least-squares slope of the levels on 2^(jβ) − 1
//! (Richardson extrapolation in n with a known rate), its standard error from the blocks'
//! spread. The rates are the estimators' known ones, see [`rate`].

use super::estimate::SampleEstimator;
use super::{Points, samples_error};
use crate::{Error, Interval};
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

/// From this dimension on, the nearest-neighbour estimators' bias can decay more slowly than
/// the n^(−1/2) of their spread: like n^(−1/d) where a density is not smooth up to the edge of
/// its support (Gao, Oh & Viswanath 2018), below n^(−1/2) from d = 3 (in the coverage study an
/// exponential pair at d = 3 and n = 10⁴ was covered in 6 of 8 data sets without this); for
/// smooth densities like n^(−2/d), below it from d = 5 (Berrett, Samworth & Yuan 2019, Ann.
/// Statist. 47). An interval from the spread alone can then miss the truth more often as n
/// grows, so the estimate always says so.
pub const SLOW_DIM: usize = 3;

/// |bias| beyond this many standard errors: the estimate still moves with n.
pub const MOVING_Z: f64 = 2.0;

/// The fewest points of X or Y in a block of the check.
const MIN_BLOCK: usize = 20;

/// The deepest level: blocks of n/8.
const LEVELS: u32 = 3;

/// The estimate at smaller sizes and the bias at n extrapolated from them.
#[derive(Debug, Clone, PartialEq)]
pub struct Movement {
    /// (points of X per block, the mean estimate over the blocks), from the full n down.
    pub levels: Vec<(usize, f64)>,
    /// The bias at n, E D̂ₙ − D, extrapolated from the levels.
    pub bias: f64,
    /// Its standard error.
    pub bias_se: f64,
    /// The standard error of the estimate at n, from the blocks' spread (each level's mean
    /// has about the variance of the full estimate).
    pub spread: f64,
    /// The rate assumed: the bias decays like n^(−rate).
    pub rate: f64,
}

impl Movement {
    /// Whether the estimate still moves with n beyond its noise (|bias| > 2 standard errors).
    pub fn is_moving(&self) -> bool {
        self.bias.abs() > MOVING_Z * self.bias_se
    }
}

/// The decay rate β of an estimator's bias, n^(−β): min(1, 1/d) for the nearest-neighbour
/// estimators: (log n/n)^(1/d) where a density is not smooth up to the edge of its support
/// (Gao, Oh & Viswanath 2018, IEEE Trans. Inf. Theory 64; an exponential's edge at 0), the
/// slower of the known rates, so that the extrapolation errs toward a wider interval (for
/// smooth densities it is n^(−2/d) in d ≥ 3, Berrett, Samworth & Yuan 2019); 1/n for the
/// plug-in of counts
/// (Miller 1955, Paninski 2003); n^(−2/3) for histograms whose number of bins grows like
/// n^(1/3) (automatic bins: discretisation ∝ 1/K², sampling ∝ K/n).
pub(crate) fn rate(est: SampleEstimator, d: usize) -> f64 {
    match est {
        SampleEstimator::Counts => 1.0,
        SampleEstimator::Binned => 2.0 / 3.0,
        _ => (1.0 / d as f64).min(1.0),
    }
}

/// The interval extended on the side where the extrapolated truth lies, by the bias.
pub(crate) fn widened(i: Interval, bias: f64) -> Interval {
    Interval {
        lower: i.lower.min(i.lower - bias).max(0.0),
        upper: i.upper.max(i.upper - bias).max(0.0),
    }
}

/// The interval extended to at least value ± z·spread, z the normal quantile of the level: the
/// blocks' spread is a second, direct estimate of the estimate's standard error at n, and the
/// subsampling's, from n^(2/3) points rescaled, ran short at n = 10³ (88 of 100 covered).
pub(crate) fn at_least_normal(i: Interval, value: f64, spread: f64, level: f64) -> Interval {
    use crate::Univariate;
    let z = crate::Normal::new(0.0, 1.0).map_or(f64::NAN, |n| n.quantile(0.5 + level / 2.0));
    Interval {
        lower: i.lower.min(value - z * spread).max(0.0),
        upper: i.upper.max(value + z * spread).max(0.0),
    }
}

/// A seeded permutation of 0..n.
fn permutation(n: usize, rng: &mut rand_xoshiro::Xoshiro256PlusPlus) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        idx.swap(i, rng.random_range(0..=i));
    }
    idx
}

/// The estimate at n/2, n/4, n/8 and the bias extrapolated from them; None where the samples
/// are too small for two levels or a block's estimate is not finite (a category unseen in a
/// block of counts).
///
/// # Errors
/// None of its own: a block the estimator refuses leaves the check out.
pub(crate) fn movement<F>(
    f: F,
    x: Points<'_>,
    y: Points<'_>,
    value: f64,
    seed: u64,
    beta: f64,
) -> Result<Option<Movement>, Error>
where
    F: Fn(Points<'_>, Points<'_>) -> Result<f64, Error> + Sync,
{
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed ^ 0xB1A5_0F5E_7715_C0DE_u64);
    let (px, py) = (
        permutation(x.len(), &mut rng),
        permutation(y.len(), &mut rng),
    );
    let gather = |p: &Points<'_>, idx: &[usize]| -> Vec<f64> {
        idx.iter().flat_map(|&i| p.row(i).iter().copied()).collect()
    };
    let mut levels = vec![(x.len(), value)];
    let mut blocks = Vec::new();
    for j in 1..=LEVELS {
        let parts = 1usize << j;
        let (sn, sm) = (x.len() / parts, y.len() / parts);
        if sn < MIN_BLOCK || sm < MIN_BLOCK {
            break;
        }
        let values: Result<Vec<f64>, Error> = (0..parts)
            .into_par_iter()
            .map(|b| {
                let xs = gather(&x, &px[b * sn..(b + 1) * sn]);
                let ys = gather(&y, &py[b * sm..(b + 1) * sm]);
                f(Points::new(&xs, x.dim())?, Points::new(&ys, y.dim())?)
            })
            .collect();
        match values {
            Ok(v) if v.iter().all(|e| e.is_finite()) => {
                let mean = v.iter().sum::<f64>() / v.len() as f64;
                levels.push((sn, mean));
                blocks.push(v);
            }
            _ => return Ok(None),
        }
    }
    if blocks.len() < 2 {
        return Ok(None);
    }
    // The pooled variance of a level's mean: Σ (blocks − 1)·s²/blocks over Σ (blocks − 1).
    let (mut num, mut dof) = (0.0, 0.0);
    for v in &blocks {
        let b = v.len() as f64;
        let mean = v.iter().sum::<f64>() / b;
        let ss: f64 = v.iter().map(|e| (e - mean).powi(2)).sum();
        num += ss / b; // (b − 1)·s²/b with s² = ss/(b − 1)
        dof += b - 1.0;
    }
    let var_level = num / dof;
    let xs: Vec<f64> = (0..levels.len())
        .map(|j| 2f64.powf(j as f64 * beta) - 1.0)
        .collect();
    let count = xs.len() as f64;
    let (mx, my) = (
        xs.iter().sum::<f64>() / count,
        levels.iter().map(|l| l.1).sum::<f64>() / count,
    );
    let sxx: f64 = xs.iter().map(|v| (v - mx).powi(2)).sum();
    let sxy: f64 = xs
        .iter()
        .zip(&levels)
        .map(|(v, l)| (v - mx) * (l.1 - my))
        .sum();
    if sxx.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return Err(samples_error("the bias check's sizes coincide".into()));
    }
    Ok(Some(Movement {
        levels,
        bias: sxy / sxx,
        bias_se: (var_level / sxx).sqrt(),
        spread: var_level.sqrt(),
        rate: beta,
    }))
}
