//! Which nouns for people who act are actors in no list (rule `actor:agent-noun`): "police",
//! "the Supreme Court", "protesters", "lawmakers", when no state or body is named with them
//! and the tagger reads them as nouns.

use super::{after_place_word, owned, unlisted_actor, NOT_NAME_WORDS};
use crate::actors::{How, Mention, Recognized};
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;
use crate::vocab::Sector;

/// The agent nouns of a tagged sentence that are actors in no list: "Police arrested two men"
/// → "Police" (COP); "A court ruling freed him" → none ("court" modifies "ruling"); "Israeli
/// intelligence officials" → none (Israel's). Each one found is added to `taken`.
pub(super) fn agent_noun_actors(
    text: &str,
    tokens: &[Token],
    upos: &[&str],
    recognized: &Recognized,
    country: Option<&str>,
    taken: &mut Vec<(usize, usize)>,
) -> Vec<Mention> {
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
            || !free(taken, start, end)
        {
            continue;
        }
        let written = &text[tokens[start].span.start..tokens[end - 1].span.end];
        let actor = agent_actor(sector, written, country);
        out.push(Mention { start, end, actor, how: How::AgentNoun, partner: None, group: false });
        taken.push((start, end));
    }
    out
}

/// Where an agent noun's name begins: the capitalised words right before it that no rule took
/// ("Supreme Court", "Munich Regional Court"), but not the sentence's first word alone.
pub(in crate::actors) fn name_start(tokens: &[Token], used: &[bool], start: usize) -> usize {
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
    Actor { sector: Some(Sector::of(&sector)), ..unlisted_actor(written, kind, cameo, country) }
}
