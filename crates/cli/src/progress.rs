//! Progress shown while a step runs (indicatif hides it when stderr is not a terminal),
//! and the time each step took, so slow steps are visible in logs too.

use indicatif::{ProgressBar, ProgressStyle};
use std::time::{Duration, Instant};

/// A spinner labelled with the running step; `finish` prints the step's duration.
pub struct Spinner {
    bar: ProgressBar,
    label: String,
    started: Instant,
}

impl Spinner {
    pub fn start(label: impl Into<String>) -> Self {
        let label = label.into();
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("static template"),
        );
        bar.set_message(label.clone());
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner {
            bar,
            label,
            started: Instant::now(),
        }
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
        eprintln!(
            "{}: {:.2} s",
            self.label,
            self.started.elapsed().as_secs_f64()
        );
    }
}

/// Runs `work` behind a spinner.
pub fn step<T>(label: &str, work: impl FnOnce() -> T) -> T {
    let spinner = Spinner::start(label);
    let value = work();
    spinner.finish();
    value
}
