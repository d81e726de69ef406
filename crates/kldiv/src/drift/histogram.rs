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
        let mut nans = 0;
        for &x in xs {
            if x.is_nan() {
                nans += 1;
            } else {
                self.counts[bin_of(cuts, x)] += 1;
            }
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

/// The bin of x (not NaN) among sorted cut points: the number of cut points ≤ x, by a
/// branch-free binary search (the comparison becomes a conditional move; `partition_point`
/// branches, and random data mispredicts every step).
#[inline]
fn bin_of(cuts: &[f64], x: f64) -> usize {
    let mut base = 0usize;
    let mut size = cuts.len();
    while size > 1 {
        let half = size / 2;
        let mid = base + half;
        base = if cuts[mid - 1] <= x { mid } else { base };
        size -= half;
    }
    // size is 1 here (cuts is never empty): one last comparison.
    base + usize::from(cuts[base] <= x)
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
    fn the_branch_free_search_agrees_with_partition_point() {
        for cuts in [
            vec![0.0],
            vec![0.0, 1.0],
            vec![-1.0, 0.0, 2.0],
            (0..17).map(f64::from).collect::<Vec<_>>(),
        ] {
            for k in -40..=40 {
                let x = f64::from(k) * 0.5;
                assert_eq!(
                    bin_of(&cuts, x),
                    cuts.partition_point(|&c| c <= x),
                    "{cuts:?} {x}"
                );
            }
            for x in [f64::INFINITY, f64::NEG_INFINITY, -0.0] {
                assert_eq!(bin_of(&cuts, x), cuts.partition_point(|&c| c <= x));
            }
        }
    }
}
