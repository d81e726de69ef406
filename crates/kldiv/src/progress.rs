//! A count of work that another thread can watch: what progress bars show.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A count of work done that another thread can watch while an estimate runs: the nearest-
/// neighbour queries answered, an interval's replicates, or Monte Carlo's draws
/// ([`divergence_with_progress`](crate::divergence_with_progress)). Clones share one count.
///
/// An estimator adds its work to [`total`](Progress::total) as it starts and advances
/// [`done`](Progress::done) once per block of queries, not per point, so that the threads do
/// not contend for the counter in the hot loops; the result is the same with or without it.
///
/// ```
/// use kldiv::samples::{Estimator, Points, Progress, knn_with_progress};
/// let x = [0.1, 0.5, 0.9, 1.4, 2.0];
/// let y = [0.0, 0.3, 1.1, 2.2, 3.0, 3.5];
/// let progress = Progress::new();
/// let (px, py) = (Points::new(&x, 1)?, Points::new(&y, 1)?);
/// knn_with_progress(px, py, Estimator::Wkv { k: 1 }, &progress)?;
/// // ρ and ν: one query of each point of X in X and one in Y.
/// assert_eq!((progress.done(), progress.total()), (10, 10));
/// # Ok::<(), kldiv::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Progress {
    counts: Arc<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    /// A count at 0 of 0.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// The units of work done so far.
    pub fn done(&self) -> u64 {
        self.counts.done.load(Ordering::Relaxed)
    }

    /// The units of work announced so far (it grows as each stage of an estimate starts).
    pub fn total(&self) -> u64 {
        self.counts.total.load(Ordering::Relaxed)
    }

    /// Announces more units of work (for a front end counting its own, such as rows read).
    pub fn add_total(&self, units: usize) {
        self.counts.total.fetch_add(units as u64, Ordering::Relaxed);
    }

    /// Counts units of work done.
    pub fn advance(&self, units: usize) {
        self.counts.done.fetch_add(units as u64, Ordering::Relaxed);
    }
}
