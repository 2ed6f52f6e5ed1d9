//! `dyad rules`: the coder's rules as a table, each with the sentences that test it and whether
//! they pass.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use dyad_core::rules::{check, check_patterns, RULES};
use dyad_core::Coder;

/// `dyad rules`: which rules to show.
#[derive(Clone, Debug, clap::Args)]
pub struct RulesArgs {
    /// Only the rules whose name contains this text (`role:`, `negated` ...).
    pub name: Option<String>,
    /// Also code every curated pattern's example (`data/patterns.tsv`) and list those that fail.
    #[arg(long)]
    pub patterns: bool,
    /// Read lexicons from this folder instead of the embedded ones (missing files fall back).
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
}

/// Prints every rule (name, module, where it leaves its name, what it does) and codes each of
/// its examples: `ok` or `FAIL` with what the sentence gave. The exit status is 1 when any
/// example fails.
pub fn run(args: RulesArgs) -> Result<ExitCode> {
    let coder = Coder::load(args.lexicons.as_deref(), true)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut examples, mut failed) = (0, 0);
    let wanted = |name: &str| args.name.as_deref().is_none_or(|n| name.contains(n));
    for rule in RULES.iter().filter(|r| wanted(r.name)) {
        writeln!(out, "{}  ({}; named in: {})", rule.name, rule.module, mark(rule.mark))?;
        writeln!(out, "  {}", rule.doc)?;
        for example in rule.examples {
            let checked = check(&coder, rule, example);
            let (source, event_type, target) = example.event;
            let verdict = if checked.pass { "ok  " } else { "FAIL" };
            let gives = if example.gives { "gives" } else { "never" };
            writeln!(out, "  {verdict} {gives} {source} {event_type} {target}: {:?}", example.text)?;
            if !checked.pass {
                writeln!(out, "       gave {:?}; dropped by {:?}", checked.got, checked.dropped)?;
            }
            examples += 1;
            failed += usize::from(!checked.pass);
        }
    }
    if args.patterns {
        let (failures, checked) = check_patterns(&coder);
        writeln!(out, "curated patterns (data/patterns.tsv): {checked} examples, {} fail", failures.len())?;
        for failure in &failures {
            writeln!(out, "  FAIL {failure}")?;
        }
        examples += checked;
        failed += failures.len();
    }
    writeln!(out, "{examples} examples, {failed} fail")?;
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn mark(mark: dyad_core::rules::Mark) -> &'static str {
    use dyad_core::rules::Mark;
    match mark {
        Mark::Event => "the event's rule",
        Mark::How => "the actor's how",
        Mark::Dropped => "dyad explain's dropped lines",
        Mark::Outcome => "nothing; the outcome tells",
    }
}
