//! The ledger of commitments: every pledge, offer, request and agreement an event carries,
//! as a record with a status that later events can change.
//!
//! A commitment is recorded once per event id (give the merged event's id, and the same
//! pledge reported by three outlets is one commitment). A later event *follows it up* when
//! it is between the same parties, no earlier than the commitment, within its stated period
//! when there is one, in an overlapping context when both name contexts, and of a type that
//! fulfils the kind:
//!
//! | commitment | fulfilled by |
//! |---|---|
//! | pledge or offer of aid, assistance, resources, funds | AID from the holder |
//! | pledge or offer to visit | the holder's visit: a CONSULT visit by the holder, or the counterpart hosting it |
//! | pledge or offer to deploy or send forces | AID, COOPERATE or MOBILIZE by the holder |
//! | any other pledge or offer | AID, COOPERATE or SUPPORT by the holder |
//! | request | AID, SUPPORT, COOPERATE or CONCEDE by the counterpart toward the holder (a requested visit: the visit) |
//! | agreement | AID, COOPERATE or SUPPORT between the parties, either way (not another signing) |
//!
//! Holder and counterpart are the commitment event's source and target; a pledge or offer is
//! followed up only by the holder acting toward the counterpart (what the counterpart does in
//! return keeps no promise of the holder). A follow-up must be reported by other news than the
//! commitment: an article that tells of a pledge and of aid already given does not show the
//! pledge kept.
//!
//! An event merged from several reports is one commitment: the report that says most (a stated
//! period, then a date) gives its words, period and date. Its `what` is the phrase as written
//! in that report's sentence (original case and punctuation), with the trigger's own object
//! when the coder left it in the trigger ("signed *a memorandum* of understanding ...").
//!
//! News does not arrive in date order, so the ledger also keeps the last [`HISTORY`] events
//! that could fulfil a commitment, and a commitment recorded after its follow-up was seen is
//! linked to it then: which commitments are followed up does not depend on the order articles
//! are added in (within that history). Evidence is kept in date order.
//!
//! The ledger is single-threaded; [`Ledger::iter`] gives the order of recording.

use dyad_core::EventType::{self, *};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use chrono::NaiveDate;
use dyad_core::text::{fold, fold_char};
use dyad_core::{Actor, CommitmentKind, Event, Period};
use serde::{Deserialize, Serialize};

use crate::actor_id;

/// Where a commitment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No later event fulfils it yet.
    Open,
    /// A later event fulfils it (see [`Commitment::evidence`]).
    FollowedUp,
    /// Its stated period ended with no follow-up.
    Expired,
}

impl Status {
    /// The name used in JSON and the store: `open`, `followed_up`, `expired`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::FollowedUp => "followed_up",
            Status::Expired => "expired",
        }
    }
}

/// A later event that fulfils a commitment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The later event's id.
    pub event_id: String,
    /// Why it counts ("AID from JPN to VNM, context disasters, 8 days later").
    pub reason: String,
    /// The later event's date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A commitment record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Commitment {
    /// The id of the event it came from (one commitment per event).
    pub event_id: String,
    /// Who committed or asked: the event's source.
    pub holder: Actor,
    /// To whom: the event's target, when there is one.
    pub counterpart: Option<Actor>,
    /// Pledge, offer, request or agreement.
    pub kind: CommitmentKind,
    /// What is committed, as written in the sentence.
    pub what: String,
    /// The event's PLOVER contexts.
    pub contexts: Vec<String>,
    /// The stated period, when there is one.
    pub period: Option<Period>,
    /// The event's date, when known.
    pub date: Option<String>,
    /// The article and sentence it came from.
    pub article_id: String,
    /// The sentence as written.
    pub sentence: String,
    /// Where it stands.
    pub status: Status,
    /// The later events that fulfil it, in the order found.
    pub evidence: Vec<Evidence>,
}

/// How many recent events that could fulfil a commitment the ledger keeps, for commitments
/// recorded after them.
pub const HISTORY: usize = 10_000;

/// Of those, how many the ledger keeps per source actor: a commitment recorded later is
/// compared with at most this many events of each of its parties.
pub const HISTORY_PER_ACTOR: usize = 1_000;

/// How many commitments between one holder and one counterpart a later event is compared
/// with: the most recent ones. Work per event stays bounded however many commitments two
/// actors have made over the years.
pub const RECENT_PER_PAIR: usize = 1_000;

/// Most commitments the ledger holds: the most recently recorded. An older one (or one that
/// fell out of its pair's [`RECENT_PER_PAIR`]) is forgotten: later events no longer follow it
/// up in this run and another report of it changes nothing, so what a store already holds of
/// it stays as it is. Memory stays bounded however long an ingest runs.
pub const MAX_COMMITMENTS: usize = 10_000;

/// Most evidence kept per commitment: the earliest in date order. One follow-up is enough to
/// mark a commitment followed up; a hundred more would only make every later write longer.
pub const MAX_EVIDENCE: usize = 20;

/// The event types that can fulfil some commitment (see the module documentation).
const FULFILLING: [EventType; 6] = [Aid, Cooperate, Support, Consult, Mobilize, Concede];

