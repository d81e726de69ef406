//! The `kldiv` command line: a thin layer over the kldiv library.
//!
//! Exit codes: 0 success, 1 a computation that failed, 2 bad input or usage.

#![warn(clippy::indexing_slicing, clippy::panic, clippy::unreachable)]

mod cli;
mod commands;
mod notebook;
mod output;
mod progress;

use std::process::ExitCode;

fn main() -> ExitCode {
    match commands::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => output::report(&failure),
    }
}
