//! Which words name persons, and for whom they act: a title and a name ("Deputy Minister of
//! Planning and Investment Tran Quoc Phuong"), a name and its appositive ("Jagan Chapagain,
//! Secretary General of the IFRC,"), or a name the article already introduced ("Chapagain").

use super::words::{is_title_modifier, PORTFOLIO_WORDS, REFERRING_NOUNS};
use super::{principal, How, Memory, Mention, Recognizer};
use crate::lexicon::Entry;
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;
use crate::vocab::Sector;

/// Whether token `i` is a word of a name no mention took: "Chapagain", not "UN" or "said".
fn is_name_word(text: &str, tokens: &[Token], used: &[bool], i: usize) -> bool {
    tokens.get(i).is_some_and(|t| {
        let w = t.span.slice(text);
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase) && !used[i]
    })
}

impl Recognizer<'_> {
    /// Persons: a title followed by a capitalised name, or a known name; each acts for the
    /// state or body named right before its title or in its appositive.
    #[allow(clippy::too_many_arguments)] // the sentence's state, passed rather than bundled
    pub(super) fn persons(
        &self,
        text: &str,
        tokens: &[Token],
        titles: &[(usize, usize, String)],
        mentions: &mut Vec<Mention>,
        used: &mut [bool],
        asides: &mut Vec<(usize, usize)>,
        memory: &mut Memory,
    ) {
        for title in titles {
            self.titled_person(text, tokens, titles, title, mentions, used, asides, memory);
        }
        self.untitled_persons(text, tokens, titles, mentions, used, asides, memory);
    }

    /// A person named after a title: "Foreign Minister Pham Binh Minh", "Administrator of the
    /// UNDP Achim Steiner", with the role reaching back over its modifiers ("Deputy", "Sr. Lt.").
    #[allow(clippy::too_many_arguments)] // the sentence's state, passed rather than bundled
    fn titled_person(
        &self,
        text: &str,
        tokens: &[Token],
        titles: &[(usize, usize, String)],
        (t_start, t_end, title): &(usize, usize, String),
        mentions: &mut Vec<Mention>,
        used: &mut [bool],
        asides: &mut Vec<(usize, usize)>,
        memory: &mut Memory,
    ) {
        // A title right before another is its modifier, not a name: "Deputy Governor X" is
        // the governor's (the role reaches back over "Deputy" below).
        if titles.iter().any(|(s, _, _)| s == t_end)
            && tokens.get(*t_start).is_some_and(|t| is_title_modifier(t.span.slice(text)))
        {
            return;
        }
        let (body_between, name_start) = match body_after_title(text, tokens, *t_end, mentions, used) {
            Some((k, after)) => (Some(k), after),
            None => (None, *t_end),
        };
        let name_start = name_after_post(text, tokens, titles, *t_end, name_start, used);
        let mut end = name_start;
        while is_name_word(text, tokens, used, end) {
            end += 1;
        }
        let name_words = end - name_start;
        if name_words == 0 {
            return;
        }
        let name = text[tokens[name_start].span.start..tokens[end - 1].span.end].to_string();
        // Extend the role to the left over modifiers ("Deputy", "former", "Sr. Lt.").
        let mut role_start = *t_start;
        while role_start > 0 && is_title_modifier(tokens[role_start - 1].span.slice(text)) && !used[role_start - 1] {
            role_start -= 1;
        }
        let role = text[tokens[role_start].span.start..tokens[t_end - 1].span.end].to_string();
        let span = (role_start, *t_end, end);
        let affiliation = self.affiliation(tokens, titles, title, &name, span, body_between, mentions, asides, memory);
        let sector = self.title_sector(title);
        let actor = person_actor(
            affiliation,
            &name,
            &role,
            sector,
            &text[tokens[role_start.min(*t_start)].span.start..tokens[end - 1].span.end],
        );
        remember(memory, &name, &actor);
        used[role_start..end].iter_mut().for_each(|u| *u = true);
        let start = mentions.iter().filter(|m| m.end <= role_start).count();
        let _ = start;
        mentions.push(Mention { start: role_start, end, actor, how: How::Person, partner: None, group: false });
    }

    /// Whom a titled person acts for: a state or body named right before the role, right after
    /// the name ("King Hassan of Morocco"), between title and name, or in an appositive; else
    /// whom the article knows the name as, the body the story is about for a post of
    /// international bodies, or the article's state for an official. `(role start, title end,
    /// name end)` are the person's tokens; the mention of the body is taken out of `mentions`.
    #[allow(clippy::too_many_arguments)] // the sentence's state, passed rather than bundled
    fn affiliation(
        &self,
        tokens: &[Token],
        titles: &[(usize, usize, String)],
        title: &str,
        name: &str,
        (role_start, t_end, end): (usize, usize, usize),
        body_between: Option<usize>,
        mentions: &mut Vec<Mention>,
        asides: &mut Vec<(usize, usize)>,
        memory: &Memory,
    ) -> Option<Actor> {
        // Affiliation: a state or body named right before the role, or right after the name
        // ("King Hassan of Morocco").
        let before = mentions.iter().position(|m| m.end == role_start || (m.start < role_start && m.end >= t_end));
        let of_after = if before.is_none() && tokens.get(end).is_some_and(|t| t.norm == "of") {
            mentions.iter().position(|m| m.start == end + 1 || (m.start == end + 2 && tokens[end + 1].norm == "the"))
        } else {
            None
        };
        let before = before.or(of_after).or(body_between);
        let affiliation = before
            .map(|i| mentions.remove(i))
            .map(|m| m.actor)
            .or_else(|| self.appositive(tokens, end, titles, mentions, asides));
        let known = memory.persons.get(&crate::text::fold(name)).cloned();
        let sector = self.title_sector(title);
        // An official with no stated affiliation acts for the state the article is about.
        let home = || {
            let official = sector.as_deref().is_some_and(|s| matches!(s, "GOV" | "MIL" | "LEG" | "JUD" | "COP"));
            memory.home.as_deref().filter(|_| official).map(|iso3| self.state_actor(iso3, None, ""))
        };
        // A post of international bodies with no body named ("Assistant High Commissioner
        // for Protection Helena Varga") is held in the body the story is about.
        let body_post = || {
            let folded = crate::text::fold(title);
            let international = [
                "commissioner",
                "director-general",
                "director general",
                "executive director",
                "under-secretary",
                "coordinator",
                "resident representative",
            ]
            .iter()
            .any(|w| folded.contains(w));
            memory.last_org.clone().filter(|_| international).map(|org| principal(&org))
        };
        affiliation.or(known.filter(|k| k.kind != ActorKind::Person)).or_else(body_post).or_else(home)
    }

    /// Untitled names: a capitalised run followed by an appositive title ("Jagan Chapagain,
    /// Secretary General of the IFRC,"), or a known name.
    #[allow(clippy::too_many_arguments)] // the sentence's state, passed rather than bundled
    fn untitled_persons(
        &self,
        text: &str,
        tokens: &[Token],
        titles: &[(usize, usize, String)],
        mentions: &mut Vec<Mention>,
        used: &mut [bool],
        asides: &mut Vec<(usize, usize)>,
        memory: &mut Memory,
    ) {
        let mut i = 0;
        while i < tokens.len() {
            if !is_name_word(text, tokens, used, i) || used[i] {
                i += 1;
                continue;
            }
            let mut end = i;
            while is_name_word(text, tokens, used, end) {
                end += 1;
            }
            let name = text[tokens[i].span.start..tokens[end - 1].span.end].to_string();
            let folded = crate::text::fold(&name);
            if let Some(known) = memory.persons.get(&folded).cloned() {
                let actor = Actor { text: name.clone(), ..known };
                mentions.push(Mention { start: i, end, actor, how: How::Person, partner: None, group: false });
                used[i..end].iter_mut().for_each(|u| *u = true);
            } else if end - i >= 2 && tokens.get(end).is_some_and(|t| t.norm == ",") {
                // "Jagan Chapagain, Secretary General of the IFRC,"
                let title = titles.iter().find(|(s, _, _)| *s == end + 1);
                if let Some((_, _, role)) = title {
                    let affiliation = self.appositive(tokens, end, titles, mentions, asides);
                    if affiliation.is_some() {
                        let actor = person_actor(affiliation, &name, role, self.title_sector(role), &name);
                        remember(memory, &name, &actor);
                        used[i..end].iter_mut().for_each(|u| *u = true);
                        mentions.push(Mention { start: i, end, actor, how: How::Person, partner: None, group: false });
                    }
                }
            }
            i = end.max(i + 1);
        }
    }

    /// The body a person's appositive names: "..., head of the Vietnamese Permanent Mission to
    /// the UN" → Vietnam (the first state or body in it). The appositive must open with a comma
    /// and a title or a word such as "head"; its range is recorded as an aside.
    fn appositive(
        &self,
        tokens: &[Token],
        from: usize,
        titles: &[(usize, usize, String)],
        mentions: &[Mention],
        asides: &mut Vec<(usize, usize)>,
    ) -> Option<Actor> {
        let mut i = from;
        // Skip a position mark "(second, right)".
        if tokens.get(i).is_some_and(|t| t.norm == "(") {
            while i < tokens.len() && tokens[i].norm != ")" {
                i += 1;
            }
            i += 1;
        }
        if tokens.get(i).is_none_or(|t| t.norm != ",") {
            return None;
        }
        let comma = i;
        i += 1;
        while tokens
            .get(i)
            .is_some_and(|t| matches!(t.norm.as_str(), "the" | "a" | "former" | "deputy" | "vice" | "acting"))
        {
            i += 1;
        }
        let opens_with_role = titles.iter().any(|(s, _, _)| *s == i)
            || tokens.get(i).is_some_and(|t| REFERRING_NOUNS.contains(&t.norm.as_str()) || t.norm == "member");
        if !opens_with_role {
            return None;
        }
        let end = (i..tokens.len()).find(|&j| tokens[j].norm == "," || tokens[j].norm == ";").unwrap_or(tokens.len());
        asides.push((comma, end));
        mentions.iter().filter(|m| m.start > comma && m.start < end).map(|m| m.actor.clone()).next()
    }

    /// The sector a title gives its holder: "Foreign Minister" → GOV.
    fn title_sector(&self, title: &str) -> Option<Sector> {
        let folded = crate::text::fold(title);
        self.lexicon.names.first_in(&crate::lexicon::spaced(&folded)).and_then(|id| match &self.lexicon.entries[id] {
            Entry::Agent { sector, .. } => Some(Sector::of(sector)),
            _ => None,
        })
    }
}

