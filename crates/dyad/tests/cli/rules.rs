//! `dyad rules`: the table of rules with their examples, and whether they pass.

use std::process::Command;

/// Output of a `dyad` run whose standard output is text.
struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

fn dyad(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("dyad runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    Run { status: out.status.code(), stdout: text(out.stdout), stderr: text(out.stderr) }
}

#[test]
fn rules_lists_every_rule_with_its_examples_and_passes() {
    let run = dyad(&["rules", "--patterns"]);
    assert_eq!(run.status, Some(0), "{}\n{}", run.stdout, run.stderr);
    for rule in dyad_core::rules::RULES {
        assert!(run.stdout.lines().any(|l| l.starts_with(&format!("{}  (", rule.name))), "{} missing", rule.name);
    }
    assert!(run.stdout.contains("  ok   gives Vietnam SUPPORT Japan: \"Japan was praised by Vietnam on Monday.\""));
    assert!(run.stdout.contains("curated patterns (data/patterns.tsv): "), "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with(" examples, 0 fail"), "{}", run.stdout);
}

#[test]
fn rules_filters_by_name() {
    let run = dyad(&["rules", "role:passive"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let names: Vec<&str> = run.stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].starts_with("role:passive-agent  ("), "{names:?}");
}
