//! Reading and writing CoNLL-U.
//!
//! Only syntactic words are kept: multiword-token range lines (`1-2`) and
//! empty nodes (`8.1`) are skipped when reading, so word ids stay 1..=n.

use crate::Token;
use std::fmt::Write as _;

/// Read CoNLL-U text into sentences of gold [`Token`]s.
///
/// Comment lines, multiword-token lines (`1-2 ...`) and empty nodes (`8.1 ...`)
/// are skipped. A head that is missing or not a number becomes 0; a head
/// pointing outside the sentence is also set to 0. Lines with fewer than
/// 8 columns are ignored. Never panics.
pub fn read_conllu(text: &str) -> Vec<Vec<Token>> {
    let mut out = Vec::new();
    let mut cur: Vec<Token> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(finish(std::mem::take(&mut cur)));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            continue;
        }
        let id = cols[0];
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            // `1-2` multiword tokens and `8.1` empty nodes.
            continue;
        }
        let head = cols[6].parse::<usize>().unwrap_or(0);
        cur.push(Token {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
        });
    }
    if !cur.is_empty() {
        out.push(finish(cur));
    }
    out
}

fn finish(mut s: Vec<Token>) -> Vec<Token> {
    let n = s.len();
    for t in &mut s {
        if t.head > n {
            t.head = 0;
        }
    }
    s
}

fn clean(s: &str) -> String {
    if s.is_empty() {
        return "_".to_string();
    }
    s.chars().map(|c| if c == '\t' || c == '\n' || c == '\r' { ' ' } else { c }).collect()
}

/// Write one sentence as a CoNLL-U block (ending with a blank line).
///
/// Columns FEATS, DEPS and MISC are written as `_`, and LEMMA when it is empty.
pub fn write_conllu(out: &mut String, tokens: &[Token]) {
    for (i, t) in tokens.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_",
            i + 1,
            clean(&t.form),
            clean(&t.lemma),
            clean(&t.upos),
            clean(&t.xpos),
            t.head,
            clean(&t.deprel)
        );
    }
    out.push('\n');
}

/// Format a list of sentences as CoNLL-U text.
pub fn to_conllu(sentences: &[Vec<Token>]) -> String {
    let mut s = String::new();
    for sent in sentences {
        write_conllu(&mut s, sent);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../tests/fixtures/tiny.conllu");

    #[test]
    fn skips_multiword_and_empty_nodes() {
        let s = read_conllu(FIXTURE);
        assert_eq!(s.len(), 3);
        let forms: Vec<&str> = s[1].iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, ["They", "do", "n't", "like", "it", "."]);
        assert!(s.iter().flatten().all(|t| t.head <= 8));
        // The empty node 3.1 in sentence 3 is dropped.
        assert!(s[2].iter().all(|t| t.form != "ELIDED"));
    }

    #[test]
    fn roundtrip() {
        let s = read_conllu(FIXTURE);
        let text = to_conllu(&s);
        assert_eq!(read_conllu(&text), s);
    }

    #[test]
    fn garbage_does_not_panic() {
        assert!(read_conllu("").is_empty());
        let s = read_conllu("1\ta\n1\tx\ty\tz\tw\tv\tnot\tdep\n\n2-3\t\t\t\t\t\t\t\n1\ta\t_\tX\tX\t_\t99\tdep\t_\t_\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0][0].head, 0);
        assert_eq!(s[1][0].head, 0);
    }
}