/// A body between a title and the name after it: "Administrator of the UNDP Achim Steiner",
/// "Administrator of the United Nations Development Programme (UNDP) Achim Steiner". `(index of
/// the body's mention, where the name begins)`.
fn body_after_title(
    text: &str,
    tokens: &[Token],
    t_end: usize,
    mentions: &[Mention],
    used: &[bool],
) -> Option<(usize, usize)> {
    let name_start = t_end;
    if !is_name_word(text, tokens, used, name_start) && tokens.get(name_start).is_some_and(|t| t.norm == "of") {
        let at =
            if tokens.get(name_start + 1).is_some_and(|t| t.norm == "the") { name_start + 2 } else { name_start + 1 };
        if let Some(k) = mentions.iter().position(|m| m.start == at && m.how == How::Named) {
            let mut after = mentions[k].end;
            // A defined acronym may follow the name: "Programme (UNDP) Achim Steiner".
            if tokens.get(after).is_some_and(|t| t.norm == "(") && tokens.get(after + 2).is_some_and(|t| t.norm == ")")
            {
                after += 3;
            }
            if is_name_word(text, tokens, used, after) && is_name_word(text, tokens, used, after + 1) {
                return Some((k, after));
            }
        }
    }
    None
}

/// Where the name begins after a portfolio or post between title and name: "Assistant
/// Secretary-General for Africa Martha Pobee", "Deputy Minister of Planning and Investment Tran
/// Quoc Phuong", "Representative in Vietnam Rana Flowers"; `name_start` when there is none.
fn name_after_post(
    text: &str,
    tokens: &[Token],
    titles: &[(usize, usize, String)],
    t_end: usize,
    name_start: usize,
    used: &[bool],
) -> usize {
    // A portfolio or post between title and name: "Assistant Secretary-General for Africa
    // Martha Pobee", "Deputy Minister of Planning and Investment Tran Quoc Phuong",
    // "Representative in Vietnam Rana Flowers".
    // A title that names part of the portfolio goes on with the rest: "Minister of
    // Agriculture and Rural Development Celso Matavele".
    let portfolio_goes_on = t_end > 0
        && PORTFOLIO_WORDS.contains(&tokens[t_end - 1].norm.as_str())
        && tokens.get(name_start).is_some_and(|t| matches!(t.norm.as_str(), "and" | ","));
    if name_start == t_end
        && (portfolio_goes_on
            || tokens.get(name_start).is_some_and(|t| matches!(t.norm.as_str(), "for" | "of" | "in" | "to")))
    {
        let mut j = name_start + 1;
        let mut portfolio = usize::from(portfolio_goes_on);
        while j < tokens.len()
            && (PORTFOLIO_WORDS.contains(&tokens[j].norm.as_str())
                || (matches!(tokens[j].norm.as_str(), "and" | "the" | ",") && portfolio > 0))
        {
            j += 1;
            portfolio += 1;
        }
        let words = (j..tokens.len()).take_while(|&k| is_name_word(text, tokens, used, k)).count();
        // A second title may follow the portfolio ("of National Defence Sr. Lt. Gen. Nguyen
        // Van Binh"): that title takes the name.
        let title_follows = titles.iter().any(|(s, _, _)| *s == j)
            || tokens.get(j).is_some_and(|t| is_title_modifier(t.span.slice(text)));
        if portfolio > 0 && words >= 2 && !title_follows && !matches!(tokens[j - 1].norm.as_str(), "and" | "the" | ",")
        {
            return j;
        } else if portfolio == 0 {
            // A state or region as the post ("to Japan", "in Vietnam", "for Africa"), then
            // the name: after a recognised state the name is all that follows; after an
            // unknown region, the last two capitalised words.
            let post = (name_start + 1..tokens.len()).take_while(|&k| tokens[k].capital && used[k]).count();
            let after = name_start + 1 + post;
            let named = (after..tokens.len()).take_while(|&k| is_name_word(text, tokens, used, k)).count();
            if post > 0 && named >= 2 && !titles.iter().any(|(s, _, _)| *s == after) {
                return after;
            } else if post == 0 && named >= 3 {
                return name_start + 1 + named - 2;
            }
        }
    }
    name_start
}

