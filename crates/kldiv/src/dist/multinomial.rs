use super::family::{Arg, Args, Family, Param};
use crate::Error;
use crate::error::check;
use crate::limits::{MAX_LEN, SUM_TOLERANCE};
use crate::numerics::log::d_minus_ln1p;
use crate::numerics::special::{bd0, ln_dbinom_raw, ln_dbinom_raw_slope, stirlerr};
use crate::numerics::sum::{self, Kahan};
use rand::Rng;
use std::f64::consts::PI;

/// The multinomial distribution: the counts of k outcomes in n independent trials with
/// probabilities p₁, …, p_k.
///
/// ```text
/// pmf(x) = n! / (x₁! ⋯ x_k!) · p₁^x₁ ⋯ p_k^x_k,   xᵢ ∈ {0, 1, …},  Σ xᵢ = n
/// ```
///
/// p must sum to 1 within 1e-9 and is then normalised, as the draws are: with p as given, even
/// a sum of 1 − 2⁻⁵⁴ (0.3 + 0.7 in doubles) would give a pmf of total mass (Σp)ⁿ = e^{−0.06} at
/// n = 10¹⁵. It is evaluated in Loader's saddle-point form (as the binomial's), so that ln n!
/// and Σ ln xᵢ! — each of size n ln n — never cancel, and with p as given plus a correction
/// for its sum (dividing pᵢ would round it, which ln pmf feels as xᵢ·ε):
///
/// ```text
/// ln pmf(x) = −Σ bd0(xᵢ, npᵢ) − Σ_{xᵢ ≥ 1} g(xᵢ) + g(n) + n(u − ln(1 + u)),  u = Σpᵢ − 1,
/// bd0(x, m) = x ln(x/m) + m − x,   g(x) = ln x! − x ln x + x = ½ ln 2πx + stirlerr(x)
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Multinomial {
    n: f64,
    p: Vec<f64>,
    /// 1 − Σpᵢ, compensated.
    deficit: f64,
    /// Σ_{j ≥ i} pⱼ, compensated: the mass left for the sequential draws.
    tail: Vec<f64>,
}

/// The largest n accepted, as for the binomial.
const MAX_N: f64 = 1e15;

/// Terms the entropy sum may take before it gives up (`None`): it has no closed form, and each
/// coordinate needs the bulk of a Bin(n, pᵢ), about 80 standard deviations.
const ENTROPY_TERMS: f64 = 1e7;

