//! Actors: who is named in a sentence. States by name, demonym and capital; organisations by
//! name and acronym (and acronyms the article defines); persons with titles, who act for their
//! state or body; and references back to earlier actors ("he", "the official", "the
//! organisation", "the Chinese side", "the two sides", a surname alone).

use std::collections::HashMap;

pub mod unlisted;

use crate::lexicon::{Entry, Lexicon, StateName};
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;

/// How a mention was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// A name from the gazetteers (or a defined acronym).
    Named,
    /// A person named with a title or by a known name.
    Person,
    /// A pronoun or a definite description that refers back ("he", "the official").
    Reference,
    /// "The two sides", "both sides": the article's two main parties.
    BothSides,
    /// A place named after "in", "to", "at": the state it lies in stands as a target of last
    /// resort (`true` when the place is a whole state).
    Place(bool),
    /// A noun for people who act ("police", "the court", "protesters") with no state named:
    /// an actor in no list, identified by the noun ([`unlisted`]).
    AgentNoun,
    /// A proper name in no list ("Wargaming", "the ACLU", "Opinar"), read as a name by the
    /// tagger ([`unlisted::unlisted_names`]).
    UnlistedName,
    /// A noun phrase the parse makes a trigger's subject or passive agent ("The Transport
    /// Department", "a group of asylum seekers") that no other rule took
    /// ([`unlisted::noun_phrase_actors`]).
    NounPhrase,
}

impl How {
    /// The name written in an actor's `how`.
    pub fn name(&self) -> &'static str {
        match self {
            How::Named => "gazetteer",
            How::Person => "person",
            How::Reference => "reference",
            How::BothSides => "both-sides",
            How::Place(_) => "place",
            How::AgentNoun => "agent-noun",
            How::UnlistedName => "unlisted-name",
            How::NounPhrase => "noun-phrase",
        }
    }
}

/// An actor named in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The actor.
    pub actor: Actor,
    /// How it was recognised.
    pub how: How,
    /// For "the two sides": the other party.
    pub partner: Option<Actor>,
    /// People named by where they are from or live ("ethnic Albanians", "Nigerian students"),
    /// not a state's government or forces.
    pub group: bool,
}

impl Mention {
    /// The identity used to tell actors apart (state or organisation id).
    pub fn key(&self) -> &str {
        &self.actor.id
    }
}

/// A place named in a sentence (city, capital or state after "in", "at").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Name as written.
    pub name: String,
    /// State it is in.
    pub country: String,
    /// Whether it is a whole state (weaker as an event's location).
    pub is_state: bool,
}

/// What a sentence names: actors, places, and the appositives ("..., head of the Vietnamese
/// Mission to the UN, ...") whose words describe a person rather than report an event.
#[derive(Clone, Debug, Default)]
pub struct Recognized {
    /// Actors, in order.
    pub mentions: Vec<Mention>,
    /// Places.
    pub places: Vec<Place>,
    /// Token ranges of appositives.
    pub asides: Vec<(usize, usize)>,
    /// Agent nouns with no state named, `(start, end, sector)`: actors in no list once the
    /// tagger confirms them ([`unlisted::actors_in_no_list`]).
    pub agent_nouns: Vec<(usize, usize, String)>,
    /// Tokens some list knows (a state, body, person or agent noun), whether or not a mention
    /// took them: no name in no list is made of them.
    pub listed: Vec<bool>,
}

/// What an article has established so far: persons, defined acronyms, recent actors.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    /// Known persons by each of their name words (folded surname, given names) and full name.
    persons: HashMap<String, Actor>,
    /// Acronyms defined in the text ("(VRCS)") → the actor they stand for.
    acronyms: HashMap<String, Actor>,
    /// The last person who was the subject of a sentence.
    last_person: Option<Actor>,
    /// The last organisation named.
    last_org: Option<Actor>,
    /// The last state named.
    last_state: Option<Actor>,
    /// The state the article is most about (named most often), for officials of no stated
    /// affiliation.
    pub home: Option<String>,
    /// How often each principal (state or organisation) was a subject or object.
    salience: Vec<(Actor, usize)>,
    /// The parties of the last meeting reported, and how many sentences ago.
    meeting: Option<(Actor, Actor)>,
    meeting_age: usize,
    /// Words of the longer names written so far ([`Memory::note_name_words`]).
    name_words: std::collections::HashSet<String>,
}

/// Lowercase words inside personal names: "Hernani da Costa", "Osama bin Laden".
const NAME_PARTICLES: &[&str] =
    &["da", "de", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "bin", "ibn", "al", "el", "le", "la"];

