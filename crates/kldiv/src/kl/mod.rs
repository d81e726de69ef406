//! KL between distributions. The front door, [`divergence`], picks the method and returns an
//! [`Estimate`]; beside it live the closed forms and the expectations they use, the integration
//! strategy for a continuous pair, summation for a discrete p, and Monte Carlo.

pub(crate) mod closed_form;
pub(crate) mod expectations;
pub(crate) mod gaussian_mc;
pub(crate) mod gaussian_mixtures;
pub(crate) mod integrate;
pub(crate) mod montecarlo;
pub(crate) mod summation;

pub use gaussian_mixtures::Approximation;

use crate::numerics::quadrature::Tolerance;
use crate::{Dist, Error, GaussianMixture};
use std::fmt;

/// How to compute a divergence.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Method {
    /// Closed form if the registry has the pair, else quadrature (one dimension), else Monte
    /// Carlo.
    #[default]
    Auto,
    /// The closed form only; an error naming the pairs that have one otherwise.
    Exact,
    /// Adaptive quadrature (a sum for a discrete p), with an error estimate.
    Quadrature,
    /// Monte Carlo from seeded draws of p, with a standard error.
    MonteCarlo {
        /// Number of draws.
        samples: u64,
        /// Seed of the xoshiro256++ streams.
        seed: u64,
    },
    /// Guaranteed lower and upper bounds, for a pair of Gaussian mixtures (normal, mvnormal,
    /// lowrank_mvnormal and mixtures of them): the value is the interval's midpoint, the error
    /// its half-width, and [`Estimate::bounds`] its ends.
    Bounds,
    /// A named approximation for a pair of Gaussian mixtures; its error is the distance to the
    /// farther end of the guaranteed bounds, which it carries.
    Approximation(Approximation),
}

/// The method that produced an estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// A closed-form expression: exact up to rounding.
    ClosedForm,
    /// Adaptive Gauss–Kronrod quadrature.
    Quadrature,
    /// A sum over a discrete support (tails bounded).
    Summation,
    /// Monte Carlo; `abs_error` is one standard error.
    MonteCarlo,
    /// Guaranteed bounds; `abs_error` is half the interval.
    Bounds,
    /// An approximation; `abs_error` reaches the farther end of the guaranteed bounds.
    Approximation(Approximation),
    /// An estimate from samples ([`samples::estimate`](crate::samples::estimate)); `sample`
    /// says which estimator, `confidence` holds the interval when one was asked for.
    Samples,
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Algorithm::ClosedForm => "closed form",
            Algorithm::Quadrature => "quadrature",
            Algorithm::Summation => "summation",
            Algorithm::MonteCarlo => "monte carlo",
            Algorithm::Bounds => "bounds",
            Algorithm::Samples => "samples",
            Algorithm::Approximation(a) => {
                return write!(f, "{} approximation", a.name());
            }
        })
    }
}

/// Options of [`divergence`]: `Options::default().method(Method::Quadrature).base(2.0)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    pub(crate) method: Method,
    pub(crate) base: f64,
    pub(crate) rel_tol: f64,
    pub(crate) abs_tol: f64,
    pub(crate) max_evaluations: u64,
    pub(crate) samples: u64,
    pub(crate) seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            method: Method::Auto,
            base: std::f64::consts::E,
            rel_tol: 1e-12,
            abs_tol: 1e-15,
            max_evaluations: 2_000_000,
            samples: 1_000_000,
            seed: 0,
        }
    }
}

impl From<&Options> for Options {
    fn from(o: &Options) -> Options {
        *o
    }
}

impl From<Method> for Options {
    fn from(method: Method) -> Options {
        Options::default().method(method)
    }
}

