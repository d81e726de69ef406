//! KL between Gaussian mixtures f = Σₐ πₐ fₐ and g = Σ_b ω_b g_b in any dimension: guaranteed
//! bounds, the known approximations, and what both are built from (pairwise closed forms).
//!
//! The bounds (derivations in DESIGN.md, "Gaussian mixtures"):
//! - KL = E_f ln f − E_f ln g. Each expectation is bounded on both sides by Jensen's inequality
//!   per component fₐ (Durrieu, Thiran & Kelly 2012): from below by the variational form
//!   ln Σ_b ω_b e^(−H×(fₐ, g_b)) (Hershey & Olsen 2007, §6), from above by ln E_fₐ[g] =
//!   ln Σ_b ω_b zₐ_b with zₐ_b = ∫ fₐ g_b = N(μₐ; μ_b, Σₐ + Σ_b). E_f ln f is also at most
//!   −Σ πₐ H(fₐ) (entropy is concave). A side with one component is exact.
//! - Upper: Hershey & Olsen's variational upper bound Σₐ_b φₐ_b (ln(φₐ_b/ψₐ_b) + KL(fₐ‖g_b)) for
//!   any φ, ψ with Σ_b φₐ_b = πₐ and Σₐ ψₐ_b = ω_b (the chain rule on the joint of component and
//!   point): every iterate of their fixed point is feasible, so every iterate is a bound.
//! - Lower: KL ≥ 0, and KL of the one-dimensional images under x ↦ vᵀx (data processing), by
//!   the certified 1-D quadrature, along the directions that separate the matched moments.
//!
//! Every bound is widened by its rounding (`ROUNDING` times the size of the terms).

use super::Interval;
use super::closed_form::mvnormal_mvnormal;
use crate::Error;
use crate::dist::{Dist, GaussianMixture, Mixture, MvNormal, Normal};
use crate::numerics::log::log_sum_exp;
use nalgebra::{DMatrix, DVector};
use std::f64::consts::PI;

/// The rounding of a bound, relative to the size of the terms it is computed from: each term is
/// a closed form good to `CLOSED_FORM_ROUNDING` of its scale, and log-sum-exps and weighted sums
/// add a few ulp per component.
const ROUNDING: f64 = 256.0 * f64::EPSILON;

/// The most work (pairs × (d³ + 100)) for which `Method::Auto` adds the bounds to Monte Carlo:
/// about a tenth of a second.
const AUTO_BOUNDS_WORK: f64 = 1e8;

/// Iterations of the variational upper bound's fixed point (it converges in tens).
const VUB_ITERATIONS: usize = 200;

/// Stop the fixed point when an iteration lowers the bound by less than this, relatively.
const VUB_STALL: f64 = 1e-15;

/// Every Gaussian pair these methods take, as a mixture: a normal or mvnormal is a mixture of one,
/// a mixture of normals one of one-dimensional mvnormals.
impl GaussianMixture {
    /// normal, mvnormal, lowrank_mvnormal, a mixture of normals or of mvnormals; `None`
    /// otherwise (and for a normal whose variance over- or underflows).
    pub(crate) fn of(d: &Dist) -> Option<GaussianMixture> {
        let one = |c: MvNormal| GaussianMixture::new(vec![(1.0, c)]).ok();
        match d {
            Dist::Normal(n) => one(normal(n)?),
            Dist::MvNormal(m) => one(m.clone()),
            Dist::LowRankMvNormal(l) => one(l.as_mvnormal().clone()),
            Dist::GaussianMixture(m) => Some(m.clone()),
            Dist::Mixture(m) => {
                let parts: Option<Vec<(f64, MvNormal)>> = m
                    .weights()
                    .iter()
                    .zip(m.components())
                    .map(|(w, c)| match c {
                        Dist::Normal(n) => Some((*w, normal(n)?)),
                        _ => None,
                    })
                    .collect();
                GaussianMixture::new(parts?).ok()
            }
            _ => None,
        }
    }

