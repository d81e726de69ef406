//! KL between Gaussian mixtures: the guaranteed bounds contain the truth (mpmath quadrature in
//! d = 1, a converged trapezoid grid in d = 2, long numpy Monte Carlo in d = 10:
//! tests/data/gen_mixtures.py), the approximations stay within their stated error, Monte Carlo
//! agrees, and the bounds' properties (order, collapse to the closed form, invariance under
//! permutation and affine maps) hold.
use crate::common::{fixture, num};
use kldiv::{
    Algorithm, Approximation, Dist, Estimate, GaussianMixture, Method, MvNormal, Options,
    divergence,
};

/// kldiv's quadrature against the 30-digit mpmath truth in one dimension.
const QUADRATURE_RELATIVE: f64 = 1e-10;

/// How many of the reference's standard errors (or grid errors) a bound may miss by: the
/// reference is not exact in d ≥ 2.
const REFERENCE_SIGMAS: f64 = 5.0;

/// Bounds computed two ways (components permuted, coordinates mapped) agree to this, relative to
/// the interval's size: both are the same closed forms rounded differently, and the projected
/// lower bound is a quadrature good to its tolerance.
const INVARIANCE_RELATIVE: f64 = 1e-9;

struct Case {
    name: String,
    p: Dist,
    q: Dist,
    d: usize,
    truth: f64,
    truth_error: f64,
}

fn cases() -> Vec<Case> {
    let f = fixture("mixtures.json");
    f.as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            name: c["name"].as_str().unwrap().to_string(),
            p: c["p"].as_str().unwrap().parse().unwrap(),
            q: c["q"].as_str().unwrap().parse().unwrap(),
            d: num(&c["d"]) as usize,
            truth: num(&c["truth"]),
            truth_error: num(&c["truth_error"]),
        })
        .collect()
}

fn with(method: Method) -> Options {
    Options::default().method(method)
}

fn bounds_of(p: &Dist, q: &Dist) -> Estimate {
    divergence(p, q, &with(Method::Bounds)).unwrap()
}

#[test]
fn the_bounds_contain_the_truth_for_every_pair() {
    let cases = cases();
    assert!(cases.len() >= 12, "{} pairs", cases.len());
    for c in &cases {
        let e = bounds_of(&c.p, &c.q);
        let b = e.bounds.unwrap();
        let slack = REFERENCE_SIGMAS * c.truth_error;
        assert_eq!(e.method, Algorithm::Bounds);
        assert!(
            b.lower <= c.truth + slack && c.truth - slack <= b.upper && b.lower >= 0.0,
            "{}: [{}, {}] misses {} ± {:e}",
            c.name,
            b.lower,
            b.upper,
            c.truth,
            c.truth_error
        );
        assert!((e.value - 0.5 * (b.lower + b.upper)).abs() <= 1e-15 * e.value);
        assert!((e.abs_error - 0.5 * (b.upper - b.lower)).abs() <= 1e-15 * e.value);
    }
}

#[test]
fn one_dimensional_pairs_agree_with_mpmath_and_the_bounds_with_quadrature() {
    for c in cases().iter().filter(|c| c.d == 1) {
        let e = divergence(&c.p, &c.q, &Options::default()).unwrap();
        assert!(
            (e.value - c.truth).abs() <= QUADRATURE_RELATIVE * c.truth,
            "{}: {} vs mpmath {}",
            c.name,
            e.value,
            c.truth
        );
        let b = bounds_of(&c.p, &c.q).bounds.unwrap();
        assert!(b.lower <= e.value && e.value <= b.upper, "{}", c.name);
    }
}

