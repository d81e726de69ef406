//! Data drift: how far a column of today's data (the *current*) has moved from the same column
//! of a *reference*, measured between their histograms.
//!
//! ```
//! use kldiv::drift::{compare, DriftOptions, Edges, Histogram};
//! let reference: Vec<f64> = (0..1000).map(|i| f64::from(i) / 1000.0).collect();
//! let current: Vec<f64> = reference.iter().map(|x| x * x).collect();
//! let edges = Edges::equal_frequency(&reference, 10)?; // the deciles
//! let mut r = Histogram::new(edges.clone());
//! r.add_slice(&reference);
//! let mut c = Histogram::new(edges);
//! c.add_slice(&current);
//! let drift = compare(&r, &c, &DriftOptions::default())?;
//! let psi = drift.value("psi").unwrap();
//! assert!(psi > 0.25); // "major shift" by the PSI rule of thumb
//! # Ok::<(), kldiv::Error>(())
//! ```
//!
//! ## The state
//! A numeric column becomes a [`Histogram`]: u64 counts over fixed [`Edges`] (cut points, with
//! an underflow and an overflow bin so that every value has a bin), and the nulls and NaNs
//! counted apart; a categorical column a [`Categories`] count table. Both merge by integer
//! addition: the state of a column is the same bits however its rows are split, ordered or
//! spread, so one machine, many threads and a cluster agree exactly. A histogram travels as its
//! edges and a flat u64 vector ([`Histogram::to_flat`], [`Histogram::from_flat`]).
//!
//! ## The edges
//! From the reference: its deciles by default (PSI's convention), or n equal-frequency bins,
//! n equal-width bins, numpy's "auto", or given cut points ([`Binning`]). The quantiles are
//! exact, numpy's default method, of the finite values; over data that does not fit in memory
//! [`EdgeFinder`] finds the same cut points in a few passes of bounded memory.
//!
//! ## The measures
//! Between the bin proportions r (reference) and c (current), computed by the array functions
//! ([`crate::arrays`]) on the count vectors, so each equals `scipy.stats.entropy` and friends
//! on `np.histogram` counts over the same edges:
//!
//! ```text
//! psi             Σ (cᵢ − rᵢ) ln(cᵢ/rᵢ) = KL(c‖r) + KL(r‖c)     Measure::Jeffreys
//! kl_cur_ref      KL(c‖r) = Σ cᵢ ln(cᵢ/rᵢ)                       Measure::Kl, both directions
//! kl_ref_cur      KL(r‖c)                                         (Evidently's "kl_div")
//! js              ½ KL(r‖m) + ½ KL(c‖m), m = (r + c)/2            Measure::JensenShannon
//! js_distance     √js                                             Measure::JensenShannonDistance
//! hellinger       √(½ Σ (√rᵢ − √cᵢ)²)                             Measure::Hellinger
//! tv              ½ Σ |rᵢ − cᵢ|                                   Measure::TotalVariation
//! ```
//!
//! Nulls and NaNs are left out of the proportions (their counts are reported beside). A bin
//! that is empty in the reference but not in the current makes KL(c‖r) and PSI +∞, and the
//! result says so ([`DriftWarning`]); no count is changed silently. A pseudocount
//! ([`DriftOptions::pseudocount`]) adds x to every bin of both sides first: the drift tools
//! instead replace empty proportions by 1e-4 (Evidently), which a pseudocount of about 1e-4 ×
//! the row count resembles.

mod edges;
mod finder;
mod histogram;

pub use edges::{Binning, Edges, MAX_BINS};
pub use finder::{EdgeFinder, FinderPass};
pub use histogram::{Categories, Histogram};

use crate::arrays::{self, ArrayOptions};
use crate::{Error, Measure};

pub(crate) fn drift_error(message: String) -> Error {
    Error::InvalidShape {
        family: "drift",
        message,
    }
}

/// Which way an asymmetric measure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the current to the reference: KL(current‖reference), +∞ where the current has
    /// values in a bin the reference has none in.
    CurrentToReference,
    /// From the reference to the current: KL(reference‖current) (Evidently's "kl_div").
    ReferenceToCurrent,
}

