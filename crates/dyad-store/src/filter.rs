//! Event filters: what a user types (`--since 2024-03`, `?type=agree,consult`) checked and
//! turned into an [`EventFilter`], and the SQL condition it stands for.
//!
//! The same [`FilterArgs`] serve the command line (the `dyad` binary's arguments convert into
//! it) and the HTTP API (as query parameters), so a value is accepted or refused the same way
//! everywhere.

use chrono::{Days, NaiveDate};
use dyad_core::EventType;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Event filters as typed by a user, before they are checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterArgs {
    /// Events with this actor on either side (actor id such as `VNM`, or name such as `Vietnam`).
    #[serde(default)]
    pub actor: Option<String>,
    /// With `actor`: only events between the actor and this one, either way.
    #[serde(default)]
    pub partner: Option<String>,
    /// Whether an actor named in the filter stands for itself and its sub-bodies (the bodies
    /// whose `org` it is, and for a state the national bodies whose `country` it is).
    #[serde(default)]
    pub family: bool,
    /// Events whose source is this actor (id or name).
    #[serde(default)]
    pub source: Option<String>,
    /// Events whose target is this actor (id or name).
    #[serde(default)]
    pub target: Option<String>,
    /// PLOVER event types, comma-separated (`AGREE,CONSULT`).
    #[serde(default, rename = "type")]
    pub event_type: Option<String>,
    /// PLOVER contexts, comma-separated; an event matches if it has any of them.
    #[serde(default)]
    pub context: Option<String>,
    /// Events dated on or after this day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub since: Option<String>,
    /// Events dated on or before this day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub until: Option<String>,
    /// Events coded from this article id.
    #[serde(default)]
    pub article: Option<String>,
    /// Events naming this person on either side (`Jean-Pierre Lacroix`; case and accents aside,
    /// a surname alone finds every person of that surname).
    #[serde(default)]
    pub person: Option<String>,
}

/// Checked event filters. Every field narrows the result; the default matches every event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Actor id or name on either side.
    pub actor: Option<String>,
    /// With `actor`: the other side, either way round.
    pub partner: Option<String>,
    /// Actors stand for themselves and their sub-bodies.
    pub family: bool,
    /// Source actor id or name.
    pub source: Option<String>,
    /// Target actor id or name.
    pub target: Option<String>,
    /// Event types (any of them).
    pub types: Vec<String>,
    /// Contexts (any of them).
    pub contexts: Vec<String>,
    /// First day.
    pub since: Option<NaiveDate>,
    /// Last day.
    pub until: Option<NaiveDate>,
    /// Article id.
    pub article: Option<String>,
    /// A person named on either side, as typed.
    pub person: Option<String>,
}

impl FilterArgs {
    /// Checks the values and returns the filter they describe.
    pub fn parse(&self) -> Result<EventFilter> {
        let since = self.since.as_deref().map(|s| parse_day("since", s).map(|(lo, _)| lo)).transpose()?;
        let until = self.until.as_deref().map(|s| parse_day("until", s).map(|(_, hi)| hi)).transpose()?;
        if let (Some(a), Some(b)) = (since, until) {
            if a > b {
                return Err(Error::bad_filter(format!("since ({a}) is after until ({b})"), "swap the two dates"));
            }
        }
        let partner = nonempty("partner", &self.partner)?;
        if partner.is_some() && self.actor.is_none() {
            return Err(Error::bad_filter(
                "partner without actor",
                "give actor=A&partner=B for the events between A and B",
            ));
        }
        Ok(EventFilter {
            actor: nonempty("actor", &self.actor)?,
            partner,
            family: self.family,
            source: nonempty("source", &self.source)?,
            target: nonempty("target", &self.target)?,
            types: self.event_type.as_deref().map(parse_types).transpose()?.unwrap_or_default(),
            contexts: self.context.as_deref().map(parse_contexts).transpose()?.unwrap_or_default(),
            since,
            until,
            article: nonempty("article", &self.article)?,
            person: nonempty("person", &self.person)?,
        })
    }
}

fn nonempty(name: &str, value: &Option<String>) -> Result<Option<String>> {
    match value.as_deref().map(str::trim) {
        None => Ok(None),
        Some("") => Err(Error::bad_filter(format!("{name} is empty"), format!("give {name} a value or leave it out"))),
        Some(v) => Ok(Some(v.to_string())),
    }
}

fn parse_types(list: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for t in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let Ok(event_type) = t.parse::<EventType>() else {
            let names: Vec<&str> = EventType::PLOVER_ORDER.iter().map(|t| t.as_str()).collect();
            return Err(Error::bad_filter(
                format!("unknown event type {t:?}"),
                format!("use PLOVER types: {}", names.join(", ")),
            ));
        };
        out.push(event_type.as_str().to_string());
    }
    if out.is_empty() {
        return Err(Error::bad_filter("type is empty", "give one or more PLOVER types, comma-separated"));
    }
    Ok(out)
}

