//! Greedy labelled arc-hybrid dependency parser with an averaged perceptron,
//! Zhang & Nivre (2011)-style feature templates over hashed feature ids, and
//! training with the Goldberg & Nivre (2013) dynamic oracle (exploration).
//! Optional feature groups ([`feat`]) are recorded in the model; several
//! perceptrons trained with different seeds can be averaged into one.
//!
//! ROOT sits at the *end* of the buffer, which (with the transition
//! restrictions below) guarantees exactly one word attached to ROOT:
//!
//! * `SHIFT`: move the buffer front onto the stack (not ROOT);
//! * `LEFT-l`: pop `s0`, attach it to the buffer front `b0` with label `l`
//!   (to ROOT only when `s0` is the last stack item, and then `l = root`);
//! * `RIGHT-l`: pop `s0`, attach it to `s1` with label `l`.
//!
//! Every word is shifted once and popped once: `2n` transitions, linear time.

use crate::hash::{f1, f2, f3, hash_str, mix, Rng, StrHasher};
use crate::io::{ByteReader, ByteWriter, ModelError};
use crate::perceptron::{Trainer, Weights};
#[cfg(test)]
use crate::tagger::norm_lower;
use crate::Token;
use std::collections::BTreeMap;

const NONE: u64 = 0x0dd5_ba11;
const ROOT_W: u64 = 0x2007_2007;
const UNK_W: u64 = 0x0bad_f00d;

/// Per-sentence hashed inputs; index 0 is ROOT, words are 1..=n.
pub(crate) struct Input {
    u: Vec<u64>,
    w: Vec<u64>,
    p: Vec<u64>,
    wp: Vec<u64>,
    /// Hash of the last three characters of the lower-cased word.
    sf: Vec<u64>,
    /// Number of punctuation marks / verbs among words 1..=i.
    pc: Vec<u16>,
    vc: Vec<u16>,
}

/// Hashes of `norm_lower(word)` and of its last three characters, without allocating.
fn lower_hashes(word: &str) -> (u64, u64) {
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

/// Per-word parser state (one allocation, one cache line per word).
#[derive(Clone, Copy, Default)]
struct Node {
    lset: u64,
    rset: u64,
    head: u32,
    lc1: u32,
    lc2: u32,
    rc1: u32,
    rc2: u32,
    label: u16,
    nl: u8,
    nr: u8,
    in_stack: bool,
}

/// Parser configuration.
struct State {
    n: usize,
    stack: Vec<u32>,
    /// Buffer front: 1..=n are words, n+1 means only ROOT is left.
    b: usize,
    nd: Vec<Node>,
}

impl State {
    fn new(n: usize) -> State {
        State { n, stack: Vec::with_capacity(n), b: 1, nd: vec![Node::default(); n + 1] }
    }

    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.is_empty()
    }

    /// Token index of the buffer front (0 = ROOT).
    fn b0(&self) -> usize {
        if self.b <= self.n {
            self.b
        } else {
            0
        }
    }

    fn s(&self, k: usize) -> Option<usize> {
        let l = self.stack.len();
        if k < l {
            Some(self.stack[l - 1 - k] as usize)
        } else {
            None
        }
    }

    fn add_arc(&mut self, h: usize, d: usize, l: usize) {
        self.nd[d].head = h as u32;
        self.nd[d].label = l as u16 + 1;
        let bit = 1u64 << (l % 64);
        let d32 = d as u32;
        if h == 0 {
            return;
        }
        if d < h {
            self.nd[h].lset |= bit;
            self.nd[h].nl = self.nd[h].nl.saturating_add(1);
            let c1 = self.nd[h].lc1;
            if c1 == 0 || d32 < c1 {
                self.nd[h].lc2 = c1;
                self.nd[h].lc1 = d32;
            } else if self.nd[h].lc2 == 0 || d32 < self.nd[h].lc2 {
                self.nd[h].lc2 = d32;
            }
        } else {
            self.nd[h].rset |= bit;
            self.nd[h].nr = self.nd[h].nr.saturating_add(1);
            let c1 = self.nd[h].rc1;
            if c1 == 0 || d32 > c1 {
                self.nd[h].rc2 = c1;
                self.nd[h].rc1 = d32;
            } else if self.nd[h].rc2 == 0 || d32 > self.nd[h].rc2 {
                self.nd[h].rc2 = d32;
            }
        }
    }

    /// Apply a (valid) transition class.
    fn apply(&mut self, class: usize, nlab: usize) {
        if class == 0 {
            if self.b <= self.n {
                self.stack.push(self.b as u32);
                self.nd[self.b].in_stack = true;
                self.b += 1;
            }
        } else if class <= nlab {
            if let Some(s0) = self.stack.pop() {
                self.nd[s0 as usize].in_stack = false;
                let b0 = self.b0();
                self.add_arc(b0, s0 as usize, class - 1);
            }
        } else if self.stack.len() >= 2 {
            let s0 = self.stack.pop().unwrap_or(0) as usize;
            self.nd[s0].in_stack = false;
            let s1 = self.stack[self.stack.len() - 1] as usize;
            self.add_arc(s1, s0, class - 1 - nlab);
        }
    }

    /// Which of SHIFT / LEFT / RIGHT are allowed.
    fn moves(&self) -> [bool; 3] {
        let l = self.stack.len();
        if self.b <= self.n {
            [true, l >= 1, l >= 2]
        } else {
            [false, l == 1, l >= 2]
        }
    }
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=9 => 5,
        _ => 6,
    }
}