    fn len(&self) -> usize {
        self.components().len()
    }

    /// The mean and covariance of the mixture (what moment matching keeps).
    fn moments(&self) -> (DVector<f64>, DMatrix<f64>) {
        let d = self.dim();
        let mut mean = DVector::zeros(d);
        for (w, c) in self.weights().iter().zip(self.components()) {
            mean += *w * c.mean_vector();
        }
        let mut cov = DMatrix::zeros(d, d);
        for (w, c) in self.weights().iter().zip(self.components()) {
            let dm = c.mean_vector() - &mean;
            cov += *w * (c.cov_matrix() + &dm * dm.transpose());
        }
        (mean, cov)
    }

    /// The single Gaussian with the mixture's mean and covariance.
    fn matched(&self) -> Result<MvNormal, Error> {
        let (mean, cov) = self.moments();
        // Symmetric by construction, up to the rounding of the outer products.
        let cov = (&cov + cov.transpose()) * 0.5;
        MvNormal::from_matrix(mean, cov)
    }

    /// The image under x ↦ vᵀx: a one-dimensional normal or mixture of normals.
    fn project(&self, v: &DVector<f64>) -> Option<Dist> {
        let parts: Option<Vec<(f64, Dist)>> = self
            .weights()
            .iter()
            .zip(self.components())
            .map(|(w, c)| {
                let mu = v.dot(c.mean_vector());
                let var = (c.cov_matrix() * v).dot(v);
                let n = Normal::new(mu, var.sqrt()).ok()?;
                Some((*w, Dist::Normal(n)))
            })
            .collect();
        let mut parts = parts?;
        if parts.len() == 1 {
            return parts.pop().map(|(_, d)| d);
        }
        Mixture::new(parts).ok().map(Dist::Mixture)
    }
}

/// Whether d is a normal, or a mixture with a normal component, whose σ² is not a normal double.
fn has_unrepresentable_variance(d: &Dist) -> bool {
    match d {
        Dist::Normal(n) => normal(n).is_none(),
        Dist::Mixture(m) => m
            .components()
            .iter()
            .any(|c| matches!(c, Dist::Normal(n) if normal(n).is_none())),
        _ => false,
    }
}

fn normal(n: &Normal) -> Option<MvNormal> {
    let var = n.sigma() * n.sigma();
    (var.is_normal() && var.is_finite())
        .then(|| MvNormal::new(vec![n.mu()], vec![vec![var]]).ok())
        .flatten()
}

/// The error for a pair that is not two Gaussian mixtures of the same dimension.
fn not_gaussian(method: &'static str) -> Error {
    Error::MethodFailed {
        method,
        reason: "it is defined for Gaussian mixtures (normal, mvnormal, lowrank_mvnormal and \
                 mixtures of them) of one and the same dimension; quadrature (one dimension) or Monte Carlo \
                 computes other pairs",
    }
}

/// Both sides as Gaussian mixtures, or the error naming `method`.
pub(crate) fn pair(
    p: &Dist,
    q: &Dist,
    method: &'static str,
) -> Result<(GaussianMixture, GaussianMixture), Error> {
    match (GaussianMixture::of(p), GaussianMixture::of(q)) {
        (Some(f), Some(g)) if f.dim() == g.dim() => Ok((f, g)),
        (Some(_), Some(_)) => Err(Error::Dimension {
            operation: "KL between distributions of different dimensions",
            dist: format!("{p} and {q}"),
        }),
        _ if [p, q].iter().any(|d| has_unrepresentable_variance(d)) => Err(Error::MethodFailed {
            method,
            reason: "a normal's variance σ² is not a normal double (σ outside about \
                     1e-154…1e154), so it cannot be held as a covariance; quadrature computes \
                     one-dimensional pairs",
        }),
        _ => Err(not_gaussian(method)),
    }
}

/// A value with the size of the terms it came from.
#[derive(Debug, Clone, Copy)]
struct Term {
    value: f64,
    scale: f64,
}

