//! `dyad events --person` on an article of a visit (issue 15): a surname or a name without its
//! accents gives the events that name the person, on either side.

use std::path::Path;
use std::process::Command;

use super::common::{arg, scratch};

fn dyad(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("dyad runs");
    assert!(out.status.success(), "dyad {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn events_naming_a_person_as_typed() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dyad-store/tests/fixtures/persons.jsonl");
    let db = scratch("persons").join("dyad.db");
    dyad(&["ingest", arg(&fixture), "--db", arg(&db), "--quiet"]);
    let events = |person: &str| -> Vec<serde_json::Value> {
        let out = dyad(&["events", "--db", arg(&db), "--person", person, "--format", "jsonl"]);
        out.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect()
    };
    let lacroix = events("lacroix");
    // The arrival (with the headline, one event), the meeting, the thanks and the request.
    assert_eq!(lacroix.len(), 4, "{lacroix:#?}");
    assert_eq!(events("Jean-Pierre Lacroix"), lacroix);
    let phuc = events("Nguyen Xuan Phuc");
    assert_eq!(phuc.len(), 2, "{phuc:#?}");
    for e in &phuc {
        let named = |side: &str| e[side]["person"] == "Nguyễn Xuân Phúc";
        assert!(named("source") || named("target"), "{e}");
    }
    assert!(events("Atlantis").is_empty());
}