fn parse_contexts(list: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for c in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let lower = c.to_ascii_lowercase();
        if !lower.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_' || ch == '-') {
            return Err(Error::bad_filter(
                format!("bad context {c:?}"),
                "contexts are PLOVER context names such as `military` or `human_rights`",
            ));
        }
        out.push(lower);
    }
    if out.is_empty() {
        return Err(Error::bad_filter("context is empty", "give one or more contexts, comma-separated"));
    }
    Ok(out)
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into the first and last day it covers.
pub fn parse_day(name: &str, s: &str) -> Result<(NaiveDate, NaiveDate)> {
    day_range(s.trim()).ok_or_else(|| {
        Error::bad_filter(
            format!("{name}={s:?} is not a date"),
            format!("write {name} as YYYY, YYYY-MM or YYYY-MM-DD, e.g. {name}=2024-03-01"),
        )
    })
}

/// The first and last day that a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` covers.
pub fn day_range(s: &str) -> Option<(NaiveDate, NaiveDate)> {
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] if digits(y, 4) => {
            let y: i32 = y.parse().ok()?;
            Some((NaiveDate::from_ymd_opt(y, 1, 1)?, NaiveDate::from_ymd_opt(y, 12, 31)?))
        }
        [y, m] if digits(y, 4) && digits(m, 2) => {
            let first = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
            let next = first.checked_add_months(chrono::Months::new(1))?;
            Some((first, next.pred_opt()?))
        }
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            let day = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
            Some((day, day))
        }
        _ => None,
    }
}

/// A SQL condition over `events e` with its parameters.
pub(crate) struct Condition {
    pub sql: String,
    pub params: Vec<Value>,
}

impl EventFilter {
    /// Whether the filter matches every event.
    pub fn is_empty(&self) -> bool {
        *self == EventFilter::default()
    }

    /// Whether the filter names nothing finer than actors and event types, so that the
    /// summaries of the store (per pair of actors and type) can answer it.
    pub(crate) fn is_summarised(&self) -> bool {
        self.contexts.is_empty()
            && self.since.is_none()
            && self.until.is_none()
            && self.article.is_none()
            && self.person.is_none()
    }

    /// The condition, with actor ids or names resolved through `resolve` into ids and a person
    /// as typed through `persons` into the names stored.
    pub(crate) fn condition(
        &self,
        resolve: &dyn Fn(&str) -> Result<Vec<String>>,
        persons: &dyn Fn(&str) -> Result<Vec<String>>,
    ) -> Result<Condition> {
        let (mut clauses, mut params) = self.actor_and_type_clauses(resolve)?;
        if let Some(person) = &self.person {
            let names = persons(person)?;
            if names.is_empty() {
                clauses.push("0".into());
            } else if self.article.is_some() {
                // Each report of the article: those naming the person.
                let marks = placeholders(&mut params, &names);
                clauses.push(format!(
                    "EXISTS (SELECT 1 FROM actor_mentions m WHERE m.event_id = e.id AND m.person IN ({marks}))"
                ));
            } else {
                // The merged events any report of which names the person, by their representative:
                // from the person's mentions (an index) to their reports' merged events, in that
                // order (CROSS JOIN keeps it).
                let marks = placeholders(&mut params, &names);
                clauses.push(format!(
                    "e.id IN (SELECT me.event_id FROM actor_mentions m
                        CROSS JOIN event_sources s ON s.event_id = m.event_id
                        CROSS JOIN merged_events me ON me.id = s.merged_id
                        WHERE m.person IN ({marks}))"
                ));
            }
        }
        if !self.contexts.is_empty() {
            let marks = placeholders(&mut params, &self.contexts);
            // A lookup per candidate event on the (context, event_id) key, so that a page can
            // walk the day index and stop early instead of collecting every event first.
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM event_contexts c
                         WHERE c.context IN ({marks}) AND c.event_id = e.id)"
            ));
        }
        if let Some(since) = self.since {
            // An event's date may be a whole year, so it can start up to a year before `since`
            // and still reach it; the first bound keeps the day index usable.
            let earliest = since.checked_sub_days(Days::new(366)).unwrap_or(since);
            clauses.push("e.day >= ? AND e.day_end >= ?".into());
            params.push(Value::Text(earliest.to_string()));
            params.push(Value::Text(since.to_string()));
        }
        if let Some(until) = self.until {
            clauses.push("e.day <= ?".into());
            params.push(Value::Text(until.to_string()));
        }
        if let Some(article) = &self.article {
            clauses.push("e.article_id = ?".into());
            params.push(Value::Text(article.clone()));
        }
        // One row per merged event (its representative), except when one article's events are
        // asked for: then each of its reports.
        if self.article.is_none() {
            clauses.push("e.rep = 1".into());
        }
        let sql = clauses.join(" AND ");
        Ok(Condition { sql, params })
    }

    /// The condition on actors and event types alone, over any table with `source_id`,
    /// `target_id` and `event_type` columns as `e` (the events, or a summary of them); `1`
    /// when there is none.
    pub(crate) fn actor_and_type_condition(&self, resolve: &dyn Fn(&str) -> Result<Vec<String>>) -> Result<Condition> {
        let (clauses, params) = self.actor_and_type_clauses(resolve)?;
        let sql = if clauses.is_empty() { "1".to_string() } else { clauses.join(" AND ") };
        Ok(Condition { sql, params })
    }

    fn actor_and_type_clauses(
        &self,
        resolve: &dyn Fn(&str) -> Result<Vec<String>>,
    ) -> Result<(Vec<String>, Vec<Value>)> {
        let mut clauses: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        if let Some(actor) = &self.actor {
            let ids = resolve(actor)?;
            let partner = self.partner.as_deref().map(resolve).transpose()?;
            match partner {
                _ if ids.is_empty() => clauses.push("0".into()),
                Some(others) if others.is_empty() => clauses.push("0".into()),
                Some(others) => {
                    let (a, b) = (placeholders(&mut params, &ids), placeholders(&mut params, &others));
                    let (b2, a2) = (placeholders(&mut params, &others), placeholders(&mut params, &ids));
                    clauses.push(format!(
                        "((e.source_id IN ({a}) AND e.target_id IN ({b})) OR (e.source_id IN ({b2}) AND e.target_id IN ({a2})))"
                    ));
                }
                None => {
                    let a = placeholders(&mut params, &ids);
                    let b = placeholders(&mut params, &ids);
                    clauses.push(format!("(e.source_id IN ({a}) OR e.target_id IN ({b}))"));
                }
            }
        }
        for (column, value) in [("source_id", &self.source), ("target_id", &self.target)] {
            if let Some(value) = value {
                let ids = resolve(value)?;
                if ids.is_empty() {
                    clauses.push("0".into());
                } else {
                    let marks = placeholders(&mut params, &ids);
                    clauses.push(format!("e.{column} IN ({marks})"));
                }
            }
        }
        if !self.types.is_empty() {
            let marks = placeholders(&mut params, &self.types);
            clauses.push(format!("e.event_type IN ({marks})"));
        }
        Ok((clauses, params))
    }
}