/// The pairwise closed forms between the components of f and of g.
struct Pairwise {
    /// KL(fₐ‖g_b).
    kl: Vec<Vec<Term>>,
    /// ln zₐ_b = ln ∫ fₐ g_b = ln N(μₐ; μ_b, Σₐ + Σ_b).
    ln_z: Vec<Vec<Term>>,
}

impl Pairwise {
    fn new(f: &GaussianMixture, g: &GaussianMixture) -> Pairwise {
        let mut kl = Vec::with_capacity(f.len());
        let mut ln_z = Vec::with_capacity(f.len());
        for a in f.components() {
            let mut kr = Vec::with_capacity(g.len());
            let mut zr = Vec::with_capacity(g.len());
            for b in g.components() {
                let e = mvnormal_mvnormal(a, b);
                kr.push(Term {
                    value: e.value,
                    scale: e.scale,
                });
                zr.push(ln_overlap(a, b));
            }
            kl.push(kr);
            ln_z.push(zr);
        }
        Pairwise { kl, ln_z }
    }
}

/// ln ∫ N(x; μₐ, Σₐ) N(x; μ_b, Σ_b) dx = ln N(μₐ; μ_b, Σₐ + Σ_b).
/// NaN where Σₐ + Σ_b is not positive definite in floating point (a sum at the edge of the
/// doubles): no bound is made from it.
fn ln_overlap(a: &MvNormal, b: &MvNormal) -> Term {
    let sum = a.cov_matrix() + b.cov_matrix();
    let Ok(n) = MvNormal::from_matrix(b.mean_vector().clone(), sum) else {
        return Term {
            value: f64::NAN,
            scale: f64::INFINITY,
        };
    };
    let value = n.ln_pdf(a.mean());
    let d = a.dim() as f64;
    let quad = -2.0 * value - d * (2.0 * PI).ln() - n.ln_det();
    Term {
        value,
        scale: d * (0.5 * (d * (2.0 * PI).ln() + n.ln_det().abs() + quad.abs())),
    }
}

/// Σₐ πₐ ln Σ_b ω_b e^(s·Mₐ_b + cₐ_b): the shape of every Jensen bound and approximation, with
/// the size of its terms.
fn weighted_lse(
    f: &GaussianMixture,
    g: &GaussianMixture,
    m: &[Vec<Term>],
    sign: f64,
    shift: &dyn Fn(usize, usize) -> f64,
) -> Term {
    let mut value = 0.0;
    let mut scale = 0.0;
    for (a, row) in m.iter().enumerate() {
        let lse = log_sum_exp(
            row.iter()
                .enumerate()
                .map(|(b, t)| g.ln_weights()[b] + sign * t.value + shift(a, b)),
        );
        // Each term's rounding reaches the log-sum-exp weighted by its share exp(t − lse): a
        // term far below the largest adds nothing, however large its own size.
        let size = if lse.is_finite() {
            row.iter()
                .enumerate()
                .map(|(b, t)| {
                    let term = g.ln_weights()[b] + sign * t.value + shift(a, b);
                    let share = (term - lse).exp();
                    if share > 0.0 {
                        share * (t.scale + shift(a, b).abs() + g.ln_weights()[b].abs())
                    } else {
                        0.0
                    }
                })
                .sum::<f64>()
                + lse.abs()
        } else {
            f64::INFINITY
        };
        value += f.weights()[a] * lse;
        scale += f.weights()[a] * size;
    }
    Term { value, scale }
}

