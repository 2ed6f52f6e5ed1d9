//! Which proper names in no list are actors (rule `actor:unlisted-name`): "Acme Mining", "the
//! ACLU", "Maria Lopez", read as names by the tagger, but not a common word with a capital
//! ("According"), a storm ("Typhoon Yagi") or the rest of a longer name.

use super::{after_place_word, unlisted_actor, NOT_NAME_WORDS};
use crate::actors::{How, Memory, Mention, Recognized};
use crate::lexicon::Lexicon;
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;

/// The runs of proper nouns of a tagged sentence that no other rule took and that are actors:
/// "Acme Mining sued the Nordland Post." → "Acme Mining", "Nordland Post".
#[allow(clippy::too_many_arguments)] // the sentence's annotations, passed rather than bundled
pub(super) fn unlisted_names(
    lexicon: &Lexicon,
    memory: &Memory,
    text: &str,
    tokens: &[Token],
    upos: &[&str],
    recognized: &Recognized,
    taken: &[(usize, usize)],
    country: Option<&str>,
) -> Vec<Mention> {
    let mut out = Vec::new();
    for (start, end) in name_runs(text, tokens, upos, taken) {
        let words = &tokens[start..end];
        // Part of a listed name the gazetteer rules left aside ("Lao" before a title), a
        // person the article named ("Kim" for "Kim Jong-un"), or a common word written
        // with a capital ("According", "North").
        let listed = recognized.listed[start..end].iter().any(|l| *l);
        let known_person = words.iter().any(|t| memory.knows_person(&t.norm));
        let common = words.len() == 1
            && (lexicon.verb_forms.contains_key(&words[0].norm)
                || lexicon.noun_forms.contains(&words[0].norm)
                || COMMON_CAPITALISED.contains(&words[0].norm.as_str()));
        // The rest of a longer name ("Ministry of Public Security", "Procedures for
        // Notification, Prior Consultation"), a relation between states ("Vietnam-France"),
        // a storm ("Typhoon Yagi"), or a body named earlier by its common noun ("the
        // Committee").
        let continues = start >= 2
            && matches!(tokens[start - 1].norm.as_str(), "of" | "for" | "and" | "&" | ",")
            && tokens[start - 2].capital;
        let relation = words.len() == 1
            && words[0].norm.contains('-')
            && words[0].span.slice(text).split('-').all(|p| p.starts_with(char::is_uppercase));
        let storm = NOT_ACTOR_HEADS.contains(&words[0].norm.as_str());
        let body_noun = words.len() == 1 && BODY_NOUNS.contains(&words[0].norm.as_str());
        if listed
            || known_person
            || common
            || after_place_word(tokens, start)
            || continues
            || relation
            || storm
            || body_noun
        {
            continue;
        }
        let written = &text[tokens[start].span.start..tokens[end - 1].span.end];
        out.push(Mention {
            start,
            end,
            actor: name_actor(written, country),
            how: How::UnlistedName,
            partner: None,
            group: false,
        });
    }
    out
}

/// A name in no list, of unknown kind (`other`: a company, paper, party, group or person); its
/// CAMEO code is its state's, when known.
fn name_actor(written: &str, country: Option<&str>) -> Actor {
    unlisted_actor(written, ActorKind::Other, country.unwrap_or("").to_string(), country)
}

/// Runs of proper nouns outside what is taken: capitalised words the tagger reads as names.
fn name_runs(text: &str, tokens: &[Token], upos: &[&str], taken: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let name_word = |i: usize| {
        upos.get(i) == Some(&"PROPN")
            && tokens[i].capital
            && !taken.iter().any(|(s, e)| *s <= i && i < *e)
            && tokens[i].span.slice(text).chars().next().is_some_and(char::is_alphanumeric)
            && !NOT_NAME_WORDS.contains(&tokens[i].norm.as_str())
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !name_word(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < tokens.len() && name_word(i) {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// Words written with a capital at a sentence's start or in headings that name no actor.
const COMMON_CAPITALISED: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "according",
    "however",
    "meanwhile",
    "also",
    "earlier",
    "later",
    "today",
    "yesterday",
    "tomorrow",
    "procedures",
    "article",
    "section",
    "chapter",
    "part",
    "annex",
    "state",
    "states",
    "internet",
    "covid-19",
    "god",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
];

/// First words of names that are no actors: storms and other events.
const NOT_ACTOR_HEADS: &[&str] =
    &["typhoon", "storm", "hurricane", "cyclone", "tropical", "operation", "covid", "world", "day"];

/// Common nouns for bodies that, written alone with a capital, mean one named before.
const BODY_NOUNS: &[&str] = &[
    "committee",
    "council",
    "commission",
    "ministry",
    "department",
    "agency",
    "court",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "government",
    "party",
    "union",
    "association",
    "group",
    "company",
    "corporation",
    "bank",
    "secretariat",
    "office",
    "board",
    "authority",
    "embassy",
    "mission",
    "delegation",
    "federation",
    "society",
    "organisation",
    "organization",
    "fund",
    "programme",
    "program",
    "forum",
    "conference",
    "summit",
];
