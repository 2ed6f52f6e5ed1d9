//! The verb patterns: the curated ones (`patterns.tsv`) and PETRARCH2's (`petrarch-patterns.tsv`)
//! as parsed ("+sign * memorandum|mou|agreement"), the index by the words they can start with,
//! their words as numbers for matching, and the regular forms of their verbs.

use std::collections::{HashMap, HashSet};

use super::tables::event_type_or_none;
use super::{file_text, rows, CameoInfo, Element, LexiconError, Pattern};
use crate::text::fold;
use crate::vocab::Cameo;

/// The curated patterns of `patterns.tsv`, with their ids and examples.
pub(super) fn curated(
    files: &HashMap<&str, String>,
    cameo: &HashMap<String, CameoInfo>,
) -> Result<Vec<Pattern>, LexiconError> {
    let file = |name: &str| file_text(files, name);
    let mut patterns = Vec::new();
    let mut pattern_ids = HashSet::new();
    for row in rows("patterns.tsv", file("patterns.tsv"), 6) {
        let (line, cells) = row?;
        let bad = |message: String| LexiconError::BadLine { file: "patterns.tsv".into(), line, message };
        let id = cells[0].trim();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(bad(format!("pattern id {id:?} must be lowercase letters, digits and '-'")));
        }
        if !pattern_ids.insert(id.to_string()) {
            return Err(bad(format!("pattern id {id:?} is used twice")));
        }
        let elements = parse_pattern(cells[3]).map_err(bad)?;
        let event_type = event_type_or_none(cells[1]).map_err(|e| bad(e.to_string()))?;
        let code = cells[2].trim();
        if event_type.is_some() && !cameo.contains_key(code) {
            return Err(bad(format!("CAMEO code {code:?} is not in cameo.tsv")));
        }
        patterns.push(Pattern {
            event_type,
            cameo: Cameo::new(code),
            elements,
            text: cells[3].trim().to_string(),
            example: Some((cells[4].trim().to_string(), cells[5].trim().to_string())),
            curated: true,
            id: format!("pattern:curated:{id}"),
        });
    }
    Ok(patterns)
}

/// PETRARCH2's patterns of event types PLOVER codes, added to `patterns`: rows that differ only
/// in their single verb become one pattern with a verb alternation.
pub(super) fn petrarch(
    files: &HashMap<&str, String>,
    cameo: &HashMap<String, CameoInfo>,
    patterns: &mut Vec<Pattern>,
) -> Result<(), LexiconError> {
    let file = |name: &str| file_text(files, name);
    // PETRARCH2 repeats each pattern for every verb of its block: rows that differ only in
    // their single verb become one pattern with a verb alternation (parsed once).
    let mut grouped: HashMap<(String, String), usize> = HashMap::new();
    // Bare verbs too general to be an event on their own ("according to", "issued").
    let mut skipped: HashSet<(&str, &str)> = HashSet::new();
    for row in rows("petrarch-skip.tsv", file("petrarch-skip.tsv"), 2) {
        let (_, cells) = row?;
        skipped.insert((cells[0].trim(), cells[1].trim()));
    }
    for row in rows("petrarch-patterns.tsv", file("petrarch-patterns.tsv"), 2) {
        let (line, cells) = row?;
        let code = cells[0].trim();
        let Some(info) = cameo.get(code) else { continue };
        if info.plover.is_none() {
            continue;
        }
        let text = cells[1].trim();
        let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
        let single_verb = first.starts_with('+') && !first.contains('|') && first.len() > 1;
        if single_verb && rest.is_empty() && skipped.contains(&(code, &first[1..])) {
            continue;
        }
        if single_verb {
            let lemma = fold(&first[1..]);
            if !lemma.chars().any(char::is_alphabetic) {
                continue;
            }
            if let Some(&at) = grouped.get(&(code.to_string(), rest.to_string())) {
                if let Some(Element::Verb(lemmas)) = patterns[at].elements.first_mut() {
                    if !lemmas.contains(&lemma) {
                        lemmas.push(lemma);
                    }
                }
                continue;
            }
        }
        let Ok(elements) = parse_pattern(text) else { continue };
        // Every word of a pattern must be a word: PETRARCH's punctuation entries are dropped.
        let wordy = elements.iter().all(|e| match e {
            Element::Words(words) => words.iter().all(|w| w.chars().any(char::is_alphabetic)),
            Element::Verb(lemmas) => lemmas.iter().all(|l| l.chars().any(char::is_alphabetic)),
            Element::Gap => true,
        });
        if !wordy {
            continue;
        }
        if single_verb && !first.contains('_') {
            grouped.insert((code.to_string(), rest.to_string()), patterns.len());
        }
        patterns.push(Pattern {
            event_type: info.plover,
            cameo: Cameo::new(code),
            elements,
            text: text.to_string(),
            example: None,
            curated: false,
            id: format!("pattern:petrarch:{line}"),
        });
    }

    Ok(())
}