/// Template switches: bit `t` of `mask` set = template `t` is not used.
type Mask = [u64; 4];
const NO_MASK: Mask = [0; 4];

#[inline(always)]
fn push(out: &mut Vec<u64>, mask: &Mask, id: usize, f: u64) {
    if mask[id / 64] & (1 << (id % 64)) == 0 {
        out.push(f);
    }
}

/// The words a configuration's features look at: the top three of the stack and the first
/// three of the buffer (`Some(0)` is ROOT).
#[derive(Clone, Copy)]
struct Focus {
    s0: Option<usize>,
    s1: Option<usize>,
    s2: Option<usize>,
    b0: Option<usize>,
    b1: Option<usize>,
    b2: Option<usize>,
}

impl Focus {
    fn of(st: &State) -> Focus {
        let bi = |k: usize| -> Option<usize> {
            let j = st.b + k;
            if j <= st.n {
                Some(j)
            } else if j == st.n + 1 {
                Some(0)
            } else {
                None
            }
        };
        Focus { s0: st.s(0), s1: st.s(1), s2: st.s(2), b0: bi(0), b1: bi(1), b2: bi(2) }
    }
}

/// Extract the feature ids of a configuration.
fn features(x: &Input, st: &State, flags: u32, mask: &Mask, out: &mut Vec<u64>) {
    out.clear();
    let focus = Focus::of(st);
    buffer_features(x, &focus, flags, mask, out);
    stack_features(x, st, &focus, flags, mask, out);
}

/// The features of the buffer's first three words alone. Only SHIFT changes them, so a parse
/// scores them once per word, not once per transition (the order features are pushed in
/// changes no sum).
fn buffer_features(x: &Input, focus: &Focus, flags: u32, mask: &Mask, out: &mut Vec<u64>) {
    let Focus { b0, b1, b2, .. } = *focus;
    let w = |t: Option<usize>| t.map_or(NONE, |i| x.w[i]);
    let p = |t: Option<usize>| t.map_or(NONE, |i| x.p[i]);
    let wp = |t: Option<usize>| t.map_or(NONE, |i| x.wp[i]);
    let (b0w, b0p, b0wp) = (w(b0), p(b0), wp(b0));
    let (b1w, b1p, b1wp) = (w(b1), p(b1), wp(b1));
    let (b2w, b2p, b2wp) = (w(b2), p(b2), wp(b2));
    push(out, mask, 4, f1(4, b0w));
    push(out, mask, 5, f1(5, b0p));
    push(out, mask, 6, f1(6, b0wp));
    push(out, mask, 7, f1(7, b1w));
    push(out, mask, 8, f1(8, b1p));
    push(out, mask, 9, f1(9, b1wp));
    push(out, mask, 10, f1(10, b2w));
    push(out, mask, 11, f1(11, b2p));
    push(out, mask, 12, f1(12, b2wp));
    push(out, mask, 25, f2(25, b0p, b1p));
    push(out, mask, 92, f2(92, b0w, b1w));
    push(out, mask, 93, f2(93, b0w, b1p));
    push(out, mask, 94, f2(94, b0p, b1w));
    push(out, mask, 32, f3(32, b0p, b1p, b2p));
    if flags & feat::CONTEXT != 0 {
        // Words left after b0, and whether a verb is among them.
        let left = match b0 {
            Some(b) if b != 0 => dist_bucket(x.w.len() - 1 - b),
            _ => 8,
        };
        let vafter = verb_after(x, b0);
        push(out, mask, 140, f2(140, b0p, left));
        push(out, mask, 144, f3(144, b0p, vafter, left));
    }
    if flags & feat::SUFFIX != 0 {
        push(out, mask, 134, f1(134, b1.map_or(NONE, |i| x.sf[i])));
    }
}

/// Whether a verb follows the buffer's front (2: the front is ROOT, or there is no buffer).
fn verb_after(x: &Input, b0: Option<usize>) -> u64 {
    let n = x.w.len() - 1;
    match b0 {
        Some(b) if b != 0 => u64::from(x.vc[n] > x.vc[b]),
        _ => 2,
    }
}

