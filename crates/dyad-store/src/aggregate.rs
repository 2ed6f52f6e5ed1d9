//! Questions about many events at once: which actors act and with whom ([`Store::actors`],
//! [`Store::actor`]), how pairs of actors treat each other over time ([`Store::dyads`]), and
//! what the store holds ([`Store::stats`]).

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::filter::EventFilter;
use crate::query::Page;
use crate::store::Store;

/// An actor's id and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActorRef {
    /// Actor id (`VNM`, `UN`).
    pub id: String,
    /// Full name.
    pub name: String,
}

/// An actor with its event counts and main partners.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorSummary {
    /// Actor id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Kind (`state`, `igo`, ...).
    pub kind: String,
    /// Country, when known.
    pub country: Option<String>,
    /// Organisation, when known.
    pub org: Option<String>,
    /// Events with the actor on either side.
    pub events: u64,
    /// Events with the actor as source.
    pub as_source: u64,
    /// Events with the actor as target.
    pub as_target: u64,
    /// The actors it has most events with, either way, most first.
    pub partners: Vec<Partner>,
}

/// A partner of an actor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Partner {
    /// Partner id.
    pub id: String,
    /// Partner name.
    pub name: String,
    /// Events between the two, either way.
    pub events: u64,
    /// Mean Goldstein score of those events, when any has one.
    pub goldstein_mean: Option<f64>,
}

/// One actor in detail: its counts by event type, its timeline and partners.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorDetail {
    /// The actor and its counts.
    #[serde(flatten)]
    pub summary: ActorSummary,
    /// Events by PLOVER type.
    pub by_type: BTreeMap<String, u64>,
    /// Events by month and type, months in order (events without a date are left out).
    pub timeline: Vec<MonthCounts>,
}

/// Counts of one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthCounts {
    /// `YYYY-MM`.
    pub month: String,
    /// Events by type.
    pub by_type: BTreeMap<String, u64>,
}

/// A pair of actors with what passed between them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dyad {
    /// The acting side (for undirected dyads, the lesser id).
    pub source: ActorRef,
    /// The side acted upon (for undirected dyads, the greater id).
    pub target: ActorRef,
    /// Events between them.
    pub events: u64,
    /// Events by PLOVER type.
    pub by_type: BTreeMap<String, u64>,
    /// Mean Goldstein score over all their events: −10 (conflict) to +10 (cooperation).
    pub goldstein_mean: Option<f64>,
    /// The cooperation–conflict score month by month.
    pub monthly: Vec<DyadMonth>,
}

/// A dyad's score in one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DyadMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Events that month.
    pub events: u64,
    /// Sum of their Goldstein scores.
    pub goldstein_sum: f64,
    /// Mean of their Goldstein scores, when any has one.
    pub goldstein_mean: Option<f64>,
}

/// Options of [`Store::dyads`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DyadOptions {
    /// Count A→B and B→A together.
    pub undirected: bool,
    /// Which dyads, busiest first.
    pub limit: Option<usize>,
}

/// What the store holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    /// Schema version of the file.
    pub schema_version: i64,
    /// Articles stored.
    pub articles: u64,
    /// Events stored (merged events: one however many articles report it).
    pub events: u64,
    /// Reports of events stored (one per event coded in an article).
    pub reports: u64,
    /// Articles that near-duplicate an earlier one.
    pub duplicate_articles: u64,
    /// Commitments in the ledger.
    pub commitments: u64,
    /// Actors with at least one event.
    pub actors: u64,
    /// Events by type.
    pub by_type: BTreeMap<String, u64>,
    /// Earliest event day.
    pub first_day: Option<String>,
    /// Latest event day.
    pub last_day: Option<String>,
}

