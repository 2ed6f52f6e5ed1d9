//! Event coding: verb patterns find what happened, the words around them say who did it to
//! whom, and the sentence gives the date, place, period, contexts and commitment.
//!
//! PLOVER's conventions hold: praise, thanks and signing are SUPPORT; promises and
//! future-tense cooperation are AGREE; meetings, talks, visits and calls are CONSULT; requests,
//! proposals and calls on someone are REQUEST. Passive voice swaps the roles, reciprocal
//! subjects ("X and Y signed", "the two sides agreed") give both directions, negation drops the
//! event, and an action inside another's complement ("pledged to reinforce") is not coded twice.

use crate::actors::{How, Mention, Place};
use crate::lexicon::{Element, Lexicon, Pattern, WordElement};
use crate::model::{Actor, ActorKind, Commitment, CommitmentKind};
use crate::sentences::Token;

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
    pub event_type: String,
    /// CAMEO code.
    pub cameo: String,
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

const MAX_GAP: usize = 6;
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
const NEGATIONS: &[&str] = &["not", "n't", "never", "no", "neither", "nor"];
const FUTURE: &[&str] = &[
    "will", "would", "shall", "'ll", "plans", "plan", "planned", "intends", "intend", "expects", "hopes", "wants",
    "want", "wanted", "seeks", "seek", "seeking", "aims", "aiming",
];
const CLAUSE_BREAKS: &[&str] = &[
    ";", "while", "whereas", "but", "although", "though", "because", "after", "before", "when", "if", "since", "where",
    "so",
];
const RELATIVES: &[&str] = &["who", "which", "whose", "whom"];
/// The type of a curated pattern that names a phrase that is no event.
pub const NO_EVENT: &str = "NONE";

/// Finds the verb patterns of a sentence, the most specific match winning where two overlap.
///
/// `after_actor[i]` says whether token `i` directly follows an actor's name, where a word that
/// is usually a noun ("attacks") can still be a verb.
///
/// `upos`, when the sentence was tagged, holds each token's universal part of speech: a verb
/// element then matches only a word tagged VERB.
pub fn find_triggers(
    lexicon: &Lexicon,
    tokens: &[Token],
    after_actor: &[bool],
    upos: Option<&[String]>,
) -> Vec<Trigger> {
    find_triggers_with(lexicon, tokens, &SentenceWords::new(lexicon, tokens), after_actor, upos)
}

/// A sentence's words as numbers of the patterns' vocabulary ([`crate::lexicon::PatternWords`]), and the verb
/// lemmas each is a form of: looked up once per word rather than once per pattern.
pub struct SentenceWords<'l> {
    ids: Vec<u32>,
    lemmas: Vec<&'l [u32]>,
}

impl<'l> SentenceWords<'l> {
    /// Looks up the words of `tokens`.
    pub fn new(lexicon: &'l Lexicon, tokens: &[Token]) -> SentenceWords<'l> {
        let words = &lexicon.pattern_words;
        let ids: Vec<u32> = tokens.iter().map(|t| words.id(&t.norm)).collect();
        let lemmas = ids.iter().map(|&id| words.lemmas.get(id as usize).map_or(&[][..], Vec::as_slice)).collect();
        SentenceWords { ids, lemmas }
    }
}

/// [`find_triggers`] with the sentence's words ([`SentenceWords`]) already looked up.
pub fn find_triggers_with(
    lexicon: &Lexicon,
    tokens: &[Token],
    words: &SentenceWords,
    after_actor: &[bool],
    upos: Option<&[String]>,
) -> Vec<Trigger> {
    let mut found = Vec::new();
    let cx = Context { lexicon, tokens, after_actor, upos, words, permissive: false };
    for start in 0..tokens.len() {
        // The most specific pattern that matches here (the index lists those first).
        let best = cx.starting_at(start).iter().find_map(|&id| {
            let pattern = &lexicon.patterns[id];
            match_at(&cx, id, start).map(|(end, head)| Trigger {
                pattern: id,
                start,
                end,
                head,
                score: pattern.specificity(),
            })
        });
        found.extend(best);
    }
    // Overlapping matches: keep the most specific (then the earliest).
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)));
    let mut taken = vec![false; tokens.len()];
    let mut kept = Vec::new();
    for trigger in found {
        let anchors = [trigger.start, trigger.head, trigger.end.saturating_sub(1)];
        if anchors.iter().any(|&i| taken.get(i).copied().unwrap_or(false)) {
            continue;
        }
        for &i in &anchors {
            if let Some(t) = taken.get_mut(i) {
                *t = true;
            }
        }
        kept.push(trigger);
    }
    // A curated pattern of type NONE names a phrase that is no event ("take over the rotating
    // presidency"): it has claimed its words from the verb patterns it overlaps, and goes.
    kept.retain(|t| lexicon.patterns[t.pattern].event_type != NO_EVENT);
    kept.sort_by_key(|t| t.start);
    kept
}

/// Matches pattern `id` whose first word is at `start`: the end token and the head token.
fn match_at(cx: &Context, id: usize, start: usize) -> Option<(usize, usize)> {
    let elements = &cx.lexicon.pattern_words.elements[id];
    let first = elements.iter().position(|e| *e != WordElement::Gap).unwrap_or(elements.len());
    let mut head = None;
    // The index lists a pattern under exactly the words its first element matches.
    let end = match_from(cx, &elements[first..], start, &mut head, true)?;
    Some((end, head.unwrap_or(start)))
}

fn matches_token(cx: &Context, element: &WordElement, at: usize) -> bool {
    let word = cx.words.ids[at];
    match element {
        WordElement::Verb(lemmas) => lemmas.iter().any(|lemma| word == *lemma || cx.words.lemmas[at].contains(lemma)),
        WordElement::Words(words) => words.contains(&word),
        WordElement::Gap => true,
    }
}

