//! Greedy left-to-right averaged-perceptron tagger predicting a joint
//! (UPOS, XPOS) class, with a tag dictionary for frequent unambiguous words
//! and ambiguity-class features for the current and following words.

use crate::hash::{f1, f2, f3, hash_str, FeatTable, Rng, StrHasher};
use crate::io::{ByteReader, ByteWriter, ModelError};
use crate::perceptron::{Trainer, Weights};
use crate::Token;
use std::collections::BTreeMap;

/// Per-word precomputed hashes.
#[derive(Clone, Copy, Debug, Default)]
struct Tok {
    lw: u64,
    cw: u64,
    suf: [u64; 4],
    pre: [u64; 3],
    shape: u64,
    flags: u64,
    amb: u64,
}

const PAD_START: u64 = 0x51a7;
const PAD_END: u64 = 0xe4d;

/// Lowercase with every digit mapped to `0`.
#[cfg(test)]
pub(crate) fn norm_lower(w: &str) -> String {
    w.chars().flat_map(|c| c.to_lowercase()).map(|c| if c.is_ascii_digit() { '0' } else { c }).collect()
}

/// Case-preserving form with digits mapped to `0`.
fn norm_case(w: &str) -> String {
    w.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect()
}

#[cfg(test)]
fn shape(w: &str) -> String {
    let mut s = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        s.push(k);
        if s.len() > 24 {
            break;
        }
    }
    s
}

fn make_tok(w: &str, amb: &FeatTable) -> Tok {
    // Hashes are computed while streaming the characters (no allocation);
    // they equal `hash_str` of `norm_lower(w)`, its 1-4 character suffixes
    // and 1-3 character prefixes, `norm_case(w)` and `shape(w)`.
    let mut lw = StrHasher::new();
    let mut n = 0usize;
    let mut first = ['\0'; 3];
    let mut last = ['\0'; 4];
    for c in w.chars().flat_map(|c| c.to_lowercase()) {
        let c = if c.is_ascii_digit() { '0' } else { c };
        lw.push(c);
        if n < 3 {
            first[n] = c;
        }
        last = [last[1], last[2], last[3], c];
        n += 1;
    }
    let mut suf = [0u64; 4];
    let mut pre = [0u64; 3];
    for (k, s) in suf.iter_mut().enumerate() {
        let mut h = StrHasher::new();
        last[4 - (k + 1).min(n)..].iter().for_each(|&c| h.push(c));
        *s = h.finish();
    }
    for (k, p) in pre.iter_mut().enumerate() {
        let mut h = StrHasher::new();
        first[..(k + 1).min(n)].iter().for_each(|&c| h.push(c));
        *p = h.finish();
    }
    let mut cw = StrHasher::new();
    let mut sh = StrHasher::new();
    let (mut sh_len, mut sh_last, mut sh_run, mut sh_done) = (0usize, '\0', 0, false);
    let mut flags = 0u64;
    let mut has_alpha = false;
    let mut all_upper = true;
    for c in w.chars() {
        cw.push(if c.is_ascii_digit() { '0' } else { c });
        if c.is_numeric() {
            flags |= 1;
        }
        if c == '-' {
            flags |= 2;
        }
        if c.is_alphabetic() {
            has_alpha = true;
            if !c.is_uppercase() {
                all_upper = false;
            }
        }
        if !sh_done {
            let k = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_numeric() {
                'd'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            };
            let skip = if k == sh_last {
                sh_run += 1;
                sh_run >= 2
            } else {
                sh_run = 0;
                false
            };
            if !skip {
                sh_last = k;
                sh.push(k);
                sh_len += k.len_utf8();
                sh_done = sh_len > 24;
            }
        }
    }
    if has_alpha && all_upper {
        flags |= 4;
    }
    if w.chars().next().is_some_and(|c| c.is_uppercase()) {
        flags |= 8;
    }
    let cwh = cw.finish();
    Tok {
        lw: lw.finish(),
        cw: cwh,
        suf,
        pre,
        shape: sh.finish(),
        flags,
        amb: amb.get(cwh).map_or(0, |a| u64::from(a) + 1),
    }
}

