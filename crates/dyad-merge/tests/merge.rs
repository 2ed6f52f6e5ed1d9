//! Integration tests of dyad-merge on the fixture corpus: merge quality, distractors, the
//! ledger, and properties (no panic, determinism). The merger is single-threaded, so
//! determinism means: the same input in the same order gives the same output, run after run.

mod corpus;

use dyad_core::{Article, CharSpan, Event};
use dyad_merge::{follow_up, Ledger, Merger, MergerConfig, Status};
use proptest::prelude::*;

#[test]
fn pairwise_precision_and_recall_at_least_0_8() {
    let c = corpus::load();
    let run = corpus::run(&c, &corpus::feed_order(&c), MergerConfig::default());
    let (all, clean) = corpus::scores(&c, &run);
    for (name, s) in [("all", all), ("clean", clean)] {
        assert!(s.precision() >= 0.8, "{name} precision {:.3} ({s:?})", s.precision());
        assert!(s.recall() >= 0.8, "{name} recall {:.3} ({s:?})", s.recall());
    }
}

#[test]
fn distractors_stay_apart_from_their_stories() {
    let c = corpus::load();
    let run = corpus::run(&c, &corpus::feed_order(&c), MergerConfig::default());
    for i in 0..c.events.len() {
        for j in 0..c.events.len() {
            let (a, b) = (&c.events[i], &c.events[j]);
            if a.gold.starts_with('d') && b.gold.starts_with('s') {
                assert_ne!(run.merged_ids[i], run.merged_ids[j], "{} merged with {}", a.gold, b.gold);
            }
        }
    }
}

#[test]
fn every_merge_says_why() {
    let c = corpus::load();
    let run = corpus::run(&c, &corpus::feed_order(&c), MergerConfig::default());
    for m in run.merger.finish() {
        let articles: std::collections::BTreeSet<&str> = m.sources.iter().map(|s| s.article_id.as_str()).collect();
        assert_eq!(m.source_count, articles.len(), "source_count counts distinct articles: {}", m.id);
        assert_eq!(m.reasons.len(), m.sources.len() - 1, "{}", m.id);
    }
}

/// Two agreements signed at one ceremony, and two pledges, told in one article: four events,
/// each with the headline or its own sentence as sources, never folded into one.
#[test]
fn one_article_keeps_its_distinct_agreements_and_pledges() {
    let article = Article {
        id: "two-deals".into(),
        published: Some("2024-04-03".into()),
        text: "Vietnam, Laos sign education and trade deals\n\nVientiane (VNA) - Vietnam and Laos signed a \
               memorandum of understanding on education cooperation in Vientiane on April 2.\n\nThe two \
               countries also signed an agreement on border trade, the ministry said.\n\nJapan pledged to \
               provide 2 million USD in flood relief aid to Vietnam on April 2.\n\nJapan pledged to send a \
               medical team to Vietnam's northern provinces."
            .into(),
        ..Article::default()
    };
    let events = dyad_core::code_article(&article);
    let mut merger = Merger::default();
    let merge = merger.add_article(&article, &events);
    let merged_of = |needle: &str, source: &str| -> Vec<String> {
        let mut ids: Vec<String> = events
            .iter()
            .zip(&merge.assignments)
            .filter(|(e, _)| e.sentence.contains(needle) && e.source.as_ref().is_some_and(|a| a.id == source))
            .map(|(_, a)| a.merged_id.clone())
            .collect();
        ids.dedup();
        ids
    };
    let (education, trade) = (merged_of("education cooperation", "VNM"), merged_of("border trade", "VNM"));
    let (aid, team) = (merged_of("relief aid", "JPN"), merged_of("medical team", "JPN"));
    for (name, ids) in [("education", &education), ("trade", &trade), ("aid", &aid), ("team", &team)] {
        assert_eq!(ids.len(), 1, "{name}: {events:#?}");
    }
    assert_ne!(education, trade);
    assert_ne!(aid, team);
    assert_eq!(
        merged_of("sign education and trade deals", "VNM"),
        education,
        "the headline is the first deal's source"
    );
}

#[test]
fn republished_wire_story_is_recognised() {
    let c = corpus::load();
    let mut merger = Merger::default();
    let mut found = Vec::new();
    for i in corpus::feed_order(&c) {
        let r = merger.add_article(&c.articles[i], &[]);
        for d in r.duplicates {
            found.push((c.articles[i].id.clone(), d.article_id));
        }
    }
    found.sort();
    let expected = [("s01-vietnamplus", "s01-vna"), ("s06-vietnamplus", "s06-vna")];
    let expected: Vec<(String, String)> = expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(found, expected);
}

