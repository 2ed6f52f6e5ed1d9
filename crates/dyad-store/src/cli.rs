//! The store's subcommands of the `dyad` binary, as clap argument structs with a `run` each:
//! `dyad ingest`, `dyad events`, `dyad actors`, `dyad dyads`, `dyad export` and
//! `dyad commitments`.
//!
//! The binary flattens each into a subcommand and calls `run`; errors come back as
//! [`anyhow::Error`]s whose message ends with a hint when the user can fix them.

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dyad_core::{Article, Event};

use crate::aggregate::DyadOptions;
use crate::error::Error;
use crate::export::{CsvSink, EventSink, JsonlSink, ParquetSink};
use crate::filter::FilterArgs;
use crate::ingest::IngestOptions;
use crate::output::{Format, Table};
use crate::query::Page;
use crate::store::Store;

/// Where the store is.
#[derive(Clone, Debug, PartialEq, Eq, clap::Args)]
pub struct DbArgs {
    /// The store file (SQLite).
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    pub db: PathBuf,
}

/// Turns a store error into an [`anyhow::Error`] whose message ends with the hint, if any.
fn user(e: Error) -> anyhow::Error {
    match e.hint() {
        Some(hint) => anyhow::anyhow!("{e}\n  hint: {hint}"),
        None => anyhow::Error::new(e),
    }
}

fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// `dyad ingest PATH... [--db FILE]`: code articles and store them.
#[derive(Clone, Debug, clap::Args)]
pub struct IngestArgs {
    /// Files or folders of articles (JSON Lines, text, HTML, WARC).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub db: DbArgs,
    /// Articles per transaction.
    #[arg(long, default_value_t = 256)]
    pub batch: usize,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Cap the store file at this many 4 KiB pages, so that writing beyond fails as a full
    /// disk does (for tests).
    #[arg(long, hide = true)]
    pub max_db_pages: Option<u64>,
}

impl IngestArgs {
    /// Codes each input with `code` and stores it; prints a summary on standard error.
    /// `inputs` are the articles read from `self.paths`. Exits with 1 when an input was skipped.
    pub fn run<I, E>(&self, inputs: I, code: &dyn Fn(&Article) -> Vec<Event>) -> anyhow::Result<ExitCode>
    where
        I: IntoIterator<Item = Result<Article, E>>,
        E: fmt::Display,
    {
        self.run_coded(crate::ingest::code_each(inputs, code))
    }

    /// [`IngestArgs::run`] for articles coded beforehand (on other threads), in input order.
    pub fn run_coded<I, E>(&self, inputs: I) -> anyhow::Result<ExitCode>
    where
        I: IntoIterator<Item = Result<crate::CodedArticle, E>>,
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
            Err(e @ Error::Storage { .. }) => return Err(user(e)),
            Err(e) => return Err(user(e)).with_context(|| format!("opening the store {}", self.db.db.display())),
        };
        let options = IngestOptions { batch_size: self.batch, progress: !self.quiet };
        let report = crate::ingest_coded(&mut store, inputs, options).map_err(user)?;
        eprintln!("{report}");
        Ok(if report.failed() { ExitCode::from(1) } else { ExitCode::SUCCESS })
    }
}

fn open(db: &DbArgs) -> anyhow::Result<Store> {
    Store::open_read_only(&db.db).map_err(user)
}

/// `dyad events`: events matching the filters.
#[derive(Clone, Debug, clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub db: DbArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub filter: FilterArgs,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Skip this many first.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output format (default: table on a terminal, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

