//! dyad-core: the coding pipeline of dyad.
//!
//! Articles go in (JSON Lines, plain text, HTML), PLOVER events with their actors, dates,
//! places, commitments and the exact sentence and span they came from come out. The stages
//! are modules: [`ingest`] → [`clean`] → [`sentences`] → [`actors`] → [`events`] (with
//! [`dates`]), over the [`lexicon`]s in `data/`.
//!
//! ```
//! use dyad_core::{Article, Coder, EventType};
//! let coder = Coder::embedded().unwrap();
//! let article = Article {
//!     id: "a1".into(),
//!     published: Some("2023-01-17".into()),
//!     text: "Minister meets envoy\n\nJapan praised Vietnam on January 16.".into(),
//!     ..Article::default()
//! };
//! let events = coder.code(&article);
//! assert_eq!(events[0].event_type, EventType::Support);
//! assert_eq!(events[0].source.as_ref().unwrap().id, "JPN");
//! assert_eq!(events[0].date.as_deref(), Some("2023-01-16"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod actors;
pub mod clean;
pub mod dates;
pub mod doc;
pub mod events;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod parallel;
pub mod pipeline;
pub mod rules;
pub mod sentences;
pub mod text;
pub mod vocab;

pub use lexicon::{Lexicon, LexiconError};
pub use model::*;
pub use pipeline::{code_article, Coder};
pub use vocab::{Cameo, EventType, Sector};
