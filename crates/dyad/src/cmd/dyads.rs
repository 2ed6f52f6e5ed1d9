//! `dyad dyads`: pairs of actors with counts by event type and a monthly cooperation–conflict
//! score (mean Goldstein score).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use dyad_store::{Dyad, DyadOptions};

use super::{stdout, user, FilterArgs, ListArgs};
use crate::output::{Format, Table};

/// The filters and options of `dyad dyads`.
#[derive(Clone, Debug, clap::Args)]
pub struct DyadsArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Count A→B and B→A together.
    #[arg(long)]
    pub undirected: bool,
    /// At most this many dyads, busiest first.
    #[arg(long)]
    pub limit: Option<usize>,
}

fn score(g: Option<f64>) -> String {
    g.map(|g| format!("{g:.2}")).unwrap_or_default()
}

fn types(d: &Dyad) -> String {
    d.by_type.iter().map(|(t, n)| format!("{t}:{n}")).collect::<Vec<_>>().join(" ")
}

fn months(d: &Dyad) -> String {
    d.monthly
        .iter()
        .map(|m| format!("{}:{}:{}", m.month, m.events, score(m.goldstein_mean)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Prints the dyads.
pub fn run(list: &ListArgs<DyadsArgs>) -> Result<ExitCode> {
    let args = &list.args;
    let store = list.db.open()?;
    let filter = args.filter.parse()?;
    let dyads = store.dyads(&filter, DyadOptions { undirected: args.undirected, limit: args.limit }).map_err(user)?;
    let mut out = stdout();
    match list.format() {
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
