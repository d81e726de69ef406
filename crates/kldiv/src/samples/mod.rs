//! KL divergence from samples: two data sets, X drawn from p and Y from q.
//!
//! ```text
//! wkv (Wang, Kulkarni & Verdú 2009, eq. 5):
//!     D̂ = (d/n) Σᵢ ln(νₖ(i)/ρₖ(i)) + ln(m/(n − 1))
//! varying-k (eq. 17), k neighbours in Y and l in X:
//!     D̂ = (d/n) Σᵢ ln(νₖ(i)/ρₗ(i)) + ψ(l) − ψ(k) + ln(m/(n − 1))
//! bias-reduced (eq. 17 with the counts of eq. 29): δᵢ = max(ρ₁(i), ν₁(i)), lᵢ and kᵢ the numbers
//!     of X and Y points within δᵢ, so that ρ and ν are measured at the same scale
//! one-sample (Pérez-Cruz 2008), q a known density:
//!     D̂ = (1/n) Σᵢ [ψ(k) − ln(n − 1) + ln Γ(d/2 + 1) − (d/2) ln π − d ln ρₖ(i) − ln q(xᵢ)]
//! ```
//!
//! ρₖ(i) is the Euclidean distance from xᵢ to its k-th nearest neighbour among the other points
//! of X, νₖ(i) to its k-th nearest in Y. Distances are exact (a kd-tree up to 12 dimensions, a
//! brute force beyond). A zero distance (duplicate points) makes ln ρ infinite: it is an error
//! naming how many and where, unless the caller jitters the points ([`jitter`]).
//!
//! [`estimate`] is the one entry point, with [`SampleOptions`]: it picks the estimator, checks
//! the options, adds a confidence interval and checks the interval's bias.
//!
//! Also here: binned estimators for one-dimensional samples ([`binned`]), estimators for
//! counts over categories ([`counts`]), confidence intervals by subsampling or the bootstrap
//! ([`interval`]), and a [`Progress`] count that a caller can watch while they run.

mod bias;
mod binned;
mod counts;
mod estimate;
mod knn;
mod resample;

pub use crate::kl::Confidence;
pub use bias::Movement;
pub use binned::{BinnedDivergence, Bins, EmptyBins, binned};
pub use counts::{CountsMethod, counts};
pub use estimate::{
    BinnedInfo, Correction, DEFAULT_K, DEFAULT_PSEUDOCOUNT, DEFAULT_REPLICATES, SampleEstimator,
    SampleInfo, SampleOptions, Target, estimate, estimate_with_progress,
};
pub use resample::{IntervalOptions, Resampling, interval, interval_with_progress};

use crate::numerics::{special, sum};
use crate::{Dist, Error};

pub use crate::progress::Progress;

/// n points in d dimensions, as the rows of a row-major slice.
#[derive(Debug, Clone, Copy)]
pub struct Points<'a> {
    data: &'a [f64],
    n: usize,
    d: usize,
}

fn samples_error(message: String) -> Error {
    Error::Samples { message }
}

impl<'a> Points<'a> {
    /// The rows of `data`, d coordinates each.
    ///
    /// # Errors
    /// d = 0, a length that is not a multiple of d, or a coordinate that is NaN or infinite
    /// (named by row and column, counting from 0).
    pub fn new(data: &'a [f64], d: usize) -> Result<Points<'a>, Error> {
        if d == 0 || !data.len().is_multiple_of(d) {
            return Err(samples_error(format!(
                "{} values do not make rows of {d} coordinates",
                data.len()
            )));
        }
        if let Some(at) = data.iter().position(|v| !v.is_finite()) {
            return Err(samples_error(format!(
                "row {}, column {} is {}: every coordinate must be finite",
                at / d,
                at % d,
                data[at]
            )));
        }
        Ok(Points {
            data,
            n: data.len() / d,
            d,
        })
    }

    /// The number of points n.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The coordinates, row after row.
    pub fn coordinates(&self) -> &'a [f64] {
        self.data
    }

    /// The dimension d.
    pub fn dim(&self) -> usize {
        self.d
    }

    /// The coordinates, row after row.
    pub fn values(&self) -> &'a [f64] {
        self.data
    }

    /// Point i.
    pub(crate) fn row(&self, i: usize) -> &'a [f64] {
        &self.data[i * self.d..(i + 1) * self.d]
    }
}

/// Which nearest-neighbour estimator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Estimator {
    /// Wang, Kulkarni & Verdú (2009) eq. 5, k neighbours in both samples.
    Wkv {
        /// The neighbour order k ≥ 1.
        k: usize,
    },
    /// Eq. 17: k neighbours in Y, l in X.
    VaryingK {
        /// Neighbours in Y.
        k: usize,
        /// Neighbours in X.
        l: usize,
    },
    /// Eq. 17 with the neighbour counts of eq. 29: both distances at the same scale.
    BiasReduced,
}

