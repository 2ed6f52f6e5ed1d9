//! Actors beyond the gazetteer (`actors::unlisted`): the state and codes they take. The rules'
//! own examples are in the table of `dyad_core::rules` (tests/rules.rs).

use dyad_core::{Article, Coder, Event};

fn code(text: &str) -> Vec<Event> {
    static CODER: std::sync::OnceLock<Coder> = std::sync::OnceLock::new();
    let coder = CODER.get_or_init(|| Coder::embedded().expect("lexicons load"));
    coder.code(&Article { id: "t".into(), text: text.into(), ..Article::default() })
}

/// (source text, type, target text) of each event; "-" for no target.
fn triples(events: &[Event]) -> Vec<(String, String, String)> {
    let text = |a: &Option<dyad_core::Actor>| a.as_ref().map_or("-".to_string(), |a| a.text.clone());
    events.iter().map(|e| (text(&e.source), e.event_type.to_string(), text(&e.target))).collect()
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
