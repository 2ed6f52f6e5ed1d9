//! A reader that stops early (`dyad code ... | head -1`) is not an error.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../eval");
    // Well over a pipe's buffer of output, so that writing meets the closed pipe.
    let inputs = [format!("{root}/wire-a/articles.jsonl"), format!("{root}/wire-b/articles.jsonl")];
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["code", "--threads", "1"])
        .args(&inputs)
        .args(&inputs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dyad runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("one line");
    assert!(first.starts_with('{'), "{first}");
    // The reader is gone; dyad meets the closed pipe on its next writes.
    let out = child.wait_with_output().expect("dyad ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "status {:?}: {stderr}", out.status);
    assert!(!stderr.contains("error"), "{stderr}");
}
