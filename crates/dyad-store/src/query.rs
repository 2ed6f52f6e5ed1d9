//! Reading events and articles back: filtered pages of events, one event, one article with the
//! coding of each of its events.

use dyad_core::{Article, Event};
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
    /// The first day of the event's date, or of its article's publication date when the event
    /// has none (`YYYY-MM-DD`); what `since`, `until` and the ordering use.
    pub day: Option<String>,
    /// The event as coded.
    #[serde(flatten)]
    pub event: Event,
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
    pub const ALL: Page = Page {
        limit: None,
        offset: 0,
    };

    /// The first `limit` items.
    pub fn first(limit: usize) -> Page {
        Page {
            limit: Some(limit),
            offset: 0,
        }
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
        let ids = stmt
            .query_map([id_or_name.trim()], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    pub(crate) fn condition(&self, filter: &EventFilter) -> Result<Condition> {
        filter.condition(&|s| self.resolve_actor(s))
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
            f(stored_event(
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                &row.get::<_, String>(3)?,
            )?)?;
        }
        Ok(())
    }

    /// The query of a page of events.
    ///
    /// A page of one actor's events on either side is the latest of two ordered index walks
    /// (as source, as target), each stopped after the page: an `OR` of the two sides would
    /// collect and sort every event of a busy actor first.
    fn events_sql(&self, filter: &EventFilter, page: Page) -> Result<(String, Vec<Value>)> {
        const COLUMNS: &str = "SELECT e.id, e.goldstein, e.day, d.json
             FROM events e JOIN event_docs d ON d.event_id = e.id";
        const ORDER: &str = "ORDER BY e.day DESC, e.id DESC";
        if let (Some(actor), Some(limit)) = (&filter.actor, page.limit) {
            let ids = self.resolve_actor(actor)?;
            if !ids.is_empty() {
                let rest = self.condition(&EventFilter {
                    actor: None,
                    ..filter.clone()
                })?;
                let marks = vec!["?"; ids.len()].join(", ");
                let walk = |column: &str| {
                    format!(
                        "SELECT id FROM (SELECT e.id FROM events e
                             WHERE e.{column} IN ({marks}) AND {} {ORDER} LIMIT {})",
                        rest.sql,
                        limit + page.offset
                    )
                };
                let sql = format!(
                    "{COLUMNS} WHERE e.id IN ({} UNION ALL {}) {ORDER}{}",
                    walk("source_id"),
                    walk("target_id"),
                    page.sql()
                );
                let mut params: Vec<Value> = Vec::new();
                for _ in 0..2 {
                    params.extend(ids.iter().map(|id| Value::Text(id.clone())));
                    params.extend(rest.params.iter().cloned());
                }
                return Ok((sql, params));
            }
        }
        let cond = self.condition(filter)?;
        Ok((
            format!("{COLUMNS} WHERE {} {ORDER}{}", cond.sql, page.sql()),
            cond.params,
        ))
    }

    /// How many events match `filter`.
    pub fn count_events(&self, filter: &EventFilter) -> Result<u64> {
        let cond = self.condition(filter)?;
        let sql = format!("SELECT count(*) FROM events e WHERE {}", cond.sql);
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(cond.params.iter()), |r| r.get(0))?;
        Ok(n as u64)
    }

    /// One event by id.
    pub fn event(&self, id: i64) -> Result<StoredEvent> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT e.goldstein, e.day, d.json FROM events e JOIN event_docs d ON d.event_id = e.id
                 WHERE e.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))
            .optional()?;
        let (goldstein, day, json) =
            row.ok_or_else(|| Error::not_found("event", &id.to_string()))?;
        stored_event(id, goldstein, day, &json)
    }

    /// One article with its text and events.
    pub fn article(&self, id: &str) -> Result<ArticleView> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, url, published, title, text, ingested_at FROM articles WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    Article {
                        id: r.get(0)?,
                        url: r.get(1)?,
                        published: r.get(2)?,
                        title: r.get(3)?,
                        text: r.get(4)?,
                    },
                    r.get::<_, String>(5)?,
                ))
            })
            .optional()?;
        let (article, ingested_at) = row.ok_or_else(|| Error::not_found("article", id))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.goldstein, e.day, d.json FROM events e JOIN event_docs d ON d.event_id = e.id
             WHERE e.article_id = ?1 ORDER BY e.seq",
        )?;
        let mut rows = stmt.query([id])?;
        let mut events = Vec::new();
        while let Some(row) = rows.next()? {
            events.push(stored_event(
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                &row.get::<_, String>(3)?,
            )?);
        }
        Ok(ArticleView {
            article,
            ingested_at,
            events,
        })
    }

    /// Ids of stored articles, in order, a page at a time.
    pub fn article_ids(&self, page: Page) -> Result<Vec<String>> {
        let sql = format!("SELECT id FROM articles ORDER BY id{}", page.sql());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }
}

fn stored_event(
    id: i64,
    goldstein: Option<f64>,
    day: Option<String>,
    json: &str,
) -> Result<StoredEvent> {
    Ok(StoredEvent {
        id,
        goldstein,
        day,
        event: serde_json::from_str(json)?,
    })
}
