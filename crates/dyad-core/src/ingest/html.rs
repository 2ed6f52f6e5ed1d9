//! Saved HTML pages: the article's main text and its metadata.
//!
//! A page is parsed once with `scraper` (html5ever). Metadata (headline, canonical address,
//! publication time) is read from `<meta>`, `<link>`, `<time>` and JSON-LD. Boilerplate is then
//! cut out of the tree — scripts, navigation, share bars, cookie banners, comments, footers,
//! photo captions and "Related News" / "TIN LIÊN QUAN" lists — and what is left goes through
//! `dom_smoothie`'s readability-style extraction. The extracted HTML is walked once more to lay
//! the text out as paragraphs, one per block element, separated by a blank line, headline
//! first.
//!
//! Every walk over the tree is iterative (`ego_tree`'s `traverse`), so deeply nested input
//! cannot overflow the stack here; pages nested deeper than [`MAX_READABILITY_DEPTH`] or larger
//! than [`MAX_READABILITY_ELEMENTS`] skip `dom_smoothie` and keep the cleaned tree's text.

use std::borrow::Cow;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

/// What a saved page yields: its main text and metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlPage {
    /// Headline (`og:title`, `<h1>`, `<title>`).
    pub title: Option<String>,
    /// Canonical address (`<link rel=canonical>`, `og:url`).
    pub url: Option<String>,
    /// Publication time as found (`article:published_time`, `<time datetime>`, JSON-LD).
    pub published: Option<String>,
    /// Main text: paragraphs separated by blank lines, headline first.
    pub text: String,
}

/// Pages nested deeper than this are not handed to `dom_smoothie`, whose tree walks may recurse.
const MAX_READABILITY_DEPTH: usize = 256;
/// Pages with more elements than this are not handed to `dom_smoothie` (time bound).
const MAX_READABILITY_ELEMENTS: usize = 30_000;
/// Nesting allowed in the markup handed to html5ever, whose scope checks cost time in
/// proportion to the depth of the open elements: deeper tags are dropped, their text kept.
const MAX_NESTING: usize = 512;
/// Node visits allowed for the subtree measurements of one page (keeps cleaning linear-ish).
const MEASURE_BUDGET: usize = 2_000_000;

/// Extracts the main text and metadata of a page.
pub fn parse_html(html: &str) -> HtmlPage {
    let mut doc = Html::parse_document(&limit_nesting(html));
    let meta = read_metadata(&doc);
    let shape = measure_shape(&doc);

    remove_boilerplate(&mut doc);
    let fallback = paragraphs(doc.tree.root());
    let mut paras = if shape.depth <= MAX_READABILITY_DEPTH && shape.elements <= MAX_READABILITY_ELEMENTS {
        readability_paragraphs(&doc.html()).unwrap_or_default()
    } else {
        Vec::new()
    };
    if paras.is_empty() {
        paras = fallback;
    } else {
        recover_lead(&mut paras, &fallback);
    }

    let title = meta.title;
    let mut skip: Vec<String> = title.iter().map(|t| fold(t)).collect();
    skip.extend(meta.h1.iter().map(|t| fold(t)));
    let head_len = paras.len().min(3);
    let mut kept: Vec<String> = Vec::with_capacity(paras.len() + 1);
    for (i, p) in paras.into_iter().enumerate() {
        let is_headline = i < head_len && skip.contains(&fold(&p));
        if !is_headline && !is_related_label(&p) {
            kept.push(p);
        }
    }
    if let Some(t) = &title {
        kept.insert(0, t.clone());
    }
    HtmlPage { title, url: meta.url, published: meta.published, text: kept.join("\n\n") }
}

// ---------------------------------------------------------------------------------------------
// Nesting

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
fn limit_nesting(html: &str) -> Cow<'_, str> {
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

// ---------------------------------------------------------------------------------------------
// Metadata

