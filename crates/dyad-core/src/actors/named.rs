//! Which of the gazetteer's matches in a sentence are actors, and of whom: a state, its sector
//! or its people ("Vietnamese Government", "Nigerian students", "the Chinese side"), a body
//! ("Vietnam Red Cross Society (VRCS)"), a known person ("Bush"), an agent of a state named
//! next ("police of Guyana", "Japan's foreign minister"), or only a place ("in Ha Noi").

use super::words::{GROUP_NOUNS, PLACE_PREPOSITIONS, REFERRING_NOUNS};
use super::{acronyms::defined_acronym, persons::person_actor, persons::remember};
use super::{Gathered, How, Memory, Mention, Place, Recognizer, Sentence};
use crate::lexicon::{Entry, StateName};
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;
use crate::vocab::Sector;

/// Words for a kind of body that may follow a listed name before the acronym it is given:
/// "Malaysian Red Crescent *Society* (MRCS)".
const BODY_WORDS: &[&str] =
    &["association", "federation", "foundation", "movement", "organisation", "organization", "society"];

impl Recognizer<'_> {
    /// Reads the gazetteer's `k`th match of the sentence, unless a mention took its words.
    pub(super) fn named(&self, sentence: Sentence<'_, '_>, k: usize, memory: &mut Memory, gathered: &mut Gathered) {
        let (start, end, entry) = sentence.found[k];
        if gathered.used[start..end].iter().any(|u| *u) {
            return;
        }
        match entry {
            Entry::State { .. } => self.named_state(sentence, k, memory, gathered),
            Entry::Org(_) => self.named_org(sentence, k, memory, gathered),
            Entry::Person { .. } => self.named_person(sentence, k, memory, gathered),
            Entry::Agent { title: true, .. } => gathered.titles.push((start, end, sentence.written(start, end))),
            Entry::Agent { .. } => self.named_agent(sentence, k, memory, gathered),
        }
    }

    /// A state named by its name, demonym, capital or a city: the state or one of its sectors
    /// ("Vietnamese Government"), its people ("Nigerian students"), its national society
    /// ("Singapore Red Cross") or its body in the story ("the Chinese side"); or a place.
    fn named_state(&self, sentence: Sentence<'_, '_>, k: usize, memory: &mut Memory, gathered: &mut Gathered) {
        let Sentence { tokens, found, .. } = sentence;
        let (start, _, Entry::State { .. }) = found[k] else { return };
        let written = |s: usize, e: usize| sentence.written(s, e);
        if state_as_place(sentence, k, gathered) {
            return;
        }
        let (sector, stop, side, group, iso3) = state_words(sentence, k);
        if self.national_society_named(sentence, k, iso3, sector.is_none() && !group, memory, gathered) {
            return;
        }
        let mut actor = self.state_actor(iso3, sector.as_deref(), &written(start, stop));
        // "The Red Cross societies of Vietnam and China": each state's national society.
        if let Some(society) =
            national_society_list(tokens, start).then(|| self.national_society(iso3, &written(start, stop))).flatten()
        {
            actor = society;
        }
        // "The Chinese side" in a story between two bodies is the Chinese body.
        if side {
            let body = memory
                .salience
                .iter()
                .find(|(a, _)| a.kind != ActorKind::State && a.country.as_deref() == Some(iso3.as_str()));
            if let Some((body, _)) = body {
                actor = Actor { text: written(start, stop), ..body.clone() };
            }
        }
        gathered.used[start..stop].iter_mut().for_each(|u| *u = true);
        memory.last_state = Some(actor.clone());
        gathered.mentions.push(Mention { start, end: stop, actor, how: How::Named, partner: None, group });
    }

    /// "Singapore Red Cross", "German Red Cross": a state named before the movement (a member
    /// body of the IFRC with no country) is the state's national society. Whether it was.
    fn national_society_named(
        &self,
        sentence: Sentence<'_, '_>,
        k: usize,
        iso3: &str,
        alone: bool,
        memory: &mut Memory,
        gathered: &mut Gathered,
    ) -> bool {
        let Sentence { text, tokens, found } = sentence;
        let (start, end, _) = found[k];
        let next_entry = found.get(k + 1).filter(|(s, _, _)| *s == end);
        let movement = |org: &str| {
            self.lexicon.orgs.get(org).is_some_and(|o| o.parent.as_deref() == Some("IFRC") && o.country.is_none())
        };
        let society = match next_entry {
            Some((_, e2, Entry::Org(org))) if alone && movement(org) => {
                self.national_society(iso3, "").map(|society| (society, *e2))
            }
            _ => None,
        };
        let Some((society, e2)) = society else { return false };
        let mut stop = e2 + usize::from(tokens.get(e2).is_some_and(|t| t.norm == "society"));
        // "Singapore Red Cross (SRC)" teaches the article an acronym.
        if let Some(acronym) = defined_acronym(text, tokens, stop) {
            memory.acronyms.insert(acronym.to_string(), society.clone());
            stop += 3;
        }
        let society = Actor { text: sentence.written(start, stop), ..society };
        gathered.used[start..stop].iter_mut().for_each(|u| *u = true);
        memory.last_org = Some(society.clone());
        gathered.mentions.push(Mention {
            start,
            end: stop,
            actor: society,
            how: How::Named,
            partner: None,
            group: false,
        });
        true
    }

    /// An organisation by name: "Vietnam Red Cross Society (VRCS)" (teaching the article its
    /// acronym), "UN peacekeepers" (with the sector of the agent noun after it).
    fn named_org(&self, sentence: Sentence<'_, '_>, k: usize, memory: &mut Memory, gathered: &mut Gathered) {
        let Sentence { text, tokens, found } = sentence;
        let (start, end, Entry::Org(id)) = found[k] else { return };
        let next_entry = found.get(k + 1).filter(|(s, _, _)| *s == end);
        let Some(mut actor) = self.org_actor(id, &sentence.written(start, end)) else { return };
        let mut stop = end;
        // "Vietnam Red Cross Society (VRCS)" teaches the article an acronym; so does "Malaysian
        // Red Crescent Society (MRCS)" for the listed "Malaysian Red Crescent": one word that
        // names a kind of body may stand between the listed name and the parenthesis.
        let at = match tokens.get(end) {
            Some(t)
                if t.capital
                    && BODY_WORDS.contains(&t.norm.as_str())
                    && defined_acronym(text, tokens, end + 1).is_some() =>
            {
                end + 1
            }
            _ => end,
        };
        if let Some(acronym) = defined_acronym(text, tokens, at) {
            memory.acronyms.insert(acronym.to_string(), actor.clone());
            stop = at + 3;
        }
        if let Some((_, e2, Entry::Agent { sector, title: false })) = next_entry {
            actor.sector = Some(Sector::of(sector));
            stop = stop.max(*e2);
        }
        gathered.used[start..stop].iter_mut().for_each(|u| *u = true);
        memory.last_org = Some(actor.clone());
        gathered.mentions.push(Mention { start, end: stop, actor, how: How::Named, partner: None, group: false });
    }

    /// A person the gazetteer knows, by a name that stands alone: "Bush", not "bush" nor the
    /// "Jagan" of "Jagan Chapagain".
    fn named_person(&self, sentence: Sentence<'_, '_>, k: usize, memory: &mut Memory, gathered: &mut Gathered) {
        let Sentence { tokens, found, .. } = sentence;
        let (start, end, Entry::Person { iso3, sector, role }) = found[k] else { return };
        // Names are written with a capital: "Bush" the leader, not "bush".
        let name = sentence.written(start, end);
        if !name.chars().next().is_some_and(char::is_uppercase) {
            return;
        }
        // Someone this article introduced is who the name means here, not a
        // namesake in the gazetteer ("Varga" after "Helena Varga" of the UNHCR).
        if memory.persons.contains_key(&crate::text::fold(&name)) {
            return;
        }
        // "Jagan" inside "Jagan Chapagain" is someone else: the name must stand alone.
        let is_title = |i: usize| {
            found.iter().any(|(s, e, entry)| *s <= i && i < *e && matches!(entry, Entry::Agent { title: true, .. }))
        };
        let longer_after = tokens.get(end).is_some_and(|t| t.capital && t.norm.chars().all(char::is_alphabetic));
        let longer_before = start > 0
            && tokens[start - 1].capital
            && tokens[start - 1].norm.chars().all(char::is_alphabetic)
            && !is_title(start - 1);
        if longer_after || longer_before {
            return;
        }
        let body = self.state_actor(iso3, None, "");
        let sector = Some(Sector::of(sector));
        let actor = person_actor(Some(body), &name, role.as_deref().unwrap_or(""), sector, &name);
        let actor = Actor { role: role.clone(), ..actor };
        remember(memory, &name, &actor);
        gathered.used[start..end].iter_mut().for_each(|u| *u = true);
        gathered.mentions.push(Mention { start, end, actor, how: How::Person, partner: None, group: false });
    }

    /// An agent noun: a sector of the state named next ("rebels in the Ivory Coast", "police of
    /// Guyana"), of the article's state ("the government", "the army"), or left for the actors
    /// in no list ("police", "protesters").
    fn named_agent(&self, sentence: Sentence<'_, '_>, k: usize, memory: &mut Memory, gathered: &mut Gathered) {
        let Sentence { tokens, found, .. } = sentence;
        let (start, end, Entry::Agent { sector, .. }) = found[k] else { return };
        let written = |s: usize, e: usize| sentence.written(s, e);
        let prev = start.checked_sub(1).map(|p| tokens[p].norm.as_str()).unwrap_or("");
        let (mentions, used) = (&mut gathered.mentions, &mut gathered.used);
        // "rebels in the Ivory Coast", "police of Guyana": a sector of the state named next.
        let next_state = found.iter().skip(k + 1).take(1).find_map(|(s2, e2, entry)| match entry {
            Entry::State { iso3, how } if *how != StateName::City => Some((*s2, *e2, iso3.clone())),
            _ => None,
        });
        let linked = next_state.filter(|(s2, _, _)| {
            let between: Vec<&str> = tokens[end..*s2].iter().map(|t| t.norm.as_str()).collect();
            matches!(between.as_slice(), ["in"] | ["of"] | ["in", "the"] | ["of", "the"] | ["from"])
        });
        if let Some((_, e2, iso3)) = linked {
            let actor = self.state_actor(&iso3, Some(sector), &written(start, e2));
            used[start..e2].iter_mut().for_each(|u| *u = true);
            mentions.push(Mention { start, end: e2, actor, how: How::Named, partner: None, group: false });
        } else if let Some(home) = memory.home.clone().filter(|_| {
            (prev == "the"
                && matches!(&sector[..sector.len().min(3)], "GOV" | "MIL" | "COP" | "JUD" | "LEG")
                && !REFERRING_NOUNS.contains(&tokens[start].norm.as_str()))
                || matches!(&sector[..sector.len().min(3)], "OPP" | "REB" | "INS")
        }) {
            // "the government", "the army": the state the article is about.
            let actor = self.state_actor(&home, Some(sector), &written(start, end));
            used[start..end].iter_mut().for_each(|u| *u = true);
            mentions.push(Mention { start, end, actor, how: How::Reference, partner: None, group: false });
        } else {
            // "police", "the Supreme Court", "protesters": an actor in no list, once
            // the tagger has read it as a noun ([`unlisted::actors_in_no_list`]).
            gathered.agent_nouns.push((start, end, sector.clone()));
        }
    }

    /// "Japan's foreign minister", "Myanmar's generals": a state's or body's agent stands for it,
    /// with the agent's sector. A name after the title is left to the person finder.
    pub(super) fn possessive_agents(
        &self,
        tokens: &[Token],
        found: &[(usize, usize, &Entry)],
        mentions: &mut [Mention],
        used: &mut [bool],
    ) {
        for mention in mentions.iter_mut() {
            if !tokens.get(mention.end).is_some_and(|t| t.norm == "'s" || t.norm == "'") {
                continue;
            }
            let from = mention.end + 1;
            let mut at = from;
            while tokens
                .get(at)
                .is_some_and(|t| matches!(t.norm.as_str(), "former" | "new" | "top" | "senior" | "visiting"))
            {
                at += 1;
            }
            let agent = found.iter().find_map(|(s, e, entry)| match entry {
                Entry::Agent { sector, .. } if *s == at => Some((*e, sector.clone())),
                _ => None,
            });
            let Some((end, sector)) = agent else { continue };
            let sector = Sector::of(&sector);
            if mention.actor.kind == ActorKind::State {
                mention.actor.cameo = format!("{}{}", mention.actor.id, sector);
            }
            mention.actor.sector = Some(sector);
            used[mention.end..end].iter_mut().for_each(|u| *u = true);
            mention.end = end;
        }
    }
}