impl Memory {
    /// The acronyms the article defined for each actor id, other than the id itself, sorted.
    pub fn acronyms_by_actor(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut out: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
        for (acronym, actor) in &self.acronyms {
            if *acronym != actor.id {
                out.entry(actor.id.clone()).or_default().push(acronym.clone());
            }
        }
        out.values_mut().for_each(|v| v.sort());
        out
    }

    /// An unnamed official who acted ("The Timorese minister thanked ..."): who "he" or "she"
    /// in the next sentences means, until a named person acts.
    pub fn note_unnamed_official(&mut self, actor: &Actor) {
        self.last_person = Some(actor.clone());
    }

    /// Whether a name (folded) is a person the article introduced, or one of their names, or
    /// a word of a longer name written earlier ("Costa" after "Hernani da Costa").
    pub fn knows_person(&self, folded: &str) -> bool {
        self.persons.contains_key(folded) || self.name_words.contains(folded)
    }

    /// Remembers the words of the names of several words in a sentence (capitalised runs, inner
    /// particles such as "da" or "bin" included), for [`Memory::knows_person`].
    pub fn note_name_words(&mut self, text: &str, tokens: &[Token]) {
        let capital = |t: &Token| t.span.slice(text).starts_with(char::is_uppercase);
        let mut i = 0;
        while i < tokens.len() {
            let start = i;
            while i < tokens.len()
                && (capital(&tokens[i])
                    || (i > start
                        && i + 1 < tokens.len()
                        && capital(&tokens[i + 1])
                        && NAME_PARTICLES.contains(&tokens[i].norm.as_str())))
            {
                i += 1;
            }
            if i - start >= 2 {
                for t in tokens[start..i].iter().filter(|t| t.norm.len() >= 3) {
                    if !self.name_words.contains(&t.norm) {
                        self.name_words.insert(t.norm.clone());
                    }
                }
            }
            i = i.max(start + 1);
        }
    }

    /// Records that a mention acted as a sentence's subject or object.
    pub fn note_principal(&mut self, actor: &Actor, subject: bool) {
        if subject && actor.person.is_some() {
            self.last_person = Some(actor.clone());
        }
        let weight = if subject { 2 } else { 1 };
        match self.salience.iter_mut().find(|(a, _)| a.id == actor.id) {
            Some((_, n)) => *n += weight,
            None => self.salience.push((principal(actor), weight)),
        }
    }

    /// The parties of a meeting: who "the two sides" are in the next sentence ("X held talks
    /// with Y. The two sides agreed ...").
    pub fn note_meeting(&mut self, a: &Actor, b: &Actor) {
        if a.id != b.id {
            self.meeting = Some((principal(a), principal(b)));
            self.meeting_age = 0;
        }
    }

    /// A new sentence begins: a meeting two sentences back no longer says who "the two sides" are.
    pub fn next_sentence(&mut self) {
        self.meeting_age = self.meeting_age.saturating_add(1);
        if self.meeting_age > 1 {
            self.meeting = None;
        }
    }

    /// Who "the two sides" are: the parties of a meeting the sentence before reported, else
    /// the article's two main parties, most salient first.
    fn two_sides(&self) -> Option<(Actor, Actor)> {
        if let Some(meeting) = &self.meeting {
            return Some(meeting.clone());
        }
        let mut ranked: Vec<&(Actor, usize)> = self.salience.iter().collect();
        ranked.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        match ranked.as_slice() {
            [a, b, ..] => Some((a.0.clone(), b.0.clone())),
            _ => None,
        }
    }
}

/// The actor without the person: the state or body itself.
fn principal(actor: &Actor) -> Actor {
    Actor { person: None, role: None, ..actor.clone() }
}

const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "to", "from", "near", "outside", "inside", "across", "via"];

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

/// Words of a ministry's portfolio ("of Planning and Investment"), never part of a name.
const PORTFOLIO_WORDS: &[&str] = &[
    "affairs",
    "agriculture",
    "commerce",
    "communications",
    "construction",
    "culture",
    "defence",
    "defense",
    "development",
    "economy",
    "education",
    "energy",
    "environment",
    "finance",
    "foreign",
    "health",
    "home",
    "industry",
    "information",
    "interior",
    "investment",
    "invalids",
    "justice",
    "labour",
    "labor",
    "national",
    "natural",
    "planning",
    "public",
    "resources",
    "rural",
    "science",
    "security",
    "social",
    "sports",
    "technology",
    "tourism",
    "trade",
    "transport",
    "welfare",
    "youth",
];

