//! Exact quantiles of a column that does not fit in memory, in a few passes of bounded memory.
//!
//! Each finite value is mapped to a u64 key with the same order (the sign bit flipped for
//! positives, all bits for negatives; −0 counted as +0). The first pass counts the values by
//! their key's top 16 bits (65 536 counters) and finds the minimum, the maximum and the number
//! m of finite values; the ranks a rule needs (numpy's "linear" quantile interpolates between
//! ranks ⌊(m − 1)q⌋ and the next) then fall in known buckets. If those buckets hold at most
//! [`COLLECT_LIMIT`] values in all, the next pass collects them and sorts them: done. Otherwise
//! each pass refines the buckets by 12 more bits of the key, until they are small enough to
//! collect or the key is complete (a bucket of one value). So: 2 passes for ordinary data, at
//! most 6 for any, and memory below ~0.5 MB + 4 096 counters per needed rank + COLLECT_LIMIT
//! values, whatever the number of rows.

use super::drift_error;
use super::edges::{
    Binning, Edges, auto_cuts, equal_width_cuts, lerp, needed_ranks, no_finite_values,
    quantile_cuts, quantile_ranks,
};
use crate::Error;

/// The most values the collecting pass keeps (8 MiB of f64).
pub const COLLECT_LIMIT: u64 = 1 << 20;

const FIRST_BITS: u32 = 16;
const STEP_BITS: u32 = 12;

/// The order-preserving key of a finite value.
fn key(x: f64) -> u64 {
    let b = (x + 0.0).to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

fn from_key(k: u64) -> f64 {
    if k >> 63 == 1 {
        f64::from_bits(k & !(1 << 63))
    } else {
        f64::from_bits(!k)
    }
}

/// One order statistic being looked for.
#[derive(Debug, Clone)]
struct Target {
    /// Its 0-based rank among the finite values.
    rank: u64,
    /// The values counted below its bucket.
    below: u64,
    /// The bucket's key prefix (the top `level` bits) and its number of values.
    prefix: u64,
    size: u64,
    value: Option<f64>,
}

#[derive(Debug, Clone)]
enum Stage {
    Count,
    Refine,
    Collect,
    Done(Edges),
}

/// Finds a [`Binning`]'s edges from passes over a reference column, exactly as
/// [`Binning::edges`] finds them from the column in memory.
///
/// ```
/// use kldiv::drift::{Binning, EdgeFinder, Edges};
/// let column: Vec<f64> = (0..10_000).map(|i| f64::from(i % 997).sqrt()).collect();
/// let mut finder = EdgeFinder::new(Binning::EqualFrequency(10));
/// while finder.edges().is_none() {
///     let mut pass = finder.pass();
///     for chunk in column.chunks(1000) {
///         pass.add_slice(chunk); // chunks may also go to several passes, merged after
///     }
///     finder.finish_pass(pass)?;
/// }
/// assert_eq!(finder.edges(), Some(&Edges::equal_frequency(&column, 10)?));
/// # Ok::<(), kldiv::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct EdgeFinder {
    binning: Binning,
    stage: Stage,
    level: u32,
    m: u64,
    lo: f64,
    hi: f64,
    targets: Vec<Target>,
    passes: usize,
    collect_limit: u64,
}

/// The state of one pass over the reference column: values go in with
/// [`FinderPass::add_slice`]; passes over parts of the column merge.
#[derive(Debug, Clone)]
pub struct FinderPass {
    level: u32,
    kind: PassKind,
}

#[derive(Debug, Clone)]
enum PassKind {
    /// Nothing to do (the edges are known).
    Idle,
    Count {
        counts: Vec<u64>,
        lo: f64,
        hi: f64,
    },
    /// Counters of the next bits, per bucket (sorted prefixes).
    Refine {
        prefixes: Vec<u64>,
        near: Near,
        counts: Vec<Vec<u64>>,
    },
    Collect {
        prefixes: Vec<u64>,
        near: Near,
        values: Vec<Vec<f64>>,
    },
}