impl EventsArgs {
    /// Prints the events, latest first.
    pub fn run(&self) -> anyhow::Result<ExitCode> {
        let store = open(&self.db)?;
        let filter = self.filter.parse().map_err(user)?;
        let page = Page { limit: self.limit, offset: self.offset };
        let mut out = stdout();
        match Format::or_default(self.format) {
            Format::Table => {
                let mut table = Table::new(&["id", "day", "type", "source", "target", "cameo", "article", "sentence"]);
                store
                    .for_each_event(&filter, page, |e| {
                        let side = |a: &Option<dyad_core::Actor>| a.as_ref().map(|a| a.id.clone()).unwrap_or_default();
                        table.row(vec![
                            e.id.to_string(),
                            e.day.clone().unwrap_or_default(),
                            e.event.event_type.clone(),
                            side(&e.event.source),
                            side(&e.event.target),
                            e.event.cameo.clone(),
                            e.event.article_id.clone(),
                            e.event.sentence.clone(),
                        ]);
                        Ok(())
                    })
                    .map_err(user)?;
                table.print(&mut out)?;
            }
            Format::Jsonl => write_events(&store, &filter, page, Box::new(JsonlSink::new(out)))?,
            Format::Csv => write_events(&store, &filter, page, Box::new(CsvSink::new(out)))?,
        }
        Ok(ExitCode::SUCCESS)
    }
}

fn write_events(
    store: &Store,
    filter: &crate::EventFilter,
    page: Page,
    mut sink: Box<dyn EventSink + '_>,
) -> anyhow::Result<()> {
    store.for_each_event(filter, page, |e| sink.write(&e)).map_err(user)?;
    sink.finish().map_err(user)
}

/// `dyad actors`: actors with their event counts and main partners.
#[derive(Clone, Debug, clap::Args)]
pub struct ActorsArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub db: DbArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub filter: FilterArgs,
    /// At most this many actors, busiest first.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Partners shown for each actor.
    #[arg(long, default_value_t = 5)]
    pub partners: usize,
    /// Output format (default: table on a terminal, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

