//! The mergeable states of a column: integer counts over fixed edges, or over labels.

use super::drift_error;
use super::edges::Edges;
use crate::Error;
use std::collections::BTreeMap;

/// A histogram of one numeric column over fixed [`Edges`]: a u64 count per bin (underflow and
/// overflow bins included), and the nulls and NaNs apart.
///
/// Two histograms over the same edges merge by integer addition, so the counts of a column are
/// the same bits however its rows were split, ordered or spread over threads and machines.
///
/// ```
/// use kldiv::drift::{Edges, Histogram};
/// let edges = Edges::new(vec![0.0, 1.0])?;
/// let mut a = Histogram::new(edges.clone());
/// a.add_slice(&[-1.0, 0.5, 0.5, f64::NAN]);
/// let mut b = Histogram::new(edges);
/// b.add(7.0);
/// b.add_null();
/// a.merge(&b)?;
/// assert_eq!(a.counts(), &[1, 2, 1]);
/// assert_eq!((a.nulls(), a.nans()), (1, 1));
/// # Ok::<(), kldiv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    edges: Edges,
    counts: Vec<u64>,
    nulls: u64,
    nans: u64,
}

impl Histogram {
    /// An empty histogram over `edges`.
    pub fn new(edges: Edges) -> Histogram {
        let counts = vec![0; edges.bins()];
        Histogram {
            edges,
            counts,
            nulls: 0,
            nans: 0,
        }
    }

    /// A histogram from its flat form ([`Histogram::to_flat`]): the bin counts, then the nulls,
    /// then the NaNs.
    ///
    /// # Errors
    /// When `flat` does not hold bins + 2 counts.
    pub fn from_flat(edges: Edges, flat: &[u64]) -> Result<Histogram, Error> {
        let bins = edges.bins();
        if flat.len() != bins + 2 {
            return Err(drift_error(format!(
                "histogram: {} counts for {bins} bins (bins + 2 are needed: the bins, nulls, NaNs)",
                flat.len()
            )));
        }
        Ok(Histogram {
            counts: flat[..bins].to_vec(),
            nulls: flat[bins],
            nans: flat[bins + 1],
            edges,
        })
    }

    /// The flat form: the bin counts, then the nulls, then the NaNs (bins + 2 values).
    pub fn to_flat(&self) -> Vec<u64> {
        let mut v = self.counts.clone();
        v.push(self.nulls);
        v.push(self.nans);
        v
    }

    /// Counts one value: NaN apart, every other value (±∞ too) in its bin.
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            self.nans += 1;
        } else {
            self.counts[self.edges.bin(x)] += 1;
        }
    }

    /// Counts the values of a slice.
    pub fn add_slice(&mut self, xs: &[f64]) {
        let cuts = self.edges.cuts();
        let grid = Grid::new(cuts);
        let bins = self.counts.len();
        // Four interleaved sets of counters: consecutive values in one bin would otherwise
        // wait for each other's increment of the same memory.
        let mut lanes = vec![0u64; 4 * bins];
        let mut nans = 0;
        let mut quads = xs.chunks_exact(4);
        for q in &mut quads {
            for (lane, &x) in q.iter().enumerate() {
                if x.is_nan() {
                    nans += 1;
                } else {
                    lanes[lane * bins + grid.bin(cuts, x)] += 1;
                }
            }
        }
        for &x in quads.remainder() {
            if x.is_nan() {
                nans += 1;
            } else {
                lanes[grid.bin(cuts, x)] += 1;
            }
        }
        for (b, c) in self.counts.iter_mut().enumerate() {
            *c += lanes[b] + lanes[bins + b] + lanes[2 * bins + b] + lanes[3 * bins + b];
        }
        self.nans += nans;
    }

    /// Counts one null.
    pub fn add_null(&mut self) {
        self.nulls += 1;
    }

    /// Counts `n` nulls.
    pub fn add_nulls(&mut self, n: u64) {
        self.nulls += n;
    }

    /// Adds another histogram's counts to this one's.
    ///
    /// # Errors
    /// When the edges differ.
    pub fn merge(&mut self, other: &Histogram) -> Result<(), Error> {
        if self.edges != other.edges {
            return Err(drift_error(format!(
                "histogram: cannot merge histograms with different edges ({} and {} bins{})",
                self.edges.bins(),
                other.edges.bins(),
                if self.edges.bins() == other.edges.bins() {
                    ", at different cut points"
                } else {
                    ""
                }
            )));
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.nulls += other.nulls;
        self.nans += other.nans;
        Ok(())
    }

    /// The edges.
    pub fn edges(&self) -> &Edges {
        &self.edges
    }

    /// The count of each bin, underflow first, overflow last.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// The number of nulls.
    pub fn nulls(&self) -> u64 {
        self.nulls
    }

    /// The number of NaNs.
    pub fn nans(&self) -> u64 {
        self.nans
    }

    /// The number of values in bins (all but nulls and NaNs).
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// Cells of the lookup grid per bin.
const CELLS_PER_BIN: usize = 8;

/// A uniform grid over [first cut, last cut] whose cells record the bin at their lower end.
/// A value's bin is its cell's, moved by up to one step down and two up by branch-free
/// comparisons with the neighbouring cut points (a cell rounded into its neighbour, or holding
/// a cut point), then checked: only where cut points crowd closer than a cell does a loop
/// finish the walk. The result is the number of cut points ≤ x exactly, in about O(1) per
/// value for any number of bins, without the mispredicted branches of a binary search.
struct Grid {
    lo: f64,
    scale: f64,
    last: f64,
    start: Vec<u32>,
    /// NaN, the cut points, NaN, NaN: a NaN pad compares false both ways, so the steps stop
    /// at the ends.
    padded: Vec<f64>,
}

impl Grid {
    fn new(cuts: &[f64]) -> Grid {
        let (lo, hi) = (cuts[0], cuts[cuts.len() - 1]);
        let cells = (cuts.len() * CELLS_PER_BIN).clamp(1, 1 << 16);
        let mut scale = cells as f64 / (hi - lo);
        if !(scale.is_finite() && hi > lo) {
            scale = 0.0;
        }
        let start = (0..cells)
            .map(|i| {
                let at = if scale > 0.0 {
                    lo + i as f64 / scale
                } else {
                    lo
                };
                cuts.partition_point(|&c| c <= at) as u32
            })
            .collect();
        let mut padded = Vec::with_capacity(cuts.len() + 3);
        padded.push(f64::NAN);
        padded.extend_from_slice(cuts);
        padded.extend([f64::NAN, f64::NAN]);
        Grid {
            lo,
            scale,
            last: (cells - 1) as f64,
            start,
            padded,
        }
    }

    /// The bin of x (not NaN).
    #[inline(always)]
    fn bin(&self, cuts: &[f64], x: f64) -> usize {
        let p = &self.padded;
        let t = ((x - self.lo) * self.scale).clamp(0.0, self.last);
        // t is in [0, cells − 1] (x = ±∞ too; NaN is not passed in).
        let mut b = self.start[t as usize] as usize;
        // p[b] is cuts[b − 1] and p[b + 1] is cuts[b]: step down past a cut point above x,
        // up past those at or below it.
        b -= usize::from(p[b] > x);
        b += usize::from(p[b + 1] <= x);
        b += usize::from(p[b + 1] <= x);
        if p[b] > x || p[b + 1] <= x {
            // Cut points closer together than a cell.
            b = cuts.partition_point(|&c| c <= x);
        }
        b
    }
}

/// A count table of one categorical column: label → count, and the nulls. Merges by integer
/// addition, as [`Histogram`].
///
/// ```
/// use kldiv::drift::Categories;
/// let mut a = Categories::new();
/// a.add("red");
/// a.add("blue");
/// let mut b = Categories::new();
/// b.add("red");
/// b.add_null();
/// a.merge(&b);
/// assert_eq!(a.count("red"), 2);
/// assert_eq!(a.nulls(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Categories {
    counts: BTreeMap<String, u64>,
    nulls: u64,
}

