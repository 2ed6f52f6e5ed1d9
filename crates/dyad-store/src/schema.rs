//! The database schema and its migrations.
//!
//! `schema_version` holds one row: the number of migrations applied. Opening a store applies
//! the missing ones in order, each in its own transaction, so a file written by an older dyad is
//! brought up to date and a file written by a newer one is refused.
//!
//! Layout (version 1):
//! - `articles`: one row per article id, with its full text and metadata;
//! - `actors`: one row per actor id (state, organisation, group, person), with its name and kind;
//! - `events`: one narrow row per coded event with the columns filters and aggregates use
//!   (type, source and target actor ids, first and last day its date covers, Goldstein score);
//!   `event_docs` holds each event's full JSON as coded (the `dyad code` contract), apart so that
//!   scans of `events` stay fast;
//! - `event_contexts`: the PLOVER contexts of each event;
//! - `actor_mentions`: how each actor was written in each event (text, CAMEO code, sector,
//!   person and role).
//!
//! Rows of an article cascade from `articles`: deleting an article deletes its events, their
//! documents, contexts and mentions.
//!
//! Version 2 (one event, many sources; the ledger of commitments):
//! - `events.rep`: 1 for the row that represents its merged event (the report coded with the
//!   highest confidence), 0 for the other reports of it. Queries of events, actors, dyads and
//!   counts see representatives only, so an event told by three outlets counts once; the
//!   article view still shows every report of an article.
//! - `event_sources`: each event row as a report of a merged event (merged id, article id,
//!   sentence, span, and the reason it was merged, none for the first); it cascades from its
//!   event row, so re-ingesting an article replaces its sources.
//! - `merged_events`: one row per merged event with its representative row and source count;
//!   a merged event left without sources is deleted.
//! - `article_links`: near-duplicate articles (the same wire story republished), from the later
//!   article to the earlier, with their estimated similarity.
//! - `commitments`: the ledger, keyed by merged event id: holder, counterpart, kind, what,
//!   contexts (JSON list), period, date, article and sentence, status (`open`,
//!   `followed_up`, `expired`) and evidence (JSON list of `{merged_id, reason}`).
//!
//! Migrating a version 1 file makes each stored event its own merged event (`e` + row id).

use rusqlite::{Connection, Transaction};

use crate::error::{Error, ErrorCode, Result};

/// The migrations, in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE articles (
    id          TEXT PRIMARY KEY,
    url         TEXT,
    published   TEXT,
    title       TEXT,
    text        TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);

CREATE TABLE actors (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL,
    country TEXT,
    org     TEXT
);
CREATE INDEX actors_name ON actors (name COLLATE NOCASE);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    event_type  TEXT NOT NULL,
    cameo       TEXT NOT NULL,
    source_id   TEXT,
    target_id   TEXT,
    day         TEXT,
    day_end     TEXT,
    goldstein   REAL,
    confidence  REAL NOT NULL
);
CREATE INDEX events_article ON events (article_id, seq);
CREATE INDEX events_day ON events (day);
CREATE INDEX events_type ON events (event_type, day);
CREATE INDEX events_source ON events (source_id, day);
CREATE INDEX events_target ON events (target_id, day);

CREATE TABLE event_docs (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    json     TEXT NOT NULL
);

CREATE TABLE event_contexts (
    context  TEXT NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (context, event_id)
) WITHOUT ROWID;
CREATE INDEX event_contexts_event ON event_contexts (event_id);

CREATE TABLE actor_mentions (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('source', 'target')),
    actor_id  TEXT NOT NULL,
    text      TEXT NOT NULL,
    cameo     TEXT NOT NULL,
    sector    TEXT,
    person    TEXT,
    title     TEXT,
    PRIMARY KEY (event_id, role)
) WITHOUT ROWID;
CREATE INDEX actor_mentions_actor ON actor_mentions (actor_id);
"#, r#"
ALTER TABLE events ADD COLUMN rep INTEGER NOT NULL DEFAULT 1;

CREATE TABLE merged_events (
    id           TEXT PRIMARY KEY,
    event_id     INTEGER NOT NULL,
    source_count INTEGER NOT NULL
);
CREATE INDEX merged_events_event ON merged_events (event_id);