/// A commitment with what the ledger works out once: the kind of promise, its dates, and
/// the articles that reported it.
#[derive(Clone, Debug)]
struct Entry {
    commitment: Commitment,
    promise: Promise,
    committed: Option<NaiveDate>,
    end: Option<NaiveDate>,
    reported_in: BTreeSet<String>,
}

/// All commitments, keyed by the id of the event they came from.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// The commitments held ([`MAX_COMMITMENTS`]), by the number they were recorded under.
    entries: BTreeMap<u64, Entry>,
    /// The number of every commitment recorded, held or forgotten.
    by_id: HashMap<String, u64>,
    /// Entries by holder and counterpart ([`pair_key`]; the most recent [`RECENT_PER_PAIR`]):
    /// a later event can only fulfil those between its own source and target.
    by_pair: HashMap<String, VecDeque<u64>>,
    recorded: u64,
    /// Recent events that could fulfil a commitment (id and what [`fulfils`] and [`link`]
    /// read of the event), by arrival.
    seen: BTreeMap<u64, (String, Event)>,
    /// Arrival numbers in `seen` by the event's source actor ...
    seen_by_actor: HashMap<String, VecDeque<u64>>,
    /// ... and by its source and target ([`pair_key`]); numbers no longer in `seen` are
    /// passed over.
    seen_by_pair: HashMap<String, VecDeque<u64>>,
    arrivals: u64,
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Records the commitment `event` carries, under `event_id`, and links the events seen
    /// before that follow it up; returns it, or `None` when the event carries none or has no
    /// source. Recording an event id again only notes the article that reported it again.
    pub fn record(&mut self, event_id: &str, event: &Event) -> Option<&Commitment> {
        let c = event.commitment.as_ref()?;
        let holder = event.source.clone()?;
        if let Some(&at) = self.by_id.get(event_id) {
            // A forgotten commitment stays as it was (see [`MAX_COMMITMENTS`]).
            let entry = self.entries.get_mut(&at)?;
            entry.reported_in.insert(event.article_id.clone());
            if says_more(event, &entry.commitment) {
                entry.retell(event);
            }
            return Some(&entry.commitment);
        }
        let commitment = Commitment {
            event_id: event_id.to_string(),
            holder,
            counterpart: event.target.clone(),
            kind: c.kind,
            what: as_written(event, &c.what),
            contexts: event.contexts.clone(),
            period: event.period.clone(),
            date: event.date.clone(),
            article_id: event.article_id.clone(),
            sentence: event.sentence.clone(),
            status: Status::Open,
            evidence: Vec::new(),
        };
        let entry = Entry {
            promise: promise(&c.what),
            committed: commitment.date.as_deref().and_then(crate::date_start),
            end: commitment.period.as_ref().and_then(|p| p.end.as_deref()).and_then(period_end),
            reported_in: BTreeSet::from([event.article_id.clone()]),
            commitment,
        };
        let at = self.recorded;
        self.recorded += 1;
        let recent = self.by_pair.entry(entry_pair(&entry)).or_default();
        recent.push_back(at);
        let dropped = if recent.len() > RECENT_PER_PAIR { recent.pop_front() } else { None };
        self.by_id.insert(event_id.to_string(), at);
        self.entries.insert(at, entry);
        if let Some(dropped) = dropped {
            self.entries.remove(&dropped);
        }
        while self.entries.len() > MAX_COMMITMENTS {
            self.forget_oldest();
        }
        self.link_seen(at);
        self.entries.get(&at).map(|e| &e.commitment)
    }

    /// Forgets the oldest commitment held (see [`MAX_COMMITMENTS`]).
    fn forget_oldest(&mut self) {
        let Some((at, entry)) = self.entries.pop_first() else { return };
        let key = entry_pair(&entry);
        if let Some(recent) = self.by_pair.get_mut(&key) {
            recent.retain(|&x| x != at);
            if recent.is_empty() {
                self.by_pair.remove(&key);
            }
        }
    }

    /// Links to the commitment at `at` the events seen before that fulfil it: only events
    /// between its parties can ([`direction`]).
    fn link_seen(&mut self, at: u64) {
        let Ledger { entries, seen, seen_by_actor, seen_by_pair, .. } = self;
        let Some(entry) = entries.get_mut(&at) else { return };
        let c = &entry.commitment;
        let earlier: BTreeSet<u64> = match &c.counterpart {
            // Forward: the holder toward the counterpart; backward: the other way.
            Some(cp) => [pair_key(&c.holder.id, &cp.id), pair_key(&cp.id, &c.holder.id)]
                .iter()
                .filter_map(|key| seen_by_pair.get(key))
                .flat_map(|seqs| seqs.iter().copied())
                .collect(),
            // With no counterpart, anything the holder does toward anyone.
            None => seen_by_actor.get(&c.holder.id).into_iter().flat_map(|seqs| seqs.iter().copied()).collect(),
        };
        for (later_id, later) in earlier.iter().filter_map(|seq| seen.get(seq)) {
            link(entry, later_id, later);
        }
    }

    /// Keeps `event` (a report of the event `id`) for commitments recorded later.
    fn remember(&mut self, id: &str, event: &Event) {
        let Some(source) = event.source.as_ref() else { return };
        if !FULFILLING.contains(&event.event_type) {
            return;
        }
        let seq = self.arrivals;
        self.arrivals += 1;
        self.seen.insert(seq, (id.to_string(), slim(event)));
        let pair = self.seen_by_pair.entry(pair_key(&source.id, actor_id(&event.target))).or_default();
        pair.push_back(seq);
        let of_actor = self.seen_by_actor.entry(source.id.clone()).or_default();
        of_actor.push_back(seq);
        if of_actor.len() > HISTORY_PER_ACTOR {
            if let Some(oldest) = of_actor.pop_front() {
                self.forget_seen(oldest);
            }
        }
        while self.seen.len() > HISTORY {
            let Some(&oldest) = self.seen.keys().next() else { break };
            self.forget_seen(oldest);
        }
    }

    /// Drops a seen event from `seen` and its indexes. It is the oldest of its source actor's
    /// and so of its pair's (both kept in arrival order).
    fn forget_seen(&mut self, seq: u64) {
        let Some((_, event)) = self.seen.remove(&seq) else { return };
        let Some(source) = event.source.as_ref() else { return };
        for (index, key) in [
            (&mut self.seen_by_actor, source.id.clone()),
            (&mut self.seen_by_pair, pair_key(&source.id, actor_id(&event.target))),
        ] {
            if let Some(seqs) = index.get_mut(&key) {
                while seqs.front().is_some_and(|&s| s <= seq) {
                    seqs.pop_front();
                }
                if seqs.is_empty() {
                    index.remove(&key);
                }
            }
        }
    }

    /// The commitment recorded under an event id.
    pub fn get(&self, event_id: &str) -> Option<&Commitment> {
        self.by_id.get(event_id).and_then(|at| self.entries.get(at)).map(|e| &e.commitment)
    }

    /// Every commitment held, in the order recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Commitment> {
        self.entries.values().map(|e| &e.commitment)
    }

    /// How many commitments the ledger holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the ledger is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Marks as expired the open commitments whose stated period ended before `today`;
    /// returns how many changed.
    pub fn expire(&mut self, today: NaiveDate) -> usize {
        let mut changed = 0;
        for e in self.entries.values_mut() {
            if e.commitment.status == Status::Open && e.end.is_some_and(|end| end < today) {
                e.commitment.status = Status::Expired;
                changed += 1;
            }
        }
        changed
    }
}

