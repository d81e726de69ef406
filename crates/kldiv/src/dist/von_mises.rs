use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::error::{finite, shape as shape_param};
use crate::numerics::quadrature::{Tolerance, integrate};
use crate::Error;
use crate::numerics::{root, special};
use rand::Rng;
use std::f64::consts::{PI, SQRT_2, TAU};

/// The von Mises distribution on the circle, as a law on [−π, π).
///
/// ```text
/// pdf(x) = exp(κ cos(x − μ)) / (2π I₀(κ))
/// ```
/// The location is reduced modulo 2π into [−π, π) when the distribution is built (μ and μ + 2πk
/// are the same law; the reduction is by the double nearest 2π, exact in floating point), and
/// the canonical text shows the reduced value. Moments are those of the real variable X on
/// [−π, π): E[X] = μ only when the mass does not wrap around ±π. The density is computed as
/// exp(−2κ sin²((x−μ)/2))/(2π e^{−κ}I₀(κ)) with the distance to μ taken across ±π where that is
/// shorter, so κ up to 1e15 keeps its digits; the cdf is an adaptive Gauss–Kronrod integral of
/// the density over the shorter way, accurate in both tails.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VonMises {
    loc: f64,
    kappa: f64,
    /// ln(2π e^{−κ} I₀(κ))
    ln_norm: f64,
    /// 1 − I₁(κ)/I₀(κ)
    one_minus_ratio: f64,
}

/// π − `PI`: the part of π that the double `PI` misses.
const PI_LO: f64 = 1.224_646_799_147_353_2e-16;

/// x reduced modulo 2π into [−π, π).
fn wrap(x: f64) -> f64 {
    if (-PI..PI).contains(&x) {
        return x;
    }
    let r = (x + PI).rem_euclid(TAU) - PI;
    if r >= PI { r - TAU } else { r }
}

impl VonMises {
    /// A von Mises distribution with finite location μ (reduced into [−π, π)) and
    /// concentration κ in (0, 1e15].
    ///
    /// # Errors
    /// When `loc` is not finite or `kappa` is not in (0, 1e15].
    pub fn new(loc: f64, kappa: f64) -> Result<VonMises, Error> {
        finite("von_mises", "loc", loc)?;
        shape_param("von_mises", "kappa", kappa)?;
        let b = special::bessel01(kappa);
        Ok(VonMises {
            loc: wrap(loc),
            kappa,
            ln_norm: TAU.ln() + b.ln_i0e(kappa),
            one_minus_ratio: b.one_minus_ratio,
        })
    }

    /// The location μ, in [−π, π).
    pub fn loc(&self) -> f64 {
        self.loc
    }

    /// The concentration κ.
    pub fn kappa(&self) -> f64 {
        self.kappa
    }

    /// x − μ reduced into [−π, π], taken across ±π with the two halves of π added separately,
    /// so that points on either side of the cut keep their small distance exactly.
    pub(crate) fn angle_to(&self, x: f64) -> f64 {
        let (mu, d) = (self.loc, x - self.loc);
        if d > PI {
            // x − μ − 2π; x − PI and μ + PI are exact where the result is small (Sterbenz).
            ((x - PI) - (mu + PI)) - 2.0 * PI_LO
        } else if d < -PI {
            ((x + PI) - (mu - PI)) + 2.0 * PI_LO
        } else {
            d
        }
    }

    /// Where an integral of the density over part of [−π, π] should be split: μ, points a few
    /// widths 1/√κ either side of it (across the cut if need be), and the antipode.
    fn breaks(&self, a: f64, b: f64) -> Vec<f64> {
        let w = 1.0 / self.kappa.sqrt();
        let mut pts = vec![a, b, wrap(self.loc + PI)];
        for k in [0.0, 1.0, 3.0, 8.0, 20.0, 40.0] {
            let off = k * w;
            if off < PI {
                pts.extend([wrap(self.loc + off), wrap(self.loc - off)]);
            }
        }
        pts.retain(|&x| x >= a && x <= b);
        pts.sort_by(f64::total_cmp);
        pts.dedup();
        pts
    }

