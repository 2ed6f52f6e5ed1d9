//! JSON Lines: one article per line, streamed. Each line is read with a bound (the article size
//! limit), so a line over it is skipped without being held in memory, and reported with its
//! file and line number.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;
use serde_json::Value;

use super::walk::open_regular;
use super::{error, nothing, too_long, ArticleFields, InputError, ReadOptions};
use crate::model::Article;

/// The fields of one JSON line.
#[derive(Deserialize)]
struct JsonArticle {
    id: Option<Value>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    title: Option<String>,
    text: Option<String>,
}

/// An article's id: a non-empty string or an integer (written in decimal).
pub(super) fn article_id(value: Option<Value>) -> Result<String, String> {
    let kind = match value {
        None | Some(Value::Null) => return Err("missing \"id\"".into()),
        Some(Value::String(id)) if id.trim().is_empty() => return Err("empty \"id\"".into()),
        Some(Value::String(id)) => return Ok(id),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => return Ok(n.to_string()),
        Some(Value::Number(n)) => format!("the number {n}, not a whole number"),
        Some(Value::Bool(b)) => format!("{b}"),
        Some(Value::Array(_)) => "a list".into(),
        Some(Value::Object(_)) => "an object".into(),
    };
    Err(format!("\"id\" is {kind}: an id must be a string or an integer"))
}

/// One line read with a bound.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// The end of the input.
    End,
    /// A line within the bound, now in the buffer (its newline included).
    Read,
    /// A line over the bound, of this many bytes (its newline excluded), skipped.
    TooLong(u64),
}

/// Reads one line into `buf`, holding at most `limit + 1` bytes of it: a longer line is read
/// through to its end without being kept.
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, limit: usize) -> io::Result<Line> {
    buf.clear();
    let n = reader.take(limit as u64 + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(Line::End);
    }
    let ended = buf.last() == Some(&b'\n');
    if ended || n <= limit {
        return Ok(Line::Read);
    }
    let skipped = skip_line(reader)?;
    buf.clear();
    Ok(Line::TooLong(n as u64 + skipped))
}

/// Reads to the end of the current line without keeping it; how many bytes came before the
/// newline.
fn skip_line(reader: &mut dyn BufRead) -> io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if chunk.is_empty() {
            return Ok(skipped);
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => {
                reader.consume(at + 1);
                return Ok(skipped + at as u64);
            }
            None => {
                let len = chunk.len();
                reader.consume(len);
                skipped += len as u64;
            }
        }
    }
}

/// Streams the articles of one JSON Lines file.
pub(super) struct JsonLines<'a> {
    path: PathBuf,
    reader: Option<Box<dyn BufRead + Send>>,
    line: usize,
    seen: HashMap<String, usize>,
    options: &'a ReadOptions,
    pending: Option<InputError>,
    /// Whether any line held more than whitespace.
    seen_text: bool,
    buf: Vec<u8>,
    /// Where to count the bytes read.
    read: Option<&'a AtomicU64>,
}

impl<'a> JsonLines<'a> {
    pub(super) fn open(path: PathBuf, options: &'a ReadOptions) -> JsonLines<'a> {
        match open_regular(&path) {
            Ok(file) => JsonLines::from_reader(path, Box::new(BufReader::new(file)), options),
            Err(err) => JsonLines {
                pending: Some(err),
                reader: None,
                ..JsonLines::from_reader(path, Box::new(io::empty()), options)
            },
        }
    }

    /// Articles from any reader; `path` names it in errors.
    pub(super) fn from_reader(
        path: PathBuf,
        reader: Box<dyn BufRead + Send>,
        options: &'a ReadOptions,
    ) -> JsonLines<'a> {
        JsonLines {
            path,
            reader: Some(reader),
            line: 0,
            seen: HashMap::new(),
            options,
            pending: None,
            seen_text: false,
            buf: Vec::new(),
            read: None,
        }
    }