#[test]
fn adding_an_article_again_adds_no_source() {
    let c = corpus::load();
    let mut merger = Merger::default();
    let article = &c.articles[0];
    let events: Vec<Event> =
        c.events.iter().filter(|e| e.event.article_id == article.id).map(|e| e.event.clone()).collect();
    let first = merger.add_article(article, &events);
    let again = merger.add_article(article, &events);
    for (a, b) in first.assignments.iter().zip(&again.assignments) {
        assert_eq!(a.merged_id, b.merged_id);
        assert!(!b.created);
        assert_eq!(merger.get(&b.merged_id).unwrap().source_count, 1);
    }
}

#[test]
fn one_verb_with_two_targets_gives_two_merged_events() {
    let c = corpus::load();
    let mut merger = Merger::default();
    let article = &c.articles[0];
    let first = c
        .events
        .iter()
        .find(|e| e.event.article_id == article.id && e.event.target.is_some())
        .expect("an event")
        .event
        .clone();
    // The same sentence and verb, another target: "received the WB and the AIIB".
    let mut second = first.clone();
    let other = c
        .events
        .iter()
        .filter_map(|e| e.event.target.clone())
        .find(|t| {
            Some(&t.id) != first.target.as_ref().map(|a| &a.id) && Some(&t.id) != first.source.as_ref().map(|a| &a.id)
        })
        .expect("another actor");
    second.target = Some(other);
    let merged = merger.add_article(article, &[first, second]);
    assert_ne!(merged.assignments[0].merged_id, merged.assignments[1].merged_id);
    assert!(merged.assignments.iter().all(|a| a.created));
}

#[test]
fn a_late_copy_of_an_older_story_merges_after_newer_news() {
    let c = corpus::load();
    let mut merger = Merger::default();
    let article = &c.articles[0];
    let events: Vec<Event> =
        c.events.iter().filter(|e| e.event.article_id == article.id).map(|e| e.event.clone()).collect();
    let first = merger.add_article(article, &events);
    // News dated a year later moves the window past the story.
    let mut later = c.events.iter().find(|e| e.event.article_id != article.id).expect("another event").event.clone();
    later.date = Some("2031-01-01".into());
    let news = Article { id: "later-news".into(), published: Some("2031-01-02".into()), ..c.articles[1].clone() };
    later.article_id = news.id.clone();
    merger.add_article(&news, &[later]);
    // The same story republished under another id.
    let copy = Article { id: "republished".into(), ..article.clone() };
    let copied: Vec<Event> = events.iter().map(|e| Event { article_id: copy.id.clone(), ..e.clone() }).collect();
    let again = merger.add_article(&copy, &copied);
    assert_eq!(again.duplicates.first().map(|d| d.article_id.as_str()), Some(article.id.as_str()));
    for (a, b) in first.assignments.iter().zip(&again.assignments) {
        assert_eq!(a.merged_id, b.merged_id);
        assert!(!b.created);
    }
}

#[test]
fn ledger_on_the_corpus_follows_up_the_typhoon_pledge() {
    let c = corpus::load();
    let run = corpus::run(&c, &corpus::feed_order(&c), MergerConfig::default());
    let mut ledger = Ledger::new();
    for m in run.merger.finish() {
        ledger.record(&m.id, &m.event);
        follow_up(&mut ledger, &m.id, &m.event);
    }
    let pledge = ledger
        .iter()
        .find(|x| x.holder.id == "JPN" && x.counterpart.as_ref().is_some_and(|t| t.id == "VNM") && x.date.is_some())
        .expect("Japan's typhoon pledge is recorded");
    assert_eq!(pledge.status, Status::FollowedUp, "{pledge:?}");
    assert!(pledge.evidence[0].reason.starts_with("AID from JPN to VNM fulfils the pledge"));
    let laos = ledger.iter().find(|x| x.counterpart.as_ref().is_some_and(|t| t.id == "LAO") && x.holder.id == "JPN");
    assert_eq!(laos.map(|x| x.status), Some(Status::Open));
}

#[test]
fn merger_is_deterministic_in_any_given_order() {
    let c = corpus::load();
    let order: Vec<usize> = (0..c.articles.len()).rev().collect();
    let a = corpus::run(&c, &order, MergerConfig::default());
    let b = corpus::run(&c, &order, MergerConfig::default());
    assert_eq!(a.merged_ids, b.merged_ids);
    assert_eq!(a.reasons, b.reasons);
}

