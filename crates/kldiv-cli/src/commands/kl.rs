//! `kldiv kl P Q`: KL between two distributions of the text language.

use super::{input, parse_base, parse_spec};
use crate::cli::{KlArgs, MethodArg};
use crate::output::{self, Failure};

/// The most Monte Carlo draws accepted.
const MAX_MC_SAMPLES: u64 = 10_000_000_000;

pub fn run(a: &KlArgs) -> Result<(), Failure> {
    run_measure(a, kldiv::Measure::Kl)
}

/// `kldiv divergence P Q --measure M`: the same, for any measure.
pub fn run_divergence(a: &crate::cli::DivergenceArgs) -> Result<(), Failure> {
    let m: kldiv::Measure = a
        .measure
        .parse()
        .map_err(|e: kldiv::Error| measure_error(&e))?;
    run_measure(&a.common, m)
}

/// A bad `--measure`, said once: "--measure: unknown measure 'x' (known: …)".
pub(crate) fn measure_error(e: &kldiv::Error) -> Failure {
    let text = e.to_string();
    input(format!(
        "--measure: {}",
        text.strip_prefix("measure: ").unwrap_or(&text)
    ))
}

/// How a measure's value is labelled: `KL(p‖q)`, `hellinger(p, q)`, …
fn label(m: kldiv::Measure, pair: &str) -> String {
    match m {
        kldiv::Measure::Kl => format!("KL({pair})"),
        other => format!("{}({})", other.name(), pair.replace('‖', ", ")),
    }
}

fn approximation(a: kldiv::Approximation) -> kldiv::Method {
    kldiv::Method::Approximation(a)
}

fn run_measure(a: &KlArgs, m: kldiv::Measure) -> Result<(), Failure> {
    let p = parse_spec(&a.p)?;
    let q = parse_spec(&a.q)?;
    let (base, unit) = parse_base(&a.base)?;
    if a.samples < 2 || a.samples > MAX_MC_SAMPLES {
        return Err(input(format!(
            "--samples: expected 2 to {MAX_MC_SAMPLES}, got {}",
            a.samples
        )));
    }
    let method = match a.method {
        MethodArg::Auto => kldiv::Method::Auto,
        MethodArg::Exact => kldiv::Method::Exact,
        MethodArg::Quad => kldiv::Method::Quadrature,
        MethodArg::Mc => kldiv::Method::MonteCarlo {
            samples: a.samples,
            seed: a.seed,
        },
        MethodArg::Bounds => kldiv::Method::Bounds,
        MethodArg::Variational => approximation(kldiv::Approximation::Variational),
        MethodArg::Product => approximation(kldiv::Approximation::Product),
        MethodArg::Matched => approximation(kldiv::Approximation::Matched),
        MethodArg::Unscented => approximation(kldiv::Approximation::Unscented),
        MethodArg::Moments => approximation(kldiv::Approximation::Moments),
    };
    for (flag, tol) in [("--rel-tol", a.rel_tol), ("--abs-tol", a.abs_tol)] {
        if !(tol.is_finite() && tol >= 0.0) {
            return Err(input(format!(
                "{flag}: expected a finite number ≥ 0, got {tol}"
            )));
        }
    }
    if a.max_evaluations < 21 {
        return Err(input(format!(
            "--max-evaluations: expected at least 21 (one panel), got {}",
            a.max_evaluations
        )));
    }
    let options = kldiv::Options::default()
        .method(method)
        .rel_tol(a.rel_tol)
        .abs_tol(a.abs_tol)
        .max_evaluations(a.max_evaluations)
        .base(base)
        .samples(a.samples)
        .seed(a.seed);
    let mut pairs = vec![(&p, &q, "p‖q")];
    if a.both {
        pairs.push((&q, &p, "q‖p"));
    }
    let mut lines = Vec::new();
    let mut results = Vec::new();
    let unit = if m.has_base() { unit } else { String::new() };
    for (x, y, pair) in pairs {
        let name = label(m, pair);
        let e = if m == kldiv::Measure::Kl && matches!(method, kldiv::Method::MonteCarlo { .. }) {
            // Monte Carlo knows its total: a bar of draws rather than a spinner.
            let bar = crate::progress::Bar::start();
            let draws = bar.stage(&format!("{name}: draws"));
            kldiv::divergence_with_progress(x, y, &options, &draws)?
        } else {
            crate::progress::run(&format!("computing {name}"), || {
                kldiv::measure(x, y, m, &options)
            })?
        };
        output::warn(&name, &e);
        lines.push(output::estimate_line(&name, &e, &unit));
        if a.json {
            // The specs in full: a d = 1000 covariance is 10⁶ numbers to format.
            let mut j = output::estimate_json(&x.to_string(), &y.to_string(), &e, &a.base);
            if let Some(obj) = j.as_object_mut() {
                obj.insert("measure".into(), serde_json::json!(m.name()));
            }
            results.push(j);
        }
    }
    if a.json {
        let v = if results.len() == 1 {
            results.remove(0)
        } else {
            serde_json::Value::Array(results)
        };
        output::print_json(&v)?;
    } else {
        output::print_lines(&lines)?;
    }
    Ok(())
}
