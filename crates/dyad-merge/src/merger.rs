//! One event, many sources: a streaming [`Merger`] that takes the coded events of one article
//! at a time and assigns each to an earlier [`MergedEvent`] it reports again, or to a new one.
//!
//! The merger is single-threaded and deterministic: the same articles in the same order give
//! the same merged events, ids, sources and reasons on every run and machine (no randomised
//! hashing, ordered maps throughout). Memory is bounded by a window on event dates: a merged
//! event whose latest date is more than [`MergerConfig::horizon_days`] before the latest date
//! seen is closed ([`Merger::drain_closed`]) and no longer matched, unless a report joined it
//! within the last [`MergerConfig::keep_recent_articles`] articles (a late copy of an older
//! story still finds it); at most [`MergerConfig::max_open`] merged events stay open.
//!
//! Adding an article again (a re-run after a crash) adds no source twice.
//!
//! Work per event does not grow with the copies of a story: reports that read exactly alike
//! (the same sentence coded the same way in copies of one wire story) are one member of their
//! merged event, compared once, with the set of articles that carry it; copies of an article
//! are found through the one article they copy ([`NearDuplicates::canonical_of`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use chrono::NaiveDate;
use dyad_core::ingest::parse_date;
use dyad_core::{Article, CharSpan, Event};
use serde::{Deserialize, Serialize};

use crate::actor_id;
use crate::hash::hash_bytes;
use crate::same::{same_event, Context, Reason, Rules};
use crate::sketch::{content_words, words_similarity, Duplicate, NearDuplicates, Sketch, DUPLICATE_THRESHOLD};

/// One report of a merged event: where it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The article's id.
    pub article_id: String,
    /// The sentence as written.
    pub sentence: String,
    /// The sentence's span in that article, in code points.
    pub span: CharSpan,
}

/// A real-world event with every report of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergedEvent {
    /// Stable id: a hash of the first report (article, span, type, actors), `m` and 16 hex
    /// digits.
    pub id: String,
    /// The representative report: the one coded with the highest confidence (the earliest
    /// among equals).
    pub event: Event,
    /// Every report, in the order they were added.
    pub sources: Vec<Source>,
    /// How many distinct articles are among `sources` (an article whose headline and body both
    /// report the event counts once).
    pub source_count: usize,
    /// Why each source after the first was merged: `"{article_id}: {reason}"`.
    pub reasons: Vec<String>,
}

/// Where one event of an article went.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// The merged event it belongs to.
    pub merged_id: String,
    /// Whether this event started that merged event.
    pub created: bool,
    /// Why it joined an existing merged event (`None` when it started one, or when it was
    /// already a source of it).
    pub reason: Option<Reason>,
}

/// What the merger made of one article.
#[derive(Clone, Debug, PartialEq)]
pub struct ArticleMerge {
    /// Earlier articles this one near-duplicates (the same wire story republished).
    pub duplicates: Vec<Duplicate>,
    /// One assignment per event, in the order given.
    pub assignments: Vec<Assignment>,
}

/// Settings of a [`Merger`].
#[derive(Clone, Debug, PartialEq)]
pub struct MergerConfig {
    /// The sameness rules.
    pub rules: Rules,
    /// Days after its latest date that a merged event stays open (default 30).
    pub horizon_days: i64,
    /// Most merged events kept open; past it, the oldest is closed (default 50,000).
    pub max_open: usize,
    /// A merged event a report joined or started within the last this many articles stays open
    /// whatever its date, so that a late copy of an older story still finds it (default 2,000).
    pub keep_recent_articles: u64,
    /// Article similarity from which articles are near-duplicates (default
    /// [`DUPLICATE_THRESHOLD`]).
    pub duplicate_threshold: f32,
    /// Articles kept in the near-duplicate index (default 20,000).
    pub max_articles: usize,
    /// Whether merged events keep every source (article, sentence and span) and take a more
    /// confident report as their representative (default `true`). A consumer that keeps each
    /// report itself and needs only where it went (ingest: the store holds every report) turns
    /// it off: `sources` then stays empty and `event` is the first report without its sentence,
    /// which saves the memory of every source while the merged event is open.
    pub keep_sources: bool,
}

