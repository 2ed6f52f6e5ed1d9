//! Every curated verb pattern carries an example sentence and the event it must yield; this
//! codes them all.

use dyad_core::{Article, Coder};

#[test]
fn every_verb_pattern_example_yields_its_event() {
    let coder = Coder::embedded().expect("lexicons load");
    let mut failures = Vec::new();
    let mut checked = 0;
    for pattern in coder.lexicon().patterns.iter().filter(|p| p.curated) {
        let (example, expected) = pattern.example.as_ref().expect("curated patterns carry an example");
        let want: Vec<&str> = expected.split_whitespace().collect();
        assert_eq!(want.len(), 3, "pattern {:?}: expected must be 'SOURCE TYPE TARGET'", pattern.text);
        let article = Article { id: "example".into(), text: example.clone(), ..Article::default() };
        let events = coder.code(&article);
        // A pattern of type NONE names a phrase that is no event: its example gives none.
        let found = (want == ["-", "NONE", "-"] && events.is_empty())
            || events.iter().any(|e| {
                // An actor stands for the state its CAMEO code begins with: "rebels" of Mozambique
                // (MOZREB) are MOZ, as the examples' codes write them.
                let is = |actor: &Option<dyad_core::Actor>, want: &str| match actor {
                    None => want == "-",
                    Some(a) => {
                        a.id == want || (dyad_core::actors::unlisted::in_no_list(a) && a.cameo.get(..3) == Some(want))
                    }
                };
                is(&e.source, want[0]) && e.event_type == want[1] && is(&e.target, want[2])
            });
        checked += 1;
        if !found {
            let got: Vec<String> = events
                .iter()
                .map(|e| {
                    let id = |a: &Option<dyad_core::Actor>| a.as_ref().map_or("-".to_string(), |a| a.id.clone());
                    format!("{} {} {} ({})", id(&e.source), e.event_type, id(&e.target), e.trigger_text)
                })
                .collect();
            failures.push(format!("{:?}: {example:?} should give {expected}, gave {got:?}", pattern.text));
        }
    }
    assert!(checked >= 100, "only {checked} curated patterns");
    assert!(failures.is_empty(), "{} of {checked} pattern examples fail:\n{}", failures.len(), failures.join("\n"));
}
