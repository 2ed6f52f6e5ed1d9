//! Writing events out: JSON Lines (the `dyad code` contract), CSV and Parquet with one flat row
//! per event and typed columns that DuckDB, pandas and Spark read directly; Parquet also as a
//! folder of files partitioned by event month ([`MonthPartitions`]).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{ArrayRef, Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;
use dyad_core::{Actor, Event};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde::Serialize;

use crate::error::Result;
use crate::query::{EventSource, StoredEvent};

/// One event as a flat row: the columns of CSV and Parquet exports.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FlatEvent {
    /// Store id.
    pub id: i64,
    /// Article id.
    pub article_id: String,
    /// Event date as coded (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub date: Option<String>,
    /// Precision of `date`.
    pub date_precision: Option<String>,
    /// The publication date of the article (not a date of the event: `date` is that).
    pub published: Option<NaiveDate>,
    /// PLOVER type.
    pub event_type: String,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// PLOVER contexts, `;`-separated in CSV, a list in Parquet.
    pub contexts: String,
    /// CAMEO code.
    pub cameo: String,
    /// Goldstein score of the CAMEO code.
    pub goldstein: Option<f64>,
    /// Source actor id.
    pub source_id: Option<String>,
    /// Source actor name.
    pub source_name: Option<String>,
    /// Source actor kind.
    pub source_kind: Option<String>,
    /// Source actor country.
    pub source_country: Option<String>,
    /// Source CAMEO actor code.
    pub source_cameo: Option<String>,
    /// Person who acted for the source.
    pub source_person: Option<String>,
    /// That person's role.
    pub source_role: Option<String>,
    /// Source as written.
    pub source_text: Option<String>,
    /// Target actor id.
    pub target_id: Option<String>,
    /// Target actor name.
    pub target_name: Option<String>,
    /// Target actor kind.
    pub target_kind: Option<String>,
    /// Target actor country.
    pub target_country: Option<String>,
    /// Target CAMEO actor code.
    pub target_cameo: Option<String>,
    /// Person acted upon.
    pub target_person: Option<String>,
    /// That person's role.
    pub target_role: Option<String>,
    /// Target as written.
    pub target_text: Option<String>,
    /// How the source was found (`gazetteer`, `person`, `agent-noun` ...).
    pub source_how: Option<String>,
    /// How the target was found.
    pub target_how: Option<String>,
    /// Place name.
    pub location: Option<String>,
    /// Place country.
    pub location_country: Option<String>,
    /// Commitment kind.
    pub commitment_kind: Option<String>,
    /// What is committed.
    pub commitment_what: Option<String>,
    /// Period start.
    pub period_start: Option<String>,
    /// Period end.
    pub period_end: Option<String>,
    /// Confidence in `[0, 1]`, two decimals.
    pub confidence: f64,
    /// Sentence span start (code points).
    pub span_start: i64,
    /// Sentence span end (code points).
    pub span_end: i64,
    /// Trigger span start (code points).
    pub trigger_start: i64,
    /// Trigger span end (code points).
    pub trigger_end: i64,
    /// Trigger words.
    pub trigger_text: String,
    /// The pattern that fired and the rules that changed its reading.
    pub rule: Option<String>,
    /// The sentence.
    pub sentence: String,
    /// The merged event's id.
    pub merged_id: Option<String>,
    /// How many distinct articles report the merged event.
    pub source_count: i64,
    /// The articles that report it, `;`-separated in CSV, a list in Parquet.
    pub source_articles: String,
}

