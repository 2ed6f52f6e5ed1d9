//! Shared by the store robustness tests: a generated corpus, a canonical dump of a store, and
//! the soundness checks of a SQLite file.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rusqlite::{Connection, OpenFlags};

/// The built binary.
pub const DYAD: &str = env!("CARGO_BIN_EXE_dyad");

/// An empty folder of its own for one test, under the cargo target's scratch folder.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dyad-store-faults").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Runs `dyad ARGS...` to the end.
pub fn run(args: &[&str]) -> Output {
    Command::new(DYAD).args(args).stdin(Stdio::null()).output().expect("dyad starts")
}

/// Standard error of a run, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts that a run ended by itself without a panic.
pub fn assert_no_panic(out: &Output) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "dyad panicked:\n{err}");
    assert!(out.status.code().is_some_and(|c| c != 101), "dyad crashed ({:?}):\n{err}", out.status);
}

/// A path as an argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("scratch paths are UTF-8")
}

/// SplitMix64, so that the corpus needs no dependency and is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// (name, demonym, capital)
const STATES: &[(&str, &str, &str)] = &[
    ("Vietnam", "Vietnamese", "Hanoi"),
    ("Japan", "Japanese", "Tokyo"),
    ("Thailand", "Thai", "Bangkok"),
    ("Laos", "Lao", "Vientiane"),
    ("Cambodia", "Cambodian", "Phnom Penh"),
    ("Indonesia", "Indonesian", "Jakarta"),
    ("Australia", "Australian", "Canberra"),
    ("Germany", "German", "Berlin"),
];
const TOPICS: &[&str] = &[
    "renewable energy",
    "fisheries management",
    "public health",
    "flood prevention",
    "maritime safety",
    "higher education",
];
const PEOPLE: &[&str] =
    &["Arvel Brevick", "Benna Castermo", "Corin Dunwally", "Dalit Esquaro", "Esker Farrowind", "Fenna Gallentry"];
const MONTHS: &[&str] = &["January", "February", "March", "April", "May", "June", "July", "August"];

/// One event sentence between two states, dated in `month` (0-based, 2023).
fn event_sentence(rng: &mut Rng, month: usize) -> String {
    let a = rng.below(STATES.len());
    let b = (a + 1 + rng.below(STATES.len() - 1)) % STATES.len();
    let (s, t) = (STATES[a], STATES[b]);
    let topic = rng.pick(TOPICS);
    let date = format!("on {} {}", MONTHS[month], 1 + rng.below(28));
    match rng.below(9) {
        0 => format!(
            "{} Foreign Minister {} praised {}'s efforts in {topic} at a meeting in {} {date}.",
            s.1,
            rng.pick(PEOPLE),
            t.0,
            s.2
        ),
        1 => {
            let year = 2021 + rng.below(4);
            format!(
                "{} and {} signed a memorandum of understanding on {topic} for {year} - {} {date}.",
                s.0,
                t.0,
                year + 1
            )
        }
        2 => format!("{} pledged to boost cooperation in {topic} with {}.", s.0, t.0),
        3 => format!(
            "The {} Government provided aid worth {}.{} million USD to {} after the floods {date}.",
            s.1,
            1 + rng.below(9),
            rng.below(10),
            t.0
        ),
        4 => format!("{} condemned {}'s missile test {date}.", s.0, t.0),
        5 => format!("{} urged {} to release the {} fishermen detained near the border.", s.0, t.0, s.1),
        6 => format!("{} held talks with {} on {topic} in {} {date}.", s.0, t.0, t.2),
        7 => format!(
            "{} pledged to provide {} million USD to {} for {topic} for 2022 - 2023.",
            s.0,
            2 + rng.below(20),
            t.0
        ),
        _ => format!("{} rejected {}'s proposal on {topic}.", s.0, t.0),
    }
}

/// `n` articles as JSON Lines, the same for the same `n`: wire stories of two to five
/// paragraphs between a few states, published over eight months of 2023, every seventh a
/// republished copy of an earlier one (near-duplicate articles, merged events with several
/// sources) and many with pledges, some for periods that end before the latest news
/// (expired commitments).
pub fn corpus(n: usize) -> String {
    let mut rng = Rng(0x6479_6164);
    let mut texts: Vec<String> = Vec::new();
    let mut out = String::new();
    for i in 0..n {
        let month = (i * MONTHS.len() / n).min(MONTHS.len() - 1);
        let published = format!("2023-{:02}-{:02}", month + 1, 1 + (i * 7) % 28);
        let text = if i % 7 == 6 && texts.len() > 3 {
            // A syndicated copy of a recent story, with its own headline.
            let earlier = texts[texts.len() - 1 - rng.below(3)].clone();
            let body = earlier.split_once("\n\n").map_or(earlier.as_str(), |(_, b)| b);
            format!("Regional roundup {i}\n\n{body}")
        } else {
            let (_, _, capital) = *rng.pick(STATES);
            let mut paras = Vec::new();
            for p in 0..2 + rng.below(4) {
                let mut sentences = Vec::new();
                for _ in 0..1 + rng.below(3) {
                    sentences.push(event_sentence(&mut rng, month));
                }
                if p > 0 && rng.below(2) == 0 {
                    sentences.push(format!(
                        "Two-way trade reached {}.{} billion USD last year.",
                        1 + rng.below(40),
                        rng.below(10)
                    ));
                }
                paras.push(sentences.join(" "));
            }
            format!("Story {i} from the region\n\n{capital} (VNA) - {}", paras.join("\n\n"))
        };
        texts.push(text.clone());
        let line = serde_json::json!({
            "id": format!("a{i:04}"),
            "url": format!("https://news.example/{i}"),
            "published": published,
            "title": format!("Story {i}"),
            "text": text,
        });
        writeln!(out, "{line}").unwrap();
    }
    out
}

