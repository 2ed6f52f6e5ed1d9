//! The lexicons: states, organisations, agents and titles, verb forms, verb patterns and the
//! CAMEO→PLOVER table, read from the sorted TSV files in `data/` (embedded in the binary; a
//! folder of the same files can replace them at run time).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::vocab::{Cameo, EventType};

use aho_corasick::AhoCorasick;

use crate::model::ActorKind;
use crate::text::fold;

/// An error in a lexicon file: which file, which line, what.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LexiconError {
    /// A line does not have the columns its file needs.
    #[error("{file}:{line}: {message}")]
    BadLine {
        /// The file name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read from an override folder.
    #[error("cannot read lexicon file {file}: {source}")]
    Io {
        /// The file name.
        file: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The dictionary automaton could not be built.
    #[error("cannot build the dictionary matcher: {0}")]
    Build(String),
    /// The tagger and parser model (`data/models/dyad-syntax.bin`, embedded at build time) could
    /// not be loaded; `--no-syntax` codes without it.
    #[error(
        "cannot load the tagger and parser model data/models/dyad-syntax.bin: {0} (use --no-syntax to code without it)"
    )]
    Syntax(#[from] dyad_syntax::ModelError),
}

/// The names of the lexicon files and their embedded copies.
const FILES: &[(&str, &str)] = &[
    ("states.tsv", include_str!("../../../data/states.tsv")),
    ("orgs.tsv", include_str!("../../../data/orgs.tsv")),
    ("agents.tsv", include_str!("../../../data/agents.tsv")),
    ("verb-forms.tsv", include_str!("../../../data/verb-forms.tsv")),
    ("patterns.tsv", include_str!("../../../data/patterns.tsv")),
    ("petrarch-patterns.tsv", include_str!("../../../data/petrarch-patterns.tsv")),
    ("cameo.tsv", include_str!("../../../data/cameo.tsv")),
    ("persons.tsv", include_str!("../../../data/persons.tsv")),
    ("noun-forms.tsv", include_str!("../../../data/noun-forms.tsv")),
    ("contexts.tsv", include_str!("../../../data/contexts.tsv")),
    ("agencies.tsv", include_str!("../../../data/agencies.tsv")),
    ("readings.tsv", include_str!("../../../data/readings.tsv")),
    ("petrarch-skip.tsv", include_str!("../../../data/petrarch-skip.tsv")),
];

/// How a state is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateName {
    /// Its name or another name of it.
    Name,
    /// Its adjective or nationality ("Vietnamese").
    Demonym,
    /// Its capital, which may stand for its government ("Hanoi said").
    Capital,
    /// One of its cities.
    City,
}

/// What a dictionary entry names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A state, by ISO alpha-3.
    State {
        /// ISO 3166 alpha-3.
        iso3: String,
        /// How the entry names it.
        how: StateName,
    },
    /// An organisation, by id (a key of [`Lexicon::orgs`]).
    Org(String),
    /// A known person (a leader or minister) and the state they act for.
    Person {
        /// ISO 3166 alpha-3.
        iso3: String,
        /// CAMEO sector.
        sector: String,
        /// Office held.
        role: Option<String>,
    },
    /// A sector noun or title ("minister", "troops").
    Agent {
        /// CAMEO sector code (GOV, MIL ...).
        sector: String,
        /// Whether it is a title that precedes a name.
        title: bool,
    },
}

/// An organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Org {
    /// Usual acronym or short name.
    pub id: String,
    /// IGO, NGO ...
    pub kind: ActorKind,
    /// CAMEO actor code.
    pub cameo: String,
    /// The state a national body belongs to.
    pub country: Option<String>,
    /// The parent organisation's id.
    pub parent: Option<String>,
    /// The longest name listed for it.
    pub name: String,
}

/// One row of the CAMEO table.
#[derive(Clone, Debug, PartialEq)]
pub struct CameoInfo {
    /// PLOVER event type (none for CAMEO's statements and appeals, which PLOVER drops).
    pub plover: Option<EventType>,
    /// PLOVER mode, when the table gives one.
    pub mode: Option<String>,
    /// Goldstein score.
    pub goldstein: f32,
    /// CAMEO name.
    pub name: String,
}

/// One element of a verb pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Element {
    /// Any form of one of these verb lemmas (`+praise`, `+criticize|criticise`).
    Verb(Vec<String>),
    /// One of these words (`memorandum|mou|agreement`).
    Words(Vec<String>),
    /// A gap of up to six tokens (`*`).
    Gap,
}