impl FlatEvent {
    /// Flattens a stored event.
    pub fn new(stored: &StoredEvent) -> FlatEvent {
        let e = &stored.event;
        let side = |a: &Option<Actor>, f: fn(&Actor) -> Option<String>| a.as_ref().and_then(f);
        FlatEvent {
            id: stored.id,
            article_id: e.article_id.clone(),
            date: e.date.clone(),
            date_precision: e
                .date_precision
                .map(|p| serde_json::to_value(p).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()),
            published: stored.published.as_deref().and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok()),
            event_type: e.event_type.as_str().to_string(),
            mode: e.mode.clone(),
            contexts: e.contexts.join(";"),
            cameo: e.cameo.as_str().to_string(),
            goldstein: stored.goldstein,
            source_id: side(&e.source, |a| Some(a.id.clone())),
            source_name: side(&e.source, |a| Some(a.name.clone())),
            source_kind: side(&e.source, |a| Some(a.kind.as_str().to_string())),
            source_country: side(&e.source, |a| a.country.clone()),
            source_cameo: side(&e.source, |a| Some(a.cameo.clone())),
            source_person: side(&e.source, |a| a.person.clone()),
            source_role: side(&e.source, |a| a.role.clone()),
            source_text: side(&e.source, |a| Some(a.text.clone())),
            target_id: side(&e.target, |a| Some(a.id.clone())),
            target_name: side(&e.target, |a| Some(a.name.clone())),
            target_kind: side(&e.target, |a| Some(a.kind.as_str().to_string())),
            target_country: side(&e.target, |a| a.country.clone()),
            target_cameo: side(&e.target, |a| Some(a.cameo.clone())),
            target_person: side(&e.target, |a| a.person.clone()),
            target_role: side(&e.target, |a| a.role.clone()),
            target_text: side(&e.target, |a| Some(a.text.clone())),
            source_how: side(&e.source, |a| a.how.as_deref().map(str::to_string)),
            target_how: side(&e.target, |a| a.how.as_deref().map(str::to_string)),
            location: e.location.as_ref().map(|l| l.name.clone()),
            location_country: e.location.as_ref().and_then(|l| l.country.clone()),
            commitment_kind: e.commitment.as_ref().map(|c| c.kind.as_str().to_string()),
            commitment_what: e.commitment.as_ref().map(|c| c.what.clone()),
            period_start: e.period.as_ref().and_then(|p| p.start.clone()),
            period_end: e.period.as_ref().and_then(|p| p.end.clone()),
            confidence: dyad_core::round_confidence(e.confidence),
            span_start: e.span.start as i64,
            span_end: e.span.end as i64,
            trigger_start: e.trigger.start as i64,
            trigger_end: e.trigger.end as i64,
            trigger_text: e.trigger_text.clone(),
            rule: Some(e.rule.clone()).filter(|r| !r.is_empty()),
            sentence: e.sentence.clone(),
            merged_id: stored.merged_id.clone(),
            source_count: stored.source_count as i64,
            source_articles: stored.sources.iter().map(|s| s.article_id.as_str()).collect::<Vec<_>>().join(";"),
        }
    }
}

/// A sink that events are written to one at a time.
pub trait EventSink {
    /// Writes one event.
    fn write(&mut self, event: &StoredEvent) -> Result<()>;
    /// Flushes and closes the output.
    fn finish(self: Box<Self>) -> Result<()>;
}

/// JSON Lines: each event exactly as `dyad code` writes it, one a line.
pub struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> JsonlSink<W> {
    /// A sink writing to `out`.
    pub fn new(out: W) -> Self {
        JsonlSink { out }
    }
}

/// A line of JSON Lines: the `dyad code` contract with the merged event's reports added.
#[derive(Serialize)]
struct JsonlEvent<'a> {
    #[serde(flatten)]
    event: &'a dyad_core::Event,
    merged_id: &'a Option<String>,
    sources: &'a [crate::query::EventSource],
    source_count: usize,
    reasons: &'a [String],
}

impl<W: Write> EventSink for JsonlSink<W> {
    fn write(&mut self, event: &StoredEvent) -> Result<()> {
        let line = JsonlEvent {
            event: &event.event,
            merged_id: &event.merged_id,
            sources: &event.sources,
            source_count: event.source_count,
            reasons: &event.reasons,
        };
        serde_json::to_writer(&mut self.out, &line)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        Ok(self.out.flush()?)
    }
}

/// CSV with a header and one [`FlatEvent`] a row.
pub struct CsvSink<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> CsvSink<W> {
    /// A sink writing to `out`.
    pub fn new(out: W) -> Self {
        CsvSink { out: csv::Writer::from_writer(out) }
    }
}

impl<W: Write> EventSink for CsvSink<W> {
    fn write(&mut self, event: &StoredEvent) -> Result<()> {
        Ok(self.out.serialize(FlatEvent::new(event))?)
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        Ok(self.out.flush()?)
    }
}

/// Parquet, zstd-compressed, written in row groups of [`ParquetSink::BATCH`] events.
pub struct ParquetSink<W: Write + Send> {
    writer: ArrowWriter<W>,
    rows: Vec<FlatEvent>,
}

/// The Arrow schema of Parquet exports.
pub fn parquet_schema() -> Arc<Schema> {
    use DataType::*;
    let text = |name: &str, nullable: bool| Field::new(name, Utf8, nullable);
    let mut fields = vec![
        Field::new("id", Int64, false),
        text("article_id", false),
        text("date", true),
        text("date_precision", true),
        Field::new("published", Date32, true),
        text("event_type", false),
        text("mode", true),
        Field::new("contexts", List(Arc::new(Field::new("item", Utf8, true))), false),
        text("cameo", false),
        Field::new("goldstein", Float64, true),
    ];
    for side in ["source", "target"] {
        for col in ["id", "name", "kind", "country", "cameo", "person", "role", "text"] {
            fields.push(text(&format!("{side}_{col}"), true));
        }
    }
    fields.push(text("source_how", true));
    fields.push(text("target_how", true));
    for col in ["location", "location_country", "commitment_kind", "commitment_what", "period_start", "period_end"] {
        fields.push(text(col, true));
    }
    fields.push(Field::new("confidence", Float64, false));
    for col in ["span_start", "span_end", "trigger_start", "trigger_end"] {
        fields.push(Field::new(col, Int64, false));
    }
    fields.push(text("trigger_text", false));
    fields.push(text("rule", true));
    fields.push(text("sentence", false));
    fields.push(text("merged_id", true));
    fields.push(Field::new("source_count", Int64, false));
    fields.push(Field::new("source_articles", List(Arc::new(Field::new("item", Utf8, true))), false));
    Arc::new(Schema::new(fields))
}

