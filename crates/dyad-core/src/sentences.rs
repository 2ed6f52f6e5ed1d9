//! Sentences and words: text blocks are split into sentences that survive "Sr. Lt. Gen.",
//! "U.N.", "U.S.", "No.", initials and quotes, and sentences into word tokens, each with its
//! byte span in the original text.

use crate::clean::{Block, BlockKind};
use crate::model::Span;

/// A sentence of the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where it is in the original text.
    pub span: Span,
    /// Whether it is the headline.
    pub is_title: bool,
}

/// Words that end in a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "adm", "amb", "apr", "aug", "brig", "capt", "cdr", "cmdr", "co", "col", "corp", "cpl", "dec", "dept", "dr", "e.g",
    "feb", "fig", "gen", "gov", "hon", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "messrs",
    "mr", "mrs", "ms", "mt", "no", "nos", "nov", "oct", "op", "pres", "prof", "rep", "rev", "sen", "sep", "sept",
    "sgt", "sr", "st", "supt", "vs", "mssrs", "dep", "assoc", "approx", "ft",
];

/// Abbreviations after which a number follows ("No. 5"), so a capital is not needed to continue.
fn is_abbreviation(word: &str) -> bool {
    let lower = word.trim_start_matches(['(', '"', '“', '\'']).to_ascii_lowercase();
    let lower = lower.trim_end_matches('.');
    if ABBREVIATIONS.contains(&lower) {
        return true;
    }
    // Initials and dotted acronyms: "J.", "U.S.", "U.N.", "e.g."
    let letters: Vec<&str> = lower.split('.').filter(|p| !p.is_empty()).collect();
    !letters.is_empty() && letters.iter().all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

/// Splits blocks into sentences.
pub fn split(text: &str, blocks: &[Block]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for block in blocks {
        let body = block.span.slice(text);
        for (start, end) in split_block(body) {
            out.push(Sentence {
                span: Span::new(block.span.start + start, block.span.start + end),
                is_title: block.kind == BlockKind::Title,
            });
        }
    }
    out
}

/// The longest stretch coded as one sentence; longer run-ons are cut at a comma, semicolon or
/// space, so that no input makes coding slow.
const MAX_SENTENCE_BYTES: usize = 2000;

/// Sentence boundaries inside one block, as byte ranges of the block.
fn split_block(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (start, end) in split_block_at_stops(body) {
        let (mut from, end) = (start, end);
        while end - from > MAX_SENTENCE_BYTES {
            let mut limit = from + MAX_SENTENCE_BYTES;
            while !body.is_char_boundary(limit) {
                limit -= 1;
            }
            let window = &body[from..limit];
            let cut =
                window.rfind([';', ',']).or_else(|| window.rfind(char::is_whitespace)).map_or(limit, |p| from + p + 1);
            let cut = if cut <= from { limit } else { cut };
            push(&mut out, body, from, cut);
            from = cut;
        }
        push(&mut out, body, from, end);
    }
    out
}

/// Sentence boundaries at full stops, question and exclamation marks.
fn split_block_at_stops(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, ch) = chars[i];
        if matches!(ch, '.' | '!' | '?') {
            // Take closing quotes and brackets with the sentence.
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')' | ']' | '.') {
                j += 1;
            }
            let end = chars.get(j).map_or(body.len(), |c| c.0);
            let next_word = chars[j..].iter().skip_while(|c| c.1.is_whitespace()).map(|c| c.1).next();
            let spaced = j < chars.len() && chars[j].1.is_whitespace();
            let opens = next_word
                .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '(' | '\'' | '‘'));
            let word_start =
                body[..at].char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(p, c)| p + c.len_utf8());
            let word = &body[word_start..at + ch.len_utf8()];
            let abbreviation = ch == '.' && is_abbreviation(word);
            // "U.S." ends a sentence only when a capitalised function word follows.
            let ends_anyway = abbreviation && word.len() > 2 && next_word.is_some() && starts_sentence(&body[end..]);
            if (next_word.is_none() || (spaced && opens)) && (!abbreviation || ends_anyway) {
                push(&mut out, body, start, end);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(&mut out, body, start, body.len());
    out
}

/// Whether the text starts with a word that usually opens a sentence.
fn starts_sentence(rest: &str) -> bool {
    let word: String = rest.trim_start().chars().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        word.as_str(),
        "The"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "In"
            | "On"
            | "At"
            | "This"
            | "That"
            | "These"
            | "A"
            | "An"
            | "But"
            | "And"
            | "Meanwhile"
            | "However"
            | "Also"
    )
}

