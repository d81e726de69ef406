use super::family::{Arg, Args, Family, Param};
use crate::limits::MAX_LEN;
use crate::Error;
use crate::numerics::{special, sum};
use rand::Rng;

/// The Dirichlet distribution on the probability simplex of dimension K.
///
/// ```text
/// pdf(x) = Π xᵢ^(αᵢ−1) / B(α),  B(α) = Π Γ(αᵢ) / Γ(Σ αᵢ)
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dirichlet {
    alpha: Vec<f64>,
    ln_b: f64,
}

/// A point is on the simplex when its coordinates sum to 1 within this.
const SIMPLEX_TOLERANCE: f64 = 1e-9;

impl Dirichlet {
    /// A Dirichlet distribution with concentrations αᵢ > 0 (at least two).
    ///
    /// # Errors
    /// When fewer than two or too many concentrations are given, or one is not finite and > 0.
    pub fn new(alpha: Vec<f64>) -> Result<Dirichlet, Error> {
        let shape = |message: String| Error::InvalidShape {
            family: "dirichlet",
            message,
        };
        if alpha.len() < 2 {
            return Err(shape(format!(
                "alpha needs at least 2 entries, got {}",
                alpha.len()
            )));
        }
        if alpha.len() > MAX_LEN {
            return Err(shape(format!("alpha has more than {MAX_LEN} entries")));
        }
        if let Some((i, a)) = alpha
            .iter()
            .enumerate()
            .find(|(_, a)| !(**a > 0.0 && **a <= crate::limits::MAX_SHAPE))
        {
            let a = crate::spec::format_number(*a);
            return Err(shape(format!("alpha[{i}] must be in (0, 1e15], got {a}")));
        }
        let ln_gammas: Vec<f64> = alpha.iter().map(|&a| special::ln_gamma(a)).collect();
        let ln_b = sum::sum(&ln_gammas) - special::ln_gamma(sum::sum(&alpha));
        if !ln_b.is_finite() {
            return Err(shape("alpha gives no finite normalising constant".into()));
        }
        Ok(Dirichlet { alpha, ln_b })
    }

    /// The concentrations α.
    pub fn alpha(&self) -> &[f64] {
        &self.alpha
    }

    /// The dimension K.
    pub fn dim(&self) -> usize {
        self.alpha.len()
    }

    /// ln B(α).
    pub fn ln_beta(&self) -> f64 {
        self.ln_b
    }

    /// ln of the density at x; −∞ off the simplex.
    pub fn ln_pdf(&self, x: &[f64]) -> f64 {
        if x.len() != self.alpha.len() || x.iter().any(|v| v.is_nan()) {
            return f64::NAN;
        }
        if x.iter().any(|&v| !(0.0..=1.0).contains(&v))
            || (sum::sum(x) - 1.0).abs() > SIMPLEX_TOLERANCE
        {
            return f64::NEG_INFINITY;
        }
        let terms: Vec<f64> = self
            .alpha
            .iter()
            .zip(x)
            .map(|(&a, &v)| if a == 1.0 { 0.0 } else { (a - 1.0) * v.ln() })
            .collect();
        sum::sum(&terms) - self.ln_b
    }

    /// The mean αᵢ / Σα.
    pub fn mean(&self) -> Vec<f64> {
        let a0 = sum::sum(&self.alpha);
        self.alpha.iter().map(|a| a / a0).collect()
    }

    /// The differential entropy ln B(α) + (α₀ − K)ψ(α₀) − Σ(αᵢ − 1)ψ(αᵢ).
    pub fn entropy(&self) -> f64 {
        let a0 = sum::sum(&self.alpha);
        let k = self.alpha.len() as f64;
        let terms: Vec<f64> = self
            .alpha
            .iter()
            .map(|&a| (a - 1.0) * special::digamma(a))
            .collect();
        self.ln_b + (a0 - k) * special::digamma(a0) - sum::sum(&terms)
    }

    /// One draw: independent Gamma(αᵢ, 1) normalised by their sum.
    pub fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        use rand::distr::Distribution;
        for &a in &self.alpha {
            out.push(rand_distr::Gamma::new(a, 1.0).map_or(f64::NAN, |g| g.sample(rng)));
        }
        let total = sum::sum(out);
        for v in out.iter_mut() {
            *v /= total;
        }
    }
}
impl super::Multivariate for Dirichlet {
    fn dim(&self) -> usize {
        Dirichlet::dim(self)
    }
    fn ln_pdf(&self, x: &[f64]) -> f64 {
        Dirichlet::ln_pdf(self, x)
    }
    fn entropy(&self) -> Option<f64> {
        Some(Dirichlet::entropy(self))
    }
    fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        Dirichlet::draw_into(self, rng, out)
    }
}

impl Family for Dirichlet {
    const NAME: &'static str = "dirichlet";
    const PARAMS: &'static [Param] = &[Param::vector("alpha")];
    const SHOW_NAMES: bool = true;
    fn from_args(a: &Args<'_>) -> Result<Dirichlet, Error> {
        Dirichlet::new(a.vector(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        vec![Arg::Vector(self.alpha().to_vec())]
    }
}