impl Entry {
    /// Takes the words, period and date of `event`, another report of the same commitment
    /// that says more; they bound the follow-ups found from now on. Evidence already found
    /// stays, as the store keeps it: what follows a commitment up never depends on where an
    /// ingest was interrupted.
    fn retell(&mut self, event: &Event) {
        let Some(carried) = event.commitment.as_ref() else { return };
        let c = &mut self.commitment;
        c.what = as_written(event, &carried.what);
        c.period = event.period.clone();
        c.date = event.date.clone();
        c.article_id = event.article_id.clone();
        c.sentence = event.sentence.clone();
        self.promise = promise(&carried.what);
        self.committed = c.date.as_deref().and_then(crate::date_start);
        self.end = c.period.as_ref().and_then(|p| p.end.as_deref()).and_then(period_end);
    }
}

/// Whether `event`, a report of a recorded commitment, says more of it than the report it was
/// recorded from: a stated period where there was none, else a date where there was none.
fn says_more(event: &Event, c: &Commitment) -> bool {
    let rank = |period: bool, date: bool| (period, date);
    event.commitment.is_some()
        && rank(event.period.is_some(), event.date.is_some()) > rank(c.period.is_some(), c.date.is_some())
}

/// Words that join a verb to its object ("called *for*", "ready *to*"): a trigger that ends in
/// them left no part of the object in itself.
const PARTICLES: &[&str] = &["for", "to", "that", "on", "with", "about", "in", "of", "upon"];

/// `what`, the coder's folded words of a commitment, as written in `event`'s sentence: the
/// sentence's own characters from the first word to the last; preceded by the trigger's words
/// after its verb when they are the head of the phrase ("signed a memorandum" + "of
/// understanding ..." gives "a memorandum of understanding ..."). `what` itself when the
/// sentence does not hold it.
pub fn as_written(event: &Event, what: &str) -> String {
    let sentence = event.sentence.as_str();
    let Some((start, end)) = find_folded(sentence, what) else { return what.to_string() };
    let start = trigger_object(event)
        .filter(|&(_, e)| e <= start && sentence[e..start].trim().is_empty())
        .map_or(start, |(s, _)| s);
    sentence[start..end].to_string()
}

/// The byte range in the sentence of the trigger's words after its first (the verb), leading
/// particles skipped; `None` when nothing is left.
fn trigger_object(event: &Event) -> Option<(usize, usize)> {
    let sentence = event.sentence.as_str();
    let char_start = event.trigger.start.checked_sub(event.span.start)?;
    let char_end = event.trigger.end.checked_sub(event.span.start)?;
    let byte = |n: usize| sentence.char_indices().map(|(i, _)| i).chain(std::iter::once(sentence.len())).nth(n);
    let (start, end) = (byte(char_start)?, byte(char_end)?);
    if start >= end {
        return None;
    }
    let trigger = &sentence[start..end];
    let mut words = trigger.split_whitespace().skip(1).skip_while(|w| PARTICLES.contains(&w.to_lowercase().as_str()));
    let first = words.next()?;
    let offset = first.as_ptr() as usize - trigger.as_ptr() as usize;
    Some((start + offset, end))
}

