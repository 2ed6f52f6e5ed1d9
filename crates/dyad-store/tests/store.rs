//! Integration tests of the store: ingest, re-ingest, filters, aggregates and exports, on the
//! hand-coded corpus in `fixtures/`.

use std::collections::HashMap;

use dyad_core::{Article, Event};
use dyad_store::{ingest, DyadOptions, ErrorCode, EventFilter, FilterArgs, IngestOptions, Page, Store};

const ARTICLES: &str = include_str!("fixtures/articles.jsonl");
const EVENTS: &str = include_str!("fixtures/events.jsonl");

fn articles() -> Vec<Article> {
    ARTICLES.lines().map(|l| serde_json::from_str(l).expect("fixture article")).collect()
}

fn events() -> Vec<Event> {
    EVENTS.lines().map(|l| serde_json::from_str(l).expect("fixture event")).collect()
}

/// A coder that returns the fixture events of the article.
fn coder() -> impl Fn(&Article) -> Vec<Event> {
    let mut by_article: HashMap<String, Vec<Event>> = HashMap::new();
    for e in events() {
        by_article.entry(e.article_id.clone()).or_default().push(e);
    }
    move |a: &Article| by_article.get(&a.id).cloned().unwrap_or_default()
}

fn quiet() -> IngestOptions {
    IngestOptions { batch_size: 2, progress: false }
}

fn loaded() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let inputs = articles().into_iter().map(Ok::<_, String>);
    let report = ingest(&mut store, inputs, &coder(), quiet()).unwrap();
    assert_eq!((report.articles, report.events, report.replaced), (3, 7, 0));
    assert!(!report.failed());
    store
}

fn filter(args: FilterArgs) -> EventFilter {
    args.parse().unwrap()
}

fn ids(store: &Store, args: FilterArgs) -> Vec<String> {
    let mut out: Vec<String> = store
        .events(&filter(args), Page::ALL)
        .unwrap()
        .into_iter()
        .map(|e| format!("{}:{}", e.event.article_id, e.event.event_type))
        .collect();
    out.sort();
    out
}

fn args() -> FilterArgs {
    FilterArgs::default()
}

mod ingesting {
    use super::*;

    #[test]
    fn reingest_replaces_and_never_duplicates() {
        let mut store = loaded();
        let before = store.stats().unwrap();
        let inputs = articles().into_iter().map(Ok::<_, String>);
        let report = ingest(&mut store, inputs, &coder(), quiet()).unwrap();
        assert_eq!((report.articles, report.replaced, report.events), (3, 3, 7));
        let after = store.stats().unwrap();
        assert_eq!(before.articles, after.articles);
        assert_eq!(before.events, after.events);
        assert_eq!(before.actors, after.actors);
        assert_eq!(after.events, 7);
    }

    #[test]
    fn reingest_with_fewer_events_drops_the_old_rows_and_orphan_actors() {
        let mut store = loaded();
        let ru_ua = articles().into_iter().find(|a| a.id == "ru-ua-3").unwrap();
        let only_first: Vec<Event> = events().into_iter().filter(|e| e.article_id == "ru-ua-3").take(1).collect();
        let report = ingest(&mut store, [Ok::<_, String>(ru_ua)], &|_| only_first.clone(), quiet()).unwrap();
        assert_eq!(report.replaced, 1);
        assert_eq!(store.count_events(&filter(FilterArgs { article: Some("ru-ua-3".into()), ..args() })).unwrap(), 1);
        assert_eq!(store.stats().unwrap().events, 6);
        // UN still acts in vn-lao-1; nothing is orphaned, but the REQUEST is gone.
        assert!(ids(&store, FilterArgs { event_type: Some("REQUEST".into()), ..args() }).is_empty());
        // Now drop every event of ru-ua-3: RUS and UKR are orphaned and pruned.
        let ru_ua = articles().into_iter().find(|a| a.id == "ru-ua-3").unwrap();
        ingest(&mut store, [Ok::<_, String>(ru_ua)], &|_| Vec::new(), quiet()).unwrap();
        assert!(store.resolve_actor("RUS").unwrap().is_empty());
        assert_eq!(store.stats().unwrap().actors, 5);
    }

    #[test]
    fn bad_inputs_are_reported_and_skipped_and_the_rest_is_kept() {
        let mut store = Store::open_in_memory().unwrap();
        let mut inputs: Vec<Result<Article, String>> = articles().into_iter().map(Ok).collect();
        inputs.insert(1, Err("broken.jsonl:3: expected value".into()));
        inputs.push(Ok(Article { id: "".into(), text: "no id".into(), ..Article::default() }));
        inputs.push(Ok(Article { id: "boom".into(), text: "panics".into(), ..Article::default() }));
        let code = coder();
        let report = ingest(
            &mut store,
            inputs,
            &|a: &Article| {
                assert!(a.id != "boom", "coder bug");
                code(a)
            },
            quiet(),
        )
        .unwrap();
        assert!(report.failed());
        assert_eq!((report.articles, report.events), (3, 7));
        let skipped: Vec<(&str, &str)> = report.skipped.iter().map(|s| (s.input.as_str(), s.reason.as_str())).collect();
        assert_eq!(skipped[0], ("#2", "broken.jsonl:3: expected value"));
        assert_eq!(skipped[1], ("#5", "article has no id"));
        assert_eq!(skipped[2].0, "boom");
        assert!(skipped[2].1.contains("coder bug"), "{}", skipped[2].1);
        assert!(report.to_string().contains("3 inputs skipped"));
        assert_eq!(store.stats().unwrap().articles, 3);
    }

