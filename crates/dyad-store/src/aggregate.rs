//! Questions about many events at once: which actors act and with whom ([`Store::actors`],
//! [`Store::actor`]), how pairs of actors treat each other over time ([`Store::dyads`]), and
//! what the store holds ([`Store::stats`]).
//!
//! Answers are added up from *tallies*: the rows of the summaries the store keeps per pair of
//! actors and type (see [`crate::schema`]) when a filter names nothing finer than actors and
//! types, else the matching events themselves, read from indexes that cover them. A million
//! events make a few thousand summary rows, so the usual questions (no filter, an actor, a type)
//! never read the events.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::types::{Type, Value, ValueRef};
use rusqlite::{params_from_iter, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::filter::{Condition, EventFilter};
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

/// Events counted together by an aggregate: one event, or a row of a summary standing for
/// many, of one type between two actors (`""` for none) in one month (`""` when undated or not
/// known), with the sum of their Goldstein scores in tenths and how many have one.
struct Tally<'a> {
    source: &'a str,
    target: &'a str,
    event_type: &'a str,
    month: &'a str,
    events: u64,
    tenths: i64,
    scored: u64,
}

/// Small numbers for the actor ids an aggregate meets, so that adding up does not copy them.
#[derive(Default)]
struct Ids {
    numbers: HashMap<String, usize>,
    ids: Vec<String>,
}

impl Ids {
    fn number(&mut self, id: &str) -> usize {
        if let Some(&n) = self.numbers.get(id) {
            return n;
        }
        self.ids.push(id.to_string());
        self.numbers.insert(id.to_string(), self.ids.len() - 1);
        self.ids.len() - 1
    }
}

/// The entry of `key` in `map`, copying the key only when it is new.
fn count_in<'a, T: Default>(map: &'a mut BTreeMap<String, T>, key: &str) -> &'a mut T {
    if !map.contains_key(key) {
        map.insert(key.to_string(), T::default());
    }
    map.get_mut(key).expect("inserted")
}

/// Events, the sum of their Goldstein scores in tenths, and how many have one.
#[derive(Clone, Copy, Default)]
struct Score {
    events: u64,
    tenths: i64,
    scored: u64,
}

impl Score {
    fn add(&mut self, t: &Tally<'_>) {
        self.events += t.events;
        self.tenths += t.tenths;
        self.scored += t.scored;
    }

    /// The sum of the scores: exact, as the scale has one decimal.
    fn sum(&self) -> f64 {
        self.tenths as f64 / 10.0
    }

    fn mean(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.sum() / self.scored as f64)
    }
}

/// Where an aggregate reads the events it counts.
pub(crate) enum Rows {
    /// The summary per pair of actors and type, `pair_types e`, under a condition on actors and
    /// types (see [`Store::summary_condition`]); its rows have no month.
    Summary(Condition),
    /// The events themselves, `events e`, under the filter's condition.
    Events(Condition),
}

/// A pair of actor ids.
type Pair = (String, String);

/// What passed between a pair of actors, as it is added up.
#[derive(Default)]
struct DyadAcc {
    all: Score,
    by_type: BTreeMap<String, u64>,
    months: BTreeMap<String, Score>,
}

/// Counts of an actor as they are added up: as source, as target, in all.
#[derive(Default)]
struct ActorAcc {
    as_source: u64,
    as_target: u64,
    events: u64,
}

/// The partners of actors as they are added up: per actor and partner (numbered by an
/// [`Ids`]), their events either way.
#[derive(Default)]
struct PartnerAcc {
    pairs: HashMap<usize, HashMap<usize, Score>>,
}

impl PartnerAcc {
    /// Adds a tally between actors `a` and `b` to the partners of each (an event with one
    /// actor on both sides makes it its own partner twice).
    fn add(&mut self, a: usize, b: usize, t: &Tally<'_>) {
        self.add_to(a, b, t);
        self.add_to(b, a, t);
    }

    /// Adds a tally to the partners of `actor` alone.
    fn add_to(&mut self, actor: usize, partner: usize, t: &Tally<'_>) {
        self.pairs.entry(actor).or_default().entry(partner).or_default().add(t);
    }