impl Categories {
    /// An empty table.
    pub fn new() -> Categories {
        Categories::default()
    }

    /// Counts one value.
    pub fn add(&mut self, label: &str) {
        self.add_count(label, 1);
    }

    /// Counts `n` of one value.
    pub fn add_count(&mut self, label: &str, n: u64) {
        if let Some(c) = self.counts.get_mut(label) {
            *c += n;
        } else {
            self.counts.insert(label.to_string(), n);
        }
    }

    /// Counts one null.
    pub fn add_null(&mut self) {
        self.nulls += 1;
    }

    /// Counts `n` nulls.
    pub fn add_nulls(&mut self, n: u64) {
        self.nulls += n;
    }

    /// Adds another table's counts to this one's.
    pub fn merge(&mut self, other: &Categories) {
        for (label, &n) in &other.counts {
            self.add_count(label, n);
        }
        self.nulls += other.nulls;
    }

    /// The count of a label (0 if never seen).
    pub fn count(&self, label: &str) -> u64 {
        self.counts.get(label).copied().unwrap_or(0)
    }

    /// The labels and their counts, in label order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.counts.iter().map(|(k, &v)| (k.as_str(), v))
    }

    /// The number of nulls.
    pub fn nulls(&self) -> u64 {
        self.nulls
    }

    /// The number of values that are not null.
    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_of_binning_count_alike() {
        // Values on and between the cut points, ±∞, NaN, −0, across block boundaries.
        let xs: Vec<f64> = (0..1000)
            .map(|i| match i % 7 {
                0 => f64::NAN,
                1 => f64::INFINITY,
                2 => f64::NEG_INFINITY,
                3 => -0.0,
                _ => f64::from(i % 41) * 0.25 - 5.0,
            })
            .collect();
        for n in [1, 2, 3, 9, 33, 100] {
            let cuts: Vec<f64> = (0..n).map(|i| f64::from(i as u32) * 0.25 - 4.0).collect();
            let mut h = Histogram::new(Edges::new(cuts.clone()).unwrap());
            h.add_slice(&xs);
            let mut one = Histogram::new(Edges::new(cuts).unwrap());
            for &x in &xs {
                one.add(x);
            }
            assert_eq!(h, one, "{n} cut points");
        }
        // Cut points crowded into one cell of the grid, and values among them.
        let cuts = vec![0.0, 1e-12, 2e-12, 3e-12, 100.0];
        let xs = [
            -1.0, 0.0, 5e-13, 1e-12, 1.5e-12, 2e-12, 2.5e-12, 3e-12, 1.0, 100.0, 1e300,
        ];
        let mut h = Histogram::new(Edges::new(cuts.clone()).unwrap());
        h.add_slice(&xs);
        assert_eq!(h.counts(), &[1, 2, 2, 2, 2, 2]);
    }
}