impl Estimator {
    /// The name used in the CLI and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Estimator::Wkv { .. } => "wkv",
            Estimator::VaryingK { .. } => "varying-k",
            Estimator::BiasReduced => "bias-reduced",
        }
    }
}

fn check_pair(x: &Points<'_>, y: &Points<'_>, need_x: usize, need_y: usize) -> Result<(), Error> {
    // Emptiness first: an empty sample's dimension is only a default.
    for (which, pts) in [("X", x), ("Y", y)] {
        if pts.n == 0 {
            return Err(samples_error(format!("{which} is empty: it has no points")));
        }
    }
    if x.d != y.d {
        return Err(samples_error(format!(
            "X has {} coordinates per point but Y has {}",
            x.d, y.d
        )));
    }
    if x.n < need_x {
        return Err(samples_error(format!(
            "X has {} point(s); this estimator needs at least {need_x}",
            x.n
        )));
    }
    if y.n < need_y {
        return Err(samples_error(format!(
            "Y has {} point(s); this estimator needs at least {need_y}",
            y.n
        )));
    }
    Ok(())
}

/// The error for zero distances: how many points and the first of them.
fn duplicates(which: &str, zeros: &[usize], k: usize) -> Error {
    let first = zeros.first().copied().unwrap_or(0);
    samples_error(format!(
        "{} point{} of X {} {} {} nearest neighbour {which} at distance 0 (duplicate points, \
         or closer than 1.5e-154 where the squared distance underflows; the first is row \
         {first}): the logarithm of a zero distance is infinite; if the data are rounded, \
         jitter them within their rounding step to break the ties",
        zeros.len(),
        if zeros.len() == 1 { "" } else { "s" },
        if zeros.len() == 1 { "has" } else { "have" },
        if zeros.len() == 1 { "its" } else { "their" },
        ordinal(k)
    ))
}

/// An error when any ln of a squared distance is −∞ (duplicate points, or in d ≥ 2 points
/// closer than 1.5e-154, whose square underflows), naming how many and where; or +∞ (points
/// beyond 1.3e154 apart in d ≥ 2, whose square overflows, or beyond the largest double).
fn no_zero_distance(ln_d2: &[f64], which: &str, k: usize) -> Result<(), Error> {
    let zeros: Vec<usize> = (0..ln_d2.len())
        .filter(|&i| ln_d2[i] == f64::NEG_INFINITY)
        .collect();
    if !zeros.is_empty() {
        return Err(duplicates(which, &zeros, k));
    }
    if let Some(i) = ln_d2.iter().position(|&v| v == f64::INFINITY) {
        return Err(samples_error(format!(
            "row {i} of X has its {} nearest neighbour {which} more than 1.3e154 away, where \
             the squared distance overflows the doubles; the points' spread is too wide for \
             the search (the estimate is scale-free: data that are all huge are rescaled, an \
             outlier this far is not)",
            ordinal(k)
        )));
    }
    Ok(())
}

/// Data whose coordinates all lie far from 1 in magnitude (beyond 2^±200), rescaled together by
/// a power of two, which is exact and leaves the two-sample estimators unchanged (they depend
/// on ratios of distances): squared distances of 1e300-sized data overflow and of 1e-160-sized
/// data underflow. `None` where the data need no rescaling.
fn rescaled(x: Points<'_>, y: Points<'_>) -> Option<(Vec<f64>, Vec<f64>)> {
    let (smallest, largest) = x
        .data
        .iter()
        .chain(y.data)
        .map(|v| v.abs())
        .filter(|&v| v > 0.0)
        .fold((f64::INFINITY, 0.0f64), |(s, l), v| (s.min(v), l.max(v)));
    if largest == 0.0 || !largest.is_finite() {
        return None;
    }
    // Only when every magnitude is far out on the same side: an outlier 1e160 among values
    // near 1 cannot be brought into range by any one factor.
    let exponent = largest.log2().floor();
    let all_far = (exponent > 200.0 && smallest > 2f64.powi(200))
        || (exponent < -200.0 && largest < 2f64.powi(-200));
    if !all_far {
        return None;
    }
    let factor = 2f64.powi(-exponent as i32);
    let scale = |v: &[f64]| v.iter().map(|c| c * factor).collect::<Vec<f64>>();
    Some((scale(x.data), scale(y.data)))
}

/// k + 1, the points a neighbour order k needs in its own sample; an error where it overflows.
fn plus_one(k: usize) -> Result<usize, Error> {
    k.checked_add(1)
        .ok_or_else(|| samples_error(format!("the neighbour order {k} is larger than any sample")))
}

