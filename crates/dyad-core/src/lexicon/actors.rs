//! The actor dictionary: states by name, alias, demonym, capital and city; organisations;
//! agents and titles; known persons; each entry under its folded text for the name finder.

use std::collections::HashMap;

use super::{file_text, none_if_dash, rows, spaced, Entry, LexiconError, Names, Org, StateName};
use crate::model::ActorKind;
use crate::text::fold;

/// The actor dictionary: entries, their texts, states and organisations.
pub(super) struct ActorTables {
    /// The entries, numbered as `names` numbers them.
    pub(super) entries: Vec<Entry>,
    /// By entry: the text as written when only that spelling matches (a short acronym).
    pub(super) case_sensitive: Vec<Option<String>>,
    /// The entries' names.
    pub(super) names: Names,
    /// ISO3 code → the state's canonical name.
    pub(super) states: HashMap<String, String>,
    /// Organisations by id.
    pub(super) orgs: HashMap<String, Org>,
}

impl ActorTables {
    /// Reads the actor dictionary from its files.
    pub(super) fn load(files: &HashMap<&str, String>) -> Result<ActorTables, LexiconError> {
        let mut dictionary = Dictionary::default();
        let states = states(files, &mut dictionary)?;
        let orgs = orgs(files, &mut dictionary)?;
        agents(files, &mut dictionary)?;
        persons(files, &mut dictionary)?;
        let Dictionary { texts, entries, case_sensitive } = dictionary;
        let names = Names::new(texts.iter().map(|t| spaced(t)));
        Ok(ActorTables { entries, case_sensitive, names, states, orgs })
    }
}

/// The entries read so far, each with its folded text.
#[derive(Default)]
struct Dictionary {
    texts: Vec<String>,
    entries: Vec<Entry>,
    case_sensitive: Vec<Option<String>>,
}

impl Dictionary {
    /// Adds an entry under its text; a short text in capitals ("UN") matches only as written.
    fn add(&mut self, text: &str, entry: Entry) {
        let folded = fold(text.trim());
        if folded.is_empty() {
            return;
        }
        let upper = text.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
            && text.chars().filter(|c| c.is_alphabetic()).count() <= 6;
        self.texts.push(folded);
        self.entries.push(entry);
        self.case_sensitive.push(upper.then(|| text.trim().to_string()));
    }
}

/// States by name, alias, demonym, capital and city; returns ISO3 code → canonical name.
fn states(files: &HashMap<&str, String>, dictionary: &mut Dictionary) -> Result<HashMap<String, String>, LexiconError> {
    let file = |name: &str| file_text(files, name);
    let mut states = HashMap::new();
    for row in rows("states.tsv", file("states.tsv"), 3) {
        let (_, cells) = row?;
        let (iso3, kind, text) = (cells[0].trim(), cells[1].trim(), cells[2]);
        let how = match kind {
            "name" => {
                states.insert(iso3.to_string(), text.trim().to_string());
                StateName::Name
            }
            "alias" => StateName::Name,
            "demonym" => StateName::Demonym,
            "capital" => StateName::Capital,
            _ => StateName::City,
        };
        dictionary.add(text, Entry::State { iso3: iso3.to_string(), how });
    }
    Ok(states)
}

/// Organisations by each of their names; returns them by id, each shown by its longest English
/// name.
fn orgs(files: &HashMap<&str, String>, dictionary: &mut Dictionary) -> Result<HashMap<String, Org>, LexiconError> {
    let file = |name: &str| file_text(files, name);
    let mut orgs: HashMap<String, Org> = HashMap::new();
    for row in rows("orgs.tsv", file("orgs.tsv"), 6) {
        let (line, cells) = row?;
        let id = cells[0].trim().to_string();
        let kind = ActorKind::parse(cells[1].trim()).ok_or_else(|| LexiconError::BadLine {
            file: "orgs.tsv".into(),
            line,
            message: format!("unknown kind {:?}", cells[1]),
        })?;
        let text = cells[5].trim();
        let org = orgs.entry(id.clone()).or_insert_with(|| Org {
            id: id.clone(),
            kind,
            cameo: cells[2].trim().to_string(),
            country: none_if_dash(cells[3]),
            parent: none_if_dash(cells[4]),
            name: text.to_string(),
        });
        let is_acronym = text.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
        // The name shown is the longest English one: an ASCII name beats one in another
        // language ("Vietnam Red Cross Society", not "Hội Chữ thập đỏ Việt Nam").
        let better = |a: &str, b: &str| (a.is_ascii(), a.chars().count()) > (b.is_ascii(), b.chars().count());
        if !is_acronym
            && (better(text, &org.name) || org.name.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()))
        {
            org.name = text.to_string();
        }
        dictionary.add(text, Entry::Org(id));
    }
    Ok(orgs)
}

/// Agent nouns and titles with their sectors: "police" (COP), "foreign minister" (GOV, a title).
fn agents(files: &HashMap<&str, String>, dictionary: &mut Dictionary) -> Result<(), LexiconError> {
    let file = |name: &str| file_text(files, name);
    for row in rows("agents.tsv", file("agents.tsv"), 3) {
        let (_, cells) = row?;
        let entry = Entry::Agent { sector: cells[1].trim().to_string(), title: cells[2].trim() == "title" };
        dictionary.add(cells[0], entry);
    }
    Ok(())
}

/// Known persons: one entry per name, the most recent office winning.
fn persons(files: &HashMap<&str, String>, dictionary: &mut Dictionary) -> Result<(), LexiconError> {
    let file = |name: &str| file_text(files, name);
    // Known persons: one entry per name, the most recent office winning (borrowed from the
    // file text: tens of thousands of rows).
    let mut persons: std::collections::BTreeMap<&str, [&str; 4]> = std::collections::BTreeMap::new();
    for row in rows("persons.tsv", file("persons.tsv"), 6) {
        let (_, cells) = row?;
        let (name, start) = (cells[3].trim(), cells[4].trim());
        let newer = persons.get(name).is_none_or(|known| start > known[3]);
        if newer {
            persons.insert(name, [cells[0].trim(), cells[1].trim(), cells[2].trim(), start]);
        }
    }
    for (name, [iso3, sector, role, _]) in persons {
        dictionary
            .add(name, Entry::Person { iso3: iso3.to_string(), sector: sector.to_string(), role: none_if_dash(role) });
    }
    Ok(())
}