/// The features that involve the stack or the children of the buffer's front: all but
/// [`buffer_features`].
fn stack_features(x: &Input, st: &State, focus: &Focus, flags: u32, mask: &Mask, out: &mut Vec<u64>) {
    let Focus { s0, s1, s2, b0, b1, .. } = *focus;
    let w = |t: Option<usize>| t.map_or(NONE, |i| x.w[i]);
    let p = |t: Option<usize>| t.map_or(NONE, |i| x.p[i]);
    let wp = |t: Option<usize>| t.map_or(NONE, |i| x.wp[i]);
    let nz = |v: u32| if v == 0 { None } else { Some(v as usize) };
    let lc1 = |t: Option<usize>| t.and_then(|i| nz(st.nd[i].lc1));
    let lc2 = |t: Option<usize>| t.and_then(|i| nz(st.nd[i].lc2));
    let rc1 = |t: Option<usize>| t.and_then(|i| nz(st.nd[i].rc1));
    let rc2 = |t: Option<usize>| t.and_then(|i| nz(st.nd[i].rc2));
    let lab = |t: Option<usize>| t.map_or(NONE, |i| u64::from(st.nd[i].label));

    let (s0w, s0p, s0wp) = (w(s0), p(s0), wp(s0));
    let (b0w, b0p, b0wp) = (w(b0), p(b0), wp(b0));
    let b1p = p(b1);
    let (s1w, s1p, s1wp) = (w(s1), p(s1), wp(s1));
    let (s2w, s2p) = (w(s2), p(s2));
    let (s0l, s0l2, s0r, s0r2) = (lc1(s0), lc2(s0), rc1(s0), rc2(s0));
    let (b0l, b0l2) = (lc1(b0), lc2(b0));
    let (s1l, s1r) = (lc1(s1), rc1(s1));
    let (s0lp, s0rp, b0lp, s1lp, s1rp) = (p(s0l), p(s0r), p(b0l), p(s1l), p(s1r));

    // Unigrams.
    push(out, mask, 1, f1(1, s0w));
    push(out, mask, 2, f1(2, s0p));
    push(out, mask, 3, f1(3, s0wp));
    push(out, mask, 13, f1(13, s1w));
    push(out, mask, 14, f1(14, s1p));
    push(out, mask, 15, f1(15, s1wp));
    push(out, mask, 16, f1(16, s2p));
    push(out, mask, 17, f1(17, s2w));
    // Pairs.
    push(out, mask, 18, f2(18, s0wp, b0wp));
    push(out, mask, 19, f2(19, s0wp, b0w));
    push(out, mask, 20, f2(20, s0w, b0wp));
    push(out, mask, 21, f2(21, s0wp, b0p));
    push(out, mask, 22, f2(22, s0p, b0wp));
    push(out, mask, 23, f2(23, s0w, b0w));
    push(out, mask, 24, f2(24, s0p, b0p));
    push(out, mask, 26, f2(26, s1p, s0p));
    push(out, mask, 27, f2(27, s1w, s0w));
    push(out, mask, 28, f2(28, s1wp, s0p));
    push(out, mask, 29, f2(29, s1p, s0wp));
    push(out, mask, 30, f2(30, s1wp, s0wp));
    push(out, mask, 31, f2(31, s1p, b0p));
    push(out, mask, 95, f2(95, s0w, b1p));
    push(out, mask, 96, f2(96, s1w, b0w));
    // Triples of tags.
    push(out, mask, 33, f3(33, s0p, b0p, b1p));
    push(out, mask, 34, f3(34, s1p, s0p, b0p));
    push(out, mask, 35, f3(35, s0p, s0lp, b0p));
    push(out, mask, 36, f3(36, s0p, s0rp, b0p));
    push(out, mask, 37, f3(37, s0p, b0p, b0lp));
    push(out, mask, 38, f3(38, s2p, s1p, s0p));
    push(out, mask, 39, f3(39, s1p, s1rp, s0p));
    push(out, mask, 40, f3(40, s1p, s0p, s0lp));
    push(out, mask, 41, f3(41, s1p, s0p, s0rp));
    push(out, mask, 42, f3(42, s1p, s1lp, s0p));
    push(out, mask, 97, f3(97, s0w, b0p, b1p));
    push(out, mask, 98, f3(98, s1p, s0w, b0p));
    // Distance.
    let d = match (s0, b0) {
        (Some(a), Some(b)) if b != 0 => dist_bucket(b - a),
        (Some(_), Some(_)) => 7,
        _ => 8,
    };
    let d2 = match (s1, s0) {
        (Some(a), Some(b)) => dist_bucket(b.saturating_sub(a)),
        _ => 8,
    };
    push(out, mask, 43, f2(43, s0w, d));
    push(out, mask, 44, f2(44, s0p, d));
    push(out, mask, 45, f2(45, b0w, d));
    push(out, mask, 46, f2(46, b0p, d));
    push(out, mask, 47, f3(47, s0w, b0w, d));
    push(out, mask, 48, f3(48, s0p, b0p, d));
    push(out, mask, 49, f3(49, s1p, s0p, d2));
    push(out, mask, 50, f3(50, s1w, s0w, d2));
    // Valency.
    let vl = |t: Option<usize>| t.map_or(NONE, |i| u64::from(st.nd[i].nl));
    let vr = |t: Option<usize>| t.map_or(NONE, |i| u64::from(st.nd[i].nr));
    push(out, mask, 51, f2(51, s0w, vr(s0)));
    push(out, mask, 52, f2(52, s0p, vr(s0)));
    push(out, mask, 53, f2(53, s0w, vl(s0)));
    push(out, mask, 54, f2(54, s0p, vl(s0)));
    push(out, mask, 55, f2(55, b0w, vl(b0)));
    push(out, mask, 56, f2(56, b0p, vl(b0)));
    push(out, mask, 57, f2(57, s1p, vr(s1)));
    push(out, mask, 58, f2(58, s1p, vl(s1)));
    // Children.
    push(out, mask, 59, f1(59, w(s0l)));
    push(out, mask, 60, f1(60, s0lp));
    push(out, mask, 61, f1(61, lab(s0l)));
    push(out, mask, 62, f1(62, w(s0r)));
    push(out, mask, 63, f1(63, s0rp));
    push(out, mask, 64, f1(64, lab(s0r)));
    push(out, mask, 65, f1(65, w(b0l)));
    push(out, mask, 66, f1(66, b0lp));
    push(out, mask, 67, f1(67, lab(b0l)));
    push(out, mask, 68, f1(68, w(s1l)));
    push(out, mask, 69, f1(69, s1lp));
    push(out, mask, 70, f1(70, lab(s1l)));
    push(out, mask, 71, f1(71, w(s1r)));
    push(out, mask, 72, f1(72, s1rp));
    push(out, mask, 73, f1(73, lab(s1r)));
    push(out, mask, 74, f1(74, w(s0l2)));
    push(out, mask, 75, f1(75, p(s0l2)));
    push(out, mask, 76, f1(76, lab(s0l2)));
    push(out, mask, 77, f1(77, w(s0r2)));
    push(out, mask, 78, f1(78, p(s0r2)));
    push(out, mask, 79, f1(79, lab(s0r2)));
    push(out, mask, 80, f1(80, w(b0l2)));
    push(out, mask, 81, f1(81, p(b0l2)));
    push(out, mask, 82, f1(82, lab(b0l2)));
    push(out, mask, 83, f3(83, s0p, s0lp, p(s0l2)));
    push(out, mask, 84, f3(84, s0p, s0rp, p(s0r2)));
    push(out, mask, 85, f3(85, b0p, b0lp, p(b0l2)));
    push(out, mask, 99, f3(99, s0p, lab(s0l), b0p));
    push(out, mask, 100, f3(100, s0p, lab(s0r), b0p));
    push(out, mask, 101, f3(101, s1p, lab(s1r), s0p));
    // Label sets.
    let ls = |t: Option<usize>| t.map_or(NONE, |i| st.nd[i].lset);
    let rs = |t: Option<usize>| t.map_or(NONE, |i| st.nd[i].rset);
    push(out, mask, 86, f2(86, s0w, rs(s0)));
    push(out, mask, 87, f2(87, s0p, rs(s0)));
    push(out, mask, 88, f2(88, s0w, ls(s0)));
    push(out, mask, 89, f2(89, s0p, ls(s0)));
    push(out, mask, 90, f2(90, b0w, ls(b0)));
    push(out, mask, 91, f2(91, b0p, ls(b0)));
    {
        let u = |t: Option<usize>| t.map_or(NONE, |i| x.u[i]);
        let (s0u, b0u, s1u, b1u) = (u(s0), u(b0), u(s1), u(b1));
        push(out, mask, 102, f2(102, s0u, b0u));
        push(out, mask, 103, f3(103, s1u, s0u, b0u));
        push(out, mask, 104, f3(104, s0u, b0u, b1u));
        push(out, mask, 105, f3(105, s0w, b0u, d));
        push(out, mask, 106, f3(106, s0u, b0w, d));
        push(out, mask, 107, f3(107, s0u, u(s0l), u(s0r)));
        push(out, mask, 108, f3(108, b0u, u(b0l), b1u));
    }
    let e = flags;
    if e & feat::BETWEEN != 0 {
        // Punctuation and verbs between s0 and b0, s1 and s0.
        let n = x.w.len() - 1;
        let between = |a: Option<usize>, b: Option<usize>| -> (u64, u64) {
            match (a, b) {
                (Some(a), Some(b)) => {
                    let b = if b == 0 { n + 1 } else { b };
                    if b <= a + 1 {
                        (0, 0)
                    } else {
                        let pcount = x.pc[b - 1] - x.pc[a];
                        let vcount = x.vc[b - 1] - x.vc[a];
                        (u64::from(pcount.min(3)), u64::from(vcount.min(3)))
                    }
                }
                _ => (9, 9),
            }
        };
        let (pb, vb) = between(s0, b0);
        let (pb2, vb2) = between(s1, s0);
        push(out, mask, 120, f3(120, s0p, b0p, pb));
        push(out, mask, 121, f3(121, s0p, b0p, vb));
        push(out, mask, 122, f3(122, s1p, s0p, pb2));
        push(out, mask, 123, f3(123, s1p, s0p, vb2));
        push(out, mask, 124, f3(124, pb, vb, d));
        push(out, mask, 125, f3(125, s0w, b0p, pb * 4 + vb));
    }
    if e & feat::CONTEXT != 0 {
        // Sentence-level context: verbs before s0 / after b0, stack depth.
        let vafter = verb_after(x, b0);
        let vbefore = s0.map_or(2, |a| u64::from(a > 0 && x.vc[a - 1] > 0));
        let depth = st.stack.len().min(4) as u64;
        push(out, mask, 141, f3(141, s0p, b0p, vafter));
        push(out, mask, 142, f3(142, s0p, b0p, vbefore));
        push(out, mask, 143, f2(143, s0p, depth));
    }
    if e & feat::SUFFIX != 0 {
        let sf = |t: Option<usize>| t.map_or(NONE, |i| x.sf[i]);
        push(out, mask, 130, f2(130, sf(s0), b0p));
        push(out, mask, 131, f2(131, s0p, sf(b0)));
        push(out, mask, 132, f3(132, sf(s0), sf(b0), d));
        push(out, mask, 133, f2(133, sf(s1), s0p));
    }
}