/// What matching needs besides the pattern.
struct Context<'a> {
    lexicon: &'a Lexicon,
    tokens: &'a [Token],
    after_actor: &'a [bool],
    upos: Option<&'a [String]>,
    /// The sentence's words as numbers, and their verb lemmas.
    words: &'a SentenceWords<'a>,
    /// Whether any form of a verb lemma counts as a verb, whatever its part of speech.
    permissive: bool,
}

impl Context<'_> {
    /// The patterns that can start at token `at`, the most specific first.
    fn starting_at(&self, at: usize) -> &[usize] {
        let starts = &self.lexicon.pattern_words.starts;
        starts.get(self.words.ids[at] as usize).map_or(&[], Vec::as_slice)
    }
}

/// Whether some verb pattern could match the sentence if every form of a verb were a verb: when
/// none can, tagging it cannot give a trigger.
pub fn may_trigger(lexicon: &Lexicon, tokens: &[Token], words: &SentenceWords) -> bool {
    let cx = Context { lexicon, tokens, after_actor: &[], upos: None, words, permissive: true };
    // A phrase that is no event cannot give a trigger either.
    (0..tokens.len()).any(|start| {
        cx.starting_at(start)
            .iter()
            .any(|&id| match_at(&cx, id, start).is_some() && lexicon.patterns[id].event_type != NO_EVENT)
    })
}

/// Matches `elements` from token `at`: the end token. `known` says the first element's words
/// are known to match there.
fn match_from(
    cx: &Context,
    elements: &[WordElement],
    at: usize,
    head: &mut Option<usize>,
    known: bool,
) -> Option<usize> {
    let (lexicon, tokens) = (cx.lexicon, cx.tokens);
    let Some((first, rest)) = elements.split_first() else { return Some(at) };
    if let WordElement::Gap = first {
        for skip in 0..=MAX_GAP {
            let i = at + skip;
            if i > tokens.len() {
                break;
            }
            if skip > 0 && matches!(tokens[i - 1].norm.as_str(), "." | ";" | ":" | "\"") {
                break;
            }
            if let Some(end) = match_from(cx, rest, i, head, false) {
                return Some(end);
            }
        }
        return None;
    }
    if at >= tokens.len() || (!known && !matches_token(cx, first, at)) {
        return None;
    }
    // The tagger decides between verb and noun; its participle-or-adjective doubts ("coordinated",
    // "lent") go to the context rules, which also decide when there is no tagger.
    let by_context = || verb_like(lexicon, tokens, at, cx.after_actor.get(at).copied().unwrap_or(false));
    let is_verb = || {
        cx.permissive
            || match cx.upos.and_then(|tags| tags.get(at)).map(String::as_str) {
                Some("VERB") => !(at > 0 && tokens[at].capital),
                Some("ADJ") | Some("AUX") | Some("X") => by_context(),
                // Right after a name, a word that is seldom a noun is a verb the tagger missed:
                // "The Palestinians reject".
                Some("NOUN")
                    if cx.after_actor.get(at).copied().unwrap_or(false)
                        && !lexicon.noun_forms.contains(tokens[at].norm.as_str()) =>
                {
                    by_context()
                }
                Some(_) => false,
                None => by_context(),
            }
    };
    if matches!(first, WordElement::Verb(_)) && !is_verb() {
        return None;
    }
    let end = match_from(cx, rest, at + 1, head, false)?;
    if matches!(first, WordElement::Verb(_)) && head.is_none() {
        *head = Some(at);
    }
    Some(end)
}

/// Words after which a verb cannot stand (it is a noun there: "the combat", "its targets").
const NOUN_CONTEXT: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "this",
    "these",
    "those",
    "'s",
    "'",
    "of",
    "in",
    "on",
    "at",
    "with",
    "from",
    "into",
    "any",
    "some",
    "many",
    "more",
    "most",
    "such",
    "each",
    "every",
    "no",
    "new",
    "further",
    "covid-19",
    "international",
    "national",
    "regional",
    "bilateral",
    "multilateral",
    "mutual",
    "joint",
    "recent",
];

/// One token's place in the dependency tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dep {
    /// 1-based index of the head token; 0 for the root.
    pub head: usize,
    /// Universal dependency relation ("nsubj", "obj", "obl:agent" ...).
    pub deprel: String,
}

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

/// Words after which a usually-nominal form is a verb: "to attack", "they attack", "will arrest".
const VERB_OPENERS: &[&str] = &[
    "to",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "must",
    "shall",
    "should",
    "not",
    "n't",
    "also",
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "you",
    "who",
    "which",
    "that",
    "and",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "been",
    "be",
    "jointly",
    "again",
    "repeatedly",
    "reportedly",
    "then",
    "later",
    "formally",
    "today",
    "yesterday",
];

/// Whether the token at `i` can be a verb here.
fn verb_like(lexicon: &Lexicon, tokens: &[Token], i: usize, after_actor: bool) -> bool {
    let prev = if i == 0 { "" } else { tokens[i - 1].norm.as_str() };
    let word = tokens[i].norm.as_str();
    // Words that are usually nouns are verbs only after a subject, a modal or "to".
    if lexicon.noun_forms.contains(word) && !after_actor && !VERB_OPENERS.contains(&prev) {
        return false;
    }
    // A gerund after a preposition is a verb: "in sharing information", "for backing".
    let gerund_after_preposition = word.ends_with("ing") && PREPOSITIONS.contains(&prev);
    // A capitalised word inside a sentence is part of a name: "Trade Cabinet Secretary".
    let in_name = i > 0 && tokens[i].capital && !matches!(prev, "\"" | "'" | ":" | "(");
    !in_name && (!NOUN_CONTEXT.contains(&prev) || gerund_after_preposition)
}

