//! Lemmas: each word's dictionary form as UD English-EWT writes it
//! (`attacked` → `attack`, `was` → `be`, `n't` → `not`, `Rebels` → `rebel`, `Kabul` → `Kabul`).
//!
//! Learned from the LEMMA column of a treebank, deterministically:
//!
//! * **case**: for each XPOS and word shape (lower, Capitalised, ALL CAPS, miXed, digits
//!   grouped by commas), whether the lemma keeps the word as it is (`NNP`), lower-cases it
//!   (`NN`, `VBD`) or drops the commas of a number (`1,200` → `1200`), by majority;
//! * **edit rules**: for each XPOS and lower-cased suffix (up to [`LemmaOptions::max_suffix`]
//!   characters) the most frequent edit "strip *n* characters, append *s*" among the training
//!   word types ending so; an unseen word takes the rule of its longest suffix seen at least
//!   [`LemmaOptions::min_count`] times with its tag (`-ies` `NNS` → strip 3, append `y`);
//! * **exceptions**: every (form, XPOS) of the training data whose lemma the two steps above
//!   get wrong (`went` `VBD` → `go`), looked up first, also for a capitalised form
//!   (`Went` → `went`);
//! * **known lemmas**: the lower-cased lemmas of the training data's nouns, verbs, adjectives
//!   and adverbs. Where the rule of the longest suffix makes an unknown lemma and that of a
//!   shorter suffix a known one, the known one wins (`bombed` → `bomb`, not `bom` by the
//!   `-bbed`-doubling rule of `-bed`).
//!
//! So every (form, XPOS) pair seen in training gets its most frequent training lemma back.
//! The table is stored as sorted tab-separated text (`data/models/dyad-lemmas.tsv`,
//! see [`Lemmatizer::to_tsv`]), which is embedded in the library.

use crate::io::ModelError;
use crate::Token;
use std::collections::BTreeMap;

/// How a word's letters are cased; lemmas are cased by XPOS and shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// No upper-case letter (`attacked`, `1,200`).
    Lower,
    /// Upper-case first letter only (`Rebels`).
    Capital,
    /// Two or more letters, all upper case (`NATO`).
    Upper,
    /// Any other mix (`iPhone`, `McDonald`).
    Mixed,
    /// Digits grouped by commas (`1,200`, `3,500.5`).
    Grouped,
}

impl Shape {
    fn of(w: &str) -> Shape {
        if w.contains(',') && w.contains(|c: char| c.is_ascii_digit()) && w.chars().all(|c| "0123456789,.".contains(c))
        {
            return Shape::Grouped;
        }
        let (mut upper, mut lower, mut first_upper) = (0usize, 0usize, false);
        for (i, c) in w.chars().enumerate() {
            if c.is_uppercase() {
                upper += 1;
                first_upper |= i == 0;
            } else if c.is_lowercase() {
                lower += 1;
            }
        }
        match (upper, lower) {
            (0, _) => Shape::Lower,
            (1, _) if first_upper => Shape::Capital,
            (u, 0) if u >= 2 => Shape::Upper,
            _ => Shape::Mixed,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Shape::Lower => "l",
            Shape::Capital => "c",
            Shape::Upper => "u",
            Shape::Mixed => "m",
            Shape::Grouped => "g",
        }
    }

    fn from_code(s: &str) -> Option<Shape> {
        Some(match s {
            "l" => Shape::Lower,
            "c" => Shape::Capital,
            "u" => Shape::Upper,
            "m" => Shape::Mixed,
            "g" => Shape::Grouped,
            _ => return None,
        })
    }
}

/// What is done to a word's letters before its edit rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Case {
    /// Nothing (`Kabul`).
    #[default]
    Keep,
    /// Lower-case it (`Rebels` → `rebels`).
    Lower,
    /// Drop commas (`1,200` → `1200`).
    Ungroup,
}

impl Case {
    const ALL: [Case; 3] = [Case::Keep, Case::Lower, Case::Ungroup];

