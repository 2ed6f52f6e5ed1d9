//! The API at scale: one million synthetic events in a file store, then filtered pages of
//! events, counts and the aggregate endpoints (stats, actors, one actor, dyads) answered through
//! the router (in process, as axum serves them), each as the web page asks for it and with
//! filters. Prints ingest speed of the million and p50/p95 latency per query, and asserts every
//! answer holds what it should.
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
    // The same page with the count of all matches.
    "/api/events?actor=CHN&type=ACCUSE,THREATEN&limit=50&total=true",
    // The counts the event table asks for beside each page (limit=0), unfiltered and filtered.
    "/api/events?limit=0&total=true",
    "/api/events?actor=USA&limit=0&total=true",
    "/api/events?type=ASSAULT&since=2020-01-01&limit=0&total=true",
    "/api/events?context=military&since=2024&limit=0&total=true",
    // The aggregates: the header's counts, the actors page, an actor's page, the network graph.
    "/api/stats",
    "/api/actors?limit=50",
    "/api/actors?limit=500&partners=3",
    "/api/actors?limit=50&type=CONSULT",
    "/api/actors?limit=50&since=2024-01&until=2024-06",
    "/api/actors/USA",
    "/api/dyads?undirected=true&limit=150",
    "/api/dyads?limit=50&type=CONSULT",
    "/api/dyads?actor=VNM&undirected=true&limit=50",
    // The pair view (issue 15): both ways, by month, with their events and commitments; the same
    // events as a filter; a family; the actor box's suggestions.
    "/api/dyads/VNM/UN?limit=500",
    "/api/dyads/VNM/UN?since=2023&until=2023&type=CONSULT&limit=500",
    "/api/events?actor=VNM&partner=UN&limit=50",
    "/api/events?actor=UN&family=true&limit=50",
    "/api/actors/suggest?q=viet%20nam",
    // Persons (issue 15): a surname typed into the actor box; the events naming a person (a page,
    // its count, and the suggestions the page heads it with); a surname as the filter.
    "/api/actors/suggest?q=lacroix",
    "/api/events?person=Jean-Pierre%20Lacroix&limit=50",
    "/api/events?person=Jean-Pierre%20Lacroix&limit=0&total=true",
    "/api/actors/suggest?q=Jean-Pierre%20Lacroix&limit=20",
    "/api/events?person=lacroix&type=CONSULT&limit=50",
];

/// Requests timed per query: this many, or fewer for a slow query (see [`BUDGET`]).
const REQUESTS: usize = 200;
/// Time spent on one query's requests before stopping short of [`REQUESTS`] (at least 10 are
/// made).
const BUDGET: Duration = Duration::from_secs(20);

fn store_path() -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("../../target"));
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
        let corpus: Vec<_> = (0..1000).map(|i| synth::article(&mut rng, chunk * 1000 + i, PER_ARTICLE)).collect();
        coding += t.elapsed();
        let batch = store.batch().expect("batch");
        for (article, events) in &corpus {
            batch.put(article, events).expect("put");
        }
        batch.commit().expect("commit");
    }
    store.optimize().expect("analyze");
    let stored = start.elapsed() - coding;
    assert_eq!(store.count_events(&EventFilter::default()).expect("count"), EVENTS);
    println!(
        "ingest: {EVENTS} events ({ARTICLES} articles) stored in {:.1} s = {:.0} events/s ({:.0} articles/s), generation excluded",
        stored.as_secs_f64(),
        EVENTS as f64 / stored.as_secs_f64(),
        ARTICLES as f64 / stored.as_secs_f64()
    );
    path
}

/// The body of a successful answer, as the server sends it (what is timed: parsing it is the
/// client's work, and takes a while for the larger aggregates).
async fn fetch(app: &Router, uri: &str) -> axum::body::Bytes {
    let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).expect("request")).await.expect("response");
    assert!(res.status().is_success(), "{uri}: {}", res.status());
    axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body")
}

async fn get(app: &Router, uri: &str) -> Value {
    serde_json::from_slice(&fetch(app, uri).await).expect("json")
}

