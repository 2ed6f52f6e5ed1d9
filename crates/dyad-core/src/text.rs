//! Text that can be matched without case or accents while every offset still points into the
//! original: [`Folded`] keeps, for each byte of the folded text, the byte of the original it
//! came from; [`char_offsets`] converts byte spans into code point spans for output.

use unicode_normalization::char::decompose_canonical;

use crate::model::{CharSpan, Span};

/// Lowercase, accent-free text with a map back to the original byte offsets.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded text: lowercase ASCII where a letter has an ASCII base, accents removed,
    /// curly quotes and dashes made plain.
    pub text: String,
    /// `origin[i]` is the original byte offset of folded byte `i`; one extra entry at the end
    /// holds the original length, so a folded span end maps too.
    origin: Vec<usize>,
}

impl Folded {
    /// Folds `original`.
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (at, ch) in original.char_indices() {
            let before = text.len();
            fold_char(ch, &mut text);
            origin.extend(std::iter::repeat_n(at, text.len() - before));
        }
        origin.push(original.len());
        Folded { text, origin }
    }

    /// The original byte span of a folded byte span.
    pub fn original(&self, start: usize, end: usize) -> Span {
        let start_at = self.origin.get(start).copied().unwrap_or(*self.origin.last().unwrap_or(&0));
        // The end maps to the start of the next original character.
        let end_at = if end == 0 {
            start_at
        } else {
            let last = self.origin.get(end).copied().unwrap_or(*self.origin.last().unwrap_or(&0));
            last.max(start_at)
        };
        Span::new(start_at, end_at)
    }
}

/// Appends the folded form of one character.
pub fn fold_char(ch: char, out: &mut String) {
    match ch {
        'đ' | 'Đ' => out.push('d'),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'ß' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' => out.push('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' => out.push(' '),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => {
            let mut pushed = false;
            decompose_canonical(c, |part| {
                if !is_combining(part) {
                    for lower in part.to_lowercase() {
                        out.push(lower);
                    }
                    pushed = true;
                }
            });
            if !pushed {
                out.push(c);
            }
        }
    }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Folds a short string (a lexicon entry or a word).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        fold_char(ch, &mut out);
    }
    out
}

/// Converts byte spans of `text` into code point spans, many at a time, in constant time each
/// (a checkpoint every 256 bytes).
pub struct CharOffsets<'a> {
    text: &'a str,
    /// `checkpoints[i]` is the number of characters before byte `i * 256` (rounded down to a
    /// character boundary).
    checkpoints: Vec<usize>,
}

const CHECKPOINT: usize = 256;

impl<'a> CharOffsets<'a> {
    /// Prepares conversion for `text`.
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut next = 0;
        for (chars, (at, _)) in text.char_indices().enumerate() {
            while at >= next {
                checkpoints.push(chars);
                next += CHECKPOINT;
            }
        }
        if checkpoints.is_empty() {
            checkpoints.push(0);
        }
        CharOffsets { text, checkpoints }
    }

    /// The code point offset of a byte offset (clamped to the text, rounded down to a character).
    pub fn at(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let slot = (byte / CHECKPOINT).min(self.checkpoints.len() - 1);
        let mut from = slot * CHECKPOINT;
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        // A checkpoint counts the characters that start before the first boundary of its slot.
        self.checkpoints[slot] + self.text.get(from.min(byte)..byte).map_or(0, |s| s.chars().count())
    }

    /// The code point span of a byte span.
    pub fn span(&self, span: Span) -> CharSpan {
        let start = self.at(span.start);
        let end = start + self.text.get(span.start..span.end).map_or(0, |s| s.chars().count());
        CharSpan { start, end }
    }
}

/// Collapses runs of whitespace into single spaces and trims.
pub fn squash_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("Việt Nam"), "viet nam");
        assert_eq!(fold("Hà Nội"), "ha noi");
        assert_eq!(fold("Đà Nẵng"), "da nang");
        assert_eq!(fold("donors’ assistance"), "donors' assistance");
    }

    #[test]
    fn folded_offsets_point_into_the_original() {
        let original = "Ông Việt Nam, Hà Nội.";
        let folded = Folded::new(original);
        let at = folded.text.find("ha noi").unwrap();
        let span = folded.original(at, at + "ha noi".len());
        assert_eq!(span.slice(original), "Hà Nội");
    }

    #[test]
    fn char_offsets_agree_with_counting_everywhere() {
        let text = "Hà Nội ".repeat(100) + "Việt Nam đã";
        let offsets = CharOffsets::new(&text);
        for (byte, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            assert_eq!(offsets.at(byte), text[..byte].chars().count(), "at byte {byte}");
        }
    }

    #[test]
    fn char_offsets_count_code_points() {
        let text = "Hà Nội is here";
        let offsets = CharOffsets::new(text);
        let start = text.find("is").unwrap();
        assert_eq!(offsets.span(Span::new(start, start + 2)), CharSpan { start: 7, end: 9 });
    }
}