impl<W: Write + Send> ParquetSink<W> {
    /// Events per row group.
    pub const BATCH: usize = 8192;

    /// A sink writing to `out`.
    pub fn new(out: W) -> Result<Self> {
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_row_count(Some(Self::BATCH))
            .build();
        let writer = ArrowWriter::try_new(out, parquet_schema(), Some(props))?;
        Ok(ParquetSink { writer, rows: Vec::with_capacity(Self::BATCH) })
    }

    fn flush_rows(&mut self) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let batch = record_batch(&self.rows)?;
        self.writer.write(&batch)?;
        self.rows.clear();
        Ok(())
    }
}

impl<W: Write + Send> EventSink for ParquetSink<W> {
    fn write(&mut self, event: &StoredEvent) -> Result<()> {
        self.rows.push(FlatEvent::new(event));
        if self.rows.len() >= Self::BATCH {
            self.flush_rows()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.flush_rows()?;
        self.writer.close()?;
        Ok(())
    }
}

impl StoredEvent {
    /// An event coded outside any store (`dyad code`, the Python package): numbered `id` in
    /// output order, its article's publication date, one report (its own), no merged event.
    pub fn unstored(id: i64, event: Event, published: Option<String>) -> StoredEvent {
        let source = EventSource {
            event_id: id,
            article_id: event.article_id.clone(),
            sentence: event.sentence.clone(),
            span: event.span,
            reason: None,
        };
        StoredEvent {
            id,
            goldstein: crate::goldstein_score(event.cameo.as_str()),
            day: None,
            published,
            event,
            merged_id: None,
            sources: vec![source],
            source_count: 1,
            reasons: Vec::new(),
        }
    }
}

/// Parquet files under a folder, partitioned by event month, Hive style:
/// `DIR/month=2023-01/part-0000.parquet`, each with the schema of [`parquet_schema`]. An event
/// dated to the day or the month goes to its month; one not dated goes to the month its article
/// was published in (news tells what is happening now), as does one dated by its year alone
/// when that is the year of publication; any other goes to `month=unknown`. At most [`MonthPartitions::OPEN`] files are open at once: when an
/// event's month has none open, the file written longest ago is closed, and the month's next
/// file is `part-0001.parquet`, and so on.
pub struct MonthPartitions {
    dir: PathBuf,
    /// Open files by month, the most recently written last.
    open: Vec<(String, ParquetSink<BufWriter<File>>)>,
    /// The number of the next file of each month.
    parts: HashMap<String, usize>,
}

impl MonthPartitions {
    /// Files open at once, at most.
    pub const OPEN: usize = 16;

    /// Partitions under `dir`, which is created if missing.
    pub fn create(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(MonthPartitions { dir: dir.to_path_buf(), open: Vec::new(), parts: HashMap::new() })
    }

    /// The partition of an event: `2023-01` for January 2023, else `unknown` (see above).
    pub fn month(event: &StoredEvent) -> &str {
        fn month(date: Option<&str>) -> Option<&str> {
            let month = date?.get(..7)?;
            let digits = month.bytes().enumerate().all(|(i, b)| if i == 4 { b == b'-' } else { b.is_ascii_digit() });
            digits.then_some(month)
        }
        let (date, published) = (event.event.date.as_deref(), event.published.as_deref());
        let year = date.filter(|d| d.len() == 4);
        let fallback = || month(published).filter(|m| date.is_none() || year.is_some_and(|y| m.starts_with(y)));
        month(date).or_else(fallback).unwrap_or("unknown")
    }