/// A city, or a capital or state after a preposition ("in Ha Noi", "from Japan"), is a place.
/// Whether it is only a place and the match is done with.
fn state_as_place(sentence: Sentence<'_, '_>, k: usize, gathered: &mut Gathered) -> bool {
    let Sentence { tokens, found, .. } = sentence;
    let (start, end, Entry::State { iso3, how }) = found[k] else { return true };
    let prev = start.checked_sub(1).map(|p| tokens[p].norm.as_str()).unwrap_or("");
    let is_place_word = matches!(how, StateName::Capital | StateName::City);
    if PLACE_PREPOSITIONS.contains(&prev) || *how == StateName::City {
        gathered.places.push(Place {
            start,
            end,
            name: sentence.written(start, end),
            country: iso3.clone(),
            is_state: !is_place_word,
        });
        // After a preposition, a city or capital (and a state, but after "to" or
        // "from") is only a place, and no person's name either: "in Ha Noi,
        // Deputy Spokesperson X said".
        let only_place = PLACE_PREPOSITIONS.contains(&prev) && (is_place_word || !matches!(prev, "to" | "from"));
        if only_place {
            gathered.used[start..end].iter_mut().for_each(|u| *u = true);
        }
        if only_place || *how == StateName::City {
            return true;
        }
    }
    false
}

