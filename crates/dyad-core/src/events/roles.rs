//! Who is a trigger's source and who its target: the subject, object, obliques and passive
//! agent the dependency parse gives, and rules of word order where it gives nothing (or where it
//! ran on no parse).

use super::clauses::{gerund_after_preposition, in_any, reported_clause_has_other_subject};
use super::readings::WITHIN_STATE;
use super::{Dep, Reading, SentenceParts, Trigger, BE, PREPOSITIONS};
use crate::actors::{How, Mention};
use crate::model::{Actor, ActorKind};
use crate::sentences::Token;
use crate::vocab::EventType::{self, *};

/// The subject and object of the verbs coded before: a verb joined by "and" shares them.
#[derive(Default)]
pub(super) struct Carried<'a> {
    subject: Option<&'a Mention>,
    object: Option<&'a Mention>,
}

/// Who did it and to whom, as the parse and the word order say.
pub(super) struct Roles<'a> {
    pub(super) source: &'a Mention,
    pub(super) target: Option<&'a Mention>,
    /// Whether the verb is passive (its subject is the target).
    pub(super) passive: bool,
    /// Whether two parties of one state can be set against each other (conflict, protest).
    pub(super) within_state: bool,
}

/// The source and target of trigger `k` read as `event_type`, or the rule that finds no source
/// (`rule:no-source`) or finds the trigger in a clause someone else reports
/// (`rule:reported-clause-subject`).
pub(super) fn find<'a>(
    s: &SentenceParts<'a>,
    k: usize,
    reading: &mut Reading,
    carried: &mut Carried<'a>,
) -> Result<Roles<'a>, &'static str> {
    let trigger = &s.triggers[k];
    let event_type = reading.event_type;
    let parsed = s.deps.map(|deps| parse_roles(deps, s.mentions, trigger.head)).unwrap_or_default();
    let passive = passive_voice(s, trigger, &parsed, event_type);
    // Rule `role:coordinated-subject`: a verb coordinated with the previous one shares its
    // subject: "X pledged ... and proposed".
    let coordinated = trigger.start > 0 && s.tokens[trigger.start - 1].norm == "and";
    let subject = match (coordinated, carried.subject) {
        (true, Some(previous)) => {
            reading.note("role:coordinated-subject");
            Some(previous)
        }
        // The verb before, unless it only named an activity ("in fulfilling the criteria").
        _ => {
            let previous = s.triggers[..k]
                .iter()
                .rev()
                .find(|t| !gerund_after_preposition(s.tokens, &s.lexicon.patterns[t.pattern], t));
            subject_of(s.tokens, s.mentions, trigger, &s.relative, previous).or(parsed.subject)
        }
    };
    // "X said the gift demonstrates ...": a PETRARCH2 verb of a reported clause whose own
    // subject is no actor reports nothing about X.
    if reported_clause_has_other_subject(s.tokens, s.mentions, subject.map_or(0, |m| m.end), trigger) {
        return Err("rule:reported-clause-subject");
    }
    // Within one state, conflict has two parties too: "Serb forces killed ethnic Albanians
    // in Serbia", "Nigerian students protested against the Nigerian government".
    let within_state =
        WITHIN_STATE.contains(&event_type) || (event_type == Request && subject.is_some_and(|m| m.group));
    let (source, target) = if passive {
        // Rule `role:passive-agent`: the passive's agent acts on its subject.
        let agent = parsed.agent.or_else(|| by_agent(s.tokens, s.mentions, trigger));
        if agent.is_some() {
            reading.note("role:passive-agent");
        }
        (agent, subject)
    } else {
        let object = subject.and_then(|subject| object(s, trigger, event_type, &parsed, subject, within_state));
        // A coordinated verb with no object of its own shares the previous one's.
        (subject, object.or(if coordinated { carried.object } else { None }))
    };
    if !passive && target.is_some() {
        carried.object = target;
    }
    let (source, target) = match source {
        None => place_as_source(s, trigger, reading, passive, target, within_state),
        _ => (source, target),
    };
    let source = source.ok_or("rule:no-source")?;
    // Rule `role:protest-at-place`: people protesting in a state are coded to it: "Albanians
    // demonstrated in Serbia".
    let source = match place_state(s, trigger) {
        Some(place) if event_type == Protest && source.group && matches!(place.how, How::Place(_)) => {
            reading.note("role:protest-at-place");
            place
        }
        _ => source,
    };
    if !passive {
        carried.subject = Some(source);
    }
    Ok(Roles { source, target, passive, within_state })
}

