//! Opening a store and writing articles with their events.
//!
//! Writes go through a [`Batch`]: one transaction for many articles, with cached prepared
//! statements. Putting an article whose id is already stored first deletes its old rows, so
//! re-ingesting never duplicates anything.

use std::path::Path;

use dyad_core::{Actor, Article, Event};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

use crate::error::{Error, ErrorCode, Result};
use crate::filter::day_range;
use crate::{goldstein, schema};

/// A dyad store: one SQLite file.
pub struct Store {
    pub(crate) conn: Connection,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Store {
    /// Opens the store at `path` for reading and writing, creating it when missing and
    /// migrating it to the current schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let conn = Connection::open(path)?;
        Store::setup(conn, true)
    }

    /// Opens an existing store for reading only; a missing file is a user error.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::User {
                code: ErrorCode::NotFound,
                message: format!("no store at {}", path.display()),
                hint: "create one with `dyad ingest PATH... --db FILE`, or pass --db".into(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        Store::setup(conn, false)
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, true)
    }

    fn setup(mut conn: Connection, write: bool) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.set_prepared_statement_cache_capacity(64);
        conn.pragma_update(None, "foreign_keys", true)?;
        if write {
            // WAL lets readers (a running `dyad serve`) go on while a batch is written.
            conn.pragma_update_and_check(None, "journal_mode", "wal", |_| Ok(()))?;
            conn.pragma_update(None, "synchronous", "normal")?;
            schema::migrate(&mut conn)?;
        } else {
            schema::check(&conn)?;
        }
        conn.pragma_update(None, "cache_size", -64_000)?;
        Ok(Store { conn })
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }

    /// Starts a batch: one transaction for the articles put into it until [`Batch::commit`].
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Ok(Batch {
            tx: self.conn.transaction()?,
        })
    }

    /// Stores one article with its events in its own transaction; see [`Batch::put`].
    pub fn put(&mut self, article: &Article, events: &[Event]) -> Result<Put> {
        let batch = self.batch()?;
        let put = batch.put(article, events)?;
        batch.commit()?;
        Ok(put)
    }

    /// Refreshes the statistics the query planner uses to pick indexes (a quick, sampled
    /// `ANALYZE`); worth doing after a large ingest.
    pub fn optimize(&self) -> Result<()> {
        Ok(self
            .conn
            .execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?)
    }

    /// Deletes actors that no stored event mentions any more.
    pub fn prune_actors(&mut self) -> Result<usize> {
        Ok(self.conn.execute(
            "DELETE FROM actors WHERE NOT EXISTS (SELECT 1 FROM events WHERE source_id = actors.id)
                AND NOT EXISTS (SELECT 1 FROM events WHERE target_id = actors.id)",
            [],
        )?)
    }
}

/// What putting an article did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Put {
    /// Events stored.
    pub events: usize,
    /// Whether an article with this id was already stored and has been replaced.
    pub replaced: bool,
}

/// A write transaction over many articles.
pub struct Batch<'a> {
    tx: Transaction<'a>,
}

impl Batch<'_> {
    /// Stores an article and its events, replacing every row of an article with the same id.
    ///
    /// Events are stored under `article.id` whatever their own `article_id` says. An article
    /// without an id is refused.
    pub fn put(&self, article: &Article, events: &[Event]) -> Result<Put> {
        if article.id.trim().is_empty() {
            return Err(Error::User {
                code: ErrorCode::BadInput,
                message: "article has no id".into(),
                hint: "give each article an `id` field (or a file name)".into(),
            });
        }
        let tx = &self.tx;
        let replaced = tx
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
            .query_row([&article.id], |_| Ok(()))
            .optional()?
            .is_some();
        if replaced {
            tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?
                .execute([&article.id])?;
        }
        tx.prepare_cached(
            "INSERT INTO articles (id, url, published, title, text, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            article.id,
            article.url,
            article.published,
            article.title,
            article.text,
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ])?;
        let published = article.published.as_deref().and_then(published_range);
        for (seq, event) in events.iter().enumerate() {
            self.put_event(article, seq, event, published)?;
        }
        Ok(Put {
            events: events.len(),
            replaced,
        })
    }

    fn put_event(
        &self,
        article: &Article,
        seq: usize,
        event: &Event,
        published: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    ) -> Result<()> {
        let tx = &self.tx;
        for actor in [&event.source, &event.target].into_iter().flatten() {
            self.put_actor(actor)?;
        }
        let range = event.date.as_deref().and_then(day_range).or(published);
        let mut stored = event.clone();
        stored.article_id = article.id.clone();
        tx.prepare_cached(
            "INSERT INTO events (article_id, seq, event_type, cameo, source_id, target_id,
                                 day, day_end, goldstein, confidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            article.id,
            seq as i64,
            event.event_type,
            event.cameo,
            event.source.as_ref().map(|a| &a.id),
            event.target.as_ref().map(|a| &a.id),
            range.map(|r| r.0.to_string()),
            range.map(|r| r.1.to_string()),
            goldstein::score(&event.cameo),
            f64::from(event.confidence),
        ])?;
        let id = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO event_docs (event_id, json) VALUES (?1, ?2)")?
            .execute(params![id, serde_json::to_string(&stored)?])?;
        let mut contexts: Vec<&String> = event.contexts.iter().collect();
        contexts.sort();
        contexts.dedup();
        for context in contexts {
            tx.prepare_cached("INSERT INTO event_contexts (context, event_id) VALUES (?1, ?2)")?
                .execute(params![context, id])?;
        }
        for (role, actor) in [("source", &event.source), ("target", &event.target)] {
            if let Some(a) = actor {
                tx.prepare_cached(
                    "INSERT INTO actor_mentions (event_id, role, actor_id, text, cameo, sector, person, title)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![id, role, a.id, a.text, a.cameo, a.sector, a.person, a.role])?;
            }
        }
        Ok(())
    }

    fn put_actor(&self, actor: &Actor) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO actors (id, name, kind, country, org) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                     country = coalesce(excluded.country, country), org = coalesce(excluded.org, org)
                 WHERE name IS NOT excluded.name OR kind IS NOT excluded.kind
                     OR (excluded.country IS NOT NULL AND country IS NOT excluded.country)
                     OR (excluded.org IS NOT NULL AND org IS NOT excluded.org)",
            )?
            .execute(params![actor.id, actor.name, actor.kind.as_str(), actor.country, actor.org])?;
        Ok(())
    }

    /// Commits the batch.
    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

/// The days a publication date covers (`2024-03-05`, `2024-03-05T08:00:00Z`, `2024-03`).
fn published_range(published: &str) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let p = published.trim();
    day_range(p).or_else(|| day_range(p.get(..10)?))
}
