//! Which noun phrases are actors (rule `actor:noun-phrase`): the subject or passive agent of a
//! trigger's verb that no list knows, "The Transport Department launched a probe", "A group of
//! asylum seekers went on strike", and not "the blast" or "the deal".

use super::unlisted_actor;
use crate::actors::{How, Mention, Place};
use crate::events::Dep;
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;

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
    places: &[Place],
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
