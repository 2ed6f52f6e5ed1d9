//! dyad-serve: the HTTP face of a dyad store.
//!
//! `dyad serve` answers a JSON API (`/api/events`, `/api/actors`, `/api/dyads`,
//! `/api/articles/{id}`, `/api/stats`, `/api/health`, described at `/api/openapi.json`) and
//! serves a web page at `/` whose assets are embedded in the binary: an event table with
//! filters, actor pages with a timeline and partners, a network graph of actors, and an article
//! view that highlights the sentence each event was coded from.
//!
//! The server is read-only unless started with `--allow-ingest` and a bearer token, when
//! `POST /api/articles` codes and stores posted articles.
//!
//! It holds under load: a few pooled read connections ([`MAX_READERS`]), at most
//! [`MAX_IN_FLIGHT`] requests answered at once (the rest get 503 with `Retry-After`), a
//! [`DEADLINE`] per request after which its query is stopped, a [`HEADER_TIMEOUT`], merged
//! events listing at most [`MAX_SOURCES`] sources (the rest paged by
//! `/api/events/{id}/sources`), and on a loopback address a Host allowlist.
//!
//! ```no_run
//! use dyad_serve::{allow_hosts, router, run, AppConfig};
//!
//! # async fn demo() -> anyhow::Result<()> {
//! let app = router(AppConfig { db: "dyad.db".into(), ingest: None })?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! let app = allow_hosts(app, listener.local_addr()?);
//! run(listener, app, async { let _ = tokio::signal::ctrl_c().await; }).await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod app;
mod assets;
mod error;
mod guard;
mod server;

pub use app::{router, AppConfig, Coder, IngestConfig, DEFAULT_LIMIT, MAX_LIMIT, MAX_READERS, MAX_SOURCES};
pub use assets::OPENAPI;
pub use error::ApiError;
pub use guard::{allow_hosts, DEADLINE, MAX_IN_FLIGHT};
pub use server::{run, serve, HEADER_TIMEOUT, MAX_CONNECTIONS};
