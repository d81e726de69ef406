//! One entry point for every estimator from samples: [`estimate`] with [`SampleOptions`], which
//! validate themselves, hold the defaults, draw the seeded jitter and resamples, and measure
//! the bias of the estimate at smaller sizes ([`super::bias`]).

use super::bias::{self, Movement};
use super::resample::{self, IntervalOptions, Resampling};
use super::{Bins, CountsMethod, EmptyBins, Estimator, Points, Progress};
use crate::kl::{Algorithm, Confidence, Estimate, Warning};
use crate::{Dist, Error};
use std::fmt;
use std::str::FromStr;

/// Which estimator from samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SampleEstimator {
    /// Wang, Kulkarni & Verdú (2009) eq. 5: k-th nearest-neighbour distances in both samples.
    #[default]
    Wkv,
    /// Eq. 17: k neighbours in Y, l in X.
    VaryingK,
    /// Eq. 17 with eq. 29's counts: both distances at one scale.
    BiasReduced,
    /// Histograms of 1-D samples on common bins.
    Binned,
    /// Samples of category labels (integers).
    Counts,
    /// Pérez-Cruz (2008): X against a known q (WKV's estimator when the target is a
    /// distribution; not a name one asks for).
    OneSample,
}

impl SampleEstimator {
    /// The names [`FromStr`] takes.
    pub const NAMES: [&'static str; 5] = ["wkv", "varying-k", "bias-reduced", "binned", "counts"];

    /// The name used in the CLI, Python and JSON.
    pub fn name(self) -> &'static str {
        match self {
            SampleEstimator::Wkv => "wkv",
            SampleEstimator::VaryingK => "varying-k",
            SampleEstimator::BiasReduced => "bias-reduced",
            SampleEstimator::Binned => "binned",
            SampleEstimator::Counts => "counts",
            SampleEstimator::OneSample => "one-sample",
        }
    }

    /// Whether it is a nearest-neighbour estimator.
    pub fn is_knn(self) -> bool {
        matches!(
            self,
            SampleEstimator::Wkv
                | SampleEstimator::VaryingK
                | SampleEstimator::BiasReduced
                | SampleEstimator::OneSample
        )
    }
}

impl fmt::Display for SampleEstimator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name as users write it: any case, `_` for `-`.
fn canonical(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace('_', "-")
}

fn unknown(option: &'static str, got: &str, names: &[&str]) -> Error {
    invalid(
        option,
        format!(
            "{option} must be one of {}, got '{got}'",
            names
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

impl FromStr for SampleEstimator {
    type Err = Error;
    fn from_str(s: &str) -> Result<SampleEstimator, Error> {
        Ok(match canonical(s).as_str() {
            "wkv" => SampleEstimator::Wkv,
            "varying-k" => SampleEstimator::VaryingK,
            "bias-reduced" => SampleEstimator::BiasReduced,
            "binned" => SampleEstimator::Binned,
            "counts" => SampleEstimator::Counts,
            _ => return Err(unknown("estimator", s, &SampleEstimator::NAMES)),
        })
    }
}

/// The counts estimator's correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Correction {
    /// The empirical frequencies.
    #[default]
    PlugIn,
    /// Plug-in minus its first-order bias.
    MillerMadow,
    /// ½ added to every category (Krichevsky–Trofimov).
    Jeffreys,
    /// 1 added to every category.
    Laplace,
    /// James–Stein shrinkage toward uniform (Hausser & Strimmer 2009).
    JamesStein,
}

impl Correction {
    /// The names [`FromStr`] takes.
    pub const NAMES: [&'static str; 5] = [
        "plug-in",
        "miller-madow",
        "jeffreys",
        "laplace",
        "james-stein",
    ];

    /// The name used in the CLI, Python and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Correction::PlugIn => "plug-in",
            Correction::MillerMadow => "miller-madow",
            Correction::Jeffreys => "jeffreys",
            Correction::Laplace => "laplace",
            Correction::JamesStein => "james-stein",
        }
    }

    fn method(self) -> CountsMethod {
        match self {
            Correction::PlugIn => CountsMethod::PlugIn,
            Correction::MillerMadow => CountsMethod::MillerMadow,
            Correction::Jeffreys => CountsMethod::Pseudocount(0.5),
            Correction::Laplace => CountsMethod::Pseudocount(1.0),
            Correction::JamesStein => CountsMethod::JamesStein,
        }
    }
}

