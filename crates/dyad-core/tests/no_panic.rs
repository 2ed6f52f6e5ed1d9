//! Property tests: no text makes cleaning, sentence splitting, tokenising, HTML extraction or
//! coding panic, and every span the stages return lies inside the text. Coded events' spans
//! (Unicode code points) slice the article text to exactly the event's sentence, and their
//! trigger lies inside that sentence.

use std::sync::LazyLock;

use dyad_core::clean::clean;
use dyad_core::ingest::html::parse_html;
use dyad_core::sentences::{split, tokenize};
use dyad_core::{Article, Coder};
use proptest::prelude::*;

static CODER: LazyLock<Coder> = LazyLock::new(|| Coder::embedded().expect("embedded lexicons load"));

/// Words and marks that steer the stages into their special cases: titles and abbreviations,
/// dotted acronyms, datelines, captions, list headers, quotes, numbers, accents, scripts.
const PIECES: &[&str] = &[
    "U.S.",
    "U.N.",
    "U.",
    "S.",
    "Sr.",
    "Lt.",
    "Gen.",
    "No.",
    "Mr.",
    "e.g.",
    "J.",
    "...",
    ".",
    "!",
    "?",
    "\"",
    "“",
    "”",
    "'",
    "’s",
    "'s",
    "(",
    ")",
    "-",
    "–",
    "/.",
    "-VNA",
    "(VNA) -",
    "Hanoi (VNA) -",
    "(Photo: VNA)",
    "hinh anh 1",
    "Related News",
    "TIN LIÊN QUAN",
    "Translated by",
    "Vietnam",
    "Việt Nam",
    "Hà Nội",
    "Japan",
    "praised",
    "signed",
    "met",
    "the",
    "Ambassador",
    "Minister",
    "UN",
    "UNICEF",
    "(VRCS)",
    "on January 16",
    "last month",
    "for 2023 - 2028",
    "1,200",
    "2.5",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "\r\n",
    "\u{200b}",
    "\u{feff}",
    "\u{301}",
    "مصر",
    "ישראל",
    "中国",
    "日本",
    "\u{202e}",
    "𝔘.𝔖.",
    "Ⅻ",
    "ǅ",
    "İ",
    "ß",
    "ﬁ",
];

/// Text built from the pieces above, joined by nothing or a space.
fn tricky() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(PIECES), prop::bool::ANY), 0..120).prop_map(|parts| {
        let mut out = String::new();
        for (piece, space) in parts {
            out.push_str(piece);
            if space {
                out.push(' ');
            }
        }
        out
    })
}

/// Any text: arbitrary Unicode, punctuation runs, "U.S." chains, and the tricky pieces.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[.!?\"'()\\-–—/,;: ]{0,300}",
        "((U\\.S\\.|U\\.N\\.|[A-Z]\\.) ?){1,80}[A-Za-z ]{0,10}",
        "\\PC{0,200}",
        tricky(),
    ]
}

/// HTML-like markup: tags, attributes, metadata, unclosed and misnested elements.
fn markup() -> impl Strategy<Value = String> {
    const TAGS: &[&str] = &[
        "<html>",
        "<head>",
        "<body>",
        "<div class=\"content\">",
        "<p>",
        "</p>",
        "</div>",
        "<article>",
        "</article>",
        "<script>",
        "</script>",
        "<nav>",
        "</nav>",
        "<h1>",
        "</h1>",
        "<br>",
        "<table><tr><td>",
        "</td>",
        "<!--",
        "-->",
        "<![CDATA[",
        "<meta property=\"og:title\" content=\"",
        "<meta property=\"article:published_time\" content=\"2023-01-17\">",
        "<time datetime=\"",
        "\">",
        "<script type=\"application/ld+json\">{\"datePublished\":",
        "}",
        "<link rel=\"canonical\" href=\"",
        "<footer>",
        "<aside>",
        "&amp;",
        "&#x0;",
        "&#1234567;",
        "&nbsp;",
        "<",
        ">",
        "</",
        "=\"",
    ];
    prop::collection::vec(prop_oneof![prop::sample::select(TAGS).prop_map(str::to_string), text()], 0..60)
        .prop_map(|parts| parts.concat())
}

/// Checks the spans of cleaning, splitting and tokenising.
fn check_stages(text: &str) {
    let cleaned = clean(text);
    for block in &cleaned.blocks {
        assert!(
            block.span.start <= block.span.end && text.get(block.span.start..block.span.end).is_some(),
            "block {:?}",
            block.span
        );
    }
    if let Some(dateline) = cleaned.dateline {
        assert!(text.get(dateline.start..dateline.end).is_some(), "dateline {dateline:?}");
    }
    for sentence in split(text, &cleaned.blocks) {
        let inside = cleaned.blocks.iter().any(|b| b.span.contains(&sentence.span));
        assert!(inside && text.get(sentence.span.start..sentence.span.end).is_some(), "sentence {:?}", sentence.span);
        for token in tokenize(text, sentence.span) {
            assert!(sentence.span.contains(&token.span) && token.span.start < token.span.end, "token {:?}", token.span);
            assert!(text.get(token.span.start..token.span.end).is_some(), "token {:?} off a char boundary", token.span);
        }
    }
}

/// Codes the text and checks every event's provenance.
fn check_code(text: &str) {
    let article =
        Article { id: "p".into(), published: Some("2023-01-17".into()), text: text.to_string(), ..Article::default() };
    let chars: Vec<char> = text.chars().collect();
    for event in CODER.code(&article) {
        let span = event.span;
        assert!(span.start <= span.end && span.end <= chars.len(), "span {span:?} outside {} chars", chars.len());
        let slice: String = chars[span.start..span.end].iter().collect();
        assert_eq!(slice, event.sentence, "span does not slice to the sentence");
        let trigger = event.trigger;
        assert!(
            span.start <= trigger.start && trigger.end <= span.end,
            "trigger {trigger:?} outside sentence {span:?}"
        );
        let words: String = chars[trigger.start..trigger.end].iter().collect();
        assert_eq!(words, event.trigger_text, "trigger span does not slice to the trigger text");
        assert!((0.0..=1.0).contains(&event.confidence), "confidence {}", event.confidence);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn cleaning_splitting_and_tokenising_never_panic_and_stay_inside(text in text()) {
        check_stages(&text);
    }

    #[test]
    fn html_extraction_never_panics(html in markup()) {
        let page = parse_html(&html);
        check_stages(&page.text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn coding_never_panics_and_spans_slice_to_sentences(text in text()) {
        check_code(&text);
    }

    #[test]
    fn coding_wire_like_text_keeps_spans(parts in prop::collection::vec(tricky(), 1..6)) {
        check_code(&parts.join("\n\n"));
    }
}

/// Long inputs that the generators rarely reach.
#[test]
fn long_runs_do_not_panic() {
    for text in [
        "U.S. ".repeat(5_000),
        ".".repeat(50_000),
        "Japan praised Vietnam".repeat(2_000),
        format!("Title\n\n{}", "Japan praised Vietnam's efforts. ".repeat(1_000)),
        "\u{301}".repeat(10_000),
        "中国 日本 ".repeat(10_000),
    ] {
        check_stages(&text);
        check_code(&text);
    }
}
