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

use super::{How, Memory, Mention, Recognized};
use crate::events::Dep;
use crate::lexicon::Lexicon;
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;

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
    let free = |taken: &[(usize, usize)], s: usize, e: usize| !taken.iter().any(|(a, b)| *a < e && s < *b);
    let mut out = Vec::new();
    for (start, end, sector) in &recognized.agent_nouns {
        let (start, end) = (*start, *end);
        // The tagger's doubts on a capitalised first word ("Police arrested") are no verdict;
        // an adjective or verb reading is ("military aid", "police the border").
        let noun = !matches!(upos.get(end - 1).copied(), Some("ADJ" | "VERB" | "AUX" | "ADP" | "DET" | "PRON"));
        // "court ruling", "police station": the noun after it is what is meant.
        let modifies = matches!(upos.get(end).copied(), Some("NOUN" | "PROPN")) && !tokens[end].capital;
        // "Israeli intelligence officials", "the UN war crimes court": a named actor in the same
        // noun phrase, right before, stands for them.
        let modifiers =
            |from: usize| (from..start).all(|i| matches!(upos.get(i).copied(), Some("NOUN" | "ADJ" | "PROPN")));
        let after_named = recognized.mentions.iter().any(|m| m.end <= start && m.end + 3 >= start && modifiers(m.end));
        // "the ministers", "officials": people the article named, not a body of their own.
        let referring = crate::actors::is_referring_noun(tokens[end - 1].norm.trim_end_matches('s'));
        if !noun
            || modifies
            || after_named
            || referring
            || after_place_word(tokens, start)
            || owned(tokens, start)
            || !free(&taken, start, end)
        {
            continue;
        }
        let written = &text[tokens[start].span.start..tokens[end - 1].span.end];
        let actor = agent_actor(sector, written, country);
        out.push(Mention { start, end, actor, how: How::AgentNoun, partner: None, group: false });
        taken.push((start, end));
    }
    // A headline in title case ("Acme Wins Appeal") writes every word as a name.
    let title_case = is_title && {
        // A headline in sentence case writes some longer word in lower case ("sued").
        !tokens.iter().any(|t| !t.capital && t.norm.len() > 3 && t.norm.chars().all(char::is_alphabetic))
    };
    if !title_case {
        for (start, end) in name_runs(text, tokens, upos, &taken) {
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
    }
    out
}

/// Whether an actor was found by a rule of this module rather than in a list (or by reference
/// to one).
pub fn in_no_list(actor: &Actor) -> bool {
    let how = actor.how.as_deref();
    [How::AgentNoun, How::UnlistedName, How::NounPhrase].iter().any(|h| how == Some(h.name()))
}

