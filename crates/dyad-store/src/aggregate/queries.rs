//! The aggregate queries: actors, partners, an actor's detail, dyads and the store's stats.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::types::{Type, Value, ValueRef};
use rusqlite::{params_from_iter, OptionalExtension};

use super::totals::{count_in, ActorAcc, DyadAcc, Ids, Pair, PartnerAcc, Rows, Tally};
use super::types::{ActorDetail, ActorRef, ActorSummary, Dyad, DyadMonth, DyadOptions, MonthCounts, Partner, Stats};
use crate::error::{Error, Result};
use crate::filter::{Condition, EventFilter};
use crate::query::Page;
use crate::store::Store;

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
            self.actor_totals()?
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
        let mut out = self.actor_page(counted, page)?;
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

    /// Every actor's counts as a source, as a target and in all, from the per-actor totals.
    fn actor_totals(&self) -> Result<Vec<(String, ActorAcc)>> {
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
        Ok(out.collect::<Result<_, _>>()?)
    }

    /// One page of actors, counted and sorted, with their names, kinds, countries and bodies;
    /// an actor the store does not describe is left out.
    fn actor_page(&self, counted: Vec<(String, ActorAcc)>, page: Page) -> Result<Vec<ActorSummary>> {
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
        // Every month from the first to the last, those without events included: a time axis.
        let span = match (months.keys().next(), months.keys().next_back()) {
            (Some(first), Some(last)) => super::months_between(first, last),
            _ => Vec::new(),
        };
        let timeline = span
            .into_iter()
            .map(|month| MonthCounts { by_type: months.remove(&month).unwrap_or_default(), month })
            .collect();
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
        self.dyad_list(list)
    }

    /// The pairs counted, with their actors' names, as [`Dyad`]s.
    fn dyad_list(&self, list: Vec<(Pair, DyadAcc)>) -> Result<Vec<Dyad>> {
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

    pub(super) fn actor_names<'a>(&self, ids: impl Iterator<Item = &'a String>) -> Result<HashMap<String, String>> {
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
