//! Divergences of probability arrays, with `scipy.stats.entropy` semantics by default.
//!
//! ```text
//! entropy(p)              = −Σ pᵢ ln pᵢ
//! relative_entropy(p, q)  = Σ pᵢ ln(pᵢ/qᵢ)        (= scipy.stats.entropy(p, q))
//! cross_entropy(p, q)     = −Σ pᵢ ln qᵢ
//! jensen_shannon(p, q)    = ½ Σ pᵢ ln(pᵢ/mᵢ) + ½ Σ qᵢ ln(qᵢ/mᵢ),  m = (p + q)/2
//! ```
//!
//! ## Remarks (the conventions, each tested)
//! - By default both inputs are normalised to sum to 1 ([`Normalize::Always`], as scipy).
//! - 0·ln(0/q) = 0; p > 0 where q = 0 gives +∞; an empty input gives 0.
//! - NaN propagates ([`NanPolicy::Propagate`], as scipy); [`NanPolicy::Omit`] drops the pairs
//!   with a NaN, [`NanPolicy::Raise`] names the first.
//! - Negative entries give what scipy gives (`rel_entr` of a negative is +∞, `entr` −∞).
//! - `base` divides by ln(base); it must be > 0 and ≠ 1 (scipy would return ±∞ or NaN for 1).
//! - Inputs may be log-probabilities ([`ArrayOptions::log_input`], like torch's `log_target`).
//!
//! The common case (finite, non-negative input) runs in one pass over memory: the sums Σp, Σq and
//! Σ p(ln p − ln q) together, with a vectorised logarithm, blocks combined with compensation
//! and spread over all cores for large inputs; normalisation is applied afterwards, since
//! Σ (p/P) ln((p/P)/(q/Q)) = Σ p ln(p/q) / P + ln(Q/P).

use crate::Error;
pub use crate::numerics::log::entr;
use crate::numerics::log::{ln_ratio, log_sum_exp};
mod batch;
mod kernel;

use crate::numerics::sum::Kahan;
pub use batch::{
    ArrayView, NdArray, broadcast_shapes, measure, normalize_axis, pairwise, reduce, show_shape,
};
use rayon::prelude::*;

/// What to do about inputs that do not sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Normalize {
    /// Divide each input by its sum (scipy's behaviour).
    #[default]
    Always,
    /// Use the values as given.
    Never,
    /// Require each input to sum to 1 within the tolerance, then use it as given.
    Validate(f64),
}

/// What to do about NaN entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NanPolicy {
    /// The result is NaN (scipy's behaviour).
    #[default]
    Propagate,
    /// Drop every index where p or q is NaN (paired).
    Omit,
    /// Fail, naming the first NaN.
    Raise,
}

/// Options of the array functions: `ArrayOptions::default().base(2.0)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArrayOptions {
    base: Option<f64>,
    normalize: Normalize,
    nan: NanPolicy,
    log_input: bool,
}

impl Default for ArrayOptions {
    fn default() -> ArrayOptions {
        ArrayOptions {
            base: None,
            normalize: Normalize::Always,
            nan: NanPolicy::Propagate,
            log_input: false,
        }
    }
}

impl ArrayOptions {
    /// The base of the logarithm (default e).
    pub fn base(mut self, base: f64) -> ArrayOptions {
        self.base = Some(base);
        self
    }
    /// Normalisation (default [`Normalize::Always`]).
    pub fn normalize(mut self, n: Normalize) -> ArrayOptions {
        self.normalize = n;
        self
    }
    /// NaN policy (default [`NanPolicy::Propagate`]).
    pub fn nan(mut self, policy: NanPolicy) -> ArrayOptions {
        self.nan = policy;
        self
    }
    /// Whether inputs are natural-log probabilities (default false).
    pub fn log_input(mut self, yes: bool) -> ArrayOptions {
        self.log_input = yes;
        self
    }

    /// The options' check (every measure starts with it) and ln of the base.
    fn divisor(&self) -> Result<f64, Error> {
        if let Normalize::Validate(tol) = self.normalize
            && !(tol.is_finite() && tol >= 0.0)
        {
            return Err(Error::InvalidArgument {
                name: "tolerance",
                value: tol,
                expected: "finite and ≥ 0 (how far a sum may be from 1)",
            });
        }
        match self.base {
            None => Ok(1.0),
            Some(b) if b.is_finite() && b > 0.0 && b != 1.0 => Ok(b.ln()),
            Some(b) => Err(Error::InvalidArgument {
                name: "base",
                value: b,
                expected: "finite, > 0 and ≠ 1",
            }),
        }
    }
}