    /// ∫ g(x) pdf(x) dx over [a, b] ⊂ [−π, π], to the rounding of its positive terms. The
    /// density is scaled by its largest value on [a, b] (at the point nearest μ), so that a
    /// tail of mass 1e-300 is not integrated among subnormal numbers, whose lost digits the
    /// error estimate cannot see.
    fn integral(&self, a: f64, b: f64, g: impl Fn(f64) -> f64) -> f64 {
        if a >= b {
            return 0.0;
        }
        let mut peak = self.ln_pdf(a).max(self.ln_pdf(b));
        if (a..=b).contains(&self.loc) {
            peak = peak.max(self.ln_pdf(self.loc));
        }
        let tol = Tolerance {
            abs: 0.0,
            rel: 1e-16,
            max_evaluations: 100_000,
        };
        let scaled = |x: f64| g(x) * (self.ln_pdf(x) - peak).exp();
        let v = match integrate(scaled, &self.breaks(a, b), tol) {
            Ok(r) => r.value,
            // The budget is far above what smooth integrands take; keep the best value.
            Err(Error::NotConverged { value, .. }) => value,
            Err(_) => f64::NAN,
        };
        v * peak.exp()
    }

    /// The mass between ±π and the double ±`PI` just inside it.
    fn sliver(&self, end: f64) -> f64 {
        self.pdf(end) * PI_LO
    }
}

impl Family for VonMises {
    const NAME: &'static str = "von_mises";
    const ALIASES: &'static [&'static str] = &["vonmises"];
    const PARAMS: &'static [Param] = &[Param::scalar("loc"), Param::scalar("kappa")];
    fn from_args(a: &Args<'_>) -> Result<VonMises, Error> {
        VonMises::new(a.scalar(0)?, a.scalar(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        [self.loc, self.kappa].into_iter().map(Arg::Number).collect()
    }
}

impl Univariate for VonMises {
    fn ln_pdf(&self, x: f64) -> f64 {
        if super::outside(x, -PI, PI) {
            return f64::NEG_INFINITY;
        }
        // κ(cos d − 1) = −2κ sin²(d/2), without cancellation near the mode.
        let s = (0.5 * self.angle_to(x)).sin();
        -2.0 * self.kappa * s * s - self.ln_norm
    }
    fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        if x < -PI {
            return 0.0;
        }
        if x >= PI {
            return 1.0;
        }
        self.sliver(-PI) + self.integral(-PI, x, |_| 1.0)
    }
    fn sf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        if x < -PI {
            return 1.0;
        }
        if x >= PI {
            return 0.0;
        }
        self.integral(x, PI, |_| 1.0) + self.sliver(PI)
    }
    fn quantile(&self, p: f64) -> f64 {
        let z = special::norm_quantile(p.clamp(1e-300, 1.0 - 1e-16));
        let guess = (self.loc + z / self.kappa.sqrt()).clamp(-3.0, 3.0);
        root::continuous_quantile(self, p, guess)
    }
    fn support(&self) -> Support {
        Support::continuous(-PI, PI)
    }
    /// The mean of X on [−π, π): μ less 2π times the mass that wraps past the cut,
    /// μ − 2π·P(X < μ − π) for μ ≥ 0 and μ + 2π·P(X > μ + π) for μ < 0.
    ///
    /// The wrapped arcs [−π, μ − π] and [μ + π, π] are taken with their true ends (μ ∓ π is the
    /// double μ ∓ `PI` moved by `PI_LO`), so that μ = 0 gives exactly 0.
    fn mean(&self) -> Option<f64> {
        let (mu, f) = (self.loc, |x: f64| self.pdf(x));
        Some(if mu >= 0.0 {
            let wrapped = self.integral(-PI, mu - PI, |_| 1.0) + PI_LO * (f(-PI) - f(mu - PI));
            mu - TAU * wrapped
        } else {
            let wrapped = self.integral(mu + PI, PI, |_| 1.0) + PI_LO * (f(PI) - f(mu + PI));
            mu + TAU * wrapped
        })
    }
    /// E[(X − E X)²] on [−π, π), by quadrature of a positive integrand.
    fn variance(&self) -> Option<f64> {
        let m = self.mean()?;
        Some(self.integral(-PI, PI, |x| (x - m) * (x - m)))
    }
    /// ln(2π I₀(κ)) − κ I₁(κ)/I₀(κ), as ln(2π e^{−κ}I₀(κ)) + κ(1 − I₁/I₀).
    fn entropy(&self) -> Option<f64> {
        Some(self.ln_norm + self.kappa * self.one_minus_ratio)
    }
    /// Best & Fisher (1979), with the envelope's r − 1 (≈ 1/(2κ) for large κ) and the
    /// acceptance quantities formed without the cancellations of the textbook form, so that the
    /// sampler stays exact up to κ = 1e15.
    fn draw(&self, rng: &mut dyn Rng) -> f64 {
        let k = self.kappa;
        let q = (1.0 + 4.0 * k * k).sqrt();
        let tau = 1.0 + q;
        let st = tau.sqrt();
        // κ/(2ρ), ρ = (τ − √(2τ))/(2κ) rewritten as a ratio of positive terms.
        let k_over_2rho = (q + 1.0) * (st + SQRT_2) / (4.0 * st);
        let rho = k / (2.0 * k_over_2rho);
        let one_minus_rho = if rho <= 0.5 {
            1.0 - rho
        } else {
            ((2.0 * tau).sqrt() - 1.0 - 1.0 / (q + 2.0 * k)) / (2.0 * k)
        };
        // r − 1 = (1−ρ)²/(2ρ) (+∞ when κ underflows it, which the forms below tolerate).
        let delta = one_minus_rho * one_minus_rho / (2.0 * rho);
        let kappa_delta = one_minus_rho * one_minus_rho * k_over_2rho;
        loop {
            let (s, c) = (0.5 * PI * open01(rng)).sin_cos();
            // w = 1 − f = (r − 1)(1 − z)/(r + z) with z = cos(πu), 1 ∓ z = 2 sin², 2 cos².
            let w = 2.0 * s * s / (1.0 + 2.0 * c * c / delta);
            let y = kappa_delta + k * w;
            let v = open01(rng);
            if y * (2.0 - y) > v || (y / v).ln() + 1.0 - y >= 0.0 {
                // acos(1 − w)
                let theta = 2.0 * (0.5 * w).sqrt().asin();
                let sign = if open01(rng) < 0.5 { -1.0 } else { 1.0 };
                return wrap(self.loc + sign * theta);
            }
        }
    }
}

