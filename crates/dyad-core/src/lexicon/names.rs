//! How names are found in a sentence: by whole words, the longest first ("UN Mission" before
//! "UN"), in text written with each word between spaces (" un  mission ").

use std::collections::HashMap;

/// Words as the dictionary matcher sees them: each word between spaces, two spaces between
/// words (" un  mission "), so that a name matches whole words only and a longer name that
/// ends inside a word ("UN Mission" in "UN missions") never hides a shorter one ("UN").
pub fn spaced(words: &str) -> String {
    let mut out = String::with_capacity(words.len() * 2 + 2);
    for word in words.split_whitespace() {
        // The tokenizer splits the possessive: "People's" is "People" and "'s".
        let parts = match word.strip_suffix("'s") {
            Some(stem) if !stem.is_empty() => [stem, "'s"],
            _ => [word, ""],
        };
        for part in parts.into_iter().filter(|p| !p.is_empty()) {
            out.push(' ');
            out.push_str(part);
            out.push(' ');
        }
    }
    out
}

/// Names found by whole words in text written as [`spaced`] writes it (" a  b  c "): at each
/// word, the longest name that starts there; then the search goes on after it. Two names with
/// the same text are the first one.
#[derive(Debug, Default)]
pub struct Names {
    /// Spaced text → number of the first name with that text.
    ids: HashMap<String, usize>,
    /// First word of a name → the most words of a name that starts with it.
    longest: HashMap<String, usize>,
}

impl Names {
    /// Names numbered in order.
    pub fn new(spaced_texts: impl IntoIterator<Item = String>) -> Names {
        let mut names = Names::default();
        for (id, text) in spaced_texts.into_iter().enumerate() {
            let mut words = text.split(' ').filter(|w| !w.is_empty());
            let Some(first) = words.next() else { continue };
            let count = 1 + words.count();
            let longest = names.longest.entry(first.to_string()).or_insert(0);
            *longest = (*longest).max(count);
            names.ids.entry(text).or_insert(id);
        }
        names
    }

    /// The names in `joined`, whose word `i` is `joined[starts[i]..ends[i]]` with a space on each
    /// side: `(first word, end word, name number)`, left to right, not overlapping.
    pub fn find(&self, joined: &str, starts: &[usize], ends: &[usize]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let n = starts.len().min(ends.len());
        let mut i = 0;
        while i < n {
            let longest = self.longest.get(&joined[starts[i]..ends[i]]).copied().unwrap_or(0);
            let found = (1..=longest.min(n - i)).rev().find_map(|len| {
                let text = joined.get(starts[i] - 1..ends[i + len - 1] + 1)?;
                self.ids.get(text).map(|&id| (i, i + len, id))
            });
            match found {
                Some(m) => {
                    out.push(m);
                    i = m.1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The first name in text written as [`spaced`] writes it.
    pub fn first_in(&self, spaced_text: &str) -> Option<usize> {
        let (mut starts, mut ends) = (Vec::new(), Vec::new());
        let mut at = 0;
        for word in spaced_text.split(' ') {
            if !word.is_empty() && at > 0 {
                starts.push(at);
                ends.push(at + word.len());
            }
            at += word.len() + 1;
        }
        self.find(spaced_text, &starts, &ends).first().map(|&(_, _, id)| id)
    }
}