    /// The same lines, adding the bytes read to `read`.
    pub(super) fn counting(self, read: Option<&'a AtomicU64>) -> JsonLines<'a> {
        JsonLines { read, ..self }
    }

    /// Adds `bytes` to the count of bytes read, if one is kept.
    fn note_read(&self, bytes: u64) {
        if let Some(read) = self.read {
            read.fetch_add(bytes, Ordering::Relaxed);
        }
    }

    fn origin(&self) -> String {
        format!("{}:{}", self.path.display(), self.line)
    }

    fn parse_line(&mut self) -> Option<Result<Article, InputError>> {
        let origin = self.origin();
        if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        self.seen_text = true;
        let line = match std::str::from_utf8(&self.buf) {
            Ok(line) => line,
            Err(err) => return Some(Err(error(origin, format!("invalid UTF-8 at byte {}", err.valid_up_to())))),
        };
        let raw: JsonArticle = match serde_json::from_str(line) {
            Ok(raw) => raw,
            Err(err) => return Some(Err(error(origin, format!("not a JSON article: {err}")))),
        };
        Some(self.article(raw, origin))
    }

    fn article(&mut self, raw: JsonArticle, origin: String) -> Result<Article, InputError> {
        let id = article_id(raw.id).map_err(|message| error(&origin, message))?;
        let origin = format!("{origin} (article {id})");
        if let Some(first) = self.seen.get(&id) {
            return Err(error(origin, format!("duplicate id (first seen at line {first})")));
        }
        self.seen.insert(id.clone(), self.line);
        let JsonArticle { text, published, url, title, .. } = raw;
        ArticleFields { id, text, published, url, title }.article(&origin, self.options)
    }
}

impl Iterator for JsonLines<'_> {
    type Item = Result<Article, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(err) = self.pending.take() {
            return Some(Err(err));
        }
        loop {
            let reader = self.reader.as_mut()?;
            match read_line(reader, &mut self.buf, self.options.max_article_bytes) {
                Ok(Line::End) => {
                    self.reader = None;
                    if !self.seen_text {
                        return Some(Err(nothing(self.path.display().to_string(), "empty file")));
                    }
                    return None;
                }
                Ok(Line::Read) => {
                    self.note_read(self.buf.len() as u64);
                    self.line += 1;
                    if let Some(item) = self.parse_line() {
                        return Some(item);
                    }
                }
                Ok(Line::TooLong(len)) => {
                    self.note_read(len + 1);
                    self.line += 1;
                    self.seen_text = true;
                    return Some(Err(error(self.origin(), too_long(len, self.options))));
                }
                Err(err) => {
                    self.reader = None;
                    return Some(Err(error(self.origin(), format!("read failed: {err}"))));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], limit: usize) -> Vec<Line> {
        let mut reader = BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let line = read_line(&mut reader, &mut buf, limit).unwrap();
            assert!(buf.capacity() <= 64, "the buffer grew to {}", buf.capacity());
            if line == Line::End {
                return out;
            }
            out.push(line);
        }
    }

    #[test]
    fn a_line_over_the_limit_is_skipped_without_being_held() {
        let mut input = b"short\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 1000));
        input.extend(b"\nok\n");
        input.extend(std::iter::repeat_n(b'y', 11));
        assert_eq!(lines(&input, 10), [Line::Read, Line::TooLong(1000), Line::Read, Line::TooLong(11)]);
        assert_eq!(lines(b"0123456789\n0123456789", 10), [Line::Read, Line::Read]);
    }

    #[test]
    fn a_long_line_is_reported_with_its_line_number_and_reading_goes_on() {
        let options = ReadOptions { max_article_bytes: 100, ..ReadOptions::default() };
        let input = format!("{{\"id\":\"a\",\"text\":\"{}\"}}\n{{\"id\":\"b\",\"text\":\"B.\"}}\n", "x".repeat(500));
        let reader = Box::new(BufReader::new(io::Cursor::new(input.into_bytes())));
        let items: Vec<_> = JsonLines::from_reader("in.jsonl".into(), reader, &options).collect();
        let err = items[0].as_ref().unwrap_err();
        assert_eq!(err.origin, "in.jsonl:1");
        assert!(err.message.contains("of 520 bytes is over the limit of 100 bytes"), "{err}");
        assert_eq!(items[1].as_ref().unwrap().id, "b");
    }

    #[test]
    fn ids_are_strings_or_integers() {
        let id = |json: &str| article_id(serde_json::from_str::<JsonArticle>(json).unwrap().id);
        assert_eq!(id(r#"{"id":"x"}"#).unwrap(), "x");
        assert_eq!(id(r#"{"id":42}"#).unwrap(), "42");
        assert_eq!(id(r#"{"id":-7}"#).unwrap(), "-7");
        assert_eq!(id(r#"{}"#).unwrap_err(), "missing \"id\"");
        assert_eq!(id(r#"{"id":null}"#).unwrap_err(), "missing \"id\"");
        assert_eq!(id(r#"{"id":" "}"#).unwrap_err(), "empty \"id\"");
        for (json, kind) in [
            (r#"{"id":{"a":1}}"#, "an object"),
            (r#"{"id":[1]}"#, "a list"),
            (r#"{"id":true}"#, "true"),
            (r#"{"id":1.5e300}"#, "not a whole number"),
            (r#"{"id":2.0}"#, "not a whole number"),
        ] {
            let err = id(json).unwrap_err();
            assert!(err.contains(kind) && err.contains("must be a string or an integer"), "{json}: {err}");
        }
    }
}
