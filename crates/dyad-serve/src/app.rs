//! The router: JSON API handlers over a small pool of store connections, and the embedded page.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dyad_core::{ingest, Article, Event};
use dyad_store::InterruptHandle;
use dyad_store::{CommitmentArgs, DyadOptions, FilterArgs, IngestOptions, IngestSession, Page, Store};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::{assets, guard};

/// The coding pipeline, shared between request threads.
pub type Coder = Arc<dyn Fn(&Article) -> Vec<Event> + Send + Sync>;

/// Ingest over HTTP: who may, and how articles are coded.
#[derive(Clone)]
pub struct IngestConfig {
    /// The bearer token a `POST /api/articles` must carry.
    pub token: String,
    /// Codes each posted article.
    pub code: Coder,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
}

/// What the server serves.
#[derive(Clone)]
pub struct AppConfig {
    /// The store file.
    pub db: PathBuf,
    /// `Some` to accept `POST /api/articles`; `None` for a read-only server.
    pub ingest: Option<IngestConfig>,
}

struct App {
    db: PathBuf,
    /// Idle read connections.
    readers: Mutex<Vec<Store>>,
    /// One per read connection in use: reads beyond wait here, not on a thread of their own.
    reader_slots: Semaphore,
    writer: Option<Mutex<Writer>>,
    ingest: Option<IngestConfig>,
}

/// The store that posted articles go to, and the ingest session that keeps the merger and the
/// ledger between requests (started at the first post; dropped after a failed one).
struct Writer {
    store: Store,
    session: Option<IngestSession>,
}

/// The largest page of `/api/events`.
pub const MAX_LIMIT: usize = 1000;
/// The page size of `/api/events` when none is asked for.
pub const DEFAULT_LIMIT: usize = 50;
/// The largest `offset` (SQLite's integers are 64-bit and signed).
const MAX_OFFSET: usize = i64::MAX as usize;
/// Read connections open at most (each with its own 8 MB page cache).
pub const MAX_READERS: usize = 4;
/// Sources listed with each event of an answer; `source_count` counts them all and
/// `/api/events/{id}/sources` pages through them.
pub const MAX_SOURCES: usize = 10;

/// Stops the store query of a request whose answer is no longer wanted: the client went away
/// or the deadline passed, and the request's future was dropped.
#[derive(Default)]
struct Cancel {
    /// The connection a query runs on, while it runs.
    running: Mutex<Option<InterruptHandle>>,
    cancelled: AtomicBool,
}

impl Cancel {
    /// Notes that `store` runs the query now; false if the request was dropped already.
    fn start(&self, store: &Store) -> bool {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if self.cancelled.load(Ordering::SeqCst) {
            return false;
        }
        *running = Some(store.interrupt_handle());
        true
    }

    /// Notes that the query is over, so that the connection can serve another.
    fn finish(&self) {
        self.running.lock().unwrap_or_else(|e| e.into_inner()).take();
    }
}

/// Cancels the query when dropped before [`CancelOnDrop::done`].
struct CancelOnDrop(Option<Arc<Cancel>>);

impl CancelOnDrop {
    fn done(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        let Some(cancel) = self.0.take() else { return };
        let running = cancel.running.lock().unwrap_or_else(|e| e.into_inner());
        cancel.cancelled.store(true, Ordering::SeqCst);
        if let Some(handle) = running.as_ref() {
            handle.interrupt();
        }
    }
}

