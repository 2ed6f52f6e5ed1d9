//! API tests: the router answered in-process with tower's `oneshot`, over a store built from the
//! store's fixture corpus.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use dyad_core::{Article, Event};
use dyad_serve::{router, AppConfig, Coder, IngestConfig};
use dyad_store::{ingest, IngestOptions, Store};
use serde_json::Value;
use tower::ServiceExt;

const ARTICLES: &str = include_str!("../../dyad-store/tests/fixtures/articles.jsonl");
const EVENTS: &str = include_str!("../../dyad-store/tests/fixtures/events.jsonl");
const TOKEN: &str = "s3cret-token";
/// Vietnam and the UN in 2023–2024, coded by the real coder (issue 15's analyst question).
const VN_UN: &str = include_str!("../../dyad-store/tests/fixtures/vn-un.jsonl");
/// An article of a visit whose events name persons, and its events.
const PERSONS: &str = include_str!("../../dyad-store/tests/fixtures/persons.jsonl");
const PERSONS_EVENTS: &str = include_str!("../../dyad-store/tests/fixtures/persons-events.jsonl");

fn coder() -> Coder {
    let mut by_article: HashMap<String, Vec<Event>> = HashMap::new();
    for line in EVENTS.lines() {
        let e: Event = serde_json::from_str(line).unwrap();
        by_article.entry(e.article_id.clone()).or_default().push(e);
    }
    Arc::new(move |a: &Article| by_article.get(&a.id).cloned().unwrap_or_default())
}

fn store(dir: &tempfile::TempDir) -> PathBuf {
    let path = dir.path().join("dyad.db");
    let mut store = Store::open(&path).unwrap();
    let articles = ARTICLES.lines().map(|l| serde_json::from_str::<Article>(l).map_err(|e| e.to_string()));
    ingest(&mut store, articles, &*coder(), IngestOptions { batch_size: 10, progress: false }).unwrap();
    path
}

/// A server over the Vietnam–UN fixture, coded by `dyad_core::code_article`.
fn vn_un(dir: &tempfile::TempDir) -> Router {
    let path = dir.path().join("vn-un.db");
    let mut store = Store::open(&path).unwrap();
    let articles = VN_UN.lines().map(|l| serde_json::from_str::<Article>(l).map_err(|e| e.to_string()));
    let report =
        ingest(&mut store, articles, &dyad_core::code_article, IngestOptions { batch_size: 10, progress: false })
            .unwrap();
    assert!(!report.failed(), "{report}");
    drop(store);
    router(AppConfig { db: path, ingest: None }).unwrap()
}

fn app(dir: &tempfile::TempDir) -> Router {
    router(AppConfig { db: store(dir), ingest: None }).unwrap()
}

fn writable(dir: &tempfile::TempDir, max_body: usize) -> Router {
    let ingest = IngestConfig { token: TOKEN.into(), code: coder(), max_body };
    router(AppConfig { db: store(dir), ingest: Some(ingest) }).unwrap()
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let value =
        serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, value)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn assert_error(status: StatusCode, body: &Value, want_status: StatusCode, want_code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["code"], want_code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body.get("hint").is_some(), "{body}");
}

#[tokio::test]
async fn health_stats_and_openapi() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let (status, body) = get(&app, "/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["ingest"], false);
    let (_, stats) = get(&app, "/api/stats").await;
    assert_eq!(
        (stats["articles"].as_u64(), stats["events"].as_u64(), stats["actors"].as_u64()),
        (Some(3), Some(7), Some(7))
    );
    let (status, spec) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.1.0");
    for path in [
        "/api/events",
        "/api/events/{id}",
        "/api/actors",
        "/api/actors/{id}",
        "/api/dyads",
        "/api/articles/{id}",
        "/api/stats",
        "/api/health",
    ] {
        assert!(spec["paths"].get(path).is_some(), "{path} undocumented");
    }
}

