//! Whether two coded events are one real-world event: the rules, and the [`Reason`] that
//! explains a yes.
//!
//! Evidence comes from the events (who, what type, when, where) and from the text (the
//! articles are near-duplicates, or the sentences are). The rules, in order:
//!
//! 1. **Actors** must agree: the same source and target ids; or swapped, when both events are
//!    of a symmetric type (CONSULT, AGREE, COOPERATE, and SUPPORT when it is the signing of an
//!    agreement, CAMEO 057); or the same source where one report names no target (this needs
//!    text evidence). When both reports name the person who acted for an actor and the names
//!    share no word, they are different events (the minister, not his deputy).
//! 2. **Types** must agree: the same PLOVER type (signing an agreement, SUPPORT-057, counts
//!    as a type of its own, apart from praise and thanks); or compatible types (AGREE,
//!    COOPERATE and SUPPORT-057 are one signing told three ways), which needs text evidence.
//!    Two different modes (a visit, a phone call) are different events; a mode on one side
//!    only (a visit, and talks) needs text evidence.
//! 3. **Dates** must be within [`Rules::day_window`] days of each other. A date known to the
//!    month or year is the span of that month or year; an event with no date is taken to lie
//!    in the [`Rules::published_lookback`] days up to its article's publication. Dates known
//!    to the day (or to the publication week) on both sides are *tight*; otherwise the dates
//!    only fail to contradict each other, and text evidence is needed.
//! 4. **Places**, when both reports give one, must not be in different countries unless the
//!    text evidence is strong (a dateline can differ between outlets, so names alone are not
//!    held against a merge).
//! 5. **Text**: the articles are near-duplicates (see [`crate::sketch`]), or the two sentences
//!    are similar ([`crate::sketch::sentence_similarity`] ≥ [`Rules::sentence_threshold`]).
//!
//! Two events of one article are the same event when they have the same actors (or swapped,
//! for a symmetric type), the same type and mode and dates that agree: the headline and the
//! lead retell the body. Two sentences of the body tell different events of one triple when
//! the later one says so ("also", "another", "additional", "separate") or when both carry
//! commitments with nothing in common ("an MoU on education", "an agreement on border
//! trade"); see [`distinct_in_article`]. Across articles, the same actors, type, mode and
//! tight dates suffice; anything looser needs the text evidence.

use dyad_core::EventType::{Agree, Consult, Cooperate, Support};
use std::fmt;

use chrono::{Datelike, Duration, NaiveDate};
use dyad_core::{Actor, DatePrecision, Event};

use crate::sketch::{sentence_similarity, SENTENCE_THRESHOLD};

/// Thresholds of the sameness rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// Most days between the dates of two reports of one event (default 3: a report
    /// published a day or two later, a date resolved from "last Monday").
    pub day_window: i64,
    /// Days before publication in which an undated event is taken to have happened
    /// (default 7).
    pub published_lookback: i64,
    /// Sentence similarity that counts as text evidence (default
    /// [`SENTENCE_THRESHOLD`]).
    pub sentence_threshold: f32,
    /// Sentence similarity strong enough to outweigh a conflict of places (default 0.75).
    pub strong_sentence_threshold: f32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            day_window: 3,
            published_lookback: 7,
            sentence_threshold: SENTENCE_THRESHOLD,
            strong_sentence_threshold: 0.75,
        }
    }
}

/// What is known about the two events' articles.
#[derive(Clone, Debug)]
pub struct Context<'a> {
    /// The thresholds.
    pub rules: &'a Rules,
    /// Whether both events come from one article.
    pub same_article: bool,
    /// The estimated similarity of the two articles when they are near-duplicates.
    pub article_similarity: Option<f32>,
    /// Publication dates of the first and second event's articles.
    pub published: (Option<NaiveDate>, Option<NaiveDate>),
    /// The two sentences' similarity when the caller knows it already (the merger keeps each
    /// report's content words); `None`: worked out from the sentences.
    pub sentence_similarity: Option<f32>,
}

