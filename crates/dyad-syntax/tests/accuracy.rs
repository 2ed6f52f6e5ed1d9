//! Accuracy of the embedded model on UD English-EWT test (gold tokens).
//!
//! Ignored by default because it reads the treebank outside the crate:
//! `cargo test --release -p dyad-syntax --test accuracy -- --ignored`
//! (`DYAD_UD_EWT` overrides `/work/shared/data/ud-ewt`).

use dyad_syntax::{evaluate, Model};

#[test]
#[ignore]
fn ewt_test_accuracy() {
    let dir = std::env::var("DYAD_UD_EWT").unwrap_or_else(|_| "/work/shared/data/ud-ewt".into());
    let text = std::fs::read_to_string(format!("{dir}/en_ewt-ud-test.conllu")).expect("EWT test set");
    let model = Model::embedded().expect("embedded model");
    let r = evaluate(&model, &text);
    eprintln!("{r:?}");
    assert_eq!(r.sentences, 2077);
    assert!(r.upos >= 0.95, "UPOS {}", r.upos);
    assert!(r.uas >= 0.86, "UAS {}", r.uas);
    assert!(r.las >= 0.82, "LAS {}", r.las);
    assert!(r.lemma >= 0.969, "lemma {}", r.lemma);
}
