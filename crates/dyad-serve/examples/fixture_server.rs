//! Serves a store built from the test fixtures (the e2e test's server).
//!
//! `cargo run -p dyad-serve --example fixture_server -- DB ADDR` replaces DB with a store of
//! the three fixture articles and their hand-coded events, then serves it at ADDR until killed.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use dyad_core::{Article, Event};
use dyad_serve::ServeArgs;
use dyad_store::cli::DbArgs;
use dyad_store::{ingest, IngestOptions, Store};

const ARTICLES: &str = include_str!("../../dyad-store/tests/fixtures/articles.jsonl");
const EVENTS: &str = include_str!("../../dyad-store/tests/fixtures/events.jsonl");

fn main() -> anyhow::Result<std::process::ExitCode> {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(args.next().context("usage: fixture_server DB ADDR")?);
    let addr: SocketAddr = args
        .next()
        .context("usage: fixture_server DB ADDR")?
        .parse()?;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut by_article: HashMap<String, Vec<Event>> = HashMap::new();
    for line in EVENTS.lines() {
        let e: Event = serde_json::from_str(line)?;
        by_article.entry(e.article_id.clone()).or_default().push(e);
    }
    let code = move |a: &Article| by_article.get(&a.id).cloned().unwrap_or_default();
    let mut store = Store::open(&db)?;
    let articles = ARTICLES.lines().map(serde_json::from_str::<Article>);
    let report = ingest(
        &mut store,
        articles,
        &code,
        IngestOptions {
            batch_size: 64,
            progress: false,
        },
    )?;
    eprintln!("{report}");
    drop(store);
    let serve = ServeArgs {
        db: DbArgs { db },
        addr,
        allow_ingest: false,
        token: None,
        max_body: 1 << 20,
    };
    serve.run(Arc::new(|_: &Article| Vec::new()))
}
