//! All user-facing text: number formatting, JSON values, error reports.
use std::io::Write;
use std::process::ExitCode;

/// What went wrong, and so which exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad input or usage: exit 2.
    Input(anyhow::Error),
    /// A computation that failed: exit 1.
    Compute(anyhow::Error),
    /// Usage error or help from clap, printed by clap itself.
    Clap(clap::Error),
}

impl From<kldiv::Error> for Failure {
    /// Bad input exits 2; a method out of budget (its message carries the best value and its
    /// error) or unable to handle the pair exits 1. The library speaks in its caller's terms;
    /// the flags are added here.
    fn from(e: kldiv::Error) -> Failure {
        let hint = match &e {
            kldiv::Error::NotConverged { .. } => {
                Some("raise --max-evaluations, or loosen --rel-tol / --abs-tol")
            }
            kldiv::Error::NoClosedForm { .. } => Some(
                "use --method auto (quadrature in one dimension, Monte Carlo beyond), or \
                 --method bounds for Gaussian mixtures",
            ),
            kldiv::Error::NotNormalized { .. } => Some("use --normalize always to rescale"),
            _ => None,
        };
        let input = e.is_invalid_input();
        // An option the library refused is named by its flag.
        let flag = match &e {
            kldiv::Error::InvalidArgument { name, .. } => match *name {
                "base" | "rel_tol" | "abs_tol" | "max_evaluations" | "samples" | "tolerance" => {
                    Some(name.replace('_', "-"))
                }
                _ => None,
            },
            _ => None,
        };
        let error = match (hint, flag) {
            (Some(h), _) => anyhow::anyhow!("{e} ({h})"),
            (None, Some(f)) => anyhow::anyhow!("--{f}: {e}"),
            (None, None) => anyhow::Error::new(e),
        };
        if input {
            Failure::Input(error)
        } else {
            Failure::Compute(error)
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Compute(e.into())
    }
}

impl From<anyhow::Error> for Failure {
    /// An error with context: kldiv's own errors are mapped as above, a file that cannot be
    /// written or read is the user's to fix (2), anything else is a failed computation (1).
    fn from(e: anyhow::Error) -> Failure {
        if let Some(k) = e.downcast_ref::<kldiv::Error>() {
            return match Failure::from(k.clone()) {
                Failure::Compute(_) => Failure::Compute(e),
                _ => Failure::Input(e),
            };
        }
        match e.downcast_ref::<std::io::Error>() {
            Some(io) if io.kind() != std::io::ErrorKind::BrokenPipe => Failure::Input(e),
            _ => Failure::Compute(e),
        }
    }
}

/// Prints the failure and returns its exit code. A broken pipe is not a failure.
pub fn report(failure: &Failure) -> ExitCode {
    match failure {
        Failure::Clap(e) => {
            let _ = e.print();
            ExitCode::from(if e.use_stderr() { 2 } else { 0 })
        }
        Failure::Input(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
        Failure::Compute(e) => {
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// A number in its shortest round-trip form: `{}` for ordinary magnitudes, `{:e}` for very
/// small or large ones (where `{}` would print hundreds of zeros); `inf`, `-inf`, `NaN`.
pub fn num(x: f64) -> String {
    let a = x.abs();
    if x.is_finite() && x != 0.0 && !(1e-5..1e16).contains(&a) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A JSON value for a number: infinities and NaN as the strings "inf", "-inf", "nan".
pub fn json_num(x: f64) -> serde_json::Value {
    if x.is_finite() {
        serde_json::json!(x)
    } else if x.is_nan() {
        serde_json::json!("nan")
    } else if x > 0.0 {
        serde_json::json!("inf")
    } else {
        serde_json::json!("-inf")
    }
}

/// An optional number: `null` in JSON, "undefined" in text.
pub fn opt_num(x: Option<f64>) -> String {
    x.map_or_else(|| "undefined".to_string(), num)
}

/// Writes lines to stdout through one lock.
pub fn print_lines(lines: &[String]) -> Result<(), std::io::Error> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()
}

/// Pretty JSON to stdout.
pub fn print_json(v: &serde_json::Value) -> Result<(), std::io::Error> {
    let text = serde_json::to_string_pretty(v).map_err(std::io::Error::other)?;
    print_lines(&[text])
}

/// An error in one significant digit, or two when the first is 1: "3e-14", "1.2e-3".
pub fn error_digits(e: f64) -> String {
    if e == 0.0 || !e.is_finite() {
        return num(e);
    }
    let s = format!("{e:.0e}");
    if s.starts_with('1') {
        format!("{e:.1e}")
    } else {
        s
    }
}

/// `KL(p‖q) = 0.526777306521374 ± 3e-14 nats  (quadrature, 285 evaluations)`
pub fn estimate_line(label: &str, e: &kldiv::Estimate, unit: &str) -> String {
    let how = match e.method {
        kldiv::Algorithm::ClosedForm => "closed form".to_string(),
        kldiv::Algorithm::Quadrature => format!("quadrature, {} evaluations", e.evaluations),
        kldiv::Algorithm::Summation => format!("summation, {} terms", e.evaluations),
        kldiv::Algorithm::MonteCarlo => {
            format!("monte carlo, {} draws, ± one standard error", e.evaluations)
        }
        kldiv::Algorithm::Bounds => "guaranteed bounds, midpoint ± half-width".to_string(),
        kldiv::Algorithm::Approximation(a) => format!(
            "{} approximation, not a bound; ± reaches the farther guaranteed bound",
            a.name()
        ),
        kldiv::Algorithm::Samples => "from samples".to_string(),
    };
    let bounds = match e.bounds {
        Some(b) => format!("  in [{}, {}] guaranteed", num(b.lower), num(b.upper)),
        None => String::new(),
    };
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    if e.value.is_infinite() {
        return format!("{label} = {}{unit}{bounds}  ({how})", num(e.value));
    }
    format!(
        "{label} = {} ± {}{unit}{bounds}  ({how})",
        num(e.value),
        error_digits(e.abs_error)
    )
}

/// `{"p": …, "q": …, "value": …, "abs_error": …, "method": …, "base": …, "warning": …}`
pub fn estimate_json(p: &str, q: &str, e: &kldiv::Estimate, base: &str) -> serde_json::Value {
    serde_json::json!({
        "p": p,
        "q": q,
        "value": json_num(e.value),
        "abs_error": json_num(e.abs_error),
        "method": e.method.to_string(),
        "evaluations": e.evaluations,
        "base": base,
        "warning": e.warning.map(|w| w.to_string()),
        "lower": e.bounds.map(|b| json_num(b.lower)),
        "upper": e.bounds.map(|b| json_num(b.upper)),
    })
}

/// A warning carried by an estimate, on stderr with what to do next.
pub fn warn(label: &str, e: &kldiv::Estimate) {
    if let Some(w) = e.warning {
        let next = match w {
            kldiv::Warning::HeavyTail { .. } => "; prefer --method quad for a one-dimensional pair",
            _ => "",
        };
        eprintln!("warning: {label}: {w}{next}");
    }
}