/// scipy.special.rel_entr: x ln(x/y) for x, y > 0; 0 for x = 0, y ≥ 0; +∞ otherwise; NaN in,
/// NaN out. As scipy ≥ 1.15 does: ln1p((x − y)/y) where x ≈ y (x − y is exact there), and
/// ln x − ln y where x/y overflows or underflows (`rel_entr(1, 5e-324)` = 744.44…, not ∞).
pub fn rel_entr(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x > 0.0 && y > 0.0 {
        x * ln_ratio(x, y)
    } else if x == 0.0 && y >= 0.0 {
        0.0
    } else {
        f64::INFINITY
    }
}

/// ln(Σq/Σp) of one pass, to its own relative accuracy: where the sums are close, as
/// ln(1 + Σ(q − p)/Σp), whose rounding is relative to the difference (the rounded sums' ratio
/// would carry an ulp of 1 into a divergence that may be 1e-10).
///
/// Also the magnitude its rounding is relative to, for the fast path's condition: Σ|q − p|/Σp
/// where the difference was used, else nothing beyond the value itself.
fn ln_sum_ratio(b: &kernel::Block) -> (f64, f64) {
    let r = b.sq / b.sp;
    if r > 0.5 && r < 2.0 {
        ((b.d / b.sp).ln_1p(), b.abs_d / b.sp)
    } else {
        (ln_ratio(b.sq, b.sp), 0.0)
    }
}

/// scipy.special.kl_div: x ln(x/y) − x + y for x, y > 0; y for x = 0, y ≥ 0; +∞ otherwise.
/// The ratio as in [`rel_entr`] (scipy's own kl_div overflows to +∞ at `kl_div(1, 5e-324)`;
/// this gives the true 743.44…).
pub fn kl_div(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x > 0.0 && y > 0.0 {
        let r = x / y;
        if r > 0.5 && r < 2.0 {
            // y·((1 + u) ln(1 + u) − u), u = (x − y)/y: the form without cancellation.
            y * one_plus_u_ln_minus_u((x - y) / y)
        } else {
            x * ln_ratio(x, y) - x + y
        }
    } else if x == 0.0 && y >= 0.0 {
        y
    } else {
        f64::INFINITY
    }
}

/// (1 + u) ln(1 + u) − u for |u| < 1, ≥ 0: by its series u²/2 − u³/6 + u⁴/12 − … where the
/// closed form would cancel (|u| < 1/8), which then converges below 1e-17 in 16 terms.
fn one_plus_u_ln_minus_u(u: f64) -> f64 {
    if u.abs() >= 0.125 {
        return (1.0 + u) * u.ln_1p() - u;
    }
    // Σ_{k≥2} (−u)^k / (k(k − 1)), by Horner from the last term.
    let mut acc = 0.0;
    for k in (2..=18).rev() {
        let k = f64::from(k);
        acc = 1.0 / (k * (k - 1.0)) - u * acc;
    }
    u * u * acc
}

/// a ln(2a/(a + b)) + b ln(2b/(a + b)) for a, b ≥ 0 finite: twice the Jensen–Shannon term of one
/// element, ≥ 0. With d = (a − b)/(a + b) it is m·((1 + d) ln(1 + d) + (1 − d) ln(1 − d)),
/// m = (a + b)/2; for small d the series Σ d^(2k)/(k(2k − 1)), free of the cancellation between
/// the two logarithms.
pub(crate) fn js_pair(a: f64, b: f64) -> f64 {
    let s = a + b;
    if s == 0.0 {
        return 0.0;
    }
    let m = s / 2.0;
    let d = (a - b) / s;
    let g = if d.abs() < 0.125 {
        let d2 = d * d;
        let mut acc = 0.0;
        for k in (1..=14).rev() {
            let k = f64::from(k);
            acc = 1.0 / (k * (2.0 * k - 1.0)) + d2 * acc;
        }
        d2 * acc
    } else {
        let plus = if d > -1.0 { (1.0 + d) * d.ln_1p() } else { 0.0 };
        let minus = if d < 1.0 {
            (1.0 - d) * (-d).ln_1p()
        } else {
            0.0
        };
        plus + minus
    };
    m * g
}

/// Inputs of this many elements or more are split over all cores.
const PARALLEL_MIN: usize = 1 << 17;

fn check_lengths(p: &[f64], q: &[f64]) -> Result<(), Error> {
    if p.len() != q.len() {
        return Err(Error::LengthMismatch {
            p: p.len(),
            q: q.len(),
        });
    }
    Ok(())
}

/// An input array, borrowed unless a policy had to change it.
type Slice<'a> = std::borrow::Cow<'a, [f64]>;

