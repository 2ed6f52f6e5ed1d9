//! Running totals: the tallies an aggregate reads and what they are added up in.

use std::collections::{BTreeMap, HashMap};

use rusqlite::OptionalExtension;

use super::types::Partner;
use crate::error::Result;
use crate::filter::Condition;
use crate::store::Store;

/// Events counted together by an aggregate: one event, or a row of a summary standing for
/// many, of one type between two actors (`""` for none) in one month (`""` when undated or not
/// known), with the sum of their Goldstein scores in tenths and how many have one.
pub(super) struct Tally<'a> {
    pub(super) source: &'a str,
    pub(super) target: &'a str,
    pub(super) event_type: &'a str,
    pub(super) month: &'a str,
    pub(super) events: u64,
    pub(super) tenths: i64,
    pub(super) scored: u64,
}

/// Small numbers for the actor ids an aggregate meets, so that adding up does not copy them.
#[derive(Default)]
pub(super) struct Ids {
    pub(super) numbers: HashMap<String, usize>,
    pub(super) ids: Vec<String>,
}

impl Ids {
    pub(super) fn number(&mut self, id: &str) -> usize {
        if let Some(&n) = self.numbers.get(id) {
            return n;
        }
        self.ids.push(id.to_string());
        self.numbers.insert(id.to_string(), self.ids.len() - 1);
        self.ids.len() - 1
    }
}

/// The entry of `key` in `map`, copying the key only when it is new.
pub(super) fn count_in<'a, T: Default>(map: &'a mut BTreeMap<String, T>, key: &str) -> &'a mut T {
    if !map.contains_key(key) {
        map.insert(key.to_string(), T::default());
    }
    map.get_mut(key).expect("inserted")
}

/// Events, the sum of their Goldstein scores in tenths, and how many have one.
#[derive(Clone, Copy, Default)]
pub(super) struct Score {
    pub(super) events: u64,
    pub(super) tenths: i64,
    pub(super) scored: u64,
}

impl Score {
    pub(super) fn add(&mut self, t: &Tally<'_>) {
        self.events += t.events;
        self.tenths += t.tenths;
        self.scored += t.scored;
    }

    /// The sum of the scores: exact, as the scale has one decimal.
    pub(super) fn sum(&self) -> f64 {
        self.tenths as f64 / 10.0
    }

    pub(super) fn mean(&self) -> Option<f64> {
        (self.scored > 0).then(|| self.sum() / self.scored as f64)
    }
}

/// Where an aggregate reads the events it counts.
pub(crate) enum Rows {
    /// The summary per pair of actors and type, `pair_types e`, under a condition on actors and
    /// types (see [`Store::summary_condition`]); its rows have no month.
    Summary(Condition),
    /// The events themselves, `events e`, under the filter's condition.
    Events(Condition),
}

/// A pair of actor ids.
pub(super) type Pair = (String, String);

/// What passed between a pair of actors, as it is added up.
#[derive(Default)]
pub(super) struct DyadAcc {
    pub(super) all: Score,
    pub(super) by_type: BTreeMap<String, u64>,
    pub(super) months: BTreeMap<String, Score>,
}

/// Counts of an actor as they are added up: as source, as target, in all.
#[derive(Default)]
pub(super) struct ActorAcc {
    pub(super) as_source: u64,
    pub(super) as_target: u64,
    pub(super) events: u64,
}

/// The partners of actors as they are added up: per actor and partner (numbered by an
/// [`Ids`]), their events either way.
#[derive(Default)]
pub(super) struct PartnerAcc {
    pub(super) pairs: HashMap<usize, HashMap<usize, Score>>,
}

impl PartnerAcc {
    /// Adds a tally between actors `a` and `b` to the partners of each (an event with one
    /// actor on both sides makes it its own partner twice).
    pub(super) fn add(&mut self, a: usize, b: usize, t: &Tally<'_>) {
        self.add_to(a, b, t);
        self.add_to(b, a, t);
    }

    /// Adds a tally to the partners of `actor` alone.
    pub(super) fn add_to(&mut self, actor: usize, partner: usize, t: &Tally<'_>) {
        self.pairs.entry(actor).or_default().entry(partner).or_default().add(t);
    }

    /// The `limit` main partners of `actor`: most events first, stored actors only, never the
    /// actor itself (an event of an actor toward itself, "Vietnam's government and Vietnam",
    /// makes no partner).
    pub(super) fn top(&self, ids: &Ids, store: &Store, actor: &str, limit: usize) -> Result<Vec<Partner>> {
        let Some(of) = ids.numbers.get(actor).and_then(|a| self.pairs.get(a)) else {
            return Ok(Vec::new());
        };
        let mut list: Vec<(&String, &Score)> = of.iter().map(|(p, score)| (&ids.ids[*p], score)).collect();
        list.sort_by(|(a, x), (b, y)| y.events.cmp(&x.events).then_with(|| a.cmp(b)));
        let mut names = store.conn.prepare_cached("SELECT name FROM actors WHERE id = ?1")?;
        let mut partners = Vec::new();
        for (id, score) in list.into_iter().filter(|(id, _)| id.as_str() != actor) {
            if partners.len() >= limit {
                break;
            }
            if let Some(name) = names.query_row([id], |r| r.get(0)).optional()? {
                partners.push(Partner { id: id.clone(), name, events: score.events, goldstein_mean: score.mean() });
            }
        }
        Ok(partners)
    }
}