/// Features for position `i` given the two previous predicted classes.
fn features(toks: &[Tok], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let n = toks.len();
    let at = |j: isize| -> Option<&Tok> {
        if j < 0 || j as usize >= n {
            None
        } else {
            Some(&toks[j as usize])
        }
    };
    let ii = i as isize;
    let lw = |j: isize| at(j).map_or(if j < 0 { PAD_START } else { PAD_END }, |t| t.lw);
    let t = &toks[i];
    let prev = at(ii - 1);
    let next = at(ii + 1);
    let next2 = at(ii + 2);
    out.push(f1(0, 0));
    out.push(f1(1, t.lw));
    out.push(f1(2, t.cw));
    for k in 0..4 {
        out.push(f1(3 + k as u64, t.suf[k]));
    }
    for k in 0..3 {
        out.push(f1(7 + k as u64, t.pre[k]));
    }
    out.push(f1(10, t.shape));
    out.push(f1(11, p1));
    out.push(f1(12, p2));
    out.push(f2(13, p1, p2));
    out.push(f2(14, p1, t.lw));
    out.push(f1(15, lw(ii - 1)));
    out.push(f1(16, prev.map_or(PAD_START, |p| p.suf[2])));
    out.push(f1(17, lw(ii - 2)));
    out.push(f1(18, lw(ii + 1)));
    out.push(f1(19, next.map_or(PAD_END, |p| p.suf[2])));
    out.push(f1(20, lw(ii + 2)));
    out.push(f2(21, lw(ii - 1), t.lw));
    out.push(f2(22, t.lw, lw(ii + 1)));
    out.push(f1(23, t.amb));
    out.push(f1(24, next.map_or(PAD_END, |p| p.amb)));
    out.push(f1(25, next2.map_or(PAD_END, |p| p.amb)));
    out.push(f2(26, t.amb, next.map_or(PAD_END, |p| p.amb)));
    out.push(f2(27, p1, t.suf[2]));
    out.push(f1(28, next.map_or(PAD_END, |p| p.shape)));
    out.push(f2(29, t.flags, u64::from(i == 0)));
    out.push(f2(30, p1, t.amb));
    out.push(f3(31, p1, t.amb, next.map_or(PAD_END, |p| p.amb)));
    out.push(f2(32, t.shape, next.map_or(PAD_END, |p| p.lw)));
    out.push(f2(33, prev.map_or(PAD_START, |p| p.shape), t.shape));
    out.push(f2(34, p1, lw(ii + 1)));
    out.push(f2(35, lw(ii - 1), t.suf[2]));
    out.push(f1(36, prev.map_or(PAD_START, |p| p.cw)));
    out.push(f2(37, t.suf[2], t.flags));
    out.push(f2(38, lw(ii + 1), lw(ii + 2)));
    out.push(f2(39, p2, t.lw));
    out.push(f2(40, t.suf[1], next.map_or(PAD_END, |p| p.suf[1])));
}

/// Extra features of the second pass: first-pass tags `r` (class id + 1) of
/// the current and following words.
fn right_features(toks: &[Tok], r: &[u64], i: usize, p1: u64, out: &mut Vec<u64>) {
    let at = |j: usize| r.get(j).copied().unwrap_or(PAD_END);
    let t = &toks[i];
    let (r0, r1, r2) = (at(i), at(i + 1), at(i + 2));
    out.push(f1(50, r0));
    out.push(f1(51, r1));
    out.push(f1(52, r2));
    out.push(f2(53, r1, r2));
    out.push(f2(54, p1, r1));
    out.push(f2(55, t.lw, r1));
    out.push(f3(56, p1, r0, r1));
    out.push(f2(57, t.suf[2], r1));
    out.push(f2(58, t.lw, r0));
    out.push(f3(59, r0, r1, r2));
}

/// Trained tagger.
#[derive(Clone, Debug)]
pub(crate) struct Tagger {
    /// Class id -> (UPOS, XPOS).
    pub(crate) tags: Vec<(String, String)>,
    tagdict: FeatTable,
    tagdict_entries: Vec<(u64, u32)>,
    amb: FeatTable,
    amb_entries: Vec<(u64, u32)>,
    pub(crate) weights: Weights,
    /// Second pass that also sees the first pass's tags of the following words.
    second: Option<Weights>,
}

/// Training options for the tagger.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TaggerOptions {
    pub epochs: usize,
    pub seed: u64,
    pub min_abs: f32,
    pub min_hits: u32,
    pub qmax: f32,
    /// Perceptrons trained with different shuffles and averaged into one.
    pub members: usize,
}

