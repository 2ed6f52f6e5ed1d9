//! Serves a store built from the test fixtures (the e2e test's server).
//!
//! `cargo run -p dyad-serve --example fixture_server -- DB ADDR` replaces DB with a store of
//! the three fixture articles and their hand-coded events, plus a pledge and its delivery told by
//! two outlets (one merged event with two sources, following the pledge up), and Vietnam and the
//! UN in 2023–2024 (events both ways, a memorandum with its period, a pledge and a request, as
//! the coder coded them when the fixture was written), and a long article of a visit in 2022
//! whose events name persons (Jean-Pierre Lacroix for the UN, Nguyễn Xuân Phúc for Vietnam),
//! then serves it at ADDR until killed.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use dyad_core::{Article, Event};
use dyad_serve::AppConfig;
use dyad_store::{ingest, IngestOptions, Store};

const ARTICLES: &str = include_str!("../../dyad-store/tests/fixtures/articles.jsonl");
const EVENTS: &str = include_str!("../../dyad-store/tests/fixtures/events.jsonl");
/// The analyst's question of issue 15: what did Vietnam and the UN do together in 2023?
const VN_UN_ARTICLES: &str = include_str!("../../dyad-store/tests/fixtures/vn-un.jsonl");
const VN_UN_EVENTS: &str = include_str!("../../dyad-store/tests/fixtures/vn-un-events.jsonl");
/// Persons in the actor box, and an article long enough that its later events are off screen.
const PERSONS: &str = include_str!("../../dyad-store/tests/fixtures/persons.jsonl");
const PERSONS_EVENTS: &str = include_str!("../../dyad-store/tests/fixtures/persons-events.jsonl");

/// A pledge and, a week later, its delivery told by two outlets: one merged event with two
/// sources that follows the pledge up (for the commitments view and the sources column).
const LEDGER_ARTICLES: &[&str] = &[
    r#"{"id": "jp-vn-pledge", "published": "2024-09-10", "title": "Japan pledges flood relief", "text": "Japan pledged to provide emergency relief aid to Vietnam."}"#,
    r#"{"id": "jp-vn-aid", "published": "2024-09-18", "title": "Japanese relief arrives", "text": "Japan delivered relief supplies to Vietnam on September 18."}"#,
    r#"{"id": "jp-vn-aid-copy", "published": "2024-09-18", "title": "Japanese relief arrives", "text": "Japan delivered relief supplies to Vietnam on September 18."}"#,
];
const LEDGER_EVENTS: &[&str] = &[
    r#"{"article_id": "jp-vn-pledge", "event_type": "AGREE", "mode": null, "contexts": ["disasters"], "cameo": "030", "source": {"id": "JPN", "name": "Japan", "kind": "state", "country": "JPN", "cameo": "JPNGOV", "text": "Japan"}, "target": {"id": "VNM", "name": "Vietnam", "kind": "state", "country": "VNM", "cameo": "VNMGOV", "text": "Vietnam"}, "date": "2024-09-10", "date_precision": "day", "period": null, "location": null, "confidence": 0.8, "sentence": "Japan pledged to provide emergency relief aid to Vietnam.", "span": {"start": 0, "end": 57}, "trigger": {"start": 6, "end": 13}, "trigger_text": "pledged", "commitment": {"kind": "pledge", "what": "to provide emergency relief aid to Vietnam"}}"#,
    r#"{"article_id": "jp-vn-aid", "event_type": "AID", "mode": null, "contexts": ["disasters"], "cameo": "073", "source": {"id": "JPN", "name": "Japan", "kind": "state", "country": "JPN", "cameo": "JPNGOV", "text": "Japan"}, "target": {"id": "VNM", "name": "Vietnam", "kind": "state", "country": "VNM", "cameo": "VNMGOV", "text": "Vietnam"}, "date": "2024-09-18", "date_precision": "day", "period": null, "location": null, "confidence": 0.8, "sentence": "Japan delivered relief supplies to Vietnam on September 18.", "span": {"start": 0, "end": 59}, "trigger": {"start": 6, "end": 15}, "trigger_text": "delivered"}"#,
    r#"{"article_id": "jp-vn-aid-copy", "event_type": "AID", "mode": null, "contexts": ["disasters"], "cameo": "073", "source": {"id": "JPN", "name": "Japan", "kind": "state", "country": "JPN", "cameo": "JPNGOV", "text": "Japan"}, "target": {"id": "VNM", "name": "Vietnam", "kind": "state", "country": "VNM", "cameo": "VNMGOV", "text": "Vietnam"}, "date": "2024-09-18", "date_precision": "day", "period": null, "location": null, "confidence": 0.8, "sentence": "Japan delivered relief supplies to Vietnam on September 18.", "span": {"start": 0, "end": 59}, "trigger": {"start": 6, "end": 15}, "trigger_text": "delivered"}"#,
];

fn main() -> anyhow::Result<std::process::ExitCode> {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(args.next().context("usage: fixture_server DB ADDR")?);
    let addr: SocketAddr = args.next().context("usage: fixture_server DB ADDR")?.parse()?;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut by_article: HashMap<String, Vec<Event>> = HashMap::new();
    for line in
        EVENTS.lines().chain(LEDGER_EVENTS.iter().copied()).chain(VN_UN_EVENTS.lines()).chain(PERSONS_EVENTS.lines())
    {
        let e: Event = serde_json::from_str(line)?;
        by_article.entry(e.article_id.clone()).or_default().push(e);
    }
    let code = move |a: &Article| by_article.get(&a.id).cloned().unwrap_or_default();
    let mut store = Store::open(&db)?;
    let vn_un = VN_UN_ARTICLES.lines().filter(|l| l.contains(r#""id": "vn-un-"#));
    let articles = ARTICLES
        .lines()
        .chain(LEDGER_ARTICLES.iter().copied())
        .chain(vn_un)
        .chain(PERSONS.lines())
        .map(serde_json::from_str::<Article>);
    let report = ingest(&mut store, articles, &code, IngestOptions { batch_size: 64, progress: false })?;
    eprintln!("{report}");
    drop(store);
    dyad_serve::serve(AppConfig { db, ingest: None }, addr)?;
    Ok(std::process::ExitCode::SUCCESS)
}