/// Curated verbs missing from the forms table get their regular forms.
pub(super) fn add_regular_forms(patterns: &[Pattern], verb_forms: &mut HashMap<String, Vec<String>>) {
    for pattern in patterns.iter().filter(|p| p.curated) {
        for element in &pattern.elements {
            if let Element::Verb(lemmas) = element {
                for lemma in lemmas {
                    if !verb_forms.values().any(|known| known.contains(lemma)) {
                        for form in regular_forms(lemma) {
                            verb_forms.entry(form).or_default().push(lemma.clone());
                        }
                    }
                }
            }
        }
    }
}

/// The patterns by every word their first word element can match, the most specific first,
/// then in file order.
pub(super) fn index(patterns: &[Pattern], verb_forms: &HashMap<String, Vec<String>>) -> HashMap<String, Vec<usize>> {
    // Index patterns by every word their first word element can match.
    let mut forms_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for (form, lemmas) in verb_forms {
        for lemma in lemmas {
            forms_of.entry(lemma.as_str()).or_default().push(form.as_str());
        }
    }
    let mut pattern_index: HashMap<String, Vec<usize>> = HashMap::new();
    for (id, pattern) in patterns.iter().enumerate() {
        let first = pattern.elements.iter().find(|e| !matches!(e, Element::Gap));
        let words: Vec<String> = match first {
            Some(Element::Verb(lemmas)) => {
                let mut words: Vec<String> = Vec::new();
                for lemma in lemmas {
                    words.extend(forms_of.get(lemma.as_str()).into_iter().flatten().map(|s| s.to_string()));
                    words.push(lemma.clone());
                }
                words
            }
            Some(Element::Words(words)) => words.clone(),
            _ => continue,
        };
        for word in words {
            let ids = pattern_index.entry(word).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let specificity: Vec<f32> = patterns.iter().map(Pattern::specificity).collect();
    for ids in pattern_index.values_mut().filter(|ids| ids.len() > 1) {
        ids.sort_by(|&a, &b| specificity[b].total_cmp(&specificity[a]).then(a.cmp(&b)));
    }
    pattern_index
}

/// The verb patterns with their words as numbers, so that matching a sentence compares integers
/// and looks each of its words up once.
#[derive(Debug, Default)]
pub struct PatternWords {
    /// Every word a pattern names, and every form of its verbs → its number.
    pub ids: HashMap<String, u32>,
    /// By word number: the numbers of the verb lemmas the word is a form of.
    pub lemmas: Vec<Vec<u32>>,
    /// By word number: the patterns that can start with the word, as in `pattern_index`.
    pub starts: Vec<Vec<usize>>,
    /// By pattern id: its elements, words as numbers.
    pub elements: Vec<Vec<WordElement>>,
}

/// An [`Element`] with its words as numbers of [`PatternWords`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordElement {
    /// Any form of one of these verb lemmas.
    Verb(Vec<u32>),
    /// One of these words.
    Words(Vec<u32>),
    /// A gap.
    Gap,
}

impl PatternWords {
    /// The number of a word no pattern names.
    pub const UNKNOWN: u32 = u32::MAX;

    /// Numbers the words of the patterns, of their index and of the verb forms.
    pub(super) fn new(
        patterns: &[Pattern],
        pattern_index: &HashMap<String, Vec<usize>>,
        verb_forms: &HashMap<String, Vec<String>>,
    ) -> PatternWords {
        let mut words = PatternWords::default();
        let elements: Vec<Vec<WordElement>> = patterns
            .iter()
            .map(|pattern| {
                let mut number = |list: &[String]| list.iter().map(|w| words.number(w)).collect();
                pattern
                    .elements
                    .iter()
                    .map(|e| match e {
                        Element::Verb(lemmas) => WordElement::Verb(number(lemmas)),
                        Element::Words(list) => WordElement::Words(number(list)),
                        Element::Gap => WordElement::Gap,
                    })
                    .collect()
            })
            .collect();
        words.elements = elements;
        // Sorted, so that numbering does not depend on the order of a hash map.
        let mut starts: Vec<(&String, &Vec<usize>)> = pattern_index.iter().collect();
        starts.sort();
        for (word, ids) in starts {
            let n = words.number(word) as usize;
            words.starts[n] = ids.clone();
        }
        // A form's lemmas that no pattern names cannot match, and are left out.
        let mut forms: Vec<(&String, &Vec<String>)> = verb_forms.iter().collect();
        forms.sort();
        for (form, lemmas) in forms {
            let named: Vec<u32> = lemmas.iter().filter_map(|l| words.ids.get(l).copied()).collect();
            if !named.is_empty() {
                let n = words.number(form) as usize;
                words.lemmas[n] = named;
            }
        }
        words
    }

    /// The number of `word`, given one if it has none yet.
    fn number(&mut self, word: &str) -> u32 {
        if let Some(&n) = self.ids.get(word) {
            return n;
        }
        let n = self.ids.len() as u32;
        self.ids.insert(word.to_string(), n);
        self.lemmas.push(Vec::new());
        self.starts.push(Vec::new());
        n
    }

    /// The number of a (folded) word, or [`PatternWords::UNKNOWN`].
    pub fn id(&self, word: &str) -> u32 {
        self.ids.get(word).copied().unwrap_or(PatternWords::UNKNOWN)
    }
}

/// The inflections of an English verb: base, -s, -ed, -ing (the forms [`IRREGULAR`] lists for its
/// irregular verbs).
pub fn regular_forms(lemma: &str) -> Vec<String> {
    if let Some((_, forms)) = IRREGULAR.iter().find(|(l, _)| *l == lemma) {
        return forms.iter().map(|f| f.to_string()).collect();
    }
    let mut out = vec![lemma.to_string()];
    let stem_y = lemma.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u']));
    let sibilant = ["s", "sh", "ch", "x", "z"].iter().any(|t| lemma.ends_with(t));
    out.push(match stem_y {
        Some(stem) => format!("{stem}ies"),
        None if sibilant => format!("{lemma}es"),
        None => format!("{lemma}s"),
    });
    out.push(match (stem_y, lemma.strip_suffix('e')) {
        (Some(stem), _) => format!("{stem}ied"),
        (None, Some(_)) => format!("{lemma}d"),
        _ => format!("{lemma}ed"),
    });
    out.push(match lemma.strip_suffix('e').filter(|s| !s.ends_with('e')) {
        Some(stem) => format!("{stem}ing"),
        None => format!("{lemma}ing"),
    });
    out
}

/// The forms of the irregular verbs that curated patterns use and PETRARCH2's dictionary lacks.
const IRREGULAR: &[(&str, &[&str])] =
    &[("let", &["let", "lets", "letting"]), ("retake", &["retake", "retakes", "retook", "retaken", "retaking"])];

/// Parses a pattern of the form `+sign * memorandum|mou|agreement`.
pub fn parse_pattern(text: &str) -> Result<Vec<Element>, String> {
    let mut out = Vec::new();
    for part in text.split_whitespace() {
        if part == "*" {
            out.push(Element::Gap);
        } else if let Some(lemma) = part.strip_prefix('+') {
            if lemma.is_empty() {
                return Err("empty verb element '+'".into());
            }
            // A multiword verb ("+ask_for") is its verb and then its particles.
            let lemma = fold(&lemma.replace('_', " "));
            let mut words = lemma.split(' ');
            let verbs: Vec<String> =
                words.next().unwrap_or("").split('|').filter(|l| !l.is_empty()).map(str::to_string).collect();
            out.push(Element::Verb(verbs));
            for particle in words.filter(|w| !w.is_empty()) {
                out.push(Element::Words(vec![particle.to_string()]));
            }
        } else {
            let words: Vec<String> = part.split('|').filter(|w| !w.is_empty()).map(fold).collect();
            if words.is_empty() {
                return Err(format!("empty element {part:?}"));
            }
            out.push(Element::Words(words));
        }
    }
    if out.iter().all(|e| matches!(e, Element::Gap)) {
        return Err("a pattern needs at least one word".into());
    }
    Ok(out)
}
