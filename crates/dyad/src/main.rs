//! The `dyad` command: code news articles into PLOVER events.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use dyad_core::ingest::{read_paths, ReadOptions};
use dyad_core::{Coder, Lexicon};

/// dyad: news in, a source-linked record of international relations out.
#[derive(Parser)]
#[command(name = "dyad", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code articles (.jsonl, .txt, .html; folders are walked) and print events as JSON Lines.
    Code(CodeArgs),
}

#[derive(clap::Args)]
struct CodeArgs {
    /// Files or folders to read.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Publication date (YYYY-MM-DD) for articles that carry none.
    #[arg(long)]
    published: Option<String>,
    /// Refuse articles larger than this many megabytes.
    #[arg(long, default_value_t = 8.0)]
    max_article_mb: f64,
    /// Read lexicons from this folder instead of the embedded ones (missing files fall back).
    #[arg(long)]
    lexicons: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn read_options(published: Option<String>, max_article_mb: f64) -> Result<ReadOptions> {
    if let Some(date) = &published {
        dyad_core::ingest::parse_date(date).with_context(|| format!("--published {date:?} is not a date (YYYY-MM-DD)"))?;
    }
    Ok(ReadOptions { published, max_article_bytes: (max_article_mb * 1e6) as usize })
}

fn coder(lexicons: Option<PathBuf>) -> Result<Coder> {
    let lexicon = match lexicons {
        Some(dir) => Lexicon::from_dir(&dir)?,
        None => Lexicon::embedded()?,
    };
    Ok(Coder::new(lexicon))
}

fn code(args: CodeArgs) -> Result<ExitCode> {
    let options = read_options(args.published, args.max_article_mb)?;
    let coder = coder(args.lexicons)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut articles, mut events, mut failed) = (0usize, 0usize, 0usize);
    for item in read_paths(&args.paths, &options) {
        match item {
            Ok(article) => {
                articles += 1;
                for event in coder.code(&article) {
                    serde_json::to_writer(&mut out, &event)?;
                    out.write_all(b"\n")?;
                    events += 1;
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("dyad: skipped {err}");
            }
        }
    }
    out.flush()?;
    eprintln!("dyad: {articles} articles coded, {events} events, {failed} inputs skipped");
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
