//! Reading the ledger of commitments back: pledges, offers, requests and agreements with their
//! status and the later events that followed them up.

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::aggregate::ActorRef;
use chrono::NaiveDate;

use crate::error::{Error, ErrorCode, Result};
use crate::filter::parse_day;
use crate::query::Page;
use crate::store::Store;

/// The statuses a commitment can have.
pub const STATUSES: &[&str] = &["open", "followed_up", "expired"];

/// The kinds of commitment.
pub const KINDS: &[&str] = &["pledge", "offer", "request", "agreement"];

/// Which commitments to return, as a user types it (command-line options, query parameters).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommitmentArgs {
    /// Holder or counterpart: an actor id or name.
    pub actor: Option<String>,
    /// With `actor`: only commitments between the actor and this one, either way.
    pub partner: Option<String>,
    /// Actors named stand for themselves and their sub-bodies (see [`Store::resolve_family`]).
    pub family: bool,
    /// Who committed or asked: an actor id or name.
    pub holder: Option<String>,
    /// To whom: an actor id or name.
    pub counterpart: Option<String>,
    /// `open`, `followed_up` or `expired`.
    pub status: Option<String>,
    /// `pledge`, `offer`, `request` or `agreement`.
    pub kind: Option<String>,
    /// Made on or after this day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Made on or before this day.
    pub until: Option<String>,
}

/// Which commitments to return, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommitmentFilter {
    /// Holder or counterpart: an actor id or name (case-insensitive).
    pub actor: Option<String>,
    /// With `actor`: the other side, either way round.
    pub partner: Option<String>,
    /// Actors stand for themselves and their sub-bodies.
    pub family: bool,
    /// The holder: an actor id or name.
    pub holder: Option<String>,
    /// The counterpart: an actor id or name.
    pub counterpart: Option<String>,
    /// `open`, `followed_up` or `expired`.
    pub status: Option<String>,
    /// `pledge`, `offer`, `request` or `agreement`.
    pub kind: Option<String>,
    /// First day the commitment's date may cover.
    pub since: Option<NaiveDate>,
    /// Last day.
    pub until: Option<NaiveDate>,
}

impl CommitmentArgs {
    /// The filter these values describe, checked: an unknown status or kind, or a bad date, is
    /// a `bad_filter` error.
    pub fn parse(&self) -> Result<CommitmentFilter> {
        let check = |what: &str, value: Option<&str>, allowed: &[&str]| -> Result<Option<String>> {
            match value.map(|v| v.trim().to_ascii_lowercase().replace('-', "_")) {
                None => Ok(None),
                Some(v) if v.is_empty() => Ok(None),
                Some(v) if allowed.contains(&v.as_str()) => Ok(Some(v)),
                Some(v) => Err(Error::User {
                    code: ErrorCode::BadFilter,
                    message: format!("unknown {what} {v:?}"),
                    hint: format!("use one of: {}", allowed.join(", ")),
                }),
            }
        };
        let actor = |v: &Option<String>| v.as_deref().map(str::trim).filter(|a| !a.is_empty()).map(str::to_string);
        let since = self.since.as_deref().map(|s| parse_day("since", s).map(|(lo, _)| lo)).transpose()?;
        let until = self.until.as_deref().map(|s| parse_day("until", s).map(|(_, hi)| hi)).transpose()?;
        if let (Some(a), Some(b)) = (since, until) {
            if a > b {
                return Err(Error::bad_filter(format!("since ({a}) is after until ({b})"), "swap the two dates"));
            }
        }
        if self.partner.is_some() && self.actor.is_none() {
            return Err(Error::bad_filter("partner without actor", "give actor=A&partner=B"));
        }
        Ok(CommitmentFilter {
            actor: actor(&self.actor),
            partner: actor(&self.partner),
            family: self.family,
            holder: actor(&self.holder),
            counterpart: actor(&self.counterpart),
            status: check("status", self.status.as_deref(), STATUSES)?,
            kind: check("kind", self.kind.as_deref(), KINDS)?,
            since,
            until,
        })
    }
}

/// A stated period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPeriod {
    /// Start (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), when stated.
    pub start: Option<String>,
    /// End, when stated.
    pub end: Option<String>,
    /// As written.
    pub text: String,
}

/// A later event that followed a commitment up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredEvidence {
    /// The later merged event's id.
    pub merged_id: String,
    /// Its representative event's id in the store, while it is stored.
    pub event_id: Option<i64>,
    /// Why it counts.
    pub reason: String,
}

/// A commitment as stored.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredCommitment {
    /// The merged event it came from (one commitment per merged event).
    pub id: String,
    /// That merged event's representative event id in the store.
    pub event_id: Option<i64>,
    /// Who committed or asked.
    pub holder: ActorRef,
    /// To whom, when known.
    pub counterpart: Option<ActorRef>,
    /// `pledge`, `offer`, `request` or `agreement`.
    pub kind: String,
    /// What is committed, as written.
    pub what: String,
    /// PLOVER contexts.
    pub contexts: Vec<String>,
    /// The stated period, when there is one.
    pub period: Option<StoredPeriod>,
    /// The event's date, when known.
    pub date: Option<String>,
    /// The article it came from.
    pub article_id: String,
    /// The sentence as written.
    pub sentence: String,
    /// `open`, `followed_up` or `expired`.
    pub status: String,
    /// The later events that followed it up.
    pub evidence: Vec<StoredEvidence>,
}

#[derive(Deserialize)]
struct RawEvidence {
    event_id: String,
    reason: String,
}