impl EdgeFinder {
    /// A finder for the binning's edges.
    pub fn new(binning: Binning) -> EdgeFinder {
        let stage = match &binning {
            Binning::Given(e) => Stage::Done(e.clone()),
            _ => Stage::Count,
        };
        EdgeFinder {
            binning,
            stage,
            level: 0,
            m: 0,
            lo: f64::INFINITY,
            hi: f64::NEG_INFINITY,
            targets: Vec::new(),
            passes: 0,
            collect_limit: COLLECT_LIMIT,
        }
    }

    /// The edges, once found.
    pub fn edges(&self) -> Option<&Edges> {
        match &self.stage {
            Stage::Done(e) => Some(e),
            _ => None,
        }
    }

    /// The same finder collecting at most `limit` values (tests reach the refining passes).
    #[cfg(test)]
    pub(crate) fn with_collect_limit(mut self, limit: u64) -> EdgeFinder {
        self.collect_limit = limit;
        self
    }

    /// The passes made so far.
    pub fn passes(&self) -> usize {
        self.passes
    }

    /// An empty state for the next pass over the whole reference column.
    pub fn pass(&self) -> FinderPass {
        let prefixes = || {
            let mut p: Vec<u64> = self.open().map(|t| t.prefix).collect();
            p.sort_unstable();
            p.dedup();
            p
        };
        let kind = match self.stage {
            Stage::Done(_) => PassKind::Idle,
            Stage::Count => PassKind::Count {
                counts: vec![0; 1 << FIRST_BITS],
                lo: f64::INFINITY,
                hi: f64::NEG_INFINITY,
            },
            Stage::Refine => {
                let prefixes = prefixes();
                let counts = vec![vec![0; 1 << self.step()]; prefixes.len()];
                let near = Near::new(&prefixes, self.level);
                PassKind::Refine {
                    prefixes,
                    near,
                    counts,
                }
            }
            Stage::Collect => {
                let prefixes = prefixes();
                let values = vec![Vec::new(); prefixes.len()];
                let near = Near::new(&prefixes, self.level);
                PassKind::Collect {
                    prefixes,
                    near,
                    values,
                }
            }
        };
        FinderPass {
            level: self.level,
            kind,
        }
    }

