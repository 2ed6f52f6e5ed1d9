//! WARC files (`.warc`, `.warc.gz`; WARC/1.0 and 1.1, as web crawls such as CC-NEWS ship them).
//! Each `response` record holding an HTML page becomes an article through the HTML extractor:
//! the record's `WARC-Record-ID` is its id, its `WARC-Target-URI` its url, and its `WARC-Date`
//! the publication date when the page states none. Other records (requests, metadata,
//! redirects, images) are passed over.
//!
//! A `.warc.gz` file is a series of gzip members, usually one record each; records are read as
//! a stream, and a record is held in memory only up to the article size limit (plus its
//! headers): a bigger one is read through and reported. A bad record is reported by file and
//! byte offset (`news.warc.gz@5120`: the offset of its gzip member in a `.warc.gz`, as CDX
//! indexes give it) and skipped; in a `.warc.gz` reading goes on at the next member.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::bufread::GzDecoder;

use super::walk::open_regular;
use super::{error, html_article, nothing, read_whole_from, size, too_long, web_link, InputError, ReadOptions};
use crate::model::Article;

/// What a record may hold beyond the article size limit: its HTTP headers.
const HEADROOM: u64 = 64 << 10;
/// The first bytes of a gzip member.
const GZIP: [u8; 2] = [0x1f, 0x8b];
/// The longest WARC or HTTP header block read.
const MAX_HEADER: u64 = 64 << 10;

/// A reader that counts the bytes consumed from it: record offsets.
struct Counted<R> {
    inner: R,
    offset: u64,
}

impl<R> Counted<R> {
    fn new(inner: R) -> Self {
        Counted { inner, offset: 0 }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.offset += n as u64;
    }
}

type File = Counted<Box<dyn BufRead + Send>>;
/// One gzip member of a `.warc.gz`, decompressed as it is read.
type Member = Counted<BufReader<GzDecoder<File>>>;

/// A response record, its block (the HTTP response) held.
struct Response {
    /// `WARC-Record-ID`, without its angle brackets.
    id: Option<String>,
    uri: Option<String>,
    date: Option<String>,
    block: Vec<u8>,
}

/// What the next record of a stream is.
enum Next {
    /// The end of the stream.
    End,
    /// A record that is no HTTP response, passed over.
    Other,
    Response(Response),
    /// A record that cannot be read; `lost` when the stream cannot be followed after it.
    Bad {
        message: String,
        lost: bool,
    },
}

/// Reads the next record of `r`, holding its block only when it is an HTTP response of at most
/// `limit` bytes.
fn next_record(r: &mut impl BufRead, limit: u64) -> io::Result<Next> {
    let head = match read_head(r)? {
        Head::End => return Ok(Next::End),
        Head::Bad(message) => return Ok(Next::Bad { message, lost: true }),
        Head::Lines(head) => head,
    };
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.lines();
    let version = lines.next().unwrap_or_default().trim();
    if !version.starts_with("WARC/") {
        let start: String = version.chars().take(24).collect();
        return Ok(Next::Bad { message: format!("not a WARC record: it starts with {start:?}"), lost: true });
    }
    let fields = header_fields(lines);
    let Some(length) = fields.get("content-length").and_then(|v| v.parse::<u64>().ok()) else {
        return Ok(Next::Bad { message: "record without a valid Content-Length".into(), lost: true });
    };
    let response = fields.get("warc-type").is_some_and(|t| t.eq_ignore_ascii_case("response"))
        && fields.get("content-type").is_some_and(|t| t.to_ascii_lowercase().starts_with("application/http"));
    let truncated = || Next::Bad { message: "truncated record (the file ends inside it)".into(), lost: true };
    if !matches!(version, "WARC/1.0" | "WARC/1.1") {
        if skip(r, length)? < length {
            return Ok(truncated());
        }
        let message = format!("{version} is not read (WARC/1.0 and WARC/1.1 are)");
        return Ok(Next::Bad { message, lost: false });
    }
    if !response || length > limit + HEADROOM {
        if skip(r, length)? < length {
            return Ok(truncated());
        }
        if !response {
            return Ok(Next::Other);
        }
        let message = format!("record of {} is over the limit of {} (--max-article-mb)", size(length), size(limit));
        return Ok(Next::Bad { message, lost: false });
    }
    let mut block = Vec::with_capacity(length as usize);
    if r.take(length).read_to_end(&mut block)? < length as usize {
        return Ok(truncated());
    }
    let id = fields.get("warc-record-id").map(|id| id.trim_start_matches('<').trim_end_matches('>').to_string());
    Ok(Next::Response(Response {
        id: id.filter(|id| !id.is_empty()),
        uri: fields.get("warc-target-uri").map(|u| u.trim_start_matches('<').trim_end_matches('>').to_string()),
        date: fields.get("warc-date").cloned(),
        block,
    }))
}