    fn apply(self, w: &str) -> String {
        match self {
            Case::Keep => w.to_string(),
            Case::Lower => w.to_lowercase(),
            Case::Ungroup => w.replace(',', ""),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Case::Keep => "keep",
            Case::Lower => "lower",
            Case::Ungroup => "ungroup",
        }
    }

    fn from_name(s: &str) -> Option<Case> {
        Case::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// "Strip `strip` characters from the end, then append `append`".
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Edit {
    strip: usize,
    append: String,
}

impl Edit {
    /// The edit that turns `from` into `to`.
    fn between(from: &str, to: &str) -> Edit {
        let common = from.chars().zip(to.chars()).take_while(|(a, b)| a == b).count();
        Edit { strip: from.chars().count() - common, append: to.chars().skip(common).collect() }
    }

    fn apply(&self, w: &str) -> String {
        let n = w.chars().count();
        if self.strip > n {
            return w.to_string();
        }
        let mut s: String = w.chars().take(n - self.strip).collect();
        s.push_str(&self.append);
        s
    }
}

/// Options for [`Lemmatizer::train`].
#[derive(Clone, Copy, Debug)]
pub struct LemmaOptions {
    /// Longest suffix (in characters) an edit rule is chosen by.
    pub max_suffix: usize,
    /// A suffix chooses a rule only if at least this many training word types end with it.
    pub min_count: u32,
    /// How strongly a suffix's edit counts are smoothed towards the one-shorter suffix's
    /// (TnT's θ; 0 = not at all).
    pub smoothing: f64,
}

impl Default for LemmaOptions {
    fn default() -> Self {
        LemmaOptions { max_suffix: 6, min_count: 1, smoothing: 5.0 }
    }
}

/// A lemmatiser learned from a treebank; see the module documentation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lemmatizer {
    /// (XPOS, shape) → what is done to the word's letters; sorted.
    case: Vec<((String, Shape), Case)>,
    /// (XPOS, lower-cased suffix) → edit; sorted.
    rules: Vec<((String, String), Edit)>,
    /// (form, XPOS) → lemma, where the rules are wrong; sorted.
    words: Vec<((String, String), String)>,
    /// Lower-cased lemmas of open-class words (nouns, verbs, adjectives, adverbs); sorted.
    known: Vec<String>,
}

/// The committed lemma table, when it was present at build time.
#[cfg(dyad_syntax_lemmas)]
static EMBEDDED: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/dyad-lemmas.tsv"));

/// The value of key (`a`, `b`) in a sorted table.
fn find<'a, V>(v: &'a [((String, String), V)], a: &str, b: &str) -> Option<&'a V> {
    v.binary_search_by(|((x, y), _)| (x.as_str(), y.as_str()).cmp(&(a, b))).ok().map(|i| &v[i].1)
}

/// Whether a table's keys are strictly increasing.
fn sorted<K: Ord, V>(v: &[(K, V)]) -> bool {
    v.windows(2).all(|w| w[0].0 < w[1].0)
}

/// The most frequent key of a count table (the smallest on ties).
fn majority<K: Ord + Clone>(counts: &BTreeMap<K, u32>) -> Option<K> {
    let mut best: Option<(&K, u32)> = None;
    for (k, &n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k.clone())
}