/// Lower and upper bounds on KL(f‖g) that contain the truth.
///
/// # Errors
/// When a component sum Σₐ + Σ_b is not positive definite in floating point (a covariance at
/// the edge of the doubles).
pub(crate) fn bounds(f: &GaussianMixture, g: &GaussianMixture) -> Result<Interval, Error> {
    if f.len() == 1 && g.len() == 1 {
        let e = mvnormal_mvnormal(&f.components()[0], &g.components()[0]);
        let r = super::CLOSED_FORM_ROUNDING * e.scale;
        return checked(&[e.value - r], &[e.value + r]);
    }
    let fg = Pairwise::new(f, g);
    let entropies: Vec<f64> = f.components().iter().map(|c| c.entropy()).collect();
    let h = |a: usize| entropies[a];
    let (self_lo, self_hi) = self_expectation(f, &entropies)?;
    // E_f ln g ∈ [lo, hi].
    let (cross_lo, cross_hi) = if g.len() == 1 {
        let mut value = 0.0;
        let mut scale = 0.0;
        for (a, row) in fg.kl.iter().enumerate() {
            value -= f.weights()[a] * (h(a) + row[0].value);
            scale += f.weights()[a] * (h(a).abs() + row[0].scale);
        }
        let t = Term { value, scale };
        (t, t)
    } else {
        (
            weighted_lse(f, g, &fg.kl, -1.0, &|a, _| -h(a)),
            weighted_lse(f, g, &fg.ln_z, 1.0, &|_, _| 0.0),
        )
    };
    let durrieu_lower =
        self_lo.value - cross_hi.value - ROUNDING * (self_lo.scale + cross_hi.scale);
    let durrieu_upper =
        self_hi.value - cross_lo.value + ROUNDING * (self_hi.scale + cross_lo.scale);
    let (vub, vub_scale) = variational_upper(f, g, &fg.kl);
    let projected = if f.dim() >= 2 {
        projected_lower(f, g)
    } else {
        None
    };
    checked(
        &[durrieu_lower, projected.unwrap_or(0.0)],
        &[durrieu_upper, vub + ROUNDING * vub_scale],
    )
}

/// The interval from candidate bounds: the largest lower one (and 0), the smallest upper one
/// (and +∞). A candidate that is NaN (its terms overflowed: ∞ − ∞) is no bound and is left out.
/// Lower above upper means the arithmetic failed beyond its allowance: a refusal, not a guess.
fn checked(lower: &[f64], upper: &[f64]) -> Result<Interval, Error> {
    let lo = lower
        .iter()
        .filter(|v| !v.is_nan())
        .fold(0.0, |a: f64, &b| a.max(b));
    let hi = upper
        .iter()
        .filter(|v| !v.is_nan())
        .fold(f64::INFINITY, |a: f64, &b| a.min(b));
    if lo > hi {
        return Err(Error::MethodFailed {
            method: "guaranteed bounds",
            reason: "their terms lose all precision in double arithmetic for these parameters \
                     (means or variances near the ends of the doubles)",
        });
    }
    Ok(Interval {
        lower: lo,
        upper: hi,
    })
}

/// Bounds on E_f ln f = −H(f): Jensen per component both ways, and concavity of the entropy
/// above; exact for one component. `entropies` are the components' H(fₐ).
fn self_expectation(f: &GaussianMixture, entropies: &[f64]) -> Result<(Term, Term), Error> {
    let h_scale: f64 = f
        .weights()
        .iter()
        .zip(entropies)
        .map(|(w, e)| w * e.abs())
        .sum();
    let concave = Term {
        value: -f
            .weights()
            .iter()
            .zip(entropies)
            .map(|(w, e)| w * e)
            .sum::<f64>(),
        scale: h_scale,
    };
    if f.len() == 1 {
        return Ok((concave, concave));
    }
    // H×(fₐ, fₐ′) = H(fₐ) + KL(fₐ‖fₐ′).
    let ff = Pairwise::new(f, f);
    let lo = weighted_lse(f, f, &ff.kl, -1.0, &|a, _| -entropies[a]);
    let jensen = weighted_lse(f, f, &ff.ln_z, 1.0, &|_, _| 0.0);
    let hi = if jensen.value < concave.value {
        jensen
    } else {
        concave
    };
    Ok((lo, hi))
}

