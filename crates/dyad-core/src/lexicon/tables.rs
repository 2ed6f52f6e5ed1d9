//! The small tables: verb forms ("signed" → "sign"), the CAMEO→PLOVER table, context keywords,
//! news agencies and their states, and verb forms that are usually nouns ("forces").

use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;

use super::{file_text, none_if_dash, rows, CameoInfo, LexiconError, Readings};
use crate::text::fold;
use crate::vocab::{Cameo, EventType, UnknownEventType};

/// The verb forms table: form → the lemmas it is a form of ("signed" → "sign").
pub(super) fn verb_forms(files: &HashMap<&str, String>) -> Result<HashMap<String, Vec<String>>, LexiconError> {
    let file = |name: &str| file_text(files, name);
    let mut verb_forms: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows("verb-forms.tsv", file("verb-forms.tsv"), 2) {
        let (_, cells) = row?;
        if !cells[1].chars().any(char::is_alphabetic) {
            continue;
        }
        let lemmas = verb_forms.entry(fold(cells[1].trim())).or_default();
        let lemma = fold(cells[0].trim());
        if !lemmas.contains(&lemma) {
            lemmas.push(lemma);
        }
    }

    Ok(verb_forms)
}

/// The CAMEO table: CAMEO code → its PLOVER event type, mode, Goldstein score and name.
pub(super) fn cameo(files: &HashMap<&str, String>) -> Result<HashMap<String, CameoInfo>, LexiconError> {
    let file = |name: &str| file_text(files, name);
    let mut cameo = HashMap::new();
    for row in rows("cameo.tsv", file("cameo.tsv"), 5) {
        let (line, cells) = row?;
        let plover = event_type_or_none(cells[1]).map_err(|e| LexiconError::BadLine {
            file: "cameo.tsv".into(),
            line,
            message: e.to_string(),
        })?;
        cameo.insert(
            cells[0].trim().to_string(),
            CameoInfo {
                plover,
                mode: none_if_dash(cells[2]),
                goldstein: cells[3].trim().parse().unwrap_or(0.0),
                name: cells[4].trim().to_string(),
            },
        );
    }
    Ok(cameo)
}

/// The rows of `readings.tsv`: `rule  type (* for any)  reads_as  cameo`, every code one of
/// `cameo.tsv` and of the type it is read as.
pub(super) fn readings(
    files: &HashMap<&str, String>,
    cameo: &HashMap<String, CameoInfo>,
) -> Result<Readings, LexiconError> {
    let mut out = HashMap::new();
    for row in rows("readings.tsv", file_text(files, "readings.tsv"), 4) {
        let (line, cells) = row?;
        let bad = |message: String| LexiconError::BadLine { file: "readings.tsv".into(), line, message };
        let from = match cells[1].trim() {
            "*" => None,
            name => Some(name.parse::<EventType>().map_err(|e| bad(e.to_string()))?),
        };
        let to: EventType = cells[2].trim().parse().map_err(|e: UnknownEventType| bad(e.to_string()))?;
        let code = cells[3].trim();
        if cameo.get(code).and_then(|info| info.plover) != Some(to) {
            return Err(bad(format!("CAMEO code {code:?} is no {to} code of cameo.tsv")));
        }
        let rows: &mut Vec<_> = out.entry(cells[0].trim().to_string()).or_default();
        if rows.iter().any(|r: &(Option<EventType>, EventType, Cameo)| r.0 == from) {
            return Err(bad(format!("rule {} reads {} twice", cells[0].trim(), cells[1].trim())));
        }
        rows.push((from, to, Cameo::new(code)));
    }
    Ok(out)
}

/// A PLOVER type as the data files write it; `NONE` (or nothing) for none.
pub(super) fn event_type_or_none(cell: &str) -> Result<Option<EventType>, UnknownEventType> {
    match cell.trim() {
        "NONE" | "" => Ok(None),
        name => name.parse().map(Some),
    }
}

/// Context keywords (folded) with their contexts, and a matcher over the keywords.
pub(super) fn contexts(files: &HashMap<&str, String>) -> Result<(Vec<(String, String)>, AhoCorasick), LexiconError> {
    let file = |name: &str| file_text(files, name);
    let mut contexts = Vec::new();
    for row in rows("contexts.tsv", file("contexts.tsv"), 2) {
        let (_, cells) = row?;
        contexts.push((fold(cells[1].trim()), cells[0].trim().to_string()));
    }
    let context_matcher = AhoCorasick::new(contexts.iter().map(|(keyword, _)| keyword))
        .map_err(|e| LexiconError::Build(e.to_string()))?;
    Ok((contexts, context_matcher))
}

/// News agencies (upper case) → the state their stories are told from.
pub(super) fn agencies(files: &HashMap<&str, String>) -> Result<HashMap<String, String>, LexiconError> {
    let file = |name: &str| file_text(files, name);
    let mut agencies = HashMap::new();
    for row in rows("agencies.tsv", file("agencies.tsv"), 2) {
        let (_, cells) = row?;
        agencies.insert(cells[0].trim().to_uppercase(), cells[1].trim().to_string());
    }
    Ok(agencies)
}

/// Verb forms that are usually nouns ("forces", "supplies").
pub(super) fn noun_forms(files: &HashMap<&str, String>) -> Result<HashSet<String>, LexiconError> {
    let file = |name: &str| file_text(files, name);
    let mut noun_forms = std::collections::HashSet::new();
    for row in rows("noun-forms.tsv", file("noun-forms.tsv"), 1) {
        let (_, cells) = row?;
        noun_forms.insert(fold(cells[0].trim()));
    }
    Ok(noun_forms)
}