impl Options {
    /// The method (default [`Method::Auto`]).
    pub fn method(mut self, method: Method) -> Options {
        self.method = method;
        self
    }
    /// The base of the logarithm (default e: nats; 2: bits; 10: hartleys).
    pub fn base(mut self, base: f64) -> Options {
        self.base = base;
        self
    }
    /// Relative tolerance of quadrature and summation (default 1e-12).
    pub fn rel_tol(mut self, tol: f64) -> Options {
        self.rel_tol = tol;
        self
    }
    /// Absolute tolerance of quadrature and summation, in nats (default 1e-15).
    pub fn abs_tol(mut self, tol: f64) -> Options {
        self.abs_tol = tol;
        self
    }
    /// Evaluation budget of quadrature and summation (default 2·10⁶).
    pub fn max_evaluations(mut self, n: u64) -> Options {
        self.max_evaluations = n;
        self
    }
    /// Draws used when `Auto` falls back to Monte Carlo (default 10⁶).
    pub fn samples(mut self, n: u64) -> Options {
        self.samples = n;
        self
    }
    /// Seed used when `Auto` falls back to Monte Carlo (default 0).
    pub fn seed(mut self, seed: u64) -> Options {
        self.seed = seed;
        self
    }
    /// The base of the logarithm.
    pub fn log_base(&self) -> f64 {
        self.base
    }

    /// ln of the base, the divisor that turns nats into its units; an error for a base that is
    /// not finite, > 0 and ≠ 1.
    /// Checks every option: the setters take any value, and the first computation (or this)
    /// refuses one out of its domain, whichever front end passed it.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the option: a base that is not finite and > 1 (below 1
    /// every divergence would print negative), a tolerance that is negative or not finite (both
    /// 0 asks for the best value the budget allows), an evaluation budget of 0, fewer than 2
    /// Monte Carlo draws.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |name, value, expected| {
            Err(Error::InvalidArgument {
                name,
                value,
                expected,
            })
        };
        let b = self.base;
        if !(b.is_finite() && b > 1.0) {
            return bad(
                "base",
                b,
                "finite and > 1 (below 1 a logarithm turns every divergence negative)",
            );
        }
        for (name, t) in [("rel_tol", self.rel_tol), ("abs_tol", self.abs_tol)] {
            if !(t.is_finite() && t >= 0.0) {
                return bad(name, t, "finite and ≥ 0");
            }
        }
        if self.max_evaluations == 0 {
            return bad("max_evaluations", 0.0, "at least 1");
        }
        if self.samples < 2 {
            return bad(
                "samples",
                self.samples as f64,
                "at least 2 (a standard error needs two draws)",
            );
        }
        Ok(())
    }

    pub(crate) fn ln_base(&self) -> Result<f64, Error> {
        self.validate()?;
        Ok(self.base.ln())
    }

    /// The tolerance and budget of quadrature and summation.
    pub(crate) fn tolerance(&self) -> Tolerance {
        Tolerance {
            abs: self.abs_tol,
            rel: self.rel_tol,
            max_evaluations: self.max_evaluations,
        }
    }
}

/// A divergence with its error and the way it was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The value, in units of the chosen base (+∞ is a value).
    pub value: f64,
    /// Estimated absolute error (one standard error for Monte Carlo; rounding for closed forms;
    /// from samples, the distance from the value to the farther end of the confidence interval,
    /// or +∞ when no interval was asked for: samples alone give no error bar).
    pub abs_error: f64,
    /// How it was computed.
    pub method: Algorithm,
    /// Integrand evaluations, terms summed or draws made (0 for a closed form).
    pub evaluations: u64,
    /// Why the error bar may not be trusted, when there is a reason.
    pub warning: Option<Warning>,
    /// Guaranteed lower and upper bounds on the true value, when the method has them.
    pub bounds: Option<Interval>,
    /// A confidence interval (from samples, by resampling), when one was asked for.
    pub confidence: Option<Confidence>,
    /// From samples: what the estimate was computed from and how.
    pub sample: Option<crate::samples::SampleInfo>,
}

/// A confidence interval: it covers the true value at `level` over repeated data sets (not a
/// guaranteed bound: see [`Estimate::bounds`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Confidence {
    /// The interval.
    pub interval: Interval,
    /// The confidence level, e.g. 0.95.
    pub level: f64,
    /// The number of resampling replicates (0 where the estimate is infinite and has no
    /// spread to resample).
    pub replicates: usize,
    /// How the replicates were drawn.
    pub resampling: crate::samples::Resampling,
}