CREATE TABLE event_sources (
    event_id   INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    merged_id  TEXT NOT NULL,
    article_id TEXT NOT NULL,
    sentence   TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    reason     TEXT
);
CREATE INDEX event_sources_merged ON event_sources (merged_id, event_id);
CREATE INDEX event_sources_article ON event_sources (article_id);

INSERT INTO event_sources (event_id, merged_id, article_id, sentence, span_start, span_end)
    SELECT e.id, 'e' || e.id, e.article_id, coalesce(json_extract(d.json, '$.sentence'), ''),
           coalesce(json_extract(d.json, '$.span.start'), 0), coalesce(json_extract(d.json, '$.span.end'), 0)
    FROM events e JOIN event_docs d ON d.event_id = e.id;
INSERT INTO merged_events (id, event_id, source_count) SELECT 'e' || id, id, 1 FROM events;

CREATE TABLE article_links (
    article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    duplicate_of TEXT NOT NULL,
    similarity   REAL NOT NULL,
    PRIMARY KEY (article_id, duplicate_of)
) WITHOUT ROWID;
CREATE INDEX article_links_duplicate ON article_links (duplicate_of);

CREATE TABLE commitments (
    id               TEXT PRIMARY KEY,
    holder_id        TEXT NOT NULL,
    holder_name      TEXT NOT NULL,
    counterpart_id   TEXT,
    counterpart_name TEXT,
    kind             TEXT NOT NULL,
    what             TEXT NOT NULL,
    contexts         TEXT NOT NULL,
    period_start     TEXT,
    period_end       TEXT,
    period_text      TEXT,
    date             TEXT,
    article_id       TEXT NOT NULL,
    sentence         TEXT NOT NULL,
    status           TEXT NOT NULL,
    evidence         TEXT NOT NULL
);
CREATE INDEX commitments_holder ON commitments (holder_id);
CREATE INDEX commitments_counterpart ON commitments (counterpart_id);
CREATE INDEX commitments_status ON commitments (status);
"#];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Reads the schema version of an open database (0 for a new file).
pub fn version(conn: &Connection) -> Result<i64> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(0);
    }
    Ok(conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0))?)
}

/// Applies the migrations a database lacks.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(too_new(current));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        apply(&tx, sql, i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Checks that a database opened read-only has the schema this build reads.
pub fn check(conn: &Connection) -> Result<()> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(too_new(current));
    }
    if current < SCHEMA_VERSION {
        return Err(Error::User {
            code: ErrorCode::SchemaTooOld,
            message: format!(
                "the store has schema version {current}, this dyad reads {SCHEMA_VERSION}"
            ),
            hint: "open it once for writing to migrate it: `dyad ingest --db FILE` with any input \
                   (articles already stored are left as they are)"
                .into(),
        });
    }
    Ok(())
}

fn apply(tx: &Transaction<'_>, sql: &str, to: i64) -> Result<()> {
    tx.execute_batch(sql)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    tx.execute("DELETE FROM schema_version", [])?;
    tx.execute("INSERT INTO schema_version (version) VALUES (?1)", [to])?;
    Ok(())
}

fn too_new(found: i64) -> Error {
    Error::User {
        code: ErrorCode::SchemaTooNew,
        message: format!(
            "the store has schema version {found}, newer than this dyad's {SCHEMA_VERSION}"
        ),
        hint: "use a newer dyad to read this store".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_version(v: i64) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE schema_version (version INTEGER NOT NULL)").unwrap();
        conn.execute("INSERT INTO schema_version (version) VALUES (?1)", [v]).unwrap();
        conn
    }

    fn code(result: Result<()>) -> Option<ErrorCode> {
        match result {
            Err(Error::User { code, .. }) => Some(code),
            _ => None,
        }
    }

    #[test]
    fn an_older_store_is_too_old_and_a_newer_one_too_new() {
        assert_eq!(code(check(&at_version(SCHEMA_VERSION - 1))), Some(ErrorCode::SchemaTooOld));
        assert_eq!(code(check(&at_version(SCHEMA_VERSION + 1))), Some(ErrorCode::SchemaTooNew));
        assert!(check(&at_version(SCHEMA_VERSION)).is_ok());
    }
}
