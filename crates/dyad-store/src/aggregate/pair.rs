//! What passed between two actors, both ways, month by month: the answer of the pair view.

use std::collections::BTreeMap;

use rusqlite::params_from_iter;
use serde::Serialize;

use super::types::ActorRef;
use crate::error::{Error, Result};
use crate::filter::EventFilter;
use crate::store::Store;

/// Events one way and the other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BothWays {
    /// From the first actor to the second.
    pub a_to_b: u64,
    /// From the second actor to the first.
    pub b_to_a: u64,
}

/// One month between two actors.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PairMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Events each way.
    #[serde(flatten)]
    pub events: BothWays,
    /// Events by PLOVER type, both ways.
    pub by_type: BTreeMap<String, u64>,
    /// Mean Goldstein score of the month's scored events, both ways; none in an empty month.
    pub goldstein_mean: Option<f64>,
}

/// What passed between two actors under a filter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairSummary {
    /// The first actor, as asked.
    pub a: ActorRef,
    /// The second.
    pub b: ActorRef,
    /// Events each way.
    #[serde(flatten)]
    pub events: BothWays,
    /// Events by PLOVER type, each way.
    pub by_type: BTreeMap<String, BothWays>,
    /// Mean Goldstein score over all their scored events.
    pub goldstein_mean: Option<f64>,
    /// Every month from the first with events to the last, months without events included.
    pub months: Vec<PairMonth>,
    /// Events with no day (no date and no publication date), in no month.
    pub undated: u64,
}

/// Every month from `first` to `last` (`YYYY-MM`), both included; empty when either is not a
/// month or `last` comes first.
pub fn months_between(first: &str, last: &str) -> Vec<String> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        let (y, mo) = (y.parse().ok()?, mo.parse().ok()?);
        (1..=12).contains(&mo).then_some((y, mo))
    };
    let (Some((mut y, mut m)), Some(end)) = (parse(first), parse(last)) else { return Vec::new() };
    let mut out = Vec::new();
    while (y, m) <= end {
        out.push(format!("{y:04}-{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

impl Store {
    /// The events between `filter.actor` and `filter.partner`, both ways, under the rest of the
    /// filter: counts each way by type and by month (empty months included), and the mean
    /// Goldstein score. A `bad_filter` error when either actor is missing.
    pub fn pair(&self, filter: &EventFilter) -> Result<PairSummary> {
        let (Some(a), Some(b)) = (filter.actor.as_deref(), filter.partner.as_deref()) else {
            return Err(Error::bad_filter("a pair needs two actors", "give actor=A&partner=B"));
        };
        let a_ids = self.resolve_in(filter.family, a)?;
        let cond = self.condition(filter)?;
        let sql = format!(
            "SELECT e.source_id, coalesce(substr(e.day, 1, 7), ''), e.event_type, count(*),
                    coalesce(sum(e.goldstein), 0), count(e.goldstein)
             FROM events e WHERE {} GROUP BY 1, 2, 3",
            cond.sql
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(cond.params.iter()))?;
        let (mut events, mut by_type, mut undated) = (BothWays::default(), BTreeMap::new(), 0);
        let mut months: BTreeMap<String, (PairMonth, f64, u64)> = BTreeMap::new();
        let (mut sum, mut scored) = (0.0, 0u64);
        while let Some(r) = rows.next()? {
            let (source, month, kind): (Option<String>, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (n, g, gn) = (r.get::<_, i64>(3)? as u64, r.get::<_, f64>(4)?, r.get::<_, i64>(5)? as u64);
            let forward = source.is_some_and(|s| a_ids.contains(&s));
            let add = |ways: &mut BothWays| if forward { ways.a_to_b += n } else { ways.b_to_a += n };
            add(&mut events);
            add(by_type.entry(kind.clone()).or_default());
            (sum, scored) = (sum + g, scored + gn);
            if month.is_empty() {
                undated += n;
                continue;
            }
            let (m, msum, mscored) = months.entry(month).or_default();
            add(&mut m.events);
            *m.by_type.entry(kind).or_default() += n;
            (*msum, *mscored) = (*msum + g, *mscored + gn);
        }
        let mean = |sum: f64, n: u64| (n > 0).then(|| (sum / n as f64 * 100.0).round() / 100.0);
        let span = match (months.keys().next(), months.keys().next_back()) {
            (Some(first), Some(last)) => months_between(first, last),
            _ => Vec::new(),
        };
        let months = span
            .into_iter()
            .map(|month| match months.remove(&month) {
                Some((m, s, n)) => PairMonth { month, goldstein_mean: mean(s, n), ..m },
                None => PairMonth { month, ..PairMonth::default() },
            })
            .collect();
        Ok(PairSummary {
            a: self.actor_ref(a)?,
            b: self.actor_ref(b)?,
            events,
            by_type,
            goldstein_mean: mean(sum, scored),
            months,
            undated,
        })
    }

    /// The actor an id or name means (the first, when several), or the text itself.
    fn actor_ref(&self, id_or_name: &str) -> Result<ActorRef> {
        let ids = self.resolve_actor(id_or_name)?;
        let Some(id) = ids.into_iter().next() else {
            return Ok(ActorRef { id: id_or_name.to_string(), name: id_or_name.to_string() });
        };
        let name = self.actor_names(std::iter::once(&id))?.remove(&id).unwrap_or_else(|| id.clone());
        Ok(ActorRef { id, name })
    }
}

#[cfg(test)]
mod tests {
    use super::months_between;

    #[test]
    fn months_between_includes_empty_months_and_crosses_years() {
        assert_eq!(months_between("2023-11", "2024-02"), ["2023-11", "2023-12", "2024-01", "2024-02"]);
        assert_eq!(months_between("2023-05", "2023-05"), ["2023-05"]);
        assert!(months_between("2024-01", "2023-12").is_empty());
        assert!(months_between("", "2023-12").is_empty());
        assert_eq!(months_between("2002-07", "2020-12").len(), 18 * 12 + 6);
    }
}