/// Opens a database file for reading only (as a crashed writer left it; SQLite replays a
/// committed WAL and ignores the rest).
fn open(db: &Path) -> Connection {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", db.display()))
}

/// Asserts `PRAGMA integrity_check` = ok and no dangling foreign key.
pub fn assert_sound(db: &Path) {
    let conn = open(db);
    let check: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(check, ["ok"], "integrity_check of {}", db.display());
    let dangling: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(dangling, 0, "dangling foreign keys in {}", db.display());
}

/// How many rows a table holds (0 when the table does not exist yet).
pub fn count(db: &Path, table: &str) -> i64 {
    if !db.exists() {
        return 0;
    }
    let conn = open(db);
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap_or(0)
}

/// Everything a store holds that a run decides, as sorted lines: articles (without the time
/// they were ingested), events with their documents, contexts and mentions, actors, each
/// event as a report of its merged event, merged events with their representative report,
/// near-duplicate links and commitments. Row ids are replaced by (article id, position), so
/// two stores compare equal when they hold the same content, whatever order rows were
/// written in.
pub fn dump(db: &Path) -> Vec<String> {
    let conn = open(db);
    let mut lines = Vec::new();
    let mut table = |name: &str, sql: &str| {
        let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{name}: {e}"));
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|i| match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => "NULL".to_string(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => format!("{v:?}"),
                    rusqlite::types::ValueRef::Text(t) => {
                        format!("{:?}", String::from_utf8_lossy(t))
                    }
                    rusqlite::types::ValueRef::Blob(b) => format!("{b:?}"),
                })
                .collect();
            lines.push(format!("{name} {}", values.join(" | ")));
        }
    };
    table("schema", "SELECT version FROM schema_version");
    table("article", "SELECT id, url, published, title, text FROM articles");
    table("actor", "SELECT id, name, kind, country, org FROM actors");
    table(
        "event",
        "SELECT e.article_id, e.seq, e.event_type, e.cameo, e.source_id, e.target_id, e.day,
                e.day_end, e.goldstein, e.confidence, e.rep, d.json,
                (SELECT group_concat(context, ',') FROM
                    (SELECT context FROM event_contexts c WHERE c.event_id = e.id ORDER BY context))
         FROM events e LEFT JOIN event_docs d ON d.event_id = e.id",
    );
    table(
        "mention",
        "SELECT e.article_id, e.seq, m.role, m.actor_id, m.text, m.cameo, m.sector, m.person, m.title
         FROM actor_mentions m JOIN events e ON e.id = m.event_id",
    );
    table(
        "source",
        "SELECT e.article_id, e.seq, s.merged_id, s.article_id, s.sentence, s.span_start,
                s.span_end, s.reason
         FROM event_sources s JOIN events e ON e.id = s.event_id",
    );
    table(
        "merged",
        "SELECT m.id, e.article_id, e.seq, m.source_count
         FROM merged_events m LEFT JOIN events e ON e.id = m.event_id",
    );
    table("link", "SELECT article_id, duplicate_of, similarity FROM article_links");
    table(
        "commitment",
        "SELECT id, holder_id, holder_name, counterpart_id, counterpart_name, kind, what,
                contexts, period_start, period_end, period_text, date, article_id, sentence,
                status, evidence
         FROM commitments",
    );
    lines.sort();
    lines
}

/// The first lines where two dumps differ, for a readable failure.
pub fn diff(left: &[String], right: &[String]) -> String {
    let l: std::collections::BTreeSet<&String> = left.iter().collect();
    let r: std::collections::BTreeSet<&String> = right.iter().collect();
    let mut out = String::new();
    for line in l.difference(&r).take(12) {
        writeln!(out, "- {}", truncate(line)).unwrap();
    }
    for line in r.difference(&l).take(12) {
        writeln!(out, "+ {}", truncate(line)).unwrap();
    }
    writeln!(
        out,
        "({} lines only left, {} only right, of {} and {})",
        l.difference(&r).count(),
        r.difference(&l).count(),
        left.len(),
        right.len()
    )
    .unwrap();
    out
}

fn truncate(line: &str) -> String {
    if line.len() <= 400 {
        return line.to_string();
    }
    let mut end = 400;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &line[..end])
}