    #[test]
    fn a_file_store_reopens_read_only_at_the_current_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dyad.db");
        {
            let mut store = Store::open(&path).unwrap();
            let inputs = articles().into_iter().map(Ok::<_, String>);
            ingest(&mut store, inputs, &coder(), quiet()).unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), dyad_store::schema::SCHEMA_VERSION);
        drop(store);
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(store.stats().unwrap().events, 7);
        let missing = Store::open_read_only(dir.path().join("missing.db")).unwrap_err();
        assert_eq!(missing.code(), ErrorCode::NotFound);
    }

    fn rows(path: &std::path::Path) -> Vec<(i64, String, String)> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT e.id, e.article_id, a.ingested_at FROM events e
                 JOIN articles a ON a.id = e.article_id ORDER BY e.id",
            )
            .unwrap();
        let rows =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap();
        rows
    }

    /// What a resumed or repeated ingest relies on: an article stored exactly as it is now
    /// coded keeps its rows (and is not merged again); a changed one is replaced.
    #[test]
    fn reingesting_an_unchanged_article_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dyad.db");
        let mut store = Store::open(&path).unwrap();
        let inputs = articles().into_iter().map(Ok::<_, String>);
        ingest(&mut store, inputs, &coder(), quiet()).unwrap();
        let before = rows(&path);
        std::thread::sleep(std::time::Duration::from_millis(1100)); // ingested_at has seconds
        let inputs = articles().into_iter().map(Ok::<_, String>);
        let report = ingest(&mut store, inputs, &coder(), quiet()).unwrap();
        assert_eq!((report.articles, report.replaced, report.unchanged, report.events), (3, 3, 3, 7));
        assert_eq!(rows(&path), before, "unchanged articles keep their rows");

        let mut changed = articles();
        changed[0].title = Some("A new headline".into());
        let id = changed[0].id.clone();
        let report = ingest(&mut store, changed.into_iter().map(Ok::<_, String>), &coder(), quiet()).unwrap();
        assert_eq!((report.articles, report.replaced, report.unchanged), (3, 3, 2));
        let after = rows(&path);
        assert_eq!(after.len(), before.len());
        let (kept, replaced): (Vec<_>, Vec<_>) = before.iter().partition(|r| r.1 != id);
        for row in kept {
            assert!(after.contains(row), "{row:?} was rewritten");
        }
        for row in replaced {
            assert!(!after.contains(row), "{row:?} was kept");
        }
    }

    #[test]
    fn storage_failures_name_the_file_and_say_what_happened() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open(dir.path()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Internal);
        let text = err.to_string();
        assert!(text.contains(&dir.path().display().to_string()) && text.contains("is a folder"), "{text}");
        assert!(err.hint().is_some());

        let path = dir.path().join("small.db");
        let mut store = Store::open(&path).unwrap();
        // Room for a few batches beyond the empty schema.
        let empty: i64 =
            rusqlite::Connection::open(&path).unwrap().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
        store.limit_pages(empty as u64 + 10).unwrap();
        let big: Vec<Article> = (0..200)
            .map(|i| Article { id: format!("big-{i}"), text: format!("{i} ").repeat(2000), ..Article::default() })
            .collect();
        let options = IngestOptions { batch_size: 4, progress: false };
        let err = ingest(&mut store, big.into_iter().map(Ok::<_, String>), &|_| Vec::new(), options).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("the disk is full: cannot write to the store"), "{text}");
        assert!(text.contains(&path.display().to_string()), "{text}");
        let kept = store.stats().unwrap().articles;
        assert!(kept > 0 && kept.is_multiple_of(4), "{kept} articles kept");
        assert!(text.contains(&format!("{kept} articles of this run were stored")), "{text}");
    }

    #[test]
    fn near_duplicate_links_go_from_the_later_article_to_the_earlier() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dyad.db");
        let mut store = Store::open(&path).unwrap();
        let mut all = articles();
        let (first, second) = (all.remove(0), all.remove(0));
        let batch = store.batch().unwrap();
        batch.put_merged(&first, &[], &[], &[]).unwrap();
        batch.put_merged(&second, &[], &[], &[(first.id.clone(), 0.9)]).unwrap();
        // The first stored again, now finding the second among the near-duplicates.
        batch.put_merged(&first, &[], &[], &[(second.id.clone(), 0.9)]).unwrap();
        batch.commit().unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let links: Vec<(String, String)> = conn
            .prepare("SELECT article_id, duplicate_of FROM article_links")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(links, [(second.id.clone(), first.id.clone())]);
    }

    /// A merged event's representative, source count and `rep` flags as a full recount gives
    /// them, against what the store keeps up to date as reports come and go.
    /// Merged events as (id, representative event, source count).
    type Merged = Vec<(String, i64, i64)>;

    fn merged_state(conn: &rusqlite::Connection) -> (Merged, Merged, Vec<i64>) {
        let query = |sql: &str| -> Merged {
            let mut stmt = conn.prepare(sql).unwrap();
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
            rows.collect::<Result<_, _>>().unwrap()
        };
        let kept = query("SELECT id, event_id, source_count FROM merged_events ORDER BY id");
        let recounted = query(
            "SELECT m.merged_id,
                    (SELECT s.event_id FROM event_sources s JOIN events e ON e.id = s.event_id
                     WHERE s.merged_id = m.merged_id ORDER BY e.confidence DESC, s.event_id LIMIT 1),
                    count(DISTINCT m.article_id)
             FROM event_sources m GROUP BY m.merged_id ORDER BY m.merged_id",
        );
        let mut stmt = conn.prepare("SELECT id FROM events WHERE rep = 1 ORDER BY id").unwrap();
        let reps = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
        (kept, recounted, reps)
    }

    /// Merged events that only gain reports are updated from what they gained (the work does
    /// not grow with the copies of a story); the result must be what a full recount gives,
    /// through new representatives, ties, headline-and-body reports and replaced articles.
    #[test]
    fn merged_events_kept_up_to_date_equal_a_full_recount() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dyad.db");
        let mut store = Store::open(&path).unwrap();
        let template = events().remove(0);
        let base = articles().remove(0);
        let merge = |id: &str| dyad_store::MergeInfo { merged_id: id.into(), reason: Some("same".into()) };
        // (article, [(confidence, merged id)]): later articles join, one beats the
        // representative, one ties it, one reports the event twice, one is stored again.
        let plan: &[(&str, &[(f32, &str)])] = &[
            ("a1", &[(0.5, "m1")]),
            ("a2", &[(0.5, "m1"), (0.4, "m2")]),
            ("a3", &[(0.9, "m1")]),
            ("a4", &[(0.9, "m1"), (0.95, "m2")]),
            ("a5", &[(0.7, "m2"), (0.8, "m2")]),
            ("a3", &[(0.2, "m1")]),
            ("a6", &[(0.3, "m1")]),
        ];
        for (n, (article_id, reports)) in plan.iter().enumerate() {
            let article = Article { id: article_id.to_string(), ..base.clone() };
            let events: Vec<Event> = reports
                .iter()
                .enumerate()
                .map(|(i, (confidence, _))| {
                    let mut e = template.clone();
                    e.article_id = article.id.clone();
                    e.confidence = *confidence;
                    e.span = dyad_core::CharSpan { start: e.span.start + i, end: e.span.end + i };
                    e
                })
                .collect();
            let merges: Vec<_> = reports.iter().map(|(_, id)| merge(id)).collect();
            let batch = store.batch().unwrap();
            batch.put_merged(&article, &events, &merges, &[]).unwrap();
            batch.commit().unwrap();
            let conn = rusqlite::Connection::open(&path).unwrap();
            let (kept, recounted, reps) = merged_state(&conn);
            assert_eq!(kept, recounted, "after step {n} ({article_id})");
            let mut wanted: Vec<i64> = kept.iter().map(|m| m.1).collect();
            wanted.sort();
            assert_eq!(reps, wanted, "one representative per merged event after step {n}");
        }
    }
}

