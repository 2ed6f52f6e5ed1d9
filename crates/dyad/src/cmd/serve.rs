//! `dyad serve [--db FILE] [--addr 127.0.0.1:8080] [--allow-ingest --token TOKEN]`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use dyad_serve::{AppConfig, IngestConfig};

use super::{coder, DbArgs};

/// `dyad serve`: the store, the address, and whether posted articles are coded and stored.
#[derive(Clone, Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
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

/// Serves until interrupted (Ctrl-C); articles posted to `/api/articles` are coded with the
/// embedded coder.
pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let coder = Arc::new(coder()?);
    let code: dyad_serve::Coder = Arc::new(move |article: &dyad_core::Article| coder.code(article));
    let ingest = if args.allow_ingest {
        let token = args
            .token
            .clone()
            .filter(|t| !t.trim().is_empty())
            .context("--allow-ingest needs a bearer token: pass --token TOKEN or set DYAD_TOKEN")?;
        Some(IngestConfig { token, code, max_body: args.max_body })
    } else {
        None
    };
    dyad_serve::serve(AppConfig { db: args.db.db, ingest }, args.addr)?;
    Ok(ExitCode::SUCCESS)
}
