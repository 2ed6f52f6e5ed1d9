//! Reading input: files and folders of JSON Lines, plain text, saved HTML pages and web archives
//! (WARC) become
//! [`Article`]s, streamed one at a time; each bad input becomes an [`InputError`] that names the
//! file and line (or article id) and the reading goes on.
//!
//! ```
//! use dyad_core::ingest::{read_paths, ReadOptions};
//! let dir = std::env::temp_dir().join("dyad-doc-ingest");
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("a.jsonl"), "{\"id\":\"x\",\"text\":\"Hello.\"}\n{broken\n").unwrap();
//! let items: Vec<_> = read_paths(&[dir.join("a.jsonl")], &ReadOptions::default()).collect();
//! assert!(items[0].is_ok());
//! assert!(items[1].as_ref().unwrap_err().to_string().contains("a.jsonl:2"));
//! ```

pub mod html;
mod jsonl;
mod walk;
mod warc;

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, NaiveDate};

use crate::model::Article;
use jsonl::JsonLines;
use warc::Warc;

/// Options for reading input.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Publication date given to articles that carry none (`YYYY-MM-DD`).
    pub published: Option<String>,
    /// Articles longer than this many bytes are refused (default 8 MiB).
    pub max_article_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { published: None, max_article_bytes: 8 << 20 }
    }
}

/// One input that could not be read: where it is and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// `path`, `path:line`, `path#article-id` or, in a WARC file, `path@offset` (the byte
    /// offset of the record, or of its gzip member).
    pub origin: String,
    /// What is wrong, in words a user can act on.
    pub message: String,
    /// The input was read but holds no text (an empty or whitespace-only article or file):
    /// there is nothing to code, which is reported but is no failure of the run.
    pub empty: bool,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for InputError {}

fn error(origin: impl Into<String>, message: impl Into<String>) -> InputError {
    InputError { origin: origin.into(), message: message.into(), empty: false }
}

/// An input with nothing to code (see [`InputError::empty`]).
fn nothing(origin: impl Into<String>, message: impl Into<String>) -> InputError {
    InputError { empty: true, ..error(origin, message) }
}

/// What kind of file a path holds, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    JsonLines,
    Text,
    Html,
    /// A WARC file, gzipped (`.warc.gz`) or not.
    Warc {
        gz: bool,
    },
}

/// Reads every article under `paths` (files, or folders walked in name order), lazily.
pub fn read_paths<'a>(
    paths: &[PathBuf],
    options: &'a ReadOptions,
) -> impl Iterator<Item = Result<Article, InputError>> + Send + 'a {
    read_paths_counted(paths, options, None)
}

/// [`read_paths`], adding to `read` the bytes of input read so far: a JSON Lines file line by
/// line, any other file whole once read. Out of [`input_size`], that is how far a run is.
pub fn read_paths_counted<'a>(
    paths: &[PathBuf],
    options: &'a ReadOptions,
    read: Option<&'a AtomicU64>,
) -> impl Iterator<Item = Result<Article, InputError>> + Send + 'a {
    let whole = move |path: &Path| {
        if let Some(read) = read {
            read.fetch_add(std::fs::metadata(path).map_or(0, |m| m.len()), Ordering::Relaxed);
        }
    };
    walk::collect(paths).into_iter().flat_map(
        move |file| -> Box<dyn Iterator<Item = Result<Article, InputError>> + Send + 'a> {
            match file {
                Err(err) => Box::new(std::iter::once(Err(err))),
                Ok((path, _)) if path.as_os_str() == STDIN => read_stdin(options),
                Ok((path, Format::JsonLines)) => Box::new(JsonLines::open(path, options).counting(read)),
                Ok((path, Format::Warc { gz })) => Box::new(Warc::open(path, gz, options).counting(read)),
                Ok((path, Format::Text)) => {
                    let article = read_text_file(&path, options);
                    whole(&path);
                    Box::new(std::iter::once(article))
                }
                Ok((path, Format::Html)) => {
                    let article = read_html_file(&path, options);
                    whole(&path);
                    Box::new(std::iter::once(article))
                }
            }
        },
    )
}

