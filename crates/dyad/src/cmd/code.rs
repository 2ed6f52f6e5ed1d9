//! `dyad code`: code articles and print their events as JSON Lines (or write them as Parquet
//! files partitioned by event month), with progress on standard error.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use dyad_core::ingest::{input_size, read_paths_counted, InputError};
use dyad_core::parallel::map_ordered;
use dyad_core::{Article, Coder, Event};
use dyad_store::export::{EventSink, MonthPartitions};
use dyad_store::StoredEvent;

use super::InputArgs;
use crate::progress::Progress;

/// What to read and the coder to read it with: shared by `code` and `explain`.
#[derive(Clone, Debug, clap::Args)]
pub struct CoderArgs {
    /// Files or folders to read (.jsonl, .txt, .html/.htm, .warc/.warc.gz; `-` reads standard
    /// input).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
    /// Read lexicons from this folder instead of the embedded ones (missing files fall back).
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// Code without the tagger and parser (faster; words are judged by context alone).
    #[arg(long)]
    pub no_syntax: bool,
}

impl CoderArgs {
    /// The coder these arguments ask for.
    pub fn coder(&self) -> Result<Coder> {
        Ok(Coder::load(self.lexicons.as_deref(), !self.no_syntax)?)
    }
}

/// `dyad code`: the articles, the coder and how to run it.
#[derive(Clone, Debug, clap::Args)]
pub struct CodeArgs {
    #[command(flatten)]
    pub coder: CoderArgs,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Find sources and targets by word order alone, not from the parse (for comparison).
    #[arg(long, hide = true)]
    pub word_order_roles: bool,
    /// Print a throughput report (articles/s, MB/s, peak memory) on standard error at the end.
    #[arg(long)]
    pub stats: bool,
    /// No progress: neither the bar on a terminal nor the periodic lines elsewhere.
    #[arg(long, short)]
    pub quiet: bool,
    /// `jsonl`: one event a line on standard output; `parquet`: files under `--out`,
    /// partitioned by event month (`DIR/month=2023-01/part-0000.parquet`; an undated event goes
    /// to its article's publication month, `month=unknown` when neither tells), with the columns
    /// of `dyad export`.
    #[arg(long, value_enum, default_value_t = CodeFormat::Jsonl)]
    pub format: CodeFormat,
    /// The folder for `--format parquet` (created; it must be new or empty).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// What `dyad code` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CodeFormat {
    /// JSON Lines on standard output.
    Jsonl,
    /// Parquet files partitioned by event month.
    Parquet,
}

/// Where the events go.
enum Output<'a> {
    Lines(BufWriter<std::io::StdoutLock<'a>>),
    /// The partitioned files and the number of the last event written.
    Parquet(Box<MonthPartitions>, i64),
}

impl Output<'_> {
    /// The output `args` ask for.
    fn new(args: &CodeArgs) -> Result<Self> {
        match (args.format, &args.out) {
            (CodeFormat::Jsonl, None) => Ok(Output::Lines(BufWriter::new(std::io::stdout().lock()))),
            (CodeFormat::Jsonl, Some(_)) => {
                anyhow::bail!("--out is for --format parquet; JSON Lines are written on standard output")
            }
            (CodeFormat::Parquet, None) => anyhow::bail!("--format parquet needs --out DIR, the folder to write to"),
            (CodeFormat::Parquet, Some(dir)) => {
                if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
                    anyhow::bail!("--out {}: the folder is not empty (give a new or empty one)", dir.display());
                }
                let files = MonthPartitions::create(dir).with_context(|| format!("cannot create {}", dir.display()))?;
                Ok(Output::Parquet(Box::new(files), 0))
            }
        }
    }

    /// Writes one event of an article published on `published`.
    fn write(&mut self, event: Event, published: &Option<String>) -> std::io::Result<()> {
        match self {
            // Serialised first, so that a closed pipe shows as the i/o error it is.
            Output::Lines(out) => serde_json::to_vec(&event).map_err(std::io::Error::other).and_then(|mut bytes| {
                bytes.push(b'\n');
                out.write_all(&bytes)
            }),
            Output::Parquet(files, id) => {
                *id += 1;
                files.write(&StoredEvent::unstored(*id, event, published.clone())).map_err(std::io::Error::other)
            }
        }
    }

    /// Flushes the lines (a reader gone is no error) or closes the files.
    fn finish(self) -> Result<()> {
        match self {
            Output::Lines(mut out) => {
                out.flush().or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(e) })?
            }
            Output::Parquet(files, _) => files.finish().context("cannot write the Parquet files")?,
        }
        Ok(())
    }
}

