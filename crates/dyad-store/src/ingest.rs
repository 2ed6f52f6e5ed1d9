//! Ingest: code a stream of articles and store them in batches, telling the caller's
//! [`IngestProgress`] how it goes, and report what was stored. A bad input (unreadable file, article without an id, coder that panics) is reported
//! and skipped; what was stored before it stays stored.
//!
//! Every coded article goes through one [`Merger`] for the run, so that the same real-world
//! event reported by several articles is stored once with each report as a source, and through
//! one [`Ledger`] of commitments, so that later events follow up earlier pledges and requests.
//! The merger and the ledger are first fed the most recently stored articles (up to
//! [`SEED_ARTICLES`]) with their stored events, so that a later run merges with what an earlier
//! one stored, and re-ingesting an article finds the merged events its reports belonged to.
//!
//! An article already stored with the same fields and the same events as coded now is left as
//! it is and not fed to the merger and the ledger again (the seeding fed them): running an
//! ingest again after it was interrupted (killed, out of disk) picks up where the last
//! committed batch ended and stores exactly what one uninterrupted run stores, and running a
//! finished ingest again changes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use dyad_core::{Article, Event};
use dyad_merge::{follow_up, Ledger, Merger, MergerConfig, Status};
use serde::Serialize;

use crate::error::Result;
use crate::store::{Batch, MergeInfo, Store};

/// Most stored articles replayed into the merger and the ledger before an ingest.
pub const SEED_ARTICLES: usize = 20_000;

/// The run's merger and ledger, with the translation of the merger's ids of replayed merged
/// events into the ids they are stored under.
struct Merging {
    merger: Merger,
    ledger: Ledger,
    stored_ids: BTreeMap<String, String>,
    dirty: BTreeSet<String>,
}

impl Merging {
    fn new() -> Merging {
        Merging {
            // The store keeps every report with its sentence: the merger need not.
            merger: Merger::new(MergerConfig { keep_sources: false, ..MergerConfig::default() }),
            ledger: Ledger::new(),
            stored_ids: BTreeMap::new(),
            dirty: BTreeSet::new(),
        }
    }

    /// Passes an article through the merger. The store holds every report with its merged id:
    /// the merged events the merger closes are not needed, and kept they would grow with every
    /// article ingested.
    fn merge(&mut self, article: &Article, events: &[Event]) -> dyad_merge::ArticleMerge {
        let merge = self.merger.add_article(article, events);
        drop(self.merger.drain_closed());
        merge
    }

    /// Replays the latest stored articles with their events and merged ids; returns how many.
    fn seed(&mut self, store: &Store, limit: usize) -> Result<usize> {
        let mut replayed = 0;
        store.for_each_recent_article(limit, |article, events, merged| {
            replayed += 1;
            let merge = self.merge(article, events);
            for ((event, a), stored) in events.iter().zip(&merge.assignments).zip(merged) {
                let id = self.stored_ids.entry(a.merged_id.clone()).or_insert_with(|| stored.clone()).clone();
                self.ledger.record(&id, event);
                follow_up(&mut self.ledger, &id, event);
            }
        })?;
        Ok(replayed)
    }

    /// Merges an article's events; returns where each went and the articles it near-duplicates.
    fn add(&mut self, article: &Article, events: &mut [Event]) -> (Vec<MergeInfo>, Vec<(String, f32)>) {
        for e in events.iter_mut() {
            e.article_id = article.id.clone();
        }
        let merge = self.merge(article, events);
        let mut infos = Vec::with_capacity(events.len());
        for (event, a) in events.iter().zip(&merge.assignments) {
            let id = self.stored_ids.get(&a.merged_id).cloned().unwrap_or_else(|| a.merged_id.clone());
            let reason = match &a.reason {
                Some(r) => Some(r.to_string()),
                None if !a.created => {
                    // Already a source (a re-ingest): keep the reason it was merged for.
                    let prefix = format!("{}: ", article.id);
                    self.merger
                        .get(&a.merged_id)
                        .and_then(|m| m.reasons.iter().find_map(|r| r.strip_prefix(&prefix).map(str::to_string)))
                }
                None => None,
            };
            if self.ledger.record(&id, event).is_some() {
                self.dirty.insert(id.clone());
            }
            self.dirty.extend(follow_up(&mut self.ledger, &id, event));
            infos.push(MergeInfo { merged_id: id, reason });
        }
        let duplicates = merge
            .duplicates
            .iter()
            .filter(|d| d.article_id != article.id)
            .map(|d| (d.article_id.clone(), d.similarity))
            .collect();
        (infos, duplicates)
    }