/// What a training callback is shown.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stage {
    /// After epoch (0-based) of ensemble member.
    Epoch(usize, usize),
    /// The final parser pruned/quantised with other settings (`DYAD_PRUNE_SWEEP`).
    Sweep { min_hits: u32, min_abs: f32, qmax: f32 },
    /// The final parser.
    Final,
}

/// Trained parser.
#[derive(Clone, Debug)]
pub(crate) struct Parser {
    /// Label id -> dependency relation.
    pub(crate) labels: Vec<String>,
    root: usize,
    pub(crate) weights: Weights,
    /// Three extra classes hold label-independent SHIFT/LEFT/RIGHT weights
    /// that are added to every labelled transition of that kind.
    shared: bool,
    /// Sorted hashes of the words frequent enough in training to be used
    /// as features (empty: all words).
    vocab: Vec<u64>,
    /// Optional feature groups ([`feat`]).
    flags: u32,
}

/// Add the shared move weights (classes `ncls..ncls+3`) to the labelled classes.
#[inline]
fn add_shared<T: Copy + std::ops::AddAssign>(scores: &mut [T], nlab: usize) {
    let ncls = 1 + 2 * nlab;
    if scores.len() < ncls + 3 {
        return;
    }
    let (sh, l, r) = (scores[ncls], scores[ncls + 1], scores[ncls + 2]);
    scores[0] += sh;
    for s in &mut scores[1..=nlab] {
        *s += l;
    }
    for s in &mut scores[nlab + 1..ncls] {
        *s += r;
    }
}

