//! Probability distributions: one family per file, all behind the [`Univariate`] trait, and the
//! [`Dist`] enum that the text language, the CLI and the divergence front door share.

mod bernoulli;
mod beta;
mod binomial;
mod categorical;
mod cauchy;
mod chi2;
mod dirichlet;
mod exponential;
mod gamma;
mod geometric;
mod gumbel;
mod halfnormal;
mod inverse_gamma;
mod laplace;
mod logistic;
mod lognormal;
mod mixture;
mod mvnormal;
mod normal;
mod pareto;
mod poisson;
mod student_t;
mod uniform;
mod weibull;

pub use bernoulli::Bernoulli;
pub use beta::Beta;
pub use binomial::Binomial;
pub use categorical::Categorical;
pub use cauchy::Cauchy;
pub use chi2::Chi2;
pub use dirichlet::Dirichlet;
pub use exponential::Exponential;
pub use gamma::Gamma;
pub use geometric::Geometric;
pub(crate) use gumbel::EULER_GAMMA;
pub use gumbel::Gumbel;
pub use halfnormal::HalfNormal;
pub use inverse_gamma::InverseGamma;
pub use laplace::Laplace;
pub use logistic::Logistic;
pub use lognormal::LogNormal;
pub use mixture::Mixture;
pub use mvnormal::MvNormal;
pub use normal::Normal;
pub use pareto::Pareto;
pub use poisson::Poisson;
pub use student_t::StudentT;
pub use uniform::Uniform;
pub use weibull::Weibull;

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
pub trait Univariate {
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
    /// Points where the density peaks or changes character (modes, locations, component
    /// centres): where an integrator must look.
    fn landmarks(&self) -> Vec<f64>;
}

/// Implements rand's `Distribution<f64>` through [`Univariate::draw`].
macro_rules! impl_rand_distribution {
    ($($t:ty),* $(,)?) => {$(
        impl rand::distr::Distribution<f64> for $t {
            fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
                let mut rng = rng;
                Univariate::draw(self, &mut rng)
            }
        }
    )*};
}
impl_rand_distribution!(
    Normal,
    LogNormal,
    Uniform,
    Exponential,
    Gamma,
    Beta,
    Laplace,
    Cauchy,
    StudentT,
    Logistic,
    Gumbel,
    Weibull,
    Chi2,
    HalfNormal,
    Pareto,
    InverseGamma,
    Bernoulli,
    Binomial,
    Poisson,
    Geometric,
    Categorical,
    Mixture,
);

/// A distribution of any family: the closed set that the text language describes.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // each variant is its family's type, documented there
pub enum Dist {
    Normal(Normal),
    LogNormal(LogNormal),
    Uniform(Uniform),
    Exponential(Exponential),
    Gamma(Gamma),
    Beta(Beta),
    Laplace(Laplace),
    Cauchy(Cauchy),
    StudentT(StudentT),
    Logistic(Logistic),
    Gumbel(Gumbel),
    Weibull(Weibull),
    Chi2(Chi2),
    HalfNormal(HalfNormal),
    Pareto(Pareto),
    InverseGamma(InverseGamma),
    Bernoulli(Bernoulli),
    Binomial(Binomial),
    Poisson(Poisson),
    Geometric(Geometric),
    Categorical(Categorical),
    Mixture(Mixture),
    Dirichlet(Dirichlet),
    MvNormal(MvNormal),
}

impl Dist {
    /// The distribution as a [`Univariate`], or `None` for dirichlet and mvnormal.
    pub fn as_univariate(&self) -> Option<&dyn Univariate> {
        Some(match self {
            Dist::Normal(d) => d,
            Dist::LogNormal(d) => d,
            Dist::Uniform(d) => d,
            Dist::Exponential(d) => d,
            Dist::Gamma(d) => d,
            Dist::Beta(d) => d,
            Dist::Laplace(d) => d,
            Dist::Cauchy(d) => d,
            Dist::StudentT(d) => d,
            Dist::Logistic(d) => d,
            Dist::Gumbel(d) => d,
            Dist::Weibull(d) => d,
            Dist::Chi2(d) => d,
            Dist::HalfNormal(d) => d,
            Dist::Pareto(d) => d,
            Dist::InverseGamma(d) => d,
            Dist::Bernoulli(d) => d,
            Dist::Binomial(d) => d,
            Dist::Poisson(d) => d,
            Dist::Geometric(d) => d,
            Dist::Categorical(d) => d,
            Dist::Mixture(d) => d,
            Dist::Dirichlet(_) | Dist::MvNormal(_) => return None,
        })
    }