    /// Writes the commitments changed since the last flush.
    fn flush(&mut self, batch: &Batch<'_>) -> Result<()> {
        for id in std::mem::take(&mut self.dirty) {
            if let Some(c) = self.ledger.get(&id) {
                batch.put_commitment(c)?;
            }
        }
        batch.prune_commitments()?;
        Ok(())
    }
}

/// Options of [`ingest`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IngestOptions {
    /// Articles per transaction.
    pub batch_size: usize,
    /// Tell the [`IngestProgress`] given to [`ingest_coded_with`] how the ingest goes (with
    /// `false` it is told nothing).
    pub progress: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { batch_size: 256, progress: true }
    }
}

/// Told how an ingest goes, so that a caller can show progress (the `dyad` binary draws a
/// progress bar on a terminal). Every method does nothing unless implemented.
pub trait IngestProgress {
    /// Before the first input, with the inputs' size hint (exact when the count is known).
    fn start(&mut self, size_hint: (usize, Option<usize>)) {
        let _ = size_hint;
    }

    /// An input was taken, whether it is then stored, kept unchanged or skipped.
    fn input(&mut self) {}

    /// An article was written; `report` counts what the run stored so far.
    fn stored(&mut self, report: &IngestReport) {
        let _ = report;
    }

    /// The ingest ended without an error.
    fn finish(&mut self) {}
}

/// No progress shown.
impl IngestProgress for () {}

/// An input that was not stored, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// The article id, or the input's position (`#12`) when it has none.
    pub input: String,
    /// Why it was skipped.
    pub reason: String,
}

/// What an ingest did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Articles stored.
    pub articles: usize,
    /// Of those, articles whose id was already stored: their rows were replaced, or kept when
    /// nothing had changed.
    pub replaced: usize,
    /// Of the replaced, articles already stored exactly as they are (same fields, same events),
    /// whose rows were kept.
    pub unchanged: usize,
    /// Events stored.
    pub events: usize,
    /// Inputs that were not stored.
    pub skipped: Vec<Skipped>,
    /// Stored articles fed to the merger and the ledger before this ingest, so that it merges
    /// with what was stored before (none when an [`IngestSession`] had them already).
    pub replayed: usize,
    /// After the ingest, the reports of events the whole store holds (one per event coded in
    /// an article) ...
    pub store_reports: u64,
    /// ... and the events they are once reports of the same real-world event are merged: what
    /// `dyad events` lists.
    pub store_events: u64,
}

impl IngestReport {
    /// Whether any input failed.
    pub fn failed(&self) -> bool {
        !self.skipped.is_empty()
    }
}

impl fmt::Display for IngestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let IngestReport { articles, replaced, unchanged, events, store_reports, store_events, .. } = *self;
        let new = articles - replaced;
        let changed = replaced - unchanged;
        write!(f, "{articles} {} read: {new} new", plural(articles, "article", "articles"))?;
        if replaced > 0 {
            write!(f, ", {replaced} stored before ({unchanged} unchanged and kept as they were, {changed} changed and replaced)")?;
        }
        write!(f, "; {events} {} of events coded", plural(events, "report", "reports"))?;
        write!(f, "; {} {} skipped", self.skipped.len(), plural(self.skipped.len(), "input", "inputs"))?;
        let merged = store_reports.saturating_sub(store_events);
        write!(
            f,
            "\nthe store holds {store_reports} {} of {store_events} {}: {merged} merged as the same event as an earlier report (in the same article or another); `dyad events` lists the {store_events}",
            plural(store_reports as usize, "report", "reports"),
            plural(store_events as usize, "event", "events"),
        )?;
        for s in &self.skipped {
            write!(f, "\n  skipped {}: {}", s.input, s.reason)?;
        }
        Ok(())
    }
}

/// An article with the outcome of coding it: its events, or why coding failed.
pub struct CodedArticle {
    /// The article.
    pub article: Article,
    /// Its events, or the message of the panic that stopped its coder.
    pub events: std::result::Result<Vec<Event>, String>,
}

