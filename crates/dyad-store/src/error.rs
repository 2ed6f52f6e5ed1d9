//! Errors of the store, kept in two families: a user's mistake (a bad filter value, an unknown
//! id) and an internal fault (the database, the disk). The HTTP API maps [`Error::code`] to a
//! status; the command line prints the message and the hint.

use std::fmt;

/// What went wrong, in a stable machine-readable form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A filter or parameter value could not be understood (`since=not-a-date`).
    BadFilter,
    /// An input could not be used (an article without an id).
    BadInput,
    /// The requested article, event or actor does not exist.
    NotFound,
    /// The store file was written by a newer dyad.
    SchemaTooNew,
    /// Anything else: the database, the disk, an encoder.
    Internal,
}

impl ErrorCode {
    /// The snake_case name used in JSON error bodies.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::BadFilter => "bad_filter",
            ErrorCode::BadInput => "bad_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::SchemaTooNew => "schema_too_new",
            ErrorCode::Internal => "internal",
        }
    }

    /// Whether the error is the user's to fix rather than a fault of dyad or the machine.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, ErrorCode::Internal)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A user's mistake, with a hint on how to fix it.
    #[error("{message}")]
    User {
        /// Which kind of mistake.
        code: ErrorCode,
        /// What was wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// The database failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Reading or writing a file failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    /// JSON could not be written or a stored event could not be read back.
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
    /// CSV could not be written.
    #[error("csv error: {0}")]
    Csv(#[from] csv::Error),
    /// Parquet or Arrow could not be written.
    #[error("parquet error: {0}")]
    Parquet(String),
}

impl Error {
    /// A bad filter or parameter value.
    pub fn bad_filter(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::User {
            code: ErrorCode::BadFilter,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// An unknown id.
    pub fn not_found(what: &str, id: &str) -> Error {
        Error::User {
            code: ErrorCode::NotFound,
            message: format!("no {what} with id {id:?}"),
            hint: format!("list the known ids with /api/{what}s or `dyad {what}s`"),
        }
    }

    /// The machine-readable kind of the error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::User { code, .. } => *code,
            _ => ErrorCode::Internal,
        }
    }

    /// A hint on how to fix the error, for user errors.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::User { hint, .. } => Some(hint),
            _ => None,
        }
    }
}

impl From<parquet::errors::ParquetError> for Error {
    fn from(e: parquet::errors::ParquetError) -> Error {
        Error::Parquet(e.to_string())
    }
}

impl From<arrow::error::ArrowError> for Error {
    fn from(e: arrow::error::ArrowError) -> Error {
        Error::Parquet(e.to_string())
    }
}

/// The result of store operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;
