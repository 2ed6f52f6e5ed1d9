//! Rule-based English tokeniser following UD English-EWT conventions.
//!
//! Decisions (matching EWT where it is consistent):
//! * clitics are split: `Vietnam's` → `Vietnam` `'s`, `don't` → `do` `n't`,
//!   `can't` → `ca` `n't`, `won't` → `wo` `n't`, `I'm` → `I` `'m`; also
//!   `cannot` → `can` `not`, `gonna` → `gon` `na`, `wanna`, `gotta`;
//! * punctuation is split off, except: abbreviations keep their period
//!   (`U.S.`, `U.N.`, `Dr.`, `Inc.`, `e.g.`, single initials like `J.`),
//!   ellipses (`...`) and `--` stay one token;
//! * numbers stay whole: `1,200`, `3.5`, `10:30`, `9/11`, `713-555-0100`;
//! * hyphens between words are split (`Al-Zaman` → `Al` `-` `Zaman`) as in
//!   EWT, except after the prefixes `e co pre post non re anti multi mid`;
//!   year ranges are split too: `2023-2028` → `2023` `-` `2028`;
//! * URLs and e-mail addresses stay whole (trailing punctuation split off);
//! * `$5` → `$` `5`, `5%` → `5` `%`.
//!
//! Spans are byte offsets into the input and always fall on char boundaries.

/// Tokenise `text` into words, returned as `(start, end)` byte spans.
///
/// Never panics; whitespace is never part of a token.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                chunk(text, s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunk(text, s, text.len(), &mut out);
    }
    out
}

