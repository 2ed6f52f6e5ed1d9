//! `dyad export --format parquet|csv|jsonl --out FILE`: events matching the filters to a file.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use dyad_store::export::{CsvSink, EventSink, JsonlSink, ParquetSink};
use dyad_store::{Page, StoredEvent};

use super::{user, DbArgs, FilterArgs};

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
    pub db: DbArgs,
    #[command(flatten)]
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
    pub fn run(&self) -> Result<ExitCode> {
        let store = self.db.open()?;
        let filter = self.filter.parse()?;
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

/// A sink that counts the events written to it.
struct Counting<'a> {
    sink: Box<dyn EventSink>,
    n: &'a mut usize,
}

impl Counting<'_> {
    fn write(&mut self, e: &StoredEvent) -> dyad_store::Result<()> {
        *self.n += 1;
        self.sink.write(e)
    }
}
