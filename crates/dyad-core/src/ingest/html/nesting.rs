//! How deep the markup may nest and how many attributes a tag may carry before html5ever gets
//! it: tags nested deeper than [`MAX_NESTING`] are dropped, their text kept, and attributes past
//! the first [`MAX_ATTRIBUTES`] of a tag are dropped (html5ever compares each new attribute with
//! every earlier one of its tag, so a tag with 160,000 attributes would take half a minute).

use std::borrow::Cow;

use super::{MAX_ATTRIBUTES, MAX_NESTING};

/// Elements that never hold content.
const VOID_TAGS: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
/// Elements whose end tag is optional: the parser closes them itself, so they are not counted.
const OPTIONAL_CLOSE_TAGS: &[&str] =
    &["p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot"];
/// Elements whose content is raw text up to their end tag.
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "textarea", "title", "xmp", "noembed", "iframe"];

/// The markup rewritten as it is scanned: what is kept is copied once something is dropped.
struct Rewrite<'a> {
    html: &'a str,
    out: Option<String>,
    /// How far `html` has been copied (or dropped).
    copied: usize,
}

impl<'a> Rewrite<'a> {
    /// Drops `start..end`, leaving a space in its place.
    fn drop(&mut self, start: usize, end: usize) {
        let buf = self.out.get_or_insert_with(|| String::with_capacity(self.html.len()));
        buf.push_str(&self.html[self.copied..start]);
        buf.push(' ');
        self.copied = end;
    }

    /// Drops the attributes of a tag from `cut` to its end (`tag_end`, just past `>`), keeping
    /// its closing `>` or `/>`.
    fn cut_attributes(&mut self, cut: usize, tag_end: usize) {
        let close = if self.html[..tag_end].ends_with("/>") { "/>" } else { ">" };
        let buf = self.out.get_or_insert_with(|| String::with_capacity(self.html.len()));
        buf.push_str(&self.html[self.copied..cut]);
        buf.push_str(close);
        self.copied = tag_end;
    }

    fn finish(self) -> Cow<'a, str> {
        match self.out {
            Some(mut buf) => {
                buf.push_str(&self.html[self.copied.min(self.html.len())..]);
                Cow::Owned(buf)
            }
            None => Cow::Borrowed(self.html),
        }
    }
}

/// Drops the tags nested deeper than [`MAX_NESTING`] (a lexical estimate), keeping their text,
/// and the attributes of a tag past its first [`MAX_ATTRIBUTES`]. Real pages are far shallower
/// and sparser, so they come back untouched.
pub(super) fn limit_nesting(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out = Rewrite { html, out: None, copied: 0 };
    let (mut depth, mut i) = (0usize, 0usize);
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        let mut cut = None;
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
            if !closing {
                cut = attribute_cut(html, name_start + name_len, tag_end).map(|at| (at, tag_end));
            }
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
            out.drop(start, end);
        } else if let Some((at, tag_end)) = cut {
            out.cut_attributes(at, tag_end);
        }
        i = end.max(start + 1);
        if i >= html.len() {
            break;
        }
    }
    out.finish()
}

/// Where the attribute past the first [`MAX_ATTRIBUTES`] of a tag starts, if it has more: the
/// attributes are read from `from` (just past the tag's name) to `to` (just past its `>`), as
/// html5ever reads them (a name, then `=` and a value, quoted or not).
fn attribute_cut(html: &str, from: usize, to: usize) -> Option<usize> {
    let bytes = &html.as_bytes()[..to.saturating_sub(1).max(from)];
    let (mut k, mut count) = (from, 0usize);
    let skip = |k: &mut usize, stop: &dyn Fn(u8) -> bool| {
        while *k < bytes.len() && !stop(bytes[*k]) {
            *k += 1;
        }
    };
    loop {
        skip(&mut k, &|b| !(b.is_ascii_whitespace() || b == b'/'));
        if k >= bytes.len() {
            return None;
        }
        count += 1;
        if count > MAX_ATTRIBUTES {
            return Some(k);
        }
        k += 1; // A name may start with `=`.
        skip(&mut k, &|b| b.is_ascii_whitespace() || b == b'/' || b == b'=');
        skip(&mut k, &|b| !b.is_ascii_whitespace());
        if k < bytes.len() && bytes[k] == b'=' {
            k += 1;
            skip(&mut k, &|b| !b.is_ascii_whitespace());
            match bytes.get(k) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    k += 1;
                    skip(&mut k, &|b| b == q);
                    k += 1;
                }
                _ => skip(&mut k, &|b| b.is_ascii_whitespace()),
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes(n: usize) -> String {
        (0..n).map(|k| format!(" a{k}=\"v {k}\" b{k}='x>' c{k}=u{k} d{k}")).collect()
    }

    #[test]
    fn attributes_past_the_cap_are_dropped() {
        let html = format!("<p{}>text</p><br{} />", attributes(MAX_ATTRIBUTES), attributes(MAX_ATTRIBUTES));
        let out = limit_nesting(&html);
        let p_end = out.find(">text").unwrap();
        assert_eq!(out[..p_end].matches("a").count(), MAX_ATTRIBUTES / 4, "{}", &out[..200]);
        assert!(out[..p_end].trim_end().ends_with("d63"), "{}", &out[p_end - 40..p_end]);
        assert!(out.ends_with("c63=u63 d63 />"), "{}", &out[out.len() - 40..]);
        assert!(!out.contains("a64"));
    }

    #[test]
    fn a_page_within_the_cap_comes_back_untouched() {
        let html = format!("<div{}><p>text</p></div>", attributes(MAX_ATTRIBUTES / 4));
        assert!(matches!(limit_nesting(&html), Cow::Borrowed(_)));
    }
}