/// Guaranteed bounds on the differential entropy H(f) of a Gaussian mixture, in nats.
///
/// # Errors
/// As [`bounds`].
pub(crate) fn entropy_bounds(f: &GaussianMixture) -> Result<Interval, Error> {
    let entropies: Vec<f64> = f.components().iter().map(|c| c.entropy()).collect();
    let (lo, hi) = self_expectation(f, &entropies)?;
    let (lower, upper) = (
        -hi.value - ROUNDING * hi.scale,
        -lo.value + ROUNDING * lo.scale,
    );
    // An entropy may be negative: no 0 to fall back on, so a side lost to overflow is ±∞.
    let side = |v: f64, lost: f64| if v.is_nan() { lost } else { v };
    Ok(Interval {
        lower: side(lower, f64::NEG_INFINITY),
        upper: side(upper, f64::INFINITY),
    })
}

/// Whether the bounds' pairwise closed forms (K_f (K_f + K_g) of them, each O(d³)) are cheap
/// next to a default Monte Carlo run, so that `Method::Auto` can carry them.
pub(crate) fn bounds_are_cheap(f: &GaussianMixture, g: &GaussianMixture) -> bool {
    let pairs = (f.len() * (f.len() + g.len())) as f64;
    let d = f.dim() as f64;
    pairs * (d * d * d + 100.0) <= AUTO_BOUNDS_WORK
}

/// Hershey & Olsen's variational upper bound, minimised by their fixed point; with the size of
/// its terms.
fn variational_upper(f: &GaussianMixture, g: &GaussianMixture, kl: &[Vec<Term>]) -> (f64, f64) {
    let (na, nb) = (f.len(), g.len());
    // A divergence lost to overflow (NaN) leaves no bound; a NaN weight would be skipped below
    // as if it were 0.
    if kl.iter().flatten().any(|t| t.value.is_nan()) {
        return (f64::NAN, 0.0);
    }
    // A component of f infinitely far (in KL) from every component of g: the bound is +∞.
    if kl
        .iter()
        .any(|row| row.iter().all(|t| t.value == f64::INFINITY))
    {
        return (f64::INFINITY, 0.0);
    }
    // ln φ and ln ψ, both starting at πₐ ω_b.
    let mut ln_phi: Vec<Vec<f64>> = (0..na)
        .map(|a| {
            (0..nb)
                .map(|b| f.ln_weights()[a] + g.ln_weights()[b])
                .collect()
        })
        .collect();
    let mut ln_psi = ln_phi.clone();
    // The bound is evaluated at weights made feasible in linear space: the log-space iterates
    // carry an absolute rounding of ε·KL in ln φ, which is a relative error of ε·KL in φ and
    // would move the bound by ε·KL² (10⁻⁴ at KL = 10⁶). Renormalised rows and columns miss
    // their sums by a few ε only, which moves the bound by a few ε·KL.
    let value = |ln_phi: &[Vec<f64>], ln_psi: &[Vec<f64>]| {
        let mut phi: Vec<Vec<f64>> = ln_phi
            .iter()
            .map(|r| r.iter().map(|v| v.exp()).collect())
            .collect();
        for (a, row) in phi.iter_mut().enumerate() {
            let total: f64 = row.iter().sum();
            row.iter_mut().for_each(|v| *v *= f.weights()[a] / total);
        }
        let mut psi: Vec<Vec<f64>> = ln_psi
            .iter()
            .map(|r| r.iter().map(|v| v.exp()).collect())
            .collect();
        for (b, w) in g.weights().iter().enumerate() {
            let total: f64 = psi.iter().map(|row| row[b]).sum();
            psi.iter_mut().for_each(|row| row[b] *= w / total);
        }
        let mut v = 0.0;
        let mut s = 0.0;
        for a in 0..na {
            for b in 0..nb {
                let (x, y) = (phi[a][b], psi[a][b]);
                if x.is_nan() {
                    return (f64::NAN, 0.0);
                }
                if x > 0.0 {
                    if y.is_nan() || y <= 0.0 {
                        return (f64::INFINITY, 0.0);
                    }
                    let t = x.ln() - y.ln() + kl[a][b].value;
                    v += x * t;
                    s += x * (x.ln().abs() + y.ln().abs() + kl[a][b].scale) * (na * nb) as f64;
                }
            }
        }
        (v, s)
    };
    let mut best = value(&ln_phi, &ln_psi);
    for _ in 0..VUB_ITERATIONS {
        for a in 0..na {
            let t: Vec<f64> = (0..nb).map(|b| ln_psi[a][b] - kl[a][b].value).collect();
            let s = log_sum_exp(t.iter().copied());
            for b in 0..nb {
                ln_phi[a][b] = f.ln_weights()[a] + t[b] - s;
            }
        }
        for b in 0..nb {
            let s = log_sum_exp((0..na).map(|a| ln_phi[a][b]));
            for a in 0..na {
                ln_psi[a][b] = g.ln_weights()[b] + ln_phi[a][b] - s;
            }
        }
        let v = value(&ln_phi, &ln_psi);
        let gain = best.0 - v.0;
        if v.0 < best.0 {
            best = v;
        }
        if gain <= VUB_STALL * best.0.abs() {
            break;
        }
    }
    best
}