/// A verb pattern: elements that must occur in order, and the event they yield.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// PLOVER event type; none for a curated phrase that is no event (type `NONE`: "take over
    /// the rotating presidency" is no seizure).
    pub event_type: Option<EventType>,
    /// CAMEO code.
    pub cameo: Cameo,
    /// The elements.
    pub elements: Vec<Element>,
    /// The pattern as written.
    pub text: String,
    /// An example sentence and the event it must yield (`SRC TYPE TGT`), for curated patterns.
    pub example: Option<(String, String)>,
    /// Curated patterns outrank patterns converted from PETRARCH2.
    pub curated: bool,
    /// A stable name for the pattern, which events carry as their `rule`:
    /// `pattern:curated:ID` (the id column of `data/patterns.tsv`) or `pattern:petrarch:LINE` (the
    /// line of `data/petrarch-patterns.tsv`, a file generated from PETRARCH2's dictionary).
    pub id: String,
}

impl Pattern {
    /// How specific the pattern is: its words, and a bonus for curated patterns. Of patterns
    /// that match at one place, the most specific wins.
    pub fn specificity(&self) -> f32 {
        let words = self.elements.iter().filter(|e| !matches!(e, Element::Gap)).count() as f32;
        words + if self.curated { 1.5 } else { 0.0 }
    }
}

/// All lexicons, ready for matching.
pub struct Lexicon {
    /// Dictionary entries, by automaton pattern id.
    pub entries: Vec<Entry>,
    /// Whether an entry must match in upper case (acronyms such as "WHO", "US").
    pub case_sensitive: Vec<Option<String>>,
    /// The entries' folded texts, found by whole words.
    pub names: Names,
    /// States: ISO alpha-3 → canonical name.
    pub states: HashMap<String, String>,
    /// Organisations by id.
    pub orgs: HashMap<String, Org>,
    /// Verb form → lemmas.
    pub verb_forms: HashMap<String, Vec<String>>,
    /// Verb patterns.
    pub patterns: Vec<Pattern>,
    /// Pattern ids by the words that can start them, the most specific first (then in file
    /// order): the first that matches is the one to take.
    pub pattern_index: HashMap<String, Vec<usize>>,
    /// CAMEO code → PLOVER type, mode, Goldstein score.
    pub cameo: HashMap<String, CameoInfo>,
    /// Folded keyword → PLOVER context.
    pub contexts: Vec<(String, String)>,
    /// Finds the keywords of `contexts` (pattern ids are indexes into it), overlapping.
    pub context_matcher: AhoCorasick,
    /// Verb forms that are usually nouns ("forces", "supplies").
    pub noun_forms: HashSet<String>,
    /// News agency (upper case) → the state its stories are told from.
    pub agencies: HashMap<String, String>,
    /// The patterns' words as numbers, for matching.
    pub pattern_words: PatternWords,
    /// How a rule reads an event of a type: (rule, type or none for any) → type and CAMEO code
    /// (`data/readings.tsv`: "will support" is AGREE 032 by `rule:future-reading`).
    pub readings: Readings,
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

    fn new(
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

/// The text of lexicon file `name` (empty when absent).
fn file_text<'a>(files: &'a HashMap<&str, String>, name: &str) -> &'a str {
    files.get(name).map(String::as_str).unwrap_or("")
}

fn rows<'a>(
    file: &'a str,
    text: &'a str,
    columns: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>), LexiconError>> + 'a {
    text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()).map(move |(n, line)| {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() < columns {
            Err(LexiconError::BadLine {
                file: file.to_string(),
                line: n + 1,
                message: format!("expected {columns} tab-separated columns, found {}", cells.len()),
            })
        } else {
            Ok((n + 1, cells))
        }
    })
}

/// Words as the dictionary matcher sees them: each word between spaces, two spaces between
/// words (" un  mission "), so that a name matches whole words only and a longer name that
/// ends inside a word ("UN Mission" in "UN missions") never hides a shorter one ("UN").
pub fn spaced(words: &str) -> String {
    let mut out = String::with_capacity(words.len() * 2 + 2);
    for word in words.split_whitespace() {
        // The tokenizer splits the possessive: "People's" is "People" and "'s".
        let parts = match word.strip_suffix("'s") {
            Some(stem) if !stem.is_empty() => [stem, "'s"],
            _ => [word, ""],
        };
        for part in parts.into_iter().filter(|p| !p.is_empty()) {
            out.push(' ');
            out.push_str(part);
            out.push(' ');
        }
    }
    out
}

