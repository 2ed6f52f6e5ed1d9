//! What the article's text is: `dom_smoothie`'s readability extraction (or the cleaned page's
//! text), laid out as paragraphs, one per block element, with the lead a wire story keeps
//! outside its body put back.

use std::panic::{catch_unwind, AssertUnwindSafe};

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::{collapse, MAX_READABILITY_ELEMENTS};

/// Runs `dom_smoothie` and lays its article out as paragraphs; `None` when it finds nothing.
pub(super) fn readability_paragraphs(html: &str) -> Option<Vec<String>> {
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
pub(super) fn recover_lead(paras: &mut Vec<String>, fallback: &[String]) {
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
pub(super) fn paragraphs(root: NodeRef<'_, Node>) -> Vec<String> {
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