impl Estimate {
    /// An estimate without a warning or bounds.
    pub(crate) fn of(value: f64, abs_error: f64, method: Algorithm, evaluations: u64) -> Estimate {
        Estimate {
            value,
            abs_error,
            method,
            evaluations,
            warning: None,
            bounds: None,
            confidence: None,
            sample: None,
        }
    }
}

/// A closed interval [lower, upper] that contains the true value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The lower end.
    pub lower: f64,
    /// The upper end.
    pub upper: f64,
}

/// A reason to doubt an estimate's error bar.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Warning {
    /// Monte Carlo: the log-ratio ln p(X) − ln q(X) has a tail so heavy (index below 2, by
    /// Hill's estimator on the largest draws) that its variance is infinite, and the standard
    /// error does not describe the estimate's error (KL(t₃‖N(0, 1)) is such a pair).
    HeavyTail {
        /// The estimated tail index α: P(|ln p − ln q| > t) ~ t^−α.
        tail_index: f64,
    },
    /// From samples: the interval's stated level cannot be trusted because of the bias, which
    /// the resampling does not see. `moving`: the estimate still moves with n (the bias check
    /// extrapolated `bias` ± `noise` at n) and the interval is widened by it; `slow_dim`: a
    /// nearest-neighbour estimator in this many dimensions, where the bias decays more slowly
    /// than the spread.
    SampleBias {
        /// The extrapolated bias at n, E D̂ − D (NaN where the samples were too small to check).
        bias: f64,
        /// Its standard error.
        noise: f64,
        /// Whether the bias exceeds twice its standard error.
        moving: bool,
        /// The dimension, where it is 3 or more for a nearest-neighbour estimator.
        slow_dim: Option<usize>,
    },
    /// Counts: the plug-in estimate is +∞ because a category of X never occurs in Y; the
    /// population value may well be finite. The corrected estimators' values are finite.
    UnseenCategory {
        /// The first such label.
        label: i64,
        /// How often it occurs in X.
        count: usize,
        /// How many labels of X are unseen in Y.
        unseen: usize,
        /// The estimate with ½ added to every category (correction jeffreys).
        jeffreys: f64,
        /// With 1 added (laplace).
        laplace: f64,
        /// James–Stein shrinkage (james-stein).
        james_stein: f64,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::HeavyTail { tail_index } => write!(
                f,
                "the log-ratio has a heavy tail (index {tail_index:.2} < 2): its variance is \
                 infinite and the standard error is not a reliable error bar"
            ),
            Warning::SampleBias {
                bias,
                noise,
                moving,
                slow_dim,
            } => {
                let mut parts = Vec::new();
                if *moving {
                    parts.push(format!(
                        "the estimate still moves with the sample size: at n/2, n/4 and n/8 it \
                         extrapolates to a bias of {bias:+.3e} ± {noise:.1e} at n, and the \
                         interval is widened by it"
                    ));
                }
                if let Some(d) = slow_dim {
                    parts.push(format!(
                        "in d = {d} the nearest-neighbour bias can decay like n^(-1/{d}) (n^(-2/{d}) \
                         for smooth densities), more slowly than the interval's spread (Gao, Oh \
                         & Viswanath 2018; Berrett, Samworth & Yuan 2019){}: the interval may \
                         miss the truth at its stated level",
                        if bias.is_finite() && !*moving {
                            format!(" (extrapolated bias {bias:+.3e} ± {noise:.1e}, widened by it)")
                        } else {
                            String::new()
                        }
                    ));
                }
                write!(f, "bias: {}", parts.join("; "))
            }
            Warning::UnseenCategory {
                label,
                count,
                unseen,
                jeffreys,
                laplace,
                james_stein,
            } => write!(
                f,
                "+inf is the plug-in's artefact of an unseen label: {label} occurs {count} time{} \
                 in X and never in Y ({unseen} label{} of X unseen in Y); the population value \
                 may be finite. Corrected estimates: jeffreys {jeffreys}, laplace {laplace}, \
                 james-stein {james_stein}",
                if *count == 1 { "" } else { "s" },
                if *unseen == 1 { "" } else { "s" },
            ),
        }
    }
}

