//! Probability distributions: one family per file, all behind the [`Univariate`] trait, and the
//! [`Dist`] enum that the text language, the CLI and the divergence front door share.

pub mod family;
mod gaussian_mixture;
pub(crate) mod inversion;
mod mixture;

pub(crate) use family::write_atom;
pub use family::{Family, FamilyInfo};
pub use gaussian_mixture::GaussianMixture;
pub(crate) use gumbel::EULER_GAMMA;
pub use mixture::Mixture;

use crate::Error;
use rand::Rng;

/// The set where a distribution puts its mass: the interval [lower, upper], or for a discrete
/// distribution the integers in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Support {
    /// Lower end (may be −∞).
    pub lower: f64,
    /// Upper end (may be +∞).
    pub upper: f64,
    /// True for a distribution on the integers (pmf in place of pdf).
    pub discrete: bool,
}

impl Support {
    pub(crate) fn continuous(lower: f64, upper: f64) -> Support {
        Support {
            lower,
            upper,
            discrete: false,
        }
    }

    pub(crate) fn integers(lower: f64, upper: f64) -> Support {
        Support {
            lower,
            upper,
            discrete: true,
        }
    }

    /// Whether x is a point of the support (an integer in range, for a discrete support).
    pub fn contains(&self, x: f64) -> bool {
        x >= self.lower && x <= self.upper && (!self.discrete || x == x.floor())
    }
}

/// A distribution on the real line (or the integers).
///
/// For a discrete distribution `pdf` is the pmf and `cdf(x) = Σ_{k ≤ x} pmf(k)`. Functions of x
/// accept any f64 (outside the support the density is 0 and `ln_pdf` is −∞); `quantile(p)` is
/// NaN for p outside [0, 1], as in scipy. `mean`, `variance` and `entropy` are `None` where they
/// do not exist (the mean of a Cauchy) or have no closed form (the entropy of a mixture).
pub trait Univariate: sealed::Landmarks {
    /// ln of the density (pmf for a discrete family); finite where the density underflows.
    fn ln_pdf(&self, x: f64) -> f64;
    /// The density (pmf for a discrete family).
    fn pdf(&self, x: f64) -> f64 {
        self.ln_pdf(x).exp()
    }
    /// P(X ≤ x).
    fn cdf(&self, x: f64) -> f64;
    /// P(X > x), computed directly, never as 1 − cdf.
    fn sf(&self, x: f64) -> f64;
    /// The smallest x with cdf(x) ≥ p.
    fn quantile(&self, p: f64) -> f64;
    /// Where the mass is.
    fn support(&self) -> Support;
    /// E[X], if it exists.
    fn mean(&self) -> Option<f64>;
    /// Var[X], if it exists (+∞ where the second moment diverges but the mean exists).
    fn variance(&self) -> Option<f64>;
    /// The differential (or, for a discrete family, Shannon) entropy in nats.
    fn entropy(&self) -> Option<f64>;
    /// One draw, through a type-erased generator (rand's `Distribution<f64>` is also implemented).
    fn draw(&self, rng: &mut dyn Rng) -> f64;
}

/// A distribution on ℝᵈ (or the simplex, or count vectors): what the front door needs of
/// dirichlet, mvnormal and the other multivariate families.
pub trait Multivariate {
    /// The number of coordinates d of a draw.
    fn dim(&self) -> usize;
    /// ln of the density (the pmf, for counts) at a point of d coordinates (NaN for a point of
    /// the wrong length).
    fn ln_pdf(&self, x: &[f64]) -> f64;
    /// The differential entropy in nats, where it has a closed form.
    fn entropy(&self) -> Option<f64>;
    /// Appends one draw of d coordinates to `out`.
    fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>);
}

/// Where an integrator must look: points where the density peaks or changes character (modes,
/// locations, component centres, jumps). Crate-private: a sealed supertrait of [`Univariate`], so
/// the families stay a closed set and this integrator detail stays out of the public API.
pub(crate) mod sealed {
    /// See the module.
    pub trait Landmarks {
        /// The points, in any order.
        fn landmarks(&self) -> Vec<f64>;
        /// Points inside the support where the density or its slope jumps (a Laplace's
        /// location), which no rule may step over; the support's own ends are added by the
        /// integrator.
        fn kinks(&self) -> Vec<f64> {
            Vec::new()
        }
        /// ln of the density of U = ln X at u, ln p(eᵘ) + u, where the family computes it
        /// better than that sum: where eᵘ is not representable, and where ln p(eᵘ) ≈ −u
        /// would cancel against u (a gamma of shape 10⁻⁶). `None` where the sum is right.
        fn ln_pdf_of_log(&self, _u: f64) -> Option<f64> {
            None
        }
        /// ln of one draw, for a positive family whose draws can underflow (gamma(0.01) puts
        /// a third of its mass below 1e-45): drawn in log space. `None` for the others.
        fn draw_ln(&self, _rng: &mut dyn rand::Rng) -> Option<f64> {
            None
        }
    }
}
pub(crate) use sealed::Landmarks;

