//! Cleaning: which parts of an article are its text. Photo captions, headline repeats glued to
//! captions ("hinh anh 1"), bylines, datelines ("Geneva (VNA) -"), related-news lists and their
//! headlines, and trailing "/." or "-VNA" are marked as not text, so nothing in them is coded.
//!
//! Nothing is rewritten: the result is a list of [`Block`]s, each a span of the original text.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Span;
use crate::text::fold;

/// What a block of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// The headline.
    Title,
    /// Article text.
    Body,
}

/// A stretch of article text to be coded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Where it is in the original text.
    pub span: Span,
    /// Headline or body.
    pub kind: BlockKind,
}

/// The cleaned article: its text blocks and what the dateline said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Text blocks in order.
    pub blocks: Vec<Block>,
    /// The dateline's place ("Geneva" in "Geneva (VNA) -"), when there is one.
    pub dateline: Option<Span>,
    /// The news agency the dateline names ("VNA"), when there is one.
    pub agency: Option<String>,
}

/// Headers that open a list of other articles' headlines.
const LIST_HEADERS: &[&str] = &[
    "related news",
    "latest news",
    "more news",
    "tin lien quan",
    "your care",
    "read more",
    "see also",
    "related articles",
    "related stories",
    "most read",
    "most popular",
    "other news",
    "recommended",
    "you may also like",
    "tags",
];

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:([A-Z][\p{L}.' -]{1,40}?)\s*\(([A-Z][A-Za-z]{1,9}(?:/[A-Z][A-Za-z]+)?)\)|(VOV)\.VN|(VNA)|(VTV)\.VN|Vietnamplus|VnExpress)\s*[-–—:]+\s*",
    )
    .expect("dateline pattern")
});

static TIMESTAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}:\d{2}\s*\|\s*\d{1,2}/\d{1,2}/\d{2,4}").expect("timestamp pattern"));

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:translated by|reported by|written by|by|source|edited by|photo|video)\s*:?\s+\S|^\(source:")
        .expect("byline")
});

static GLUED_CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s*\bhinh(?: anh)? \d+").expect("glued caption"));

static POSITION_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?:[LRC]|left|right|centre|center|(?:first|second|third|fourth), (?:left|right|from left|from right)|[0-9](?:st|nd|rd|th)?,? ?(?:from )?(?:left|right))\)")
        .expect("position mark")
});

/// Finds the text blocks of an article.
pub fn clean(text: &str) -> Cleaned {
    let mut out = Cleaned::default();
    let mut first = true;
    let mut in_list = false;
    let mut title_folded = String::new();
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start().len();
        let mut span = Span::new(line_start + lead, line_start + lead + trimmed.len());
        let folded = fold(trimmed);
        let header = folded.trim_end_matches(':').trim();
        if LIST_HEADERS.contains(&header) {
            in_list = true;
            continue;
        }
        if in_list {
            // A list runs on while its lines look like headlines or timestamps.
            if !looks_like_paragraph(trimmed) || TIMESTAMP.is_match(trimmed) {
                continue;
            }
            in_list = false;
        }
        if TIMESTAMP.is_match(trimmed) || BYLINE.is_match(trimmed) {
            continue;
        }
        // The first line is the headline, unless the story opens at once with its dateline.
        if first && DATELINE.is_match(trimmed) {
            first = false;
        }
        if first {
            first = false;
            // A headline with a caption glued to it: keep the headline part only.
            let head = match GLUED_CAPTION.find(trimmed) {
                Some(m) => &trimmed[..m.start()],
                None => trimmed,
            };
            if !head.trim().is_empty() {
                title_folded = fold(head.trim());
                span.end = span.start + head.trim_end().len();
                out.blocks.push(Block { span, kind: BlockKind::Title });
            }
            continue;
        }
        if is_caption(trimmed, &folded, &title_folded) {
            continue;
        }
        // Datelines open the first paragraphs: the place is kept aside, not coded.
        if let Some(m) = DATELINE.captures(trimmed) {
            if let Some(place) = m.get(1) {
                out.dateline.get_or_insert(Span::new(span.start + place.start(), span.start + place.end()));
            }
            if let Some(agency) = (2..=5).find_map(|g| m.get(g)) {
                out.agency.get_or_insert(agency.as_str().to_string());
            }
            span.start += m.get(0).map_or(0, |m| m.end());
        }
        span.end = span.start + trim_trailer(span.slice(text)).len();
        if span.end > span.start {
            out.blocks.push(Block { span, kind: BlockKind::Body });
        }
    }
    out
}