#[test]
fn approximations_lie_within_their_error_of_the_truth() {
    for c in cases() {
        for a in Approximation::ALL {
            let e = divergence(&c.p, &c.q, &with(Method::Approximation(a))).unwrap();
            assert_eq!(e.method, Algorithm::Approximation(a));
            assert!(e.value.is_finite(), "{} {}: {e:?}", c.name, a.name());
            assert!(
                (e.value - c.truth).abs() <= e.abs_error + REFERENCE_SIGMAS * c.truth_error,
                "{} {}: {} ± {:e} vs {}",
                c.name,
                a.name(),
                e.value,
                e.abs_error,
                c.truth
            );
        }
    }
}

#[test]
fn monte_carlo_agrees_and_auto_carries_the_bounds_in_higher_dimensions() {
    for c in cases() {
        let o = Options::default().samples(400_000).seed(3);
        let e = if c.d == 1 {
            divergence(
                &c.p,
                &c.q,
                &with(Method::MonteCarlo {
                    samples: 400_000,
                    seed: 3,
                }),
            )
            .unwrap()
        } else {
            divergence(&c.p, &c.q, &o).unwrap()
        };
        assert_eq!(e.method, Algorithm::MonteCarlo);
        let sigma = e.abs_error.hypot(c.truth_error);
        assert!(
            (e.value - c.truth).abs() <= REFERENCE_SIGMAS * sigma,
            "{}: {} ± {:e} vs {} ± {:e}",
            c.name,
            e.value,
            e.abs_error,
            c.truth,
            c.truth_error
        );
        if c.d >= 2 {
            let b = e
                .bounds
                .expect("Auto carries the bounds for a mixture pair");
            assert_eq!(Some(b), bounds_of(&c.p, &c.q).bounds, "{}", c.name);
        }
    }
}

#[test]
fn monte_carlo_is_seeded_and_independent_of_the_thread_count() {
    let c = &cases()[6];
    let o = with(Method::MonteCarlo {
        samples: 300_000,
        seed: 11,
    });
    let all = divergence(&c.p, &c.q, &o).unwrap();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| divergence(&c.p, &c.q, &o).unwrap());
    assert_eq!(all.value, one.value);
    assert_eq!(all.abs_error, one.abs_error);
}

fn mvn(mean: &[f64], cov: &[[f64; 2]; 2]) -> MvNormal {
    MvNormal::new(mean.to_vec(), cov.iter().map(|r| r.to_vec()).collect()).unwrap()
}

fn mixture(parts: &[(f64, MvNormal)]) -> Dist {
    if parts.len() == 1 {
        return parts[0].1.clone().into();
    }
    GaussianMixture::new(parts.to_vec()).unwrap().into()
}

/// A mixture's (weight, component) pairs.
type Parts = Vec<(f64, MvNormal)>;

/// A 2-D pair of mixtures, its components in the order given.
fn pair_2d() -> (Parts, Parts) {
    (
        vec![
            (0.2, mvn(&[0.0, 0.0], &[[1.0, 0.2], [0.2, 0.5]])),
            (0.5, mvn(&[2.0, -1.0], &[[0.7, 0.0], [0.0, 1.3]])),
            (0.3, mvn(&[-1.5, 2.0], &[[2.0, -0.6], [-0.6, 1.0]])),
        ],
        vec![
            (0.6, mvn(&[0.5, 0.0], &[[1.5, 0.1], [0.1, 1.0]])),
            (0.4, mvn(&[-1.0, 1.0], &[[1.0, 0.0], [0.0, 2.0]])),
        ],
    )
}

fn close(a: f64, b: f64, size: f64) -> bool {
    (a - b).abs() <= INVARIANCE_RELATIVE * size.max(1e-300)
}

#[test]
fn bounds_are_invariant_under_permuting_components() {
    let (p, q) = pair_2d();
    let b = bounds_of(&mixture(&p), &mixture(&q)).bounds.unwrap();
    let (mut p2, mut q2) = (p.clone(), q.clone());
    p2.rotate_left(1);
    q2.reverse();
    let c = bounds_of(&mixture(&p2), &mixture(&q2)).bounds.unwrap();
    let size = b.upper;
    assert!(
        close(b.lower, c.lower, size) && close(b.upper, c.upper, size),
        "{b:?} vs {c:?}"
    );
    assert!(b.lower < b.upper);
}