/// A record's header block.
enum Head {
    End,
    Bad(String),
    /// The lines up to the blank line that ends them.
    Lines(Vec<u8>),
}

/// Reads a header block (after the blank lines that part records), at most [`MAX_HEADER`] bytes.
fn read_head(r: &mut impl BufRead) -> io::Result<Head> {
    skip_blank(r)?;
    if r.fill_buf()?.is_empty() {
        return Ok(Head::End);
    }
    let mut head = Vec::new();
    loop {
        let start = head.len();
        let room = MAX_HEADER.saturating_sub(start as u64);
        if room == 0 {
            return Ok(Head::Bad(format!("record header over {}", size(MAX_HEADER))));
        }
        if r.take(room).read_until(b'\n', &mut head)? == 0 {
            return Ok(Head::Bad("truncated record (the file ends in its header)".into()));
        }
        if matches!(&head[start..], b"\r\n" | b"\n") {
            return Ok(Head::Lines(head));
        }
    }
}

/// `Name: value` lines (folded lines joined), by lower-case name.
fn header_fields<'a>(lines: impl Iterator<Item = &'a str>) -> HashMap<String, String> {
    let mut fields = HashMap::new();
    let mut last: Option<String> = None;
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some(value) = last.as_ref().and_then(|name| fields.get_mut(name)) {
                let value: &mut String = value;
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            fields.insert(name.clone(), value.trim().to_string());
            last = Some(name);
        }
    }
    fields
}

/// Reads `n` bytes through without keeping them; how many there were.
fn skip(r: &mut impl BufRead, n: u64) -> io::Result<u64> {
    io::copy(&mut r.take(n), &mut io::sink())
}

/// The HTML page of an HTTP response, when it is a successful one of type HTML; a message when
/// it cannot be read.
fn html_page(block: &[u8], limit: u64) -> Result<Option<Vec<u8>>, String> {
    let end = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4)
        .or_else(|| block.windows(2).position(|w| w == b"\n\n").map(|at| at + 2))
        .ok_or("no HTTP header in the response record")?;
    let head = String::from_utf8_lossy(&block[..end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default();
    let code = status.split_whitespace().nth(1).and_then(|c| c.parse::<u16>().ok());
    if !status.starts_with("HTTP/") || code.is_none() {
        return Err(format!("not an HTTP response: it starts with {:?}", status.chars().take(24).collect::<String>()));
    }
    let fields = header_fields(lines);
    let media = fields.get("content-type").map(|t| t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
    let html = matches!(media.as_deref(), Some("text/html" | "application/xhtml+xml"));
    if !html || !code.is_some_and(|c| (200..300).contains(&c)) {
        return Ok(None);
    }
    let mut body = block[end..].to_vec();
    if fields.get("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body).ok_or("bad chunked transfer encoding")?;
    }
    match fields.get("content-encoding").map(|e| e.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => {
            let mut plain = Vec::new();
            let read = GzDecoder::new(&body[..]).take(limit + 1).read_to_end(&mut plain);
            read.map_err(|err| format!("bad gzip content encoding: {err}"))?;
            body = plain;
        }
        Some(other) => return Err(format!("content encoding {other:?} is not read (gzip is)")),
    }
    Ok(Some(body))
}

/// The body of a chunked HTTP message.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&data[..line_end]).ok()?;
        let len = usize::from_str_radix(line.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 1..];
        if len == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..len)?);
        data = data.get(len..)?;
        data = data.strip_prefix(b"\r\n").or_else(|| data.strip_prefix(b"\n")).unwrap_or(data);
    }
}

/// Where the reader is: in a plain file, or in a gzip member of a `.warc.gz` that began at
/// the given offset, or between members.
enum State {
    Plain(File),
    Between(File),
    Member(u64, Box<Member>),
    Done,
}

