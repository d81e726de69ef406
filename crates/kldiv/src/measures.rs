//! The measures around KL between two distributions, and the entropy of one, through the same
//! front door and with the same kind of result ([`Estimate`]: value, error bar, method).
//!
//! ```text
//! Jeffreys          KL(p‖q) + KL(q‖p)
//! Jensen–Shannon    ½ KL(p‖m) + ½ KL(q‖m), m = (p + q)/2          in [0, ln 2]
//! Hellinger         H = √(½ ∫ (√p − √q)²) = √(1 − BC)               in [0, 1]
//! total variation   ½ ∫ |p − q|                                     in [0, 1]
//! Rényi of order α  ln(∫ p^α q^(1−α)) / (α − 1), α > 0; α → 1 is KL
//! Bhattacharyya     −ln BC, BC = ∫ √(pq) = 1 − H²
//! cross-entropy     −∫ p ln q = H(p) + KL(p‖q)
//! entropy           −∫ p ln p
//! ```
//!
//! Each integral is taken in a form that keeps its digits where q ≈ p (H² as ½ p (1 − √r)², TV
//! as ½ p |1 − r|, Rényi's as ∫ p (r^(1−α) − 1), r = q/p) by the KL quadrature strategy (break
//! points, tails, ln x, reflection, the mass check), by exact sums for a discrete pair, and by
//! Monte Carlo in d ≥ 2; closed forms where they exist (normal and multivariate normal pairs,
//! exponentials, every closed-form entropy).

use crate::kl::integrate::Form;
use crate::kl::{Algorithm, CLOSED_FORM_ROUNDING, Estimate, Method, Options};
use crate::numerics::log::ln_ratio;
use crate::numerics::quadrature::Integral;
use crate::{Dist, Error};

/// A measure of the difference between two distributions, or the entropy of one: the one
/// vocabulary of arrays ([`crate::arrays`]), distributions ([`measure`]), samples and drift.
///
/// Names (`FromStr`, forgiving case and `_` for `-`): `kl` (`relative-entropy`), `jeffreys`
/// (`psi`: the population stability index is Jeffreys' divergence of two histograms), `js`,
/// `js-distance`, `hellinger`, `tv`, `renyi:ALPHA`, `bhattacharyya`, `cross-entropy`, `entropy`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// KL(p‖q), the relative entropy.
    Kl,
    /// KL(p‖q) + KL(q‖p).
    Jeffreys,
    /// The Jensen–Shannon divergence (nats, or the chosen base).
    JensenShannon,
    /// √JS, a metric.
    JensenShannonDistance,
    /// The Hellinger distance H, H² = 1 − ∫√(pq), in [0, 1].
    Hellinger,
    /// The total variation distance ½∫|p − q|, in [0, 1].
    TotalVariation,
    /// The Rényi divergence of order α > 0 (α = 1 is KL).
    Renyi(f64),
    /// The Bhattacharyya distance −ln ∫√(pq).
    Bhattacharyya,
    /// The cross-entropy −∫ p ln q.
    CrossEntropy,
    /// The entropy −∫ p ln p of p alone (q is not used).
    Entropy,
}

impl Measure {
    /// The name the CLI and JSON use (`renyi:0.5` for Rényi of order ½).
    pub fn name(&self) -> String {
        match self {
            Measure::Kl => "kl".into(),
            Measure::Jeffreys => "jeffreys".into(),
            Measure::JensenShannon => "js".into(),
            Measure::JensenShannonDistance => "js-distance".into(),
            Measure::Hellinger => "hellinger".into(),
            Measure::TotalVariation => "tv".into(),
            Measure::Renyi(a) => format!("renyi:{}", short_number(*a)),
            Measure::Bhattacharyya => "bhattacharyya".into(),
            Measure::CrossEntropy => "cross-entropy".into(),
            Measure::Entropy => "entropy".into(),
        }
    }

    /// Whether the measure compares two distributions (all but [`Measure::Entropy`]).
    pub fn needs_q(&self) -> bool {
        *self != Measure::Entropy
    }

    /// Whether measure(p, q) = measure(q, p).
    pub fn is_symmetric(&self) -> bool {
        matches!(
            self,
            Measure::Jeffreys
                | Measure::JensenShannon
                | Measure::JensenShannonDistance
                | Measure::Hellinger
                | Measure::TotalVariation
                | Measure::Bhattacharyya
        )
    }

    /// The integrand whose area the measure is built from, at a point where ln p = `ln_p` and
    /// ln q = `ln_q` (nats): p ln(p/q) for KL, (p − q) ln(p/q) for Jeffreys, ½(√p − √q)² for
    /// Hellinger (its area is H²), ½|p − q| for TV, the JS integrand, p^α q^(1−α) for Rényi,
    /// √(pq) for Bhattacharyya (area BC = e^(−B)), −p ln q for the cross-entropy. For figures.
    pub fn integrand(&self, ln_p: f64, ln_q: f64) -> f64 {
        let (p, q) = (ln_p.exp(), ln_q.exp());
        let xlogy = |x: f64, lx: f64, ly: f64| if x == 0.0 { 0.0 } else { x * (lx - ly) };
        match self {
            Measure::Kl => xlogy(p, ln_p, ln_q),
            Measure::Jeffreys => xlogy(p, ln_p, ln_q) + xlogy(q, ln_q, ln_p),
            Measure::JensenShannon | Measure::JensenShannonDistance => {
                0.5 * crate::arrays::js_pair(p, q)
            }
            Measure::Hellinger => {
                let d = p.sqrt() - q.sqrt();
                0.5 * d * d
            }
            Measure::TotalVariation => 0.5 * (p - q).abs(),
            Measure::Renyi(a) if p == 0.0 => 0.0,
            Measure::Renyi(a) => (a * ln_p + (1.0 - a) * ln_q).exp(),
            Measure::Bhattacharyya => (0.5 * (ln_p + ln_q)).exp(),
            Measure::CrossEntropy => {
                if p == 0.0 {
                    0.0
                } else {
                    -p * ln_q
                }
            }
            Measure::Entropy => {
                if p == 0.0 {
                    0.0
                } else {
                    -p * ln_p
                }
            }
        }
    }

    /// Whether the value is in units of a logarithm's base (the distances H and TV are not).
    pub fn has_base(&self) -> bool {
        !matches!(self, Measure::Hellinger | Measure::TotalVariation)
    }
}

