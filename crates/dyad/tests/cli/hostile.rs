//! Hostile inputs, generated here: each bad one gets a message naming its file and line or
//! article id and is skipped, the good articles beside it are still coded, the exit status
//! is 1 when anything faulty was skipped (an input with no text is reported but is no fault),
//! and nothing panics.

use std::time::Duration;

use crate::common::{arg, dyad, line, scratch, Run, GOOD};

const LIMIT: Duration = Duration::from_secs(300);

fn code(paths: &[&std::path::Path]) -> Run {
    let mut args = vec!["code", "--threads", "2"];
    args.extend(paths.iter().map(|p| arg(p)));
    let run = dyad(&args, LIMIT);
    run.assert_no_crash();
    run
}

/// Asserts that every event's span (code points) slices `text` to the event's sentence.
fn assert_spans(run: &Run, id: &str, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for event in run.events.iter().filter(|e| e["article_id"] == id) {
        let (start, end) =
            (event["span"]["start"].as_u64().unwrap() as usize, event["span"]["end"].as_u64().unwrap() as usize);
        assert!(start <= end && end <= chars.len(), "{id}: span {start}..{end} outside {} chars", chars.len());
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, event["sentence"].as_str().unwrap(), "{id}: span does not slice to the sentence");
    }
}

/// Bytes that are not text: every byte value, NULs and invalid UTF-8 among them.
fn binary(len: usize) -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn bad_json_lines_are_named_by_line_and_the_rest_is_coded() {
    let dir = scratch("bad-lines");
    let file = dir.join("mixed.jsonl");
    let mut bytes = line("good-1", GOOD).into_bytes();
    bytes.extend_from_slice(b"{\"id\":\"latin1\",\"text\":\"Caf\xe9 au lait \xff\xfe\"}\n");
    let mut noise = binary(3000);
    noise.retain(|&b| b != b'\n');
    bytes.extend_from_slice(&noise);
    bytes.push(b'\n');
    bytes.extend_from_slice(b"\x00\x00\x01{\"id\":\"nul\"}\x00\n");
    bytes.extend_from_slice(line("good-2", GOOD).as_bytes());
    bytes.extend_from_slice(line("empty", "").as_bytes());
    bytes.extend_from_slice(line("blank", " \n\t \u{3000} ").as_bytes());
    bytes.extend_from_slice(b"{\"id\":\"no-text\"}\n");
    bytes.extend_from_slice(line("good-3", GOOD).as_bytes());
    bytes.extend_from_slice(b"{\"id\":\"cut\",\"published\":\"2023-01-17\",\"text\":\"Japan praised Viet");
    std::fs::write(&file, bytes).unwrap();
    let run = code(&[&file]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(run.coded_ids(), ["good-1", "good-2", "good-3"]);
    run.assert_skipped("mixed.jsonl:2", "invalid UTF-8");
    run.assert_skipped("mixed.jsonl:3", "invalid UTF-8");
    run.assert_skipped("mixed.jsonl:4", "not a JSON article");
    run.assert_skipped("mixed.jsonl:6", "empty \"text\"");
    run.assert_skipped("mixed.jsonl:7", "empty \"text\"");
    run.assert_skipped("mixed.jsonl:8", "missing \"text\"");
    run.assert_skipped("mixed.jsonl:10", "not a JSON article");
    assert_eq!(run.skipped().len(), 7, "{}", run.stderr);
    assert!(run.skipped().iter().any(|l| l.contains("(article empty)")), "the id is named: {}", run.stderr);
}

#[test]
fn duplicated_ids_within_one_file_are_skipped_after_the_first() {
    let dir = scratch("duplicates");
    let file = dir.join("dup.jsonl");
    let text = ["a", "b", "a", "c", "b", "a"].iter().map(|id| line(id, GOOD)).collect::<String>();
    std::fs::write(&file, text).unwrap();
    let run = code(&[&file]);
    assert_eq!(run.status, Some(1));
    assert_eq!(run.coded_ids(), ["a", "b", "c"]);
    run.assert_skipped("dup.jsonl:3", "duplicate id (first seen at line 1)");
    run.assert_skipped("dup.jsonl:5", "duplicate id (first seen at line 2)");
    run.assert_skipped("dup.jsonl:6", "duplicate id (first seen at line 1)");
    assert!(run.skipped().iter().any(|l| l.contains("dup.jsonl:3 (article a)")), "{}", run.stderr);
}

#[test]
fn inputs_with_no_text_are_reported_but_are_no_failure() {
    let dir = scratch("no-text");
    let file = dir.join("some-empty.jsonl");
    let mut text = line("good-1", GOOD);
    text += &line("empty", "");
    text += &line("blank", " \n\t \u{3000} ");
    text += &line("good-2", GOOD);
    std::fs::write(&file, text).unwrap();
    std::fs::write(dir.join("blank.txt"), " \n\n").unwrap();
    let run = code(&[&dir]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert_eq!(run.coded_ids(), ["good-1", "good-2"]);
    run.assert_skipped("some-empty.jsonl:2", "empty \"text\"");
    run.assert_skipped("some-empty.jsonl:3", "empty \"text\"");
    run.assert_skipped("blank.txt", "empty file");
    assert!(run.stderr.contains("3 inputs skipped (0 failed, 3 empty)"), "{}", run.stderr);

    // The same for an ingest; a faulty line beside them still fails it.
    let db = dir.join("events.db");
    let ingest = |path: &std::path::Path| dyad(&["ingest", "-q", "--db", arg(&db), arg(path)], LIMIT);
    let run = ingest(&file);
    run.assert_no_crash();
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    run.assert_skipped("some-empty.jsonl:2", "empty \"text\"");
    assert!(run.stderr.contains("2 articles"), "{}", run.stderr);
    std::fs::write(&file, line("good-3", GOOD) + &line("empty-2", "") + "{\"id\": \"cut\", \"te\n").unwrap();
    let run = ingest(&file);
    run.assert_no_crash();
    assert_eq!(run.status, Some(1), "{}", run.stderr);
}

#[test]
fn binary_and_empty_files_are_skipped_by_name() {
    let dir = scratch("files");
    std::fs::write(dir.join("good.txt"), GOOD).unwrap();
    std::fs::write(dir.join("binary.txt"), binary(20_000)).unwrap();
    std::fs::write(dir.join("binary.jsonl"), binary(20_000)).unwrap();
    std::fs::write(dir.join("binary.html"), binary(20_000)).unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("blank.txt"), " \n\n\t \r\n").unwrap();
    std::fs::write(dir.join("empty.jsonl"), "").unwrap();
    std::fs::write(dir.join("empty.html"), "").unwrap();
    let run = code(&[&dir]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(run.coded_ids(), ["good"]);
    let named = |name: &str| run.skipped().iter().filter(|l| l.contains(name)).count();
    for name in ["binary.txt", "binary.html", "empty.txt", "blank.txt", "empty.jsonl", "empty.html"] {
        assert_eq!(named(name), 1, "{name}: {}", run.stderr);
    }
    assert!(named("binary.jsonl:") >= 1, "{}", run.stderr);
    assert!(run.skipped().iter().any(|l| l.contains("binary.txt:") && l.contains("binary data")), "{}", run.stderr);
}

#[test]
fn a_json_lines_file_of_blank_lines_is_reported() {
    let dir = scratch("blank-lines");
    let file = dir.join("blank.jsonl");
    std::fs::write(&file, "\n   \n\t\n").unwrap();
    let run = code(&[&file]);
    // Nothing to code is no fault.
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    run.assert_skipped("blank.jsonl", "empty file");
}

#[test]
fn a_page_without_article_text_is_reported() {
    let dir = scratch("shell");
    let page = dir.join("shell.html");
    std::fs::write(
        &page,
        "<html><head><title>Home page</title></head><body><nav><a href=\"/\">Home</a></nav></body></html>",
    )
    .unwrap();
    let run = code(&[&page]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    run.assert_skipped(arg(&page), "no article text");
}

#[test]
fn a_50_mb_article_is_refused_by_name_and_the_rest_is_coded() {
    let dir = scratch("huge");
    let body = "Japan praised Vietnam's efforts in flood prevention on January 16. ".repeat(50_000_000 / 67 + 1);
    let jsonl = dir.join("huge.jsonl");
    let mut text = line("before", GOOD);
    text.push_str(&line("huge", &body));
    text.push_str(&line("after", GOOD));
    std::fs::write(&jsonl, text).unwrap();
    let txt = dir.join("huge.txt");
    std::fs::write(&txt, format!("Headline\n\n{body}")).unwrap();
    let run = code(&[&jsonl, &txt]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(run.coded_ids(), ["before", "after"]);
    run.assert_skipped("huge.jsonl:2", "over the limit");
    run.assert_skipped("huge.txt", "over the limit");
}

#[test]
fn lines_of_100_000_characters_are_coded() {
    let dir = scratch("long-lines");
    let sentences = "Japan praised Vietnam's efforts in flood prevention on January 16. ".repeat(100_000 / 67 + 1);
    let run_on = "Japan and Vietnam discussed trade, fisheries and rail transport with Laos and Thailand "
        .repeat(100_000 / 88 + 1);
    let commas = "Japan, ".repeat(100_000 / 7 + 1);
    let txt = dir.join("long.txt");
    std::fs::write(&txt, format!("Long lines\n\n{sentences}\n\n{run_on}.\n\n{commas}\n")).unwrap();
    let jsonl = dir.join("long.jsonl");
    std::fs::write(&jsonl, line("long-sentences", &sentences) + &line("long-run-on", &run_on)).unwrap();
    let run = code(&[&txt, &jsonl]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert_eq!(run.coded_ids(), ["long", "long-sentences", "long-run-on"]);
    assert_spans(&run, "long-sentences", &sentences);
}

#[test]
fn deeply_nested_html_is_read_without_overflowing() {
    let dir = scratch("nested");
    let story = "<h1>Japan praises Vietnam</h1><p>Tokyo (VNA) - Japan praised Vietnam's efforts in flood prevention on January 16.</p>";
    let closed = format!("<html><body>{}{story}{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
    std::fs::write(dir.join("closed.html"), closed).unwrap();
    let open = format!("<html><body>{}{story}", "<span><b><i>".repeat(34_000));
    std::fs::write(dir.join("unclosed.html"), open).unwrap();
    let tables = format!("<html><body>{story}{}</body></html>", "<table><tr><td>".repeat(33_000));
    std::fs::write(dir.join("tables.html"), tables).unwrap();
    let run = code(&[&dir]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert_eq!(run.coded_ids(), ["closed", "tables", "unclosed"]);
}

#[test]
fn right_to_left_and_cjk_text_is_coded_with_code_point_spans() {
    let dir = scratch("scripts");
    let articles = [
        ("arabic", "مصر تشيد بجهود فيتنام\n\nالقاهرة - أشادت مصر بجهود فيتنام في مجال الوقاية من الفيضانات يوم 16 يناير."),
        ("hebrew", "ישראל ויפן חתמו על הסכם\n\nירושלים - ישראל ויפן חתמו היום על מזכר הבנות בתחום החקלאות."),
        ("chinese", "中国与越南举行会谈\n\n河内（越通社）——中国和越南于1月16日在河内举行会谈。双方同意加强合作。"),
        ("japanese", "日本、ベトナムの努力を称賛\n\n東京 - 日本は1月16日、ベトナムの洪水対策の努力を称賛した。"),
        ("mixed-rtl", "مصر Egypt praises Japan\n\n«شكرا» قال الوزير. Egypt praised Japan's support for the canal project on January 16. \u{202e}txet desrever\u{202c} Egypt and Japan signed an agreement on trade."),
        ("mixed-cjk", "中国 Japan meets Vietnam\n\n日本と越南。Japan's foreign minister met Vietnam's ambassador in Tokyo on January 16. 双方同意加强合作. Vietnam thanked Japan for its aid."),
    ];
    let file = dir.join("scripts.jsonl");
    std::fs::write(&file, articles.iter().map(|(id, text)| line(id, text)).collect::<String>()).unwrap();
    let run = code(&[&file]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let coded = run.coded_ids();
    assert!(coded.contains(&"mixed-rtl".to_string()) && coded.contains(&"mixed-cjk".to_string()), "{coded:?}");
    for (id, text) in articles {
        assert_spans(&run, id, text);
    }
}

#[test]
fn everything_hostile_at_once_still_codes_the_good_articles() {
    let dir = scratch("all");
    std::fs::write(dir.join("a-good.txt"), GOOD).unwrap();
    std::fs::write(dir.join("b-binary.txt"), binary(5_000)).unwrap();
    std::fs::write(
        dir.join("c-mixed.jsonl"),
        line("c1", GOOD) + "{\"id\":\"c2\",\"text\":\"tru" + "\n" + &line("c3", GOOD) + &line("c1", GOOD),
    )
    .unwrap();
    std::fs::write(dir.join("d-nested.html"), format!("{}<p>text</p>", "<div>".repeat(100_000))).unwrap();
    std::fs::write(dir.join("e-empty.txt"), "").unwrap();
    std::fs::write(dir.join("f-good.jsonl"), line("f1", GOOD)).unwrap();
    let run = code(&[&dir]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert_eq!(run.coded_ids(), ["a-good", "c1", "c3", "f1"]);
    run.assert_skipped("c-mixed.jsonl:2", "not a JSON article");
    run.assert_skipped("c-mixed.jsonl:4", "duplicate id");
    assert!(run.stderr.contains("5 articles coded"), "{}", run.stderr);
}
