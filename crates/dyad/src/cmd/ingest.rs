//! `dyad ingest PATH... [--db FILE]`: code articles and store them, with progress on standard
//! error.

use std::fmt;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use anyhow::{Context, Result};
use dyad_core::ingest::{input_size, read_paths_counted, InputError};
use dyad_core::parallel::map_ordered;
use dyad_store::{CodedArticle, IngestOptions, IngestProgress, Store};

use super::{coder, user, DbArgs, InputArgs};
use crate::progress::Progress;

/// `dyad ingest`: the store's arguments, then where articles come from.
#[derive(Clone, Debug, clap::Args)]
pub struct IngestCommand {
    #[command(flatten)]
    pub store: IngestArgs,
    #[command(flatten)]
    pub input: InputArgs,
}

/// `dyad ingest PATH... [--db FILE]`: code articles and store them.
#[derive(Clone, Debug, clap::Args)]
pub struct IngestArgs {
    /// Files or folders of articles (.jsonl, .txt, .html/.htm, .warc/.warc.gz; `-` reads standard
    /// input).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// No progress: neither the bar on a terminal nor the periodic lines elsewhere.
    #[arg(long, short)]
    pub quiet: bool,
    /// Cap the store file at this many 4 KiB pages, so that writing beyond fails as a full
    /// disk does (for tests).
    #[arg(long, hide = true)]
    pub max_db_pages: Option<u64>,
}

/// Codes on all cores but one's share, in input order, while this thread stores: the articles
/// pass through a bounded channel, so memory stays bounded and storing never waits for a
/// whole file to be coded. When storing stops (a full disk), reading stops too.
pub fn run(args: IngestCommand) -> Result<ExitCode> {
    let options = args.input.read_options()?;
    let coder = coder()?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let stopped = AtomicBool::new(false);
    let read = AtomicU64::new(0);
    let total = input_size(&args.store.paths);
    let (send, receive) = std::sync::mpsc::sync_channel(threads * 8);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // An input with nothing to code is reported here; it is no failure of the ingest.
            let inputs = read_paths_counted(&args.store.paths, &options, Some(&read))
                .take_while(|_| !stopped.load(Ordering::Relaxed))
                .filter(|item| match item {
                    Err(err) if err.empty => {
                        eprintln!("dyad: skipped {err}");
                        false
                    }
                    _ => true,
                });
            let work = |item: Result<dyad_core::Article, InputError>| {
                item.map(|article| {
                    let events = dyad_store::code_guarded(&|a| coder.code(a), &article);
                    CodedArticle { article, events }
                })
            };
            map_ordered(inputs, threads, threads * 8, work, |coded| {
                if send.send(coded).is_err() {
                    stopped.store(true, Ordering::Relaxed);
                }
            });
            drop(send);
        });
        let result = args.store.run_coded(receive.iter(), Progress::new("stored", total, &read, args.store.quiet));
        stopped.store(true, Ordering::Relaxed);
        drop(receive);
        result
    })
}

impl IngestArgs {
    /// Codes each input with `code` and stores it; prints a summary on standard error.
    /// `inputs` are the articles read from `self.paths`. Exits with 1 when an input was skipped.
    #[cfg(test)]
    pub fn run<I, E>(&self, inputs: I, code: &dyn Fn(&dyad_core::Article) -> Vec<dyad_core::Event>) -> Result<ExitCode>
    where
        I: IntoIterator<Item = Result<dyad_core::Article, E>>,
        E: fmt::Display,
    {
        let read = AtomicU64::new(0);
        self.run_coded(dyad_store::code_each(inputs, code), Progress::new("stored", None, &read, true))
    }

    /// [`IngestArgs::run`] for articles coded beforehand (on other threads), in input order,
    /// showing `progress`.
    pub fn run_coded<I, E>(&self, inputs: I, progress: Progress<'_>) -> Result<ExitCode>
    where
        I: IntoIterator<Item = Result<CodedArticle, E>>,
        E: fmt::Display,
    {
        let opened = Store::open(&self.db.db).and_then(|store| {
            if let Some(pages) = self.max_db_pages {
                store.limit_pages(pages)?;
            }
            Ok(store)
        });
        let mut store = match opened {
            Ok(store) => store,
            // A storage failure names the file already.
            Err(e @ dyad_store::Error::Storage { .. }) => return Err(user(e)),
            Err(e) => return Err(user(e)).with_context(|| format!("opening the store {}", self.db.db.display())),
        };
        let options = IngestOptions { batch_size: self.batch, progress: !self.quiet };
        let mut shown = Shown { progress, inputs: 0 };
        let report = dyad_store::ingest_coded_with(&mut store, inputs, options, &mut shown).map_err(user)?;
        eprintln!("{report}");
        Ok(if report.failed() { ExitCode::from(1) } else { ExitCode::SUCCESS })
    }
}

/// The progress of an ingest: the inputs taken so far, out of the bytes read.
struct Shown<'a> {
    progress: Progress<'a>,
    inputs: u64,
}

impl IngestProgress for Shown<'_> {
    fn input(&mut self) {
        self.inputs += 1;
        self.progress.update(self.inputs);
    }

    fn finish(&mut self) {
        self.progress.finish();
    }
}