    /// The `limit` main partners of `actor`: most events first, stored actors only.
    fn top(&self, ids: &Ids, store: &Store, actor: &str, limit: usize) -> Result<Vec<Partner>> {
        let Some(of) = ids.numbers.get(actor).and_then(|a| self.pairs.get(a)) else {
            return Ok(Vec::new());
        };
        let mut list: Vec<(&String, &Score)> = of.iter().map(|(p, score)| (&ids.ids[*p], score)).collect();
        list.sort_by(|(a, x), (b, y)| y.events.cmp(&x.events).then_with(|| a.cmp(b)));
        let mut names = store.conn.prepare_cached("SELECT name FROM actors WHERE id = ?1")?;
        let mut partners = Vec::new();
        for (id, score) in list {
            if partners.len() >= limit {
                break;
            }
            if let Some(name) = names.query_row([id], |r| r.get(0)).optional()? {
                partners.push(Partner { id: id.clone(), name, events: score.events, goldstein_mean: score.mean() });
            }
        }
        Ok(partners)
    }
}

impl Store {
    /// The summary when it can answer `filter`, else the events.
    pub(crate) fn rows(&self, filter: &EventFilter) -> Result<Rows> {
        Ok(match self.summary_condition(filter)? {
            Some(cond) => Rows::Summary(cond),
            None => Rows::Events(self.condition(filter)?),
        })
    }