/// Removes trailing "/.", "-VNA" and similar wire sign-offs.
fn trim_trailer(mut text: &str) -> &str {
    loop {
        let before = text.len();
        text = text.trim_end();
        for tail in ["/.", "./", "-VNA", "– VNA", "- VNA", "(VNA)", "VNA/VNP"] {
            if let Some(rest) = text.strip_suffix(tail) {
                text = rest;
            }
        }
        if text.ends_with('/') {
            text = &text[..text.len() - 1];
        }
        if text.len() == before {
            break;
        }
    }
    // Keep the sentence's own full stop when "./." lost it.
    text
}

/// Whether a line reads as running prose rather than a headline, caption or label.
fn looks_like_paragraph(line: &str) -> bool {
    let line = trim_trailer(line);
    let ends = line.ends_with(['.', '!', '?', '"', '”', '\'', '’', ')', ':']) || line.ends_with("./");
    ends && line.split_whitespace().count() >= 6
}

fn is_caption(line: &str, folded: &str, title_folded: &str) -> bool {
    let lower = folded;
    if lower.contains("(photo") || lower.contains("photo:") || lower.contains("(image") || lower.contains("file photo")
    {
        return true;
    }
    if GLUED_CAPTION.is_match(line) {
        return true;
    }
    if !title_folded.is_empty() && (lower == title_folded || title_folded.starts_with(lower)) {
        return true;
    }
    if POSITION_MARK.is_match(line) && !line.trim_end().ends_with(['.', '!', '?']) {
        return true;
    }
    // A short line without a full stop under the headline is a caption or a label.
    !looks_like_paragraph(line) && line.split_whitespace().count() < 30 && !line.ends_with(['.', '!', '?', '"', '”'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        clean(text).blocks.iter().map(|b| b.span.slice(text).to_string()).collect()
    }

    #[test]
    fn glued_caption_leaves_the_headline() {
        let text = "Minister lauds ties with Laos hinh anh 1Minister A (right) meets B (Photo: VNA)\n\nHanoi (VNA) - Minister A met B in Hanoi on Monday to discuss ties./.\nVNA";
        let cleaned = clean(text);
        let blocks = kept(text);
        assert_eq!(
            blocks,
            vec!["Minister lauds ties with Laos", "Minister A met B in Hanoi on Monday to discuss ties."]
        );
        assert_eq!(cleaned.dateline.unwrap().slice(text), "Hanoi");
    }

    #[test]
    fn related_news_lists_are_dropped() {
        let text = "Title of story\nThe minister visited the country on Monday and signed two agreements.\nRelated News\nOther story one\n09:44 | 21/11/2024 Customs\nAnother story about a visit\nTIN LIÊN QUAN\nYet another headline\n";
        assert_eq!(
            kept(text),
            vec!["Title of story", "The minister visited the country on Monday and signed two agreements."]
        );
    }

    #[test]
    fn captions_and_bylines_are_dropped() {
        let text = "Head line\n\nAmbassador X (L) and Minister Y at the talk\n\nThe two sides agreed to continue to boost cooperation in many fields.\n\nTranslated by Trung Thanh\n(Source: WVR/VNA)";
        assert_eq!(
            kept(text),
            vec!["Head line", "The two sides agreed to continue to boost cooperation in many fields."]
        );
    }

    #[test]
    fn agency_prefix_dateline() {
        let text = "Head\n\nVOV.VN - As a member, Vietnam has stepped up close cooperation with many countries.";
        assert_eq!(kept(text)[1], "As a member, Vietnam has stepped up close cooperation with many countries.");
    }
}