/// Rule `actor:noun-phrase`: the subject (or passive agent, "by ...") of a trigger's verb is an
/// actor even when no list knows it and it is no agent noun: "The Transport Department launched
/// a probe", "A group of asylum seekers went on strike", "Nearly 70 countries agreed". The
/// phrase is the head noun with its compounds, flat names, adjectives, numbers, possessor
/// ("the Senate leader's aide") and proper-name complements ("Bank of Nova Scotia"); leading
/// determiners are left out. Heads that name a time or a document are no actors, and
/// neither are pronouns (references resolve those).
///
/// `deps` holds each token's head (1-based, 0 for the root) and relation; `taken` the actors
/// already found (and what else no actor may overlap); `places` the places named, which may
/// modify the phrase ("the Dubai ruler": of the place's state); `country` the sentence's state.
#[allow(clippy::too_many_arguments)] // the sentence's annotations, passed rather than bundled
pub fn noun_phrase_actors(
    text: &str,
    tokens: &[Token],
    upos: &[String],
    deps: &[Dep],
    heads: &[usize],
    taken: &[(usize, usize)],
    places: &[super::Place],
    country: Option<&str>,
) -> Vec<Mention> {
    let children = |parent: usize| (0..deps.len()).filter(move |&i| deps[i].head == parent + 1);
    let mut out: Vec<Mention> = Vec::new();
    for &verb in heads {
        for i in children(verb) {
            let relation = deps[i].deprel.as_str();
            let by_agent = relation == "obl" && children(i).any(|c| deps[c].deprel == "case" && tokens[c].norm == "by");
            if !(relation == "nsubj" || relation == "nsubj:pass" || by_agent) {
                continue;
            }
            let word = tokens[i].norm.as_str();
            if !matches!(upos.get(i).map(String::as_str), Some("NOUN" | "PROPN"))
                || NOT_ACTOR_NOUNS.contains(&word)
                || EVENT_NOUNS.contains(&word)
                || crate::actors::is_referring_noun(word.trim_end_matches('s'))
            {
                continue;
            }
            // "A group of Moroccan diplomats", "the first deployment of NATO troops", "Bosnian
            // Serbs": an actor named inside the phrase is the one who acts.
            let holds_actor = (0..tokens.len())
                .filter(|&j| j != i && descends(deps, j, i))
                .any(|j| taken.iter().any(|(s, e)| *s <= j && j < *e));
            let (start, end) = phrase(tokens, deps, i);
            let overlaps = |(s, e): (usize, usize)| s < end && start < e;
            // A word in parentheses glosses another: "the Umma (Nation) party".
            let glossed = start > 0 && tokens[start - 1].norm == "(";
            // "their forces", "its army": someone named elsewhere, as for agent nouns.
            let owned = children(i).any(|c| deps[c].deprel == "nmod:poss" && upos.get(c).is_some_and(|u| u == "PRON"));
            // Who acts is named (a capitalised word past the sentence's first), many ("70
            // countries", "strikers") or one who does something ("commander", "negotiator"):
            // "the gift demonstrates", "the deal allows" name no actor.
            let named = (start..end).any(|j| j > 0 && tokens[j].capital);
            let agentive = |w: &str| {
                (w.ends_with('s') && !w.ends_with("ss"))
                    || (["er", "or", "ist", "ian", "ant", "ent"].iter().any(|x| w.ends_with(x)) && !w.ends_with("ment"))
            };
            if !(named || agentive(word)) {
                continue;
            }
            if holds_actor
                || glossed
                || owned
                || taken.iter().copied().any(overlaps)
                || out.iter().any(|m| overlaps((m.start, m.end)))
            {
                continue;
            }
            let written = &text[tokens[start].span.start..tokens[end - 1].span.end];
            let country =
                places.iter().find(|p| start <= p.start && p.end <= end).map(|p| p.country.as_str()).or(country);
            let cameo = country.unwrap_or("").to_string();
            out.push(Mention {
                start,
                end,
                // Found after `how` is written on the sentence's other actors, so written here.
                actor: Actor {
                    how: Some(How::NounPhrase.name().into()),
                    ..unlisted_actor(written, ActorKind::Other, cameo, country)
                },
                how: How::NounPhrase,
                partner: None,
                group: false,
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// The tokens `(start, end)` of the noun phrase headed by token `head`: the head and what
/// modifies it as part of its name (see [`noun_phrase_actors`]), as one run of tokens.
fn phrase(tokens: &[Token], deps: &[Dep], head: usize) -> (usize, usize) {
    let mut inside = vec![false; tokens.len()];
    inside[head] = true;
    // Parents come before children in no fixed order: repeat until nothing joins.
    let mut grew = true;
    while grew {
        grew = false;
        for i in 0..deps.len() {
            let Some(parent) = deps[i].head.checked_sub(1) else { continue };
            if inside[i] || parent >= tokens.len() || !inside[parent] {
                continue;
            }
            let joins = match deps[i].deprel.as_str() {
                "compound" | "flat" | "amod" | "nummod" | "nmod:poss" => true,
                // The possessive mark, and the preposition and article inside a name.
                "case" => matches!(tokens[i].norm.as_str(), "'s" | "'" | "of" | "for") && parent != head,
                "det" => parent != head,
                // A proper-name complement: "Department of Transportation".
                "nmod" => tokens[i].capital && parent == head,
                _ => false,
            };
            if joins {
                inside[i] = true;
                grew = true;
            }
        }
    }
    let (mut start, mut end) = (head, head + 1);
    while start > 0 && inside[start - 1] {
        start -= 1;
    }
    while end < tokens.len() && inside[end] {
        end += 1;
    }
    (start, end)
}

/// Whether token `j` lies in the subtree of token `head` (heads 1-based in `deps`).
fn descends(deps: &[Dep], j: usize, head: usize) -> bool {
    let mut at = j;
    for _ in 0..deps.len() {
        match deps[at].head.checked_sub(1) {
            Some(parent) if parent == head => return true,
            Some(parent) if parent < deps.len() => at = parent,
            _ => return false,
        }
    }
    false
}

/// Heads of subjects that are what happened or what struck, not who acted: "a roadside bombing
/// near Samarra killed ...", "the blast wounded ...". The place's state stands for the actor.
const EVENT_NOUNS: &[&str] = &[
    "accident",
    "attack",
    "attacks",
    "blast",
    "blasts",
    "bomb",
    "bombs",
    "bombing",
    "bombings",
    "clash",
    "clashes",
    "crash",
    "disease",
    "earthquake",
    "explosion",
    "explosions",
    "fighting",
    "fire",
    "flood",
    "floods",
    "missile",
    "missiles",
    "mine",
    "mines",
    "raid",
    "raids",
    "rocket",
    "rockets",
    "shell",
    "shells",
    "shelling",
    "storm",
    "strike",
    "strikes",
    "violence",
    "virus",
    "war",
];

/// Heads of subjects that name no actor: times, documents, amounts.
const NOT_ACTOR_NOUNS: &[&str] = &[
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "time",
    "times",
    "today",
    "yesterday",
    "report",
    "reports",
    "statement",
    "statements",
    "study",
    "survey",
    "data",
    "figures",
    "percent",
    "%",
    "number",
    "total",
    "amount",
    "rest",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "one",
    "others",
    "body",
    "bodies",
    "members",
    "member",
    "side",
    "sides",
];

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

/// Where an agent noun's name begins: the capitalised words right before it that no rule took
/// ("Supreme Court", "Munich Regional Court"), but not the sentence's first word alone.
pub(super) fn name_start(tokens: &[Token], used: &[bool], start: usize) -> usize {
    let mut from = start;
    while from > 1
        && tokens[from - 1].capital
        && !used[from - 1]
        && tokens[from - 1].norm.chars().all(char::is_alphabetic)
        && !NOT_NAME_WORDS.contains(&tokens[from - 1].norm.as_str())
    {
        from -= 1;
    }
    from
}

/// The actor an agent noun stands for when no state is named with it: its kind from its sector
/// (armed groups, businesses, NGOs; anything else is `other`), its CAMEO code the sector's, of
/// its state or of no known state ("---COP").
fn agent_actor(sector: &str, written: &str, country: Option<&str>) -> Actor {
    let sector: String = sector.chars().take(3).collect();
    let kind = match sector.as_str() {
        "REB" | "INS" | "UAF" | "CRM" => ActorKind::Group,
        "BUS" => ActorKind::Business,
        "NGO" => ActorKind::Ngo,
        _ => ActorKind::Other,
    };
    let cameo = format!("{}{sector}", country.unwrap_or("---"));
    Actor { sector: Some(sector), ..unlisted_actor(written, kind, cameo, country) }
}

/// A name in no list, of unknown kind (`other`: a company, paper, party, group or person); its
/// CAMEO code is its state's, when known.
fn name_actor(written: &str, country: Option<&str>) -> Actor {
    unlisted_actor(written, ActorKind::Other, country.unwrap_or("").to_string(), country)
}

/// An actor in no list: its id the folded words as written, its country the one the sentence
/// or article gives ([`actors_in_no_list`]).
fn unlisted_actor(written: &str, kind: ActorKind, cameo: String, country: Option<&str>) -> Actor {
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