/// The words a state's name takes with it: a sector ("Vietnamese Government"), "side" ("the
/// Chinese side"), or its people ("Albanians", "Nigerian students", "ethnic Albanians in
/// southern Serbia"). `(sector, end token, side, group, state)`: a group is coded by the state
/// it lives in.
fn state_words<'s>(sentence: Sentence<'s, '_>, k: usize) -> (Option<String>, usize, bool, bool, &'s String) {
    let Sentence { tokens, found, .. } = sentence;
    let (_, end, Entry::State { iso3, how }) = found[k] else { unreachable!("a state's match") };
    let next_entry = found.get(k + 1).filter(|(s, _, _)| *s == end);
    // A demonym or state name followed by a sector noun: "Vietnamese Government".
    let (sector, stop) = match next_entry {
        Some((_, e2, Entry::Agent { sector, title: false })) => (Some(sector.clone()), *e2),
        // A title right after: the person's role gives the sector, the name (if any)
        // is taken by the person finder.
        Some((_, _, Entry::Agent { sector, title: true })) => (Some(sector.clone()), end),
        _ => (None, end),
    };
    let mut stop = stop;
    // "The Chinese side", "the German society": the state's body in the story.
    let society = *how == StateName::Demonym && tokens.get(end).is_some_and(|t| t.norm == "society");
    let side = society || tokens.get(stop).is_some_and(|t| t.norm == "side");
    if society {
        stop = end + 1;
    } else if side {
        stop += 1;
    }
    let sector = sector.or_else(|| (*how == StateName::Capital).then(|| "GOV".to_string()));
    // People rather than a state: "Albanians", "Nigerian students".
    let group = *how == StateName::Demonym
        && sector.is_none()
        && (tokens[end - 1].norm.ends_with('s')
            || tokens.get(stop).is_some_and(|t| GROUP_NOUNS.contains(&t.norm.as_str())));
    // People are coded by the state they live in: "ethnic Albanians in southern Serbia".
    let iso3 = match group.then(|| located_in(tokens, found, stop)).flatten() {
        Some((home, place_end)) => {
            stop = place_end;
            home
        }
        None => iso3,
    };
    (sector, stop, side, group, iso3)
}