/// The source of last resort, a place's state, for an event whose source no one named (rules
/// `role:arrest-at-place`, `role:violence-at-place` and `role:released-from-state`), with the
/// target that goes with it.
fn place_as_source<'a>(
    s: &SentenceParts<'a>,
    trigger: &Trigger,
    reading: &mut Reading,
    passive: bool,
    target: Option<&'a Mention>,
    within_state: bool,
) -> (Option<&'a Mention>, Option<&'a Mention>) {
    match reading.event_type {
        // Rule `role:arrest-at-place`: "X was arrested in Rwanda": the state of the place right
        // after a passive measure with no agent took it.
        Coerce if passive => {
            let place = s.places.iter().find(|p| p.start >= trigger.end && p.start <= trigger.end + 4);
            if place.is_some() {
                reading.note("role:arrest-at-place");
            }
            (place, target)
        }
        Assault | Protest => {
            let (place, victim) = violence_at_place(s, trigger, passive, target, within_state);
            if place.is_some() {
                reading.note("role:violence-at-place");
            }
            (place, victim)
        }
        // Rule `role:released-from-state`: "were expelled from North Korea", "were released from
        // captivity in Libya": the state they left did it.
        Sanction | Concede | Retreat if passive && s.tokens.get(trigger.end).is_some_and(|t| t.norm == "from") => {
            let state = |m: &&'a Mention| m.actor.kind == ActorKind::State && m.actor.sector.is_none();
            let near = |start: usize| start > trigger.end && start <= trigger.end + 4;
            let from = s.mentions.iter().filter(state).find(|m| near(m.start));
            let from = from.or_else(|| s.places.iter().filter(|p| p.how == How::Place(true)).find(|p| near(p.start)));
            if from.is_some() {
                reading.note("role:released-from-state");
            }
            (from, target)
        }
        _ => (None, target),
    }
}

/// Whether the trigger is passive: the parse's passive auxiliary, else "was ... by"; a participle
/// after its noun ("ten soldiers killed in Ukraine") is one too, and "is opposed to", "is
/// committed to" with no agent are states of mind, not passives.
fn passive_voice(s: &SentenceParts, trigger: &Trigger, parsed: &ParsedRoles, event_type: EventType) -> bool {
    let (tokens, mentions) = (s.tokens, s.mentions);
    let reduced_relative = matches!(event_type, Assault | Coerce)
        && s.deps.is_some_and(|d| d.get(trigger.head).is_some_and(|d| base(&d.deprel) == "acl"))
        && tokens[trigger.head].norm.ends_with("ed")
        && trigger.head > 0
        && mentions.iter().any(|m| m.end == trigger.head)
        && tokens.get(trigger.head + 1).is_none_or(|t| {
            PREPOSITIONS.contains(&t.norm.as_str()) || matches!(t.norm.as_str(), "," | "." | "today" | "yesterday")
        });
    let adjectival = tokens.get(trigger.head + 1).is_some_and(|t| t.norm == "to")
        && !tokens[trigger.end..].iter().take(8).any(|t| t.norm == "by");
    (parsed.passive.unwrap_or_else(|| is_passive(tokens, trigger)) && !adjectival) || reduced_relative
}

