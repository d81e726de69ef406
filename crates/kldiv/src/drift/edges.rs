//! Cut points of a histogram, and the rules that choose them from a reference column.

use super::drift_error;
use crate::Error;

/// The most bins a rule may choose (`auto` on heavy tails can ask for millions).
pub const MAX_BINS: usize = 1 << 20;

/// Strictly increasing finite cut points e₀ < e₁ < … < e_last. They make `len + 1` bins:
/// (−∞, e₀), [e₀, e₁), …, [e_last, +∞). The first and the last bin are the underflow and
/// overflow bins, so every value (±∞ included) has a bin; only NaN has none.
///
/// Bins are closed on the left, as numpy's: a value equal to a cut point belongs to the bin that
/// starts there. numpy's last bin is closed on the right too; here the overflow bin holds the
/// largest value instead, so `np.histogram(x, np.r_[-np.inf, cuts, np.inf])` gives the same
/// counts for every x that is not NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct Edges {
    cuts: Vec<f64>,
}

impl Edges {
    /// Edges from given cut points.
    ///
    /// ```
    /// use kldiv::drift::Edges;
    /// let e = Edges::new(vec![0.0, 1.0, 2.5])?;
    /// assert_eq!(e.bins(), 4);
    /// assert_eq!(e.bin(-3.0), 0); // (−∞, 0)
    /// assert_eq!(e.bin(1.0), 2); // [1, 2.5)
    /// assert_eq!(e.bin(f64::INFINITY), 3); // [2.5, +∞)
    /// # Ok::<(), kldiv::Error>(())
    /// ```
    ///
    /// # Errors
    /// No cut point, a cut point that is not finite, or one not above the one before it.
    pub fn new(cuts: Vec<f64>) -> Result<Edges, Error> {
        if cuts.is_empty() {
            return Err(drift_error(
                "edges: at least one cut point is needed".into(),
            ));
        }
        if cuts.len() >= MAX_BINS {
            return Err(drift_error(format!(
                "edges: {} cut points make more than {MAX_BINS} bins",
                cuts.len()
            )));
        }
        if let Some(i) = cuts.iter().position(|c| !c.is_finite()) {
            return Err(drift_error(format!(
                "edges: cut point {i} is {}, not a finite number",
                cuts[i]
            )));
        }
        if let Some(i) = cuts.windows(2).position(|w| w[1] <= w[0]) {
            return Err(drift_error(format!(
                "edges: cut points must increase strictly, but cut point {} ({}) follows {}",
                i + 1,
                cuts[i + 1],
                cuts[i]
            )));
        }
        // −0 and +0 are the same cut; keep one spelling so equal edges compare equal.
        Ok(Edges {
            cuts: cuts.into_iter().map(|c| c + 0.0).collect(),
        })
    }

    /// Equal-frequency edges: the `n − 1` quantiles j/n (j = 1 … n − 1) of the finite values,
    /// computed as numpy's default (`np.quantile(x, np.arange(1, n) / n)`, method "linear"),
    /// exactly (from the sorted values). `n = 10` gives the deciles, PSI's usual bins.
    ///
    /// Ties: where several quantiles are equal (a value repeated in more than 1/n of the data)
    /// the duplicates are merged, as pandas' `qcut(duplicates="drop")`, so there are fewer
    /// than n bins, and the bin below a repeated value may hold none of the reference.
    ///
    /// # Errors
    /// n < 2 or too large, or no finite value.
    pub fn equal_frequency(values: &[f64], n: usize) -> Result<Edges, Error> {
        check_bins(n, 2)?;
        let sorted = sorted_finite(values)?;
        let order = |r: u64| sorted[r as usize];
        Edges::from_cuts(quantile_cuts(sorted.len() as u64, n, order))
    }

    /// Equal-width edges: `n` bins of equal width over [min, max] of the finite values, as
    /// `np.histogram(x, bins=n)` places them (the same floating-point cut points, and [min −
    /// ½, max + ½] for a constant column); the first and last bin reach out to ∓∞.
    ///
    /// # Errors
    /// n < 2 or too large, or no finite value.
    pub fn equal_width(values: &[f64], n: usize) -> Result<Edges, Error> {
        check_bins(n, 2)?;
        let (lo, hi) = finite_range(values)?;
        Edges::from_cuts(equal_width_cuts(lo, hi, n))
    }

