//! The adversarial accuracy suite: 345 pairs at extreme but realistic parameters (scale ratios
//! 1e-12…1e12, shapes 1e-3…1e12, df 0.5…1e15, mixtures with jumps and far or narrow
//! components, near-equal pairs, heavy tails, discrete extremes), with truths from mpmath
//! (`tests/data/gen_adversarial.py`, each checked a second way). For every pair and every
//! method that applies: the truth inside the bar — or a refusal (`NotConverged`, a method
//! that cannot handle the pair), never a confident wrong number. A bar wider than `REL` of the
//! value is honest but imprecise; README's accuracy section reports their number. Per class,
//! refusals, wide bars and the widest bar are held to `CEILINGS`, today's numbers.
use crate::common::{fixture, num, rel_err};
use kldiv::{Dist, Method, Options, divergence};

/// A bar wider than this, relative to its value, is counted as imprecise.
const REL: f64 = 1e-10;

/// Per class of the fixture, today's numbers (645 answers by Auto and by quadrature, 41
/// refusals): refusals, bars wider than `REL` of the truth, and the widest bar relative to the
/// truth (see `relative_bar`). More refusals or more wide bars than these, or a bar wider than
/// `BAR_MARGIN` times the widest, is a regression; lower a ceiling when a class improves.
/// The counts are exact: the arithmetic is deterministic.
const CEILINGS: &[(&str, usize, usize, f64)] = &[
    ("discrete", 4, 13, 6.6e1),
    ("heavy_tail", 5, 0, 6.4e-12),
    ("large_shape", 20, 24, 2.1e3),
    ("mixture_far_narrow", 0, 22, 6.6e-5),
    ("mixture_jump", 2, 0, 9.9e-13),
    ("near_equal", 1, 52, 5.0e1),
    ("scale_ratio", 5, 3, 6.2e-9),
    ("singular_shape", 2, 1, 1.4e-5),
    ("wide", 2, 4, 2.7e-6),
];

/// Headroom on the widest bar: error estimates move in their last bits with the code around
/// them, a bar twice as wide is a regression.
const BAR_MARGIN: f64 = 2.0;

/// Values below this (nats) have bars measured absolutely: no bar can be narrower than the
/// rounding of the sums around it (~1e-14 for quadrature), whatever the value.
const FLOOR: f64 = 1e-15;

/// Pairs left out, with the reason.
const KNOWN: &[(&str, &str, &str)] = &[
    (
        "poisson(1e4)",
        "binomial(1000000, 0.01)",
        "the fixture truncates the Poisson at n; p has mass above 10⁶ where q has none, so KL = +∞, \
         which kldiv returns",
    ),
    (
        "uniform(-1e300, 1e300)",
        "normal(0, 1e300)",
        "the uniform's variance overflows to +∞ in the moment table: a known limit, returned as +∞",
    ),
];

#[test]
fn every_adversarial_pair_is_right_or_refused() {
    let data = fixture("adversarial.json");
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= 200, "{} cases", cases.len());
    let mut failures = Vec::new();
    let (mut checked, mut refused, mut imprecise) = (0, 0, 0);
    let mut worst: (f64, String) = (0.0, String::new());
    // Per class: refusals, bars wider than REL, the widest bar relative to the truth.
    let mut by_class: std::collections::BTreeMap<String, (usize, usize, f64)> = Default::default();
    for c in cases {
        let (ps, qs) = (c["p"].as_str().unwrap(), c["q"].as_str().unwrap());
        if let Some(why) = KNOWN.iter().find(|k| k.0 == ps && k.1 == qs).map(|k| k.2) {
            eprintln!("skipped {ps} ‖ {qs}: {why}");
            continue;
        }
        // The truth for the doubles Rust parses, where rounding the decimals moves it.
        let truth = num(c.get("kl_f64").unwrap_or(&c["kl"]));
        let (p, q): (Dist, Dist) = (ps.parse().unwrap(), qs.parse().unwrap());
        let class = c["class"].as_str().unwrap().to_string();
        let stats = by_class.entry(class).or_default();
        let mut methods = vec![Method::Auto];
        if p.dim() == 1 {
            methods.push(Method::Quadrature);
        }
        for method in methods {
            let opts = Options::default().method(method);
            match divergence(&p, &q, &opts) {
                Ok(e) => {
                    checked += 1;
                    let inside = e.value == truth || (e.value - truth).abs() <= e.abs_error;
                    let rel = rel_err(e.value, truth);
                    if inside && rel > REL {
                        imprecise += 1;
                    }
                    let bar = relative_bar(truth, e.abs_error);
                    if bar > REL {
                        stats.1 += 1;
                    }
                    stats.2 = stats.2.max(bar);
                    if inside && rel > worst.0 {
                        worst = (rel, format!("{ps} ‖ {qs} by {method:?}"));
                    }
                    if !inside {
                        failures.push(format!(
                            "[{}] {ps} ‖ {qs} by {method:?}: {} ± {:e} ({}), truth {truth} (rel {:.1e})",
                            c["class"].as_str().unwrap_or(""),
                            e.value,
                            e.abs_error,
                            e.method,
                            rel_err(e.value, truth)
                        ));
                    }
                }
                Err(e) if !e.is_invalid_input() => {
                    refused += 1;
                    stats.0 += 1;
                }
                Err(e) => failures.push(format!("{ps} ‖ {qs} by {method:?}: {e}")),
            }
        }
    }
    eprintln!(
        "adversarial: {checked} answers, {refused} refusals; {imprecise} honest but wider than \
         {REL:e} relative; worst relative error inside a bar {:.1e} ({})",
        worst.0, worst.1
    );
    for (class, &(r, w, b)) in &by_class {
        eprintln!("    (\"{class}\", {r}, {w}, {b:.1e}),");
        let Some(&(_, max_r, max_w, max_b)) = CEILINGS.iter().find(|c| c.0 == class) else {
            failures.push(format!("class {class} has no ceilings"));
            continue;
        };
        if r > max_r {
            failures.push(format!("[{class}] {r} refusals, ceiling {max_r}"));
        }
        if w > max_w {
            failures.push(format!(
                "[{class}] {w} bars wider than {REL:e}, ceiling {max_w}"
            ));
        }
        if b > BAR_MARGIN * max_b {
            failures.push(format!(
                "[{class}] widest bar {b:.2e} of the truth, ceiling {max_b:e} × {BAR_MARGIN}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} answers wrong or outside their bars:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The half-width of a bar relative to the truth, which below `FLOOR` counts as `FLOOR`; 0 for
/// an exact infinity.
fn relative_bar(truth: f64, abs_error: f64) -> f64 {
    if truth.is_infinite() && abs_error == 0.0 {
        0.0
    } else {
        abs_error / truth.abs().max(FLOOR)
    }
}
