//! Actors beyond the gazetteer (`actors::unlisted`) and the role rules that keep named actors
//! first: each row is a sentence written for this test, an article of its own, and the
//! (source text, type, target text) it must give — or a triple it must not give.

use dyad_core::{Article, Coder, Event};

fn code(text: &str) -> Vec<Event> {
    static CODER: std::sync::OnceLock<Coder> = std::sync::OnceLock::new();
    let coder = CODER.get_or_init(|| Coder::embedded().expect("lexicons load"));
    coder.code(&Article { id: "t".into(), text: text.into(), ..Article::default() })
}

/// (source text, type, target text) of each event; "-" for no target.
fn triples(events: &[Event]) -> Vec<(String, String, String)> {
    let text = |a: &Option<dyad_core::Actor>| a.as_ref().map_or("-".to_string(), |a| a.text.clone());
    events.iter().map(|e| (text(&e.source), e.event_type.clone(), text(&e.target))).collect()
}

/// (source text, type, target text) as written in a row.
type Triple = (&'static str, &'static str, &'static str);

/// The rule each row tests, the sentence, and the triple it must (`true`) or must not give.
const ROWS: &[(&str, &str, Triple, bool)] = &[
    // A joined actor with a verb of its own is the subject of the next clause, no target.
    (
        "role:conjunct-opens-clause",
        "Police in Accra arrested 30 protesters, and the government did not condemn the raid.",
        ("Police in Accra", "COERCE", "protesters"),
        true,
    ),
    (
        "role:conjunct-opens-clause",
        "Police in Accra arrested 30 protesters, and the government did not condemn the raid.",
        ("Police in Accra", "COERCE", "government"),
        false,
    ),
    ("actor:noun-phrase", "The Dubai Ruler praised the efforts of Kenya.", ("Dubai Ruler", "SUPPORT", "Kenya"), true),
    (
        "actor:noun-phrase",
        "A female guerrilla commander surrendered to Peruvian troops.",
        ("female guerrilla commander", "RETREAT", "Peruvian troops"),
        true,
    ),
    // A thing that "demonstrates" is no protester.
    (
        "actor:noun-phrase",
        "The gift demonstrates the friendship between Laos and Vietnam.",
        ("gift", "PROTEST", "-"),
        false,
    ),
    // An actor inside the phrase acts, not the group it is counted in.
    (
        "actor:noun-phrase",
        "A group of Chilean diplomats met President Lula in Brasilia.",
        ("group", "CONSULT", "President Lula"),
        false,
    ),
    (
        "actor:noun-phrase",
        "A group of Chilean diplomats met President Lula in Brasilia.",
        ("Chilean diplomats", "CONSULT", "President Lula"),
        true,
    ),
    // What struck is no actor: the state of the place stands for it.
    (
        "actor:noun-phrase",
        "A roadside bombing near Mosul killed three Iraqi soldiers.",
        ("roadside bombing", "ASSAULT", "Iraqi soldiers"),
        false,
    ),
    ("role:stands-without-target", "Norway agreed to accept 500 refugees.", ("Norway", "AGREE", "-"), true),
    (
        "role:stands-without-target",
        "The Kenyan government is ready to host the next round.",
        ("Kenyan government", "AGREE", "-"),
        true,
    ),
    (
        "role:stands-without-target",
        "The opposition party rejected the budget plan on Friday.",
        ("opposition party", "REJECT", "-"),
        true,
    ),
    // Negated: nothing was agreed.
    ("role:stands-without-target", "Norway did not agree to the plan.", ("Norway", "AGREE", "-"), false),
    // Praise needs someone praised.
    ("role:stands-without-target", "Chile welcomed the decision.", ("Chile", "SUPPORT", "-"), false),
    ("actor:agent-noun", "Police arrested two protesters in the capital.", ("Police", "COERCE", "protesters"), true),
    (
        "actor:agent-noun",
        "The Supreme Court rejected the appeal of the Nordland governor.",
        ("Supreme Court", "REJECT", "Nordland governor"),
        false,
    ),
    (
        "actor:unlisted-name",
        "Acme Mining sued the Nordland Post over the report.",
        ("Acme Mining", "ACCUSE", "Nordland Post"),
        true,
    ),
    (
        "actor:unlisted-name",
        "Greenfield Dockers filed a lawsuit against Acme Mining on Monday.",
        ("Greenfield Dockers", "ACCUSE", "Acme Mining"),
        true,
    ),
    (
        "role:prefer-named",
        "Germany sent troops and engineers to Mali last week.",
        ("Germany", "AID", "troops and engineers"),
        false,
    ),
    (
        "role:people-not-partners",
        "The Finnish embassy praised the students of the village school.",
        ("Finnish embassy", "SUPPORT", "students"),
        false,
    ),
    (
        "role:unlisted-object-near",
        "Chile said it was ready to send doctors to the flooded region.",
        ("Chile", "AGREE", "doctors"),
        false,
    ),
    (
        "event:persons-of-no-list",
        "Senator Maria Lopez criticised the Nordland Post on Friday.",
        ("Senator Maria Lopez", "ACCUSE", "Nordland Post"),
        true,
    ),
    (
        "actor:unlisted-name",
        "Dockers stopped work on Dec. 10 to protest against Acme Mining.",
        ("Dockers", "PROTEST", "Dec."),
        false,
    ),
    (
        "actor:place-not-actor",
        "Rebels attacked a convoy near Kandorra on Sunday.",
        ("Kandorra", "ASSAULT", "convoy"),
        false,
    ),
];

#[test]
fn every_row_gives_or_withholds_its_event() {
    let mut failures = Vec::new();
    for (rule, sentence, (source, kind, target), wanted) in ROWS {
        let got = triples(&code(sentence));
        let found = got.iter().any(|(s, k, t)| s == source && k == kind && t == target);
        if found != *wanted {
            failures.push(format!(
                "{rule}: {sentence:?} gave {got:?}, wanted {} ({source}, {kind}, {target})",
                if *wanted { "" } else { "no" }
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_agent_noun_takes_the_state_the_sentence_names() {
    let events = code("Egyptian police arrested the demonstrators outside the stadium.");
    let target = events
        .iter()
        .find_map(|e| e.target.as_ref().filter(|t| t.text == "demonstrators"))
        .expect("the demonstrators are the target");
    assert_eq!(target.country.as_deref(), Some("EGY"));
    assert!(target.cameo.starts_with("EGY"), "{}", target.cameo);
    // With no state named, CAMEO's code for a sector of no known state.
    let events = code("Police arrested two protesters in the capital.");
    let source = events[0].source.as_ref().expect("a source");
    assert_eq!((source.id.as_str(), source.cameo.as_str(), source.country.as_deref()), ("police", "---COP", None));
}

#[test]
fn a_name_of_a_title_case_headline_is_no_actor() {
    let text = "Acme Mining Sues Nordland Post Over Report\n\nThe court will hear the case next month.";
    let events = code(text);
    assert!(
        events.iter().all(|e| e.source.as_ref().is_none_or(|s| s.text != "Acme Mining Sues Nordland Post")),
        "{:?}",
        triples(&events)
    );
}

#[test]
fn a_titled_person_of_no_list_takes_the_state_the_sentence_names() {
    let events = code("In Madrid, Senator Maria Lopez criticised the Nordland Post.");
    let source = events
        .iter()
        .find_map(|e| e.source.as_ref().filter(|s| s.person.as_deref() == Some("Maria Lopez")))
        .expect("the senator acts");
    assert_eq!((source.country.as_deref(), source.cameo.as_str()), (Some("ESP"), "ESPLEG"), "{source:?}");
}