/// Below this tail index the log-ratio has no variance.
const HEAVY_TAIL: f64 = 2.0;

/// A closed form whose bar is wider than this, relative to its value, is compared with
/// quadrature under `Method::Auto`.
const AUTO_REL_ERROR: f64 = 1e-12;

/// The rounding a closed form may carry, relative to the size of the terms it is computed from
/// (`closed_form::Exact::scale`).
pub const CLOSED_FORM_ROUNDING: f64 = 64.0 * f64::EPSILON;

/// KL(p‖q) = ∫ p ln(p/q), by the method of `options`.
///
/// ```text
/// D_KL(p‖q) = E_p[ln p(X) − ln q(X)] ≥ 0,  +∞ where p has mass that q has not
/// ```
///
/// ```
/// use kldiv::{divergence, Dist, Options};
/// let p: Dist = "normal(0, 1)".parse()?;
/// let q: Dist = "0.5*normal(0, 1) + 0.5*normal(3, 1)".parse()?;
/// let e = divergence(&p, &q, &Options::default())?;
/// assert!((e.value - 0.526_777_306_521_373_5).abs() < 1e-12);
/// assert!(e.abs_error < 1e-10);
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// # Errors
/// Invalid options (a base that is not finite, > 0 and ≠ 1), distributions of different
/// dimensions, `Method::Exact` for a pair without a closed form, and `NotConverged` when a
/// budget is spent.
pub fn divergence(p: &Dist, q: &Dist, options: impl Into<Options>) -> Result<Estimate, Error> {
    divergence_with_progress(p, q, &options.into(), &crate::Progress::new())
}

/// KL(p‖q) in nats with the default [`Options`]: [`divergence`] in one word.
///
/// ```
/// let p: kldiv::Dist = "normal(0, 1)".parse()?;
/// let q: kldiv::Dist = "normal(3, 1)".parse()?;
/// let e = kldiv::kl(&p, &q)?;
/// assert!((e.value - 4.5).abs() <= e.abs_error);
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// # Errors
/// As [`divergence`].
pub fn kl(p: &Dist, q: &Dist) -> Result<Estimate, Error> {
    divergence(p, q, Options::default())
}

/// [`divergence`], counting Monte Carlo's draws in `progress` as they are made (its total is
/// the number of draws), for a progress bar on another thread; other methods leave it at 0.
///
/// # Errors
/// As [`divergence`].
pub fn divergence_with_progress(
    p: &Dist,
    q: &Dist,
    options: &Options,
    progress: &crate::Progress,
) -> Result<Estimate, Error> {
    let ln_b = options.ln_base()?;
    let e = divergence_counted(p, q, options, progress)?;
    Ok(in_base(e, ln_b))
}

/// An estimate in nats in units of the base whose logarithm is `ln_b`: a bar is a magnitude in
/// any base (ln b < 0 for b < 1), and so is an interval.
pub(crate) fn in_base(e: Estimate, ln_b: f64) -> Estimate {
    let bounds = e.bounds.map(|b| {
        let (x, y) = (b.lower / ln_b, b.upper / ln_b);
        Interval {
            lower: x.min(y),
            upper: x.max(y),
        }
    });
    Estimate {
        value: e.value / ln_b,
        abs_error: e.abs_error / ln_b.abs(),
        bounds,
        ..e
    }
}

/// KL ≥ 0 (Gibbs): a deterministic method may round a value that lies within its own error bar
/// of 0 up to 0 (pytorch#80488 reports such negative values). Anything further below 0 is left as
/// it is, for the tests to see. Monte Carlo is never rounded: that would bias small estimates.
fn round_to_gibbs(value: f64, abs_error: f64) -> f64 {
    if value < 0.0 && value >= -abs_error {
        0.0
    } else {
        value
    }
}