/// The inputs after the NaN policy: borrowed when nothing changes.
fn apply_nan_policy<'a>(
    p: &'a [f64],
    q: Option<&'a [f64]>,
    policy: NanPolicy,
) -> Result<(Slice<'a>, Option<Slice<'a>>), Error> {
    use std::borrow::Cow;
    match policy {
        NanPolicy::Propagate => Ok((Cow::Borrowed(p), q.map(Cow::Borrowed))),
        NanPolicy::Raise => {
            if let Some(i) = p.iter().position(|x| x.is_nan()) {
                return Err(Error::NanInput {
                    which: "pk",
                    index: i,
                });
            }
            if let Some(i) = q.and_then(|q| q.iter().position(|x| x.is_nan())) {
                return Err(Error::NanInput {
                    which: "qk",
                    index: i,
                });
            }
            Ok((Cow::Borrowed(p), q.map(Cow::Borrowed)))
        }
        NanPolicy::Omit => match q {
            None => Ok((
                Cow::Owned(p.iter().copied().filter(|x| !x.is_nan()).collect()),
                None,
            )),
            Some(q) => {
                let (a, b): (Vec<f64>, Vec<f64>) = p
                    .iter()
                    .zip(q)
                    .filter(|(x, y)| !x.is_nan() && !y.is_nan())
                    .map(|(x, y)| (*x, *y))
                    .unzip();
                Ok((Cow::Owned(a), Some(Cow::Owned(b))))
            }
        },
    }
}

/// The common start of the two-array measures: lengths checked, the base's divisor, and the
/// inputs after the NaN policy.
fn paired<'a>(
    pk: &'a [f64],
    qk: &'a [f64],
    options: &ArrayOptions,
) -> Result<(f64, Slice<'a>, Slice<'a>), Error> {
    check_lengths(pk, qk)?;
    let div = options.divisor()?;
    let (p, q) = apply_nan_policy(pk, Some(qk), options.nan)?;
    Ok((div, p, q.unwrap_or_default()))
}

/// Compensated sum, pairwise within blocks, over all cores for large inputs.
fn total(x: &[f64]) -> f64 {
    let partial = |c: &[f64]| {
        let mut k = Kahan::default();
        for &v in c {
            k.add(v);
        }
        k.value()
    };
    if x.len() >= PARALLEL_MIN {
        let parts: Vec<f64> = x.par_chunks(kernel::BLOCK).map(partial).collect();
        crate::numerics::sum::sum(&parts)
    } else {
        partial(x)
    }
}

/// The sums of one pass: Σp, Σq, Σ p(ln p − ln q) (entropy: Σp, Σ p ln p), and whether every
/// element was clean enough for the fast path.
fn one_pass(p: &[f64], q: Option<&[f64]>) -> kernel::Block {
    let run = |range: std::ops::Range<usize>| match q {
        Some(q) => kernel::block(&p[range.clone()], &q[range]),
        None => kernel::entropy_block(&p[range]),
    };
    let n = p.len();
    let ranges: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(kernel::BLOCK)
        .map(|s| s..(s + kernel::BLOCK).min(n))
        .collect();
    let blocks: Vec<kernel::Block> = if n >= PARALLEL_MIN {
        ranges.into_par_iter().map(run).collect()
    } else {
        ranges.into_iter().map(run).collect()
    };
    let (mut sp, mut sq, mut t, mut d) = <[Kahan; 4]>::default().into();
    let (mut abs_t, mut abs_d) = (0.0, 0.0);
    let mut clean = true;
    for b in &blocks {
        sp.add(b.sp);
        sq.add(b.sq);
        t.add(b.t);
        d.add(b.d);
        abs_t += b.abs_t;
        abs_d += b.abs_d;
        clean &= b.clean;
    }
    kernel::Block {
        sp: sp.value(),
        sq: sq.value(),
        t: t.value(),
        abs_t,
        d: d.value(),
        abs_d,
        clean,
    }
}

/// How much larger than the result the one-pass sum's magnitudes may be: each of the sums has
/// a relative error of a few 1e-16 (8 lanes of ≤ 512 plain additions, blocks compensated), so a
/// condition number up to this keeps the result within ~1e-14 relative.
const FAST_PATH_CONDITION: f64 = 32.0;

/// a + b, where `magnitude` bounds the sums that a and b came from, if the result keeps its
/// accuracy; else `None` (the caller takes the element-by-element form, whose terms do not
/// cancel).
fn accurate(a: f64, b: f64, magnitude: f64) -> Option<f64> {
    let s = a + b;
    // An overflowed magnitude (p ln p past 1.8e308 for entries above ~2.6e305) proves nothing.
    (magnitude.is_finite() && s.abs() * FAST_PATH_CONDITION >= magnitude + b.abs()).then_some(s)
}

/// An infinite weight has no share of a finite total: an error naming it (where scipy's
/// normalising gives NaN, and an unnormalised sum −∞ or +∞ without meaning).
fn check_finite(which: &'static str, x: &[f64]) -> Result<(), Error> {
    match x.iter().position(|v| v.is_infinite()) {
        Some(index) => Err(Error::InfiniteInput { which, index }),
        None => Ok(()),
    }
}

/// Whether every entry is ≥ 0 (and not NaN).
fn non_negative(x: &[f64]) -> bool {
    x.iter().all(|&v| v >= 0.0)
}

