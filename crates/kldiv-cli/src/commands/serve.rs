//! `kldiv serve`: the interactive page on a local server.

use super::input;
use crate::cli::ServeArgs;
use crate::output::Failure;
use crate::serve::Server;
use std::io::Write;

pub fn run(a: &ServeArgs) -> Result<(), Failure> {
    let server = Server::bind(&a.host, a.port).map_err(input)?;
    let url = server.url();
    // The address on stdout, flushed: with --port 0 it is how a caller learns the port.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "kldiv serve: {url}");
    let _ = out.flush();
    eprintln!("serving the page at {url} (Ctrl-C to stop)");
    if a.open {
        // Best effort: without a desktop the address above is still printed.
        if let Err(e) = std::process::Command::new("xdg-open").arg(&url).spawn() {
            eprintln!("warning: --open: could not start xdg-open ({e}); open {url} yourself");
        }
    }
    server.run();
    Ok(())
}
