//! How deep the markup may nest before html5ever gets it: tags nested deeper than
//! [`MAX_NESTING`] are dropped, their text kept.

use std::borrow::Cow;

use super::MAX_NESTING;

/// Elements that never hold content.
const VOID_TAGS: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
/// Elements whose end tag is optional: the parser closes them itself, so they are not counted.
const OPTIONAL_CLOSE_TAGS: &[&str] =
    &["p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot"];
/// Elements whose content is raw text up to their end tag.
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "textarea", "title", "xmp", "noembed", "iframe"];

/// Drops the tags nested deeper than [`MAX_NESTING`] (a lexical estimate), keeping their text.
/// Real pages are far shallower, so they come back untouched.
pub(super) fn limit_nesting(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let (mut depth, mut i, mut copied) = (0usize, 0usize, 0usize);
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        let (end, drop) = if rest.starts_with("<!--") {
            (rest.find("-->").map_or(html.len(), |e| start + e + 3), false)
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            (rest.find('>').map_or(html.len(), |e| start + e + 1), false)
        } else {
            let closing = rest.starts_with("</");
            let name_start = start + if closing { 2 } else { 1 };
            let name_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
            if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
                i = start + 1;
                continue;
            }
            let name = html[name_start..name_start + name_len].to_ascii_lowercase();
            let tag_end = tag_end(html, name_start + name_len);
            let self_closing = html[..tag_end].ends_with("/>");
            if closing {
                let counted = !VOID_TAGS.contains(&name.as_str()) && !OPTIONAL_CLOSE_TAGS.contains(&name.as_str());
                let drop = counted && depth > MAX_NESTING;
                if counted {
                    depth = depth.saturating_sub(1);
                }
                (tag_end, drop)
            } else if RAW_TEXT_TAGS.contains(&name.as_str()) && !self_closing {
                let close = format!("</{name}");
                let lower_end = find_ascii_ci(html, tag_end, &close).unwrap_or(html.len());
                (lower_end, false)
            } else if VOID_TAGS.contains(&name.as_str()) || OPTIONAL_CLOSE_TAGS.contains(&name.as_str()) || self_closing
            {
                (tag_end, false)
            } else {
                depth += 1;
                (tag_end, depth > MAX_NESTING)
            }
        };
        if drop {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied..start]);
            buf.push(' ');
            copied = end;
        }
        i = end.max(start + 1);
        if i >= html.len() {
            break;
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied.min(html.len())..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(html),
    }
}

/// The index just past the `>` that ends a tag whose attributes start at `from`.
fn tag_end(html: &str, from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in html.as_bytes()[from..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return from + k + 1,
            None => {}
        }
    }
    html.len()
}

/// The first position at or after `from` where `needle` (ASCII) occurs, ignoring ASCII case.
fn find_ascii_ci(html: &str, from: usize, needle: &str) -> Option<usize> {
    let (hay, pat) = (html.as_bytes(), needle.as_bytes());
    if pat.is_empty() || hay.len() < pat.len() {
        return None;
    }
    (from..=hay.len() - pat.len()).find(|&k| hay[k..k + pat.len()].eq_ignore_ascii_case(pat))
}
