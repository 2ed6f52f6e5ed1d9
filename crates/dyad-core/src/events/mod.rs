//! Event coding: verb patterns find what happened, the words around them say who did it to
//! whom, and the sentence gives the date, place, period, contexts and commitment.
//!
//! PLOVER's conventions hold: praise, thanks and signing are SUPPORT; promises and
//! future-tense cooperation are AGREE; meetings, talks, visits and calls are CONSULT; requests,
//! proposals and calls on someone are REQUEST. Passive voice swaps the roles, reciprocal
//! subjects ("X and Y signed", "the two sides agreed") give both directions, negation drops the
//! event, and an action inside another's complement ("pledged to reinforce") is not coded twice.
//!
//! One file per question the coder asks of a trigger, in the order it asks them
//! ([`code_sentence`]):
//! - [`triggers`]: which words of the sentence are an event (the verb patterns);
//! - [`clauses`]: does the trigger report an event of its own (not negated, not inside another's
//!   complement, not subordinate)?
//! - [`readings`]: which type and CAMEO code (a refusal, a threat, the future tense);
//! - [`roles`]: who is its source and who its target (the parse, then word order);
//! - [`parties`]: which pairs of actors become events (partners, joined targets, the own state);
//! - [`confidence`] and [`commitments`]: how sure, and what was promised.
//!
//! Every rule has a name (`rule:negated`, `role:passive-agent` ...) that the events it shaped
//! carry in their `rule`, or that `dyad explain` prints beside the triggers it dropped.

use crate::actors::{Mention, Place};
use crate::lexicon::Lexicon;
use crate::model::{Actor, Commitment};
use crate::sentences::Token;
use crate::vocab::Cameo;
use crate::vocab::EventType::{self, Mobilize, Protest, Retreat};

mod clauses;
mod commitments;
mod confidence;
mod parties;
mod readings;
mod roles;
mod triggers;

pub(crate) use clauses::SPEECH;
pub use triggers::{find_triggers, find_triggers_with, may_trigger, SentenceWords};

/// A verb pattern found in a sentence.
#[derive(Clone, Debug)]
pub struct Trigger {
    /// The pattern.
    pub pattern: usize,
    /// First token of the match.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The token of the verb (or the first word).
    pub head: usize,
    /// How specific the match is.
    pub score: f32,
}

/// An event found in a sentence, before dates, places and provenance are attached.
#[derive(Clone, Debug)]
pub struct Coded {
    /// The trigger.
    pub trigger: Trigger,
    /// PLOVER type.
    pub event_type: EventType,
    /// CAMEO code.
    pub cameo: Cameo,
    /// Who acted.
    pub source: Actor,
    /// At whom.
    pub target: Option<Actor>,
    /// Token index of the source mention.
    pub source_at: usize,
    /// Confidence.
    pub confidence: f32,
    /// The commitment the event carries.
    pub commitment: Option<Commitment>,
    /// Whether the target is only the state a place lies in ("signed ... in Hanoi").
    pub target_is_place: bool,
    /// The pattern that fired and the rules that changed its reading (the event's `rule`).
    pub rule: String,
}

/// A trigger, or one event of it, that a rule dropped: what `dyad explain` shows as dropped.
#[derive(Clone, Debug)]
pub struct Dropped {
    /// The trigger.
    pub trigger: Trigger,
    /// The rule that dropped it (`rule:negated`, `rule:no-source` ...).
    pub rule: &'static str,
}

const PREPOSITIONS: &[&str] = &[
    "of",
    "with",
    "between",
    "to",
    "for",
    "from",
    "in",
    "at",
    "by",
    "on",
    "via",
    "including",
    "among",
    "about",
    "against",
    "into",
    "towards",
    "toward",
    "through",
    "over",
    "under",
    "within",
    "like",
    "as",
    "than",
    "amid",
    "across",
];
const BE: &[&str] = &["was", "were", "is", "are", "been", "being", "be", "got", "get", "gets"];

/// One token's place in the dependency tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dep {
    /// 1-based index of the head token; 0 for the root.
    pub head: usize,
    /// Universal dependency relation ("nsubj", "obj", "obl:agent" ...).
    pub deprel: String,
}

/// What the rules read of one sentence.
struct SentenceParts<'a> {
    lexicon: &'a Lexicon,
    tokens: &'a [Token],
    /// Its actors, in order.
    mentions: &'a [Mention],
    /// The actors that places after the verb stand for: a target of last resort.
    places: &'a [Mention],
    /// Each token's head and relation, when the sentence was parsed.
    deps: Option<&'a [Dep]>,
    /// Token ranges of relative clauses and appositives: actors inside are no main-clause subject.
    relative: Vec<(usize, usize)>,
    /// The triggers, but verbs of intent before "to".
    triggers: Vec<Trigger>,
}