mod filtering {
    use super::*;

    #[test]
    fn actor_by_id_or_name_on_either_side() {
        let store = loaded();
        let un = ["ru-ua-3:REQUEST", "vn-lao-1:SUPPORT"];
        assert_eq!(ids(&store, FilterArgs { actor: Some("UN".into()), ..args() }), un);
        assert_eq!(ids(&store, FilterArgs { actor: Some("united nations".into()), ..args() }), un);
        assert_eq!(ids(&store, FilterArgs { source: Some("UN".into()), ..args() }), ["vn-lao-1:SUPPORT"]);
        assert_eq!(ids(&store, FilterArgs { target: Some("un".into()), ..args() }), ["ru-ua-3:REQUEST"]);
        assert!(ids(&store, FilterArgs { actor: Some("Atlantis".into()), ..args() }).is_empty());
    }

    #[test]
    fn type_context_and_article() {
        let store = loaded();
        assert_eq!(
            ids(&store, FilterArgs { event_type: Some("support,agree".into()), ..args() }),
            ["vn-lao-1:AGREE", "vn-lao-1:SUPPORT", "vn-lao-1:SUPPORT"]
        );
        assert_eq!(
            ids(&store, FilterArgs { context: Some("military,cyber".into()), ..args() }),
            ["ru-ua-3:ASSAULT", "us-cn-2:ACCUSE"]
        );
        assert_eq!(ids(&store, FilterArgs { article: Some("us-cn-2".into()), ..args() }).len(), 2);
        assert_eq!(
            ids(
                &store,
                FilterArgs {
                    source: Some("VNM".into()),
                    target: Some("Laos".into()),
                    event_type: Some("AGREE".into()),
                    ..args()
                }
            ),
            ["vn-lao-1:AGREE"]
        );
    }

