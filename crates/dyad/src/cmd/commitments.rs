//! `dyad commitments`: the ledger of pledges, offers, requests and agreements, with their status
//! and the later events that followed them up.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use dyad_store::{CommitmentArgs, Page, StoredCommitment};

use super::{stdout, user, ListArgs};
use crate::output::{Format, Table};

/// The filters and options of `dyad commitments`.
#[derive(Clone, Debug, clap::Args)]
pub struct CommitmentsArgs {
    /// Holder or counterpart: an actor id or name.
    #[arg(long)]
    pub actor: Option<String>,
    /// With `--actor`: only commitments between the actor and this one, either way.
    #[arg(long, requires = "actor")]
    pub partner: Option<String>,
    /// Actors named stand for themselves and their sub-bodies.
    #[arg(long)]
    pub family: bool,
    /// Who committed or asked: an actor id or name.
    #[arg(long)]
    pub holder: Option<String>,
    /// To whom: an actor id or name.
    #[arg(long)]
    pub counterpart: Option<String>,
    /// `open`, `followed_up` or `expired`.
    #[arg(long)]
    pub status: Option<String>,
    /// `pledge`, `offer`, `request` or `agreement`.
    #[arg(long)]
    pub kind: Option<String>,
    /// Made on or after this date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[arg(long)]
    pub since: Option<String>,
    /// Made on or before this date.
    #[arg(long)]
    pub until: Option<String>,
    /// At most this many commitments.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// Prints the commitments, latest first.
pub fn run(list: &ListArgs<CommitmentsArgs>) -> Result<ExitCode> {
    let args = &list.args;
    let store = list.db.open()?;
    let filter = CommitmentArgs {
        actor: args.actor.clone(),
        partner: args.partner.clone(),
        family: args.family,
        holder: args.holder.clone(),
        counterpart: args.counterpart.clone(),
        status: args.status.clone(),
        kind: args.kind.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
    }
    .parse()
    .map_err(user)?;
    let page = Page { limit: args.limit, offset: 0 };
    let commitments = store.commitments(&filter, page).map_err(user)?;
    let mut out = stdout();
    match list.format() {
        Format::Table => table(&commitments).print(&mut out)?,
        Format::Jsonl => {
            for c in &commitments {
                serde_json::to_writer(&mut out, c)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Csv => write_csv(&commitments, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The ids of the events that followed a commitment up, `;`-separated.
fn evidence(c: &StoredCommitment) -> String {
    c.evidence.iter().map(|e| e.event_id.map_or(e.merged_id.clone(), |id| id.to_string())).collect::<Vec<_>>().join(";")
}

fn table(commitments: &[StoredCommitment]) -> Table {
    let period = |c: &StoredCommitment| {
        c.period
            .as_ref()
            .map(|p| format!("{}..{}", p.start.clone().unwrap_or_default(), p.end.clone().unwrap_or_default()))
    };
    let mut table =
        Table::new(&["event", "date", "status", "kind", "holder", "counterpart", "what", "period", "evidence"]);
    for c in commitments {
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
    table
}

fn write_csv(commitments: &[StoredCommitment], out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
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
    for c in commitments {
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
    Ok(())
}
