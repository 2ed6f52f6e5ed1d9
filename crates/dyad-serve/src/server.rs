//! Serving on a socket: each connection is served by hyper with a header read timeout (which
//! also closes a keep-alive connection left idle), at most [`MAX_CONNECTIONS`] at once, until
//! Ctrl-C or SIGTERM, when the requests in flight are answered before the server stops.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

use crate::app::{router, AppConfig};
use crate::guard::{allow_hosts, DEADLINE};

/// How long a client may take to send a request's headers, and how long a connection may stay
/// idle between requests.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once; more wait in the listen queue.
pub const MAX_CONNECTIONS: usize = 1024;

/// Serves `config` on `addr` until Ctrl-C or SIGTERM, on a runtime of its own: what
/// `dyad serve` runs once its arguments are read. On a loopback address only requests for
/// `localhost` are answered (see [`allow_hosts`]).
pub fn serve(config: AppConfig, addr: SocketAddr) -> anyhow::Result<()> {
    let db = config.db.clone();
    let app = router(config).with_context(|| format!("opening the store {}", db.display()))?;
    let app = allow_hosts(app, addr);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().max_blocking_threads(32).build()?;
    runtime.block_on(async {
        let listener = TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
        eprintln!("dyad serving {} on http://{}/", db.display(), listener.local_addr()?);
        run(listener, app, stop_signal()).await;
        eprintln!("dyad: stopped");
        Ok::<_, anyhow::Error>(())
    })
}

/// Ctrl-C, or SIGTERM where there is one.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            },
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Serves `app` on `listener` until `stop` completes, then lets the connections finish the
/// requests they have begun (for at most the request deadline and a little more).
pub async fn run(listener: TcpListener, app: Router, stop: impl Future<Output = ()> + Send + 'static) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let (stopping, stop_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    // A task of its own, so that the signal handlers are installed at once.
    let mut stop = tokio::spawn(stop);
    loop {
        let slot = tokio::select! {
            _ = &mut stop => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors, say: wait a little rather than spin.
                    tracing::warn!("accept failed: {err}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        connections.spawn(connection(stream, app.clone(), stop_rx.clone(), slot));
        while connections.try_join_next().is_some() {}
    }
    let _ = stopping.send(true);
    let drain = async { while connections.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(DEADLINE + Duration::from_secs(2), drain).await;
}

/// Serves one connection until it closes, or, once `stop` turns true, until its request in
/// flight is answered.
async fn connection(stream: TcpStream, app: Router, mut stop: watch::Receiver<bool>, _slot: OwnedSemaphorePermit) {
    let _ = stream.set_nodelay(true);
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = async { drop(stop.wait_for(|stop| *stop).await) } => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
