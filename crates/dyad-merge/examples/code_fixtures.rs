//! Codes `tests/fixtures/articles.jsonl` with today's coder and rewrites
//! `tests/fixtures/events.jsonl`, keeping the gold cluster of every event that was there
//! before (matched by article, span, trigger and type) and marking new events `"?"` for a
//! person to label.
//!
//! `cargo run -p dyad-merge --example code_fixtures`

use std::collections::BTreeMap;
use std::fs;

use dyad_core::{code_article, Article, Event};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct Gold {
    gold: String,
    #[serde(flatten)]
    event: Event,
}

fn key(e: &Event) -> (String, usize, usize, String) {
    (e.article_id.clone(), e.span.start, e.trigger.start, e.event_type.to_string())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let path = format!("{dir}/events.jsonl");
    let mut known = BTreeMap::new();
    if let Ok(old) = fs::read_to_string(&path) {
        for line in old.lines().filter(|l| !l.trim().is_empty()) {
            let g: Gold = serde_json::from_str(line)?;
            known.insert(key(&g.event), g.gold);
        }
    }
    let mut out = String::new();
    let mut unlabelled = 0;
    for line in fs::read_to_string(format!("{dir}/articles.jsonl"))?.lines() {
        let article: Article = serde_json::from_str(line)?;
        for event in code_article(&article) {
            let gold = known.get(&key(&event)).cloned().unwrap_or_else(|| {
                unlabelled += 1;
                "?".to_string()
            });
            out.push_str(&serde_json::to_string(&Gold { gold, event })?);
            out.push('\n');
        }
    }
    fs::write(&path, out)?;
    eprintln!("wrote {path}; {unlabelled} events to label");
    Ok(())
}
