//! Errors as the API sends them: a status and a JSON body `{code, message, hint}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_store::ErrorCode;
use serde::Serialize;

/// An error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    /// HTTP status.
    #[serde(skip)]
    pub status: StatusCode,
    /// Stable machine-readable code (`bad_filter`, `not_found`, `unauthorized`, ...).
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
    /// How to fix it, when the caller can.
    pub hint: Option<String>,
}

impl ApiError {
    /// An error with a status, code, message and hint.
    pub fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> ApiError {
        ApiError { status, code, message: message.into(), hint: Some(hint.into()) }
    }

    /// A bad query parameter.
    pub fn bad_request(message: impl Into<String>, hint: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_filter", message, hint)
    }

    /// A fault of the server.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, code: "internal", message: message.into(), hint: None }
    }
}

impl From<dyad_store::Error> for ApiError {
    fn from(e: dyad_store::Error) -> ApiError {
        let code = e.code();
        let status = match code {
            ErrorCode::BadFilter | ErrorCode::BadInput => StatusCode::BAD_REQUEST,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!("store error: {e}");
        }
        ApiError { status, code: code.as_str(), message: e.to_string(), hint: e.hint().map(str::to_string) }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(&self)).into_response()
    }
}