impl Multinomial {
    /// A multinomial distribution with n trials (an integer in [0, 1e15]) and probabilities p
    /// (at least two, each finite and ≥ 0, summing to 1 within 1e-9).
    ///
    /// # Errors
    /// When `n` is above 1e15, or p is too short or too long, has an entry that is negative or
    /// not finite (named in the message), or does not sum to 1.
    pub fn new(n: u64, p: Vec<f64>) -> Result<Multinomial, Error> {
        let n = n as f64;
        check("multinomial", "n", n, n <= MAX_N, "an integer in [0, 1e15]")?;
        let shape = |message: String| Error::InvalidShape {
            family: "multinomial",
            message,
        };
        if p.len() < 2 {
            return Err(shape(format!(
                "p needs at least 2 entries, got {}",
                p.len()
            )));
        }
        if p.len() > MAX_LEN {
            return Err(shape(format!(
                "p has {} entries, more than the limit of {MAX_LEN}",
                p.len()
            )));
        }
        if let Some((i, &v)) = p
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= 0.0))
        {
            let v = crate::spec::format_number(v);
            return Err(shape(format!("p[{i}] must be finite and ≥ 0, got {v}")));
        }
        let total = sum::sum(&p);
        if (total - 1.0).abs() > SUM_TOLERANCE {
            return Err(shape(format!(
                "p must sum to 1 (within {SUM_TOLERANCE:e}), got {total}"
            )));
        }
        // 1 − Σp with the compensation kept: it is below an ulp of 1 when p sums to 1 in
        // decimal, and n times it still counts.
        let mut acc = Kahan::default();
        acc.add(1.0);
        for &v in &p {
            acc.add(-v);
        }
        let deficit = acc.value();
        let mut tail = vec![0.0; p.len()];
        let mut acc = Kahan::default();
        for i in (0..p.len()).rev() {
            acc.add(p[i]);
            tail[i] = acc.value();
        }
        Ok(Multinomial {
            n,
            p,
            deficit,
            tail,
        })
    }

    /// The number of trials n.
    pub fn n(&self) -> u64 {
        self.n as u64
    }

    /// The probabilities p, as given (they sum to 1 within 1e-9; the distribution uses p/Σp).
    pub fn p(&self) -> &[f64] {
        &self.p
    }

    /// 1 − Σpᵢ, compensated.
    pub(crate) fn deficit(&self) -> f64 {
        self.deficit
    }

    /// n(u − ln(1 + u)), u = Σpᵢ − 1: what normalising p adds to ln pmf beyond Σ bd0(xᵢ, npᵢ),
    /// ≥ 0 and about n u²/2.
    fn normalising(&self) -> f64 {
        self.n * d_minus_ln1p(-self.deficit)
    }

    /// The number of outcomes k (the length of a draw).
    pub fn dim(&self) -> usize {
        self.p.len()
    }

    /// ln of the pmf at a count vector x; −∞ off the support (a negative or fractional count,
    /// counts not summing to n, a count where pᵢ = 0), NaN for a NaN or the wrong length.
    pub fn ln_pdf(&self, x: &[f64]) -> f64 {
        if x.len() != self.p.len() || x.iter().any(|v| v.is_nan()) {
            return f64::NAN;
        }
        let n = self.n;
        // Each count is checked against n before it is added, so the running total stays
        // below 2n < 2⁵³ and is exact.
        let mut total = 0.0;
        for (&xi, &pi) in x.iter().zip(&self.p) {
            if xi < 0.0 || xi > n || xi != xi.floor() || (xi > 0.0 && pi == 0.0) {
                return f64::NEG_INFINITY;
            }
            total += xi;
            if total > n {
                return f64::NEG_INFINITY;
            }
        }
        if total != n {
            return f64::NEG_INFINITY;
        }
        if n == 0.0 {
            return 0.0;
        }
        // g(n) is paired with the largest count, where the two nearly cancel.
        let j = argmax(x);
        let mut acc = Kahan::default();
        acc.add(self.normalising());
        for (i, (&xi, &pi)) in x.iter().zip(&self.p).enumerate() {
            if pi > 0.0 {
                // n·pᵢ with its rounding, which bd0 would otherwise amplify by |1 − xᵢ/(npᵢ)|.
                let m = n * pi;
                let m_lo = n.mul_add(pi, -m);
                acc.add(-bd0_counts(xi, m) - (1.0 - xi / m) * m_lo);
            }
            if i == j {
                acc.add(-g_minus_g_n(xi, n));
            } else if xi > 0.0 {
                acc.add(-g(xi));
            }
        }
        acc.value()
    }

    /// The Shannon entropy in nats, summed exactly over the binomial marginals (no closed form
    /// exists); `None` when that sum would take more than 10⁷ terms.
    ///
    /// ```text
    /// H = −E ln pmf(X) = Σᵢ E[bd0(Xᵢ, npᵢ) + g(Xᵢ)] − g(n) − n(u − ln(1 + u)),
    /// Xᵢ ~ Bin(n, pᵢ/Σp),  u = Σpᵢ − 1
    /// ```
    ///
    /// This is −ln n! − n Σ pᵢ ln pᵢ + Σᵢ E[ln Xᵢ!] rearranged: the terms are non-negative and
    /// of size ln n, not n ln n, and −g(n) is taken inside the largest pᵢ's expectation, so that
    /// a nearly degenerate p (all but 10⁻¹⁰ on one outcome) keeps its relative accuracy.
    pub fn entropy(&self) -> Option<f64> {
        let n = self.n;
        if n == 0.0 || self.p.iter().filter(|&&p| p > 0.0).count() == 1 {
            return Some(0.0);
        }
        let terms: f64 = self
            .p
            .iter()
            .filter(|&&p| p > 0.0)
            .map(|&p| (n + 1.0).min(2.0 * bulk(n, p) + 2.0))
            .sum();
        if terms > ENTROPY_TERMS {
            return None;
        }
        let j = argmax(&self.p);
        let normalising = self.normalising();
        let mut acc = Kahan::default();
        acc.add(-normalising);
        for (i, &p) in self.p.iter().enumerate() {
            if p == 0.0 {
                continue;
            }
            // (E[X] − npᵢ)·(rounding of npᵢ) has expectation ~ nδε: no correction is needed.
            let m = n * p;
            let marginal = Marginal::new(n, p, self.deficit, normalising);
            if i == j {
                let f = |x| bd0_counts(x, m) + g_minus_g_n(x, n);
                marginal.add_expectation(f, &mut acc);
            } else {
                let f = |x| bd0_counts(x, m) + if x > 0.0 { g(x) } else { 0.0 };
                marginal.add_expectation(f, &mut acc);
            }
        }
        Some(acc.value())
    }

    /// One draw by sequential conditional binomials: xᵢ ~ Bin(n − Σ_{j<i} xⱼ, pᵢ / Σ_{j≥i} pⱼ).
    pub fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        use rand::distr::Distribution;
        let mut left = self.n as u64;
        for (&p, &tail) in self.p.iter().zip(&self.tail) {
            let x = if left == 0 || p == 0.0 {
                0
            } else if p >= tail {
                // All the remaining mass is here (the last positive pᵢ): no rounded ratio may
                // leave a count behind.
                left
            } else {
                rand_distr::Binomial::new(left, p / tail).map_or(0, |b| b.sample(rng))
            };
            out.push(x as f64);
            left -= x.min(left);
        }
    }
}