/// Options of a drift comparison: `DriftOptions::default().pseudocount(0.5).base(2.0)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DriftOptions {
    measures: Vec<Measure>,
    pseudocount: Option<f64>,
    base: Option<f64>,
}

impl Default for DriftOptions {
    /// PSI, KL both ways, JS, Hellinger and TV; no pseudocount; natural logarithms.
    fn default() -> DriftOptions {
        DriftOptions {
            measures: vec![
                Measure::Jeffreys,
                Measure::Kl,
                Measure::JensenShannon,
                Measure::Hellinger,
                Measure::TotalVariation,
            ],
            pseudocount: None,
            base: None,
        }
    }
}

impl DriftOptions {
    /// The measures, in the order reported (a table sorts by the first). An asymmetric one
    /// (KL, Rényi, cross-entropy) is reported in both directions.
    pub fn measures(mut self, measures: Vec<Measure>) -> DriftOptions {
        self.measures = measures;
        self
    }

    /// Adds x > 0 to the count of every bin of both sides before the proportions are taken
    /// (default: none, and +∞ where a reference bin is empty).
    pub fn pseudocount(mut self, x: f64) -> DriftOptions {
        self.pseudocount = Some(x);
        self
    }

    /// The base of the logarithm (default e); H and TV have none.
    pub fn base(mut self, base: f64) -> DriftOptions {
        self.base = Some(base);
        self
    }

    /// The measures.
    pub fn measure_list(&self) -> &[Measure] {
        &self.measures
    }

    /// The pseudocount, if any.
    pub fn pseudocount_value(&self) -> Option<f64> {
        self.pseudocount
    }

    /// Checks the options.
    ///
    /// # Errors
    /// No measure, the entropy (of one distribution), a pseudocount that is not finite and > 0, a base that is not finite, > 0
    /// and ≠ 1 (> 1 for the JS distance), a Rényi order that is not finite and > 0.
    pub fn validate(&self) -> Result<(), Error> {
        if self.measures.is_empty() {
            return Err(drift_error("at least one measure is needed".into()));
        }
        if self.measures.contains(&Measure::Entropy) {
            return Err(drift_error(
                "entropy is a measure of one distribution; drift compares two".into(),
            ));
        }
        if let Some(x) = self.pseudocount
            && !(x.is_finite() && x > 0.0)
        {
            return Err(Error::InvalidArgument {
                name: "pseudocount",
                value: x,
                expected: "finite and > 0",
            });
        }
        // The array functions check the base and the orders; run them once on a tiny pair.
        let o = self.array_options();
        for &m in &self.measures {
            one(m, &[1.0, 1.0], &[1.0, 2.0], &o)?;
        }
        Ok(())
    }

    fn array_options(&self) -> ArrayOptions {
        match self.base {
            Some(b) => ArrayOptions::default().base(b),
            None => ArrayOptions::default(),
        }
    }
}

/// One measure's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriftValue {
    /// The measure.
    pub measure: Measure,
    /// Its direction, for an asymmetric measure.
    pub direction: Option<Direction>,
    /// The value (+∞ where a bin is empty on the side the measure divides by).
    pub value: f64,
}

impl DriftValue {
    /// The name in tables and JSON: `psi`, `kl_cur_ref`, `kl_ref_cur`, `js`, `js_distance`,
    /// `hellinger`, `tv`, `bhattacharyya`, `renyi:0.5_cur_ref`, `cross_entropy_ref_cur`.
    pub fn name(&self) -> String {
        let base = match self.measure {
            Measure::Jeffreys => "psi".to_string(),
            Measure::JensenShannonDistance => "js_distance".to_string(),
            Measure::CrossEntropy => "cross_entropy".to_string(),
            m => m.name(),
        };
        match self.direction {
            None => base,
            Some(Direction::CurrentToReference) => format!("{base}_cur_ref"),
            Some(Direction::ReferenceToCurrent) => format!("{base}_ref_cur"),
        }
    }
}