fn move_of(c: usize, nlab: usize) -> usize {
    if c == 0 {
        0
    } else if c <= nlab {
        1
    } else {
        2
    }
}

/// Training options for the parser.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ParserOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Probability of following a wrong prediction (from epoch 2 on).
    pub explore: f64,
    pub min_abs: f32,
    pub min_hits: u32,
    pub qmax: f32,
    /// Number of perceptrons trained with different shuffles/exploration
    /// seeds whose averaged weights are averaged (a score ensemble at the
    /// cost of one model).
    pub members: usize,
    /// Share of templates each member after the first leaves out.
    pub subspace: f64,
    /// Words seen fewer times in training are replaced by an unknown-word symbol.
    pub min_count: u32,
    /// Optional feature groups ([`feat`]).
    pub features: u32,
}

fn is_valid(class: usize, mv: &[bool; 3], nlab: usize, root: usize, at_root: bool) -> bool {
    if class == 0 {
        mv[0]
    } else if class <= nlab {
        mv[1] && ((class - 1 == root) == at_root)
    } else {
        mv[2] && class - 1 - nlab != root
    }
}

impl Parser {
    /// Train on sentences whose UPOS/XPOS columns hold the tags to be used as
    /// features (ideally predicted by a jackknifed tagger) and whose heads and
    /// relations are gold.
    pub(crate) fn train(sents: &[Vec<Token>], opt: ParserOptions, mut on_epoch: impl FnMut(Stage, &Parser)) -> Parser {
        let mut labset: BTreeMap<String, usize> = BTreeMap::new();
        labset.insert("root".to_string(), 0);
        for t in sents.iter().flatten() {
            labset.entry(t.deprel.clone()).or_insert(0);
        }
        let labels: Vec<String> = labset.keys().cloned().collect();
        for (i, v) in labset.values_mut().enumerate() {
            *v = i;
        }
        let root = labset["root"];
        let nlab = labels.len();
        let ncls = 1 + 2 * nlab;
        let min_count = opt.min_count;
        let vocab: Vec<u64> = if min_count <= 1 {
            Vec::new()
        } else {
            let mut counts: BTreeMap<u64, u32> = BTreeMap::new();
            for t in sents.iter().flatten() {
                *counts.entry(lower_hashes(&t.form).0).or_insert(0) += 1;
            }
            counts.into_iter().filter(|&(_, c)| c >= min_count).map(|(h, _)| h).collect()
        };
        let inputs: Vec<Input> = sents
            .iter()
            .map(|s| {
                let w: Vec<&str> = s.iter().map(|t| t.form.as_str()).collect();
                let p: Vec<&str> = s.iter().map(|t| t.xpos.as_str()).collect();
                let u: Vec<&str> = s.iter().map(|t| t.upos.as_str()).collect();
                Input::with_vocab(&w, &u, &p, &vocab)
            })
            .collect();
        let golds: Vec<Gold> = sents.iter().map(|s| Gold::new(s, &labset)).collect();
        let flags = opt.features & feat::ALL;
        let shared = flags & feat::SHARED != 0;
        let nw = if shared { ncls + 3 } else { ncls };
        let members = opt.members.max(1) as u64;
        let mut trainers = Vec::new();
        let subspace = opt.subspace;
        for member in 0..members {
            let mut tr = Trainer::new(nw);
            let mut rng = Rng::new(opt.seed.wrapping_add(member.wrapping_mul(0x9e37_79b9)));
            // Members after the first leave out a random share of the templates.
            let mut mask = NO_MASK;
            if member > 0 && subspace > 0.0 {
                let mut mrng = Rng::new(opt.seed ^ member.wrapping_mul(0x51_7cc1_b727));
                for m in mask.iter_mut() {
                    for b in 0..64 {
                        if mrng.next_f64() < subspace {
                            *m |= 1 << b;
                        }
                    }
                }
            }
            let mut order: Vec<usize> = (0..sents.len()).collect();
            let mut feats = Vec::with_capacity(128);
            let mut scores = vec![0f32; nw];
            let mut costs = vec![0u32; ncls];
            for epoch in 0..opt.epochs {
                rng.shuffle(&mut order);
                for &si in &order {
                    let g = &golds[si];
                    let x = &inputs[si];
                    let mut st = State::new(g.head.len() - 1);
                    while !st.terminal() {
                        features(x, &st, flags, &mask, &mut feats);
                        tr.tick();
                        tr.score(&feats, &mut scores);
                        add_shared(&mut scores, nlab);
                        let mv = st.moves();
                        let at_root = st.b > st.n;
                        let base = g.costs(&st);
                        let s0 = st.s(0).unwrap_or(0);
                        let s1 = st.s(1).unwrap_or(usize::MAX);
                        let mut min_cost = u32::MAX;
                        let mut pred = usize::MAX;
                        for c in 0..ncls {
                            if !is_valid(c, &mv, nlab, root, at_root) {
                                costs[c] = u32::MAX;
                                continue;
                            }
                            let cost = if c == 0 {
                                base[0]
                            } else if c <= nlab {
                                let h = st.b0();
                                base[1] + u32::from(g.head[s0] == h && g.label[s0] != c - 1)
                            } else {
                                base[2] + u32::from(g.head[s0] == s1 && g.label[s0] != c - 1 - nlab)
                            };
                            costs[c] = cost;
                            min_cost = min_cost.min(cost);
                            if pred == usize::MAX || scores[c] > scores[pred] {
                                pred = c;
                            }
                        }
                        if pred == usize::MAX {
                            break;
                        }
                        let mut best = usize::MAX;
                        for c in 0..ncls {
                            if costs[c] == min_cost && (best == usize::MAX || scores[c] > scores[best]) {
                                best = c;
                            }
                        }
                        let next = if costs[pred] == min_cost {
                            pred
                        } else {
                            tr.update(&feats, best, pred);
                            if shared && move_of(best, nlab) != move_of(pred, nlab) {
                                tr.update_ext(&feats, ncls + move_of(best, nlab), ncls + move_of(pred, nlab), false);
                            }
                            if epoch >= 1 && rng.next_f64() < opt.explore {
                                pred
                            } else {
                                best
                            }
                        };
                        st.apply(next, nlab);
                    }
                }
                if epoch + 1 < opt.epochs {
                    let p = Parser {
                        labels: labels.clone(),
                        root,
                        weights: tr.finish_q(opt.min_abs, opt.min_hits, opt.qmax),
                        shared,
                        vocab: vocab.clone(),
                        flags,
                    };
                    on_epoch(Stage::Epoch(member as usize, epoch), &p);
                }
            }
            trainers.push(tr);
        }
        let tr = Trainer::merge(trainers);
        if let Some(sweep) = std::env::var_os("DYAD_PRUNE_SWEEP") {
            // Entries `hits:min_abs:qmax`, e.g. `3:1.0:127,5:2.0:127`.
            for item in sweep.to_string_lossy().split(',') {
                let mut it = item.split(':');
                let k = it.next().and_then(|k| k.parse::<u32>().ok()).unwrap_or(opt.min_hits);
                let a = it.next().and_then(|a| a.parse::<f32>().ok()).unwrap_or(opt.min_abs);
                let q = it.next().and_then(|a| a.parse::<f32>().ok()).unwrap_or(opt.qmax);
                let p = Parser {
                    labels: labels.clone(),
                    root,
                    weights: tr.finish_q(a, k, q),
                    shared,
                    vocab: vocab.clone(),
                    flags,
                };
                let mut w = ByteWriter::default();
                p.write(&mut w);
                eprintln!("prune sweep hits {k} min_abs {a} qmax {q}: {} bytes", w.into_inner().len());
                on_epoch(Stage::Sweep { min_hits: k, min_abs: a, qmax: q }, &p);
            }
        }
        let p = Parser {
            labels,
            root,
            weights: tr.finish_q(opt.min_abs, opt.min_hits, opt.qmax),
            shared,
            vocab: vocab.clone(),
            flags,
        };
        on_epoch(Stage::Final, &p);
        p
    }

