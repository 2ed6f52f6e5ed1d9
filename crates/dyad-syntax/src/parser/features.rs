//! Which features a configuration has: hashed ids of templates over the words at the top of
//! the stack and the front of the buffer, their children, distances and valencies, and the
//! optional groups ([`feat`]).

use super::input::{feat, Input, NONE};
use super::state::State;
use crate::hash::{f1, f2, f3};

/// Distances as buckets: 0 to 4, 5 to 9, more.
fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=9 => 5,
        _ => 6,
    }
}

/// Template switches: bit `t` of `mask` set = template `t` is not used.
pub(super) type Mask = [u64; 4];
pub(super) const NO_MASK: Mask = [0; 4];

/// Pushes feature `f` of template `id` unless the mask leaves the template out.
#[inline(always)]
fn push(out: &mut Vec<u64>, mask: &Mask, id: usize, f: u64) {
    if mask[id / 64] & (1 << (id % 64)) == 0 {
        out.push(f);
    }
}

/// The words a configuration's features look at: the top three of the stack and the first
/// three of the buffer (`Some(0)` is ROOT).
#[derive(Clone, Copy)]
pub(super) struct Focus {
    s0: Option<usize>,
    s1: Option<usize>,
    s2: Option<usize>,
    b0: Option<usize>,
    b1: Option<usize>,
    b2: Option<usize>,
}