fn check_sum(which: &'static str, s: f64, tol: f64) -> Result<(), Error> {
    if (s - 1.0).abs() <= tol {
        Ok(())
    } else {
        Err(Error::NotNormalized {
            which,
            sum: s,
            tolerance: tol,
        })
    }
}

/// Under [`Normalize::Always`], an input whose sum overflows although every entry is finite
/// (`[1e308, 1e308]`), scaled by a power of two — exactly — so that it sums below 1:
/// normalising is scale-invariant, so the result is the same. `None` when it needs nothing.
fn tamed(x: &[f64], sum: f64, normalize: Normalize) -> Option<Vec<f64>> {
    if normalize != Normalize::Always || sum.is_finite() || x.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let largest = x.iter().fold(0.0f64, |a, v| a.max(v.abs()));
    // 2^−(e + ⌈log₂ n⌉ + 1) with 2^e ≥ the largest entry: every entry ≤ 1/(2n).
    let shift = largest.log2().ceil() as i32 + (x.len() as f64).log2().ceil() as i32 + 1;
    // In two halves, each a normal power of two (2^−1026 itself is subnormal, and powi may
    // form it as 1/2^1026 = 0): exact, as long as the entries stay normal.
    let half = 2f64.powi(-(shift / 2));
    let rest = 2f64.powi(-(shift - shift / 2));
    Some(x.iter().map(|v| v * half * rest).collect())
}

/// [`tamed`] for a pair: both, the one that needed it rescaled; `None` when neither did.
fn tamed_pair(
    p: &[f64],
    q: &[f64],
    sp: f64,
    sq: f64,
    normalize: Normalize,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let (tp, tq) = (tamed(p, sp, normalize), tamed(q, sq, normalize));
    if tp.is_none() && tq.is_none() {
        return None;
    }
    Some((
        tp.unwrap_or_else(|| p.to_vec()),
        tq.unwrap_or_else(|| q.to_vec()),
    ))
}

/// Linear-space inputs as the exact semantics need them: each divided by its sum (Always) or
/// as given (Never, Validate).
fn normalised(x: &[f64], sum: f64, normalize: Normalize) -> Vec<f64> {
    match normalize {
        Normalize::Always => x.iter().map(|v| 1.0 * v / sum).collect(),
        _ => x.to_vec(),
    }
}

/// Log-probabilities made into probabilities (normalised in log space when asked).
fn from_logs(x: &[f64], normalize: Normalize) -> Vec<f64> {
    let shift = match normalize {
        Normalize::Always => log_sum_exp(x.iter().copied()),
        _ => 0.0,
    };
    x.iter().map(|v| (v - shift).exp()).collect()
}

/// The Shannon entropy −Σ pᵢ ln pᵢ of an array (scipy.stats.entropy(pk)).
///
/// # Errors
/// An invalid base, a NaN under [`NanPolicy::Raise`], or a sum off 1 under
/// [`Normalize::Validate`].
///
/// ```
/// use kldiv::arrays::{entropy, ArrayOptions};
/// let h = entropy(&[0.5, 0.5], &ArrayOptions::default().base(2.0))?;
/// assert_eq!(h, 1.0);
/// # Ok::<(), kldiv::Error>(())
/// ```
pub fn entropy(pk: &[f64], options: &ArrayOptions) -> Result<f64, Error> {
    let div = options.divisor()?;
    let (p, _) = apply_nan_policy(pk, None, options.nan)?;
    if p.is_empty() {
        return Ok(0.0);
    }
    if options.log_input {
        let lin = from_logs(&p, options.normalize);
        return entropy(&lin, &options.log_input(false).normalize(Normalize::Never));
    }
    let b = one_pass(&p, None);
    if let Some(t) = tamed(&p, b.sp, options.normalize) {
        return entropy(&t, options);
    }
    if let Normalize::Validate(tol) = options.normalize {
        check_sum("pk", b.sp, tol)?;
    }
    let fast = match options.normalize {
        // −Σ (p/P) ln(p/P) = −T/P + ln P, unless those two nearly cancel. ln P carries the
        // rounding of P as an absolute error (the 1 in the magnitude): a near-certain p, whose
        // entropy is tiny, goes to the exact path.
        Normalize::Always => accurate(-b.t / b.sp, b.sp.ln(), b.abs_t / b.sp + 1.0),
        _ => accurate(-b.t, 0.0, b.abs_t),
    };
    let h = if let (true, Some(h)) = (b.clean, fast) {
        h
    } else if !b.clean
        && let Err(e) = check_finite("pk", &p)
    {
        return Err(e);
    } else if options.normalize == Normalize::Always && b.sp > 0.0 && non_negative(&p) {
        normalised_entropy(&p)
    } else {
        let p = normalised(&p, b.sp, options.normalize);
        let terms: Vec<f64> = p.iter().map(|&v| entr(v)).collect();
        total(&terms)
    };
    Ok(h / div)
}

