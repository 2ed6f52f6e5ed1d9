//! The merge test corpus (`tests/fixtures/`): articles written in the manner of Vietnamese
//! wire news, the events today's coder gave for them (`examples/code_fixtures.rs`), and a gold
//! cluster per event. Shared by the tests and `examples/merge_report.rs`.
//!
//! A gold label names the happening a record reports (`s02:receive`); a trailing `!` marks a
//! record the coder got wrong (an actor or the type), `noise:` a record that reports nothing.

use dyad_core::{Article, Event};
use dyad_merge::eval::{pairwise, PairScores};
use dyad_merge::{Merger, MergerConfig};
use serde::Deserialize;

const ARTICLES: &str = include_str!("fixtures/articles.jsonl");
const EVENTS: &str = include_str!("fixtures/events.jsonl");

#[derive(Deserialize)]
pub struct Labelled {
    pub gold: String,
    #[serde(flatten)]
    pub event: Event,
}

impl Labelled {
    /// The happening, with the miscoding mark removed.
    pub fn happening(&self) -> &str {
        self.gold.trim_end_matches('!')
    }

    /// Whether the coder got this record right.
    pub fn clean(&self) -> bool {
        !self.gold.ends_with('!') && !self.gold.starts_with("noise:")
    }
}

pub struct Corpus {
    pub articles: Vec<Article>,
    pub events: Vec<Labelled>,
}

pub fn load() -> Corpus {
    let articles = ARTICLES.lines().map(|l| serde_json::from_str(l).expect("fixture article")).collect();
    let events = EVENTS.lines().map(|l| serde_json::from_str(l).expect("fixture event")).collect();
    Corpus { articles, events }
}

/// The articles in publication order (the order a news feed delivers them), ties in file
/// order.
pub fn feed_order(corpus: &Corpus) -> Vec<usize> {
    let mut order: Vec<usize> = (0..corpus.articles.len()).collect();
    order.sort_by(|&a, &b| corpus.articles[a].published.cmp(&corpus.articles[b].published));
    order
}

/// One merge run: the merged id of each event, in corpus order, and the merger at the end.
pub struct Run {
    pub merged_ids: Vec<String>,
    pub reasons: Vec<Option<String>>,
    pub merger: Merger,
}

/// Feeds the corpus to a merger, article by article in the given order of articles.
pub fn run(corpus: &Corpus, order: &[usize], config: MergerConfig) -> Run {
    let mut merger = Merger::new(config);
    let mut merged_ids = vec![String::new(); corpus.events.len()];
    let mut reasons = vec![None; corpus.events.len()];
    for &a in order {
        let article = &corpus.articles[a];
        let idx: Vec<usize> =
            (0..corpus.events.len()).filter(|&i| corpus.events[i].event.article_id == article.id).collect();
        let events: Vec<Event> = idx.iter().map(|&i| corpus.events[i].event.clone()).collect();
        let result = merger.add_article(article, &events);
        for (k, assignment) in idx.into_iter().zip(result.assignments) {
            merged_ids[k] = assignment.merged_id;
            reasons[k] = assignment.reason.map(|r| r.to_string());
        }
    }
    Run { merged_ids, reasons, merger }
}

/// Pairwise scores over all events, and over the events the coder got right.
pub fn scores(corpus: &Corpus, run: &Run) -> (PairScores, PairScores) {
    let gold: Vec<&str> = corpus.events.iter().map(Labelled::happening).collect();
    let all = pairwise(&gold, &run.merged_ids);
    let keep: Vec<usize> = (0..corpus.events.len()).filter(|&i| corpus.events[i].clean()).collect();
    let gold: Vec<&str> = keep.iter().map(|&i| gold[i]).collect();
    let pred: Vec<&String> = keep.iter().map(|&i| &run.merged_ids[i]).collect();
    (all, pairwise(&gold, &pred))
}
