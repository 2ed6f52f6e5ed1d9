//! Issue 6: an ingest killed with SIGKILL at any moment leaves a database that passes
//! `PRAGMA integrity_check`, and running the same ingest again ends with exactly what one
//! clean run stores.
//!
//! A clean run of a generated corpus into a fresh store gives the reference and its duration
//! T. Then the same ingest is started again and again on a second store and killed at
//! staggered moments from the first milliseconds (creating the schema) to the end of the run
//! (expiring commitments, ANALYZE); after each kill the file must be sound. A last run to
//! completion must then leave the second store holding exactly what the clean one holds.

#[path = "common/store.rs"]
mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{arg, assert_sound, count, diff, dump, scratch, DYAD};

const ARTICLES: usize = 240;

fn ingest_command(corpus: &std::path::Path, db: &std::path::Path, batch: &str) -> Command {
    let mut command = Command::new(DYAD);
    command
        .args(["ingest", "-q", "--batch", batch, "--db", arg(db), arg(corpus)])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn ingest_to_end(corpus: &std::path::Path, db: &std::path::Path, batch: &str) -> Duration {
    let started = Instant::now();
    let out = ingest_command(corpus, db, batch).output().expect("dyad starts");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "ingest failed ({:?}):\n{err}", out.status);
    assert!(err.contains(&format!("{ARTICLES} articles")), "{err}");
    started.elapsed()
}

/// Kills `dyad ingest` at staggered moments on one store, checking it after each kill, then
/// runs it to the end and compares with a clean run.
#[test]
fn sigkill_at_any_moment_leaves_a_sound_store_and_a_rerun_stores_what_one_clean_run_does() {
    let dir = scratch("sigkill");
    let corpus = dir.join("corpus.jsonl");
    std::fs::write(&corpus, common::corpus(ARTICLES)).unwrap();

    let clean = dir.join("clean.db");
    let took = ingest_to_end(&corpus, &clean, "16");
    assert_sound(&clean);
    let expected = dump(&clean);
    let sql = |q: &str| -> i64 { rusqlite::Connection::open(&clean).unwrap().query_row(q, [], |r| r.get(0)).unwrap() };
    for (what, q) in [
        ("near-duplicate links", "SELECT count(*) FROM article_links"),
        ("merged events", "SELECT count(*) FROM merged_events WHERE source_count > 1"),
        ("followed-up commitments", "SELECT count(*) FROM commitments WHERE status = 'followed_up'"),
        ("expired commitments", "SELECT count(*) FROM commitments WHERE status = 'expired'"),
    ] {
        assert!(sql(q) > 0, "the corpus gives no {what}");
    }

    // Each run starts from the beginning of the corpus (recoding what is stored), so kills at
    // growing moments reach further each time: the first milliseconds (creating the file and
    // the schema, loading the coder), then fractions of a clean run's duration up to the
    // last batches, expiring commitments and ANALYZE. Batch sizes vary: one article per
    // transaction makes commits, and so kills during them, frequent.
    let crashed = dir.join("crashed.db");
    let mut kills: Vec<(Duration, &str)> =
        vec![(Duration::ZERO, "16"), (Duration::from_millis(15), "16"), (Duration::from_millis(60), "1")];
    for (fraction, batch) in
        [(0.15, "16"), (0.3, "1"), (0.45, "64"), (0.6, "1"), (0.75, "16"), (0.9, "1"), (0.97, "16"), (1.0, "16")]
    {
        kills.push((took.mul_f64(fraction), batch));
    }
    let mut interrupted = 0;
    let mut stored = Vec::new();
    for (delay, batch) in kills {
        let mut child = ingest_command(&corpus, &crashed, batch).spawn().expect("dyad starts");
        std::thread::sleep(delay);
        let ran_to_end = child.try_wait().expect("wait for dyad").is_some();
        if !ran_to_end {
            child.kill().expect("SIGKILL"); // std sends SIGKILL on Unix
            interrupted += 1;
        }
        let status = child.wait().expect("wait for dyad");
        if ran_to_end {
            assert!(status.success(), "ingest failed: {status:?}");
        }
        if crashed.exists() {
            assert_sound(&crashed);
        }
        stored.push(count(&crashed, "articles"));
    }
    eprintln!("clean run {took:?}; articles stored after each kill: {stored:?}");
    assert!(interrupted >= 5, "only {interrupted} kills interrupted a run");

    ingest_to_end(&corpus, &crashed, "16");
    assert_sound(&crashed);
    let got = dump(&crashed);
    assert!(
        got == expected,
        "after the kills and a complete run the store differs from a clean run:\n{}",
        diff(&expected, &got)
    );

    // And a finished ingest run again changes nothing.
    ingest_to_end(&corpus, &clean, "16");
    let again = dump(&clean);
    assert!(again == expected, "running a finished ingest again changed the store:\n{}", diff(&expected, &again));
}
