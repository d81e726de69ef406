//! Adaptive Gauss–Kronrod quadrature (G10/K21) with a global error heap and maps for infinite
//! ends: a plain integrator that knows nothing of distributions.
//!
//! The error estimate of each panel is QUADPACK's (Piessens et al. 1983, `qk21`): the
//! Gauss–Kronrod difference scaled by (200·|K−G|/I_asc)^{3/2}, floored by 50 ε times the integral
//! of |f| so that rounding is never hidden. The panel with the largest error is bisected until
//! the sum of errors meets the tolerance, or the evaluation budget ends in `NotConverged`.

use crate::Error;
use std::collections::BinaryHeap;

/// Kronrod abscissae on [−1, 1], QUADPACK `qk21`; the odd ones are the 10-point Gauss nodes.
const XGK: [f64; 11] = [
    0.995_657_163_025_808_1,
    0.973_906_528_517_171_7,
    0.930_157_491_355_708_2,
    0.865_063_366_688_984_5,
    0.780_817_726_586_416_9,
    0.679_409_568_299_024_4,
    0.562_757_134_668_604_7,
    0.433_395_394_129_247_2,
    0.294_392_862_701_460_2,
    0.148_874_338_981_631_2,
    0.0,
];
/// Kronrod weights.
const WGK: [f64; 11] = [
    0.011_694_638_867_371_874,
    0.032_558_162_307_964_73,
    0.054_755_896_574_352,
    0.075_039_674_810_919_95,
    0.093_125_454_583_697_6,
    0.109_387_158_802_297_64,
    0.123_491_976_262_065_85,
    0.134_709_217_311_473_33,
    0.142_775_938_577_060_08,
    0.147_739_104_901_338_5,
    0.149_445_554_002_916_9,
];
/// Gauss weights for the nodes XGK[1], XGK[3], …, XGK[9].
const WG: [f64; 5] = [
    0.066_671_344_308_688_14,
    0.149_451_349_150_580_6,
    0.219_086_362_515_982_04,
    0.269_266_719_309_996_36,
    0.295_524_224_714_752_87,
];
/// Nodes per panel.
const NODES: usize = 21;
/// Length scale of a mapped infinite tail, as a fraction of the span of the finite breaks.
const TAIL_SCALE: f64 = 0.5;
/// Relative error of an integrand value against its magnitude: ln_pdf values carry a few ulp
/// of their largest intermediate (r·x = 8·10⁸ inside a gamma's ln_pdf whose value is smaller),
/// so a difference of two logs does; 64 ulp covers every pair the fuzz harness and the
/// adversarial suite have compared with a closed form (32 did not).
pub const INTEGRAND_ROUNDING: f64 = 64.0 * f64::EPSILON;

/// The result of an integration: value, error bound estimate, and the cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Integral {
    /// The integral.
    pub value: f64,
    /// The estimated absolute error.
    pub abs_error: f64,
    /// Integrand evaluations used.
    pub evaluations: u64,
    /// The Kronrod estimate of the companion function's integral over the same panels (for KL:
    /// the density, whose integral must be 1 — a check that the panels saw all the mass).
    pub companion: f64,
    /// The integral of the magnitude (for KL: p·(|ln p| + |ln q| + 2), at least E_p|ln p − ln q|).
    pub magnitude: f64,
}

/// What an integrand returns at one point.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// f(x).
    pub value: f64,
    /// The size of the terms f(x) is a difference of, whose rounding enters the error estimate.
    pub magnitude: f64,
    /// A companion function integrated over the same panels without error control.
    pub companion: f64,
}

/// How an integration variable t maps to x on a segment.
#[derive(Debug, Clone, Copy)]
enum Map {
    /// x = t on [a, b].
    Finite,
    /// x = a + L·t/(1−t), t ∈ [0, 1): (a, L).
    Up(f64, f64),
    /// x = b − L·(1−t)/t, t ∈ (0, 1]: (b, L).
    Down(f64, f64),
    /// x = a + L·(e^τ − 1), τ = t/(1−t): for tails that fall like a power, which the plain map
    /// cannot follow past x ~ 10¹⁶·L (where t has no digits left) though their integral goes on.
    UpLog(f64, f64),
    /// x = b − L·(e^τ − 1), τ = (1−t)/t.
    DownLog(f64, f64),
}

