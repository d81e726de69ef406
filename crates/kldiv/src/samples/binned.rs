//! Binned estimators for one-dimensional samples, as drift monitors use them: histograms of X
//! and of the reference Y on common edges, then KL, Jeffreys (= the population stability index)
//! and Jensen–Shannon of the two histograms.

use super::samples_error;
use crate::Error;
use crate::arrays::{ArrayOptions, jensen_shannon, relative_entropy};

/// How the bin edges are chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Bins {
    /// This many bins of equal frequency in the reference Y (its quantiles), the outer two open
    /// to ±∞ so that every point of X falls in one.
    Count(usize),
    /// As `Count`, with the number from the reference size: ⌈2·m^(1/3)⌉ (Rice), between 2 and
    /// 100.
    Auto,
    /// These edges, increasing; a point outside [first, last] is an error.
    Edges(Vec<f64>),
}

/// What an empty bin does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EmptyBins {
    /// Add this count to every bin of both histograms (0.5 is Krichevsky–Trofimov / Jeffreys).
    Pseudocount(f64),
    /// No smoothing: a bin with points of X and none of Y makes KL +∞.
    Infinite,
}

/// The divergences of the two histograms.
#[derive(Debug, Clone, PartialEq)]
pub struct BinnedDivergence {
    /// KL(X‖Y) of the histograms.
    pub kl: f64,
    /// KL(X‖Y) + KL(Y‖X): the population stability index.
    pub jeffreys: f64,
    /// Jensen–Shannon divergence (nats).
    pub js: f64,
    /// The edges used (±∞ at open ends).
    pub edges: Vec<f64>,
    /// Counts of X and of Y per bin.
    pub counts: Vec<(u64, u64)>,
    /// Bins where X or Y has no point.
    pub empty_bins: usize,
}

fn edges_for(y: &[f64], bins: &Bins) -> Result<Vec<f64>, Error> {
    let count = match bins {
        Bins::Edges(e) => {
            if e.len() < 2 {
                return Err(samples_error("bin edges need at least two values".into()));
            }
            if let Some(i) = e
                .windows(2)
                .position(|w| w[0] >= w[1] || w[0].is_nan() || w[1].is_nan())
            {
                return Err(samples_error(format!(
                    "bin edges must increase: edge {} ({}) is not below edge {} ({})",
                    i,
                    e[i],
                    i + 1,
                    e[i + 1]
                )));
            }
            if e.iter().any(|v| v.is_nan()) {
                return Err(samples_error("bin edges must not be NaN".into()));
            }
            return Ok(e.clone());
        }
        Bins::Count(0) => return Err(samples_error("the number of bins must be ≥ 1".into())),
        // Equal-frequency edges from Y's order: more bins than points of Y only repeat edges.
        Bins::Count(c) if *c > y.len() => {
            return Err(samples_error(format!(
                "{c} bins from {} points of Y: equal-frequency bins take at most one per point",
                y.len()
            )));
        }
        Bins::Count(c) => *c,
        Bins::Auto => ((2.0 * (y.len() as f64).cbrt()).ceil() as usize).clamp(2, 100),
    };
    let mut sorted = y.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut edges = vec![f64::NEG_INFINITY];
    for i in 1..count {
        let at = (i * sorted.len()) / count;
        let e = sorted[at.min(sorted.len() - 1)];
        // Equal quantiles (ties in Y) merge into one edge.
        if e > *edges.last().unwrap_or(&f64::NEG_INFINITY) {
            edges.push(e);
        }
    }
    edges.push(f64::INFINITY);
    Ok(edges)
}

/// The bin of v: edges[b] ≤ v < edges[b + 1] (the last bin closed), or None outside.
fn bin_of(edges: &[f64], v: f64) -> Option<usize> {
    let last = edges.len() - 1;
    if v < edges[0] || v > edges[last] {
        return None;
    }
    let b = edges.partition_point(|&e| e <= v);
    Some(b.saturating_sub(1).min(last - 1))
}

/// Histograms of X and of the reference Y on common edges, and their KL, Jeffreys and JS.
///
/// # Errors
/// Empty samples, a non-finite value (named by index), bad edges, a point outside given
/// edges, or a negative pseudocount.
pub fn binned(
    x: &[f64],
    y: &[f64],
    bins: &Bins,
    empty: EmptyBins,
) -> Result<BinnedDivergence, Error> {
    for (name, s) in [("X", x), ("Y", y)] {
        if s.is_empty() {
            return Err(samples_error(format!("{name} has no points")));
        }
        if let Some(i) = s.iter().position(|v| !v.is_finite()) {
            return Err(samples_error(format!(
                "{name}[{i}] is {}: every value must be finite",
                s[i]
            )));
        }
    }
    let pseudo = match empty {
        EmptyBins::Pseudocount(a) if a >= 0.0 && a.is_finite() => a,
        EmptyBins::Pseudocount(a) => {
            return Err(samples_error(format!(
                "the pseudocount must be finite and ≥ 0, got {a}"
            )));
        }
        EmptyBins::Infinite => 0.0,
    };
    let edges = edges_for(y, bins)?;
    let nb = edges.len() - 1;
    let mut counts = vec![(0u64, 0u64); nb];
    for (name, s, second) in [("X", x, false), ("Y", y, true)] {
        for (i, &v) in s.iter().enumerate() {
            let Some(b) = bin_of(&edges, v) else {
                return Err(samples_error(format!(
                    "{name}[{i}] = {v} lies outside the bin edges [{}, {}]",
                    edges[0], edges[nb]
                )));
            };
            if second {
                counts[b].1 += 1;
            } else {
                counts[b].0 += 1;
            }
        }
    }
    let empty_bins = counts.iter().filter(|(a, b)| *a == 0 || *b == 0).count();
    let p: Vec<f64> = counts.iter().map(|c| c.0 as f64 + pseudo).collect();
    let q: Vec<f64> = counts.iter().map(|c| c.1 as f64 + pseudo).collect();
    let o = ArrayOptions::default();
    let kl = relative_entropy(&p, &q, &o)?;
    let back = relative_entropy(&q, &p, &o)?;
    Ok(BinnedDivergence {
        kl,
        jeffreys: kl + back,
        js: jensen_shannon(&p, &q, &o)?,
        edges,
        counts,
        empty_bins,
    })
}
