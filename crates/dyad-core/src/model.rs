//! The types every stage shares: an [`Article`] read from input, and the coded [`Event`]s with
//! their [`Actor`]s, dates, places and provenance ([`Span`]).
//!
//! These are also the output contract: an [`Event`] serialises to exactly one line of
//! `dyad code`'s JSON Lines (documented in the README).

use serde::{Deserialize, Serialize};

use crate::vocab::{Cameo, EventType, Sector};

/// A news article as read from input, before cleaning.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Identifier: the `id` field of a JSON line, or the stem of a file name.
    pub id: String,
    /// Canonical address of the article, when known.
    #[serde(default)]
    pub url: Option<String>,
    /// Publication date `YYYY-MM-DD`, when known.
    #[serde(default)]
    pub published: Option<String>,
    /// Headline, when known.
    #[serde(default)]
    pub title: Option<String>,
    /// The full text as read (every span points into this string).
    pub text: String,
}

/// A half-open range `[start, end)` of **byte** offsets into an article's original text.
///
/// In JSON output spans are converted to Unicode code point offsets (see [`CharSpan`]), which is
/// what `text[start:end]` in Python and most analysis tools expect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text this span covers in `text` (empty when out of range).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A half-open range of Unicode code point offsets, as written in JSON output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// What kind of entity an actor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A state (id is ISO 3166 alpha-3).
    State,
    /// An intergovernmental organisation (UN, ASEAN, EU, WTO ...).
    Igo,
    /// A non-governmental organisation (Red Cross societies, Amnesty ...).
    Ngo,
    /// A company or business.
    Business,
    /// A rebel, militant or other armed non-state group.
    Group,
    /// A person with no known affiliation.
    Person,
    /// Anything else (an unaffiliated sector such as "protesters" in a country).
    Other,
}

impl ActorKind {
    /// The lowercase name used in data files and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Igo => "igo",
            ActorKind::Ngo => "ngo",
            ActorKind::Business => "business",
            ActorKind::Group => "group",
            ActorKind::Person => "person",
            ActorKind::Other => "other",
        }
    }

    /// Parses the lowercase name used in data files.
    pub fn parse(name: &str) -> Option<ActorKind> {
        Some(match name {
            "state" => ActorKind::State,
            "igo" => ActorKind::Igo,
            "ngo" => ActorKind::Ngo,
            "business" => ActorKind::Business,
            "group" => ActorKind::Group,
            "person" => ActorKind::Person,
            "other" => ActorKind::Other,
            _ => return None,
        })
    }
}

/// The source or target of an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// ISO 3166 alpha-3 for a state, the usual acronym or short name for an organisation,
    /// the name for an unaffiliated person.
    pub id: String,
    /// Full name of the entity (state or organisation the actor is or acts for).
    pub name: String,
    /// What kind of entity `id` is.
    pub kind: ActorKind,
    /// ISO 3166 alpha-3 of the state the actor belongs to, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The organisation a body or person belongs to ("UN" for the DPO), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// PLOVER/CAMEO sector (GOV, MIL, LEG, JUD, ...), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// CAMEO actor code such as `VNMGOV` or `IGOUNO`.
    pub cameo: String,
    /// The person who acted, when a person acted for the state or body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The person's role or title ("Ambassador", "Secretary General").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The actor as written in the sentence ("the diplomat", "Hanoi").
    pub text: String,
    /// Other names the article gives the actor: acronyms it defines ("Cambodian Red Cross
    /// (CRC)") where they differ from `id`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// How the actor was found in the sentence: `gazetteer` (a list's name or a defined
    /// acronym), `person` (a titled or known person), `reference` (a pronoun or description
    /// resolved to an earlier actor), `both-sides`, `place` (the state a place lies in),
    /// `own-state` (a domestic action's own state), `agent-noun` ("police", "protesters") or
    /// `unlisted-name` (a name in no list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how: Option<std::borrow::Cow<'static, str>>,
}