/// The bytes of input under `paths`: the sum of their files' sizes, the total that
/// [`read_paths_counted`] counts towards; `None` when standard input is among them.
pub fn input_size(paths: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for (path, _) in walk::collect(paths).iter().flatten() {
        if path.as_os_str() == STDIN {
            return None;
        }
        total += std::fs::metadata(path).map_or(0, |m| m.len());
    }
    Some(total)
}

/// The path that names standard input.
const STDIN: &str = "-";

/// Standard input, told apart by its first character: JSON Lines (`{`, streamed line by line),
/// an HTML page (`<`), a WARC file (`WARC/`, as `zcat news.warc.gz` gives it), else one
/// plain-text article with the id `stdin`.
fn read_stdin<'a>(options: &'a ReadOptions) -> Box<dyn Iterator<Item = Result<Article, InputError>> + Send + 'a> {
    let mut reader = BufReader::new(std::io::stdin());
    let first = loop {
        match reader.fill_buf() {
            Ok([]) => break None,
            Ok(buf) => match buf.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(at) if buf[at..].starts_with(b"WARC/") => break Some(b'W'),
                Some(at) => break Some(buf[at]),
                None => {
                    let n = buf.len();
                    reader.consume(n);
                }
            },
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Box::new(std::iter::once(Err(error("standard input", format!("read failed: {err}"))))),
        }
    };
    match first {
        None => Box::new(std::iter::once(Err(nothing("standard input", "empty input")))),
        Some(b'{') => Box::new(JsonLines::from_reader(PathBuf::from("<stdin>"), Box::new(reader), options)),
        Some(b'W') => Box::new(Warc::from_reader("<stdin>".into(), Box::new(reader), false, options)),
        Some(b'<') => Box::new(std::iter::once(
            read_whole_from(reader, "standard input", options)
                .and_then(|page| html_article(&page, "stdin", "standard input", options, None)),
        )),
        Some(_) => Box::new(std::iter::once(
            read_whole_from(reader, "standard input", options)
                .and_then(|text| text_article(&text, "stdin", "standard input", options)),
        )),
    }
}

/// An article's fields as a caller gives them (a line of JSON Lines, the Python package), not
/// yet checked.
#[derive(Clone, Debug, Default)]
pub struct ArticleFields {
    /// The article's id.
    pub id: String,
    /// Its text (`None` when missing).
    pub text: Option<String>,
    /// Publication date, `YYYY-MM-DD` or RFC 3339.
    pub published: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Its headline.
    pub title: Option<String>,
}

impl ArticleFields {
    /// The article, checked as every reader checks it: a text that is not blank (a blank one is
    /// [`InputError::empty`]), a publication date that is a date (`--published` when there is
    /// none), only a web link kept as its url, the text in Unicode NFC. `origin` names it in
    /// errors.
    pub fn article(self, origin: &str, options: &ReadOptions) -> Result<Article, InputError> {
        let text = match self.text {
            Some(text) if !text.trim().is_empty() => text,
            Some(_) => return Err(nothing(origin, "empty \"text\"")),
            None => return Err(error(origin, "missing \"text\"")),
        };
        let published = published_date(self.published.as_deref(), options).map_err(|m| error(origin, m))?;
        let url = self.url.as_deref().and_then(web_link);
        Ok(Article { id: self.id, url, published, title: self.title, text: nfc(&text) })
    }
}

/// The message for an article of `len` bytes over the limit.
fn too_long(len: u64, options: &ReadOptions) -> String {
    let limit = size(options.max_article_bytes as u64);
    format!("article of {} is over the limit of {limit} (--max-article-mb)", size(len))
}