#[test]
fn bounds_are_invariant_under_a_common_affine_map() {
    let (p, q) = pair_2d();
    let b = bounds_of(&mixture(&p), &mixture(&q)).bounds.unwrap();
    // x ↦ A x + t with A = [[2, 1], [0.5, -3]].
    let a = [[2.0, 1.0], [0.5, -3.0]];
    let t = [10.0, -4.0];
    let map = |parts: &[(f64, MvNormal)]| -> Vec<(f64, MvNormal)> {
        parts
            .iter()
            .map(|(w, c)| {
                let m = c.mean();
                let s = c.cov();
                let mean: Vec<f64> = (0..2)
                    .map(|i| a[i][0] * m[0] + a[i][1] * m[1] + t[i])
                    .collect();
                let mut cov = [[0.0; 2]; 2];
                for (i, row) in cov.iter_mut().enumerate() {
                    for (j, v) in row.iter_mut().enumerate() {
                        *v = (0..2)
                            .flat_map(|k| (0..2).map(move |l| (k, l)))
                            .map(|(k, l)| a[i][k] * s[k][l] * a[j][l])
                            .sum();
                    }
                }
                cov[1][0] = cov[0][1];
                (*w, mvn(&mean, &cov))
            })
            .collect()
    };
    let c = bounds_of(&mixture(&map(&p)), &mixture(&map(&q)))
        .bounds
        .unwrap();
    let size = b.upper;
    assert!(
        close(b.lower, c.lower, size) && close(b.upper, c.upper, size),
        "{b:?} vs {c:?}"
    );
}

#[test]
fn bounds_collapse_to_the_closed_form_for_single_gaussians() {
    let pairs = [
        ("normal(0, 1)", "normal(3, 1)"),
        ("normal(1e-3, 2)", "normal(0, 2)"),
        (
            "mvnormal(mean=[0, 0], cov=[[1, 0.3], [0.3, 2]])",
            "mvnormal(mean=[1, -1], cov=[[0.5, 0], [0, 0.5]])",
        ),
        (
            "lowrank_mvnormal(mean=[0, 0], cov_factor=[[1], [2]], cov_diag=[1, 1])",
            "mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1]])",
        ),
    ];
    for (p, q) in pairs {
        let (p, q): (Dist, Dist) = (p.parse().unwrap(), q.parse().unwrap());
        let exact = divergence(&p, &q, &with(Method::Exact)).unwrap();
        let b = bounds_of(&p, &q).bounds.unwrap();
        assert!(
            b.lower <= exact.value && exact.value <= b.upper,
            "{p} ‖ {q}: {b:?} vs {exact:?}"
        );
        // The interval is the closed form ± its rounding (itself rounded once more).
        let width = 2.0 * exact.abs_error + 4.0 * f64::EPSILON * exact.value;
        assert!(b.upper - b.lower <= width, "{b:?} vs {exact:?}");
    }
}

#[test]
fn bounds_hold_for_random_mixture_pairs_in_one_dimension() {
    // Random 1-D pairs against kldiv's quadrature (checked against mpmath above): the bounds
    // must contain it whatever the weights, spreads and separations.
    let u = crate::common::splitmix64(77, 40 * 12);
    let mut checked = 0;
    for chunk in u.chunks(12).take(40) {
        let comp = |i: usize| {
            format!(
                "normal({}, {})",
                (chunk[i] - 0.5) * 20.0,
                0.05 + 3.0 * chunk[i + 1]
            )
        };
        let w = 0.001 + 0.998 * chunk[8];
        let v = 0.001 + 0.998 * chunk[9];
        let p: Dist = format!("{w}*{} + {}*{}", comp(0), 1.0 - w, comp(2))
            .parse()
            .unwrap();
        let q: Dist = format!("{v}*{} + {}*{}", comp(4), 1.0 - v, comp(6))
            .parse()
            .unwrap();
        let Ok(truth) = divergence(&p, &q, &with(Method::Quadrature)) else {
            continue;
        };
        let b = bounds_of(&p, &q).bounds.unwrap();
        assert!(
            b.lower <= truth.value + truth.abs_error && truth.value - truth.abs_error <= b.upper,
            "{p} ‖ {q}: {b:?} vs {truth:?}"
        );
        checked += 1;
    }
    assert!(checked >= 35, "{checked}");
}

