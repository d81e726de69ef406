use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, std_normal};
use crate::error::{finite, positive, shape as shape_param};
use crate::Error;
use crate::numerics::special;
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
        // ln Γ((ν+1)/2) − ln Γ(ν/2) as one ratio: two ln Γ of 10¹⁶ would cancel to noise.
        let ln_norm =
            special::ln_gamma_ratio(0.5 * df, 0.5) - 0.5 * (df * PI).ln() - scale.ln();
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

    /// (P(T < −|t|), P(|T| < |t|)) for the standard t: ½ I_x(ν/2, ½) with x = ν/(ν+t²), and
    /// its complement. Beyond `BETA_MAX_DF` the continued fraction for I_x(ν/2, ½) converges too
    /// slowly near x = 1 (10⁻⁸ relative off at ν = 10⁸), and the density, which stays exact at
    /// any ν, is integrated instead.
    fn tail(&self, t: f64) -> (f64, f64) {
        let v = self.df;
        if v > BETA_MAX_DF {
            return self.tail_by_quadrature(t.abs());
        }
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

/// The largest ν for which the incomplete beta keeps the cdf within 1e-14 relative.
const BETA_MAX_DF: f64 = 1e3;

impl StudentT {
    /// [`StudentT::tail`] by adaptive Gauss–Kronrod on the standard density.
    fn tail_by_quadrature(&self, t: f64) -> (f64, f64) {
        use crate::numerics::quadrature::{Point, Tolerance, integrate_points};
        let standard = StudentT {
            loc: 0.0,
            scale: 1.0,
            ln_norm: self.ln_norm + self.scale.ln(),
            ..*self
        };
        let density = |x: f64| Point {
            value: standard.ln_pdf(x).exp(),
            ..Point::default()
        };
        let tol = Tolerance {
            abs: 0.0,
            rel: 1e-15,
            max_evaluations: 20_000,
        };
        let integral = |breaks: &[f64]| {
            integrate_points(density, breaks, tol).map_or_else(
                |e| e.best_value().map_or(f64::NAN, |(v, _)| v),
                |r| r.value,
            )
        };
        let tail = integral(&[f64::NEG_INFINITY, -t]);
        // Near 0 the central mass is small and is integrated itself, not taken as 1 − 2·tail.
        let centre = if t < 1.0 {
            integral(&[-t, 0.0, t])
        } else {
            1.0 - 2.0 * tail
        };
        (tail, centre)
    }
}

impl Family for StudentT {
    const NAME: &'static str = "student_t";
    const ALIASES: &'static [&'static str] = &["t"];
    const PARAMS: &'static [Param] = &[Param::scalar("df").range(0.5, 50.0), Param::optional("loc", 0.0).range(-10.0, 10.0), Param::optional("scale", 1.0).range(0.1, 10.0)];
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
        crate::dist::inversion::continuous_quantile(self, p, guess)
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
        let a = 0.5 * v;
        // ψ(a + ½) − ψ(a) and ln B(a, ½) in forms that do not cancel for large ν.
        let dpsi = special::digamma_minus_ln;
        let psi_step = dpsi(a + 0.5) - dpsi(a) + (0.5 / a).ln_1p();
        let ln_b = 0.5 * PI.ln() - special::ln_gamma_ratio(a, 0.5);
        let h = (a + 0.5) * psi_step + 0.5 * v.ln() + ln_b;
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
