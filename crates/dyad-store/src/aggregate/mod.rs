//! Questions about many events at once: which actors act and with whom ([`Store::actors`],
//! [`Store::actor`]), how pairs of actors treat each other over time ([`Store::dyads`]), and
//! what the store holds ([`Store::stats`]).
//!
//! Answers are added up from *tallies*: the rows of the summaries the store keeps per pair of
//! actors and type (see [`crate::schema`]) when a filter names nothing finer than actors and
//! types, else the matching events themselves, read from indexes that cover them. A million
//! events make a few thousand summary rows, so the usual questions (no filter, an actor, a type)
//! never read the events.
//!
//! [`types`] holds the answers, [`totals`] the running totals they are added up in, and
//! [`queries`] the SQL that reads the summaries or the events.

mod pair;
mod queries;
mod totals;
mod types;

#[cfg(test)]
mod oracle_tests;

pub use pair::{months_between, BothWays, PairMonth, PairSummary};
pub use types::{ActorDetail, ActorRef, ActorSummary, Dyad, DyadMonth, DyadOptions, MonthCounts, Partner, Stats};