/// What each answer must hold: full pages of matching events, exact counts of the synthetic
/// corpus (every event has a source, a target other than it and a day), aggregates that add up.
fn check(uri: &str, body: &Value) {
    if uri.starts_with("/api/events") {
        check_events(uri, body);
    } else if uri == "/api/stats" {
        assert_eq!(body["events"], EVENTS, "{body}");
        assert_eq!(body["reports"], EVENTS, "{body}");
        assert_eq!(body["articles"], ARTICLES as u64, "{body}");
        assert_eq!(body["actors"], 34, "{body}");
        let by_type: u64 =
            body["by_type"].as_object().expect("by_type").values().map(|n| n.as_u64().expect("count")).sum();
        assert_eq!(by_type, EVENTS);
    } else if uri.starts_with("/api/dyads/") {
        let pair = &body["pair"];
        let both = pair["a_to_b"].as_u64().expect("a_to_b") + pair["b_to_a"].as_u64().expect("b_to_a");
        assert!(pair["a_to_b"].as_u64() > Some(0) && pair["b_to_a"].as_u64() > Some(0), "{uri}: {pair}");
        let months = pair["months"].as_array().expect("months");
        let monthly: u64 = months.iter().map(|m| m["a_to_b"].as_u64().unwrap() + m["b_to_a"].as_u64().unwrap()).sum();
        assert_eq!(monthly + pair["undated"].as_u64().expect("undated"), both, "{uri}");
        let events = body["events"].as_array().expect("events");
        assert_eq!(events.len() as u64, both.min(500), "{uri}");
        for e in events {
            let ids = (e["source"]["id"].as_str(), e["target"]["id"].as_str());
            assert!(ids == (Some("VNM"), Some("UN")) || ids == (Some("UN"), Some("VNM")), "{uri}: {ids:?}");
        }
    } else if uri.starts_with("/api/actors/suggest") {
        if uri.contains("lacroix") || uri.contains("Lacroix") {
            // Every Lacroix acts for the UN; the name in full comes first.
            let persons = body["persons"].as_array().expect("persons");
            assert!(persons.iter().all(|p| p["acts_for"]["id"] == "UN"), "{uri}: {body}");
            let first = persons.iter().position(|p| p["person"] == "Jean-Pierre Lacroix");
            assert!(first.is_some(), "{uri}: {body}");
            if uri.contains("Jean-Pierre") {
                assert_eq!(first, Some(0), "{uri}: {body}");
            }
            assert!(persons[0]["mentions"].as_u64() > Some(50), "{uri}: {body}");
        } else {
            assert_eq!(body["actors"][0]["id"], "VNM", "{uri}: {body}");
        }
    } else if uri.starts_with("/api/actors/") {
        let by_type: u64 =
            body["by_type"].as_object().expect("by_type").values().map(|n| n.as_u64().expect("count")).sum();
        assert_eq!(body["events"].as_u64(), Some(by_type), "{uri}");
        let months: u64 = body["timeline"]
            .as_array()
            .expect("timeline")
            .iter()
            .flat_map(|m| m["by_type"].as_object().expect("by_type").values())
            .map(|n| n.as_u64().expect("count"))
            .sum();
        assert_eq!(months, by_type, "{uri}");
        assert_eq!(body["partners"].as_array().expect("partners").len(), 20);
        let side = body["as_source"].as_u64().expect("as_source") + body["as_target"].as_u64().expect("as_target");
        assert_eq!(body["events"].as_u64(), Some(side), "{uri}");
    } else if uri.starts_with("/api/actors") {
        let actors = body["actors"].as_array().expect("actors");
        assert!(actors.len() >= 30, "{uri}: {} actors", actors.len());
        assert!(actors.windows(2).all(|w| w[0]["events"].as_u64() >= w[1]["events"].as_u64()));
        let sum = |k: &str| -> u64 { actors.iter().map(|a| a[k].as_u64().expect(k)).sum() };
        assert_eq!(sum("as_source"), sum("as_target"), "{uri}");
        assert_eq!(sum("events"), 2 * sum("as_source"), "{uri}");
        if !uri.contains('&') || uri.contains("partners") {
            assert_eq!(sum("as_source"), EVENTS, "{uri}");
        }
        let partners = if uri.contains("partners=3") { 3 } else { 5 };
        for a in actors {
            assert_eq!(a["partners"].as_array().expect("partners").len(), partners);
        }
    } else if uri.starts_with("/api/dyads") {
        let dyads = body["dyads"].as_array().expect("dyads");
        if uri.contains("actor=VNM") {
            // Its partners: every other actor.
            assert_eq!(dyads.len(), 33, "{uri}");
        } else {
            let limit = if uri.contains("limit=150") { 150 } else { 50 };
            assert_eq!(dyads.len(), limit, "{uri}");
        }
        assert!(dyads.windows(2).all(|w| w[0]["events"].as_u64() >= w[1]["events"].as_u64()));
        for d in dyads {
            let n = d["events"].as_u64().expect("events");
            let by_type: u64 =
                d["by_type"].as_object().expect("by_type").values().map(|n| n.as_u64().expect("count")).sum();
            let monthly: u64 =
                d["monthly"].as_array().expect("monthly").iter().map(|m| m["events"].as_u64().expect("events")).sum();
            assert_eq!((by_type, monthly), (n, n), "{uri}: {d}");
            if uri.contains("type=CONSULT") {
                assert_eq!(d["by_type"]["CONSULT"].as_u64(), Some(n));
            }
            if uri.contains("actor=VNM") {
                assert!(d["source"]["id"] == "VNM" || d["target"]["id"] == "VNM");
            }
        }
    }
}