/// The articles of one WARC file, streamed.
pub(super) struct Warc<'a> {
    shown: String,
    state: State,
    options: &'a ReadOptions,
    /// Bytes read so far are added here (progress).
    read: Option<&'a AtomicU64>,
    counted: u64,
    /// Record ids seen, with where.
    seen: HashMap<String, String>,
    /// Records read, and articles and errors given.
    records: u64,
    given: u64,
    /// An error to report first (the file could not be opened).
    pending: Option<InputError>,
}

impl<'a> Warc<'a> {
    /// A `.warc` (`gz` false) or `.warc.gz` file.
    pub(super) fn open(path: PathBuf, gz: bool, options: &'a ReadOptions) -> Warc<'a> {
        let shown = path.display().to_string();
        match open_regular(&path) {
            Ok(file) => Warc::from_reader(shown, Box::new(BufReader::new(file)), gz, options),
            Err(err) => Warc {
                state: State::Done,
                pending: Some(err),
                records: 1,
                ..Warc::from_reader(shown, Box::new(io::empty()), gz, options)
            },
        }
    }

    /// Records from any reader; `shown` names it in errors.
    pub(super) fn from_reader(
        shown: String,
        reader: Box<dyn BufRead + Send>,
        gz: bool,
        options: &'a ReadOptions,
    ) -> Warc<'a> {
        let file = Counted::new(reader);
        let state = if gz { State::Between(file) } else { State::Plain(file) };
        Warc {
            shown,
            state,
            options,
            read: None,
            counted: 0,
            seen: HashMap::new(),
            records: 0,
            given: 0,
            pending: None,
        }
    }

    /// The same records, adding the bytes read to `read`.
    pub(super) fn counting(self, read: Option<&'a AtomicU64>) -> Warc<'a> {
        Warc { read, ..self }
    }

    /// How far into the file the reader is (compressed bytes for a `.warc.gz`).
    fn file_offset(&self) -> u64 {
        match &self.state {
            State::Plain(f) | State::Between(f) => f.offset,
            State::Member(_, m) => m.inner.get_ref().get_ref().offset,
            State::Done => self.counted,
        }
    }

    fn note_read(&mut self) {
        let now = self.file_offset();
        if let Some(read) = self.read {
            read.fetch_add(now.saturating_sub(self.counted), Ordering::Relaxed);
        }
        self.counted = self.counted.max(now);
    }

    /// `file@offset`, or `file@member+offset` for a record deep in a gzip member.
    fn origin(&self, offset: u64) -> String {
        match &self.state {
            State::Member(member, _) if offset > 0 => format!("{}@{member}+{offset}", self.shown),
            State::Member(member, _) => format!("{}@{member}", self.shown),
            _ => format!("{}@{offset}", self.shown),
        }
    }

    /// The next record of the current stream, moving between gzip members; `None` at the end
    /// of the file.
    fn step(&mut self) -> Option<(u64, io::Result<Next>)> {
        let limit = self.options.max_article_bytes as u64;
        loop {
            match &mut self.state {
                State::Done => return None,
                State::Plain(file) => {
                    // A gzipped file named .warc is read as a .warc.gz.
                    if file.offset == 0 && file.fill_buf().is_ok_and(|buf| buf.starts_with(&GZIP)) {
                        if let State::Plain(file) = std::mem::replace(&mut self.state, State::Done) {
                            self.state = State::Between(file);
                        }
                        continue;
                    }
                    let _ = skip_blank(file);
                    let offset = file.offset;
                    let next = next_record(file, limit);
                    if matches!(next, Ok(Next::End)) {
                        self.note_read();
                        self.state = State::Done;
                        return None;
                    }
                    return Some((offset, next));
                }
                State::Between(file) => {
                    let start = file.offset;
                    // A file named .warc.gz that is not gzipped is read as it is.
                    let gzip = match file.fill_buf() {
                        Ok([]) => {
                            self.note_read();
                            self.state = State::Done;
                            return None;
                        }
                        Ok(buf) => start > 0 || buf.starts_with(&GZIP),
                        Err(err) => return Some((start, Err(err))),
                    };
                    let State::Between(file) = std::mem::replace(&mut self.state, State::Done) else {
                        return None;
                    };
                    self.state = match gzip {
                        true => State::Member(start, Box::new(Counted::new(BufReader::new(GzDecoder::new(file))))),
                        false => State::Plain(file),
                    };
                }
                State::Member(_, member) => {
                    let _ = skip_blank(member);
                    let offset = member.offset;
                    let next = next_record(member, limit);
                    if matches!(next, Ok(Next::End)) {
                        self.end_member();
                        continue;
                    }
                    return Some((offset, next));
                }
            }
        }
    }

    /// Leaves the current gzip member, read to its end.
    fn end_member(&mut self) {
        if let State::Member(_, member) = std::mem::replace(&mut self.state, State::Done) {
            self.state = State::Between(member.inner.into_inner().into_inner());
        }
    }

    /// After a record that cannot be followed: the next gzip member, or the end of a plain file.
    fn lose_sync(&mut self) -> Option<&'static str> {
        match &mut self.state {
            State::Member(_, member) => match skip(member, u64::MAX) {
                Ok(_) => {
                    self.end_member();
                    None
                }
                Err(_) => {
                    self.state = State::Done;
                    Some("; the rest of the file is skipped")
                }
            },
            _ => {
                self.state = State::Done;
                Some("; the rest of the file is skipped")
            }
        }
    }