    #[test]
    fn since_and_until_respect_date_precision() {
        let store = loaded();
        // The REJECT is dated 2024-03 (a month): it reaches into since=2024-03-15.
        assert_eq!(
            ids(&store, FilterArgs { since: Some("2024-03-15".into()), ..args() }),
            ["us-cn-2:ACCUSE", "us-cn-2:REJECT"]
        );
        assert_eq!(
            ids(&store, FilterArgs { until: Some("2023".into()), ..args() }),
            ["ru-ua-3:ASSAULT", "ru-ua-3:REQUEST"]
        );
        // The UN's SUPPORT has no date of its own: it takes its article's publication date.
        assert_eq!(
            ids(&store, FilterArgs { since: Some("2024-03-05".into()), until: Some("2024-03-05".into()), ..args() }),
            ["us-cn-2:REJECT", "vn-lao-1:AGREE", "vn-lao-1:SUPPORT", "vn-lao-1:SUPPORT"]
        );
    }

    #[test]
    fn pages_are_latest_first_and_stable() {
        let store = loaded();
        let all = store.events(&EventFilter::default(), Page::ALL).unwrap();
        assert_eq!(all.len(), 7);
        let days: Vec<&str> = all.iter().map(|e| e.day.as_deref().unwrap()).collect();
        let mut sorted = days.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(days, sorted);
        let page = store.events(&EventFilter::default(), Page { limit: Some(3), offset: 2 }).unwrap();
        assert_eq!(page, all[2..5]);
        let tail = store.events(&EventFilter::default(), Page { limit: None, offset: 5 }).unwrap();
        assert_eq!(tail, all[5..]);
    }

    #[test]
    fn actor_pages_match_slices_of_the_whole_result() {
        let store = loaded();
        for actor in ["UN", "USA", "laos", "Ukraine", "nobody"] {
            for extra in [None, Some("SUPPORT,REQUEST,REJECT")] {
                let f =
                    filter(FilterArgs { actor: Some(actor.into()), event_type: extra.map(str::to_string), ..args() });
                let all = store.events(&f, Page::ALL).unwrap();
                for (limit, offset) in [(1, 0), (1, 1), (2, 1), (5, 0), (3, 7)] {
                    let page = store.events(&f, Page { limit: Some(limit), offset }).unwrap();
                    let end = (offset + limit).min(all.len());
                    let want = if offset < all.len() { &all[offset..end] } else { &[][..] };
                    assert_eq!(page, want, "{actor} {extra:?} {limit} {offset}");
                }
            }
        }
    }

    #[test]
    fn bad_filter_values_are_user_errors() {
        for bad in [
            FilterArgs { since: Some("not-a-date".into()), ..args() },
            FilterArgs { event_type: Some("FIGHT".into()), ..args() },
        ] {
            let e = bad.parse().unwrap_err();
            assert_eq!(e.code(), ErrorCode::BadFilter);
            assert_eq!(e.code().as_str(), "bad_filter");
        }
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let store = loaded();
        assert_eq!(store.event(999).unwrap_err().code(), ErrorCode::NotFound);
        assert_eq!(store.article("nope").unwrap_err().code(), ErrorCode::NotFound);
        assert_eq!(store.actor("nope", 5).unwrap_err().code(), ErrorCode::NotFound);
    }
}

/// Persons as people type them, on an article of a visit (`fixtures/persons.jsonl`, coded by
/// the coder when the fixture was written): who they are, what body they acted for, and their
/// events.
mod persons {
    use super::*;

    const VISIT: &str = include_str!("fixtures/persons.jsonl");
    const VISIT_EVENTS: &str = include_str!("fixtures/persons-events.jsonl");

    fn visit() -> (Article, Vec<Event>) {
        let article = serde_json::from_str(VISIT.trim()).unwrap();
        (article, VISIT_EVENTS.lines().map(|l| serde_json::from_str(l).unwrap()).collect())
    }

    fn with_visit() -> Store {
        let mut store = loaded();
        let (article, events) = visit();
        store.put(&article, &events).unwrap();
        store
    }

    fn found(store: &Store, q: &str) -> Vec<String> {
        let persons = store.suggest_persons(q, 10).unwrap();
        persons
            .iter()
            .map(|p| format!("{} — {}, {}", p.person, p.acts_for.id, p.role.as_deref().unwrap_or("")))
            .collect()
    }

    fn person_events(store: &Store, person: &str) -> Vec<String> {
        ids(store, FilterArgs { person: Some(person.into()), ..args() })
    }

    #[test]
    fn a_surname_finds_the_person_with_the_body_they_act_for_and_their_role() {
        let store = with_visit();
        let lacroix = ["Jean-Pierre Lacroix — UN, Under-Secretary-General"];
        assert_eq!(found(&store, "Lacroix"), lacroix);
        assert_eq!(found(&store, "lacroix"), lacroix);
        assert_eq!(found(&store, "jean-pierre"), lacroix);
        assert_eq!(found(&store, "pierre"), lacroix, "a word after a hyphen");
        let p = &store.suggest_persons("lacroix", 10).unwrap()[0];
        assert_eq!((p.acts_for.name.as_str(), p.acts_for.kind.as_str()), ("the United Nations Organization", "igo"));
        assert_eq!(p.mentions, 4);
        assert!(found(&store, "Atlantis").is_empty());
        assert!(found(&store, "  ").is_empty());
    }