impl Tagger {
    /// Train on gold sentences.
    pub(crate) fn train(sents: &[Vec<Token>], opt: TaggerOptions) -> Tagger {
        // Tag inventory, sorted for determinism.
        let mut tagset: BTreeMap<(String, String), u32> = BTreeMap::new();
        for t in sents.iter().flatten() {
            tagset.entry((t.upos.clone(), t.xpos.clone())).or_insert(0);
        }
        let tags: Vec<(String, String)> = tagset.keys().cloned().collect();
        for (i, v) in tagset.values_mut().enumerate() {
            *v = i as u32;
        }
        // Word -> tag counts.
        let mut counts: BTreeMap<String, BTreeMap<u32, u32>> = BTreeMap::new();
        for t in sents.iter().flatten() {
            let id = tagset[&(t.upos.clone(), t.xpos.clone())];
            *counts.entry(norm_case(&t.form)).or_default().entry(id).or_insert(0) += 1;
        }
        let mut tagdict_entries = Vec::new();
        let mut sigs: BTreeMap<Vec<u32>, u32> = BTreeMap::new();
        let mut word_sig: Vec<(u64, Vec<u32>)> = Vec::new();
        for (w, c) in &counts {
            let total: u32 = c.values().sum();
            let (&best, &bn) = c.iter().max_by_key(|(&k, &v)| (v, std::cmp::Reverse(k))).unwrap_or((&0, &0));
            if total >= 20 && f64::from(bn) / f64::from(total) >= 0.97 {
                tagdict_entries.push((hash_str(w), best));
            }
            if total >= 3 {
                let sig: Vec<u32> =
                    c.iter().filter(|(_, &v)| f64::from(v) / f64::from(total) >= 0.05).map(|(&k, _)| k).collect();
                sigs.entry(sig.clone()).or_insert(0);
                word_sig.push((hash_str(w), sig));
            }
        }
        for (i, v) in sigs.values_mut().enumerate() {
            *v = i as u32;
        }
        let amb_entries: Vec<(u64, u32)> = word_sig.iter().map(|(h, s)| (*h, sigs[s])).collect();
        let tagdict = table_from(&tagdict_entries);
        let amb = table_from(&amb_entries);

        let gold: Vec<Vec<u32>> =
            sents.iter().map(|s| s.iter().map(|t| tagset[&(t.upos.clone(), t.xpos.clone())]).collect()).collect();
        let toks: Vec<Vec<Tok>> = sents.iter().map(|s| s.iter().map(|t| make_tok(&t.form, &amb)).collect()).collect();

        let weights = Pass { toks: &toks, gold: &gold, tagdict: &tagdict, right: None, ntags: tags.len() }.fit(opt);
        Tagger { tags, tagdict, tagdict_entries, amb, amb_entries, weights, second: None }
    }

    /// Train the second pass on gold `sents`, using `first` (the same
    /// sentences tagged by jackknifed first-pass taggers) as right context.
    pub(crate) fn train_second(&mut self, sents: &[Vec<Token>], first: &[Vec<Token>], opt: TaggerOptions) {
        let id = |t: &Token| -> Option<u32> {
            self.tags
                .binary_search_by(|(u, x)| (u.as_str(), x.as_str()).cmp(&(t.upos.as_str(), t.xpos.as_str())))
                .ok()
                .map(|i| i as u32)
        };
        let gold: Vec<Vec<u32>> = sents.iter().map(|s| s.iter().map(|t| id(t).unwrap_or(0)).collect()).collect();
        let right: Vec<Vec<u64>> =
            first.iter().map(|s| s.iter().map(|t| id(t).map_or(PAD_START, |c| u64::from(c) + 1)).collect()).collect();
        let toks: Vec<Vec<Tok>> =
            sents.iter().map(|s| s.iter().map(|t| make_tok(&t.form, &self.amb)).collect()).collect();
        let pass =
            Pass { toks: &toks, gold: &gold, tagdict: &self.tagdict, right: Some(&right), ntags: self.tags.len() };
        self.second = Some(pass.fit(opt));
    }

