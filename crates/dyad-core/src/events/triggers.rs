//! Which words of a sentence are an event: the verb patterns of `data/patterns.tsv` (curated)
//! and PETRARCH2's verb dictionary, matched against the tokens, the tagger deciding verb from noun
//! where it ran and rules of context where it did not.

use super::{Trigger, PREPOSITIONS};
use crate::lexicon::{Lexicon, WordElement};
use crate::sentences::Token;

const MAX_GAP: usize = 6;

/// Finds the verb patterns of a sentence, the most specific match winning where two overlap.
///
/// `after_actor[i]` says whether token `i` directly follows an actor's name, where a word that
/// is usually a noun ("attacks") can still be a verb.
///
/// `upos`, when the sentence was tagged, holds each token's universal part of speech: a verb
/// element then matches only a word tagged VERB.
pub fn find_triggers(
    lexicon: &Lexicon,
    tokens: &[Token],
    after_actor: &[bool],
    upos: Option<&[String]>,
) -> Vec<Trigger> {
    find_triggers_with(lexicon, tokens, &SentenceWords::new(lexicon, tokens), after_actor, upos)
}

/// A sentence's words as numbers of the patterns' vocabulary ([`crate::lexicon::PatternWords`]), and the verb
/// lemmas each is a form of: looked up once per word rather than once per pattern.
pub struct SentenceWords<'l> {
    ids: Vec<u32>,
    lemmas: Vec<&'l [u32]>,
}

impl<'l> SentenceWords<'l> {
    /// Looks up the words of `tokens`.
    pub fn new(lexicon: &'l Lexicon, tokens: &[Token]) -> SentenceWords<'l> {
        let words = &lexicon.pattern_words;
        let ids: Vec<u32> = tokens.iter().map(|t| words.id(&t.norm)).collect();
        let lemmas = ids.iter().map(|&id| words.lemmas.get(id as usize).map_or(&[][..], Vec::as_slice)).collect();
        SentenceWords { ids, lemmas }
    }
}

/// [`find_triggers`] with the sentence's words ([`SentenceWords`]) already looked up.
pub fn find_triggers_with(
    lexicon: &Lexicon,
    tokens: &[Token],
    words: &SentenceWords,
    after_actor: &[bool],
    upos: Option<&[String]>,
) -> Vec<Trigger> {
    let mut found = Vec::new();
    let cx = Context { lexicon, tokens, after_actor, upos, words, permissive: false };
    for start in 0..tokens.len() {
        // The most specific pattern that matches here (the index lists those first).
        let best = cx.starting_at(start).iter().find_map(|&id| {
            let pattern = &lexicon.patterns[id];
            match_at(&cx, id, start).map(|(end, head)| Trigger {
                pattern: id,
                start,
                end,
                head,
                score: pattern.specificity(),
            })
        });
        found.extend(best);
    }
    // Overlapping matches: keep the most specific (then the earliest).
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
    let mut taken = vec![false; tokens.len()];
    let mut kept = Vec::new();
    for trigger in found {
        let anchors = [trigger.start, trigger.head, trigger.end.saturating_sub(1)];
        if anchors.iter().any(|&i| taken.get(i).copied().unwrap_or(false)) {
            continue;
        }
        for &i in &anchors {
            if let Some(t) = taken.get_mut(i) {
                *t = true;
            }
        }
        kept.push(trigger);
    }
    // A curated pattern of type NONE names a phrase that is no event ("take over the rotating
    // presidency"): it has claimed its words from the verb patterns it overlaps, and goes.
    kept.retain(|t| lexicon.patterns[t.pattern].event_type.is_some());
    kept.sort_by_key(|t| t.start);
    kept
}

/// Matches pattern `id` whose first word is at `start`: the end token and the head token.
fn match_at(cx: &Context, id: usize, start: usize) -> Option<(usize, usize)> {
    let elements = &cx.lexicon.pattern_words.elements[id];
    let first = elements.iter().position(|e| *e != WordElement::Gap).unwrap_or(elements.len());
    let mut head = None;
    // The index lists a pattern under exactly the words its first element matches.
    let end = match_from(cx, &elements[first..], start, &mut head, true)?;
    Some((end, head.unwrap_or(start)))
}

fn matches_token(cx: &Context, element: &WordElement, at: usize) -> bool {
    let word = cx.words.ids[at];
    match element {
        WordElement::Verb(lemmas) => lemmas.iter().any(|lemma| word == *lemma || cx.words.lemmas[at].contains(lemma)),
        WordElement::Words(words) => words.contains(&word),
        WordElement::Gap => true,
    }
}

/// What matching needs besides the pattern.
struct Context<'a> {
    lexicon: &'a Lexicon,
    tokens: &'a [Token],
    after_actor: &'a [bool],
    upos: Option<&'a [String]>,
    /// The sentence's words as numbers, and their verb lemmas.
    words: &'a SentenceWords<'a>,
    /// Whether any form of a verb lemma counts as a verb, whatever its part of speech.
    permissive: bool,
}

impl Context<'_> {
    /// The patterns that can start at token `at`, the most specific first.
    fn starting_at(&self, at: usize) -> &[usize] {
        let starts = &self.lexicon.pattern_words.starts;
        starts.get(self.words.ids[at] as usize).map_or(&[], Vec::as_slice)
    }
}

