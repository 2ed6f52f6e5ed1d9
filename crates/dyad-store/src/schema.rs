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
//!
//! Version 3 (answers about a million events at once without reading them): summaries of the
//! representative events (`rep = 1`), which the aggregate queries read when a filter names
//! nothing finer than actors and event types. Triggers on `events` keep them, in the same
//! transaction as the rows they count, so an interrupted write leaves both or neither; an
//! update of an event is counted as the old row taken away and the new one added.
//! - `pair_types`: per source, target (`''` for none) and type: the rows (`reports`, any
//!   `rep`), the events, and the sum of their Goldstein scores in tenths (the scale has one
//!   decimal, so the sums are exact) with the number of events scored;
//! - `pair_months`: per source, target and month (`YYYY-MM`, `''` for undated) of events with
//!   both actors: events and Goldstein tenths;
//! - `actor_totals`: per actor, the rows naming it and its events as source, as target and in
//!   all (an event with it on both sides once);
//! - `actor_months`: per actor, month and type, its events (once each).
//!
//! A row that counts nothing any more is deleted. Migrating fills them from the stored events.
//!
//! The indexes of `events` by day, type, source and target (version 1) become covering: after
//! their key come `day` and `id` (the order of pages, latest first), then every column filters
//! and aggregates read (`day_end`, `rep`, type, actors, Goldstein score), so that counting the
//! events of any filter, or adding them up, reads an index and not the table.

use rusqlite::{Connection, Transaction};

use crate::error::{Error, ErrorCode, Result};

/// The migrations, in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    r#"
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
"#,
    SUMMARIES,
    PERSONS,
];

/// Version 4: the persons of the mentions, with the bodies they acted for and their roles.
const PERSONS: &str = r#"
CREATE TABLE persons (
    person   TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    role     TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (person, actor_id, role)
) WITHOUT ROWID;

CREATE INDEX actor_mentions_person ON actor_mentions (person) WHERE person IS NOT NULL;

CREATE TRIGGER actor_mentions_persons_insert AFTER INSERT ON actor_mentions
WHEN new.person IS NOT NULL BEGIN
    INSERT INTO persons (person, actor_id, role, mentions)
    VALUES (new.person, new.actor_id, coalesce(new.title, ''), 1)
    ON CONFLICT DO UPDATE SET mentions = mentions + 1;
END;

CREATE TRIGGER actor_mentions_persons_delete AFTER DELETE ON actor_mentions
WHEN old.person IS NOT NULL BEGIN
    UPDATE persons SET mentions = mentions - 1
    WHERE person = old.person AND actor_id = old.actor_id AND role = coalesce(old.title, '');
    DELETE FROM persons
    WHERE person = old.person AND actor_id = old.actor_id AND role = coalesce(old.title, '') AND mentions <= 0;
END;

INSERT INTO persons (person, actor_id, role, mentions)
SELECT person, actor_id, coalesce(title, ''), count(*) FROM actor_mentions
WHERE person IS NOT NULL GROUP BY 1, 2, 3;
"#;

/// What one `events` row adds to the summaries of version 3 (`new`, in a trigger).
macro_rules! summaries_add {
    () => {
        r#"
    INSERT INTO pair_types (source_id, target_id, event_type, reports, events, goldstein_tenths, goldstein_n)
    VALUES (coalesce(new.source_id, ''), coalesce(new.target_id, ''), new.event_type, 1, new.rep = 1,
            iif(new.rep = 1, coalesce(CAST(round(new.goldstein * 10) AS INTEGER), 0), 0),
            new.rep = 1 AND new.goldstein IS NOT NULL)
    ON CONFLICT DO UPDATE SET reports = reports + excluded.reports, events = events + excluded.events,
        goldstein_tenths = goldstein_tenths + excluded.goldstein_tenths,
        goldstein_n = goldstein_n + excluded.goldstein_n;

    INSERT INTO pair_months (source_id, target_id, month, events, goldstein_tenths, goldstein_n)
    SELECT new.source_id, new.target_id, coalesce(substr(new.day, 1, 7), ''), 1,
           coalesce(CAST(round(new.goldstein * 10) AS INTEGER), 0), new.goldstein IS NOT NULL
    WHERE new.rep = 1 AND new.source_id IS NOT NULL AND new.target_id IS NOT NULL
    ON CONFLICT DO UPDATE SET events = events + 1,
        goldstein_tenths = goldstein_tenths + excluded.goldstein_tenths,
        goldstein_n = goldstein_n + excluded.goldstein_n;

    INSERT INTO actor_totals (actor_id, reports, as_source, as_target, events)
    SELECT new.source_id, 1, new.rep = 1, 0, new.rep = 1 WHERE new.source_id IS NOT NULL
    ON CONFLICT DO UPDATE SET reports = reports + 1, as_source = as_source + excluded.as_source,
        events = events + excluded.events;
    INSERT INTO actor_totals (actor_id, reports, as_source, as_target, events)
    SELECT new.target_id, new.target_id IS NOT new.source_id, 0, new.rep = 1,
           new.rep = 1 AND new.target_id IS NOT new.source_id
    WHERE new.target_id IS NOT NULL
    ON CONFLICT DO UPDATE SET reports = reports + excluded.reports,
        as_target = as_target + excluded.as_target, events = events + excluded.events;

    INSERT INTO actor_months (actor_id, month, event_type, events)
    SELECT new.source_id, coalesce(substr(new.day, 1, 7), ''), new.event_type, 1
    WHERE new.rep = 1 AND new.source_id IS NOT NULL
    ON CONFLICT DO UPDATE SET events = events + 1;
    INSERT INTO actor_months (actor_id, month, event_type, events)
    SELECT new.target_id, coalesce(substr(new.day, 1, 7), ''), new.event_type, 1
    WHERE new.rep = 1 AND new.target_id IS NOT NULL AND new.target_id IS NOT new.source_id
    ON CONFLICT DO UPDATE SET events = events + 1;
"#
    };
}

