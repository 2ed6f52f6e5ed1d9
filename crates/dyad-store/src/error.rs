//! Errors of the store, kept in two families: a user's mistake (a bad filter value, an unknown
//! id) and an internal fault (the database, the disk). The HTTP API maps [`Error::code`] to a
//! status; the command line prints the message and the hint.

use std::fmt;
use std::path::Path;

use rusqlite::ffi;

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
    /// The store file was written by an older dyad and must be migrated before it is read.
    SchemaTooOld,
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
            ErrorCode::SchemaTooOld => "schema_too_old",
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
    /// The store file could not be opened, read or written: the disk is full, the file or its
    /// folder is read-only, it is not a store, it is locked or damaged. The message names the
    /// file and says which.
    #[error("{message}")]
    Storage {
        /// What happened, naming the file.
        message: String,
        /// What to do about it.
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
    /// Whether writing failed because the reader of a pipe went away (`dyad events | head`).
    pub fn is_broken_pipe(&self) -> bool {
        let kind = match self {
            Error::Io(e) => Some(e.kind()),
            Error::Json(e) => e.io_error_kind(),
            Error::Csv(e) => match e.kind() {
                csv::ErrorKind::Io(e) => Some(e.kind()),
                _ => None,
            },
            _ => None,
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    }

    /// A bad filter or parameter value.
    pub fn bad_filter(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::User { code: ErrorCode::BadFilter, message: message.into(), hint: hint.into() }
    }

    /// An unknown id.
    pub fn not_found(what: &str, id: &str) -> Error {
        Error::User {
            code: ErrorCode::NotFound,
            message: format!("no {what} with id {id:?}"),
            hint: match what {
                // Articles have no listing of their own: events name them.
                "article" => "article ids are the ones they were ingested with; /api/events or `dyad events` show them"
                    .to_string(),
                _ => format!("list the known ids with /api/{what}s or `dyad {what}s`"),
            },
        }
    }

    /// The machine-readable kind of the error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::User { code, .. } => *code,
            _ => ErrorCode::Internal,
        }
    }

    /// A hint on how to fix the error, for user errors and storage failures.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::User { hint, .. } | Error::Storage { hint, .. } => Some(hint),
            _ => None,
        }
    }

    /// Says in plain words what a database failure on the store file at `path` means (the
    /// disk is full, the file or its folder is read-only ...), naming the file. Other errors,
    /// and database errors that are not about the file, are returned as they are.
    pub fn on_store(self, path: &Path) -> Error {
        let Error::Sqlite(e) = &self else {
            return self;
        };
        let Some(failure) = e.sqlite_error() else {
            return self;
        };
        let file = path.display();
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.display().to_string(),
            _ => ".".to_string(),
        };
        let sqlite = sqlite_message(e);
        let again = "the batches committed before stay stored; running the same ingest again \
                     goes on from the last one";
        let (message, hint) = match failure.code {
            ffi::ErrorCode::DiskFull => (
                format!("the disk is full: cannot write to the store {file} (SQLite: {sqlite})"),
                format!("free some space or give another --db; {again}"),
            ),
            ffi::ErrorCode::ReadOnly if failure.extended_code == ffi::SQLITE_READONLY_DIRECTORY => (
                format!(
                    "cannot write to the store {file}: its folder {folder} is read-only (SQLite \
                     keeps a -wal and a -shm file beside the store)"
                ),
                format!("make {folder} writable, or give another --db"),
            ),
            ffi::ErrorCode::ReadOnly => (
                format!("cannot write to the store {file}: the file (or its folder) is read-only"),
                format!("make {file} and its folder writable, or give another --db"),
            ),
            ffi::ErrorCode::CannotOpen | ffi::ErrorCode::PermissionDenied => {
                let why = if path.is_dir() {
                    "it is a folder, not a file".to_string()
                } else if !Path::new(&folder).is_dir() {
                    format!("the folder {folder} does not exist")
                } else if !path.exists() {
                    format!("the folder {folder} is not writable")
                } else {
                    "the file or its folder cannot be read and written".to_string()
                };
                (
                    format!("cannot open the store {file}: {why} (SQLite: {sqlite})"),
                    "give a file in a folder you can write to with --db".to_string(),
                )
            }
            ffi::ErrorCode::NotADatabase => (
                format!("{file} is not a dyad store (not an SQLite database)"),
                "give the store file with --db, or a new file name to create one".to_string(),
            ),
            ffi::ErrorCode::DatabaseCorrupt => (
                format!("the store {file} is damaged (SQLite: {sqlite})"),
                format!("check it with `sqlite3 {file} 'PRAGMA integrity_check'`, or ingest again into a new --db"),
            ),
            ffi::ErrorCode::DatabaseBusy | ffi::ErrorCode::DatabaseLocked => (
                format!("the store {file} is locked by another process (SQLite: {sqlite})"),
                "wait for the other dyad (or sqlite3) to finish and try again".to_string(),
            ),
            ffi::ErrorCode::SystemIoFailure => (
                format!("cannot read or write the store {file}: input/output error (SQLite: {sqlite})"),
                format!("check the disk and the file system; {again}"),
            ),
            _ => return self,
        };
        Error::Storage { message, hint }
    }

    /// Adds a sentence to the message of a storage failure.
    pub(crate) fn with_note(self, note: &str) -> Error {
        match self {
            Error::Storage { message, hint } => Error::Storage { message: format!("{message}; {note}"), hint },
            other => other,
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

/// SQLite's own words for a failure, once.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        rusqlite::Error::SqliteFailure(failure, None) => failure.to_string(),
        other => other.to_string(),
    }
}

/// The result of store operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;
