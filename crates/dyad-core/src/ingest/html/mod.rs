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

mod boilerplate;
mod metadata;
mod nesting;
mod text;

use ego_tree::NodeRef;
use scraper::{Html, Node};

use boilerplate::{is_related_label, measure_shape, remove_boilerplate};
use metadata::read_metadata;
use nesting::limit_nesting;
use text::{paragraphs, readability_paragraphs, recover_lead};

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
/// Attributes kept on one tag: html5ever compares each attribute of a tag with every earlier
/// one, so the rest are dropped before it parses the page (real tags carry a few dozen).
const MAX_ATTRIBUTES: usize = 256;
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

/// The collapsed text of a subtree, reading at most about 200 bytes and `budget` nodes.
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

/// The text of a subtree as written.
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
    use super::metadata::strip_site_suffix;
    use super::*;

    const UNHCR: &str = include_str!("../../../tests/fixtures/html/vna-ambassador-unhcr.html");
    const UNICEF: &str = include_str!("../../../tests/fixtures/html/vna-deputy-fm-unicef.html");
    const ILO: &str = include_str!("../../../tests/fixtures/html/vna-ambassador-ilo.html");

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
    fn a_tag_with_160k_attributes_is_parsed_with_its_first_ones() {
        let attrs: String = (0..160_000).map(|k| format!(" data-a{k}=\"{k}\"")).collect();
        let html = format!(
            "<html><head><title>Talks</title></head><body><p{attrs}>China and Japan met on Monday.</p></body></html>"
        );
        let page = parse_html(&html);
        assert!(page.text.contains("China and Japan met on Monday."), "{}", page.text);
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
