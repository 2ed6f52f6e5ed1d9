//! Actors as people type them: suggestions for an actor box that search ids, names and the
//! other names the gazetteers list (`data/states.tsv`: "Viet Nam", "Việt Nam", "Vietnamese";
//! `data/orgs.tsv`: "United Nations", "U.N."), without regard to case or accents; and the
//! persons the stored events name ("lacroix", "Nguyen Xuan Phuc" for "Nguyễn Xuân Phúc"), each
//! with the body they acted for and their role, from the `persons` summary (schema version 4).

use std::collections::HashMap;
use std::sync::OnceLock;

use dyad_core::text::fold;
use serde::Serialize;

use crate::error::Result;
use crate::store::Store;

const STATES: &str = include_str!("../../../data/states.tsv");
const ORGS: &str = include_str!("../../../data/orgs.tsv");

/// An actor an actor box may mean.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// Actor id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind (`state`, `igo` ...).
    pub kind: String,
    /// Its events, on either side.
    pub events: u64,
    /// The id, name or other name that matched, as the lists write it.
    pub matched: String,
}

/// How well a folded name matches a folded query: whole, at its start, at a word's start, or
/// inside; `None` when it does not.
fn rank(name: &str, query: &str) -> Option<u8> {
    if name == query {
        Some(0)
    } else if name.starts_with(query) {
        Some(1)
    } else if name.match_indices(query).any(|(at, _)| name[..at].ends_with([' ', '-', '(', '.'])) {
        Some(2)
    } else if query.len() >= 3 && name.contains(query) {
        Some(3)
    } else {
        None
    }
}

/// Folded for matching: case and accents gone, runs of spaces one.
fn folded(text: &str) -> String {
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Other names of each listed state and organisation, by id: (folded, as written).
fn other_names() -> &'static HashMap<String, Vec<(String, String)>> {
    static NAMES: OnceLock<HashMap<String, Vec<(String, String)>>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: HashMap<String, Vec<(String, String)>> = HashMap::new();
        let rows = |text: &'static str| {
            text.lines().filter(|l| !l.starts_with('#')).map(|l| l.split('\t').collect::<Vec<_>>())
        };
        for cols in rows(STATES) {
            if let [iso3, "name" | "alias" | "demonym", text] = cols.as_slice() {
                names.entry(iso3.to_string()).or_default().push((folded(text), text.to_string()));
            }
        }
        for cols in rows(ORGS) {
            if let [id, _, _, _, _, text] = cols.as_slice() {
                names.entry(id.to_string()).or_default().push((folded(text), text.to_string()));
            }
        }
        names
    })
}

/// A person an actor box may mean: someone the stored events name, with the body they acted
/// for. One person acting for two bodies is two suggestions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonSuggestion {
    /// The person's name as the events give it (`Jean-Pierre Lacroix`).
    pub person: String,
    /// The role the events give them most often (`Under-Secretary-General`), when any.
    pub role: Option<String>,
    /// The state or body they acted for.
    pub acts_for: Body,
    /// The reports of events that name them acting for it.
    pub mentions: u64,
}

/// A state or body a person acted for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Body {
    /// Actor id (`UN`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind (`state`, `igo`, `person` for someone acting for no body).
    pub kind: String,
}

/// The words of a folded name: split at spaces and hyphens ("jean-pierre lacroix": jean,
/// pierre, lacroix).
fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split([' ', '-']).filter(|w| !w.is_empty())
}

impl Store {
    /// The stored person names that `typed` stands for, case and accents aside: those equal to
    /// it, else those holding each of its words as a whole word (a surname alone, "Lacroix",
    /// stands for every person of that surname). Empty when none does.
    pub fn resolve_person(&self, typed: &str) -> Result<Vec<String>> {
        let query = folded(typed);
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let wanted: Vec<&str> = words(&query).collect();
        let mut stmt = self.conn.prepare_cached("SELECT DISTINCT person FROM persons")?;
        let mut rows = stmt.query([])?;
        let (mut equal, mut holding) = (Vec::new(), Vec::new());
        while let Some(r) = rows.next()? {
            let name: String = r.get(0)?;
            let f = folded(&name);
            if f == query {
                equal.push(name);
            } else if wanted.iter().all(|w| words(&f).any(|x| x == *w)) {
                holding.push(name);
            }
        }
        let mut names = if equal.is_empty() { holding } else { equal };
        names.sort();
        Ok(names)
    }