/// −Σ (pᵢ/P) ln(pᵢ/P) for p ≥ 0 finite, P = Σp, term by term: the largest element's
/// logarithm is −ln(1 + R/pⱼ), R the sum of the others, since ln(pⱼ/P) from the rounded P
/// would be off by an ulp of 1 where pⱼ holds nearly all the mass and the entropy is tiny.
fn normalised_entropy(p: &[f64]) -> f64 {
    let j = (0..p.len()).fold(0, |j, i| if p[i] > p[j] { i } else { j });
    let rest = total(&p[..j]) + total(&p[j + 1..]);
    let sum = p[j] + rest;
    let terms: Vec<f64> = p
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            if i == j {
                v / sum * (rest / v).ln_1p()
            } else {
                entr(v / sum)
            }
        })
        .collect();
    total(&terms)
}

/// KL(p‖q) = Σ pᵢ ln(pᵢ/qᵢ) of two arrays (scipy.stats.entropy(pk, qk)).
///
/// Accurate to about 1e-14 relative, and for p ≈ q (a tiny divergence) to 1e-16·√KL
/// absolute: normalising rounds Σp and Σq once each.
///
/// # Errors
/// Different lengths, an invalid base, a NaN under [`NanPolicy::Raise`], or a sum off 1 under
/// [`Normalize::Validate`].
///
/// ```
/// use kldiv::arrays::{relative_entropy, ArrayOptions};
/// let d = relative_entropy(&[1.0, 1.0], &[1.0, 3.0], &ArrayOptions::default())?;
/// // ½ ln(½/¼) + ½ ln(½/¾) = ½ ln(4/3)
/// assert!((d - 0.5 * (4.0f64 / 3.0).ln()).abs() < 1e-16);
/// # Ok::<(), kldiv::Error>(())
/// ```
pub fn relative_entropy(pk: &[f64], qk: &[f64], options: &ArrayOptions) -> Result<f64, Error> {
    let (div, p, q) = paired(pk, qk, options)?;
    if p.is_empty() {
        return Ok(0.0);
    }
    if options.log_input {
        let (lp, lq) = (
            from_logs(&p, options.normalize),
            from_logs(&q, options.normalize),
        );
        return relative_entropy(
            &lp,
            &lq,
            &options.log_input(false).normalize(Normalize::Never),
        );
    }
    let b = one_pass(&p, Some(&q));
    if let Some((p2, q2)) = tamed_pair(&p, &q, b.sp, b.sq, options.normalize) {
        return relative_entropy(&p2, &q2, options);
    }
    if let Normalize::Validate(tol) = options.normalize {
        check_sum("pk", b.sp, tol)?;
        check_sum("qk", b.sq, tol)?;
    }
    let fast = match options.normalize {
        Normalize::Always => {
            let (ln_ratio, d_magnitude) = ln_sum_ratio(&b);
            accurate(b.t / b.sp, ln_ratio, b.abs_t / b.sp + d_magnitude)
        }
        _ => accurate(b.t, 0.0, b.abs_t),
    };
    let d = if let (true, Some(d)) = (b.clean, fast) {
        d
    } else {
        if !b.clean {
            check_finite("pk", &p)?;
            check_finite("qk", &q)?;
        }
        // (A zero sum has no distribution: scipy's NaN, from 0/0, below.)
        if options.normalize == Normalize::Always
            && b.sp > 0.0
            && b.sq > 0.0
            && non_negative(&p)
            && non_negative(&q)
        {
            normalised_kl(&p, &q, &b)
        } else {
            // Negative entries: scipy's element values (+∞ where a weight is negative).
            let p = normalised(&p, b.sp, options.normalize);
            let q = normalised(&q, b.sq, options.normalize);
            let terms: Vec<f64> = p.iter().zip(&q).map(|(&a, &b)| rel_entr(a, b)).collect();
            total(&terms)
        }
    };
    Ok(d / div)
}

/// KL(p/P ‖ q/Q) for p, q ≥ 0 finite, element by element. Both normalised inputs sum to 1, so
/// Σ (x ln(x/y) − x + y) is the same number, and its terms are ≥ 0: no cancellation however
/// close p and q are. An element whose normalised value is not normal (subnormal, or lost
/// below the range, or a ratio past it) is taken from the pair itself, x (ln(p/q) + ln(Q/P)) − x
/// + y, so that no logarithm sees a value that has lost its bits.
fn normalised_kl(p: &[f64], q: &[f64], b: &kernel::Block) -> f64 {
    let (sp, sq) = (b.sp, b.sq);
    let (ln_q_over_p, _) = ln_sum_ratio(b);
    let terms: Vec<f64> = p
        .iter()
        .zip(q)
        .map(|(&a, &c)| {
            let (x, y) = (a / sp, c / sq);
            if a == 0.0 {
                y
            } else if c == 0.0 {
                f64::INFINITY
            } else if x.is_normal() && y.is_normal() {
                kl_div(x, y)
            } else {
                x * (ln_ratio(a, c) + ln_q_over_p) - x + y
            }
        })
        .collect();
    total(&terms)
}