    /// The article of a response record, if it holds an HTML page.
    fn article(&mut self, record: Response, origin: String) -> Option<Result<Article, InputError>> {
        let page = match html_page(&record.block, self.options.max_article_bytes as u64) {
            Ok(Some(page)) => page,
            Ok(None) => return None,
            Err(message) => return Some(Err(error(origin, message))),
        };
        let id = record.id.unwrap_or_else(|| origin.rsplit('/').next().unwrap_or(&origin).to_string());
        let origin = format!("{origin} (article {id})");
        if let Some(first) = self.seen.get(&id) {
            return Some(Err(error(origin, format!("duplicate id (first seen at {first})"))));
        }
        self.seen.insert(id.clone(), origin.clone());
        if page.len() > self.options.max_article_bytes {
            return Some(Err(error(origin, too_long(page.len() as u64, self.options))));
        }
        let article = read_whole_from(&page[..], &origin, self.options)
            .and_then(|html| html_article(&html, &id, &origin, self.options, record.date.as_deref()));
        Some(article.map(|mut article| {
            if let Some(url) = record.uri.as_deref().and_then(web_link) {
                article.url = Some(url);
            }
            article
        }))
    }
}

/// Passes over the blank lines that part records.
fn skip_blank(r: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = r.fill_buf()?;
        let blank = buf.iter().take_while(|&&b| b == b'\r' || b == b'\n').count();
        if blank == 0 {
            return Ok(());
        }
        r.consume(blank);
    }
}