/// ln of the density of U = ln X at u, for every u: p(eᵘ)·eᵘ for a positive distribution,
/// evaluated where x = eᵘ itself may not be representable (gamma(0.001) has 0.1 % of its mass
/// below 1e-300000).
pub(crate) fn ln_pdf_at_log(d: &dyn Univariate, u: f64) -> f64 {
    d.ln_pdf_of_log(u).unwrap_or_else(|| {
        let x = u.exp();
        // Beyond the largest double the family's own form is needed; without it, no value.
        if x.is_infinite() {
            f64::NAN
        } else {
            d.ln_pdf(x) + u
        }
    })
}

/// Whether eᵘ is a normal positive double, where ln_pdf(eᵘ) can be trusted.
pub(crate) fn exp_is_normal(u: f64) -> bool {
    u.exp().is_normal()
}

/// The family table: each family once, as `module::Type`. The `Dist` enum, `FAMILIES`, `From`,
/// `Display`, rand's `Distribution<f64>` and the univariate view all follow from it. Adding a
/// family is its file plus one line here.
macro_rules! families {
    (
        univariate { $($umod:ident :: $u:ident),* $(,)? }
        multivariate { $($mmod:ident :: $m:ident),* $(,)? }
    ) => {
        $(mod $umod; pub use $umod::$u;)*
        $(mod $mmod; pub use $mmod::$m;)*

        /// A distribution of any family: the closed set that the text language describes.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(missing_docs)] // each variant is its family's type, documented there
        pub enum Dist {
            $($u($u),)*
            Mixture(Mixture),
            $($m($m),)*
            GaussianMixture(GaussianMixture),
        }

        /// Every family of the text language, in the order of the table.
        pub static FAMILIES: &[FamilyInfo] = &[
            $(FamilyInfo::of::<$u>(true),)*
            $(FamilyInfo::of::<$m>(false),)*
        ];

        $(
            impl From<$u> for Dist {
                fn from(d: $u) -> Dist {
                    Dist::$u(d)
                }
            }
            impl rand::distr::Distribution<f64> for $u {
                fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
                    let mut rng = rng;
                    Univariate::draw(self, &mut rng)
                }
            }
        )*
        $(
            impl From<$m> for Dist {
                fn from(d: $m) -> Dist {
                    Dist::$m(d)
                }
            }
        )*

        impl Dist {
    /// The mean vector of a multivariate distribution (None for a univariate one, whose mean
    /// is [`Univariate::mean`]).
    pub fn mean_vector(&self) -> Option<Vec<f64>> {
        match self {
            Dist::MvNormal(m) => Some(m.mean().to_vec()),
            Dist::LowRankMvNormal(m) => Some(m.mean().to_vec()),
            Dist::Dirichlet(d) => Some(d.mean()),
            Dist::Multinomial(m) => Some(m.p().iter().map(|p| m.n() as f64 * p).collect()),
            Dist::GaussianMixture(g) => {
                let mut mean = vec![0.0; g.dim()];
                for (w, c) in g.weights().iter().zip(g.components()) {
                    for (a, b) in mean.iter_mut().zip(c.mean()) {
                        *a += w * b;
                    }
                }
                Some(mean)
            }
            _ => None,
        }
    }

    /// The covariance matrix of a multivariate distribution, as d rows (None for a univariate
    /// one, whose variance is [`Univariate::variance`]): Dirichlet (δᵢⱼ aᵢ/a₀ − aᵢaⱼ/a₀²)/(a₀ +
    /// 1), multinomial n(δᵢⱼ pᵢ − pᵢpⱼ), low-rank W Wᵀ + D, a Gaussian mixture
    /// Σ wₖ(Σₖ + μₖμₖᵀ) − μμᵀ.
    pub fn covariance(&self) -> Option<Vec<Vec<f64>>> {
        let outer = |f: &dyn Fn(usize, usize) -> f64, d: usize| -> Vec<Vec<f64>> {
            (0..d).map(|i| (0..d).map(|j| f(i, j)).collect()).collect()
        };
        let delta = |i: usize, j: usize| if i == j { 1.0 } else { 0.0 };
        match self {
            Dist::MvNormal(m) => Some(m.cov()),
            Dist::LowRankMvNormal(m) => {
                let (w, diag) = (m.cov_factor(), m.cov_diag());
                Some(outer(
                    &|i, j| {
                        w[i].iter().zip(&w[j]).map(|(a, b)| a * b).sum::<f64>()
                            + delta(i, j) * diag[i]
                    },
                    m.dim(),
                ))
            }
            Dist::Dirichlet(d) => {
                let a = d.alpha();
                let a0: f64 = a.iter().sum();
                Some(outer(
                    &|i, j| (delta(i, j) * a[i] / a0 - a[i] * a[j] / (a0 * a0)) / (a0 + 1.0),
                    a.len(),
                ))
            }
            Dist::Multinomial(m) => {
                let (n, p) = (m.n() as f64, m.p());
                Some(outer(&|i, j| n * (delta(i, j) * p[i] - p[i] * p[j]), p.len()))
            }
            Dist::GaussianMixture(g) => {
                let mean = self.mean_vector()?;
                let covs: Vec<Vec<Vec<f64>>> = g.components().iter().map(|c| c.cov()).collect();
                Some(outer(
                    &|i, j| {
                        g.weights()
                            .iter()
                            .zip(g.components())
                            .zip(&covs)
                            .map(|((w, c), s)| w * (s[i][j] + c.mean()[i] * c.mean()[j]))
                            .sum::<f64>()
                            - mean[i] * mean[j]
                    },
                    g.dim(),
                ))
            }
            _ => None,
        }
    }

            /// The distribution as a [`Univariate`], or `None` for a multivariate family.
            pub fn as_univariate(&self) -> Option<&dyn Univariate> {
                match self {
                    $(Dist::$u(d) => Some(d),)*
                    Dist::Mixture(d) => Some(d),
                    $(Dist::$m(_) => None,)*
                    Dist::GaussianMixture(_) => None,
                }
            }

            /// The distribution as a [`Multivariate`], or `None` for a univariate family.
            pub fn as_multivariate(&self) -> Option<&dyn Multivariate> {
                match self {
                    $(Dist::$m(d) => Some(d),)*
                    Dist::GaussianMixture(d) => Some(d),
                    _ => None,
                }
            }

            /// The parameters of one atom, in the order of its family's `PARAMS` (the values
            /// the text names); `None` for a mixture, whose components each have theirs.
            pub fn args(&self) -> Option<Vec<family::Arg>> {
                match self {
                    $(Dist::$u(d) => Some(Family::args(d)),)*
                    Dist::Mixture(_) => None,
                    $(Dist::$m(d) => Some(Family::args(d)),)*
                    Dist::GaussianMixture(_) => None,
                }
            }

            /// The family name as the text language spells it (`"mixture"` for a mixture).
            pub fn family(&self) -> &'static str {
                match self {
                    $(Dist::$u(_) => <$u as Family>::NAME,)*
                    Dist::Mixture(_) => "mixture",
                    $(Dist::$m(_) => <$m as Family>::NAME,)*
                    Dist::GaussianMixture(_) => "mixture",
                }
            }
        }

        impl std::fmt::Display for Dist {
            /// The canonical text, which parses back to an equal distribution.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $(Dist::$u(d) => write_atom(d, f),)*
                    Dist::Mixture(m) => std::fmt::Display::fmt(m, f),
                    $(Dist::$m(d) => write_atom(d, f),)*
                    Dist::GaussianMixture(m) => std::fmt::Display::fmt(m, f),
                }
            }
        }
    };
}