    /// Parse one sentence; returns (head, label id) per word.
    pub(crate) fn parse(&self, x: &Input, heads: &mut Vec<usize>, labels: &mut Vec<usize>) {
        let n = x.w.len() - 1;
        let nlab = self.labels.len();
        let ncls = self.weights.nclasses();
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(128);
        let mut scores = vec![0i32; ncls];
        let mut rows = Vec::with_capacity(128);
        // The buffer's features change only on SHIFT: their scores are kept until then.
        let mut buffer_scores = vec![0i32; ncls];
        let mut scored_buffer = None;
        while !st.terminal() {
            let focus = Focus::of(&st);
            if scored_buffer != Some(st.b) {
                feats.clear();
                buffer_features(x, &focus, self.flags, &NO_MASK, &mut feats);
                self.weights.score(&feats, &mut buffer_scores, &mut rows);
                scored_buffer = Some(st.b);
            }
            feats.clear();
            stack_features(x, &st, &focus, self.flags, &NO_MASK, &mut feats);
            self.weights.score(&feats, &mut scores, &mut rows);
            for (s, b) in scores.iter_mut().zip(&buffer_scores) {
                *s += b;
            }
            if self.shared {
                add_shared(&mut scores, nlab);
            }
            let mv = st.moves();
            let at_root = st.b > st.n;
            let mut best = usize::MAX;
            for (c, &s) in scores[..1 + 2 * nlab].iter().enumerate() {
                if is_valid(c, &mv, nlab, self.root, at_root) && (best == usize::MAX || s > scores[best]) {
                    best = c;
                }
            }
            if best == usize::MAX {
                break;
            }
            st.apply(best, nlab);
        }
        heads.clear();
        labels.clear();
        for i in 1..=n {
            heads.push(st.nd[i].head as usize);
            labels.push(usize::from(st.nd[i].label).saturating_sub(1).min(nlab - 1));
        }
    }