    /// Calls `f` on each tally of `rows` that also meets `extra` (a condition over `e` with its
    /// parameters). Adding up happens here rather than in SQL: a `GROUP BY` sorts every row
    /// first, which costs more than reading them.
    fn for_each_tally(&self, rows: &Rows, extra: (&str, &[Value]), mut f: impl FnMut(&Tally<'_>)) -> Result<()> {
        let (columns, table, cond) = match rows {
            Rows::Summary(cond) => (
                "e.source_id, e.target_id, e.event_type, e.events, e.goldstein_tenths, e.goldstein_n",
                "pair_types",
                cond,
            ),
            Rows::Events(cond) => ("e.source_id, e.target_id, e.event_type, e.day, e.goldstein", "events", cond),
        };
        let sql = format!("SELECT {columns} FROM {table} e WHERE {} AND {}", extra.0, cond.sql);
        let params = extra.1.iter().chain(cond.params.iter());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out = stmt.query(params_from_iter(params))?;
        while let Some(r) = out.next()? {
            let text = |i: usize| -> rusqlite::Result<&str> {
                match r.get_ref(i)? {
                    ValueRef::Null => Ok(""),
                    value => value
                        .as_str()
                        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e))),
                }
            };
            let (source, target, event_type) = (text(0)?, text(1)?, text(2)?);
            let tally = match rows {
                Rows::Summary(_) => Tally {
                    source,
                    target,
                    event_type,
                    month: "",
                    events: r.get::<_, i64>(3)? as u64,
                    tenths: r.get(4)?,
                    scored: r.get::<_, i64>(5)? as u64,
                },
                Rows::Events(_) => {
                    let day = text(3)?;
                    let goldstein: Option<f64> = r.get(4)?;
                    Tally {
                        source,
                        target,
                        event_type,
                        month: day.get(..7).unwrap_or(day),
                        events: 1,
                        tenths: goldstein.map_or(0, |g| (g * 10.0).round() as i64),
                        scored: u64::from(goldstein.is_some()),
                    }
                }
            };
            f(&tally);
        }
        Ok(())
    }

    /// Actors with their event counts under `filter`, busiest first, each with up to
    /// `partners` main partners.
    ///
    /// Without a filter the counts are the per-actor totals; a filter on actors and types adds
    /// up the summary per pair of actors and type; any other filter counts the matching events.
    pub fn actors(&self, filter: &EventFilter, page: Page, partners: usize) -> Result<Vec<ActorSummary>> {
        let rows = self.rows(filter)?;
        self.actors_from(&rows, filter.is_empty(), page, partners)
    }

    /// [`Store::actors`] from `rows`, or from the per-actor totals when `everything` is asked
    /// for.
    pub(crate) fn actors_from(
        &self,
        rows: &Rows,
        everything: bool,
        page: Page,
        partners: usize,
    ) -> Result<Vec<ActorSummary>> {
        // Partners are added up in the same pass as the counts, or apart from the totals.
        let mut ids = Ids::default();
        let mut found = PartnerAcc::default();
        let mut counted: Vec<(String, ActorAcc)> = if everything {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT actor_id, as_source, as_target, events FROM actor_totals WHERE events > 0")?;
            let out = stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    ActorAcc {
                        as_source: r.get::<_, i64>(1)? as u64,
                        as_target: r.get::<_, i64>(2)? as u64,
                        events: r.get::<_, i64>(3)? as u64,
                    },
                ))
            })?;
            out.collect::<Result<_, _>>()?
        } else {
            let mut actors: Vec<ActorAcc> = Vec::new();
            let number = |id: &str, ids: &mut Ids, actors: &mut Vec<ActorAcc>| {
                let n = ids.number(id);
                if n == actors.len() {
                    actors.push(ActorAcc::default());
                }
                n
            };
            self.for_each_tally(rows, ("1", &[]), |t| {
                let s = (!t.source.is_empty()).then(|| number(t.source, &mut ids, &mut actors));
                let g = (!t.target.is_empty()).then(|| number(t.target, &mut ids, &mut actors));
                if let Some(s) = s {
                    actors[s].as_source += t.events;
                    actors[s].events += t.events;
                }
                if let Some(g) = g {
                    actors[g].as_target += t.events;
                    // An event with the actor on both sides counts once among its events.
                    if Some(g) != s {
                        actors[g].events += t.events;
                    }
                }
                if let (Some(s), Some(g), true) = (s, g, partners > 0) {
                    found.add(s, g, t);
                }
            })?;
            ids.ids.iter().cloned().zip(actors).collect()
        };
        counted.sort_by(|(a, x), (b, y)| y.events.cmp(&x.events).then_with(|| a.cmp(b)));
        let mut stmt = self.conn.prepare_cached("SELECT name, kind, country, org FROM actors WHERE id = ?1")?;
        let mut out: Vec<ActorSummary> = Vec::new();
        let mut skipped = 0;
        for (id, acc) in counted {
            if page.limit.is_some_and(|limit| out.len() >= limit) {
                break;
            }
            let Some(row) = stmt.query_row([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).optional()?
            else {
                continue;
            };
            if skipped < page.offset {
                skipped += 1;
                continue;
            }
            let (name, kind, country, org) = row;
            out.push(ActorSummary {
                id,
                name,
                kind,
                country,
                org,
                events: acc.events,
                as_source: acc.as_source,
                as_target: acc.as_target,
                partners: Vec::new(),
            });
        }
        if partners > 0 && !out.is_empty() {
            if everything {
                let listed: HashSet<&str> = out.iter().map(|a| a.id.as_str()).collect();
                self.for_each_tally(rows, ("1", &[]), |t| {
                    if t.source.is_empty() || t.target.is_empty() {
                        return;
                    }
                    for (a, b) in [(t.source, t.target), (t.target, t.source)] {
                        if listed.contains(a) {
                            found.add_to(ids.number(a), ids.number(b), t);
                        }
                    }
                })?;
            }
            for actor in &mut out {
                actor.partners = found.top(&ids, self, &actor.id, partners)?;
            }
        }
        Ok(out)
    }

    /// The actors `id` has most events with under `filter`, either way.
    pub fn partners(&self, id: &str, filter: &EventFilter, limit: usize) -> Result<Vec<Partner>> {
        self.partners_from(id, &self.rows(filter)?, limit)
    }

    /// [`Store::partners`] from `rows`.
    pub(crate) fn partners_from(&self, id: &str, rows: &Rows, limit: usize) -> Result<Vec<Partner>> {
        let key = Value::Text(id.to_string());
        let either = ("(e.source_id = ? OR e.target_id = ?)", &[key.clone(), key][..]);
        let (mut ids, mut found) = (Ids::default(), PartnerAcc::default());
        self.for_each_tally(rows, either, |t| {
            if t.source.is_empty() || t.target.is_empty() {
                return;
            }
            for (a, b) in [(t.source, t.target), (t.target, t.source)] {
                if a == id {
                    found.add_to(ids.number(a), ids.number(b), t);
                }
            }
        })?;
        found.top(&ids, self, id, limit)
    }

    /// One actor with its counts by type, monthly timeline and up to `partners` partners, from
    /// the summaries.
    pub fn actor(&self, id: &str, partners: usize) -> Result<ActorDetail> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT a.id, a.name, a.kind, a.country, a.org, coalesce(t.as_source, 0),
                        coalesce(t.as_target, 0), coalesce(t.events, 0)
                 FROM actors a LEFT JOIN actor_totals t ON t.actor_id = a.id WHERE a.id = ?1",
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
        let mut stmt = self
            .conn
            .prepare_cached("SELECT month, event_type, events FROM actor_months WHERE actor_id = ?1 AND events > 0")?;
        let mut rows = stmt.query([&id])?;
        while let Some(r) = rows.next()? {
            let (month, kind, n): (String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            *by_type.entry(kind.clone()).or_insert(0) += n as u64;
            // Undated events ('') count by type but have no month.
            if !month.is_empty() {
                *months.entry(month).or_default().entry(kind).or_insert(0) += n as u64;
            }
        }
        let timeline = months.into_iter().map(|(month, by_type)| MonthCounts { month, by_type }).collect();
        Ok(ActorDetail { summary, by_type, timeline })
    }

    /// Pairs of actors with their counts by type and monthly cooperation–conflict score under
    /// `filter`, busiest first.
    ///
    /// A filter on actors alone (or none) reads the summaries per pair of actors: by type for
    /// the counts, by month for the months of the pairs returned; any other filter reads the
    /// matching events.
    pub fn dyads(&self, filter: &EventFilter, options: DyadOptions) -> Result<Vec<Dyad>> {
        let rows = self.rows(filter)?;
        // The months of the summary have no types: with types, the months of the dyads
        // returned are read from their events.
        let months = match (&rows, filter.types.is_empty()) {
            (Rows::Summary(_), false) => Some(Rows::Events(self.condition(filter)?)),
            _ => None,
        };
        self.dyads_from(&rows, months.as_ref(), options)
    }

    /// [`Store::dyads`] from `rows`, with the months from `months` when given (else from the
    /// tallies, or the summary per pair and month).
    pub(crate) fn dyads_from(&self, rows: &Rows, months: Option<&Rows>, options: DyadOptions) -> Result<Vec<Dyad>> {
        let mut ids = Ids::default();
        fn ordered<'a>(t: &Tally<'a>, undirected: bool) -> (&'a str, &'a str) {
            if undirected && t.target < t.source {
                (t.target, t.source)
            } else {
                (t.source, t.target)
            }
        }
        let mut pairs: HashMap<(usize, usize), DyadAcc> = HashMap::new();
        self.for_each_tally(rows, ("1", &[]), |t| {
            if t.source.is_empty() || t.target.is_empty() {
                return;
            }
            let (a, b) = ordered(t, options.undirected);
            let acc = pairs.entry((ids.number(a), ids.number(b))).or_default();
            acc.all.add(t);
            *count_in(&mut acc.by_type, t.event_type) += t.events;
            if months.is_none() && !t.month.is_empty() {
                count_in(&mut acc.months, t.month).add(t);
            }
        })?;
        let mut list: Vec<((usize, usize), DyadAcc)> = pairs.into_iter().collect();
        let id = |n: usize| &ids.ids[n];
        list.sort_by(|(x, a), (y, b)| {
            (b.all.events.cmp(&a.all.events)).then_with(|| (id(x.0), id(x.1)).cmp(&(id(y.0), id(y.1))))
        });
        if let Some(limit) = options.limit {
            list.truncate(limit);
        }
        match (rows, months) {
            (_, Some(events)) => {
                let listed: HashMap<(usize, usize), usize> =
                    list.iter().enumerate().map(|(i, (key, _))| (*key, i)).collect();
                self.for_each_tally(events, ("1", &[]), |t| {
                    let (a, b) = ordered(t, options.undirected);
                    let key = (ids.numbers.get(a), ids.numbers.get(b));
                    if let (Some(&a), Some(&b), false) = (key.0, key.1, t.month.is_empty()) {
                        if let Some(&i) = listed.get(&(a, b)) {
                            count_in(&mut list[i].1.months, t.month).add(t);
                        }
                    }
                })?;
            }
            (Rows::Summary(cond), None) => {
                for ((s, t), acc) in &mut list {
                    let (s, t) = (&ids.ids[*s], &ids.ids[*t]);
                    self.add_months(s, t, cond, acc)?;
                    if options.undirected && s != t {
                        self.add_months(t, s, cond, acc)?;
                    }
                }
            }
            (Rows::Events(_), None) => {}
        }
        let list: Vec<(Pair, DyadAcc)> =
            list.into_iter().map(|((a, b), acc)| ((ids.ids[a].clone(), ids.ids[b].clone()), acc)).collect();
        let names = self.actor_names(list.iter().flat_map(|((s, t), _)| [s, t]))?;
        let actor_ref =
            |id: &String| ActorRef { id: id.clone(), name: names.get(id).cloned().unwrap_or_else(|| id.clone()) };
        Ok(list
            .into_iter()
            .map(|((s, t), acc)| Dyad {
                source: actor_ref(&s),
                target: actor_ref(&t),
                events: acc.all.events,
                by_type: acc.by_type,
                goldstein_mean: acc.all.mean(),
                monthly: acc
                    .months
                    .into_iter()
                    .map(|(month, m)| DyadMonth {
                        month,
                        events: m.events,
                        goldstein_sum: m.sum(),
                        goldstein_mean: m.mean(),
                    })
                    .collect(),
            })
            .collect())
    }

    /// Adds the months of the events from `source` to `target` under `cond` (a condition on
    /// actors), from the summary per pair of actors and month.
    fn add_months(&self, source: &str, target: &str, cond: &Condition, acc: &mut DyadAcc) -> Result<()> {
        let sql = format!(
            "SELECT e.month, e.events, e.goldstein_tenths, e.goldstein_n FROM pair_months e
             WHERE e.source_id = ? AND e.target_id = ? AND e.month <> '' AND {}",
            cond.sql
        );
        let pair = [Value::Text(source.into()), Value::Text(target.into())];
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(pair.iter().chain(cond.params.iter())))?;
        while let Some(r) = rows.next()? {
            let month = r
                .get_ref(0)?
                .as_str()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?;
            let m = count_in(&mut acc.months, month);
            m.events += r.get::<_, i64>(1)? as u64;
            m.tenths += r.get::<_, i64>(2)?;
            m.scored += r.get::<_, i64>(3)? as u64;
        }
        Ok(())
    }

    fn actor_names<'a>(&self, ids: impl Iterator<Item = &'a String>) -> Result<HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached("SELECT name FROM actors WHERE id = ?1")?;
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

    /// Counts of what the store holds, from the summaries and indexes.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        let (mut events, mut reports) = (0, 0);
        let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached("SELECT event_type, events, reports FROM pair_types")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let n = r.get::<_, i64>(1)? as u64;
            events += n;
            reports += r.get::<_, i64>(2)? as u64;
            if n > 0 {
                *by_type.entry(r.get(0)?).or_insert(0) += n;
            }
        }
        // Apart, so that each is one step down the day index.
        let (first_day, last_day) =
            self.conn.query_row("SELECT (SELECT min(day) FROM events), (SELECT max(day) FROM events)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok(Stats {
            schema_version: self.schema_version()?,
            articles: count("SELECT count(*) FROM articles")?,
            events,
            reports,
            duplicate_articles: count("SELECT count(DISTINCT article_id) FROM article_links")?,
            commitments: count("SELECT count(*) FROM commitments")?,
            actors: count(
                "SELECT count(*) FROM actor_totals t WHERE EXISTS (SELECT 1 FROM actors a WHERE a.id = t.actor_id)",
            )?,
            by_type,
            first_day,
            last_day,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MergeInfo;
    use dyad_core::{Actor, ActorKind, Article, CharSpan, Event};
    use serde_json::Value as Json;

    /// Deterministic pseudo-random numbers (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    const IDS: [&str; 5] = ["VNM", "LAO", "USA", "CHN", "UN"];
    /// Types with CAMEO codes, one of them without a Goldstein score.
    const TYPES: [(&str, &str); 5] =
        [("AGREE", "057"), ("CONSULT", "040"), ("ACCUSE", "112"), ("ASSAULT", "190"), ("REQUEST", "99")];

    fn actor(id: &str) -> Actor {
        Actor {
            id: id.into(),
            name: format!("Name of {id}"),
            kind: ActorKind::State,
            country: Some(id.into()),
            org: None,
            sector: None,
            cameo: id.into(),
            person: None,
            role: None,
            text: id.into(),
            aliases: vec![],
            how: None,
        }
    }

    /// An article with up to four events: some without a target, with one actor on both
    /// sides, without a score, undated, or dated by year or month.
    fn article(rng: &mut Rng, id: &str) -> (Article, Vec<Event>) {
        let published = match rng.below(6) {
            0 => None,
            n => Some(format!("2024-0{n}-1{n}")),
        };
        let article = Article { id: id.into(), url: None, published, title: None, text: "x".repeat(400) };
        let events = (0..rng.below(5))
            .map(|i| {
                let source = IDS[rng.below(IDS.len())];
                let target = match rng.below(8) {
                    0 => None,
                    1 => Some(source),
                    _ => Some(IDS[rng.below(IDS.len())]),
                };
                let (event_type, cameo) = TYPES[rng.below(TYPES.len())];
                let date = match rng.below(5) {
                    0 => None,
                    1 => Some("2023".to_string()),
                    2 => Some(format!("2023-1{}", rng.below(3))),
                    n => Some(format!("2023-0{}-2{n}", 1 + rng.below(9))),
                };
                Event {
                    article_id: id.into(),
                    event_type: event_type.into(),
                    mode: None,
                    contexts: match rng.below(3) {
                        0 => vec!["military".into()],
                        _ => vec![],
                    },
                    cameo: cameo.into(),
                    source: Some(actor(source)),
                    target: target.map(actor),
                    date,
                    date_precision: None,
                    period: None,
                    location: None,
                    commitment: None,
                    confidence: 0.5 + rng.below(5) as f32 / 10.0,
                    sentence: "x".repeat(10),
                    span: CharSpan { start: i * 50, end: i * 50 + 10 },
                    trigger: CharSpan { start: i * 50, end: i * 50 + 1 },
                    trigger_text: "x".into(),
                    rule: String::new(),
                }
            })
            .collect();
        (article, events)
    }

    /// Stores `n` articles `{prefix}{i}` in one batch, about half of their events as further
    /// reports of a few shared merged events (so representatives change hands).
    fn put_articles(store: &mut Store, rng: &mut Rng, prefix: &str, n: usize) {
        let batch = store.batch().unwrap();
        for i in 0..n {
            let (article, events) = article(rng, &format!("{prefix}{i}"));
            let merges: Vec<MergeInfo> = events
                .iter()
                .map(|_| MergeInfo {
                    merged_id: match rng.below(2) {
                        0 => format!("m{}", rng.below(6)),
                        _ => format!("own-{prefix}{i}-{}", rng.below(1000)),
                    },
                    reason: None,
                })
                .collect();
            batch.put_merged(&article, &events, &merges, &[]).unwrap();
        }
        batch.commit().unwrap();
    }

    /// Numbers equal up to rounding, everything else exactly.
    fn same(a: &Json, b: &Json) -> bool {
        match (a, b) {
            (Json::Number(x), Json::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                (x - y).abs() <= 1e-9 * x.abs().max(1.0)
            }
            (Json::Array(x), Json::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
            (Json::Object(x), Json::Object(y)) => {
                x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
            }
            _ => a == b,
        }
    }

    fn assert_same<T: Serialize>(summarised: &T, counted: &T, what: &str) {
        let (a, b) = (serde_json::json!(summarised), serde_json::json!(counted));
        assert!(same(&a, &b), "{what}:\nfrom the summaries {a}\ncounted {b}");
    }

    fn day(s: &str) -> Option<chrono::NaiveDate> {
        Some(s.parse().unwrap())
    }

    fn filters() -> Vec<EventFilter> {
        let f = EventFilter::default;
        vec![
            f(),
            EventFilter { types: vec!["AGREE".into()], ..f() },
            EventFilter { types: vec!["ACCUSE".into(), "REQUEST".into()], ..f() },
            EventFilter { actor: Some("usa".into()), ..f() },
            EventFilter { actor: Some("Name of VNM".into()), types: vec!["AGREE".into(), "CONSULT".into()], ..f() },
            EventFilter { source: Some("CHN".into()), ..f() },
            EventFilter { source: Some("LAO".into()), target: Some("VNM".into()), ..f() },
            EventFilter { target: Some("UN".into()), types: vec!["ASSAULT".into()], ..f() },
            EventFilter { actor: Some("nobody".into()), ..f() },
            // Read from the events.
            EventFilter { since: day("2023-06-01"), ..f() },
            EventFilter { since: day("2023-01-01"), until: day("2023-10-31"), types: vec!["AGREE".into()], ..f() },
            EventFilter { actor: Some("LAO".into()), until: day("2024-02-29"), ..f() },
            EventFilter { contexts: vec!["military".into()], ..f() },
            EventFilter { article: Some("a7".into()), ..f() },
        ]
    }

    /// The answers as schema version 2 computed them, in SQL over the events: what the
    /// answers must stay.
    struct V2<'a>(&'a Store);

    impl V2<'_> {
        fn actors(&self, filter: &EventFilter, page: Page, partners: usize) -> Result<Vec<ActorSummary>> {
            let cond = self.0.condition(filter)?;
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
            let mut stmt = self.0.conn.prepare_cached(&sql)?;
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
        fn partners(&self, id: &str, filter: &EventFilter, limit: usize) -> Result<Vec<Partner>> {
            let cond = self.0.condition(filter)?;
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
            let mut stmt = self.0.conn.prepare_cached(&sql)?;
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

        fn dyads(&self, filter: &EventFilter, options: DyadOptions) -> Result<Vec<Dyad>> {
            let cond = self.0.condition(filter)?;
            let (a, b) = if options.undirected {
                ("min(e.source_id, e.target_id)", "max(e.source_id, e.target_id)")
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
            let mut stmt = self.0.conn.prepare_cached(&sql)?;
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
            let names = self.0.actor_names(list.iter().flat_map(|((s, t), _)| [s, t]))?;
            let actor_ref =
                |id: &String| ActorRef { id: id.clone(), name: names.get(id).cloned().unwrap_or_else(|| id.clone()) };
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
    }

    /// What every answer must equal, whether it comes from the summaries or the events: the
    /// answer of schema version 2 (and the summaries, a recount of the events).
    fn assert_answers_as_version_2(store: &Store) {
        assert_eq!(store.summary_differences().unwrap(), Vec::<String>::new());
        let v2 = V2(store);
        for filter in filters() {
            let events = Rows::Events(store.condition(&filter).unwrap());
            let what = format!("{filter:?}");
            for page in [Page::ALL, Page { limit: Some(2), offset: 1 }] {
                let want = v2.actors(&filter, page, 3).unwrap();
                let what = format!("actors {what} {page:?}");
                assert_same(&store.actors(&filter, page, 3).unwrap(), &want, &what);
                assert_same(&store.actors_from(&events, false, page, 3).unwrap(), &want, &what);
            }
            for id in IDS {
                let want = v2.partners(id, &filter, 10).unwrap();
                let what = format!("partners of {id} {what}");
                assert_same(&store.partners(id, &filter, 10).unwrap(), &want, &what);
                assert_same(&store.partners_from(id, &events, 10).unwrap(), &want, &what);
            }
            for undirected in [false, true] {
                for limit in [None, Some(3)] {
                    let options = DyadOptions { undirected, limit };
                    let want = v2.dyads(&filter, options).unwrap();
                    let what = format!("dyads {what} {options:?}");
                    assert_same(&store.dyads(&filter, options).unwrap(), &want, &what);
                    assert_same(&store.dyads_from(&events, None, options).unwrap(), &want, &what);
                }
            }
            let Rows::Events(cond) = &events else { unreachable!() };
            let counted: i64 = store
                .conn
                .query_row(
                    &format!("SELECT count(*) FROM events e WHERE {}", cond.sql),
                    params_from_iter(cond.params.iter()),
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(store.count_events(&filter).unwrap(), counted as u64, "{what}");
        }
        for id in IDS {
            let Ok(detail) = store.actor(id, 10) else {
                continue;
            };
            let everything = Rows::Events(store.condition(&EventFilter::default()).unwrap());
            let count = |sql: &str| -> u64 { store.conn.query_row(sql, [id], |r| r.get::<_, i64>(0)).unwrap() as u64 };
            let s = &detail.summary;
            assert_eq!(
                (s.as_source, s.as_target, s.events),
                (
                    count("SELECT count(*) FROM events WHERE source_id = ?1 AND rep = 1"),
                    count("SELECT count(*) FROM events WHERE target_id = ?1 AND rep = 1"),
                    count("SELECT count(*) FROM events WHERE (source_id = ?1 OR target_id = ?1) AND rep = 1"),
                ),
                "{id}"
            );
            assert_same(&s.partners, &store.partners_from(id, &everything, 10).unwrap(), id);
            let mut stmt = store
                .conn
                .prepare(
                    "SELECT substr(e.day, 1, 7), e.event_type, count(*) FROM events e
                     WHERE (e.source_id = ?1 OR e.target_id = ?1) AND e.rep = 1 GROUP BY 1, 2",
                )
                .unwrap();
            let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
            let mut months: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
            let rows = stmt
                .query_map([id], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))
                .unwrap();
            for row in rows {
                let (month, kind, n) = row.unwrap();
                *by_type.entry(kind.clone()).or_default() += n as u64;
                if let Some(month) = month {
                    *months.entry(month).or_default().entry(kind).or_default() += n as u64;
                }
            }
            assert_eq!(detail.by_type, by_type, "{id}");
            let timeline: Vec<(String, BTreeMap<String, u64>)> =
                detail.timeline.into_iter().map(|m| (m.month, m.by_type)).collect();
            assert_eq!(timeline, months.into_iter().collect::<Vec<_>>(), "{id}");
        }
        let stats = store.stats().unwrap();
        let count = |sql: &str| -> u64 { store.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as u64 };
        assert_eq!(stats.events, count("SELECT count(*) FROM events WHERE rep = 1"));
        assert_eq!(stats.reports, count("SELECT count(*) FROM events"));
        assert_eq!(
            stats.actors,
            count(
                "SELECT count(*) FROM actors a WHERE EXISTS (SELECT 1 FROM events WHERE source_id = a.id)
                    OR EXISTS (SELECT 1 FROM events WHERE target_id = a.id)"
            )
        );
        let mut stmt = store.conn.prepare("SELECT event_type, count(*) FROM events WHERE rep = 1 GROUP BY 1").unwrap();
        let by_type: BTreeMap<String, u64> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(stats.by_type, by_type);
        let days: (Option<String>, Option<String>) =
            store.conn.query_row("SELECT min(day), max(day) FROM events", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!((stats.first_day, stats.last_day), days);
    }

    #[test]
    fn summaries_equal_a_recount_after_ingest_reingest_and_deletion() {
        let mut rng = Rng(0x5eed);
        let mut store = Store::open_in_memory().unwrap();
        put_articles(&mut store, &mut rng, "a", 60);
        assert!(store.stats().unwrap().reports > store.stats().unwrap().events);
        assert_answers_as_version_2(&store);

        // Re-ingest: the same ids with other events (representatives change, reports go).
        put_articles(&mut store, &mut rng, "a", 30);
        assert_answers_as_version_2(&store);

        // Deletion: articles re-ingested without events, and articles deleted outright (their
        // rows cascade); then actors left without events are pruned.
        let batch = store.batch().unwrap();
        for i in 30..40 {
            let (article, _) = article(&mut rng, &format!("a{i}"));
            batch.put(&article, &[]).unwrap();
        }
        batch.commit().unwrap();
        store.conn.execute("DELETE FROM articles WHERE id IN ('a40', 'a41', 'a42', 'a50')", []).unwrap();
        store.prune_actors().unwrap();
        assert_answers_as_version_2(&store);

        // Everything gone: nothing summarised.
        store.conn.execute("DELETE FROM articles", []).unwrap();
        assert_answers_as_version_2(&store);
        let empty: i64 = store
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM pair_types) + (SELECT count(*) FROM pair_months)
                      + (SELECT count(*) FROM actor_totals) + (SELECT count(*) FROM actor_months)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(empty, 0);
    }

    #[test]
    fn a_rolled_back_batch_leaves_the_summaries_as_they_were() {
        let mut rng = Rng(42);
        let mut store = Store::open_in_memory().unwrap();
        put_articles(&mut store, &mut rng, "a", 20);
        let before = store.stats().unwrap();
        {
            let batch = store.batch().unwrap();
            let (article, events) = article(&mut rng, "a3");
            batch.put(&article, &events).unwrap();
            // Dropped without a commit.
        }
        assert_eq!(store.stats().unwrap(), before);
        assert_answers_as_version_2(&store);
    }

    #[test]
    fn migrating_a_version_2_store_fills_the_summaries() {
        let mut rng = Rng(7);
        let mut store = Store::open_in_memory().unwrap();
        put_articles(&mut store, &mut rng, "a", 40);
        let before = store.stats().unwrap();
        // Back to the version 2 schema with the same rows.
        store
            .conn
            .execute_batch(
                "DROP TRIGGER events_summaries_insert; DROP TRIGGER events_summaries_delete;
                 DROP TRIGGER events_summaries_update;
                 DROP TABLE pair_types; DROP TABLE pair_months; DROP TABLE actor_totals;
                 DROP TABLE actor_months; UPDATE schema_version SET version = 2;",
            )
            .unwrap();
        crate::schema::migrate(&mut store.conn).unwrap();
        assert_eq!(store.schema_version().unwrap(), crate::schema::SCHEMA_VERSION);
        assert_eq!(store.stats().unwrap(), before);
        assert_answers_as_version_2(&store);
        put_articles(&mut store, &mut rng, "a", 20);
        assert_answers_as_version_2(&store);
    }
}