impl Default for MergerConfig {
    fn default() -> Self {
        MergerConfig {
            rules: Rules::default(),
            horizon_days: 30,
            max_open: 50_000,
            keep_recent_articles: 2_000,
            duplicate_threshold: DUPLICATE_THRESHOLD,
            max_articles: 20_000,
            keep_sources: true,
        }
    }
}

/// Merged events past the window are closed once every this many articles: the clusters past
/// the horizon that a recent report keeps open are looked at again only then.
const CLOSE_EVERY: u64 = 64;

/// Most members compared for a merged event: its first report and the latest others. A story
/// retold for weeks gains sources without end; comparing each new report with every way it
/// was told before would make work per report grow with the story.
const MAX_MEMBERS: usize = 32;

/// Reports of a merged event that read exactly alike ([`content_key`]): compared as one.
struct Member {
    /// Their [`content_key`].
    content: u64,
    event: Event,
    published: Option<NaiveDate>,
    /// The articles that carry this report ...
    articles: Vec<String>,
    /// ... and the indexed articles they are copies of (themselves when they are not copies).
    canonicals: Vec<String>,
    /// The sentence's [`content_words`], kept for comparing it.
    words: Vec<u64>,
}

/// What tells one report from another: a 64-bit hash of the article, the sentence, the
/// trigger, the type and the actors (one sentence can report several events with one verb,
/// "received the WB and the AIIB", told apart by their actors). A hash, not the strings: one is
/// kept for every source of every open merged event.
type ReportKey = u64;

fn report_key(event: &Event) -> ReportKey {
    let key = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        event.article_id,
        event.span.start,
        event.span.end,
        event.trigger.start,
        event.trigger.end,
        event.event_type.as_str(),
        actor_id(&event.source),
        actor_id(&event.target),
    );
    hash_bytes(0x7265_706f, key.as_bytes())
}

/// A hash of everything in a report but its article, and of its article's publication day:
/// two reports with equal keys are compared alike by every sameness rule.
fn content_key(event: &Event, published: Option<NaiveDate>) -> u64 {
    let anonymous = Event { article_id: String::new(), ..event.clone() };
    hash_bytes(0x6d65_6d62, format!("{anonymous:?}\u{1f}{published:?}").as_bytes())
}

struct Cluster {
    merged: MergedEvent,
    /// The first report's member and the latest others ([`MAX_MEMBERS`]).
    members: Vec<Member>,
    /// Every report added (see [`Merger::by_report`]).
    reports: Vec<ReportKey>,
    /// The distinct articles among the sources.
    articles: Vec<String>,
    /// The days its members' dates can stand for, first to last; `None` when some member's
    /// date is unknown (it can then be any day).
    days: Option<(NaiveDate, NaiveDate)>,
    latest: Option<NaiveDate>,
    /// The [`match_keys`] of its members.
    keys: Vec<String>,
    /// The number of the article that last added a report.
    touched: u64,
}

impl Member {
    fn new(new: Incoming<'_>, content: u64, canonical: String) -> Member {
        Member {
            content,
            event: new.event.clone(),
            published: new.published,
            articles: vec![new.event.article_id.clone()],
            canonicals: vec![canonical],
            words: new.words,
        }
    }
}

/// An event being added, with what is worked out of it once: the key that tells its report
/// apart, the days its date can stand for and its sentence's content words.
struct Incoming<'e> {
    event: &'e Event,
    published: Option<NaiveDate>,
    report: ReportKey,
    days: Option<(NaiveDate, NaiveDate)>,
    words: Vec<u64>,
}

/// Streams articles' events into merged events. See the module documentation.
pub struct Merger {
    config: MergerConfig,
    articles: NearDuplicates,
    next_seq: u64,
    open: BTreeMap<u64, Cluster>,
    /// Open clusters by the [`match_keys`] of their members.
    by_key: HashMap<String, BTreeSet<u64>>,
    /// The open cluster each report added went to: a report added again is found at once.
    by_report: HashMap<ReportKey, u64>,
    by_id: BTreeMap<String, u64>,
    /// Open clusters with a latest date, oldest first: where closing looks.
    by_latest: BTreeSet<(NaiveDate, u64)>,
    closed: VecDeque<MergedEvent>,
    watermark: Option<NaiveDate>,
    /// Articles added so far.
    arrivals: u64,
}

impl Default for Merger {
    fn default() -> Self {
        Merger::new(MergerConfig::default())
    }
}