/// The index of the largest entry (the first, on ties).
fn argmax(xs: &[f64]) -> usize {
    let mut j = 0;
    for (i, &v) in xs.iter().enumerate() {
        if v > xs[j] {
            j = i;
        }
    }
    j
}

/// bd0(x, m) with bd0(0, m) = m (its limit; the formula would give 0·ln 0).
fn bd0_counts(x: f64, m: f64) -> f64 {
    if x == 0.0 { m } else { bd0(x, m) }
}

/// g(x) = ln x! − x ln x + x = ½ ln 2πx + stirlerr(x), for x ≥ 1.
fn g(x: f64) -> f64 {
    0.5 * (2.0 * PI * x).ln() + stirlerr(x)
}

/// g(x) − g(n) for a count 0 ≤ x ≤ n (with g(0) = 0): exactly 0 at x = n, and without the
/// cancellation of two values of size ln n near it.
fn g_minus_g_n(x: f64, n: f64) -> f64 {
    if x == 0.0 {
        -g(n)
    } else {
        0.5 * ((x - n) / n).ln_1p() + (stirlerr(x) - stirlerr(n))
    }
}

/// How far from its mean a Bin(n, p) sum goes before it may stop: 40 standard deviations and 50.
fn bulk(n: f64, p: f64) -> f64 {
    40.0 * (n * p * (1.0 - p)).sqrt() + 50.0
}

/// The marginal Bin(n, pᵢ/Σp) of one count.
struct Marginal {
    n: f64,
    p: f64,
    /// Σ_{j≠i} pⱼ = (1 − pᵢ) − (1 − Σp) as hi + lo: 1 − pᵢ rounded and its error, exact
    /// (Fast2Sum), and the deficit.
    q: (f64, f64),
    deficit: f64,
    normalising: f64,
}

impl Marginal {
    fn new(n: f64, p: f64, deficit: f64, normalising: f64) -> Marginal {
        let q = 1.0 - p;
        let q_lo = ((1.0 - q) - p) - deficit;
        Marginal {
            n,
            p,
            q: (q, q_lo),
            deficit,
            normalising,
        }
    }

