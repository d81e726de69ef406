use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, std_normal};
use crate::error::{finite, positive, shape as shape_param};
use crate::Error;
use crate::numerics::{root, special};
use rand::Rng;
use std::f64::consts::PI;

/// Student's t distribution with ν degrees of freedom, location μ and scale s.
///
/// ```text
/// pdf(x) = Γ((ν+1)/2) / (Γ(ν/2) √(νπ) s) · (1 + z²/ν)^(−(ν+1)/2),  z = (x−μ)/s
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StudentT {
    df: f64,
    loc: f64,
    scale: f64,
    /// ln Γ((ν+1)/2) − ln Γ(ν/2) − ½ ln(νπ) − ln s, kept because ln_pdf sits in integrands.
    ln_norm: f64,
}

impl StudentT {
    /// A t distribution with `df` > 0 degrees of freedom, location and scale > 0.
    ///
    /// # Errors
    /// When `df` or `scale` is not finite and > 0, or `loc` is not finite.
    pub fn new(df: f64, loc: f64, scale: f64) -> Result<StudentT, Error> {
        shape_param("student_t", "df", df)?;
        finite("student_t", "loc", loc)?;
        positive("student_t", "scale", scale)?;
        let ln_norm = special::ln_gamma(0.5 * (df + 1.0))
            - special::ln_gamma(0.5 * df)
            - 0.5 * (df * PI).ln()
            - scale.ln();
        Ok(StudentT {
            df,
            loc,
            scale,
            ln_norm,
        })
    }

    /// The degrees of freedom ν.
    pub fn df(&self) -> f64 {
        self.df
    }

    /// The location μ.
    pub fn loc(&self) -> f64 {
        self.loc
    }

    /// The scale s.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// ½ I_x(ν/2, ½) with x = ν/(ν+t²): P(T < −|t|) for the standard t.
    fn tail(&self, t: f64) -> (f64, f64) {
        let v = self.df;
        let t2 = t * t;
        let (x, y) = if t2 > v {
            let r = v / t2;
            (r / (1.0 + r), 1.0 / (1.0 + r))
        } else {
            (v / (v + t2), t2 / (v + t2))
        };
        let (lower, upper) = special::beta_i(0.5 * v, 0.5, x, y);
        (0.5 * lower, upper)
    }
}

impl Family for StudentT {
    const NAME: &'static str = "student_t";
    const ALIASES: &'static [&'static str] = &["t"];
    const PARAMS: &'static [Param] = &[Param::scalar("df"), Param::optional("loc", 0.0), Param::optional("scale", 1.0)];
    fn from_args(a: &Args<'_>) -> Result<StudentT, Error> {
        StudentT::new(a.scalar(0)?, a.scalar(1)?, a.scalar(2)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.df(), self.loc(), self.scale()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for StudentT {
    fn ln_pdf(&self, x: f64) -> f64 {
        let v = self.df;
        let z = (x - self.loc) / self.scale;
        let ln_1p = if z.abs() > 1e100 {
            2.0 * z.abs().ln() - v.ln() + (v / (z * z)).ln_1p()
        } else {
            (z * z / v).ln_1p()
        };
        self.ln_norm - 0.5 * (v + 1.0) * ln_1p
    }
    fn cdf(&self, x: f64) -> f64 {
        let t = (x - self.loc) / self.scale;
        let (tail, upper) = self.tail(t);
        if t < 0.0 { tail } else { 0.5 + 0.5 * upper }
    }
    fn sf(&self, x: f64) -> f64 {
        let t = (x - self.loc) / self.scale;
        let (tail, upper) = self.tail(t);
        if t > 0.0 { tail } else { 0.5 + 0.5 * upper }
    }
    fn quantile(&self, p: f64) -> f64 {
        let guess = self.loc + self.scale * special::norm_quantile(p.clamp(1e-300, 1.0 - 1e-16));
        root::continuous_quantile(self, p, guess)
    }
    fn support(&self) -> Support {
        Support::continuous(f64::NEG_INFINITY, f64::INFINITY)
    }
    fn mean(&self) -> Option<f64> {
        (self.df > 1.0).then_some(self.loc)
    }
    fn variance(&self) -> Option<f64> {
        let v = self.df;
        if v > 2.0 {
            Some(self.scale * self.scale * v / (v - 2.0))
        } else if v > 1.0 {
            Some(f64::INFINITY)
        } else {
            None
        }
    }
    fn entropy(&self) -> Option<f64> {
        let v = self.df;
        let h = 0.5 * (v + 1.0) * (special::digamma(0.5 * (v + 1.0)) - special::digamma(0.5 * v))
            + 0.5 * v.ln()
            + special::ln_beta(0.5 * v, 0.5);
        Some(h + self.scale.ln())
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        // Z / √(χ²_ν/ν)
        let z = std_normal(rng);
        let g = rand_distr::Gamma::new(0.5 * self.df, 2.0 / self.df);
        use rand::distr::Distribution;
        let w = g.map_or(f64::NAN, |g| g.sample(rng));
        self.loc + self.scale * z / w.sqrt()
    }
}

impl super::Landmarks for StudentT {
    fn landmarks(&self) -> Vec<f64> {
        vec![self.loc]
    }
}
