//! Does a trigger report an event of its own? Not when it is negated ("did not sign"), sits
//! inside another's complement ("pledged to reinforce"), names an activity after a preposition
//! ("in preventing diseases"), describes a noun ("suspected militants"), hangs on an earlier verb
//! ("..., joining the talks") or lies in a clause someone else reports ("X said the gift
//! demonstrates ...").

use super::{SentenceParts, Trigger, BE, PREPOSITIONS};
use crate::actors::Mention;
use crate::lexicon::{Element, Lexicon, Pattern};
use crate::sentences::Token;
use crate::vocab::EventType::{Agree, Consult, Request, Support};

/// Rules `rule:inside-complement` and `rule:gerund-after-preposition`: the trigger is part of
/// another's complement, or names an activity. Asked before a "must" is read as a demand.
pub(super) fn not_inside_another(s: &SentenceParts, k: usize) -> Result<(), &'static str> {
    let trigger = &s.triggers[k];
    if inside_complement(s.lexicon, s.tokens, s.mentions, &s.triggers, k) {
        return Err("rule:inside-complement");
    }
    if gerund_after_preposition(s.tokens, &s.lexicon.patterns[trigger.pattern], trigger) {
        return Err("rule:gerund-after-preposition");
    }
    if modifier_participle(s, trigger) {
        return Err("rule:modifier-participle");
    }
    Ok(())
}

/// Words that open a noun phrase before a modifier.
const DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "some",
    "many",
    "several",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
    "other",
    "all",
    "no",
    "more",
];

/// Rule `rule:modifier-participle`: a verb of one word that modifies a noun after it ("suspected
/// militants", "the occupied territories") or lies inside an actor's name ("British armed
/// forces") describes; it reports no event.
fn modifier_participle(s: &SentenceParts, trigger: &Trigger) -> bool {
    let head = trigger.head;
    if trigger.end != trigger.start + 1 {
        return false;
    }
    let in_name = s.mentions.iter().any(|m| m.start <= head && head < m.end);
    // Where the parse makes it a modifier, the word before must be one that opens a noun phrase
    // ("the", "two", "heavily", "on"): after a noun it is the verb of a clause ("Police
    // arrested ...") however the parse reads it. Heads are 1-based: a head after the trigger is
    // at `head + 2` or more.
    let opens_phrase = head.checked_sub(1).is_none_or(|i| {
        let before = s.tokens[i].norm.as_str();
        DETERMINERS.contains(&before)
            || PREPOSITIONS.contains(&before)
            || before.ends_with("ly")
            || before.starts_with(|c: char| c.is_ascii_digit())
    });
    let attributive =
        opens_phrase && s.deps.and_then(|d| d.get(head)).is_some_and(|d| d.deprel == "amod" && d.head > head + 1);
    in_name || attributive
}

/// Rules `rule:negated` and `rule:subordinate`: a negated trigger reports nothing (but a refusal,
/// which [`super::readings`] reads as a rejection); a verb hanging on the one before is no report
/// of its own.
pub(super) fn reports_its_own(s: &SentenceParts, k: usize) -> Result<(), &'static str> {
    let (tokens, triggers, relative) = (s.tokens, &s.triggers, &s.relative);
    let trigger = &triggers[k];
    let pattern = &s.lexicon.patterns[trigger.pattern];
    // A refusal ("would not provide support") rejects; a plain negation ("did not sign")
    // reports nothing.
    let refusal = negated(tokens, trigger) && refused(tokens, trigger);
    if negated(tokens, trigger)
        && !(refusal && pattern.event_type.is_some_and(|t| super::readings::COOPERATIVE.contains(&t)))
    {
        return Err("rule:negated");
    }
    // A verb of a relative clause ("X, who attended the session, thanked Y") does not
    // govern the main clause's verb.
    let after_relative =
        k > 0 && in_any(relative, triggers[k - 1].start).is_some() && in_any(relative, trigger.start).is_none();
    // A relative clause about a person after the previous verb has a subject of its own, the
    // one it describes: "had a working session with the FAO Representative, who highly
    // valued ...". One in the passive describes them ("peacekeepers, who are deployed ...").
    let described = tokens[trigger.head.saturating_sub(2)..trigger.head].iter().any(|t| BE.contains(&t.norm.as_str()));
    let own_relative = k > 0
        && !described
        && in_any(relative, trigger.start).is_some_and(|(s, _)| {
            // ", who [adverb] verb": the clause's own verb, not one of its complements.
            s >= triggers[k - 1].end && tokens.get(s + 1).is_some_and(|t| t.norm == "who") && trigger.start <= s + 3
        });
    if k > 0
        && !after_relative
        && !own_relative
        && subordinate(s.lexicon, tokens, s.mentions, &triggers[k - 1], trigger)
    {
        return Err("rule:subordinate");
    }
    Ok(())
}