/// The acronym a name defines in the parenthesis at token `at`: "(VRCS)".
fn defined_acronym<'t>(text: &'t str, tokens: &[Token], at: usize) -> Option<&'t str> {
    let parenthesis =
        tokens.get(at).is_some_and(|t| t.norm == "(") && tokens.get(at + 2).is_some_and(|t| t.norm == ")");
    let acronym = tokens.get(at + 1).filter(|_| parenthesis)?.span.slice(text);
    (acronym.len() >= 2 && acronym.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'))
        .then_some(acronym)
}

/// Nouns for people who act as a group rather than for a state.
pub const GROUP_NOUNS: &[&str] = &[
    "activists",
    "demonstrators",
    "protesters",
    "protestors",
    "workers",
    "students",
    "rebels",
    "guerrillas",
    "guerillas",
    "militants",
    "refugees",
    "prisoners",
    "people",
    "youths",
    "villagers",
    "residents",
    "settlers",
    "civilians",
    "farmers",
    "supporters",
    "fundamentalists",
    "elders",
    "leaders",
    "hackers",
    "dissidents",
    "separatists",
    "insurgents",
    "militiamen",
    "nationalists",
    "exiles",
    "immigrants",
    "migrants",
    "traders",
    "teachers",
    "doctors",
    "monks",
    "opposition",
    "parties",
];

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
const PRONOUNS: &[&str] = &["he", "she"];

/// Whether a word names an official who can be referred back to ("minister", "official").
pub fn is_referring_noun(word: &str) -> bool {
    REFERRING_NOUNS.contains(&word)
}
const REFERRING_NOUNS: &[&str] = &[
    "official",
    "diplomat",
    "envoy",
    "ambassador",
    "minister",
    "leader",
    "chief",
    "president",
    "secretary-general",
    "secretary general",
    "under-secretary-general",
    "general",
    "representative",
    "deputy",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "guest",
    "host",
    "head",
    "chairman",
    "chairwoman",
    "premier",
    "director",
];

/// The gazetteer's matches in one sentence: `(start token, end token, entry)`, in order.
pub struct Found<'a>(Vec<(usize, usize, &'a Entry)>);

/// Finds the actors and places of one sentence.
pub struct Recognizer<'a> {
    lexicon: &'a Lexicon,
}

impl<'a> Recognizer<'a> {
    /// A recognizer over these lexicons.
    pub fn new(lexicon: &'a Lexicon) -> Recognizer<'a> {
        Recognizer { lexicon }
    }

    /// The gazetteer's matches over a sentence's tokens, found once for both
    /// [`Recognizer::count_states`] and [`Recognizer::recognize`].
    pub fn find(&self, text: &str, tokens: &[Token]) -> Found<'a> {
        // Tokens as the matcher's patterns are written: " a  b  c " (see `lexicon::spaced`).
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(tokens.len());
        let mut ends = Vec::with_capacity(tokens.len());
        for token in tokens {
            joined.push(' ');
            starts.push(joined.len());
            joined.push_str(&token.norm);
            ends.push(joined.len());
            joined.push(' ');
        }
        let lexicon = self.lexicon;
        let mut out = Vec::new();
        for (first, end, id) in lexicon.names.find(&joined, &starts, &ends) {
            if let Some(Some(exact)) = lexicon.case_sensitive.get(id) {
                let written = &text[tokens[first].span.start..tokens[end - 1].span.end];
                if written != exact {
                    continue;
                }
            }
            out.push((first, end, &lexicon.entries[id]));
        }
        Found(out)
    }

    /// How often each state is named (by name, demonym or capital) in a sentence.
    pub fn count_states(&self, found: &Found<'_>, counts: &mut HashMap<String, usize>) {
        for (_, _, entry) in &found.0 {
            if let Entry::State { iso3, how } = entry {
                if *how != StateName::City {
                    *counts.entry(iso3.clone()).or_default() += 1;
                }
            }
        }
    }

    /// The actor for a state.
    pub fn state_actor(&self, iso3: &str, sector: Option<&str>, text: &str) -> Actor {
        let sector = sector.map(|s| s.chars().take(3).collect::<String>());
        Actor {
            id: iso3.to_string(),
            name: self.lexicon.state_name(iso3),
            kind: ActorKind::State,
            country: Some(iso3.to_string()),
            org: None,
            cameo: format!("{iso3}{}", sector.as_deref().unwrap_or("")),
            sector,
            person: None,
            role: None,
            text: text.to_string(),
            aliases: Vec::new(),
            how: None,
        }
    }

