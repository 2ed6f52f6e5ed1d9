//! Reading events and articles back: filtered pages of events, one event, one article with the
//! coding of each of its events.

use dyad_core::{Article, CharSpan, Event};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::filter::{Condition, EventFilter};
use crate::store::Store;

/// An event as stored: the coded [`Event`] with the store's id and its Goldstein score.
///
/// It serialises as the event's own JSON (the `dyad code` contract) with `id` and `goldstein`
/// added.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredEvent {
    /// The store's id of the event (it changes when its article is re-ingested).
    pub id: i64,
    /// The Goldstein score of the event's CAMEO code, when known.
    pub goldstein: Option<f64>,
    /// The day the store sorts and filters the event by (`YYYY-MM-DD`): the first day of its
    /// `date` (2023-01-01 for the year-only date `2023`), or of its article's publication date
    /// when the event has none. Not a date of the event: `date` is that.
    pub day: Option<String>,
    /// The publication date of the article the event was coded from, as the article gives it.
    pub published: Option<String>,
    /// The event as coded (for a merged event, its representative report).
    #[serde(flatten)]
    pub event: Event,
    /// The id of the merged event this report belongs to.
    pub merged_id: Option<String>,
    /// Every report of the merged event, in the order stored.
    pub sources: Vec<EventSource>,
    /// How many distinct articles reported the event (an article whose headline and body both
    /// report it counts once; `sources` lists both reports).
    pub source_count: usize,
    /// Why each source after the first was merged: `"{article_id}: {reason}"`.
    pub reasons: Vec<String>,
}

/// One report of a merged event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventSource {
    /// The report's event id in the store.
    pub event_id: i64,
    /// The article it was read in.
    pub article_id: String,
    /// The sentence as written.
    pub sentence: String,
    /// The sentence's span in that article, in code points.
    pub span: CharSpan,
    /// Why it was merged with the earlier reports (none for the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Which part of a result to return.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// At most this many items (`None`: all).
    pub limit: Option<usize>,
    /// Skip this many first.
    pub offset: usize,
}

impl Page {
    /// Everything.
    pub const ALL: Page = Page { limit: None, offset: 0 };

    /// The first `limit` items.
    pub fn first(limit: usize) -> Page {
        Page { limit: Some(limit), offset: 0 }
    }

    fn sql(&self) -> String {
        match self.limit {
            Some(l) => format!(" LIMIT {l} OFFSET {}", self.offset),
            None if self.offset > 0 => format!(" LIMIT -1 OFFSET {}", self.offset),
            None => String::new(),
        }
    }
}

/// An article with its events, for the article view.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleView {
    /// The article as stored, with its full text.
    pub article: Article,
    /// When it was stored (RFC 3339).
    pub ingested_at: String,
    /// Its events in the order they were coded.
    pub events: Vec<StoredEvent>,
}