/// Codes `article` with `code`, turning a panic of the coder into an error message: one bad
/// article must not stop an ingest.
pub fn code_guarded(
    code: &dyn Fn(&Article) -> Vec<Event>,
    article: &Article,
) -> std::result::Result<Vec<Event>, String> {
    dyad_core::parallel::guarded(|| code(article))
}

/// Codes each article with `code` and stores it with its events, `batch_size` articles per
/// transaction. Inputs that are errors, articles without an id, and articles whose coding
/// panics are skipped and listed in the report.
///
/// An error is returned only when the store itself fails (a full disk, a read-only file);
/// batches committed before stay, and its message names the file and says how many articles
/// of the run were committed.
pub fn ingest<I, E>(
    store: &mut Store,
    inputs: I,
    code: &dyn Fn(&Article) -> Vec<Event>,
    options: IngestOptions,
) -> Result<IngestReport>
where
    I: IntoIterator<Item = std::result::Result<Article, E>>,
    E: fmt::Display,
{
    ingest_coded(store, code_each(inputs, code), options)
}

/// Codes each article of `inputs` as it is read (see [`code_guarded`]).
pub fn code_each<'a, I, E>(
    inputs: I,
    code: &'a dyn Fn(&Article) -> Vec<Event>,
) -> impl Iterator<Item = std::result::Result<CodedArticle, E>> + 'a
where
    I: IntoIterator<Item = std::result::Result<Article, E>>,
    I::IntoIter: 'a,
{
    inputs.into_iter().map(move |input| {
        input.map(|article| {
            let events = code_guarded(code, &article);
            CodedArticle { article, events }
        })
    })
}

/// [`ingest`] of articles coded beforehand (on other threads, say): stores them in input
/// order, with the same merging, batching and reports.
pub fn ingest_coded<I, E>(store: &mut Store, inputs: I, options: IngestOptions) -> Result<IngestReport>
where
    I: IntoIterator<Item = std::result::Result<CodedArticle, E>>,
    E: fmt::Display,
{
    ingest_coded_with(store, inputs, options, &mut ())
}

/// [`ingest_coded`] telling `progress` how it goes (when `options.progress` is set).
pub fn ingest_coded_with<I, E>(
    store: &mut Store,
    inputs: I,
    options: IngestOptions,
    progress: &mut dyn IngestProgress,
) -> Result<IngestReport>
where
    I: IntoIterator<Item = std::result::Result<CodedArticle, E>>,
    E: fmt::Display,
{
    let path = store.path().map(|p| p.to_path_buf());
    let mut committed = 0;
    let progress = if options.progress { progress } else { &mut () };
    ingest_counting(store, inputs, options, progress, &mut committed, None).map_err(|e| match &path {
        Some(path) => {
            e.on_store(path).with_note(&format!("{committed} articles of this run were stored before it stopped"))
        }
        None => e,
    })
}

/// An ingest that lasts over many calls: the merger and the ledger are fed the stored articles
/// once, when the session starts, and then keep what each call adds. A server that takes
/// articles a request at a time ingests through one session, so that no request replays the
/// store. Articles stored by anyone else meanwhile are not known to it; after an error, start a
/// new session (the failed call's merges may not have been stored).
pub struct IngestSession {
    merging: Merging,
    replayed: usize,
}

impl IngestSession {
    /// A session that knows the latest articles of `store` (up to [`SEED_ARTICLES`]).
    pub fn new(store: &Store) -> Result<IngestSession> {
        let mut merging = Merging::new();
        let replayed = merging.seed(store, SEED_ARTICLES)?;
        Ok(IngestSession { merging, replayed })
    }

    /// How many stored articles the session was fed when it started.
    pub fn replayed(&self) -> usize {
        self.replayed
    }

    /// [`ingest`] through this session: `replayed` is 0 in the report.
    pub fn ingest<I, E>(
        &mut self,
        store: &mut Store,
        inputs: I,
        code: &dyn Fn(&Article) -> Vec<Event>,
        options: IngestOptions,
    ) -> Result<IngestReport>
    where
        I: IntoIterator<Item = std::result::Result<Article, E>>,
        E: fmt::Display,
    {
        let mut committed = 0;
        ingest_counting(store, code_each(inputs, code), options, &mut (), &mut committed, Some(self))
    }
}