pub(crate) fn divergence_nats(p: &Dist, q: &Dist, o: &Options) -> Result<Estimate, Error> {
    divergence_counted(p, q, o, &crate::Progress::new())
}

fn divergence_counted(
    p: &Dist,
    q: &Dist,
    o: &Options,
    progress: &crate::Progress,
) -> Result<Estimate, Error> {
    // KL is invariant under a common scale: a pair at 1e300 or 1e-300 (whose densities,
    // landmarks and closed-form terms over- or underflow) is computed at scale 1, moved by an
    // exact power of two. Monte Carlo draws as given.
    if !matches!(o.method, Method::MonteCarlo { .. })
        && let Some((ps, qs)) = integrate::to_unit_scale(p, q)
    {
        return divergence_counted(&ps, &qs, o, progress);
    }
    let closed = |e: closed_form::Exact| {
        let abs_error = if e.value.is_finite() {
            CLOSED_FORM_ROUNDING * e.scale
        } else {
            0.0
        };
        Estimate::of(
            round_to_gibbs(e.value, abs_error),
            abs_error,
            Algorithm::ClosedForm,
            0,
        )
    };
    match o.method {
        Method::Exact => match closed_form::kl_exact(p, q)? {
            Some(e) if e.value.is_nan() => Err(Error::NotConverged {
                what: "the closed form (it overflows for these parameters; quadrature may not)",
                value: e.value,
                abs_error: f64::INFINITY,
                evaluations: 0,
            }),
            Some(e) => Ok(closed(e)),
            None => Err(Error::NoClosedForm {
                p: p.to_string(),
                q: q.to_string(),
            }),
        },
        Method::Auto => {
            // A closed form that overflows to NaN for extreme parameters gives way to numerics.
            if let Some(e) = closed_form::kl_exact(p, q)?.filter(|e| !e.value.is_nan()) {
                let c = closed(e);
                // A closed form whose terms cancel (H×(p, q) − H(p) for q near p) may be beaten
                // by quadrature of the non-negative integrand: keep the smaller bar.
                let one_d = p.as_univariate().is_some() && q.as_univariate().is_some();
                if c.value.is_finite()
                    && c.abs_error > AUTO_REL_ERROR * c.value.abs()
                    && one_d
                    // Tolerance relative to the value: a divergence of 1e-15 needs better than
                    // the default 1e-15 absolute.
                    && let Ok(n) =
                        numeric(p, q, &(*o).abs_tol(o.abs_tol.min(o.rel_tol * c.value.abs())))
                    && n.value.is_finite()
                {
                    // The smaller bar; and where the two intervals are disjoint, the closed
                    // form's bar has failed (an input's rounding its terms do not see, scales
                    // 1 + 1e-7 apart) and the certified quadrature stands.
                    let disjoint = (n.value - c.value).abs() > n.abs_error + c.abs_error;
                    if n.abs_error < c.abs_error || disjoint {
                        return Ok(n);
                    }
                }
                return Ok(c);
            }
            let one_d = p.as_univariate().is_some() && q.as_univariate().is_some();
            let numeric = if one_d { Some(numeric(p, q, o)) } else { None };
            if let Some(n) = numeric {
                match (n, gaussian_mixtures::pair(p, q, "")) {
                    // Quadrature that cannot place a Gaussian mixture's mass (components 10⁴ σ
                    // apart) gives way to the guaranteed bounds where they are tighter than
                    // Monte Carlo; in one dimension Auto answers within a bar that holds the
                    // truth, or refuses (`--method mc` still estimates).
                    (
                        Err(err @ (Error::NotConverged { .. } | Error::MethodFailed { .. })),
                        Ok((f, g)),
                    ) if gaussian_mixtures::bounds_are_cheap(&f, &g) => {
                        match mc_with_bounds(p, q, &f, &g, o, progress) {
                            Ok(e) if e.method == Algorithm::Bounds => Ok(e),
                            _ => Err(err),
                        }
                    }
                    (n, _) => n,
                }
            } else if let Ok((f, g)) = gaussian_mixtures::pair(p, q, "")
                && gaussian_mixtures::bounds_are_cheap(&f, &g)
            {
                mc_with_bounds(p, q, &f, &g, o, progress)
            } else {
                monte_carlo(p, q, o.samples, o.seed, progress)
            }
        }
        Method::Quadrature => {
            if p.dim() != q.dim() {
                // The registry names the mismatch.
                closed_form::kl(p, q)?;
            }
            if closed_form::supports_disagree(p, q) {
                return Ok(Estimate::of(f64::INFINITY, 0.0, Algorithm::Quadrature, 0));
            }
            numeric(p, q, o)
        }
        Method::MonteCarlo { samples, seed } => monte_carlo(p, q, samples, seed, progress),
        Method::Bounds => mixture_bounds(p, q),
        Method::Approximation(which) => mixture_approximation(p, q, which),
    }
}

