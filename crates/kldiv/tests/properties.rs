//! Round trips and cross-checks between independent methods.
use kldiv::{Dist, Univariate};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Every family once, with parameters away from the edges.
const SPECS: &[&str] = &[
    "normal(0.5, 2)",
    "lognormal(0.2, 0.6)",
    "uniform(-1, 3)",
    "exponential(1.5)",
    "gamma(2.5, 1.5)",
    "beta(2, 5)",
    "laplace(1, 2)",
    "cauchy(-1, 0.5)",
    "student_t(5, 1, 2)",
    "logistic(0, 1.5)",
    "gumbel(1, 2)",
    "weibull(1.5, 2)",
    "chi2(4)",
    "halfnormal(2)",
    "pareto(1, 3)",
    "inverse_gamma(5, 2)",
    "bernoulli(0.3)",
    "binomial(10, 0.3)",
    "poisson(4)",
    "geometric(0.25)",
    "categorical([0.2, 0.5, 0.3])",
    "half_cauchy(1.5)",
    "negative_binomial(3.5, 0.3)",
    "f(5, 12)",
    "kumaraswamy(2, 3)",
    "continuous_bernoulli(0.3)",
    "von_mises(2.5, 3)",
    "0.3*normal(-2, 1) + 0.7*gamma(3, 1)",
    "0.5*poisson(2) + 0.5*binomial(20, 0.5)",
];

fn uni(spec: &str) -> Dist {
    spec.parse().unwrap()
}

/// quantile(cdf(x)) against x, relative to the scale of x.
const ROUND_TRIP_TOL: f64 = 1e-9;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn quantile_inverts_cdf(i in 0..SPECS.len(), p in 0.001f64..0.999) {
        let d = uni(SPECS[i]);
        let u = d.as_univariate().unwrap();
        let x = u.quantile(p);
        if u.support().discrete {
            // The smallest k with F(k) ≥ p.
            prop_assert!(u.cdf(x) >= p);
            prop_assert!(x == u.support().lower || u.cdf(x - 1.0) < p);
        } else {
            let back = u.quantile(u.cdf(x));
            prop_assert!((back - x).abs() <= ROUND_TRIP_TOL * x.abs().max(1.0), "{} {x} {back}", SPECS[i]);
        }
    }

    #[test]
    fn display_parses_back_to_the_same_distribution(
        family in 0..10usize, a in -1e3f64..1e3, b in 1e-3f64..1e3, w in 0.01f64..0.99,
    ) {
        let spec = match family {
            0 => format!("normal({a}, {b})"),
            1 => format!("gamma({b}, scale={b})"),
            2 => format!("student_t({b}, {a}, {b})"),
            3 => format!("{w}*laplace({a}, {b}) + {}*cauchy({a}, {b})", 1.0 - w),
            4 => format!("categorical([{w}, {}])", 1.0 - w),
            5 => format!("mvnormal(mean=[{a}, 0], cov=[[{b}, 0], [0, {b}]])"),
            6 => format!("dirichlet(alpha=[{b}, {w}, 1])"),
            7 => format!("multinomial({}, p=[{w}, {}])", b.floor(), 1.0 - w),
            8 => format!(
                "lowrank_mvnormal(mean=[{a}, 0], cov_factor=[[{w}], [{a}]], cov_diag=[{b}, {b}])"
            ),
            _ => format!("uniform({a}, {})", a + b),
        };
        let d: Dist = spec.parse().unwrap();
        let again: Dist = d.to_string().parse().unwrap();
        prop_assert_eq!(&d, &again);
        prop_assert_eq!(d.to_string(), again.to_string());
    }
}

/// ∫ₐᵇ pdf by composite 16-point Gauss–Legendre against cdf(b) − cdf(a).
const INTEGRATES_TOL: f64 = 1e-11;