impl<'a> Context<'a> {
    /// A context with these rules and nothing known about the articles (different articles,
    /// not near-duplicates, no publication dates).
    pub fn new(rules: &'a Rules) -> Context<'a> {
        Context {
            rules,
            same_article: false,
            article_similarity: None,
            published: (None, None),
            sentence_similarity: None,
        }
    }
}

/// How the actors of two events agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorMatch {
    /// Same source, same target.
    Same,
    /// Source and target swapped, in a symmetric event type.
    Swapped,
    /// Same source; one report names no target.
    TargetMissing,
}

/// How the dates of two events agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateMatch {
    /// Both known to the day, this many days apart.
    DaysApart(i64),
    /// Tight (a day or a publication week) but at least one inferred from publication; the
    /// gap in days between the two ranges.
    NearPublication(i64),
    /// A month or year on one side that contains or nears the other date.
    Compatible,
    /// No date on at least one side.
    Unknown,
}

/// How the places of two events agree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceMatch {
    /// The same named place.
    Same(String),
    /// At most one side names a place, or the two places are in one country.
    Unknown,
    /// The places conflict; the text evidence was strong enough to merge anyway.
    Conflict,
}

/// Why two events were judged the same: structured, and printable as a short sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    /// How the actors agree.
    pub actors: ActorMatch,
    /// The two PLOVER types when they differ but are compatible; `None` when equal.
    pub compatible_types: Option<(String, String)>,
    /// How the dates agree.
    pub dates: DateMatch,
    /// How the places agree.
    pub place: PlaceMatch,
    /// Whether both events come from one article.
    pub same_article: bool,
    /// Similarity of the articles, when they are near-duplicates.
    pub article_similarity: Option<f32>,
    /// Similarity of the two sentences.
    pub sentence_similarity: f32,
}

impl Reason {
    /// How strong the evidence is, for choosing among several matching events (higher is
    /// stronger).
    pub fn strength(&self) -> f32 {
        let mut s = self.sentence_similarity;
        if let Some(a) = self.article_similarity {
            s += 1.0 + a;
        }
        if self.same_article {
            s += 2.0;
        }
        s += match self.actors {
            ActorMatch::Same => 0.5,
            ActorMatch::Swapped => 0.4,
            ActorMatch::TargetMissing => 0.0,
        };
        if self.compatible_types.is_none() {
            s += 0.5;
        }
        s += match self.dates {
            DateMatch::DaysApart(d) | DateMatch::NearPublication(d) => 0.5 - 0.1 * d as f32,
            DateMatch::Compatible => 0.1,
            DateMatch::Unknown => 0.0,
        };
        if matches!(self.place, PlaceMatch::Same(_)) {
            s += 0.2;
        }
        s
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.same_article {
            f.write_str("same article, ")?;
        }
        let actors = match self.actors {
            ActorMatch::Same => "same actors",
            ActorMatch::Swapped => "same actors (swapped)",
            ActorMatch::TargetMissing => "same source (one target missing)",
        };
        match &self.compatible_types {
            None => write!(f, "{actors} and type")?,
            Some((a, b)) => write!(f, "{actors}, compatible types {a}/{b}")?,
        }
        match self.dates {
            DateMatch::DaysApart(0) => f.write_str(", same date")?,
            DateMatch::DaysApart(1) => f.write_str(", dates 1 day apart")?,
            DateMatch::DaysApart(d) => write!(f, ", dates {d} days apart")?,
            DateMatch::NearPublication(_) => f.write_str(", dates agree with publication")?,
            DateMatch::Compatible => f.write_str(", dates compatible")?,
            DateMatch::Unknown => f.write_str(", date unknown")?,
        }
        match &self.place {
            PlaceMatch::Same(p) => write!(f, ", same place ({p})")?,
            PlaceMatch::Conflict => f.write_str(", places differ")?,
            PlaceMatch::Unknown => {}
        }
        if let Some(a) = self.article_similarity {
            write!(f, ", articles {a:.2} near-duplicate")?;
        }
        write!(f, ", sentences {:.2} similar", self.sentence_similarity)
    }
}

/// The type an event is compared by: its PLOVER type, except that signing an agreement
/// (SUPPORT with CAMEO 057) is not the same act as praise or thanks (the other SUPPORTs).
fn kind(event: &Event) -> &str {
    if event.event_type == Support && event.cameo.is_under("057") {
        "SUPPORT-057"
    } else {
        event.event_type.as_str()
    }
}

