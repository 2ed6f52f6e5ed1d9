//! Which type and CAMEO code a trigger gives: its pattern's, unless a rule reads it otherwise (a
//! refusal rejects, an intention to use force threatens, the future tense promises, violence that
//! someone reports is their accusation, "X must" is a demand).

use super::clauses::{negated, refused};
use super::parties::Parties;
use super::roles::{reciprocal_partners, subject_of};
use super::{Coded, Reading, SentenceParts, Trigger};
use crate::actors::Mention;
use crate::lexicon::Pattern;
use crate::model::ActorKind;
use crate::sentences::Token;
use crate::vocab::EventType::{self, *};

/// The pattern's reading of trigger `k`, turned by rule `rule:refusal` ("would not provide
/// support" rejects) and rule `rule:intent-to-use-force` ("is prepared to impose martial law"
/// threatens).
pub(super) fn of_pattern(s: &SentenceParts, k: usize) -> Reading {
    let trigger = &s.triggers[k];
    let pattern = &s.lexicon.patterns[trigger.pattern];
    let event_type = pattern.event_type.expect("a phrase that is no event gives no trigger");
    let mut reading = Reading { event_type, cameo: pattern.cameo.clone(), rule: pattern.id.clone() };
    if negated(s.tokens, trigger) && refused(s.tokens, trigger) {
        reading.turn(s.lexicon, "rule:refusal");
    }
    if reading.event_type == Agree {
        // "agreed to bomb", and "is ready to bomb" whose pattern holds the "to".
        let to_verb = |next: &&Trigger| {
            let to = |i: usize| s.tokens.get(i).is_some_and(|t| t.norm == "to");
            (next.start == trigger.end + 1 && to(trigger.end)) || (next.start == trigger.end && to(trigger.end - 1))
        };
        if let Some(next) = s.triggers.get(k + 1).filter(to_verb) {
            let next = &s.lexicon.patterns[next.pattern];
            if next.curated && matches!(next.event_type, Some(Assault | Coerce)) {
                reading.turn(s.lexicon, "rule:intent-to-use-force");
            }
        }
    }
    reading
}

/// Rule `rule:future-reading`: an event told in the future tense is a promise ("will provide aid"
/// is AGREE) or a threat ("will strike"). A promised release or concession to someone is an
/// agreement ("will allow the inspectors to return"; a bare "will resign" stays a retreat); a
/// retreat promised on a condition is a threat ("will withdraw its force unless").
pub(super) fn future(s: &SentenceParts, trigger: &Trigger, reading: &mut Reading, source: &Mention, has_target: bool) {
    if !is_future(s.tokens, trigger, source.end) {
        return;
    }
    reading.turn(s.lexicon, "rule:future-reading");
    if has_target {
        reading.turn(s.lexicon, "rule:promised-concession");
    }
    let conditional = s.tokens[trigger.end..].iter().any(|t| matches!(t.norm.as_str(), "unless" | "if"));
    let pattern_type = s.lexicon.patterns[trigger.pattern].event_type;
    if conditional && matches!(pattern_type, Some(Retreat | Sanction)) {
        reading.turn(s.lexicon, "rule:conditional-threat");
    }
}

/// Rule `rule:reported-violence`: reported violence is an accusation by the one who reports it:
/// "The US said that Iraq had attacked ...".
pub(super) fn reported_violence<'a>(s: &SentenceParts<'a>, reading: &mut Reading, parties: &mut Parties<'a>) {
    if !matches!(reading.event_type, Assault | Coerce) {
        return;
    }
    if let Some(speaker) = reporting_speaker(s.tokens, s.mentions, parties.source) {
        reading.turn(s.lexicon, "rule:reported-violence");
        parties.target = Some(parties.source);
        parties.source = speaker;
    }
}

const FUTURE: &[&str] = &[
    "will", "would", "shall", "'ll", "plans", "plan", "planned", "intends", "intend", "expects", "hopes", "wants",
    "want", "wanted", "seeks", "seek", "seeking", "aims", "aiming",
];

/// Rule `role:stands-without-target`: a promise, an accusation or a refusal told with a curated
/// pattern is an event of its source even when no one it is addressed to is named: "Norway agreed
/// to accept 500 refugees", "Prosecutors opened an investigation", "The ministry rejected the
/// report". PETRARCH2's patterns, broader, still need a target (their targetless matches are
/// mostly misreadings), and so do the other types.
pub(super) fn stands_without_target(pattern: &Pattern, event_type: EventType) -> bool {
    pattern.curated && matches!(event_type, Agree | Accuse | Reject)
}

