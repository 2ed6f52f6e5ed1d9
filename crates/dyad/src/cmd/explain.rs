//! `dyad explain`: why each event is there.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use dyad_core::ingest::read_paths;

use super::code::CoderArgs;

/// `dyad explain`: the articles and the coder.
#[derive(Clone, Debug, clap::Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub coder: CoderArgs,
}

/// Prints each article's Doc ([`dyad_core::doc::Doc::explain`]): what every stage of the
/// coder found, and the rule that kept or dropped each event.
pub fn run(args: ExplainArgs) -> Result<ExitCode> {
    let options = args.coder.input.read_options()?;
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
