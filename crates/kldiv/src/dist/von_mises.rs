use super::family::{Arg, Args, Family, Param};
use super::{Support, Univariate, open01};
use crate::error::{finite, shape as shape_param};
use crate::numerics::quadrature::{Tolerance, integrate};
use crate::Error;
use crate::numerics::special;
use rand::Rng;
use std::f64::consts::{FRAC_PI_2, PI, SQRT_2, TAU};

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
#[derive(Debug, Clone, Copy)]
pub struct VonMises {
    loc: f64,
    kappa: f64,
    /// ln(2π e^{−κ} I₀(κ))
    ln_norm: f64,
    /// 1 − I₁(κ)/I₀(κ)
    one_minus_ratio: f64,
    /// How far the reduced location may lie from μ − 2πk: the k turns were of the double 2π,
    /// which misses 2π by 2·`PI_LO` (μ = π as given is −π reduced, 2.4e-16 from its true
    /// place on the circle).
    loc_rounding: f64,
}

/// The same law: location and concentration (the location's rounding is how it was reached,
/// not part of the law, so the canonical text parses back to an equal value).
impl PartialEq for VonMises {
    fn eq(&self, other: &VonMises) -> bool {
        self.loc == other.loc && self.kappa == other.kappa
    }
}

/// π − `PI`: the part of π that the double `PI` misses.
pub(crate) const PI_LO: f64 = 1.224_646_799_147_353_2e-16;

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
        let reduced = wrap(loc);
        let turns = ((loc - reduced) / TAU).round().abs();
        let loc_rounding = if turns == 0.0 {
            0.0
        } else {
            turns * 2.0 * PI_LO + f64::EPSILON * loc.abs()
        };
        Ok(VonMises {
            loc: reduced,
            loc_rounding,
            kappa,
            ln_norm: TAU.ln() + b.ln_i0e(kappa),
            one_minus_ratio: b.one_minus_ratio,
        })
    }

    /// The location μ, in [−π, π).
    pub fn loc(&self) -> f64 {
        self.loc
    }

    /// How far the reduced location may lie from the one given, moved by whole turns of the
    /// true 2π (0 for a location given inside [−π, π)).
    pub(crate) fn loc_rounding(&self) -> f64 {
        self.loc_rounding
    }

    /// The concentration κ.
    pub fn kappa(&self) -> f64 {
        self.kappa
    }

    /// The signed angle x − μ reduced into [−π, π], taken across ±π with the two halves of π
    /// added separately, so that points on either side of the cut keep their small distance
    /// exactly.
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

    /// κ(cos t − 1) − ln(2π e^{−κ}I₀(κ)), the log-density at signed angle t from μ.
    fn ln_pdf_at_angle(&self, t: f64) -> f64 {
        let s = (0.5 * t).sin();
        -2.0 * self.kappa * s * s - self.ln_norm
    }

    /// The signed angle from the antipode μ + π to x, in [−π, π]: x − μ ∓ π with the halves of
    /// π added separately, so that it is exact where it is small.
    fn angle_from_antipode(&self, x: f64) -> f64 {
        let up = ((x - PI) - self.loc) - PI_LO;
        let down = ((x + PI) - self.loc) + PI_LO;
        if up.abs() <= down.abs() { up } else { down }
    }

    /// A point of the circle by its angles from μ and from the antipode, each exact where small.
    fn point(&self, x: f64) -> Angles {
        Angles {
            mode: self.angle_to(x),
            antipode: self.angle_from_antipode(x),
        }
    }

    /// The true ±π (one point of the circle), `PI_LO` beyond the doubles ±`PI`: at angle −μ
    /// from the antipode exactly.
    fn cut(&self) -> Angles {
        let mu = self.loc;
        let mode = if mu >= 0.0 {
            (PI - mu) + PI_LO
        } else {
            -(PI + mu) - PI_LO
        };
        Angles {
            mode,
            antipode: -mu,
        }
    }

    /// ∫ g(x) pdf(x) dx over the arc from `from` to `to` (counterclockwise, x increasing but for
    /// the cut), to the rounding of its positive terms.
    ///
    /// The arc is split at the quarter points μ ± π/2 and the antipode; the quarter around μ
    /// is integrated in the angle from μ and the half around the antipode in the angle from
    /// the antipode. Either keeps its abscissae exact where the density changes fastest there:
    /// a peak 1e-6 wide at x = 1 spans only 4500 doubles of x (their rounding would cost
    /// 1e-11), and the end −π of the support is not a double at all.
    fn arc(&self, from: Angles, to: Angles, g: &dyn Fn(f64) -> f64) -> f64 {
        let h = FRAC_PI_2;
        // The walk in unwrapped angle from μ, with the quarter points and antipode it passes.
        let start = from.mode;
        let mut stop = to.mode;
        if stop < start {
            stop += TAU;
        }
        let specials = [
            (-h, Angles { mode: -h, antipode: h }),
            (h, Angles { mode: h, antipode: -h }),
            (PI, Angles { mode: PI, antipode: 0.0 }),
            (PI + h, Angles { mode: -h, antipode: h }),
            (TAU + h, Angles { mode: h, antipode: -h }),
            (TAU + PI, Angles { mode: PI, antipode: 0.0 }),
        ];
        let mut points = vec![(start, from)];
        points.extend(specials.iter().filter(|(at, _)| *at > start && *at < stop));
        points.push((stop, to));
        let mut total = crate::numerics::sum::Kahan::default();
        for pair in points.windows(2) {
            let ((a, pa), (b, pb)) = (pair[0], pair[1]);
            if ((0.5 * (a + b)).cos()) >= 0.0 {
                // A piece of the quarters around μ: at A the walk's mode angle jumps to −π.
                let lo = if pa.mode == PI { -PI } else { pa.mode };
                total.add(self.piece(lo, pb.mode, false, g));
            } else {
                total.add(self.piece(pa.antipode, pb.antipode, true, g));
            }
        }
        total.value()
    }

    /// ∫ over angles [u₁, u₂] from μ (or from the antipode), the density scaled by its largest
    /// value there so that a tail of 1e-300 is not integrated among subnormal numbers, and split
    /// at the centre, 1 to 40 widths 1/√κ either side, and where x wraps.
    fn piece(&self, u1: f64, u2: f64, from_antipode: bool, g: &dyn Fn(f64) -> f64) -> f64 {
        if u1.partial_cmp(&u2) != Some(std::cmp::Ordering::Less) {
            return 0.0;
        }
        let (centre, shift) = if from_antipode {
            (self.loc + PI, PI)
        } else {
            (self.loc, 0.0)
        };
        let ln_f = |u: f64| self.ln_pdf_at_angle(u + shift);
        let peak = if !from_antipode && u1 <= 0.0 && u2 >= 0.0 {
            ln_f(0.0)
        } else {
            ln_f(u1).max(ln_f(u2))
        };
        let w = 1.0 / self.kappa.sqrt();
        let mut breaks = vec![u1, u2, 0.0, self.cut().antipode];
        if !from_antipode {
            breaks.push(self.cut().mode);
            for k in [1.0, 3.0, 8.0, 20.0, 40.0] {
                breaks.extend([k * w, -k * w]);
            }
        }
        breaks.retain(|&u| u >= u1 && u <= u2);
        breaks.sort_by(f64::total_cmp);
        breaks.dedup();
        let scaled = |u: f64| g(wrap(centre + u)) * (ln_f(u) - peak).exp();
        integral(scaled, &breaks) * peak.exp()
    }
}