/// What one `events` row takes away from the summaries of version 3 (`old`, in a trigger);
/// a summary row left counting nothing is deleted.
macro_rules! summaries_remove {
    () => {
        r#"
    UPDATE pair_types SET reports = reports - 1, events = events - (old.rep = 1),
        goldstein_tenths = goldstein_tenths
            - iif(old.rep = 1, coalesce(CAST(round(old.goldstein * 10) AS INTEGER), 0), 0),
        goldstein_n = goldstein_n - (old.rep = 1 AND old.goldstein IS NOT NULL)
    WHERE source_id = coalesce(old.source_id, '') AND target_id = coalesce(old.target_id, '')
      AND event_type = old.event_type;
    DELETE FROM pair_types
    WHERE source_id = coalesce(old.source_id, '') AND target_id = coalesce(old.target_id, '')
      AND event_type = old.event_type AND reports = 0;

    UPDATE pair_months SET events = events - 1,
        goldstein_tenths = goldstein_tenths - coalesce(CAST(round(old.goldstein * 10) AS INTEGER), 0),
        goldstein_n = goldstein_n - (old.goldstein IS NOT NULL)
    WHERE old.rep = 1 AND source_id = old.source_id AND target_id = old.target_id
      AND month = coalesce(substr(old.day, 1, 7), '');
    DELETE FROM pair_months
    WHERE source_id = old.source_id AND target_id = old.target_id
      AND month = coalesce(substr(old.day, 1, 7), '') AND events = 0;

    UPDATE actor_totals SET reports = reports - 1, as_source = as_source - (old.rep = 1),
        events = events - (old.rep = 1)
    WHERE actor_id = old.source_id;
    UPDATE actor_totals SET reports = reports - (old.target_id IS NOT old.source_id),
        as_target = as_target - (old.rep = 1),
        events = events - (old.rep = 1 AND old.target_id IS NOT old.source_id)
    WHERE actor_id = old.target_id;
    DELETE FROM actor_totals WHERE actor_id IN (old.source_id, old.target_id) AND reports = 0;

    -- Each matching row once: an event with one actor on both sides counts once.
    UPDATE actor_months SET events = events - 1
    WHERE old.rep = 1 AND actor_id IN (old.source_id, old.target_id)
      AND month = coalesce(substr(old.day, 1, 7), '') AND event_type = old.event_type;
    DELETE FROM actor_months
    WHERE actor_id IN (old.source_id, old.target_id) AND month = coalesce(substr(old.day, 1, 7), '')
      AND event_type = old.event_type AND events = 0;
"#
    };
}