impl fmt::Display for Correction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Correction {
    type Err = Error;
    fn from_str(s: &str) -> Result<Correction, Error> {
        Correction::NAMES
            .iter()
            .position(|n| *n == canonical(s))
            .map(|i| {
                [
                    Correction::PlugIn,
                    Correction::MillerMadow,
                    Correction::Jeffreys,
                    Correction::Laplace,
                    Correction::JamesStein,
                ][i]
            })
            .ok_or_else(|| unknown("correction", s, &Correction::NAMES))
    }
}

impl Resampling {
    /// The name used in the CLI, Python and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Resampling::Subsample => "subsample",
            Resampling::Bootstrap => "bootstrap",
        }
    }
}

impl fmt::Display for Resampling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Resampling {
    type Err = Error;
    fn from_str(s: &str) -> Result<Resampling, Error> {
        match canonical(s).as_str() {
            "subsample" => Ok(Resampling::Subsample),
            "bootstrap" => Ok(Resampling::Bootstrap),
            _ => Err(unknown("resampling", s, &["subsample", "bootstrap"])),
        }
    }
}

impl FromStr for Bins {
    type Err = Error;
    /// `auto`, a number of bins, or edges `e1,e2,…`.
    fn from_str(s: &str) -> Result<Bins, Error> {
        if canonical(s) == "auto" {
            return Ok(Bins::Auto);
        }
        if let Ok(n) = s.trim().parse::<usize>() {
            return Ok(Bins::Count(n));
        }
        let edges: Result<Vec<f64>, _> = s.split(',').map(|t| t.trim().parse::<f64>()).collect();
        match edges {
            Ok(e) if e.len() >= 2 => Ok(Bins::Edges(e)),
            _ => Err(invalid(
                "bins",
                format!("bins must be a number of bins, auto, or edges e1,e2,…; got '{s}'"),
            )),
        }
    }
}

/// What the samples are compared with: a second sample (drawn from q) or q itself.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// Y, drawn from q.
    Sample(Points<'a>),
    /// q, a known distribution (the one-sample estimator).
    Dist(&'a Dist),
}

impl<'a> From<Points<'a>> for Target<'a> {
    fn from(y: Points<'a>) -> Target<'a> {
        Target::Sample(y)
    }
}

impl<'a> From<&'a Dist> for Target<'a> {
    fn from(q: &'a Dist) -> Target<'a> {
        Target::Dist(q)
    }
}

/// The default neighbour order k.
pub const DEFAULT_K: usize = 1;
/// The binned estimator's default pseudocount (Krichevsky–Trofimov).
pub const DEFAULT_PSEUDOCOUNT: f64 = 0.5;
/// The default number of resampling replicates (kldest's).
pub const DEFAULT_REPLICATES: usize = 500;

/// Options of [`estimate`]: `SampleOptions::default().estimator(SampleEstimator::VaryingK).k(3)`.
/// An option left unset takes the library's default; one that the chosen estimator would
/// ignore (`bins` for wkv, `seed` without `ci`) is an error naming it, as is a value outside
/// its domain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SampleOptions {
    estimator: SampleEstimator,
    k: Option<usize>,
    l: Option<usize>,
    bins: Option<Bins>,
    pseudocount: Option<f64>,
    correction: Option<Correction>,
    ci: Option<f64>,
    resampling: Option<Resampling>,
    replicates: Option<usize>,
    seed: Option<u64>,
    jitter: Option<u64>,
}