impl Lemmatizer {
    /// Learn from the FORM, XPOS and LEMMA columns of gold sentences (words whose
    /// lemma is empty or `_` are left out).
    pub fn train(sents: &[Vec<Token>], opt: LemmaOptions) -> Lemmatizer {
        // Most frequent lemma of every (form, XPOS).
        let mut seen: BTreeMap<(String, String), BTreeMap<String, u32>> = BTreeMap::new();
        for t in sents.iter().flatten() {
            if t.lemma.is_empty() || t.lemma == "_" {
                continue;
            }
            *seen.entry((t.form.clone(), t.xpos.clone())).or_default().entry(t.lemma.clone()).or_default() += 1;
        }
        let gold: BTreeMap<(String, String), String> =
            seen.into_iter().filter_map(|(k, c)| Some((k, majority(&c)?))).collect();
        // Case votes and edit counts, one per word type.
        let mut case: BTreeMap<(String, Shape), BTreeMap<Case, u32>> = BTreeMap::new();
        let mut edits: BTreeMap<(String, String), BTreeMap<Edit, u32>> = BTreeMap::new();
        for ((form, xpos), lemma) in &gold {
            // The treatment that leaves the least to edit (the first of equals).
            let common = |c: Case| c.apply(form).chars().zip(lemma.chars()).take_while(|(x, y)| x == y).count();
            let mut how = Case::Keep;
            for c in Case::ALL {
                if common(c) > common(how) {
                    how = c;
                }
            }
            if Case::ALL.iter().any(|&c| common(c) != common(Case::Keep)) {
                *case.entry((xpos.clone(), Shape::of(form))).or_default().entry(how).or_default() += 1;
            }
            let lower = how.apply(form).to_lowercase();
            let edit = Edit::between(&lower, &lemma.to_lowercase());
            let chars: Vec<char> = lower.chars().collect();
            for k in 0..=opt.max_suffix.min(chars.len()) {
                let suffix: String = chars[chars.len() - k..].iter().collect();
                *edits.entry((xpos.clone(), suffix)).or_default().entry(edit.clone()).or_default() += 1;
            }
        }
        let case = case.into_iter().filter_map(|(k, c)| Some((k, majority(&c)?))).collect();
        // Each suffix's rule: the edit of highest probability given the suffix, smoothed
        // towards the one-shorter suffix's as in TnT (Brants 2000):
        // P(e | s_k) = (count(e, s_k) + θ P(e | s_k-1)) / (count(s_k) + θ).
        let mut best: BTreeMap<(String, String), Edit> = BTreeMap::new();
        for ((xpos, suffix), c) in &edits {
            if !suffix.is_empty() && c.values().sum::<u32>() < opt.min_count {
                continue;
            }
            let chars: Vec<char> = suffix.chars().collect();
            let chain: Vec<&BTreeMap<Edit, u32>> = (0..=chars.len())
                .filter_map(|k| edits.get(&(xpos.clone(), chars[chars.len() - k..].iter().collect())))
                .collect();
            let prob = |e: &Edit| {
                chain.iter().enumerate().fold(0.0, |p, (k, c)| {
                    let (n, ce) = (f64::from(c.values().sum::<u32>()), f64::from(c.get(e).copied().unwrap_or(0)));
                    if k == 0 {
                        ce / n
                    } else {
                        (ce + opt.smoothing * p) / (n + opt.smoothing)
                    }
                })
            };
            let mut candidates: Vec<&Edit> = chain.iter().skip(1).flat_map(|c| c.keys()).collect();
            candidates.extend(majority(chain[0]).as_ref().and_then(|e| chain[0].get_key_value(e)).map(|(e, _)| e));
            candidates.sort();
            candidates.dedup();
            let mut top: Option<(&Edit, f64)> = None;
            for e in candidates {
                let p = prob(e);
                if top.is_none_or(|(_, q)| p > q) {
                    top = Some((e, p));
                }
            }
            if let Some((e, _)) = top {
                best.insert((xpos.clone(), suffix.clone()), e.clone());
            }
        }
        let rules = best
            .iter()
            .filter(|((xpos, suffix), edit)| {
                let parent: String = suffix.chars().skip(1).collect();
                suffix.is_empty() || best.get(&(xpos.clone(), parent)) != Some(edit)
            })
            .map(|(k, e)| (k.clone(), e.clone()))
            .collect();
        let known: std::collections::BTreeSet<String> = sents
            .iter()
            .flatten()
            .filter(|t| ["NOUN", "VERB", "ADJ", "ADV"].contains(&t.upos.as_str()) && t.lemma != "_")
            .map(|t| t.lemma.to_lowercase())
            .collect();
        let mut lem = Lemmatizer { case, rules, words: Vec::new(), known: known.into_iter().collect() };
        // Exceptions: lower-case forms first, as capitalised forms fall back on them.
        for lower_first in [true, false] {
            let mut add = Vec::new();
            for ((form, xpos), lemma) in &gold {
                if (Shape::of(form) == Shape::Lower) == lower_first && lem.lemma(form, xpos) != *lemma {
                    add.push(((form.clone(), xpos.clone()), lemma.clone()));
                }
            }
            lem.words.extend(add);
            lem.words.sort();
        }
        lem
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        if let Some(l) = find(&self.words, form, xpos) {
            return l.clone();
        }
        let shape = Shape::of(form);
        let lower = form.to_lowercase();
        if lower != form {
            if let Some(l) = find(&self.words, &lower, xpos) {
                return l.clone();
            }
        }
        let how = match self.case.binary_search_by(|((x, s), _)| x.as_str().cmp(xpos).then(s.cmp(&shape))) {
            Ok(i) => self.case[i].1,
            Err(_) => Case::Keep,
        };
        let base = how.apply(form);
        let chars: Vec<char> = base.to_lowercase().chars().collect();
        // The rules of the suffixes from longest to shortest: the first whose result is a
        // known lemma, else the first.
        let mut suffix = String::new();
        let mut first = None;
        for k in (0..=chars.len().min(LONGEST_SUFFIX)).rev() {
            suffix.clear();
            suffix.extend(&chars[chars.len() - k..]);
            if let Some(edit) = find(&self.rules, xpos, &suffix) {
                let lemma = edit.apply(&base);
                if self.known.binary_search_by(|l| l.as_str().cmp(&lemma.to_lowercase())).is_ok() {
                    return lemma;
                }
                first.get_or_insert(lemma);
            }
        }
        first.unwrap_or(base)
    }

