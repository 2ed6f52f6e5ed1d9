//! The `dyad` command: code news articles into PLOVER events, parse sentences, and (with the
//! store) keep, query and serve them.
#![forbid(unsafe_code)]

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use dyad_core::ingest::{read_paths, InputError, ReadOptions};
use dyad_core::parallel::map_ordered;
use dyad_core::{Coder, Event};
use indicatif::{ProgressBar, ProgressStyle};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Show why each event is there: per sentence, the tokens with tags and dependencies, the
    /// actors and how each was found, the triggers, and every event kept or dropped by its rule.
    Explain(ExplainArgs),
    /// Tokenise, tag and parse articles and print CoNLL-U; or evaluate on a gold treebank.
    Parse(ParseArgs),
    /// Code articles and keep them, with their events and actors, in the store.
    Ingest(IngestCommand),
    /// List stored events matching filters.
    Events(dyad_store::cli::EventsArgs),
    /// List stored actors with their event counts and partners.
    Actors(dyad_store::cli::ActorsArgs),
    /// List pairs of actors with counts by type and a cooperation–conflict score over time.
    Dyads(dyad_store::cli::DyadsArgs),
    /// Export stored events as Parquet, CSV or JSON Lines.
    Export(dyad_store::cli::ExportArgs),
    /// List stored commitments (pledges, offers, requests, agreements) and their status.
    Commitments(dyad_store::cli::CommitmentsArgs),
    /// Serve the JSON API and the web page over the store.
    Serve(dyad_serve::ServeArgs),
}

#[derive(clap::Args)]
struct IngestCommand {
    #[command(flatten)]
    store: dyad_store::cli::IngestArgs,
    #[command(flatten)]
    input: InputArgs,
}

/// Where articles come from.
#[derive(clap::Args)]
struct InputArgs {
    /// Publication date (YYYY-MM-DD) for articles that carry none.
    #[arg(long)]
    published: Option<String>,
    /// Refuse articles larger than this many megabytes.
    #[arg(long, default_value_t = 8.0)]
    max_article_mb: f64,
}

/// What to read and the coder to read it with: shared by `code` and `explain`.
#[derive(clap::Args)]
struct CoderArgs {
    /// Files or folders to read (`-` reads standard input).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
    /// Read lexicons from this folder instead of the embedded ones (missing files fall back).
    #[arg(long)]
    lexicons: Option<PathBuf>,
    /// Code without the tagger and parser (faster; words are judged by context alone).
    #[arg(long)]
    no_syntax: bool,
}

impl CoderArgs {
    fn coder(&self) -> Result<Coder> {
        Ok(Coder::load(self.lexicons.as_deref(), !self.no_syntax)?)
    }
}

#[derive(clap::Args)]
struct CodeArgs {
    #[command(flatten)]
    coder: CoderArgs,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Find sources and targets by word order alone, not from the parse (for comparison).
    #[arg(long, hide = true)]
    word_order_roles: bool,
    /// Print a throughput report (articles/s, MB/s, peak memory) on standard error at the end.
    #[arg(long)]
    stats: bool,
}

#[derive(clap::Args)]
struct ExplainArgs {
    #[command(flatten)]
    coder: CoderArgs,
}

#[derive(clap::Args)]
struct ParseArgs {
    /// Files or folders to read (as for `dyad code`).
    paths: Vec<PathBuf>,
    /// Evaluate on a gold CoNLL-U file (gold tokens) and print one JSON line of scores.
    #[arg(long, value_name = "GOLD.conllu", conflicts_with = "paths")]
    eval: Option<PathBuf>,
    #[command(flatten)]
    input: InputArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code(args),
        Command::Explain(args) => explain(args),
        Command::Parse(args) => parse(args),
        Command::Ingest(args) => ingest(args),
        Command::Events(args) => args.run(),
        Command::Actors(args) => args.run(),
        Command::Dyads(args) => args.run(),
        Command::Export(args) => args.run(),
        Command::Commitments(args) => args.run(),
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(code) => code,
        // A reader that stopped early (`dyad events | head`) is not an error.
        Err(err) if closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether an error comes from writing to a pipe whose reader has gone.
fn closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io = cause.downcast_ref::<std::io::Error>().map(std::io::Error::kind);
        let json = cause.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind);
        let store = cause.downcast_ref::<dyad_store::Error>().is_some_and(dyad_store::Error::is_broken_pipe);
        store || io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}

fn read_options(input: &InputArgs) -> Result<ReadOptions> {
    if let Some(date) = &input.published {
        dyad_core::ingest::parse_date(date)
            .with_context(|| format!("--published {date:?} is not a date (YYYY-MM-DD)"))?;
    }
    Ok(ReadOptions { published: input.published.clone(), max_article_bytes: (input.max_article_mb * 1e6) as usize })
}

/// The coder with the embedded lexicons, tagger and parser.
fn coder() -> Result<Coder> {
    Ok(Coder::embedded()?)
}