const NEGATIONS: &[&str] = &["not", "n't", "never", "no", "neither", "nor"];

const RELATIVES: &[&str] = &["who", "which", "whose", "whom"];

/// Verbs of plain speech, whose reported clause has a subject of its own (unlike "declared a
/// curfew" or "announced a suspension").
pub(crate) const SPEECH: &[&str] = &[
    "said", "says", "say", "told", "tells", "stressed", "stresses", "noted", "notes", "added", "affirmed", "affirms",
    "stated", "insisted", "argued", "believes", "believed",
];

/// Verbs of intent that do not request anything when "to" follows: "wants to attack".
const INTENT: &[&str] = &["want", "wish", "seek", "try", "hope", "aim", "plan", "intend"];

pub(super) fn intent_before_to(lexicon: &Lexicon, tokens: &[Token], trigger: &Trigger) -> bool {
    let word = tokens[trigger.head].norm.as_str();
    tokens.get(trigger.head + 1).is_some_and(|t| t.norm == "to")
        && INTENT.iter().any(|lemma| lexicon.is_form_of(word, lemma))
}

/// Whether a negated verb is a refusal: a modal before it ("will not accept", "would not
/// provide").
pub(super) fn refused(tokens: &[Token], trigger: &Trigger) -> bool {
    let from = trigger.head.saturating_sub(3);
    tokens[from..trigger.head]
        .iter()
        .any(|t| matches!(t.norm.as_str(), "will" | "would" | "wo" | "shall" | "can" | "could" | "ca"))
}

/// Whether a saying verb stands between the subject and the trigger and the clause it reports
/// has a subject of its own that is not an actor ("X said the gift demonstrates ...").
pub(super) fn reported_clause_has_other_subject(
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
pub(super) fn relative_clauses(tokens: &[Token], mentions: &[Mention]) -> Vec<(usize, usize)> {
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

pub(super) fn in_any(ranges: &[(usize, usize)], i: usize) -> Option<(usize, usize)> {
    ranges.iter().copied().find(|(s, e)| *s <= i && i < *e)
}

pub(super) fn negated(tokens: &[Token], trigger: &Trigger) -> bool {
    let from = trigger.head.saturating_sub(3);
    tokens[from..trigger.head].iter().any(|t| NEGATIONS.contains(&t.norm.as_str()))
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
    if nominal && pattern.event_type == Some(Consult) {
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
        let earlier_type = lexicon.patterns[earlier.pattern].event_type;
        // "affirmed that the UNHCR will continue to provide ...": a clause with a subject of its
        // own reports an event, unless it is what was requested or promised.
        let that = between.iter().position(|t| t.norm == "that").map(|p| earlier.end + p);
        let own_subject = that.is_some_and(|that| mentions.iter().any(|m| m.start > that && m.end <= trigger.start));
        if own_subject && !matches!(earlier_type, Some(Request | Agree)) {
            return false;
        }
        // Rule `rule:purpose-of-contact`: words of support a call or visit was made to say were
        // said in it: "called the new prime minister to congratulate him".
        let contact_made = earlier_type == Some(Consult) && made(&tokens[earlier.head].norm);
        if contact_made && before == "to" && lexicon.patterns[trigger.pattern].event_type == Some(Support) {
            return false;
        }
        // "suggested the Vietnamese side share its experience": what was requested.
        let requested = earlier_type == Some(Request)
            && mentions.iter().any(|m| m.end == trigger.start && m.start <= earlier.end + 2);
        if requested {
            return true;
        }
        matches!(before, "to" | "for" | "of" | "by")
            || (matches!(earlier_type, Some(Request | Agree)) && that.is_some())
    })
}

/// Whether a verb form tells of something done: "called", "met", "visited".
fn made(word: &str) -> bool {
    word.ends_with("ed") || matches!(word, "met" | "spoke" | "wrote" | "rang" | "sent")
}

/// A PETRARCH2 verb as a gerund after a preposition ("especially in preventing diseases", "its
/// experience in mobilising resources") names an activity, not an event.
pub(super) fn gerund_after_preposition(tokens: &[Token], pattern: &Pattern, trigger: &Trigger) -> bool {
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