    #[test]
    fn accents_and_case_aside() {
        let store = with_visit();
        // Named twice, once with the role the sentence gives and once with the list's: the
        // shorter wins the tie.
        assert_eq!(found(&store, "Nguyen Xuan Phuc"), ["Nguyễn Xuân Phúc — VNM, President"]);
        assert_eq!(found(&store, "PHÚC"), ["Nguyễn Xuân Phúc — VNM, President"]);
        assert_eq!(found(&store, "dang hoang giang"), ["Đặng Hoàng Giang — VNM, Deputy Foreign Minister"]);
        // "giang" at a word: two persons, both mentioned once, in name order.
        assert_eq!(
            found(&store, "giang"),
            ["Phan Văn Giang — VNM, Defence Minister", "Đặng Hoàng Giang — VNM, Deputy Foreign Minister"]
        );
    }

    #[test]
    fn person_filter_finds_their_events_on_either_side() {
        let store = with_visit();
        let lacroix = ["un-vn-visit:CONSULT", "un-vn-visit:CONSULT", "un-vn-visit:REQUEST", "un-vn-visit:SUPPORT"];
        assert_eq!(person_events(&store, "Jean-Pierre Lacroix"), lacroix);
        assert_eq!(person_events(&store, "jean-pierre LACROIX"), lacroix);
        assert_eq!(person_events(&store, "lacroix"), lacroix, "a surname alone");
        // As target of the meeting, as source of the praise.
        assert_eq!(person_events(&store, "nguyen xuan phuc"), ["un-vn-visit:CONSULT", "un-vn-visit:SUPPORT"]);
        assert_eq!(person_events(&store, "Giang").len(), 2, "every person of that name");
        assert!(person_events(&store, "Nobody").is_empty());
        let f = filter(FilterArgs { person: Some("Lacroix".into()), event_type: Some("CONSULT".into()), ..args() });
        assert_eq!(store.count_events(&f).unwrap(), 2);
        let f = filter(FilterArgs { person: Some("Lacroix".into()), actor: Some("VNM".into()), ..args() });
        assert_eq!(store.events(&f, Page::first(2)).unwrap().len(), 2);
        let f = filter(FilterArgs { person: Some("Lacroix".into()), article: Some("un-vn-visit".into()), ..args() });
        assert_eq!(store.count_events(&f).unwrap(), 4);
        let actors =
            store.actors(&filter(FilterArgs { person: Some("Lacroix".into()), ..args() }), Page::ALL, 3).unwrap();
        assert_eq!(actors.iter().map(|a| (a.id.as_str(), a.events)).collect::<Vec<_>>(), [("UN", 4), ("VNM", 4)]);
        let e = FilterArgs { person: Some(" ".into()), ..args() }.parse().unwrap_err();
        assert_eq!(e.code(), ErrorCode::BadFilter);
    }

    #[test]
    fn reingesting_and_deleting_keep_the_persons_up_to_date() {
        let mut store = with_visit();
        let (article, events) = visit();
        store.put(&article, &events).unwrap();
        assert_eq!(store.suggest_persons("lacroix", 10).unwrap()[0].mentions, 4, "not counted twice");
        // Coded again with only its first three events: the minister and the praise are gone.
        store.put(&article, &events[..3]).unwrap();
        assert_eq!(store.suggest_persons("lacroix", 10).unwrap()[0].mentions, 2);
        assert!(found(&store, "Phan Van Giang").is_empty());
        assert_eq!(found(&store, "phuc"), ["Nguyễn Xuân Phúc — VNM, Chairman, Government Office"]);
        store.put(&article, &[]).unwrap();
        assert!(found(&store, "lacroix").is_empty());
    }
}

mod reading {
    use super::*;

    #[test]
    fn stored_events_are_the_coded_events() {
        let store = loaded();
        let view = store.article("vn-lao-1").unwrap();
        let coded: Vec<Event> = events().into_iter().filter(|e| e.article_id == "vn-lao-1").collect();
        let stored: Vec<Event> = view.events.iter().map(|e| e.event.clone()).collect();
        assert_eq!(stored, coded);
        assert_eq!(view.article.title.as_deref(), Some("Vietnam and Laos sign cooperation deal"));
        // Spans are code point offsets into the stored text.
        let chars: Vec<char> = view.article.text.chars().collect();
        for e in &view.events {
            let s: String = chars[e.event.span.start..e.event.span.end].iter().collect();
            assert_eq!(s, e.event.sentence);
        }
        let one = store.event(view.events[0].id).unwrap();
        assert_eq!(one, view.events[0]);
        assert_eq!(one.goldstein, Some(8.0));
    }