/// How an infinite tail is mapped: its length scale (None for the default), and whether it
/// falls like a power and needs the exponential map.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tail {
    /// The length scale L.
    pub scale: Option<f64>,
    /// Whether to use the exponential map.
    pub power_law: bool,
    /// Whether the tail's integral lies beyond the largest double, where no map reaches.
    pub beyond: bool,
}

impl Map {
    /// (x, dx/dt)
    fn eval(self, t: f64) -> (f64, f64) {
        match self {
            Map::Finite => (t, 1.0),
            Map::Up(a, l) => {
                let s = 1.0 - t;
                (a + l * t / s, l / (s * s))
            }
            Map::Down(b, l) => (b - l * (1.0 - t) / t, l / (t * t)),
            Map::UpLog(a, l) => {
                let s = 1.0 - t;
                let tau = t / s;
                (a + l * tau.exp_m1(), l * tau.exp() / (s * s))
            }
            Map::DownLog(b, l) => {
                let tau = (1.0 - t) / t;
                (b - l * tau.exp_m1(), l * tau.exp() / (t * t))
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Panel {
    a: f64,
    b: f64,
    map: Map,
    value: f64,
    error: f64,
    companion: f64,
    magnitude: f64,
    /// Bisection cannot help: too narrow to bisect in floating point, or the error is rounding.
    final_: bool,
    /// Too narrow to bisect in floating point.
    narrow: bool,
    /// Checked against its own two halves (made by bisecting a panel, whose value the halves
    /// confirmed or corrected).
    verified: bool,
}

impl PartialEq for Panel {
    fn eq(&self, other: &Self) -> bool {
        self.error == other.error
    }
}
impl Eq for Panel {}
impl PartialOrd for Panel {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Panel {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Final panels sink: nothing more can be done for them.
        (!self.final_, self.error)
            .partial_cmp(&(!other.final_, other.error))
            .unwrap_or(std::cmp::Ordering::Equal)
    }
}

/// Tolerances and budget of an integration.
#[derive(Debug, Clone, Copy)]
pub struct Tolerance {
    /// Stop when the error estimate is below this ...
    pub abs: f64,
    /// ... or below this times |value|.
    pub rel: f64,
    /// Give up (NotConverged) after this many integrand evaluations.
    pub max_evaluations: u64,
}

/// The outcome of one Kronrod panel: (value, error), or a non-finite integrand.
enum PanelResult {
    /// (value, error, whether rounding dominates the error: bisecting would not help, companion,
    /// magnitude)
    Ok(f64, f64, bool, f64, f64),
    /// The integrand is +∞ at a node: the integral is +∞.
    Infinite,
    /// The integrand is NaN or −∞ at x.
    Bad(f64),
}

fn kronrod<F: FnMut(f64) -> Point>(f: &mut F, a: f64, b: f64, map: Map) -> PanelResult {
    let centr = 0.5 * (a + b);
    let hlgth = 0.5 * (b - a);
    let mut fv = [0.0f64; NODES];
    let mut mags = [0.0f64; NODES];
    let mut comps = [0.0f64; NODES];
    let mut nodes = [0.0f64; NODES];
    let mut shift = 0.0f64;
    for j in 0..10 {
        nodes[2 * j] = centr - hlgth * XGK[j];
        nodes[2 * j + 1] = centr + hlgth * XGK[j];
    }
    nodes[20] = centr;
    for (((v, m), c), &t) in fv
        .iter_mut()
        .zip(mags.iter_mut())
        .zip(comps.iter_mut())
        .zip(&nodes)
    {
        let (x, dx) = map.eval(t);
        let (y, mag) = if dx.is_finite() && x.is_finite() {
            let pt = f(x);
            *c = pt.companion * dx;
            // Where the node really is: x rounds by ε|x|, which in t is ε|x|/(dx/dt).
            shift = shift.max(2.0 * f64::EPSILON * x.abs() / dx.abs());
            (pt.value * dx, pt.magnitude * dx)
        } else {
            (0.0, 0.0)
        };
        *m = mag;
        if y.is_nan() {
            return PanelResult::Bad(x);
        }
        if y == f64::INFINITY {
            return PanelResult::Infinite;
        }
        if y == f64::NEG_INFINITY {
            return PanelResult::Bad(x);
        }
        *v = y;
    }
    let fc = fv[20];
    let mut resg = 0.0;
    let mut resk = fc * WGK[10];
    let mut resabs = resk.abs();
    let mut resmag = WGK[10] * mags[20];
    let mut rescomp = WGK[10] * comps[20];
    for j in 0..10 {
        let (f1, f2) = (fv[2 * j], fv[2 * j + 1]);
        resk += WGK[j] * (f1 + f2);
        rescomp += WGK[j] * (comps[2 * j] + comps[2 * j + 1]);
        resabs += WGK[j] * (f1.abs() + f2.abs());
        resmag += WGK[j] * (mags[2 * j] + mags[2 * j + 1]);
        if j % 2 == 1 {
            resg += WG[j / 2] * (f1 + f2);
        }
    }
    let reskh = 0.5 * resk;
    let mut resasc = WGK[10] * (fc - reskh).abs();
    for j in 0..10 {
        resasc += WGK[j] * ((fv[2 * j] - reskh).abs() + (fv[2 * j + 1] - reskh).abs());
    }
    let result = resk * hlgth;
    resabs *= hlgth.abs();
    resasc *= hlgth.abs();
    let mut abserr = ((resk - resg) * hlgth).abs();
    if resasc != 0.0 && abserr != 0.0 {
        abserr = resasc * (200.0 * abserr / resasc).powf(1.5).min(1.0);
    }
    // The nodes' own rounding: f is integrated at positions off by up to `shift`, which moves
    // the sum by at most shift × the variation of f over the panel (a peak 10⁻⁶ wide at x = 1
    // is evaluated 10⁻¹⁰ of its width off).
    let mut variation = 0.0;
    let mut previous = fv[0];
    // Nodes in order along the panel: the left ones outward-in, the centre, the right inward-out.
    let ordered = (0..10)
        .map(|j| fv[2 * j])
        .chain(std::iter::once(fv[20]))
        .chain((0..10).rev().map(|j| fv[2 * j + 1]));
    for v in ordered {
        variation += (v - previous).abs();
        previous = v;
    }
    // Rounding: QUADPACK's floor on |f|, the integrand's own error, proportional to the
    // magnitude of what it cancels (for KL: p·(|ln p| + |ln q|)), and the nodes' positions.
    let rounding = 50.0 * f64::EPSILON * resabs
        + INTEGRAND_ROUNDING * resmag * hlgth.abs()
        + variation * shift;
    PanelResult::Ok(
        result,
        abserr.max(rounding),
        abserr <= rounding,
        rescomp * hlgth,
        resmag * hlgth.abs(),
    )
}

/// ∫ f over the segments between consecutive `breaks` (sorted; ±∞ allowed at the ends only).
///
/// # Errors
/// [`Error::NotConverged`] when the budget runs out before the tolerance is met (carrying the
/// best value and error so far); [`Error::InvalidArgument`] when the integrand is NaN.
pub fn integrate<F: FnMut(f64) -> f64>(
    mut f: F,
    breaks: &[f64],
    tol: Tolerance,
) -> Result<Integral, Error> {
    integrate_points(
        |x| Point {
            value: f(x),
            ..Point::default()
        },
        breaks,
        tol,
    )
}

/// As [`integrate`], for an integrand that also returns the magnitude of the terms it is a
/// difference of (so that their rounding enters the error estimate) and a companion function.
///
/// # Errors
/// As [`integrate`].
pub fn integrate_points<F: FnMut(f64) -> Point>(
    f: F,
    breaks: &[f64],
    tol: Tolerance,
) -> Result<Integral, Error> {
    integrate_with_tails(f, breaks, tol, [Tail::default(); 2])
}

/// As [`integrate_points`], with the length scales of the lower and upper infinite tails where
/// the caller knows them (a tail decaying like e^{0.00001·u} needs a scale of 10⁵, far beyond
/// the span of the break points).
///
/// # Errors
/// As [`integrate`].
pub fn integrate_with_tails<F: FnMut(f64) -> Point>(
    mut f: F,
    breaks: &[f64],
    tol: Tolerance,
    tails: [Tail; 2],
) -> Result<Integral, Error> {
    let mut heap = BinaryHeap::new();
    let mut evaluations = 0u64;
    let infinite = |evaluations: u64| Integral {
        value: f64::INFINITY,
        abs_error: 0.0,
        evaluations,
        companion: f64::NAN,
        magnitude: f64::NAN,
    };
    let finite: Vec<f64> = breaks.iter().copied().filter(|x| x.is_finite()).collect();
    let span = match (finite.first(), finite.last()) {
        (Some(lo), Some(hi)) => hi - lo,
        _ => 0.0,
    };
    let scale = TAIL_SCALE * if span > 0.0 { span } else { 1.0 };
    let [lower, upper] = tails.map(|t| {
        let l = t
            .scale
            .filter(|l| l.is_finite() && *l > 0.0)
            .unwrap_or(scale);
        (l, t.power_law)
    });
    let up = |a: f64| match upper {
        (l, false) => Map::Up(a, l),
        (l, true) => Map::UpLog(a, l),
    };
    let down = |b: f64| match lower {
        (l, false) => Map::Down(b, l),
        (l, true) => Map::DownLog(b, l),
    };
    for w in breaks.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a.partial_cmp(&b) != Some(std::cmp::Ordering::Less) {
            continue;
        }
        let segments: &[(f64, f64, Map)] = match (a.is_finite(), b.is_finite()) {
            (true, true) => &[(a, b, Map::Finite)],
            // The tail's length scale: the distance from the other end of the finite breaks
            // (where the body of the integrand is), so that t = ½ lands one body-width out.
            (true, false) => &[(0.0, 1.0, up(a))],
            (false, true) => &[(0.0, 1.0, down(b))],
            (false, false) => &[
                (0.0, 1.0, Map::Down(0.0, 1.0)),
                (0.0, 1.0, Map::Up(0.0, 1.0)),
            ],
        };
        for &(a, b, map) in segments {
            match panel(&mut f, &mut evaluations, a, b, map)? {
                Some(p) => heap.push(p),
                None => return Ok(infinite(evaluations)),
            }
        }
    }
    loop {
        let (value, error, splittable) = totals(&heap);
        // Met when the error is within tolerance, or when what bisection could still remove is
        // a small part of an error that rounding dominates.
        if error <= tol.abs.max(tol.rel * value.abs()) || splittable <= 0.05 * error {
            // Verification: every panel not yet checked (by its own halves, when it was made by
            // bisection) is integrated again by an independent rule, 14-point Gauss–Legendre,
            // whose nodes all differ from Kronrod's. Where the two disagree by more than the
            // panel claimed, its error becomes the disagreement and it is open to bisection
            // again: Gauss and Kronrod agreeing on a wrong value (a feature between their
            // nodes) ends here, and the loop goes on until the checked total meets the tolerance.
            let unverified: Vec<Panel> = heap.iter().filter(|p| !p.verified).copied().collect();
            if unverified.is_empty() {
                return Ok(Integral {
                    value,
                    abs_error: error,
                    evaluations,
                    companion: companion_total(&heap),
                    magnitude: magnitude_total(&heap),
                });
            }
            heap.retain(|p| p.verified);
            for mut p in unverified {
                let Some(check) = gauss_check(&mut f, &mut evaluations, &p)? else {
                    return Ok(infinite(evaluations));
                };
                let disagreement = (check - p.value).abs();
                if disagreement > p.error {
                    p.error = disagreement;
                    p.final_ = p.narrow;
                }
                p.verified = true;
                heap.push(p);
            }
            continue;
        }
        if evaluations >= tol.max_evaluations {
            return Err(Error::NotConverged {
                what: "quadrature",
                value,
                abs_error: error,
                evaluations,
            });
        }
        let Some(worst) = heap.pop() else { break };
        match split(&mut f, &mut evaluations, &worst)? {
            Some((l, r)) => {
                heap.push(l);
                heap.push(r);
            }
            None => return Ok(infinite(evaluations)),
        }
    }
    let (value, error, _) = totals(&heap);
    Ok(Integral {
        value,
        abs_error: error,
        evaluations,
        companion: companion_total(&heap),
        magnitude: magnitude_total(&heap),
    })
}

/// The magnitude's integral over all panels.
fn magnitude_total(heap: &BinaryHeap<Panel>) -> f64 {
    heap.iter().map(|p| p.magnitude).sum()
}

/// The companion's integral over all panels.
fn companion_total(heap: &BinaryHeap<Panel>) -> f64 {
    let mut c = crate::numerics::sum::Kahan::default();
    for p in heap {
        c.add(p.companion);
    }
    c.value()
}

/// Bisects a panel. Where the halves' sum disagrees with the panel's value by more than the
/// panel claimed, its error estimate failed there, and each half's error is at least half the
/// disagreement: the halves' own estimates, made by the same rule, are not trusted either.
/// `Ok(None)` if the integrand is +∞ there.
fn split<F: FnMut(f64) -> Point>(
    f: &mut F,
    evaluations: &mut u64,
    whole: &Panel,
) -> Result<Option<(Panel, Panel)>, Error> {
    let mid = 0.5 * (whole.a + whole.b);
    let (Some(mut l), Some(mut r)) = (
        panel(f, evaluations, whole.a, mid, whole.map)?,
        panel(f, evaluations, mid, whole.b, whole.map)?,
    ) else {
        return Ok(None);
    };
    let disagreement = ((l.value + r.value) - whole.value).abs();
    let share = if disagreement > whole.error {
        0.5 * disagreement
    } else {
        0.0
    };
    for half in [&mut l, &mut r] {
        if share > half.error {
            // The halves' own estimate missed this: bisection may still help.
            half.error = share;
            half.final_ = half.narrow;
        }
        half.verified = true;
    }
    Ok(Some((l, r)))
}

/// Gauss–Legendre nodes (on [−1, 1]) and weights for `n` points, by Newton's method on Pₙ.
pub(crate) fn gauss_legendre(n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
            let mut dp = 1.0;
            for _ in 0..100 {
                // Pₙ(x) and its derivative by the three-term recurrence.
                let (mut p0, mut p1) = (1.0, x);
                for k in 2..=n {
                    let kf = k as f64;
                    (p0, p1) = (p1, ((2.0 * kf - 1.0) * x * p1 - (kf - 1.0) * p0) / kf);
                }
                dp = n as f64 * (x * p1 - p0) / (x * x - 1.0);
                let step = p1 / dp;
                x -= step;
                if step.abs() < 1e-17 {
                    break;
                }
            }
            (x, 2.0 / ((1.0 - x * x) * dp * dp))
        })
        .collect()
}

/// Points of the verification rule: even, so that no node is Kronrod's centre.
const CHECK_POINTS: usize = 14;

/// The panel's integral by 14-point Gauss–Legendre; `Ok(None)` if the integrand is +∞ there.
fn gauss_check<F: FnMut(f64) -> Point>(
    f: &mut F,
    evaluations: &mut u64,
    p: &Panel,
) -> Result<Option<f64>, Error> {
    static RULE: std::sync::OnceLock<Vec<(f64, f64)>> = std::sync::OnceLock::new();
    let rule = RULE.get_or_init(|| gauss_legendre(CHECK_POINTS));
    *evaluations += CHECK_POINTS as u64;
    let (centre, half) = (0.5 * (p.a + p.b), 0.5 * (p.b - p.a));
    let mut sum = 0.0;
    for &(node, weight) in rule {
        let (x, dx) = p.map.eval(centre + half * node);
        if !(dx.is_finite() && x.is_finite()) {
            continue;
        }
        let y = f(x).value * dx;
        if y == f64::INFINITY {
            return Ok(None);
        }
        if y.is_nan() || y == f64::NEG_INFINITY {
            return Err(Error::InvalidArgument {
                name: "the integrand at x",
                value: x,
                expected: "finite (it is NaN or −∞ there)",
            });
        }
        sum += weight * y;
    }
    Ok(Some(sum * half))
}

/// Integrates one panel; `Ok(None)` if the integrand is +∞ there.
fn panel<F: FnMut(f64) -> Point>(
    f: &mut F,
    evaluations: &mut u64,
    a: f64,
    b: f64,
    map: Map,
) -> Result<Option<Panel>, Error> {
    *evaluations += NODES as u64;
    match kronrod(f, a, b, map) {
        PanelResult::Ok(value, error, rounding_bound, companion, magnitude) => {
            let mid = 0.5 * (a + b);
            let narrow =
                !(mid > a && mid < b) || (b - a) <= 4.0 * f64::EPSILON * a.abs().max(b.abs());
            Ok(Some(Panel {
                a,
                b,
                map,
                value,
                error,
                companion,
                magnitude,
                final_: rounding_bound || narrow,
                narrow,
                verified: false,
            }))
        }
        PanelResult::Infinite => Ok(None),
        PanelResult::Bad(x) => Err(Error::InvalidArgument {
            name: "the integrand at x",
            value: x,
            expected: "finite (it is NaN or −∞ there)",
        }),
    }
}

/// The compensated sum of the panel values, the sum of their errors, and the part of that error
/// in panels that bisection can still improve.
fn totals(heap: &BinaryHeap<Panel>) -> (f64, f64, f64) {
    let mut v = crate::numerics::sum::Kahan::default();
    let (mut e, mut splittable) = (0.0, 0.0);
    for p in heap {
        v.add(p.value);
        e += p.error;
        if !p.final_ {
            splittable += p.error;
        }
    }
    (v.value(), e, splittable)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: Tolerance = Tolerance {
        abs: 1e-14,
        rel: 1e-13,
        max_evaluations: 100_000,
    };

    #[test]
    fn rules_integrate_polynomials_exactly() {
        // K21 is exact to degree 31, G10 to degree 19: ∫₋₁¹ x^{2m} = 2/(2m+1).
        for m in 0..=15 {
            let k: f64 = WGK[10] * if m == 0 { 1.0 } else { 0.0 }
                + (0..10)
                    .map(|j| 2.0 * WGK[j] * XGK[j].powi(2 * m))
                    .sum::<f64>();
            let want = 2.0 / (2 * m + 1) as f64;
            assert!((k - want).abs() < 1e-15, "K21 degree {}", 2 * m);
            if m <= 9 {
                let g: f64 = (0..5)
                    .map(|j| 2.0 * WG[j] * XGK[2 * j + 1].powi(2 * m))
                    .sum();
                assert!((g - want).abs() < 1e-15, "G10 degree {}", 2 * m);
            }
        }
    }

    #[test]
    fn gaussian_over_the_real_line() {
        let r = integrate(
            |x| (-0.5 * x * x).exp(),
            &[f64::NEG_INFINITY, 0.0, f64::INFINITY],
            TOL,
        )
        .unwrap();
        let truth = (2.0 * std::f64::consts::PI).sqrt();
        assert!((r.value - truth).abs() <= r.abs_error.max(1e-15), "{r:?}");
        assert!(r.abs_error < 1e-12);
    }

    #[test]
    fn endpoint_singularity() {
        // ∫₀¹ x^{−1/2} dx = 2
        let r = integrate(|x| 1.0 / x.sqrt(), &[0.0, 1.0], TOL).unwrap();
        assert!((r.value - 2.0).abs() <= r.abs_error, "{r:?}");
    }

    #[test]
    fn budget_ends_in_not_converged() {
        let tight = Tolerance {
            abs: 0.0,
            rel: 0.0,
            max_evaluations: 300,
        };
        let e = integrate(|x| (1.0 / x).sin(), &[1e-3, 1.0], tight).unwrap_err();
        assert!(matches!(e, Error::NotConverged { .. }), "{e}");
    }
}
