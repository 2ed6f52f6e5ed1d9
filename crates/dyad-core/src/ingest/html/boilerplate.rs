//! What on a page is not the article: scripts, navigation, share bars, cookie banners,
//! comments, footers, photo captions, link lists and "Related News" / "TIN LIÊN QUAN" blocks;
//! and how large and deep the page is.

use std::collections::HashSet;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::{fold, text_of, text_of_budget, MEASURE_BUDGET};

/// How deep a page nests and how many elements it has.
pub(super) struct Shape {
    /// The deepest nesting of elements.
    pub(super) depth: usize,
    /// How many elements.
    pub(super) elements: usize,
}

/// How deep the page nests and how many elements it has.
pub(super) fn measure_shape(doc: &Html) -> Shape {
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

pub(super) fn is_related_label(text: &str) -> bool {
    let t = fold(text);
    let t = t.trim_end_matches([':', '.', '»', '›', '>']).trim();
    !t.is_empty() && t.len() < 40 && RELATED_LABELS.contains(&t)
}

pub(super) fn remove_boilerplate(doc: &mut Html) {
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
