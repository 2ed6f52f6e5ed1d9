//! dyad-merge: one real-world event, many reports; and the ledger of commitments.
//!
//! News repeats itself: a wire story is republished by other outlets, rewritten, reordered,
//! told a day later. This crate decides which coded events report the same happening and
//! keeps every report as a source of one merged event, with the reason it was merged; and it
//! keeps the promises and requests events carry as a ledger that later events can follow up.
//!
//! - [`sketch`]: MinHash sketches of articles and an LSH index of near-duplicate articles;
//!   sentence similarity.
//! - [`same`]: the sameness rules for two events, and the [`Reason`](same::Reason) they give.
//! - [`merger`]: the streaming [`Merger`] that turns articles' events into
//!   [`MergedEvent`]s with sources.
//! - [`ledger`]: the [`Ledger`] of commitments and [`follow_up`].
//! - [`eval`]: pairwise precision and recall of merge decisions against gold clusters.
//!
//! Everything here is single-threaded and deterministic: the same input in the same order
//! gives the same output, ids included.
//!
//! ```
//! use dyad_core::{code_article, Article};
//! use dyad_merge::{follow_up, Ledger, Merger};
//!
//! let a = Article {
//!     id: "vna-1".into(),
//!     published: Some("2024-09-12".into()),
//!     text: "Japan pledges flood aid\n\nJapan pledged to provide emergency relief aid to \
//!            Vietnam on September 12.".into(),
//!     ..Article::default()
//! };
//! let b = Article { id: "vov-2".into(), ..a.clone() };
//! let mut merger = Merger::default();
//! let first = merger.add_article(&a, &code_article(&a));
//! let second = merger.add_article(&b, &code_article(&b));
//! assert_eq!(second.duplicates[0].article_id, "vna-1");
//! assert_eq!(first.assignments[0].merged_id, second.assignments[0].merged_id);
//! let merged = merger.get(&first.assignments[0].merged_id).unwrap();
//! assert_eq!(merged.source_count, 2);
//!
//! let mut ledger = Ledger::new();
//! ledger.record(&merged.id, &merged.event);
//! let _ = follow_up(&mut ledger, "later-event", &merged.event);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod eval;
mod hash;
pub mod ledger;
pub mod merger;
pub mod same;
pub mod sketch;

/// A date written `YYYY-MM-DD`. chrono's `FromStr` reads it as `%Y-%m-%d` does, without
/// parsing a format string each time (merging compares many dates).
pub(crate) fn ymd(s: &str) -> Option<chrono::NaiveDate> {
    s.parse().ok()
}

/// The first day a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` can be.
pub(crate) fn date_start(s: &str) -> Option<chrono::NaiveDate> {
    match s.len() {
        4 => chrono::NaiveDate::from_ymd_opt(s.parse().ok()?, 1, 1),
        7 => ymd(&format!("{s}-01")),
        _ => ymd(s.get(..10)?),
    }
}

/// An actor's id, "" for none: how keys name a missing source or target.
pub(crate) fn actor_id(actor: &Option<dyad_core::Actor>) -> &str {
    actor.as_ref().map_or("", |a| a.id.as_str())
}

pub use ledger::{follow_up, Commitment, Evidence, Ledger, Status};
pub use merger::{ArticleMerge, Assignment, MergedEvent, Merger, MergerConfig, Source};
pub use same::{same_event, Context, Reason, Rules};
pub use sketch::{sentence_similarity, similarity, NearDuplicates, Sketch};

#[cfg(test)]
mod tests {
    #[test]
    fn ymd_reads_dates_as_chrono_does() {
        for s in [
            "2024-03-12",
            "1999-12-31",
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-3-12",
            "2024-03-1x",
            "",
            "20240312",
        ] {
            assert_eq!(super::ymd(s), chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(), "{s}");
        }
    }
}