/// Codes the events of one sentence from its tokens, actors and triggers.
///
/// `places` are the actors that places after the verb stand for ("agreed to set up a centre in
/// Tokyo"): a target of last resort.
///
/// `deps`, when the sentence was parsed, gives each token's head (1-based, 0 for the root) and
/// relation: subjects, objects, obliques and passive agents then come from the parse, and the
/// word-order rules fill in what the parse leaves open.
pub fn code_sentence(
    lexicon: &Lexicon,
    tokens: &[Token],
    mentions: &[Mention],
    places: &[Mention],
    triggers: &[Trigger],
    deps: Option<&[Dep]>,
    dropped: &mut Vec<Dropped>,
) -> Vec<Coded> {
    let relative = relative_clauses(tokens, mentions);
    let mut dismiss = |trigger: &Trigger, rule: &'static str| dropped.push(Dropped { trigger: trigger.clone(), rule });
    // "wants to attack", "seeking to deepen": a verb of intent directly before "to" is no request;
    // the verb after it is coded, as an intention.
    let (intent, triggers): (Vec<Trigger>, Vec<Trigger>) =
        triggers.iter().cloned().partition(|t| intent_before_to(lexicon, tokens, t));
    for t in &intent {
        dismiss(t, "rule:intent-before-to");
    }
    let triggers = triggers.as_slice();
    let mut out = Vec::new();
    let mut last_subject: Option<&Mention> = None;
    let mut last_object: Option<&Mention> = None;
    for (k, trigger) in triggers.iter().enumerate() {
        let pattern = &lexicon.patterns[trigger.pattern];
        if inside_complement(lexicon, tokens, mentions, triggers, k) {
            dismiss(trigger, "rule:inside-complement");
            continue;
        }
        if gerund_after_preposition(tokens, pattern, trigger) {
            dismiss(trigger, "rule:gerund-after-preposition");
            continue;
        }
        // "X said Y must ...": a demand on Y by the one who says it.
        if tokens[trigger.head].norm == "must" {
            out.extend(must_demand(tokens, mentions, pattern, trigger, &relative));
            continue;
        }
        // A refusal ("would not provide support") rejects; a plain negation ("did not sign")
        // reports nothing.
        let refusal = negated(tokens, trigger) && refused(tokens, trigger);
        if negated(tokens, trigger) && !(refusal && COOPERATIVE.contains(&pattern.event_type.as_str())) {
            dismiss(trigger, "rule:negated");
            continue;
        }
        // A verb of a relative clause ("X, who attended the session, thanked Y") does not
        // govern the main clause's verb.
        let after_relative =
            k > 0 && in_any(&relative, triggers[k - 1].start).is_some() && in_any(&relative, trigger.start).is_none();
        // A relative clause about a person after the previous verb has a subject of its own, the
        // one it describes: "had a working session with the FAO Representative, who highly
        // valued ...". One in the passive describes them ("peacekeepers, who are deployed ...").
        let described =
            tokens[trigger.head.saturating_sub(2)..trigger.head].iter().any(|t| BE.contains(&t.norm.as_str()));
        let own_relative = k > 0
            && !described
            && in_any(&relative, trigger.start).is_some_and(|(s, _)| {
                // ", who [adverb] verb": the clause's own verb, not one of its complements.
                s >= triggers[k - 1].end && tokens.get(s + 1).is_some_and(|t| t.norm == "who") && trigger.start <= s + 3
            });
        if k > 0
            && !after_relative
            && !own_relative
            && subordinate(lexicon, tokens, mentions, &triggers[k - 1], trigger)
        {
            dismiss(trigger, "rule:subordinate");
            continue;
        }
        let (mut event_type, mut cameo) = (pattern.event_type.clone(), pattern.cameo.clone());
        let mut rule = pattern.id.clone();
        if refusal {
            (event_type, cameo) = ("REJECT".into(), "120".into());
            rule.push_str(" rule:refusal");
        }
        // An intention to use force is a threat: "is prepared to impose martial law".
        if event_type == "AGREE" {
            let to_verb = |next: &&Trigger| next.start == trigger.end + 1 && tokens[trigger.end].norm == "to";
            if let Some(next) = triggers.get(k + 1).filter(to_verb) {
                let next = &lexicon.patterns[next.pattern];
                if next.curated && matches!(next.event_type.as_str(), "ASSAULT" | "COERCE") {
                    (event_type, cameo) = ("THREATEN".into(), "138".into());
                    rule.push_str(" rule:intent-to-use-force");
                }
            }
        }
        let passive = is_passive(tokens, trigger);
        // A verb coordinated with the previous one shares its subject: "X pledged ... and proposed".
        let coordinated = trigger.start > 0 && tokens[trigger.start - 1].norm == "and";
        let parsed = deps.map(|deps| parse_roles(deps, mentions, trigger.head)).unwrap_or_default();
        // A participle after its noun is passive: "ten soldiers killed in Ukraine".
        let reduced_relative = matches!(event_type.as_str(), "ASSAULT" | "COERCE")
            && deps.is_some_and(|d| d.get(trigger.head).is_some_and(|d| base(&d.deprel) == "acl"))
            && tokens[trigger.head].norm.ends_with("ed")
            && trigger.head > 0
            && mentions.iter().any(|m| m.end == trigger.head)
            && tokens.get(trigger.head + 1).is_none_or(|t| {
                PREPOSITIONS.contains(&t.norm.as_str()) || matches!(t.norm.as_str(), "," | "." | "today" | "yesterday")
            });
        // "is opposed to", "is committed to" with no agent are states of mind, not passives.
        let adjectival = tokens.get(trigger.head + 1).is_some_and(|t| t.norm == "to")
            && !tokens[trigger.end..].iter().take(8).any(|t| t.norm == "by");
        let passive = (parsed.passive.unwrap_or(passive) && !adjectival) || reduced_relative;
        let subject = match (coordinated, last_subject) {
            (true, Some(previous)) => Some(previous),
            // The verb before, unless it only named an activity ("in fulfilling the criteria").
            _ => {
                let previous = triggers[..k]
                    .iter()
                    .rev()
                    .find(|t| !gerund_after_preposition(tokens, &lexicon.patterns[t.pattern], t));
                subject_of(tokens, mentions, trigger, &relative, previous).or(parsed.subject)
            }
        };
        // "X said the gift demonstrates ...": a PETRARCH2 verb of a reported clause whose own
        // subject is no actor reports nothing about X.
        if reported_clause_has_other_subject(tokens, mentions, subject.map_or(0, |s| s.end), trigger) {
            dismiss(trigger, "rule:reported-clause-subject");
            continue;
        }
        // Within one state, conflict has two parties too: "Serb forces killed ethnic Albanians
        // in Serbia", "Nigerian students protested against the Nigerian government".
        let within_state = WITHIN_STATE.contains(&event_type.as_str())
            || (event_type == "REQUEST" && subject.is_some_and(|s| s.group));
        let (source, target) = if passive {
            (parsed.agent.or_else(|| by_agent(tokens, mentions, trigger)), subject)
        } else {
            let object = subject.as_ref().and_then(|s| {
                let other = |m: &Mention| m.actor.id != s.actor.id || (within_state && m.start != s.start);
                let from_parse = parsed.objects.iter().copied().find(|m| other(m));
                // An intention reaches into its complement: "agreed to provide aid for Romania".
                let reach =
                    if matches!(event_type.as_str(), "AGREE" | "REQUEST" | "REJECT" | "THREATEN") { 16 } else { 8 };
                // Aid reaches its recipient past what it was worth: "handed over equipment worth
                // 10 billion VND (about 393,000 USD) to the Lao Ministry of Health".
                let after_to = |m: &Mention| {
                    let word = |back: usize| m.start.checked_sub(back).map(|i| tokens[i].norm.as_str());
                    word(1) == Some("to") || (word(1) == Some("the") && word(2) == Some("to"))
                };
                let recipient = || {
                    (event_type == "AID")
                        .then(|| object_of(tokens, mentions, trigger, &relative, s, within_state, false, 16))
                        .flatten()
                        .filter(|m| after_to(m))
                };
                object_of(tokens, mentions, trigger, &relative, s, within_state, event_type == "REQUEST", reach)
                    .or(from_parse)
                    .or_else(recipient)
            });
            // A coordinated verb with no object of its own shares the previous one's.
            let object = object.or(if coordinated { last_object } else { None });
            (subject, object)
        };
        if !passive && target.is_some() {
            last_object = target;
        }
        // Violence and protest with no one named as doing it are coded to the state where they
        // happened: "A roadside bomb near Samarra killed a US soldier".
        let place_state = || places.iter().find(|p| p.start >= trigger.end).or(places.first());
        let (source, target) = match source {
            None if matches!(event_type.as_str(), "ASSAULT" | "PROTEST") => {
                let place = place_state();
                let victim = match (passive, place) {
                    (false, Some(place)) => {
                        object_of(tokens, mentions, trigger, &relative, place, within_state, false, 8)
                    }
                    _ => target,
                };
                (place, victim)
            }
            _ => (source, target),
        };
        let Some(source) = source else {
            dismiss(trigger, "rule:no-source");
            continue;
        };
        // People protesting in a state are coded to it: "Albanians demonstrated in Serbia".
        let source = match place_state() {
            Some(place) if event_type == "PROTEST" && source.group && matches!(place.how, How::Place(_)) => place,
            _ => source,
        };
        if !passive {
            last_subject = Some(source);
        }
        if is_future(tokens, trigger, source.end) {
            let before = event_type.clone();
            (event_type, cameo) = future_reading(&event_type, &cameo);
            if event_type != before {
                rule.push_str(" rule:future-reading");
            }
            // A promised release or concession to someone is an agreement: "will allow the
            // inspectors to return"; a bare "will resign" stays a retreat.
            if matches!(event_type.as_str(), "RETREAT" | "CONCEDE") && target.is_some() {
                (event_type, cameo) = ("AGREE".into(), "030".into());
            }
            // A retreat promised on a condition is a threat: "will withdraw its force unless".
            let conditional = tokens[trigger.end..].iter().any(|t| matches!(t.norm.as_str(), "unless" | "if"));
            if conditional
                && matches!(event_type.as_str(), "RETREAT" | "AGREE")
                && matches!(pattern.event_type.as_str(), "RETREAT" | "SANCTION")
            {
                (event_type, cameo) = ("THREATEN".into(), "130".into());
            }
        }
        let mut source = source;
        // "X and Y met": each meets the other; "X and Y protested": both protest, at someone else.
        let mutual =
            matches!(event_type.as_str(), "CONSULT" | "AGREE" | "SUPPORT" | "COOPERATE" | "REJECT" | "SANCTION");
        let reciprocal =
            mutual && (source.partner.is_some() || !reciprocal_partners(tokens, mentions, source).is_empty());
        // Whole states only for visits, and for force and domestic measures ("arrived in
        // Australia", "fired at Russia", "eased measures in Montenegro"); cooperation "in
        // Vietnam" is not directed at Vietnam.
        let cooperative =
            matches!(event_type.as_str(), "SUPPORT" | "AGREE" | "REQUEST" | "COOPERATE" | "AID" | "CONSULT");
        let visit = cameo.starts_with("042") || cameo.starts_with("043") || !cooperative;
        let place = places
            .iter()
            .filter(|p| visit || p.how != How::Place(true))
            .find(|p| p.start >= trigger.end && p.start <= trigger.end + 10 && p.actor.id != source.actor.id)
            .filter(|_| !reciprocal);
        // Rule `role:place-before-unlisted`: an actor in no list is no target where a place
        // comes first ("lifted the curfew in Montenegro, where 28 people died") or where the
        // subjects act with each other ("X and Y agreed on missing people").
        // Rule `role:people-not-partners`: cooperation, aid, meetings and promises are between
        // institutions; people named by a noun ("residents", "students", "victims") are no
        // party to them.
        let target = target.filter(|t| {
            is_named(t)
                || !(reciprocal || place.is_some_and(|p| p.start < t.start) || (cooperative && is_people(&t.actor)))
        });
        if cooperative && is_people(&source.actor) {
            dismiss(trigger, "role:people-not-partners");
            continue;
        }
        let mut target = target.or(place);
        // Reported violence is an accusation by the one who reports it: "The US said that Iraq
        // had attacked ...".
        if matches!(event_type.as_str(), "ASSAULT" | "COERCE") {
            if let Some(speaker) = reporting_speaker(tokens, mentions, source) {
                event_type = "ACCUSE".into();
                cameo = "112".into();
                rule.push_str(" rule:reported-violence");
                target = Some(source);
                source = speaker;
            }
        }
        // A domestic action with no one else named is directed at the actor's own state
        // ("Sudan lifted the curfew", "Georgia's president resigned").
        let domestic = pattern.curated
            && matches!(
                event_type.as_str(),
                "CONCEDE" | "COERCE" | "PROTEST" | "REJECT" | "MOBILIZE" | "THREATEN" | "ACCUSE"
            );
        let own_state =
            (target.is_none() && !reciprocal && domestic && source.actor.kind == ActorKind::State).then(|| {
                let sector = if source.actor.sector.is_some() { None } else { Some("GOV".to_string()) };
                Actor {
                    sector,
                    person: None,
                    role: None,
                    text: String::new(),
                    how: Some("own-state".into()),
                    ..source.actor.clone()
                }
            });
        // An event needs someone it is directed at, but for protests, shows of force and
        // retreats ("resigned", "declared a ceasefire"), and for what rule
        // `role:stands-without-target` keeps.
        if target.is_none()
            && own_state.is_none()
            && !reciprocal
            && !matches!(event_type.as_str(), "PROTEST" | "MOBILIZE" | "RETREAT")
        {
            if !stands_without_target(pattern, &event_type) {
                dismiss(trigger, "rule:no-target");
                continue;
            }
            rule.push_str(" role:stands-without-target");
        }
        let confidence = confidence(pattern, source, target, passive);
        let commitment = commitment_of(&event_type, &cameo, tokens, trigger);
        let target_is_place = target.is_some_and(|t| matches!(t.how, How::Place(_)));
        let mut push = |src: &Actor, tgt: Option<&Actor>, source_at: usize| {
            // Rule `role:people-not-partners` for joined parties too ("pledged to help teachers and
            // students").
            if cooperative && (is_people(src) || tgt.is_some_and(is_people)) {
                dismiss(trigger, "role:people-not-partners");
                return;
            }
            // The same body on both sides is no event; a state's government and its rebels are two.
            // A body of an organisation (UNISFA of the UN) is the organisation; a national member
            // (a national Red Cross society of the IFRC) is not.
            let part_of = |child: &Actor, parent: &Actor| {
                child.country.is_none() && child.org.as_deref() == Some(parent.id.as_str())
            };
            let same_body = |t: &Actor| part_of(t, src) || part_of(src, t);
            // Within one state, only two named sectors make two parties (government and rebels);
            // a domestic action's own state is a party too.
            let domestic_target = own_state.as_ref().is_some_and(|o| tgt.is_some_and(|t| std::ptr::eq(t, o)));
            let one_party = |t: &Actor| {
                !domestic_target
                    && !within_state
                    && t.id == src.id
                    && (t.kind != ActorKind::State
                        || t.sector.is_none()
                        || src.sector.is_none()
                        || t.sector == src.sector)
            };
            if tgt.is_some_and(|t| one_party(t) || same_body(t)) {
                dismiss(trigger, "rule:one-party");
                return;
            }
            out.push(Coded {
                trigger: trigger.clone(),
                event_type: event_type.clone(),
                cameo: cameo.clone(),
                source: src.clone(),
                target: tgt.cloned(),
                source_at,
                confidence,
                commitment: commitment.clone(),
                target_is_place,
                rule: rule.clone(),
            });
        };
        // Reciprocal subjects: "the two sides agreed", "X and Y signed", "X, Y and Z met": every
        // party towards every other.
        let partners: Vec<&Mention> = reciprocal_partners(tokens, mentions, source);
        let target_actor = target.as_ref().map(|t| &t.actor).or(own_state.as_ref());
        if target_actor.is_none() && reciprocal {
            let mut parties: Vec<(&Actor, usize)> = vec![(&source.actor, source.start)];
            match &source.partner {
                Some(p) => parties.push((p, source.start)),
                None => parties.extend(partners.iter().map(|m| (&m.actor, m.start))),
            }
            for (a, &(one, at)) in parties.iter().enumerate() {
                for (b, &(other, _)) in parties.iter().enumerate() {
                    if a != b {
                        push(one, Some(other), at);
                    }
                }
            }
        } else {
            // Joined targets each take the event: "lifted embargoes on Iran, Libya and Cuba".
            let mut targets: Vec<Option<&Actor>> = vec![target_actor];
            if let Some(t) = target.filter(|t| !matches!(t.how, How::Place(_))) {
                targets.extend(
                    conjuncts(tokens, mentions, t)
                        .into_iter()
                        .filter(|m| m.actor.id != source.actor.id)
                        .map(|m| Some(&m.actor)),
                );
            }
            for tgt in &targets {
                push(&source.actor, *tgt, source.start);
                for partner in &partners {
                    push(&partner.actor, *tgt, partner.start);
                }
            }
        }
    }
    out
}

