//! `dyad explain` and standard input: why each event is there, from what the coder did.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `dyad ARGS...` with `input` on standard input: (status, stdout, stderr).
pub fn dyad_with_input(args: &[&str], input: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dyad starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_string();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().expect("dyad ends");
    writer.join().expect("input written");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (out.status.code(), text(out.stdout), text(out.stderr))
}

#[test]
fn explain_shows_tokens_actors_triggers_and_each_event_with_its_rule() {
    let text = "Canada praised Chile on Friday.\n\nPolice in Lyon detained 12 strikers, and the mayor did not criticise the operation.";
    let (status, out, err) = dyad_with_input(&["explain", "-"], text);
    assert_eq!(status, Some(0), "{err}");
    // Every sentence, with its character span.
    assert!(out.contains("sentence 0 (headline) chars 0..31: Canada praised Chile on Friday."), "{out}");
    // Tokens with their tags and heads.
    assert!(out.contains("0 Canada PROPN 1:nsubj"), "{out}");
    // Actors and how each was found.
    assert!(out.contains("actor   0..1 \"Canada\" -> CAN (how gazetteer)"), "{out}");
    assert!(out.contains("\"Police\" -> FRACOP (id police, how agent-noun)"), "{out}");
    // Triggers with their patterns, events kept with the rule that fired.
    assert!(out.contains("trigger 1..2 \"praised\" SUPPORT 051 (pattern:curated:"), "{out}");
    assert!(
        out.lines().any(|l| l.contains("event   SUPPORT 051 CAN") && l.contains("-> CHL") && l.ends_with("kept")),
        "{out}"
    );
    // A negated verb is dropped, and the rule says so.
    assert!(out.lines().any(|l| l.starts_with("  dropped \"criticise\"") && l.ends_with("by rule:negated")), "{out}");
}

#[test]
fn explain_agrees_with_code_on_every_event() {
    let text =
        "Germany signed a trade agreement with Kenya on 3 March 2024. The two sides also held talks on security.";
    let (_, events, _) = dyad_with_input(&["code", "-"], text);
    let (_, explained, _) = dyad_with_input(&["explain", "-"], text);
    let coded = events.lines().count();
    let kept = explained.lines().filter(|l| l.starts_with("  event ") && l.ends_with(": kept")).count();
    assert!(coded > 0);
    assert_eq!(coded, kept, "code:\n{events}\nexplain:\n{explained}");
}

#[test]
fn standard_input_is_read_as_json_lines_or_as_one_text() {
    let lines = "{\"id\":\"n1\",\"text\":\"Norway criticised Peru.\"}\n{broken\n{\"id\":\"n2\",\"text\":\"Peru thanked Norway.\"}\n";
    let (status, out, err) = dyad_with_input(&["code", "-"], lines);
    let ids: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["article_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["n1", "n2"]);
    // A bad line is named by its line and makes the exit code say so.
    assert!(err.contains("dyad: skipped <stdin>:2: not a JSON article"), "{err}");
    assert_eq!(status, Some(1));

    let (status, out, _) = dyad_with_input(&["code", "-"], "  Norway criticised Peru on Monday.");
    assert_eq!(status, Some(0));
    let event: serde_json::Value = serde_json::from_str(out.lines().next().expect("an event")).unwrap();
    assert_eq!(event["article_id"], "stdin");
    assert_eq!(event["event_type"], "ACCUSE");

    let (status, out, err) = dyad_with_input(&["code", "-"], " \n ");
    assert_eq!((status, out.as_str()), (Some(0), ""));
    assert!(err.contains("dyad: skipped standard input: empty input"), "{err}");
}
