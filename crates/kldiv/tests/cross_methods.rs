//! Closed forms against quadrature (or summation) on thousands of seeded random pairs, without
//! any reference tool: two independent methods, each with its own bar, must agree within the
//! sum of the bars — or the numerical one must refuse.
use kldiv::{Algorithm, Dist, Method, Options, divergence};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Pairs drawn; the suite stays under a few seconds.
const PAIRS: usize = 2_000;

/// A positive number spread log-uniformly over [lo, hi].
fn spread(rng: &mut Xoshiro256PlusPlus, lo: f64, hi: f64) -> f64 {
    (lo.ln() + rng.random::<f64>() * (hi.ln() - lo.ln())).exp()
}

/// A distribution of one of the families whose KL has a closed form, with parameters spread
/// over several orders of magnitude.
fn random_dist(rng: &mut Xoshiro256PlusPlus, family: usize) -> String {
    let s = |rng: &mut Xoshiro256PlusPlus| spread(rng, 1e-2, 1e2);
    let loc = |rng: &mut Xoshiro256PlusPlus| rng.random_range(-10.0..10.0);
    match family {
        0 => format!("normal({}, {})", loc(rng), s(rng)),
        1 => format!("lognormal({}, {})", loc(rng), spread(rng, 1e-2, 10.0)),
        2 => format!("halfnormal({})", s(rng)),
        3 => format!("exponential({})", s(rng)),
        4 => format!("gamma({}, {})", spread(rng, 1e-2, 1e3), s(rng)),
        5 => format!(
            "beta({}, {})",
            spread(rng, 1e-2, 1e3),
            spread(rng, 1e-2, 1e3)
        ),
        6 => format!("laplace({}, {})", loc(rng), s(rng)),
        7 => format!("cauchy({}, {})", loc(rng), s(rng)),
        8 => format!("gumbel({}, {})", loc(rng), s(rng)),
        9 => format!("weibull({}, {})", spread(rng, 0.1, 20.0), s(rng)),
        10 => format!("chi2({})", spread(rng, 1e-1, 1e3)),
        11 => format!("inverse_gamma({}, {})", spread(rng, 0.5, 1e2), s(rng)),
        12 => format!("poisson({})", spread(rng, 1e-2, 1e3)),
        13 => format!("geometric({})", spread(rng, 1e-3, 0.999)),
        _ => format!("binomial(40, {})", spread(rng, 1e-3, 0.999)),
    }
}

#[test]
fn closed_forms_and_numerics_agree_within_their_bars() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
    let quad = Options::default()
        .method(Method::Quadrature)
        .max_evaluations(400_000);
    let (mut compared, mut refused) = (0, 0);
    for _ in 0..PAIRS {
        // Same family half the time (every pair has a closed form); otherwise any two, of which
        // the registry covers many (positive families against each other, discrete pairs).
        let f = rng.random_range(0..15);
        let g = if rng.random_bool(0.5) {
            f
        } else {
            rng.random_range(0..15)
        };
        let (ps, qs) = (random_dist(&mut rng, f), random_dist(&mut rng, g));
        let (p, q): (Dist, Dist) = (ps.parse().unwrap(), qs.parse().unwrap());
        let Ok(exact) = divergence(&p, &q, &Options::default().method(Method::Exact)) else {
            continue;
        };
        assert_eq!(exact.method, Algorithm::ClosedForm);
        match divergence(&p, &q, &quad) {
            Ok(n) if exact.value.is_infinite() || n.value.is_infinite() => {
                assert_eq!(exact.value, n.value, "{ps} ‖ {qs}: {exact:?} vs {n:?}");
                compared += 1;
            }
            Ok(n) => {
                let gap = (exact.value - n.value).abs();
                assert!(
                    gap <= exact.abs_error + n.abs_error,
                    "{ps} ‖ {qs}: closed form {exact:?}, numeric {n:?}: gap {gap:e}"
                );
                compared += 1;
            }
            Err(e) => {
                assert!(!e.is_invalid_input(), "{ps} ‖ {qs}: {e}");
                refused += 1;
            }
        }
    }
    assert!(
        compared > PAIRS / 2,
        "{compared} compared, {refused} refused"
    );
    eprintln!("cross-methods: {compared} pairs agree within their bars, {refused} refused");
}