impl SampleOptions {
    /// The estimator (default wkv; with a distribution as target, wkv is the one-sample one).
    pub fn estimator(mut self, e: SampleEstimator) -> Self {
        self.estimator = e;
        self
    }
    /// Neighbour order k ≥ 1 (wkv, varying-k: in Y); default 1.
    pub fn k(mut self, k: usize) -> Self {
        self.k = Some(k);
        self
    }
    /// Neighbour order l ≥ 1 in X (varying-k); default k.
    pub fn l(mut self, l: usize) -> Self {
        self.l = Some(l);
        self
    }
    /// Bins (binned); default [`Bins::Auto`].
    pub fn bins(mut self, b: Bins) -> Self {
        self.bins = Some(b);
        self
    }
    /// The count added to every bin (binned), finite and ≥ 0; 0 for none (an empty Y bin then
    /// gives +∞); default ½.
    pub fn pseudocount(mut self, a: f64) -> Self {
        self.pseudocount = Some(a);
        self
    }
    /// The counts estimator's correction; default plug-in.
    pub fn correction(mut self, c: Correction) -> Self {
        self.correction = Some(c);
        self
    }
    /// A confidence interval at this level, in (0, 1).
    pub fn ci(mut self, level: f64) -> Self {
        self.ci = Some(level);
        self
    }
    /// How the interval resamples; default subsampling.
    pub fn resampling(mut self, r: Resampling) -> Self {
        self.resampling = Some(r);
        self
    }
    /// The interval's replicates, 10 to 10⁶; default 500.
    pub fn replicates(mut self, n: usize) -> Self {
        self.replicates = Some(n);
        self
    }
    /// The seed of the interval's resampling and of the bias check's blocks; default 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }
    /// Break ties with seeded noise ([`super::jitter`]): X with `seed`, Y with `seed + 1`.
    pub fn jitter(mut self, seed: u64) -> Self {
        self.jitter = Some(seed);
        self
    }

    /// The estimator that runs against `target`: wkv against a distribution is one-sample.
    fn effective(&self, target: &Target<'_>) -> SampleEstimator {
        match (self.estimator, target) {
            (SampleEstimator::Wkv, Target::Dist(_)) => SampleEstimator::OneSample,
            (e, _) => e,
        }
    }