    /// ln P(X = x). `ln_dbinom_raw` at (p, q) with p + q = Σp is ln C(n, x) + x ln p +
    /// (n − x) ln q − n(Σp − 1); dividing by (Σp)ⁿ adds the same `normalising` term as the
    /// multinomial's, and q's low part enters through the slope (its square, ≤ 1e-18 of n, is
    /// left out).
    fn ln_pmf(&self, x: f64) -> f64 {
        let (n, p, (q, q_lo)) = (self.n, self.p, self.q);
        // Two ends it writes as n ln q and n ln p, without the −n(p + q − 1).
        let plain = (x == 0.0 && p >= 0.1) || (x == n && q >= 0.1);
        let ends = if plain { n * self.deficit } else { 0.0 };
        ln_dbinom_raw(x, n, p, q) + ln_dbinom_raw_slope(x, n, p, q, 0.0, q_lo) + self.normalising
            + ends
    }

    /// Adds Σₓ P(X = x)·f(x) to `acc`: outward from the mean, each side until the pmf is below
    /// 1e-300 beyond [`bulk`] (as `special::discrete_entropy`).
    fn add_expectation(&self, f: impl Fn(f64) -> f64, acc: &mut Kahan) {
        let (n, p) = (self.n, self.p);
        let (mean, reach) = (n * p, bulk(n, p));
        let mut term = |x: f64| {
            let pmf = self.ln_pmf(x).exp();
            if pmf > 0.0 {
                acc.add(pmf * f(x));
            }
            pmf
        };
        let start = mean.floor().clamp(0.0, n);
        let mut x = start;
        while x >= 0.0 {
            if term(x) < 1e-300 && x < mean - reach {
                break;
            }
            x -= 1.0;
        }
        let mut x = start + 1.0;
        while x <= n {
            if term(x) < 1e-300 && x > mean + reach {
                break;
            }
            x += 1.0;
        }
    }
}

impl super::Multivariate for Multinomial {
    fn dim(&self) -> usize {
        Multinomial::dim(self)
    }
    fn ln_pdf(&self, x: &[f64]) -> f64 {
        Multinomial::ln_pdf(self, x)
    }
    fn entropy(&self) -> Option<f64> {
        Multinomial::entropy(self)
    }
    fn draw_into(&self, rng: &mut dyn Rng, out: &mut Vec<f64>) {
        Multinomial::draw_into(self, rng, out)
    }
}