families! {
    univariate {
        normal::Normal,
        lognormal::LogNormal,
        uniform::Uniform,
        exponential::Exponential,
        gamma::Gamma,
        beta::Beta,
        laplace::Laplace,
        cauchy::Cauchy,
        student_t::StudentT,
        logistic::Logistic,
        gumbel::Gumbel,
        weibull::Weibull,
        chi2::Chi2,
        halfnormal::HalfNormal,
        pareto::Pareto,
        inverse_gamma::InverseGamma,
        bernoulli::Bernoulli,
        binomial::Binomial,
        poisson::Poisson,
        geometric::Geometric,
        categorical::Categorical,
        half_cauchy::HalfCauchy,
        negative_binomial::NegativeBinomial,
        f::FisherSnedecor,
        kumaraswamy::Kumaraswamy,
        continuous_bernoulli::ContinuousBernoulli,
        von_mises::VonMises,
    }
    multivariate {
        mvnormal::MvNormal,
        dirichlet::Dirichlet,
        multinomial::Multinomial,
        lowrank_mvnormal::LowRankMvNormal,
    }
}

impl rand::distr::Distribution<f64> for Mixture {
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let mut rng = rng;
        Univariate::draw(self, &mut rng)
    }
}

impl From<GaussianMixture> for Dist {
    fn from(d: GaussianMixture) -> Dist {
        Dist::GaussianMixture(d)
    }
}

