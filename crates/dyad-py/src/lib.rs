//! `dyad._dyad`: the native half of the Python package `dyad`. It codes articles with
//! [`dyad_core::Coder`] and hands events back as the JSON of `dyad code` (one article: a JSON
//! array; a batch: JSON Lines, which `dyad.Coder.code_batch` reads into a pyarrow Table with
//! pyarrow's own JSON reader). Articles are checked as the command line's readers check them
//! ([`ArticleFields::article`]); a bad one raises `dyad.ArticleError` with its id. A batch is
//! coded on all cores with the GIL released, in input order.
//!
//! The Python side (`python/dyad/__init__.py`) turns lists of dicts, pandas DataFrames and
//! pyarrow Tables into rows for [`Coder::code_batch_json`].

use std::path::PathBuf;

use dyad_core::ingest::{ArticleFields, ReadOptions};
use dyad_core::parallel::{guarded, map_ordered};
use dyad_core::{Article, Event};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

// The extension's own allocations (Python's are untouched).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One article as Python gives it: id, text, published, url, title.
type Row = (String, Option<String>, Option<String>, Option<String>, Option<String>);

/// `dyad.ArticleError(article_id, message)`, the exception the Python package defines.
fn article_error(py: Python<'_>, id: &str, message: &str) -> PyErr {
    let made = py.import("dyad").and_then(|module| module.getattr("ArticleError")?.call1((id, message)));
    match made {
        Ok(err) => PyErr::from_value(err),
        Err(err) => err,
    }
}

/// The coder, loaded once: lexicons, tagger and parser.
#[pyclass(frozen, module = "dyad._dyad")]
struct Coder {
    coder: dyad_core::Coder,
    options: ReadOptions,
}

impl Coder {
    /// The article of a row; `None` for one with no text (nothing to code, no error, as on the
    /// command line).
    fn article(&self, py: Python<'_>, (id, text, published, url, title): Row) -> PyResult<Option<Article>> {
        let fields = ArticleFields { id: id.clone(), text, published, url, title };
        match fields.article(&id, &self.options) {
            Ok(article) => Ok(Some(article)),
            Err(err) if err.empty => Ok(None),
            Err(err) => Err(article_error(py, &id, &err.message)),
        }
    }

    /// The events of one article; a fault of the coder is an error naming the article.
    fn code(&self, article: &Article) -> Result<Vec<Event>, String> {
        guarded(|| self.coder.code(article)).map_err(|panic| format!("coding failed (internal error: {panic})"))
    }
}

#[pymethods]
impl Coder {
    /// Loads the coder: the embedded lexicons, or those of the folder `lexicons` (files it does
    /// not hold fall back to the embedded ones); `syntax=False` codes without the tagger and
    /// parser.
    #[new]
    #[pyo3(signature = (lexicons=None, syntax=true))]
    fn new(lexicons: Option<PathBuf>, syntax: bool) -> PyResult<Self> {
        let coder =
            dyad_core::Coder::load(lexicons.as_deref(), syntax).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Coder { coder, options: ReadOptions::default() })
    }

    /// The events of one article as a JSON array, each as `dyad code` writes it.
    fn code_json(&self, py: Python<'_>, row: Row) -> PyResult<String> {
        let Some(article) = self.article(py, row)? else {
            return Ok("[]".into());
        };
        let events = py.detach(|| self.code(&article)).map_err(|message| article_error(py, &article.id, &message))?;
        serde_json::to_string(&events).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The events of many articles as JSON Lines (bytes), in input order, coded on `threads`
    /// threads (default: all cores) with the GIL released; and the length of the longest line
    /// (the block size pyarrow's JSON reader needs).
    #[pyo3(signature = (rows, threads=None))]
    fn code_batch_json<'py>(
        &self,
        py: Python<'py>,
        rows: Vec<Row>,
        threads: Option<usize>,
    ) -> PyResult<(Bound<'py, PyBytes>, usize)> {
        let mut articles = Vec::with_capacity(rows.len());
        for row in rows {
            articles.extend(self.article(py, row)?);
        }
        let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let (lines, longest, failed) = py.detach(|| {
            let mut lines = Vec::new();
            let mut longest = 0;
            let mut failed = None;
            let work = |article: &Article| (article.id.clone(), self.code(article));
            map_ordered(articles.iter(), threads, threads * 8, work, |(id, coded)| match coded {
                Ok(events) => {
                    for event in events {
                        let start = lines.len();
                        // An event always serialises: it is plain data.
                        if serde_json::to_writer(&mut lines, &event).is_ok() {
                            lines.push(b'\n');
                            longest = longest.max(lines.len() - start);
                        }
                    }
                }
                Err(message) => {
                    failed.get_or_insert((id, message));
                }
            });
            (lines, longest, failed)
        });
        if let Some((id, message)) = failed {
            return Err(article_error(py, &id, &message));
        }
        Ok((PyBytes::new(py, &lines), longest))
    }
}

/// The native module.
#[pymodule]
fn _dyad(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<Coder>()
}