/// The cross-entropy −Σ pᵢ ln qᵢ = H(p) + KL(p‖q).
///
/// # Errors
/// As [`relative_entropy`].
pub fn cross_entropy(pk: &[f64], qk: &[f64], options: &ArrayOptions) -> Result<f64, Error> {
    let kl = relative_entropy(pk, qk, options)?;
    let (p, _) = apply_nan_policy(pk, Some(qk), options.nan)?;
    let h = entropy(&p, &options.nan(NanPolicy::Propagate))?;
    Ok(h + kl)
}

/// The Jensen–Shannon divergence ½ KL(p‖m) + ½ KL(q‖m), m = (p + q)/2: symmetric, ≤ ln 2.
///
/// # Errors
/// As [`relative_entropy`].
pub fn jensen_shannon(pk: &[f64], qk: &[f64], options: &ArrayOptions) -> Result<f64, Error> {
    let (div, p, q) = paired(pk, qk, options)?;
    if p.is_empty() {
        return Ok(0.0);
    }
    let (p, q) = normalised_pair(&p, &q, options)?;
    let ordinary = |x: &[f64]| x.iter().all(|v| v.is_finite() && *v >= 0.0);
    let js = if ordinary(&p) && ordinary(&q) {
        let terms: Vec<f64> = p.iter().zip(&q).map(|(&a, &b)| js_pair(a, b)).collect();
        total(&terms)
    } else {
        // Negative, infinite or NaN entries: scipy's element values (±∞, NaN) as they are.
        let left: Vec<f64> = p
            .iter()
            .zip(&q)
            .map(|(&a, &b)| rel_entr(a, (a + b) / 2.0))
            .collect();
        let right: Vec<f64> = p
            .iter()
            .zip(&q)
            .map(|(&a, &b)| rel_entr(b, (a + b) / 2.0))
            .collect();
        total(&left) + total(&right)
    };
    Ok(js / div / 2.0)
}

/// The Jensen–Shannon distance √JS (scipy.spatial.distance.jensenshannon), clamped at 0 so
/// that rounding never makes it NaN for near-equal inputs (scipy#20083).
///
/// # Errors
/// As [`relative_entropy`].
pub fn jensen_shannon_distance(
    pk: &[f64],
    qk: &[f64],
    options: &ArrayOptions,
) -> Result<f64, Error> {
    if let Some(b) = options.base
        && b < 1.0
    {
        // Logarithms to a base below 1 are negative: the divergence is ≤ 0, without a root.
        return Err(Error::InvalidArgument {
            name: "base",
            value: b,
            expected: "> 1 for the Jensen–Shannon distance (a base below 1 makes the divergence negative)",
        });
    }
    let js = jensen_shannon(pk, qk, options)?;
    Ok(if js < 0.0 { 0.0 } else { js.sqrt() })
}

/// Both inputs after the options: lengths checked, NaN policy applied, normalised (or validated,
/// or taken as given), probabilities from logs. For the measures below, which need p and q
/// themselves rather than one pass of sums.
fn prepared(pk: &[f64], qk: &[f64], options: &ArrayOptions) -> Result<(Vec<f64>, Vec<f64>), Error> {
    let (_, p, q) = paired(pk, qk, options)?;
    normalised_pair(&p, &q, options)
}

/// p and q after the NaN policy, as probabilities: from logs, or normalised (rescaled first
/// where a sum overflowed), validated, or as given.
fn normalised_pair(
    p: &[f64],
    q: &[f64],
    options: &ArrayOptions,
) -> Result<(Vec<f64>, Vec<f64>), Error> {
    if options.log_input {
        return Ok((
            from_logs(p, options.normalize),
            from_logs(q, options.normalize),
        ));
    }
    check_finite("pk", p)?;
    check_finite("qk", q)?;
    let (sp, sq) = (total(p), total(q));
    if let Some((p2, q2)) = tamed_pair(p, q, sp, sq, options.normalize) {
        return normalised_pair(&p2, &q2, options);
    }
    if let Normalize::Validate(tol) = options.normalize {
        check_sum("pk", sp, tol)?;
        check_sum("qk", sq, tol)?;
    }
    Ok((
        normalised(p, sp, options.normalize),
        normalised(q, sq, options.normalize),
    ))
}

/// The squared Hellinger distance ½ Σ (√pᵢ − √qᵢ)² (NaN for a negative entry: no root).
fn hellinger_squared(p: &[f64], q: &[f64]) -> f64 {
    let terms: Vec<f64> = p
        .iter()
        .zip(q)
        .map(|(&a, &b)| {
            let d = a.sqrt() - b.sqrt();
            0.5 * d * d
        })
        .collect();
    total(&terms)
}