    pub(crate) fn size(&self) -> (usize, usize) {
        self.weights.size()
    }

    pub(crate) fn write(&self, out: &mut ByteWriter) {
        out.u32(self.labels.len() as u32);
        for l in &self.labels {
            out.string(l);
        }
        out.u32(self.root as u32);
        out.u32(self.flags);
        out.u32(self.vocab.len() as u32);
        let mut prev = 0u64;
        for &h in &self.vocab {
            out.varint(h.wrapping_sub(prev));
            prev = h;
        }
        self.weights.write(out);
    }

    /// The parser's input for a sentence (applies the vocabulary).
    pub(crate) fn input(&self, words: &[&str], upos: &[&str], xpos: &[&str]) -> Input {
        Input::with_vocab(words, upos, xpos, &self.vocab)
    }

    pub(crate) fn read(r: &mut ByteReader, version: u32) -> Result<Parser, ModelError> {
        let n = r.u32()? as usize;
        if n == 0 || 4 + 2 * n > crate::perceptron::MAX_CLASSES {
            return Err(ModelError::Corrupt("bad label count"));
        }
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(r.string()?);
        }
        let root = r.u32()? as usize;
        if root >= n {
            return Err(ModelError::Corrupt("bad root label"));
        }
        let mut vocab = Vec::new();
        let mut flags = 0;
        if version >= 3 {
            flags = r.u32()?;
            if flags & !feat::ALL != 0 {
                return Err(ModelError::Corrupt("unknown parser feature flags"));
            }
            let m = r.u32()? as usize;
            if m > r.remaining() {
                return Err(ModelError::Corrupt("bad vocabulary size"));
            }
            vocab.reserve(m);
            let mut prev = 0u64;
            for _ in 0..m {
                let d = r.varint()?;
                if d == 0 && !vocab.is_empty() {
                    return Err(ModelError::Corrupt("vocabulary not sorted"));
                }
                prev = prev.wrapping_add(d);
                vocab.push(prev);
            }
            if vocab.windows(2).any(|w| w[0] >= w[1]) {
                return Err(ModelError::Corrupt("vocabulary not sorted"));
            }
        }
        let weights = Weights::read(r)?;
        let shared = flags & feat::SHARED != 0;
        if weights.nclasses() != if shared { 4 + 2 * n } else { 1 + 2 * n } {
            return Err(ModelError::Corrupt("parser class count mismatch"));
        }
        Ok(Parser { labels, root, weights, shared, vocab, flags })
    }
}

/// Gold tree for the dynamic oracle.
struct Gold {
    /// head[i] for i in 1..=n (index 0 unused), 0 = ROOT.
    head: Vec<usize>,
    label: Vec<usize>,
    children: Vec<Vec<usize>>,
}

impl Gold {
    fn new(s: &[Token], labset: &BTreeMap<String, usize>) -> Gold {
        let n = s.len();
        let mut head = vec![0; n + 1];
        let mut label = vec![0; n + 1];
        let mut children = vec![Vec::new(); n + 1];
        for (i, t) in s.iter().enumerate() {
            let h = if t.head <= n { t.head } else { 0 };
            head[i + 1] = h;
            label[i + 1] = labset.get(&t.deprel).copied().unwrap_or(0);
            children[h].push(i + 1);
        }
        Gold { head, label, children }
    }

    fn in_buffer(&self, st: &State, h: usize) -> bool {
        h == 0 || h >= st.b
    }

