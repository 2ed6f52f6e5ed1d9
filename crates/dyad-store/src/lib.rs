//! dyad-store: where coded events are kept and asked about.
//!
//! One SQLite file (WAL mode, a versioned schema with migrations) holds articles with their full
//! text and metadata, the events coded from them, the actors and how each was mentioned.
//! Re-ingesting an article replaces its rows, so nothing is ever stored twice. On top of it:
//! filtered event queries ([`Store::events`]), actors with their partners ([`Store::actors`]),
//! dyads with a monthly cooperation–conflict score from Goldstein scores ([`Store::dyads`]),
//! exports to JSON Lines, CSV and Parquet ([`export`]), and ingest ([`ingest_coded_with`]), which
//! tells its caller how it goes through an [`IngestProgress`]. The command line over the store
//! (arguments, output formats, progress bars) is the `dyad` binary's, in its `cmd` folder.
//! Counts and aggregates read summaries that triggers keep in the transactions that write the
//! events ([`schema`], version 3), so they stay quick at a million events.
//!
//! ```
//! use dyad_core::{Actor, ActorKind, Article, Cameo, CharSpan, Event, EventType};
//! use dyad_store::{EventFilter, FilterArgs, Page, Store};
//!
//! let actor = |id: &str, name: &str| Actor {
//!     id: id.into(), name: name.into(), kind: ActorKind::State, country: Some(id.into()),
//!     org: None, sector: None, cameo: id.into(), person: None, role: None, text: name.into(), aliases: vec![], how: None,
//! };
//! let article = Article {
//!     id: "a1".into(), url: None, published: Some("2024-03-05".into()), title: None,
//!     text: "Vietnam and Laos signed an agreement.".into(),
//! };
//! let event = Event {
//!     article_id: "a1".into(), event_type: EventType::Agree, mode: None, contexts: vec![],
//!     cameo: Cameo::new("057"), source: Some(actor("VNM", "Vietnam")), target: Some(actor("LAO", "Laos")),
//!     date: None, date_precision: None, period: None, location: None, commitment: None,
//!     confidence: 0.9, sentence: article.text.clone(), span: CharSpan { start: 0, end: 37 },
//!     trigger: CharSpan { start: 19, end: 25 }, trigger_text: "signed".into(), rule: String::new(),
//! };
//!
//! let mut store = Store::open_in_memory()?;
//! store.put(&article, &[event.clone()])?;
//! store.put(&article, &[event])?; // re-ingest: replaced, not duplicated
//!
//! let filter = FilterArgs { actor: Some("laos".into()), since: Some("2024-03".into()), ..Default::default() }
//!     .parse()?;
//! let events = store.events(&filter, Page::first(10))?;
//! assert_eq!(events.len(), 1);
//! assert_eq!(events[0].goldstein, Some(8.0));
//! assert_eq!(events[0].day.as_deref(), Some("2024-03-05")); // from the publication date
//! assert_eq!(store.count_events(&EventFilter::default())?, 1);
//! # Ok::<(), dyad_store::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod aggregate;
mod commitments;
mod error;
pub mod export;
mod filter;
mod goldstein;
mod ingest;
mod names;
mod query;
pub mod schema;
mod store;
mod summary;

pub use aggregate::{
    months_between, ActorDetail, ActorRef, ActorSummary, BothWays, Dyad, DyadMonth, DyadOptions, MonthCounts,
    PairMonth, PairSummary, Partner, Stats,
};
pub use commitments::{
    CommitmentArgs, CommitmentFilter, StoredCommitment, StoredEvidence, StoredPeriod, KINDS, STATUSES,
};
pub use error::{Error, ErrorCode, Result};
pub use filter::{day_range, EventFilter, FilterArgs};
pub use goldstein::score as goldstein_score;
pub use ingest::{
    code_each, code_guarded, ingest, ingest_coded, ingest_coded_with, CodedArticle, IngestOptions, IngestProgress,
    IngestReport, IngestSession, Skipped,
};
pub use names::{Body, PersonSuggestion, Suggestion};
pub use query::{ArticleView, EventSource, Page, StoredEvent};
pub use rusqlite::InterruptHandle;
pub use store::{Batch, MergeInfo, Put, Store};