/// The actor for a person: of the body they act for (with the sector of their title for a state),
/// or a person of no affiliation.
pub(super) fn person_actor(
    affiliation: Option<Actor>,
    name: &str,
    role: &str,
    sector: Option<Sector>,
    written: &str,
) -> Actor {
    match affiliation {
        Some(body) => {
            let sector =
                if body.kind == ActorKind::State { sector.or(body.sector.clone()) } else { body.sector.clone() };
            let cameo = if body.kind == ActorKind::State {
                format!("{}{}", body.id, sector.as_deref().unwrap_or(""))
            } else {
                body.cameo.clone()
            };
            Actor {
                sector,
                cameo,
                person: Some(name.to_string()),
                role: Some(role.to_string()),
                text: written.to_string(),
                ..body
            }
        }
        None => Actor {
            id: name.to_string(),
            name: name.to_string(),
            kind: ActorKind::Person,
            country: None,
            org: None,
            sector,
            cameo: String::new(),
            person: Some(name.to_string()),
            role: Some(role.to_string()),
            text: written.to_string(),
            aliases: Vec::new(),
            how: None,
        },
    }
}

/// Remembers a person by full name and by each name word, so "Mai" and "Lacroix" find them.
pub(super) fn remember(memory: &mut Memory, name: &str, actor: &Actor) {
    let folded = crate::text::fold(name);
    memory.persons.insert(folded.clone(), actor.clone());
    for word in folded.split([' ', '-']) {
        if word.len() >= 3 {
            memory.persons.entry(word.to_string()).or_insert_with(|| actor.clone());
        }
    }
    if actor.kind != ActorKind::Person {
        // Only the family and given names that stand alone in wire style: first and last words.
        if let Some(last) = folded.split(' ').next_back() {
            memory.persons.insert(last.to_string(), actor.clone());
        }
    }
}
