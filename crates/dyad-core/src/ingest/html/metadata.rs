//! What a page says about itself: headline, canonical address and publication time, from
//! `<meta>`, `<link>`, `<title>`, `<h1>`, `<time>` and JSON-LD ("Ambassador meets UNHCR chief |
//! VietnamPlus" → "Ambassador meets UNHCR chief").

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::{Html, Node};

use super::{collapse, fold, raw_text_of, text_of};

#[derive(Default)]
/// What a page says about itself.
pub(super) struct Metadata {
    /// Headline, without a " | Site name" suffix.
    pub(super) title: Option<String>,
    /// The first `<h1>`.
    pub(super) h1: Option<String>,
    /// Canonical address.
    pub(super) url: Option<String>,
    /// Publication time as found.
    pub(super) published: Option<String>,
}

/// What the page's elements offer for each item of metadata, the first of each kind kept.
#[derive(Default)]
struct Candidates {
    og_title: Option<String>,
    og_url: Option<String>,
    meta_published: Option<String>,
    itemprop_published: Option<String>,
    site_names: Vec<String>,
    canonical: Option<String>,
    h1: Option<String>,
    title_tag: Option<String>,
    time_datetime: Option<String>,
    ld_json: Vec<String>,
}

/// Reads headline, canonical address and publication time, each from the best source found.
pub(super) fn read_metadata(doc: &Html) -> Metadata {
    let mut candidates = Candidates::default();
    for node in doc.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        candidates.note(node, el);
    }
    let Candidates {
        og_title,
        og_url,
        meta_published,
        itemprop_published,
        mut site_names,
        canonical,
        h1,
        title_tag,
        time_datetime,
        ld_json,
    } = candidates;

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

impl Candidates {
    /// Notes what element `el` (at `node`) offers: `<meta>`, `<link rel=canonical>`, `<title>`,
    /// `<h1>`, `<time datetime>` or a JSON-LD `<script>`.
    fn note(&mut self, node: NodeRef<'_, Node>, el: &Element) {
        let attr = |name: &str| el.attr(name).map(collapse).filter(|v| !v.is_empty());
        match el.name() {
            "meta" => self.note_meta(el),
            "link" => {
                let rel = el.attr("rel").unwrap_or("");
                if rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")) {
                    if let Some(href) = attr("href") {
                        set_once(&mut self.canonical, href);
                    }
                }
            }
            "title" if self.title_tag.is_none() => {
                self.title_tag = Some(text_of(node)).filter(|t| !t.is_empty());
            }
            "h1" if self.h1.is_none() => self.h1 = Some(text_of(node)).filter(|t| !t.is_empty()),
            "time" => {
                if let Some(dt) = attr("datetime") {
                    // A `pubdate` or `itemprop=datePublished` time beats the first one seen.
                    let marked = el.attr("pubdate").is_some()
                        || el.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datepublished"));
                    if marked {
                        set_once(&mut self.itemprop_published, dt);
                    } else {
                        set_once(&mut self.time_datetime, dt);
                    }
                }
            }
            "script" => {
                let ty = el.attr("type").unwrap_or("").trim().to_ascii_lowercase();
                if ty == "application/ld+json" {
                    self.ld_json.push(raw_text_of(node));
                }
            }
            _ => {}
        }
    }

    /// Notes what a `<meta>` offers: `og:title`, `og:url`, `og:site_name`,
    /// `article:published_time`, `datePublished`.
    fn note_meta(&mut self, el: &Element) {
        let attr = |name: &str| el.attr(name).map(collapse).filter(|v| !v.is_empty());
        let key = el
            .attr("property")
            .or_else(|| el.attr("name"))
            .or_else(|| el.attr("itemprop"))
            .unwrap_or("")
            .trim()
            .to_lowercase();
        let Some(content) = attr("content") else {
            return;
        };
        match key.as_str() {
            "og:title" => set_once(&mut self.og_title, content),
            "og:url" => set_once(&mut self.og_url, content),
            "og:site_name" | "application-name" => self.site_names.push(content),
            "article:published_time" | "og:article:published_time" => set_once(&mut self.meta_published, content),
            "datepublished" | "pubdate" | "publishdate" | "dc.date.issued" => {
                set_once(&mut self.itemprop_published, content)
            }
            _ => {}
        }
    }
}

/// Fills `slot` unless it holds a value already.
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
pub(super) fn strip_site_suffix(title: &str, site_names: &[String], h1: Option<&str>) -> String {
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
