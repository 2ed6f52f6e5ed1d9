//! The table of rules (`dyad_core::rules`): every example gives (or withholds) its event and the
//! rule leaves its name where it says; every curated pattern's example is coded by that pattern;
//! and every rule name the code can write is in the table.

use std::collections::BTreeSet;
use std::path::Path;

use dyad_core::rules::{check, check_patterns, RULES};
use dyad_core::Coder;

fn coder() -> &'static Coder {
    static CODER: std::sync::OnceLock<Coder> = std::sync::OnceLock::new();
    CODER.get_or_init(|| Coder::embedded().expect("lexicons load"))
}

#[test]
fn every_rule_example_gives_or_withholds_its_event() {
    let mut failures = Vec::new();
    for rule in RULES {
        assert!(!rule.examples.is_empty(), "{} has no example", rule.name);
        for example in rule.examples {
            let checked = check(coder(), rule, example);
            if !checked.pass {
                let (source, kind, target) = example.event;
                failures.push(format!(
                    "{}: {:?} should {}give {source} {kind} {target}; gave {:?}, dropped by {:?}",
                    rule.name,
                    example.text,
                    if example.gives { "" } else { "not " },
                    checked.got,
                    checked.dropped
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} examples fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_curated_pattern_example_is_coded_by_its_pattern() {
    let (failures, checked) = check_patterns(coder());
    assert!(checked >= 100, "only {checked} curated patterns");
    assert!(failures.is_empty(), "{} of {checked} pattern examples fail:\n{}", failures.len(), failures.join("\n"));
}

/// Rule names written in the code: string literals such as `"rule:negated"`.
fn names_in(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("the source folder reads") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            names_in(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("rules.rs") {
            let text = std::fs::read_to_string(&path).expect("a source file reads");
            for prefix in ["\"rule:", "\"role:", "\"filter:", "\"actor:"] {
                for (at, _) in text.match_indices(prefix) {
                    let rest = &text[at + 1..];
                    let end = rest.find('"').expect("a closed literal");
                    out.insert(rest[..end].to_string());
                }
            }
        }
    }
}

#[test]
fn every_rule_name_the_code_writes_is_in_the_table() {
    let mut written = BTreeSet::new();
    names_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut written);
    assert!(written.len() >= 20, "{written:?}");
    let listed: BTreeSet<String> = RULES.iter().map(|r| r.name.to_string()).collect();
    let missing: Vec<&String> = written.difference(&listed).collect();
    assert!(missing.is_empty(), "rules the code writes but the table lacks: {missing:?}");
    let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), RULES.len(), "a rule is listed twice");
}