/// Where the words of `needle` stand in `text`, compared folded (case, accents, typographic
/// quotes and dashes aside: [`dyad_core::text::fold`]) and with white space ignored:
/// the byte range from the first matched character to the end of the last.
fn find_folded(text: &str, needle: &str) -> Option<(usize, usize)> {
    let mut hay: Vec<(char, usize, usize)> = Vec::with_capacity(text.len());
    let mut folded = String::new();
    for (i, c) in text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
        folded.clear();
        fold_char(c, &mut folded);
        hay.extend(folded.chars().map(|f| (f, i, i + c.len_utf8())));
    }
    let pin: Vec<char> = fold(needle).chars().filter(|c| !c.is_whitespace()).collect();
    if pin.is_empty() || pin.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - pin.len())
        .find(|&at| hay[at..at + pin.len()].iter().zip(&pin).all(|(h, p)| h.0 == *p))
        .map(|at| (hay[at].1, hay[at + pin.len() - 1].2))
}

/// The last day of a period end written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn period_end(s: &str) -> Option<NaiveDate> {
    match s.len() {
        4 => NaiveDate::from_ymd_opt(s.parse().ok()?, 12, 31),
        7 => {
            let (y, m): (i32, u32) = (s.get(..4)?.parse().ok()?, s.get(5..7)?.parse().ok()?);
            let next =
                if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1)? } else { NaiveDate::from_ymd_opt(y, m + 1, 1)? };
            next.pred_opt()
        }
        _ => crate::ymd(s.get(..10)?),
    }
}

/// What a pledge or offer promises, from the words of `what`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Promise {
    Aid,
    Visit,
    Deploy,
    Other,
}

fn promise(what: &str) -> Promise {
    let w = what.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|k| w.contains(k));
    if has(&["visit", "trip to"]) {
        Promise::Visit
    } else if has(&["deploy", "send troops", "peacekeep", "engineer company", "field hospital"]) {
        Promise::Deploy
    } else if has(&[
        "aid",
        "assist",
        "relief",
        "donat",
        "fund",
        "grant",
        "resources",
        "vaccine",
        "provide",
        "financ",
        "loan",
    ]) {
        Promise::Aid
    } else {
        Promise::Other
    }
}

fn same_id(a: &Actor, b: Option<&Actor>) -> bool {
    b.is_some_and(|b| a.id == b.id)
}

/// Direction of a later event relative to a commitment's holder (h) and counterpart (c).
fn direction(c: &Commitment, e: &Event) -> (bool, bool) {
    let Some(src) = e.source.as_ref() else { return (false, false) };
    let forward = src.id == c.holder.id
        && match &c.counterpart {
            Some(cp) => same_id(cp, e.target.as_ref()),
            None => true,
        };
    let backward = match &c.counterpart {
        Some(cp) => src.id == cp.id && same_id(&c.holder, e.target.as_ref()),
        None => false,
    };
    (forward, backward)
}

/// Whether `e`'s type, in its direction, fulfils the commitment, and how to say so.
fn fulfils(c: &Commitment, promised: Promise, e: &Event) -> bool {
    let (forward, backward) = direction(c, e);
    let t = e.event_type;
    let visit =
        t == Consult && (e.mode.as_deref() == Some("visit") || e.cameo.is_under("042") || e.cameo.is_under("043"));
    match c.kind {
        CommitmentKind::Pledge | CommitmentKind::Offer => match promised {
            Promise::Aid => forward && t == Aid,
            Promise::Visit => (forward && visit) || (backward && visit && e.cameo.is_under("043")),
            Promise::Deploy => forward && matches!(t, Aid | Cooperate | Mobilize),
            Promise::Other => forward && matches!(t, Aid | Cooperate | Support),
        },
        CommitmentKind::Request => {
            if promised == Promise::Visit {
                (forward || backward) && visit
            } else {
                backward && matches!(t, Aid | Support | Cooperate | Concede)
            }
        }
        CommitmentKind::Agreement => {
            (forward || backward) && (matches!(t, Aid | Cooperate) || (t == Support && !e.cameo.is_under("057")))
        }
    }
}

/// Links `later` (with id `later_id`) as evidence to every open or followed-up commitment it
/// fulfils (see the module documentation), and keeps it for commitments recorded later;
/// returns the ids of the commitments it was linked to, in the order recorded. Linking the
/// same event twice changes nothing.
pub fn follow_up(ledger: &mut Ledger, later_id: &str, later: &Event) -> Vec<String> {
    let mut linked = Vec::new();
    if let Some(source) = later.source.as_ref() {
        let Ledger { entries, by_pair, .. } = &mut *ledger;
        // Its source's commitments to its target or to no one; its target's to its source.
        let target = actor_id(&later.target);
        let mut keys = vec![pair_key(&source.id, target), pair_key(&source.id, "")];
        if !target.is_empty() {
            keys.push(pair_key(target, &source.id));
        }
        keys.dedup();
        let mut candidates: Vec<u64> = keys.iter().filter_map(|k| by_pair.get(k)).flatten().copied().collect();
        candidates.sort_unstable();
        candidates.dedup();
        for at in candidates {
            let Some(entry) = entries.get_mut(&at) else { continue };
            if link(entry, later_id, later) {
                linked.push(entry.commitment.event_id.clone());
            }
        }
    }
    ledger.remember(later_id, later);
    linked
}