    #[test]
    fn actors_with_counts_and_partners() {
        let store = loaded();
        let actors = store.actors(&EventFilter::default(), Page::ALL, 3).unwrap();
        let vnm = actors.iter().find(|a| a.id == "VNM").unwrap();
        assert_eq!((vnm.events, vnm.as_source, vnm.as_target), (2, 2, 0));
        assert_eq!(vnm.partners[0].id, "LAO");
        assert_eq!(vnm.partners[0].events, 2);
        let un = actors.iter().find(|a| a.id == "UN").unwrap();
        assert_eq!((un.events, un.as_source, un.as_target, un.kind.as_str()), (2, 1, 1, "igo"));
        assert_eq!(actors.len(), 7);
        assert!(actors.windows(2).all(|w| w[0].events >= w[1].events));

        let detail = store.actor("USA", 5).unwrap();
        assert_eq!(detail.by_type.get("ACCUSE"), Some(&1));
        assert_eq!(detail.by_type.get("REJECT"), Some(&1));
        let months: Vec<&str> = detail.timeline.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(months, ["2024-03", "2024-04"]);
        assert_eq!(detail.summary.partners[0].id, "CHN");
    }

    #[test]
    fn dyads_count_types_and_score_months() {
        let store = loaded();
        let dyads = store.dyads(&EventFilter::default(), DyadOptions::default()).unwrap();
        let vl = &dyads[0];
        assert_eq!((vl.source.id.as_str(), vl.target.id.as_str(), vl.events), ("VNM", "LAO", 2));
        assert_eq!(vl.by_type.get("AGREE"), Some(&1));
        assert_eq!(vl.monthly.len(), 1);
        assert_eq!(vl.monthly[0].month, "2024-03");
        // 057 (sign agreement) scores 8, 051 (praise) 3.4.
        assert!((vl.goldstein_mean.unwrap() - 5.7).abs() < 1e-9);

        let undirected =
            store.dyads(&EventFilter::default(), DyadOptions { undirected: true, limit: Some(1) }).unwrap();
        assert_eq!(undirected.len(), 1);
        let cn_us = store
            .dyads(
                &filter(FilterArgs { actor: Some("USA".into()), ..args() }),
                DyadOptions { undirected: true, limit: None },
            )
            .unwrap();
        assert_eq!(cn_us.len(), 1);
        assert_eq!((cn_us[0].source.id.as_str(), cn_us[0].events), ("CHN", 2));
        assert_eq!(cn_us[0].monthly.len(), 2);
        assert!(cn_us[0].goldstein_mean.unwrap() < 0.0);
    }
}

mod exporting {
    use super::*;
    use dyad_store::export::{CsvSink, EventSink, JsonlSink, ParquetSink};

    fn write(store: &Store, sink: &mut dyn EventSink) {
        store.for_each_event(&EventFilter::default(), Page::ALL, |e| sink.write(&e)).unwrap();
    }