    fn open(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| t.value.is_none())
    }

    fn step(&self) -> u32 {
        STEP_BITS.min(64 - self.level)
    }

    /// Takes a finished pass over the whole column; returns whether the edges are known.
    ///
    /// # Errors
    /// A pass of another stage; no finite value in the column; a rule's own errors.
    pub fn finish_pass(&mut self, pass: FinderPass) -> Result<bool, Error> {
        if pass.level != self.level {
            return Err(drift_error("edge finder: a pass of another stage".into()));
        }
        match (pass.kind, &self.stage) {
            (PassKind::Idle, Stage::Done(_)) => return Ok(true),
            (PassKind::Count { counts, lo, hi }, Stage::Count) => {
                self.passes += 1;
                self.first_pass(&counts, lo, hi)?;
            }
            (
                PassKind::Refine {
                    prefixes, counts, ..
                },
                Stage::Refine,
            ) => {
                self.passes += 1;
                let step = self.step();
                for t in self.targets.iter_mut().filter(|t| t.value.is_none()) {
                    let g = prefixes.binary_search(&t.prefix).map_err(|_| lost())?;
                    let (sub, below, size) = locate(&counts[g], t.rank - t.below);
                    t.prefix = t.prefix << step | sub;
                    t.below += below;
                    t.size = size;
                }
                self.level += step;
                if self.level == 64 {
                    for t in &mut self.targets {
                        if t.value.is_none() {
                            t.value = Some(from_key(t.prefix));
                        }
                    }
                }
            }
            (
                PassKind::Collect {
                    prefixes,
                    mut values,
                    ..
                },
                Stage::Collect,
            ) => {
                self.passes += 1;
                for v in &mut values {
                    v.sort_unstable_by(f64::total_cmp);
                }
                for t in self.targets.iter_mut().filter(|t| t.value.is_none()) {
                    let g = prefixes.binary_search(&t.prefix).map_err(|_| lost())?;
                    let at = usize::try_from(t.rank - t.below).map_err(|_| lost())?;
                    t.value = Some(*values[g].get(at).ok_or_else(lost)?);
                }
            }
            _ => return Err(drift_error("edge finder: a pass of another stage".into())),
        }
        self.advance()
    }

    fn first_pass(&mut self, counts: &[u64], lo: f64, hi: f64) -> Result<(), Error> {
        self.m = counts.iter().sum();
        if self.m == 0 {
            return Err(no_finite_values());
        }
        (self.lo, self.hi) = (lo, hi);
        let qs: Vec<f64> = match &self.binning {
            Binning::EqualFrequency(n) => (1..*n).map(|j| j as f64 / *n as f64).collect(),
            Binning::Auto => vec![0.25, 0.75],
            _ => Vec::new(),
        };
        self.targets = needed_ranks(self.m, &qs)
            .into_iter()
            .map(|rank| {
                let (prefix, below, size) = locate(counts, rank);
                Target {
                    rank,
                    below,
                    prefix,
                    size,
                    value: None,
                }
            })
            .collect();
        self.level = FIRST_BITS;
        Ok(())
    }

    /// Chooses the next stage, or computes the edges when every rank is known.
    fn advance(&mut self) -> Result<bool, Error> {
        if self.open().next().is_none() {
            let edges = self.compute()?;
            self.stage = Stage::Done(edges);
            return Ok(true);
        }
        let mut buckets: Vec<(u64, u64)> = self.open().map(|t| (t.prefix, t.size)).collect();
        buckets.sort_unstable();
        buckets.dedup();
        let held: u64 = buckets.iter().map(|b| b.1).sum();
        self.stage = if held <= self.collect_limit {
            Stage::Collect
        } else {
            Stage::Refine
        };
        Ok(false)
    }

    fn compute(&self) -> Result<Edges, Error> {
        let order = |r: u64| {
            self.targets
                .iter()
                .find(|t| t.rank == r)
                .and_then(|t| t.value)
                .unwrap_or(f64::NAN)
        };
        let cuts = match &self.binning {
            Binning::EqualFrequency(n) => quantile_cuts(self.m, *n, order),
            Binning::EqualWidth(n) => equal_width_cuts(self.lo, self.hi, *n),
            Binning::Auto => {
                let q = |p: f64| {
                    let (a, b, t) = quantile_ranks(self.m, p);
                    lerp(order(a), order(b), t)
                };
                auto_cuts(self.lo, self.hi, self.m, q(0.75) - q(0.25))?
            }
            Binning::Given(e) => return Ok(e.clone()),
        };
        Edges::from_cuts(cuts)
    }
}

fn lost() -> Error {
    drift_error(
        "edge finder: the passes did not see the same values (the column changed between passes)"
            .into(),
    )
}

/// The bucket of the value of rank r (within these counts), the count below it, its size.
fn locate(counts: &[u64], r: u64) -> (u64, u64, u64) {
    let mut below = 0;
    for (b, &c) in counts.iter().enumerate() {
        if r < below + c {
            return (b as u64, below, c);
        }
        below += c;
    }
    // r beyond the total: the passes disagree; an empty last bucket fails the next lookup.
    (counts.len() as u64 - 1, below, 0)
}

