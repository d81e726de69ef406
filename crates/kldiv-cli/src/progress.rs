//! A spinner on stderr for long computations: shown only after a second, and only when stderr
//! is a terminal, so that scripts and pipes see nothing.

use std::io::IsTerminal;
use std::sync::mpsc;
use std::time::Duration;

/// Runs `work`, with a spinner labelled `what` if it takes longer than a second.
pub fn run<T>(what: &str, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let (done, finished) = mpsc::channel::<()>();
    let label = what.to_string();
    let spinner = std::thread::spawn(move || {
        if finished.recv_timeout(Duration::from_secs(1)).is_ok() {
            return;
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message(label);
        while finished.recv_timeout(Duration::from_millis(100)).is_err() {
            bar.tick();
        }
        bar.finish_and_clear();
    });
    let result = work();
    let _ = done.send(());
    let _ = spinner.join();
    result
}