#[derive(Default)]
struct Metadata {
    title: Option<String>,
    h1: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

fn read_metadata(doc: &Html) -> Metadata {
    let mut og_title = None;
    let mut og_url = None;
    let mut meta_published = None;
    let mut itemprop_published = None;
    let mut site_names: Vec<String> = Vec::new();
    let mut canonical = None;
    let mut h1 = None;
    let mut title_tag = None;
    let mut time_datetime = None;
    let mut ld_json: Vec<String> = Vec::new();

    for node in doc.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let attr = |name: &str| el.attr(name).map(collapse).filter(|v| !v.is_empty());
        match el.name() {
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))
                    .unwrap_or("")
                    .trim()
                    .to_lowercase();
                let Some(content) = attr("content") else {
                    continue;
                };
                match key.as_str() {
                    "og:title" => set_once(&mut og_title, content),
                    "og:url" => set_once(&mut og_url, content),
                    "og:site_name" | "application-name" => site_names.push(content),
                    "article:published_time" | "og:article:published_time" => set_once(&mut meta_published, content),
                    "datepublished" | "pubdate" | "publishdate" | "dc.date.issued" => {
                        set_once(&mut itemprop_published, content)
                    }
                    _ => {}
                }
            }
            "link" => {
                let rel = el.attr("rel").unwrap_or("");
                if rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")) {
                    if let Some(href) = attr("href") {
                        set_once(&mut canonical, href);
                    }
                }
            }
            "title" if title_tag.is_none() => {
                title_tag = Some(text_of(node)).filter(|t| !t.is_empty());
            }
            "h1" if h1.is_none() => h1 = Some(text_of(node)).filter(|t| !t.is_empty()),
            "time" => {
                if let Some(dt) = attr("datetime") {
                    // A `pubdate` or `itemprop=datePublished` time beats the first one seen.
                    let marked = el.attr("pubdate").is_some()
                        || el.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datepublished"));
                    if marked {
                        set_once(&mut itemprop_published, dt);
                    } else {
                        set_once(&mut time_datetime, dt);
                    }
                }
            }
            "script" => {
                let ty = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
                if ty == "application/ld+json" {
                    ld_json.push(raw_text_of(node));
                }
            }
            _ => {}
        }
    }

    let mut ld_published = None;
    for src in &ld_json {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(src) else {
            continue;
        };
        scan_json_ld(&value, &mut ld_published, &mut site_names);
    }

    let title = og_title
        .or_else(|| h1.clone())
        .or(title_tag)
        .map(|t| strip_site_suffix(&t, &site_names, h1.as_deref()))
        .filter(|t| !t.is_empty());
    Metadata {
        title,
        h1,
        url: canonical.or(og_url),
        published: meta_published.or(ld_published).or(itemprop_published).or(time_datetime),
    }
}

fn set_once(slot: &mut Option<String>, value: String) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// Finds the first `datePublished` and any publisher names in a JSON-LD value, without recursion.
fn scan_json_ld(value: &serde_json::Value, published: &mut Option<String>, sites: &mut Vec<String>) {
    use serde_json::Value;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(d)) = map.get("datePublished") {
                    let d = collapse(d);
                    if !d.is_empty() {
                        set_once(published, d);
                    }
                }
                if let Some(Value::Object(publisher)) = map.get("publisher") {
                    if let Some(Value::String(name)) = publisher.get("name") {
                        sites.push(collapse(name));
                    }
                }
                stack.extend(map.values().rev());
            }
            Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
}

/// Strips " | Site name"-style suffixes from a headline.
///
/// A suffix after " | ", " :: " or " » " goes when it is short; one after a dash only when it
/// names the site or when what precedes it is the page's `<h1>`, since headlines use dashes.
fn strip_site_suffix(title: &str, site_names: &[String], h1: Option<&str>) -> String {
    let sites: Vec<String> = site_names.iter().map(|s| fold(s)).filter(|s| !s.is_empty()).collect();
    let h1 = h1.map(fold);
    let mut title = collapse(title);
    for _ in 0..3 {
        let mut cut = None;
        for sep in [" | ", " :: ", " » ", " - ", " – ", " — "] {
            let Some(pos) = title.rfind(sep) else {
                continue;
            };
            let (head, tail) = (title[..pos].trim(), title[pos + sep.len()..].trim());
            if head.is_empty() {
                continue;
            }
            let tail_f = fold(tail);
            let names_site = sites.iter().any(|s| *s == tail_f || s.contains(&tail_f) || tail_f.contains(s.as_str()))
                || (!tail.contains(' ') && tail.contains('.'));
            let is_h1 = h1.as_deref() == Some(fold(head).as_str());
            let short_bar =
                sep.trim().chars().all(|c| !matches!(c, '-' | '–' | '—')) && tail.split_whitespace().count() <= 4;
            if names_site || is_h1 || short_bar {
                cut = Some(head.to_string());
                break;
            }
        }
        match cut {
            Some(head) => title = head,
            None => break,
        }
    }
    title
}

