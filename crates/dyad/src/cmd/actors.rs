//! `dyad actors`: actors with their event counts and main partners.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use dyad_store::{ActorSummary, Page};

use super::{stdout, user, FilterArgs, ListArgs};
use crate::output::{Format, Table};

/// The filters and options of `dyad actors`.
#[derive(Clone, Debug, clap::Args)]
pub struct ActorsArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many actors, busiest first.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Partners shown for each actor.
    #[arg(long, default_value_t = 5)]
    pub partners: usize,
}

/// Prints the actors.
pub fn run(list: &ListArgs<ActorsArgs>) -> Result<ExitCode> {
    let args = &list.args;
    let store = list.db.open()?;
    let filter = args.filter.parse()?;
    let actors = store.actors(&filter, Page { limit: args.limit, offset: 0 }, args.partners).map_err(user)?;
    let mut out = stdout();
    let partners =
        |a: &ActorSummary| a.partners.iter().map(|p| format!("{}:{}", p.id, p.events)).collect::<Vec<_>>().join(" ");
    match list.format() {
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
            w.write_record(["id", "name", "kind", "country", "org", "events", "as_source", "as_target", "partners"])?;
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
