//! The lexicons: states, organisations, agents and titles, verb forms, verb patterns and the
//! CAMEO→PLOVER table, read from the sorted TSV files in `data/` (embedded in the binary; a
//! folder of the same files can replace them at run time).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use aho_corasick::AhoCorasick;

use crate::model::ActorKind;
use crate::vocab::{Cameo, EventType};

mod actors;
mod names;
mod patterns;
mod tables;

use actors::ActorTables;
pub use names::{spaced, Names};
pub use patterns::{parse_pattern, regular_forms, PatternWords, WordElement};

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
    ("states.tsv", include_str!("../../../../data/states.tsv")),
    ("orgs.tsv", include_str!("../../../../data/orgs.tsv")),
    ("agents.tsv", include_str!("../../../../data/agents.tsv")),
    ("verb-forms.tsv", include_str!("../../../../data/verb-forms.tsv")),
    ("patterns.tsv", include_str!("../../../../data/patterns.tsv")),
    ("petrarch-patterns.tsv", include_str!("../../../../data/petrarch-patterns.tsv")),
    ("cameo.tsv", include_str!("../../../../data/cameo.tsv")),
    ("persons.tsv", include_str!("../../../../data/persons.tsv")),
    ("noun-forms.tsv", include_str!("../../../../data/noun-forms.tsv")),
    ("contexts.tsv", include_str!("../../../../data/contexts.tsv")),
    ("agencies.tsv", include_str!("../../../../data/agencies.tsv")),
    ("readings.tsv", include_str!("../../../../data/readings.tsv")),
    ("petrarch-skip.tsv", include_str!("../../../../data/petrarch-skip.tsv")),
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

/// How rules read events ([`Lexicon::readings`]): by rule, its rows (type or none for any, and
/// the type and code it reads an event of that type as).
pub type Readings = HashMap<String, Vec<(Option<EventType>, EventType, Cameo)>>;

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
        let mut verb_forms = tables::verb_forms(files)?;
        let cameo = tables::cameo(files)?;
        let mut patterns = patterns::curated(files, &cameo)?;
        patterns::petrarch(files, &cameo, &mut patterns)?;
        patterns::add_regular_forms(&patterns, &mut verb_forms);
        let pattern_index = patterns::index(&patterns, &verb_forms);
        let (contexts, context_matcher) = tables::contexts(files)?;
        let agencies = tables::agencies(files)?;
        let noun_forms = tables::noun_forms(files)?;
        let readings = tables::readings(files, &cameo)?;

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
    pub fn reading(&self, rule: &str, event_type: EventType) -> Option<(EventType, &Cameo)> {
        let rows = self.readings.get(rule)?;
        let row = rows.iter().find(|r| r.0 == Some(event_type)).or_else(|| rows.iter().find(|r| r.0.is_none()))?;
        Some((row.1, &row.2))
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

/// The text of lexicon file `name` (empty when absent).
fn file_text<'a>(files: &'a HashMap<&str, String>, name: &str) -> &'a str {
    files.get(name).map(String::as_str).unwrap_or("")
}

/// The rows of a lexicon file's `text` (no comments, no blank lines) as `(line, cells)`, each
/// with at least `columns` tab-separated cells.
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

/// A cell's text, or nothing for an empty cell or "-".
fn none_if_dash(cell: &str) -> Option<String> {
    let cell = cell.trim();
    (!cell.is_empty() && cell != "-").then(|| cell.to_string())
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
