//! What a newcomer reads is what the program does (issue 18): the README's sample is what
//! `dyad code examples/` prints, every embedded data file is named in the licensing section,
//! every column dyad writes is documented, `dyad ingest` counts in words that match
//! `dyad events`, progress reaches a log file, and completions and man pages come from the
//! command line itself.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::common::{arg, scratch};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Runs `dyad ARGS...` with `env` set, to the end.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let out =
        Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).envs(env.iter().copied()).output().expect("dyad runs");
    assert!(out.status.success(), "dyad {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8")
}

fn examples() -> String {
    root().join("examples").to_str().expect("UTF-8 path").to_string()
}

#[test]
fn the_readme_sample_is_what_dyad_code_prints() {
    let readme = read("README.md");
    let start = readme.find("<!-- sample: dyad code examples/ -->").expect("README marks its sample");
    let block = &readme[start..readme[start..].find("<!-- /sample -->").expect("the sample ends") + start];
    let json = &block[block.find("```json").expect("a JSON block") + 7..block.rfind("```").expect("closed")];
    let sample: serde_json::Value = serde_json::from_str(json).expect("the sample is JSON");
    let printed = stdout(&run(&["code", &examples()], &[]));
    let events: Vec<serde_json::Value> = printed.lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    let same_report =
        |e: &&serde_json::Value| e["article_id"] == sample["article_id"] && e["trigger"] == sample["trigger"];
    let actual = events.iter().find(same_report).unwrap_or_else(|| {
        panic!(
            "dyad code examples/ prints no event at the sample's trigger {}; it prints:\n{printed}",
            sample["trigger"]
        )
    });
    assert_eq!(
        actual,
        &sample,
        "README's sample differs from what dyad prints; replace it with:\n{}",
        serde_json::to_string_pretty(actual).unwrap()
    );
}

/// The files the crates embed in the binary (`include_str!`, `include_bytes!` outside test
/// fixtures), as paths from the root.
fn embedded_files() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut sources = Vec::new();
    for krate in std::fs::read_dir(root().join("crates")).expect("crates").flatten() {
        if krate.path().join("src").is_dir() {
            walk(&krate.path().join("src"), &mut sources);
        }
    }
    let mut files = BTreeSet::new();
    for source in sources {
        let text = std::fs::read_to_string(&source).expect("source");
        for (at, _) in text.match_indices("include_") {
            let call = &text[at..];
            if !(call.starts_with("include_str!(") || call.starts_with("include_bytes!(")) {
                continue;
            }
            // The call up to its closing parenthesis.
            let mut depth = 0;
            let end = call
                .char_indices()
                .find(|&(_, c)| {
                    depth += i32::from(c == '(') - i32::from(c == ')');
                    c == ')' && depth == 0
                })
                .map_or(call.len(), |(i, _)| i);
            let call = &call[..end];
            let Some(literal) = call.rsplit('"').nth(1) else { continue };
            // Unit tests' fixtures are compiled into tests only, not into the binary.
            if literal.contains("tests/") {
                continue;
            }
            let base = if call.contains("CARGO_MANIFEST_DIR") {
                source.ancestors().find(|d| d.join("Cargo.toml").is_file()).expect("crate").to_path_buf()
            } else {
                source.parent().expect("folder").to_path_buf()
            };
            let path = base.join(literal.trim_start_matches('/'));
            let path = path.canonicalize().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let root = root().canonicalize().expect("root");
            files.insert(path.strip_prefix(&root).expect("inside the repository").to_string_lossy().into_owned());
        }
    }
    files
}

#[test]
fn the_licence_section_names_every_embedded_file() {
    let readme = read("README.md");
    let start = readme.find("## Licence").expect("README has a licensing section");
    let section = &readme[start..readme[start + 3..].find("\n## ").map_or(readme.len(), |end| end + start + 3)];
    let files = embedded_files();
    assert!(files.len() >= 15, "the embedded files were not found: {files:?}");
    let unnamed: Vec<&String> = files
        .iter()
        .filter(|f| {
            let folder = f.rsplit_once('/').map_or("", |(d, _)| d);
            !section.contains(&format!("`{f}`")) && !section.contains(&format!("`{folder}/*`"))
        })
        .collect();
    assert!(unnamed.is_empty(), "README's Licence section names no licence for {unnamed:?}");
    assert!(read("LICENSE").starts_with("MIT License"));
    assert!(read("data/LICENSE-CC-BY-SA-4.0.txt").starts_with("Attribution-ShareAlike 4.0 International"));
}

/// The header of a CSV output.
fn header(csv: &str) -> Vec<String> {
    csv.lines().next().unwrap_or_default().split(',').map(str::to_string).collect()
}

/// The header of a table output: its columns are separated by two spaces or more.
fn table_header(table: &str) -> Vec<String> {
    let line = table.lines().next().unwrap_or_default();
    line.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
}

/// JSON keys of `value`, with those of its objects (not of lists' items).
fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    if let Some(object) = value.as_object() {
        for (key, inner) in object {
            out.insert(key.clone());
            // `by_type` is keyed by event type, not by field.
            if key != "by_type" {
                keys(inner, out);
            }
        }
    }
}