    /// numpy's `bins="auto"` (numpy 2.4): equal width, the width the smaller of Sturges'
    /// range/(log₂ m + 1) and the Freedman–Diaconis width 2·IQR·m^(−1/3), the latter kept at
    /// least half of range/√m (so at most 2√m bins); m the number of finite values, and
    /// ⌈range/width⌉ bins.
    ///
    /// # Errors
    /// No finite value, or more than [`MAX_BINS`] bins.
    pub fn auto(values: &[f64]) -> Result<Edges, Error> {
        let sorted = sorted_finite(values)?;
        let m = sorted.len() as u64;
        let order = |r: u64| sorted[r as usize];
        let iqr = quantile(m, 0.75, order) - quantile(m, 0.25, order);
        let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
        Edges::from_cuts(auto_cuts(lo, hi, m, iqr)?)
    }

    /// Edges from cut points a rule computed: duplicates (ties in the data) merged.
    pub(crate) fn from_cuts(mut cuts: Vec<f64>) -> Result<Edges, Error> {
        cuts.dedup();
        Edges::new(cuts)
    }

    /// The cut points.
    pub fn cuts(&self) -> &[f64] {
        &self.cuts
    }

    /// The number of bins, underflow and overflow included: cut points + 1.
    pub fn bins(&self) -> usize {
        self.cuts.len() + 1
    }

    /// The bin of a value that is not NaN: the number of cut points ≤ x.
    pub fn bin(&self, x: f64) -> usize {
        self.cuts.partition_point(|&c| c <= x)
    }

    /// The bin's interval as text, `[0.5, 1)`, `(-inf, 0)`, `[2, inf)`.
    pub fn label(&self, bin: usize) -> String {
        let lo = if bin == 0 {
            "(-inf".to_string()
        } else {
            format!("[{}", self.cuts[bin - 1])
        };
        let hi = self
            .cuts
            .get(bin)
            .map_or("inf".to_string(), |c| c.to_string());
        format!("{lo}, {hi})")
    }
}

/// How the edges of a numeric column are chosen from its reference values.
#[derive(Debug, Clone, PartialEq)]
pub enum Binning {
    /// `n` equal-frequency bins ([`Edges::equal_frequency`]); the default is the deciles, n = 10.
    EqualFrequency(usize),
    /// `n` equal-width bins over the reference's range ([`Edges::equal_width`]).
    EqualWidth(usize),
    /// numpy's "auto" ([`Edges::auto`]).
    Auto,
    /// Given edges, the same for every column.
    Given(Edges),
}

impl Binning {
    /// The edges for a reference column held in memory.
    ///
    /// # Errors
    /// As the rule's constructor.
    pub fn edges(&self, reference: &[f64]) -> Result<Edges, Error> {
        match self {
            Binning::EqualFrequency(n) => Edges::equal_frequency(reference, *n),
            Binning::EqualWidth(n) => Edges::equal_width(reference, *n),
            Binning::Auto => Edges::auto(reference),
            Binning::Given(e) => Ok(e.clone()),
        }
    }

    /// Whether the edges depend on the reference's values (all rules but given edges).
    pub fn needs_reference(&self) -> bool {
        !matches!(self, Binning::Given(_))
    }
}

impl Default for Binning {
    /// The deciles, PSI's convention.
    fn default() -> Binning {
        Binning::EqualFrequency(10)
    }
}

impl std::str::FromStr for Binning {
    type Err = Error;
    /// `10` (equal width, numpy's `bins=10`), `deciles`, `quantiles:N` (equal frequency),
    /// `auto`, or cut points `e0,e1,…` (two or more, comma separated).
    fn from_str(s: &str) -> Result<Binning, Error> {
        let t = s.trim().to_ascii_lowercase();
        let count = |text: &str| {
            text.parse::<usize>()
                .map_err(|_| drift_error(format!("bins: '{text}' is not a number of bins")))
        };
        Ok(match t.as_str() {
            "deciles" => Binning::EqualFrequency(10),
            "auto" => Binning::Auto,
            _ if t.starts_with("quantiles:") => {
                let n = count(&t["quantiles:".len()..])?;
                check_bins(n, 2)?;
                Binning::EqualFrequency(n)
            }
            _ if t.contains(',') => {
                let cuts = t
                    .split(',')
                    .map(|c| {
                        c.trim().parse::<f64>().map_err(|_| {
                            drift_error(format!("bins: '{}' is not a number", c.trim()))
                        })
                    })
                    .collect::<Result<Vec<f64>, Error>>()?;
                Binning::Given(Edges::new(cuts)?)
            }
            _ => {
                let n = count(&t).map_err(|_| {
                    drift_error(format!(
                        "bins: '{s}' is not a number of bins, 'deciles', 'quantiles:N', 'auto' \
                         or cut points 'e0,e1,…'"
                    ))
                })?;
                check_bins(n, 2)?;
                Binning::EqualWidth(n)
            }
        })
    }
}

