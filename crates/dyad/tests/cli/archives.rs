//! Where archives are (issue 16): WARC files by name, in folders and on standard input, and
//! events written as Parquet files partitioned by event month.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use arrow::array::{Array, AsArray};
use flate2::write::GzEncoder;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::common::{arg, dyad, scratch, GOOD};
use crate::explain::dyad_with_input;

const LIMIT: Duration = Duration::from_secs(300);

/// A WARC response record holding a news page whose text is `text`.
fn response(id: &str, text: &str) -> Vec<u8> {
    let (title, body) = text.split_once("\n\n").unwrap_or(("News", text));
    let page = format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    );
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{page}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2023-01-17T10:00:00Z\r\n\
         WARC-Target-URI: https://news.example.org/{id}\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn warc_files_are_read_by_name_in_folders_and_on_standard_input() {
    let dir = scratch("warc");
    let other = GOOD.replace("Japan", "Canada").replace("Vietnam", "Chile");
    let records = [response("one", GOOD), b"WARC/1.0\r\nno length\r\n\r\n".to_vec(), response("two", &other)];
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    std::fs::write(dir.join("crawl.warc.gz"), members.concat()).unwrap();
    let bad_at = members[0].len();

    let run = dyad(&["code", arg(&dir)], LIMIT);
    run.assert_no_crash();
    assert_eq!(run.coded_ids(), ["urn:uuid:one", "urn:uuid:two"], "{}", run.stderr);
    let first = &run.events[0];
    assert_eq!((first["source"]["id"].as_str(), first["target"]["id"].as_str()), (Some("JPN"), Some("VNM")));
    run.assert_skipped(&format!("crawl.warc.gz@{bad_at}"), "without a valid Content-Length");
    assert_eq!(run.status, Some(1), "a bad record makes the exit status say so");

    // A plain .warc by name, and the same bytes on standard input, as `zcat` gives them.
    let plain = [records[0].clone(), records[2].clone()].concat();
    std::fs::write(dir.join("crawl.warc"), &plain).unwrap();
    let run = dyad(&["code", arg(&dir.join("crawl.warc"))], LIMIT);
    assert_eq!((run.status, run.coded_ids()), (Some(0), vec!["urn:uuid:one".into(), "urn:uuid:two".into()]));
    let (status, out, err) = dyad_with_input(&["code", "-"], &String::from_utf8(plain).unwrap());
    assert_eq!(status, Some(0), "{err}");
    assert_eq!(out.lines().count(), run.events.len());
    assert!(out.contains("\"article_id\":\"urn:uuid:two\""), "{out}");
}

/// Every row of the Parquet files under `dir`, by partition folder: (article id, event type, date).
fn parquet_rows(dir: &Path) -> BTreeMap<String, Vec<(String, String, Option<String>)>> {
    let mut out = BTreeMap::new();
    for folder in std::fs::read_dir(dir).unwrap() {
        let folder = folder.unwrap().path();
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let rows: &mut Vec<_> = out.entry(name).or_default();
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = std::fs::File::open(file.unwrap().path()).unwrap();
            for batch in ParquetRecordBatchReaderBuilder::try_new(file).unwrap().build().unwrap() {
                let batch = batch.unwrap();
                let text = |name: &str| batch.column_by_name(name).unwrap().as_string::<i32>().clone();
                let (ids, types, dates) = (text("article_id"), text("event_type"), text("date"));
                for row in 0..batch.num_rows() {
                    let date = (!dates.is_null(row)).then(|| dates.value(row).to_string());
                    rows.push((ids.value(row).to_string(), types.value(row).to_string(), date));
                }
            }
        }
    }
    out
}

#[test]
fn parquet_output_is_partitioned_by_event_month_and_holds_every_event() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let lines = dyad(&["code", arg(&examples)], LIMIT);
    assert_eq!(lines.status, Some(0), "{}", lines.stderr);
    let dir = scratch("parquet");
    let out = dir.join("events");
    let run = dyad(&["code", arg(&examples), "--format", "parquet", "--out", arg(&out)], LIMIT);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(run.events.is_empty(), "nothing on standard output");

    // Each event in its month; one with no date in the month its article was published in
    // (the .txt examples have no publication date).
    let published: BTreeMap<String, String> = std::fs::read_to_string(examples.join("articles.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|a| (a["id"].as_str().unwrap().to_string(), a["published"].as_str().unwrap().to_string()))
        .collect();
    let mut expected: BTreeMap<String, Vec<(String, String, Option<String>)>> = BTreeMap::new();
    for e in &lines.events {
        let date = e["date"].as_str().map(str::to_string);
        let of_article = published
            .get(e["article_id"].as_str().unwrap())
            .filter(|p| date.as_deref().is_none_or(|d| p.starts_with(d)));
        let month = match date.as_deref() {
            Some(d) if d.len() >= 7 => d[..7].to_string(),
            _ => of_article.map_or("unknown".to_string(), |p| p[..7].to_string()),
        };
        let row = (e["article_id"].as_str().unwrap().to_string(), e["event_type"].as_str().unwrap().to_string(), date);
        expected.entry(format!("month={month}")).or_default().push(row);
    }
    assert!(expected.len() > 2 && expected.contains_key("month=unknown"), "months: {:?}", expected.keys());
    assert_eq!(parquet_rows(&out), expected);

    // The folder must be new or empty, and --out goes with --format parquet.
    let again = dyad(&["code", arg(&examples), "--format", "parquet", "--out", arg(&out)], LIMIT);
    assert_eq!(again.status, Some(2));
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
    let missing = dyad(&["code", arg(&examples), "--format", "parquet"], LIMIT);
    assert!(missing.status == Some(2) && missing.stderr.contains("needs --out"), "{}", missing.stderr);
}
