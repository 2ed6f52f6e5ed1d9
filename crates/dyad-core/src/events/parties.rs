//! Which pairs of actors a trigger's event is between: a place as the target of last resort,
//! people who are no party to cooperation, reciprocal subjects ("X and Y met": each met the
//! other), joined targets ("lifted embargoes on Iran, Libya and Cuba": one event each), a
//! domestic action's own state, and no event of a party with itself.

use super::commitments::commitment_of;
use super::confidence::confidence;
use super::roles::{another_person, conjuncts, is_named, is_people, reciprocal_partners, Roles};
use super::{Coded, Dropped, Reading, SentenceParts, Trigger};
use crate::actors::{How, Mention};
use crate::lexicon::Pattern;
use crate::model::{Actor, ActorKind};
use crate::vocab::EventType::{self, *};
use crate::vocab::Sector;

/// The parties of one trigger's event.
pub(super) struct Parties<'a> {
    pub(super) source: &'a Mention,
    pub(super) target: Option<&'a Mention>,
    pub(super) passive: bool,
    pub(super) within_state: bool,
    /// Whether the source acts with partners joined to it, each towards the others.
    pub(super) reciprocal: bool,
    /// Whether the event is cooperation, aid, a meeting, a promise or a request.
    pub(super) cooperative: bool,
}

/// The parties of an event read as `reading` from its roles, or the rule that finds the source
/// no party to it (`role:people-not-partners`).
pub(super) fn of<'a>(
    s: &SentenceParts<'a>,
    trigger: &Trigger,
    reading: &mut Reading,
    roles: Roles<'a>,
) -> Result<Parties<'a>, &'static str> {
    let event_type = reading.event_type;
    let Roles { source, target, passive, within_state } = roles;
    // Rule `role:reciprocal`: "X and Y met": each meets the other; "X and Y protested": both
    // protest, at someone else.
    let mutual = matches!(event_type, Consult | Agree | Support | Cooperate | Reject | Sanction);
    let reciprocal =
        mutual && (source.partner.is_some() || !reciprocal_partners(s.tokens, s.mentions, source).is_empty());
    // Rule `role:place-target`: whole states only for visits, aid, and for force and domestic
    // measures ("arrived in Australia", "gave 30 million dollars for schools in Laos", "fired at
    // Russia", "eased measures in Montenegro"); cooperation "in Vietnam" is not directed at Vietnam.
    let cooperative = matches!(event_type, Support | Agree | Request | Cooperate | Aid | Consult);
    let mode = s.lexicon.cameo.get(reading.cameo.as_str()).and_then(|info| info.mode.as_deref());
    // Rule `role:promise-at-place`: a promise reaches the place of what it promises, as far as
    // its complement goes ("ready to send 4,000 troops to a force in Liberia", "agreed to build
    // two hospitals in Louisiana"). Rule `role:third-location`: a meeting at a third location
    // is coded to the place where it is held ("attended a summit in Switzerland").
    let promise = event_type == Agree;
    let third = mode == Some("third-party");
    // Rule `role:refuge-at-place`: people who seek refuge or asylum in a state ask it for
    // protection ("Malian refugees sought refuge in Niger"); they are a party to that request.
    let refuge = event_type == Request
        && s.tokens[trigger.start..trigger.end]
            .iter()
            .any(|t| matches!(t.norm.as_str(), "refuge" | "asylum" | "sanctuary"));
    let visit = mode == Some("visit") || third || promise || refuge || event_type == Aid || !cooperative;
    // Aid reaches its place as far as its recipient (rule `role:aid-recipient-far`).
    let reach = match event_type {
        Aid => super::roles::AID_REACH,
        Agree => super::roles::INTENTION_REACH,
        _ => 10,
    };
    // Rule `role:violence-in-own-state`: force within a state is directed at the place where it
    // happened: "Iraqi forces seized oil fields near Kirkuk".
    let own_state_force = event_type == Assault && source.actor.kind == ActorKind::State;
    let place = s
        .places
        .iter()
        .filter(|p| visit || p.how != How::Place(true))
        .find(|p| {
            p.start >= trigger.end
                && p.start <= trigger.end + reach
                && (p.actor.id != source.actor.id || own_state_force)
        })
        .filter(|_| !reciprocal);
    // Rule `role:place-before-unlisted`: an actor in no list is no target where a place comes
    // first ("lifted the curfew in Montenegro, where 28 people died") or where the subjects act
    // with each other ("X and Y agreed on missing people").
    // Rule `role:people-not-partners`: cooperation, aid, meetings and promises are between
    // institutions; people named by a noun ("residents", "students", "victims") are no party to
    // them.
    let place_first = |t: &Mention| place.is_some_and(|p| p.start < t.start);
    let people = |t: &Mention| cooperative && !refuge && is_people(&t.actor);
    let target = match target {
        Some(t) if !is_named(t) && (reciprocal || place_first(t) || people(t)) => {
            if !reciprocal {
                reading.note(if place_first(t) { "role:place-before-unlisted" } else { "role:people-not-partners" });
            }
            None
        }
        target => target,
    };
    if cooperative && !refuge && is_people(&source.actor) {
        return Err("role:people-not-partners");
    }
    if reciprocal {
        reading.note("role:reciprocal");
    }
    if target.is_none() && place.is_some() {
        reading.note(if promise {
            "role:promise-at-place"
        } else if refuge {
            "role:refuge-at-place"
        } else if third {
            "role:third-location"
        } else {
            "role:place-target"
        });
    }
    // People seeking refuge are a party to their request (rule `role:refuge-at-place`).
    let cooperative = cooperative && !refuge;
    Ok(Parties { source, target: target.or(place), passive, within_state, reciprocal, cooperative })
}