pub(crate) fn check_bins(n: usize, least: usize) -> Result<(), Error> {
    if n < least || n > MAX_BINS {
        return Err(drift_error(format!(
            "bins: the number of bins must be from {least} to {MAX_BINS}, got {n}"
        )));
    }
    Ok(())
}

pub(crate) fn no_finite_values() -> Error {
    drift_error("edges: the reference column has no finite value to take edges from".into())
}

fn finite_range(values: &[f64]) -> Result<(f64, f64), Error> {
    let (lo, hi) = values
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return Err(no_finite_values());
    }
    Ok((lo, hi))
}

/// numpy's linspace(lo, hi, n + 1)[1..n] as np.histogram makes it: i·((hi − lo)/n) + lo, and
/// [lo − ½, hi + ½] for lo = hi.
pub(crate) fn equal_width_cuts(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let (lo, hi) = if lo == hi {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    };
    let step = (hi - lo) / n as f64;
    (1..n).map(|i| i as f64 * step + lo).collect()
}

/// numpy's "auto" bins over [lo, hi] for m finite values with the given IQR (numpy 2.4's
/// rule: the Freedman–Diaconis width, kept above half the square-root rule's, and Sturges' if
/// that is smaller).
pub(crate) fn auto_cuts(lo: f64, hi: f64, m: u64, iqr: f64) -> Result<Vec<f64>, Error> {
    let m_f = m as f64;
    let sturges = (hi - lo) / (m_f.log2() + 1.0);
    let fd = 2.0 * iqr * m_f.powf(-1.0 / 3.0);
    let sqrt = (hi - lo) / m_f.sqrt();
    let width = fd.max(sqrt / 2.0).min(sturges);
    let n = if width != 0.0 {
        let n = ((hi - lo) / width).ceil();
        if n > MAX_BINS as f64 {
            return Err(drift_error(format!(
                "bins: the 'auto' rule asks for {n:.3e} bins over [{lo:e}, {hi:e}] (more \
                 than {MAX_BINS}): give a number of bins"
            )));
        }
        n as usize
    } else {
        1
    };
    // A constant column: numpy's one bin [x − ½, x + ½]; two bins keep a cut point at x.
    Ok(if n <= 1 {
        equal_width_cuts(lo, hi, 2)
    } else {
        equal_width_cuts(lo, hi, n)
    })
}

/// The q-quantile of m sorted values given by rank (0-based), numpy's "linear" method to the
/// bit: virtual index (m − 1)·q, and its `_lerp`.
pub(crate) fn quantile(m: u64, q: f64, order: impl Fn(u64) -> f64) -> f64 {
    let (lo, hi, t) = quantile_ranks(m, q);
    lerp(order(lo), order(hi), t)
}

/// The two ranks a quantile interpolates between, and the weight of the upper one.
pub(crate) fn quantile_ranks(m: u64, q: f64) -> (u64, u64, f64) {
    let v = (m - 1) as f64 * q;
    let below = v.floor();
    let t = v - below;
    let lo = (below as u64).min(m - 1);
    ((lo), (lo + 1).min(m - 1), t)
}

/// numpy's `_lerp(a, b, t)`: a + (b − a)·t, and b − (b − a)(1 − t) for t ≥ ½.
pub(crate) fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let d = b - a;
    let v = if t >= 0.5 {
        b - d * (1.0 - t)
    } else {
        a + d * t
    };
    v + 0.0
}

/// The n − 1 equal-frequency cut points of m values given by rank.
pub(crate) fn quantile_cuts(m: u64, n: usize, order: impl Fn(u64) -> f64) -> Vec<f64> {
    (1..n)
        .map(|j| quantile(m, j as f64 / n as f64, &order))
        .collect()
}

/// The ranks the cut points of a rule need (sorted, deduplicated).
pub(crate) fn needed_ranks(m: u64, qs: &[f64]) -> Vec<u64> {
    let mut r: Vec<u64> = qs
        .iter()
        .flat_map(|&q| {
            let (a, b, _) = quantile_ranks(m, q);
            [a, b]
        })
        .collect();
    r.sort_unstable();
    r.dedup();
    r
}

/// The finite values in ascending order (−0 made +0, as numpy's sort sees them equal).
fn sorted_finite(values: &[f64]) -> Result<Vec<f64>, Error> {
    let mut sorted: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite())
        .map(|&v| v + 0.0)
        .collect();
    if sorted.is_empty() {
        return Err(no_finite_values());
    }
    sorted.sort_unstable_by(f64::total_cmp);
    Ok(sorted)
}