/// The Hellinger distance √(½ Σ (√pᵢ − √qᵢ)²), in [0, 1] for distributions.
///
/// # Errors
/// As [`relative_entropy`].
pub fn hellinger(pk: &[f64], qk: &[f64], options: &ArrayOptions) -> Result<f64, Error> {
    options.divisor()?;
    let (p, q) = prepared(pk, qk, options)?;
    Ok(hellinger_squared(&p, &q).sqrt())
}

/// The total variation distance ½ Σ |pᵢ − qᵢ|, in [0, 1] for distributions.
///
/// # Errors
/// As [`relative_entropy`].
pub fn total_variation(pk: &[f64], qk: &[f64], options: &ArrayOptions) -> Result<f64, Error> {
    options.divisor()?;
    let (p, q) = prepared(pk, qk, options)?;
    let terms: Vec<f64> = p
        .iter()
        .zip(&q)
        .map(|(&a, &b)| 0.5 * (a - b).abs())
        .collect();
    Ok(total(&terms))
}

/// The Bhattacharyya distance −ln Σ √(pᵢ qᵢ); for normalised inputs as −ln(1 − H²), which
/// keeps its digits when p ≈ q.
///
/// # Errors
/// As [`relative_entropy`].
pub fn bhattacharyya(pk: &[f64], qk: &[f64], options: &ArrayOptions) -> Result<f64, Error> {
    let div = options.divisor()?;
    let (p, q) = prepared(pk, qk, options)?;
    // √p·√q, not √(pq), which underflows for p, q ≈ 1e-200.
    let coefficient = || {
        let terms: Vec<f64> = p
            .iter()
            .zip(&q)
            .map(|(&a, &b)| a.sqrt() * b.sqrt())
            .collect();
        total(&terms)
    };
    let b = if options.normalize == Normalize::Never {
        -coefficient().ln()
    } else {
        // Σ√(pq) = 1 − H²: through H² where p ≈ q, directly where the two barely overlap (there
        // 1 − H² would cancel to nothing).
        let h2 = hellinger_squared(&p, &q);
        if h2 < 0.5 {
            -(-h2).ln_1p()
        } else if options.normalize == Normalize::Always && !options.log_input {
            // ½ Rényi of order ½, which normalises inside its logarithms: an entry 10⁻⁶⁰⁰ of
            // its total still counts.
            return Ok(0.5 * renyi(pk, qk, 0.5, options)?);
        } else {
            -coefficient().ln()
        }
    };
    Ok(b / div)
}

/// The Rényi divergence where some (α − 1) ln(pᵢ/qᵢ) exceeds 1 in size, or `None` (then the
/// second-order form below keeps the digits of a small divergence). With t = α − 1 and
/// zᵢ = ln(pᵢ/qᵢ) + ln(pᵢ)/t, Σ pᵢ^α qᵢ^(1−α) = Σ e^(t zᵢ); about the dominant term j,
/// D = zⱼ + ln(Σ e^(t(zᵢ − zⱼ)))/t, whose exponents are ≤ 0 and whose sum lies in [1, n]: large
/// orders and distributions that barely overlap neither overflow nor cancel.
///
/// Taken where its rounding is below [`FAR_RENYI_ROUNDING`] of the result.
///
/// `sums` (Σp, Σq) when the inputs are to be normalised: p and q are then taken as given and
/// normalised inside the logarithms, so that an entry 10⁻⁶⁰⁰ of its total (1e-300 against a sum
/// of 1e300) is not lost to the division.
/// The relative rounding the dominant-term form of Rényi may carry: near α = 1 its terms grow
/// like 1/(α − 1) (10⁶ for entries 10⁻³⁰⁰ to 10³⁰⁰ at α = 0.999, cancelling to 741), and the
/// second-order form, which would then normalise those entries to 0, is worse.
const FAR_RENYI_ROUNDING: f64 = 1e-12;

