//! `dyad completions SHELL` and `dyad man [--dir DIR]`: shell completions and manual pages,
//! generated from the command line's own definitions so that they cannot fall behind it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap_complete::aot::Shell;

use super::stdout;

/// `dyad completions SHELL`.
#[derive(Clone, Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in (`bash`, `zsh`, `fish`, `elvish`, `powershell`).
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `dyad man [--dir DIR]`.
#[derive(Clone, Debug, clap::Args)]
pub struct ManArgs {
    /// Write one page per command (`dyad.1`, `dyad-code.1` ...) into this folder instead of
    /// printing `dyad.1` on standard output.
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// Prints the completion script for `args.shell` of the command line `cli`.
pub fn completions(args: &CompletionsArgs, mut cli: clap::Command) -> Result<ExitCode> {
    let mut out = stdout();
    clap_complete::aot::generate(args.shell, &mut cli, "dyad", &mut out);
    std::io::Write::flush(&mut out)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the manual page of the command line `cli`, or writes every command's page to a folder.
pub fn man(args: &ManArgs, cli: clap::Command) -> Result<ExitCode> {
    match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cli, dir)
                .with_context(|| format!("cannot write the pages to {}", dir.display()))?;
        }
        None => {
            let mut out = stdout();
            clap_mangen::Man::new(cli).render(&mut out)?;
            std::io::Write::flush(&mut out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
