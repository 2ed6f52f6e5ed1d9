//! One event, many sources; the ledger of commitments; and what passed between two actors
//! (issue 15's pair view and families), through a real ingest: wire-style articles coded by
//! `dyad_core::code_article`.

use dyad_core::{code_article, Article, EventType};
use dyad_store::{ingest, CommitmentArgs, EventFilter, FilterArgs, IngestOptions, Page, Store};

const ARTICLES: &str = include_str!("fixtures/merge_articles.jsonl");

fn articles(ids: &[&str]) -> Vec<Article> {
    ARTICLES
        .lines()
        .map(|l| serde_json::from_str::<Article>(l).expect("fixture article"))
        .filter(|a| ids.contains(&a.id.as_str()))
        .collect()
}

fn quiet() -> IngestOptions {
    IngestOptions { batch_size: 1, progress: false }
}

fn load(store: &mut Store, ids: &[&str]) {
    let inputs = articles(ids).into_iter().map(Ok::<_, String>);
    let report = ingest(store, inputs, &code_article, quiet()).unwrap();
    assert!(!report.failed(), "{report}");
}

fn consults(store: &Store) -> Vec<dyad_store::StoredEvent> {
    let filter = FilterArgs { event_type: Some("CONSULT".into()), ..Default::default() }.parse().unwrap();
    store.events(&filter, Page::ALL).unwrap()
}

/// The dated report of the meeting: the one both articles tell.
fn dated_meeting(store: &Store) -> dyad_store::StoredEvent {
    let events = consults(store);
    let dated: Vec<_> = events.iter().filter(|e| e.event.date.as_deref() == Some("2024-05-14")).collect();
    assert_eq!(dated.len(), 1, "one stored meeting on May 14: {events:#?}");
    dated[0].clone()
}

#[test]
fn two_reports_of_one_meeting_are_one_event_with_two_sources() {
    let mut store = Store::open_in_memory().unwrap();
    load(&mut store, &["vna-meet", "vov-meet"]);
    let e = dated_meeting(&store);
    assert_eq!(e.source_count, 2, "{e:#?}");
    let articles: Vec<&str> = e.sources.iter().map(|s| s.article_id.as_str()).collect();
    assert_eq!(articles, ["vna-meet", "vov-meet"]);
    assert!(e.sources[1].sentence.contains("Saleumxay Kommasith met with"));
    assert_eq!(e.reasons.len(), 1);
    assert!(e.reasons[0].starts_with("vov-meet: "), "{:?}", e.reasons);
    // The JSON keeps the `dyad code` contract and adds the sources.
    let json = serde_json::to_value(&e).unwrap();
    for key in ["event_type", "source", "target", "sentence", "span", "trigger", "sources", "source_count"] {
        assert!(json.get(key).is_some(), "{key} missing from {json}");
    }
    assert_eq!(json["sources"][1]["article_id"], "vov-meet");
    // Counted once; each article still shows its own report.
    let all = store.count_events(&EventFilter::default()).unwrap();
    assert_eq!(all as usize, store.events(&EventFilter::default(), Page::ALL).unwrap().len());
    let vov = FilterArgs { article: Some("vov-meet".into()), ..Default::default() }.parse().unwrap();
    assert_eq!(store.events(&vov, Page::ALL).unwrap().len(), 1);
    assert_eq!(store.article("vov-meet").unwrap().events[0].source_count, 2);
    assert_eq!(store.stats().unwrap().events + 1, store.stats().unwrap().reports);
}

#[test]
fn a_reader_may_list_fewer_sources_and_page_through_them() {
    let mut store = Store::open_in_memory().unwrap();
    load(&mut store, &["vna-meet", "vov-meet"]);
    store.limit_sources(Some(1));
    let e = dated_meeting(&store);
    assert_eq!((e.source_count, e.sources.len()), (2, 1), "{e:#?}");
    let (page, total) = store.event_sources(e.id, Page { limit: Some(1), offset: 1 }).unwrap();
    assert_eq!(total, 2);
    assert_eq!(page.iter().map(|s| s.article_id.as_str()).collect::<Vec<_>>(), ["vov-meet"]);
}