/// A number as typed: `0.5`, `2`, `1e308` (not 309 digits).
fn short_number(a: f64) -> String {
    let plain = format!("{a}");
    if plain.len() > 12 {
        format!("{a:e}")
    } else {
        plain
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

impl std::str::FromStr for Measure {
    type Err = Error;
    fn from_str(s: &str) -> Result<Measure, Error> {
        let bad = || Error::InvalidShape {
            family: "measure",
            message: format!(
                "unknown measure '{s}' (known: kl, jeffreys, psi, js, js-distance, hellinger, \
                 tv, renyi:ALPHA, bhattacharyya, cross-entropy, entropy)"
            ),
        };
        // Case and `_` against `-` do not matter (the Python layer spells 'js_distance'), and
        // the long names are accepted beside the short ones.
        let key = s.trim().to_ascii_lowercase().replace('_', "-");
        Ok(match key.as_str() {
            "kl" | "relative-entropy" => Measure::Kl,
            "jeffreys" | "psi" => Measure::Jeffreys,
            "entropy" => Measure::Entropy,
            "js" | "jensen-shannon" => Measure::JensenShannon,
            "js-distance" | "jensenshannon" | "jensen-shannon-distance" => {
                Measure::JensenShannonDistance
            }
            "hellinger" => Measure::Hellinger,
            "tv" | "total-variation" => Measure::TotalVariation,
            "bhattacharyya" => Measure::Bhattacharyya,
            "cross-entropy" | "cross" => Measure::CrossEntropy,
            _ => {
                let text = key.strip_prefix("renyi:").ok_or_else(bad)?;
                let order = |message: String| Error::InvalidShape {
                    family: "measure",
                    message,
                };
                let alpha = text
                    .parse::<f64>()
                    .map_err(|_| order(format!("the Rényi order '{text}' is not a number")))?;
                if !(alpha.is_finite() && alpha > 0.0) {
                    return Err(order(format!(
                        "the Rényi order must be finite and > 0, got {text}"
                    )));
                }
                Measure::Renyi(alpha)
            }
        })
    }
}

fn exact(value: f64, scale: f64) -> Estimate {
    let abs_error = if value.is_finite() {
        CLOSED_FORM_ROUNDING * scale
    } else {
        0.0
    };
    Estimate::of(value, abs_error, Algorithm::ClosedForm, 0)
}

/// Whether one of p, q is discrete and the other continuous: mutually singular, so every
/// measure takes its extreme value.
fn mutually_singular(p: &Dist, q: &Dist) -> bool {
    match (p.as_univariate(), q.as_univariate()) {
        (Some(a), Some(b)) => a.support().discrete != b.support().discrete,
        _ => false,
    }
}

/// The measure between p and q, by the method of `options` (its base applies to the measures in
/// units of a logarithm).
///
/// ```
/// use kldiv::{measure, Dist, Measure, Options};
/// let p: Dist = "normal(0, 1)".parse()?;
/// let q: Dist = "normal(1, 2)".parse()?;
/// let h = measure(&p, &q, Measure::Hellinger, &Options::default())?;
/// let b = measure(&p, &q, Measure::Bhattacharyya, &Options::default())?;
/// // H² = 1 − e^(−B)
/// assert!((h.value * h.value - (-(-b.value).exp_m1())).abs() < 1e-15);
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// # Errors
/// As [`divergence`](crate::divergence); also a Rényi order that is not finite and > 0.
pub fn measure(p: &Dist, q: &Dist, m: Measure, options: &Options) -> Result<Estimate, Error> {
    let ln_b = options.ln_base()?;
    if let Measure::Renyi(a) = m
        && !(a.is_finite() && a > 0.0)
    {
        return Err(Error::InvalidArgument {
            name: "alpha",
            value: a,
            expected: "finite and > 0 (the Rényi order)",
        });
    }
    if m != Measure::Kl && matches!(options.method, Method::Bounds | Method::Approximation(_)) {
        return Err(mixture_methods_are_for_kl());
    }
    if p.dim() != q.dim() {
        return Err(Error::Dimension {
            operation: "a measure between distributions of different dimensions",
            dist: format!("{p} and {q}"),
        });
    }
    // Every measure but the cross-entropy (which holds H(p)) is invariant under a common scale:
    // a pair at 1e300 or 1e-300 is computed at scale 1, moved by an exact power of two.
    if m != Measure::CrossEntropy
        && m != Measure::Entropy
        && !matches!(options.method, Method::MonteCarlo { .. })
        && let Some((ps, qs)) = crate::kl::integrate::to_unit_scale(p, q)
    {
        return measure(&ps, &qs, m, options);
    }
    let nats = match m {
        Measure::Entropy => {
            return Err(Error::InvalidShape {
                family: "measure",
                message: "the entropy is of one distribution: use kldiv::entropy(p)".into(),
            });
        }
        // Rényi of order 1 is KL, its limit.
        Measure::Kl | Measure::Renyi(1.0) => crate::kl::divergence_nats(p, q, options)?,
        Measure::Jeffreys => {
            let (a, b) = (
                crate::kl::divergence_nats(p, q, options)?,
                crate::kl::divergence_nats(q, p, options)?,
            );
            combine(&a, &b, a.value + b.value, a.abs_error + b.abs_error)
        }
        Measure::CrossEntropy => {
            let h = entropy_nats(p, options)?;
            let kl = crate::kl::divergence_nats(p, q, options)?;
            combine(&h, &kl, h.value + kl.value, h.abs_error + kl.abs_error)
        }
        Measure::JensenShannon | Measure::JensenShannonDistance => {
            let js = integral(p, q, Form::JensenShannon, options)?;
            if m == Measure::JensenShannonDistance {
                // √ in the chosen base: √(JS/ln b), as scipy's jensenshannon.
                let err = js.abs_error / ln_b.abs();
                let v = into_range(js.value / ln_b, err, 0.0, f64::INFINITY, js.method);
                let root = signed_root(v);
                return Ok(Estimate {
                    value: root,
                    abs_error: sqrt_error(root, err),
                    ..js
                });
            }
            js
        }
        Measure::Bhattacharyya
            if options.method != Method::Quadrature
                && !matches!(options.method, Method::MonteCarlo { .. })
                && let Some(r) = renyi_closed(p, q, 0.5) =>
        {
            // B = ½ R_½ from its own closed form: through H² = 1 − e^(−B) it would round to
            // ∞ once e^(−B) is below an ulp of 1 (normals 20 σ apart).
            half(r)
        }
        Measure::Hellinger | Measure::Bhattacharyya => {
            let h2 = hellinger_squared(p, q, options)?;
            if m == Measure::Bhattacharyya && h2.value > 0.5 {
                // BC = 1 − H² below ½: from Rényi's integral of order ½, which keeps BC itself.
                return Ok(crate::kl::in_base(half(renyi(p, q, 0.5, options)?), ln_b));
            }
            let h = into_range(h2.value, h2.abs_error, 0.0, 1.0, h2.method);
            if m == Measure::Hellinger {
                let root = signed_root(h);
                return Ok(Estimate {
                    value: root,
                    abs_error: sqrt_error(root, h2.abs_error),
                    ..h2
                });
            }
            // B = −ln(1 − H²), without cancellation for small H².
            let value = -(-h).ln_1p();
            let room = 1.0 - h - h2.abs_error;
            Estimate {
                value,
                abs_error: if value.is_infinite() {
                    0.0
                } else if room > 0.0 {
                    h2.abs_error / room
                } else {
                    f64::INFINITY
                },
                ..h2
            }
        }
        Measure::TotalVariation => {
            let tv = integral(p, q, Form::TotalVariation, options)?;
            return Ok(Estimate {
                value: into_range(tv.value, tv.abs_error, 0.0, 1.0, tv.method),
                ..tv
            });
        }
        Measure::Renyi(a) => renyi(p, q, a, options)?,
    };
    if !m.has_base() {
        return Ok(nats);
    }
    Ok(crate::kl::in_base(nats, ln_b))
}

/// The differential (or, for a discrete distribution, Shannon) entropy of p, with its error
/// bar: closed form where the family has one, else quadrature (summation for a discrete p),
/// else Monte Carlo.
///
/// ```
/// use kldiv::{entropy, Dist, Options};
/// let p: Dist = "0.5*normal(0, 1) + 0.5*normal(3, 1)".parse()?;
/// let h = entropy(&p, &Options::default())?;
/// assert!(h.abs_error < 1e-10 && h.value > 1.4189385332046727); // above one component's
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// # Errors
/// An invalid base; `NotConverged` when a budget is spent.
pub fn entropy(p: &Dist, options: &Options) -> Result<Estimate, Error> {
    let ln_b = options.ln_base()?;
    let e = entropy_nats(p, options)?;
    Ok(crate::kl::in_base(e, ln_b))
}

/// Bounds and the mixture approximations are methods of KL alone.
fn mixture_methods_are_for_kl() -> Error {
    Error::MethodFailed {
        method: "the Gaussian-mixture bounds and approximations",
        reason: "they are methods of KL only; quadrature (one dimension) or Monte Carlo \
                 computes the other measures",
    }
}

/// The size of the terms a closed-form entropy is computed from, which its rounding scales
/// with: about the value or 1 for most families; for a multivariate normal, ln det Σ carries
/// ε·κ(Σ)·d (κ = 2e9 at ρ = 1 − 1e-9); for a Dirichlet, (αᵢ − 1)ψ(αᵢ) and (α₀ − k)ψ(α₀),
/// each near 2·10⁹ at α = 10⁸, cancel to −18.
fn entropy_scale(p: &Dist, h: f64) -> f64 {
    use crate::numerics::special::digamma;
    let plain = h.abs().max(1.0);
    let mvn = match p {
        Dist::MvNormal(m) => Some(m),
        // Its ln det comes from the determinant lemma, at the rounding of its own terms.
        Dist::LowRankMvNormal(l) => return (plain + l.dim() as f64) * l.dim() as f64,
        _ => None,
    };
    if let Some(m) = mvn {
        let d = m.dim() as f64;
        return (plain + d) * d * crate::kl::closed_form::cholesky_condition(m.cholesky());
    }
    if let Dist::Dirichlet(dir) = p {
        let a = dir.alpha();
        let a0: f64 = a.iter().sum();
        let terms: f64 = a.iter().map(|&x| ((x - 1.0) * digamma(x)).abs()).sum();
        return plain + dir.ln_beta().abs() + ((a0 - a.len() as f64) * digamma(a0)).abs() + terms;
    }
    plain
}

fn entropy_nats(p: &Dist, o: &Options) -> Result<Estimate, Error> {
    if matches!(o.method, Method::Bounds | Method::Approximation(_)) {
        return Err(mixture_methods_are_for_kl());
    }
    let forced_numeric = matches!(o.method, Method::Quadrature | Method::MonteCarlo { .. });
    if !forced_numeric && let Some(h) = p.entropy() {
        return Ok(exact(h, entropy_scale(p, h)));
    }
    if o.method == Method::Exact {
        return Err(Error::NoClosedForm {
            p: p.to_string(),
            q: "(entropy)".into(),
        });
    }
    let gaussian = crate::GaussianMixture::of(p);
    let e = match integral(p, p, Form::Entropy, o) {
        // Quadrature that cannot place a Gaussian mixture's mass (components 10⁴ σ apart)
        // gives way to Monte Carlo, which the bounds below accompany.
        Err(Error::NotConverged { .. } | Error::MethodFailed { .. })
            if o.method == Method::Auto && gaussian.is_some() =>
        {
            let mc = o.method(Method::MonteCarlo {
                samples: o.samples,
                seed: o.seed,
            });
            integral(p, p, Form::Entropy, &mc)?
        }
        other => other?,
    };
    // A Gaussian mixture's entropy also has guaranteed bounds.
    let bounds = match gaussian {
        Some(f) if crate::kl::gaussian_mixtures::bounds_are_cheap(&f, &f) => {
            Some(crate::kl::gaussian_mixtures::entropy_bounds(&f)?)
        }
        _ => None,
    };
    Ok(Estimate { bounds, ..e })
}

/// The method of a sum of two estimates: the less exact of the two.
fn combine(a: &Estimate, b: &Estimate, value: f64, abs_error: f64) -> Estimate {
    let rank = |m: Algorithm| match m {
        Algorithm::ClosedForm => 0,
        Algorithm::Summation => 1,
        Algorithm::Quadrature => 2,
        Algorithm::MonteCarlo => 3,
        Algorithm::Bounds | Algorithm::Approximation(_) => 4,
        Algorithm::Samples => 5,
    };
    let worse = if rank(a.method) >= rank(b.method) {
        a
    } else {
        b
    };
    Estimate {
        value,
        abs_error: if value.is_finite() { abs_error } else { 0.0 },
        method: worse.method,
        evaluations: a.evaluations + b.evaluations,
        warning: a.warning.or(b.warning),
        bounds: None,
        ..Estimate::of(value, abs_error, worse.method, 0)
    }
}

/// The error of √x given that of x, where √x = root: e/(2√x), and at most √e (near 0).
/// Half an estimate, bar and all: Bhattacharyya from Rényi of order ½.
fn half(r: Estimate) -> Estimate {
    Estimate {
        value: 0.5 * r.value,
        abs_error: 0.5 * r.abs_error,
        ..r
    }
}

/// A deterministic value within its own bar of its range [lo, hi] rounded onto the range's
/// end; anything further out is left for the tests to see, and Monte Carlo is never moved (that
/// would bias small estimates), as KL's rounding to Gibbs.
fn into_range(value: f64, abs_error: f64, lo: f64, hi: f64, method: Algorithm) -> f64 {
    if method == Algorithm::MonteCarlo {
        value
    } else if value < lo && value >= lo - abs_error {
        lo
    } else if value > hi && value <= hi + abs_error {
        hi
    } else {
        value
    }
}

/// √x, and −√(−x) for a negative x (an estimate below 0 stays visibly below 0, not NaN).
fn signed_root(x: f64) -> f64 {
    if x < 0.0 { -(-x).sqrt() } else { x.sqrt() }
}

fn sqrt_error(root: f64, e: f64) -> f64 {
    if root != 0.0 {
        (e / (2.0 * root.abs())).min(e.sqrt())
    } else {
        e.sqrt()
    }
}

/// H² = ½∫(√p − √q)²: closed form for a normal or multivariate-normal pair (through
/// Bhattacharyya), else the integral.
fn hellinger_squared(p: &Dist, q: &Dist, o: &Options) -> Result<Estimate, Error> {
    if o.method != Method::Quadrature
        && !matches!(o.method, Method::MonteCarlo { .. })
        && let Some(b) = renyi_closed(p, q, 0.5)
    {
        // B = ½ R_½; H² = 1 − e^(−B) = −expm1(−B).
        let bb = 0.5 * b.value;
        let h2 = -(-bb).exp_m1();
        let c = Estimate {
            value: h2,
            abs_error: if b.abs_error == 0.0 {
                CLOSED_FORM_ROUNDING * h2
            } else {
                (-bb).exp() * 0.5 * b.abs_error + CLOSED_FORM_ROUNDING * h2
            },
            ..b
        };
        return auto_check(p, q, Form::Hellinger, c, o);
    }
    if o.method == Method::Exact {
        return no_closed(p, q);
    }
    integral(p, q, Form::Hellinger, o)
}

fn no_closed<T>(p: &Dist, q: &Dist) -> Result<T, Error> {
    Err(Error::NoClosedForm {
        p: p.to_string(),
        q: q.to_string(),
    })
}

/// Under `Auto`, a closed form whose bar is poor relative to its value (terms that cancel for
/// q near p) gives way to the integral when that has the smaller bar.
fn auto_check(p: &Dist, q: &Dist, form: Form, c: Estimate, o: &Options) -> Result<Estimate, Error> {
    if o.method == Method::Auto
        && c.value.is_finite()
        && c.abs_error > 1e-12 * c.value.abs()
        && p.as_univariate().is_some()
        && let Ok(n) = integral(p, q, form, o)
        && n.abs_error < c.abs_error
    {
        return Ok(n);
    }
    Ok(c)
}

/// The Rényi divergence of order α ≠ 1 in nats.
fn renyi(p: &Dist, q: &Dist, a: f64, o: &Options) -> Result<Estimate, Error> {
    if o.method != Method::Quadrature
        && !matches!(o.method, Method::MonteCarlo { .. })
        && let Some(c) = renyi_closed(p, q, a)
    {
        return Ok(c);
    }
    if o.method == Method::Exact {
        return no_closed(p, q);
    }
    if a > 1.0
        && !matches!(o.method, Method::MonteCarlo { .. })
        && let (Some(pu), Some(qu)) = (p.as_univariate(), q.as_univariate())
        && !pu.support().discrete
        && !mutually_singular(p, q)
    {
        match renyi_end_behaviour(pu, qu, a) {
            End::Decays => {}
            End::Flat => {
                return Ok(Estimate::of(f64::INFINITY, 0.0, Algorithm::Quadrature, 0));
            }
            End::Slow(value) => {
                return Err(Error::NotConverged {
                    what: "quadrature (the Rényi integral p^α q^(1−α) decays too slowly toward \
                           an end of p's support to be certified; it may be infinite)",
                    value,
                    abs_error: f64::INFINITY,
                    evaluations: 0,
                });
            }
        }
    }
    if a > 1.0
        && let (Some(pu), Some(qu)) = (p.as_univariate(), q.as_univariate())
        && pu.support().discrete
        && discrete_renyi_diverges(pu, qu, a)
    {
        return Ok(Estimate::of(f64::INFINITY, 0.0, Algorithm::Summation, 0));
    }
    let less_one_form = integral(p, q, Form::RenyiLessOne(a), o);
    // Far below 1, I itself: I − 1 has lost I's digits (at I = e^(−46), all of them). Where
    // I − 1 overflowed (I = ⅔e¹⁰⁰⁰) or its integrand did (a refusal), ln I from the shifted
    // integral.
    let lost = match &less_one_form {
        Ok(i) => (a < 1.0 && i.value < -0.5) || !i.value.is_finite(),
        Err(Error::NotConverged { .. } | Error::MethodFailed { .. }) => true,
        Err(_) => false,
    };
    if lost
        && !matches!(o.method, Method::MonteCarlo { .. })
        && let Some(direct) = renyi_direct(p, q, a, o)
    {
        return Ok(direct);
    }
    let i = less_one_form?;
    if lost && i.value == f64::INFINITY && !crate::kl::closed_form::supports_disagree(p, q) {
        // Not the +∞ of q = 0 where p > 0 (nor of a tail, which the probe above decided): an
        // overflow that the shifted integral could not undo either (at α = 1e16 the rounding
        // of ln q − ln p, times α, is itself thousands of nats).
        return Err(Error::NotConverged {
            what: "quadrature (the Rényi integral p^α q^(1−α) overflows, and at this order its \
                   logarithm is not resolved either)",
            value: f64::INFINITY,
            abs_error: f64::INFINITY,
            evaluations: i.evaluations,
        });
    }
    // D = ln(1 + (I − 1))/(α − 1).
    let less_one = i.value;
    if less_one <= -1.0 {
        // ∫ p^α q^(1−α) = 0: mutually singular.
        return Ok(Estimate {
            value: f64::INFINITY,
            abs_error: 0.0,
            ..i
        });
    }
    let value = less_one.ln_1p() / (a - 1.0);
    Ok(Estimate {
        value,
        abs_error: if value.is_finite() {
            i.abs_error / ((1.0 + less_one - i.abs_error).max(f64::MIN_POSITIVE) * (a - 1.0).abs())
        } else {
            0.0
        },
        ..i
    })
}

/// How many times the shift of Rényi's direct integral is moved by [`SHIFT_STEP`] when the
/// integral over- or underflowed at the first guess.
const SHIFT_TRIES: usize = 6;

/// How far the shift moves per try: e^600 is well inside the doubles.
const SHIFT_STEP: f64 = 600.0;

/// D_α = ln I/(α − 1) from I = e^shift ∫ p^α q^(1−α) e^(−shift), the shift near the largest
/// ln(p^α q^(1−α)) (sampled), so that neither e^1000 nor e^(−125000) leaves the doubles.
/// `None` where it cannot be had (the caller's answer stands).
fn renyi_direct(p: &Dist, q: &Dist, a: f64, o: &Options) -> Option<Estimate> {
    let mut shift = renyi_peak(p, q, a);
    if !shift.is_finite() {
        shift = 0.0;
    }
    // I may be e^(−125000) or e^1000: its tolerance is relative.
    let o = o.abs_tol(0.0);
    for _ in 0..SHIFT_TRIES {
        let j = integral(p, q, Form::RenyiIntegral(a, shift), &o).ok()?;
        if j.value == f64::INFINITY || j.abs_error == f64::INFINITY {
            shift += SHIFT_STEP;
            continue;
        }
        if j.value == 0.0 && j.abs_error == 0.0 {
            shift -= SHIFT_STEP;
            continue;
        }
        if j.value <= j.abs_error || j.value.is_nan() {
            return None;
        }
        let ln_j = j.value.ln();
        let value = (shift + ln_j) / (a - 1.0);
        // ln J is known to within −ln(1 − e/J) either way; its sum with the shift rounds.
        let ln_error =
            -(-j.abs_error / j.value).ln_1p() + 4.0 * f64::EPSILON * (shift.abs() + ln_j.abs());
        return Some(Estimate {
            value,
            abs_error: ln_error / (a - 1.0).abs(),
            ..j
        });
    }
    None
}

/// The largest ln(p^α q^(1−α)) over sample points (break points, points between them, tails
/// far out; for a discrete pair, integers through both bodies and out to their far quantiles):
/// the shift of Rényi's direct integral. −∞ where none is finite.
fn renyi_peak(p: &Dist, q: &Dist, a: f64) -> f64 {
    let (Some(pu), Some(qu)) = (p.as_univariate(), q.as_univariate()) else {
        return f64::NEG_INFINITY;
    };
    let g = |x: f64| {
        let (lp, lq) = (pu.ln_pdf(x), qu.ln_pdf(x));
        if lp.is_finite() && lq.is_finite() {
            lp + (1.0 - a) * (lq - lp)
        } else {
            f64::NEG_INFINITY
        }
    };
    let mut xs = Vec::new();
    if pu.support().discrete {
        let levels = [1e-300, 1e-100, 1e-30, 1e-10, 1e-3, 0.1, 0.5];
        for u in [pu, qu] {
            for l in levels {
                xs.extend([u.quantile(l), u.quantile(1.0 - l)]);
            }
            xs.extend(u.landmarks());
        }
        let s = pu.support();
        xs.extend([s.lower, s.upper]);
        xs.retain(|x| x.is_finite());
        xs.sort_by(f64::total_cmp);
        // Integers between the sampled ones, 32 per gap.
        let mut between = Vec::new();
        for w in xs.windows(2) {
            for i in 1..32 {
                between.push((w[0] + (w[1] - w[0]) * f64::from(i) / 32.0).floor());
            }
        }
        xs.extend(between);
    } else {
        let breaks = crate::kl::integrate::break_points_weighing(p, q, true);
        let finite: Vec<f64> = breaks.iter().copied().filter(|x| x.is_finite()).collect();
        if let (Some(&lo), Some(&hi)) = (finite.first(), finite.last()) {
            let width = if hi > lo { hi - lo } else { 1.0 };
            for j in 0..60 {
                let d = width * 2f64.powi(j - 20);
                xs.extend([lo - d, hi + d]);
            }
        }
        for w in finite.windows(2) {
            for i in 0..32 {
                xs.push(w[0] + (w[1] - w[0]) * f64::from(i) / 32.0);
            }
        }
        xs.extend(finite);
    }
    xs.into_iter()
        .filter(|x| x.is_finite())
        .map(g)
        .filter(|v| !v.is_nan())
        .fold(f64::NEG_INFINITY, f64::max)
}

/// Whether Σ p^α q^(1−α) (α > 1) diverges in p's upper tail: its log-terms α ln p + (1 − α) ln q
/// still rising far beyond where both distributions hold all but 1e-16 of their mass (a
/// negative binomial against a Poisson: the terms fall at first, then grow like k!·0.098ᵏ).
/// The summation would stop where they are small and report a finite sum.
fn discrete_renyi_diverges(pu: &dyn crate::Univariate, qu: &dyn crate::Univariate, a: f64) -> bool {
    if pu.support().upper.is_finite() {
        return false;
    }
    let start = pu
        .quantile(1.0 - 1e-16)
        .max(qu.quantile(1.0 - 1e-16))
        .max(16.0);
    let g = |k: f64| a * pu.ln_pdf(k) + (1.0 - a) * qu.ln_pdf(k);
    // Out to 2¹⁰ times that point: a converging sum's log-terms fall at least linearly there.
    let values: Vec<f64> = (0..=10)
        .map(|j| g((start * f64::from(1 << j)).floor()))
        .collect();
    let last = values[values.len() - 1];
    last.is_finite() && last > values[0] && last > values[values.len() - 2]
}

/// How p^α q^(1−α) behaves toward the ends of p's support, per unit of ln(distance to the end).
enum End {
    /// Falls off: the integral converges and quadrature can take it.
    Decays,
    /// Does not fall: the integral is infinite (beta(½, ½) against uniform(0, 1) at α = 2:
    /// p² ~ 1/x near 0).
    Flat,
    /// Falls too slowly to certify; the integrand's log there.
    Slow(f64),
}

/// Probes ln(p^α q^(1−α)) + ln(distance) at eight distances from each finite end (down to
/// 2⁻²⁰⁰ of the body's reach, or to what doubles resolve there) and 2²⁵ … 2²⁰⁰ out along each
/// infinite one: above 1 nats of fall between the middle and
/// the last probe, with a fall of at least 10 it decays; without any fall the integral over
/// ln(distance), which is infinite in length, is infinite.
fn renyi_end_behaviour(pu: &dyn crate::Univariate, qu: &dyn crate::Univariate, a: f64) -> End {
    let s = pu.support();
    let g = |x: f64, dist: f64| a * pu.ln_pdf(x) + (1.0 - a) * qu.ln_pdf(x) + dist.ln();
    // What g's rounding may be: its terms' ulps, which at α = 1e16 are thousands of nats.
    let noise = |x: f64| {
        4.0 * f64::EPSILON * (a * pu.ln_pdf(x).abs() + (1.0 - a).abs() * qu.ln_pdf(x).abs())
    };
    let (lo, hi) = (pu.quantile(0.01), pu.quantile(0.99));
    let width = (hi - lo).abs().max(f64::MIN_POSITIVE);
    let mut worst = End::Decays;
    for (end, dir) in [(s.lower, 1.0), (s.upper, -1.0)] {
        // Eight distances, geometric, from 2⁻²⁵ of the body's reach down to 2⁻²⁰⁰ of it or to
        // the smallest step from the end that doubles still resolve (four ulps of it).
        let points: Vec<(f64, f64)> = if end.is_finite() {
            let w = (if dir > 0.0 { lo - end } else { end - hi }).max(0.0);
            let smallest = (4.0 * f64::EPSILON * end.abs())
                .max(w * 2f64.powi(-200))
                .max(f64::MIN_POSITIVE);
            let first = w * 2f64.powi(-25);
            if first.partial_cmp(&smallest) != Some(std::cmp::Ordering::Greater) {
                Vec::new()
            } else {
                (1..=8)
                    .map(|j| {
                        let d = first * (smallest / first).powf(f64::from(j) / 8.0);
                        (end + dir * d, d)
                    })
                    .filter(|&(x, _)| x != end)
                    .collect()
            }
        } else {
            let base = if dir > 0.0 { hi } else { lo };
            (1..=8)
                .map(|j| {
                    let d = width * 2f64.powi(25 * j);
                    (base - dir * d, d)
                })
                .filter(|&(x, _)| x.is_finite())
                .collect()
        };
        if points.len() < 3 {
            continue;
        }
        let vals: Vec<f64> = points.iter().map(|&(x, d)| g(x, d)).collect();
        let (Some(&mid), Some(&last)) = (vals.get(vals.len() / 2), vals.last()) else {
            continue;
        };
        if last.is_nan() || mid.is_nan() || last == f64::NEG_INFINITY {
            continue;
        }
        let (Some(&(x_mid, _)), Some(&(x_last, _))) = (points.get(points.len() / 2), points.last())
        else {
            continue;
        };
        let blur = noise(x_mid) + noise(x_last);
        if last >= mid && (blur >= last - mid + 10.0 || blur.is_nan()) {
            // Level only within the rounding: undecided.
            worst = End::Slow(last);
            continue;
        }
        if last >= mid {
            return End::Flat;
        }
        if mid - last < 10.0 {
            worst = End::Slow(last);
        }
    }
    worst
}

/// Rényi divergences with a closed form (Gil, Alajaji & Linder 2013): normal, multivariate
/// normal, exponential, Poisson and Dirichlet pairs, stable at any order (1e16 included).
fn renyi_closed(p: &Dist, q: &Dist, a: f64) -> Option<Estimate> {
    use Dist as D;
    match (p, q) {
        (D::Normal(x), D::Normal(y)) => {
            let (m1, s1, m2, s2) = (x.mu(), x.sigma(), y.mu(), y.sigma());
            // σ_α² = α σ₂² + (1 − α) σ₁², which must be > 0 (else the integral diverges).
            // In units of σ₂, so that σ = 1e-300 neither underflows nor overflows.
            // σ_α²/σ₂² = α + (1 − α)σ₁²/σ₂² = 1 + w, w = (1 − α)(σ₁ − σ₂)(σ₁ + σ₂)/σ₂², from the
            // exact difference σ₁ − σ₂ (each factor divided by σ₂ so that nothing overflows):
            // α + (1 − α)r² would cancel to 0 at α = 1e16 (1 − α rounds to −α) and give ∞
            // for α d²/2.
            let w = (1.0 - a) * ((s1 - s2) / s2) * ((s1 + s2) / s2);
            let var_a = 1.0 + w;
            if var_a <= 0.0 {
                return Some(exact(f64::INFINITY, 0.0));
            }
            let d = (m1 - m2) / s2;
            // ln(σ₂/σ₁) and ln(σ₂²/σ_α²) = −ln(1 + w), by ln1p: for σ₂ ≈ σ₁ the two cancel to
            // 1e-13 of their size.
            let t1 = ln_ratio(s2, s1);
            let t2 = -w.ln_1p() / (2.0 * (a - 1.0));
            let t3 = a * d * d / (2.0 * var_a);
            finite_closed(t1 + t2 + t3, t1.abs() + t2.abs() + t3.abs())
        }
        (D::Exponential(x), D::Exponential(y)) => {
            let (l1, l2) = (x.rate(), y.rate());
            let mix = a * l1 + (1.0 - a) * l2;
            if mix <= 0.0 {
                return Some(exact(f64::INFINITY, 0.0));
            }
            // ln(λ₁/λ₂) + ln(λ₁/mix)/(α − 1), with mix − λ₁ = (1 − α)(λ₂ − λ₁) exactly: mix
            // itself would round by an ulp of λ₁ where the two rates nearly agree.
            let t1 = ln_ratio(l1, l2);
            let t2 = -((1.0 - a) * ((l2 - l1) / l1)).ln_1p() / (a - 1.0);
            finite_closed(t1 + t2, t1.abs() + t2.abs())
        }
        (D::Poisson(x), D::Poisson(y)) => {
            // (λ₁^α λ₂^(1−α) − αλ₁ − (1 − α)λ₂)/(α − 1), the power from the logs (λ₁ = 1 against
            // λ₂ = 1000 at α = 2: the sum's terms reach e^998, the closed form 998.001).
            // The power over α − 1 from the logs too: λ₁ = 2 against λ₂ = 1 at α = 10³ has a
            // power of 2¹⁰⁰⁰, over 999 still a double.
            let (l1, l2) = (x.rate(), y.rate());
            let ln_power = l2.ln() + a * ln_ratio(l1, l2);
            let power = (a - 1.0).signum() * (ln_power - (a - 1.0).abs().ln()).exp();
            let linear = [-a * l1 / (a - 1.0), -(1.0 - a) * l2 / (a - 1.0)];
            let value = power + linear[0] + linear[1];
            // The exponent's rounding is relative to its terms, and the power's to it.
            let scale = power.abs() * (1.0 + (a * ln_ratio(l1, l2)).abs() + l2.ln().abs())
                + linear[0].abs()
                + linear[1].abs();
            // Near-equal rates cancel the terms: the summation keeps those digits.
            if scale * CLOSED_FORM_ROUNDING > 1e-10 * value.abs() {
                return None;
            }
            finite_closed(value, scale)
        }
        (D::Dirichlet(x), D::Dirichlet(y)) if x.alpha().len() == y.alpha().len() => {
            // (ln B(c) − α ln B(a) − (1 − α) ln B(b))/(α − 1), c = αa + (1 − α)b: the integral
            // ∫ p^α q^(1−α) is B(c)/(B(a)^α B(b)^(1−α)), infinite once some cᵢ ≤ 0.
            use crate::numerics::special::ln_gamma;
            let (pa, qb) = (x.alpha(), y.alpha());
            let c: Vec<f64> = pa
                .iter()
                .zip(qb)
                // Between u and v as a convex combination, or from v beyond it: αu + (1 − α)v
                // would cancel to 0 at α = 1e16 where u = v.
                .map(|(&u, &v)| {
                    if a < 1.0 {
                        u + (1.0 - a) * (v - u)
                    } else {
                        v + a * (u - v)
                    }
                })
                .collect();
            if c.iter().any(|&v| v <= 0.0) {
                return Some(exact(f64::INFINITY, 0.0));
            }
            let ln_b = |v: &[f64]| {
                let terms: Vec<f64> = v.iter().map(|&w| ln_gamma(w)).collect();
                let whole = ln_gamma(v.iter().sum());
                (
                    crate::numerics::sum::sum(&terms) - whole,
                    terms.iter().map(|t| t.abs()).sum::<f64>() + whole.abs(),
                )
            };
            let ((bc, sc), (ba, sa), (bb, sb)) = (ln_b(&c), ln_b(pa), ln_b(qb));
            let value = (bc - a * ba - (1.0 - a) * bb) / (a - 1.0);
            let scale = (sc + a.abs() * sa + (1.0 - a).abs() * sb) / (a - 1.0).abs();
            finite_closed(value, scale)
        }
        (D::MvNormal(_) | D::LowRankMvNormal(_), D::MvNormal(_) | D::LowRankMvNormal(_)) => {
            let as_mvn = |d: &'_ Dist| -> Option<crate::MvNormal> {
                match d {
                    D::MvNormal(m) => Some(m.clone()),
                    D::LowRankMvNormal(l) => Some(l.as_mvnormal().clone()),
                    _ => None,
                }
            };
            mvnormal_renyi(&as_mvn(p)?, &as_mvn(q)?, a)
        }
        _ => None,
    }
}

/// A closed form, or `None` (the integral takes over) where its terms overflowed.
fn finite_closed(value: f64, scale: f64) -> Option<Estimate> {
    (value.is_finite() && scale.is_finite()).then(|| exact(value, scale))
}

/// D_α = (α/2) Δᵀ Σ_α⁻¹ Δ − ln(|Σ_α| / (|Σ₁|^(1−α) |Σ₂|^α)) / (2(α − 1)), Σ_α = α Σ₂ + (1 − α) Σ₁
/// (+∞ when Σ_α is not positive definite), through a Cholesky factor of Σ_α.
fn mvnormal_renyi(x: &crate::MvNormal, y: &crate::MvNormal, a: f64) -> Option<Estimate> {
    use nalgebra::{DMatrix, DVector};
    let d = x.dim();
    let c1 = x.cov();
    let c2 = y.cov();
    // A convex combination below order 1; beyond it from Σ₂ by the difference, where
    // αΣ₂ + (1 − α)Σ₁ would cancel to 0 at α = 1e16 for equal covariances.
    let s = DMatrix::from_fn(d, d, |i, j| {
        if a < 1.0 {
            c1[i][j] + a * (c2[i][j] - c1[i][j])
        } else {
            c2[i][j] + (1.0 - a) * (c1[i][j] - c2[i][j])
        }
    });
    let Some(ch) = nalgebra::Cholesky::new(s) else {
        return Some(exact(f64::INFINITY, 0.0));
    };
    let l = ch.l();
    let ln_det_a: f64 = 2.0 * l.diagonal().iter().map(|v| v.ln()).sum::<f64>();
    let diff = DVector::from_column_slice(x.mean()) - DVector::from_column_slice(y.mean());
    let z = l.solve_lower_triangular(&diff)?;
    let t1 = 0.5 * a * z.norm_squared();
    let t2 = -(ln_det_a - (1.0 - a) * x.ln_det() - a * y.ln_det()) / (2.0 * (a - 1.0));
    // The log-determinants are rounded relative to their own size (and the factor's condition,
    // which the d terms of each carry), not to their difference.
    // … and ε·κ from each factorisation (ρ = 1 − 1e-6: κ = 2e6), as for KL.
    use crate::kl::closed_form::cholesky_condition;
    let condition = cholesky_condition(&l)
        .max(cholesky_condition(x.cholesky()))
        .max(cholesky_condition(y.cholesky()));
    let scale = (1.0 + t1.abs() + ln_det_a.abs() + x.ln_det().abs() + y.ln_det().abs())
        * d as f64
        * condition
        / (2.0 * (a - 1.0)).abs().min(1.0);
    finite_closed(t1 + t2, scale)
}

/// ∫ of a measure's form over p (and q's mass off p's support): quadrature for a continuous
/// univariate pair, summation for a discrete one, Monte Carlo in d ≥ 2; fixed values for a
/// mutually singular pair. Returned in the form's own units (for Rényi, I − 1).
fn integral(p: &Dist, q: &Dist, form: Form, o: &Options) -> Result<Estimate, Error> {
    if mutually_singular(p, q) {
        let value = match form {
            Form::Hellinger | Form::TotalVariation => 1.0,
            Form::JensenShannon => std::f64::consts::LN_2,
            Form::RenyiLessOne(_) => -1.0,
            Form::RenyiIntegral(..) => 0.0,
            _ => f64::INFINITY,
        };
        return Ok(Estimate::of(value, 0.0, Algorithm::ClosedForm, 0));
    }
    let mc = |samples: u64, seed: u64| -> Result<Estimate, Error> {
        use crate::kl::montecarlo::expectation;
        let symmetric = matches!(
            form,
            Form::Hellinger | Form::TotalVariation | Form::JensenShannon
        );
        if symmetric {
            // Draws of m = ½(p + q), half from each: the integrand over m is bounded (TV is
            // E_m|tanh(z/2)|, z = ln q − ln p), where over p alone it would weigh q's mass
            // far from p by q/p.
            let f = move |lp: f64, lq: f64| over_mixture(form, lq - lp);
            let half = (samples / 2).max(2);
            let a = expectation(p, q, half, seed, true, f)?;
            let b = expectation(q, p, half, seed ^ 0x5DEE_CE66_D1A4_F87D, true, f)?;
            return Ok(Estimate::of(
                0.5 * (a.value + b.value),
                0.5 * a.std_error.hypot(b.std_error),
                Algorithm::MonteCarlo,
                a.samples + b.samples,
            ));
        }
        let f = move |lp: f64, lq: f64| per_density(form, lp, lq);
        // −ln p is not invariant under x → ln x: entropy is drawn in x.
        let r = expectation(p, q, samples, seed, form != Form::Entropy, f)?;
        Ok(Estimate::of(
            r.value,
            r.std_error,
            Algorithm::MonteCarlo,
            r.samples,
        ))
    };
    if let Method::MonteCarlo { samples, seed } = o.method {
        return mc(samples, seed);
    }
    let (Some(pu), Some(qu)) = (p.as_univariate(), q.as_univariate()) else {
        if o.method == Method::Quadrature {
            return Err(Error::Dimension {
                operation: "quadrature (it needs one dimension; use Monte Carlo)",
                dist: format!("{p} ‖ {q}"),
            });
        }
        return mc(o.samples, o.seed);
    };
    let tol = o.tolerance();
    let weighs_q = form.outside_weight() != 0.0;
    if !pu.support().discrete
        && (crate::kl::integrate::beyond_the_doubles(pu)
            || (weighs_q && !qu.support().discrete && crate::kl::integrate::beyond_the_doubles(qu)))
    {
        return Err(Error::MethodFailed {
            method: "quadrature",
            reason: "p or q has mass beyond 1e290, where x itself nears the largest double",
        });
    }
    let (r, method): (Integral, Algorithm) = if pu.support().discrete {
        (
            crate::kl::summation::measure_discrete(pu, qu, form, tol)?,
            Algorithm::Summation,
        )
    } else {
        (
            crate::kl::integrate::integrate_pair(p, q, tol, form)?,
            Algorithm::Quadrature,
        )
    };
    let bounded = matches!(
        form,
        Form::Hellinger | Form::TotalVariation | Form::JensenShannon
    ) || matches!(form, Form::RenyiLessOne(a) | Form::RenyiIntegral(a, _) if a < 1.0);
    // Each bounded integral's largest value: TV and H² 1, JS ln 2, Rényi's (order < 1) less 1
    // at most 0, its shifted integral e^(−shift). Beyond it by more than the bar, a panel went
    // wrong (an overflow).
    let ceiling = match form {
        Form::Hellinger | Form::TotalVariation => 1.0,
        Form::RenyiIntegral(_, shift) => (-shift).exp(),
        Form::JensenShannon => std::f64::consts::LN_2,
        _ => 0.0,
    };
    let impossible = bounded && r.value - r.abs_error > ceiling * (1.0 + 1e-12);
    if r.value.is_nan() || r.abs_error.is_nan() || (bounded && r.value.is_infinite()) || impossible
    {
        // A bounded measure's integral cannot be infinite: a panel overflowed.
        return Err(Error::NotConverged {
            what: "quadrature (the densities overflow for these parameters)",
            value: r.value,
            abs_error: r.abs_error,
            evaluations: r.evaluations,
        });
    }
    let abs_error = if r.value.is_finite() {
        r.abs_error
    } else {
        0.0
    };
    Ok(Estimate::of(r.value, abs_error, method, r.evaluations))
}

/// A symmetric measure's integrand over m = ½(p + q), as a function of z = ln q − ln p (even in
/// z, so draws of p and of q use the same function).
fn over_mixture(form: Form, z: f64) -> f64 {
    let z = z.clamp(-1400.0, 1400.0);
    match form {
        // ½|p − q| / ½(p + q)
        Form::TotalVariation => (0.5 * z).tanh().abs(),
        // ½(√p − √q)² / ½(p + q) = (1 − e^(z/2))²/(1 + e^z) = 1 − 1/cosh(z/2)
        Form::Hellinger => {
            let c = (0.5 * z).cosh();
            (c - 1.0) / c
        }
        // ½[p ln(2p/(p+q)) + q ln(2q/(p+q))] / ½(p + q), homogeneous of degree 1.
        _ => {
            let (a, b) = if z > 0.0 {
                ((-z).exp(), 1.0)
            } else {
                (1.0, z.exp())
            };
            crate::arrays::js_pair(a, b) / (a + b)
        }
    }
}

/// A measure's integrand per unit of p's density, for Monte Carlo over draws of p: its form's
/// value at density 1 (the forms are homogeneous in p and q together).
fn per_density(form: Form, lp: f64, lq: f64) -> f64 {
    if lq == f64::NEG_INFINITY {
        return form.where_q_vanishes();
    }
    match form {
        // −ln p itself, not a function of the ratio.
        Form::Entropy => -lp,
        _ => form.term(0.0, (lq - lp).min(700.0), None).0,
    }
}