/// Rule `role:own-state`: a domestic action with no one else named is directed at the actor's own
/// state ("Sudan lifted the curfew", "Georgia's president resigned").
pub(super) fn own_state(pattern: &Pattern, event_type: EventType, parties: &Parties) -> Option<Actor> {
    let domestic =
        pattern.curated && matches!(event_type, Concede | Coerce | Protest | Reject | Mobilize | Threaten | Accuse);
    let source = &parties.source.actor;
    (parties.target.is_none() && !parties.reciprocal && domestic && source.kind == ActorKind::State).then(|| {
        let sector = if source.sector.is_some() { None } else { Some(Sector::of("GOV")) };
        Actor { sector, person: None, role: None, text: String::new(), how: Some("own-state".into()), ..source.clone() }
    })
}

/// Turns the parties into events, one per pair of source and target; a pair that is no event
/// goes to `dropped` with its rule.
pub(super) fn emit(
    s: &SentenceParts,
    trigger: &Trigger,
    reading: &Reading,
    parties: &Parties,
    own_state: Option<&Actor>,
    out: &mut Vec<Coded>,
    dropped: &mut Vec<Dropped>,
) {
    let pattern = &s.lexicon.patterns[trigger.pattern];
    let (source, target) = (parties.source, parties.target);
    let confidence = confidence(pattern, source, target, parties.passive);
    let commitment = commitment_of(reading.event_type, &reading.cameo, s.tokens, trigger);
    let target_is_place = target.is_some_and(|t| matches!(t.how, How::Place(_)));
    for Pair { source: src, target: tgt, source_at, rule } in pairs(s, parties, own_state) {
        if let Some(rule) = no_pair(parties, own_state, src, tgt) {
            dropped.push(Dropped { trigger: trigger.clone(), rule });
            continue;
        }
        out.push(Coded {
            trigger: trigger.clone(),
            event_type: reading.event_type,
            cameo: reading.cameo.clone(),
            source: src.clone(),
            target: tgt.cloned(),
            source_at,
            confidence,
            commitment: commitment.clone(),
            target_is_place,
            rule: match rule {
                Some(rule) => format!("{} {rule}", reading.rule),
                None => reading.rule.clone(),
            },
        });
    }
}

