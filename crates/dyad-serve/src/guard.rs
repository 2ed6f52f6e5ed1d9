//! What every request passes through before a handler: a limit on requests in flight (the rest
//! are answered 503 with `Retry-After` at once), a deadline, the page's security headers, and,
//! on a loopback address, a Host allowlist against DNS rebinding.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Requests answered at once; more are refused with 503 (the store is read by a few
/// connections, so more would only queue).
pub const MAX_IN_FLIGHT: usize = 32;
/// How long a read may take before it is answered 503 and its work stopped. (A posted batch
/// is not cut short: its articles are stored in transactions that would be half done.)
pub const DEADLINE: Duration = Duration::from_secs(10);

/// The page may load only its own scripts, styles and data, and may not be framed.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Adds the in-flight limit, the deadline and the security headers to `router`.
pub(crate) fn limits(router: Router) -> Router {
    let slots = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    router.layer(middleware::from_fn_with_state(slots, limit))
}

async fn limit(State(slots): State<Arc<Semaphore>>, req: Request, next: Next) -> Response {
    let mut response = match slots.try_acquire() {
        Err(_) => busy("the server is answering as many requests as it can"),
        Ok(_slot) if req.method() == Method::POST => next.run(req).await,
        // Dropping the handler's future at the deadline stops its work (see `App::read`).
        Ok(_slot) => match tokio::time::timeout(DEADLINE, next.run(req)).await {
            Ok(response) => response,
            Err(_) => busy("the request took longer than the server allows"),
        },
    };
    secure(response.headers_mut());
    response
}

/// A 503 that tells the client to come back in a second.
fn busy(message: &str) -> Response {
    let mut response =
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message, "retry after the time in Retry-After")
            .into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

fn secure(headers: &mut HeaderMap) {
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
}

/// On a loopback address, answers only requests whose Host names the loopback (`localhost`,
/// `127.0.0.1`, `[::1]`, with or without a port), so that a page of another site whose name
/// was rebound to 127.0.0.1 cannot read the API. Other addresses are left open.
pub fn allow_hosts(router: Router, addr: SocketAddr) -> Router {
    if addr.ip().is_loopback() {
        router.layer(middleware::from_fn(loopback_host))
    } else {
        router
    }
}

async fn loopback_host(req: Request, next: Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).or(req.uri().host());
    if host.is_some_and(is_loopback_host) {
        return next.run(req).await;
    }
    let shown = host.unwrap_or("(none)");
    let mut response = ApiError::new(
        StatusCode::MISDIRECTED_REQUEST,
        "bad_host",
        format!("Host {shown:?} is not this server's: on a loopback address only localhost is answered"),
        "open http://localhost:PORT/ or http://127.0.0.1:PORT/",
    )
    .into_response();
    secure(response.headers_mut());
    response
}

/// `localhost`, `127.0.0.1` or `[::1]`, with an optional port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    #[tokio::test]
    async fn requests_past_the_limit_are_answered_503_at_once() {
        let gate = Arc::new(tokio::sync::Notify::new());
        let waiting = Arc::clone(&gate);
        let app = limits(Router::new().route("/slow", get(move || async move { waiting.notified().await })));
        let request = || Request::get("/slow").body(Body::empty()).unwrap();
        let held: Vec<_> = (0..MAX_IN_FLIGHT).map(|_| tokio::spawn(app.clone().oneshot(request()))).collect();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let refused = app.clone().oneshot(request()).await.unwrap();
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.headers()[header::RETRY_AFTER], "1");
        gate.notify_waiters();
        for answer in held {
            assert_eq!(answer.await.unwrap().unwrap().status(), StatusCode::OK);
        }
        assert_eq!(app.oneshot(Request::get("/nope").body(Body::empty()).unwrap()).await.unwrap().status(), 404);
    }

    #[test]
    fn loopback_hosts() {
        for ok in ["localhost", "localhost:8080", "127.0.0.1:80", "[::1]:8080", "[::1]", "LOCALHOST:1"] {
            assert!(is_loopback_host(ok), "{ok}");
        }
        for bad in ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.:80", "::1", "", ":80"] {
            assert!(!is_loopback_host(bad), "{bad}");
        }
    }
}