/// The object of an active trigger whose subject is `subject`: by word order first, then the
/// parse's objects and obliques, then (for aid) the recipient after "to".
fn object<'a>(
    s: &SentenceParts<'a>,
    trigger: &Trigger,
    event_type: EventType,
    parsed: &ParsedRoles<'a>,
    subject: &Mention,
    within_state: bool,
) -> Option<&'a Mention> {
    let other = |m: &Mention| {
        m.actor.id != subject.actor.id
            || another_person(&m.actor, &subject.actor)
            || (within_state && m.start != subject.start)
    };
    let from_parse = parsed.objects.iter().copied().find(|m| other(m));
    // An intention reaches into its complement: "agreed to provide aid for Romania".
    let reach = if matches!(event_type, Agree | Request | Reject | Threaten) { INTENTION_REACH } else { 8 };
    // Aid reaches its recipient past what it was worth: "handed over equipment worth 10 billion
    // VND (about 393,000 USD) to the Lao Ministry of Health".
    let after_to = |m: &Mention| {
        let word = |back: usize| m.start.checked_sub(back).map(|i| s.tokens[i].norm.as_str());
        word(1) == Some("to") || (word(1) == Some("the") && word(2) == Some("to"))
    };
    let recipient = || {
        (event_type == Aid)
            .then(|| object_of(s, trigger, subject, within_state, false, 16))
            .flatten()
            .filter(|m| after_to(m))
    };
    // Rule `role:aid-recipient-far`: aid reaches a named recipient however far on in its clause:
    // "donated ventilators and other critical care equipment to assist Ethiopia".
    let far_recipient = || {
        (event_type == Aid)
            .then(|| object_of(s, trigger, subject, within_state, false, AID_REACH))
            .flatten()
            .filter(|m| is_named(m) && !s.places.iter().any(|p| p.start >= trigger.end && p.start < m.start))
    };
    object_of(s, trigger, subject, within_state, event_type == Request, reach)
        .or(from_parse)
        .or_else(recipient)
        .or_else(far_recipient)
}

/// How many words after its trigger an intention (a promise, a request, a refusal, a threat)
/// finds the one it is directed at, in its complement ([`object`]).
pub(super) const INTENTION_REACH: usize = 16;

/// How many words after its trigger aid finds its recipient ([`object`]).
pub(super) const AID_REACH: usize = 40;

/// The state a place of the sentence stands for: the first after the trigger, else the first.
fn place_state<'a>(s: &SentenceParts<'a>, trigger: &Trigger) -> Option<&'a Mention> {
    s.places.iter().find(|p| p.start >= trigger.end).or(s.places.first())
}

/// Rule `role:violence-at-place`: violence and protest with no one named as doing it are coded to
/// the state where they happened: "A roadside bomb near Samarra killed a US soldier".
fn violence_at_place<'a>(
    s: &SentenceParts<'a>,
    trigger: &Trigger,
    passive: bool,
    target: Option<&'a Mention>,
    within_state: bool,
) -> (Option<&'a Mention>, Option<&'a Mention>) {
    let place = place_state(s, trigger);
    let victim = match (passive, place) {
        (false, Some(place)) => object_of(s, trigger, place, within_state, false, 8),
        _ => target,
    };
    (place, victim)
}

const CLAUSE_BREAKS: &[&str] = &[
    ";", "while", "whereas", "but", "although", "though", "because", "after", "before", "when", "if", "since", "where",
    "so",
];

/// What the parse says about a verb's participants.
#[derive(Default)]
struct ParsedRoles<'m> {
    subject: Option<&'m Mention>,
    agent: Option<&'m Mention>,
    objects: Vec<&'m Mention>,
    passive: Option<bool>,
}

/// The actor a token stands in: the mention holding it, or one in its modifiers ("leaders of
/// the opposition", "the engagement of the VRCS").
fn actor_at<'m>(deps: &[Dep], mentions: &'m [Mention], token: usize) -> Option<&'m Mention> {
    if let Some(m) = mentions.iter().find(|m| m.start <= token && token < m.end) {
        return Some(m);
    }
    let mut frontier = vec![token];
    for _ in 0..2 {
        let mut next = Vec::new();
        for (i, dep) in deps.iter().enumerate() {
            if frontier.iter().any(|&f| dep.head == f + 1)
                && matches!(base(&dep.deprel), "nmod" | "compound" | "appos" | "amod" | "conj")
            {
                if let Some(m) = mentions.iter().find(|m| m.start <= i && i < m.end) {
                    return Some(m);
                }
                next.push(i);
            }
        }
        frontier = next;
    }
    None
}

