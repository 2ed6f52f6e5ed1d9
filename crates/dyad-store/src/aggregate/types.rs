//! The answers of the aggregate queries, as the API and the command line serialise them.

use std::collections::BTreeMap;

use serde::Serialize;

/// An actor's id and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActorRef {
    /// Actor id (`VNM`, `UN`).
    pub id: String,
    /// Full name.
    pub name: String,
}

/// An actor with its event counts and main partners.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorSummary {
    /// Actor id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Kind (`state`, `igo`, ...).
    pub kind: String,
    /// Country, when known.
    pub country: Option<String>,
    /// Organisation, when known.
    pub org: Option<String>,
    /// Events with the actor on either side.
    pub events: u64,
    /// Events with the actor as source.
    pub as_source: u64,
    /// Events with the actor as target.
    pub as_target: u64,
    /// The actors it has most events with, either way, most first.
    pub partners: Vec<Partner>,
}

/// A partner of an actor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Partner {
    /// Partner id.
    pub id: String,
    /// Partner name.
    pub name: String,
    /// Events between the two, either way.
    pub events: u64,
    /// Mean Goldstein score of those events, when any has one.
    pub goldstein_mean: Option<f64>,
}

/// One actor in detail: its counts by event type, its timeline and partners.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorDetail {
    /// The actor and its counts.
    #[serde(flatten)]
    pub summary: ActorSummary,
    /// Events by PLOVER type.
    pub by_type: BTreeMap<String, u64>,
    /// Events by month and type: every month from the first with events to the last, in order,
    /// those without events included (events without a day are left out).
    pub timeline: Vec<MonthCounts>,
}

/// Counts of one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthCounts {
    /// `YYYY-MM`.
    pub month: String,
    /// Events by type.
    pub by_type: BTreeMap<String, u64>,
}

/// A pair of actors with what passed between them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dyad {
    /// The acting side (for undirected dyads, the lesser id).
    pub source: ActorRef,
    /// The side acted upon (for undirected dyads, the greater id).
    pub target: ActorRef,
    /// Events between them.
    pub events: u64,
    /// Events by PLOVER type.
    pub by_type: BTreeMap<String, u64>,
    /// Mean Goldstein score over all their events: −10 (conflict) to +10 (cooperation).
    pub goldstein_mean: Option<f64>,
    /// The cooperation–conflict score month by month.
    pub monthly: Vec<DyadMonth>,
}

/// A dyad's score in one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DyadMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Events that month.
    pub events: u64,
    /// Sum of their Goldstein scores.
    pub goldstein_sum: f64,
    /// Mean of their Goldstein scores, when any has one.
    pub goldstein_mean: Option<f64>,
}

/// Options of [`Store::dyads`](crate::Store::dyads).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DyadOptions {
    /// Count A→B and B→A together.
    pub undirected: bool,
    /// Which dyads, busiest first.
    pub limit: Option<usize>,
}

/// What the store holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    /// Schema version of the file.
    pub schema_version: i64,
    /// Articles stored.
    pub articles: u64,
    /// Events stored (merged events: one however many articles report it).
    pub events: u64,
    /// Reports of events stored (one per event coded in an article).
    pub reports: u64,
    /// Articles that near-duplicate an earlier one.
    pub duplicate_articles: u64,
    /// Commitments in the ledger.
    pub commitments: u64,
    /// Actors with at least one event.
    pub actors: u64,
    /// Events by type.
    pub by_type: BTreeMap<String, u64>,
    /// Earliest event day.
    pub first_day: Option<String>,
    /// Latest event day.
    pub last_day: Option<String>,
}