/// What a result should say beside its numbers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum DriftWarning {
    /// Bins empty in the reference hold current values: KL(current‖reference) and PSI are +∞.
    EmptyReferenceBins {
        /// The bins (indices).
        bins: Vec<usize>,
        /// How many current values they hold.
        current: u64,
    },
    /// Bins empty in the current hold reference values: KL(reference‖current) and PSI are +∞.
    EmptyCurrentBins {
        /// The bins (indices).
        bins: Vec<usize>,
        /// How many reference values they hold.
        reference: u64,
    },
}

impl std::fmt::Display for DriftWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DriftWarning::EmptyReferenceBins { bins, current } => write!(
                f,
                "{} bin(s) with no reference value hold {current} current value(s): \
                 KL(current‖reference) and PSI are +∞; a pseudocount makes them finite",
                bins.len()
            ),
            DriftWarning::EmptyCurrentBins { bins, reference } => write!(
                f,
                "{} bin(s) with no current value hold {reference} reference value(s): \
                 KL(reference‖current) and PSI are +∞; a pseudocount makes them finite",
                bins.len()
            ),
        }
    }
}

/// The drift of one column: the measures, and the counts they were computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDrift {
    /// The measures, in the order of the options (asymmetric ones twice: current → reference,
    /// then reference → current).
    pub values: Vec<DriftValue>,
    /// The bins: intervals (`[0.5, 1)`) or labels.
    pub bins: Vec<String>,
    /// The reference's count in each bin (before any pseudocount).
    pub reference: Vec<u64>,
    /// The current's count in each bin.
    pub current: Vec<u64>,
    /// The reference's nulls and NaNs (left out of the proportions).
    pub reference_missing: Missing,
    /// The current's nulls and NaNs.
    pub current_missing: Missing,
    /// The bins with no reference value.
    pub empty_reference: Vec<usize>,
    /// The bins with no current value.
    pub empty_current: Vec<usize>,
    /// The pseudocount added, if any.
    pub pseudocount: Option<f64>,
    /// What the numbers need said beside them.
    pub warnings: Vec<DriftWarning>,
}

/// Values left out of a histogram's proportions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Missing {
    /// Nulls.
    pub nulls: u64,
    /// NaNs.
    pub nans: u64,
}

impl ColumnDrift {
    /// The value of the measure with this [`DriftValue::name`].
    pub fn value(&self, name: &str) -> Option<f64> {
        self.values
            .iter()
            .find(|v| v.name() == name)
            .map(|v| v.value)
    }
}

/// The drift between two histograms of a column over the same edges.
///
/// # Errors
/// Different edges; a side with no value in any bin (all null or NaN); invalid options.
pub fn compare(
    reference: &Histogram,
    current: &Histogram,
    options: &DriftOptions,
) -> Result<ColumnDrift, Error> {
    if reference.edges() != current.edges() {
        return Err(drift_error(
            "the reference and the current histograms have different edges".into(),
        ));
    }
    let edges = reference.edges();
    let bins = (0..edges.bins()).map(|b| edges.label(b)).collect();
    compare_counts(
        bins,
        reference.counts().to_vec(),
        current.counts().to_vec(),
        Missing {
            nulls: reference.nulls(),
            nans: reference.nans(),
        },
        Missing {
            nulls: current.nulls(),
            nans: current.nans(),
        },
        options,
    )
}

/// The drift between two count tables of a categorical column, over the union of their labels
/// (a label seen on one side only has count 0 on the other).
///
/// # Errors
/// A side with no value (all null); invalid options.
pub fn compare_categories(
    reference: &Categories,
    current: &Categories,
    options: &DriftOptions,
) -> Result<ColumnDrift, Error> {
    let mut labels: Vec<&str> = reference.iter().map(|(l, _)| l).collect();
    labels.extend(current.iter().map(|(l, _)| l));
    labels.sort_unstable();
    labels.dedup();
    let r = labels.iter().map(|l| reference.count(l)).collect();
    let c = labels.iter().map(|l| current.count(l)).collect();
    compare_counts(
        labels.iter().map(|l| l.to_string()).collect(),
        r,
        c,
        Missing {
            nulls: reference.nulls(),
            nans: 0,
        },
        Missing {
            nulls: current.nulls(),
            nans: 0,
        },
        options,
    )
}