/// Rule `role:stands-without-target`: a promise, an accusation or a refusal told with a curated
/// pattern is an event of its source even when no one it is addressed to is named: "Norway agreed
/// to accept 500 refugees", "Prosecutors opened an investigation", "The ministry rejected the
/// report". PETRARCH2's patterns, broader, still need a target (their targetless matches are
/// mostly misreadings), and so do the other types.
fn stands_without_target(pattern: &Pattern, event_type: &str) -> bool {
    pattern.curated && matches!(event_type, "AGREE" | "ACCUSE" | "REJECT")
}

const REPORTING: &[&str] =
    &["said", "says", "claimed", "claims", "alleged", "alleges", "charged", "accused", "reported"];

/// Event types that can set two parties of one state against each other.
const WITHIN_STATE: &[&str] = &["ASSAULT", "COERCE", "PROTEST", "ACCUSE", "REJECT", "THREATEN"];

/// Event types a refusal turns into a rejection.
const COOPERATIVE: &[&str] = &["AGREE", "SUPPORT", "AID", "COOPERATE", "CONSULT", "CONCEDE", "RETREAT"];

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

/// Verbs of plain speech, whose reported clause has a subject of its own (unlike "declared a
/// curfew" or "announced a suspension").
pub(crate) const SPEECH: &[&str] = &[
    "said", "says", "say", "told", "tells", "stressed", "stresses", "noted", "notes", "added", "affirmed", "affirms",
    "stated", "insisted", "argued", "believes", "believed",
];

