//! `kldiv kl P Q`: KL between two distributions of the text language.

use super::{input, parse_base, parse_spec};
use crate::cli::{KlArgs, MethodArg};
use crate::output::{self, Failure};

/// The most Monte Carlo draws accepted.
const MAX_MC_SAMPLES: u64 = 10_000_000_000;

pub fn run(a: &KlArgs) -> Result<(), Failure> {
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
    for (x, y, label) in pairs {
        let e = crate::progress::run(&format!("computing KL({label})"), || {
            kldiv::divergence(x, y, &options)
        })?;
        output::warn(&format!("KL({label})"), &e);
        lines.push(output::estimate_line(&format!("KL({label})"), &e, &unit));
        results.push(output::estimate_json(
            &x.to_string(),
            &y.to_string(),
            &e,
            &a.base,
        ));
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