#[tokio::test]
async fn events_filter_page_and_count() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let (status, body) = get(&app, "/api/events?actor=united%20nations&total=true").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"], 2);
    assert_eq!(body["events"].as_array().unwrap().len(), 2);
    let (_, page) = get(&app, "/api/events?limit=3&offset=0").await;
    assert_eq!(page["events"].as_array().unwrap().len(), 3);
    assert_eq!(page["next_offset"], 3);
    assert!(page.get("total").is_none());
    let (_, last) = get(&app, "/api/events?limit=3&offset=6").await;
    assert_eq!(last["events"].as_array().unwrap().len(), 1);
    assert_eq!(last["next_offset"], Value::Null);
    let (_, typed) = get(&app, "/api/events?type=ACCUSE,reject&since=2024-03-10").await;
    let types: Vec<&str> =
        typed["events"].as_array().unwrap().iter().map(|e| e["event_type"].as_str().unwrap()).collect();
    assert_eq!(types, ["ACCUSE", "REJECT"]);
    let e = &typed["events"][0];
    assert_eq!(e["source"]["id"], "USA");
    assert!(e["id"].as_i64().is_some() && e["goldstein"].as_f64().is_some());

    let id = e["id"].as_i64().unwrap();
    let (status, one) = get(&app, &format!("/api/events/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(&one, e);
}

/// Counts from the store's summaries (no filter, actors, types) and from the events (a day,
/// a context) agree with the pages and with the stats.
#[tokio::test]
async fn totals_agree_with_pages_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let (_, stats) = get(&app, "/api/stats").await;
    let (_, all) = get(&app, "/api/events?limit=0&total=true").await;
    assert_eq!(all["total"], stats["events"]);
    assert_eq!(all["events"].as_array().unwrap().len(), 0);
    for (kind, n) in stats["by_type"].as_object().unwrap() {
        let (_, typed) = get(&app, &format!("/api/events?type={kind}&limit=0&total=true")).await;
        assert_eq!(&typed["total"], n, "{kind}");
    }
    for query in
        ["actor=USA", "source=vietnam&type=AGREE,SUPPORT", "since=2024-03-10", "context=military", "actor=nobody"]
    {
        let (_, page) = get(&app, &format!("/api/events?{query}&limit=1000&total=true")).await;
        let listed = page["events"].as_array().unwrap().len();
        assert_eq!(page["total"], listed, "{query}");
        assert_eq!(listed == 0, query == "actor=nobody", "{query}");
    }
}

#[tokio::test]
async fn bad_requests_are_json_errors_with_the_right_status() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    for (uri, status, code) in [
        ("/api/events?since=not-a-date", StatusCode::BAD_REQUEST, "bad_filter"),
        ("/api/events?type=FIGHT", StatusCode::BAD_REQUEST, "bad_filter"),
        ("/api/events?limit=abc", StatusCode::BAD_REQUEST, "bad_filter"),
        ("/api/events?limit=100000", StatusCode::BAD_REQUEST, "bad_filter"),
        ("/api/events?sinse=2024", StatusCode::BAD_REQUEST, "bad_filter"),
        ("/api/events?type=AGREE&type=AID", StatusCode::BAD_REQUEST, "bad_filter"),
        ("/api/events/abc", StatusCode::BAD_REQUEST, "bad_filter"),
        ("/api/events/99999", StatusCode::NOT_FOUND, "not_found"),
        ("/api/actors/ATLANTIS", StatusCode::NOT_FOUND, "not_found"),
        ("/api/articles/missing", StatusCode::NOT_FOUND, "not_found"),
        ("/api/dyads?undirected=maybe", StatusCode::BAD_REQUEST, "bad_filter"),
        ("/api/nothing-here", StatusCode::NOT_FOUND, "not_found"),
    ] {
        let (got, body) = get(&app, uri).await;
        assert_error(got, &body, status, code);
        // A hint names only commands and endpoints that exist.
        let hint = body["hint"].as_str().unwrap_or("");
        assert!(!hint.contains("dyad articles") && !hint.contains("/api/articles "), "{uri}: {hint}");
    }
}