impl ActorsArgs {
    /// Prints the actors.
    pub fn run(&self) -> anyhow::Result<ExitCode> {
        let store = open(&self.db)?;
        let filter = self.filter.parse().map_err(user)?;
        let actors = store.actors(&filter, Page { limit: self.limit, offset: 0 }, self.partners).map_err(user)?;
        let mut out = stdout();
        let partners = |a: &crate::ActorSummary| {
            a.partners.iter().map(|p| format!("{}:{}", p.id, p.events)).collect::<Vec<_>>().join(" ")
        };
        match Format::or_default(self.format) {
            Format::Table => {
                let mut table = Table::new(&["id", "name", "kind", "events", "as source", "as target", "partners"]);
                for a in &actors {
                    table.row(vec![
                        a.id.clone(),
                        a.name.clone(),
                        a.kind.clone(),
                        a.events.to_string(),
                        a.as_source.to_string(),
                        a.as_target.to_string(),
                        partners(a),
                    ]);
                }
                table.print(&mut out)?;
            }
            Format::Jsonl => {
                for a in &actors {
                    serde_json::to_writer(&mut out, a)?;
                    out.write_all(b"\n")?;
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record([
                    "id",
                    "name",
                    "kind",
                    "country",
                    "org",
                    "events",
                    "as_source",
                    "as_target",
                    "partners",
                ])?;
                for a in &actors {
                    w.write_record([
                        a.id.as_str(),
                        &a.name,
                        &a.kind,
                        a.country.as_deref().unwrap_or(""),
                        a.org.as_deref().unwrap_or(""),
                        &a.events.to_string(),
                        &a.as_source.to_string(),
                        &a.as_target.to_string(),
                        &partners(a),
                    ])?;
                }
                w.flush()?;
            }
        }
        out.flush()?;
        Ok(ExitCode::SUCCESS)
    }
}

/// `dyad dyads`: pairs of actors with counts by event type and a monthly cooperation–conflict
/// score (mean Goldstein score).
#[derive(Clone, Debug, clap::Args)]
pub struct DyadsArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub db: DbArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub filter: FilterArgs,
    /// Count A→B and B→A together.
    #[arg(long)]
    pub undirected: bool,
    /// At most this many dyads, busiest first.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Output format (default: table on a terminal, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

impl DyadsArgs {
    /// Prints the dyads.
    pub fn run(&self) -> anyhow::Result<ExitCode> {
        let store = open(&self.db)?;
        let filter = self.filter.parse().map_err(user)?;
        let dyads =
            store.dyads(&filter, DyadOptions { undirected: self.undirected, limit: self.limit }).map_err(user)?;
        let mut out = stdout();
        let score = |g: Option<f64>| g.map(|g| format!("{g:.2}")).unwrap_or_default();
        let types = |d: &crate::Dyad| d.by_type.iter().map(|(t, n)| format!("{t}:{n}")).collect::<Vec<_>>().join(" ");
        let months = |d: &crate::Dyad| {
            d.monthly
                .iter()
                .map(|m| format!("{}:{}:{}", m.month, m.events, score(m.goldstein_mean)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        match Format::or_default(self.format) {
            Format::Table => {
                let mut table = Table::new(&["source", "target", "events", "goldstein", "types", "monthly"]);
                for d in &dyads {
                    table.row(vec![
                        d.source.id.clone(),
                        d.target.id.clone(),
                        d.events.to_string(),
                        score(d.goldstein_mean),
                        types(d),
                        months(d),
                    ]);
                }
                table.print(&mut out)?;
            }
            Format::Jsonl => {
                for d in &dyads {
                    serde_json::to_writer(&mut out, d)?;
                    out.write_all(b"\n")?;
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record([
                    "source_id",
                    "source_name",
                    "target_id",
                    "target_name",
                    "events",
                    "goldstein_mean",
                    "by_type",
                    "monthly",
                ])?;
                for d in &dyads {
                    w.write_record([
                        d.source.id.as_str(),
                        &d.source.name,
                        &d.target.id,
                        &d.target.name,
                        &d.events.to_string(),
                        &score(d.goldstein_mean),
                        &types(d),
                        &months(d),
                    ])?;
                }
                w.flush()?;
            }
        }
        out.flush()?;
        Ok(ExitCode::SUCCESS)
    }
}

/// Formats of `dyad export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Apache Parquet, typed columns, zstd.
    Parquet,
    /// CSV, one flat row per event.
    Csv,
    /// JSON Lines, the `dyad code` contract.
    Jsonl,
}

/// `dyad export --format parquet|csv|jsonl --out FILE`: events matching the filters to a file.
#[derive(Clone, Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub db: DbArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub filter: FilterArgs,
    /// File format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Output file (`-` for standard output, except for parquet).
    #[arg(long)]
    pub out: PathBuf,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
}

impl ExportArgs {
    /// Writes the file and reports how many events it holds on standard error.
    pub fn run(&self) -> anyhow::Result<ExitCode> {
        let store = open(&self.db)?;
        let filter = self.filter.parse().map_err(user)?;
        let page = Page { limit: self.limit, offset: 0 };
        let to_stdout = self.out.as_os_str() == "-";
        if to_stdout && self.format == ExportFormat::Parquet {
            anyhow::bail!("parquet cannot be written to standard output; give --out a file name");
        }
        let out: Box<dyn Write + Send> = if to_stdout {
            Box::new(BufWriter::new(io::stdout()))
        } else {
            let file = File::create(&self.out).with_context(|| format!("creating {}", self.out.display()))?;
            Box::new(BufWriter::new(file))
        };
        let sink: Box<dyn EventSink> = match self.format {
            ExportFormat::Parquet => Box::new(ParquetSink::new(out).map_err(user)?),
            ExportFormat::Csv => Box::new(CsvSink::new(out)),
            ExportFormat::Jsonl => Box::new(JsonlSink::new(out)),
        };
        let mut n = 0usize;
        let mut sink = Counting { sink, n: &mut n };
        let written =
            store.for_each_event(&filter, page, |e| sink.write(&e)).and_then(|()| sink.sink.finish()).map_err(user);
        if !to_stdout {
            // A full disk or a vanished folder: say which file could not be written.
            written.with_context(|| format!("writing {}", self.out.display()))?;
        } else {
            written?;
        }
        if !to_stdout {
            eprintln!("{n} events written to {}", self.out.display());
        }
        Ok(ExitCode::SUCCESS)
    }
}

struct Counting<'a> {
    sink: Box<dyn EventSink>,
    n: &'a mut usize,
}

impl Counting<'_> {
    fn write(&mut self, e: &crate::StoredEvent) -> crate::Result<()> {
        *self.n += 1;
        self.sink.write(e)
    }
}

/// `dyad commitments`: the ledger of pledges, offers, requests and agreements, with their status
/// and the later events that followed them up.
#[derive(Clone, Debug, clap::Args)]
pub struct CommitmentsArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub db: DbArgs,
    /// Holder or counterpart: an actor id or name.
    #[arg(long)]
    pub actor: Option<String>,
    /// `open`, `followed_up` or `expired`.
    #[arg(long)]
    pub status: Option<String>,
    /// `pledge`, `offer`, `request` or `agreement`.
    #[arg(long)]
    pub kind: Option<String>,
    /// At most this many commitments.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Output format (default: table on a terminal, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

impl CommitmentsArgs {
    /// Prints the commitments, latest first.
    pub fn run(&self) -> anyhow::Result<ExitCode> {
        let store = open(&self.db)?;
        let filter =
            crate::CommitmentFilter::parse(self.actor.as_deref(), self.status.as_deref(), self.kind.as_deref())
                .map_err(user)?;
        let page = Page { limit: self.limit, offset: 0 };
        let commitments = store.commitments(&filter, page).map_err(user)?;
        let mut out = stdout();
        let evidence = |c: &crate::StoredCommitment| {
            c.evidence
                .iter()
                .map(|e| e.event_id.map_or(e.merged_id.clone(), |id| id.to_string()))
                .collect::<Vec<_>>()
                .join(";")
        };
        let period = |c: &crate::StoredCommitment| {
            c.period
                .as_ref()
                .map(|p| format!("{}..{}", p.start.clone().unwrap_or_default(), p.end.clone().unwrap_or_default()))
        };
        match Format::or_default(self.format) {
            Format::Table => {
                let mut table = Table::new(&[
                    "event",
                    "date",
                    "status",
                    "kind",
                    "holder",
                    "counterpart",
                    "what",
                    "period",
                    "evidence",
                ]);
                for c in &commitments {
                    table.row(vec![
                        c.event_id.map(|i| i.to_string()).unwrap_or_default(),
                        c.date.clone().unwrap_or_default(),
                        c.status.clone(),
                        c.kind.clone(),
                        c.holder.id.clone(),
                        c.counterpart.as_ref().map(|a| a.id.clone()).unwrap_or_default(),
                        c.what.clone(),
                        period(c).unwrap_or_default(),
                        evidence(c),
                    ]);
                }
                table.print(&mut out)?;
            }
            Format::Jsonl => {
                for c in &commitments {
                    serde_json::to_writer(&mut out, c)?;
                    out.write_all(b"\n")?;
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record([
                    "id",
                    "event_id",
                    "date",
                    "status",
                    "kind",
                    "holder_id",
                    "holder_name",
                    "counterpart_id",
                    "counterpart_name",
                    "what",
                    "contexts",
                    "period_start",
                    "period_end",
                    "article_id",
                    "sentence",
                    "evidence_event_ids",
                ])?;
                for c in &commitments {
                    let p = c.period.as_ref();
                    w.write_record([
                        c.id.clone(),
                        c.event_id.map(|i| i.to_string()).unwrap_or_default(),
                        c.date.clone().unwrap_or_default(),
                        c.status.clone(),
                        c.kind.clone(),
                        c.holder.id.clone(),
                        c.holder.name.clone(),
                        c.counterpart.as_ref().map(|a| a.id.clone()).unwrap_or_default(),
                        c.counterpart.as_ref().map(|a| a.name.clone()).unwrap_or_default(),
                        c.what.clone(),
                        c.contexts.join(";"),
                        p.and_then(|p| p.start.clone()).unwrap_or_default(),
                        p.and_then(|p| p.end.clone()).unwrap_or_default(),
                        c.article_id.clone(),
                        c.sentence.clone(),
                        evidence(c),
                    ])?;
                }
                w.flush()?;
            }
        }
        out.flush()?;
        Ok(ExitCode::SUCCESS)
    }
}