/// A progress counter on standard error, shown only on a terminal.
fn progress(what: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    let style = ProgressStyle::with_template("{spinner} {pos} {msg} ({per_sec}, {elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_message(what);
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn code(args: CodeArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let options = read_options(&args.coder.input)?;
    let mut coder = args.coder.coder()?;
    if args.word_order_roles {
        coder = coder.with_word_order_roles();
    }
    let loaded = started.elapsed();
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut articles, mut events, mut failed, mut empty, mut bytes) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut write_error: Option<std::io::Error> = None;
    let bar = progress("articles");
    let work = |item: Result<dyad_core::Article, InputError>| -> Result<(usize, Vec<Event>), InputError> {
        let article = item?;
        // A fault of the coder on one article is reported with its id and the run goes on (a
        // panic on a worker thread would otherwise stall the ordered writer).
        let code = |article: &dyad_core::Article| coder.code(article);
        match dyad_store::code_guarded(&code, &article) {
            Ok(coded) => Ok((article.text.len(), coded)),
            Err(panic) => Err(InputError {
                origin: format!("#{}", article.id),
                message: format!("coding failed (internal error: {panic})"),
                empty: false,
            }),
        }
    };
    map_ordered(read_paths(&args.coder.paths, &options), threads, threads * 8, work, |result| match result {
        Ok((size, coded)) => {
            articles += 1;
            bytes += size;
            bar.inc(1);
            for event in coded {
                if write_error.is_none() {
                    // Serialised first, so that a closed pipe shows as the i/o error it is.
                    let line = serde_json::to_vec(&event).map_err(std::io::Error::other).and_then(|mut bytes| {
                        bytes.push(b'\n');
                        out.write_all(&bytes)
                    });
                    if let Err(err) = line {
                        write_error = Some(err);
                    }
                }
                events += 1;
            }
        }
        Err(err) => {
            if err.empty {
                empty += 1;
            } else {
                failed += 1;
            }
            bar.suspend(|| eprintln!("dyad: skipped {err}"));
        }
    });
    bar.finish_and_clear();
    if let Some(err) = write_error {
        if err.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(err).context("cannot write the events");
        }
    }
    out.flush().or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(e) })?;
    eprintln!(
        "dyad: {articles} articles coded, {events} events, {} inputs skipped ({failed} failed, {empty} empty)",
        failed + empty
    );
    if args.stats {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "dyad: {{\"articles\": {articles}, \"events\": {events}, \"seconds\": {secs:.3}, \"startup_ms\": {:.1}, \"articles_per_second\": {:.1}, \"mb_per_second\": {:.2}, \"threads\": {threads}, \"peak_rss_mb\": {}}}",
            loaded.as_secs_f64() * 1e3,
            articles as f64 / secs,
            bytes as f64 / 1e6 / secs,
            peak_rss_mb().map_or("null".to_string(), |mb| format!("{mb:.1}"))
        );
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Codes on all cores but one's share, in input order, while this thread stores: the articles
/// pass through a bounded channel, so memory stays bounded and storing never waits for a
/// whole file to be coded. When storing stops (a full disk), reading stops too.
fn ingest(args: IngestCommand) -> Result<ExitCode> {
    let options = read_options(&args.input)?;
    let coder = coder()?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let (send, receive) = std::sync::mpsc::sync_channel(threads * 8);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // An input with nothing to code is reported here; it is no failure of the ingest.
            let inputs = read_paths(&args.store.paths, &options)
                .take_while(|_| !stopped.load(std::sync::atomic::Ordering::Relaxed))
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
                    dyad_store::CodedArticle { article, events }
                })
            };
            map_ordered(inputs, threads, threads * 8, work, |coded| {
                if send.send(coded).is_err() {
                    stopped.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            });
            drop(send);
        });
        let result = args.store.run_coded(receive.iter());
        stopped.store(true, std::sync::atomic::Ordering::Relaxed);
        drop(receive);
        result
    })
}

fn serve(args: dyad_serve::ServeArgs) -> Result<ExitCode> {
    let coder = std::sync::Arc::new(coder()?);
    args.run(std::sync::Arc::new(move |article: &dyad_core::Article| coder.code(article)))
}

/// Peak resident memory of this process, where the OS tells it (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Prints each article's Doc ([`dyad_core::doc::Doc::explain`]): what every stage of the
/// coder found, and the rule that kept or dropped each event.
fn explain(args: ExplainArgs) -> Result<ExitCode> {
    let options = read_options(&args.coder.input)?;
    let coder = args.coder.coder()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0;
    for item in read_paths(&args.coder.paths, &options) {
        match item {
            Ok(article) => {
                let doc = coder.read(&article);
                writeln!(out, "{}", doc.explain(coder.lexicon()))?;
            }
            Err(err) => {
                failed += usize::from(!err.empty);
                eprintln!("dyad: skipped {err}");
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn parse(args: ParseArgs) -> Result<ExitCode> {
    let model = dyad_syntax::Model::embedded().context("the tagger and parser model is not available in this build")?;
    if let Some(gold) = args.eval {
        let text = std::fs::read_to_string(&gold).with_context(|| format!("cannot read {}", gold.display()))?;
        let report = dyad_syntax::evaluate(&model, &text);
        let json = serde_json::json!({
            "sentences": report.sentences,
            "upos": report.upos,
            "xpos": report.xpos,
            "uas": report.uas,
            "las": report.las,
            "sentences_per_second": report.sentences_per_second,
        });
        println!("{json}");
        return Ok(ExitCode::SUCCESS);
    }
    anyhow::ensure!(!args.paths.is_empty(), "give files or folders to parse, or --eval GOLD.conllu");
    let options = read_options(&args.input)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0;
    for item in read_paths(&args.paths, &options) {
        let article = match item {
            Ok(article) => article,
            Err(err) => {
                failed += usize::from(!err.empty);
                eprintln!("dyad: skipped {err}");
                continue;
            }
        };
        for (n, sentence) in dyad_core::pipeline::prepare(&article.text).iter().enumerate() {
            let words: Vec<&str> = sentence.tokens.iter().map(|t| t.span.slice(&article.text)).collect();
            let mut block = format!(
                "# sent_id = {}-{}\n# text = {}\n",
                article.id,
                n + 1,
                sentence.span.slice(&article.text).replace('\n', " ")
            );
            dyad_syntax::write_conllu(&mut block, &model.parse(&words));
            out.write_all(block.as_bytes())?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