#[test]
fn reingesting_either_report_leaves_no_duplicates() {
    let mut store = Store::open_in_memory().unwrap();
    load(&mut store, &["vna-meet", "vov-meet"]);
    let before = store.stats().unwrap();
    let first = dated_meeting(&store);
    // Again in a later run, one at a time and both together.
    load(&mut store, &["vov-meet"]);
    load(&mut store, &["vna-meet"]);
    load(&mut store, &["vna-meet", "vov-meet"]);
    let after = store.stats().unwrap();
    assert_eq!((after.events, after.reports, after.articles), (before.events, before.reports, before.articles));
    let e = dated_meeting(&store);
    assert_eq!(e.merged_id, first.merged_id);
    assert_eq!(e.source_count, 2);
    assert_eq!(e.reasons.len(), 1, "the reason survives a re-ingest: {:?}", e.reasons);
}

#[test]
fn reingesting_older_news_after_newer_keeps_its_merges() {
    // The September stories move the merger's window past May: re-ingesting the May reports
    // must still find the merged event they belong to.
    let all = ["vna-meet", "vov-meet", "vna-pledge", "vna-deliver"];
    let mut store = Store::open_in_memory().unwrap();
    load(&mut store, &all);
    let before = store.stats().unwrap();
    let first = dated_meeting(&store);
    assert_eq!(first.source_count, 2);
    load(&mut store, &all);
    load(&mut store, &["vov-meet"]);
    let after = store.stats().unwrap();
    assert_eq!((after.events, after.reports, after.commitments), (before.events, before.reports, before.commitments));
    let e = dated_meeting(&store);
    assert_eq!((e.merged_id, e.source_count, e.reasons.len()), (first.merged_id, 2, 1));
}

#[test]
fn a_later_run_merges_with_what_an_earlier_one_stored() {
    let mut store = Store::open_in_memory().unwrap();
    load(&mut store, &["vna-meet"]);
    load(&mut store, &["vov-meet"]);
    let e = dated_meeting(&store);
    assert_eq!(e.source_count, 2);
}

#[test]
fn a_pledge_followed_by_a_delivery_is_followed_up_with_evidence() {
    let mut store = Store::open_in_memory().unwrap();
    load(&mut store, &["vna-pledge"]);
    let open = CommitmentArgs { actor: Some("JPN".into()), status: Some("open".into()), ..Default::default() }
        .parse()
        .unwrap();
    let pledges = store.commitments(&open, Page::ALL).unwrap();
    assert!(!pledges.is_empty(), "the pledge is open before the delivery");
    assert!(pledges.iter().all(|c| c.kind == "pledge" && c.holder.id == "JPN"));

    load(&mut store, &["vna-deliver"]);
    let followed =
        CommitmentArgs { actor: Some("Japan".into()), status: Some("followed_up".into()), ..Default::default() }
            .parse()
            .unwrap();
    let done = store.commitments(&followed, Page::ALL).unwrap();
    let c = done
        .iter()
        .find(|c| c.what.contains("emergency relief aid"))
        .unwrap_or_else(|| panic!("the dated pledge is followed up: {done:#?}"));
    assert_eq!(c.counterpart.as_ref().map(|a| a.id.as_str()), Some("VNM"));
    assert_eq!(c.evidence.len(), 1);
    assert!(c.evidence[0].reason.starts_with("AID from JPN to VNM fulfils the pledge"), "{:?}", c.evidence);
    let aid = store.event(c.evidence[0].event_id.expect("evidence event stored")).unwrap();
    assert_eq!(aid.event.event_type, EventType::Aid);
    assert_eq!(aid.event.article_id, "vna-deliver");
    assert_eq!(store.count_commitments(&followed).unwrap(), done.len() as u64);

    // Re-ingesting the delivery keeps one piece of evidence.
    load(&mut store, &["vna-deliver"]);
    let again = store.commitments(&followed, Page::ALL).unwrap();
    let c = again.iter().find(|c| c.what.contains("emergency relief aid")).unwrap();
    assert_eq!(c.evidence.len(), 1);
}