impl Store {
    /// Actors with their event counts under `filter`, busiest first, each with up to
    /// `partners` main partners.
    pub fn actors(
        &self,
        filter: &EventFilter,
        page: Page,
        partners: usize,
    ) -> Result<Vec<ActorSummary>> {
        let cond = self.condition(filter)?;
        let mut params: Vec<Value> = cond.params.clone();
        params.extend(cond.params.iter().cloned());
        let mut sql = format!(
            "SELECT x.actor, sum(x.src), sum(x.tgt), a.name, a.kind, a.country, a.org, sum(x.ev) FROM (
                 SELECT e.source_id AS actor, 1 AS src, 0 AS tgt, 1 AS ev FROM events e
                     WHERE e.source_id IS NOT NULL AND {c}
                 UNION ALL
                 -- An event with the actor on both sides counts once among its events.
                 SELECT e.target_id, 0, 1, e.target_id IS NOT e.source_id FROM events e
                     WHERE e.target_id IS NOT NULL AND {c}
             ) x JOIN actors a ON a.id = x.actor
             GROUP BY x.actor ORDER BY sum(x.ev) DESC, x.actor",
            c = cond.sql
        );
        if let Some(limit) = page.limit {
            sql.push_str(&format!(" LIMIT {limit} OFFSET {}", page.offset));
        } else if page.offset > 0 {
            sql.push_str(&format!(" LIMIT -1 OFFSET {}", page.offset));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out: Vec<ActorSummary> = stmt
            .query_map(params_from_iter(params.iter()), |r| {
                let (src, tgt, events): (i64, i64, i64) = (r.get(1)?, r.get(2)?, r.get(7)?);
                Ok(ActorSummary {
                    id: r.get(0)?,
                    name: r.get(3)?,
                    kind: r.get(4)?,
                    country: r.get(5)?,
                    org: r.get(6)?,
                    events: events as u64,
                    as_source: src as u64,
                    as_target: tgt as u64,
                    partners: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        if partners > 0 {
            for actor in &mut out {
                actor.partners = self.partners(&actor.id, filter, partners)?;
            }
        }
        Ok(out)
    }

    /// The actors `id` has most events with under `filter`, either way.
    pub fn partners(&self, id: &str, filter: &EventFilter, limit: usize) -> Result<Vec<Partner>> {
        let cond = self.condition(filter)?;
        let mut params: Vec<Value> = vec![Value::Text(id.to_string())];
        params.extend(cond.params.iter().cloned());
        params.push(Value::Text(id.to_string()));
        params.extend(cond.params.iter().cloned());
        let sql = format!(
            "SELECT x.partner, a.name, count(*), avg(x.g) FROM (
                 SELECT e.target_id AS partner, e.goldstein AS g FROM events e
                     WHERE e.source_id = ? AND e.target_id IS NOT NULL AND {c}
                 UNION ALL
                 SELECT e.source_id, e.goldstein FROM events e
                     WHERE e.target_id = ? AND e.source_id IS NOT NULL AND {c}
             ) x JOIN actors a ON a.id = x.partner
             GROUP BY x.partner ORDER BY count(*) DESC, x.partner LIMIT {limit}",
            c = cond.sql
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
            Ok(Partner {
                id: r.get(0)?,
                name: r.get(1)?,
                events: r.get::<_, i64>(2)? as u64,
                goldstein_mean: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One actor with its counts by type, monthly timeline and up to `partners` partners.
    pub fn actor(&self, id: &str, partners: usize) -> Result<ActorDetail> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT a.id, a.name, a.kind, a.country, a.org,
                        (SELECT count(*) FROM events WHERE source_id = a.id AND rep = 1),
                        (SELECT count(*) FROM events WHERE target_id = a.id AND rep = 1),
                        (SELECT count(*) FROM events WHERE (source_id = a.id OR target_id = a.id) AND rep = 1)
                 FROM actors a WHERE a.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(ActorSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    country: r.get(3)?,
                    org: r.get(4)?,
                    as_source: r.get::<_, i64>(5)? as u64,
                    as_target: r.get::<_, i64>(6)? as u64,
                    events: r.get::<_, i64>(7)? as u64,
                    partners: Vec::new(),
                })
            })
            .optional()?;
        let mut summary = row.ok_or_else(|| Error::not_found("actor", id))?;
        summary.partners = self.partners(id, &EventFilter::default(), partners)?;
        let id = summary.id.clone();
        let mut by_type = BTreeMap::new();
        let mut months: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(e.day, 1, 7), e.event_type, count(*) FROM events e
             WHERE (e.source_id = ?1 OR e.target_id = ?1) AND e.rep = 1 GROUP BY 1, 2",
        )?;
        let mut rows = stmt.query([&id])?;
        while let Some(r) = rows.next()? {
            let (month, kind, n): (Option<String>, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            *by_type.entry(kind.clone()).or_insert(0) += n as u64;
            if let Some(month) = month {
                *months.entry(month).or_default().entry(kind).or_insert(0) += n as u64;
            }
        }
        let timeline = months
            .into_iter()
            .map(|(month, by_type)| MonthCounts { month, by_type })
            .collect();
        Ok(ActorDetail {
            summary,
            by_type,
            timeline,
        })
    }

    /// Pairs of actors with their counts by type and monthly cooperation–conflict score under
    /// `filter`, busiest first.
    pub fn dyads(&self, filter: &EventFilter, options: DyadOptions) -> Result<Vec<Dyad>> {
        let cond = self.condition(filter)?;
        let (a, b) = if options.undirected {
            (
                "min(e.source_id, e.target_id)",
                "max(e.source_id, e.target_id)",
            )
        } else {
            ("e.source_id", "e.target_id")
        };
        let sql = format!(
            "SELECT {a}, {b}, e.event_type, substr(e.day, 1, 7), count(*), sum(e.goldstein),
                    count(e.goldstein)
             FROM events e WHERE e.source_id IS NOT NULL AND e.target_id IS NOT NULL AND {}
             GROUP BY 1, 2, 3, 4",
            cond.sql
        );
        struct Acc {
            events: u64,
            by_type: BTreeMap<String, u64>,
            sum: f64,
            scored: u64,
            months: BTreeMap<String, (u64, f64, u64)>,
        }
        let mut pairs: HashMap<(String, String), Acc> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(cond.params.iter()))?;
        while let Some(r) = rows.next()? {
            let key: (String, String) = (r.get(0)?, r.get(1)?);
            let kind: String = r.get(2)?;
            let month: Option<String> = r.get(3)?;
            let n = r.get::<_, i64>(4)? as u64;
            let sum: f64 = r.get::<_, Option<f64>>(5)?.unwrap_or(0.0);
            let scored = r.get::<_, i64>(6)? as u64;
            let acc = pairs.entry(key).or_insert_with(|| Acc {
                events: 0,
                by_type: BTreeMap::new(),
                sum: 0.0,
                scored: 0,
                months: BTreeMap::new(),
            });
            acc.events += n;
            *acc.by_type.entry(kind).or_insert(0) += n;
            acc.sum += sum;
            acc.scored += scored;
            if let Some(month) = month {
                let m = acc.months.entry(month).or_insert((0, 0.0, 0));
                m.0 += n;
                m.1 += sum;
                m.2 += scored;
            }
        }
        let mut list: Vec<((String, String), Acc)> = pairs.into_iter().collect();
        list.sort_by(|x, y| y.1.events.cmp(&x.1.events).then_with(|| x.0.cmp(&y.0)));
        if let Some(limit) = options.limit {
            list.truncate(limit);
        }
        let names = self.actor_names(list.iter().flat_map(|((s, t), _)| [s, t]))?;
        let actor_ref = |id: &String| ActorRef {
            id: id.clone(),
            name: names.get(id).cloned().unwrap_or_else(|| id.clone()),
        };
        let mean = |sum: f64, n: u64| if n > 0 { Some(sum / n as f64) } else { None };
        Ok(list
            .into_iter()
            .map(|((s, t), acc)| Dyad {
                source: actor_ref(&s),
                target: actor_ref(&t),
                events: acc.events,
                by_type: acc.by_type,
                goldstein_mean: mean(acc.sum, acc.scored),
                monthly: acc
                    .months
                    .into_iter()
                    .map(|(month, (events, sum, scored))| DyadMonth {
                        month,
                        events,
                        goldstein_sum: sum,
                        goldstein_mean: mean(sum, scored),
                    })
                    .collect(),
            })
            .collect())
    }

    fn actor_names<'a>(
        &self,
        ids: impl Iterator<Item = &'a String>,
    ) -> Result<HashMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM actors WHERE id = ?1")?;
        let mut out = HashMap::new();
        for id in ids {
            if !out.contains_key(id) {
                if let Some(name) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                    out.insert(id.clone(), name);
                }
            }
        }
        Ok(out)
    }

    /// Counts of what the store holds.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let mut by_type = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT event_type, count(*) FROM events WHERE rep = 1 GROUP BY 1")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            by_type.insert(r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64);
        }
        let (first_day, last_day) =
            self.conn
                .query_row("SELECT min(day), max(day) FROM events", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
        Ok(Stats {
            schema_version: self.schema_version()?,
            articles: count("SELECT count(*) FROM articles")?,
            events: count("SELECT count(*) FROM events WHERE rep = 1")?,
            reports: count("SELECT count(*) FROM events")?,
            duplicate_articles: count("SELECT count(DISTINCT article_id) FROM article_links")?,
            commitments: count("SELECT count(*) FROM commitments")?,
            actors: count(
                "SELECT count(*) FROM actors a WHERE EXISTS (SELECT 1 FROM events WHERE source_id = a.id)
                    OR EXISTS (SELECT 1 FROM events WHERE target_id = a.id)",
            )?,
            by_type,
            first_day,
            last_day,
        })
    }
}
