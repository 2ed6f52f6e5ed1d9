//! `/api/events` at scale: one million synthetic events in a file store, then filtered pages
//! answered through the router (in process, as axum serves them). Prints ingest speed of the
//! million and p50/p95 latency per query, and asserts every page holds what it should.
//!
//! The store is kept in `$CARGO_TARGET_DIR/bench/dyad-1m.db` (default `target/`) and reused
//! when it already holds the million; delete it to measure the ingest again.

#[path = "../../dyad-store/benches/synth/mod.rs"]
mod synth;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use criterion::{criterion_group, criterion_main, Criterion};
use dyad_serve::{router, AppConfig};
use dyad_store::{EventFilter, Store};
use serde_json::Value;
use tower::ServiceExt;

const ARTICLES: usize = 200_000;
const PER_ARTICLE: usize = 5;
const EVENTS: u64 = (ARTICLES * PER_ARTICLE) as u64;

const QUERIES: &[&str] = &[
    "/api/events?limit=50",
    "/api/events?type=ASSAULT&since=2020-01-01&limit=50",
    "/api/events?actor=USA&limit=50",
    "/api/events?actor=united%20states&type=CONSULT&since=2022-06&until=2023-06&limit=50",
    "/api/events?source=RUS&target=UKR&limit=50&offset=500",
    "/api/events?context=military&since=2024&limit=50",
    "/api/events?actor=CHN&type=ACCUSE,THREATEN&limit=50",
    // The same page with the count of all matches, which costs a walk over all of them.
    "/api/events?actor=CHN&type=ACCUSE,THREATEN&limit=50&total=true",
];

fn store_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../../target"));
    let dir = target.join("bench");
    std::fs::create_dir_all(&dir).expect("bench dir");
    dir.join("dyad-1m.db")
}

fn million() -> PathBuf {
    let path = store_path();
    if let Ok(store) = Store::open(&path) {
        if store.count_events(&EventFilter::default()).unwrap_or(0) == EVENTS {
            println!("reusing {} ({EVENTS} events)", path.display());
            return path;
        }
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut store = Store::open(&path).expect("store");
    let mut rng = synth::Rng::new(42);
    let start = Instant::now();
    let mut coding = Duration::ZERO;
    for chunk in 0..ARTICLES / 1000 {
        let t = Instant::now();
        let corpus: Vec<_> = (0..1000)
            .map(|i| synth::article(&mut rng, chunk * 1000 + i, PER_ARTICLE))
            .collect();
        coding += t.elapsed();
        let batch = store.batch().expect("batch");
        for (article, events) in &corpus {
            batch.put(article, events).expect("put");
        }
        batch.commit().expect("commit");
    }
    store.optimize().expect("analyze");
    let stored = start.elapsed() - coding;
    assert_eq!(
        store.count_events(&EventFilter::default()).expect("count"),
        EVENTS
    );
    println!(
        "ingest: {EVENTS} events ({ARTICLES} articles) stored in {:.1} s = {:.0} events/s ({:.0} articles/s), generation excluded",
        stored.as_secs_f64(),
        EVENTS as f64 / stored.as_secs_f64(),
        ARTICLES as f64 / stored.as_secs_f64()
    );
    path
}

async fn get(app: &Router, uri: &str) -> Value {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    assert!(res.status().is_success(), "{uri}: {}", res.status());
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    serde_json::from_slice(&bytes).expect("json")
}

/// Every event on the page matches the query's filters, and the page is full.
fn check(uri: &str, body: &Value) {
    let events = body["events"].as_array().expect("events");
    assert_eq!(events.len(), 50, "{uri}: short page");
    for e in events {
        let side = |k: &str| e[k]["id"].as_str().unwrap_or("").to_string();
        if uri.contains("actor=USA") || uri.contains("united%20states") {
            assert!(
                side("source") == "USA" || side("target") == "USA",
                "{uri}: {e}"
            );
        }
        if uri.contains("source=RUS") {
            assert_eq!(
                (side("source").as_str(), side("target").as_str()),
                ("RUS", "UKR")
            );
        }
        if uri.contains("type=ASSAULT") {
            assert_eq!(e["event_type"], "ASSAULT");
        }
        if uri.contains("since=2020") {
            assert!(e["day"].as_str().expect("day") >= "2020-01-01");
        }
        if uri.contains("context=military") {
            assert!(e["contexts"]
                .as_array()
                .expect("contexts")
                .iter()
                .any(|c| c == "military"));
        }
    }
    if uri.contains("total=true") {
        assert!(body["total"].as_u64().expect("total") > 50);
    }
}

fn api(c: &mut Criterion) {
    let path = million();
    let app = router(AppConfig {
        db: path,
        ingest: None,
    })
    .expect("router");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");

    println!("latency over 200 requests each (after 10 warm-up):");
    for uri in QUERIES {
        let body = rt.block_on(get(&app, uri));
        check(uri, &body);
        let mut times: Vec<Duration> = Vec::new();
        for i in 0..210 {
            let t = Instant::now();
            rt.block_on(get(&app, uri));
            if i >= 10 {
                times.push(t.elapsed());
            }
        }
        times.sort();
        let pct = |p: f64| {
            times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0
        };
        println!(
            "  p50 {:7.2} ms  p95 {:7.2} ms  {uri}",
            pct(0.50),
            pct(0.95)
        );
    }

    let mut group = c.benchmark_group("api_events_1m");
    group.sample_size(30);
    for uri in QUERIES {
        group.bench_function(*uri, |b| b.iter(|| rt.block_on(get(&app, uri))));
    }
    group.finish();
}

criterion_group!(benches, api);
criterion_main!(benches);