/// The day an event is anchored to for the window: its date (the first day of a month or
/// year), else its article's publication.
fn anchor(event: &Event, published: Option<NaiveDate>) -> Option<NaiveDate> {
    event.date.as_deref().and_then(crate::date_start).or(published)
}

/// Keys under which a cluster with this member is found: its source; its pair of actors in
/// either order, or its source alone when it names no target.
fn match_keys(event: &Event) -> Vec<String> {
    let Some(source) = event.source.as_ref() else { return Vec::new() };
    let pair_or_alone = match &event.target {
        Some(target) => pair_key(&source.id, &target.id),
        None => untargeted_key(&source.id),
    };
    vec![source_key(&source.id), pair_or_alone]
}

/// Keys of the clusters an event can join: the actors must agree (see
/// [`same_event`](crate::same::same_event)): the same pair, in either order, or the same source
/// where one of the two names no target.
fn candidate_keys(event: &Event) -> Vec<String> {
    let Some(source) = event.source.as_ref() else { return Vec::new() };
    match &event.target {
        Some(target) => vec![pair_key(&source.id, &target.id), untargeted_key(&source.id)],
        None => vec![source_key(&source.id)],
    }
}

/// Adds `value` to a sorted list of distinct strings (the few articles or keys of one report
/// or merged event: a list takes a fraction of a tree's memory); whether it was new.
fn insert_sorted(list: &mut Vec<String>, value: &str) -> bool {
    match list.binary_search_by(|x| x.as_str().cmp(value)) {
        Ok(_) => false,
        Err(at) => {
            list.insert(at, value.to_string());
            true
        }
    }
}

fn pair_key(a: &str, b: &str) -> String {
    let (x, y) = if a <= b { (a, b) } else { (b, a) };
    format!("p\u{1f}{x}\u{1f}{y}")
}

fn source_key(source: &str) -> String {
    format!("s\u{1f}{source}")
}

fn untargeted_key(source: &str) -> String {
    format!("u\u{1f}{source}")
}

fn merged_id(event: &Event) -> String {
    let key = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        event.article_id,
        event.span.start,
        event.span.end,
        event.trigger.start,
        event.event_type,
        actor_id(&event.source),
        actor_id(&event.target),
    );
    format!("m{:016x}", hash_bytes(0x6479_6164, key.as_bytes()))
}

impl Merger {
    /// An empty merger.
    pub fn new(config: MergerConfig) -> Merger {
        let articles = NearDuplicates::new(config.duplicate_threshold, config.max_articles);
        Merger {
            config,
            articles,
            next_seq: 0,
            open: BTreeMap::new(),
            by_key: HashMap::new(),
            by_report: HashMap::new(),
            by_id: BTreeMap::new(),
            by_latest: BTreeSet::new(),
            closed: VecDeque::new(),
            watermark: None,
            arrivals: 0,
        }
    }

    /// Adds an article and its coded events (as `dyad_core::code_article` gives them): finds
    /// the earlier articles it near-duplicates, then assigns each event, in order, to the
    /// merged event it reports again or to a new one.
    pub fn add_article(&mut self, article: &Article, events: &[Event]) -> ArticleMerge {
        let published = article.published.as_deref().and_then(parse_date);
        self.arrivals += 1;
        let duplicates = self.articles.add(&article.id, Sketch::of(&article.text));
        let similar: BTreeMap<&str, f32> = duplicates.iter().map(|d| (d.article_id.as_str(), d.similarity)).collect();
        let mut assignments = Vec::with_capacity(events.len());
        for event in events {
            assignments.push(self.add_event(event, published, &similar));
        }
        if self.arrivals.is_multiple_of(CLOSE_EVERY) {
            self.close_old();
        }
        ArticleMerge { duplicates, assignments }
    }