    /// Number of case decisions, edit rules and listed words.
    pub fn size(&self) -> (usize, usize, usize) {
        (self.case.len(), self.rules.len(), self.words.len())
    }

    /// The table as sorted tab-separated text, one entry a line:
    /// `case XPOS SHAPE keep|lower|ungroup`, `rule XPOS SUFFIX STRIP APPEND`, `word FORM XPOS LEMMA`,
    /// `known LEMMA`
    /// (shapes: `l`ower, `c`apitalised, `u`pper, `m`ixed, `g`rouped digits). Lines starting
    /// with `#` are comments.
    pub fn to_tsv(&self) -> String {
        let mut s = String::from(
            "# dyad-syntax lemmatiser, learned from UD English-EWT train (CC BY-SA 4.0) by\n\
             # dyad-syntax-train --lemmas-only; see crates/dyad-syntax/src/lemma.rs.\n",
        );
        for ((xpos, shape), how) in &self.case {
            s += &format!("case\t{xpos}\t{}\t{}\n", shape.code(), how.name());
        }
        for ((xpos, suffix), e) in &self.rules {
            s += &format!("rule\t{xpos}\t{suffix}\t{}\t{}\n", e.strip, e.append);
        }
        for ((form, xpos), lemma) in &self.words {
            s += &format!("word\t{form}\t{xpos}\t{lemma}\n");
        }
        for lemma in &self.known {
            s += &format!("known\t{lemma}\n");
        }
        s
    }