const IDS: [&str; 4] = ["VNM", "JPN", "CHN", "UN"];
const TYPES: [(&str, &str); 6] =
    [("CONSULT", "040"), ("SUPPORT", "051"), ("SUPPORT", "057"), ("AGREE", "030"), ("AID", "070"), ("REQUEST", "020")];
const DATES: [&str; 7] = ["", "2024", "2024-03", "2024-03-12", "2024-03-14", "2024-04-30", "1999-13-45"];
const WORDS: [&str; 8] = ["Vietnam", "Japan", "met", "talks", "in", "Hanoi", "aid", "đã"];

fn arb_event() -> impl Strategy<Value = Event> {
    (0..4usize, 0..5usize, 0..6usize, 0..7usize, proptest::collection::vec(0..8usize, 0..12), 0..3usize, any::<bool>())
        .prop_map(|(s, t, k, d, words, mode, commit)| {
            let actor = |i: usize| dyad_core::Actor {
                id: IDS[i].into(),
                name: IDS[i].into(),
                kind: dyad_core::ActorKind::State,
                country: None,
                org: None,
                sector: None,
                cameo: IDS[i].into(),
                person: matches!(i, 0 | 2).then(|| "Le Van A".to_string()),
                role: None,
                text: IDS[i].into(),
                aliases: Vec::new(),
                how: None,
            };
            let sentence: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
            Event {
                article_id: String::new(),
                event_type: TYPES[k].0.parse().expect("a PLOVER type"),
                mode: [None, Some("visit".to_string()), Some("phone".to_string())][mode].clone(),
                contexts: vec![],
                cameo: TYPES[k].1.into(),
                source: Some(actor(s)),
                target: (t < 4).then(|| actor(t)),
                date: (d > 0).then(|| DATES[d].to_string()),
                date_precision: None,
                period: None,
                location: None,
                commitment: commit.then(|| dyad_core::Commitment {
                    kind: dyad_core::CommitmentKind::Pledge,
                    what: sentence.join(" "),
                }),
                confidence: 0.5,
                sentence: sentence.join(" "),
                span: CharSpan { start: words.len(), end: words.len() * 2 },
                trigger: CharSpan::default(),
                trigger_text: String::new(),
                rule: String::new(),
            }
        })
}

fn arb_articles() -> impl Strategy<Value = Vec<(Article, Vec<Event>)>> {
    proptest::collection::vec(
        (proptest::option::of(0..40u32), proptest::collection::vec(arb_event(), 0..5), ".{0,80}"),
        0..12,
    )
    .prop_map(|arts| {
        arts.into_iter()
            .enumerate()
            .map(|(i, (day, mut events, text))| {
                let id = format!("a{}", i % 7);
                for e in &mut events {
                    e.article_id = id.clone();
                }
                let published = day.map(|d| format!("2024-03-{:02}", 1 + d % 28));
                (Article { id, published, text, ..Article::default() }, events)
            })
            .collect()
    })
}

fn merge_all(input: &[(Article, Vec<Event>)], horizon: i64) -> Vec<(String, usize, Vec<String>)> {
    let config = MergerConfig { horizon_days: horizon, max_open: 5, max_articles: 3, ..MergerConfig::default() };
    let mut merger = Merger::new(config);
    let mut ledger = Ledger::new();
    let mut out = Vec::new();
    for (article, events) in input {
        let r = merger.add_article(article, events);
        for (a, e) in r.assignments.iter().zip(events) {
            ledger.record(&a.merged_id, e);
            follow_up(&mut ledger, &a.merged_id, e);
        }
        for m in merger.drain_closed() {
            out.push((m.id, m.source_count, m.reasons));
        }
    }
    for m in merger.finish() {
        out.push((m.id, m.source_count, m.reasons));
    }
    out
}

proptest! {
    #[test]
    fn merging_never_panics_and_is_deterministic(input in arb_articles(), horizon in 0i64..40) {
        let first = merge_all(&input, horizon);
        let second = merge_all(&input, horizon);
        let sources: usize = first.iter().map(|m| m.1).sum();
        let events: usize = input.iter().map(|(_, e)| e.len()).sum();
        prop_assert!(sources <= events);
        prop_assert_eq!(first, second);
    }
}
