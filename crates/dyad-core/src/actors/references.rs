//! Which words refer back to actors named before: pronouns ("he", "she"), definite
//! descriptions ("the official", "the organisation", "the country", "the Deputy PM") and the
//! article's two main parties ("the two sides", "both countries").

use super::words::{PRONOUNS, REFERRING_NOUNS};
use super::{principal, How, Memory, Mention, Recognizer};
use crate::lexicon::Entry;
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;
use crate::vocab::Sector;

impl Recognizer<'_> {
    /// Pronouns, definite descriptions and "the two sides".
    #[allow(clippy::too_many_arguments)] // the sentence's annotations so far, passed rather than bundled
    pub(super) fn references(
        &self,
        text: &str,
        tokens: &[Token],
        found: &[(usize, usize, &Entry)],
        mentions: &mut Vec<Mention>,
        used: &[bool],
        memory: &mut Memory,
        org_before: Option<Actor>,
    ) {
        let mut i = 0;
        while i < tokens.len() {
            if used[i] {
                i += 1;
                continue;
            }
            let word = tokens[i].norm.as_str();
            let next = tokens.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
            if PRONOUNS.contains(&word) {
                if let Some(person) = &memory.last_person {
                    let actor = Actor { text: tokens[i].span.slice(text).to_string(), ..person.clone() };
                    mentions.push(Mention {
                        start: i,
                        end: i + 1,
                        actor,
                        how: How::Reference,
                        partner: None,
                        group: false,
                    });
                }
            } else if matches!(word, "the" | "both") && matches!(next, "two" | "sides") {
                if let Some(end) = both_sides(text, tokens, i, mentions, memory) {
                    i = end;
                    continue;
                }
            } else if let Some((end, person, how)) =
                (word == "the").then(|| titled_reference(text, tokens, found, i, memory)).flatten()
            {
                let written = text[tokens[i].span.start..tokens[end - 1].span.end].to_string();
                mentions.push(Mention {
                    start: i,
                    end,
                    actor: Actor { text: written, ..person },
                    how,
                    partner: None,
                    group: false,
                });
                i = end;
                continue;
            } else if word == "the" {
                if let Some(end) = described(text, tokens, found, i, mentions, used, memory, &org_before) {
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }
}

/// "The two sides", "both countries", "the two ministries" at token `i` (after "the" or
/// "both"): the article's two main parties, each with the other as partner. Where the words end,
/// if they are such words.
fn both_sides(text: &str, tokens: &[Token], i: usize, mentions: &mut Vec<Mention>, memory: &Memory) -> Option<usize> {
    let next = tokens.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
    let end = if next == "two" { i + 3 } else { i + 2 };
    let parties = |w: &str| {
        matches!(
            w,
            "sides"
                | "countries"
                | "nations"
                | "ministries"
                | "parties"
                | "organisations"
                | "organizations"
                | "societies"
                | "governments"
                | "leaders"
                | "armies"
                | "militaries"
                | "agencies"
        )
    };
    if tokens.get(end - 1).is_some_and(|t| parties(&t.norm)) && (next == "two" || tokens[end - 1].norm == "sides") {
        if let Some((a, b)) = memory.two_sides() {
            let written = text[tokens[i].span.start..tokens[end - 1].span.end].to_string();
            let actor = Actor { text: written, ..a };
            mentions.push(Mention { start: i, end, actor, how: How::BothSides, partner: Some(b), group: false });
        }
        return Some(end);
    }
    None
}

/// "the official", "the diplomat", "the organisation", "the (regional) bloc", "the country" at
/// token `i` (a "the"): the last person, body or state of its kind. Where the words end, if
/// they refer back.
#[allow(clippy::too_many_arguments)] // the sentence's annotations so far, passed rather than bundled
fn described(
    text: &str,
    tokens: &[Token],
    found: &[(usize, usize, &Entry)],
    i: usize,
    mentions: &mut Vec<Mention>,
    used: &[bool],
    memory: &Memory,
    org_before: &Option<Actor>,
) -> Option<usize> {
    let next = tokens.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
    // "the official", "the diplomat", "the organisation", "the (regional) bloc".
    let skip_adjective = matches!(
        next,
        "regional" | "international" | "global" | "world" | "humanitarian" | "un" | "u.n." | "european" | "asian"
    ) && !used.get(i + 1).copied().unwrap_or(true);
    let noun_at = if skip_adjective { i + 2 } else { i + 1 };
    if used.get(noun_at).copied().unwrap_or(true) {
        return None;
    }
    let noun = tokens.get(noun_at).map(|t| t.norm.as_str()).unwrap_or("");
    let reference = if matches!(
        noun,
        "organisation" | "organization" | "agency" | "federation" | "society" | "bloc" | "fund" | "programme" | "bank"
    ) {
        // The body named last before the words, in this sentence or an earlier one.
        let here = mentions
            .iter()
            .filter(|m| m.end <= i && m.actor.kind != ActorKind::State && m.actor.kind != ActorKind::Person)
            .max_by_key(|m| m.end);
        here.map(|m| principal(&m.actor)).or_else(|| org_before.clone())
    } else if matches!(noun, "country" | "nation") {
        memory.last_state.clone()
    } else if REFERRING_NOUNS.contains(&noun)
        && !found.iter().any(|(s, _, _)| {
            *s == i + 1
                && i + 2 < tokens.len()
                && tokens[i + 2].span.slice(text).chars().next().is_some_and(char::is_uppercase)
        })
    {
        memory.last_person.clone()
    } else {
        None
    };
    let actor = reference?;
    let written = text[tokens[i].span.start..tokens[noun_at].span.end].to_string();
    mentions.push(Mention {
        start: i,
        end: noun_at + 1,
        actor: Actor { text: written, ..actor },
        how: How::Reference,
        partner: None,
        group: false,
    });
    Some(noun_at + 1)
}

/// "the Deputy PM", "the Prime Minister" with no name after it: the person of the article who
/// holds that office (the last to act, or the only one), and where the words end. When the
/// article names no one in that office, the office itself is an actor in no list (rule
/// `actor:unnamed-office`): "demanded an apology from the Prime Minister".
fn titled_reference(
    text: &str,
    tokens: &[Token],
    found: &[(usize, usize, &Entry)],
    the: usize,
    memory: &Memory,
) -> Option<(usize, Actor, How)> {
    let pm = |k: usize| tokens.get(k).is_some_and(|t| t.norm == "pm");
    let modifier = tokens.get(the + 1).is_some_and(|t| matches!(t.norm.as_str(), "deputy" | "vice"));
    let end = if pm(the + 1) {
        the + 2
    } else if modifier && pm(the + 2) {
        the + 3
    } else {
        found
            .iter()
            .filter(|(s, _, entry)| *s == the + 1 && matches!(entry, Entry::Agent { title: true, .. }))
            .map(|(_, e, _)| *e)
            .max()?
    };
    // A name after the title makes it a titled person, found elsewhere.
    if tokens.get(end).is_some_and(|t| t.capital) {
        return None;
    }
    let words = crate::text::fold(&text[tokens[the + 1].span.start..tokens[end - 1].span.end]);
    let office: String =
        words.split(' ').map(|w| if w == "pm" { "prime minister" } else { w }).collect::<Vec<_>>().join(" ");
    let holds = |actor: &&Actor| actor.role.as_deref().is_some_and(|role| crate::text::fold(role).contains(&office));
    if let Some(last) = memory.last_person.as_ref().filter(holds) {
        return Some((end, last.clone(), How::Reference));
    }
    let mut holders = memory.persons.values().filter(holds);
    match holders.next() {
        Some(first) => holders.all(|other| other.person == first.person).then(|| (end, first.clone(), How::Reference)),
        // "the president of Kosovo" is Kosovo's, "X, the former prime minister" is X: other rules.
        None if (tokens.get(end).is_some_and(|t| t.norm == "of") && tokens.get(end + 1).is_some_and(|t| t.capital))
            || the.checked_sub(1).is_some_and(|k| tokens[k].norm == ",") =>
        {
            None
        }
        None => {
            let sector = found.iter().find_map(|(s, _, entry)| match entry {
                Entry::Agent { sector, .. } if *s == the + 1 => Some(sector.as_str()),
                _ => None,
            });
            Some((end, unnamed_office(&office, sector.unwrap_or("GOV"), memory.home.as_deref()), How::AgentNoun))
        }
    }
}

/// The actor an office stands for when no one holding it is named: of the article's state, if it
/// has one ([`titled_reference`]).
fn unnamed_office(office: &str, sector: &str, home: Option<&str>) -> Actor {
    let sector = Sector::of(sector);
    let cameo = format!("{}{}", home.unwrap_or("---"), sector.as_str());
    Actor {
        sector: Some(sector),
        how: Some(How::AgentNoun.name().into()),
        ..super::unlisted::unlisted_actor(office, ActorKind::Other, cameo, home)
    }
}
