//! dyad-core: the coding pipeline of dyad.
//!
//! Articles go in (JSON Lines, plain text, HTML), PLOVER events with their actors, dates,
//! places, commitments and the exact sentence and span they came from come out.
#![deny(missing_docs)]

pub mod model;

pub use model::*;