/// Verbs of intent that do not request anything when "to" follows: "wants to attack".
const INTENT: &[&str] = &["want", "wish", "seek", "try", "hope", "aim", "plan", "intend"];

fn intent_before_to(lexicon: &Lexicon, tokens: &[Token], trigger: &Trigger) -> bool {
    let word = tokens[trigger.head].norm.as_str();
    tokens.get(trigger.head + 1).is_some_and(|t| t.norm == "to")
        && INTENT.iter().any(|lemma| lexicon.is_form_of(word, lemma))
}

/// Whether a negated verb is a refusal: a modal before it ("will not accept", "would not
/// provide").
fn refused(tokens: &[Token], trigger: &Trigger) -> bool {
    let from = trigger.head.saturating_sub(3);
    tokens[from..trigger.head]
        .iter()
        .any(|t| matches!(t.norm.as_str(), "will" | "would" | "wo" | "shall" | "can" | "could" | "ca"))
}

/// "Russia said Sudan must return the helicopter", "Iraq must disarm, the US said": a demand
/// (REQUEST) by the speaker on the subject of "must".
fn must_demand(
    tokens: &[Token],
    mentions: &[Mention],
    pattern: &Pattern,
    trigger: &Trigger,
    relative: &[(usize, usize)],
) -> Vec<Coded> {
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
        event_type: "REQUEST".into(),
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

/// Whether a saying verb stands between the subject and the trigger and the clause it reports
/// has a subject of its own that is not an actor ("X said the gift demonstrates ...").
fn reported_clause_has_other_subject(
    tokens: &[Token],
    mentions: &[Mention],
    subject_end: usize,
    trigger: &Trigger,
) -> bool {
    if subject_end >= trigger.start {
        return false;
    }
    let Some(say) = (subject_end..trigger.start).rev().find(|&i| SPEECH.contains(&tokens[i].norm.as_str())) else {
        return false;
    };
    let in_mention = |i: usize| mentions.iter().any(|m| m.start <= i && i < m.end);
    // The word right before the verb, past auxiliaries and adverbs, is the clause's subject.
    let skipped = |w: &str| {
        matches!(
            w,
            "will"
                | "would"
                | "shall"
                | "has"
                | "have"
                | "had"
                | "is"
                | "was"
                | "are"
                | "were"
                | "be"
                | "been"
                | "also"
                | "to"
                | "can"
                | "could"
                | "may"
                | "might"
                | "must"
                | "should"
                | "always"
                | "not"
                | "never"
                | "still"
                | "further"
                | "continue"
                | "continues"
                | "jointly"
                | "soon"
                | "then"
                | "n't"
        )
    };
    let Some(before) = (say + 1..trigger.start).rev().find(|&i| !skipped(tokens[i].norm.as_str())) else {
        return false;
    };
    let w = tokens[before].norm.as_str();
    !in_mention(before)
        && !matches!(w, "that" | "a" | "an" | "the" | "its" | "their" | "and" | "but" | "or")
        && w.chars().all(char::is_alphabetic)
        && !PRONOUN_SUBJECTS.contains(&w)
}

const PRONOUN_SUBJECTS: &[&str] = &["he", "she", "it", "they", "we", "i"];

/// Token ranges of relative clauses ", who ... ,": actors inside them are not the subject of
/// the main verb.
fn relative_clauses(tokens: &[Token], mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 1..tokens.len() {
        if tokens[i - 1].norm == "," && RELATIVES.contains(&tokens[i].norm.as_str()) {
            let end = (i + 1..tokens.len()).find(|&j| tokens[j].norm == ",").unwrap_or(tokens.len());
            out.push((i - 1, end + 1));
        }
        // An appositive ", a key US ally in the war," says what the actor before it is, and
        // names no subject of its own. After anything else (", for the 31st year, a resolution
        // calling on ...") it is no appositive.
        let after_actor = mentions.iter().any(|m| m.end + 1 == i);
        if i > 1 && tokens[i - 1].norm == "," && matches!(tokens[i].norm.as_str(), "a" | "an") && after_actor {
            if let Some(end) = (i + 1..tokens.len().min(i + 14)).find(|&j| tokens[j].norm == ",") {
                out.push((i - 1, end + 1));
            }
        }
    }
    out
}

fn in_any(ranges: &[(usize, usize)], i: usize) -> Option<(usize, usize)> {
    ranges.iter().copied().find(|(s, e)| *s <= i && i < *e)
}

fn negated(tokens: &[Token], trigger: &Trigger) -> bool {
    let from = trigger.head.saturating_sub(3);
    tokens[from..trigger.head].iter().any(|t| NEGATIONS.contains(&t.norm.as_str()))
}

fn is_future(tokens: &[Token], trigger: &Trigger, subject_end: usize) -> bool {
    let from = subject_end.min(trigger.head).max(trigger.head.saturating_sub(12));
    tokens[from..trigger.head].iter().any(|t| FUTURE.contains(&t.norm.as_str()))
}

/// The AGREE (or THREATEN) reading of an event stated in the future tense.
fn future_reading(event_type: &str, cameo: &str) -> (String, String) {
    match event_type {
        "SUPPORT" => ("AGREE".into(), "032".into()),
        "CONSULT" => ("AGREE".into(), "036".into()),
        "AID" => ("AGREE".into(), "033".into()),
        "COOPERATE" => ("AGREE".into(), "030".into()),
        "ASSAULT" | "COERCE" => ("THREATEN".into(), "138".into()),
        "SANCTION" => ("THREATEN".into(), "130".into()),
        "PROTEST" => ("THREATEN".into(), "133".into()),
        _ => (event_type.to_string(), cameo.to_string()),
    }
}

/// Whether a later verb of a sentence is subordinate to an earlier one (a purpose "to
/// investigate", a participle ", joining ...", a relative clause) rather than a report of its
/// own. Coordinated verbs ("pledged ... and proposed"), new clauses ("while", ";"), verbs with
/// their own subject and nominal meetings ("at a meeting with") stand on their own.
fn subordinate(
    lexicon: &Lexicon,
    tokens: &[Token],
    mentions: &[Mention],
    previous: &Trigger,
    trigger: &Trigger,
) -> bool {
    let pattern = &lexicon.patterns[trigger.pattern];
    let nominal = !matches!(pattern.elements.first(), Some(Element::Verb(_)) | Some(Element::Gap));
    if nominal && pattern.event_type == "CONSULT" {
        return false;
    }
    let before: Vec<&str> =
        tokens[trigger.start.saturating_sub(2)..trigger.start].iter().map(|t| t.norm.as_str()).collect();
    let opens_clause =
        before.iter().any(|w| matches!(*w, "and" | "while" | ";" | "but" | "before" | "after" | "then" | "also"));
    let own_subject =
        mentions.iter().any(|m| m.end <= trigger.start && m.start >= previous.end && trigger.start - m.end <= 3);
    !(opens_clause || own_subject)
}

/// Whether a trigger sits inside the complement of an earlier one ("pledged to reinforce",
/// "proposed that X continue to give", "thanked X for assisting").
fn inside_complement(
    lexicon: &Lexicon,
    tokens: &[Token],
    mentions: &[Mention],
    triggers: &[Trigger],
    k: usize,
) -> bool {
    let trigger = &triggers[k];
    let before = trigger.start.checked_sub(1).map(|i| tokens[i].norm.as_str()).unwrap_or("");
    triggers[..k].iter().any(|earlier| {
        if trigger.start < earlier.end || trigger.start - earlier.end > 14 {
            return false;
        }
        let between = &tokens[earlier.end..trigger.start];
        if between.iter().any(|t| matches!(t.norm.as_str(), ";" | "while" | "but")) || matches!(before, "and" | ",") {
            return false;
        }
        let earlier_type = lexicon.patterns[earlier.pattern].event_type.as_str();
        // "affirmed that the UNHCR will continue to provide ...": a clause with a subject of its
        // own reports an event, unless it is what was requested or promised.
        let that = between.iter().position(|t| t.norm == "that").map(|p| earlier.end + p);
        let own_subject = that.is_some_and(|that| mentions.iter().any(|m| m.start > that && m.end <= trigger.start));
        if own_subject && !matches!(earlier_type, "REQUEST" | "AGREE") {
            return false;
        }
        // "suggested the Vietnamese side share its experience": what was requested.
        let requested =
            earlier_type == "REQUEST" && mentions.iter().any(|m| m.end == trigger.start && m.start <= earlier.end + 2);
        if requested {
            return true;
        }
        matches!(before, "to" | "for" | "of" | "by") || (matches!(earlier_type, "REQUEST" | "AGREE") && that.is_some())
    })
}

/// A PETRARCH2 verb as a gerund after a preposition ("especially in preventing diseases", "its
/// experience in mobilising resources") names an activity, not an event.
fn gerund_after_preposition(tokens: &[Token], pattern: &Pattern, trigger: &Trigger) -> bool {
    const BEFORE_ACTIVITY: &[&str] =
        &["in", "of", "for", "on", "at", "with", "without", "towards", "toward", "through", "into", "about"];
    let gerund = |i: usize| tokens[i].norm.ends_with("ing");
    let after_preposition = |i: usize| i > 0 && BEFORE_ACTIVITY.contains(&tokens[i - 1].norm.as_str());
    if pattern.curated || !gerund(trigger.head) {
        return false;
    }
    if after_preposition(trigger.start) {
        return true;
    }
    // The second of joined gerunds: "in ensuring safe schools and preventing diseases".
    let joined = trigger.start > 0 && matches!(tokens[trigger.start - 1].norm.as_str(), "and" | "or");
    joined && (trigger.start.saturating_sub(20)..trigger.start - 1).rev().any(|i| gerund(i) && after_preposition(i))
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
    !PREPOSITIONS.contains(&prev) && !possessive
}

/// The subject of a trigger: the nearest subject-like actor before it in its clause, outside
/// relative clauses; failing that, the first one of the sentence.
fn subject_of<'m>(
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
    // Actors after an earlier verb of the same clause are its objects, not this verb's subject.
    let region_end = match previous {
        Some(p) if p.start >= clause_start && p.end <= trigger.start => p.start,
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
#[allow(clippy::too_many_arguments)] // the clause and the reading's switches, passed rather than bundled
fn object_of<'m>(
    tokens: &[Token],
    mentions: &'m [Mention],
    trigger: &Trigger,
    relative: &[(usize, usize)],
    subject: &Mention,
    within_state: bool,
    request: bool,
    reach: usize,
) -> Option<&'m Mention> {
    let other = |m: &Mention| {
        let sectors_differ =
            m.actor.sector.is_some() && subject.actor.sector.is_some() && m.actor.sector != subject.actor.sector;
        m.actor.id != subject.actor.id || sectors_differ || (within_state && m.start != subject.start)
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

/// Whether a mention names an actor of the lists (or refers to one), rather than being an
/// actor in no list ([`crate::actors::unlisted`]).
fn is_named(m: &Mention) -> bool {
    !matches!(m.how, How::AgentNoun | How::UnlistedName | How::NounPhrase)
}

/// Whether an actor is an agent noun for people rather than an institution: "residents",
/// "students", "people", "farmers" (the sectors of `data/agents.tsv` for civilians, ethnic,
/// religious, professional and age groups).
fn is_people(actor: &Actor) -> bool {
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
fn conjuncts<'m>(tokens: &[Token], mentions: &'m [Mention], first: &Mention) -> Vec<&'m Mention> {
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
fn reciprocal_partners<'m>(tokens: &[Token], mentions: &'m [Mention], subject: &Mention) -> Vec<&'m Mention> {
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

/// How likely the event is right (type, source and target), from what made it: a curated
/// pattern or a PETRARCH2 one, and how each actor was found. The steps follow what was measured
/// on real news sentences (the CHANGELOG gives the reliability table): curated patterns between
/// named actors are right about two times in three, PETRARCH2's about one in three; two titled
/// persons make the surest events, a name in no list as the source the least sure, and an event
/// with no target named (a domestic action's own state) is seldom what a reader would code.
fn confidence(pattern: &Pattern, source: &Mention, target: Option<&Mention>, passive: bool) -> f32 {
    let mut c: f32 = if pattern.curated { 0.65 } else { 0.35 };
    let person = |m: &Mention| m.how == How::Person;
    match target {
        Some(t) if person(source) && person(t) => c += 0.2,
        Some(t) if person(source) || person(t) => c += 0.05,
        _ => {}
    }
    match source.how {
        How::UnlistedName | How::NounPhrase => c -= 0.25,
        How::Reference => c -= 0.15,
        _ => {}
    }
    match target.map(|t| t.how) {
        None => c -= 0.45,
        Some(How::Reference) => c -= 0.1,
        Some(How::UnlistedName | How::AgentNoun | How::NounPhrase) => c -= 0.05,
        _ => {}
    }
    if passive {
        c -= 0.05;
    }
    c.clamp(0.05, 0.95)
}

/// Whether the words after a comma only say who told the news ("the ministry said", "according
/// to the VNA", "he told reporters").
fn attribution(tail: &[Token]) -> bool {
    const VERBS: &[&str] = &["said", "says", "told", "added", "noted", "stressed", "announced", "reported", "stated"];
    let first = tail.first().map(|t| t.norm.as_str());
    (first == Some("according") && tail.get(1).is_some_and(|t| t.norm == "to"))
        || (tail.len() <= 8
            && tail.iter().any(|t| VERBS.contains(&t.norm.as_str()))
            && !tail.iter().any(|t| t.norm == "to" || t.norm == "that"))
}

/// The commitment an event expresses: pledges, offers, requests and agreements.
fn commitment_of(event_type: &str, cameo: &str, tokens: &[Token], trigger: &Trigger) -> Option<Commitment> {
    let head = tokens[trigger.head].norm.as_str();
    let kind = match event_type {
        "AGREE" if head.starts_with("offer") => CommitmentKind::Offer,
        "AGREE" if head.starts_with("agree") || head.starts_with("reach") => CommitmentKind::Agreement,
        "AGREE" => CommitmentKind::Pledge,
        "REQUEST" => CommitmentKind::Request,
        "SUPPORT" if cameo == "057" => CommitmentKind::Agreement,
        _ => return None,
    };
    let mut stop = (trigger.end..tokens.len())
        .find(|&i| matches!(tokens[i].norm.as_str(), "." | ";" | "while"))
        .unwrap_or(tokens.len());
    // "... on border trade, the ministry said": who told it is not what was committed.
    if let Some(comma) = (trigger.end..stop).find(|&i| tokens[i].norm == "," && attribution(&tokens[i + 1..stop])) {
        stop = comma;
    }
    let words: Vec<&str> = tokens[trigger.end..stop].iter().map(|t| t.norm.as_str()).collect();
    let what = words.join(" ").replace(" ,", ",").replace(" 's", "'s");
    Some(Commitment { kind, what })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn a_pattern_is_indexed_under_exactly_words_its_first_element_matches() {
        // `match_at` does not check the first element at the word the index found it under.
        let lexicon = Lexicon::embedded().expect("the embedded lexicons load");
        let mut checked = 0;
        for (word, ids) in &lexicon.pattern_index {
            let tokens = [Token { span: Span::new(0, word.len()), norm: word.clone(), capital: false }];
            let words = SentenceWords::new(&lexicon, &tokens);
            let cx = Context {
                lexicon: &lexicon,
                tokens: &tokens,
                after_actor: &[],
                upos: None,
                words: &words,
                permissive: true,
            };
            for &id in ids {
                let elements = &lexicon.pattern_words.elements[id];
                let first = elements.iter().find(|e| **e != WordElement::Gap).expect("a pattern has a word");
                assert!(matches_token(&cx, first, 0), "{word:?} does not start {:?}", lexicon.patterns[id].text);
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}