/// How precisely an event's date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    /// The day is known.
    Day,
    /// Only the month is known (`date` is `YYYY-MM`).
    Month,
    /// Only the year is known (`date` is `YYYY`).
    Year,
}

/// A stated period an event or agreement covers ("for 2023 - 2028").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Start (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub start: Option<String>,
    /// End (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub end: Option<String>,
    /// The period as written.
    pub text: String,
}

/// Where an event happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The place name, as in the gazetteer ("Hanoi", "New York").
    pub name: String,
    /// ISO 3166 alpha-3 of the country the place is in, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// What kind of commitment an event expresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommitmentKind {
    /// A promise to do something ("pledged to reinforce").
    Pledge,
    /// An offer ("offered to host").
    Offer,
    /// A request or proposal to the counterpart ("requested the organisation to continue").
    Request,
    /// An agreement between the parties ("signed an MoU for 2023 - 2028").
    Agreement,
}

impl CommitmentKind {
    /// The lowercase name used in JSON and the store.
    pub fn as_str(&self) -> &'static str {
        match self {
            CommitmentKind::Pledge => "pledge",
            CommitmentKind::Offer => "offer",
            CommitmentKind::Request => "request",
            CommitmentKind::Agreement => "agreement",
        }
    }
}

/// A promise, request or agreement carried by an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// Pledge, offer, request or agreement.
    pub kind: CommitmentKind,
    /// What is committed, as written ("reinforce the IFRC-VRCS collaboration").
    pub what: String,
}

/// One coded event with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The article the event was coded from.
    pub article_id: String,
    /// PLOVER event type (AGREE, CONSULT, SUPPORT, REQUEST, ...).
    pub event_type: EventType,
    /// PLOVER mode, when the text supports one.
    #[serde(default)]
    pub mode: Option<String>,
    /// PLOVER contexts (topics) the sentence supports.
    #[serde(default)]
    pub contexts: Vec<String>,
    /// CAMEO event code.
    pub cameo: Cameo,
    /// Who acted.
    pub source: Option<Actor>,
    /// Whom the action was directed at (none for some events).
    pub target: Option<Actor>,
    /// Date of the event itself: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    #[serde(default)]
    pub date: Option<String>,
    /// How precise `date` is.
    #[serde(default)]
    pub date_precision: Option<DatePrecision>,
    /// A period the event covers, when one is stated.
    #[serde(default)]
    pub period: Option<Period>,
    /// Where the event happened.
    #[serde(default)]
    pub location: Option<Location>,
    /// The commitment the event expresses, for pledges, offers, requests and agreements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<Commitment>,
    /// Confidence in the coding, in `[0, 1]`; written rounded to two decimals (see
    /// [`round_confidence`]).
    #[serde(serialize_with = "serialize_confidence")]
    pub confidence: f32,
    /// The sentence the event was coded from.
    pub sentence: String,
    /// The sentence's span in the article text, in code points.
    pub span: CharSpan,
    /// The span of the words that triggered the event type, in code points.
    #[serde(default)]
    pub trigger: CharSpan,
    /// Words that triggered the event ("lauded", "signed a memorandum").
    #[serde(default)]
    pub trigger_text: String,
    /// Why the event is here: the pattern that fired (`pattern:curated:ID`, the id column of
    /// `data/patterns.tsv`; `pattern:petrarch:LINE` of `data/petrarch-patterns.tsv`), then every
    /// rule that read or shaped it (`rule:future-reading`, `role:passive-agent`, ...), as
    /// `dyad rules` lists them.
    #[serde(default)]
    pub rule: String,
}

/// A confidence as it is written out: two decimals, as an `f64` (0.7 rather than the
/// 0.699999988079071 that the `f32` 0.7 becomes when widened), since the coder's scores mean
/// nothing finer.
pub fn round_confidence(confidence: f32) -> f64 {
    (f64::from(confidence) * 100.0).round() / 100.0
}

fn serialize_confidence<S: serde::Serializer>(confidence: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round_confidence(*confidence))
}