fn compare_counts(
    bins: Vec<String>,
    reference: Vec<u64>,
    current: Vec<u64>,
    reference_missing: Missing,
    current_missing: Missing,
    options: &DriftOptions,
) -> Result<ColumnDrift, Error> {
    options.validate()?;
    for (side, counts, missing) in [
        ("reference", &reference, reference_missing),
        ("current", &current, current_missing),
    ] {
        if counts.iter().all(|&c| c == 0) {
            return Err(drift_error(format!(
                "the {side} has no value to compare ({} null, {} NaN)",
                missing.nulls, missing.nans
            )));
        }
    }
    let empty = |v: &[u64]| -> Vec<usize> { (0..v.len()).filter(|&i| v[i] == 0).collect() };
    let (empty_reference, empty_current) = (empty(&reference), empty(&current));
    let mut warnings = Vec::new();
    if options.pseudocount.is_none() {
        let held = |bins: &[usize], other: &[u64]| bins.iter().map(|&i| other[i]).sum::<u64>();
        let bins: Vec<usize> = empty_reference
            .iter()
            .copied()
            .filter(|&i| current[i] > 0)
            .collect();
        if !bins.is_empty() {
            let current = held(&bins, &current);
            warnings.push(DriftWarning::EmptyReferenceBins { bins, current });
        }
        let bins: Vec<usize> = empty_current
            .iter()
            .copied()
            .filter(|&i| reference[i] > 0)
            .collect();
        if !bins.is_empty() {
            let reference = held(&bins, &reference);
            warnings.push(DriftWarning::EmptyCurrentBins { bins, reference });
        }
    }
    let add = options.pseudocount.unwrap_or(0.0);
    // Counts below 2⁵³ are exact in f64.
    let r: Vec<f64> = reference.iter().map(|&x| x as f64 + add).collect();
    let c: Vec<f64> = current.iter().map(|&x| x as f64 + add).collect();
    let o = options.array_options();
    let mut values = Vec::new();
    for &m in &options.measures {
        if symmetric(m) {
            values.push(DriftValue {
                measure: m,
                direction: None,
                value: one(m, &c, &r, &o)?,
            });
        } else {
            for (direction, p, q) in [
                (Direction::CurrentToReference, &c, &r),
                (Direction::ReferenceToCurrent, &r, &c),
            ] {
                values.push(DriftValue {
                    measure: m,
                    direction: Some(direction),
                    value: one(m, p, q, &o)?,
                });
            }
        }
    }
    Ok(ColumnDrift {
        values,
        bins,
        reference,
        current,
        reference_missing,
        current_missing,
        empty_reference,
        empty_current,
        pseudocount: options.pseudocount,
        warnings,
    })
}

/// Measures from a comma-separated list, as the front ends take them: every name
/// [`Measure`]'s parser knows (`psi` is Jeffreys: PSI is Jeffreys on the bin proportions).
///
/// ```
/// use kldiv::{drift::parse_measures, Measure};
/// assert_eq!(parse_measures("psi, kl")?, vec![Measure::Jeffreys, Measure::Kl]);
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// # Errors
/// An unknown name; an empty list.
pub fn parse_measures(text: &str) -> Result<Vec<Measure>, Error> {
    let measures = text
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.parse::<Measure>())
        .collect::<Result<Vec<_>, Error>>()?;
    if measures.is_empty() {
        return Err(drift_error("at least one measure is needed".into()));
    }
    Ok(measures)
}

fn symmetric(m: Measure) -> bool {
    !matches!(m, Measure::Kl | Measure::Renyi(_) | Measure::CrossEntropy)
}

/// One measure of p against q by the array functions.
fn one(m: Measure, p: &[f64], q: &[f64], o: &ArrayOptions) -> Result<f64, Error> {
    arrays::measure(m, p, Some(q), o)
}

#[cfg(test)]
mod tests;