    /// Up to `limit` persons of the stored events that `query` may mean, best first (as
    /// [`Store::suggest_actors`] ranks names: whole, at the start, at a word, inside), the most
    /// mentioned first within each.
    pub fn suggest_persons(&self, query: &str, limit: usize) -> Result<Vec<PersonSuggestion>> {
        let query = folded(query);
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.person, p.actor_id, p.role, p.mentions, coalesce(a.name, p.actor_id), coalesce(a.kind, '')
             FROM persons p LEFT JOIN actors a ON a.id = p.actor_id ORDER BY p.person, p.actor_id",
        )?;
        let mut rows = stmt.query([])?;
        // Per person and body: its rank, the suggestion, and each role's mentions.
        type Found = (u8, PersonSuggestion, Vec<(String, u64)>);
        let mut found: Vec<Found> = Vec::new();
        let mut last_name: Option<(String, Option<u8>)> = None;
        while let Some(r) = rows.next()? {
            let person: String = r.get(0)?;
            let score = match &last_name {
                Some((name, score)) if *name == person => *score,
                _ => {
                    let score = rank(&folded(&person), &query);
                    last_name = Some((person.clone(), score));
                    score
                }
            };
            let Some(score) = score else { continue };
            let (actor_id, role, mentions): (String, String, i64) = (r.get(1)?, r.get(2)?, r.get(3)?);
            let mentions = mentions.max(0) as u64;
            match found.last_mut() {
                Some((_, s, roles)) if s.person == person && s.acts_for.id == actor_id => {
                    s.mentions += mentions;
                    roles.push((role, mentions));
                }
                _ => {
                    let acts_for = Body { id: actor_id, name: r.get(4)?, kind: r.get(5)? };
                    let s = PersonSuggestion { person, role: None, acts_for, mentions };
                    found.push((score, s, vec![(role, mentions)]));
                }
            }
        }
        for (_, s, roles) in &mut found {
            // The role given most often; the shorter title wins a tie.
            roles.sort_by(|(a, m), (b, n)| n.cmp(m).then(a.len().cmp(&b.len())).then(a.cmp(b)));
            s.role = roles.iter().map(|(r, _)| r).find(|r| !r.is_empty()).cloned();
        }
        found.sort_by(|(a, x, _), (b, y, _)| {
            a.cmp(b)
                .then(y.mentions.cmp(&x.mentions))
                .then_with(|| (&x.person, &x.acts_for.id).cmp(&(&y.person, &y.acts_for.id)))
        });
        Ok(found.into_iter().take(limit).map(|(_, s, _)| s).collect())
    }

    /// Up to `limit` stored actors that `query` may mean, best first: an id, name or other name
    /// equal to it, then starting with it, then with a word starting with it, then holding it;
    /// busier actors first within each. Empty when nothing matches.
    pub fn suggest_actors(&self, query: &str, limit: usize) -> Result<Vec<Suggestion>> {
        let query = folded(query);
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let others = other_names();
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.name, a.kind, coalesce(t.events, 0) FROM actors a
             LEFT JOIN actor_totals t ON t.actor_id = a.id",
        )?;
        let mut rows = stmt.query([])?;
        let mut found: Vec<(u8, Suggestion)> = Vec::new();
        while let Some(r) = rows.next()? {
            let (id, name): (String, String) = (r.get(0)?, r.get(1)?);
            let own = [(folded(&id), id.clone()), (folded(&name), name.clone())];
            let best = own
                .iter()
                .chain(others.get(&id).into_iter().flatten())
                .filter_map(|(f, written)| rank(f, &query).map(|score| (score, written)))
                .min_by_key(|(score, _)| *score);
            if let Some((score, written)) = best {
                let matched = written.clone();
                found.push((
                    score,
                    Suggestion { id, name, kind: r.get(2)?, events: r.get::<_, i64>(3)? as u64, matched },
                ));
            }
        }
        found.sort_by(|(a, x), (b, y)| a.cmp(b).then(y.events.cmp(&x.events)).then_with(|| x.id.cmp(&y.id)));
        Ok(found.into_iter().take(limit).map(|(_, s)| s).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::{folded, rank};

    #[test]
    fn names_match_whole_at_the_start_at_a_word_or_inside() {
        assert_eq!(folded("  Việt   Nam "), "viet nam");
        assert_eq!(rank("viet nam", "viet nam"), Some(0));
        assert_eq!(rank("united nations development programme", "united nations"), Some(1));
        assert_eq!(rank("the united nations organization", "united nations"), Some(2));
        assert_eq!(rank("vietnam", "tna"), Some(3));
        assert_eq!(rank("vietnam", "tn"), None, "two letters match only at a word");
        assert_eq!(rank("laos", "viet"), None);
    }
}