/// Whether the state named at `start` is one of a list after "Red Cross societies of".
fn national_society_list(tokens: &[Token], start: usize) -> bool {
    let mut i = start;
    // Step back over the earlier states of the list ("of Vietnam, China"): capitalised words, commas, "and".
    while i > 0 && (tokens[i - 1].capital || matches!(tokens[i - 1].norm.as_str(), "," | "and")) && start - i < 8 {
        i -= 1;
    }
    let before: Vec<&str> = tokens[i.saturating_sub(4)..i].iter().map(|t| t.norm.as_str()).collect();
    matches!(
        before.as_slice(),
        [.., "cross" | "crescent", "society" | "societies", "of"]
            | [.., "cross" | "crescent", "society" | "societies", "of", "the"]
    )
}

/// The state a group lives in, from the words after it: "in southern Serbia", "of the West
/// Bank", "operating in Macedonia".
fn located_in<'e>(
    tokens: &[Token],
    found: &'e [(usize, usize, &'e Entry)],
    from: usize,
) -> Option<(&'e String, usize)> {
    let mut i = from;
    while i < tokens.len()
        && i < from + 2
        && (GROUP_NOUNS.contains(&tokens[i].norm.as_str())
            || matches!(tokens[i].norm.as_str(), "living" | "operating" | "based"))
    {
        i += 1;
    }
    if !matches!(tokens.get(i).map(|t| t.norm.as_str()), Some("in" | "of")) {
        return None;
    }
    i += 1;
    while i < tokens.len()
        && matches!(
            tokens[i].norm.as_str(),
            "the" | "south" | "southern" | "north" | "northern" | "east" | "eastern" | "west" | "western" | "central"
        )
    {
        i += 1;
    }
    found.iter().find(|(s, _, _)| *s == i).and_then(|(_, end, entry)| match entry {
        Entry::State { iso3, how } if *how != StateName::Demonym => Some((iso3, *end)),
        _ => None,
    })
}
