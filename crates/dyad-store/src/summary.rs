//! The summaries of the events that aggregate queries read (schema version 3, kept by
//! triggers), recounted from the events themselves: what tests hold them to.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::store::Store;

/// Rows of one summary table: key columns, then counts.
type Table = BTreeMap<Vec<String>, Vec<i64>>;

/// The four summary tables.
const TABLES: [(&str, &str); 4] = [
    (
        "pair_types",
        "SELECT source_id, target_id, event_type, reports, events, goldstein_tenths, goldstein_n
         FROM pair_types",
    ),
    ("pair_months", "SELECT source_id, target_id, month, events, goldstein_tenths, goldstein_n FROM pair_months"),
    ("actor_totals", "SELECT actor_id, reports, as_source, as_target, events FROM actor_totals"),
    ("actor_months", "SELECT actor_id, month, event_type, events FROM actor_months"),
];

/// Key columns of each table in [`TABLES`].
const KEYS: [usize; 4] = [3, 3, 1, 3];

impl Store {
    /// The rows in which the summaries differ from a recount of the stored events, one line
    /// each (none when they agree). For tests.
    #[doc(hidden)]
    pub fn summary_differences(&self) -> Result<Vec<String>> {
        let expected = self.recount()?;
        let mut out = Vec::new();
        for (((name, sql), keys), want) in TABLES.iter().zip(KEYS).zip(expected) {
            let mut stmt = self.conn.prepare(sql)?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            let mut have = Table::new();
            while let Some(r) = rows.next()? {
                let key = (0..keys).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
                let counts = (keys..columns).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?;
                have.insert(key, counts);
            }
            for (key, counts) in &want {
                if have.get(key) != Some(counts) {
                    out.push(format!("{name} {key:?}: {:?}, recounted {counts:?}", have.get(key)));
                }
            }
            for (key, counts) in &have {
                if !want.contains_key(key) {
                    out.push(format!("{name} {key:?}: {counts:?}, recounted nothing"));
                }
            }
        }
        Ok(out)
    }

    /// The summaries as they should be, counted from the events row by row.
    fn recount(&self) -> Result<[Table; 4]> {
        let mut pair_types = Table::new();
        let mut pair_months = Table::new();
        let mut actor_totals = Table::new();
        let mut actor_months = Table::new();
        let add = |table: &mut Table, key: Vec<String>, counts: &[i64]| {
            let row = table.entry(key).or_insert_with(|| vec![0; counts.len()]);
            for (n, d) in row.iter_mut().zip(counts) {
                *n += d;
            }
        };
        let mut stmt = self.conn.prepare("SELECT source_id, target_id, event_type, day, goldstein, rep FROM events")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let source: Option<String> = r.get(0)?;
            let target: Option<String> = r.get(1)?;
            let kind: String = r.get(2)?;
            let day: Option<String> = r.get(3)?;
            let goldstein: Option<f64> = r.get(4)?;
            let rep = i64::from(r.get::<_, i64>(5)? == 1);
            let month: String = day.map(|d| d.chars().take(7).collect()).unwrap_or_default();
            let tenths = goldstein.map_or(0, |g| (g * 10.0).round() as i64);
            let scored = i64::from(goldstein.is_some());
            let pair = |s: &Option<String>| s.clone().unwrap_or_default();
            add(
                &mut pair_types,
                vec![pair(&source), pair(&target), kind.clone()],
                &[1, rep, rep * tenths, rep * scored],
            );
            if rep == 1 {
                if let (Some(s), Some(t)) = (&source, &target) {
                    add(&mut pair_months, vec![s.clone(), t.clone(), month.clone()], &[1, tenths, scored]);
                }
            }
            if let Some(s) = &source {
                add(&mut actor_totals, vec![s.clone()], &[1, rep, 0, rep]);
                if rep == 1 {
                    add(&mut actor_months, vec![s.clone(), month.clone(), kind.clone()], &[1]);
                }
            }
            if let Some(t) = &target {
                let other = i64::from(source.as_ref() != Some(t));
                add(&mut actor_totals, vec![t.clone()], &[other, 0, rep, rep * other]);
                if rep == 1 && other == 1 {
                    add(&mut actor_months, vec![t.clone(), month, kind], &[1]);
                }
            }
        }
        Ok([pair_types, pair_months, actor_totals, actor_months])
    }
}