    /// Predict class ids for a sentence.
    pub(crate) fn tag(&self, words: &[&str], out: &mut Vec<u32>) {
        out.clear();
        let toks: Vec<Tok> = words.iter().map(|w| make_tok(w, &self.amb)).collect();
        let mut feats = Vec::with_capacity(80);
        let mut scores = vec![0i32; self.weights.nclasses()];
        let mut rows = Vec::with_capacity(80);
        self.pass(&toks, &self.weights, None, out, &mut feats, &mut scores, &mut rows);
        if let Some(second) = &self.second {
            let right: Vec<u64> = out.iter().map(|&c| u64::from(c) + 1).collect();
            self.pass(&toks, second, Some(&right), out, &mut feats, &mut scores, &mut rows);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn pass(
        &self,
        toks: &[Tok],
        weights: &Weights,
        right: Option<&[u64]>,
        out: &mut Vec<u32>,
        feats: &mut Vec<u64>,
        scores: &mut [i32],
        rows: &mut Vec<(u32, u32)>,
    ) {
        out.clear();
        let (mut p1, mut p2) = (PAD_START, PAD_START);
        for i in 0..toks.len() {
            let pred = if let Some(t) = self.tagdict.get(toks[i].cw) {
                t
            } else {
                features(toks, i, p1, p2, feats);
                if let Some(r) = right {
                    right_features(toks, r, i, p1, feats);
                }
                weights.score(feats, scores, rows);
                argmax_i(scores) as u32
            };
            out.push(pred);
            p2 = p1;
            p1 = u64::from(pred) + 1;
        }
    }

    /// Sizes for reporting: (features, weights, tag-dictionary words).
    pub(crate) fn size(&self) -> (usize, usize, usize) {
        let (f, w) = self.weights.size();
        let (f2, w2) = self.second.as_ref().map_or((0, 0), |s| s.size());
        (f + f2, w + w2, self.tagdict_entries.len())
    }

    pub(crate) fn write(&self, out: &mut ByteWriter) {
        out.u32(self.tags.len() as u32);
        for (u, x) in &self.tags {
            out.string(u);
            out.string(x);
        }
        write_pairs(out, &self.tagdict_entries);
        write_pairs(out, &self.amb_entries);
        self.weights.write(out);
        match &self.second {
            Some(w) => {
                out.u8(1);
                w.write(out);
            }
            None => out.u8(0),
        }
    }

    pub(crate) fn read(r: &mut ByteReader) -> Result<Tagger, ModelError> {
        let n = r.u32()? as usize;
        if n == 0 || n > crate::perceptron::MAX_CLASSES {
            return Err(ModelError::Corrupt("bad tag count"));
        }
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            tags.push((r.string()?, r.string()?));
        }
        let tagdict_entries = read_pairs(r, n as u32)?;
        let amb_entries = read_pairs(r, u32::MAX)?;
        let weights = Weights::read(r)?;
        let second = match r.u8()? {
            0 => None,
            1 => Some(Weights::read(r)?),
            _ => return Err(ModelError::Corrupt("bad second-pass flag")),
        };
        if weights.nclasses() != n || second.as_ref().is_some_and(|w| w.nclasses() != n) {
            return Err(ModelError::Corrupt("tagger class count mismatch"));
        }
        Ok(Tagger {
            tags,
            tagdict: table_from(&tagdict_entries),
            tagdict_entries,
            amb: table_from(&amb_entries),
            amb_entries,
            weights,
            second,
        })
    }
}

/// The data of one tagging pass: words, gold classes and (second pass) first-pass classes.
struct Pass<'a> {
    toks: &'a [Vec<Tok>],
    gold: &'a [Vec<u32>],
    tagdict: &'a FeatTable,
    right: Option<&'a [Vec<u64>]>,
    ntags: usize,
}

impl Pass<'_> {
    /// Greedy perceptron training: `opt.members` perceptrons, each with its own shuffles,
    /// averaged into one.
    fn fit(&self, opt: TaggerOptions) -> Weights {
        let trainers = (0..opt.members.max(1) as u64)
            .map(|m| self.member(opt.seed.wrapping_add(m.wrapping_mul(0x9e37_79b9)), opt.epochs))
            .collect();
        Trainer::merge(trainers).finish_q(opt.min_abs, opt.min_hits, opt.qmax)
    }

    /// One perceptron of [`Pass::fit`].
    fn member(&self, seed: u64, epochs: usize) -> Trainer {
        let mut tr = Trainer::new(self.ntags);
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..self.toks.len()).collect();
        let mut feats = Vec::with_capacity(64);
        let mut scores = vec![0f32; self.ntags];
        for _epoch in 0..epochs {
            rng.shuffle(&mut order);
            for &si in &order {
                let (mut p1, mut p2) = (PAD_START, PAD_START);
                for i in 0..self.toks[si].len() {
                    let g = self.gold[si][i];
                    let pred = if let Some(t) = self.tagdict.get(self.toks[si][i].cw) {
                        t
                    } else {
                        features(&self.toks[si], i, p1, p2, &mut feats);
                        if let Some(r) = self.right {
                            right_features(&self.toks[si], &r[si], i, p1, &mut feats);
                        }
                        tr.tick();
                        tr.score(&feats, &mut scores);
                        let p = argmax_f(&scores) as u32;
                        tr.update(&feats, g as usize, p as usize);
                        p
                    };
                    p2 = p1;
                    p1 = u64::from(pred) + 1;
                }
            }
        }
        tr
    }
}

