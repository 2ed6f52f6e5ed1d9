//! Opening a store and writing articles with their events.
//!
//! Writes go through a [`Batch`]: one transaction for many articles, with cached prepared
//! statements. Putting an article whose id is already stored first deletes its old rows, so
//! re-ingesting never duplicates anything.

use std::path::{Path, PathBuf};

use std::collections::{BTreeMap, BTreeSet};

/// What a report is, to recognise it when its article is stored again: its span, type and
/// actors.
type ReportKey = (i64, i64, String, Option<String>, Option<String>);

use dyad_core::{Actor, Article, Event};
use dyad_merge::{Commitment, Evidence, Status};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

use crate::error::{Error, ErrorCode, Result};
use crate::filter::day_range;
use crate::{goldstein, schema};

/// `path` as the path of a `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for c in absolute.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// A dyad store: one SQLite file.
pub struct Store {
    pub(crate) conn: Connection,
    /// The file as it was given (none in memory), to name it in errors.
    path: Option<PathBuf>,
    /// At most this many sources listed with each event read (`None`: all); see
    /// [`Store::limit_sources`].
    pub(crate) source_limit: Option<usize>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.conn.path()).finish()
    }
}

impl Store {
    /// Opens the store at `path` for reading and writing, creating it when missing and
    /// migrating it to the current schema. A file that cannot be written (a read-only file or
    /// folder) is refused here, before anything is done.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        let open = || -> Result<Store> {
            let conn = Connection::open(path)?;
            // Reading the schema tells a file that is not a database first.
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
            if conn.is_readonly(rusqlite::MAIN_DB)? {
                // SQLite falls back to reading a file it may not write.
                return Err(Error::Sqlite(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                    None,
                )));
            }
            Store::setup(conn, true)
        };
        let mut store = open().map_err(|e| e.on_store(path))?;
        store.path = Some(path.to_path_buf());
        Ok(store)
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
        let mut store = Store::open_reader(path).map_err(|e| e.on_store(path))?;
        store.path = Some(path.to_path_buf());
        Ok(store)
    }

    /// A read-only connection. A store in WAL mode needs its `-shm` file, which SQLite cannot
    /// create in a folder it may not write; a store with no `-wal` file holds everything in the
    /// main file, so it is then opened as immutable (no locks, no `-shm`).
    fn open_reader(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let first = Connection::open_with_flags(path, flags).map_err(Error::from).and_then(|c| Store::setup(c, false));
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        match first {
            Err(_) if !wal.exists() && path.is_file() => {
                let uri = format!("file:{}?immutable=1", uri_path(path));
                let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)?;
                Store::setup(conn, false)
            }
            other => other,
        }
    }

    /// Lists at most `limit` sources with each event read from now on (`None`: all, the
    /// default); `source_count` still counts them all, and [`Store::event_sources`] pages
    /// through them. A server sets it so that one page of merged events stays small.
    pub fn limit_sources(&mut self, limit: Option<usize>) {
        self.source_limit = limit;
    }

    /// A handle that stops the query running on this store from another thread (the query
    /// fails with an interrupted error).
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// The file the store was opened from (none in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Caps the database file at `pages` pages (of 4 KiB): writing beyond fails as a full disk
    /// does. For tests of what a full disk does.
    #[doc(hidden)]
    pub fn limit_pages(&self, pages: u64) -> Result<()> {
        self.conn.pragma_update(None, "max_page_count", i64::try_from(pages).unwrap_or(i64::MAX))?;
        Ok(())
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
        // A writer keeps 64 MB of pages; a reader (one of a server's pool, say) 8 MB.
        conn.pragma_update(None, "cache_size", if write { -64_000 } else { -8_000 })?;
        Ok(Store { conn, path: None, source_limit: None })
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn)
    }

    /// Starts a batch: one transaction for the articles put into it until [`Batch::commit`].
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Ok(Batch { tx: self.conn.transaction()?, removed: std::cell::Cell::new(false) })
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
        Ok(self.conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?)
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

/// How one event of an article was merged: the merged event it reports and why it joined it
/// (none when it started it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeInfo {
    /// The merged event's id.
    pub merged_id: String,
    /// Why it was merged with the earlier reports.
    pub reason: Option<String>,
}