/// One source and target of an event.
struct Pair<'a> {
    source: &'a Actor,
    target: Option<&'a Actor>,
    /// The token of the source's mention.
    source_at: usize,
    /// The rule that made the pair, if not the event's own reading.
    rule: Option<&'static str>,
}

/// The pairs of an event, in order.
fn pairs<'a>(s: &SentenceParts<'a>, parties: &Parties<'a>, own_state: Option<&'a Actor>) -> Vec<Pair<'a>> {
    let (source, target) = (parties.source, parties.target);
    let partners: Vec<&Mention> = reciprocal_partners(s.tokens, s.mentions, source);
    let target_actor = target.map(|t| &t.actor).or(own_state);
    let mut out = Vec::new();
    // Reciprocal subjects: "the two sides agreed", "X and Y signed", "X, Y and Z met": every
    // party towards every other.
    if target_actor.is_none() && parties.reciprocal {
        let mut parties: Vec<(&Actor, usize)> = vec![(&source.actor, source.start)];
        match &source.partner {
            Some(p) => parties.push((p, source.start)),
            None => parties.extend(partners.iter().map(|m| (&m.actor, m.start))),
        }
        for (a, &(one, at)) in parties.iter().enumerate() {
            for (b, &(other, _)) in parties.iter().enumerate() {
                if a != b {
                    out.push(Pair { source: one, target: Some(other), source_at: at, rule: None });
                }
            }
        }
        return out;
    }
    // Rule `role:joined-target`: joined targets each take the event: "lifted embargoes on Iran,
    // Libya and Cuba".
    let mut targets: Vec<Option<&Actor>> = vec![target_actor];
    if let Some(t) = target.filter(|t| !matches!(t.how, How::Place(_))) {
        targets.extend(
            conjuncts(s.tokens, s.mentions, t)
                .into_iter()
                .filter(|m| m.actor.id != source.actor.id)
                .map(|m| Some(&m.actor)),
        );
    }
    // Rule `role:joined-source`: actors joined to the source act too: "Chile and Peru condemned
    // the attack".
    for (n, target) in targets.into_iter().enumerate() {
        let rule = (n > 0).then_some("role:joined-target");
        out.push(Pair { source: &source.actor, target, source_at: source.start, rule });
        for partner in &partners {
            let rule = Some(rule.unwrap_or("role:joined-source"));
            out.push(Pair { source: &partner.actor, target, source_at: partner.start, rule });
        }
    }
    out
}

/// The rule that makes a pair no event: `role:people-not-partners` for joined parties too
/// ("pledged to help teachers and students"), and `rule:one-party` for the same body on both
/// sides. A state's government and its rebels are two; a body of an organisation (UNISFA of the
/// UN) is the organisation, a national member (a national Red Cross society of the IFRC) is not.
fn no_pair(parties: &Parties, own_state: Option<&Actor>, src: &Actor, tgt: Option<&Actor>) -> Option<&'static str> {
    if parties.cooperative && (is_people(src) || tgt.is_some_and(is_people)) {
        return Some("role:people-not-partners");
    }
    let part_of =
        |child: &Actor, parent: &Actor| child.country.is_none() && child.org.as_deref() == Some(parent.id.as_str());
    let same_body = |t: &Actor| part_of(t, src) || part_of(src, t);
    // Within one state, only two named sectors make two parties (government and rebels); a
    // domestic action's own state is a party too.
    let domestic_target = own_state.is_some_and(|o| tgt.is_some_and(|t| std::ptr::eq(t, o)));
    let one_party = |t: &Actor| {
        !domestic_target
            && !parties.within_state
            && t.id == src.id
            && !another_person(t, src)
            && (t.kind != ActorKind::State || t.sector.is_none() || src.sector.is_none() || t.sector == src.sector)
    };
    tgt.is_some_and(|t| one_party(t) || same_body(t)).then_some("rule:one-party")
}