#[test]
fn mixture_methods_reject_other_pairs_and_measures() {
    let g: Dist = "gamma(2, 1)".parse().unwrap();
    let n: Dist = "normal(0, 1)".parse().unwrap();
    let message = divergence(&g, &n, &with(Method::Bounds))
        .unwrap_err()
        .to_string();
    assert!(message.contains("Gaussian mixtures"), "{message}");
    let two: Dist = "mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1]])"
        .parse()
        .unwrap();
    let message = divergence(&n, &two, &with(Method::Bounds))
        .unwrap_err()
        .to_string();
    assert!(message.contains("different dimensions"), "{message}");
    let message = kldiv::measure(&n, &n, kldiv::Measure::Hellinger, &with(Method::Bounds))
        .unwrap_err()
        .to_string();
    assert!(message.contains("KL only"), "{message}");
    let spec =
        "0.5*mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1]]) + 0.5*mvnormal(mean=[0], cov=[[1]])";
    let message = spec.parse::<Dist>().unwrap_err().to_string();
    assert!(message.contains("component 2 has dimension 1"), "{message}");
}

#[test]
fn mixtures_of_mvnormals_round_trip_through_text() {
    let spec = "0.3*mvnormal(mean=[0, 1], cov=[[1, 0.5], [0.5, 2]]) + 0.7*mvnormal(mean=[-1, 0], cov=[[1, 0], [0, 1]])";
    let d: Dist = spec.parse().unwrap();
    assert_eq!(d.to_string(), spec);
    assert_eq!(d.dim(), 2);
    assert_eq!(d.to_string().parse::<Dist>().unwrap(), d);
    // The density is the weighted sum of the components'.
    let x = [0.3, -0.2];
    let a: Dist = "mvnormal(mean=[0, 1], cov=[[1, 0.5], [0.5, 2]])"
        .parse()
        .unwrap();
    let b: Dist = "mvnormal(mean=[-1, 0], cov=[[1, 0], [0, 1]])"
        .parse()
        .unwrap();
    let want = (0.3 * a.ln_pdf_at(&x).unwrap().exp() + 0.7 * b.ln_pdf_at(&x).unwrap().exp()).ln();
    assert!((d.ln_pdf_at(&x).unwrap() - want).abs() <= 4.0 * f64::EPSILON * want.abs());
}

#[test]
fn entropy_bounds_contain_the_entropy() {
    // One dimension: against quadrature, for every fixture mixture and random ones.
    let u = crate::common::splitmix64(91, 30 * 6);
    let mut specs: Vec<String> = cases()
        .iter()
        .filter(|c| c.d == 1)
        .flat_map(|c| [c.p.to_string(), c.q.to_string()])
        .collect();
    for v in u.chunks(6) {
        let w = 0.001 + 0.998 * v[0];
        specs.push(format!(
            "{w}*normal({}, {}) + {}*normal({}, {})",
            (v[1] - 0.5) * 30.0,
            0.01 + 5.0 * v[2],
            1.0 - w,
            (v[3] - 0.5) * 30.0,
            0.01 + 5.0 * v[4]
        ));
    }
    for s in &specs {
        let p: Dist = s.parse().unwrap();
        let e = kldiv::entropy(&p, &Options::default()).unwrap();
        if let Dist::Normal(_) = p {
            assert_eq!(e.bounds, None);
            continue;
        }
        let b = e.bounds.unwrap();
        assert!(
            b.lower <= e.value + e.abs_error && e.value - e.abs_error <= b.upper,
            "{p}: {b:?} vs {e:?}"
        );
    }
    // Two and ten dimensions: against Monte Carlo, within five standard errors.
    for c in cases().iter().filter(|c| c.d >= 2) {
        let e = kldiv::entropy(&c.p, &Options::default().samples(200_000)).unwrap();
        let Some(b) = e.bounds else {
            assert!(matches!(c.p, Dist::MvNormal(_)));
            continue;
        };
        let slack = REFERENCE_SIGMAS * e.abs_error;
        assert!(
            b.lower <= e.value + slack && e.value - slack <= b.upper,
            "{}: {b:?} vs {e:?}",
            c.name
        );
    }
}

