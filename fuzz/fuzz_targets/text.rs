//! The text stages: cleaning, sentence splitting, tokenising and coding of any text, with every
//! span inside the text and every event's span slicing to its sentence.
#![no_main]

use std::sync::OnceLock;

use dyad_core::clean::clean;
use dyad_core::sentences::{split, tokenize};
use dyad_core::{Article, Coder};
use libfuzzer_sys::fuzz_target;

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| Coder::embedded().expect("embedded lexicons load"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cleaned = clean(text);
    for sentence in split(text, &cleaned.blocks) {
        assert!(text.get(sentence.span.start..sentence.span.end).is_some());
        for token in tokenize(text, sentence.span) {
            assert!(sentence.span.contains(&token.span));
        }
    }
    let article = Article {
        id: "f".into(),
        published: Some("2023-01-17".into()),
        text: text.to_string(),
        ..Article::default()
    };
    let chars: Vec<char> = text.chars().collect();
    for event in coder().code(&article) {
        let (start, end) = (event.span.start, event.span.end);
        assert!(start <= end && end <= chars.len());
        assert_eq!(chars[start..end].iter().collect::<String>(), event.sentence);
    }
});