/// One trigger's type and CAMEO code, and the pattern and rules that gave them (the event's
/// `rule`).
struct Reading {
    event_type: EventType,
    cameo: Cameo,
    rule: String,
}

impl Reading {
    /// `rule` reads the event as another type and code, as `data/readings.tsv` says; false when
    /// it has no reading for the event's type.
    fn turn(&mut self, lexicon: &Lexicon, rule: &str) -> bool {
        let Some((event_type, cameo)) = lexicon.reading(rule, self.event_type) else { return false };
        self.event_type = event_type;
        self.cameo = cameo.clone();
        self.note(rule);
        true
    }

    /// A rule shaped the event: it is named in the event's `rule`.
    fn note(&mut self, rule: &str) {
        self.rule.push(' ');
        self.rule.push_str(rule);
    }
}

/// Codes the events of one sentence from its tokens, actors and triggers.
///
/// `places` are the actors that places after the verb stand for ("agreed to set up a centre in
/// Tokyo"): a target of last resort.
///
/// `deps`, when the sentence was parsed, gives each token's head (1-based, 0 for the root) and
/// relation: subjects, objects, obliques and passive agents then come from the parse, and the
/// word-order rules fill in what the parse leaves open.
///
/// Every trigger that gives no event is pushed to `dropped` with the rule that dropped it.
pub fn code_sentence(
    lexicon: &Lexicon,
    tokens: &[Token],
    mentions: &[Mention],
    places: &[Mention],
    triggers: &[Trigger],
    deps: Option<&[Dep]>,
    dropped: &mut Vec<Dropped>,
) -> Vec<Coded> {
    // Rule `rule:intent-before-to`: "wants to attack", "seeking to deepen": a verb of intent
    // directly before "to" is no request; the verb after it is coded, as an intention.
    let (intent, triggers): (Vec<Trigger>, Vec<Trigger>) =
        triggers.iter().cloned().partition(|t| clauses::intent_before_to(lexicon, tokens, t));
    dropped.extend(intent.into_iter().map(|trigger| Dropped { trigger, rule: "rule:intent-before-to" }));
    let relative = clauses::relative_clauses(tokens, mentions);
    let s = SentenceParts { lexicon, tokens, mentions, places, deps, relative, triggers };
    let mut out = Vec::new();
    let mut carried = roles::Carried::default();
    for k in 0..s.triggers.len() {
        if let Err(rule) = code_trigger(&s, k, &mut carried, &mut out, dropped) {
            dropped.push(Dropped { trigger: s.triggers[k].clone(), rule });
        }
    }
    out
}

/// Codes trigger `k`: the questions of this module's files, in order. `Err` names the rule that
/// found no event.
fn code_trigger<'a>(
    s: &SentenceParts<'a>,
    k: usize,
    carried: &mut roles::Carried<'a>,
    out: &mut Vec<Coded>,
    dropped: &mut Vec<Dropped>,
) -> Result<(), &'static str> {
    let trigger = &s.triggers[k];
    let pattern = &s.lexicon.patterns[trigger.pattern];
    clauses::not_inside_another(s, k)?;
    if s.tokens[trigger.head].norm == "must" {
        out.extend(readings::must_demand(s, pattern, trigger));
        return Ok(());
    }
    clauses::reports_its_own(s, k)?;
    let mut reading = readings::of_pattern(s, k);
    let roles = roles::find(s, k, &mut reading, carried)?;
    readings::future(s, trigger, &mut reading, roles.source, roles.target.is_some());
    let mut parties = parties::of(s, trigger, &mut reading, roles)?;
    readings::reported_violence(s, &mut reading, &mut parties);
    let own_state = parties::own_state(pattern, reading.event_type, &parties);
    if own_state.is_some() {
        reading.note("role:own-state");
    }
    // An event needs someone it is directed at, but for protests, shows of force and retreats
    // ("resigned", "declared a ceasefire"), and for what rule `role:stands-without-target` keeps.
    if parties.target.is_none()
        && own_state.is_none()
        && !parties.reciprocal
        && !matches!(reading.event_type, Protest | Mobilize | Retreat)
    {
        if !readings::stands_without_target(pattern, reading.event_type) {
            return Err("rule:no-target");
        }
        reading.note("role:stands-without-target");
    }
    parties::emit(s, trigger, &reading, &parties, own_state.as_ref(), out, dropped);
    Ok(())
}

/// The place of an event: the first place after the trigger, else the first in the sentence,
/// cities before whole states.
pub fn place_of<'p>(places: &'p [Place], trigger: &Trigger) -> Option<&'p Place> {
    let cities: Vec<&Place> = places.iter().filter(|p| !p.is_state).collect();
    cities
        .iter()
        .find(|p| p.start >= trigger.end)
        .or_else(|| cities.first())
        .copied()
        .or_else(|| places.iter().find(|p| p.start >= trigger.end && p.is_state))
}