    /// The distribution as a [`Univariate`], or an error naming the operation.
    pub fn univariate(&self, operation: &'static str) -> Result<&dyn Univariate, Error> {
        self.as_univariate().ok_or_else(|| Error::Dimension {
            operation,
            dist: self.to_string(),
        })
    }

    /// The family name as the text language spells it.
    pub fn family(&self) -> &'static str {
        match self {
            Dist::Normal(_) => "normal",
            Dist::LogNormal(_) => "lognormal",
            Dist::Uniform(_) => "uniform",
            Dist::Exponential(_) => "exponential",
            Dist::Gamma(_) => "gamma",
            Dist::Beta(_) => "beta",
            Dist::Laplace(_) => "laplace",
            Dist::Cauchy(_) => "cauchy",
            Dist::StudentT(_) => "student_t",
            Dist::Logistic(_) => "logistic",
            Dist::Gumbel(_) => "gumbel",
            Dist::Weibull(_) => "weibull",
            Dist::Chi2(_) => "chi2",
            Dist::HalfNormal(_) => "halfnormal",
            Dist::Pareto(_) => "pareto",
            Dist::InverseGamma(_) => "inverse_gamma",
            Dist::Bernoulli(_) => "bernoulli",
            Dist::Binomial(_) => "binomial",
            Dist::Poisson(_) => "poisson",
            Dist::Geometric(_) => "geometric",
            Dist::Categorical(_) => "categorical",
            Dist::Mixture(_) => "mixture",
            Dist::Dirichlet(_) => "dirichlet",
            Dist::MvNormal(_) => "mvnormal",
        }
    }

    /// The number of coordinates of a draw: 1 for a univariate distribution.
    pub fn dim(&self) -> usize {
        match self {
            Dist::Dirichlet(d) => d.dim(),
            Dist::MvNormal(d) => d.dim(),
            _ => 1,
        }
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
        Ok(match self {
            Dist::Dirichlet(d) => d.ln_pdf(x),
            Dist::MvNormal(d) => d.ln_pdf(x),
            _ => self.as_univariate().map_or(f64::NAN, |u| u.ln_pdf(x[0])),
        })
    }

    /// Draws one point of `dim()` coordinates into `out` (cleared first).
    pub fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        out.clear();
        match self {
            Dist::Dirichlet(d) => d.draw_into(rng, out),
            Dist::MvNormal(d) => d.draw_into(rng, out),
            _ => {
                if let Some(u) = self.as_univariate() {
                    out.push(u.draw(rng));
                }
            }
        }
    }

    /// The differential entropy in nats, for any family (None where it has no closed form).
    pub fn entropy(&self) -> Option<f64> {
        match self {
            Dist::Dirichlet(d) => Some(d.entropy()),
            Dist::MvNormal(d) => Some(d.entropy()),
            _ => self.as_univariate().and_then(|u| u.entropy()),
        }
    }
}

macro_rules! impl_from_family {
    ($($t:ident),* $(,)?) => {$(
        impl From<$t> for Dist {
            fn from(d: $t) -> Dist {
                Dist::$t(d)
            }
        }
    )*};
}
impl_from_family!(
    Normal,
    LogNormal,
    Uniform,
    Exponential,
    Gamma,
    Beta,
    Laplace,
    Cauchy,
    StudentT,
    Logistic,
    Gumbel,
    Weibull,
    Chi2,
    HalfNormal,
    Pareto,
    InverseGamma,
    Bernoulli,
    Binomial,
    Poisson,
    Geometric,
    Categorical,
    Mixture,
    Dirichlet,
    MvNormal,
);

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