/// News arrives out of date order: the delivery stored before the pledge still follows it up,
/// with the same evidence as when the pledge came first.
#[test]
fn follow_ups_do_not_depend_on_the_order_of_ingest() {
    let ledger = |order: &[&str]| {
        let mut store = Store::open_in_memory().unwrap();
        for id in order {
            load(&mut store, &[id]);
        }
        let all = CommitmentArgs { actor: Some("JPN".into()), ..Default::default() }.parse().unwrap();
        let mut out: Vec<(String, String, Vec<String>)> = store
            .commitments(&all, Page::ALL)
            .unwrap()
            .into_iter()
            .map(|c| (c.what, c.status, c.evidence.into_iter().map(|e| e.reason).collect()))
            .collect();
        out.sort();
        out
    };
    let in_order = ledger(&["vna-pledge", "vna-deliver"]);
    assert!(in_order.iter().any(|(_, status, _)| status == "followed_up"), "{in_order:#?}");
    assert_eq!(ledger(&["vna-deliver", "vna-pledge"]), in_order);
}

#[test]
fn bad_commitment_filters_are_user_errors() {
    let e = CommitmentArgs { status: Some("done".into()), ..Default::default() }.parse().unwrap_err();
    assert_eq!(e.code(), dyad_store::ErrorCode::BadFilter);
    assert!(CommitmentArgs { status: Some("followed-up".into()), kind: Some("Pledge".into()), ..Default::default() }
        .parse()
        .is_ok());
}

const VN_UN: &str = include_str!("fixtures/vn-un.jsonl");

/// A store of the Vietnam–UN fixture: events both ways in 2023, a memorandum with its period,
/// a pledge and a request; and a memorandum told in a headline and in the body.
fn vn_un() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let inputs = VN_UN.lines().map(|l| serde_json::from_str::<Article>(l).map_err(|e| e.to_string()));
    let report = ingest(&mut store, inputs, &code_article, quiet()).unwrap();
    assert!(!report.failed(), "{report}");
    store
}

fn commitments(store: &Store, args: CommitmentArgs) -> Vec<dyad_store::StoredCommitment> {
    store.commitments(&args.parse().unwrap(), Page::ALL).unwrap()
}

/// Issue 15: a memorandum whose headline (no date, no period) was read before the body's
/// sentence (dated, "for 2024 - 2029") lost its period in the ledger.
#[test]
fn regression_a_memorandum_told_in_the_headline_keeps_the_period_of_the_body() {
    let store = vn_un();
    let found = commitments(&store, CommitmentArgs { actor: Some("LAORC".into()), ..Default::default() });
    assert_eq!(found.len(), 1, "{found:#?}");
    let c = &found[0];
    assert_eq!(c.kind, "agreement");
    let period = c.period.as_ref().expect("the period of the body's sentence");
    assert_eq!((period.start.as_deref(), period.end.as_deref()), (Some("2024"), Some("2029")));
    assert_eq!(c.date.as_deref(), Some("2024-05-08"));
    assert_eq!(c.what, "a memorandum of understanding on cooperation for 2024 - 2029 in Vientiane on May 8, 2024");
    assert!(c.sentence.starts_with("The Lao Red Cross (LRC)"), "{}", c.sentence);
}

#[test]
fn commitments_are_filtered_by_kind_dates_holder_and_counterpart() {
    let store = vn_un();
    let un = |args: CommitmentArgs| {
        let mut found: Vec<(String, String, String)> = commitments(&store, args)
            .into_iter()
            .map(|c| (c.kind, c.holder.id, c.counterpart.map(|a| a.id).unwrap_or_default()))
            .collect();
        found.sort();
        found
    };
    let all = un(CommitmentArgs { actor: Some("UN".into()), ..Default::default() });
    assert!(all.len() >= 3, "{all:?}");
    let pledges = un(CommitmentArgs { actor: Some("UN".into()), kind: Some("pledge".into()), ..Default::default() });
    assert_eq!(pledges, [("pledge".to_string(), "UN".to_string(), "VNM".to_string())]);
    let by_vietnam =
        un(CommitmentArgs { holder: Some("Vietnam".into()), counterpart: Some("UN".into()), ..Default::default() });
    assert!(by_vietnam.iter().all(|(_, h, c)| h == "VNM" && c == "UN"), "{by_vietnam:?}");
    assert!(by_vietnam.iter().any(|(k, _, _)| k == "request"), "{by_vietnam:?}");
    let to_vietnam = un(CommitmentArgs { counterpart: Some("VNM".into()), ..Default::default() });
    assert!(to_vietnam.iter().all(|(_, _, c)| c == "VNM") && !to_vietnam.is_empty(), "{to_vietnam:?}");
    // March 2023 holds the memorandum and the pledge; October the request.
    let march = un(CommitmentArgs {
        actor: Some("UN".into()),
        since: Some("2023-03".into()),
        until: Some("2023-03".into()),
        ..Default::default()
    });
    assert!(march.iter().any(|(k, _, _)| k == "agreement") && march.iter().any(|(k, _, _)| k == "pledge"), "{march:?}");
    assert!(march.iter().all(|(k, _, _)| k != "request"), "{march:?}");
    let later = un(CommitmentArgs { actor: Some("UN".into()), since: Some("2023-04-01".into()), ..Default::default() });
    assert_eq!(later.iter().map(|(k, _, _)| k.as_str()).collect::<Vec<_>>(), ["request"]);
    assert!(
        un(CommitmentArgs { actor: Some("UN".into()), until: Some("2022".into()), ..Default::default() }).is_empty()
    );
    let e = CommitmentArgs { since: Some("2024".into()), until: Some("2023".into()), ..Default::default() }
        .parse()
        .unwrap_err();
    assert_eq!(e.code(), dyad_store::ErrorCode::BadFilter);
}

