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
use std::process::ExitCode;

use anyhow::Context;
use dyad_store::cli::DbArgs;

pub use app::{router, AppConfig, Coder, IngestConfig, DEFAULT_LIMIT, MAX_LIMIT};
pub use assets::OPENAPI;
pub use error::ApiError;

/// `dyad serve [--db FILE] [--addr 127.0.0.1:8080] [--allow-ingest --token TOKEN]`.
#[derive(Clone, Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub db: DbArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Accept `POST /api/articles` (needs --token).
    #[arg(long)]
    pub allow_ingest: bool,
    /// Bearer token that ingest requests must carry.
    #[arg(long, env = "DYAD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Largest ingest request body, in bytes.
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    pub max_body: usize,
}

impl ServeArgs {
    /// Serves until interrupted (Ctrl-C). `code` codes articles posted to `/api/articles`.
    pub fn run(&self, code: Coder) -> anyhow::Result<ExitCode> {
        let ingest = if self.allow_ingest {
            let token = self
                .token
                .clone()
                .filter(|t| !t.trim().is_empty())
                .context("--allow-ingest needs a bearer token: pass --token TOKEN or set DYAD_TOKEN")?;
            Some(IngestConfig { token, code, max_body: self.max_body })
        } else {
            None
        };
        let config = AppConfig { db: self.db.db.clone(), ingest };
        let app = router(config).with_context(|| format!("opening the store {}", self.db.db.display()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind(self.addr)
                .await
                .with_context(|| format!("listening on {}", self.addr))?;
            eprintln!("dyad serving {} on http://{}/", self.db.db.display(), listener.local_addr()?);
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await?;
            Ok::<_, anyhow::Error>(())
        })?;
        Ok(ExitCode::SUCCESS)
    }
}
