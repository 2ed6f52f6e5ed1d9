//! The API's query parsing: any query string on any read endpoint is answered, and a bad one is
//! a client error (4xx) naming the parameter, never a server error (5xx).
#![no_main]

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use dyad_core::Article;
use dyad_serve::{router, AppConfig};
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

const ENDPOINTS: &[&str] = &[
    "/api/events",
    "/api/events/1",
    "/api/events/1/sources",
    "/api/actors",
    "/api/actors/USA",
    "/api/dyads",
    "/api/commitments",
    "/api/articles",
    "/api/stats",
];

struct Fixture {
    app: Router,
    runtime: tokio::runtime::Runtime,
}

/// A store of two articles (no events) served by one router, per fuzzing process.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let db = std::env::temp_dir().join(format!("dyad-fuzz-query-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&db);
        let mut store = dyad_store::Store::open(&db).expect("scratch store");
        for id in ["a", "b"] {
            let article = Article {
                id: id.into(),
                url: None,
                published: Some("2024-03-04".into()),
                title: None,
                text: "China met Japan.".into(),
            };
            store.put(&article, &[]).expect("article stored");
        }
        drop(store);
        let app = router(AppConfig { db, ingest: None }).expect("router");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Fixture { app, runtime }
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, query)) = data.split_first() else {
        return;
    };
    let Ok(query) = std::str::from_utf8(query) else {
        return;
    };
    let path = ENDPOINTS[which as usize % ENDPOINTS.len()];
    let Ok(request) = Request::get(format!("{path}?{query}")).body(Body::empty()) else {
        return;
    };
    let fixture = fixture();
    let response = fixture
        .runtime
        .block_on(fixture.app.clone().oneshot(request))
        .expect("infallible");
    assert!(
        !response.status().is_server_error(),
        "{path}?{query}: {}",
        response.status()
    );
});