const REPORTING: &[&str] =
    &["said", "says", "claimed", "claims", "alleged", "alleges", "charged", "accused", "reported"];

/// Event types that can set two parties of one state against each other.
pub(super) const WITHIN_STATE: &[EventType] = &[Assault, Coerce, Protest, Accuse, Reject, Threaten];

/// Event types a refusal turns into a rejection.
pub(super) const COOPERATIVE: &[EventType] = &[Agree, Support, Aid, Cooperate, Consult, Concede, Retreat];

/// Words that say what someone holds: the speaker of "X must ..." is the one who uses them.
const SAYING: &[&str] = &[
    "said",
    "says",
    "say",
    "declared",
    "declares",
    "reiterated",
    "reiterates",
    "concluded",
    "insisted",
    "insists",
    "warned",
    "warns",
    "stressed",
    "stresses",
    "told",
    "tells",
    "reminder",
    "announced",
    "argued",
    "maintained",
    "added",
    "demanded",
    "urged",
    "stated",
    "believes",
    "believed",
];

/// "Russia said Sudan must return the helicopter", "Iraq must disarm, the US said": a demand
/// (REQUEST) by the speaker on the subject of "must".
pub(super) fn must_demand(s: &SentenceParts, pattern: &Pattern, trigger: &Trigger) -> Vec<Coded> {
    let (tokens, mentions, relative) = (s.tokens, s.mentions, &s.relative[..]);
    let Some(first) = must_demand_on(tokens, mentions, pattern, trigger, relative) else { return Vec::new() };
    // "the US and Britain must": a demand on each.
    let target_at = mentions
        .iter()
        .find(|m| m.actor == *first.target.as_ref().expect("a demand has a target") && m.end <= trigger.start);
    let mut out = vec![first.clone()];
    if let Some(target) = target_at {
        for other in reciprocal_partners(tokens, mentions, target) {
            if other.actor.id != first.source.id && other.actor.kind != ActorKind::Person {
                out.push(Coded { target: Some(other.actor.clone()), ..first.clone() });
            }
        }
    }
    out
}

fn must_demand_on(
    tokens: &[Token],
    mentions: &[Mention],
    pattern: &Pattern,
    trigger: &Trigger,
    relative: &[(usize, usize)],
) -> Option<Coded> {
    let target = subject_of(tokens, mentions, trigger, relative, None)
        .filter(|m| m.end <= trigger.start && trigger.start - m.end <= 8)?;
    let saying_before = (0..target.start).rev().find(|&i| SAYING.contains(&tokens[i].norm.as_str()));
    let source = match saying_before {
        Some(at) => {
            let verb = Trigger { pattern: trigger.pattern, start: at, end: at + 1, head: at, score: 0.0 };
            subject_of(tokens, mentions, &verb, relative, None).filter(|m| m.end <= at)
        }
        None => {
            let at = (trigger.end..tokens.len()).find(|&i| SAYING.contains(&tokens[i].norm.as_str()))?;
            let comma_before = tokens[..at].iter().rposition(|t| t.norm == ",")?;
            mentions.iter().find(|m| m.start > comma_before && m.start <= at + 6 && m.start != at)
        }
    }?;
    if source.actor.id == target.actor.id && source.actor.sector == target.actor.sector {
        return None;
    }
    if source.actor.kind == ActorKind::Person || target.actor.kind == ActorKind::Person {
        return None;
    }
    Some(Coded {
        trigger: trigger.clone(),
        event_type: Request,
        cameo: pattern.cameo.clone(),
        source: source.actor.clone(),
        target: Some(target.actor.clone()),
        source_at: source.start,
        confidence: 0.6,
        commitment: None,
        target_is_place: false,
        rule: format!("{} rule:must-demand", pattern.id),
    })
}

/// The actor who reports a clause: "<speaker> said (that) <subject> ...".
fn reporting_speaker<'m>(tokens: &[Token], mentions: &'m [Mention], subject: &Mention) -> Option<&'m Mention> {
    let mut i = subject.start;
    while i > 0 && matches!(tokens[i - 1].norm.as_str(), "that" | "the") {
        i -= 1;
    }
    if i == 0 || !REPORTING.contains(&tokens[i - 1].norm.as_str()) {
        return None;
    }
    mentions.iter().rev().find(|m| m.end < i && m.actor.id != subject.actor.id)
}

fn is_future(tokens: &[Token], trigger: &Trigger, subject_end: usize) -> bool {
    let from = subject_end.min(trigger.head).max(trigger.head.saturating_sub(12));
    tokens[from..trigger.head].iter().any(|t| FUTURE.contains(&t.norm.as_str()))
}