/// A write transaction over many articles.
pub struct Batch<'a> {
    tx: Transaction<'a>,
    /// Whether a merged event was deleted in this batch (only then can a commitment lose its
    /// merged event: [`Batch::prune_commitments`]).
    removed: std::cell::Cell<bool>,
}

impl Batch<'_> {
    /// Stores an article and its events, replacing every row of an article with the same id.
    ///
    /// Events are stored under `article.id` whatever their own `article_id` says. An article
    /// without an id is refused.
    pub fn put(&self, article: &Article, events: &[Event]) -> Result<Put> {
        self.put_merged(article, events, &[], &[])
    }

    /// Stores an article and its events as [`Batch::put`] does, each event as a report of the
    /// merged event `merges[i]` says (an event without an entry is its own merged event), and
    /// links the article to the earlier articles it near-duplicates (`(article id,
    /// similarity)`).
    ///
    /// The article's old reports are removed from their merged events first; a merged event
    /// left without reports is deleted, and each touched merged event's representative (the
    /// report coded with the highest confidence, the earliest stored among equals) and source
    /// count are brought up to date.
    pub fn put_merged(
        &self,
        article: &Article,
        events: &[Event],
        merges: &[MergeInfo],
        duplicates: &[(String, f32)],
    ) -> Result<Put> {
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
        // Merged events that lost reports are worked out again from all they have left; those
        // that only gained some are brought up to date from what they gained.
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut previous = if replaced { self.remove_old_reports(article, &mut touched)? } else { BTreeMap::new() };
        let mut gained: BTreeMap<String, Vec<(i64, f32)>> = BTreeMap::new();
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
            let (merged_id, row) = self.put_report(article, seq, event, published, merges.get(seq), &mut previous)?;
            gained.entry(merged_id).or_default().push((row, event.confidence));
        }
        self.link_duplicates(article, duplicates)?;
        for id in &touched {
            self.refresh_merged(id)?;
        }
        for (id, reports) in gained.iter().filter(|(id, _)| !touched.contains(*id)) {
            self.refresh_gained(id, reports)?;
        }
        Ok(Put { events: events.len(), replaced })
    }

    /// Removes the stored article `article.id` and its reports, noting in `touched` the merged
    /// events they belonged to. Returns those merged events (with their reasons) by what each
    /// report is: a report coded again the same way keeps its merged event and reason, whatever
    /// the merger of this run (which may have closed it) says.
    fn remove_old_reports(
        &self,
        article: &Article,
        touched: &mut BTreeSet<String>,
    ) -> Result<BTreeMap<ReportKey, (String, Option<String>)>> {
        let tx = &self.tx;
        let mut previous: BTreeMap<ReportKey, (String, Option<String>)> = BTreeMap::new();
        let mut stmt = tx.prepare_cached(
            "SELECT s.merged_id, s.reason, s.span_start, s.span_end, e.event_type,
                    e.source_id, e.target_id
             FROM event_sources s JOIN events e ON e.id = s.event_id WHERE s.article_id = ?1",
        )?;
        let old = stmt.query_map([&article.id], |r| {
            Ok((
                (r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?),
                (r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?),
            ))
        })?;
        for row in old {
            let (key, value) = row?;
            touched.insert(value.0.clone());
            previous.entry(key).or_insert(value);
        }
        tx.prepare_cached("DELETE FROM articles WHERE id = ?1")?.execute([&article.id])?;
        Ok(previous)
    }

    /// Stores event `seq` of `article` and its report, as a report of its merged event: the one
    /// it had when stored before (taken out of `previous`), else the one `merge` says, else its
    /// own. Returns the merged event's id and the event's row.
    fn put_report(
        &self,
        article: &Article,
        seq: usize,
        event: &Event,
        published: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
        merge: Option<&MergeInfo>,
        previous: &mut BTreeMap<ReportKey, (String, Option<String>)>,
    ) -> Result<(String, i64)> {
        let tx = &self.tx;
        let row = self.put_event(article, seq, event, published)?;
        let key: ReportKey = (
            event.span.start as i64,
            event.span.end as i64,
            event.event_type.as_str().to_string(),
            event.source.as_ref().map(|a| a.id.clone()),
            event.target.as_ref().map(|a| a.id.clone()),
        );
        let (merged_id, reason) = match (previous.remove(&key), merge) {
            (Some(old), _) => old,
            (None, Some(m)) => (m.merged_id.clone(), m.reason.clone()),
            (None, None) => (format!("e{row}"), None),
        };
        tx.prepare_cached(
            "INSERT INTO event_sources (event_id, merged_id, article_id, sentence, span_start, span_end, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            row,
            merged_id,
            article.id,
            event.sentence,
            event.span.start as i64,
            event.span.end as i64,
            reason
        ])?;
        Ok((merged_id, row))
    }

    /// Links `article` to the earlier articles it near-duplicates, `(article id, similarity)`.
    fn link_duplicates(&self, article: &Article, duplicates: &[(String, f32)]) -> Result<()> {
        let tx = &self.tx;
        for (other, similarity) in duplicates {
            // A link goes from the later article to the earlier: when an earlier article is
            // stored again, the later ones that already point at it are not its originals.
            if other != &article.id {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO article_links (article_id, duplicate_of, similarity)
                 SELECT ?1, ?2, ?3 WHERE NOT EXISTS
                     (SELECT 1 FROM article_links WHERE article_id = ?2 AND duplicate_of = ?1)",
                )?
                .execute(params![article.id, other, f64::from(*similarity)])?;
            }
        }
        Ok(())
    }

    /// Whether `article` is stored with these very fields and exactly these events (as
    /// [`Batch::put`] would store them), so that storing it again would change nothing.
    pub fn is_stored_unchanged(&self, article: &Article, events: &[Event]) -> Result<bool> {
        let tx = &self.tx;
        type Fields = (Option<String>, Option<String>, Option<String>, String);
        let stored: Option<Fields> = tx
            .prepare_cached("SELECT url, published, title, text FROM articles WHERE id = ?1")?
            .query_row([&article.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((url, published, title, text)) = stored else {
            return Ok(false);
        };
        if url != article.url || published != article.published || title != article.title || text != article.text {
            return Ok(false);
        }
        let mut stmt = tx.prepare_cached(
            "SELECT d.json, s.event_id IS NOT NULL FROM events e
                 JOIN event_docs d ON d.event_id = e.id
                 LEFT JOIN event_sources s ON s.event_id = e.id
             WHERE e.article_id = ?1 ORDER BY e.seq",
        )?;
        let docs = stmt
            .query_map([&article.id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if docs.len() != events.len() {
            return Ok(false);
        }
        for ((json, merged), event) in docs.iter().zip(events) {
            let mut event = event.clone();
            event.article_id = article.id.clone();
            if !merged || *json != serde_json::to_string(&event)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn put_event(
        &self,
        article: &Article,
        seq: usize,
        event: &Event,
        published: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    ) -> Result<i64> {
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
            event.event_type.as_str(),
            event.cameo.as_str(),
            event.source.as_ref().map(|a| &a.id),
            event.target.as_ref().map(|a| &a.id),
            range.map(|r| r.0.to_string()),
            range.map(|r| r.1.to_string()),
            goldstein::score(event.cameo.as_str()),
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
                .execute(params![
                    id,
                    role,
                    a.id,
                    a.text,
                    a.cameo,
                    a.sector.as_deref(),
                    a.person,
                    a.role
                ])?;
            }
        }
        Ok(id)
    }

    /// Brings a merged event's representative and source count up to date, or deletes it when
    /// no report of it is left.
    fn refresh_merged(&self, merged_id: &str) -> Result<()> {
        let tx = &self.tx;
        let best: Option<(i64, i64)> = tx
            .prepare_cached(
                "SELECT s.event_id, (SELECT count(DISTINCT article_id) FROM event_sources WHERE merged_id = ?1)
                 FROM event_sources s JOIN events e ON e.id = s.event_id
                 WHERE s.merged_id = ?1 ORDER BY e.confidence DESC, s.event_id ASC LIMIT 1",
            )?
            .query_row([merged_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match best {
            None => {
                tx.prepare_cached("DELETE FROM merged_events WHERE id = ?1")?.execute([merged_id])?;
                self.removed.set(true);
            }
            Some((rep, count)) => {
                tx.prepare_cached(
                    "INSERT INTO merged_events (id, event_id, source_count) VALUES (?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id,
                         source_count = excluded.source_count",
                )?
                .execute(params![merged_id, rep, count])?;
                tx.prepare_cached(
                    "UPDATE events SET rep = (id = ?2)
                     WHERE id IN (SELECT event_id FROM event_sources WHERE merged_id = ?1)
                       AND rep IS NOT (id = ?2)",
                )?
                .execute(params![merged_id, rep])?;
            }
        }
        Ok(())
    }

    /// Brings a merged event up to date after an article that reported none of it before added
    /// `reports` (event row, confidence): one more article among its sources, and a new
    /// representative only when a new report was coded with a higher confidence (the earliest
    /// stored wins among equals, as in [`Batch::refresh_merged`]). The work does not grow with
    /// the reports the merged event already has.
    fn refresh_gained(&self, merged_id: &str, reports: &[(i64, f32)]) -> Result<()> {
        let tx = &self.tx;
        let current: Option<(i64, i64, f64)> = tx
            .prepare_cached(
                "SELECT m.event_id, m.source_count, e.confidence
                 FROM merged_events m JOIN events e ON e.id = m.event_id WHERE m.id = ?1",
            )?
            .query_row([merged_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((old_rep, count, old_confidence)) = current else {
            return self.refresh_merged(merged_id);
        };
        let (mut rep, mut best) = (old_rep, old_confidence);
        for &(row, confidence) in reports {
            if f64::from(confidence) > best {
                (rep, best) = (row, f64::from(confidence));
            }
        }
        tx.prepare_cached("UPDATE merged_events SET event_id = ?2, source_count = ?3 WHERE id = ?1")?
            .execute(params![merged_id, rep, count + 1])?;
        let mut unmark = tx.prepare_cached("UPDATE events SET rep = 0 WHERE id = ?1 AND rep IS NOT 0")?;
        for &(row, _) in reports.iter().filter(|(row, _)| *row != rep) {
            unmark.execute([row])?;
        }
        if rep != old_rep {
            unmark.execute([old_rep])?;
            tx.prepare_cached("UPDATE events SET rep = 1 WHERE id = ?1 AND rep IS NOT 1")?.execute([rep])?;
        }
        Ok(())
    }

    /// Writes a commitment of the ledger (keyed by its merged event id), keeping the evidence
    /// already stored for it.
    pub fn put_commitment(&self, c: &Commitment) -> Result<()> {
        let tx = &self.tx;
        let stored: Option<String> = tx
            .prepare_cached("SELECT evidence FROM commitments WHERE id = ?1")?
            .query_row([&c.event_id], |r| r.get(0))
            .optional()?;
        let mut evidence: Vec<Evidence> = stored.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
        for e in &c.evidence {
            if !evidence.iter().any(|x| x.event_id == e.event_id) {
                evidence.push(e.clone());
            }
        }
        dyad_merge::ledger::sort_evidence(&mut evidence);
        let status = if !evidence.is_empty() { Status::FollowedUp } else { c.status };
        let period = c.period.as_ref();
        tx.prepare_cached(
            "INSERT OR REPLACE INTO commitments (id, holder_id, holder_name, counterpart_id,
                 counterpart_name, kind, what, contexts, period_start, period_end, period_text, date,
                 article_id, sentence, status, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?
        .execute(params![
            c.event_id,
            c.holder.id,
            c.holder.name,
            c.counterpart.as_ref().map(|a| &a.id),
            c.counterpart.as_ref().map(|a| &a.name),
            c.kind.as_str(),
            c.what,
            serde_json::to_string(&c.contexts)?,
            period.and_then(|p| p.start.clone()),
            period.and_then(|p| p.end.clone()),
            period.map(|p| p.text.clone()),
            c.date,
            c.article_id,
            c.sentence,
            status.as_str(),
            serde_json::to_string(&evidence)?,
        ])?;
        Ok(())
    }

    /// Marks a stored commitment expired, unless it has been followed up.
    pub fn expire_commitment(&self, merged_id: &str) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE commitments SET status = 'expired' WHERE id = ?1 AND status = 'open'")?
            .execute([merged_id])?;
        Ok(())
    }

    /// Deletes the commitments whose merged event is gone. Only a merged event deleted in this
    /// batch can leave one, so a batch that deleted none skips the scan of every commitment
    /// (it grew with the store and ran once a batch).
    pub fn prune_commitments(&self) -> Result<usize> {
        if !self.removed.get() {
            return Ok(0);
        }
        Ok(self.tx.execute(
            "DELETE FROM commitments WHERE NOT EXISTS (SELECT 1 FROM merged_events m WHERE m.id = commitments.id)",
            [],
        )?)
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