/// A size in words: bytes, kB or MB, never rounded down to nothing.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// Reads a whole file as UTF-8 text, refusing empty, binary, oversized and non-UTF-8 files.
fn read_whole(path: &Path, options: &ReadOptions) -> Result<String, InputError> {
    let shown = path.display().to_string();
    let file = walk::open_regular(path)?;
    // A file over the limit is refused with its own length, before it is read.
    if let Some(len) = file.metadata().ok().map(|m| m.len()).filter(|&len| len > options.max_article_bytes as u64) {
        return Err(error(shown, too_long(len, options)));
    }
    read_whole_from(file, &shown, options)
}

/// Reads all of `reader` as UTF-8 text, refusing empty, binary, oversized and non-UTF-8 input;
/// `shown` names it in errors.
fn read_whole_from(reader: impl Read, shown: &str, options: &ReadOptions) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    let limit = options.max_article_bytes as u64 + 1;
    reader.take(limit).read_to_end(&mut bytes).map_err(|err| error(shown, format!("read failed: {err}")))?;
    if bytes.len() > options.max_article_bytes {
        let limit = size(options.max_article_bytes as u64);
        return Err(error(shown, format!("article over the limit of {limit} (--max-article-mb)")));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(nothing(shown, "empty file"));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        return Err(error(format!("{shown}:{line}"), "binary data (NUL byte), not text"));
    }
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let line = 1 + err.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        error(format!("{shown}:{line}"), format!("invalid UTF-8 at byte {at}"))
    })
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn read_text_file(path: &Path, options: &ReadOptions) -> Result<Article, InputError> {
    text_article(&read_whole(path, options)?, &stem(path), &path.display().to_string(), options)
}

/// A plain-text article: its first non-empty line is the title.
fn text_article(text: &str, id: &str, shown: &str, options: &ReadOptions) -> Result<Article, InputError> {
    let text = nfc(text);
    let title = text.lines().find(|l| !l.trim().is_empty()).map(|l| l.trim().to_string());
    let published = published_date(None, options).map_err(|m| error(shown, m))?;
    Ok(Article { id: id.to_string(), url: None, published, title, text })
}

fn read_html_file(path: &Path, options: &ReadOptions) -> Result<Article, InputError> {
    html_article(&read_whole(path, options)?, &stem(path), &path.display().to_string(), options, None)
}

/// The article of a saved HTML page; `fetched` is the date to take (before `--published`) when
/// the page states none (a WARC record's date).
fn html_article(
    html: &str,
    id: &str,
    shown: &str,
    options: &ReadOptions,
    fetched: Option<&str>,
) -> Result<Article, InputError> {
    let page = html::parse_html(html);
    // The headline leads the text: a page with nothing after it has no article.
    let body = match &page.title {
        Some(title) => page.text.trim().strip_prefix(title.trim()).unwrap_or(&page.text),
        None => &page.text,
    };
    if body.trim().is_empty() {
        return Err(error(shown, "no article text found in the page"));
    }
    // A page's own date wins; an unreadable one falls back to the date it was fetched, then to
    // --published.
    let date = |value: Option<&str>| value.and_then(|d| published(d).ok());
    let published = date(page.published.as_deref()).or_else(|| date(fetched)).or_else(|| options.published.clone());
    let url = page.url.as_deref().and_then(web_link);
    Ok(Article { id: id.to_string(), url, published, title: page.title, text: nfc(&page.text) })
}

/// Normalises a publication date (`YYYY-MM-DD` or RFC 3339) to `YYYY-MM-DD`; falls back to
/// `--published` when there is none.
fn published_date(value: Option<&str>, options: &ReadOptions) -> Result<Option<String>, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(value) => published(value).map(Some),
        None => Ok(options.published.clone()),
    }
}

