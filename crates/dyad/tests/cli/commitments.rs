//! `dyad commitments` on the Vietnam–UN fixture (issue 15): a memorandum told in a headline
//! and in the body keeps the body's period, "what" is written as in the sentence, and the
//! ledger is filtered by kind, dates, holder and counterpart.

use std::path::Path;
use std::process::Command;

use super::common::{arg, scratch};

/// Runs `dyad ARGS...` and returns its standard output, asserting success.
fn dyad(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).output().expect("dyad runs");
    assert!(out.status.success(), "dyad {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn store() -> std::path::PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dyad-store/tests/fixtures/vn-un.jsonl");
    let db = scratch("commitments").join("dyad.db");
    dyad(&["ingest", arg(&fixture), "--db", arg(&db), "--quiet"]);
    db
}

fn jsonl(out: &str) -> Vec<serde_json::Value> {
    out.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect()
}

#[test]
fn regression_the_memorandum_is_listed_with_its_period() {
    let db = store();
    let list = |extra: &[&str]| {
        let mut args = vec!["commitments", "--db", arg(&db)];
        args.extend_from_slice(extra);
        dyad(&args)
    };
    let found = jsonl(&list(&["--kind", "agreement", "--since", "2024", "--format", "jsonl"]));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["period"]["start"], "2024");
    assert_eq!(found[0]["period"]["end"], "2029");
    assert_eq!(
        found[0]["what"],
        "a memorandum of understanding on cooperation for 2024 - 2029 in Vientiane on May 8, 2024"
    );
    let table = list(&["--kind", "agreement", "--format", "table"]);
    assert!(table.contains("2024..2029") && table.contains("2023..2027"), "{table}");
    let asked =
        jsonl(&list(&["--holder", "Vietnam", "--counterpart", "UN", "--until", "2023-12", "--format", "jsonl"]));
    assert!(!asked.is_empty());
    for c in &asked {
        assert_eq!((c["holder"]["id"].as_str(), c["counterpart"]["id"].as_str()), (Some("VNM"), Some("UN")), "{c}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["commitments", "--db", arg(&db), "--since", "2024-13"])
        .output()
        .expect("dyad runs");
    assert_eq!(out.status.code(), Some(2), "a bad date is a usage error");
}
