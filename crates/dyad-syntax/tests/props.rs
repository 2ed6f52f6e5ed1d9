//! Property tests: nothing panics on arbitrary input.
//!
//! Uses a model trained on the in-crate fixture (no access to /work/shared)
//! and, when present, the embedded model.

use dyad_syntax::train::{train_model, TrainOptions};
use dyad_syntax::{read_conllu, sentences, to_conllu, tokenize, Model};
use proptest::prelude::*;
use std::sync::OnceLock;

fn models() -> &'static Vec<Model> {
    static M: OnceLock<Vec<Model>> = OnceLock::new();
    M.get_or_init(|| {
        let sents = read_conllu(include_str!("fixtures/tiny.conllu"));
        let mut v = vec![train_model(&sents, &TrainOptions::tiny(), |_| {}).0];
        if let Ok(m) = Model::embedded() {
            v.push(m);
        }
        v
    })
}

fn check(words: &[&str]) {
    for m in models() {
        let out = m.parse(words);
        assert_eq!(out.len(), words.len());
        if !words.is_empty() {
            assert_eq!(out.iter().filter(|t| t.head == 0).count(), 1);
        }
        for (i, t) in out.iter().enumerate() {
            assert!(t.head <= words.len());
            assert_ne!(t.head, i + 1, "self loop");
            assert_eq!(t.form, words[i]);
        }
        // Acyclic: following heads from any word reaches the root.
        for i in 1..=out.len() {
            let mut k = i;
            for _ in 0..=out.len() {
                if k == 0 {
                    break;
                }
                k = out[k - 1].head;
            }
            assert_eq!(k, 0, "cycle through word {i}");
        }
        // Tagging first and parsing later gives the same analysis.
        let tags = m.tag(words);
        assert_eq!(tags.upos().collect::<Vec<_>>(), out.iter().map(|t| t.upos.as_str()).collect::<Vec<_>>());
        assert_eq!(m.parse_tagged(words, &tags), out);
        let arcs: Vec<(usize, &str)> = out.iter().map(|t| (t.head, t.deprel.as_str())).collect();
        assert_eq!(m.arcs(words, &tags), arcs);
        let text = to_conllu(&[out]);
        assert_eq!(read_conllu(&text).len(), usize::from(!words.is_empty()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn tokenize_and_parse_arbitrary_text(text in any::<String>()) {
        let spans = tokenize(&text);
        let mut last = 0;
        for &(a, b) in &spans {
            prop_assert!(a < b && b <= text.len() && a >= last);
            prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            prop_assert!(!text[a..b].chars().any(char::is_whitespace));
            last = b;
        }
        let words: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
        check(&words);
        let n: usize = sentences(&text).iter().map(|s| s.len()).sum();
        prop_assert_eq!(n, spans.len());
    }

    #[test]
    fn tokenize_english_like_text(text in "[A-Za-z0-9 .,'’\"()$%/:;!?-]{0,80}") {
        let spans = tokenize(&text);
        let words: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
        check(&words);
    }

    #[test]
    fn parse_arbitrary_word_lists(words in proptest::collection::vec(any::<String>(), 0..40)) {
        let w: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
        check(&w);
    }
}

#[test]
fn empty_and_long_sentences() {
    check(&[]);
    check(&[""]);
    let base = ["The", "army", "said", "on", "Monday", "that", "rebels", "attacked", "a", "base", ",", "and"];
    let words: Vec<&str> = (0..500).map(|i| base[i % base.len()]).collect();
    let t = std::time::Instant::now();
    check(&words);
    assert!(t.elapsed().as_secs() < 10);
}