#[tokio::test]
async fn actors_dyads_and_article_view() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let (_, actors) = get(&app, "/api/actors?partners=2").await;
    let list = actors["actors"].as_array().unwrap();
    assert_eq!(list.len(), 7);
    let (status, vnm) = get(&app, "/api/actors/VNM").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(vnm["events"], 2);
    assert_eq!(vnm["partners"][0]["id"], "LAO");
    assert_eq!(vnm["timeline"][0]["month"], "2024-03");
    let (_, dyads) = get(&app, "/api/dyads?undirected=true").await;
    assert!(dyads["dyads"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["source"]["id"] == "CHN" && d["target"]["id"] == "USA"));

    let (status, view) = get(&app, "/api/articles/vn-lao-1").await;
    assert_eq!(status, StatusCode::OK);
    let text = view["article"]["text"].as_str().unwrap();
    let chars: Vec<char> = text.chars().collect();
    for e in view["events"].as_array().unwrap() {
        let (s, t) = (e["span"]["start"].as_u64().unwrap() as usize, e["span"]["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..t].iter().collect::<String>(), e["sentence"].as_str().unwrap());
    }
}

#[tokio::test]
async fn ingest_is_refused_when_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let req = Request::post("/api/articles")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"id":"x","text":"y"}"#))
        .unwrap();
    let (status, body) = send(&app, req).await;
    assert_error(status, &body, StatusCode::FORBIDDEN, "read_only");
}