impl Family for Multinomial {
    const NAME: &'static str = "multinomial";
    const PARAMS: &'static [Param] = &[Param::scalar("n").range(0.0, 100.0), Param::vector("p")];
    const SHOW_NAMES: bool = true;
    fn from_args(a: &Args<'_>) -> Result<Multinomial, Error> {
        Multinomial::new(a.count(0)?, a.vector(1)?)
    }
    fn args(&self) -> Vec<Arg> {
        vec![Arg::Number(self.n), Arg::Vector(self.p.clone())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numerics::special::ln_gamma;
    use rand::SeedableRng;

    /// Every count vector of k coordinates summing to n.
    fn counts(n: u64, k: usize) -> Vec<Vec<f64>> {
        if k == 1 {
            return vec![vec![n as f64]];
        }
        let mut all = Vec::new();
        for first in 0..=n {
            for mut rest in counts(n - first, k - 1) {
                rest.insert(0, first as f64);
                all.push(rest);
            }
        }
        all
    }

    #[test]
    fn pmf_is_the_textbook_formula_and_sums_to_one() {
        let d = Multinomial::new(7, vec![0.2, 0.3, 0.5]).unwrap();
        let mut total = Kahan::default();
        for x in counts(7, 3) {
            let direct = ln_gamma(8.0) - x.iter().map(|&v| ln_gamma(v + 1.0)).sum::<f64>()
                + x.iter().zip(d.p()).map(|(&v, &p)| v * p.ln()).sum::<f64>();
            let got = d.ln_pdf(&x);
            assert!((got - direct).abs() < 1e-13 * direct.abs().max(1.0), "{x:?}");
            total.add(got.exp());
        }
        // Each ln pmf carries a few ulps of its stirlerr terms (ln Γ(x+1) less Stirling's
        // formula below 16): 1.4e-15 is what the 36 terms lose together.
        assert!((total.value() - 1.0).abs() < 4e-15, "{}", total.value());
    }

    #[test]
    fn off_the_support_is_minus_infinity_and_nan_is_nan() {
        let d = Multinomial::new(4, vec![0.5, 0.5, 0.0]).unwrap();
        let inf = f64::NEG_INFINITY;
        let want = (6.0f64).ln() - 4.0 * 2f64.ln();
        assert!((d.ln_pdf(&[2.0, 2.0, 0.0]) - want).abs() < 1e-15);
        for x in [
            [1.0, 2.0, 0.0],
            [-1.0, 5.0, 0.0],
            [1.5, 2.5, 0.0],
            [2.0, 1.0, 1.0],
            [5.0, 0.0, 0.0],
            [f64::INFINITY, 0.0, 0.0],
        ] {
            assert_eq!(d.ln_pdf(&x), inf, "{x:?}");
        }
        assert!(d.ln_pdf(&[2.0, 2.0]).is_nan());
        assert!(d.ln_pdf(&[f64::NAN, 2.0, 0.0]).is_nan());
        let zero = Multinomial::new(0, vec![0.5, 0.5]).unwrap();
        assert_eq!(zero.ln_pdf(&[0.0, 0.0]), 0.0);
        assert_eq!(zero.entropy(), Some(0.0));
    }

    #[test]
    fn entropy_is_the_sum_over_all_count_vectors() {
        for (n, p) in [
            (1, vec![0.25, 0.75]),
            (2, vec![0.1, 0.2, 0.7]),
            (12, vec![0.2, 0.3, 0.5]),
            (30, vec![0.05, 0.15, 0.3, 0.5]),
        ] {
            let d = Multinomial::new(n, p.clone()).unwrap();
            let mut brute = Kahan::default();
            for x in counts(n, p.len()) {
                let l = d.ln_pdf(&x);
                if l > f64::NEG_INFINITY {
                    brute.add(-l.exp() * l);
                }
            }
            let h = d.entropy().unwrap();
            assert!((h - brute.value()).abs() < 1e-14 * h, "n = {n}: {h} vs {}", brute.value());
        }
    }

    #[test]
    fn a_nearly_degenerate_entropy_keeps_its_digits() {
        // n = 1: the categorical entropy −Σ p ln p, 2.8e-9 here (p sums to 1 exactly).
        let d = 2f64.powi(-33);
        let h = Multinomial::new(1, vec![1.0 - d, d]).unwrap().entropy().unwrap();
        let want = -(1.0 - d) * (-d).ln_1p() - d * d.ln();
        assert!((h - want).abs() < 1e-13 * want, "{h} vs {want}");
    }

    #[test]
    fn draws_are_count_vectors_summing_to_n() {
        let d = Multinomial::new(50, vec![0.2, 0.0, 0.3, 0.5, 0.0]).unwrap();
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let mut out = Vec::new();
        let mut mean = [0.0; 5];
        let draws = 20_000;
        for _ in 0..draws {
            out.clear();
            d.draw_into(&mut rng, &mut out);
            assert_eq!(out.iter().sum::<f64>(), 50.0);
            assert_eq!((out[1], out[4]), (0.0, 0.0));
            for (m, x) in mean.iter_mut().zip(&out) {
                *m += x / draws as f64;
            }
        }
        // Each mean within 5 standard errors of npᵢ: sd(Xᵢ) ≤ √(50/4) ≈ 3.5, so 5·3.5/√20000.
        for (m, p) in mean.iter().zip(d.p()) {
            assert!((m - 50.0 * p).abs() < 0.13, "{mean:?}");
        }
    }

    #[test]
    fn a_huge_n_has_a_finite_pmf_and_no_entropy_sum() {
        let d = Multinomial::new(1_000_000_000_000, vec![0.5, 0.5]).unwrap();
        let l = d.ln_pdf(&[5e11, 5e11]);
        // ≈ ln of the binomial's central term, −½ ln(2π n/4).
        let want = -0.5 * (2.0 * PI * 2.5e11).ln();
        assert!((l - want).abs() < 1e-9, "{l} vs {want}");
        assert_eq!(d.entropy(), None);
    }
}
