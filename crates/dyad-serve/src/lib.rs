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
//! ```no_run
//! use std::sync::Arc;
//! use dyad_serve::{router, AppConfig};
//!
//! # async fn demo() -> anyhow::Result<()> {
//! let app = router(AppConfig { db: "dyad.db".into(), ingest: None })?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod app;
mod assets;
mod error;

use std::net::SocketAddr;

use anyhow::Context;

pub use app::{router, AppConfig, Coder, IngestConfig, DEFAULT_LIMIT, MAX_LIMIT};
pub use assets::OPENAPI;
pub use error::ApiError;

/// Serves `config` on `addr` until interrupted (Ctrl-C), on a runtime of its own: what
/// `dyad serve` runs once its arguments are read.
pub fn serve(config: AppConfig, addr: SocketAddr) -> anyhow::Result<()> {
    let db = config.db.clone();
    let app = router(config).with_context(|| format!("opening the store {}", db.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
        eprintln!("dyad serving {} on http://{}/", db.display(), listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok::<_, anyhow::Error>(())
    })
}