fn gauss_legendre(f: impl Fn(f64) -> f64, a: f64, b: f64, panels: usize) -> f64 {
    // 8-point rule nodes and weights on [−1, 1] (Abramowitz & Stegun 25.4.30).
    const X: [f64; 4] = [
        0.183_434_642_495_649_8,
        0.525_532_409_916_329,
        0.796_666_477_413_626_7,
        0.960_289_856_497_536_3,
    ];
    const W: [f64; 4] = [
        0.362_683_783_378_362,
        0.313_706_645_877_887_3,
        0.222_381_034_453_374_5,
        0.101_228_536_290_376_3,
    ];
    let h = (b - a) / panels as f64;
    let mut total = 0.0;
    for k in 0..panels {
        let c = a + (k as f64 + 0.5) * h;
        for (x, w) in X.iter().zip(W) {
            total += w * 0.5 * h * (f(c - 0.5 * h * x) + f(c + 0.5 * h * x));
        }
    }
    total
}

#[test]
fn pdf_integrates_to_cdf() {
    for spec in SPECS {
        let d = uni(spec);
        let u = d.as_univariate().unwrap();
        if u.support().discrete {
            // Sum of the pmf up to k equals the cdf.
            let mut acc = 0.0;
            let lo = u.support().lower;
            for k in 0..15 {
                let k = lo + k as f64;
                acc += u.pdf(k);
                assert!((acc - u.cdf(k)).abs() < 1e-14, "{spec} at {k}");
            }
            continue;
        }
        let (a, b) = (u.quantile(0.05), u.quantile(0.9));
        // Split at landmarks so that kinks (laplace, pareto's edge) fall on panel ends.
        let mut cuts = vec![a, b];
        cuts.extend(u.landmarks().into_iter().filter(|x| *x > a && *x < b));
        cuts.sort_by(f64::total_cmp);
        let integral: f64 = cuts
            .windows(2)
            .map(|w| gauss_legendre(|x| u.pdf(x), w[0], w[1], 200))
            .sum();
        let want = u.cdf(b) - u.cdf(a);
        assert!(
            (integral - want).abs() < INTEGRATES_TOL,
            "{spec}: ∫pdf = {integral}, Δcdf = {want}"
        );
    }
}