/// `?, ?, ?` for `values`, which are added to `params`.
fn placeholders(params: &mut Vec<Value>, values: &[String]) -> String {
    params.extend(values.iter().map(|v| Value::Text(v.clone())));
    vec!["?"; values.len()].join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> FilterArgs {
        FilterArgs::default()
    }

    #[test]
    fn dates_of_each_precision() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(day_range("2024"), Some((d("2024-01-01"), d("2024-12-31"))));
        assert_eq!(day_range("2024-02"), Some((d("2024-02-01"), d("2024-02-29"))));
        assert_eq!(day_range("2023-12"), Some((d("2023-12-01"), d("2023-12-31"))));
        assert_eq!(day_range("2024-03-05"), Some((d("2024-03-05"), d("2024-03-05"))));
        for bad in ["", "not-a-date", "2024-13", "2024-02-30", "24-01-01", "2024-1-1", "2024-01-01T00"] {
            assert_eq!(day_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn since_takes_first_and_until_last_day() {
        let f = FilterArgs { since: Some("2024-03".into()), until: Some("2024-03".into()), ..args() };
        let f = f.parse().unwrap();
        assert_eq!(f.since.unwrap().to_string(), "2024-03-01");
        assert_eq!(f.until.unwrap().to_string(), "2024-03-31");
    }

    #[test]
    fn bad_values_are_user_errors() {
        let cases = [
            FilterArgs { since: Some("not-a-date".into()), ..args() },
            FilterArgs { until: Some("2024-02-30".into()), ..args() },
            FilterArgs { since: Some("2025".into()), until: Some("2024".into()), ..args() },
            FilterArgs { event_type: Some("AGRE".into()), ..args() },
            FilterArgs { event_type: Some(",".into()), ..args() },
            FilterArgs { context: Some("drop table".into()), ..args() },
            FilterArgs { actor: Some("  ".into()), ..args() },
            FilterArgs { partner: Some("UN".into()), ..args() },
        ];
        for case in cases {
            let err = case.parse().unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::BadFilter, "{case:?}");
            assert!(err.code().is_user_error());
            assert!(err.hint().is_some());
        }
    }

    #[test]
    fn types_and_contexts_are_normalised() {
        let f = FilterArgs { event_type: Some("agree, Consult".into()), context: Some("Military".into()), ..args() };
        let f = f.parse().unwrap();
        assert_eq!(f.types, ["AGREE", "CONSULT"]);
        assert_eq!(f.contexts, ["military"]);
    }
}