/// Event types whose source and target can be told either way round.
fn symmetric(event: &Event) -> bool {
    match event.event_type {
        Consult | Agree | Cooperate => true,
        Support => event.cameo.is_under("057"),
        _ => false,
    }
}

/// Whether two different types can be one event told differently: signing an agreement
/// (SUPPORT-057), agreeing (AGREE) and cooperating (COOPERATE).
fn compatible_types(a: &Event, b: &Event) -> bool {
    let family = |e: &Event| match e.event_type {
        Agree | Cooperate => true,
        Support => e.cameo.is_under("057"),
        _ => false,
    };
    family(a) && family(b)
}

/// Whether two actors are the same entity, and, when both name the person who acted, the
/// same person (their names share a word).
fn same_actor(a: &Actor, b: &Actor) -> bool {
    if a.id != b.id {
        return false;
    }
    match (&a.person, &b.person) {
        (Some(p), Some(q)) => {
            let words = |s: &str| -> Vec<String> {
                s.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.chars().count() > 1)
                    .map(|w| w.to_lowercase())
                    .collect()
            };
            let q = words(q);
            words(p).iter().any(|w| q.contains(w))
        }
        _ => true,
    }
}

fn same_opt(a: &Option<Actor>, b: &Option<Actor>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same_actor(a, b),
        (None, None) => true,
        _ => false,
    }
}

fn actor_match(a: &Event, b: &Event) -> Option<ActorMatch> {
    let (sa, sb) = (a.source.as_ref()?, b.source.as_ref()?);
    if same_actor(sa, sb) && same_opt(&a.target, &b.target) {
        return Some(ActorMatch::Same);
    }
    if symmetric(a) && symmetric(b) {
        if let (Some(ta), Some(tb)) = (&a.target, &b.target) {
            if same_actor(sa, tb) && same_actor(ta, sb) {
                return Some(ActorMatch::Swapped);
            }
        }
    }
    if same_actor(sa, sb) && (a.target.is_none() != b.target.is_none()) {
        return Some(ActorMatch::TargetMissing);
    }
    None
}

/// The range of days an event's date stands for, and whether that range is tight (a day, or
/// the lookback before publication) and whether it was inferred from publication.
pub(crate) fn date_range(
    e: &Event,
    published: Option<NaiveDate>,
    rules: &Rules,
) -> Option<(NaiveDate, NaiveDate, bool, bool)> {
    if let Some(date) = e.date.as_deref() {
        let precision = e.date_precision.unwrap_or(match date.len() {
            4 => DatePrecision::Year,
            7 => DatePrecision::Month,
            _ => DatePrecision::Day,
        });
        let parse = crate::ymd;
        let range = match precision {
            DatePrecision::Day => parse(date.get(..10)?).map(|d| (d, d, true)),
            DatePrecision::Month => {
                let first = parse(&format!("{}-01", date.get(..7)?))?;
                let next = if first.month() == 12 {
                    NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
                };
                Some((first, next - Duration::days(1), false))
            }
            DatePrecision::Year => {
                let year: i32 = date.get(..4)?.parse().ok()?;
                Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?, false))
            }
        };
        if let Some((lo, hi, tight)) = range {
            return Some((lo, hi, tight, false));
        }
    }
    let p = published?;
    Some((p - Duration::days(rules.published_lookback), p, true, true))
}

fn date_match(a: &Event, b: &Event, ctx: &Context<'_>) -> Option<DateMatch> {
    let ra = date_range(a, ctx.published.0, ctx.rules);
    let rb = date_range(b, ctx.published.1, ctx.rules);
    let (Some((alo, ahi, at, ap)), Some((blo, bhi, bt, bp))) = (ra, rb) else {
        return Some(DateMatch::Unknown);
    };
    let gap = days_apart((alo, ahi), (blo, bhi));
    if gap > ctx.rules.day_window {
        return None;
    }
    Some(match (at, bt, ap || bp) {
        (true, true, false) => DateMatch::DaysApart(gap),
        (true, true, true) => DateMatch::NearPublication(gap),
        _ => DateMatch::Compatible,
    })
}