impl FinderPass {
    /// Feeds values (NaN and ±∞ are skipped: the rules use the finite values).
    pub fn add_slice(&mut self, xs: &[f64]) {
        let level = self.level;
        match &mut self.kind {
            PassKind::Idle => {}
            PassKind::Count { counts, lo, hi } => {
                for &x in xs {
                    if x.is_finite() {
                        counts[(key(x) >> (64 - FIRST_BITS)) as usize] += 1;
                        *lo = lo.min(x);
                        *hi = hi.max(x);
                    }
                }
            }
            PassKind::Refine {
                prefixes,
                near,
                counts,
            } => {
                let step = STEP_BITS.min(64 - level);
                let mask = (1u64 << step) - 1;
                for &x in xs {
                    if x.is_finite() && near.may_hold(key(x)) {
                        let k = key(x);
                        if let Ok(g) = prefixes.binary_search(&(k >> (64 - level))) {
                            counts[g][((k >> (64 - level - step)) & mask) as usize] += 1;
                        }
                    }
                }
            }
            PassKind::Collect {
                prefixes,
                near,
                values,
            } => {
                for &x in xs {
                    if x.is_finite()
                        && near.may_hold(key(x))
                        && let Ok(g) = prefixes.binary_search(&(key(x) >> (64 - level)))
                    {
                        values[g].push(x + 0.0);
                    }
                }
            }
        }
    }

    /// Adds another pass's state over other values of the same column.
    ///
    /// # Errors
    /// When the two are passes of different stages.
    pub fn merge(&mut self, other: FinderPass) -> Result<(), Error> {
        let mismatch = || drift_error("edge finder: merging passes of different stages".into());
        if self.level != other.level {
            return Err(mismatch());
        }
        match (&mut self.kind, other.kind) {
            (PassKind::Idle, PassKind::Idle) => {}
            (
                PassKind::Count { counts, lo, hi },
                PassKind::Count {
                    counts: c,
                    lo: l,
                    hi: h,
                },
            ) => {
                add_counts(counts, &c);
                *lo = lo.min(l);
                *hi = hi.max(h);
            }
            (
                PassKind::Refine {
                    prefixes, counts, ..
                },
                PassKind::Refine {
                    prefixes: p,
                    counts: c,
                    ..
                },
            ) if *prefixes == p => {
                for (a, b) in counts.iter_mut().zip(&c) {
                    add_counts(a, b);
                }
            }
            (
                PassKind::Collect {
                    prefixes, values, ..
                },
                PassKind::Collect {
                    prefixes: p,
                    values: v,
                    ..
                },
            ) if *prefixes == p => {
                for (a, b) in values.iter_mut().zip(v) {
                    a.extend(b);
                }
            }
            _ => return Err(mismatch()),
        }
        Ok(())
    }
}

/// Which top-16-bit buckets hold a sought prefix: most values are in none, and are passed over
/// by one lookup instead of a binary search among the prefixes.
#[derive(Debug, Clone)]
struct Near {
    top: Vec<bool>,
}

impl Near {
    fn new(prefixes: &[u64], level: u32) -> Near {
        let mut top = vec![false; 1 << FIRST_BITS];
        for &p in prefixes {
            // The prefix's first 16 bits (level ≥ 16 in the passes after the first).
            top[(p >> (level - FIRST_BITS)) as usize] = true;
        }
        Near { top }
    }

    #[inline(always)]
    fn may_hold(&self, k: u64) -> bool {
        self.top[(k >> (64 - FIRST_BITS)) as usize]
    }
}

fn add_counts(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_order_of_values() {
        let xs = [
            f64::MIN,
            -1e300,
            -1.5,
            -f64::MIN_POSITIVE,
            -5e-324,
            0.0,
            5e-324,
            1.0,
            1.0000000000000002,
            f64::MAX,
        ];
        for w in xs.windows(2) {
            assert!(key(w[0]) < key(w[1]), "{} {}", w[0], w[1]);
        }
        for &x in &xs {
            assert_eq!(from_key(key(x)).to_bits(), x.to_bits());
        }
        assert_eq!(key(-0.0), key(0.0));
    }
}