/// A point of the circle by its signed angles from μ and from the antipode μ + π.
#[derive(Debug, Clone, Copy)]
struct Angles {
    mode: f64,
    antipode: f64,
}

/// ∫ f over the segments between `breaks`, to rounding (no tolerance of its own: it stops when
/// rounding dominates every panel's error).
fn integral(f: impl Fn(f64) -> f64, breaks: &[f64]) -> f64 {
    let tol = Tolerance {
        abs: 0.0,
        rel: 1e-16,
        max_evaluations: 100_000,
    };
    match integrate(f, breaks, tol) {
        Ok(r) => r.value,
        // The budget is far above what smooth integrands take; keep the best value.
        Err(Error::NotConverged { value, .. }) => value,
        Err(_) => f64::NAN,
    }
}

impl Family for VonMises {
    const NAME: &'static str = "von_mises";
    const ALIASES: &'static [&'static str] = &["vonmises"];
    const PARAMS: &'static [Param] = &[Param::scalar("loc").range(-PI, PI), Param::scalar("kappa").range(0.01, 50.0)];
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
        self.ln_pdf_at_angle(self.angle_to(x))
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
        self.arc(self.cut(), self.point(x), &|_| 1.0)
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
        self.arc(self.point(x), self.cut(), &|_| 1.0)
    }
    fn quantile(&self, p: f64) -> f64 {
        let z = special::norm_quantile(p.clamp(1e-300, 1.0 - 1e-16));
        let guess = (self.loc + z / self.kappa.sqrt()).clamp(-3.0, 3.0);
        crate::dist::inversion::continuous_quantile(self, p, guess)
    }
    fn support(&self) -> Support {
        Support::continuous(-PI, PI)
    }
    /// The mean of X on [−π, π): μ less 2π times the mass W that wraps past the cut,
    /// μ − 2π·P(X < μ − π) for μ ≥ 0 and μ + 2π·P(X > μ + π) for μ < 0. W lies within |μ| of the
    /// antipode, an arc of exactly known width (μ = 0 gives exactly 0); for |μ| > π/2 it is
    /// ½ less the mass within π − |μ| of μ, so that the mean μ ∓ π ± … keeps its digits.
    fn mean(&self) -> Option<f64> {
        let mu = self.loc;
        let sign = if mu < 0.0 { -1.0 } else { 1.0 };
        let one = &|_: f64| 1.0;
        Some(if mu.abs() <= FRAC_PI_2 {
            let w = self.piece(-mu.abs(), 0.0, true, one);
            mu - sign * TAU * w
        } else {
            let near = self.piece(0.0, (PI - mu.abs()) + PI_LO, false, one);
            (mu - sign * PI) - sign * PI_LO + sign * TAU * near
        })
    }
    /// E[(X − E X)²] on [−π, π), by quadrature of a positive integrand around the circle.
    fn variance(&self) -> Option<f64> {
        let m = self.mean()?;
        let g = &|x: f64| (x - m) * (x - m);
        let h = FRAC_PI_2;
        Some(self.piece(-h, h, false, g) + self.piece(-h, h, true, g))
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