    /// Read the text written by [`Lemmatizer::to_tsv`]. Never panics.
    pub fn from_tsv(text: &str) -> Result<Lemmatizer, ModelError> {
        let mut lem = Lemmatizer::default();
        for line in text.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            match f.as_slice() {
                ["case", xpos, shape, how] => {
                    let shape = Shape::from_code(shape).ok_or(ModelError::Corrupt("lemma case shape"))?;
                    let how = Case::from_name(how).ok_or(ModelError::Corrupt("lemma case"))?;
                    lem.case.push(((xpos.to_string(), shape), how));
                }
                ["rule", xpos, suffix, strip, append] => {
                    let strip = strip.parse().map_err(|_| ModelError::Corrupt("lemma rule strip"))?;
                    lem.rules
                        .push(((xpos.to_string(), suffix.to_string()), Edit { strip, append: append.to_string() }));
                }
                ["word", form, xpos, lemma] => {
                    lem.words.push(((form.to_string(), xpos.to_string()), lemma.to_string()));
                }
                ["known", lemma] => lem.known.push(lemma.to_string()),
                _ => return Err(ModelError::Corrupt("lemma table line")),
            }
        }
        if !sorted(&lem.case)
            || !sorted(&lem.rules)
            || !sorted(&lem.words)
            || !lem.known.windows(2).all(|w| w[0] < w[1])
        {
            return Err(ModelError::Corrupt("lemma table not sorted"));
        }
        Ok(lem)
    }

    /// The table committed under `data/models/`, compiled into the library; an empty
    /// lemmatiser (every lemma is the word itself) if the file was absent at build time.
    pub fn embedded() -> Result<Lemmatizer, ModelError> {
        #[cfg(dyad_syntax_lemmas)]
        {
            Lemmatizer::from_tsv(EMBEDDED)
        }
        #[cfg(not(dyad_syntax_lemmas))]
        {
            Ok(Lemmatizer::default())
        }
    }
}

/// Longest suffix looked up at run time (rules are never longer than training's `max_suffix`).
const LONGEST_SUFFIX: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_conllu;

    fn tiny() -> Lemmatizer {
        let sents = read_conllu(include_str!("../tests/fixtures/tiny.conllu"));
        Lemmatizer::train(&sents, LemmaOptions { max_suffix: 6, min_count: 1, smoothing: 0.0 })
    }

    #[test]
    fn seen_words_get_their_training_lemma() {
        let lem = tiny();
        for (form, xpos, lemma) in [
            ("Rebels", "NNS", "rebel"),
            ("attacked", "VBD", "attack"),
            ("Kabul", "NNP", "Kabul"),
            ("n't", "RB", "not"),
            ("They", "PRP", "they"),
            ("met", "VBD", "meet"),
        ] {
            assert_eq!(lem.lemma(form, xpos), lemma, "{form} {xpos}");
        }
    }

    #[test]
    fn unseen_words_follow_rules_of_their_tag() {
        let lem = tiny();
        // Plural nouns drop the `s` and are lower-cased, past tenses drop `ed`,
        // proper nouns keep their case, a tag never seen leaves the word as it is.
        assert_eq!(lem.lemma("Protesters", "NNS"), "protester");
        assert_eq!(lem.lemma("shelled", "VBD"), "shell");
        assert_eq!(lem.lemma("Hanoi", "NNP"), "Hanoi");
        assert_eq!(lem.lemma("Swiftly", "RBR"), "Swiftly");
    }

    #[test]
    fn tsv_roundtrip_and_bad_input() {
        let lem = tiny();
        let text = lem.to_tsv();
        assert_eq!(Lemmatizer::from_tsv(&text).unwrap(), lem);
        assert!(lem.size().0 > 0 && lem.size().1 > 0);
        assert!(Lemmatizer::from_tsv("word\tonly-two\tfields\n").is_err());
        assert!(Lemmatizer::from_tsv("rule\tNNS\ts\tmany\t\n").is_err());
        assert!(Lemmatizer::from_tsv("word\tb\tNN\tb\nword\ta\tNN\ta\n").is_err());
        assert_eq!(Lemmatizer::from_tsv("# nothing\n").unwrap().lemma("Was", "VBD"), "Was");
    }

    #[test]
    fn edits() {
        assert_eq!(Edit::between("studies", "study"), Edit { strip: 3, append: "y".into() });
        assert_eq!(Edit::between("studies", "study").apply("Studies"), "Study");
        assert_eq!(Edit { strip: 9, append: "x".into() }.apply("ab"), "ab");
        assert_eq!(Shape::of("Rebels"), Shape::Capital);
        assert_eq!(Shape::of("NATO"), Shape::Upper);
        assert_eq!(Shape::of("iPhone"), Shape::Mixed);
        assert_eq!(Shape::of("1,200"), Shape::Grouped);
        assert_eq!(Shape::of("12"), Shape::Lower);
        assert_eq!(Shape::of("I"), Shape::Capital);
    }
}