#[test]
fn the_memorandum_between_vietnam_and_the_un_has_its_period_and_words_as_written() {
    let store = vn_un();
    let found = commitments(
        &store,
        CommitmentArgs { actor: Some("VNM".into()), kind: Some("agreement".into()), ..Default::default() },
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let period = found[0].period.as_ref().expect("a period");
    assert_eq!((period.start.as_deref(), period.end.as_deref()), (Some("2023"), Some("2027")));
    assert!(
        found[0].what.contains("memorandum of understanding on sustainable development cooperation"),
        "{}",
        found[0].what
    );
    assert!(found[0].what.contains("Hanoi on March 14"), "original case: {}", found[0].what);
}

fn pair_filter(a: &str, b: &str, family: bool) -> EventFilter {
    FilterArgs { actor: Some(a.into()), partner: Some(b.into()), family, ..Default::default() }.parse().unwrap()
}

#[test]
fn a_pair_is_both_directions_on_a_time_axis_with_empty_months() {
    let store = vn_un();
    let filter = pair_filter("VNM", "UN", false);
    let pair = store.pair(&filter).unwrap();
    assert_eq!((pair.a.id.as_str(), pair.b.id.as_str()), ("VNM", "UN"));
    assert!(pair.events.a_to_b > 0 && pair.events.b_to_a > 0, "{pair:#?}");
    let events = store.events(&filter, Page::ALL).unwrap();
    assert_eq!(events.len() as u64, pair.events.a_to_b + pair.events.b_to_a);
    assert_eq!(pair.undated, 0);
    for e in &events {
        let (s, t) = (e.event.source.as_ref().unwrap().id.as_str(), e.event.target.as_ref().unwrap().id.as_str());
        assert!(matches!((s, t), ("VNM", "UN") | ("UN", "VNM")), "{s} -> {t}");
    }
    let months: Vec<&str> = pair.months.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months.first(), Some(&"2023-03"));
    assert_eq!(months.last(), Some(&"2024-02"));
    assert_eq!(months.len(), 12, "every month from March 2023 to February 2024: {months:?}");
    let april = &pair.months[1];
    assert_eq!((april.events.a_to_b, april.events.b_to_a, april.goldstein_mean), (0, 0, None));
    let feb = pair.months.last().unwrap();
    assert_eq!(feb.by_type.get("ACCUSE"), Some(&1));
    assert!(feb.goldstein_mean.unwrap() < 0.0, "criticism is conflict: {feb:?}");
    // Paging both ways agrees with the whole list.
    let first = store.events(&filter, Page::first(2)).unwrap();
    assert_eq!(first.iter().map(|e| e.id).collect::<Vec<_>>(), events[..2].iter().map(|e| e.id).collect::<Vec<_>>());
    assert_eq!(store.count_events(&filter).unwrap(), events.len() as u64);
    // In 2023 alone: the criticism of 2024 is left out.
    let in_2023 = EventFilter { since: Some(day("2023-01-01")), until: Some(day("2023-12-31")), ..filter.clone() };
    let year = store.pair(&in_2023).unwrap();
    assert_eq!(year.by_type.get("ACCUSE"), None);
    assert!(year.events.a_to_b > 0 && year.events.b_to_a > 0);
}

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn a_family_brings_in_the_bodies_of_the_un() {
    let store = vn_un();
    let ids = store.resolve_family("UN").unwrap();
    assert!(ids.contains(&"UN".to_string()) && ids.contains(&"UNDP".to_string()), "{ids:?}");
    assert!(!ids.contains(&"VNM".to_string()));
    assert_eq!(store.resolve_family("VNM").unwrap(), ["VNM"], "no national body of Vietnam is stored");
    let alone = store.pair(&pair_filter("VNM", "UN", false)).unwrap();
    let family = store.pair(&pair_filter("VNM", "UN", true)).unwrap();
    assert_eq!(family.events.b_to_a, alone.events.b_to_a + 1, "UNDP's delivery counts for the UN");
    let undp = store.events(&pair_filter("VNM", "UN", true), Page::ALL).unwrap();
    assert!(undp.iter().any(|e| e.event.source.as_ref().unwrap().id == "UNDP"));
    // The Lao and Cambodian Red Cross societies are national bodies of their states.
    assert_eq!(store.resolve_family("LAO").unwrap(), ["LAO", "LAORC"]);
}

