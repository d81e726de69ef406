//! Progress on stderr for long computations: a spinner, or a bar where the library counts its
//! work ([`kldiv::Progress`]). Shown only after a second, and only when stderr is a
//! terminal, so that scripts, pipes and tests see nothing.

use kldiv::Progress;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a computation runs before it gets a bar or spinner.
const DELAY: Duration = Duration::from_secs(1);
/// How often the bar is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// Runs `work`, with a spinner labelled `what` if it takes longer than a second.
pub fn run<T>(what: &str, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let (done, finished) = mpsc::channel::<()>();
    let label = what.to_string();
    let spinner = std::thread::spawn(move || {
        if finished.recv_timeout(DELAY).is_ok() {
            return;
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message(label);
        while finished.recv_timeout(TICK).is_err() {
            bar.tick();
        }
        bar.finish_and_clear();
    });
    let result = work();
    let _ = done.send(());
    let _ = spinner.join();
    result
}

/// The stage a bar shows: its label and the library's count of its work.
type Stage = Arc<Mutex<Option<(String, Progress)>>>;

/// A bar on stderr for a computation in stages, each counted by the library; drawn from a
/// thread of its own from one second after [`Bar::start`] until the bar is dropped.
pub struct Bar {
    stage: Stage,
    watcher: Option<(mpsc::Sender<()>, JoinHandle<()>)>,
}

impl Bar {
    /// Starts the clock; nothing is drawn when stderr is not a terminal.
    pub fn start() -> Bar {
        let stage: Stage = Arc::default();
        let watcher = std::io::stderr().is_terminal().then(|| {
            let (done, finished) = mpsc::channel::<()>();
            let shown = Arc::clone(&stage);
            (done, std::thread::spawn(move || draw(&shown, &finished)))
        });
        Bar { stage, watcher }
    }

    /// A new stage labelled `what` (its unit, e.g. "queries"): the bar follows the returned
    /// count from now on.
    pub fn stage(&self, what: &str) -> Progress {
        let progress = Progress::new();
        *self.stage.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((what.to_string(), progress.clone()));
        progress
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some((done, thread)) = self.watcher.take() {
            let _ = done.send(());
            let _ = thread.join();
        }
    }
}

/// Draws the current stage every tick until `finished` hears from the bar's owner; nothing
/// until a stage has counted some work.
fn draw(stage: &Stage, finished: &mpsc::Receiver<()>) {
    let start = Instant::now();
    if finished.recv_timeout(DELAY).is_ok() {
        return;
    }
    let mut bar: Option<(indicatif::ProgressBar, String)> = None;
    loop {
        let current = stage.lock().unwrap_or_else(PoisonError::into_inner).clone();
        if let Some((what, progress)) = current.filter(|(_, p)| p.total() > 0) {
            let (b, label) = bar.get_or_insert_with(|| {
                (
                    new_bar(start, progress.total(), progress.done()),
                    String::new(),
                )
            });
            if what != *label {
                b.set_message(what.clone());
                *label = what;
            }
            b.set_length(progress.total());
            b.set_position(progress.done());
        }
        if finished.recv_timeout(TICK).is_ok() {
            break;
        }
    }
    if let Some((b, _)) = bar {
        b.finish_and_clear();
    }
}

/// A bar whose clock started at `start`, at `done` of `total` from its first frame (a bar made
/// at length 0 first drew itself full, showing 0/0). No estimate of the time left: the stages
/// differ in cost per unit (a bias-reduced range count costs more than a nearest-neighbour
/// query), so a rate from one stage would mislead about the next.
fn new_bar(start: Instant, total: u64, done: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::hidden(),
    )
    .with_elapsed(start.elapsed());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_position(done);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar
}

#[cfg(test)]
mod tests {
    /// The first frame a bar can draw already has the stage's length and position.
    #[test]
    fn a_new_bar_starts_at_its_stage() {
        let bar = super::new_bar(std::time::Instant::now(), 40, 3);
        assert_eq!((bar.length(), bar.position()), (Some(40), 3));
        bar.finish_and_clear();
    }
}