/// The key of commitments from `holder` to `counterpart` ("" for none).
fn pair_key(holder: &str, counterpart: &str) -> String {
    format!("{holder}\u{1f}{counterpart}")
}

fn entry_pair(entry: &Entry) -> String {
    pair_key(&entry.commitment.holder.id, actor_id(&entry.commitment.counterpart))
}

/// What [`fulfils`] and [`link`] read of an event kept for commitments recorded later: its
/// type, mode, CAMEO code, actors' ids, date, contexts and article (the rest would only take
/// memory).
fn slim(event: &Event) -> Event {
    let actor = |a: &Option<Actor>| {
        a.as_ref().map(|a| Actor {
            id: a.id.clone(),
            name: String::new(),
            kind: a.kind,
            country: None,
            org: None,
            sector: None,
            cameo: String::new(),
            person: None,
            role: None,
            text: String::new(),
            aliases: Vec::new(),
            how: None,
        })
    };
    Event {
        source: actor(&event.source),
        target: actor(&event.target),
        sentence: String::new(),
        trigger_text: String::new(),
        location: None,
        period: None,
        commitment: None,
        rule: String::new(),
        ..event.clone()
    }
}

/// Links `later` to the commitment of `entry` when it fulfils it; whether it did. A follow-up
/// must come from other news than the articles that reported the commitment.
fn link(entry: &mut Entry, later_id: &str, later: &Event) -> bool {
    let c = &mut entry.commitment;
    // The cheap tests first: most events compared fulfil nothing.
    if c.status == Status::Expired || !fulfils(c, entry.promise, later) {
        return false;
    }
    let later_start = later.date.as_deref().and_then(crate::date_start);
    let days = match (entry.committed, later_start) {
        (Some(a), Some(b)) if b < a => return false,
        (Some(a), Some(b)) => Some((b - a).num_days()),
        _ => None,
    };
    if let (Some(end), Some(b)) = (entry.end, later_start) {
        if b > end {
            return false;
        }
    }
    let shared: Vec<&String> = c.contexts.iter().filter(|x| later.contexts.contains(x)).collect();
    if !c.contexts.is_empty() && !later.contexts.is_empty() && shared.is_empty() {
        return false;
    }
    if entry.reported_in.contains(&later.article_id)
        || c.event_id == later_id
        || c.evidence.iter().any(|e| e.event_id == later_id)
    {
        return false;
    }
    // Full evidence keeps the earliest: a later one would be dropped at once.
    if c.evidence.len() >= MAX_EVIDENCE
        && c.evidence
            .last()
            .is_some_and(|last| evidence_order(&last.date, &last.event_id) <= evidence_order(&later.date, later_id))
    {
        return false;
    }
    let mut reason = format!(
        "{} from {} to {} fulfils the {}",
        later.event_type,
        later.source.as_ref().map_or("?", |a| a.id.as_str()),
        later.target.as_ref().map_or("?", |a| a.id.as_str()),
        c.kind.as_str()
    );
    if !shared.is_empty() {
        let names: Vec<&str> = shared.iter().map(|s| s.as_str()).collect();
        reason.push_str(&format!(", context {}", names.join(", ")));
    }
    if let Some(d) = days {
        reason.push_str(&format!(", {d} days later"));
    }
    c.evidence.push(Evidence { event_id: later_id.to_string(), reason, date: later.date.clone() });
    sort_evidence(&mut c.evidence);
    c.evidence.truncate(MAX_EVIDENCE);
    c.status = Status::FollowedUp;
    c.evidence.iter().any(|e| e.event_id == later_id)
}

/// Evidence in date order (undated last), then by event id: the same whatever order it was
/// found in.
pub fn sort_evidence(evidence: &mut [Evidence]) {
    evidence.sort_by(|a, b| evidence_order(&a.date, &a.event_id).cmp(&evidence_order(&b.date, &b.event_id)));
}