fn base(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// Subject, passive agent and objects of the verb at `head` (0-based token index), following
/// conjunctions, open complements, relative and participial clauses up to the clause that
/// names them.
fn parse_roles<'m>(deps: &[Dep], mentions: &'m [Mention], head: usize) -> ParsedRoles<'m> {
    let mut roles = ParsedRoles::default();
    if head >= deps.len() {
        return roles;
    }
    let children = |of: usize| deps.iter().enumerate().filter(move |(_, d)| d.head == of + 1);
    // A passive needs its auxiliary ("was praised"): a bare "talked by phone" is active.
    let passive = children(head).any(|(_, d)| d.deprel == "aux:pass");
    roles.passive = Some(passive);
    for (i, dep) in children(head) {
        match dep.deprel.as_str() {
            "nsubj" | "nsubj:pass" | "csubj" => roles.subject = roles.subject.or_else(|| actor_at(deps, mentions, i)),
            "obl:agent" => roles.agent = actor_at(deps, mentions, i),
            "obj" | "iobj" => roles.objects.extend(actor_at(deps, mentions, i)),
            _ => {}
        }
    }
    // Obliques ("met with X", "fired at X") after the objects.
    for (i, dep) in children(head) {
        if base(&dep.deprel) == "obl" && dep.deprel != "obl:agent" && dep.deprel != "obl:tmod" {
            if let Some(m) = actor_at(deps, mentions, i) {
                if !roles.objects.contains(&m) {
                    roles.objects.push(m);
                }
            }
        }
    }
    // A verb without a subject of its own takes it from the verb it hangs on: coordinated
    // ("pledged ... and proposed"), open complements ("agreed to provide"), participial clauses
    // ("Meeting X, Kim lauded"); a relative clause's subject is the noun it modifies.
    if roles.subject.is_none() {
        let mut at = head;
        for _ in 0..3 {
            let dep = &deps[at];
            if dep.head == 0 {
                break;
            }
            let parent = dep.head - 1;
            match base(&dep.deprel) {
                "acl" => {
                    roles.subject = actor_at(deps, mentions, parent);
                    break;
                }
                "conj" | "xcomp" | "advcl" => {
                    if let Some((i, _)) = deps
                        .iter()
                        .enumerate()
                        .find(|(_, d)| d.head == parent + 1 && matches!(d.deprel.as_str(), "nsubj" | "nsubj:pass"))
                    {
                        roles.subject = actor_at(deps, mentions, i);
                        break;
                    }
                    at = parent;
                }
                _ => break,
            }
        }
    }
    roles
}

fn is_passive(tokens: &[Token], trigger: &Trigger) -> bool {
    let word = tokens[trigger.head].norm.as_str();
    let participle = word.ends_with("ed") || word.ends_with("en") || word.ends_with('t');
    let from = trigger.head.saturating_sub(2);
    participle
        && tokens[from..trigger.head].iter().any(|t| BE.contains(&t.norm.as_str()))
        && tokens[trigger.end..].iter().take(8).any(|t| t.norm == "by")
}

fn by_agent<'m>(tokens: &[Token], mentions: &'m [Mention], trigger: &Trigger) -> Option<&'m Mention> {
    let by = (trigger.end..tokens.len().min(trigger.end + 8)).find(|&i| tokens[i].norm == "by")?;
    mentions.iter().find(|m| m.start > by && m.start <= by + 4)
}