fn table_from(entries: &[(u64, u32)]) -> FeatTable {
    let mut t = FeatTable::with_capacity(entries.len());
    for &(k, v) in entries {
        t.insert(k, v);
    }
    t
}

fn write_pairs(out: &mut ByteWriter, v: &[(u64, u32)]) {
    out.u32(v.len() as u32);
    for &(k, x) in v {
        out.u64(k);
        out.u32(x);
    }
}

fn read_pairs(r: &mut ByteReader, max_val: u32) -> Result<Vec<(u64, u32)>, ModelError> {
    let n = r.u32()? as usize;
    if n > r.remaining() / 12 {
        return Err(ModelError::Corrupt("bad table length"));
    }
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        let k = r.u64()?;
        let x = r.u32()?;
        if x >= max_val {
            return Err(ModelError::Corrupt("bad table value"));
        }
        v.push((k, x));
    }
    Ok(v)
}

pub(crate) fn argmax_f(s: &[f32]) -> usize {
    let mut b = 0;
    for i in 1..s.len() {
        if s[i] > s[b] {
            b = i;
        }
    }
    b
}

pub(crate) fn argmax_i(s: &[i32]) -> usize {
    let mut b = 0;
    for i in 1..s.len() {
        if s[i] > s[b] {
            b = i;
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_tok_matches_strings() {
        let amb = FeatTable::with_capacity(4);
        for w in [
            "Kabul",
            "U.S.",
            "1,200",
            "a",
            "",
            "ÉCOLE-2023",
            "日本語テキスト",
            "İstanbul",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p",
        ] {
            let t = make_tok(w, &amb);
            let lw = norm_lower(w);
            let chars: Vec<char> = lw.chars().collect();
            let n = chars.len();
            assert_eq!(t.lw, hash_str(&lw), "{w}");
            assert_eq!(t.cw, hash_str(&norm_case(w)), "{w}");
            assert_eq!(t.shape, hash_str(&shape(w)), "{w}");
            for k in 0..4 {
                let s: String = chars[n.saturating_sub(k + 1)..].iter().collect();
                assert_eq!(t.suf[k], hash_str(&s), "{w} suffix {k}");
            }
            for k in 0..3 {
                let s: String = chars[..(k + 1).min(n)].iter().collect();
                assert_eq!(t.pre[k], hash_str(&s), "{w} prefix {k}");
            }
        }
    }

    #[test]
    fn shape_and_norm() {
        assert_eq!(shape("Kabul"), "Xxx");
        assert_eq!(shape("Ab"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1,200"), "d,dd");
        assert_eq!(norm_lower("Year2023"), "year0000");
    }

    #[test]
    fn learns_fixture() {
        let sents = crate::read_conllu(include_str!("../tests/fixtures/tiny.conllu"));
        let t = Tagger::train(
            &sents,
            TaggerOptions { epochs: 10, seed: 1, min_abs: 0.0, min_hits: 0, qmax: 4000.0, members: 1 },
        );
        let mut out = Vec::new();
        for s in &sents {
            let words: Vec<&str> = s.iter().map(|t| t.form.as_str()).collect();
            t.tag(&words, &mut out);
            for (tok, &c) in s.iter().zip(&out) {
                assert_eq!(t.tags[c as usize].0, tok.upos, "{}", tok.form);
            }
        }
        let mut w = ByteWriter::default();
        t.write(&mut w);
        let b = w.into_inner();
        let t2 = Tagger::read(&mut ByteReader::new(&b)).unwrap();
        assert_eq!(t2.tags, t.tags);
        // Second pass (here trained with gold tags as the "first pass").
        let mut t3 = t.clone();
        t3.train_second(
            &sents,
            &sents,
            TaggerOptions { epochs: 10, seed: 2, min_abs: 0.0, min_hits: 0, qmax: 4000.0, members: 1 },
        );
        for s in &sents {
            let words: Vec<&str> = s.iter().map(|t| t.form.as_str()).collect();
            t3.tag(&words, &mut out);
            for (tok, &c) in s.iter().zip(&out) {
                assert_eq!(t3.tags[c as usize].0, tok.upos, "{}", tok.form);
            }
        }
        let mut w = ByteWriter::default();
        t3.write(&mut w);
        let b3 = w.into_inner();
        assert!(b3.len() > b.len());
        let t4 = Tagger::read(&mut ByteReader::new(&b3)).unwrap();
        assert!(t4.second.is_some());
        t.tag(&[], &mut out);
        assert!(out.is_empty());
    }
}