    #[test]
    fn jsonl_is_the_code_contract() {
        let store = loaded();
        let mut buf = Vec::new();
        let mut sink = Box::new(JsonlSink::new(&mut buf));
        write(&store, sink.as_mut());
        sink.finish().unwrap();
        let text = String::from_utf8(buf).unwrap();
        let mut back: Vec<Event> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let mut coded = events();
        let key = |e: &Event| (e.article_id.clone(), e.span.start);
        back.sort_by_key(key);
        coded.sort_by_key(key);
        assert_eq!(back, coded);
        // The contract, with the merged event's reports added and no other store fields.
        assert!(!text.contains("\"goldstein\""));
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let n = v["source_count"].as_u64().unwrap();
            assert!(n >= 1);
            let articles: std::collections::BTreeSet<&str> =
                v["sources"].as_array().unwrap().iter().map(|s| s["article_id"].as_str().unwrap()).collect();
            assert_eq!(articles.len() as u64, n, "source_count counts distinct articles: {line}");
        }
    }

    #[test]
    fn csv_has_a_header_and_a_flat_row_per_event() {
        let store = loaded();
        let mut buf = Vec::new();
        let mut sink = Box::new(CsvSink::new(&mut buf));
        write(&store, sink.as_mut());
        sink.finish().unwrap();
        let mut reader = csv::Reader::from_reader(buf.as_slice());
        let header = reader.headers().unwrap().clone();
        assert_eq!(&header[0], "id");
        assert!(header.iter().any(|h| h == "source_id"));
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 7);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let agree = rows.iter().find(|r| &r[col("event_type")] == "AGREE").unwrap();
        assert_eq!(&agree[col("goldstein")], "8.0");
        assert_eq!(&agree[col("contexts")], "education");
        assert_eq!(&agree[col("commitment_kind")], "agreement");
        // Why the event is there: the rule that fired and how each actor was found.
        assert!(agree[col("rule")].starts_with("pattern:"), "{:?}", &agree[col("rule")]);
        assert!(!agree[col("source_how")].is_empty());
    }

    #[test]
    fn parquet_reads_back_with_typed_columns() {
        use arrow::array::{Array, Date32Array, Float64Array, Int64Array, ListArray};
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

        let store = loaded();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.parquet");
        let mut sink = Box::new(ParquetSink::new(std::fs::File::create(&path).unwrap()).unwrap());
        write(&store, sink.as_mut());
        sink.finish().unwrap();

        let reader =
            ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap()).unwrap().build().unwrap();
        let batches: Vec<_> = reader.map(Result::unwrap).collect();
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(rows, 7);
        let b = &batches[0];
        let ids = b.column_by_name("id").unwrap().as_any().downcast_ref::<Int64Array>().unwrap();
        assert!(ids.values().iter().all(|&id| id > 0));
        let g = b.column_by_name("goldstein").unwrap().as_any().downcast_ref::<Float64Array>().unwrap();
        assert!(g.iter().flatten().any(|x| x == 8.0));
        let published = b.column_by_name("published").unwrap().as_any().downcast_ref::<Date32Array>().unwrap();
        assert_eq!(published.len(), 7);
        assert!(b.column_by_name("day").is_none(), "no column mixes event and publication dates");
        let confidence = b.column_by_name("confidence").unwrap().as_any().downcast_ref::<Float64Array>().unwrap();
        assert!(confidence.values().iter().all(|&c| (c * 100.0).round() / 100.0 == c), "{confidence:?}");
        let contexts = b.column_by_name("contexts").unwrap().as_any().downcast_ref::<ListArray>().unwrap();
        assert_eq!(contexts.len(), 7);
        let text = |name: &str| {
            b.column_by_name(name).unwrap().as_any().downcast_ref::<arrow::array::StringArray>().unwrap().clone()
        };
        assert!(text("rule").iter().flatten().all(|r| r.starts_with("pattern:")));
        assert_eq!(text("rule").null_count(), 0);
        assert!(text("source_how").iter().flatten().any(|h| h == "gazetteer"));
    }

    #[test]
    fn month_partitions_are_hive_folders_with_the_export_schema() {
        use arrow::array::{Array, Date32Array, Int64Array, ListArray, StringArray};
        use dyad_store::export::{parquet_schema, MonthPartitions};
        use dyad_store::StoredEvent;
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

        let store = loaded();
        let events = store.events(&EventFilter::default(), Page::ALL).unwrap();
        // Seven events dated in two months, by year only and not at all, with their articles'
        // publication dates; more months than files may be open at once, so that one month is
        // written in two files.
        let dates = [
            ("2023-01-17", Some("2023-02-01")),
            ("2023", Some("2023-01-17")),
            ("2023-02-03", None),
            ("2023", Some("2024-01-17")),
            ("", None),
            ("", Some("2023-01-20")),
            ("2023-02", Some("2023-01-17")),
        ];
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("events");
        let mut sink = Box::new(MonthPartitions::create(&out).unwrap());
        let mut id = 0;
        for (stored, (date, published)) in events.iter().zip(dates) {
            let mut event = stored.event.clone();
            event.date = Some(date.to_string()).filter(|d| !d.is_empty());
            id += 1;
            sink.write(&StoredEvent::unstored(id, event, published.map(str::to_string))).unwrap();
            if id == 2 {
                // Fill the open files with other months, so that January is closed and reopened.
                for month in 1..=MonthPartitions::OPEN {
                    let mut event = stored.event.clone();
                    event.date = Some(format!("{}-01-01", 1990 + month));
                    id += 1;
                    sink.write(&StoredEvent::unstored(id, event, None)).unwrap();
                }
            }
        }
        sink.finish().unwrap();

        let read = |path: std::path::PathBuf| {
            let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let builder = ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
            assert_eq!(builder.schema().fields(), parquet_schema().fields());
            builder.build().unwrap().map(Result::unwrap).collect::<Vec<_>>()
        };
        let column = |batches: &[arrow::record_batch::RecordBatch], name: &str| -> Vec<String> {
            batches
                .iter()
                .flat_map(|b| {
                    let col = b.column_by_name(name).unwrap();
                    let any = col.as_any();
                    if let Some(text) = any.downcast_ref::<StringArray>() {
                        text.iter().map(|v| v.unwrap_or("null").to_string()).collect::<Vec<_>>()
                    } else if let Some(days) = any.downcast_ref::<Date32Array>() {
                        let day = |i| {
                            days.value_as_date(i).filter(|_| days.is_valid(i)).map_or("null".into(), |d| d.to_string())
                        };
                        (0..days.len()).map(day).collect()
                    } else {
                        any.downcast_ref::<Int64Array>().unwrap().values().iter().map(i64::to_string).collect()
                    }
                })
                .collect()
        };
        let january =
            [read(out.join("month=2023-01/part-0000.parquet")), read(out.join("month=2023-01/part-0001.parquet"))];
        assert_eq!(column(&january[0], "date"), ["2023-01-17", "2023"]);
        assert_eq!(column(&january[1], "date"), ["null"]);
        assert_eq!(column(&january[1], "id"), [format!("{}", 6 + MonthPartitions::OPEN)]);
        let february = read(out.join("month=2023-02/part-0000.parquet"));
        assert_eq!(column(&february, "date"), ["2023-02-03", "2023-02"]);
        let unknown = read(out.join("month=unknown/part-0000.parquet"));
        assert_eq!(column(&unknown, "date"), ["2023", "null"]);
        assert_eq!(column(&unknown, "published"), ["2024-01-17", "null"]);
        // One report of its own, the export's columns filled as `dyad code` knows them.
        assert_eq!(column(&unknown, "source_count"), ["1", "1"]);
        assert_eq!(column(&unknown, "merged_id"), ["null", "null"]);
        let sources = unknown[0].column_by_name("source_articles").unwrap();
        let sources = sources.as_any().downcast_ref::<ListArray>().unwrap();
        let first = sources.value(0);
        let first = first.as_any().downcast_ref::<StringArray>().unwrap();
        assert_eq!(first.value(0), column(&unknown, "article_id")[0]);
        let folders = std::fs::read_dir(&out).unwrap().count();
        assert_eq!(folders, 3 + MonthPartitions::OPEN, "three months and the filler years");
    }
}