/// [`ingest`] into `store`, counting in `committed` the articles committed so far, through a
/// session's merger and ledger or (`None`) fresh ones fed the stored articles.
fn ingest_counting<I, E>(
    store: &mut Store,
    inputs: I,
    options: IngestOptions,
    progress: &mut dyn IngestProgress,
    committed: &mut usize,
    session: Option<&mut IngestSession>,
) -> Result<IngestReport>
where
    I: IntoIterator<Item = std::result::Result<CodedArticle, E>>,
    E: fmt::Display,
{
    let inputs = inputs.into_iter();
    progress.start(inputs.size_hint());
    let mut report = IngestReport::default();
    let batch_size = options.batch_size.max(1);
    let mut fresh;
    let merging = match session {
        Some(session) => &mut session.merging,
        None => {
            fresh = Merging::new();
            report.replayed = fresh.seed(store, SEED_ARTICLES)?;
            &mut fresh
        }
    };
    let mut batch = store.batch()?;
    let mut in_batch = 0;
    for (i, input) in inputs.enumerate() {
        progress.input();
        if !store_article(&batch, merging, &mut report, i, input)? {
            continue;
        }
        in_batch += 1;
        if in_batch >= batch_size {
            merging.flush(&batch)?;
            batch.commit()?;
            *committed = report.articles;
            batch = store.batch()?;
            in_batch = 0;
        }
        progress.stored(&report);
    }
    merging.flush(&batch)?;
    batch.commit()?;
    *committed = report.articles;
    expire_commitments(store, merging)?;
    if report.replaced > 0 {
        store.prune_actors()?;
    }
    if report.articles > 0 {
        store.optimize()?;
    }
    (report.store_reports, report.store_events) = store.event_counts()?;
    progress.finish();
    Ok(report)
}

/// `one` or `many`, as `n` asks.
fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Stores one coded article in `batch` (merging its events with those stored), or notes in
/// `report` why it was skipped or that it was stored unchanged. Whether it went into the batch.
fn store_article<E: fmt::Display>(
    batch: &Batch<'_>,
    merging: &mut Merging,
    report: &mut IngestReport,
    i: usize,
    input: std::result::Result<CodedArticle, E>,
) -> Result<bool> {
    let CodedArticle { article, events } = match input {
        Ok(coded) => coded,
        Err(e) => {
            report.skipped.push(Skipped { input: format!("#{}", i + 1), reason: e.to_string() });
            return Ok(false);
        }
    };
    let name = if article.id.trim().is_empty() { format!("#{}", i + 1) } else { article.id.clone() };
    let mut events = match events {
        Ok(events) => events,
        Err(what) => {
            report.skipped.push(Skipped { input: name, reason: format!("coding failed: {what}") });
            return Ok(false);
        }
    };
    if !article.id.trim().is_empty() && batch.is_stored_unchanged(&article, &events)? {
        report.articles += 1;
        report.replaced += 1;
        report.unchanged += 1;
        report.events += events.len();
        return Ok(false);
    }
    let (merges, duplicates) =
        if article.id.trim().is_empty() { (Vec::new(), Vec::new()) } else { merging.add(&article, &mut events) };
    match batch.put_merged(&article, &events, &merges, &duplicates) {
        Ok(put) => {
            report.articles += 1;
            report.events += put.events;
            report.replaced += usize::from(put.replaced);
        }
        Err(e) if e.code().is_user_error() => {
            report.skipped.push(Skipped { input: name, reason: e.to_string() });
            return Ok(false);
        }
        Err(e) => return Err(e),
    }
    Ok(true)
}

/// Marks expired the commitments whose stated period ended before the latest news stored, with
/// no follow-up.
fn expire_commitments(store: &mut Store, merging: &mut Merging) -> Result<()> {
    // Commitments whose stated period ended before the latest news stored, with no follow-up.
    if let Some(latest) = store.latest_day()? {
        merging.ledger.expire(latest);
        let batch = store.batch()?;
        for c in merging.ledger.iter().filter(|c| c.status == Status::Expired) {
            batch.expire_commitment(&c.event_id)?;
        }
        batch.commit()?;
    }
    Ok(())
}