/// The largest lower bound KL(f∘v⁻¹ ‖ g∘v⁻¹) − its quadrature bar over a few directions v:
/// the mean difference in the pooled metric and the extreme generalised eigenvectors of the
/// matched covariances (where the variances' ratio is largest and smallest).
fn projected_lower(f: &GaussianMixture, g: &GaussianMixture) -> Option<f64> {
    let (mf, sf) = f.moments();
    let (mg, sg) = g.moments();
    let mut directions = Vec::new();
    let pooled = (&sf + &sg) * 0.5;
    if let Some(ch) = pooled.clone().cholesky() {
        let v = ch.solve(&(&mf - &mg));
        if v.norm() > 0.0 {
            directions.push(v);
        }
    }
    if let Some(ch) = sg.clone().cholesky() {
        // Σ_g = L Lᵀ; M = L⁻¹ Σ_f L⁻ᵀ; v = L⁻ᵀ u for the eigenvectors u of M.
        let l = ch.l();
        let inv_l_sf = l.solve_lower_triangular(&sf)?;
        let m = l.solve_lower_triangular(&inv_l_sf.transpose())?;
        let m = (&m + m.transpose()) * 0.5;
        let eig = nalgebra::SymmetricEigen::new(m);
        let (mut lo, mut hi) = (0, 0);
        for (i, e) in eig.eigenvalues.iter().enumerate() {
            if *e < eig.eigenvalues[lo] {
                lo = i;
            }
            if *e > eig.eigenvalues[hi] {
                hi = i;
            }
        }
        for i in [lo, hi] {
            let u = eig.eigenvectors.column(i).into_owned();
            if let Some(v) = l.transpose().solve_upper_triangular(&u) {
                directions.push(v);
            }
        }
    }
    let quadrature = super::Options::default().method(super::Method::Quadrature);
    directions
        .iter()
        .filter_map(|v| {
            let v = v / v.norm();
            if !v.iter().all(|x| x.is_finite()) {
                return None;
            }
            let (p1, q1) = (f.project(&v)?, g.project(&v)?);
            let e = super::divergence(&p1, &q1, &quadrature).ok()?;
            (e.value.is_finite() && e.abs_error.is_finite()).then_some(e.value - e.abs_error)
        })
        .fold(None, |best: Option<f64>, x| {
            Some(best.map_or(x, |b| b.max(x)))
        })
}