impl App {
    /// Runs `f` on a pooled read connection on the blocking thread pool, waiting for one of
    /// the [`MAX_READERS`] connections; dropping the returned future stops the query.
    async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let _slot = self.reader_slots.acquire().await.map_err(|_| ApiError::internal("reader pool closed"))?;
        let cancel = Arc::new(Cancel::default());
        let guard = CancelOnDrop(Some(Arc::clone(&cancel)));
        let app = Arc::clone(self);
        let out = tokio::task::spawn_blocking(move || {
            let store = app.reader()?;
            if !cancel.start(&store) {
                return Err(ApiError::internal("request cancelled"));
            }
            let out = f(&store);
            cancel.finish();
            app.readers.lock().map_err(|_| ApiError::internal("reader pool poisoned"))?.push(store);
            out
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?;
        guard.done();
        out
    }

    /// An idle read connection, or a new one.
    fn reader(&self) -> Result<Store, ApiError> {
        let pooled = self.readers.lock().map_err(|_| ApiError::internal("reader pool poisoned"))?.pop();
        match pooled {
            Some(store) => Ok(store),
            None => reader(&self.db),
        }
    }
}

/// A read connection that lists at most [`MAX_SOURCES`] sources per event.
fn reader(db: &std::path::Path) -> Result<Store, ApiError> {
    let mut store = Store::open_read_only(db)?;
    store.limit_sources(Some(MAX_SOURCES));
    Ok(store)
}

/// Builds the router. The store must exist unless ingest is enabled, in which case it is
/// created.
pub fn router(config: AppConfig) -> anyhow::Result<Router> {
    let writer = match &config.ingest {
        Some(_) => Some(Mutex::new(Writer { store: Store::open(&config.db)?, session: None })),
        None => None,
    };
    let mut first = Store::open_read_only(&config.db)?;
    first.limit_sources(Some(MAX_SOURCES));
    let max_body = config.ingest.as_ref().map_or(0, |i| i.max_body);
    let readers = Mutex::new(vec![first]);
    let reader_slots = Semaphore::new(MAX_READERS);
    let app = Arc::new(App { db: config.db, readers, reader_slots, writer, ingest: config.ingest });
    let api = Router::new()
        .route("/health", get(health))
        .route("/stats", get(stats))
        .route("/events", get(events))
        .route("/events/{id}", get(event))
        .route("/events/{id}/sources", get(event_sources))
        .route("/actors", get(actors))
        .route("/actors/suggest", get(suggest_actors))
        .route("/actors/{id}", get(actor))
        .route("/dyads", get(dyads))
        .route("/dyads/{a}/{b}", get(pair))
        .route("/commitments", get(commitments))
        .route("/articles", get(articles).post(post_articles).layer(DefaultBodyLimit::max(max_body.max(1))))
        .route("/articles/{id}", get(article))
        .route("/openapi.json", get(openapi))
        .fallback(api_not_found);
    let router = Router::new()
        .nest("/api", api)
        .route("/", get(assets::index))
        .route("/assets/{file}", get(assets::file))
        .fallback(not_found)
        .with_state(app);
    Ok(guard::limits(router))
}

type AppState = State<Arc<App>>;
type Params = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// Query parameters, each allowed once, checked against the names an endpoint knows.
struct QueryParams(HashMap<String, String>);

impl QueryParams {
    fn new(params: Params, known: &[&str]) -> Result<QueryParams, ApiError> {
        let Query(pairs) = params.map_err(|e| ApiError::bad_request(e.body_text(), "check the query string"))?;
        let mut map = HashMap::new();
        for (k, v) in pairs {
            if !known.contains(&k.as_str()) {
                return Err(ApiError::bad_request(
                    format!("unknown parameter {k:?}"),
                    format!("known parameters: {}", known.join(", ")),
                ));
            }
            if map.insert(k.clone(), v).is_some() {
                return Err(ApiError::bad_request(
                    format!("parameter {k:?} given twice"),
                    "give each parameter once; lists are comma-separated (type=AGREE,CONSULT)",
                ));
            }
        }
        Ok(QueryParams(map))
    }

    fn filter(&mut self) -> Result<FilterArgs, ApiError> {
        let family = self.flag("family")?;
        let mut take = |k: &str| self.0.remove(k);
        Ok(FilterArgs {
            actor: take("actor"),
            partner: take("partner"),
            family,
            source: take("source"),
            target: take("target"),
            event_type: take("type"),
            context: take("context"),
            since: take("since"),
            until: take("until"),
            article: take("article"),
            person: take("person"),
        })
    }

    fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.0.get(name) {
            None => Ok(default),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(ApiError::bad_request(
                    format!("{name}={v:?} is not a number from 0 to {max}"),
                    format!("give {name} as a whole number up to {max}"),
                )),
            },
        }
    }

    fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.0.get(name).map(String::as_str) {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") | Some("") => Ok(true),
            Some(v) => {
                Err(ApiError::bad_request(format!("{name}={v:?} is not true or false"), format!("write {name}=true")))
            }
        }
    }
}

const FILTERS: &[&str] =
    &["actor", "partner", "family", "source", "target", "type", "context", "since", "until", "article", "person"];

fn known(extra: &[&'static str]) -> Vec<&'static str> {
    FILTERS.iter().copied().chain(extra.iter().copied()).collect()
}

async fn health(State(app): AppState) -> Result<Json<Value>, ApiError> {
    let version = app.read(|s| Ok(s.schema_version()?)).await?;
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "schema_version": version,
        "ingest": app.ingest.is_some(),
    })))
}

async fn stats(State(app): AppState) -> Result<Json<Value>, ApiError> {
    let stats = app.read(|s| Ok(s.stats()?)).await?;
    Ok(Json(serde_json::to_value(stats).map_err(|e| ApiError::internal(e.to_string()))?))
}

async fn events(State(app): AppState, params: Params) -> Result<Json<Value>, ApiError> {
    let mut q = QueryParams::new(params, &known(&["limit", "offset", "total"]))?;
    let limit = q.number("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    let offset = q.number("offset", 0, MAX_OFFSET)?;
    let total = q.flag("total")?;
    let filter = q.filter()?.parse()?;
    app.read(move |s| {
        // One more than asked tells whether there is a next page without counting them all.
        let mut events = s.events(&filter, Page { limit: Some(limit + 1), offset })?;
        let more = events.len() > limit;
        events.truncate(limit);
        let mut body = json!({
            "events": events,
            "limit": limit,
            "offset": offset,
            "next_offset": next_offset(more, offset, limit),
        });
        if total {
            body["total"] = json!(s.count_events(&filter)?);
        }
        Ok(Json(body))
    })
    .await
}

/// The offset of the next page when there is one. A page of no items (`limit=0`) has none:
/// following it would ask for the same page for ever.
fn next_offset(more: bool, offset: usize, taken: usize) -> Option<usize> {
    (more && taken > 0).then_some(offset + taken)
}

fn parse_id(id: &str) -> Result<i64, ApiError> {
    id.parse()
        .map_err(|_| ApiError::bad_request(format!("event id {id:?} is not a number"), "event ids are whole numbers"))
}

async fn event(State(app): AppState, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let id = parse_id(&id)?;
    app.read(move |s| Ok(Json(json!(s.event(id)?)))).await
}

async fn event_sources(State(app): AppState, Path(id): Path<String>, params: Params) -> Result<Json<Value>, ApiError> {
    let id = parse_id(&id)?;
    let q = QueryParams::new(params, &["limit", "offset"])?;
    let limit = q.number("limit", 100, MAX_LIMIT)?;
    let offset = q.number("offset", 0, MAX_OFFSET)?;
    app.read(move |s| {
        let (sources, total) = s.event_sources(id, Page { limit: Some(limit), offset })?;
        let next = next_offset(offset + sources.len() < total, offset, sources.len());
        Ok(Json(json!({ "sources": sources, "total": total, "limit": limit, "offset": offset, "next_offset": next })))
    })
    .await
}

async fn actors(State(app): AppState, params: Params) -> Result<Json<Value>, ApiError> {
    let mut q = QueryParams::new(params, &known(&["limit", "offset", "partners"]))?;
    let limit = q.number("limit", 100, 10_000)?;
    let offset = q.number("offset", 0, MAX_OFFSET)?;
    let partners = q.number("partners", 5, 100)?;
    let filter = q.filter()?.parse()?;
    app.read(move |s| {
        let actors = s.actors(&filter, Page { limit: Some(limit), offset }, partners)?;
        Ok(Json(json!({ "actors": actors, "limit": limit, "offset": offset })))
    })
    .await
}

/// Actors as people type them (`q`): ids, names and the gazetteers' other names, case and
/// accents aside; and the persons the events name ("lacroix"), each with the body they acted
/// for and their role. An empty list of each, with a message, when nothing matches.
async fn suggest_actors(State(app): AppState, params: Params) -> Result<Json<Value>, ApiError> {
    let q = QueryParams::new(params, &["q", "limit"])?;
    let limit = q.number("limit", 10, 100)?;
    let query = q.0.get("q").cloned().unwrap_or_default();
    app.read(move |s| {
        let actors = s.suggest_actors(&query, limit)?;
        let persons = s.suggest_persons(&query, limit)?;
        let mut body = json!({ "q": query, "actors": actors, "persons": persons });
        if actors.is_empty() && persons.is_empty() {
            body["message"] = json!(format!("no actor or person matches {:?}", query.trim()));
        }
        Ok(Json(body))
    })
    .await
}

async fn actor(State(app): AppState, Path(id): Path<String>, params: Params) -> Result<Json<Value>, ApiError> {
    let q = QueryParams::new(params, &["partners"])?;
    let partners = q.number("partners", 20, 100)?;
    app.read(move |s| Ok(Json(json!(s.actor(&id, partners)?)))).await
}

async fn dyads(State(app): AppState, params: Params) -> Result<Json<Value>, ApiError> {
    let mut q = QueryParams::new(params, &known(&["limit", "undirected"]))?;
    let limit = q.number("limit", 100, 10_000)?;
    let undirected = q.flag("undirected")?;
    let filter = q.filter()?.parse()?;
    app.read(move |s| {
        let dyads = s.dyads(&filter, DyadOptions { undirected, limit: Some(limit) })?;
        Ok(Json(json!({ "dyads": dyads, "limit": limit })))
    })
    .await
}

/// The pair view's answer: what passed between `a` and `b` both ways (counts by type and by
/// month, empty months included), a page of their events, latest first, and the commitments
/// between them, under the filters `type`, `context`, `since`, `until` and `family`.
async fn pair(
    State(app): AppState,
    Path((a, b)): Path<(String, String)>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let mut q = QueryParams::new(params, &["type", "context", "since", "until", "family", "limit", "offset"])?;
    let limit = q.number("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    let offset = q.number("offset", 0, MAX_OFFSET)?;
    let args = FilterArgs { actor: Some(a.clone()), partner: Some(b.clone()), ..q.filter()? };
    let filter = args.parse()?;
    let commitments = CommitmentArgs {
        actor: Some(a),
        partner: Some(b),
        family: args.family,
        since: args.since.clone(),
        until: args.until.clone(),
        ..CommitmentArgs::default()
    }
    .parse()?;
    app.read(move |s| {
        let summary = s.pair(&filter)?;
        let mut events = s.events(&filter, Page { limit: Some(limit + 1), offset })?;
        let more = events.len() > limit;
        events.truncate(limit);
        let commitments = s.commitments(&commitments, Page { limit: Some(MAX_LIMIT), offset: 0 })?;
        Ok(Json(json!({
            "pair": summary,
            "events": events,
            "limit": limit,
            "offset": offset,
            "next_offset": next_offset(more, offset, limit),
            "commitments": commitments,
        })))
    })
    .await
}

const COMMITMENT_PARAMS: [&str; 12] = [
    "actor",
    "partner",
    "family",
    "holder",
    "counterpart",
    "status",
    "kind",
    "since",
    "until",
    "limit",
    "offset",
    "total",
];

async fn commitments(State(app): AppState, params: Params) -> Result<Json<Value>, ApiError> {
    let q = QueryParams::new(params, &COMMITMENT_PARAMS)?;
    let limit = q.number("limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    let offset = q.number("offset", 0, MAX_OFFSET)?;
    let total = q.flag("total")?;
    let text = |k: &str| q.0.get(k).cloned();
    let filter = CommitmentArgs {
        actor: text("actor"),
        partner: text("partner"),
        family: q.flag("family")?,
        holder: text("holder"),
        counterpart: text("counterpart"),
        status: text("status"),
        kind: text("kind"),
        since: text("since"),
        until: text("until"),
    }
    .parse()?;
    app.read(move |s| {
        let mut items = s.commitments(&filter, Page { limit: Some(limit + 1), offset })?;
        let more = items.len() > limit;
        items.truncate(limit);
        let mut body = json!({
            "commitments": items,
            "limit": limit,
            "offset": offset,
            "next_offset": next_offset(more, offset, limit),
        });
        if total {
            body["total"] = json!(s.count_commitments(&filter)?);
        }
        Ok(Json(body))
    })
    .await
}

async fn articles(State(app): AppState, params: Params) -> Result<Json<Value>, ApiError> {
    let q = QueryParams::new(params, &["limit", "offset"])?;
    let limit = q.number("limit", 100, 10_000)?;
    let offset = q.number("offset", 0, MAX_OFFSET)?;
    app.read(move |s| Ok(Json(json!({ "ids": s.article_ids(Page { limit: Some(limit), offset })? })))).await
}

async fn article(State(app): AppState, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    app.read(move |s| Ok(Json(json!(s.article(&id)?)))).await
}

/// A posted body: one article or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum Posted {
    One(Article),
    Many(Vec<Article>),
}

async fn post_articles(
    State(app): AppState,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Some(ingest) = app.ingest.clone() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "read_only",
            "this server is read-only",
            "start it with `dyad serve --allow-ingest --token TOKEN` to ingest over HTTP",
        ));
    };
    let presented =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !presented.is_some_and(|t| same(t.trim(), &ingest.token)) {
        let mut response = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong bearer token",
            "send `Authorization: Bearer TOKEN` with the token the server was started with",
        )
        .into_response();
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        return Ok(response);
    }
    let Json(value) = body.map_err(|e| {
        let status = e.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE { "payload_too_large" } else { "bad_input" };
        ApiError::new(status, code, e.body_text(), "post a JSON article {id, text, ...} or a list of them")
    })?;
    let posted: Posted = parse(value)?;
    let list = match posted {
        Posted::One(a) => vec![a],
        Posted::Many(list) => list,
    };
    let app2 = Arc::clone(&app);
    let report = tokio::task::spawn_blocking(move || {
        let writer = app2.writer.as_ref().ok_or_else(|| ApiError::internal("no writer"))?;
        let mut writer = writer.lock().map_err(|_| ApiError::internal("writer poisoned"))?;
        let Writer { store, session } = &mut *writer;
        let mut replayed = 0;
        if session.is_none() {
            let started = IngestSession::new(store)?;
            replayed = started.replayed();
            *session = Some(started);
        }
        let options = IngestOptions { batch_size: 256, progress: false };
        let inputs = list.into_iter().map(checked);
        let result = session.as_mut().expect("started above").ingest(store, inputs, &*ingest.code, options);
        if result.is_err() {
            *session = None;
        }
        let mut report = result?;
        report.replayed = replayed;
        Ok::<_, ApiError>(report)
    })
    .await
    .map_err(|e| ApiError::internal(format!("ingest task failed: {e}")))??;
    let status = if report.failed() { StatusCode::BAD_REQUEST } else { StatusCode::CREATED };
    Ok((status, Json(report)).into_response())
}

/// A posted article checked as the readers check a file's: a non-empty id, a `published` that
/// is a date (stored as `YYYY-MM-DD`), a link only if it is an `http(s)` URL.
fn checked(mut article: Article) -> Result<Article, String> {
    if article.id.trim().is_empty() {
        return Err("an article has an empty \"id\"".into());
    }
    if let Some(date) = article.published.as_deref().filter(|d| !d.trim().is_empty()) {
        article.published = Some(ingest::published(date).map_err(|m| format!("article {}: {m}", article.id))?);
    }
    article.url = article.url.as_deref().and_then(ingest::web_link);
    Ok(article)
}

fn parse<T: DeserializeOwned>(value: Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_input",
            e.to_string(),
            "post a JSON article {id, text, ...} or a list of them",
        )
    })
}

/// Compares tokens in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], assets::OPENAPI)
}

async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no endpoint {}", uri.path()), "see /api/openapi.json")
}

async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, "not found; the page is at /")
}
