//! The store's commands run in process on the store's hand-coded fixtures (moved here from
//! `dyad-store/tests/store.rs` with the commands).

use std::collections::HashMap;
use std::process::ExitCode;

use dyad_core::{Article, Event};
use dyad_store::Store;

use super::export::{ExportArgs, ExportFormat};
use super::ingest::IngestArgs;
use super::{DbArgs, FilterArgs};

const ARTICLES: &str = include_str!("../../../dyad-store/tests/fixtures/articles.jsonl");
const EVENTS: &str = include_str!("../../../dyad-store/tests/fixtures/events.jsonl");

fn articles() -> Vec<Article> {
    ARTICLES.lines().map(|l| serde_json::from_str(l).expect("fixture article")).collect()
}

/// A coder that returns the fixture events of the article.
fn coder() -> impl Fn(&Article) -> Vec<Event> {
    let mut by_article: HashMap<String, Vec<Event>> = HashMap::new();
    for line in EVENTS.lines() {
        let e: Event = serde_json::from_str(line).expect("fixture event");
        by_article.entry(e.article_id.clone()).or_default().push(e);
    }
    move |a: &Article| by_article.get(&a.id).cloned().unwrap_or_default()
}

fn args() -> FilterArgs {
    FilterArgs::default()
}

fn ingest_args(db: &std::path::Path) -> IngestArgs {
    IngestArgs {
        paths: vec!["fixtures".into()],
        db: DbArgs { db: db.into() },
        batch: 2,
        quiet: true,
        max_db_pages: None,
    }
}

#[test]
fn ingest_exits_1_when_an_input_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dyad.db");
    let good = articles().into_iter().map(Ok::<_, String>);
    assert_eq!(ingest_args(&db).run(good, &coder()).unwrap(), ExitCode::SUCCESS);
    let bad = [Err::<Article, _>("x.jsonl:1: not JSON".to_string())];
    assert_eq!(ingest_args(&db).run(bad, &coder()).unwrap(), ExitCode::from(1));
    assert_eq!(Store::open_read_only(&db).unwrap().stats().unwrap().events, 7);
}

#[test]
fn export_writes_each_format_and_refuses_bad_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dyad.db");
    ingest_args(&db).run(articles().into_iter().map(Ok::<_, String>), &coder()).unwrap();
    for (format, name) in
        [(ExportFormat::Parquet, "e.parquet"), (ExportFormat::Csv, "e.csv"), (ExportFormat::Jsonl, "e.jsonl")]
    {
        let out = dir.path().join(name);
        let args = ExportArgs {
            db: DbArgs { db: db.clone() },
            filter: FilterArgs { actor: Some("VNM".into()), ..args() },
            format,
            out: out.clone(),
            limit: None,
        };
        assert_eq!(args.run().unwrap(), ExitCode::SUCCESS);
        assert!(std::fs::metadata(&out).unwrap().len() > 0, "{name}");
    }
    let jsonl = std::fs::read_to_string(dir.path().join("e.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 2);

    let bad = ExportArgs {
        db: DbArgs { db: db.clone() },
        filter: FilterArgs { since: Some("not-a-date".into()), ..args() },
        format: ExportFormat::Csv,
        out: dir.path().join("bad.csv"),
        limit: None,
    };
    let err = bad.run().unwrap_err().to_string();
    assert!(err.contains("not a date") && err.contains("hint:"), "{err}");

    let missing = ExportArgs {
        db: DbArgs { db: dir.path().join("missing.db") },
        filter: args(),
        format: ExportFormat::Csv,
        out: dir.path().join("m.csv"),
        limit: None,
    };
    assert!(missing.run().unwrap_err().to_string().contains("no store"));
}