/// Names found by whole words in text written as [`spaced`] writes it (" a  b  c "): at each
/// word, the longest name that starts there; then the search goes on after it. Two names with
/// the same text are the first one.
#[derive(Debug, Default)]
pub struct Names {
    /// Spaced text → number of the first name with that text.
    ids: HashMap<String, usize>,
    /// First word of a name → the most words of a name that starts with it.
    longest: HashMap<String, usize>,
}

impl Names {
    /// Names numbered in order.
    pub fn new(spaced_texts: impl IntoIterator<Item = String>) -> Names {
        let mut names = Names::default();
        for (id, text) in spaced_texts.into_iter().enumerate() {
            let mut words = text.split(' ').filter(|w| !w.is_empty());
            let Some(first) = words.next() else { continue };
            let count = 1 + words.count();
            let longest = names.longest.entry(first.to_string()).or_insert(0);
            *longest = (*longest).max(count);
            names.ids.entry(text).or_insert(id);
        }
        names
    }

    /// The names in `joined`, whose word `i` is `joined[starts[i]..ends[i]]` with a space on each
    /// side: `(first word, end word, name number)`, left to right, not overlapping.
    pub fn find(&self, joined: &str, starts: &[usize], ends: &[usize]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let n = starts.len().min(ends.len());
        let mut i = 0;
        while i < n {
            let longest = self.longest.get(&joined[starts[i]..ends[i]]).copied().unwrap_or(0);
            let found = (1..=longest.min(n - i)).rev().find_map(|len| {
                let text = joined.get(starts[i] - 1..ends[i + len - 1] + 1)?;
                self.ids.get(text).map(|&id| (i, i + len, id))
            });
            match found {
                Some(m) => {
                    out.push(m);
                    i = m.1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The first name in text written as [`spaced`] writes it.
    pub fn first_in(&self, spaced_text: &str) -> Option<usize> {
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        let mut at = 0;
        for word in spaced_text.split(' ') {
            if !word.is_empty() && at > 0 {
                starts.push(at);
                ends.push(at + word.len());
            }
            at += word.len() + 1;
        }
        self.find(spaced_text, &starts, &ends).first().map(|&(_, _, id)| id)
    }
}

fn none_if_dash(cell: &str) -> Option<String> {
    let cell = cell.trim();
    (!cell.is_empty() && cell != "-").then(|| cell.to_string())
}

impl Lexicon {
    /// The lexicons embedded in the binary.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        let files: HashMap<&str, String> = FILES.iter().map(|(n, t)| (*n, t.to_string())).collect();
        Lexicon::from_files(&files)
    }

    /// Lexicons from a folder holding files of the same names; missing files fall back to the
    /// embedded copies.
    pub fn from_dir(dir: &Path) -> Result<Lexicon, LexiconError> {
        let mut files = HashMap::new();
        for (name, embedded) in FILES {
            let path = dir.join(name);
            let text = if path.exists() {
                std::fs::read_to_string(&path)
                    .map_err(|source| LexiconError::Io { file: path.display().to_string(), source })?
            } else {
                embedded.to_string()
            };
            files.insert(*name, text);
        }
        Lexicon::from_files(&files)
    }

    fn from_files(files: &HashMap<&str, String>) -> Result<Lexicon, LexiconError> {
        // The actor dictionary takes about as long as the rest together: it is read on a second
        // thread meanwhile.
        std::thread::scope(|scope| {
            let actors = scope.spawn(|| ActorTables::load(files));
            let rest = Lexicon::without_actors(files);
            let actors = actors.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            Ok(Lexicon {
                entries: actors.entries,
                case_sensitive: actors.case_sensitive,
                names: actors.names,
                states: actors.states,
                orgs: actors.orgs,
                ..rest?
            })
        })
    }

    /// Everything but the actor dictionary, which [`ActorTables::load`] reads: its fields are
    /// left empty here.
    fn without_actors(files: &HashMap<&str, String>) -> Result<Lexicon, LexiconError> {
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
        // PETRARCH2 repeats each pattern for every verb of its block: rows that differ only in
        // their single verb become one pattern with a verb alternation (parsed once).
        let mut grouped: HashMap<(String, String), usize> = HashMap::new();
        // Bare verbs too general to be an event on their own ("according to", "issued").
        let skip_text = file("petrarch-skip.tsv");
        let mut skipped: HashSet<(&str, &str)> = HashSet::new();
        for row in rows("petrarch-skip.tsv", skip_text, 2) {
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

        // Curated verbs missing from the forms table get their regular forms.
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

        // Index patterns by every word their first word element can match.
        let mut forms_of: HashMap<&str, Vec<&str>> = HashMap::new();
        for (form, lemmas) in &verb_forms {
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

        let mut contexts = Vec::new();
        for row in rows("contexts.tsv", file("contexts.tsv"), 2) {
            let (_, cells) = row?;
            contexts.push((fold(cells[1].trim()), cells[0].trim().to_string()));
        }
        let context_matcher = AhoCorasick::new(contexts.iter().map(|(keyword, _)| keyword))
            .map_err(|e| LexiconError::Build(e.to_string()))?;

        let mut agencies = HashMap::new();
        for row in rows("agencies.tsv", file("agencies.tsv"), 2) {
            let (_, cells) = row?;
            agencies.insert(cells[0].trim().to_uppercase(), cells[1].trim().to_string());
        }
        let mut noun_forms = std::collections::HashSet::new();
        for row in rows("noun-forms.tsv", file("noun-forms.tsv"), 1) {
            let (_, cells) = row?;
            noun_forms.insert(fold(cells[0].trim()));
        }

        let readings = read_readings(file("readings.tsv"), &cameo)?;
        let pattern_words = PatternWords::new(&patterns, &pattern_index, &verb_forms);
        Ok(Lexicon {
            readings,
            pattern_words,
            noun_forms,
            agencies,
            entries: Vec::new(),
            case_sensitive: Vec::new(),
            names: Names::default(),
            states: HashMap::new(),
            orgs: HashMap::new(),
            verb_forms,
            patterns,
            pattern_index,
            cameo,
            contexts,
            context_matcher,
        })
    }

    /// How `rule` reads an event of `event_type`, if it reads it otherwise ([`Lexicon::readings`]).
    pub fn reading(&self, rule: &str, event_type: EventType) -> Option<&(EventType, Cameo)> {
        self.readings
            .get(&(rule.to_string(), Some(event_type)))
            .or_else(|| self.readings.get(&(rule.to_string(), None)))
    }

    /// Whether `word` (folded) is a form of `lemma`.
    pub fn is_form_of(&self, word: &str, lemma: &str) -> bool {
        word == lemma || self.verb_forms.get(word).is_some_and(|lemmas| lemmas.iter().any(|l| l == lemma))
    }

    /// The canonical name of a state.
    pub fn state_name(&self, iso3: &str) -> String {
        self.states.get(iso3).cloned().unwrap_or_else(|| iso3.to_string())
    }
}

/// The actor dictionary: entries, their texts, states and organisations.
struct ActorTables {
    entries: Vec<Entry>,
    case_sensitive: Vec<Option<String>>,
    names: Names,
    states: HashMap<String, String>,
    orgs: HashMap<String, Org>,
}

impl ActorTables {
    fn load(files: &HashMap<&str, String>) -> Result<ActorTables, LexiconError> {
        let file = |name: &str| file_text(files, name);
        let mut texts: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        let mut case_sensitive = Vec::new();
        let mut add = |text: &str, entry: Entry, texts: &mut Vec<String>| {
            let folded = fold(text.trim());
            if folded.is_empty() {
                return;
            }
            let upper = text.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase())
                && text.chars().filter(|c| c.is_alphabetic()).count() <= 6;
            texts.push(folded);
            entries.push(entry);
            case_sensitive.push(upper.then(|| text.trim().to_string()));
        };

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
            add(text, Entry::State { iso3: iso3.to_string(), how }, &mut texts);
        }

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
            add(text, Entry::Org(id), &mut texts);
        }

        for row in rows("agents.tsv", file("agents.tsv"), 3) {
            let (_, cells) = row?;
            let entry = Entry::Agent { sector: cells[1].trim().to_string(), title: cells[2].trim() == "title" };
            add(cells[0], entry, &mut texts);
        }

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
            add(
                name,
                Entry::Person { iso3: iso3.to_string(), sector: sector.to_string(), role: none_if_dash(role) },
                &mut texts,
            );
        }

        let names = Names::new(texts.iter().map(|t| spaced(t)));
        Ok(ActorTables { entries, case_sensitive, names, states, orgs })
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

/// How rules read events ([`Lexicon::readings`]): (rule, type or none for any) → type and code.
pub type Readings = HashMap<(String, Option<EventType>), (EventType, Cameo)>;

/// The rows of `readings.tsv`: `rule  type (* for any)  reads_as  cameo`, every code one of
/// `cameo.tsv` and of the type it is read as.
fn read_readings(text: &str, cameo: &HashMap<String, CameoInfo>) -> Result<Readings, LexiconError> {
    let mut out = HashMap::new();
    for row in rows("readings.tsv", text, 4) {
        let (line, cells) = row?;
        let bad = |message: String| LexiconError::BadLine { file: "readings.tsv".into(), line, message };
        let from = match cells[1].trim() {
            "*" => None,
            name => Some(name.parse::<EventType>().map_err(|e| bad(e.to_string()))?),
        };
        let to: EventType = cells[2].trim().parse().map_err(|e: crate::vocab::UnknownEventType| bad(e.to_string()))?;
        let code = cells[3].trim();
        if cameo.get(code).and_then(|info| info.plover) != Some(to) {
            return Err(bad(format!("CAMEO code {code:?} is no {to} code of cameo.tsv")));
        }
        out.insert((cells[0].trim().to_string(), from), (to, Cameo::new(code)));
    }
    Ok(out)
}

/// A PLOVER type as the data files write it; `NONE` (or nothing) for none.
fn event_type_or_none(cell: &str) -> Result<Option<EventType>, crate::vocab::UnknownEventType> {
    match cell.trim() {
        "NONE" | "" => Ok(None),
        name => name.parse().map(Some),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `words` joined as the recognizer joins a sentence's tokens, with each word's range.
    fn joined(words: &[&str]) -> (String, Vec<usize>, Vec<usize>) {
        let (mut text, mut starts, mut ends) = (String::new(), Vec::new(), Vec::new());
        for word in words {
            text.push(' ');
            starts.push(text.len());
            text.push_str(word);
            ends.push(text.len());
            text.push(' ');
        }
        (text, starts, ends)
    }

    #[test]
    fn names_are_found_by_whole_words_longest_first_and_the_first_of_twins_wins() {
        let names =
            Names::new(["un", "un mission", "un mission in south sudan", "sudan", "un"].iter().map(|t| spaced(t)));
        let words = ["the", "un", "mission", "in", "south", "sudan", "and", "un", "missions", "in", "sudan"];
        let (text, starts, ends) = joined(&words);
        // "un mission in south sudan" hides "sudan" inside it; "un" before "missions" is "un",
        // not "un mission"; the twin "un" (4) is never found.
        assert_eq!(names.find(&text, &starts, &ends), vec![(1, 6, 2), (7, 8, 0), (10, 11, 3)]);
        assert_eq!(names.first_in(&spaced("head of the UN Mission")), None, "names are folded before");
        assert_eq!(names.first_in(&spaced("head of the un mission")), Some(1));
        assert_eq!(names.first_in(""), None);
    }

    proptest! {
        /// The same names as the automaton the recognizer used before: leftmost-longest matches
        /// of the spaced texts, kept where they begin and end at words.
        #[test]
        fn names_match_what_a_leftmost_longest_automaton_finds(
            texts in proptest::collection::vec(proptest::collection::vec(0usize..5, 1..4), 1..12),
            sentence in proptest::collection::vec(0usize..5, 0..30),
        ) {
            const WORDS: [&str; 5] = ["a", "b", "ab", "c", "b's"];
            let texts: Vec<String> = texts.iter().map(|t| spaced(&t.iter().map(|&w| WORDS[w]).collect::<Vec<_>>().join(" "))).collect();
            let names = Names::new(texts.iter().cloned());
            let automaton = aho_corasick::AhoCorasickBuilder::new().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&texts).unwrap();
            let words: Vec<&str> = sentence.iter().map(|&w| WORDS[w]).collect();
            let (text, starts, ends) = joined(&words);
            let want: Vec<(usize, usize, usize)> = automaton
                .find_iter(&text)
                .filter_map(|m| {
                    let first = starts.binary_search(&(m.start() + 1)).ok()?;
                    let last = ends.binary_search(&(m.end() - 1)).ok()?;
                    Some((first, last + 1, m.pattern().as_usize()))
                })
                .collect();
            prop_assert_eq!(names.find(&text, &starts, &ends), want);
        }
    }

    #[test]
    fn the_pattern_index_lists_the_most_specific_first_then_in_file_order() {
        let lexicon = Lexicon::embedded().expect("lexicons load");
        let mut checked = 0;
        for ids in lexicon.pattern_index.values() {
            for pair in ids.windows(2) {
                let (a, b) = (&lexicon.patterns[pair[0]], &lexicon.patterns[pair[1]]);
                assert!(
                    a.specificity() > b.specificity() || (a.specificity() == b.specificity() && pair[0] < pair[1]),
                    "{} before {}",
                    a.text,
                    b.text
                );
                checked += 1;
            }
        }
        assert!(checked > 1000, "only {checked} pairs");
    }
}