/// Pairs from a new-user trial whose terms overflow, cancel or round away: each answer holds
/// the truth or is a refusal, never an interval of [0, 0], a NaN or a confident miss.
#[test]
fn extreme_parameters_give_true_intervals_or_refusals() {
    let never_wrong = [
        // Components 2·10¹⁶⁰ apart: KL ≈ 5·10³¹⁹ is beyond the doubles.
        (
            "0.5*normal(1e160, 1) + 0.5*normal(-1e160, 1)",
            "normal(0, 1)",
        ),
        (
            "normal(0, 1)",
            "0.5*normal(1e160, 1) + 0.5*normal(-1e160, 1)",
        ),
        (
            "0.5*mvnormal(mean=[1e300, 0], cov=[[1, 0], [0, 1]]) + 0.5*mvnormal(mean=[-1e300, 0], cov=[[1, 0], [0, 1]])",
            "mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1]])",
        ),
        // Variances 10³⁰⁰ apart inside p.
        (
            "0.5*normal(0, 1e150) + 0.5*normal(0, 1e-150)",
            "0.5*normal(0, 1) + 0.5*normal(1e100, 1e-100)",
        ),
        ("0.5*normal(0, 1e-80) + 0.5*normal(0, 1e80)", "normal(0, 1)"),
    ];
    for (ps, qs) in never_wrong {
        let (p, q): (Dist, Dist) = (ps.parse().unwrap(), qs.parse().unwrap());
        for method in std::iter::once(Method::Bounds)
            .chain(Approximation::ALL.into_iter().map(Method::Approximation))
        {
            match divergence(&p, &q, &with(method)) {
                Ok(e) => {
                    let b = e.bounds.unwrap();
                    assert!(!e.value.is_nan() && !b.lower.is_nan() && !b.upper.is_nan());
                    assert!(b.lower <= b.upper, "{ps} ‖ {qs} {method:?}: {b:?}");
                    // Each truth here is above 10¹⁵⁰ or infinite, or (the last) finite and
                    // positive: an upper end of 0 is the collapse the trial found.
                    assert!(b.upper > 0.0, "{ps} ‖ {qs} {method:?}: {b:?}");
                }
                Err(e) => assert!(!e.is_invalid_input(), "{ps} ‖ {qs} {method:?}: {e}"),
            }
        }
    }
}