impl Focus {
    /// The focus words of a configuration.
    pub(super) fn of(st: &State) -> Focus {
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
pub(super) fn features(x: &Input, st: &State, flags: u32, mask: &Mask, out: &mut Vec<u64>) {
    out.clear();
    let focus = Focus::of(st);
    buffer_features(x, &focus, flags, mask, out);
    stack_features(x, st, &focus, flags, mask, out);
}

/// The features of the buffer's first three words alone. Only SHIFT changes them, so a parse
/// scores them once per word, not once per transition (the order features are pushed in
/// changes no sum).
pub(super) fn buffer_features(x: &Input, focus: &Focus, flags: u32, mask: &Mask, out: &mut Vec<u64>) {
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
pub(super) fn stack_features(x: &Input, st: &State, focus: &Focus, flags: u32, mask: &Mask, out: &mut Vec<u64>) {
    let near = Near::of(x, st, focus);
    pair_features(&near, mask, out);
    child_features(x, st, focus, &near, mask, out);
    group_features(x, st, focus, &near, flags, mask, out);
}

/// What the stack features combine, looked up once per configuration: the focus words' hashed
/// words (`w`), tags (`p`) and both (`wp`), their nearest children (`l`, `r`) and the children's
/// tags, and the distances s0–b0 (`d`) and s1–s0 (`d2`).
#[derive(Clone, Copy)]
struct Near {
    s0w: u64,
    s0p: u64,
    s0wp: u64,
    b0w: u64,
    b0p: u64,
    b0wp: u64,
    b1p: u64,
    s1w: u64,
    s1p: u64,
    s1wp: u64,
    s2w: u64,
    s2p: u64,
    s0l: Option<usize>,
    s0l2: Option<usize>,
    s0r: Option<usize>,
    s0r2: Option<usize>,
    b0l: Option<usize>,
    b0l2: Option<usize>,
    s1l: Option<usize>,
    s1r: Option<usize>,
    s0lp: u64,
    s0rp: u64,
    b0lp: u64,
    s1lp: u64,
    s1rp: u64,
    d: u64,
    d2: u64,
}

impl Near {
    /// Looks up what the stack features combine.
    #[inline(always)]
    fn of(x: &Input, st: &State, focus: &Focus) -> Near {
        let Focus { s0, s1, s2, b0, b1, .. } = *focus;
        let w = |t: Option<usize>| t.map_or(NONE, |i| x.w[i]);
        let p = |t: Option<usize>| t.map_or(NONE, |i| x.p[i]);
        let wp = |t: Option<usize>| t.map_or(NONE, |i| x.wp[i]);
        let nz = |v: u32| if v == 0 { None } else { Some(v as usize) };
        let lc1 = |t: Option<usize>| t.and_then(|i| nz(st.nd[i].lc1));
        let lc2 = |t: Option<usize>| t.and_then(|i| nz(st.nd[i].lc2));
        let rc1 = |t: Option<usize>| t.and_then(|i| nz(st.nd[i].rc1));
        let rc2 = |t: Option<usize>| t.and_then(|i| nz(st.nd[i].rc2));

        let (s0w, s0p, s0wp) = (w(s0), p(s0), wp(s0));
        let (b0w, b0p, b0wp) = (w(b0), p(b0), wp(b0));
        let b1p = p(b1);
        let (s1w, s1p, s1wp) = (w(s1), p(s1), wp(s1));
        let (s2w, s2p) = (w(s2), p(s2));
        let (s0l, s0l2, s0r, s0r2) = (lc1(s0), lc2(s0), rc1(s0), rc2(s0));
        let (b0l, b0l2) = (lc1(b0), lc2(b0));
        let (s1l, s1r) = (lc1(s1), rc1(s1));
        let (s0lp, s0rp, b0lp, s1lp, s1rp) = (p(s0l), p(s0r), p(b0l), p(s1l), p(s1r));

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
        Near {
            s0w,
            s0p,
            s0wp,
            b0w,
            b0p,
            b0wp,
            b1p,
            s1w,
            s1p,
            s1wp,
            s2w,
            s2p,
            s0l,
            s0l2,
            s0r,
            s0r2,
            b0l,
            b0l2,
            s1l,
            s1r,
            s0lp,
            s0rp,
            b0lp,
            s1lp,
            s1rp,
            d,
            d2,
        }
    }
}

/// Words and tags of the stack's top and the buffer's front alone, in pairs and in triples, and
/// with their distance.
#[inline(always)]
fn pair_features(near: &Near, mask: &Mask, out: &mut Vec<u64>) {
    let Near {
        s0w, s0p, s0wp, b0w, b0p, b0wp, b1p, s1w, s1p, s1wp, s2w, s2p, s0lp, s0rp, b0lp, s1lp, s1rp, d, d2, ..
    } = *near;
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
    push(out, mask, 43, f2(43, s0w, d));
    push(out, mask, 44, f2(44, s0p, d));
    push(out, mask, 45, f2(45, b0w, d));
    push(out, mask, 46, f2(46, b0p, d));
    push(out, mask, 47, f3(47, s0w, b0w, d));
    push(out, mask, 48, f3(48, s0p, b0p, d));
    push(out, mask, 49, f3(49, s1p, s0p, d2));
    push(out, mask, 50, f3(50, s1w, s0w, d2));
}

/// Valencies and children (words, tags, labels); then [`label_set_features`].
#[inline(always)]
fn child_features(x: &Input, st: &State, focus: &Focus, near: &Near, mask: &Mask, out: &mut Vec<u64>) {
    let Focus { s0, s1, b0, .. } = *focus;
    let w = |t: Option<usize>| t.map_or(NONE, |i| x.w[i]);
    let p = |t: Option<usize>| t.map_or(NONE, |i| x.p[i]);
    let lab = |t: Option<usize>| t.map_or(NONE, |i| u64::from(st.nd[i].label));
    let Near {
        s0w, s0p, b0w, b0p, s1p, s0l, s0l2, s0r, s0r2, b0l, b0l2, s1l, s1r, s0lp, s0rp, b0lp, s1lp, s1rp, ..
    } = *near;
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
    label_set_features(x, st, focus, near, mask, out);
}

/// Label sets of the stack's top and the buffer's front, and universal tags.
#[inline(always)]
fn label_set_features(x: &Input, st: &State, focus: &Focus, near: &Near, mask: &Mask, out: &mut Vec<u64>) {
    let Focus { s0, s1, b0, b1, .. } = *focus;
    let Near { s0w, s0p, b0w, b0p, s0l, s0r, b0l, d, .. } = *near;
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
}

/// The optional groups ([`feat`]): punctuation and verbs between, sentence context, suffixes.
#[inline(always)]
fn group_features(x: &Input, st: &State, focus: &Focus, near: &Near, flags: u32, mask: &Mask, out: &mut Vec<u64>) {
    let Focus { s0, s1, b0, .. } = *focus;
    let Near { s0w, s0p, b0p, s1p, d, .. } = *near;
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
