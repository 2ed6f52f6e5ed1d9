//! Prints, for each sentence of a text file, the actors and verb patterns found: a tool for
//! working on the lexicons. `cargo run --example explain -- FILE`
use dyad_core::actors::{Memory, Recognizer};
use dyad_core::events::find_triggers;
use dyad_core::{clean::clean, sentences, Lexicon};

fn main() {
    let path = std::env::args().nth(1).expect("usage: explain FILE");
    let text = std::fs::read_to_string(path).expect("readable file");
    let lexicon = Lexicon::embedded().expect("lexicons");
    let recognizer = Recognizer::new(&lexicon);
    let mut memory = Memory::default();
    let cleaned = clean(&text);
    let mut counts = std::collections::HashMap::new();
    for sentence in sentences::split(&text, &cleaned.blocks) {
        recognizer.count_states(&recognizer.find(&text, &sentences::tokenize(&text, sentence.span)), &mut counts);
    }
    memory.home = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(iso3, _)| iso3);
    for sentence in sentences::split(&text, &cleaned.blocks) {
        let tokens = sentences::tokenize(&text, sentence.span);
        println!("# {}", sentence.span.slice(&text));
        let found = recognizer.recognize(&text, &tokens, &recognizer.find(&text, &tokens), &mut memory);
        for m in &found.mentions {
            println!("  actor {}..{} {} ({:?}) {:?}", m.start, m.end, m.actor.id, m.how, m.actor.text);
        }
        let mut after_actor = vec![false; tokens.len()];
        for m in &found.mentions {
            if let Some(slot) = after_actor.get_mut(m.end) {
                *slot = true;
            }
        }
        for t in find_triggers(&lexicon, &tokens, &after_actor, None) {
            let p = &lexicon.patterns[t.pattern];
            println!("  verb {}..{} {} {} {:?} score {}", t.start, t.end, p.event_type, p.cameo, p.text, t.score);
        }
    }
}