impl Iterator for Warc<'_> {
    type Item = Result<Article, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(err) = self.pending.take() {
            self.given += 1;
            return Some(Err(err));
        }
        loop {
            let Some((offset, next)) = self.step() else {
                if self.records == 0 {
                    self.records = 1;
                    self.given = 1;
                    return Some(Err(nothing(self.shown.clone(), "empty file (no WARC records)")));
                }
                if self.given == 0 {
                    self.given = 1;
                    return Some(Err(nothing(self.shown.clone(), "no HTML response records")));
                }
                return None;
            };
            let origin = self.origin(offset);
            let item = match next {
                Ok(Next::End) => None,
                Ok(Next::Other) => {
                    self.records += 1;
                    None
                }
                Ok(Next::Response(record)) => {
                    self.records += 1;
                    self.article(record, origin)
                }
                Ok(Next::Bad { message, lost }) => {
                    self.records += 1;
                    let rest = if lost { self.lose_sync() } else { None };
                    Some(Err(error(origin, format!("{message}{}", rest.unwrap_or("")))))
                }
                Err(err) => {
                    self.records += 1;
                    self.state = State::Done;
                    Some(Err(error(origin, format!("read failed: {err}; the rest of the file is skipped"))))
                }
            };
            self.note_read();
            if item.is_some() {
                self.given += 1;
                return item;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    /// A saved news page; `date` is its own stated publication time, if any.
    fn page(title: &str, body: &str, date: Option<&str>) -> String {
        let meta =
            date.map(|d| format!("<meta property=\"article:published_time\" content=\"{d}\">")).unwrap_or_default();
        format!(
            "<!doctype html><html><head><title>{title}</title>{meta}</head><body><nav><a href=\"/\">Home</a></nav>\
             <article><h1>{title}</h1><p>{body}</p></article><footer>Contact us.</footer></body></html>"
        )
    }

    /// An HTTP response with these headers and body.
    fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
        for (name, value) in headers {
            out.extend(format!("{name}: {value}\r\n").bytes());
        }
        out.extend(b"\r\n");
        out.extend(body);
        out
    }

    /// A WARC record of `kind` holding `block`.
    fn record(version: &str, kind: &str, id: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let content_type = match kind {
            "response" => "application/http; msgtype=response",
            "request" => "application/http; msgtype=request",
            _ => "application/warc-fields",
        };
        let mut out = format!(
            "{version}\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2023-01-17T09:30:00Z\r\n\
             WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend(block);
        out.extend(b"\r\n\r\n");
        out
    }

    fn html_response(id: &str, page: &str) -> Vec<u8> {
        let block = http("200 OK", &[("Content-Type", "text/html; charset=UTF-8")], page.as_bytes());
        record("WARC/1.0", "response", id, &format!("https://news.example.org/{id}"), &block)
    }

    /// A small crawl: warcinfo, a request, two news pages (one dated by the page, one not), an
    /// image, a redirect.
    fn crawl() -> Vec<Vec<u8>> {
        vec![
            record("WARC/1.1", "warcinfo", "info", "", b"software: test\r\n"),
            record("WARC/1.1", "request", "req", "https://news.example.org/a", b"GET /a HTTP/1.1\r\n\r\n"),
            html_response(
                "a",
                &page(
                    "Japan praises Vietnam",
                    "Tokyo - Japan praised Vietnam's flood work on Monday.",
                    Some("2023-01-16T08:00:00+07:00"),
                ),
            ),
            record(
                "WARC/1.1",
                "response",
                "img",
                "https://news.example.org/x.jpg",
                &http("200 OK", &[("Content-Type", "image/jpeg")], b"\xff\xd8\xff"),
            ),
            record(
                "WARC/1.1",
                "response",
                "moved",
                "https://news.example.org/old",
                &http(
                    "301 Moved Permanently",
                    &[("Content-Type", "text/html"), ("Location", "/new")],
                    b"<a href=/new>moved</a>",
                ),
            ),
            html_response("b", &page("Peru thanks Norway", "Lima - Peru thanked Norway for its help.", None)),
        ]
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn read(bytes: Vec<u8>, gz: bool, options: &ReadOptions) -> Vec<Result<Article, InputError>> {
        Warc::from_reader("in.warc".into(), Box::new(io::Cursor::new(bytes)), gz, options).collect()
    }

    fn check_crawl(items: &[Result<Article, InputError>]) {
        assert_eq!(items.len(), 2, "{items:?}");
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.id, "urn:uuid:a");
        assert_eq!(a.url.as_deref(), Some("https://news.example.org/a"));
        assert_eq!(a.published.as_deref(), Some("2023-01-16"), "the page's own date wins");
        assert_eq!(a.title.as_deref(), Some("Japan praises Vietnam"));
        assert!(a.text.contains("Japan praised Vietnam's flood work") && !a.text.contains("Contact us"), "{}", a.text);
        let b = items[1].as_ref().unwrap();
        assert_eq!((b.id.as_str(), b.published.as_deref()), ("urn:uuid:b", Some("2023-01-17")), "the record's date");
    }

    #[test]
    fn html_responses_become_articles_and_other_records_are_passed_over() {
        let options = ReadOptions { published: Some("2020-01-01".into()), ..ReadOptions::default() };
        check_crawl(&read(crawl().concat(), false, &options));
    }

    #[test]
    fn a_gzip_member_per_record_reads_the_same() {
        let members: Vec<Vec<u8>> = crawl().iter().map(|r| gzip(r)).collect();
        check_crawl(&read(members.concat(), true, &ReadOptions::default()));
        // One member for the whole file reads the same too, and so does a file named for the
        // other kind (gzipped .warc, plain .warc.gz).
        check_crawl(&read(gzip(&crawl().concat()), true, &ReadOptions::default()));
        check_crawl(&read(members.concat(), false, &ReadOptions::default()));
        check_crawl(&read(crawl().concat(), true, &ReadOptions::default()));
    }

    #[test]
    fn a_bad_member_is_reported_by_its_offset_and_reading_goes_on() {
        let records = crawl();
        let mut members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
        members.insert(2, gzip(b"GARBAGE that is no WARC record\r\n\r\n"));
        let bad_at: usize = members[..2].iter().map(Vec::len).sum();
        let items = read(members.concat(), true, &ReadOptions::default());
        check_skipped_then_crawl(&items, bad_at, "not a WARC record");
    }

    /// The first item is an error for the record at `at` that says `what`; the crawl follows.
    fn check_skipped_then_crawl(items: &[Result<Article, InputError>], at: usize, what: &str) {
        assert_eq!(items.len(), 3, "{items:?}");
        let err = items[0].as_ref().unwrap_err();
        assert_eq!(err.origin, format!("in.warc@{at}"));
        assert!(err.message.contains(what), "{err}");
        check_crawl(&items[1..]);
    }

    #[test]
    fn a_record_over_the_limit_is_skipped_without_being_held() {
        let options = ReadOptions { max_article_bytes: 1000, ..ReadOptions::default() };
        let big = html_response("big", &page("Big", &"Japan praised Vietnam. ".repeat(10_000), None));
        let mut records = crawl();
        records.insert(2, big);
        let big_at: usize = records[..2].iter().map(Vec::len).sum();
        check_skipped_then_crawl(&read(records.concat(), false, &options), big_at, "over the limit of 1.0 kB");
    }

    #[test]
    fn unknown_versions_truncated_files_and_encodings() {
        let mut records = crawl();
        records[2].splice(..8, b"WARC/0.9".iter().copied());
        let mut bytes = records.concat();
        let cut = bytes.len() - 40;
        bytes.truncate(cut);
        let items = read(bytes, false, &ReadOptions::default());
        let messages: Vec<String> = items.iter().map(|i| i.as_ref().unwrap_err().to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("WARC/0.9 is not read"), "{messages:?}");
        assert!(messages[1].contains("truncated record"), "{messages:?}");

        // Chunked transfer and gzip content encoding are undone; other encodings are reported.
        let html = page("Peru thanks Norway", "Lima - Peru thanked Norway for its help.", None);
        let zipped = gzip(html.as_bytes());
        let mut chunked = Vec::new();
        for chunk in zipped.chunks(50) {
            chunked.extend(format!("{:x}\r\n", chunk.len()).bytes());
            chunked.extend(chunk);
            chunked.extend(b"\r\n");
        }
        chunked.extend(b"0\r\n\r\n");
        let headers = [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")];
        let block = http("200 OK", &headers, &chunked);
        assert_eq!(html_page(&block, 1 << 20).unwrap().unwrap(), html.as_bytes());
        let block = http("200 OK", &[("Content-Type", "text/html"), ("Content-Encoding", "br")], b"...");
        assert!(html_page(&block, 1 << 20).unwrap_err().contains("\"br\" is not read"));
        assert!(html_page(b"<html>no header", 1 << 20).unwrap_err().contains("no HTTP header"));
    }

    #[test]
    fn pages_in_other_charsets_and_duplicate_ids_are_reported() {
        let latin = http("200 OK", &[("Content-Type", "text/html; charset=iso-8859-1")], b"<p>Caf\xe9 story</p>");
        let records = [
            crawl()[2].clone(),
            record("WARC/1.0", "response", "latin", "https://news.example.org/l", &latin),
            crawl()[2].clone(),
        ];
        let items = read(records.concat(), false, &ReadOptions::default());
        assert!(items[0].is_ok());
        let errors: Vec<String> = items[1..].iter().map(|i| i.as_ref().unwrap_err().to_string()).collect();
        assert!(errors[0].contains("(article urn:uuid:latin)") && errors[0].contains("UTF-8"), "{errors:?}");
        assert!(errors[1].contains("duplicate id (first seen at in.warc@0"), "{errors:?}");
    }

    #[test]
    fn empty_files_and_files_without_pages_have_nothing_to_code() {
        let items = read(Vec::new(), true, &ReadOptions::default());
        assert_eq!(items.len(), 1, "one error for an empty file: {items:?}");
        assert!(items[0].as_ref().unwrap_err().empty);
        let items = read(crawl()[..2].concat(), false, &ReadOptions::default());
        let err = items[0].as_ref().unwrap_err();
        assert!(err.empty && err.message.contains("no HTML response records"), "{err}");
        assert_eq!(items.len(), 1);
    }

    #[test]
    fn bytes_read_are_counted_to_the_end() {
        let bytes: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
        let total = bytes.len() as u64;
        let read = AtomicU64::new(0);
        let options = ReadOptions::default();
        let warc = Warc::from_reader("in.warc.gz".into(), Box::new(io::Cursor::new(bytes)), true, &options);
        assert_eq!(warc.counting(Some(&read)).count(), 2);
        assert_eq!(read.load(Ordering::Relaxed), total);
    }
}