// ---------------------------------------------------------------------------------------------
// Boilerplate

struct Shape {
    depth: usize,
    elements: usize,
}

fn measure_shape(doc: &Html) -> Shape {
    let (mut depth, mut max_depth, mut elements) = (0usize, 0usize, 0usize);
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(n) if n.value().is_element() => {
                elements += 1;
                depth += 1;
                max_depth = max_depth.max(depth);
            }
            Edge::Close(n) if n.value().is_element() => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Shape { depth: max_depth, elements }
}

/// Elements whose whole subtree is never article text.
const DROP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "math",
    "canvas",
    "object",
    "embed",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "footer",
    "aside",
    "figcaption",
    "dialog",
    "menu",
    "video",
    "audio",
    "map",
];

/// `class` / `id` words that mark boilerplate containers.
const DROP_WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "banner-ad",
    "breadcrumb",
    "breadcrumbs",
    "caption",
    "comment",
    "comments",
    "consent",
    "cookie",
    "cookies",
    "footer",
    "gdpr",
    "menu",
    "mostread",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "popular",
    "print",
    "promo",
    "related",
    "relates",
    "relate",
    "share",
    "sharing",
    "sharebar",
    "sidebar",
    "social",
    "sponsored",
    "subscribe",
    "taboola",
    "tags",
    "toolbar",
    "trending",
];

/// `role` values that mark boilerplate.
const DROP_ROLES: &[&str] =
    &["navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search"];

/// Headings of related-article blocks, folded to lower case.
const RELATED_LABELS: &[&str] = &[
    "related",
    "related news",
    "related articles",
    "related stories",
    "related posts",
    "latest news",
    "latest",
    "most read",
    "most popular",
    "most viewed",
    "read more",
    "see also",
    "more news",
    "other news",
    "more stories",
    "you may also like",
    "recommended",
    "top stories",
    "tin liên quan",
    "tin mới nhất",
    "tin mới",
    "tin khác",
    "đọc nhiều",
    "đọc nhiều nhất",
    "xem thêm",
    "tin cùng chuyên mục",
    "bài liên quan",
];

fn is_related_label(text: &str) -> bool {
    let t = fold(text);
    let t = t.trim_end_matches([':', '.', '»', '›', '>']).trim();
    !t.is_empty() && t.len() < 40 && RELATED_LABELS.contains(&t)
}

fn remove_boilerplate(doc: &mut Html) {
    let mut budget = MEASURE_BUDGET;
    let drops = boilerplate_nodes(doc, &mut budget);
    detach_all(doc, &drops);
    let drops = related_blocks(doc, &mut budget);
    detach_all(doc, &drops);
    let drops = link_lists(doc, &mut budget);
    detach_all(doc, &drops);
}

