//! Ingest: code a stream of articles and store them in batches, with a progress bar and a
//! summary. A bad input (unreadable file, article without an id, coder that panics) is reported
//! and skipped; what was stored before it stays stored.

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use dyad_core::{Article, Event};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::error::Result;
use crate::store::Store;

/// Options of [`ingest`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IngestOptions {
    /// Articles per transaction.
    pub batch_size: usize,
    /// Show a progress bar on standard error (only drawn on a terminal).
    pub progress: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_size: 256,
            progress: true,
        }
    }
}

/// An input that was not stored, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The article id, or the input's position (`#12`) when it has none.
    pub input: String,
    /// Why it was skipped.
    pub reason: String,
}

/// What an ingest did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Articles stored.
    pub articles: usize,
    /// Of those, articles whose id was already stored and whose rows were replaced.
    pub replaced: usize,
    /// Events stored.
    pub events: usize,
    /// Inputs that were not stored.
    pub skipped: Vec<Skipped>,
}

impl IngestReport {
    /// Whether any input failed.
    pub fn failed(&self) -> bool {
        !self.skipped.is_empty()
    }
}

impl fmt::Display for IngestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} articles ({} replaced), {} events stored; {} inputs skipped",
            self.articles,
            self.replaced,
            self.events,
            self.skipped.len()
        )?;
        for s in &self.skipped {
            write!(f, "\n  skipped {}: {}", s.input, s.reason)?;
        }
        Ok(())
    }
}

/// Codes each article with `code` and stores it with its events, `batch_size` articles per
/// transaction. Inputs that are errors, articles without an id, and articles whose coding
/// panics are skipped and listed in the report.
///
/// An error is returned only when the store itself fails; batches committed before stay.
pub fn ingest<I, E>(
    store: &mut Store,
    inputs: I,
    code: &dyn Fn(&Article) -> Vec<Event>,
    options: IngestOptions,
) -> Result<IngestReport>
where
    I: IntoIterator<Item = std::result::Result<Article, E>>,
    E: fmt::Display,
{
    let inputs = inputs.into_iter();
    let bar = progress_bar(options.progress, inputs.size_hint());
    let mut report = IngestReport::default();
    let batch_size = options.batch_size.max(1);
    let mut batch = store.batch()?;
    let mut in_batch = 0;
    for (i, input) in inputs.enumerate() {
        bar.inc(1);
        let article = match input {
            Ok(a) => a,
            Err(e) => {
                report.skipped.push(Skipped {
                    input: format!("#{}", i + 1),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let name = if article.id.trim().is_empty() {
            format!("#{}", i + 1)
        } else {
            article.id.clone()
        };
        let events = match catch_unwind(AssertUnwindSafe(|| code(&article))) {
            Ok(events) => events,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                report.skipped.push(Skipped {
                    input: name,
                    reason: format!("coding failed: {what}"),
                });
                continue;
            }
        };
        match batch.put(&article, &events) {
            Ok(put) => {
                report.articles += 1;
                report.events += put.events;
                report.replaced += usize::from(put.replaced);
            }
            Err(e) if e.code().is_user_error() => {
                report.skipped.push(Skipped {
                    input: name,
                    reason: e.to_string(),
                });
                continue;
            }
            Err(e) => return Err(e),
        }
        in_batch += 1;
        if in_batch >= batch_size {
            batch.commit()?;
            batch = store.batch()?;
            in_batch = 0;
        }
        bar.set_message(format!(
            "{} articles, {} events",
            report.articles, report.events
        ));
    }
    batch.commit()?;
    if report.replaced > 0 {
        store.prune_actors()?;
    }
    if report.articles > 0 {
        store.optimize()?;
    }
    bar.finish_and_clear();
    Ok(report)
}

fn progress_bar(show: bool, (low, high): (usize, Option<usize>)) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = match high {
        Some(n) if n == low && n > 0 => ProgressBar::new(n as u64).with_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} [{elapsed}, eta {eta}]")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        _ => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {pos} inputs, {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}