fn numeric(p: &Dist, q: &Dist, o: &Options) -> Result<Estimate, Error> {
    let tol = o.tolerance();
    fn one_dimensional(d: &Dist) -> Result<&dyn crate::Univariate, Error> {
        d.as_univariate().ok_or_else(|| Error::Dimension {
            operation: "quadrature",
            dist: d.to_string(),
        })
    }
    let (pu, qu) = (one_dimensional(p)?, one_dimensional(q)?);
    // Far from 0 (locations near 1e12 with unit scales), both moved to p's location when the
    // move is exact.
    let c = match p {
        Dist::Normal(n) => n.mu(),
        Dist::Laplace(n) => n.loc(),
        Dist::Cauchy(n) => n.loc(),
        Dist::Logistic(n) => n.loc(),
        Dist::Gumbel(n) => n.loc(),
        Dist::StudentT(n) => n.loc(),
        _ => 0.0,
    };
    if c.abs() > 1e3
        && let (Some(pt), Some(qt)) = (integrate::translate(p, c), integrate::translate(q, c))
    {
        return numeric(&pt, &qt, o);
    }
    // At scales near the ends of the doubles (1e300, 1e-300), both divided by a power of two.
    if let Some((ps, qs)) = integrate::to_unit_scale(p, q) {
        return numeric(&ps, &qs, o);
    }
    let (r, method) = if pu.support().discrete {
        (summation::kl_discrete(pu, qu, tol)?, Algorithm::Summation)
    } else {
        (integrate::kl_continuous(p, q, tol)?, Algorithm::Quadrature)
    };
    if r.value.is_nan() || r.abs_error.is_nan() {
        // Densities that over- or underflow everywhere p has mass (extreme parameters).
        return Err(Error::NotConverged {
            what: "quadrature (the densities overflow for these parameters)",
            value: r.value,
            abs_error: r.abs_error,
            evaluations: r.evaluations,
        });
    }
    if r.value.is_finite() && r.abs_error.is_infinite() {
        // An integrand that grows without bound toward an end (KL(exponential‖inverse gamma)
        // diverges like ∫ dx/x at 0): no finite bar, so no finite answer either.
        return Err(Error::NotConverged {
            what: "quadrature (the integrand grows without bound: KL may be infinite)",
            value: r.value,
            abs_error: r.abs_error,
            evaluations: r.evaluations,
        });
    }
    Ok(Estimate::of(
        round_to_gibbs(r.value, r.abs_error),
        r.abs_error,
        method,
        r.evaluations,
    ))
}