fn detach_all(doc: &mut Html, ids: &[NodeId]) {
    for &id in ids {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// Pass 1: tags, roles, hidden elements and `class`/`id` words.
fn boilerplate_nodes(doc: &Html, budget: &mut usize) -> Vec<NodeId> {
    let total_p = doc.tree.root().descendants().filter(|n| is_tag(*n, "p")).count();
    let mut drops = Vec::new();
    let mut skipping: Option<NodeId> = None;
    let mut in_article = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                let Node::Element(el) = node.value() else {
                    continue;
                };
                let name = el.name();
                let drop = if DROP_TAGS.contains(&name) {
                    true
                } else if matches!(name, "html" | "body" | "head" | "title" | "meta" | "link") {
                    false
                } else if name == "header" {
                    in_article == 0 && !contains_tag(node, "h1", budget)
                } else if el.attr("hidden").is_some()
                    || el.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
                    || el.attr("style").is_some_and(is_hidden_style)
                    || el.attr("role").is_some_and(|r| DROP_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
                {
                    true
                } else if has_drop_word(el.attr("class")) || has_drop_word(el.attr("id")) {
                    !holds_article(node, total_p, budget)
                } else {
                    false
                };
                if drop {
                    drops.push(node.id());
                    skipping = Some(node.id());
                } else if matches!(name, "article" | "main") {
                    in_article += 1;
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if skipping.is_none() && (is_tag(node, "article") || is_tag(node, "main")) {
                    in_article = in_article.saturating_sub(1);
                }
            }
        }
    }
    drops
}

fn is_hidden_style(style: &str) -> bool {
    let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

fn has_drop_word(value: Option<&str>) -> bool {
    let Some(value) = value else { return false };
    let lower = value.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.iter().any(|w| DROP_WORDS.contains(w))
        || words.windows(2).any(|p| matches!((p[0], p[1]), ("most", "read") | ("read", "more") | ("most", "viewed")))
}

/// Whether a container flagged by its `class`/`id` in fact holds the article: it contains the
/// `<h1>` or an `<article>`, or at least half of the page's paragraphs.
fn holds_article(node: NodeRef<'_, Node>, total_p: usize, budget: &mut usize) -> bool {
    let mut p = 0usize;
    for n in node.descendants() {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if is_tag(n, "h1") || is_tag(n, "article") || is_tag(n, "main") {
            return true;
        }
        if is_tag(n, "p") {
            p += 1;
        }
    }
    total_p >= 3 && p * 2 >= total_p
}

/// Pass 2: a "Related News"-style heading with the link list that follows it.
fn related_blocks(doc: &Html, budget: &mut usize) -> Vec<NodeId> {
    let mut drops: Vec<NodeId> = Vec::new();
    let mut seen: HashSet<NodeId> = HashSet::new();
    for node in doc.tree.root().descendants() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        if !is_related_label(t) {
            continue;
        }
        let Some(mut label) = node.parent() else {
            continue;
        };
        if !label.value().is_element() || is_tag(label, "body") {
            continue;
        }
        // Climb while the ancestor holds nothing but the label.
        for _ in 0..6 {
            let Some(parent) = label.parent() else { break };
            if is_tag(parent, "body") || is_tag(parent, "article") || is_tag(parent, "main") {
                break;
            }
            if !is_related_label(&text_of_budget(parent, budget)) {
                break;
            }
            label = parent;
        }
        if !seen.insert(label.id()) {
            continue;
        }
        let container = label
            .parent()
            .filter(|p| p.value().is_element() && !["html", "body", "article", "main"].iter().any(|t| is_tag(*p, t)));
        if let Some(c) = container {
            let (total, links) = link_stats(c, budget);
            let label_len = letters(&text_of(label));
            if total > label_len && links * 2 >= total - label_len {
                drops.push(c.id());
                continue;
            }
        }
        drops.push(label.id());
        let mut next = label.next_sibling();
        while let Some(sib) = next {
            next = sib.next_sibling();
            match sib.value() {
                Node::Text(t) if t.trim().is_empty() => continue,
                Node::Comment(_) => continue,
                Node::Element(_) => {
                    let (total, links) = link_stats(sib, budget);
                    if total == 0 || links * 2 >= total {
                        drops.push(sib.id());
                        continue;
                    }
                }
                _ => {}
            }
            break;
        }
    }
    drops
}

/// Pass 3: lists of three or more items that are nearly all links (menus, headline lists).
fn link_lists(doc: &Html, budget: &mut usize) -> Vec<NodeId> {
    let mut drops = Vec::new();
    for node in doc.tree.root().descendants() {
        if !(is_tag(node, "ul") || is_tag(node, "ol")) {
            continue;
        }
        if drops.iter().any(|d| node.ancestors().take(64).any(|a| a.id() == *d)) {
            continue;
        }
        let items = node.children().filter(|c| is_tag(*c, "li")).count();
        if items < 3 {
            continue;
        }
        let (total, links) = link_stats(node, budget);
        if total > 0 && links * 5 >= total * 4 {
            drops.push(node.id());
        }
    }
    drops
}

/// Letters and digits in a subtree, and how many of them are inside links.
fn link_stats(node: NodeRef<'_, Node>, budget: &mut usize) -> (usize, usize) {
    let (mut total, mut links, mut in_link) = (0usize, 0usize, 0usize);
    for edge in node.traverse() {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Text(t) => {
                    let k = letters(t);
                    total += k;
                    if in_link > 0 {
                        links += k;
                    }
                }
                Node::Element(e) if e.name() == "a" => in_link += 1,
                _ => {}
            },
            Edge::Close(n) if is_tag(n, "a") => in_link = in_link.saturating_sub(1),
            _ => {}
        }
    }
    (total, links)
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

fn is_tag(node: NodeRef<'_, Node>, tag: &str) -> bool {
    matches!(node.value(), Node::Element(e) if e.name() == tag)
}

