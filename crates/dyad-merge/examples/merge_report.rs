//! Prints the pairwise precision and recall of merge decisions on the test corpus, the merged
//! events with their sources and reasons, and every wrong decision.
//!
//! `cargo run -p dyad-merge --example merge_report`

#[path = "../tests/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use dyad_merge::MergerConfig;

fn main() {
    let corpus = corpus::load();
    let order = corpus::feed_order(&corpus);
    let run = corpus::run(&corpus, &order, MergerConfig::default());
    let (all, clean) = corpus::scores(&corpus, &run);
    let clean_n = corpus.events.iter().filter(|e| e.clean()).count();
    println!("dyad-merge on tests/fixtures: {} articles, {} coded events", corpus.articles.len(), corpus.events.len());
    for (name, n, s) in [("all events", corpus.events.len(), all), ("correctly coded events", clean_n, clean)] {
        println!(
            "{name:<24} n={n:<4} pairs tp={:<3} fp={:<3} fn={:<3} precision={:.3} recall={:.3} f1={:.3}",
            s.true_positives,
            s.false_positives,
            s.false_negatives,
            s.precision(),
            s.recall(),
            s.f1()
        );
    }
    println!("\nwrong decisions:");
    let ev = &corpus.events;
    for i in 0..ev.len() {
        for j in i + 1..ev.len() {
            let gold = ev[i].happening() == ev[j].happening();
            let pred = run.merged_ids[i] == run.merged_ids[j];
            if gold != pred {
                let d = |k: usize| {
                    let e = &ev[k].event;
                    format!(
                        "{} {} {}->{} {} [{}] {:?}",
                        e.article_id,
                        e.event_type,
                        e.source.as_ref().map_or("-", |a| a.id.as_str()),
                        e.target.as_ref().map_or("-", |a| a.id.as_str()),
                        e.date.as_deref().unwrap_or("-"),
                        ev[k].gold,
                        e.trigger_text
                    )
                };
                println!("  {} {}\n      {}", if pred { "FP" } else { "FN" }, d(i), d(j));
            }
        }
    }
    println!("\nmerged events with more than one source:");
    for m in run.merger.finish() {
        if m.source_count > 1 {
            println!("  {} {} ({} sources)", m.id, m.event.event_type, m.source_count);
            for r in &m.reasons {
                println!("      {r}");
            }
        }
    }
}