    /// The Red Cross or Red Crescent society of a state.
    fn national_society(&self, iso3: &str, text: &str) -> Option<Actor> {
        let society = self
            .lexicon
            .orgs
            .values()
            .filter(|o| o.parent.as_deref() == Some("IFRC") && o.country.as_deref() == Some(iso3))
            .min_by(|a, b| a.id.cmp(&b.id))?;
        self.org_actor(&society.id.clone(), text)
    }

    /// The actor for an organisation id.
    pub fn org_actor(&self, id: &str, text: &str) -> Option<Actor> {
        let org = self.lexicon.orgs.get(id)?;
        Some(Actor {
            id: org.id.clone(),
            name: org.name.clone(),
            kind: org.kind,
            country: org.country.clone(),
            // A national body (a national Red Cross society) is a member of its federation,
            // not a part of it: it belongs to its state.
            org: org.parent.clone().filter(|_| org.country.is_none()),
            sector: None,
            cameo: org.cameo.clone(),
            person: None,
            role: None,
            text: text.to_string(),
            aliases: Vec::new(),
            how: None,
        })
    }

    /// Finds actors and places in a sentence, updating what the article has established.
    pub fn recognize(&self, text: &str, tokens: &[Token], found: &Found<'a>, memory: &mut Memory) -> Recognized {
        let found = &found.0;
        let org_before = memory.last_org.clone();
        let written = |s: usize, e: usize| -> String {
            if s >= e || e > tokens.len() {
                return String::new();
            }
            text[tokens[s].span.start..tokens[e - 1].span.end].to_string()
        };
        let mut mentions: Vec<Mention> = Vec::new();
        let mut places = Vec::new();
        let mut used = vec![false; tokens.len()];
        let mut titles: Vec<(usize, usize, String)> = Vec::new();
        let mut asides: Vec<(usize, usize)> = Vec::new();
        let mut agent_nouns: Vec<(usize, usize, String)> = Vec::new();

        // Acronyms the article defined earlier.
        for (i, token) in tokens.iter().enumerate() {
            let word = token.span.slice(text);
            if let Some(actor) = memory.acronyms.get(word) {
                if !found.iter().any(|(s, e, _)| *s <= i && i < *e) {
                    // "the bank" next is the body named last, by its acronym too.
                    if !matches!(actor.kind, ActorKind::State | ActorKind::Person) {
                        memory.last_org = Some(principal(actor));
                    }
                    let actor = Actor { text: word.to_string(), ..actor.clone() };
                    mentions.push(Mention {
                        start: i,
                        end: i + 1,
                        actor,
                        how: How::Named,
                        partner: None,
                        group: false,
                    });
                    used[i] = true;
                }
            }
        }

        for (k, (start, end, entry)) in found.iter().enumerate() {
            let (start, end) = (*start, *end);
            if used[start..end].iter().any(|u| *u) {
                continue;
            }
            let prev = start.checked_sub(1).map(|p| tokens[p].norm.as_str()).unwrap_or("");
            let next_entry = found.get(k + 1).filter(|(s, _, _)| *s == end);
            match entry {
                Entry::State { iso3, how } => {
                    let is_place_word = matches!(how, StateName::Capital | StateName::City);
                    if PLACE_PREPOSITIONS.contains(&prev) || *how == StateName::City {
                        places.push(Place {
                            start,
                            end,
                            name: written(start, end),
                            country: iso3.clone(),
                            is_state: !is_place_word,
                        });
                        // After a preposition, a city or capital (and a state, but after "to" or
                        // "from") is only a place, and no person's name either: "in Ha Noi,
                        // Deputy Spokesperson X said".
                        let only_place =
                            PLACE_PREPOSITIONS.contains(&prev) && (is_place_word || !matches!(prev, "to" | "from"));
                        if only_place {
                            used[start..end].iter_mut().for_each(|u| *u = true);
                        }
                        if only_place || *how == StateName::City {
                            continue;
                        }
                    }
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
                    // "Singapore Red Cross", "German Red Cross": a state named before the movement
                    // (a member body of the IFRC with no country) is the state's national society.
                    let movement = |org: &str| {
                        self.lexicon
                            .orgs
                            .get(org)
                            .is_some_and(|o| o.parent.as_deref() == Some("IFRC") && o.country.is_none())
                    };
                    let society = match next_entry {
                        Some((_, e2, Entry::Org(org))) if sector.is_none() && !group && movement(org) => {
                            self.national_society(iso3, "").map(|society| (society, *e2))
                        }
                        _ => None,
                    };
                    if let Some((society, e2)) = society {
                        let mut stop = e2 + usize::from(tokens.get(e2).is_some_and(|t| t.norm == "society"));
                        // "Singapore Red Cross (SRC)" teaches the article an acronym.
                        if let Some(acronym) = defined_acronym(text, tokens, stop) {
                            memory.acronyms.insert(acronym.to_string(), society.clone());
                            stop += 3;
                        }
                        let society = Actor { text: written(start, stop), ..society };
                        used[start..stop].iter_mut().for_each(|u| *u = true);
                        memory.last_org = Some(society.clone());
                        mentions.push(Mention {
                            start,
                            end: stop,
                            actor: society,
                            how: How::Named,
                            partner: None,
                            group: false,
                        });
                        continue;
                    }
                    let mut actor = self.state_actor(iso3, sector.as_deref(), &written(start, stop));
                    // "The Red Cross societies of Vietnam and China": each state's national society.
                    if let Some(society) = national_society_list(tokens, start)
                        .then(|| self.national_society(iso3, &written(start, stop)))
                        .flatten()
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
                    used[start..stop].iter_mut().for_each(|u| *u = true);
                    memory.last_state = Some(actor.clone());
                    mentions.push(Mention { start, end: stop, actor, how: How::Named, partner: None, group });
                }
                Entry::Org(id) => {
                    let Some(mut actor) = self.org_actor(id, &written(start, end)) else { continue };
                    let mut stop = end;
                    // "Vietnam Red Cross Society (VRCS)" teaches the article an acronym.
                    if let Some(acronym) = defined_acronym(text, tokens, end) {
                        memory.acronyms.insert(acronym.to_string(), actor.clone());
                        stop = end + 3;
                    }
                    if let Some((_, e2, Entry::Agent { sector, title: false })) = next_entry {
                        actor.sector = Some(sector.chars().take(3).collect());
                        stop = stop.max(*e2);
                    }
                    used[start..stop].iter_mut().for_each(|u| *u = true);
                    memory.last_org = Some(actor.clone());
                    mentions.push(Mention { start, end: stop, actor, how: How::Named, partner: None, group: false });
                }
                Entry::Person { iso3, sector, role } => {
                    // Names are written with a capital: "Bush" the leader, not "bush".
                    let name = written(start, end);
                    if !name.chars().next().is_some_and(char::is_uppercase) {
                        continue;
                    }
                    // Someone this article introduced is who the name means here, not a
                    // namesake in the gazetteer ("Varga" after "Helena Varga" of the UNHCR).
                    if memory.persons.contains_key(&crate::text::fold(&name)) {
                        continue;
                    }
                    // "Jagan" inside "Jagan Chapagain" is someone else: the name must stand alone.
                    let is_title = |i: usize| {
                        found
                            .iter()
                            .any(|(s, e, entry)| *s <= i && i < *e && matches!(entry, Entry::Agent { title: true, .. }))
                    };
                    let longer_after =
                        tokens.get(end).is_some_and(|t| t.capital && t.norm.chars().all(char::is_alphabetic));
                    let longer_before = start > 0
                        && tokens[start - 1].capital
                        && tokens[start - 1].norm.chars().all(char::is_alphabetic)
                        && !is_title(start - 1);
                    if longer_after || longer_before {
                        continue;
                    }
                    let body = self.state_actor(iso3, None, "");
                    let sector = Some(sector.chars().take(3).collect::<String>());
                    let actor = person_actor(Some(body), &name, role.as_deref().unwrap_or(""), sector, &name);
                    let actor = Actor { role: role.clone(), ..actor };
                    remember(memory, &name, &actor);
                    used[start..end].iter_mut().for_each(|u| *u = true);
                    mentions.push(Mention { start, end, actor, how: How::Person, partner: None, group: false });
                }
                Entry::Agent { title: true, .. } => titles.push((start, end, written(start, end))),
                Entry::Agent { sector, .. } => {
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
                        agent_nouns.push((start, end, sector.clone()));
                    }
                }
            }
        }

