//! The `dyad` command: code news articles into PLOVER events, parse sentences, and (with the
//! store) keep, query and serve them.
//!
//! Each subcommand's arguments, output and progress bar are in its file under [`cmd`]; the
//! shared output formats are in [`output`].
#![forbid(unsafe_code)]

mod cmd;
mod output;
mod progress;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use cmd::actors::ActorsArgs;
use cmd::code::CodeArgs;
use cmd::commitments::CommitmentsArgs;
use cmd::completions::{CompletionsArgs, ManArgs};
use cmd::dyads::DyadsArgs;
use cmd::events::EventsArgs;
use cmd::explain::ExplainArgs;
use cmd::export::ExportArgs;
use cmd::ingest::IngestCommand;
use cmd::parse::ParseArgs;
use cmd::rules::RulesArgs;
use cmd::serve::ServeArgs;
use cmd::ListArgs;

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
    /// Code articles (.jsonl, .txt, .html, .warc, .warc.gz; folders are walked) and print events as
    /// JSON Lines or write them as Parquet.
    Code(CodeArgs),
    /// Show why each event is there: per sentence, the tokens with tags and dependencies, the
    /// actors and how each was found, the triggers, and every event kept or dropped by its rule.
    Explain(ExplainArgs),
    /// List the coder's rules, each with what it does and the sentences that test it.
    Rules(RulesArgs),
    /// Tokenise, tag and parse articles and print CoNLL-U; or evaluate on a gold treebank.
    Parse(ParseArgs),
    /// Code articles and keep them, with their events and actors, in the store.
    Ingest(IngestCommand),
    /// List stored events matching filters.
    Events(ListArgs<EventsArgs>),
    /// List stored actors with their event counts and partners.
    Actors(ListArgs<ActorsArgs>),
    /// List pairs of actors with counts by type and a cooperation–conflict score over time.
    Dyads(ListArgs<DyadsArgs>),
    /// Export stored events as Parquet, CSV or JSON Lines.
    Export(ExportArgs),
    /// List stored commitments (pledges, offers, requests, agreements) and their status.
    Commitments(ListArgs<CommitmentsArgs>),
    /// Serve the JSON API and the web page over the store.
    Serve(ServeArgs),
    /// Print the completion script for a shell (`dyad completions bash > ~/.local/share/bash-completion/completions/dyad`).
    Completions(CompletionsArgs),
    /// Print the manual page (`dyad man | man -l -`), or write every command's page to `--dir`.
    Man(ManArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => cmd::code::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Rules(args) => cmd::rules::run(args),
        Command::Parse(args) => cmd::parse::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Events(args) => cmd::events::run(&args),
        Command::Actors(args) => cmd::actors::run(&args),
        Command::Dyads(args) => cmd::dyads::run(&args),
        Command::Export(args) => args.run(),
        Command::Commitments(args) => cmd::commitments::run(&args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Completions(args) => cmd::completions::completions(&args, Cli::command()),
        Command::Man(args) => cmd::completions::man(&args, Cli::command()),
    };
    match result {
        Ok(code) => code,
        // A reader that stopped early (`dyad events | head`) is not an error.
        Err(err) if cmd::closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