/// Whether a mention stands where a subject can: not after a preposition, not an object.
fn subject_like(tokens: &[Token], mention: &Mention, trigger: &Trigger) -> bool {
    let mut i = mention.start;
    // Step back over determiners and adjectives.
    while i > 0
        && matches!(tokens[i - 1].norm.as_str(), "the" | "a" | "an" | "its" | "their" | "former" | "senior" | "top")
    {
        i -= 1;
    }
    let prev = if i == 0 { "" } else { tokens[i - 1].norm.as_str() };
    // "Japan's visit", "Nigeria's leaders forgave": the owner of the words right before the
    // verb is its subject.
    let owner_of_subject = trigger.start > mention.end
        && trigger.start - (mention.end + 1) <= 2
        && tokens[mention.end + 1..trigger.start].iter().all(|t| t.norm.chars().all(char::is_alphabetic));
    let possessive = tokens.get(mention.end).is_some_and(|t| t.norm == "'s" || t.norm == "'") && !owner_of_subject;
    // Rule `role:subject-after-as`: "as" opens a clause when a verb follows its actor ("came as
    // Israel announced it would free ..."); before a noun phrase it is a preposition ("such as
    // China and Japan", "known as Hezbollah,").
    let as_clause = prev == "as" && as_opens_clause(tokens, mention);
    (!PREPOSITIONS.contains(&prev) || as_clause) && !possessive
}

/// Whether "as" before `mention` opens a clause of which the mention is the subject: a word
/// follows it that is no punctuation, preposition, conjunction or possessive.
fn as_opens_clause(tokens: &[Token], mention: &Mention) -> bool {
    tokens.get(mention.end).is_some_and(|next| {
        let word = next.norm.as_str();
        !next.capital
            && word.chars().all(char::is_alphabetic)
            && !PREPOSITIONS.contains(&word)
            && !matches!(word, "and" | "or" | "nor" | "s" | "well")
    })
}

/// The subject of a trigger: the nearest subject-like actor before it in its clause, outside
/// relative clauses; failing that, the first one of the sentence.
pub(super) fn subject_of<'m>(
    tokens: &[Token],
    mentions: &'m [Mention],
    trigger: &Trigger,
    relative: &[(usize, usize)],
    previous: Option<&Trigger>,
) -> Option<&'m Mention> {
    // "Meeting X on Tuesday, Kim lauded ...": an opening participle's subject is the main
    // clause's.
    if trigger.start == 0 && tokens[trigger.head].norm.ends_with("ing") {
        if let Some(comma) = (trigger.end..tokens.len()).find(|&i| tokens[i].norm == ",") {
            return mentions.iter().find(|m| m.start > comma && subject_like(tokens, m, trigger));
        }
    }
    let own_relative = in_any(relative, trigger.head);
    // A trigger inside ", who ...," has the actor before the comma as its subject.
    if let Some((start, _)) = own_relative {
        return mentions.iter().rev().find(|m| m.end <= start);
    }
    let clause_start = (0..trigger.start)
        .rev()
        .find(|&i| {
            CLAUSE_BREAKS.contains(&tokens[i].norm.as_str()) || (tokens[i].norm == "that" && i + 1 < trigger.start)
        })
        .map_or(0, |i| i + 1);
    // Actors after an earlier verb of the same clause are its objects, not this verb's subject;
    // a verb of a relative clause ("X, who had been arrested, ...") is no earlier verb of it
    // (rule `role:relative-verb-no-bound`).
    let region_end = match previous {
        Some(p) if p.start >= clause_start && p.end <= trigger.start && in_any(relative, p.start).is_none() => p.start,
        _ => trigger.start,
    };
    let candidates = |from: usize| {
        mentions
            .iter()
            .filter(move |m| m.start >= from && m.end <= region_end && in_any(relative, m.start).is_none())
            .filter(|m| subject_like(tokens, m, trigger))
    };
    if let Some(m) = prefer_named(candidates(clause_start).rev()) {
        return Some(m);
    }
    prefer_named(candidates(0)).or_else(|| {
        // "The first deployment of NATO troops", "Leaders of the opposition": the actor after
        // the subject's head noun.
        mentions.iter().find(|m| {
            m.start <= 6
                && m.end <= region_end
                && m.start > 0
                && tokens[..m.start].iter().rev().take(2).any(|t| t.norm == "of")
                && !tokens[..m.start].iter().any(|t| matches!(t.norm.as_str(), "," | ";"))
        })
    })
}