#[test]
fn sample_moments_within_five_standard_errors() {
    // α ≈ 6e-7 per check (two-sided 5σ under the CLT); 10^5 draws with a fixed seed.
    let n = 100_000;
    for (i, spec) in SPECS.iter().enumerate() {
        let d = uni(spec);
        let u = d.as_univariate().unwrap();
        let (Some(mean), Some(var)) = (u.mean(), u.variance()) else {
            continue;
        };
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(42 + i as u64);
        let xs: Vec<f64> = (0..n).map(|_| u.draw(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        let m4 = xs.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n as f64;
        let se_mean = (var / n as f64).sqrt();
        let se_var = ((m4 - v * v) / n as f64).sqrt();
        assert!(
            (m - mean).abs() < 5.0 * se_mean,
            "{spec}: mean {m} vs {mean}"
        );
        assert!(
            (v - var).abs() < 5.0 * se_var,
            "{spec}: variance {v} vs {var}"
        );
    }
}

#[test]
fn rand_distribution_trait_draws_the_same_stream() {
    use rand::distr::Distribution;
    let n = kldiv::Normal::new(1.0, 2.0).unwrap();
    let mut a = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut b = Xoshiro256PlusPlus::seed_from_u64(7);
    assert_eq!(n.sample(&mut a), n.draw(&mut b));
}

#[test]
fn multivariate_densities() {
    // N(0, I₂) at the origin: 1/(2π).
    let d: Dist = "mvnormal(mean=[0, 0], cov=[[1, 0], [0, 1]])"
        .parse()
        .unwrap();
    let lp = d.ln_pdf_at(&[0.0, 0.0]).unwrap();
    assert!((lp + (2.0 * std::f64::consts::PI).ln()).abs() < 1e-15);
    // Dirichlet(1,1,1) is uniform on the simplex: density Γ(3) = 2.
    let dir: Dist = "dirichlet(alpha=[1, 1, 1])".parse().unwrap();
    assert!((dir.ln_pdf_at(&[0.2, 0.3, 0.5]).unwrap() - 2f64.ln()).abs() < 1e-15);
    assert!(d.ln_pdf_at(&[0.0]).is_err());
    assert!(d.univariate().is_err());
}

/// Every scalar parameter declares a range worth exploring (the page's sliders), and both ends
/// of it build the family with the other parameters at their ranges' midpoints: a slider never
/// offers a value the family refuses.
#[test]
fn every_scalar_parameter_has_a_range_whose_ends_are_valid() {
    use kldiv::dist::family::Kind;
    for f in kldiv::dist::FAMILIES {
        let scalars: Vec<_> = f.params.iter().filter(|p| p.kind == Kind::Scalar).collect();
        if scalars.len() != f.params.len() {
            // Families with a list parameter are explored through their spec text.
            continue;
        }
        let mid: Vec<f64> = scalars
            .iter()
            .map(|p| {
                let (lo, hi) = p
                    .range
                    .unwrap_or_else(|| panic!("{}.{}: no range", f.name, p.name));
                assert!(
                    lo.is_finite() && hi.is_finite() && lo < hi,
                    "{}.{}",
                    f.name,
                    p.name
                );
                0.5 * (lo + hi)
            })
            .collect();
        for (i, p) in scalars.iter().enumerate() {
            let (lo, hi) = p.range.unwrap();
            for end in [lo, hi] {
                let mut v = mid.clone();
                v[i] = end;
                let spec = format!(
                    "{}({})",
                    f.name,
                    v.iter()
                        .map(|x| format!("{x:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                spec.parse::<kldiv::Dist>()
                    .unwrap_or_else(|e| panic!("{spec}: {e}"));
            }
        }
    }
}

/// Draws per Kolmogorov–Smirnov check.
const KS_DRAWS: usize = 20_000;
/// The critical value of √n·D at α = 0.001. Kolmogorov's limit law:
/// P(√n·D > t) → 2 Σₖ≥₁ (−1)^(k−1) e^(−2k²t²); its first term alone is α at
/// t = √(ln(2/α)/2) = √(ln 2000 / 2) = 1.94947…, and the second, 2e^(−8t²) ≈ 1e−13, moves it by
/// nothing. Stephens' (1970) finite-n form tests D·(√n + 0.12 + 0.11/√n) against the same t.
/// For a discrete law the same critical value is conservative (Noether 1963): the level is at
/// most α when D is the exact sup over the support, computed below at every jump of F.
const KS_CRITICAL: f64 = 1.949_47;

/// Families with parameters that take the samplers' other branches (gamma and beta shapes
/// below one, a Poisson and a binomial large enough for rejection samplers, heavy tails).
const BRANCH_SPECS: &[&str] = &[
    "gamma(0.3, 2)",
    "beta(0.4, 0.6)",
    "poisson(250)",
    "binomial(1000, 0.4)",
    "student_t(0.8, 0, 1)",
    "negative_binomial(40, 0.7)",
    "von_mises(0, 0.05)",
    "continuous_bernoulli(0.5)",
    "chi2(0.5)",
    "inverse_gamma(0.7, 1)",
];

/// Kolmogorov–Smirnov statistic D of sorted draws against the cdf `f` of a law.
fn ks_statistic(sorted: &[f64], f: &dyn Fn(f64) -> f64, discrete: bool) -> f64 {
    let n = sorted.len() as f64;
    if discrete {
        // Both cdfs are steps that jump at integers: the sup is at some integer k (from just
        // below the smallest draw to the largest), compared right-continuously.
        let (lo, hi) = (sorted[0] - 1.0, sorted[sorted.len() - 1]);
        let mut d: f64 = 0.0;
        let mut i = 0;
        let mut k = lo;
        while k <= hi {
            while i < sorted.len() && sorted[i] <= k {
                i += 1;
            }
            d = d.max((i as f64 / n - f(k)).abs());
            k += 1.0;
        }
        return d;
    }
    sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let fx = f(x);
            (fx - i as f64 / n).max((i + 1) as f64 / n - fx)
        })
        .fold(0.0, f64::max)
}

/// Whether sorted draws pass KS at α = 0.001 against `f`; the scaled statistic otherwise.
fn ks_fails(mut xs: Vec<f64>, f: &dyn Fn(f64) -> f64, discrete: bool) -> Option<f64> {
    xs.sort_by(f64::total_cmp);
    let sqrt_n = (xs.len() as f64).sqrt();
    let scaled = ks_statistic(&xs, f, discrete) * (sqrt_n + 0.12 + 0.11 / sqrt_n);
    (scaled > KS_CRITICAL).then_some(scaled)
}

#[test]
fn draws_of_every_family_pass_kolmogorov_smirnov() {
    let mut failures = Vec::new();
    let mut families = std::collections::BTreeSet::new();
    for (i, spec) in SPECS.iter().chain(BRANCH_SPECS).enumerate() {
        let d = uni(spec);
        families.insert(d.family());
        let u = d.as_univariate().unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7_000 + i as u64);
        let xs: Vec<f64> = (0..KS_DRAWS).map(|_| u.draw(&mut rng)).collect();
        if let Some(s) = ks_fails(xs, &|x| u.cdf(x), u.support().discrete) {
            failures.push(format!("{spec}: √n·D = {s:.3}"));
        }
    }
    // The multivariate families, coordinate by coordinate against their marginal laws.
    let multivariate: &[(&str, &[&str])] = &[
        (
            "mvnormal(mean=[1, -2], cov=[[4, 1.5], [1.5, 1]])",
            &["normal(1, 2)", "normal(-2, 1)"],
        ),
        (
            "lowrank_mvnormal(mean=[0, 3], cov_factor=[[1], [2]], cov_diag=[3, 0.25])",
            &["normal(0, 2)", "normal(3, 2.0615528128088303)"],
        ),
        (
            "dirichlet(alpha=[0.5, 2, 3.5])",
            &["beta(0.5, 5.5)", "beta(2, 4)", "beta(3.5, 2.5)"],
        ),
        (
            "multinomial(30, p=[0.2, 0.5, 0.3])",
            &[
                "binomial(30, 0.2)",
                "binomial(30, 0.5)",
                "binomial(30, 0.3)",
            ],
        ),
        (
            "0.3*mvnormal(mean=[0, 0], cov=[[1, 0], [0, 4]]) + 0.7*mvnormal(mean=[3, 1], cov=[[0.25, 0], [0, 1]])",
            &[
                "0.3*normal(0, 1) + 0.7*normal(3, 0.5)",
                "0.3*normal(0, 2) + 0.7*normal(1, 1)",
            ],
        ),
    ];
    for (i, (spec, marginals)) in multivariate.iter().enumerate() {
        let d = uni(spec);
        families.insert(d.family());
        let dim = d.dim();
        assert_eq!(dim, marginals.len(), "{spec}");
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(8_000 + i as u64);
        let mut all = Vec::with_capacity(KS_DRAWS * dim);
        for _ in 0..KS_DRAWS {
            d.draw_into(&mut rng, &mut all);
        }
        for (j, m) in marginals.iter().enumerate() {
            let m = uni(m);
            let u = m.as_univariate().unwrap();
            let xs: Vec<f64> = all.iter().skip(j).step_by(dim).copied().collect();
            if let Some(s) = ks_fails(xs, &|x| u.cdf(x), u.support().discrete) {
                failures.push(format!("{spec} coordinate {j}: √n·D = {s:.3}"));
            }
        }
    }
    // Every family of the table was drawn (a new family must join SPECS).
    for f in kldiv::FAMILIES {
        assert!(families.contains(f.name), "{} is never drawn", f.name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // And the check can fail: a law off by a tenth of a scale, or a Poisson by 5 %, is caught.
    for (drawn, other) in [
        ("normal(0, 1)", "normal(0.1, 1)"),
        ("poisson(4)", "poisson(4.2)"),
    ] {
        let (d, o) = (uni(drawn), uni(other));
        let (u, v) = (d.as_univariate().unwrap(), o.as_univariate().unwrap());
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9_000);
        let xs: Vec<f64> = (0..KS_DRAWS).map(|_| u.draw(&mut rng)).collect();
        assert!(
            ks_fails(xs, &|x| v.cdf(x), v.support().discrete).is_some(),
            "{drawn} passed as {other}"
        );
    }
}
