//! The subcommands, one file each: parse the arguments, call the library, print.

mod dist;
mod drift;
mod entropy;
mod kl;
mod notebook;
mod plot;
mod samples;
mod serve;

use crate::cli::{Cli, Command, NotebookArgs};
use crate::output::{Failure, num};
use anyhow::anyhow;
use clap::Parser;
use kldiv::Dist;
use std::ffi::OsString;

/// Parses the arguments and runs the command.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<(), Failure> {
    let cli = Cli::try_parse_from(args).map_err(Failure::Clap)?;
    match cli.command {
        None => notebook::run(&NotebookArgs {
            out: ".".into(),
            dpi: 100.0,
        }),
        Some(Command::Notebook(a)) => notebook::run(&a),
        Some(Command::Plot(a)) => plot::run(&a),
        Some(Command::Dist(a)) => dist::run(&a),
        Some(Command::Kl(a)) => kl::run(&a),
        Some(Command::Divergence(a)) => kl::run_divergence(&a),
        Some(Command::Entropy(a)) => entropy::run(&a),
        Some(Command::Samples(a)) => samples::run(&a),
        Some(Command::Serve(a)) => serve::run(&a),
        Some(Command::Drift(a)) => drift::run(&a),
    }
}

pub(crate) fn input(message: String) -> Failure {
    Failure::Input(anyhow!(message))
}

/// Parses a distribution spec, naming the argument in the error.
///
/// `@FILE` reads the spec from a file (a mixture of thousands of components, or a covariance
/// of d = 100, does not fit in one command-line argument).
///
/// A vector or matrix parameter may be `@FILE` too (`mvnormal(mean=@m.npy, cov=@S.npy)`): a
/// `.npy`, `.npz:member` or text file, relative to the spec file's directory when the spec came
/// from one, else to the current directory.
pub fn parse_spec(spec: &str) -> Result<Dist, Failure> {
    if let Some(path) = spec.strip_prefix('@') {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::Input(anyhow!("cannot read the distribution file {path}: {e}"))
        })?;
        let dir = std::path::Path::new(path).parent();
        return kldiv_io::parse_spec(text.trim(), dir).map_err(|e| {
            Failure::Input(anyhow!(e).context(format!("in the distribution file {path}")))
        });
    }
    kldiv_io::parse_spec(spec, None).map_err(|e| {
        Failure::Input(anyhow!(e).context(format!("in the distribution '{}'", shorten(spec))))
    })
}

/// A spec cut to a length fit for a message.
pub(crate) fn shorten(s: &str) -> String {
    if s.chars().count() > 60 {
        let head: String = s.chars().take(57).collect();
        format!("{head}…")
    } else {
        s.to_string()
    }
}

pub(crate) fn check_dpi(dpi: f64) -> Result<(), Failure> {
    if !kldiv_plot::kl::DPI.contains(&dpi) {
        return Err(input(format!(
            "--dpi: expected a number in [10, 1000], got {dpi}"
        )));
    }
    Ok(())
}

/// A log base from its name or value, with the unit it gives.
pub fn parse_base(text: &str) -> Result<(f64, String), Failure> {
    let (b, unit) = match text {
        "e" => (std::f64::consts::E, "nats".to_string()),
        "2" => (2.0, "bits".to_string()),
        "10" => (10.0, "hartleys".to_string()),
        other => {
            let b: f64 = other.parse().map_err(|_| {
                input(format!(
                    "--base: expected e, 2, 10 or a number, got '{other}'"
                ))
            })?;
            (b, format!("(log base {})", num(b)))
        }
    };
    // Its range is the library's to check (arrays take any base but 1, as scipy does;
    // distributions bases above 1).
    Ok((b, unit))
}