#[tokio::test]
async fn ingest_needs_the_token_and_respects_the_body_limit() {
    let dir = tempfile::tempdir().unwrap();
    let app = writable(&dir, 4096);
    let post = |auth: Option<&str>, body: String| {
        let mut req = Request::post("/api/articles").header(header::CONTENT_TYPE, "application/json");
        if let Some(a) = auth {
            req = req.header(header::AUTHORIZATION, a);
        }
        req.body(Body::from(body)).unwrap()
    };
    let article = r#"{"id":"us-cn-2","published":"2024-04-10","text":"The United States accused China of cyber attacks 🚨 on Wednesday. China rejected the accusation in March 2024."}"#;
    let (status, body) = send(&app, post(None, article.into())).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthorized");
    let (status, body) = send(&app, post(Some("Bearer wrong-token!"), article.into())).await;
    assert_error(status, &body, StatusCode::UNAUTHORIZED, "unauthorized");

    let bearer = format!("Bearer {TOKEN}");
    let (status, body) = send(&app, post(Some(&bearer), article.into())).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (body["articles"].as_u64(), body["replaced"].as_u64(), body["events"].as_u64()),
        (Some(1), Some(1), Some(2))
    );
    let (_, stats) = get(&app, "/api/stats").await;
    assert_eq!(stats["events"], 7, "re-ingest over HTTP does not duplicate");

    let list = format!("[{article}, {{\"id\": \"new-1\", \"text\": \"Nothing happened.\"}}]");
    let (status, body) = send(&app, post(Some(&bearer), list)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["articles"], 2);

    let (status, body) = send(&app, post(Some(&bearer), "{not json".into())).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_input");
    let (status, body) = send(&app, post(Some(&bearer), r#"{"text":"no id"}"#.into())).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_input");

    let big = format!(r#"{{"id":"big","text":"{}"}}"#, "x".repeat(10_000));
    let (status, body) = send(&app, post(Some(&bearer), big)).await;
    assert_error(status, &body, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

fn post(body: &str) -> Request<Body> {
    Request::post("/api/articles")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn posted_articles_are_checked_as_files_are() {
    let dir = tempfile::tempdir().unwrap();
    let app = writable(&dir, 1 << 20);
    let (status, body) = send(&app, post(r#"{"id":"d1","published":"not a date","text":"China met Japan."}"#)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.to_string().contains("article d1") && body.to_string().contains("not a date"), "{body}");
    let (status, _) = get(&app, "/api/articles/d1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let js = r#"{"id":"j1","published":"2024-04-10T08:00:00Z","url":"javascript:alert(1)","text":"China met Japan."}"#;
    let (status, body) = send(&app, post(js)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (_, article) = get(&app, "/api/articles/j1").await;
    let article = &article["article"];
    assert_eq!((&article["published"], &article["url"]), (&Value::from("2024-04-10"), &Value::Null), "{article}");
}

/// The stored articles are fed to the merger once, at the first post, not at every post; a
/// later post still merges with what an earlier one stored.
#[tokio::test]
async fn posts_after_the_first_replay_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // Copies of the first fixture article are coded as it is.
    let fixture: Article = serde_json::from_str(ARTICLES.lines().next().unwrap()).unwrap();
    let by_fixture = coder();
    let code: Coder = Arc::new(move |a: &Article| {
        let mut events = by_fixture(&Article { id: fixture.id.clone(), ..a.clone() });
        events.iter_mut().for_each(|e| e.article_id = a.id.clone());
        events
    });
    let ingest = IngestConfig { token: TOKEN.into(), code, max_body: 1 << 20 };
    let app = router(AppConfig { db: store(&dir), ingest: Some(ingest) }).unwrap();
    let article = |id: &str| {
        let mut a: Value = serde_json::from_str(ARTICLES.lines().next().unwrap()).unwrap();
        a["id"] = Value::from(id);
        a.to_string()
    };
    let (status, first) = send(&app, post(&article("copy-1"))).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["replayed"], 3, "the three stored articles: {first}");
    let (_, second) = send(&app, post(&article("copy-2"))).await;
    assert_eq!(second["replayed"], 0, "{second}");
    let (_, events) = get(&app, "/api/events?article=copy-2").await;
    let e = &events["events"][0];
    assert_eq!(e["source_count"], 3, "the original and both copies: {e}");
}

#[tokio::test]
async fn the_page_and_its_assets_are_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let res = app.clone().oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("/assets/app.js") && !html.contains("http://") && !html.contains("https://"));
    for (path, kind) in [("/assets/app.js", "text/javascript"), ("/assets/app.css", "text/css")] {
        let res = app.clone().oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with(kind));
    }
    let (status, _) = get(&app, "/assets/nope.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn a_missing_store_is_refused_when_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let err = router(AppConfig { db: dir.path().join("none.db"), ingest: None }).unwrap_err();
    assert!(err.to_string().contains("no store"), "{err}");
}

#[tokio::test]
async fn events_carry_their_sources() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let (status, body) = get(&app, "/api/events?limit=100").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for e in body["events"].as_array().unwrap() {
        let n = e["source_count"].as_u64().unwrap();
        assert!(n >= 1, "{e}");
        assert_eq!(e["sources"].as_array().unwrap().len() as u64, n, "{e}");
        assert!(e["sources"][0]["span"]["start"].is_u64(), "{e}");
    }
    let id = body["events"][0]["id"].as_i64().unwrap();
    let (status, one) = get(&app, &format!("/api/events/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["source_count"], body["events"][0]["source_count"]);
}

#[tokio::test]
async fn commitments_with_filters_paging_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let (status, body) = get(&app, "/api/commitments?total=true").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let all = body["commitments"].as_array().unwrap().clone();
    assert!(!all.is_empty(), "the fixtures carry commitments: {body}");
    assert_eq!(body["total"].as_u64().unwrap(), all.len() as u64);
    for c in &all {
        for key in ["id", "holder", "kind", "what", "contexts", "article_id", "sentence", "status", "evidence"] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
    }
    let holder = all[0]["holder"]["id"].as_str().unwrap().to_string();
    let (_, mine) = get(&app, &format!("/api/commitments?actor={holder}&status=open")).await;
    for c in mine["commitments"].as_array().unwrap() {
        assert_eq!(c["status"], "open");
        assert!(c["holder"]["id"] == holder.as_str() || c["counterpart"]["id"] == holder.as_str(), "{c}");
    }
    let (_, page) = get(&app, "/api/commitments?limit=1").await;
    assert_eq!(page["commitments"].as_array().unwrap().len(), 1);
    if all.len() > 1 {
        assert_eq!(page["next_offset"], 1);
    }
    let (status, body) = get(&app, "/api/commitments?status=done").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_filter");
    let (status, body) = get(&app, "/api/commitments?colour=red").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = get(&app, "/api/commitments?limit=x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (_, spec) = get(&app, "/api/openapi.json").await;
    assert!(spec["paths"]["/api/commitments"]["get"].is_object());
}

#[tokio::test]
async fn commitments_by_holder_counterpart_kind_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let app = vn_un(&dir);
    let (status, body) = get(&app, "/api/commitments?holder=UN&counterpart=Vietnam&kind=pledge").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let pledges = body["commitments"].as_array().unwrap();
    assert_eq!(pledges.len(), 1, "{body}");
    assert_eq!(pledges[0]["what"], "to provide technical assistance to Vietnam for climate change response");
    let (_, body) = get(&app, "/api/commitments?actor=UN&kind=agreement&since=2023&until=2023-03-31").await;
    let mou = &body["commitments"][0];
    assert_eq!(
        (mou["period"]["start"].as_str(), mou["period"]["end"].as_str()),
        (Some("2023"), Some("2027")),
        "{body}"
    );
    let (_, body) = get(&app, "/api/commitments?actor=UN&since=2024").await;
    assert_eq!(body["commitments"].as_array().unwrap().len(), 0, "{body}");
    let (status, body) = get(&app, "/api/commitments?until=March").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_filter");
}

#[tokio::test]
async fn the_pair_view_answers_both_ways_with_months_and_commitments() {
    let dir = tempfile::tempdir().unwrap();
    let app = vn_un(&dir);
    let (status, body) = get(&app, "/api/dyads/VNM/UN?since=2023&until=2023").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let pair = &body["pair"];
    assert_eq!((pair["a"]["id"].as_str(), pair["b"]["id"].as_str()), (Some("VNM"), Some("UN")));
    assert!(pair["a_to_b"].as_u64().unwrap() > 0 && pair["b_to_a"].as_u64().unwrap() > 0, "{pair}");
    let months: Vec<&str> = pair["months"].as_array().unwrap().iter().map(|m| m["month"].as_str().unwrap()).collect();
    assert_eq!(months, ["2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10"]);
    let events = body["events"].as_array().unwrap();
    assert_eq!(events.len() as u64, pair["a_to_b"].as_u64().unwrap() + pair["b_to_a"].as_u64().unwrap());
    let ways: std::collections::BTreeSet<(String, String)> = events
        .iter()
        .map(|e| (e["source"]["id"].as_str().unwrap().into(), e["target"]["id"].as_str().unwrap().into()))
        .collect();
    assert_eq!(ways.into_iter().collect::<Vec<_>>(), [("UN".into(), "VNM".into()), ("VNM".into(), "UN".into())]);
    let kinds: Vec<&str> =
        body["commitments"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"agreement") && kinds.contains(&"pledge") && kinds.contains(&"request"), "{kinds:?}");
    // The same events from /api/events with a partner; the family adds UNDP.
    let (_, listed) = get(&app, "/api/events?actor=VNM&partner=UN&since=2023&until=2023&limit=100").await;
    assert_eq!(listed["events"].as_array().unwrap().len(), events.len());
    let (_, family) = get(&app, "/api/dyads/VNM/UN?family=true").await;
    let (_, alone) = get(&app, "/api/dyads/VNM/UN").await;
    assert_eq!(family["pair"]["b_to_a"].as_u64().unwrap(), alone["pair"]["b_to_a"].as_u64().unwrap() + 1);
    let (status, body) = get(&app, "/api/events?partner=UN").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_filter");
    let (status, body) = get(&app, "/api/dyads/VNM/UN?type=FLY").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_filter");
}

#[tokio::test]
async fn actor_suggestions_find_names_as_typed_and_say_when_none_match() {
    let dir = tempfile::tempdir().unwrap();
    let app = vn_un(&dir);
    for (q, id) in [("viet%20nam", "VNM"), ("United%20Nations", "UN"), ("vi%E1%BB%87t", "VNM")] {
        let (status, body) = get(&app, &format!("/api/actors/suggest?q={q}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["actors"][0]["id"], id, "{q}: {body}");
        assert!(body.get("message").is_none());
    }
    let (_, body) = get(&app, "/api/actors/suggest?q=Atlantis").await;
    assert_eq!(body["actors"].as_array().unwrap().len(), 0);
    assert_eq!(body["persons"].as_array().unwrap().len(), 0);
    assert_eq!(body["message"], "no actor or person matches \"Atlantis\"");
}

/// A store of the fixture corpus and an article of a visit whose events name persons
/// (`persons.jsonl`, coded by the coder when the fixture was written).
fn with_persons(dir: &tempfile::TempDir) -> Router {
    let path = store(dir);
    let mut store = Store::open(&path).unwrap();
    let article: Article = serde_json::from_str(PERSONS.trim()).unwrap();
    let events: Vec<Event> = PERSONS_EVENTS.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    store.put(&article, &events).unwrap();
    drop(store);
    router(AppConfig { db: path, ingest: None }).unwrap()
}

#[tokio::test]
async fn a_person_typed_is_suggested_with_their_body_and_role_and_filters_events() {
    let dir = tempfile::tempdir().unwrap();
    let app = with_persons(&dir);
    for q in ["Lacroix", "lacroix", "jean-pierre%20lacroix"] {
        let (status, body) = get(&app, &format!("/api/actors/suggest?q={q}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let p = &body["persons"][0];
        assert_eq!(p["person"], "Jean-Pierre Lacroix", "{q}: {body}");
        assert_eq!(p["role"], "Under-Secretary-General");
        assert_eq!(p["acts_for"]["id"], "UN");
        assert_eq!(p["mentions"], 4);
        assert!(body.get("message").is_none(), "{body}");
    }
    let (_, body) = get(&app, "/api/actors/suggest?q=nguyen%20xuan%20phuc").await;
    assert_eq!(body["persons"][0]["person"], "Nguyễn Xuân Phúc", "{body}");
    assert_eq!(body["persons"][0]["acts_for"]["id"], "VNM", "{body}");

    let (status, body) = get(&app, "/api/events?person=Jean-Pierre%20Lacroix&total=true").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["total"], 4, "{body}");
    for e in body["events"].as_array().unwrap() {
        let named = |side: &str| e[side]["person"] == "Jean-Pierre Lacroix";
        assert!(named("source") || named("target"), "{e}");
    }
    let (_, body) = get(&app, "/api/events?person=LACROIX&type=CONSULT&total=true").await;
    assert_eq!(body["total"], 2, "a surname, case aside, with another filter: {body}");
    let (_, body) = get(&app, "/api/events?person=Nobody&total=true").await;
    assert_eq!((body["total"].as_u64(), body["events"].as_array().map(Vec::len)), (Some(0), Some(0)));
    let (status, body) = get(&app, "/api/events?person=").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_filter");
}

#[tokio::test]
async fn regression_limit_0_gives_no_next_offset() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    for uri in ["/api/events?limit=0", "/api/commitments?limit=0", "/api/events/1/sources?limit=0"] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert!(body["next_offset"].is_null(), "{uri}: a client following next_offset would loop: {body}");
    }
    let (_, body) = get(&app, "/api/events?limit=1").await;
    assert_eq!(body["next_offset"], 1, "{body}");
}

#[tokio::test]
async fn an_offset_past_sqlite_integers_is_a_bad_request() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    for path in ["/api/events", "/api/actors", "/api/commitments", "/api/articles", "/api/events/1/sources"] {
        let (status, body) = get(&app, &format!("{path}?offset=18446744073709551615")).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_filter");
        let (status, body) = get(&app, &format!("{path}?offset=9223372036854775807")).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
    }
}

#[tokio::test]
async fn answers_carry_the_security_headers() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    for uri in ["/", "/api/stats", "/api/nope"] {
        let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "{csp}");
        assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}

#[tokio::test]
async fn on_loopback_only_local_hosts_are_answered() {
    let dir = tempfile::tempdir().unwrap();
    let app = dyad_serve::allow_hosts(app(&dir), "127.0.0.1:8080".parse().unwrap());
    let with_host = |host: &str| Request::get("/api/health").header(header::HOST, host).body(Body::empty()).unwrap();
    for host in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080"] {
        assert_eq!(send(&app, with_host(host)).await.0, StatusCode::OK, "{host}");
    }
    let (status, body) = send(&app, with_host("rebound.example:8080")).await;
    assert_error(status, &body, StatusCode::MISDIRECTED_REQUEST, "bad_host");
}

#[tokio::test]
async fn sources_of_a_merged_event_are_paged() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let (_, body) = get(&app, "/api/events?limit=100").await;
    let events = body["events"].as_array().unwrap();
    let e = events.iter().max_by_key(|e| e["source_count"].as_u64()).unwrap();
    let (id, count) = (e["id"].as_i64().unwrap(), e["source_count"].as_u64().unwrap());
    let mut seen = Vec::new();
    let mut offset = Some(0);
    while let Some(at) = offset {
        let (status, page) = get(&app, &format!("/api/events/{id}/sources?limit=1&offset={at}")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["total"].as_u64(), Some(count), "{page}");
        seen.extend(page["sources"].as_array().unwrap().iter().map(|s| s["event_id"].clone()));
        offset = page["next_offset"].as_u64();
    }
    assert_eq!(seen.len() as u64, count);
    let (status, body) = get(&app, "/api/events/999999/sources").await;
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn the_server_stops_when_told_after_answering() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(dyad_serve::run(listener, app, async move {
        let _ = stopped.await;
    }));
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket.write_all(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), server).await.unwrap().unwrap();
}