fn ordinal(k: usize) -> String {
    match (k % 10, k % 100) {
        (1, r) if r != 11 => format!("{k}st"),
        (2, r) if r != 12 => format!("{k}nd"),
        (3, r) if r != 13 => format!("{k}rd"),
        _ => format!("{k}th"),
    }
}

/// KL(p‖q) from X ~ p and Y ~ q by a nearest-neighbour estimator.
///
/// ```
/// use kldiv::samples::{knn, Estimator, Points};
/// let x = [0.1, 0.5, 0.9, 1.4, 2.0];
/// let y = [0.0, 0.3, 1.1, 2.2, 3.0, 3.5];
/// let d = knn(Points::new(&x, 1)?, Points::new(&y, 1)?, Estimator::Wkv { k: 1 })?;
/// assert!(d.is_finite());
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// # Errors
/// Different dimensions, too few points for the neighbour order (n ≥ k + 1, m ≥ k), or
/// duplicate points (a zero distance).
pub fn knn(x: Points<'_>, y: Points<'_>, estimator: Estimator) -> Result<f64, Error> {
    knn_with_progress(x, y, estimator, &Progress::new())
}

/// [`knn`], counting its nearest-neighbour queries in `progress`: n for ρ, n for ν, and n more
/// for the bias-reduced estimator's neighbour counts.
///
/// # Errors
/// As [`knn`].
pub fn knn_with_progress(
    x: Points<'_>,
    y: Points<'_>,
    estimator: Estimator,
    progress: &Progress,
) -> Result<f64, Error> {
    let (kx, ky) = match estimator {
        Estimator::Wkv { k } => (k, k),
        Estimator::VaryingK { k, l } => (l, k),
        Estimator::BiasReduced => (1, 1),
    };
    if kx == 0 || ky == 0 {
        return Err(samples_error("the neighbour order k must be ≥ 1".into()));
    }
    check_pair(&x, &y, plus_one(kx)?, ky)?;
    if let Some((xs, ys)) = rescaled(x, y) {
        let (x, y) = (Points::new(&xs, x.d)?, Points::new(&ys, y.d)?);
        return knn_with_progress(x, y, estimator, progress);
    }
    let (n, m, d) = (x.n as f64, y.n as f64, x.d as f64);
    let stages = if estimator == Estimator::BiasReduced {
        3
    } else {
        2
    };
    progress.add_total(stages * x.n);
    // Each sample's search structure, made once: the bias-reduced counts use them again.
    let (ix, iy) = rayon::join(|| knn::Index::new(x), || knn::Index::new(y));
    // ln of the squared k-th distances. In one dimension from |x − y| itself (2 ln|x − y|), so
    // that gaps from 1e-300 to 1e300 all count, where their squares would under- or overflow.
    // The k-th distances as the search gives them (squared, or in one dimension |x − y|).
    let (rho, nu, squared, ln_rho2, ln_nu2) = match (ix.as_line(), iy.as_line()) {
        // One dimension: X's sorted line is also the sorted order of the queries into Y.
        (Some(lx), Some(ly)) => {
            let (rho, nu) = rayon::join(
                || lx.kth_distance_sorted(lx, kx, true, progress),
                || ly.kth_distance_sorted(lx, ky, false, progress),
            );
            let ln2 = |v: &[f64]| v.iter().map(|d| 2.0 * d.ln()).collect::<Vec<f64>>();
            let (lr, ln_) = (ln2(&rho), ln2(&nu));
            (rho, nu, false, lr, ln_)
        }
        // X's own tree orders the queries of both searches.
        _ => {
            let (rho2, nu2) = rayon::join(
                || ix.kth_nearest_in_order(x, kx, true, ix.spatial_order(), progress),
                || iy.kth_nearest_in_order(x, ky, false, ix.spatial_order(), progress),
            );
            let ln = |v: &[f64]| v.iter().map(|d| d.ln()).collect::<Vec<f64>>();
            let (lr, ln_) = (ln(&rho2), ln(&nu2));
            (rho2, nu2, true, lr, ln_)
        }
    };
    no_zero_distance(&ln_rho2, "in X", kx)?;
    no_zero_distance(&ln_nu2, "in Y", ky)?;
    let terms: Vec<f64> = match estimator {
        Estimator::Wkv { .. } | Estimator::VaryingK { .. } => ln_rho2
            .iter()
            .zip(&ln_nu2)
            .map(|(r, v)| 0.5 * d * (v - r))
            .collect(),
        Estimator::BiasReduced => {
            use rayon::prelude::*;
            (0..x.n.div_ceil(knn::QUERY_BLOCK))
                .into_par_iter()
                .flat_map_iter(|b| {
                    let rows = b * knn::QUERY_BLOCK..((b + 1) * knn::QUERY_BLOCK).min(x.n);
                    let len = rows.len();
                    let terms: Vec<f64> = rows
                        .map(|i| {
                            // With k = 1 these are the nearest distances ρ₁ and ν₁.
                            let delta = rho[i].max(nu[i]);
                            let delta2 = if squared { delta } else { delta * delta };
                            let (l, rho_l) = ix.within(x.row(i), delta2, Some(i));
                            let (k, nu_k) = iy.within(x.row(i), delta2, None);
                            0.5 * d * (nu_k.ln() - rho_l.ln()) + special::digamma(l as f64)
                                - special::digamma(k as f64)
                        })
                        .collect();
                    progress.advance(len);
                    terms
                })
                .collect()
        }
    };
    let shift = match estimator {
        Estimator::VaryingK { k, l } => special::digamma(l as f64) - special::digamma(k as f64),
        _ => 0.0,
    };
    Ok(sum::sum(&terms) / n + shift + (m / (n - 1.0)).ln())
}