/// Every event on the page matches the query's filters, and the page is full.
fn check_events(uri: &str, body: &Value) {
    let events = body["events"].as_array().expect("events");
    let limit = if uri.contains("limit=0") { 0 } else { 50 };
    assert_eq!(events.len(), limit, "{uri}: short page");
    for e in events {
        let side = |k: &str| e[k]["id"].as_str().unwrap_or("").to_string();
        if uri.contains("actor=USA") || uri.contains("united%20states") {
            assert!(side("source") == "USA" || side("target") == "USA", "{uri}: {e}");
        }
        if uri.contains("source=RUS") {
            assert_eq!((side("source").as_str(), side("target").as_str()), ("RUS", "UKR"));
        }
        if uri.contains("partner=UN") {
            let ids = (side("source"), side("target"));
            assert!(ids == ("VNM".into(), "UN".into()) || ids == ("UN".into(), "VNM".into()), "{uri}: {e}");
        }
        if uri.contains("actor=UN&") {
            assert!(side("source") == "UN" || side("target") == "UN", "{uri}: {e}");
        }
        if uri.contains("type=ASSAULT") {
            assert_eq!(e["event_type"], "ASSAULT");
        }
        if uri.contains("since=2020") {
            assert!(e["day"].as_str().expect("day") >= "2020-01-01");
        }
        if uri.contains("person=") {
            let named = |k: &str| e[k]["person"].as_str().is_some_and(|p| p.ends_with("Lacroix"));
            assert!(named("source") || named("target"), "{uri}: {e}");
        }
        if uri.contains("person=Jean-Pierre") {
            let named = |k: &str| e[k]["person"] == "Jean-Pierre Lacroix";
            assert!(named("source") || named("target"), "{uri}: {e}");
        }
        if uri.contains("type=CONSULT") {
            assert_eq!(e["event_type"], "CONSULT");
        }
        if uri.contains("context=military") {
            assert!(e["contexts"].as_array().expect("contexts").iter().any(|c| c == "military"));
        }
    }
    if uri.contains("total=true") {
        let total = body["total"].as_u64().expect("total");
        assert!(total > 50, "{uri}: {total}");
        if !uri.contains('&') || uri == "/api/events?limit=0&total=true" {
            assert_eq!(total, EVENTS);
        }
    }
}

fn api(c: &mut Criterion) {
    let path = million();
    let app = router(AppConfig { db: path, ingest: None }).expect("router");
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");

    println!(
        "latency over {REQUESTS} requests each (fewer when they take over {} s), after up to 10 warm-up:",
        BUDGET.as_secs()
    );
    let mut fast = Vec::new();
    for uri in QUERIES {
        let body = rt.block_on(get(&app, uri));
        check(uri, &body);
        let start = Instant::now();
        for _ in 0..10 {
            if start.elapsed() > BUDGET / 4 {
                break;
            }
            rt.block_on(fetch(&app, uri));
        }
        let mut times: Vec<Duration> = Vec::new();
        let start = Instant::now();
        while times.len() < REQUESTS && (times.len() < 10 || start.elapsed() < BUDGET) {
            let t = Instant::now();
            rt.block_on(fetch(&app, uri));
            times.push(t.elapsed());
        }
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0;
        println!("  p50 {:8.2} ms  p95 {:8.2} ms  n {:3}  {uri}", pct(0.50), pct(0.95), times.len());
        if times.len() == REQUESTS {
            fast.push(*uri);
        }
    }

    let mut group = c.benchmark_group("api_1m");
    group.sample_size(30);
    // Queries too slow for 200 requests in the budget would take criterion minutes each.
    for uri in fast {
        group.bench_function(uri, |b| b.iter(|| rt.block_on(fetch(&app, uri))));
    }
    group.finish();
}

criterion_group!(benches, api);
criterion_main!(benches);