    fn add_event(&mut self, event: &Event, published: Option<NaiveDate>, similar: &BTreeMap<&str, f32>) -> Assignment {
        if let Some(day) = anchor(event, published) {
            self.watermark = Some(self.watermark.map_or(day, |w| w.max(day)));
        }
        let report = report_key(event);
        // The same report added again.
        if let Some(cluster) = self.by_report.get(&report).and_then(|seq| self.open.get(seq)) {
            return Assignment { merged_id: cluster.merged.id.clone(), created: false, reason: None };
        }
        let candidates: BTreeSet<u64> = candidate_keys(event)
            .iter()
            .filter_map(|key| self.by_key.get(key))
            .flat_map(|seqs| seqs.iter().copied())
            .collect();
        let mut best: Option<(u64, Reason, f32)> = None;
        let days = crate::same::date_range(event, published, &self.config.rules).map(|(first, last, ..)| (first, last));
        let new = Incoming { event, published, report, days, words: content_words(&event.sentence) };
        for seq in candidates {
            let Some(cluster) = self.open.get(&seq) else { continue };
            if self.too_far_apart(new.days, cluster.days) {
                continue;
            }
            if let Some(reason) = self.match_cluster(cluster, event, published, similar, &new.words) {
                let strength = reason.strength();
                if best.as_ref().is_none_or(|b| strength > b.2) {
                    best = Some((seq, reason, strength));
                }
            }
        }
        match best {
            Some((seq, reason, _)) => self.attach(seq, new, reason),
            None => self.create(new),
        }
    }

    /// Whether an event's days are further from every day of a cluster's members than the
    /// sameness rules allow: then no member can match it (see `date_match` in [`crate::same`]),
    /// and the cluster is passed over without comparing them.
    fn too_far_apart(&self, a: Option<(NaiveDate, NaiveDate)>, b: Option<(NaiveDate, NaiveDate)>) -> bool {
        let (Some(a), Some(b)) = (a, b) else { return false };
        crate::same::days_apart(a, b) > self.config.rules.day_window
    }

    /// The strongest reason any member gives, unless a member from the same article says no.
    fn match_cluster(
        &self,
        cluster: &Cluster,
        event: &Event,
        published: Option<NaiveDate>,
        similar: &BTreeMap<&str, f32>,
        words: &[u64],
    ) -> Option<Reason> {
        let mut best: Option<Reason> = None;
        for member in &cluster.members {
            let same_article = member.articles.binary_search(&event.article_id).is_ok();
            let article_similarity =
                member.canonicals.iter().filter_map(|c| similar.get(c.as_str()).copied()).max_by(f32::total_cmp);
            let ctx = Context {
                rules: &self.config.rules,
                same_article,
                article_similarity,
                published: (member.published, published),
                sentence_similarity: Some(words_similarity(&member.words, words)),
            };
            match same_event(&member.event, event, &ctx) {
                Some(reason) if best.as_ref().is_none_or(|b| reason.strength() > b.strength()) => {
                    best = Some(reason);
                }
                Some(_) => {}
                None if same_article => return None,
                None => {}
            }
        }
        best
    }

