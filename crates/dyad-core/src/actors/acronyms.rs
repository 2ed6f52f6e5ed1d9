//! Which words are acronyms the article defines, and whom they stand for: "Vietnam Red Cross
//! Society (VRCS)", "the Malaysian Red Crescent Society (MRCS)", and "VRCS" alone afterwards.

use super::{principal, Gathered, How, Memory, Mention, Recognizer, Sentence};
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;

/// The acronym a name defines in the parenthesis at token `at`: "(VRCS)".
pub(super) fn defined_acronym<'t>(text: &'t str, tokens: &[Token], at: usize) -> Option<&'t str> {
    let parenthesis =
        tokens.get(at).is_some_and(|t| t.norm == "(") && tokens.get(at + 2).is_some_and(|t| t.norm == ")");
    let acronym = tokens.get(at + 1).filter(|_| parenthesis)?.span.slice(text);
    (acronym.len() >= 2 && acronym.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'))
        .then_some(acronym)
}

impl Recognizer<'_> {
    /// Acronyms the article defined earlier, written alone: "VRCS" after "Vietnam Red Cross
    /// Society (VRCS)", unless a gazetteer match holds the word.
    pub(super) fn remembered_acronyms(&self, sentence: Sentence<'_, '_>, memory: &mut Memory, gathered: &mut Gathered) {
        let Sentence { text, tokens, found } = sentence;
        for (i, token) in tokens.iter().enumerate() {
            let word = token.span.slice(text);
            if let Some(actor) = memory.acronyms.get(word) {
                if !found.iter().any(|(s, e, _)| *s <= i && i < *e) {
                    // "the bank" next is the body named last, by its acronym too.
                    if !matches!(actor.kind, ActorKind::State | ActorKind::Person) {
                        memory.last_org = Some(principal(actor));
                    }
                    let actor = Actor { text: word.to_string(), ..actor.clone() };
                    gathered.mentions.push(Mention {
                        start: i,
                        end: i + 1,
                        actor,
                        how: How::Named,
                        partner: None,
                        group: false,
                    });
                    gathered.used[i] = true;
                }
            }
        }
    }

    /// A body the gazetteers do not know, defined in the text with its acronym: "the Malaysian
    /// Red Crescent Society (MRCS)". It becomes an organisation for the rest of the article, of
    /// the state its name holds.
    pub(super) fn defined_acronyms(
        &self,
        text: &str,
        tokens: &[Token],
        mentions: &mut Vec<Mention>,
        used: &mut [bool],
        memory: &mut Memory,
    ) {
        for open in 2..tokens.len().saturating_sub(2) {
            if tokens[open].norm != "(" || tokens[open + 2].norm != ")" {
                continue;
            }
            let acronym = tokens[open + 1].span.slice(text);
            let letters = acronym.chars().filter(|c| c.is_alphabetic()).count();
            if !(2..=8).contains(&letters)
                || !acronym.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            {
                continue;
            }
            if memory.acronyms.contains_key(acronym)
                || used[open + 1]
                || used[open - 1]
                    && mentions.iter().any(|m| m.end == open && m.how == How::Named && m.actor.kind != ActorKind::State)
            {
                continue;
            }
            let Some(start) = acronym_name_start(tokens, open, acronym) else { continue };
            let name = text[tokens[start].span.start..tokens[open - 1].span.end].to_string();
            let inside: Vec<usize> = mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| m.start >= start && m.end <= open)
                .map(|(i, _)| i)
                .collect();
            let country = inside
                .iter()
                .find_map(|&i| (mentions[i].actor.kind == ActorKind::State).then(|| mentions[i].actor.id.clone()));
            for &i in inside.iter().rev() {
                mentions.remove(i);
            }
            let actor = acronym_actor(acronym, name, country);
            memory.acronyms.insert(acronym.to_string(), actor.clone());
            memory.last_org = Some(actor.clone());
            used[start..open + 3].iter_mut().for_each(|u| *u = true);
            mentions.push(Mention { start, end: open + 3, actor, how: How::Named, partner: None, group: false });
        }
    }
}

/// Where the name an acronym's parenthesis (at `open`) defines begins: capitalised words (and
/// "of", "and", "for") right before it, at least two, one of them starting with the acronym's
/// first letter: "Malaysian Red Crescent Society (MRCS)".
fn acronym_name_start(tokens: &[Token], open: usize, acronym: &str) -> Option<usize> {
    let mut start = open;
    while start > 0 {
        let t = &tokens[start - 1];
        let connector =
            matches!(t.norm.as_str(), "of" | "and" | "for" | "&") && start - 1 > 0 && tokens[start - 2].capital;
        if t.capital || connector {
            start -= 1;
        } else {
            break;
        }
    }
    if open - start < 2 || !tokens[start].capital {
        return None;
    }
    let first = acronym.chars().next().unwrap_or(' ').to_ascii_lowercase();
    if !tokens[start..open].iter().any(|t| t.norm.starts_with(first)) {
        return None;
    }
    Some(start)
}

/// The body a defined acronym stands for: intergovernmental when its name says so and names no
/// state ("Asian Development Bank (ADB)"), otherwise non-governmental, of the state it names.
fn acronym_actor(acronym: &str, name: String, country: Option<String>) -> Actor {
    let intergovernmental = country.is_none()
        && [
            "organization",
            "organisation",
            "union",
            "bank",
            "fund",
            "programme",
            "program",
            "agency",
            "commission",
            "council",
        ]
        .iter()
        .any(|w| crate::text::fold(&name).split(' ').any(|n| n == *w));
    let kind = if intergovernmental { ActorKind::Igo } else { ActorKind::Ngo };
    let cameo = format!("{}{}", country.as_deref().unwrap_or(""), if intergovernmental { "IGO" } else { "NGO" });
    Actor {
        id: acronym.to_string(),
        name: name.clone(),
        kind,
        country,
        org: None,
        sector: None,
        cameo,
        person: None,
        role: None,
        text: name,
        aliases: Vec::new(),
        how: None,
    }
}