/// Days between two ranges of days (0 when they overlap).
pub(crate) fn days_apart(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> i64 {
    if a.1 < b.0 {
        (b.0 - a.1).num_days()
    } else if b.1 < a.0 {
        (a.0 - b.1).num_days()
    } else {
        0
    }
}

fn fold(s: &str) -> String {
    use unicode_folding::fold_char;
    s.chars().filter_map(fold_char).collect()
}

mod unicode_folding {
    /// Lowercases and drops the accents of the Latin letters Vietnamese place names use, so
    /// that "Hà Nội" and "Ha Noi" compare equal; drops spaces and punctuation.
    pub(super) fn fold_char(c: char) -> Option<char> {
        if !c.is_alphanumeric() {
            return None;
        }
        let c = c.to_lowercase().next().unwrap_or(c);
        const GROUPS: [(&str, char); 6] = [
            ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
            ("èéẻẽẹêềếểễệ", 'e'),
            ("ìíỉĩị", 'i'),
            ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
            ("ùúủũụưừứửữự", 'u'),
            ("ỳýỷỹỵ", 'y'),
        ];
        if c == 'đ' {
            return Some('d');
        }
        Some(GROUPS.iter().find(|(set, _)| set.contains(c)).map_or(c, |&(_, base)| base))
    }
}

/// Whether two events of one article with the same triple are still different events: both
/// told in the body (not the opening sentence, which sums the story up, and not one
/// sentence), and the later sentence marks its event as another one, or both carry
/// commitments whose contents share no word that tells what they are about.
pub fn distinct_in_article(a: &Event, b: &Event) -> bool {
    if a.span == b.span || a.span.start == 0 || b.span.start == 0 {
        return false;
    }
    let later = if b.span.start > a.span.start { b } else { a };
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let before_trigger: String =
        later.sentence.chars().take(later.trigger.start.saturating_sub(later.span.start)).collect();
    let marked = words(&before_trigger).iter().any(|w| w == "also")
        || words(&later.sentence)
            .iter()
            .any(|w| matches!(w.as_str(), "another" | "additional" | "separate" | "separately"));
    if marked {
        return true;
    }
    let (Some(x), Some(y)) = (&a.commitment, &b.commitment) else { return false };
    // The parties' own names ("aid to Vietnam") say nothing of what is committed.
    let names: Vec<String> = [&a.source, &a.target, &b.source, &b.target]
        .into_iter()
        .flatten()
        .flat_map(|actor| words(&actor.name).into_iter().chain(words(&actor.text)))
        .collect();
    let content = |what: &str| -> std::collections::BTreeSet<String> {
        words(what)
            .into_iter()
            .filter(|w| w.chars().count() > 1 && !w.chars().all(|c| c.is_ascii_digit()))
            .filter(|w| !GENERIC.contains(&w.as_str()) && !names.contains(w))
            .collect()
    };
    let (cx, cy) = (content(&x.what), content(&y.what));
    !cx.is_empty() && !cy.is_empty() && cx.is_disjoint(&cy)
}

/// Words of a commitment's content that do not tell what it is about.
const GENERIC: &[&str] = &[
    "a",
    "accord",
    "agreement",
    "agreements",
    "an",
    "and",
    "april",
    "at",
    "august",
    "between",
    "both",
    "by",
    "continue",
    "countries",
    "deal",
    "deals",
    "december",
    "document",
    "documents",
    "february",
    "for",
    "friday",
    "from",
    "further",
    "her",
    "his",
    "in",
    "its",
    "january",
    "july",
    "june",
    "march",
    "may",
    "memorandum",
    "monday",
    "more",
    "mou",
    "mous",
    "november",
    "october",
    "of",
    "on",
    "period",
    "said",
    "saturday",
    "says",
    "september",
    "sides",
    "sign",
    "signed",
    "sunday",
    "that",
    "the",
    "their",
    "these",
    "this",
    "those",
    "thursday",
    "to",
    "tuesday",
    "two",
    "understanding",
    "wednesday",
    "will",
    "with",
    "would",
    "year",
    "years",
];

fn place_match(a: &Event, b: &Event) -> PlaceMatch {
    let (Some(la), Some(lb)) = (&a.location, &b.location) else { return PlaceMatch::Unknown };
    if fold(&la.name) == fold(&lb.name) {
        return PlaceMatch::Same(la.name.clone());
    }
    match (&la.country, &lb.country) {
        (Some(x), Some(y)) if x != y => PlaceMatch::Conflict,
        _ => PlaceMatch::Unknown,
    }
}

/// Decides whether `a` and `b` report one real-world event, by the rules of this module, and
/// says why when they do.
///
/// ```
/// use dyad_merge::same::{same_event, Context, Rules};
/// # use dyad_core::{Actor, ActorKind, Cameo, CharSpan, DatePrecision, Event, EventType};
/// # fn actor(id: &str) -> Actor { Actor { id: id.into(), name: id.into(), kind: ActorKind::State,
/// #     country: Some(id.into()), org: None, sector: None, cameo: id.into(), person: None, role: None, text: id.into(), aliases: vec![], how: None } }
/// # fn event(article: &str, date: &str, sentence: &str) -> Event { Event { article_id: article.into(),
/// #     event_type: EventType::Consult, mode: None, contexts: vec![], cameo: Cameo::new("040"),
/// #     source: Some(actor("VNM")), target: Some(actor("JPN")), date: Some(date.into()),
/// #     date_precision: Some(DatePrecision::Day), period: None, location: None, commitment: None,
/// #     confidence: 0.8, sentence: sentence.into(), span: CharSpan::default(),
/// #     trigger: CharSpan::default(), trigger_text: String::new(), rule: String::new() } }
/// let a = event("vna-1", "2024-03-12", "Vietnam and Japan held talks in Hanoi on March 12.");
/// let b = event("vov-7", "2024-03-13", "Japan and Vietnam held talks on Tuesday.");
/// let rules = Rules::default();
/// let ctx = Context::new(&rules);
/// let reason = same_event(&a, &b, &ctx).unwrap();
/// assert!(reason.to_string().starts_with("same actors and type, dates 1 day apart"));
/// let later = event("vna-9", "2024-04-15", "Vietnam and Japan held talks in Hanoi on April 15.");
/// assert!(same_event(&a, &later, &ctx).is_none());
/// ```
pub fn same_event(a: &Event, b: &Event, ctx: &Context<'_>) -> Option<Reason> {
    let actors = actor_match(a, b)?;
    let types_equal = kind(a) == kind(b);
    if !types_equal && !compatible_types(a, b) {
        return None;
    }
    let modes_equal = a.mode == b.mode;
    if a.mode.is_some() && b.mode.is_some() && !modes_equal {
        return None;
    }
    let dates = date_match(a, b, ctx)?;
    let sentences = ctx.sentence_similarity.unwrap_or_else(|| sentence_similarity(&a.sentence, &b.sentence));
    let text = ctx.article_similarity.is_some() || sentences >= ctx.rules.sentence_threshold;
    let strong_text = ctx.article_similarity.is_some() || sentences >= ctx.rules.strong_sentence_threshold;
    let place = place_match(a, b);
    if place == PlaceMatch::Conflict && !strong_text {
        return None;
    }
    let tight = matches!(dates, DateMatch::DaysApart(_) | DateMatch::NearPublication(_));
    let same_triple = actors != ActorMatch::TargetMissing && types_equal && modes_equal;
    let structural = same_triple && tight;
    let decided = if ctx.same_article { same_triple && !distinct_in_article(a, b) } else { structural || text };
    decided.then(|| Reason {
        actors,
        compatible_types: (!types_equal).then(|| (kind(a).to_string(), kind(b).to_string())),
        dates,
        place,
        same_article: ctx.same_article,
        article_similarity: ctx.article_similarity,
        sentence_similarity: sentences,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use dyad_core::{ActorKind, CharSpan, Location};

    pub(crate) fn actor(id: &str, person: Option<&str>) -> Actor {
        Actor {
            id: id.into(),
            name: id.into(),
            kind: ActorKind::State,
            country: Some(id.into()),
            org: None,
            sector: None,
            cameo: id.into(),
            person: person.map(str::to_string),
            role: None,
            text: id.into(),
            aliases: Vec::new(),
            how: None,
        }
    }

    pub(crate) fn event(article: &str, kind: &str, src: &str, tgt: &str, date: &str, sentence: &str) -> Event {
        let (event_type, cameo) = match kind {
            "SIGN" => ("SUPPORT", "057"),
            "SUPPORT" => ("SUPPORT", "051"),
            "CONSULT" => ("CONSULT", "040"),
            "AID" => ("AID", "070"),
            other => (other, "030"),
        };
        Event {
            article_id: article.into(),
            event_type: event_type.parse().expect("a PLOVER type"),
            mode: None,
            contexts: vec![],
            cameo: cameo.into(),
            source: Some(actor(src, None)),
            target: (!tgt.is_empty()).then(|| actor(tgt, None)),
            date: (!date.is_empty()).then(|| date.to_string()),
            date_precision: match date.len() {
                0 => None,
                4 => Some(DatePrecision::Year),
                7 => Some(DatePrecision::Month),
                _ => Some(DatePrecision::Day),
            },
            period: None,
            location: None,
            commitment: None,
            confidence: 0.8,
            sentence: sentence.into(),
            span: CharSpan::default(),
            trigger: CharSpan::default(),
            trigger_text: String::new(),
            rule: String::new(),
        }
    }

    const MET: &str = "Vietnam and Japan held talks in Hanoi.";
    const OTHER: &str = "The two ministers discussed trade, investment and labour.";

    fn same(a: &Event, b: &Event) -> Option<Reason> {
        let rules = Rules::default();
        same_event(a, b, &Context::new(&rules))
    }

    #[test]
    fn same_actors_type_and_close_dates_merge() {
        let a = event("a", "CONSULT", "VNM", "JPN", "2024-03-12", MET);
        let b = event("b", "CONSULT", "VNM", "JPN", "2024-03-13", OTHER);
        let r = same(&a, &b).unwrap();
        assert_eq!(r.dates, DateMatch::DaysApart(1));
        assert_eq!(r.actors, ActorMatch::Same);
    }

    #[test]
    fn dates_beyond_the_window_do_not() {
        let a = event("a", "CONSULT", "VNM", "JPN", "2024-03-12", MET);
        assert!(same(&a, &event("b", "CONSULT", "VNM", "JPN", "2024-03-16", MET)).is_none());
        assert!(same(&a, &event("b", "CONSULT", "VNM", "JPN", "2024-04-12", MET)).is_none());
    }

    #[test]
    fn symmetric_types_merge_swapped_others_do_not() {
        let a = event("a", "CONSULT", "VNM", "JPN", "2024-03-12", MET);
        assert_eq!(
            same(&a, &event("b", "CONSULT", "JPN", "VNM", "2024-03-12", OTHER)).unwrap().actors,
            ActorMatch::Swapped
        );
        let s = event("a", "SIGN", "VNM", "LAO", "2024-04-02", "Vietnam and Laos signed an MoU.");
        assert!(same(&s, &event("b", "SIGN", "LAO", "VNM", "2024-04-02", OTHER)).is_some());
        let p = event("a", "SUPPORT", "VNM", "JPN", "2024-03-12", "Vietnam thanked Japan.");
        assert!(same(&p, &event("b", "SUPPORT", "JPN", "VNM", "2024-03-12", "Vietnam thanked Japan.")).is_none());
    }

    #[test]
    fn other_target_or_type_does_not_merge() {
        let a = event("a", "CONSULT", "VNM", "JPN", "2024-03-12", MET);
        assert!(same(&a, &event("b", "CONSULT", "VNM", "KOR", "2024-03-12", MET)).is_none());
        assert!(same(&a, &event("b", "REQUEST", "VNM", "JPN", "2024-03-12", MET)).is_none());
    }

    #[test]
    fn signing_is_not_praise() {
        let a = event("a", "SIGN", "LAO", "VNM", "2024-04-02", "Laos and Vietnam signed an MoU.");
        let b = event("a", "SUPPORT", "LAO", "VNM", "2024-04-02", "Laos thanked Vietnam.");
        let rules = Rules::default();
        let ctx = Context { same_article: true, ..Context::new(&rules) };
        assert!(same_event(&a, &b, &ctx).is_none());
    }

    #[test]
    fn compatible_types_need_text_evidence() {
        let a = event(
            "a",
            "SIGN",
            "VNM",
            "LAO",
            "2024-04-02",
            "Vietnam and Laos signed an education agreement in Vientiane.",
        );
        let b = event(
            "b",
            "AGREE",
            "VNM",
            "LAO",
            "2024-04-02",
            "Vietnam and Laos reached an education agreement in Vientiane.",
        );
        let r = same(&a, &b).unwrap();
        assert_eq!(r.compatible_types, Some(("SUPPORT-057".into(), "AGREE".into())));
        let c = event("b", "AGREE", "VNM", "LAO", "2024-04-02", OTHER);
        assert!(same(&a, &c).is_none());
    }

    #[test]
    fn different_modes_do_not_merge() {
        let mut a = event("a", "CONSULT", "VNM", "CHN", "2024-06-05", MET);
        let mut b = a.clone();
        b.article_id = "b".into();
        a.mode = Some("phone".into());
        b.mode = Some("visit".into());
        assert!(same(&a, &b).is_none());
        b.mode = None;
        b.sentence = OTHER.into();
        assert!(same(&a, &b).is_none(), "a mode on one side needs text evidence");
    }

    #[test]
    fn different_persons_do_not_merge() {
        let a = event("a", "CONSULT", "VNM", "CHN", "2024-06-05", MET);
        let mut b = event("b", "CONSULT", "VNM", "CHN", "2024-06-05", MET);
        let mut a2 = a.clone();
        a2.source = Some(actor("VNM", Some("Pham Minh Chinh")));
        b.source = Some(actor("VNM", Some("Tran Thanh Man")));
        assert!(same(&a2, &b).is_none());
        b.source = Some(actor("VNM", Some("PM Chinh")));
        assert!(same(&a2, &b).is_some());
        assert!(same(&a, &b).is_some(), "an unnamed person agrees with any");
    }

    #[test]
    fn coarse_or_missing_dates_need_text() {
        let a = event("a", "CONSULT", "VNM", "JPN", "2024-03", MET);
        let b = event("b", "CONSULT", "VNM", "JPN", "2024-03-12", "Japan and Vietnam held talks in Hanoi.");
        assert_eq!(same(&a, &b).unwrap().dates, DateMatch::Compatible);
        let c = event("b", "CONSULT", "VNM", "JPN", "2024-03-12", OTHER);
        assert!(same(&a, &c).is_none());
        let d = event("b", "CONSULT", "VNM", "JPN", "", OTHER);
        assert!(same(&b, &d).is_none());
        assert!(same(&event("b", "CONSULT", "VNM", "JPN", "2024-04", MET), &b).is_none());
    }

    #[test]
    fn undated_events_use_publication() {
        let a = event("a", "CONSULT", "VNM", "JPN", "", OTHER);
        let b = event("b", "CONSULT", "VNM", "JPN", "2024-03-12", MET);
        let rules = Rules::default();
        let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let ctx = Context { published: (day("2024-03-13"), None), ..Context::new(&rules) };
        assert_eq!(same_event(&a, &b, &ctx).unwrap().dates, DateMatch::NearPublication(0));
        let ctx = Context { published: (day("2024-05-01"), None), ..Context::new(&rules) };
        assert!(same_event(&a, &b, &ctx).is_none());
    }

    #[test]
    fn places_in_different_countries_need_strong_text() {
        let mut a = event("a", "CONSULT", "VNM", "JPN", "2024-03-12", MET);
        let mut b = event("b", "CONSULT", "VNM", "JPN", "2024-03-12", OTHER);
        a.location = Some(Location { name: "Hà Nội".into(), country: Some("VNM".into()) });
        b.location = Some(Location { name: "Tokyo".into(), country: Some("JPN".into()) });
        assert!(same(&a, &b).is_none());
        b.sentence = MET.into();
        assert_eq!(same(&a, &b).unwrap().place, PlaceMatch::Conflict);
        b.location = Some(Location { name: "Ha Noi".into(), country: None });
        assert_eq!(same(&a, &b).unwrap().place, PlaceMatch::Same("Hà Nội".into()));
    }

    #[test]
    fn missing_target_needs_text() {
        let a = event("a", "CONSULT", "VNM", "JPN", "2024-03-12", MET);
        let b = event("b", "CONSULT", "VNM", "", "2024-03-12", OTHER);
        assert!(same(&a, &b).is_none());
        let c = event("b", "CONSULT", "VNM", "", "2024-03-12", "Vietnam held talks in Hanoi with Japan.");
        assert_eq!(same(&a, &c).unwrap().actors, ActorMatch::TargetMissing);
    }

    #[test]
    fn near_duplicate_articles_are_text_evidence() {
        let a = event("a", "CONSULT", "VNM", "JPN", "2024", MET);
        let b = event("b", "CONSULT", "VNM", "JPN", "2024-03-12", OTHER);
        let rules = Rules::default();
        let ctx = Context { article_similarity: Some(0.9), ..Context::new(&rules) };
        let r = same_event(&a, &b, &ctx).unwrap();
        assert!(r.to_string().contains("articles 0.90 near-duplicate"), "{r}");
    }

    #[test]
    fn reason_reads_as_a_sentence() {
        let a = event("a", "CONSULT", "VNM", "JPN", "2024-03-12", MET);
        let b = event("b", "CONSULT", "JPN", "VNM", "2024-03-13", MET);
        assert_eq!(
            same(&a, &b).unwrap().to_string(),
            "same actors (swapped) and type, dates 1 day apart, sentences 1.00 similar"
        );
    }

    #[test]
    fn one_article_can_tell_two_events_of_one_triple() {
        use dyad_core::{Commitment, CommitmentKind};
        let at = |e: &mut Event, start: usize, what: Option<&str>| {
            e.span = CharSpan { start, end: start + e.sentence.chars().count() };
            e.trigger = CharSpan { start: start + e.sentence.find("signed").unwrap_or(0), end: start + 1 };
            e.commitment = what.map(|w| Commitment { kind: CommitmentKind::Agreement, what: w.into() });
        };
        let rules = Rules::default();
        let ctx = Context { same_article: true, ..Context::new(&rules) };
        let mut headline = event("a", "SIGN", "VNM", "LAO", "", "Vietnam, Laos sign education and trade deals");
        at(&mut headline, 0, Some(""));
        let mut education =
            event("a", "SIGN", "VNM", "LAO", "2024-04-02", "Vietnam and Laos signed an MoU on education cooperation.");
        at(&mut education, 60, Some("an MoU on education cooperation"));
        let mut trade =
            event("a", "SIGN", "VNM", "LAO", "2024-04-02", "Vietnam and Laos signed an agreement on border trade.");
        at(&mut trade, 120, Some("an agreement on border trade with Laos"));
        assert!(same_event(&headline, &education, &ctx).is_some(), "the headline sums up the body");
        assert!(same_event(&headline, &trade, &ctx).is_some());
        assert!(same_event(&education, &trade, &ctx).is_none(), "nothing in common but the parties");
        let mut retold = event(
            "a",
            "SIGN",
            "VNM",
            "LAO",
            "2024-04-02",
            "The MoU signed by Vietnam and Laos covers education cooperation.",
        );
        at(&mut retold, 180, Some("covers education cooperation"));
        assert!(same_event(&education, &retold, &ctx).is_some());
        let mut also = event(
            "a",
            "SIGN",
            "VNM",
            "LAO",
            "2024-04-02",
            "The two countries also signed an MoU on education cooperation.",
        );
        at(&mut also, 240, None);
        assert!(same_event(&education, &also, &ctx).is_none(), "also: another event");
        let mut plain =
            event("a", "SIGN", "VNM", "LAO", "2024-04-02", "The two countries signed the document after the talks.");
        at(&mut plain, 300, None);
        assert!(same_event(&education, &plain, &ctx).is_some());
        let other_article = Context::new(&rules);
        assert!(same_event(&education, &trade, &other_article).is_some(), "across articles the rule is the usual one");
    }
}