/// Tokenise `text` and group the tokens into sentences.
///
/// A sentence ends after `.`, `!`, `?` or an ellipsis (plus any closing quotes
/// or brackets that follow), and at blank lines. Abbreviations such as `U.S.`
/// do not end a sentence.
pub fn sentences(text: &str) -> Vec<Vec<(usize, usize)>> {
    let toks = tokenize(text);
    let mut out: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut cur: Vec<(usize, usize)> = Vec::new();
    let mut ended = false;
    for (a, b) in toks {
        let t = &text[a..b];
        if let Some(&(_, pb)) = cur.last() {
            let gap = &text[pb..a];
            let blank = gap.matches('\n').count() >= 2;
            let closer = matches!(t, "\"" | "'" | "”" | "’" | ")" | "]" | "}" | "»") && gap.is_empty();
            if blank || (ended && !closer) {
                out.push(std::mem::take(&mut cur));
                ended = false;
            }
        }
        cur.push((a, b));
        if matches!(t, "." | "!" | "?" | "…") || (t.len() >= 2 && t.bytes().all(|c| matches!(c, b'.' | b'!' | b'?')))
        {
            ended = true;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

const OPENERS: &[char] = &['"', '“', '‘', '«', '(', '[', '{', '¿', '¡', '<', '`', '*', '$', '£', '€', '¥'];
const CLOSERS: &[char] = &[')', ']', '}', '"', '”', '»', '>', ',', ';', ':', '!', '?', '%', '*', '…'];

const ABBREVIATIONS: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "jr.", "sr.", "inc.", "corp.", "ltd.", "co.", "vs.", "etc.", "jan.",
    "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "gen.", "gov.", "sen.",
    "rep.", "lt.", "col.", "capt.", "sgt.", "maj.", "rev.", "ft.", "no.", "nos.", "mt.", "adm.", "brig.", "cmdr.",
    "pres.", "dept.", "univ.", "assn.", "bros.", "approx.", "est.", "fig.", "mon.", "tue.", "wed.", "thu.", "fri.",
    "sat.", "sun.", "ave.", "blvd.", "rd.", "mass.", "calif.", "fla.", "ariz.", "wash.",
];

const HYPHEN_PREFIXES: &[&str] = &["e", "co", "pre", "post", "non", "re", "anti", "multi", "mid"];

fn is_abbrev(s: &str) -> bool {
    let lower = s.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Letter-period sequences: U.S. e.g. p.m. Ph.D.; single initials: J.
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() >= 2 && parts.last() == Some(&"") {
        let body = &parts[..parts.len() - 1];
        if body.len() == 1 {
            let mut cs = body[0].chars();
            return matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
        }
        return body.iter().all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
    }
    false
}

fn is_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("www.")
        || (s.contains('@') && s.contains('.') && !s.starts_with('@'))
}

/// Tokenise one whitespace-free chunk `text[start..end]`.
fn chunk(text: &str, mut start: usize, mut end: usize, out: &mut Vec<(usize, usize)>) {
    // Leading punctuation.
    loop {
        let s = &text[start..end];
        let Some(c) = s.chars().next() else { return };
        let next = s[c.len_utf8()..].chars().next();
        let opener = OPENERS.contains(&c)
            || ((c == '\'' || c == '‘' || c == '’')
                && !next.is_some_and(|n| n.is_ascii_digit())
                && !is_clitic_start(s));
        if opener && s.len() > c.len_utf8() {
            out.push((start, start + c.len_utf8()));
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation, collected in reverse.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    loop {
        let s = &text[start..end];
        let Some(c) = s.chars().next_back() else {
            break;
        };
        let cl = c.len_utf8();
        if s.len() == cl {
            break;
        }
        if c == '.' {
            let dots = s.bytes().rev().take_while(|&b| b == b'.').count();
            if dots == s.len() {
                break;
            }
            if dots >= 2 {
                tail.push((end - dots, end));
                end -= dots;
                continue;
            }
            if is_abbrev(s) && !is_url(s) {
                break;
            }
            tail.push((end - 1, end));
            end -= 1;
        } else if c == '\'' || c == '’' {
            // Closing quote or bare possessive (Jones').
            tail.push((end - cl, end));
            end -= cl;
        } else if c == '-' && s.bytes().rev().take_while(|&b| b == b'-').count() < s.len() {
            let dashes = s.bytes().rev().take_while(|&b| b == b'-').count();
            tail.push((end - dashes, end));
            end -= dashes;
        } else if CLOSERS.contains(&c) {
            tail.push((end - cl, end));
            end -= cl;
        } else {
            break;
        }
    }
    if start < end {
        if is_url(&text[start..end]) {
            out.push((start, end));
        } else {
            core(text, start, end, out);
        }
    }
    out.extend(tail.into_iter().rev());
}

fn is_clitic_start(s: &str) -> bool {
    let l = s.to_lowercase().replace('’', "'");
    matches!(l.as_str(), "'s" | "'re" | "'ve" | "'ll" | "'d" | "'m")
}

/// Split the inside of a chunk at internal punctuation, then split clitics.
fn core(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let mut seg_start = 0usize; // byte offset within s
    let mut i = 0usize;
    let is_digit = |k: usize| k < n && chars[k].1.is_ascii_digit();
    while i < n {
        let (off, c) = chars[i];
        let prev_digit = i > 0 && is_digit(i - 1);
        let split = match c {
            ',' | ':' => !(prev_digit && is_digit(i + 1)),
            ';' | '!' | '?' | '"' | '“' | '”' | '(' | ')' | '[' | ']' | '{' | '}' | '«' | '»' | '…' | '—' | '–' => {
                true
            }
            '/' => !(prev_digit && is_digit(i + 1)),
            '-' => {
                // Runs of hyphens.
                let run = chars[i..].iter().take_while(|p| p.1 == '-').count();
                if run >= 2 || i == 0 || i + 1 >= n {
                    true
                } else if prev_digit && is_digit(i + 1) {
                    is_year_range(s, &chars, i)
                } else {
                    let left = &s[word_start(&chars, i)..off];
                    !HYPHEN_PREFIXES.contains(&left.to_lowercase().as_str())
                }
            }
            _ => false,
        };
        if split {
            // Width of the separator token: hyphen runs and ellipsis dots stay together.
            let mut j = i + 1;
            if c == '-' {
                while j < n && chars[j].1 == '-' {
                    j += 1;
                }
            }
            if seg_start < off {
                clitics(text, start + seg_start, start + off, out);
            }
            let sep_end = if j < n { chars[j].0 } else { s.len() };
            out.push((start + off, start + sep_end));
            seg_start = sep_end;
            i = j;
        } else {
            i += 1;
        }
    }
    if seg_start < s.len() {
        clitics(text, start + seg_start, end, out);
    }
}

/// Start (byte offset in the chunk) of the alphanumeric run ending before `i`.
fn word_start(chars: &[(usize, char)], i: usize) -> usize {
    let mut k = i;
    while k > 0 && chars[k - 1].1.is_alphanumeric() {
        k -= 1;
    }
    chars.get(k).map_or(0, |p| p.0)
}

fn is_year_range(s: &str, chars: &[(usize, char)], i: usize) -> bool {
    let mut a = i;
    while a > 0 && chars[a - 1].1.is_ascii_digit() {
        a -= 1;
    }
    let mut b = i + 1;
    while b < chars.len() && chars[b].1.is_ascii_digit() {
        b += 1;
    }
    let left_ok = i - a == 4 && (a == 0 || !chars[a - 1].1.is_alphanumeric());
    let right_len = b - (i + 1);
    let right_ok = (right_len == 4 || right_len == 2) && (b == chars.len() || !chars[b].1.is_alphanumeric());
    let _ = s;
    left_ok && right_ok
}

/// Split English clitics off the end of a word.
fn clitics(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let w = &text[start..end];
    let lower = w.to_lowercase();
    if lower.len() == w.len() {
        // Whole-word contractions (byte offsets are safe: lowercase kept the length).
        for (word, cut) in [("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)] {
            if lower == word && w.is_char_boundary(cut) {
                out.push((start, start + cut));
                out.push((start + cut, end));
                return;
            }
        }
    }
    let norm: String = w.chars().map(|c| if c == '’' { '\'' } else { c.to_ascii_lowercase() }).collect();
    // `norm` may differ in byte length from `w` only through ’ (3 bytes) vs ' (1 byte);
    // compute the cut in chars and map back to bytes.
    let nchars = norm.chars().count();
    let suffix_chars = if norm.ends_with("n't") && nchars > 3 {
        3
    } else if ["'s", "'m", "'d"].iter().any(|s| norm.ends_with(s)) && nchars > 2 {
        2
    } else if ["'re", "'ve", "'ll"].iter().any(|s| norm.ends_with(s)) && nchars > 3 {
        3
    } else {
        0
    };
    if suffix_chars > 0 {
        let cut = w.char_indices().rev().nth(suffix_chars - 1).map_or(0, |p| p.0);
        if cut > 0 {
            out.push((start, start + cut));
            out.push((start + cut, end));
            return;
        }
    }
    out.push((start, end));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn clitics_and_punct() {
        assert_eq!(toks("Vietnam's army don't."), ["Vietnam", "'s", "army", "do", "n't", "."]);
        assert_eq!(
            toks("I can't, won't; I'm sure they'll go!"),
            ["I", "ca", "n't", ",", "wo", "n't", ";", "I", "'m", "sure", "they", "'ll", "go", "!"]
        );
        assert_eq!(toks("Vietnam’s leaders"), ["Vietnam", "’s", "leaders"]);
        assert_eq!(toks("\"Stop,\" he said (again)."), ["\"", "Stop", ",", "\"", "he", "said", "(", "again", ")", "."]);
        assert_eq!(toks("the Jones' house"), ["the", "Jones", "'", "house"]);
        assert_eq!(toks("I cannot go"), ["I", "can", "not", "go"]);
    }

    #[test]
    fn abbreviations_and_numbers() {
        assert_eq!(
            toks("The U.S. and U.N. met Dr. Smith."),
            ["The", "U.S.", "and", "U.N.", "met", "Dr.", "Smith", "."]
        );
        assert_eq!(toks("It cost $1,200.50 or 5%."), ["It", "cost", "$", "1,200.50", "or", "5", "%", "."]);
        assert_eq!(
            toks("plan for 2023-2028 call 713-555-0100 on 9/11"),
            ["plan", "for", "2023", "-", "2028", "call", "713-555-0100", "on", "9/11"]
        );
        assert_eq!(toks("Wait... what?!"), ["Wait", "...", "what", "?", "!"]);
        assert_eq!(toks("at 10:30 p.m. today"), ["at", "10:30", "p.m.", "today"]);
    }

    #[test]
    fn hyphens_slashes_urls() {
        assert_eq!(
            toks("Al-Zaman sent e-mail and/or co-workers -- fine"),
            ["Al", "-", "Zaman", "sent", "e-mail", "and", "/", "or", "co-workers", "--", "fine"]
        );
        assert_eq!(
            toks("see http://x.org/a-b. Mail bob@ex.com."),
            ["see", "http://x.org/a-b", ".", "Mail", "bob@ex.com", "."]
        );
    }

    #[test]
    fn odd_inputs() {
        assert!(toks("").is_empty());
        assert!(toks(" \n\t ").is_empty());
        assert_eq!(toks("..."), ["..."]);
        assert_eq!(toks("'"), ["'"]);
        assert_eq!(toks("'s"), ["'s"]);
        assert_eq!(toks("«Ça va?»"), ["«", "Ça", "va", "?", "»"]);
        for s in ["’’’", "-", "--", "a-", "-a", "’s’", "İstanbul's", "ẞ'S", "n't", "..a..", "'90s"] {
            for (a, b) in tokenize(s) {
                assert!(a < b && b <= s.len(), "{s}");
            }
        }
    }

    #[test]
    fn sentence_split() {
        let t = "He met U.S. envoys. \"Good,\" he said! Then\n\nNew para";
        let s: Vec<Vec<&str>> =
            sentences(t).into_iter().map(|v| v.into_iter().map(|(a, b)| &t[a..b]).collect()).collect();
        assert_eq!(s.len(), 4, "{s:?}");
        assert_eq!(s[0], ["He", "met", "U.S.", "envoys", "."]);
        assert_eq!(s[1].last(), Some(&"!"));
        assert_eq!(s[3], ["New", "para"]);
    }
}