/// What a run of `dyad code` has done so far.
#[derive(Default)]
struct Counts {
    articles: usize,
    events: usize,
    failed: usize,
    empty: usize,
    bytes: usize,
    /// The first error writing the events; the run goes on without writing.
    write_error: Option<std::io::Error>,
}

impl Counts {
    /// Writes an article's events, or reports why the input was skipped.
    fn take(&mut self, result: Result<Coded, InputError>, out: &mut Output, progress: &mut Progress) {
        match result {
            Ok(Coded { size, published, events: coded }) => {
                self.articles += 1;
                self.bytes += size;
                progress.update(self.articles as u64);
                for event in coded {
                    if self.write_error.is_none() {
                        if let Err(err) = out.write(event, &published) {
                            self.write_error = Some(err);
                        }
                    }
                    self.events += 1;
                }
            }
            Err(err) => {
                if err.empty {
                    self.empty += 1;
                } else {
                    self.failed += 1;
                }
                progress.suspend(|| eprintln!("dyad: skipped {err}"));
            }
        }
    }

    /// The throughput report of `--stats`.
    fn stats(&self, started: Instant, loaded: Duration, threads: usize) -> String {
        let Counts { articles, events, bytes, .. } = *self;
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        format!(
            "{{\"articles\": {articles}, \"events\": {events}, \"seconds\": {secs:.3}, \"startup_ms\": {:.1}, \"articles_per_second\": {:.1}, \"mb_per_second\": {:.2}, \"threads\": {threads}, \"peak_rss_mb\": {}}}",
            loaded.as_secs_f64() * 1e3,
            articles as f64 / secs,
            bytes as f64 / 1e6 / secs,
            peak_rss_mb().map_or("null".to_string(), |mb| format!("{mb:.1}"))
        )
    }
}

/// An article coded: its size in bytes, its publication date and its events.
struct Coded {
    size: usize,
    published: Option<String>,
    events: Vec<Event>,
}

/// Codes the articles on `--threads` workers and prints their events in input order.
pub fn run(args: CodeArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let options = args.coder.input.read_options()?;
    let mut coder = args.coder.coder()?;
    if args.word_order_roles {
        coder = coder.with_word_order_roles();
    }
    let loaded = started.elapsed();
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut out = Output::new(&args)?;
    let mut counts = Counts::default();
    let read = AtomicU64::new(0);
    let mut progress = Progress::new("coded", input_size(&args.coder.paths), &read, args.quiet);
    let work = |item: Result<Article, InputError>| -> Result<Coded, InputError> {
        let article = item?;
        // A fault of the coder on one article is reported with its id and the run goes on (a
        // panic on a worker thread would otherwise stall the ordered writer).
        let code = |article: &Article| coder.code(article);
        match dyad_store::code_guarded(&code, &article) {
            Ok(events) => Ok(Coded { size: article.text.len(), published: article.published.clone(), events }),
            Err(panic) => Err(InputError {
                origin: format!("#{}", article.id),
                message: format!("coding failed (internal error: {panic})"),
                empty: false,
            }),
        }
    };
    let articles = read_paths_counted(&args.coder.paths, &options, Some(&read));
    map_ordered(articles, threads, threads * 8, work, |result| counts.take(result, &mut out, &mut progress));
    progress.finish();
    if let Some(err) = counts.write_error.take() {
        if err.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(err).context("cannot write the events");
        }
    }
    out.finish()?;
    let Counts { articles, events, failed, empty, .. } = counts;
    eprintln!(
        "dyad: {articles} articles coded, {events} events, {} inputs skipped ({failed} failed, {empty} empty)",
        failed + empty
    );
    if args.stats {
        eprintln!("dyad: {}", counts.stats(started, loaded, threads));
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Peak resident memory of this process, where the OS tells it (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