/// A publication date as stored, `YYYY-MM-DD`, from `YYYY-MM-DD` or RFC 3339; what is wrong
/// otherwise. Every reader and the HTTP API check dates with it.
pub fn published(value: &str) -> Result<String, String> {
    parse_date(value.trim())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or_else(|| format!("\"published\" is not a date (YYYY-MM-DD or RFC 3339): {value:?}"))
}

/// A link kept with an article: an `http` or `https` URL, trimmed; any other (a `javascript:` or
/// `data:` URL, a relative path) is dropped, so that no page can be made to run it.
pub fn web_link(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let web = scheme.starts_with("http://") || scheme.starts_with("https://");
    (web && !url.chars().any(char::is_control)).then(|| url.to_string())
}

/// Parses `YYYY-MM-DD`, RFC 3339 or a `YYYY-MM-DDTHH:MM:SS` without zone.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    if let Ok(date) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Some(date);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(value) {
        return Some(time.date_naive());
    }
    value.get(..10).and_then(|head| NaiveDate::parse_from_str(head, "%Y-%m-%d").ok())
}

fn nfc(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text.to_string(),
        _ => text.nfc().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dyad-ingest-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn read(paths: &[PathBuf]) -> Vec<Result<Article, InputError>> {
        read_paths(paths, &ReadOptions::default()).collect()
    }

    #[test]
    fn json_lines_errors_name_the_line_and_reading_goes_on() {
        let dir = scratch("jsonl");
        let file = dir.join("in.jsonl");
        let mut bytes = b"{\"id\":\"a\",\"published\":\"2023-01-17\",\"text\":\"One.\"}\n".to_vec();
        bytes.extend_from_slice(b"{\"id\":\"b\",\"text\":\"\xff\"}\n");
        bytes.extend_from_slice(b"{\"id\":\"a\",\"text\":\"Again.\"}\n");
        bytes.extend_from_slice(b"{\"id\":\"c\",\"published\":\"2023-01-17T08:00:00+07:00\",\"text\":\"Three.\"}\n");
        bytes.extend_from_slice(b"{\"id\":\"d\",\"text\":\"trunc");
        std::fs::write(&file, bytes).unwrap();
        let items = read(&[file]);
        assert_eq!(items.len(), 5);
        assert_eq!(items[0].as_ref().unwrap().published.as_deref(), Some("2023-01-17"));
        let err = items[1].as_ref().unwrap_err();
        assert!(err.origin.ends_with("in.jsonl:2") && err.message.contains("UTF-8"), "{err}");
        assert!(items[2].as_ref().unwrap_err().message.contains("duplicate id"));
        assert_eq!(items[3].as_ref().unwrap().published.as_deref(), Some("2023-01-17"));
        assert!(items[4].as_ref().unwrap_err().origin.ends_with("in.jsonl:5"));
    }

    #[test]
    fn bytes_read_count_up_to_the_input_size() {
        let dir = scratch("counted");
        let line = "{\"id\":\"a\",\"text\":\"One.\"}\n";
        std::fs::write(dir.join("a.jsonl"), line.repeat(3).replace("\"a\"", "\"x\"")).unwrap();
        std::fs::write(dir.join("b.jsonl"), format!("{line}{}", line.replace("\"a\"", "\"b\""))).unwrap();
        std::fs::write(dir.join("c.txt"), "Title\n\nBody.").unwrap();
        let total = input_size(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(total, 5 * line.len() as u64 + "Title\n\nBody.".len() as u64);
        let read = AtomicU64::new(0);
        let options = ReadOptions::default();
        let mut items = read_paths_counted(std::slice::from_ref(&dir), &options, Some(&read));
        items.next();
        assert_eq!(read.load(Ordering::Relaxed), line.len() as u64, "a JSON line is counted once read");
        assert_eq!(items.count(), 5);
        assert_eq!(read.load(Ordering::Relaxed), total);
        assert_eq!(input_size(&[PathBuf::from("-")]), None);
    }

    #[test]
    fn an_input_with_no_text_is_empty_and_a_faulty_one_is_not() {
        let dir = scratch("no-text");
        let file = dir.join("in.jsonl");
        std::fs::write(&file, "{\"id\":\"a\",\"text\":\" \\n\"}\n{\"id\":\"b\"}\n").unwrap();
        std::fs::write(dir.join("blank.txt"), "\n \n").unwrap();
        let items = read(&[file, dir.join("blank.txt")]);
        let errors: Vec<&InputError> = items.iter().map(|i| i.as_ref().unwrap_err()).collect();
        assert_eq!(errors.iter().map(|e| e.empty).collect::<Vec<_>>(), [true, false, true]);
        assert!(errors[1].message.contains("missing \"text\""), "{}", errors[1]);
    }

    #[test]
    fn text_files_take_their_id_and_title_and_bad_files_are_refused() {
        let dir = scratch("txt");
        std::fs::write(dir.join("story-1.txt"), "Headline here\n\nBody text.").unwrap();
        std::fs::write(dir.join("empty.txt"), "  \n").unwrap();
        std::fs::write(dir.join("binary.txt"), b"abc\n\x00\x01").unwrap();
        std::fs::write(dir.join("latin1.txt"), b"ok\nCaf\xe9").unwrap();
        std::fs::write(dir.join("ignored.bin"), b"whatever").unwrap();
        let items = read(std::slice::from_ref(&dir));
        assert_eq!(items.len(), 4);
        let messages: Vec<String> = items.iter().filter_map(|i| i.as_ref().err()).map(|e| e.to_string()).collect();
        assert!(messages.iter().any(|m| m.contains("binary.txt:2") && m.contains("binary")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("empty.txt") && m.contains("empty")));
        assert!(messages.iter().any(|m| m.contains("latin1.txt:2") && m.contains("UTF-8")));
        let article = items.iter().find_map(|i| i.as_ref().ok()).unwrap();
        assert_eq!(article.id, "story-1");
        assert_eq!(article.title.as_deref(), Some("Headline here"));
    }

    #[test]
    fn oversized_articles_are_refused() {
        let dir = scratch("big");
        let file = dir.join("big.txt");
        std::fs::write(&file, "a".repeat(2000)).unwrap();
        let options = ReadOptions { max_article_bytes: 1000, ..ReadOptions::default() };
        let items: Vec<_> = read_paths(&[file], &options).collect();
        assert!(items[0].as_ref().unwrap_err().message.contains("of 2.0 kB is over the limit of 1.0 kB"));
    }

    #[test]
    fn only_web_links_are_kept() {
        assert_eq!(web_link(" https://example.org/a ").as_deref(), Some("https://example.org/a"));
        assert_eq!(web_link("HTTP://example.org").as_deref(), Some("HTTP://example.org"));
        for bad in ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "/relative", "http://a\nb", ""] {
            assert_eq!(web_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn sizes_are_never_rounded_to_nothing() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(999), "999 bytes");
        assert_eq!(size(1_500), "1.5 kB");
        assert_eq!(size(8_388_608), "8.4 MB");
    }

    #[test]
    fn missing_paths_and_unknown_types_are_reported() {
        let dir = scratch("missing");
        std::fs::write(dir.join("x.pdf"), "x").unwrap();
        let items = read(&[dir.join("nope.jsonl"), dir.join("x.pdf")]);
        assert!(items[0].as_ref().unwrap_err().message.contains("cannot read"));
        assert!(items[1].as_ref().unwrap_err().message.contains("unsupported"));
    }

    #[test]
    fn published_fallback_and_bad_dates() {
        let options = ReadOptions { published: Some("2024-02-03".into()), ..ReadOptions::default() };
        assert_eq!(published_date(None, &options).unwrap().as_deref(), Some("2024-02-03"));
        assert!(published_date(Some("last week"), &options).is_err());
    }
}