impl super::Landmarks for VonMises {
    /// μ and μ ± 1, 4 and 8 widths 1/√κ (across the cut where they wrap): out to 8 widths, as
    /// beyond them the mass is below 1e-15 and a panel reaching from there to ±π does not see
    /// the peak.
    fn landmarks(&self) -> Vec<f64> {
        let w = 1.0 / self.kappa.sqrt();
        let mut v = vec![self.loc];
        for k in [1.0, 4.0, 8.0] {
            if k * w < PI {
                v.extend([wrap(self.loc - k * w), wrap(self.loc + k * w)]);
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn rejects_bad_parameters_and_wraps_the_location() {
        let e = VonMises::new(0.0, 0.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "von_mises: kappa must be in (0, 1e15], got 0"
        );
        assert!(VonMises::new(f64::INFINITY, 1.0).is_err());
        let d = VonMises::new(7.0, 2.0).unwrap();
        assert!((d.loc() - (7.0 - TAU)).abs() < 1e-15);
        assert_eq!(VonMises::new(-PI, 1.0).unwrap().loc(), -PI);
        assert_eq!(VonMises::new(PI, 1.0).unwrap().loc(), -PI);
        // The canonical text parses back to the same law.
        let again = VonMises::new(d.loc(), 2.0).unwrap();
        assert_eq!(d, again);
    }

    #[test]
    fn density_is_continuous_across_the_cut() {
        let d = VonMises::new(3.0, 50.0).unwrap();
        let (a, b) = (d.ln_pdf(-PI), d.ln_pdf(PI));
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        assert!((d.cdf(0.0) + d.sf(0.0) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn huge_concentration_draws_have_spread_one_over_root_kappa() {
        let d = VonMises::new(1.0, 1e12).unwrap();
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| d.draw(&mut rng) - 1.0).collect();
        let var = xs.iter().map(|x| x * x).sum::<f64>() / n as f64;
        // Var ≈ 1/κ; the sample variance of 2·10⁴ normal draws is within 5% at 5σ.
        assert!((var * 1e12 - 1.0).abs() < 0.05, "{var:e}");
    }
}