/// The object of a trigger: the first actor after it in its clause that is not the subject.
pub(super) fn object_of<'a>(
    s: &SentenceParts<'a>,
    trigger: &Trigger,
    subject: &Mention,
    within_state: bool,
    request: bool,
    reach: usize,
) -> Option<&'a Mention> {
    let (tokens, mentions, relative) = (s.tokens, s.mentions, &s.relative);
    let other = |m: &Mention| {
        let sectors_differ =
            m.actor.sector.is_some() && subject.actor.sector.is_some() && m.actor.sector != subject.actor.sector;
        m.actor.id != subject.actor.id
            || sectors_differ
            || another_person(&m.actor, &subject.actor)
            || (within_state && m.start != subject.start)
    };
    // The attribution at the end (", a UN official said on Monday") names who told the news.
    let attribution = |i: usize| {
        tokens[i].norm == ","
            && tokens[i + 1..].iter().take(9).any(|t| {
                matches!(
                    t.norm.as_str(),
                    "said" | "says" | "told" | "reported" | "according" | "announced" | "confirmed"
                )
            })
            && !tokens[i + 1..].iter().any(|t| t.norm == "that")
    };
    let stop = (trigger.end..tokens.len())
        .find(|&i| {
            matches!(
                tokens[i].norm.as_str(),
                ";" | "while"
                    | "whereas"
                    | "said"
                    | "says"
                    | "noting"
                    | "saying"
                    | "adding"
                    | "stressing"
                    | "who"
                    | "which"
            ) || attribution(i)
        })
        .unwrap_or(tokens.len());
    mentions
        .iter()
        .filter(|m| {
            m.start >= trigger.end.min(trigger.head + 1) && m.start < stop && in_any(relative, m.start).is_none()
        })
        .filter(|m| other(m) && m.how != How::BothSides)
        .filter(|m| {
            // Far from the verb, "for X" names a beneficiary, not the one acted upon.
            let after_for = m.start > 0 && tokens[m.start - 1].norm == "for";
            !(request && after_for && m.start > trigger.end + 2)
        })
        .filter(|m| m.start > trigger.head && m.start <= trigger.end + reach)
        // Rule `role:unlisted-object-near`: an actor in no list is the one acted upon only right
        // after the words of the event ("arrested two protesters"); further on it is what was
        // promised or asked for ("ready to send troops", "agreed to let refugees return").
        .filter(|m| is_named(m) || m.start <= trigger.end + 3)
        .fold(None, |best: Option<&Mention>, m| match best {
            Some(b) if is_named(b) || !is_named(m) => Some(b),
            _ => Some(m),
        })
}

/// Rule `role:another-person`: a person other than the subject is another party even when both
/// act for one state: "President A pardoned former president B".
pub(super) fn another_person(actor: &Actor, subject: &Actor) -> bool {
    actor.person.is_some() && actor.person != subject.person
}

/// Whether a mention names an actor of the lists (or refers to one), rather than being an
/// actor in no list ([`crate::actors::unlisted`]).
pub(super) fn is_named(m: &Mention) -> bool {
    !matches!(m.how, How::AgentNoun | How::UnlistedName | How::NounPhrase)
}

/// Whether an actor is an agent noun for people rather than an institution: "residents",
/// "students", "people", "farmers" (the sectors of `data/agents.tsv` for civilians, ethnic,
/// religious, professional and age groups).
pub(super) fn is_people(actor: &Actor) -> bool {
    const PEOPLE: &[&str] =
        &["PPL", "CVL", "EDU", "HLH", "AGR", "LAB", "REF", "ELI", "REL", "MUS", "CHR", "JEW", "HIN", "BUD", "ENV"];
    actor.how.as_deref() == Some(How::AgentNoun.name()) && actor.sector.as_deref().is_some_and(|s| PEOPLE.contains(&s))
}