    fn close(&mut self, at: usize) -> Result<()> {
        let (_, sink) = self.open.remove(at);
        Box::new(sink).finish()
    }
}

impl EventSink for MonthPartitions {
    fn write(&mut self, event: &StoredEvent) -> Result<()> {
        let month = Self::month(event);
        let at = match self.open.iter().position(|(m, _)| m == month) {
            Some(at) => at,
            None => {
                if self.open.len() >= Self::OPEN {
                    self.close(0)?;
                }
                let part = self.parts.entry(month.to_string()).or_insert(0);
                let folder = self.dir.join(format!("month={month}"));
                std::fs::create_dir_all(&folder)?;
                let file = File::create(folder.join(format!("part-{part:04}.parquet")))?;
                *part += 1;
                self.open.push((month.to_string(), ParquetSink::new(BufWriter::new(file))?));
                self.open.len() - 1
            }
        };
        let entry = self.open.remove(at);
        self.open.push(entry);
        self.open.last_mut().map_or(Ok(()), |(_, sink)| sink.write(event))
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        while !self.open.is_empty() {
            self.close(0)?;
        }
        Ok(())
    }
}

/// A column of text, one value (or null) per row.
fn strings(rows: &[FlatEvent], f: &dyn Fn(&FlatEvent) -> Option<&str>) -> ArrayRef {
    let mut b = StringBuilder::new();
    for r in rows {
        b.append_option(f(r));
    }
    Arc::new(b.finish())
}

/// A column of integers, one per row.
fn ints(rows: &[FlatEvent], f: &dyn Fn(&FlatEvent) -> i64) -> ArrayRef {
    let mut b = Int64Builder::new();
    for r in rows {
        b.append_value(f(r));
    }
    Arc::new(b.finish())
}

/// The rows as one Parquet record batch, a column per field of [`parquet_schema`].
fn record_batch(rows: &[FlatEvent]) -> Result<RecordBatch> {
    let strings = |f: &dyn Fn(&FlatEvent) -> Option<&str>| strings(rows, f);
    let ints = |f: &dyn Fn(&FlatEvent) -> i64| ints(rows, f);
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let mut published = Date32Builder::new();
    let mut goldstein = Float64Builder::new();
    let mut confidence = Float64Builder::new();
    let mut contexts = ListBuilder::new(StringBuilder::new());
    let mut sources = ListBuilder::new(StringBuilder::new());
    for r in rows {
        for a in r.source_articles.split(';').filter(|a| !a.is_empty()) {
            sources.values().append_value(a);
        }
        sources.append(true);
        published.append_option(r.published.map(|d| (d - epoch).num_days() as i32));
        goldstein.append_option(r.goldstein);
        confidence.append_value(r.confidence);
        for c in r.contexts.split(';').filter(|c| !c.is_empty()) {
            contexts.values().append_value(c);
        }
        contexts.append(true);
    }
    let columns: Vec<ArrayRef> = vec![
        ints(&|r| r.id),
        strings(&|r| Some(&r.article_id)),
        strings(&|r| r.date.as_deref()),
        strings(&|r| r.date_precision.as_deref()),
        Arc::new(published.finish()),
        strings(&|r| Some(&r.event_type)),
        strings(&|r| r.mode.as_deref()),
        Arc::new(contexts.finish()),
        strings(&|r| Some(&r.cameo)),
        Arc::new(goldstein.finish()),
        strings(&|r| r.source_id.as_deref()),
        strings(&|r| r.source_name.as_deref()),
        strings(&|r| r.source_kind.as_deref()),
        strings(&|r| r.source_country.as_deref()),
        strings(&|r| r.source_cameo.as_deref()),
        strings(&|r| r.source_person.as_deref()),
        strings(&|r| r.source_role.as_deref()),
        strings(&|r| r.source_text.as_deref()),
        strings(&|r| r.target_id.as_deref()),
        strings(&|r| r.target_name.as_deref()),
        strings(&|r| r.target_kind.as_deref()),
        strings(&|r| r.target_country.as_deref()),
        strings(&|r| r.target_cameo.as_deref()),
        strings(&|r| r.target_person.as_deref()),
        strings(&|r| r.target_role.as_deref()),
        strings(&|r| r.target_text.as_deref()),
        strings(&|r| r.source_how.as_deref()),
        strings(&|r| r.target_how.as_deref()),
        strings(&|r| r.location.as_deref()),
        strings(&|r| r.location_country.as_deref()),
        strings(&|r| r.commitment_kind.as_deref()),
        strings(&|r| r.commitment_what.as_deref()),
        strings(&|r| r.period_start.as_deref()),
        strings(&|r| r.period_end.as_deref()),
        Arc::new(confidence.finish()),
        ints(&|r| r.span_start),
        ints(&|r| r.span_end),
        ints(&|r| r.trigger_start),
        ints(&|r| r.trigger_end),
        strings(&|r| Some(&r.trigger_text)),
        strings(&|r| r.rule.as_deref()),
        strings(&|r| Some(&r.sentence)),
        strings(&|r| r.merged_id.as_deref()),
        ints(&|r| r.source_count),
        Arc::new(sources.finish()),
    ];
    Ok(RecordBatch::try_new(parquet_schema(), columns)?)
}