    /// Unlabelled costs of [SHIFT, LEFT, RIGHT] (meaningless where invalid).
    fn costs(&self, st: &State) -> [u32; 3] {
        let mut c = [0u32; 3];
        let s0 = st.s(0);
        let s1 = st.s(1);
        if st.b <= st.n {
            let b0 = st.b;
            let h = self.head[b0];
            if h != 0 && st.nd[h].in_stack && Some(h) != s0 {
                c[0] += 1;
            }
            c[0] += self.children[b0].iter().filter(|&&k| st.nd[k].in_stack).count() as u32;
        }
        if let Some(s0) = s0 {
            let kids_in_buffer = self.children[s0].iter().filter(|&&k| k >= st.b).count() as u32;
            let h = self.head[s0];
            let b0 = st.b0();
            c[1] = kids_in_buffer + u32::from(h != b0 && (Some(h) == s1 || self.in_buffer(st, h)));
            c[2] = kids_in_buffer + u32::from(self.in_buffer(st, h));
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_hashes_match_strings() {
        for w in ["Kabul", "U.S.", "1,200", "a", "", "ÉCOLE-2023", "İstanbul"] {
            let lw = norm_lower(w);
            let cut = lw.char_indices().rev().nth(2).map_or(0, |(k, _)| k);
            assert_eq!(lower_hashes(w), (hash_str(&lw), hash_str(&lw[cut..])), "{w}");
        }
    }

    #[test]
    fn oracle_reproduces_projective_trees() {
        let sents = crate::read_conllu(include_str!("../tests/fixtures/tiny.conllu"));
        let p = Parser::train(
            &sents,
            ParserOptions {
                epochs: 15,
                seed: 3,
                explore: 0.0,
                min_abs: 0.0,
                min_hits: 0,
                qmax: 4000.0,
                members: 1,
                subspace: 0.0,
                min_count: 1,
                features: feat::ALL,
            },
            |_: Stage, _: &Parser| {},
        );
        let mut h = Vec::new();
        let mut l = Vec::new();
        for s in &sents {
            let w: Vec<&str> = s.iter().map(|t| t.form.as_str()).collect();
            let x: Vec<&str> = s.iter().map(|t| t.xpos.as_str()).collect();
            let u: Vec<&str> = s.iter().map(|t| t.upos.as_str()).collect();
            p.parse(&Input::new(&w, &u, &x), &mut h, &mut l);
            for (i, t) in s.iter().enumerate() {
                assert_eq!(h[i], t.head, "{}", t.form);
                assert_eq!(p.labels[l[i]], t.deprel, "{}", t.form);
            }
        }
    }

    /// The parse of [`Parser::parse`] with every feature scored at every transition.
    fn parse_scoring_everything(p: &Parser, x: &Input) -> Vec<usize> {
        let nlab = p.labels.len();
        let mut st = State::new(x.w.len() - 1);
        let (mut feats, mut rows) = (Vec::new(), Vec::new());
        let mut scores = vec![0i32; p.weights.nclasses()];
        while !st.terminal() {
            features(x, &st, p.flags, &NO_MASK, &mut feats);
            p.weights.score(&feats, &mut scores, &mut rows);
            if p.shared {
                add_shared(&mut scores, nlab);
            }
            let (mv, at_root) = (st.moves(), st.b > st.n);
            let best = (0..1 + 2 * nlab)
                .filter(|&c| is_valid(c, &mv, nlab, p.root, at_root))
                .max_by_key(|&c| (scores[c], std::cmp::Reverse(c)));
            match best {
                Some(c) => st.apply(c, nlab),
                None => break,
            }
        }
        (1..st.nd.len()).map(|i| st.nd[i].head as usize * 1000 + usize::from(st.nd[i].label)).collect()
    }

    #[test]
    fn scoring_the_buffer_once_per_shift_changes_no_parse() {
        let Ok(model) = crate::Model::embedded() else {
            return;
        };
        let sents = crate::read_conllu(include_str!("../tests/fixtures/tiny.conllu"));
        let mut texts: Vec<Vec<String>> = sents.iter().map(|s| s.iter().map(|t| t.form.clone()).collect()).collect();
        for text in [
            "The Vietnamese ambassador met UN Under-Secretary-General Jean-Pierre Lacroix in New York on Tuesday, and the two sides agreed to step up cooperation .",
            "Red Cross societies of Laos and Cambodia signed a memorandum of understanding on disaster relief for 2024 - 2026 .",
            ", , ( ) said said .",
        ] {
            texts.push(text.split(' ').map(str::to_string).collect());
        }
        let (mut h, mut l) = (Vec::new(), Vec::new());
        for words in &texts {
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            let tags = model.tag(&w);
            let (upos, xpos): (Vec<&str>, Vec<&str>) = (tags.upos().collect(), tags.xpos().collect());
            let x = model.parser.input(&w, &upos, &xpos);
            model.parser.parse(&x, &mut h, &mut l);
            let cached: Vec<usize> = h.iter().zip(&l).map(|(&h, &l)| h * 1000 + l + 1).collect();
            assert_eq!(cached, parse_scoring_everything(&model.parser, &x), "{words:?}");
        }
    }

    #[test]
    fn exactly_one_root_and_long_input() {
        let sents = crate::read_conllu(include_str!("../tests/fixtures/tiny.conllu"));
        let p = Parser::train(
            &sents,
            ParserOptions {
                epochs: 2,
                seed: 3,
                explore: 0.5,
                min_abs: 0.0,
                min_hits: 0,
                qmax: 4000.0,
                members: 1,
                subspace: 0.0,
                min_count: 1,
                features: feat::ALL,
            },
            |_: Stage, _: &Parser| {},
        );
        let words: Vec<String> = (0..600).map(|i| format!("w{}", i % 7)).collect();
        let w: Vec<&str> = words.iter().map(|s| s.as_str()).collect();
        let x: Vec<&str> = w.iter().map(|_| "NN").collect();
        let (mut h, mut l) = (Vec::new(), Vec::new());
        p.parse(&Input::new(&w, &x, &x), &mut h, &mut l);
        assert_eq!(h.len(), 600);
        assert_eq!(h.iter().filter(|&&x| x == 0).count(), 1);
        p.parse(&Input::new(&[], &[], &[]), &mut h, &mut l);
        assert!(h.is_empty());
    }
}