impl Store {
    /// Resolves an actor id or name (case-insensitive) into the ids it may mean.
    pub fn resolve_actor(&self, id_or_name: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM actors WHERE id = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE ORDER BY id",
        )?;
        let ids = stmt.query_map([id_or_name.trim()], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Resolves an actor id or name into the ids it may mean and the ids of their sub-bodies:
    /// the bodies whose `org` is one of them, the national bodies (any kind but a state) whose
    /// `country` is one of them, the international bodies whose CAMEO code extends theirs
    /// (`IGOUNODEV`, UNDP, under `IGOUNO`, the UN: the coder does not give every body its
    /// `org`), and their sub-bodies in turn.
    pub fn resolve_family(&self, id_or_name: &str) -> Result<Vec<String>> {
        let mut ids: std::collections::BTreeSet<String> = self.resolve_actor(id_or_name)?.into_iter().collect();
        if ids.is_empty() {
            // A parent with no events of its own (a state whose bodies alone act) is named by id.
            ids.insert(id_or_name.trim().to_uppercase());
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM actors WHERE org = ?1 OR (country = ?1 AND kind <> 'state') ORDER BY id")?;
        // Each international body with the CAMEO code of one of its mentions.
        let igo: Vec<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT a.id, (SELECT m.cameo FROM actor_mentions m WHERE m.actor_id = a.id LIMIT 1)
                 FROM actors a WHERE a.kind = 'igo'",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())))?
            .collect::<Result<_, _>>()?;
        let mut todo: Vec<String> = ids.iter().cloned().collect();
        while let Some(parent) = todo.pop() {
            let mut children: Vec<String> = stmt.query_map([&parent], |r| r.get(0))?.collect::<Result<_, _>>()?;
            if let Some((_, code)) = igo.iter().find(|(id, code)| *id == parent && code.len() >= 6) {
                children.extend(
                    igo.iter().filter(|(_, c)| c.len() > code.len() && c.starts_with(code)).map(|(id, _)| id.clone()),
                );
            }
            for child in children {
                if ids.insert(child.clone()) {
                    todo.push(child);
                }
            }
        }
        Ok(ids.into_iter().collect())
    }

    /// The ids an actor named in `filter` stands for: with its sub-bodies when the filter asks.
    pub(crate) fn resolve_in(&self, filter_family: bool, id_or_name: &str) -> Result<Vec<String>> {
        if filter_family {
            self.resolve_family(id_or_name)
        } else {
            self.resolve_actor(id_or_name)
        }
    }

    pub(crate) fn condition(&self, filter: &EventFilter) -> Result<Condition> {
        filter.condition(&|s| self.resolve_in(filter.family, s), &|p| self.resolve_person(p))
    }

    /// The condition over the summary `pair_types e` when it can answer `filter` (see
    /// [`EventFilter::is_summarised`]): only pairs and types with events.
    pub(crate) fn summary_condition(&self, filter: &EventFilter) -> Result<Option<Condition>> {
        if !filter.is_summarised() {
            return Ok(None);
        }
        let cond = filter.actor_and_type_condition(&|s| self.resolve_in(filter.family, s))?;
        Ok(Some(Condition { sql: format!("e.events > 0 AND {}", cond.sql), params: cond.params }))
    }

    /// A page of the events that match `filter`, latest first (by event date, then id).
    pub fn events(&self, filter: &EventFilter, page: Page) -> Result<Vec<StoredEvent>> {
        let mut out = Vec::new();
        self.for_each_event(filter, page, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `f` on each matching event in turn, latest first, without holding them all.
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        page: Page,
        mut f: impl FnMut(StoredEvent) -> Result<()>,
    ) -> Result<()> {
        let (sql, params) = self.events_sql(filter, page)?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        while let Some(row) = rows.next()? {
            let mut e = stored_event(row.get(0)?, row.get(1)?, row.get(2)?, &row.get::<_, String>(3)?, row.get(4)?)?;
            self.attach_sources(&mut e)?;
            f(e)?;
        }
        Ok(())
    }

    /// Fills in the merged event's id, sources and reasons.
    fn attach_sources(&self, e: &mut StoredEvent) -> Result<()> {
        let merged: Option<String> = self
            .conn
            .prepare_cached("SELECT merged_id FROM event_sources WHERE event_id = ?1")?
            .query_row([e.id], |r| r.get(0))
            .optional()?;
        let Some(merged) = merged else {
            // Not merged (should not happen): the event is its own only source.
            e.sources = vec![EventSource {
                event_id: e.id,
                article_id: e.event.article_id.clone(),
                sentence: e.event.sentence.clone(),
                span: e.event.span,
                reason: None,
            }];
            e.source_count = 1;
            return Ok(());
        };
        let (_, articles) = self.report_counts(&merged)?;
        let sources = self.sources_of(&merged, Page { limit: self.source_limit, offset: 0 })?;
        e.reasons =
            sources.iter().filter_map(|s| s.reason.as_ref().map(|r| format!("{}: {r}", s.article_id))).collect();
        e.source_count = articles;
        e.sources = sources;
        e.merged_id = Some(merged);
        Ok(())
    }

    /// How many reports a merged event has, and how many distinct articles they come from (an
    /// article whose headline and body both report it counts once).
    fn report_counts(&self, merged: &str) -> Result<(usize, usize)> {
        let (reports, articles): (i64, i64) = self
            .conn
            .prepare_cached("SELECT count(*), count(DISTINCT article_id) FROM event_sources WHERE merged_id = ?1")?
            .query_row([merged], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((reports as usize, articles as usize))
    }

    /// A page of the reports of a merged event, in the order stored.
    fn sources_of(&self, merged: &str, page: Page) -> Result<Vec<EventSource>> {
        let sql = format!(
            "SELECT event_id, article_id, sentence, span_start, span_end, reason FROM event_sources
             WHERE merged_id = ?1 ORDER BY event_id{}",
            page.sql()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let sources = stmt
            .query_map([merged], |r| {
                Ok(EventSource {
                    event_id: r.get(0)?,
                    article_id: r.get(1)?,
                    sentence: r.get(2)?,
                    span: CharSpan { start: r.get::<_, i64>(3)? as usize, end: r.get::<_, i64>(4)? as usize },
                    reason: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(sources)
    }

    /// A page of the sources of the merged event that event `id` belongs to, with how many
    /// there are in all.
    pub fn event_sources(&self, id: i64, page: Page) -> Result<(Vec<EventSource>, usize)> {
        let mut e = self.event(id)?;
        match e.merged_id.take() {
            Some(merged) => Ok((self.sources_of(&merged, page)?, self.report_counts(&merged)?.0)),
            None => {
                let all = std::mem::take(&mut e.sources);
                let total = all.len();
                let offset = page.offset.min(total);
                let end = page.limit.map_or(total, |l| offset.saturating_add(l).min(total));
                Ok((all[offset..end].to_vec(), total))
            }
        }
    }

    /// Calls `f` on each of the latest `limit` stored articles, oldest first, with its events
    /// (in coding order) and the merged id of each.
    pub fn for_each_recent_article(
        &self,
        limit: usize,
        mut f: impl FnMut(&Article, &[Event], &[String]),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT id, url, published, title, text FROM
                 (SELECT rowid, id, url, published, title, text FROM articles ORDER BY rowid DESC LIMIT ?1)
             ORDER BY rowid",
        )?;
        let mut rows = stmt.query([limit as i64])?;
        let mut events_stmt = self.conn.prepare_cached(
            "SELECT d.json, s.merged_id FROM events e JOIN event_docs d ON d.event_id = e.id
             LEFT JOIN event_sources s ON s.event_id = e.id
             WHERE e.article_id = ?1 ORDER BY e.seq",
        )?;
        while let Some(r) = rows.next()? {
            let article =
                Article { id: r.get(0)?, url: r.get(1)?, published: r.get(2)?, title: r.get(3)?, text: r.get(4)? };
            let mut events = Vec::new();
            let mut merged = Vec::new();
            let mut ev = events_stmt.query([&article.id])?;
            while let Some(row) = ev.next()? {
                let json: String = row.get(0)?;
                events.push(serde_json::from_str::<Event>(&json)?);
                merged.push(row.get::<_, Option<String>>(1)?.unwrap_or_default());
            }
            f(&article, &events, &merged);
        }
        Ok(())
    }

    /// How many reports of events the store holds (one per event coded in an article), and how
    /// many events they are once the reports of one real-world event are merged (what
    /// `dyad events` lists: one row per merged event).
    pub fn event_counts(&self) -> Result<(u64, u64)> {
        let (reports, events): (i64, i64) =
            self.conn
                .query_row("SELECT count(*), coalesce(sum(rep), 0) FROM events", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((reports as u64, events as u64))
    }

    /// The latest day an event of the store covers.
    pub fn latest_day(&self) -> Result<Option<chrono::NaiveDate>> {
        let day: Option<String> = self.conn.query_row("SELECT max(day_end) FROM events", [], |r| r.get(0))?;
        Ok(day.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
    }

    /// The query of a page of events.
    ///
    /// A page of one actor's events on either side is the latest of two ordered index walks
    /// (as source, as target), each stopped after the page: an `OR` of the two sides would
    /// collect and sort every event of a busy actor first.
    fn events_sql(&self, filter: &EventFilter, page: Page) -> Result<(String, Vec<Value>)> {
        const COLUMNS: &str =
            "SELECT e.id, e.goldstein, e.day, d.json, (SELECT a.published FROM articles a WHERE a.id = e.article_id)
             FROM events e JOIN event_docs d ON d.event_id = e.id";
        const ORDER: &str = "ORDER BY e.day DESC, e.id DESC";
        if let (Some(actor), Some(limit)) = (&filter.actor, page.limit) {
            let ids = self.resolve_in(filter.family, actor)?;
            let others = filter.partner.as_deref().map(|p| self.resolve_in(filter.family, p)).transpose()?;
            if !ids.is_empty() && others.as_ref().is_none_or(|o| !o.is_empty()) {
                let rest = self.condition(&EventFilter { actor: None, partner: None, ..filter.clone() })?;
                let marks = |ids: &[String]| vec!["?"; ids.len()].join(", ");
                let texts = |ids: &[String]| ids.iter().map(|id| Value::Text(id.clone())).collect::<Vec<_>>();
                // One walk per side: as source and as target (toward the partner, when given).
                let sides: Vec<(String, Vec<Value>)> = match &others {
                    None => vec![
                        (format!("e.source_id IN ({})", marks(&ids)), texts(&ids)),
                        (format!("e.target_id IN ({})", marks(&ids)), texts(&ids)),
                    ],
                    Some(others) => vec![
                        (
                            format!("e.source_id IN ({}) AND e.target_id IN ({})", marks(&ids), marks(others)),
                            [texts(&ids), texts(others)].concat(),
                        ),
                        (
                            format!("e.source_id IN ({}) AND e.target_id IN ({})", marks(others), marks(&ids)),
                            [texts(others), texts(&ids)].concat(),
                        ),
                    ],
                };
                let walk = |side: &str| {
                    format!(
                        "SELECT id FROM (SELECT e.id FROM events e WHERE {side} AND {} {ORDER} LIMIT {})",
                        rest.sql,
                        limit + page.offset
                    )
                };
                let sql = format!(
                    "{COLUMNS} WHERE e.id IN ({} UNION ALL {}) {ORDER}{}",
                    walk(&sides[0].0),
                    walk(&sides[1].0),
                    page.sql()
                );
                let mut params: Vec<Value> = Vec::new();
                for (_, side_params) in &sides {
                    params.extend(side_params.iter().cloned());
                    params.extend(rest.params.iter().cloned());
                }
                return Ok((sql, params));
            }
        }
        let cond = self.condition(filter)?;
        Ok((format!("{COLUMNS} WHERE {} {ORDER}{}", cond.sql, page.sql()), cond.params))
    }

    /// How many events match `filter`: a sum over the summary per pair of actors and type when
    /// the filter names nothing finer, else a count of the matching events.
    pub fn count_events(&self, filter: &EventFilter) -> Result<u64> {
        let (sql, cond) = match self.summary_condition(filter)? {
            Some(cond) => (format!("SELECT coalesce(sum(e.events), 0) FROM pair_types e WHERE {}", cond.sql), cond),
            None => {
                let cond = self.condition(filter)?;
                (format!("SELECT count(*) FROM events e WHERE {}", cond.sql), cond)
            }
        };
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(params_from_iter(cond.params.iter()), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// One event by id.
    pub fn event(&self, id: i64) -> Result<StoredEvent> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT e.goldstein, e.day, d.json, (SELECT a.published FROM articles a WHERE a.id = e.article_id)
                 FROM events e JOIN event_docs d ON d.event_id = e.id WHERE e.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get(3)?)))
            .optional()?;
        let (goldstein, day, json, published) = row.ok_or_else(|| Error::not_found("event", &id.to_string()))?;
        let mut e = stored_event(id, goldstein, day, &json, published)?;
        self.attach_sources(&mut e)?;
        Ok(e)
    }

    /// One article with its text and events.
    pub fn article(&self, id: &str) -> Result<ArticleView> {
        let row = self
            .conn
            .prepare_cached("SELECT id, url, published, title, text, ingested_at FROM articles WHERE id = ?1")?
            .query_row([id], |r| {
                Ok((
                    Article { id: r.get(0)?, url: r.get(1)?, published: r.get(2)?, title: r.get(3)?, text: r.get(4)? },
                    r.get::<_, String>(5)?,
                ))
            })
            .optional()?;
        let (article, ingested_at) = row.ok_or_else(|| Error::not_found("article", id))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.goldstein, e.day, d.json, (SELECT a.published FROM articles a WHERE a.id = e.article_id)
             FROM events e JOIN event_docs d ON d.event_id = e.id WHERE e.article_id = ?1 ORDER BY e.seq",
        )?;
        let mut rows = stmt.query([id])?;
        let mut events = Vec::new();
        while let Some(row) = rows.next()? {
            events.push(stored_event(row.get(0)?, row.get(1)?, row.get(2)?, &row.get::<_, String>(3)?, row.get(4)?)?);
        }
        drop(rows);
        drop(stmt);
        for e in &mut events {
            self.attach_sources(e)?;
        }
        Ok(ArticleView { article, ingested_at, events })
    }

    /// Ids of stored articles, in order, a page at a time.
    pub fn article_ids(&self, page: Page) -> Result<Vec<String>> {
        let sql = format!("SELECT id FROM articles ORDER BY id{}", page.sql());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(ids)
    }
}

fn stored_event(
    id: i64,
    goldstein: Option<f64>,
    day: Option<String>,
    json: &str,
    published: Option<String>,
) -> Result<StoredEvent> {
    Ok(StoredEvent {
        id,
        goldstein,
        day,
        published,
        event: serde_json::from_str(json)?,
        merged_id: None,
        sources: Vec::new(),
        source_count: 0,
        reasons: Vec::new(),
    })
}
