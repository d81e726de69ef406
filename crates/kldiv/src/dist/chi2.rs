use super::family::{Arg, Args, Family, Param};
use super::{Gamma, Support, Univariate};
use crate::Error;
use crate::error::shape as shape_param;
use rand::Rng;

/// The chi-squared distribution with ν degrees of freedom: Gamma(ν/2, rate ½).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chi2 {
    df: f64,
    gamma: Gamma,
}

impl Chi2 {
    /// A chi-squared distribution with `df` > 0 degrees of freedom (not necessarily integer).
    ///
    /// # Errors
    /// When `df` is not finite and > 0.
    pub fn new(df: f64) -> Result<Chi2, Error> {
        shape_param("chi2", "df", df)?;
        Ok(Chi2 {
            df,
            gamma: Gamma::new(0.5 * df, 0.5)?,
        })
    }

    /// The degrees of freedom ν.
    pub fn df(&self) -> f64 {
        self.df
    }

    /// The same distribution as a gamma.
    pub fn as_gamma(&self) -> Gamma {
        self.gamma
    }
}

impl Family for Chi2 {
    const NAME: &'static str = "chi2";
    const PARAMS: &'static [Param] = &[Param::scalar("df").range(0.5, 50.0)];
    fn from_args(a: &Args<'_>) -> Result<Chi2, Error> {
        Chi2::new(a.scalar(0)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.df()].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for Chi2 {
    fn ln_pdf(&self, x: f64) -> f64 {
        self.gamma.ln_pdf(x)
    }
    fn cdf(&self, x: f64) -> f64 {
        self.gamma.cdf(x)
    }
    fn sf(&self, x: f64) -> f64 {
        self.gamma.sf(x)
    }
    fn quantile(&self, p: f64) -> f64 {
        self.gamma.quantile(p)
    }
    fn support(&self) -> Support {
        self.gamma.support()
    }
    fn mean(&self) -> Option<f64> {
        self.gamma.mean()
    }
    fn variance(&self) -> Option<f64> {
        self.gamma.variance()
    }
    fn entropy(&self) -> Option<f64> {
        self.gamma.entropy()
    }
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        self.gamma.draw(rng)
    }
}

impl super::Landmarks for Chi2 {
    fn landmarks(&self) -> Vec<f64> {
        self.gamma.landmarks()
    }
    fn ln_pdf_of_log(&self, u: f64) -> Option<f64> {
        self.gamma.ln_pdf_of_log(u)
    }
    fn draw_ln(&self, rng: &mut dyn Rng) -> Option<f64> {
        self.gamma.draw_ln(rng)
    }
}