/// The named approximations of KL between Gaussian mixtures (none is a bound in general).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Approximation {
    /// Hershey & Olsen (2007) eq. 18: Σₐ πₐ ln(Σₐ′ πₐ′ e^(−KL(fₐ‖fₐ′)) / Σ_b ω_b e^(−KL(fₐ‖g_b))).
    Variational,
    /// Hershey & Olsen (2007) §5, the product of GaussianMixture: Σₐ πₐ ln(Σₐ′ πₐ′ zₐₐ′ / Σ_b ω_b zₐ_b).
    Product,
    /// Goldberger, Gordon & Greenspan (2003), the matched bound: Σₐ πₐ (KL(fₐ‖g_m(a)) +
    /// ln(πₐ/ω_m(a))) with m(a) = argmin_b KL(fₐ‖g_b) − ln ω_b.
    Matched,
    /// Goldberger et al. (2003), the unscented transform: E_fₐ[ln f − ln g] from the 2d sigma
    /// points μₐ ± √(d λₖ) eₖ of each component.
    Unscented,
    /// KL between the single GaussianMixture with the mixtures' means and covariances.
    Moments,
}

impl Approximation {
    /// Every approximation, in the order of the CLI's list.
    pub const ALL: [Approximation; 5] = [
        Approximation::Variational,
        Approximation::Product,
        Approximation::Matched,
        Approximation::Unscented,
        Approximation::Moments,
    ];

    /// The name the CLI and the JSON use.
    pub fn name(self) -> &'static str {
        match self {
            Approximation::Variational => "variational",
            Approximation::Product => "product",
            Approximation::Matched => "matched",
            Approximation::Unscented => "unscented",
            Approximation::Moments => "moments",
        }
    }
}

/// The approximation's value in nats.
///
/// # Errors
/// When a matched or summed covariance is not positive definite in floating point.
pub(crate) fn approximate(
    f: &GaussianMixture,
    g: &GaussianMixture,
    which: Approximation,
) -> Result<f64, Error> {
    Ok(match which {
        Approximation::Variational => {
            let ff = Pairwise::new(f, f);
            let fg = Pairwise::new(f, g);
            weighted_lse(f, f, &ff.kl, -1.0, &|_, _| 0.0).value
                - weighted_lse(f, g, &fg.kl, -1.0, &|_, _| 0.0).value
        }
        Approximation::Product => {
            let ff = Pairwise::new(f, f);
            let fg = Pairwise::new(f, g);
            weighted_lse(f, f, &ff.ln_z, 1.0, &|_, _| 0.0).value
                - weighted_lse(f, g, &fg.ln_z, 1.0, &|_, _| 0.0).value
        }
        Approximation::Matched => {
            let mut total = 0.0;
            for (a, fa) in f.components().iter().enumerate() {
                let (kl, lw) = g
                    .components()
                    .iter()
                    .zip(g.ln_weights())
                    .map(|(gb, lw)| (mvnormal_mvnormal(fa, gb).value, *lw))
                    .min_by(|x, y| (x.0 - x.1).total_cmp(&(y.0 - y.1)))
                    .unwrap_or((f64::NAN, 0.0));
                total += f.weights()[a] * (kl + f.ln_weights()[a] - lw);
            }
            total
        }
        Approximation::Unscented => {
            let d = f.dim();
            let mut total = 0.0;
            for (w, c) in f.weights().iter().zip(f.components()) {
                let eig = nalgebra::SymmetricEigen::new(c.cov_matrix().clone());
                let mut sum = 0.0;
                for k in 0..d {
                    let step = eig.eigenvectors.column(k)
                        * (d as f64 * eig.eigenvalues[k].max(0.0)).sqrt();
                    for sign in [1.0, -1.0] {
                        let x = c.mean_vector() + sign * &step;
                        sum += f.ln_pdf(x.as_slice()) - g.ln_pdf(x.as_slice());
                    }
                }
                total += w * sum / (2 * d) as f64;
            }
            total
        }
        Approximation::Moments => {
            let lost = |_| Error::MethodFailed {
                method: "moment matching",
                reason: "the matched covariance is not positive definite in double precision \
                         (components far apart for their spreads); --method bounds brackets \
                         the pair",
            };
            mvnormal_mvnormal(&f.matched().map_err(lost)?, &g.matched().map_err(lost)?).value
        }
    })
}
