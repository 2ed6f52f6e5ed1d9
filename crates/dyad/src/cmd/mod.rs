//! The subcommands of `dyad`, one file each, and what several share: the store file, the list
//! commands' arguments, where articles come from, and how errors reach the user.

pub mod actors;
pub mod code;
pub mod commitments;
pub mod completions;
pub mod dyads;
pub mod events;
pub mod explain;
pub mod export;
pub mod ingest;
pub mod parse;
pub mod rules;
pub mod serve;

#[cfg(test)]
mod tests;

use std::io::{self, BufWriter};
use std::path::PathBuf;

use anyhow::{Context, Result};
use dyad_core::ingest::ReadOptions;
use dyad_core::Coder;
use dyad_store::Store;

use crate::output::Format;

/// Where the store is.
#[derive(Clone, Debug, PartialEq, Eq, clap::Args)]
pub struct DbArgs {
    /// The store file (SQLite).
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    pub db: PathBuf,
}

impl DbArgs {
    /// The store, opened read-only.
    pub fn open(&self) -> Result<Store> {
        Store::open_read_only(&self.db).map_err(user)
    }
}

/// What the list commands (`events`, `actors`, `dyads`, `commitments`) share: the store, the
/// command's own filters and options `T`, and the output format, in this order.
#[derive(Clone, Debug, clap::Args)]
pub struct ListArgs<T: clap::Args> {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub args: T,
    /// Output format (default: table on a terminal, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

impl<T: clap::Args> ListArgs<T> {
    /// The format asked for, or the default for standard output.
    pub fn format(&self) -> Format {
        Format::or_default(self.format)
    }
}

/// Event filters as typed on the command line: [`dyad_store::FilterArgs`] with its flags.
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
pub struct FilterArgs {
    /// Events with this actor on either side (actor id such as `VNM`, or name such as `Vietnam`).
    #[arg(long)]
    pub actor: Option<String>,
    /// With `--actor`: only events between the actor and this one, either way.
    #[arg(long, requires = "actor")]
    pub partner: Option<String>,
    /// Actors named stand for themselves and their sub-bodies (`UN` with UNDP, UNICEF ...; a
    /// state with its ministries and national bodies).
    #[arg(long)]
    pub family: bool,
    /// Events whose source is this actor (id or name).
    #[arg(long)]
    pub source: Option<String>,
    /// Events whose target is this actor (id or name).
    #[arg(long)]
    pub target: Option<String>,
    /// PLOVER event types, comma-separated (`AGREE,CONSULT`).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// PLOVER contexts, comma-separated; an event matches if it has any of them.
    #[arg(long)]
    pub context: Option<String>,
    /// Events dated on or after this day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[arg(long)]
    pub since: Option<String>,
    /// Events dated on or before this day (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    #[arg(long)]
    pub until: Option<String>,
    /// Events coded from this article id.
    #[arg(long)]
    pub article: Option<String>,
    /// Events naming this person on either side (`"Jean-Pierre Lacroix"`; case and accents
    /// aside, a surname alone finds every person of that surname).
    #[arg(long)]
    pub person: Option<String>,
}

impl FilterArgs {
    /// Checks the values and returns the filter they describe (see [`dyad_store::FilterArgs::parse`]).
    pub fn parse(&self) -> Result<dyad_store::EventFilter> {
        dyad_store::FilterArgs::from(self.clone()).parse().map_err(user)
    }
}

impl From<FilterArgs> for dyad_store::FilterArgs {
    fn from(f: FilterArgs) -> Self {
        let FilterArgs { actor, partner, family, source, target, event_type, context, since, until, article, person } =
            f;
        dyad_store::FilterArgs {
            actor,
            partner,
            family,
            source,
            target,
            event_type,
            context,
            since,
            until,
            article,
            person,
        }
    }
}

/// Where articles come from.
#[derive(Clone, Debug, clap::Args)]
pub struct InputArgs {
    /// Publication date (YYYY-MM-DD) for articles that carry none.
    #[arg(long)]
    pub published: Option<String>,
    /// Refuse articles larger than this many megabytes.
    #[arg(long, default_value_t = 8.0)]
    pub max_article_mb: f64,
}

impl InputArgs {
    /// The options to read articles with; refuses a `--published` that is not a date.
    pub fn read_options(&self) -> Result<ReadOptions> {
        if let Some(date) = &self.published {
            dyad_core::ingest::parse_date(date)
                .with_context(|| format!("--published {date:?} is not a date (YYYY-MM-DD)"))?;
        }
        if !(self.max_article_mb.is_finite() && self.max_article_mb * 1e6 >= 1.0) {
            anyhow::bail!(
                "--max-article-mb {} is not a size: give a positive number of megabytes",
                self.max_article_mb
            );
        }
        Ok(ReadOptions { published: self.published.clone(), max_article_bytes: (self.max_article_mb * 1e6) as usize })
    }
}

/// The coder with the embedded lexicons, tagger and parser.
pub fn coder() -> Result<Coder> {
    Ok(Coder::embedded()?)
}

/// Turns a store error into an [`anyhow::Error`] whose message ends with the hint, if any.
pub fn user(e: dyad_store::Error) -> anyhow::Error {
    match e.hint() {
        Some(hint) => anyhow::anyhow!("{e}\n  hint: {hint}"),
        None => anyhow::Error::new(e),
    }
}

/// Standard output, buffered.
pub fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Whether an error comes from writing to a pipe whose reader has gone.
pub fn closed_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let io = cause.downcast_ref::<std::io::Error>().map(std::io::Error::kind);
        let json = cause.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind);
        let store = cause.downcast_ref::<dyad_store::Error>().is_some_and(dyad_store::Error::is_broken_pipe);
        store || io.or(json) == Some(std::io::ErrorKind::BrokenPipe)
    })
}
