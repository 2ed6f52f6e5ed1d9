//! Actors: who is named in a sentence. States by name, demonym and capital; organisations by
//! name and acronym (and acronyms the article defines); persons with titles, who act for their
//! state or body; and references back to earlier actors ("he", "the official", "the
//! organisation", "the Chinese side", "the two sides", a surname alone).

use crate::vocab::Sector;
use std::collections::HashMap;

mod acronyms;
mod named;
mod persons;
mod references;
pub mod unlisted;
mod words;

pub use words::{is_referring_noun, GROUP_NOUNS};

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
        let sector = sector.map(Sector::of);
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
        let sentence = Sentence { text, tokens, found };
        let org_before = memory.last_org.clone();
        let mut gathered = Gathered {
            mentions: Vec::new(),
            places: Vec::new(),
            used: vec![false; tokens.len()],
            titles: Vec::new(),
            asides: Vec::new(),
            agent_nouns: Vec::new(),
        };
        self.remembered_acronyms(sentence, memory, &mut gathered);
        for k in 0..found.len() {
            self.named(sentence, k, memory, &mut gathered);
        }
        let Gathered { mut mentions, places, mut used, titles, mut asides, agent_nouns } = gathered;

        self.defined_acronyms(text, tokens, &mut mentions, &mut used, memory);
        self.possessive_agents(tokens, found, &mut mentions, &mut used);
        self.persons(text, tokens, &titles, &mut mentions, &mut used, &mut asides, memory);
        self.references(text, tokens, found, &mut mentions, &used, memory, org_before);
        // Undefined acronyms defined by a parenthesis after a multiword name ("(IFRC)") were
        // absorbed above; sort for the coder.
        mentions.sort_by_key(|m| m.start);
        let merged = merge_titled_persons(tokens, mentions);
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
}

/// "Libyan leader Muammar Gaddafi": a demonym and a person of the same state, at most two words
/// apart, are one actor. `mentions` are in order.
fn merge_titled_persons(tokens: &[Token], mentions: Vec<Mention>) -> Vec<Mention> {
    let mut merged: Vec<Mention> = Vec::with_capacity(mentions.len());
    for mention in mentions {
        if let Some(last) = merged.last_mut() {
            let gap = &tokens[last.end.min(mention.start)..mention.start];
            let joinable = gap.len() <= 2
                && gap.iter().all(|t| t.norm.chars().all(char::is_alphabetic) && t.norm != "and" && t.norm != "or");
            if joinable && last.actor.id == mention.actor.id && last.how == How::Named && mention.how == How::Person {
                let start = last.start;
                *last = Mention { start, ..mention };
                continue;
            }
        }
        merged.push(mention);
    }
    merged
}

/// A sentence being read: its text, its tokens and the gazetteer's matches in it.
#[derive(Clone, Copy)]
struct Sentence<'s, 'a> {
    text: &'s str,
    tokens: &'s [Token],
    found: &'s [(usize, usize, &'a Entry)],
}

impl Sentence<'_, '_> {
    /// The words of tokens `s..e` as written: "Vietnam Red Cross Society" ("" for no tokens).
    fn written(&self, s: usize, e: usize) -> String {
        if s >= e || e > self.tokens.len() {
            return String::new();
        }
        self.text[self.tokens[s].span.start..self.tokens[e - 1].span.end].to_string()
    }
}

/// What the reading of one sentence has gathered so far.
struct Gathered {
    /// Actors, in the order found.
    mentions: Vec<Mention>,
    /// Places.
    places: Vec<Place>,
    /// Tokens a mention took.
    used: Vec<bool>,
    /// Titles for the person finder, `(start, end, written)`: "Foreign Minister".
    titles: Vec<(usize, usize, String)>,
    /// Token ranges of appositives.
    asides: Vec<(usize, usize)>,
    /// Agent nouns with no state named, `(start, end, sector)`: "police".
    agent_nouns: Vec<(usize, usize, String)>,
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