/// Whether some verb pattern could match the sentence if every form of a verb were a verb: when
/// none can, tagging it cannot give a trigger.
pub fn may_trigger(lexicon: &Lexicon, tokens: &[Token], words: &SentenceWords) -> bool {
    let cx = Context { lexicon, tokens, after_actor: &[], upos: None, words, permissive: true };
    // A phrase that is no event cannot give a trigger either.
    (0..tokens.len()).any(|start| {
        cx.starting_at(start)
            .iter()
            .any(|&id| match_at(&cx, id, start).is_some() && lexicon.patterns[id].event_type.is_some())
    })
}

/// Matches `elements` from token `at`: the end token. `known` says the first element's words
/// are known to match there.
fn match_from(
    cx: &Context,
    elements: &[WordElement],
    at: usize,
    head: &mut Option<usize>,
    known: bool,
) -> Option<usize> {
    let (lexicon, tokens) = (cx.lexicon, cx.tokens);
    let Some((first, rest)) = elements.split_first() else { return Some(at) };
    if let WordElement::Gap = first {
        for skip in 0..=MAX_GAP {
            let i = at + skip;
            if i > tokens.len() {
                break;
            }
            if skip > 0 && matches!(tokens[i - 1].norm.as_str(), "." | ";" | ":" | "\"") {
                break;
            }
            if let Some(end) = match_from(cx, rest, i, head, false) {
                return Some(end);
            }
        }
        return None;
    }
    if at >= tokens.len() || (!known && !matches_token(cx, first, at)) {
        return None;
    }
    // The tagger decides between verb and noun; its participle-or-adjective doubts ("coordinated",
    // "lent") go to the context rules, which also decide when there is no tagger.
    let by_context = || verb_like(lexicon, tokens, at, cx.after_actor.get(at).copied().unwrap_or(false));
    let is_verb = || {
        cx.permissive
            || match cx.upos.and_then(|tags| tags.get(at)).map(String::as_str) {
                Some("VERB") => !(at > 0 && tokens[at].capital),
                Some("ADJ") | Some("AUX") | Some("X") => by_context(),
                // Right after a name, a word that is seldom a noun is a verb the tagger missed:
                // "The Palestinians reject".
                Some("NOUN")
                    if cx.after_actor.get(at).copied().unwrap_or(false)
                        && !lexicon.noun_forms.contains(tokens[at].norm.as_str()) =>
                {
                    by_context()
                }
                Some(_) => false,
                None => by_context(),
            }
    };
    if matches!(first, WordElement::Verb(_)) && !is_verb() {
        return None;
    }
    let end = match_from(cx, rest, at + 1, head, false)?;
    if matches!(first, WordElement::Verb(_)) && head.is_none() {
        *head = Some(at);
    }
    Some(end)
}

/// Words after which a verb cannot stand (it is a noun there: "the combat", "its targets").
const NOUN_CONTEXT: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "this",
    "these",
    "those",
    "'s",
    "'",
    "of",
    "in",
    "on",
    "at",
    "with",
    "from",
    "into",
    "any",
    "some",
    "many",
    "more",
    "most",
    "such",
    "each",
    "every",
    "no",
    "new",
    "further",
    "covid-19",
    "international",
    "national",
    "regional",
    "bilateral",
    "multilateral",
    "mutual",
    "joint",
    "recent",
];

/// Words after which a usually-nominal form is a verb: "to attack", "they attack", "will arrest".
const VERB_OPENERS: &[&str] = &[
    "to",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "must",
    "shall",
    "should",
    "not",
    "n't",
    "also",
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "who",
    "which",
    "that",
    "and",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "jointly",
    "again",
    "repeatedly",
    "reportedly",
    "then",
    "later",
    "formally",
    "today",
    "yesterday",
];

/// Whether the token at `i` can be a verb here.
fn verb_like(lexicon: &Lexicon, tokens: &[Token], i: usize, after_actor: bool) -> bool {
    let prev = if i == 0 { "" } else { tokens[i - 1].norm.as_str() };
    let word = tokens[i].norm.as_str();
    // Words that are usually nouns are verbs only after a subject, a modal or "to".
    if lexicon.noun_forms.contains(word) && !after_actor && !VERB_OPENERS.contains(&prev) {
        return false;
    }
    // A gerund after a preposition is a verb: "in sharing information", "for backing".
    let gerund_after_preposition = word.ends_with("ing") && PREPOSITIONS.contains(&prev);
    // A capitalised word inside a sentence is part of a name: "Trade Cabinet Secretary".
    let in_name = i > 0 && tokens[i].capital && !matches!(prev, "\"" | "'" | ":" | "(");
    !in_name && (!NOUN_CONTEXT.contains(&prev) || gerund_after_preposition)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn a_pattern_is_indexed_under_exactly_words_its_first_element_matches() {
        // `match_at` does not check the first element at the word the index found it under.
        let lexicon = Lexicon::embedded().expect("the embedded lexicons load");
        let mut checked = 0;
        for (word, ids) in &lexicon.pattern_index {
            let tokens = [Token { span: Span::new(0, word.len()), norm: word.clone(), capital: false }];
            let words = SentenceWords::new(&lexicon, &tokens);
            let cx = Context {
                lexicon: &lexicon,
                tokens: &tokens,
                after_actor: &[],
                upos: None,
                words: &words,
                permissive: true,
            };
            for &id in ids {
                let elements = &lexicon.pattern_words.elements[id];
                let first = elements.iter().find(|e| **e != WordElement::Gap).expect("a pattern has a word");
                assert!(matches_token(&cx, first, 0), "{word:?} does not start {:?}", lexicon.patterns[id].text);
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}