impl From<Mixture> for Dist {
    fn from(d: Mixture) -> Dist {
        Dist::Mixture(d)
    }
}

impl Dist {
    /// The distribution as a [`Univariate`], or an error saying that it is multivariate.
    ///
    /// # Errors
    /// [`Error::Dimension`] for a multivariate family.
    pub fn univariate(&self) -> Result<&dyn Univariate, Error> {
        self.as_univariate().ok_or_else(|| Error::Dimension {
            operation: "a one-dimensional operation (pdf, cdf, quantile, quadrature)",
            dist: self.to_string(),
        })
    }

    /// The number of coordinates of a draw: 1 for a univariate distribution.
    pub fn dim(&self) -> usize {
        self.as_multivariate().map_or(1, |m| m.dim())
    }

    /// ln of the density at a point of `dim()` coordinates.
    ///
    /// # Errors
    /// [`Error::InvalidShape`] when the point has the wrong number of coordinates.
    pub fn ln_pdf_at(&self, x: &[f64]) -> Result<f64, Error> {
        let expect = self.dim();
        if x.len() != expect {
            return Err(Error::InvalidShape {
                family: self.family(),
                message: format!("a point needs {expect} coordinates, got {}", x.len()),
            });
        }
        Ok(match (self.as_multivariate(), self.as_univariate(), x) {
            (Some(m), _, _) => m.ln_pdf(x),
            (None, Some(u), [x]) => u.ln_pdf(*x),
            _ => f64::NAN,
        })
    }

    /// Draws one point of `dim()` coordinates into `out` (cleared first).
    pub fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        out.clear();
        if let Some(m) = self.as_multivariate() {
            m.draw_into(rng, out);
        } else if let Some(u) = self.as_univariate() {
            out.push(u.draw(rng));
        }
    }

    /// The differential entropy in nats, for any family (None where it has no closed form).
    pub fn entropy(&self) -> Option<f64> {
        match self.as_multivariate() {
            Some(m) => m.entropy(),
            None => self.as_univariate().and_then(|u| u.entropy()),
        }
    }
}

/// A uniform draw in the open interval (0, 1): never 0, so that ln u and quantile(u) are finite.
pub(crate) fn open01(rng: &mut dyn Rng) -> f64 {
    loop {
        // 53 random bits.
        let u = (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        if u > 0.0 {
            return u;
        }
    }
}

/// A standard normal draw.
pub(crate) fn std_normal(rng: &mut dyn Rng) -> f64 {
    use rand::distr::Distribution;
    rand_distr::StandardNormal.sample(rng)
}

/// Whether x lies outside [lower, upper]; false for NaN, so that NaN flows through the formulas.
pub(crate) fn outside(x: f64, lower: f64, upper: f64) -> bool {
    x < lower || x > upper
}

/// The log-pmf of a family on the counts 0, 1, …, upper where x is not one of them: NaN for
/// NaN, −∞ otherwise; `None` for a count.
pub(crate) fn off_counts(x: f64, upper: f64) -> Option<f64> {
    if x.is_nan() {
        Some(x)
    } else if x < 0.0 || x > upper || x != x.floor() {
        Some(f64::NEG_INFINITY)
    } else {
        None
    }
}

/// The cdf of a family on [0, 1] where x is not inside (0, 1): NaN for NaN, 0 at or below 0,
/// 1 at or above 1; `None` inside. The sf outside is 1 less it.
pub(crate) fn unit_cdf_outside(x: f64) -> Option<f64> {
    if x.is_nan() {
        Some(x)
    } else if x <= 0.0 {
        Some(0.0)
    } else if x >= 1.0 {
        Some(1.0)
    } else {
        None
    }
}

/// π − PI: how far the double nearest π falls short of it (the von Mises circle's seam).
pub(crate) const CIRCLE_PI_LO: f64 = von_mises::PI_LO;
