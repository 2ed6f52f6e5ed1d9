//! What the parser sees of a sentence: each word's hashed form (or the unknown-word symbol),
//! tags, suffix, and the running counts of punctuation marks and verbs; and the optional
//! feature groups a model records.

use crate::hash::{hash_str, mix, StrHasher};

/// The hash standing for no word.
pub(super) const NONE: u64 = 0x0dd5_ba11;
/// The hash standing for ROOT.
const ROOT_W: u64 = 0x2007_2007;
/// The hash standing for a word out of the vocabulary.
const UNK_W: u64 = 0x0bad_f00d;

/// Per-sentence hashed inputs; index 0 is ROOT, words are 1..=n.
pub(crate) struct Input {
    /// Hash of each word's UPOS tag.
    pub(super) u: Vec<u64>,
    /// Hash of each lower-cased word (or the unknown-word symbol).
    pub(super) w: Vec<u64>,
    /// Hash of each word's XPOS tag.
    pub(super) p: Vec<u64>,
    /// Word and XPOS tag together.
    pub(super) wp: Vec<u64>,
    /// Hash of the last three characters of the lower-cased word.
    pub(super) sf: Vec<u64>,
    /// Number of punctuation marks / verbs among words 1..=i.
    pub(super) pc: Vec<u16>,
    /// Number of verbs among words 1..=i.
    pub(super) vc: Vec<u16>,
}

/// Hashes of `norm_lower(word)` and of its last three characters, without allocating.
pub(super) fn lower_hashes(word: &str) -> (u64, u64) {
    let mut h = StrHasher::new();
    let mut last = ['\0'; 3];
    let mut n = 0usize;
    for c in word.chars().flat_map(|c| c.to_lowercase()) {
        let c = if c.is_ascii_digit() { '0' } else { c };
        h.push(c);
        last = [last[1], last[2], c];
        n += 1;
    }
    let mut s = StrHasher::new();
    last[3 - n.min(3)..].iter().for_each(|&c| s.push(c));
    (h.finish(), s.finish())
}

/// Optional feature groups (bit mask stored in the model).
pub(crate) mod feat {
    /// Punctuation and verb counts between s0 and b0, s1 and s0.
    pub const BETWEEN: u32 = 1;
    /// Label-independent SHIFT/LEFT/RIGHT weights added to every labelled
    /// transition of that kind (three extra classes).
    pub const SHARED: u32 = 2;
    /// Three-letter suffixes of s0, s1, b0, b1.
    pub const SUFFIX: u32 = 4;
    /// Sentence context: words left, verbs before s0 / after b0, stack depth.
    pub const CONTEXT: u32 = 8;
    /// All known groups.
    pub const ALL: u32 = BETWEEN | SHARED | SUFFIX | CONTEXT;
}

impl Input {
    /// Build from word forms and (predicted) XPOS tags.
    #[cfg(test)]
    pub(crate) fn new(words: &[&str], upos: &[&str], xpos: &[&str]) -> Input {
        Input::with_vocab(words, upos, xpos, &[])
    }

    /// As [`Input::new`]; words whose hash is not in the sorted `vocab`
    /// (when it is not empty) are replaced by an unknown-word symbol.
    pub(crate) fn with_vocab(words: &[&str], upos: &[&str], xpos: &[&str], vocab: &[u64]) -> Input {
        let n = words.len();
        let mut w = Vec::with_capacity(n + 1);
        let mut p = Vec::with_capacity(n + 1);
        let mut u = Vec::with_capacity(n + 1);
        w.push(ROOT_W);
        p.push(ROOT_W);
        u.push(ROOT_W);
        let mut sf = Vec::with_capacity(n + 1);
        let mut pc = Vec::with_capacity(n + 1);
        let mut vc = Vec::with_capacity(n + 1);
        sf.push(ROOT_W);
        pc.push(0u16);
        vc.push(0u16);
        for (i, word) in words.iter().enumerate() {
            let (lw, suf) = lower_hashes(word);
            w.push(if vocab.is_empty() || vocab.binary_search(&lw).is_ok() { lw } else { UNK_W });
            sf.push(suf);
            p.push(hash_str(xpos.get(i).copied().unwrap_or("_")));
            let up = upos.get(i).copied().unwrap_or("_");
            u.push(hash_str(up));
            let (lp, lv) = (pc[i], vc[i]);
            pc.push(lp.saturating_add(u16::from(up == "PUNCT")));
            vc.push(lv.saturating_add(u16::from(up == "VERB" || up == "AUX")));
        }
        let wp = w.iter().zip(&p).map(|(&a, &b)| mix(a, b)).collect();
        Input { u, w, p, wp, sf, pc, vc }
    }
}