    fn attach(&mut self, seq: u64, new: Incoming<'_>, reason: Reason) -> Assignment {
        let (event, published) = (new.event, new.published);
        let report = new.report;
        let cluster = self.open.get_mut(&seq).expect("candidate clusters are open");
        let merged = &mut cluster.merged;
        if self.config.keep_sources {
            merged.sources.push(Source {
                article_id: event.article_id.clone(),
                sentence: event.sentence.clone(),
                span: event.span,
            });
            if event.confidence > merged.event.confidence {
                merged.event = event.clone();
            }
        }
        insert_sorted(&mut cluster.articles, &event.article_id);
        merged.source_count = cluster.articles.len();
        merged.reasons.push(format!("{}: {reason}", event.article_id));
        if let Some(day) = anchor(event, published) {
            let latest = cluster.latest.map_or(day, |l| l.max(day));
            if cluster.latest != Some(latest) {
                if let Some(old) = cluster.latest {
                    self.by_latest.remove(&(old, seq));
                }
                self.by_latest.insert((latest, seq));
                cluster.latest = Some(latest);
            }
        }
        let canonical = self.articles.canonical_of(&event.article_id).to_string();
        cluster.days = match (cluster.days, new.days) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            _ => None,
        };
        let content = content_key(event, published);
        match cluster.members.iter_mut().find(|m| m.content == content) {
            Some(member) => {
                insert_sorted(&mut member.articles, &event.article_id);
                insert_sorted(&mut member.canonicals, &canonical);
            }
            None => {
                if cluster.members.len() == MAX_MEMBERS {
                    cluster.members.remove(1);
                }
                cluster.members.push(Member::new(new, content, canonical));
            }
        }
        self.by_report.insert(report, seq);
        cluster.reports.push(report);
        cluster.touched = self.arrivals;
        for key in match_keys(event) {
            if insert_sorted(&mut cluster.keys, &key) {
                self.by_key.entry(key).or_default().insert(seq);
            }
        }
        Assignment { merged_id: cluster.merged.id.clone(), created: false, reason: Some(reason) }
    }

    fn create(&mut self, new: Incoming<'_>) -> Assignment {
        let (event, published) = (new.event, new.published);
        let seq = self.next_seq;
        self.next_seq += 1;
        let mut id = merged_id(event);
        if self.by_id.contains_key(&id) {
            id = format!("{id}-{seq}");
        }
        let mut keys = match_keys(event);
        keys.sort();
        keys.dedup();
        for key in &keys {
            self.by_key.entry(key.clone()).or_default().insert(seq);
        }
        let merged = if self.config.keep_sources {
            MergedEvent {
                id: id.clone(),
                event: event.clone(),
                sources: vec![Source {
                    article_id: event.article_id.clone(),
                    sentence: event.sentence.clone(),
                    span: event.span,
                }],
                source_count: 1,
                reasons: Vec::new(),
            }
        } else {
            let event = Event { sentence: String::new(), ..event.clone() };
            MergedEvent { id: id.clone(), event, sources: Vec::new(), source_count: 1, reasons: Vec::new() }
        };
        self.by_id.insert(id.clone(), seq);
        if let Some(day) = anchor(event, published) {
            self.by_latest.insert((day, seq));
        }
        let canonical = self.articles.canonical_of(&event.article_id).to_string();
        let (content, reports, days) = (content_key(event, published), new.report, new.days);
        self.by_report.insert(reports, seq);
        self.open.insert(
            seq,
            Cluster {
                merged,
                members: vec![Member::new(new, content, canonical)],
                reports: vec![reports],
                articles: vec![event.article_id.clone()],
                days,
                latest: anchor(event, published),
                keys,
                touched: self.arrivals,
            },
        );
        Assignment { merged_id: id, created: true, reason: None }
    }

    fn close_old(&mut self) {
        let horizon = self.config.horizon_days;
        // Only clusters past the horizon are looked at (oldest first): those a recent report
        // keeps open are few, at most the reports of the last `keep_recent_articles` articles.
        let old: Vec<u64> = match self.watermark {
            Some(w) => self
                .by_latest
                .iter()
                .take_while(|(latest, _)| (w - *latest).num_days() > horizon)
                .filter(|(_, seq)| self.arrivals - self.open[seq].touched >= self.config.keep_recent_articles)
                .map(|&(_, seq)| seq)
                .collect(),
            None => Vec::new(),
        };
        for seq in old {
            self.close(seq);
        }
        while self.open.len() > self.config.max_open {
            let Some(&seq) = self.open.keys().next() else { break };
            self.close(seq);
        }
    }

    fn close(&mut self, seq: u64) {
        let Some(cluster) = self.open.remove(&seq) else { return };
        if let Some(latest) = cluster.latest {
            self.by_latest.remove(&(latest, seq));
        }
        for key in &cluster.keys {
            if let Some(seqs) = self.by_key.get_mut(key) {
                seqs.remove(&seq);
                if seqs.is_empty() {
                    self.by_key.remove(key);
                }
            }
        }
        self.by_id.remove(&cluster.merged.id);
        for report in &cluster.reports {
            if self.by_report.get(report) == Some(&seq) {
                self.by_report.remove(report);
            }
        }
        self.closed.push_back(cluster.merged);
    }

    /// The merged event with this id, while it is open.
    pub fn get(&self, id: &str) -> Option<&MergedEvent> {
        self.by_id.get(id).and_then(|seq| self.open.get(seq)).map(|c| &c.merged)
    }

    /// The open merged events, oldest first.
    pub fn open(&self) -> impl Iterator<Item = &MergedEvent> {
        self.open.values().map(|c| &c.merged)
    }

    /// Takes the merged events closed so far (they will gain no more sources), oldest first.
    pub fn drain_closed(&mut self) -> Vec<MergedEvent> {
        self.closed.drain(..).collect()
    }

    /// Closes everything and returns every merged event not yet drained, in the order they
    /// were closed and then created.
    pub fn finish(mut self) -> Vec<MergedEvent> {
        let seqs: Vec<u64> = self.open.keys().copied().collect();
        for seq in seqs {
            self.close(seq);
        }
        self.closed.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::same::tests::event;

    /// Without sources kept, a merged event counts its articles but holds no sentence.
    #[test]
    fn a_merger_that_keeps_no_sources_still_counts_them() {
        let mut merger = Merger::new(MergerConfig { keep_sources: false, ..MergerConfig::default() });
        for n in 0..3 {
            let id = format!("outlet-{n}");
            let article = Article { id: id.clone(), published: Some("2024-04-02".into()), ..Article::default() };
            let report = event(&id, "CONSULT", "VNM", "LAO", "2024-04-02", "Vietnam and Laos held talks in Hanoi.");
            merger.add_article(&article, &[report]);
        }
        let merged = merger.finish();
        assert_eq!(merged.len(), 1);
        assert_eq!((merged[0].source_count, merged[0].sources.len(), merged[0].reasons.len()), (3, 0, 2));
        assert!(merged[0].event.sentence.is_empty());
    }

    /// A story told a hundred ways: every report is a source, but a report is compared with
    /// the first and the latest [`MAX_MEMBERS`] ways only.
    #[test]
    fn a_story_told_many_ways_compares_a_bounded_number_of_members() {
        let mut merger = Merger::default();
        for n in 0..100 {
            let id = format!("outlet-{n}");
            let text = format!("Outlet {n} wrote its own story. Talks between Vietnam and Laos, version {n}.");
            let article = Article { id: id.clone(), published: Some("2024-04-02".into()), text, ..Article::default() };
            let mut report = event(&id, "CONSULT", "VNM", "LAO", "2024-04-02", "Vietnam and Laos held talks in Hanoi.");
            report.span = CharSpan { start: n, end: n + 40 };
            let merge = merger.add_article(&article, &[report]);
            assert_eq!(merge.assignments[0].created, n == 0, "report {n}");
        }
        assert_eq!(merger.open.len(), 1);
        let cluster = merger.open.values().next().unwrap();
        assert_eq!(cluster.merged.source_count, 100);
        assert_eq!(cluster.members.len(), MAX_MEMBERS);
        assert_eq!(cluster.members[0].articles, ["outlet-0"], "the first report stays");
        assert_eq!(cluster.members[MAX_MEMBERS - 1].articles, ["outlet-99"]);
    }

    /// Copies of one story: every copy is a source, but reports that read alike are one member
    /// (compared once) and every copy is found through the one article it copies.
    #[test]
    fn copies_of_a_story_add_sources_not_members() {
        let text = "Vietnam and Laos held talks in Hanoi on April 2. The two sides agreed to expand \
                    trade and to open a new border gate before the end of the year.";
        let mut merger = Merger::default();
        for n in 0..300 {
            let id = format!("copy-{n}");
            let article = Article {
                id: id.clone(),
                published: Some("2024-04-02".into()),
                text: text.into(),
                ..Article::default()
            };
            let report = event(&id, "CONSULT", "VNM", "LAO", "2024-04-02", "Vietnam and Laos held talks in Hanoi.");
            let merge = merger.add_article(&article, &[report]);
            let found: Vec<&str> = merge.duplicates.iter().map(|d| d.article_id.as_str()).collect();
            assert_eq!(found, if n == 0 { vec![] } else { vec!["copy-0"] }, "copy {n}");
        }
        let cluster = merger.open.values().next().expect("one merged event");
        assert_eq!(merger.open.len(), 1);
        assert_eq!(cluster.members.len(), 1, "300 reports that read alike are one member");
        assert_eq!(cluster.members[0].articles.len(), 300);
        assert_eq!(cluster.merged.source_count, 300);
        assert_eq!(cluster.merged.sources.len(), 300);
        // A copy added again is still found as a report already there.
        let again = Article {
            id: "copy-7".into(),
            published: Some("2024-04-02".into()),
            text: text.into(),
            ..Article::default()
        };
        let report = event("copy-7", "CONSULT", "VNM", "LAO", "2024-04-02", "Vietnam and Laos held talks in Hanoi.");
        let merge = merger.add_article(&again, &[report]);
        assert!(!merge.assignments[0].created && merge.assignments[0].reason.is_none());
        assert_eq!(merger.open.values().next().unwrap().merged.sources.len(), 300);
    }
}