/// KL(p‖q) from X ~ p and a known q (Pérez-Cruz 2008): the k-NN density estimate of p against
/// q's own density at the sample points.
///
/// # Errors
/// Fewer than k + 1 points, a q whose dimension differs from the points', or duplicates.
pub fn one_sample(x: Points<'_>, q: &Dist, k: usize) -> Result<f64, Error> {
    one_sample_with_progress(x, q, k, &Progress::new())
}

/// [`one_sample`], counting its n nearest-neighbour queries in `progress`.
///
/// # Errors
/// As [`one_sample`].
pub fn one_sample_with_progress(
    x: Points<'_>,
    q: &Dist,
    k: usize,
    progress: &Progress,
) -> Result<f64, Error> {
    if k == 0 {
        return Err(samples_error("the neighbour order k must be ≥ 1".into()));
    }
    if q.dim() != x.d {
        return Err(samples_error(format!(
            "X has {} coordinates per point but q = {q} is {}-dimensional",
            x.d,
            q.dim()
        )));
    }
    if q.as_univariate().is_some_and(|u| u.support().discrete) || matches!(q, Dist::Multinomial(_))
    {
        return Err(samples_error(format!(
            "q = {q} is discrete; the one-sample estimator compares a density with the points' \
             spacing, so q needs a density (for counts use --estimator counts)"
        )));
    }
    check_pair(&x, &x, plus_one(k)?, 0)?;
    progress.add_total(x.n);
    let index = knn::Index::new(x);
    let ln_rho2: Vec<f64> = match index.as_line() {
        // One dimension: 2 ln|x − y|, free of the square's under- and overflow.
        Some(l) => l
            .kth_distance_sorted(l, k, true, progress)
            .iter()
            .map(|d| 2.0 * d.ln())
            .collect(),
        None => index
            .kth_nearest(x, k, true, progress)
            .iter()
            .map(|d| d.ln())
            .collect(),
    };
    no_zero_distance(&ln_rho2, "in X", k)?;
    let (n, d) = (x.n as f64, x.d as f64);
    let constant = special::digamma(k as f64) - (n - 1.0).ln() + special::ln_gamma(d / 2.0 + 1.0)
        - d / 2.0 * std::f64::consts::PI.ln();
    let terms = (0..x.n)
        .map(|i| {
            let lq = q.ln_pdf_at(x.row(i))?;
            Ok(constant - 0.5 * d * ln_rho2[i] - lq)
        })
        .collect::<Result<Vec<f64>, Error>>()?;
    Ok(sum::sum(&terms) / n)
}

/// The points with ties broken by seeded uniform noise, as for data rounded to a grid
/// (dequantisation): each coordinate moves within half of its resolution, the smallest gap
/// between its distinct values, so that a point stays in its rounding cell. Noise of a fixed
/// tiny width would instead create distances of 1e-10 between duplicates, and each such pair
/// would add ln(spread/1e-10) ≈ 23 nats to the estimate's sum (on data rounded to 0.01, KL came
/// out 2.06 for a truth of 0.5). A coordinate with one value moves by 1e-10 of its magnitude.
pub fn jitter(x: Points<'_>, seed: u64) -> Vec<f64> {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
    let half_width: Vec<f64> = (0..x.d)
        .map(|c| {
            let mut v: Vec<f64> = (0..x.n).map(|i| x.row(i)[c]).collect();
            v.sort_by(f64::total_cmp);
            let gap = v
                .windows(2)
                .map(|w| w[1] - w[0])
                .filter(|&g| g > 0.0)
                .fold(f64::INFINITY, f64::min);
            if gap.is_finite() {
                0.5 * gap
            } else {
                1e-10 * v.first().map_or(1.0, |a| a.abs().max(1.0))
            }
        })
        .collect();
    x.data
        .iter()
        .enumerate()
        .map(|(at, &v)| v + half_width[at % x.d] * (2.0 * rng.random::<f64>() - 1.0))
        .collect()
}