fn monte_carlo(
    p: &Dist,
    q: &Dist,
    samples: u64,
    seed: u64,
    progress: &crate::Progress,
) -> Result<Estimate, Error> {
    // +∞ known in advance (disjoint supports, a divergent expectation such as
    // KL(Cauchy‖normal)) is +∞ here too: draws would only ever give a finite mean.
    if let Some(e) = closed_form::kl_exact(p, q)?
        && e.value == f64::INFINITY
    {
        return Ok(Estimate::of(f64::INFINITY, 0.0, Algorithm::MonteCarlo, 0));
    }
    let r = match gaussian_mixtures::pair(p, q, "Monte Carlo") {
        Ok((f, g)) => gaussian_mc::kl(&f, &g, samples, seed, progress)?,
        Err(_) => montecarlo::kl(p, q, samples, seed, progress)?,
    };
    Ok(Estimate {
        value: r.value,
        abs_error: r.std_error,
        method: Algorithm::MonteCarlo,
        evaluations: r.samples,
        warning: r
            .tail_index
            .filter(|&a| a < HEAVY_TAIL && r.value.is_finite())
            .map(|tail_index| Warning::HeavyTail { tail_index }),
        ..Estimate::of(r.value, r.std_error, Algorithm::MonteCarlo, r.samples)
    })
}

/// Monte Carlo and, beside it, the interval that certainly holds the truth; the interval itself
/// (its midpoint ± half-width) where it is the tighter of the two.
fn mc_with_bounds(
    p: &Dist,
    q: &Dist,
    f: &GaussianMixture,
    g: &GaussianMixture,
    o: &Options,
    progress: &crate::Progress,
) -> Result<Estimate, Error> {
    let b = gaussian_mixtures::bounds(f, g)?;
    let half = 0.5 * (b.upper - b.lower);
    let mc = monte_carlo(p, q, o.samples, o.seed, progress)?;
    if half < mc.abs_error {
        return Ok(Estimate {
            bounds: Some(b),
            ..Estimate::of(0.5 * (b.lower + b.upper), half, Algorithm::Bounds, 0)
        });
    }
    Ok(Estimate {
        bounds: Some(b),
        ..mc
    })
}

/// The guaranteed interval of a Gaussian-mixture pair: for two single GaussianMixture the closed form
/// (the registry's, which for two normals is tighter than the multivariate one) within its
/// rounding.
fn mixture_interval(
    p: &Dist,
    q: &Dist,
    method: &'static str,
) -> Result<(GaussianMixture, GaussianMixture, Interval), Error> {
    let (f, g) = gaussian_mixtures::pair(p, q, method)?;
    if let Some(e) = closed_form::kl_exact(p, q)?.filter(|e| e.value.is_finite()) {
        let r = CLOSED_FORM_ROUNDING * e.scale;
        let b = Interval {
            lower: (e.value - r).max(0.0),
            upper: e.value + r,
        };
        return Ok((f, g, b));
    }
    let b = gaussian_mixtures::bounds(&f, &g)?;
    Ok((f, g, b))
}

/// The guaranteed interval of a Gaussian-mixture pair, as an estimate: its midpoint ± half-width.
fn mixture_bounds(p: &Dist, q: &Dist) -> Result<Estimate, Error> {
    let (_, _, b) = mixture_interval(p, q, "guaranteed bounds")?;
    Ok(Estimate {
        bounds: Some(b),
        ..Estimate::of(
            0.5 * (b.lower + b.upper),
            0.5 * (b.upper - b.lower),
            Algorithm::Bounds,
            0,
        )
    })
}

/// A named approximation of a Gaussian-mixture pair, its error reaching the farther end of the
/// guaranteed bounds.
fn mixture_approximation(p: &Dist, q: &Dist, which: Approximation) -> Result<Estimate, Error> {
    let (f, g, b) = mixture_interval(p, q, "an approximation for Gaussian mixtures")?;
    let value = gaussian_mixtures::approximate(&f, &g, which)?;
    if value.is_nan() {
        return Err(Error::MethodFailed {
            method: "the approximation",
            reason: "its terms overflow the doubles for these parameters (∞ − ∞); --method \
                     bounds still brackets the pair",
        });
    }
    Ok(Estimate {
        bounds: Some(b),
        ..Estimate::of(
            value,
            (value - b.lower).max(b.upper - value),
            Algorithm::Approximation(which),
            0,
        )
    })
}