fn push(out: &mut Vec<(usize, usize)>, body: &str, start: usize, end: usize) {
    let piece = &body[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

/// A word or punctuation token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the original text.
    pub span: Span,
    /// Lowercase, accent-free form used for matching.
    pub norm: String,
    /// Whether the word as written starts with a capital letter.
    pub capital: bool,
}

/// Splits a sentence into tokens: words (with inner hyphens, dots of abbreviations and
/// apostrophes), the possessive "'s" on its own, and single punctuation marks.
pub fn tokenize(text: &str, sentence: Span) -> Vec<Token> {
    let body = sentence.slice(text);
    let base = sentence.start;
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, ch) = chars[i];
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        if ch.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let c = chars[j].1;
                let next_alnum = chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric());
                if c.is_alphanumeric()
                    || (matches!(c, '-' | '‐' | '–' | '.' | ',' | '\'' | '’' | '&')
                        && next_alnum
                        && keeps_inside(&chars, i, j))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            // A trailing dot belongs to abbreviations and initials ("U.S.", "Gen.").
            let mut end = chars.get(j).map_or(body.len(), |c| c.0);
            if chars.get(j).is_some_and(|c| c.1 == '.') && is_abbreviation(&body[at..end + 1]) {
                end += 1;
                j += 1;
            }
            // Possessive: "Vietnam's" → "Vietnam" + "'s".
            let word = &body[at..end];
            if let Some(cut) = possessive_cut(word) {
                out.push(token(base + at, base + at + cut, &word[..cut]));
                out.push(token(base + at + cut, base + end, &word[cut..]));
            } else {
                out.push(token(base + at, base + end, word));
            }
            i = j;
            continue;
        }
        let end = at + ch.len_utf8();
        out.push(token(base + at, base + end, &body[at..end]));
        i += 1;
    }
    out
}

/// Whether punctuation at `j` stays inside the word that began at `i`.
fn keeps_inside(chars: &[(usize, char)], i: usize, j: usize) -> bool {
    match chars[j].1 {
        // "1,200" keeps its comma, "Vietnam,China" does not.
        ',' => chars[i..j].iter().all(|c| c.1.is_ascii_digit()),
        // "U.S", "e.g" keep dots between single letters; "2.5" keeps its decimal point.
        '.' => {
            let run: Vec<char> = chars[i..j].iter().map(|c| c.1).collect();
            run.iter().all(|c| c.is_ascii_digit()) || run.split(|c| *c == '.').all(|p| p.len() == 1)
        }
        _ => true,
    }
}

fn possessive_cut(word: &str) -> Option<usize> {
    for tail in ["'s", "’s", "'S"] {
        if let Some(head) = word.strip_suffix(tail) {
            if !head.is_empty() {
                return Some(head.len());
            }
        }
    }
    None
}

fn token(start: usize, end: usize, word: &str) -> Token {
    Token {
        span: Span::new(start, end),
        norm: crate::text::fold(word),
        capital: word.chars().next().is_some_and(char::is_uppercase),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean;

    fn sentences(text: &str) -> Vec<&str> {
        let cleaned = clean(&format!("Title\n{text}"));
        let _ = cleaned;
        split_block(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn titles_abbreviations_and_initials_do_not_split() {
        let text = "Sr. Lt. Gen. Hoang Xuan Chien met U.N. Under-Secretary-General Jean-Pierre Lacroix. He praised the U.N. mission. Plan No. 5 passed.";
        assert_eq!(
            sentences(text),
            vec![
                "Sr. Lt. Gen. Hoang Xuan Chien met U.N. Under-Secretary-General Jean-Pierre Lacroix.",
                "He praised the U.N. mission.",
                "Plan No. 5 passed."
            ]
        );
    }

    #[test]
    fn us_at_the_end_of_a_sentence_splits_before_a_pronoun() {
        assert_eq!(sentences("They met in the U.S. He said so."), vec!["They met in the U.S.", "He said so."]);
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("\"We will help,\" he said. \"Thanks.\" She left."),
            vec!["\"We will help,\" he said.", "\"Thanks.\"", "She left."]
        );
    }

    #[test]
    fn regression_wide_space_before_a_full_stop() {
        // An ideographic space (3 bytes) before a word ending in "." once cut inside a character.
        assert_eq!(sentences("Ab\u{3000}cd. Ee."), vec!["Ab\u{3000}cd.", "Ee."]);
    }

    #[test]
    fn tokens_keep_offsets_and_split_possessives() {
        let text = "Vietnam’s envoy met U.S. officials on 1,200 issues, Hà Nội said.";
        let tokens = tokenize(text, Span::new(0, text.len()));
        let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
        assert_eq!(
            words,
            vec![
                "Vietnam",
                "’s",
                "envoy",
                "met",
                "U.S.",
                "officials",
                "on",
                "1,200",
                "issues",
                ",",
                "Hà",
                "Nội",
                "said",
                "."
            ]
        );
        assert_eq!(tokens[1].norm, "'s");
        assert_eq!(tokens[10].norm, "ha");
    }
}