        self.defined_acronyms(text, tokens, &mut mentions, &mut used, memory);
        self.possessive_agents(tokens, found, &mut mentions, &mut used);
        self.persons(text, tokens, &titles, &mut mentions, &mut used, &mut asides, memory);
        self.references(text, tokens, found, &mut mentions, &used, memory, org_before);
        // Undefined acronyms defined by a parenthesis after a multiword name ("(IFRC)") were
        // absorbed above; sort for the coder.
        mentions.sort_by_key(|m| m.start);
        // "Libyan leader Muammar Gaddafi": a demonym and a person of the same state, at most two
        // words apart, are one actor.
        let mut merged: Vec<Mention> = Vec::with_capacity(mentions.len());
        for mention in mentions {
            if let Some(last) = merged.last_mut() {
                let gap = &tokens[last.end.min(mention.start)..mention.start];
                let joinable = gap.len() <= 2
                    && gap.iter().all(|t| t.norm.chars().all(char::is_alphabetic) && t.norm != "and" && t.norm != "or");
                if joinable && last.actor.id == mention.actor.id && last.how == How::Named && mention.how == How::Person
                {
                    let start = last.start;
                    *last = Mention { start, ..mention };
                    continue;
                }
            }
            merged.push(mention);
        }
        // Agent nouns no other rule took, with the capitalised words of their names before them.
        let agent_nouns = agent_nouns
            .into_iter()
            .filter(|(start, end, _)| !used[*start..*end].iter().any(|u| *u))
            .map(|(start, end, sector)| (unlisted::name_start(tokens, &used, start), end, sector))
            .collect();
        let mut listed = vec![false; tokens.len()];
        for (start, end, _) in found {
            listed[*start..*end].iter_mut().for_each(|l| *l = true);
        }
        Recognized { mentions: merged, places, asides, agent_nouns, listed }
    }

    /// A body the gazetteers do not know, defined in the text with its acronym: "the Malaysian
    /// Red Crescent Society (MRCS)". It becomes an organisation for the rest of the article, of
    /// the state its name holds.
    fn defined_acronyms(
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
            // The name: capitalised words (and "of", "and", "for") right before the parenthesis.
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
                continue;
            }
            let first = acronym.chars().next().unwrap_or(' ').to_ascii_lowercase();
            if !tokens[start..open].iter().any(|t| t.norm.starts_with(first)) {
                continue;
            }
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
            let cameo =
                format!("{}{}", country.as_deref().unwrap_or(""), if intergovernmental { "IGO" } else { "NGO" });
            let actor = Actor {
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
            };
            memory.acronyms.insert(acronym.to_string(), actor.clone());
            memory.last_org = Some(actor.clone());
            used[start..open + 3].iter_mut().for_each(|u| *u = true);
            mentions.push(Mention { start, end: open + 3, actor, how: How::Named, partner: None, group: false });
        }
    }

    /// "Japan's foreign minister", "Myanmar's generals": a state's or body's agent stands for it,
    /// with the agent's sector. A name after the title is left to the person finder.
    fn possessive_agents(
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
            let sector: String = sector.chars().take(3).collect();
            if mention.actor.kind == ActorKind::State {
                mention.actor.cameo = format!("{}{}", mention.actor.id, sector);
            }
            mention.actor.sector = Some(sector);
            used[mention.end..end].iter_mut().for_each(|u| *u = true);
            mention.end = end;
        }
    }

    /// Persons: a title followed by a capitalised name, or a known name; each acts for the
    /// state or body named right before its title or in its appositive.
    #[allow(clippy::too_many_arguments)] // the sentence's state, passed rather than bundled
    fn persons(
        &self,
        text: &str,
        tokens: &[Token],
        titles: &[(usize, usize, String)],
        mentions: &mut Vec<Mention>,
        used: &mut [bool],
        asides: &mut Vec<(usize, usize)>,
        memory: &mut Memory,
    ) {
        fn is_name_word(text: &str, tokens: &[Token], used: &[bool], i: usize) -> bool {
            tokens.get(i).is_some_and(|t| {
                let w = t.span.slice(text);
                w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase) && !used[i]
            })
        }
        // Titled persons.
        for (t_start, t_end, title) in titles {
            // A title right before another is its modifier, not a name: "Deputy Governor X" is
            // the governor's (the role reaches back over "Deputy" below).
            if titles.iter().any(|(s, _, _)| s == t_end)
                && tokens.get(*t_start).is_some_and(|t| is_title_modifier(t.span.slice(text)))
            {
                continue;
            }
            // "Administrator of the UNDP Achim Steiner": the body between title and name.
            let mut body_between: Option<usize> = None;
            let mut name_start = *t_end;
            if !is_name_word(text, tokens, used, name_start) && tokens.get(name_start).is_some_and(|t| t.norm == "of") {
                let at = if tokens.get(name_start + 1).is_some_and(|t| t.norm == "the") {
                    name_start + 2
                } else {
                    name_start + 1
                };
                if let Some(k) = mentions.iter().position(|m| m.start == at && m.how == How::Named) {
                    let mut after = mentions[k].end;
                    // A defined acronym may follow the name: "Programme (UNDP) Achim Steiner".
                    if tokens.get(after).is_some_and(|t| t.norm == "(")
                        && tokens.get(after + 2).is_some_and(|t| t.norm == ")")
                    {
                        after += 3;
                    }
                    if is_name_word(text, tokens, used, after) && is_name_word(text, tokens, used, after + 1) {
                        body_between = Some(k);
                        name_start = after;
                    }
                }
            }
            // A portfolio or post between title and name: "Assistant Secretary-General for Africa
            // Martha Pobee", "Deputy Minister of Planning and Investment Tran Quoc Phuong",
            // "Representative in Vietnam Rana Flowers".
            // A title that names part of the portfolio goes on with the rest: "Minister of
            // Agriculture and Rural Development Celso Matavele".
            let portfolio_goes_on = *t_end > 0
                && PORTFOLIO_WORDS.contains(&tokens[*t_end - 1].norm.as_str())
                && tokens.get(name_start).is_some_and(|t| matches!(t.norm.as_str(), "and" | ","));
            if name_start == *t_end
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
                if portfolio > 0
                    && words >= 2
                    && !title_follows
                    && !matches!(tokens[j - 1].norm.as_str(), "and" | "the" | ",")
                {
                    name_start = j;
                } else if portfolio == 0 {
                    // A state or region as the post ("to Japan", "in Vietnam", "for Africa"), then
                    // the name: after a recognised state the name is all that follows; after an
                    // unknown region, the last two capitalised words.
                    let post = (name_start + 1..tokens.len()).take_while(|&k| tokens[k].capital && used[k]).count();
                    let after = name_start + 1 + post;
                    let named = (after..tokens.len()).take_while(|&k| is_name_word(text, tokens, used, k)).count();
                    if post > 0 && named >= 2 && !titles.iter().any(|(s, _, _)| *s == after) {
                        name_start = after;
                    } else if post == 0 && named >= 3 {
                        name_start += 1 + named - 2;
                    }
                }
            }
            let mut end = name_start;
            while is_name_word(text, tokens, used, end) {
                end += 1;
            }
            let name_words = end - name_start;
            if name_words == 0 {
                continue;
            }
            let name = text[tokens[name_start].span.start..tokens[end - 1].span.end].to_string();
            // Extend the role to the left over modifiers ("Deputy", "former", "Sr. Lt.").
            let mut role_start = *t_start;
            while role_start > 0 && is_title_modifier(tokens[role_start - 1].span.slice(text)) && !used[role_start - 1]
            {
                role_start -= 1;
            }
            let role = text[tokens[role_start].span.start..tokens[t_end - 1].span.end].to_string();
            // Affiliation: a state or body named right before the role, or right after the name
            // ("King Hassan of Morocco").
            let before = mentions.iter().position(|m| m.end == role_start || (m.start < role_start && m.end >= *t_end));
            let of_after = if before.is_none() && tokens.get(end).is_some_and(|t| t.norm == "of") {
                mentions
                    .iter()
                    .position(|m| m.start == end + 1 || (m.start == end + 2 && tokens[end + 1].norm == "the"))
            } else {
                None
            };
            let before = before.or(of_after).or(body_between);
            let affiliation = before
                .map(|i| mentions.remove(i))
                .map(|m| m.actor)
                .or_else(|| self.appositive(tokens, end, titles, mentions, asides));
            let known = memory.persons.get(&crate::text::fold(&name)).cloned();
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
            let affiliation =
                affiliation.or(known.filter(|k| k.kind != ActorKind::Person)).or_else(body_post).or_else(home);
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
        // Untitled names: a capitalised run followed by an appositive title, or a known name.
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

    fn title_sector(&self, title: &str) -> Option<String> {
        let folded = crate::text::fold(title);
        self.lexicon.names.first_in(&crate::lexicon::spaced(&folded)).and_then(|id| match &self.lexicon.entries[id] {
            Entry::Agent { sector, .. } => Some(sector.chars().take(3).collect()),
            _ => None,
        })
    }

    /// Pronouns, definite descriptions and "the two sides".
    #[allow(clippy::too_many_arguments)] // the sentence's annotations so far, passed rather than bundled
    fn references(
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
                if tokens.get(end - 1).is_some_and(|t| parties(&t.norm))
                    && (next == "two" || tokens[end - 1].norm == "sides")
                {
                    if let Some((a, b)) = memory.two_sides() {
                        let written = text[tokens[i].span.start..tokens[end - 1].span.end].to_string();
                        let actor = Actor { text: written, ..a };
                        mentions.push(Mention {
                            start: i,
                            end,
                            actor,
                            how: How::BothSides,
                            partner: Some(b),
                            group: false,
                        });
                    }
                    i = end;
                    continue;
                }
            } else if let Some((end, person)) =
                (word == "the").then(|| titled_reference(text, tokens, found, i, memory)).flatten()
            {
                let written = text[tokens[i].span.start..tokens[end - 1].span.end].to_string();
                mentions.push(Mention {
                    start: i,
                    end,
                    actor: Actor { text: written, ..person },
                    how: How::Reference,
                    partner: None,
                    group: false,
                });
                i = end;
                continue;
            } else if word == "the" {
                // "the official", "the diplomat", "the organisation", "the (regional) bloc".
                let skip_adjective = matches!(
                    next,
                    "regional"
                        | "international"
                        | "global"
                        | "world"
                        | "humanitarian"
                        | "un"
                        | "u.n."
                        | "european"
                        | "asian"
                ) && !used.get(i + 1).copied().unwrap_or(true);
                let noun_at = if skip_adjective { i + 2 } else { i + 1 };
                if used.get(noun_at).copied().unwrap_or(true) {
                    i += 1;
                    continue;
                }
                let noun = tokens.get(noun_at).map(|t| t.norm.as_str()).unwrap_or("");
                let reference = if matches!(
                    noun,
                    "organisation"
                        | "organization"
                        | "agency"
                        | "federation"
                        | "society"
                        | "bloc"
                        | "fund"
                        | "programme"
                        | "bank"
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
                if let Some(actor) = reference {
                    let written = text[tokens[i].span.start..tokens[noun_at].span.end].to_string();
                    mentions.push(Mention {
                        start: i,
                        end: noun_at + 1,
                        actor: Actor { text: written, ..actor },
                        how: How::Reference,
                        partner: None,
                        group: false,
                    });
                    i = noun_at + 1;
                    continue;
                }
            }
            i += 1;
        }
    }
}