impl Store {
    fn commitment_condition(&self, filter: &CommitmentFilter) -> Result<(String, Vec<Value>)> {
        let mut clauses = vec!["1".to_string()];
        let mut params = Vec::new();
        if let (Some(a), Some(b)) = (&filter.actor, &filter.partner) {
            let (a, b) = (self.resolve_in(filter.family, a)?, self.resolve_in(filter.family, b)?);
            let (ma, mb) = (vec!["?"; a.len()].join(", "), vec!["?"; b.len()].join(", "));
            clauses.push(format!(
                "((c.holder_id IN ({ma}) AND c.counterpart_id IN ({mb})) OR (c.holder_id IN ({mb}) AND c.counterpart_id IN ({ma})))"
            ));
            for ids in [&a, &b, &b, &a] {
                params.extend(ids.iter().map(|i| Value::Text(i.clone())));
            }
        }
        let either = if filter.partner.is_some() { &None } else { &filter.actor };
        let sides: [(&Option<String>, &[&str]); 3] = [
            (either, &["c.holder_id", "c.counterpart_id"]),
            (&filter.holder, &["c.holder_id"]),
            (&filter.counterpart, &["c.counterpart_id"]),
        ];
        for (actor, columns) in sides {
            let Some(actor) = actor else { continue };
            let ids = self.resolve_in(filter.family, actor)?;
            if ids.is_empty() {
                clauses.push("0".into());
                continue;
            }
            let marks = vec!["?"; ids.len()].join(", ");
            let either: Vec<String> = columns.iter().map(|c| format!("{c} IN ({marks})")).collect();
            clauses.push(format!("({})", either.join(" OR ")));
            for _ in columns.iter() {
                params.extend(ids.iter().map(|i| Value::Text(i.clone())));
            }
        }
        if let Some(status) = &filter.status {
            clauses.push("c.status = ?".into());
            params.push(Value::Text(status.clone()));
        }
        if let Some(kind) = &filter.kind {
            clauses.push("c.kind = ?".into());
            params.push(Value::Text(kind.clone()));
        }
        // A date covers days (`2023` the whole year): it matches when they meet the range.
        // Undated commitments match no date range.
        // `2023-99-99` sorts after every day of 2023: a partial date reaches `since` when any
        // day it covers does.
        if let Some(since) = filter.since {
            clauses.push("c.date IS NOT NULL AND c.date || '-99-99' >= ?".into());
            params.push(Value::Text(since.to_string()));
        }
        if let Some(until) = filter.until {
            clauses.push("c.date IS NOT NULL AND substr(c.date, 1, 10) <= ?".into());
            params.push(Value::Text(until.to_string()));
        }
        Ok((clauses.join(" AND "), params))
    }

    /// A page of the commitments that match `filter`, latest first (by date, then id).
    pub fn commitments(&self, filter: &CommitmentFilter, page: Page) -> Result<Vec<StoredCommitment>> {
        let (cond, params) = self.commitment_condition(filter)?;
        let mut sql = format!(
            "SELECT c.id, m.event_id, c.holder_id, c.holder_name, c.counterpart_id, c.counterpart_name,
                    c.kind, c.what, c.contexts, c.period_start, c.period_end, c.period_text, c.date,
                    c.article_id, c.sentence, c.status, c.evidence
             FROM commitments c LEFT JOIN merged_events m ON m.id = c.id
             WHERE {cond} ORDER BY c.date DESC, c.id"
        );
        match page.limit {
            Some(l) => sql.push_str(&format!(" LIMIT {l} OFFSET {}", page.offset)),
            None if page.offset > 0 => sql.push_str(&format!(" LIMIT -1 OFFSET {}", page.offset)),
            None => {}
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
            let counterpart = match (r.get::<_, Option<String>>(4)?, r.get::<_, Option<String>>(5)?) {
                (Some(id), name) => Some(ActorRef { name: name.unwrap_or_else(|| id.clone()), id }),
                _ => None,
            };
            let (start, end, text): (Option<String>, Option<String>, Option<String>) =
                (r.get(9)?, r.get(10)?, r.get(11)?);
            Ok((
                StoredCommitment {
                    id: r.get(0)?,
                    event_id: r.get(1)?,
                    holder: ActorRef { id: r.get(2)?, name: r.get(3)? },
                    counterpart,
                    kind: r.get(6)?,
                    what: r.get(7)?,
                    contexts: Vec::new(),
                    period: text.map(|text| StoredPeriod { start, end, text }),
                    date: r.get(12)?,
                    article_id: r.get(13)?,
                    sentence: r.get(14)?,
                    status: r.get(15)?,
                    evidence: Vec::new(),
                },
                r.get::<_, String>(8)?,
                r.get::<_, String>(16)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut c, contexts, evidence) = row?;
            c.contexts = serde_json::from_str(&contexts)?;
            let raw: Vec<RawEvidence> = serde_json::from_str(&evidence)?;
            c.evidence = raw
                .into_iter()
                .map(|e| StoredEvidence { merged_id: e.event_id, event_id: None, reason: e.reason })
                .collect();
            out.push(c);
        }
        drop(stmt);
        let mut rep = self.conn.prepare_cached("SELECT event_id FROM merged_events WHERE id = ?1")?;
        for c in &mut out {
            for e in &mut c.evidence {
                e.event_id = rep.query_row([&e.merged_id], |r| r.get(0)).ok();
            }
        }
        Ok(out)
    }

    /// How many commitments match `filter`.
    pub fn count_commitments(&self, filter: &CommitmentFilter) -> Result<u64> {
        let (cond, params) = self.commitment_condition(filter)?;
        let n: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM commitments c WHERE {cond}"))?
            .query_row(params_from_iter(params.iter()), |r| r.get(0))?;
        Ok(n as u64)
    }
}