#[test]
fn monte_carlo_keeps_tiny_spreads_about_huge_means() {
    // KL is unchanged by a common translation; draws are made about their component's mean.
    let cases = [
        (
            "0.5*mvnormal(mean=[1e100, 0], cov=[[1, 0], [0, 1]]) + 0.5*mvnormal(mean=[-1e100, 0], cov=[[1, 0], [0, 1]])",
            "0.5*mvnormal(mean=[1e100, 0], cov=[[1, 0], [0, 1]]) + 0.5*mvnormal(mean=[-1e100, 0], cov=[[2, 0], [0, 1]])",
            // ½ KL(N(0, 1)‖N(0, 2)) = ¼(ln 2 − ½).
            0.25 * (std::f64::consts::LN_2 - 0.5),
        ),
        (
            "0.5*normal(1e8, 1e-8) + 0.5*normal(1e8, 2e-8)",
            "normal(1e8, 3e-8)",
            // The same pair about 0, by quadrature.
            divergence(
                &"0.5*normal(0, 1) + 0.5*normal(0, 2)".parse().unwrap(),
                &"normal(0, 3)".parse().unwrap(),
                &Options::default(),
            )
            .unwrap()
            .value,
        ),
    ];
    for (ps, qs, truth) in cases {
        let (p, q): (Dist, Dist) = (ps.parse().unwrap(), qs.parse().unwrap());
        let e = divergence(
            &p,
            &q,
            &with(Method::MonteCarlo {
                samples: 400_000,
                seed: 2,
            }),
        )
        .unwrap();
        assert!(
            (e.value - truth).abs() <= REFERENCE_SIGMAS * e.abs_error,
            "{ps} ‖ {qs}: {e:?} vs {truth}"
        );
        assert_eq!(
            e.warning, None,
            "Gaussian mixtures' log-ratios have every moment"
        );
    }
}

#[test]
fn far_apart_components_are_integrated_and_bounded() {
    // KL = ¼·10⁸ − ln 2 (the components' overlap is e^(−10⁷)).
    let p: Dist = "0.5*normal(0, 1) + 0.5*normal(1e4, 1)".parse().unwrap();
    let q: Dist = "normal(0, 1)".parse().unwrap();
    let truth = 0.25e8 - std::f64::consts::LN_2;
    let e = divergence(&p, &q, &Options::default()).unwrap();
    assert_eq!(e.method, Algorithm::Quadrature);
    assert!((e.value - truth).abs() <= e.abs_error, "{e:?} vs {truth}");
    let b = divergence(&p, &q, &Options::default().method(Method::Bounds)).unwrap();
    let bounds = b.bounds.unwrap();
    assert!(
        bounds.lower <= truth && truth <= bounds.upper,
        "{b:?} vs {truth}"
    );
    // Components 10⁴ and 10⁵ σ apart on both sides: each cluster on its own, so KL is
    // Σ wᵢ ln(wᵢ/vᵢ) + Σ wᵢ KL(pᵢ‖qᵢ) with the normals' closed form (overlaps below e^(−10⁷)).
    let kl_normal = |m1: f64, s1: f64, m2: f64, s2: f64| {
        (s2 / s1).ln() + (s1 * s1 + (m1 - m2).powi(2)) / (2.0 * s2 * s2) - 0.5
    };
    for far in [1e4, 1e5] {
        let p: Dist = format!("0.3*normal(0, 1) + 0.7*normal({far}, 2)")
            .parse()
            .unwrap();
        let q: Dist = format!("0.5*normal(1, 1) + 0.5*normal({far}, 1)")
            .parse()
            .unwrap();
        let truth = 0.3 * (0.3f64 / 0.5).ln()
            + 0.7 * (0.7f64 / 0.5).ln()
            + 0.3 * kl_normal(0.0, 1.0, 1.0, 1.0)
            + 0.7 * kl_normal(far, 2.0, far, 1.0);
        let e = divergence(&p, &q, &Options::default()).unwrap();
        assert!(
            (e.value - truth).abs() <= e.abs_error,
            "{p} ‖ {q}: {e:?} vs {truth}"
        );
        assert!(e.abs_error <= 1e-9 * truth, "{p} ‖ {q}: {e:?}");
    }
    let h = kldiv::entropy(&p, &Options::default()).unwrap();
    let b = h.bounds.unwrap();
    let want =
        std::f64::consts::LN_2 + 0.5 * (2.0 * std::f64::consts::PI * std::f64::consts::E).ln();
    assert!(b.lower <= want && want <= b.upper, "{h:?} vs {want}");
}