    /// Checks every option against its domain and the estimator that will run against a
    /// sample (`against_dist` false) or a distribution (true).
    ///
    /// # Errors
    /// [`Error::InvalidOption`] naming the first option at fault.
    pub fn validate(&self, against_dist: bool) -> Result<(), Error> {
        use SampleEstimator as E;
        let est = self.estimator;
        if est == E::OneSample {
            return Err(invalid(
                "estimator",
                "estimator: the one-sample estimator runs when the target is a distribution; \
                 ask for wkv"
                    .into(),
            ));
        }
        if against_dist && est != E::Wkv {
            return Err(invalid(
                "q",
                format!(
                    "q: the one-sample estimator is wkv's; use estimator wkv, not {}",
                    est.name()
                ),
            ));
        }
        let only = |given: bool, option: &'static str, applies: &[E]| {
            if given && !applies.contains(&est) {
                let names: Vec<&str> = applies.iter().map(|e| e.name()).collect();
                Err(invalid(
                    option,
                    format!(
                        "{option} applies to estimator {}, not to estimator {}",
                        names.join(" and "),
                        est.name()
                    ),
                ))
            } else {
                Ok(())
            }
        };
        only(self.k.is_some(), "k", &[E::Wkv, E::VaryingK])?;
        only(self.l.is_some(), "l", &[E::VaryingK])?;
        only(self.bins.is_some(), "bins", &[E::Binned])?;
        only(self.pseudocount.is_some(), "pseudocount", &[E::Binned])?;
        only(self.correction.is_some(), "correction", &[E::Counts])?;
        for (v, name) in [(self.k, "k"), (self.l, "l")] {
            if v == Some(0) {
                return Err(invalid(
                    name,
                    format!("{name} must be an integer ≥ 1 (a neighbour order)"),
                ));
            }
        }
        if let Some(a) = self.pseudocount
            && !(a >= 0.0 && a.is_finite())
        {
            return Err(invalid(
                "pseudocount",
                format!("pseudocount must be finite and ≥ 0, got {a}"),
            ));
        }
        match self.ci {
            None => {
                for (given, option) in [
                    (self.resampling.is_some(), "resampling"),
                    (self.replicates.is_some(), "replicates"),
                    (self.seed.is_some(), "seed"),
                ] {
                    if given {
                        return Err(invalid(
                            option,
                            format!("{option} sets up the confidence interval: give ci too"),
                        ));
                    }
                }
            }
            Some(level) if !(level > 0.0 && level < 1.0) => {
                return Err(invalid(
                    "ci",
                    format!("ci: the confidence level must be in (0, 1), got {level}"),
                ));
            }
            Some(_) => {
                let r = self.replicates.unwrap_or(DEFAULT_REPLICATES);
                if !(10..=resample::MAX_REPLICATES).contains(&r) {
                    return Err(invalid(
                        "replicates",
                        format!(
                            "replicates: an interval takes 10 to {}, got {r}",
                            resample::MAX_REPLICATES
                        ),
                    ));
                }
                if self.resampling == Some(Resampling::Bootstrap) && (against_dist || est.is_knn())
                {
                    return Err(invalid(
                        "resampling",
                        "resampling bootstrap: a resample with replacement repeats points, and \
                         a point at distance 0 from its copy has no nearest-neighbour estimate; \
                         use subsample"
                            .into(),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn invalid(option: &'static str, message: String) -> Error {
    Error::InvalidOption { option, message }
}

/// What an estimate from samples was computed from, and the estimator's own details.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleInfo {
    /// The estimator that ran.
    pub estimator: SampleEstimator,
    /// Points of X.
    pub n: usize,
    /// Points of Y (None against a distribution).
    pub m: Option<usize>,
    /// Coordinates per point.
    pub d: usize,
    /// The neighbour order (wkv, varying-k, one-sample).
    pub k: Option<usize>,
    /// The neighbour order in X (varying-k).
    pub l: Option<usize>,
    /// The counts estimator's correction.
    pub correction: Option<Correction>,
    /// The binned estimator's histograms.
    pub binned: Option<BinnedInfo>,
    /// The estimate at smaller sizes, when an interval was asked for: how it moves with n.
    pub movement: Option<Movement>,
}

/// The binned estimator's other divergences and its bins.
#[derive(Debug, Clone, PartialEq)]
pub struct BinnedInfo {
    /// KL(X‖Y) + KL(Y‖X) of the histograms (the population stability index).
    pub jeffreys: f64,
    /// The Jensen–Shannon divergence of the histograms.
    pub js: f64,
    /// The edges (±∞ at open ends).
    pub edges: Vec<f64>,
    /// Bins where X or Y has no point.
    pub empty_bins: usize,
    /// The count added to every bin (0: none).
    pub pseudocount: f64,
}

/// An estimate as a function of the two samples, counting its work in a [`Progress`].
type EstimateFn<'a> = dyn Fn(Points<'_>, Points<'_>, &Progress) -> Result<f64, Error> + Sync + 'a;

/// KL(p‖q) from X ~ p and a target (Y ~ q, or q itself), with a confidence interval when
/// `options` ask for one. The interval comes with a check of the bias: the estimate at n/2,
/// n/4 and n/8 (disjoint blocks), extrapolated to n (DESIGN.md, "Intervals from samples");
/// where it still moves with n, the interval is widened by the extrapolated bias and the
/// estimate carries a [`Warning::SampleBias`].
///
/// ```
/// use kldiv::samples::{estimate, Points, SampleOptions};
/// let x = [0.1, 0.5, 0.9, 1.4, 2.0];
/// let y = [0.0, 0.3, 1.1, 2.2, 3.0, 3.5];
/// let e = estimate(Points::new(&x, 1)?, Points::new(&y, 1)?, &SampleOptions::default())?;
/// // WKV with k = 1 (eq. 5) on these points, summed term by term in Python.
/// assert!((e.value - -0.470_940_218_826_611_6).abs() < 1e-15);
/// # Ok::<(), kldiv::Error>(())
/// ```
///
/// # Errors
/// An invalid option ([`SampleOptions::validate`]), samples the estimator cannot take, or an
/// error of the estimator on a replicate.
pub fn estimate<'a>(
    x: Points<'_>,
    target: impl Into<Target<'a>>,
    options: &SampleOptions,
) -> Result<Estimate, Error> {
    estimate_with_progress(x, target, options, &|_| Progress::new())
}

/// [`estimate`], reporting each stage's work: `stage(label)` is called as a stage starts
/// ("wkv: queries", "wkv: interval replicates", …) and its [`Progress`] counts that stage.
///
/// # Errors
/// As [`estimate`].
pub fn estimate_with_progress<'a>(
    x: Points<'_>,
    target: impl Into<Target<'a>>,
    options: &SampleOptions,
    stage: &dyn Fn(&str) -> Progress,
) -> Result<Estimate, Error> {
    let target = target.into();
    options.validate(matches!(target, Target::Dist(_)))?;
    let est = options.effective(&target);
    let (jx, jy);
    let (x, y) = match (options.jitter, target) {
        (Some(seed), Target::Sample(y)) => {
            jx = super::jitter(x, seed);
            jy = super::jitter(y, seed.wrapping_add(1));
            (Points::new(&jx, x.d)?, Points::new(&jy, y.d)?)
        }
        (Some(seed), Target::Dist(_)) => {
            jx = super::jitter(x, seed);
            let x = Points::new(&jx, x.d)?;
            (x, x)
        }
        (None, Target::Sample(y)) => (x, y),
        // The one-sample estimator ignores Y; X stands in for it in the resampling.
        (None, Target::Dist(_)) => (x, x),
    };
    let k = options.k.unwrap_or(DEFAULT_K);
    let l = options.l.unwrap_or(k);
    let one_d = |what: &str| {
        if x.d == 1 {
            Ok(())
        } else {
            Err(super::samples_error(format!(
                "estimator {} takes 1-D samples{what}; X has {} coordinates per point",
                est.name(),
                x.d
            )))
        }
    };
    let mut info = SampleInfo {
        estimator: est,
        n: x.n,
        m: matches!(target, Target::Sample(_)).then_some(y.n),
        d: x.d,
        k: matches!(
            est,
            SampleEstimator::Wkv | SampleEstimator::VaryingK | SampleEstimator::OneSample
        )
        .then_some(k),
        l: (est == SampleEstimator::VaryingK).then_some(l),
        correction: None,
        binned: None,
        movement: None,
    };
    let pseudocount = options.pseudocount.unwrap_or(DEFAULT_PSEUDOCOUNT);
    let empty = if pseudocount == 0.0 {
        EmptyBins::Infinite
    } else {
        EmptyBins::Pseudocount(pseudocount)
    };
    let bins = options.bins.clone().unwrap_or(Bins::Auto);
    let correction = options.correction.unwrap_or_default();
    // The estimator as a function of the samples: the full estimate, each replicate and each
    // block of the bias check call it. Binned replicates reuse the full sample's edges.
    let mut edges = None;
    let f: Box<EstimateFn<'_>> = match (est, target) {
        (SampleEstimator::OneSample, Target::Dist(q)) => {
            Box::new(move |x, _, p| super::one_sample_with_progress(x, q, k, p))
        }
        (SampleEstimator::Binned, _) => {
            one_d("")?;
            let full = super::binned(x.values(), y.values(), &bins, empty)?;
            let e = Bins::Edges(full.edges.clone());
            info.binned = Some(BinnedInfo {
                jeffreys: full.jeffreys,
                js: full.js,
                edges: full.edges,
                empty_bins: full.empty_bins,
                pseudocount,
            });
            edges = Some(e.clone());
            Box::new(move |x, y, _| super::binned(x.values(), y.values(), &e, empty).map(|b| b.kl))
        }
        (SampleEstimator::Counts, _) => {
            one_d(" of labels")?;
            info.correction = Some(correction);
            let method = correction.method();
            Box::new(move |x, y, _| super::counts(x.values(), y.values(), method))
        }
        (e, _) => {
            let e = match e {
                SampleEstimator::Wkv => Estimator::Wkv { k },
                SampleEstimator::VaryingK => Estimator::VaryingK { k, l },
                _ => Estimator::BiasReduced,
            };
            Box::new(move |x, y, p| super::knn_with_progress(x, y, e, p))
        }
    };
    let value = f(x, y, &stage(&format!("{est}: queries")))?;
    let mut warning = None;
    if est == SampleEstimator::Counts && value == f64::INFINITY {
        warning = Some(super::counts::unseen(x.values(), y.values())?);
    }
    let mut confidence = None;
    if let Some(level) = options.ci {
        let resampling = options.resampling.unwrap_or(Resampling::Subsample);
        let seed = options.seed.unwrap_or(0);
        let io = IntervalOptions {
            level,
            resampling,
            replicates: options.replicates.unwrap_or(DEFAULT_REPLICATES),
            seed,
        };
        // Each replicate counts its own queries apart; the stage counts replicates.
        let one = |x: Points<'_>, y: Points<'_>| f(x, y, &Progress::new());
        let mut c = resample::interval_with_progress(
            one,
            x,
            y,
            value,
            &io,
            &stage(&format!("{est}: interval replicates")),
        )?;
        if value.is_finite() {
            // The bias check: binned with automatic bins re-bins each block, so that the
            // check sees the binning's share of the bias as well.
            let block = |x: Points<'_>, y: Points<'_>| match (&edges, &options.bins) {
                (Some(_), None) => {
                    super::binned(x.values(), y.values(), &Bins::Auto, empty).map(|b| b.kl)
                }
                _ => f(x, y, &Progress::new()),
            };
            let slow = est.is_knn() && x.d >= bias::SLOW_DIM;
            let movement = bias::movement(block, x, y, value, seed, bias::rate(est, x.d))?;
            if let Some(mv) = &movement {
                c.interval = bias::at_least_normal(c.interval, value, mv.spread, level);
                let moving = mv.is_moving();
                if moving || slow {
                    c.interval = bias::widened(c.interval, mv.bias);
                }
                if moving || slow {
                    warning = Some(Warning::SampleBias {
                        bias: mv.bias,
                        noise: mv.bias_se,
                        moving,
                        slow_dim: slow.then_some(x.d),
                    });
                }
            } else if slow {
                warning = Some(Warning::SampleBias {
                    bias: f64::NAN,
                    noise: f64::NAN,
                    moving: false,
                    slow_dim: Some(x.d),
                });
            }
            info.movement = movement;
        }
        confidence = Some(c);
    }
    let abs_error = confidence.as_ref().map_or(f64::INFINITY, |c: &Confidence| {
        if value.is_finite() {
            (value - c.interval.lower).max(c.interval.upper - value)
        } else {
            0.0
        }
    });
    Ok(Estimate {
        value,
        abs_error,
        method: Algorithm::Samples,
        evaluations: 0,
        warning,
        bounds: None,
        confidence,
        sample: Some(info),
    })
}