#[test]
fn an_event_with_one_actor_on_both_sides_counts_once_among_its_events() {
    let mut store = Store::open_in_memory().unwrap();
    let article = articles().into_iter().next().unwrap();
    let mut event = events().into_iter().find(|e| e.article_id == article.id).unwrap();
    event.target = event.source.clone();
    let one = vec![event];
    let inputs = std::iter::once(Ok::<_, String>(article));
    ingest(&mut store, inputs, &|_: &Article| one.clone(), quiet()).unwrap();
    let actors = store.actors(&EventFilter::default(), Page::ALL, 0).unwrap();
    assert_eq!(actors.len(), 1);
    assert_eq!((actors[0].events, actors[0].as_source, actors[0].as_target), (1, 1, 1));
}

/// The summaries the aggregate queries read are written in the transactions that write the
/// events: a writer killed (SIGKILL) at any moment leaves them equal to a recount of the
/// events that were committed.
#[test]
fn summaries_survive_kill_9() {
    const CHILD: &str = "DYAD_STORE_KILL_TEST_DB";
    if let Some(db) = std::env::var_os(CHILD) {
        write_until_killed(std::path::Path::new(&db));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dyad.db");
    for round in 0..6u64 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "summaries_survive_kill_9", "--test-threads=1"])
            .env(CHILD, &db)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(150 + 97 * round));
        child.kill().unwrap();
        child.wait().unwrap();
        let store = Store::open(&db).unwrap();
        assert_eq!(store.summary_differences().unwrap(), Vec::<String>::new(), "round {round}");
        let stats = store.stats().unwrap();
        assert_eq!(stats.events, store.count_events(&EventFilter::default()).unwrap());
    }
    let store = Store::open_read_only(&db).unwrap();
    assert!(store.stats().unwrap().events > 0, "the writer wrote nothing");
}

/// Stores, replaces and empties articles of a pool of 300 ids in batches of 10, with some
/// events reported again by other articles, until killed.
fn write_until_killed(db: &std::path::Path) {
    use dyad_core::{Actor, ActorKind, CharSpan};
    use dyad_store::MergeInfo;
    let actor = |id: &str| Actor {
        id: id.into(),
        name: id.into(),
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
    };
    let ids = ["VNM", "LAO", "USA", "CHN", "UN"];
    let types = [("AGREE", "057"), ("ACCUSE", "112"), ("ASSAULT", "190")];
    let mut store = Store::open(db).unwrap();
    let mut n: usize = std::process::id() as usize;
    let mut next = move |m: usize| {
        n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (n >> 33) % m
    };
    for _ in 0..100_000 {
        let batch = store.batch().unwrap();
        for _ in 0..10 {
            let id = format!("k{}", next(300));
            let article = Article {
                id: id.clone(),
                published: Some(format!("2024-0{}-1{}", 1 + next(9), next(10))),
                text: "x".repeat(300),
                ..Article::default()
            };
            let events: Vec<Event> = (0..next(5))
                .map(|i| {
                    let (event_type, cameo) = types[next(types.len())];
                    let target = next(ids.len() + 1);
                    Event {
                        article_id: id.clone(),
                        event_type: event_type.parse().expect("a PLOVER type"),
                        mode: None,
                        contexts: vec![],
                        cameo: cameo.into(),
                        source: Some(actor(ids[next(ids.len())])),
                        target: ids.get(target).map(|t| actor(t)),
                        date: None,
                        date_precision: None,
                        period: None,
                        location: None,
                        commitment: None,
                        confidence: 0.5 + next(5) as f32 / 10.0,
                        sentence: "x".repeat(10),
                        span: CharSpan { start: i * 50, end: i * 50 + 10 },
                        trigger: CharSpan { start: i * 50, end: i * 50 + 1 },
                        trigger_text: "x".into(),
                        rule: String::new(),
                    }
                })
                .collect();
            let merges: Vec<MergeInfo> =
                events.iter().map(|_| MergeInfo { merged_id: format!("m{}", next(50)), reason: None }).collect();
            batch.put_merged(&article, &events, &merges, &[]).unwrap();
        }
        batch.commit().unwrap();
    }
}