/// Rule `role:prefer-named`: of the candidates for a role, in order of preference, the first
/// named actor, else the first actor in no list. "Germany sent troops to Mali": Mali is the
/// target, not "troops".
fn prefer_named<'m>(mut candidates: impl Iterator<Item = &'m Mention> + Clone) -> Option<&'m Mention> {
    candidates.clone().find(|m| is_named(m)).or_else(|| candidates.next())
}

/// Whether the words between two actors join them: "and", ", ", ", and the", "or".
fn joins(between: &[&str]) -> bool {
    let rest = match between {
        [",", "and" | "or", rest @ ..] | ["and" | "or" | ",", rest @ ..] => rest,
        _ => return false,
    };
    matches!(rest, [] | ["the"] | ["its"] | ["their"] | ["with"] | ["to"])
}

/// Words right after an actor that make it the subject of a clause of its own.
const CLAUSE_VERBS: &[&str] = &[
    "did", "does", "do", "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "should",
    "must", "may", "might", "said", "says", "also", "later", "then",
];

/// Actors joined to a mention after it: "Iran, Libya, North Korea and Cuba".
pub(super) fn conjuncts<'m>(tokens: &[Token], mentions: &'m [Mention], first: &Mention) -> Vec<&'m Mention> {
    let mut out = Vec::new();
    let mut at = first.end;
    for m in mentions.iter().filter(|m| m.start >= first.end) {
        if m.start < at {
            continue;
        }
        let between: Vec<&str> = tokens[at..m.start].iter().map(|t| t.norm.as_str()).collect();
        let list = between
            .iter()
            .filter(|w| **w != ",")
            .all(|w| matches!(*w, "and" | "or" | "the" | "its" | "their" | "with" | "to"));
        // Rule `role:conjunct-opens-clause`: "arrested 20 protesters, and the government did not
        // condemn ...", "..., the ministry said": an actor followed by its own verb opens a
        // clause of its own; it is no further target.
        let opens_clause = tokens
            .get(m.end)
            .is_some_and(|t| CLAUSE_VERBS.contains(&t.norm.as_str()) || (t.norm.len() > 4 && t.norm.ends_with("ed")));
        if !(joins(&between) && list)
            || opens_clause
            || m.actor.id == first.actor.id
            || matches!(m.how, How::Place(_))
            || out.iter().any(|o: &&Mention| o.actor.id == m.actor.id)
        {
            break;
        }
        out.push(m);
        at = m.end;
    }
    out
}

/// Actors joined to the subject by "and": "The VNRC and the RCSC signed".
pub(super) fn reciprocal_partners<'m>(
    tokens: &[Token],
    mentions: &'m [Mention],
    subject: &Mention,
) -> Vec<&'m Mention> {
    let joined_words = |between: &[&str]| {
        matches!(
            between,
            ["and"] | ["and", "the"] | [","] | [",", "the"] | ["and", "its"] | [",", "and"] | [",", "and", "the"]
        )
    };
    let mut out = Vec::new();
    // Partners after the subject (the parse names the first conjunct as the subject).
    let mut at = subject.end;
    for m in mentions.iter().filter(|m| m.start >= subject.end) {
        if m.start < at {
            continue;
        }
        let between: Vec<&str> = tokens[at..m.start].iter().map(|t| t.norm.as_str()).collect();
        if !joined_words(&between) || m.actor.id == subject.actor.id || matches!(m.how, How::Place(_)) {
            break;
        }
        out.push(m);
        at = m.end;
    }
    let mut at = subject.start;
    for m in mentions.iter().rev().filter(|m| m.end <= subject.start) {
        if m.end > at {
            continue;
        }
        let between: Vec<&str> = tokens[m.end..at].iter().map(|t| t.norm.as_str()).collect();
        if !joined_words(&between) || m.actor.id == subject.actor.id || matches!(m.how, How::Place(_)) {
            break;
        }
        out.push(m);
        at = m.start;
    }
    out
}