/// Where evidence of this date and event id goes: dated first, by date, then by id.
fn evidence_order<'a>(date: &'a Option<String>, event_id: &'a str) -> (bool, &'a Option<String>, &'a str) {
    (date.is_none(), date, event_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::same::tests::event;
    use dyad_core::{CharSpan, Commitment as Carried};

    fn committed(kind: CommitmentKind, what: &str, src: &str, tgt: &str, date: &str) -> Event {
        let mut e = event("a", "AGREE", src, tgt, date, what);
        e.commitment = Some(Carried { kind, what: what.into() });
        e
    }

    #[test]
    fn records_once_per_event_id() {
        let mut l = Ledger::new();
        let e = committed(CommitmentKind::Pledge, "provide relief aid", "JPN", "VNM", "2024-09-10");
        assert_eq!(l.record("m1", &e).unwrap().status, Status::Open);
        l.record("m1", &e);
        assert_eq!(l.len(), 1);
        assert!(l.record("m2", &event("a", "CONSULT", "VNM", "JPN", "", "")).is_none());
    }

    #[test]
    fn aid_follows_up_a_pledge_of_aid() {
        let mut l = Ledger::new();
        l.record("m1", &committed(CommitmentKind::Pledge, "provide emergency relief aid", "JPN", "VNM", "2024-09-10"));
        assert!(follow_up(&mut l, "m2", &event("b", "AID", "VNM", "JPN", "2024-09-18", "")).is_empty());
        assert!(follow_up(&mut l, "m3", &event("b", "AID", "JPN", "VNM", "2024-09-01", "")).is_empty(), "before");
        assert_eq!(follow_up(&mut l, "m4", &event("b", "AID", "JPN", "VNM", "2024-09-18", "")), ["m1"]);
        let c = l.get("m1").unwrap();
        assert_eq!(c.status, Status::FollowedUp);
        assert_eq!(c.evidence[0].reason, "AID from JPN to VNM fulfils the pledge, 8 days later");
        assert!(follow_up(&mut l, "m4", &event("b", "AID", "JPN", "VNM", "2024-09-18", "")).is_empty());
    }

    #[test]
    fn the_holders_visit_follows_up_a_promised_visit() {
        let mut l = Ledger::new();
        l.record("m1", &committed(CommitmentKind::Pledge, "visit Japan soon", "VNM", "JPN", "2024-03-12"));
        assert!(follow_up(&mut l, "m2", &event("b", "CONSULT", "JPN", "VNM", "2024-05-01", "")).is_empty());
        let mut return_visit = event("b", "CONSULT", "JPN", "VNM", "2024-05-01", "");
        return_visit.mode = Some("visit".into());
        return_visit.cameo = "042".into();
        assert!(follow_up(&mut l, "m3", &return_visit).is_empty(), "Japan visiting Vietnam is not Vietnam's visit");
        let mut hosted = return_visit.clone();
        hosted.cameo = "043".into();
        assert_eq!(follow_up(&mut l, "m4", &hosted), ["m1"], "Japan hosting Vietnam is");
        let mut l = Ledger::new();
        l.record("m1", &committed(CommitmentKind::Pledge, "visit Japan soon", "VNM", "JPN", "2024-03-12"));
        let mut visit = event("b", "CONSULT", "VNM", "JPN", "2024-05-01", "");
        visit.mode = Some("visit".into());
        assert_eq!(follow_up(&mut l, "m3", &visit), ["m1"]);
    }

    #[test]
    fn regression_a_pledge_is_not_followed_up_by_the_counterpart() {
        let mut l = Ledger::new();
        l.record("m1", &committed(CommitmentKind::Pledge, "support Vietnam's forces", "UN", "VNM", "2023-01-16"));
        for kind in ["COOPERATE", "SUPPORT", "AID"] {
            assert!(follow_up(&mut l, "m2", &event("b", kind, "VNM", "UN", "2023-02-01", "")).is_empty(), "{kind}");
        }
        assert_eq!(l.get("m1").unwrap().status, Status::Open);
        assert_eq!(follow_up(&mut l, "m3", &event("b", "SUPPORT", "UN", "VNM", "2023-02-01", "")), ["m1"]);
    }

    /// A report of `sentence` whose trigger is `trigger` and whose commitment's words are
    /// `what`, folded as the coder folds them.
    fn told(sentence: &str, trigger: &str, what: &str) -> Event {
        let mut e = committed(CommitmentKind::Agreement, what, "VNRC", "RCSC", "2023-11-22");
        e.sentence = sentence.into();
        e.span = CharSpan { start: 100, end: 100 + sentence.chars().count() };
        let at = sentence.find(trigger).expect("the trigger is in the sentence");
        let start = 100 + sentence[..at].chars().count();
        e.trigger = CharSpan { start, end: start + trigger.chars().count() };
        e.trigger_text = trigger.into();
        e
    }

    #[test]
    fn what_is_the_phrase_as_written() {
        let cases = [
            (
                "The Vietnam Red Cross Society (VNRC) and the Red Cross Society of China (RCSC) signed a memorandum of understanding on cooperation for 2023 - 2028 in Hanoi on November 22, 2023.",
                "signed a memorandum",
                "of understanding on cooperation for 2023 - 2028 in hanoi on november 22, 2023",
                "a memorandum of understanding on cooperation for 2023 - 2028 in Hanoi on November 22, 2023",
            ),
            (
                "Mai also asked for the IFRC\u{2019}s support for the VRCS\u{2019}s capacity building.",
                "asked",
                "for the ifrc's support for the vrcs's capacity building",
                "for the IFRC\u{2019}s support for the VRCS\u{2019}s capacity building",
            ),
            (
                "The VNRC called for the RCSC\u{2019}s support to improve communities\u{2019} resilience.",
                "called for",
                "the rcsc's support to improve communities ' resilience",
                "the RCSC\u{2019}s support to improve communities\u{2019} resilience",
            ),
            (
                "He hoped Vietnam will back and join the forthcoming U.N. Peacekeeping Ministerial Conference in Seoul.",
                "join the forthcoming U.N. Peacekeeping",
                "ministerial conference in seoul",
                "the forthcoming U.N. Peacekeeping Ministerial Conference in Seoul",
            ),
            ("Vietnam is ready to share experience in combating COVID-19.", "ready to", "share experience in combating covid-19", "share experience in combating COVID-19"),
            ("Words the sentence does not hold.", "does", "something else", "something else"),
        ];
        for (sentence, trigger, what, expected) in cases {
            assert_eq!(as_written(&told(sentence, trigger, what), what), expected, "{sentence}");
        }
    }

    #[test]
    fn regression_the_report_with_the_period_gives_the_commitment() {
        let headline = told(
            "Red cross societies of Vietnam, China ink cooperation deal in Hanoi",
            "ink cooperation deal",
            "in hanoi",
        );
        let mut body = told(
            "The VNRC and the RCSC signed a memorandum of understanding on cooperation for 2023 - 2028 in Hanoi.",
            "signed a memorandum",
            "of understanding on cooperation for 2023 - 2028 in hanoi",
        );
        body.period =
            Some(Period { start: Some("2023".into()), end: Some("2028".into()), text: "for 2023 - 2028".into() });
        for order in [[&headline, &body], [&body, &headline]] {
            let mut l = Ledger::new();
            let mut headline_first = order[0].clone();
            headline_first.date = None;
            l.record("m1", if order[0].period.is_some() { order[0] } else { &headline_first });
            l.record("m1", order[1]);
            let c = l.get("m1").unwrap();
            assert_eq!(c.what, "a memorandum of understanding on cooperation for 2023 - 2028 in Hanoi");
            let period = c.period.as_ref().expect("the period of the body's report");
            assert_eq!((period.start.as_deref(), period.end.as_deref()), (Some("2023"), Some("2028")));
            assert_eq!(c.date.as_deref(), Some("2023-11-22"));
            assert_eq!(l.len(), 1);
        }
    }

    #[test]
    fn the_counterpart_answers_a_request() {
        let mut l = Ledger::new();
        l.record("m1", &committed(CommitmentKind::Request, "support vaccine production", "VNM", "WHO", "2024-06-18"));
        assert!(follow_up(&mut l, "m2", &event("b", "AID", "VNM", "WHO", "2024-07-20", "")).is_empty());
        assert_eq!(follow_up(&mut l, "m3", &event("b", "AID", "WHO", "VNM", "2024-07-20", "")), ["m1"]);
    }

    #[test]
    fn agreements_are_followed_by_cooperation_not_another_signing() {
        let mut l = Ledger::new();
        l.record("m1", &committed(CommitmentKind::Agreement, "education cooperation", "VNM", "LAO", "2024-04-02"));
        assert!(follow_up(&mut l, "m2", &event("b", "SIGN", "LAO", "VNM", "2024-05-02", "")).is_empty());
        assert_eq!(follow_up(&mut l, "m3", &event("b", "COOPERATE", "LAO", "VNM", "2024-05-02", "")), ["m1"]);
    }

    #[test]
    fn contexts_must_overlap_when_both_have_them() {
        let mut l = Ledger::new();
        let mut e = committed(CommitmentKind::Pledge, "provide aid", "JPN", "VNM", "2024-09-10");
        e.contexts = vec!["disasters".into()];
        l.record("m1", &e);
        let mut aid = event("b", "AID", "JPN", "VNM", "2024-09-18", "");
        aid.contexts = vec!["military".into()];
        assert!(follow_up(&mut l, "m2", &aid).is_empty());
        aid.contexts = vec!["disasters".into(), "health".into()];
        assert_eq!(follow_up(&mut l, "m3", &aid), ["m1"]);
        assert!(l.get("m1").unwrap().evidence[0].reason.contains("context disasters"));
    }

    #[test]
    fn periods_bound_follow_ups_and_expire() {
        let mut l = Ledger::new();
        let mut e = committed(CommitmentKind::Agreement, "cooperation", "VNM", "LAO", "2024-04-02");
        e.period = Some(Period {
            start: Some("2024".into()),
            end: Some("2025-06".into()),
            text: "for 2024 - mid 2025".into(),
        });
        l.record("m1", &e);
        assert!(follow_up(&mut l, "m2", &event("b", "COOPERATE", "VNM", "LAO", "2025-07-01", "")).is_empty());
        assert_eq!(l.expire(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()), 0);
        assert_eq!(l.expire(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()), 1);
        assert_eq!(l.get("m1").unwrap().status, Status::Expired);
    }

    #[test]
    fn a_follow_up_seen_first_is_linked_when_the_commitment_comes() {
        let pledge = committed(CommitmentKind::Pledge, "provide emergency relief aid", "JPN", "VNM", "2024-09-10");
        let aid = event("b", "AID", "JPN", "VNM", "2024-09-18", "");
        let before = event("c", "AID", "JPN", "VNM", "2024-09-01", "");
        let mut in_date_order = Ledger::new();
        follow_up(&mut in_date_order, "m0", &before);
        in_date_order.record("m1", &pledge);
        follow_up(&mut in_date_order, "m1", &pledge);
        follow_up(&mut in_date_order, "m2", &aid);
        let mut reversed = Ledger::new();
        follow_up(&mut reversed, "m2", &aid);
        follow_up(&mut reversed, "m0", &before);
        reversed.record("m1", &pledge);
        follow_up(&mut reversed, "m1", &pledge);
        let (a, b) = (in_date_order.get("m1").unwrap(), reversed.get("m1").unwrap());
        assert_eq!(a.status, Status::FollowedUp);
        assert_eq!(a.evidence, b.evidence);
        assert_eq!(b.evidence.len(), 1, "aid given before the pledge does not keep it");
        assert_eq!(b.evidence[0].event_id, "m2");
        assert_eq!(b.evidence[0].date.as_deref(), Some("2024-09-18"));
    }

    #[test]
    fn the_pledging_article_does_not_follow_itself_up() {
        let mut l = Ledger::new();
        l.record("m1", &committed(CommitmentKind::Pledge, "provide relief aid", "JPN", "VNM", "2024-09-10"));
        assert!(follow_up(&mut l, "m2", &event("a", "AID", "JPN", "VNM", "2024-09-12", "")).is_empty());
        // A copy of the story that reports the pledge again is the same news.
        let mut copy = committed(CommitmentKind::Pledge, "provide relief aid", "JPN", "VNM", "2024-09-10");
        copy.article_id = "a-copy".into();
        l.record("m1", &copy);
        assert!(follow_up(&mut l, "m2", &event("a-copy", "AID", "JPN", "VNM", "2024-09-12", "")).is_empty());
        assert_eq!(follow_up(&mut l, "m2", &event("b", "AID", "JPN", "VNM", "2024-09-12", "")), ["m1"]);
    }

    #[test]
    fn evidence_is_in_date_order_and_history_is_bounded() {
        let mut l = Ledger::new();
        l.record("m1", &committed(CommitmentKind::Agreement, "cooperation", "VNM", "LAO", "2024-04-02"));
        follow_up(&mut l, "m3", &event("b", "COOPERATE", "VNM", "LAO", "2024-06-01", ""));
        follow_up(&mut l, "m2", &event("c", "COOPERATE", "LAO", "VNM", "2024-05-01", ""));
        let ids: Vec<&str> = l.get("m1").unwrap().evidence.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, ["m2", "m3"]);
        for i in 0..HISTORY + 10 {
            let source = format!("A{}", i % 100);
            follow_up(&mut l, &format!("x{i}"), &event("d", "CONSULT", &source, "CAN", "2024-05-01", ""));
        }
        assert_eq!(l.seen.len(), HISTORY);
        assert_eq!(l.seen_by_actor.values().map(VecDeque::len).sum::<usize>(), HISTORY);
        assert_eq!(l.seen_by_pair.values().map(VecDeque::len).sum::<usize>(), HISTORY);
    }

    #[test]
    fn the_oldest_commitments_are_forgotten_past_the_bound() {
        let mut l = Ledger::new();
        for i in 0..MAX_COMMITMENTS + 3 {
            let (holder, counterpart) = (format!("H{}", i % 500), format!("C{}", i % 7));
            l.record(
                &format!("p{i}"),
                &committed(CommitmentKind::Pledge, "send aid", &holder, &counterpart, "2024-01-02"),
            );
        }
        assert_eq!(l.len(), MAX_COMMITMENTS);
        assert_eq!(l.by_pair.values().map(VecDeque::len).sum::<usize>(), MAX_COMMITMENTS);
        assert!(l.get("p0").is_none() && l.get("p3").is_some());
        // Another report of a forgotten commitment changes nothing; aid no longer follows it up.
        let again = committed(CommitmentKind::Pledge, "send aid for 2024-2026", "H0", "C0", "2024-01-02");
        assert!(l.record("p0", &again).is_none() && l.get("p0").is_none());
        let linked = follow_up(&mut l, "a", &event("z", "AID", "H0", "C0", "2024-03-01", ""));
        assert!(!linked.contains(&"p0".to_string()) && linked.contains(&"p3500".to_string()), "{linked:?}");
    }

    #[test]
    fn work_per_event_is_bounded_for_a_busy_actor() {
        let mut l = Ledger::new();
        for i in 0..HISTORY_PER_ACTOR + 5 {
            follow_up(&mut l, &format!("x{i}"), &event("d", "COOPERATE", "USA", "CAN", "2024-05-01", ""));
        }
        assert_eq!(l.seen.len(), HISTORY_PER_ACTOR, "one actor keeps its most recent events only");
        assert!(l.seen.values().all(|(id, _)| id != "x0"));
        // A pledge recorded after them is followed up by the earliest kept, at most MAX_EVIDENCE.
        let c =
            l.record("m1", &committed(CommitmentKind::Agreement, "cooperation", "USA", "CAN", "2024-04-02")).unwrap();
        assert_eq!(c.status, Status::FollowedUp);
        assert_eq!(c.evidence.len(), MAX_EVIDENCE);
        for i in 0..RECENT_PER_PAIR + 5 {
            let what = format!("cooperation {i}");
            l.record(&format!("p{i}"), &committed(CommitmentKind::Agreement, &what, "USA", "MEX", "2024-04-02"));
        }
        let linked = follow_up(&mut l, "y", &event("e", "COOPERATE", "USA", "MEX", "2024-06-01", ""));
        assert_eq!(linked.len(), RECENT_PER_PAIR, "only the most recent commitments of a pair are compared");
        assert!(!linked.contains(&"p0".to_string()));
    }
}
