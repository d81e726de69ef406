//! Random-input harnesses (cargo fuzz needs a nightly toolchain, which this project's machines do
//! not have): the text language parser and the divergence front door on parsed specs. Each input
//! must give a value or an error — never a panic, a NaN from valid input, a negative KL, or more
//! than `PER_INPUT_LIMIT` of time.
//!
//! A short run is part of the test suite; `scripts/fuzz-long.sh` runs each for minutes:
//! `FUZZ_SECONDS=600 cargo test --release -p kldiv --test tests fuzz -- --nocapture`.
use kldiv::dist::FAMILIES;
use kldiv::dist::family::Kind;
use kldiv::{Algorithm, Dist, Method, Options, divergence};
use rand::{Rng, RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::time::{Duration, Instant};

/// An input that takes longer than this is a hang.
const PER_INPUT_LIMIT: Duration = Duration::from_secs(10);

/// Seconds to run each harness (default: a short run of a fixed number of inputs).
fn budget() -> Option<Duration> {
    std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
}

fn number(rng: &mut Xoshiro256PlusPlus, valid: bool) -> String {
    if valid {
        // Positive, mostly moderate, sometimes extreme: parameters every family accepts
        // except where an upper bound applies (probabilities), which then fail to parse.
        return match rng.random_range(0..10) {
            0 => "1e-300".into(),
            1 => "1e300".into(),
            2 => format!(
                "{:e}",
                rng.random::<f64>() * 10f64.powi(rng.random_range(-8..8)) + 1e-12
            ),
            3 => format!("{}", rng.random_range(1..30)),
            _ => format!("{}", rng.random::<f64>() * 4.0 + 0.05),
        };
    }
    match rng.random_range(0..12) {
        0 => "0".into(),
        1 => "-1".into(),
        2 => "1e-300".into(),
        3 => "1e300".into(),
        4 => format!("{}", rng.random_range(1..50)),
        5 => "0.5".into(),
        6 => format!(
            "{:e}",
            rng.random::<f64>() * 10f64.powi(rng.random_range(-20..20))
        ),
        7 => format!("-{}", rng.random::<f64>() * 100.0),
        _ => format!("{}", rng.random::<f64>() * 5.0 + 0.05),
    }
}

/// An atom of any family of the table: numbers for scalar parameters (an integer count such as
/// a binomial's or multinomial's n among them), a list of 2 or 3 for vectors, and for a matrix
/// a diagonally dominant (so positive definite when valid) one of the preceding vector's length.
/// The vectors of one atom share a length when valid (lowrank_mvnormal's mean and cov_diag).
fn atom(rng: &mut Xoshiro256PlusPlus, valid: bool) -> String {
    let family = &FAMILIES[rng.random_range(0..FAMILIES.len())];
    let mut len = rng.random_range(2..4);
    let mut vectors = 0;
    let args: Vec<String> = family
        .params
        .iter()
        .map(|param| {
            let value = match param.kind {
                Kind::Scalar => number(rng, valid),
                Kind::Vector => {
                    if vectors == 0 || !valid {
                        len = rng.random_range(2..4);
                    }
                    vectors += 1;
                    // Valid lists sum to 1, as categorical probabilities must.
                    let items: Vec<String> = (0..len)
                        .map(|_| {
                            if valid {
                                format!("{}", 1.0 / len as f64)
                            } else {
                                number(rng, valid)
                            }
                        })
                        .collect();
                    format!("[{}]", items.join(", "))
                }
                Kind::Matrix => {
                    let rows: Vec<String> = (0..len)
                        .map(|i| {
                            let row: Vec<String> = (0..len)
                                .map(|j| {
                                    if i == j {
                                        number(rng, valid)
                                    } else {
                                        "0.001".into()
                                    }
                                })
                                .collect();
                            format!("[{}]", row.join(", "))
                        })
                        .collect();
                    format!("[{}]", rows.join(", "))
                }
            };
            format!("{}={value}", param.name)
        })
        .collect();
    format!("{}({})", family.name, args.join(", "))
}

/// A spec: an atom or a mixture, sometimes mutated byte by byte.
fn spec(rng: &mut Xoshiro256PlusPlus, valid: bool) -> String {
    let mut s = if rng.random_bool(0.3) {
        let k = rng.random_range(2..5);
        let w = 1.0 / k as f64;
        (0..k)
            .map(|_| format!("{w}*{}", atom(rng, valid)))
            .collect::<Vec<_>>()
            .join(" + ")
    } else {
        atom(rng, valid)
    };
    if !valid && rng.random_bool(0.3) {
        let mut chars: Vec<char> = s.chars().collect();
        for _ in 0..rng.random_range(1..4) {
            let i = rng.random_range(0..chars.len().max(1));
            const NOISE: &[char] = &[
                '(', ')', '[', ']', ',', '*', '+', '=', '-', 'e', '.', '9', ' ', 'x', '\u{0}', 'ñ',
                '‖',
            ];
            match rng.random_range(0..3) {
                0 if !chars.is_empty() => {
                    chars.remove(i.min(chars.len() - 1));
                }
                1 => chars.insert(i.min(chars.len()), NOISE[rng.random_range(0..NOISE.len())]),
                _ if !chars.is_empty() => {
                    let at = i.min(chars.len() - 1);
                    chars[at] = NOISE[rng.random_range(0..NOISE.len())];
                }
                _ => {}
            }
        }
        s = chars.into_iter().collect();
    }
    s
}

/// Runs `body` on inputs until the budget (or `short` inputs) is spent; returns the count.
fn run(name: &str, short: u64, mut body: impl FnMut(&mut Xoshiro256PlusPlus) -> String) -> u64 {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(
        std::env::var("FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(7),
    );
    let start = Instant::now();
    let mut n = 0u64;
    loop {
        match budget() {
            Some(b) if start.elapsed() >= b => break,
            None if n >= short => break,
            _ => {}
        }
        let t = Instant::now();
        let input = body(&mut rng);
        assert!(
            t.elapsed() < PER_INPUT_LIMIT,
            "{name}: input {n} ({input}) took {:?}",
            t.elapsed()
        );
        n += 1;
    }
    eprintln!(
        "fuzz {name}: {n} inputs in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    n
}

#[test]
fn fuzz_parser() {
    run("parser", 20_000, |rng| {
        let s = if rng.random_bool(0.1) {
            // Arbitrary bytes as (lossy) text.
            let bytes: Vec<u8> = (0..rng.random_range(0..64))
                .map(|_| rng.next_u64() as u8)
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            spec(rng, false)
        };
        if let Ok(d) = s.parse::<Dist>() {
            let again: Dist = d
                .to_string()
                .parse()
                .unwrap_or_else(|e| panic!("{s:?} → {d} does not parse back: {e}"));
            assert_eq!(d, again, "{s:?}");
        }
        s
    });
}

#[test]
fn fuzz_divergence() {
    let opts = Options::default().max_evaluations(200_000).samples(20_000);
    let (mut computed, mut errors) = (0u64, 0u64);
    run("divergence", 1_000, |rng| {
        let (ps, qs) = (spec(rng, true), spec(rng, true));
        let label = format!("{ps} ‖ {qs}");
        let (Ok(p), Ok(q)) = (ps.parse::<Dist>(), qs.parse::<Dist>()) else {
            return label;
        };
        computed += 1;
        match divergence(&p, &q, &opts) {
            Ok(e) => {
                assert!(!e.value.is_nan(), "KL({p} ‖ {q}) is NaN: {e:?}");
                assert!(e.value >= 0.0, "KL({p} ‖ {q}) < 0: {e:?}");
                assert!(!e.abs_error.is_nan(), "KL({p} ‖ {q}) error is NaN: {e:?}");
                // Two methods, two bars: a closed form and quadrature of the same pair must
                // agree within the sum of their bars (or quadrature must refuse).
                if e.method == Algorithm::ClosedForm
                    && e.value.is_finite()
                    && p.as_univariate().is_some()
                    && let Ok(n) = divergence(&p, &q, &opts.method(Method::Quadrature))
                    && n.value.is_finite()
                {
                    let gap = (e.value - n.value).abs();
                    assert!(
                        gap <= e.abs_error + n.abs_error,
                        "KL({p} ‖ {q}): closed form {e:?} and quadrature {n:?} differ by {gap:e}"
                    );
                }
            }
            Err(e) => {
                errors += 1;
                let msg = e.to_string();
                assert!(
                    !msg.is_empty() && !msg.contains("NaN ±"),
                    "{p} ‖ {q}: {msg}"
                );
            }
        }
        label
    });
    eprintln!(
        "fuzz divergence: {computed} pairs of valid specs computed ({errors} of them errors)"
    );
}

/// The measures on random valid pairs: never NaN, inside their ranges, and consistent with
/// each other where two computations meet: H² against 1 − e^(−R½/2) (two different integrals),
/// total variation against Pinsker's bound from KL, a closed form against quadrature.
#[test]
fn fuzz_measures() {
    use kldiv::{Measure, measure};
    let opts = Options::default().max_evaluations(200_000).samples(20_000);
    let mut computed = 0u64;
    run("measures", 150, |rng| {
        let (ps, qs) = (spec(rng, true), spec(rng, true));
        let label = format!("{ps} ‖ {qs}");
        let (Ok(p), Ok(q)) = (ps.parse::<Dist>(), qs.parse::<Dist>()) else {
            return label;
        };
        if p.dim() != q.dim() || p.as_univariate().is_none() {
            return label;
        }
        computed += 1;
        let get = |m: Measure| {
            measure(&p, &q, m, &opts)
                .ok()
                .filter(|e| e.value.is_finite())
        };
        let all = [
            Measure::Hellinger,
            Measure::TotalVariation,
            Measure::JensenShannon,
            Measure::Renyi(0.5),
            Measure::Renyi(2.0),
            Measure::Bhattacharyya,
        ];
        for m in all {
            if let Ok(e) = measure(&p, &q, m, &opts) {
                assert!(
                    !e.value.is_nan() && !e.abs_error.is_nan(),
                    "{} of {label}: {e:?}",
                    m.name()
                );
                assert!(
                    e.value + e.abs_error >= 0.0,
                    "{} of {label} < 0: {e:?}",
                    m.name()
                );
                if matches!(m, Measure::Hellinger | Measure::TotalVariation) {
                    assert!(e.value <= 1.0, "{} of {label} > 1: {e:?}", m.name());
                }
                if m == Measure::JensenShannon {
                    assert!(
                        e.value - e.abs_error <= std::f64::consts::LN_2,
                        "JS of {label}: {e:?}"
                    );
                }
            }
        }
        if let (Some(h), Some(r)) = (get(Measure::Hellinger), get(Measure::Renyi(0.5))) {
            let (h2, from_r) = (h.value * h.value, -(-0.5 * r.value).exp_m1());
            let slack = 2.0 * h.value * h.abs_error + 0.5 * r.abs_error + 1e-14;
            assert!(
                (h2 - from_r).abs() <= slack,
                "{label}: H² = {h2:e} ({h:?}) but 1 − e^(−R½/2) = {from_r:e} ({r:?})"
            );
        }
        if let (Some(tv), Ok(kl)) = (get(Measure::TotalVariation), divergence(&p, &q, &opts))
            && kl.value.is_finite()
        {
            assert!(
                tv.value - tv.abs_error <= (0.5 * (kl.value + kl.abs_error)).sqrt() + 1e-12,
                "{label}: TV {tv:?} above Pinsker's √(KL/2), KL {kl:?}"
            );
        }
        label
    });
    eprintln!("fuzz measures: {computed} univariate pairs");
}
