//! `dyad events`: events matching the filters.

use std::process::ExitCode;

use anyhow::Result;
use dyad_store::export::{CsvSink, EventSink, JsonlSink};
use dyad_store::{EventFilter, Page, Store};

use super::{stdout, user, FilterArgs, ListArgs};
use crate::output::{Format, Table};

/// The filters and options of `dyad events`.
#[derive(Clone, Debug, clap::Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Skip this many first.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

/// Prints the events, latest first.
pub fn run(list: &ListArgs<EventsArgs>) -> Result<ExitCode> {
    let args = &list.args;
    let store = list.db.open()?;
    let filter = args.filter.parse()?;
    let page = Page { limit: args.limit, offset: args.offset };
    let mut out = stdout();
    match list.format() {
        Format::Table => {
            let mut table = Table::new(&[
                "id",
                "date",
                "published",
                "type",
                "source",
                "target",
                "cameo",
                "articles",
                "article",
                "sentence",
            ]);
            store
                .for_each_event(&filter, page, |e| {
                    let side = |a: &Option<dyad_core::Actor>| a.as_ref().map(|a| a.id.clone()).unwrap_or_default();
                    table.row(vec![
                        e.id.to_string(),
                        e.event.date.clone().unwrap_or_default(),
                        e.published.clone().unwrap_or_default(),
                        e.event.event_type.to_string(),
                        side(&e.event.source),
                        side(&e.event.target),
                        e.event.cameo.to_string(),
                        e.source_count.to_string(),
                        e.event.article_id.clone(),
                        e.event.sentence.clone(),
                    ]);
                    Ok(())
                })
                .map_err(user)?;
            table.print(&mut out)?;
        }
        Format::Jsonl => write_events(&store, &filter, page, Box::new(JsonlSink::new(out)))?,
        Format::Csv => write_events(&store, &filter, page, Box::new(CsvSink::new(out)))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_events(store: &Store, filter: &EventFilter, page: Page, mut sink: Box<dyn EventSink + '_>) -> Result<()> {
    store.for_each_event(filter, page, |e| sink.write(&e)).map_err(user)?;
    sink.finish().map_err(user)
}