/// Version 3: summaries of the representative events, kept by triggers in the transaction that
/// writes the events, and filled from the events already stored; the indexes of `events` cover
/// what filters and aggregates read.
const SUMMARIES: &str = concat!(
    r#"
CREATE TABLE pair_types (
    source_id        TEXT NOT NULL,
    target_id        TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    reports          INTEGER NOT NULL,
    events           INTEGER NOT NULL,
    goldstein_tenths INTEGER NOT NULL,
    goldstein_n      INTEGER NOT NULL,
    PRIMARY KEY (source_id, target_id, event_type)
) WITHOUT ROWID;
CREATE INDEX pair_types_target ON pair_types (target_id, source_id);

CREATE TABLE pair_months (
    source_id        TEXT NOT NULL,
    target_id        TEXT NOT NULL,
    month            TEXT NOT NULL,
    events           INTEGER NOT NULL,
    goldstein_tenths INTEGER NOT NULL,
    goldstein_n      INTEGER NOT NULL,
    PRIMARY KEY (source_id, target_id, month)
) WITHOUT ROWID;

CREATE TABLE actor_totals (
    actor_id  TEXT PRIMARY KEY,
    reports   INTEGER NOT NULL,
    as_source INTEGER NOT NULL,
    as_target INTEGER NOT NULL,
    events    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE actor_months (
    actor_id   TEXT NOT NULL,
    month      TEXT NOT NULL,
    event_type TEXT NOT NULL,
    events     INTEGER NOT NULL,
    PRIMARY KEY (actor_id, month, event_type)
) WITHOUT ROWID;

CREATE TRIGGER events_summaries_insert AFTER INSERT ON events BEGIN"#,
    summaries_add!(),
    r#"END;

CREATE TRIGGER events_summaries_delete AFTER DELETE ON events BEGIN"#,
    summaries_remove!(),
    r#"END;

CREATE TRIGGER events_summaries_update
AFTER UPDATE OF rep, event_type, source_id, target_id, day, goldstein ON events BEGIN"#,
    summaries_remove!(),
    summaries_add!(),
    r#"END;

INSERT INTO pair_types (source_id, target_id, event_type, reports, events, goldstein_tenths, goldstein_n)
SELECT coalesce(source_id, ''), coalesce(target_id, ''), event_type, count(*), sum(rep = 1),
       coalesce(sum(iif(rep = 1, CAST(round(goldstein * 10) AS INTEGER), 0)), 0),
       sum(rep = 1 AND goldstein IS NOT NULL)
FROM events GROUP BY 1, 2, 3;

INSERT INTO pair_months (source_id, target_id, month, events, goldstein_tenths, goldstein_n)
SELECT source_id, target_id, coalesce(substr(day, 1, 7), ''), count(*),
       coalesce(sum(CAST(round(goldstein * 10) AS INTEGER)), 0), count(goldstein)
FROM events WHERE rep = 1 AND source_id IS NOT NULL AND target_id IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO actor_totals (actor_id, reports, as_source, as_target, events)
SELECT actor, sum(reports), sum(src), sum(tgt), sum(ev) FROM (
    SELECT source_id AS actor, 1 AS reports, rep = 1 AS src, 0 AS tgt, rep = 1 AS ev
    FROM events WHERE source_id IS NOT NULL
    UNION ALL
    SELECT target_id, target_id IS NOT source_id, 0, rep = 1, rep = 1 AND target_id IS NOT source_id
    FROM events WHERE target_id IS NOT NULL
) GROUP BY actor;

INSERT INTO actor_months (actor_id, month, event_type, events)
SELECT actor, month, event_type, count(*) FROM (
    SELECT source_id AS actor, coalesce(substr(day, 1, 7), '') AS month, event_type
    FROM events WHERE rep = 1 AND source_id IS NOT NULL
    UNION ALL
    SELECT target_id, coalesce(substr(day, 1, 7), ''), event_type
    FROM events WHERE rep = 1 AND target_id IS NOT NULL AND target_id IS NOT source_id
) GROUP BY 1, 2, 3;

DROP INDEX events_day;
DROP INDEX events_type;
DROP INDEX events_source;
DROP INDEX events_target;
CREATE INDEX events_day ON events (day, id, day_end, rep, event_type, source_id, target_id, goldstein);
CREATE INDEX events_type ON events (event_type, day, id, day_end, rep, source_id, target_id, goldstein);
CREATE INDEX events_source ON events (source_id, day, id, day_end, rep, event_type, target_id, goldstein);
CREATE INDEX events_target ON events (target_id, day, id, day_end, rep, event_type, source_id, goldstein);
"#
);

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
    if current > 0 && current < SCHEMA_VERSION {
        // The query planner's statistics of the new tables and indexes (a quick, sampled
        // ANALYZE, as after an ingest).
        conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
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
            message: format!("the store has schema version {current}, this dyad reads {SCHEMA_VERSION}"),
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
        message: format!("the store has schema version {found}, newer than this dyad's {SCHEMA_VERSION}"),
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
