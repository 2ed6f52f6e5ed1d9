//! The oracle of the aggregate queries: the answers schema version 2 computed in SQL over the
//! events, which the answers from the summaries must equal on random stores.
//!
//! It stays a unit test: it reads the connection, the rows an answer is read from and the
//! recount of the summaries, none of which is public.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::Serialize;

use super::totals::Rows;
use super::{ActorRef, ActorSummary, Dyad, DyadMonth, DyadOptions, Partner};
use crate::error::Result;
use crate::filter::EventFilter;
use crate::query::Page;
use crate::store::MergeInfo;
use crate::store::Store;
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
                event_type: event_type.parse().expect("a PLOVER type"),
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
        params.push(Value::Text(id.to_string()));
        let sql = format!(
            "SELECT x.partner, a.name, count(*), avg(x.g) FROM (
             SELECT e.target_id AS partner, e.goldstein AS g FROM events e
                 WHERE e.source_id = ? AND e.target_id IS NOT NULL AND {c}
             UNION ALL
             SELECT e.source_id, e.goldstein FROM events e
                 WHERE e.target_id = ? AND e.source_id IS NOT NULL AND {c}
         ) x JOIN actors a ON a.id = x.partner
         WHERE x.partner <> ?
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
        // The timeline shows every month between the first and the last, empty ones included.
        let timeline: Vec<(String, BTreeMap<String, u64>)> =
            detail.timeline.into_iter().map(|m| (m.month, m.by_type)).filter(|(_, t)| !t.is_empty()).collect();
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
             DROP TABLE actor_months; DROP TRIGGER actor_mentions_persons_insert;
             DROP TRIGGER actor_mentions_persons_delete; DROP INDEX actor_mentions_person;
             DROP TABLE persons; UPDATE schema_version SET version = 2;",
        )
        .unwrap();
    crate::schema::migrate(&mut store.conn).unwrap();
    assert_eq!(store.schema_version().unwrap(), crate::schema::SCHEMA_VERSION);
    assert_eq!(store.stats().unwrap(), before);
    assert_answers_as_version_2(&store);
    put_articles(&mut store, &mut rng, "a", 20);
    assert_answers_as_version_2(&store);
}