fn contains_tag(node: NodeRef<'_, Node>, tag: &str, budget: &mut usize) -> bool {
    for n in node.descendants() {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if is_tag(n, tag) {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Text

/// Runs `dom_smoothie` and lays its article out as paragraphs; `None` when it finds nothing.
fn readability_paragraphs(html: &str) -> Option<Vec<String>> {
    let cfg =
        dom_smoothie::Config { max_elements_to_parse: MAX_READABILITY_ELEMENTS, ..dom_smoothie::Config::default() };
    let content = catch_unwind(AssertUnwindSafe(|| {
        let mut reader = dom_smoothie::Readability::new(html, None, Some(cfg)).ok()?;
        reader.parse().ok().map(|article| article.content.to_string())
    }))
    .ok()??;
    let fragment = Html::parse_fragment(&content);
    let paras = paragraphs(fragment.tree.root());
    (!paras.is_empty()).then_some(paras)
}

/// Puts back lead paragraphs that readability left out because they sit outside the article
/// body (a wire story's "sapo" under the headline): up to two long paragraphs just before the
/// extracted text's first paragraph in the cleaned page, skipping short lines such as a date.
fn recover_lead(paras: &mut Vec<String>, fallback: &[String]) {
    let Some(first) = paras.first() else { return };
    let Some(start) = fallback.iter().position(|p| p == first) else {
        return;
    };
    let mut lead = Vec::new();
    let mut short_seen = 0;
    for p in fallback[..start].iter().rev() {
        if p.split_whitespace().count() >= 15 && !paras.contains(p) {
            lead.push(p.clone());
            if lead.len() == 2 {
                break;
            }
        } else {
            short_seen += 1;
            if short_seen > 3 || !lead.is_empty() {
                break;
            }
        }
    }
    lead.reverse();
    paras.splice(0..0, lead);
}

/// Elements that end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements whose text is never read.
const SKIP_TAGS: &[&str] = &[
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "title",
    "iframe",
    "svg",
    "math",
    "canvas",
    "object",
    "embed",
    "select",
    "textarea",
    "button",
    "figcaption",
    "video",
    "audio",
];

/// The text under `root`, one paragraph per block element, whitespace collapsed.
fn paragraphs(root: NodeRef<'_, Node>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut skipping: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => current.push_str(t),
                    Node::Element(e) if SKIP_TAGS.contains(&e.name()) => skipping = Some(node.id()),
                    Node::Element(e) if BLOCK_TAGS.contains(&e.name()) => flush(&mut current, &mut out),
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if skipping.is_none() {
                    if let Node::Element(e) = node.value() {
                        if BLOCK_TAGS.contains(&e.name()) {
                            flush(&mut current, &mut out);
                        }
                    }
                }
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let para = collapse(current);
    current.clear();
    if para.chars().any(char::is_alphanumeric) {
        out.push(para);
    }
}

/// Collapses runs of whitespace to one space and drops invisible format characters.
fn collapse(s: &str) -> String {
    let cleaned: String =
        s.chars().filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}')).collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower-cased, whitespace-collapsed form used for comparisons.
fn fold(s: &str) -> String {
    collapse(s).to_lowercase()
}

/// The collapsed text of a subtree (scripts and styles included; used for headings).
fn text_of(node: NodeRef<'_, Node>) -> String {
    collapse(&raw_text_of(node))
}

fn text_of_budget(node: NodeRef<'_, Node>, budget: &mut usize) -> String {
    let mut s = String::new();
    for n in node.descendants() {
        if *budget == 0 || s.len() > 200 {
            break;
        }
        *budget -= 1;
        if let Node::Text(t) = n.value() {
            s.push_str(t);
        }
    }
    collapse(&s)
}

fn raw_text_of(node: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for n in node.descendants() {
        if let Node::Text(t) = n.value() {
            s.push_str(t);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNHCR: &str = include_str!("../../tests/fixtures/html/vna-ambassador-unhcr.html");
    const UNICEF: &str = include_str!("../../tests/fixtures/html/vna-deputy-fm-unicef.html");
    const ILO: &str = include_str!("../../tests/fixtures/html/vna-ambassador-ilo.html");

    fn paras(page: &HtmlPage) -> Vec<&str> {
        page.text.split("\n\n").collect()
    }

    fn assert_excludes(page: &HtmlPage, junk: &[&str]) {
        for j in junk {
            assert!(!page.text.contains(j), "boilerplate {j:?} in:\n{}", page.text);
        }
    }

    #[test]
    fn unhcr_page_yields_article_only() {
        let page = parse_html(UNHCR);
        let title = "Vietnam, UNHCR discuss cooperation on humanitarian assistance";
        assert_eq!(page.title.as_deref(), Some(title));
        assert_eq!(
            page.url.as_deref(),
            Some(
                "https://en.vnwire.example/vietnam-unhcr-discuss-cooperation-on-humanitarian-assistance-post271044.vnw"
            )
        );
        assert_eq!(page.published.as_deref(), Some("2023-03-14T09:42:00+07:00"));
        let p = paras(&page);
        assert_eq!(p[0], title);
        assert!(p[1].starts_with("Geneva (VNW) – Ambassador Nguyen Hoang Lan, head of"));
        assert!(p.contains(&"Keller spoke highly of Vietnam’s contributions to the UNHCR's work in the Asia-Pacific region, particularly its efforts to reduce statelessness through the granting of citizenship to thousands of long-term residents along its borders."));
        assert!(p.iter().any(|x| x.contains("humanitarian affairs & international protection.")));
        assert!(p.last().unwrap().starts_with("The ambassador proposed"));
        assert_eq!(p.len(), 6);
        assert_excludes(
            &page,
            &[
                "cookies",
                "Accept",
                "Business",
                "Search",
                "Home",
                "Share on Facebook",
                "Tweet",
                "(Photo: VNW)",
                "Tags",
                "Related News",
                "Vietnam pledges support",
                "Most Read",
                "Prime Minister chairs",
                "Comments",
                "Reader A",
                "All rights reserved",
                "Ly Thuong Kiet",
                "dataLayer",
                "addEventListener",
                "NewsArticle",
                "{",
            ],
        );
    }

    #[test]
    fn unicef_page_keeps_lead_and_drops_inline_related_list() {
        let page = parse_html(UNICEF);
        let title = "Deputy FM hosts UNICEF regional director";
        assert_eq!(page.title.as_deref(), Some(title));
        assert_eq!(
            page.url.as_deref(),
            Some("https://en.vnwire.example/deputy-fm-hosts-unicef-regional-director-post271301.vnw")
        );
        assert_eq!(page.published.as_deref(), Some("2023-05-22T16:10:00+07:00"));
        let p = paras(&page);
        assert_eq!(p[0], title);
        assert!(p[1].starts_with("Hanoi (VNW) – Deputy Minister of Foreign Affairs Tran Minh Duc received"));
        assert!(p[2].starts_with("Duc appreciated UNICEF’s assistance"));
        assert!(p[3].starts_with("He asked the fund"));
        assert!(p[4].starts_with("Whitfield congratulated Vietnam"));
        assert!(p[5].starts_with("She also suggested"));
        assert_excludes(
            &page,
            &[
                "cookies",
                "Manage settings",
                "Monday, 22/05/2023",
                "Tiếng Việt",
                "Culture",
                "Facebook",
                "Email",
                "(Photo: VNW)",
                "TIN LIÊN QUAN",
                "UNICEF, Vietnam sign",
                "Executive Board",
                "Latest News",
                "ASEAN foreign ministers",
                "Parliament opens",
                "About us",
                "Licence",
                "trackPageView",
                "BreadcrumbList",
            ],
        );
    }

    #[test]
    fn ilo_page_splits_br_paragraphs_and_strips_title_suffix() {
        let page = parse_html(ILO);
        let title = "Ambassador meets ILO Director-General in Geneva";
        assert_eq!(page.title.as_deref(), Some(title));
        assert_eq!(
            page.url.as_deref(),
            Some("https://en.vnwire.example/ambassador-meets-ilo-director-general-in-geneva-post272218.vnw")
        );
        assert_eq!(page.published.as_deref(), Some("2023-06-08T08:30:00+07:00"));
        let p = paras(&page);
        assert_eq!(p[0], title);
        assert!(p[1].starts_with("Geneva (VNW) – Ambassador Nguyen Hoang Lan"));
        assert!(p[1].ends_with("International Labour Conference."));
        assert!(p.contains(&"Montoya praised Vietnam’s achievements in developing its labour market and social insurance system, and hailed the country’s ratification of ILO core conventions in recent years."));
        assert!(p.iter().any(|x| x.starts_with("She also invited Montoya")));
        assert_excludes(
            &page,
            &[
                "Economy",
                "A+",
                "Print",
                "Other news",
                "Switzerland hold political",
                "Most viewed",
                "Rice exports",
                "We use cookies",
                "Copyright",
                "font-family",
            ],
        );
    }

    #[test]
    fn related_list_under_article_is_dropped_and_paragraphs_stay_apart() {
        let html = "<html><head><title>Talks held</title></head><body><div class=\"post\">\
            <h1>Talks held</h1>\
            <p>The minister held talks with his counterpart on Monday, discussing trade, \
            investment and the fight against illegal fishing in the region.</p>\
            <p>Both sides agreed to hold the next round of consultations in Hanoi later \
            this year, a spokesman for the ministry said after the meeting.</p>\
            <h3>Related News</h3><ul><li><a href=\"/1\">Minister meets envoy</a></li>\
            <li><a href=\"/2\">Trade talks resume</a></li></ul></div></body></html>";
        let page = parse_html(html);
        let p = paras(&page);
        assert_eq!(p.len(), 3, "{}", page.text);
        assert_eq!(p[0], "Talks held");
        assert!(p[1].starts_with("The minister held talks"));
        assert!(p[2].starts_with("Both sides agreed"));
        assert_excludes(&page, &["Related", "envoy", "resume"]);
    }

    #[test]
    fn title_suffixes() {
        let site = vec!["Vietnam News Wire".to_string()];
        let cases: &[(&str, &[String], Option<&str>, &str)] = &[
            ("Talks held | Vietnam News Wire", &[], None, "Talks held"),
            ("Talks held | Politics | VNW", &[], None, "Talks held"),
            ("Talks held - Vietnam News Wire", &site, None, "Talks held"),
            ("Talks held - vnwire.example", &[], None, "Talks held"),
            ("Vietnam - Laos ties deepen", &[], None, "Vietnam - Laos ties deepen"),
            ("Vietnam - Laos ties deepen - VNW", &[], Some("Vietnam - Laos ties deepen"), "Vietnam - Laos ties deepen"),
            ("Hanoi hosts ASEAN forum", &site, None, "Hanoi hosts ASEAN forum"),
        ];
        for (title, sites, h1, want) in cases {
            assert_eq!(strip_site_suffix(title, sites, *h1), *want, "{title}");
        }
    }

    #[test]
    fn metadata_fallbacks() {
        let page = parse_html(
            "<html><head><meta property=\"og:url\" content=\" https://x.example/a \"></head>\
             <body><h1>A &amp; B meet</h1><time datetime=\"2023-01-16\">Jan 16</time>\
             <p>Text.</p></body></html>",
        );
        assert_eq!(page.title.as_deref(), Some("A & B meet"));
        assert_eq!(page.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(page.published.as_deref(), Some("2023-01-16"));
        assert!(page.text.starts_with("A & B meet\n\n"));
    }

    #[test]
    fn never_panics_on_hostile_input() {
        let deep = format!("{}deep text{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let page = parse_html(&deep);
        assert_eq!(page.text, "deep text");
        let unclosed = format!("{}x", "<span><b><a href=#>".repeat(40_000));
        assert!(parse_html(&unclosed).text.contains('x'));

        assert_eq!(parse_html(""), HtmlPage::default());
        let bytes: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        parse_html(&String::from_utf8_lossy(&bytes));
        for odd in [
            "<",
            "</",
            "<!--",
            "<script>",
            "<a href='",
            "<title>x",
            "&#xFFFFFF;&#0;",
            "\0\0<p>\0",
            "<meta property=og:title>",
            "<script type=application/ld+json>[[[[[[",
            "<html><html><body><body></html></html>",
            "<table><td><table><td>x",
        ] {
            parse_html(odd);
        }
        // Pseudo-random soup of tags, entities and text.
        let pieces = [
            "<div>",
            "</div>",
            "<p>",
            "</p>",
            "<ul><li>",
            "<br>",
            "<h1>",
            "</h1>",
            "<a href=x>",
            "</a>",
            "Related News",
            "TIN LIÊN QUAN",
            "&amp;",
            "&nbsp;",
            "<",
            ">",
            "Việt Nam ",
            "text ",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "<nav>",
            "<footer class=share>",
            "\"",
            "'",
            "/>",
        ];
        let mut state = 0x2545_f491_u64;
        for _ in 0..200 {
            let mut s = String::new();
            for _ in 0..300 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            parse_html(&s);
        }
    }
}
