//! Actors beyond the gazetteer, found once the tagger has read the sentence:
//!
//! - rule `actor:agent-noun`: nouns for people who act ("police", "the Supreme Court",
//!   "protesters", "lawmakers", from `data/agents.tsv`) when no state or body is named with them;
//! - rule `actor:unlisted-name`: proper names in no list ("Acme Mining", "the ACLU", "Maria
//!   Lopez").
//!
//! Each is kept with its text, a kind, and an id that is the folded words, so that it can be
//! queried and counted. Named actors still come first: the coder gives a role to an actor in no
//! list only where no named one can take it (`events::prefer_named`).

mod agent_nouns;
mod names;
mod noun_phrases;

pub(super) use agent_nouns::name_start;
pub use noun_phrases::noun_phrase_actors;

use super::{How, Memory, Mention, Recognized};
use crate::lexicon::Lexicon;
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;
use agent_nouns::agent_noun_actors;
use names::unlisted_names;

/// The actors in no list of one tagged sentence: agent nouns the tagger reads as nouns, and
/// runs of proper nouns no other rule took. `upos` holds each token's universal tag; `country`
/// is the sentence's state ([`sentence_state`]).
///
/// Examples (each a sentence of its own):
/// - "Police arrested two men in the capital." → "Police" (COP), "two men" is no name;
/// - "A court ruling freed him." → none ("court" modifies "ruling");
/// - "Acme Mining sued the Nordland Post." → "Acme Mining", "Nordland Post";
/// - "Greek police detained him." → none here: "Greek police" is Greece's police, a named actor;
/// - "Egyptian police dispersed the demonstrators." → "demonstrators", of Egypt.
#[allow(clippy::too_many_arguments)] // the sentence's annotations, passed rather than bundled
pub fn actors_in_no_list(
    lexicon: &Lexicon,
    memory: &Memory,
    text: &str,
    tokens: &[Token],
    upos: &[&str],
    recognized: &Recognized,
    country: Option<&str>,
    is_title: bool,
) -> Vec<Mention> {
    let mut taken: Vec<(usize, usize)> = recognized.mentions.iter().map(|m| (m.start, m.end)).collect();
    taken.extend(recognized.places.iter().map(|p| (p.start, p.end)));
    taken.extend(recognized.asides.iter().copied());
    let mut out = agent_noun_actors(text, tokens, upos, recognized, country, &mut taken);
    // A headline in title case ("Acme Wins Appeal") writes every word as a name.
    let title_case = is_title && {
        // A headline in sentence case writes some longer word in lower case ("sued").
        !tokens.iter().any(|t| !t.capital && t.norm.len() > 3 && t.norm.chars().all(char::is_alphabetic))
    };
    if !title_case {
        out.extend(unlisted_names(lexicon, memory, text, tokens, upos, recognized, &taken, country));
    }
    out
}

/// Whether an actor was found by a rule of this module rather than in a list (or by reference
/// to one).
pub fn in_no_list(actor: &Actor) -> bool {
    let how = actor.how.as_deref();
    [How::AgentNoun, How::UnlistedName, How::NounPhrase].iter().any(|h| how == Some(h.name()))
}

/// Whether the words before token `at` make what follows a place: "in Samarra", "near the
/// border", "at the Friendship Bridge" (a determiner may stand between).
fn after_place_word(tokens: &[Token], at: usize) -> bool {
    let mut i = at;
    while i > 0 && matches!(tokens[i - 1].norm.as_str(), "the" | "a" | "an") {
        i -= 1;
    }
    i > 0 && PLACE_WORDS.contains(&tokens[i - 1].norm.as_str())
}

/// Whether a possessive pronoun owns the noun at `at` ("his government", "their army"): it
/// refers to someone named elsewhere, not to a body of its own.
fn owned(tokens: &[Token], at: usize) -> bool {
    at > 0 && matches!(tokens[at - 1].norm.as_str(), "his" | "her" | "its" | "their" | "our" | "my" | "your")
}

/// Prepositions after which a name or noun is where something happened.
const PLACE_WORDS: &[&str] =
    &["in", "at", "near", "outside", "inside", "across", "around", "throughout", "into", "within", "toward", "towards"];

/// Rule `actor:agent-noun-state`: the one state a sentence names (as an actor or a place), else,
/// when it names none, the state the article is about. People and bodies named by a noun, names
/// in no list and titled persons of no list belong to it ("Egyptian police fired on
/// demonstrators": Egypt's).
pub fn sentence_state(recognized: &Recognized, memory: &Memory) -> Option<String> {
    let mut states: Vec<&str> = recognized.mentions.iter().filter_map(|m| m.actor.country.as_deref()).collect();
    states.extend(recognized.places.iter().map(|p| p.country.as_str()));
    states.sort_unstable();
    states.dedup();
    match states.as_slice() {
        [one] => Some(one.to_string()),
        [] => memory.home.clone(),
        _ => None,
    }
}

/// An actor in no list: its id the folded words as written, its country the one the sentence
/// or article gives ([`actors_in_no_list`]).
pub(super) fn unlisted_actor(written: &str, kind: ActorKind, cameo: String, country: Option<&str>) -> Actor {
    Actor {
        id: crate::text::fold(written).to_lowercase(),
        name: written.to_string(),
        kind,
        country: country.map(str::to_string),
        org: None,
        sector: None,
        cameo,
        person: None,
        role: None,
        text: written.to_string(),
        aliases: Vec::new(),
        how: None,
    }
}

/// Capitalised words that begin a sentence or name a date rather than an actor.
const NOT_NAME_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "on",
    "in",
    "at",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
    "jan",
    "jan.",
    "feb",
    "feb.",
    "mar.",
    "apr",
    "apr.",
    "jun.",
    "jul.",
    "aug",
    "aug.",
    "sep",
    "sep.",
    "sept",
    "sept.",
    "oct",
    "oct.",
    "nov",
    "nov.",
    "dec",
    "dec.",
    "mon.",
    "tue.",
    "tues.",
    "wed.",
    "thu.",
    "thur.",
    "thurs.",
    "fri.",
    "sat.",
    "sun.",
];