#[test]
fn an_actor_timeline_has_every_month_and_no_actor_is_its_own_partner() {
    let store = vn_un();
    let vnm = store.actor("VNM", 20).unwrap();
    let months: Vec<&str> = vnm.timeline.iter().map(|m| m.month.as_str()).collect();
    assert_eq!(months.len(), 12, "{months:?}");
    assert!(vnm.timeline[1].by_type.is_empty(), "April 2023 is shown, empty");
    assert!(vnm.summary.partners.iter().all(|p| p.id != "VNM"), "{:?}", vnm.summary.partners);
}

#[test]
fn actors_are_found_as_people_type_them() {
    let store = vn_un();
    let first = |q: &str| store.suggest_actors(q, 5).unwrap().first().map(|s| (s.id.clone(), s.matched.clone()));
    assert_eq!(first("viet nam"), Some(("VNM".into(), "Viet Nam".into())));
    assert_eq!(first("VIỆT NAM"), Some(("VNM".into(), "Viet Nam".into())), "accents and case aside");
    assert_eq!(first("united nations"), Some(("UN".into(), "United Nations".into())));
    assert_eq!(first("vietnamese"), Some(("VNM".into(), "Vietnamese".into())));
    assert_eq!(first("undp").map(|(id, _)| id), Some("UNDP".into()));
    let un = store.suggest_actors("United Nations", 10).unwrap();
    assert!(un.iter().any(|s| s.id == "UNDP"), "UNDP's name holds the words: {un:?}");
    assert!(store.suggest_actors("Atlantis", 5).unwrap().is_empty());
    assert!(store.suggest_actors("  ", 5).unwrap().is_empty());
}

/// A commitment goes with its merged event: an article stored again without its pledge leaves
/// no commitment behind, and a batch that deletes no merged event keeps every commitment.
#[test]
fn a_commitment_goes_when_its_article_is_stored_again_without_it() {
    let mut store = Store::open_in_memory().unwrap();
    let article = |id: &str, text: &str| Article {
        id: id.into(),
        published: Some("2025-03-03".into()),
        text: text.into(),
        ..Article::default()
    };
    let pledge = article("pledge", "Japan pledged to provide flood relief aid to Vietnam on March 2.");
    let other = article("other", "Laos and Cambodia signed an agreement on border trade on March 2.");
    let run = |store: &mut Store, list: Vec<Article>| {
        let report = ingest(store, list.into_iter().map(Ok::<_, String>), &code_article, quiet()).unwrap();
        assert!(!report.failed(), "{report}");
    };
    run(&mut store, vec![pledge.clone(), other]);
    let held = |store: &Store| commitments(store, CommitmentArgs::default()).len();
    assert_eq!(held(&store), 2);
    run(&mut store, vec![article("pledge", "Japan and Vietnam held talks in Hanoi on March 2.")]);
    assert_eq!(held(&store), 1, "the pledge went with its article");
}
