//! KL between two samples of categories (integer labels): the plug-in estimate and its
//! corrections.
//!
//! ```text
//! plug-in        KL(p̂‖q̂), p̂ₖ = nₖ/n, q̂ₖ = mₖ/m
//! miller-madow   plug-in − (K₊ − 1)/(2n) − Σₖ p̂ₖ(1 − q̂ₖ)/(2m q̂ₖ)
//!                (first-order bias of −H(p̂) and of the cross-entropy, K₊ = categories seen in X)
//! pseudocount a  (nₖ + a)/(n + aK), (mₖ + a)/(m + aK) over the K categories of X ∪ Y
//!                (a = ½ Jeffreys / Krichevsky–Trofimov, a = 1 Laplace)
//! james-stein    each shrunk toward uniform, λ = (1 − Σ p̂²)/((n − 1) Σ (1/K − p̂)²) in [0, 1]
//!                (Hausser & Strimmer 2009)
//! ```

use super::samples_error;
use crate::Error;
use crate::arrays::{ArrayOptions, Normalize, relative_entropy};
use std::collections::BTreeMap;

/// Which counts estimator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CountsMethod {
    /// The empirical frequencies.
    PlugIn,
    /// Plug-in minus its first-order bias.
    MillerMadow,
    /// This count added to every category of X ∪ Y.
    Pseudocount(f64),
    /// James–Stein shrinkage toward uniform.
    JamesStein,
}

fn labels(name: &str, s: &[f64]) -> Result<(), Error> {
    if s.is_empty() {
        return Err(samples_error(format!("{name} has no points")));
    }
    // Beyond 2⁵³ neighbouring integers share a double: labels there would merge unseen.
    if let Some(i) = s.iter().position(|v| v.abs() > 9_007_199_254_740_992.0) {
        return Err(samples_error(format!(
            "{name}[{i}] = {} is beyond 2^53, where distinct integer labels round to the same \
             double; relabel the categories 0, 1, 2, …",
            s[i]
        )));
    }
    if let Some(i) = s.iter().position(|v| !(v.is_finite() && *v == v.round())) {
        return Err(samples_error(format!(
            "{name}[{i}] = {} is not a category label (an integer)",
            s[i]
        )));
    }
    Ok(())
}

fn shrink(counts: &[f64]) -> Vec<f64> {
    let n: f64 = counts.iter().sum();
    let k = counts.len() as f64;
    let p: Vec<f64> = counts.iter().map(|c| c / n).collect();
    let num = 1.0 - p.iter().map(|v| v * v).sum::<f64>();
    let den = (n - 1.0) * p.iter().map(|v| (1.0 / k - v).powi(2)).sum::<f64>();
    let lambda = if den > 0.0 {
        (num / den).clamp(0.0, 1.0)
    } else {
        1.0
    };
    p.iter().map(|v| lambda / k + (1.0 - lambda) * v).collect()
}

/// KL(X‖Y) of two samples of category labels.
///
/// # Errors
/// An empty sample, a label that is not an integer (named by index), or a negative
/// pseudocount.
pub fn counts(x: &[f64], y: &[f64], method: CountsMethod) -> Result<f64, Error> {
    labels("X", x)?;
    labels("Y", y)?;
    let mut table: BTreeMap<i64, (f64, f64)> = BTreeMap::new();
    for &v in x {
        table.entry(v as i64).or_default().0 += 1.0;
    }
    for &v in y {
        table.entry(v as i64).or_default().1 += 1.0;
    }
    let (cx, cy): (Vec<f64>, Vec<f64>) = table.values().copied().unzip();
    let (n, m) = (x.len() as f64, y.len() as f64);
    let o = ArrayOptions::default();
    match method {
        CountsMethod::PlugIn => relative_entropy(&cx, &cy, &o),
        CountsMethod::MillerMadow => {
            let plug = relative_entropy(&cx, &cy, &o)?;
            if !plug.is_finite() {
                return Ok(plug); // a category of X never seen in Y: no correction applies
            }
            let seen = cx.iter().filter(|&&c| c > 0.0).count() as f64;
            let cross: f64 = cx
                .iter()
                .zip(&cy)
                .filter(|(a, _)| **a > 0.0)
                .map(|(a, b)| {
                    let (p, q) = (a / n, b / m);
                    p * (1.0 - q) / (2.0 * m * q)
                })
                .sum();
            Ok(plug - (seen - 1.0) / (2.0 * n) - cross)
        }
        CountsMethod::Pseudocount(a) if a >= 0.0 && a.is_finite() => {
            let px: Vec<f64> = cx.iter().map(|c| c + a).collect();
            let py: Vec<f64> = cy.iter().map(|c| c + a).collect();
            relative_entropy(&px, &py, &o)
        }
        CountsMethod::Pseudocount(a) => Err(samples_error(format!(
            "the pseudocount must be finite and ≥ 0, got {a}"
        ))),
        CountsMethod::JamesStein => {
            relative_entropy(&shrink(&cx), &shrink(&cy), &o.normalize(Normalize::Never))
        }
    }
}

/// The warning for a plug-in estimate of +∞: the first label of X that Y never shows, and the
/// corrected estimators' finite values.
///
/// # Errors
/// As [`counts`].
pub(crate) fn unseen(x: &[f64], y: &[f64]) -> Result<crate::kl::Warning, Error> {
    let seen: std::collections::BTreeSet<i64> = y.iter().map(|&v| v as i64).collect();
    let mut missing: BTreeMap<i64, usize> = BTreeMap::new();
    for &v in x {
        if !seen.contains(&(v as i64)) {
            *missing.entry(v as i64).or_default() += 1;
        }
    }
    let (label, count) = missing.iter().next().map_or((0, 0), |(l, c)| (*l, *c));
    Ok(crate::kl::Warning::UnseenCategory {
        label,
        count,
        unseen: missing.len(),
        jeffreys: counts(x, y, CountsMethod::Pseudocount(0.5))?,
        laplace: counts(x, y, CountsMethod::Pseudocount(1.0))?,
        james_stein: counts(x, y, CountsMethod::JamesStein)?,
    })
}