fn renyi_far(p: &[f64], q: &[f64], alpha: f64, sums: Option<(f64, f64)>) -> Option<f64> {
    if !(non_negative(p) && non_negative(q)) {
        return None;
    }
    let t = alpha - 1.0;
    let (shift, ln_total) = match sums {
        Some((sp, sq)) if sp > 0.0 && sq > 0.0 && sp.is_finite() && sq.is_finite() => {
            (ln_ratio(sq, sp), sp.ln())
        }
        Some(_) => return None,
        None => (0.0, 0.0),
    };
    let mut far = false;
    let mut z = Vec::with_capacity(p.len());
    for (&a, &b) in p.iter().zip(q) {
        if a > 0.0 && b > 0.0 {
            let v = ln_ratio(a, b) + shift;
            far |= (t * v).abs() > 1.0;
            z.push(v + (a.ln() - ln_total) / t);
        } else if a > 0.0 && t > 0.0 {
            return Some(f64::INFINITY); // p has mass where q has none
        }
    }
    if !far {
        return None;
    }
    // The dominant term: the largest t·z.
    let zj = if t > 0.0 {
        z.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x))
    } else {
        z.iter().fold(f64::INFINITY, |m, &x| m.min(x))
    };
    let terms: Vec<f64> = z.iter().map(|&x| (t * (x - zj)).exp()).collect();
    let ln_sum = total(&terms).ln() / t;
    let d = zj + ln_sum;
    // zⱼ and the sum's logarithm each round by an ulp of their size, and ln pᵢ by an ulp of 1
    // (pᵢ ≈ 1 − 1e-12 is itself rounded to one): where these cancel to a small divergence (a
    // nearly certain pair, 4.7e-13) the second-order form keeps the digits instead.
    let rounding =
        4.0 * f64::EPSILON * (zj.abs() + ln_sum.abs() + (1.0 + ln_total.abs()) / t.abs() + 1.0);
    (rounding <= FAR_RENYI_ROUNDING * d.abs() || d.is_infinite()).then_some(d)
}

/// The Rényi divergence of order α: ln(Σ pᵢ^α qᵢ^(1−α))/(α − 1) (α = 1 is KL; +∞ where α > 1
/// and p has mass where q has none).
///
/// # Errors
/// As [`relative_entropy`]; an order that is not finite and > 0.
pub fn renyi(pk: &[f64], qk: &[f64], alpha: f64, options: &ArrayOptions) -> Result<f64, Error> {
    if !(alpha.is_finite() && alpha > 0.0) {
        return Err(Error::InvalidArgument {
            name: "alpha",
            value: alpha,
            expected: "finite and > 0 (the Rényi order)",
        });
    }
    if alpha == 1.0 {
        return relative_entropy(pk, qk, options);
    }
    let div = options.divisor()?;
    if options.normalize == Normalize::Always && !options.log_input {
        let (_, p, q) = paired(pk, qk, options)?;
        check_finite("pk", &p)?;
        check_finite("qk", &q)?;
        if let Some(d) = renyi_far(&p, &q, alpha, Some((total(&p), total(&q)))) {
            return Ok(d / div);
        }
    }
    let (p, q) = prepared(pk, qk, options)?;
    if options.normalize != Normalize::Always
        && let Some(d) = renyi_far(&p, &q, alpha, None)
    {
        return Ok(d / div);
    }
    // Σ p (r^t − 1) = Σ p (r^t − 1 − t(r − 1)) + t(Σq − Σp), t = 1 − α, r = q/p: the first
    // sum is second order in r − 1 and of one sign, so for p ≈ q it keeps its digits.
    let t = 1.0 - alpha;
    let mut infinite = false;
    let terms: Vec<f64> = p
        .iter()
        .zip(&q)
        .map(|(&a, &b)| {
            if a.is_nan() || b.is_nan() {
                f64::NAN
            } else if a <= 0.0 {
                0.0
            } else if b <= 0.0 {
                if alpha > 1.0 {
                    infinite = true;
                }
                a * (t - 1.0)
            } else {
                let u = ln_ratio(b, a);
                if u < 1.0 {
                    a * crate::numerics::special::renyi_second_order(t, u)
                } else {
                    (a.ln() + t * u).exp() - a - t * (b - a)
                }
            }
        })
        .collect();
    if infinite {
        return Ok(f64::INFINITY);
    }
    // t(Σq − Σp) over the entries where p > 0: q's mass where p = 0, for normalised inputs
    // (whose sums are 1 but for rounding, which would swamp a divergence of 1e-19), else the
    // sums as given.
    let q_off_p: Vec<f64> = p
        .iter()
        .zip(&q)
        .filter(|(a, _)| **a <= 0.0)
        .map(|(_, b)| *b)
        .collect();
    let first_order = if options.normalize == Normalize::Never {
        let q_on_p: Vec<f64> = p
            .iter()
            .zip(&q)
            .filter(|(a, _)| **a > 0.0)
            .map(|(_, b)| *b)
            .collect();
        let p_pos: Vec<f64> = p.iter().copied().filter(|a| *a > 0.0).collect();
        total(&q_on_p) - total(&p_pos)
    } else {
        -total(&q_off_p)
    };
    let less = total(&terms) + t * first_order;
    let sum_p = if options.normalize == Normalize::Never {
        total(&p)
    } else {
        1.0
    };
    // ln(Σp + less) = ln Σp + ln1p(less/Σp).
    let ln_sum = sum_p.ln() + (less / sum_p).ln_1p();
    // + 0 turns the −0 of p = q at α < 1 into 0.
    Ok(ln_sum / (alpha - 1.0) / div + 0.0)
}