#[test]
fn every_column_of_every_output_is_documented() {
    let docs = read("docs/OUTPUT.md");
    let dir = scratch("readme-columns");
    let db = dir.join("dyad.db");
    run(&["ingest", &examples(), "--db", arg(&db), "--quiet"], &[]);
    let mut columns: BTreeSet<String> = BTreeSet::new();
    let mut json = BTreeSet::new();
    for line in stdout(&run(&["code", &examples()], &[])).lines() {
        keys(&serde_json::from_str(line).expect("JSON"), &mut json);
    }
    assert!(json.contains("trigger_text") && json.contains("how"), "{json:?}");
    columns.extend(json);
    for command in ["events", "actors", "dyads", "commitments"] {
        for format in ["csv", "table"] {
            let out = stdout(&run(&[command, "--db", arg(&db), "--format", format], &[]));
            assert!(!out.is_empty(), "dyad {command} --format {format} printed nothing");
            columns.extend(if format == "csv" { header(&out) } else { table_header(&out) });
        }
        let out = stdout(&run(&[command, "--db", arg(&db), "--format", "jsonl"], &[]));
        for line in out.lines() {
            let mut found = BTreeSet::new();
            keys(&serde_json::from_str(line).expect("JSON"), &mut found);
            columns.extend(found);
        }
    }
    let parquet = dir.join("events.csv");
    run(&["export", "--db", arg(&db), "--format", "csv", "--out", arg(&parquet)], &[]);
    columns.extend(header(&std::fs::read_to_string(&parquet).expect("export")));
    let undocumented: Vec<&String> =
        columns.iter().filter(|c| !docs.contains(&format!("`{c}`")) && !docs.contains(&format!("\"{c}\""))).collect();
    assert!(undocumented.is_empty(), "docs/OUTPUT.md does not describe {undocumented:?}");
    assert!(!columns.contains("day"), "no column of the CLI's outputs mixes event and publication dates");
}

#[test]
fn ingest_counts_reports_and_events_as_dyad_events_lists_them() {
    let dir = scratch("readme-counts");
    let db = dir.join("dyad.db");
    let said = stderr(&run(&["ingest", &examples(), "--db", arg(&db), "--quiet"], &[]));
    // "the store holds 27 reports of 20 events: 7 merged as the same event as an earlier ..."
    let line = said.lines().find(|l| l.starts_with("the store holds ")).unwrap_or_else(|| panic!("{said}"));
    let words: Vec<&str> = line.split([' ', ':']).collect();
    let number = |at: usize| words[at].parse::<usize>().unwrap_or_else(|_| panic!("{line}"));
    let (reports, events, merged) = (number(3), number(6), number(9));
    assert_eq!(reports, events + merged, "{line}");
    assert!(merged > 0, "the examples hold an event reported twice: {line}");
    let listed = stdout(&run(&["events", "--db", arg(&db), "--format", "jsonl"], &[]));
    assert_eq!(listed.lines().count(), events, "`dyad events` lists what ingest said: {line}");
    let mut reports_listed = 0;
    for event in listed.lines() {
        let event: serde_json::Value = serde_json::from_str(event).expect("JSON");
        let sources = event["sources"].as_array().expect("sources");
        reports_listed += sources.len();
        let articles: BTreeSet<&str> = sources.iter().map(|s| s["article_id"].as_str().expect("id")).collect();
        assert_eq!(event["source_count"].as_u64(), Some(articles.len() as u64), "{event}");
        let confidence = event["confidence"].as_f64().expect("confidence");
        assert_eq!((confidence * 100.0).round() / 100.0, confidence, "two decimals: {event}");
    }
    assert_eq!(reports_listed, reports, "{line}");
    // Ingesting again says plainly that nothing changed.
    let again = stderr(&run(&["ingest", &examples(), "--db", arg(&db), "--quiet"], &[]));
    assert!(
        again.contains("0 new, 4 stored before (4 unchanged and kept as they were, 0 changed and replaced)"),
        "{again}"
    );
}

#[test]
fn progress_reaches_a_log_file_and_quiet_silences_it() {
    let out = run(&["code", &examples()], &[("DYAD_PROGRESS_SECONDS", "0")]);
    let lines: Vec<String> =
        stderr(&out).lines().filter(|l| l.starts_with("dyad: coded ")).map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "one line per article at an interval of 0 s: {lines:?}");
    assert!(lines[0].starts_with("dyad: coded 1 of ~") && lines[0].contains("articles ("), "{}", lines[0]);
    assert!(lines[3].starts_with("dyad: coded 4 of ~4 articles (100%)"), "{}", lines[3]);
    let quiet = run(&["code", &examples(), "--quiet"], &[("DYAD_PROGRESS_SECONDS", "0")]);
    assert!(!stderr(&quiet).contains("dyad: coded "), "{}", stderr(&quiet));
}

#[test]
fn completions_and_man_pages_come_from_the_command_line() {
    let bash = stdout(&run(&["completions", "bash"], &[]));
    for command in ["code", "ingest", "events", "export", "completions", "man"] {
        assert!(bash.contains(command), "bash completions lack {command}");
    }
    assert!(bash.contains("--max-article-mb"));
    let zsh = stdout(&run(&["completions", "zsh"], &[]));
    assert!(zsh.starts_with("#compdef dyad"), "{}", &zsh[..zsh.len().min(80)]);
    let man = stdout(&run(&["man"], &[]));
    assert!(man.contains(".TH dyad") && man.contains("ingest"), "{}", &man[..man.len().min(200)]);
    let dir = scratch("readme-man");
    run(&["man", "--dir", arg(&dir)], &[]);
    let page = std::fs::read_to_string(dir.join("dyad-code.1")).expect("a page per command");
    assert!(page.contains("quiet"), "{page}");
}