/// "the Deputy PM", "the Prime Minister" with no name after it: the person of the article who
/// holds that office (the last to act, or the only one), and where the words end.
fn titled_reference(
    text: &str,
    tokens: &[Token],
    found: &[(usize, usize, &Entry)],
    the: usize,
    memory: &Memory,
) -> Option<(usize, Actor)> {
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
        return Some((end, last.clone()));
    }
    let mut holders = memory.persons.values().filter(holds);
    let first = holders.next()?;
    holders.all(|other| other.person == first.person).then(|| (end, first.clone()))
}

fn is_title_modifier(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "deputy"
            | "vice"
            | "former"
            | "acting"
            | "senior"
            | "sr"
            | "lt"
            | "gen"
            | "first"
            | "permanent"
            | "chief"
            | "assistant"
            | "executive"
            | "foreign"
            | "defence"
            | "defense"
            | "regional"
            | "country"
            | "trade"
            | "cabinet"
            | "managing"
            | "general"
            | "interim"
    )
}

fn person_actor(affiliation: Option<Actor>, name: &str, role: &str, sector: Option<String>, written: &str) -> Actor {
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
fn remember(memory: &mut Memory, name: &str, actor: &Actor) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    /// A person found: `(body, name, role)`.
    type Person = (String, Option<String>, Option<String>);

    /// What one sentence, the first of its article, names; and the persons among it.
    fn recognize(text: &str) -> (Recognized, Vec<Person>) {
        let lexicon = Lexicon::embedded().expect("lexicons load");
        let tokens = crate::sentences::tokenize(text, Span::new(0, text.len()));
        let recognizer = Recognizer::new(&lexicon);
        let found = recognizer.recognize(text, &tokens, &recognizer.find(text, &tokens), &mut Memory::default());
        let persons = found
            .mentions
            .iter()
            .filter(|m| m.how == How::Person)
            .map(|m| (m.actor.id.clone(), m.actor.person.clone(), m.actor.role.clone()))
            .collect();
        (found, persons)
    }

    fn person(body: &str, name: &str, role: &str) -> Person {
        (body.to_string(), Some(name.to_string()), Some(role.to_string()))
    }

    #[test]
    fn a_capital_after_a_preposition_is_a_place_not_a_person() {
        let (found, persons) = recognize(
            "Answering questions in Ha Noi, Deputy Spokesperson Nguyen Thu Trang said the report was biased.",
        );
        // No state is named yet, so the person stands for no one but herself.
        assert_eq!(persons, [person("Nguyen Thu Trang", "Nguyen Thu Trang", "Deputy Spokesperson")]);
        assert!(found.places.iter().any(|p| p.name == "Ha Noi" && p.country == "VNM"));
    }

    #[test]
    fn a_title_before_a_title_modifies_it() {
        let (_, persons) = recognize(
            "The loan was signed by Deputy Governor of the Central Bank of Kenya (CBK) Wanjiru Kamau on Monday.",
        );
        assert_eq!(persons, [person("CBK", "Wanjiru Kamau", "Deputy Governor")]);
    }
}
