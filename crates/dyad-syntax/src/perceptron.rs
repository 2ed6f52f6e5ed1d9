//! Averaged multiclass perceptron with hashed features.
//!
//! Training keeps one sparse row per feature that ever took part in an update
//! (`Trainer`); the finished model (`Weights`) keeps the averaged weights
//! quantised to `i16`, with near-zero weights pruned.

use crate::hash::FeatTable;
use crate::io::{ByteReader, ByteWriter, ModelError};

#[derive(Clone, Copy, Debug)]
struct Entry {
    cls: u16,
    ts: u32,
    w: f32,
    tot: f64,
}

/// Training-time weights with lazy averaging.
#[derive(Debug)]
pub(crate) struct Trainer {
    nclasses: usize,
    index: FeatTable,
    keys: Vec<u64>,
    rows: Vec<Vec<Entry>>,
    /// Number of updates each row took part in (for pruning rare features).
    hits: Vec<u32>,
    /// Number of training instances seen (the averaging clock).
    time: u32,
}

impl Trainer {
    /// New, empty trainer.
    pub(crate) fn new(nclasses: usize) -> Self {
        Trainer {
            nclasses,
            index: FeatTable::with_capacity(1 << 16),
            keys: Vec::new(),
            rows: Vec::new(),
            hits: Vec::new(),
            time: 0,
        }
    }

    /// Add the current weights of `feats` into `scores` (length = nclasses).
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for s in scores.iter_mut() {
            *s = 0.0;
        }
        for &f in feats {
            if let Some(r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    scores[e.cls as usize] += e.w;
                }
            }
        }
    }

    /// One trainer whose (final) weights are the mean of the averaged
    /// weights of `trainers` (all with the same classes); update counts add up.
    pub(crate) fn merge(mut trainers: Vec<Trainer>) -> Trainer {
        if trainers.len() <= 1 {
            return trainers.pop().unwrap_or_else(|| Trainer::new(1));
        }
        let k = trainers.len() as f64;
        let mut out = Trainer::new(trainers[0].nclasses);
        out.time = 1;
        for t in &trainers {
            let time = f64::from(t.time.max(1));
            for (ri, row) in t.rows.iter().enumerate() {
                let key = t.keys[ri];
                let r = match out.index.get(key) {
                    Some(r) => r as usize,
                    None => {
                        let r = out.rows.len();
                        out.index.insert(key, r as u32);
                        out.keys.push(key);
                        out.rows.push(Vec::with_capacity(row.len()));
                        out.hits.push(0);
                        r
                    }
                };
                out.hits[r] = out.hits[r].saturating_add(t.hits[ri]);
                for e in row {
                    let avg = (e.tot + f64::from(t.time - e.ts) * f64::from(e.w)) / time / k;
                    match out.rows[r].iter_mut().find(|x| x.cls == e.cls) {
                        Some(x) => x.w += avg as f32,
                        None => out.rows[r].push(Entry { cls: e.cls, ts: 0, w: avg as f32, tot: 0.0 }),
                    }
                }
            }
        }
        out
    }

    /// Advance the averaging clock by one instance.
    pub(crate) fn tick(&mut self) {
        self.time = self.time.saturating_add(1);
    }

    /// Perceptron update: +1 for `gold`, -1 for `pred` on every feature.
    pub(crate) fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        self.update_ext(feats, gold, pred, true);
    }

    /// As [`Trainer::update`]; `count` = whether this counts as an update
    /// of the features for pruning by `min_hits`.
    pub(crate) fn update_ext(&mut self, feats: &[u64], gold: usize, pred: usize, count: bool) {
        if gold == pred {
            return;
        }
        let t = self.time;
        for &f in feats {
            let r = match self.index.get(f) {
                Some(r) => r as usize,
                None => {
                    let r = self.rows.len();
                    self.index.insert(f, r as u32);
                    self.keys.push(f);
                    self.rows.push(Vec::with_capacity(2));
                    self.hits.push(0);
                    r
                }
            };
            if count {
                self.hits[r] = self.hits[r].saturating_add(1);
            }
            let row = &mut self.rows[r];
            for (c, d) in [(gold, 1.0f32), (pred, -1.0f32)] {
                match row.iter_mut().find(|e| e.cls as usize == c) {
                    Some(e) => {
                        e.tot += f64::from(t - e.ts) * f64::from(e.w);
                        e.ts = t;
                        e.w += d;
                    }
                    None => row.push(Entry { cls: c as u16, ts: t, w: d, tot: 0.0 }),
                }
            }
        }
    }

    /// Averaged, quantised, pruned weights, the largest quantised to `qmax`.
    ///
    /// Weights whose averaged magnitude is below `min_abs` are dropped, and
    /// so are features that took part in fewer than `min_hits` updates.
    pub(crate) fn finish_q(&self, min_abs: f32, min_hits: u32, qmax: f32) -> Weights {
        let t = f64::from(self.time.max(1));
        let mut max_abs = 0f32;
        let mut avg_rows: Vec<Vec<(u8, f32)>> = Vec::with_capacity(self.rows.len());
        for (ri, row) in self.rows.iter().enumerate() {
            let mut out = Vec::new();
            if self.hits[ri] < min_hits {
                avg_rows.push(out);
                continue;
            }
            for e in row {
                let tot = e.tot + f64::from(self.time - e.ts) * f64::from(e.w);
                let a = (tot / t) as f32;
                if a.abs() >= min_abs && a != 0.0 {
                    max_abs = max_abs.max(a.abs());
                    out.push((e.cls as u8, a));
                }
            }
            out.sort_by_key(|p| p.0);
            avg_rows.push(out);
        }
        let scale = if max_abs > 0.0 { qmax / max_abs } else { 1.0 };
        let mut w = WeightsBuilder::new(self.nclasses, scale);
        // Emit rows in (truncated) key order so that the model file is canonical;
        // on the rare truncation collision the first row wins.
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by_key(|&i| (self.keys[i] & KEY_MASK, self.keys[i]));
        let mut last = None;
        for i in order {
            let key = self.keys[i] & KEY_MASK;
            if last == Some(key) {
                continue;
            }
            let q: Vec<(u8, i16)> = avg_rows[i]
                .iter()
                .map(|&(c, a)| (c, (a * scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|&(_, v)| v != 0)
                .collect();
            if !q.is_empty() {
                w.push(key, &q);
                last = Some(key);
            }
        }
        w.build()
    }
}

struct WeightsBuilder {
    nclasses: usize,
    scale: f32,
    keys: Vec<u64>,
    starts: Vec<u32>,
    entries: Vec<Wt>,
}

impl WeightsBuilder {
    fn new(nclasses: usize, scale: f32) -> Self {
        WeightsBuilder { nclasses, scale, keys: vec![], starts: vec![0], entries: vec![] }
    }
    fn push(&mut self, key: u64, row: &[(u8, i16)]) {
        self.keys.push(key);
        for &(c, v) in row {
            self.entries.push(Wt { w: v, cls: c, _pad: 0 });
        }
        self.starts.push(self.entries.len() as u32);
    }
    fn build(self) -> Weights {
        // Load factor between 3/8 and 3/4.
        let cap = (self.keys.len().max(4) * 4 / 3 + 1).next_power_of_two();
        let mask = cap - 1;
        let mut slots = vec![Slot { fp: 0, data: [0; SLOT_DATA] }; cap];
        let wide = self.entries.iter().any(|e| i8::try_from(e.w).is_err());
        let stride = dense_stride(self.nclasses);
        let (mut dense8, mut dense16) = (Vec::new(), Vec::new());
        let mut dense_rows = 0u32;
        for (i, &k) in self.keys.iter().enumerate() {
            let k = slot_key(k);
            let fp = fingerprint(k);
            let mut j = (k as usize) & mask;
            while slots[j].fp != 0 && slots[j].fp != fp {
                j = (j + 1) & mask;
            }
            let (a, b) = (self.starts[i], self.starts[i + 1]);
            let row = &self.entries[a as usize..b as usize];
            let mut data = [INLINE_END; SLOT_DATA];
            if !wide && row.len() <= SLOT_DATA / 2 {
                for (n, e) in row.iter().enumerate() {
                    data[2 * n] = e.cls;
                    data[2 * n + 1] = e.w as i8 as u8;
                }
            } else if wide && row.len() <= SLOT_DATA / 3 {
                for (n, e) in row.iter().enumerate() {
                    data[3 * n] = e.cls;
                    data[3 * n + 1..3 * n + 3].copy_from_slice(&e.w.to_le_bytes());
                }
            } else if is_dense(row.len(), self.nclasses) {
                let at = dense_rows;
                dense_rows += 1;
                if wide {
                    dense16.resize(dense16.len() + stride, 0i16);
                    for e in row {
                        dense16[at as usize * stride + e.cls as usize] = e.w;
                    }
                } else {
                    dense8.resize(dense8.len() + stride, 0i8);
                    for e in row {
                        // Every weight of a narrow table fits a byte.
                        dense8[at as usize * stride + e.cls as usize] = e.w as i8;
                    }
                }
                data[0] = DENSE;
                data[2..6].copy_from_slice(&at.to_le_bytes());
            } else {
                // Rows hold distinct classes, so their length fits a byte.
                data[0] = OVERFLOW;
                data[1] = row.len().min(255) as u8;
                data[2..6].copy_from_slice(&a.to_le_bytes());
            }
            slots[j] = Slot { fp, data };
        }
        Weights {
            nclasses: self.nclasses,
            scale: self.scale,
            slots,
            mask,
            wide,
            keys: self.keys,
            starts: self.starts,
            entries: self.entries,
            dense8,
            dense16,
            stride,
        }
    }
}

/// A row with weights for at least a quarter of the classes is kept dense, one weight per
/// class, and summed with vector instructions (at most twice the size of its `(class,
/// weight)` pairs; on the committed model this cut the instructions of coding by 15% and
/// added under 1 MB).
fn is_dense(len: usize, nclasses: usize) -> bool {
    len > 3 && 4 * len >= nclasses
}

/// Classes per dense row, rounded up to whole 16-byte lanes of bytes.
fn dense_stride(nclasses: usize) -> usize {
    nclasses.div_ceil(16) * 16
}

/// One quantised weight: class id and value, 4 bytes.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
struct Wt {
    w: i16,
    cls: u8,
    _pad: u8,
}

/// Hash-table slot (8 bytes, eight to a cache line): a 16-bit fingerprint
/// of the feature key (0 = empty) and either the row itself, up to
/// three `(class, i8 weight)` pairs (or two `(class, i16 weight)` triples
/// in tables with larger weights) ended by [`INLINE_END`], or [`OVERFLOW`], the row's
/// length and its start in `entries`, or [`DENSE`] and the row's number in the dense rows
/// (a row with weights for many classes). Most lookups thus touch a single
/// cache line, and the table is half the size of one with 16-byte slots. (16-byte slots,
/// which hold the many rows of four to seven weights too, made the parser slower when two
/// ran at once: the table's size outweighed the rows it spared.)
#[derive(Clone, Copy, Debug)]
#[repr(C, align(8))]
struct Slot {
    fp: u16,
    data: [u8; SLOT_DATA],
}

/// Bytes of a row a slot holds.
const SLOT_DATA: usize = 6;

const INLINE_END: u8 = 0xff;
const OVERFLOW: u8 = 0xfe;
const DENSE: u8 = 0xfd;
/// Class ids must stay below this (the three markers above).
pub(crate) const MAX_CLASSES: usize = 253;

/// Length of a scoring accumulator: one lane per value of a class byte, so indexing by class
/// needs no bounds check.
const CLASSES: usize = 256;

/// Features summed in `i16` lanes at a time in a narrow table: `CHUNK` weights of magnitude at
/// most 128 cannot leave the `i16` range.
const CHUNK: usize = 255;

/// The integer a table's weights are summed in: `i16` for narrow tables, `i32` for wide ones.
trait Lane: Copy + std::ops::AddAssign {
    /// A weight of a dense row.
    type Dense: Copy + Into<Self>;
    /// The table's dense rows.
    fn dense(w: &Weights) -> &[Self::Dense];
    /// A weight of a sparse row.
    fn weight(w: i16) -> Self;
    /// Add the weights of an inline row (the data of a slot).
    fn add_inline(d: &[u8; SLOT_DATA], acc: &mut [Self; CLASSES]);
}

impl Lane for i16 {
    type Dense = i8;
    fn dense(w: &Weights) -> &[i8] {
        &w.dense8
    }
    #[inline(always)]
    fn weight(w: i16) -> i16 {
        w
    }
    #[inline(always)]
    fn add_inline(d: &[u8; SLOT_DATA], acc: &mut [i16; CLASSES]) {
        for t in d.chunks_exact(2) {
            if t[0] == INLINE_END {
                break;
            }
            acc[usize::from(t[0])] += i16::from(t[1] as i8);
        }
    }
}

impl Lane for i32 {
    type Dense = i16;
    fn dense(w: &Weights) -> &[i16] {
        &w.dense16
    }
    #[inline(always)]
    fn weight(w: i16) -> i32 {
        i32::from(w)
    }
    #[inline(always)]
    fn add_inline(d: &[u8; SLOT_DATA], acc: &mut [i32; CLASSES]) {
        for t in d.chunks_exact(3) {
            if t[0] == INLINE_END {
                break;
            }
            acc[usize::from(t[0])] += i32::from(i16::from_le_bytes([t[1], t[2]]));
        }
    }
}

/// Fingerprint kept in a slot: key bits 24..40 (the low bits choose the
/// slot), never 0. Together with the slot position a lookup compares about
/// 36 key bits: a feature absent from the model takes a wrong row about
/// once in 30,000 lookups (a few weights on one transition in ~10 sentences).
#[inline]
fn fingerprint(k: u64) -> u16 {
    let f = (k >> 24) as u16;
    if f == 0 {
        1
    } else {
        f
    }
}

/// Stored feature keys keep their low 40 bits: with ~10^6 features the
/// chance of any collision is ~10^-1 and of a false hit per lookup ~10^-6,
/// while the sorted, delta-encoded keys take ~3 bytes each in the file.
pub(crate) const KEY_MASK: u64 = (1 << 40) - 1;

#[inline]
fn slot_key(k: u64) -> u64 {
    let k = k & KEY_MASK;
    if k == 0 {
        0x5bd1_e995
    } else {
        k
    }
}

#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint and never dereferences the pointer.
    #[allow(unused_unsafe)]
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Finished, read-only weights (quantised to `i16`).
#[derive(Clone, Debug)]
pub(crate) struct Weights {
    nclasses: usize,
    scale: f32,
    slots: Vec<Slot>,
    mask: usize,
    /// Inline rows hold up to two `(class, i16)` triples instead of three
    /// `(class, i8)` pairs (some weight does not fit a byte).
    wide: bool,
    keys: Vec<u64>,
    starts: Vec<u32>,
    entries: Vec<Wt>,
    /// Dense rows, `stride` weights each (see [`is_dense`]): bytes in a narrow table, `i16` in
    /// a wide one (the other vector is empty). Their rows in `entries` are kept for
    /// [`Weights::write`].
    dense8: Vec<i8>,
    dense16: Vec<i16>,
    stride: usize,
}

impl Weights {
    /// Number of classes.
    pub(crate) fn nclasses(&self) -> usize {
        self.nclasses
    }

    /// Number of stored features and non-zero weights.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.entries.len())
    }

    /// Sum the weights of `feats` into `scores` (length = nclasses), as integers.
    ///
    /// Table slots and rows are prefetched first so that cache misses overlap. A narrow table
    /// (every weight fits a byte) is summed in `i16` lanes, at most [`CHUNK`] features at a time
    /// so that no sum can overflow, and its dense rows are bytes; the sums are the same as in
    /// `i32`, with half the memory read and twice the lanes per vector instruction. Dense rows
    /// are summed with AVX2 where the processor has it (the same sums, in fewer instructions).
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [i32], rows: &mut Vec<(u32, u32)>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            return unsafe { self.score_avx2(feats, scores, rows) };
        }
        self.score_any(feats, scores, rows)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_avx2(&self, feats: &[u64], scores: &mut [i32], rows: &mut Vec<(u32, u32)>) {
        self.score_any(feats, scores, rows)
    }

    #[inline(always)]
    fn score_any(&self, feats: &[u64], scores: &mut [i32], rows: &mut Vec<(u32, u32)>) {
        for s in scores.iter_mut() {
            *s = 0;
        }
        if self.wide {
            let mut acc = [0i32; CLASSES];
            self.gather(feats, &mut acc, rows);
            for (s, &a) in scores.iter_mut().zip(&acc) {
                *s += a;
            }
        } else {
            for chunk in feats.chunks(CHUNK) {
                let mut acc = [0i16; CLASSES];
                self.gather(chunk, &mut acc, rows);
                for (s, &a) in scores.iter_mut().zip(&acc) {
                    *s += i32::from(a);
                }
            }
        }
    }

    /// Add the weights of `feats` into `acc`, indexed by class.
    #[inline(always)]
    fn gather<A: Lane>(&self, feats: &[u64], acc: &mut [A; CLASSES], rows: &mut Vec<(u32, u32)>) {
        for &f in feats {
            prefetch(&self.slots[(slot_key(f) as usize) & self.mask]);
        }
        let dense = A::dense(self);
        rows.clear();
        for &f in feats {
            let k = slot_key(f);
            let fp = fingerprint(k);
            let mut j = (k as usize) & self.mask;
            loop {
                let sl = &self.slots[j];
                if sl.fp == fp {
                    let d = &sl.data;
                    if d[0] == OVERFLOW {
                        let a = u32::from_le_bytes([d[2], d[3], d[4], d[5]]);
                        let n = u32::from(d[1]);
                        prefetch(self.entries.as_ptr().wrapping_add(a as usize));
                        rows.push((a, n));
                    } else if d[0] == DENSE {
                        // A row number with length 0 (sparse rows are never empty).
                        let r = u32::from_le_bytes([d[2], d[3], d[4], d[5]]);
                        prefetch(dense.as_ptr().wrapping_add(r as usize * self.stride));
                        rows.push((r, 0));
                    } else {
                        A::add_inline(d, acc);
                    }
                    break;
                }
                if sl.fp == 0 {
                    break;
                }
                j = (j + 1) & self.mask;
            }
        }
        for &(a, n) in rows.iter() {
            if n == 0 {
                let start = a as usize * self.stride;
                let row = dense.get(start..start + self.stride).unwrap_or(&[]);
                for (s, &w) in acc.iter_mut().zip(row) {
                    *s += w.into();
                }
                continue;
            }
            let (a, b) = (a as usize, a as usize + n as usize);
            for e in self.entries.get(a..b).unwrap_or(&[]) {
                acc[usize::from(e.cls)] += A::weight(e.w);
            }
        }
    }

    /// Serialise (sorted keys delta-encoded as varints).
    pub(crate) fn write(&self, out: &mut ByteWriter) {
        out.u32(self.nclasses as u32);
        out.f32(self.scale);
        out.u32(self.keys.len() as u32);
        let mut prev = 0u64;
        for (i, &k) in self.keys.iter().enumerate() {
            out.varint(k.wrapping_sub(prev));
            prev = k;
            let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            out.varint((b - a) as u64);
            for e in &self.entries[a..b] {
                out.u8(e.cls);
                out.varint(zigzag(e.w));
            }
        }
    }

    /// Deserialise.
    pub(crate) fn read(r: &mut ByteReader) -> Result<Weights, ModelError> {
        let nclasses = r.u32()? as usize;
        if nclasses == 0 || nclasses > MAX_CLASSES {
            return Err(ModelError::Corrupt("bad class count"));
        }
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        if n > r.remaining() {
            return Err(ModelError::Corrupt("bad feature count"));
        }
        let mut b = WeightsBuilder::new(nclasses, scale);
        let mut prev = 0u64;
        let mut row = Vec::new();
        for _ in 0..n {
            let k = prev.wrapping_add(r.varint()?);
            prev = k;
            let len = r.varint()? as usize;
            if len > nclasses {
                return Err(ModelError::Corrupt("bad row length"));
            }
            row.clear();
            for _ in 0..len {
                let c = r.u8()?;
                if c as usize >= nclasses {
                    return Err(ModelError::Corrupt("bad class id"));
                }
                row.push((c, unzigzag(r.varint()?)));
            }
            b.push(k, &row);
        }
        Ok(b.build())
    }
}

fn zigzag(v: i16) -> u64 {
    let v = i64::from(v);
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(u: u64) -> i16 {
    let v = ((u >> 1) as i64) ^ -((u & 1) as i64);
    v.clamp(i64::from(i16::MIN), i64::from(i16::MAX)) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_roundtrips() {
        let mut t = Trainer::new(3);
        let data: Vec<(Vec<u64>, usize)> = (0..30).map(|i| (vec![100 + (i % 3) as u64, 7], i % 3)).collect();
        let mut scores = vec![0f32; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                t.tick();
                t.score(f, &mut scores);
                let p = argmax_f(&scores);
                t.update(f, *y, p);
            }
        }
        let w = t.finish_q(0.0, 0, 4000.0);
        let mut buf = ByteWriter::default();
        w.write(&mut buf);
        let bytes = buf.into_inner();
        let w2 = Weights::read(&mut ByteReader::new(&bytes)).unwrap();
        let mut s = vec![0i32; 3];
        let mut rows = Vec::new();
        for (f, y) in &data {
            w2.score(f, &mut s, &mut rows);
            let best = (0..3).max_by_key(|&c| (s[c], std::cmp::Reverse(c))).unwrap();
            assert_eq!(best, *y);
        }
        assert_eq!(w.size(), w2.size());
        assert_eq!(zigzag(-5), 9);
        assert_eq!(unzigzag(zigzag(-32768)), -32768);
    }

    /// The sums of `feats` over `rows` in `i32`, the way scoring must find them.
    fn sums(rows: &[(u64, Vec<(u8, i16)>)], feats: &[u64], nclasses: usize) -> Vec<i32> {
        let mut want = vec![0i32; nclasses];
        for f in feats {
            for (_, row) in rows.iter().filter(|(k, _)| k == f) {
                for &(c, v) in row {
                    want[c as usize] += i32::from(v);
                }
            }
        }
        want
    }

    fn build(rows: &[(u64, Vec<(u8, i16)>)], nclasses: usize) -> Weights {
        let mut b = WeightsBuilder::new(nclasses, 1.0);
        for (k, row) in rows {
            b.push(*k, row);
        }
        b.build()
    }

    #[test]
    fn inline_overflow_and_dense_rows_sum_alike_in_narrow_and_wide_tables() {
        let nclasses = 40;
        let narrow: Vec<(u64, Vec<(u8, i16)>)> = vec![
            (11, vec![(0, 5), (39, -7)]),
            (22, vec![(1, 3), (2, -4), (3, 100), (17, -128)]),
            (33, (0..12).map(|c| (c as u8 + 4, (c as i16 - 6) * 9)).collect()),
            (44, (0..20).map(|c| (c as u8 * 2, 20 - c as i16)).collect()),
            (66, (0..9).map(|c| (c as u8 * 3, c as i16 - 4)).collect()),
        ];
        let wide: Vec<(u64, Vec<(u8, i16)>)> =
            narrow.iter().map(|(k, row)| (*k, row.iter().map(|&(c, v)| (c, v * 250)).collect())).collect();
        let feats = [11, 22, 33, 44, 55, 33, 66];
        for (rows, is_wide) in [(&narrow, false), (&wide, true)] {
            let w = build(rows, nclasses);
            assert_eq!(w.wide, is_wide);
            let dense_len = if is_wide { w.dense16.len() } else { w.dense8.len() };
            assert_eq!(dense_len, 2 * dense_stride(nclasses), "two dense rows");
            let kind = |marker: u8| w.slots.iter().filter(|s| s.fp != 0 && s.data[0] == marker).count();
            // Two weights fit a slot; four and nine do not, and are too few for a dense row.
            assert_eq!((kind(OVERFLOW), kind(DENSE)), (2, 2), "wide: {is_wide}");
            let (mut got, mut any) = (vec![0i32; nclasses], vec![0i32; nclasses]);
            let mut scratch = Vec::new();
            w.score(&feats, &mut got, &mut scratch);
            w.score_any(&feats, &mut any, &mut scratch);
            let want = sums(rows, &feats, nclasses);
            assert_eq!(got, want, "wide: {is_wide}");
            assert_eq!(any, want, "wide: {is_wide}");
        }
    }

    #[test]
    fn narrow_sums_beyond_the_i16_range_are_exact() {
        // 600 features, each with the largest weights a byte holds, dense and inline alike.
        let nclasses = 8;
        let rows: Vec<(u64, Vec<(u8, i16)>)> = (0..600u64)
            .map(|k| {
                let row = if k % 2 == 0 {
                    (0..8).map(|c| (c as u8, if c % 2 == 0 { 127 } else { -128 })).collect()
                } else {
                    vec![(0, 127), (1, -128)]
                };
                (1000 + k, row)
            })
            .collect();
        let w = build(&rows, nclasses);
        assert!(!w.wide);
        let feats: Vec<u64> = rows.iter().map(|(k, _)| *k).collect();
        let mut got = vec![0i32; nclasses];
        w.score(&feats, &mut got, &mut Vec::new());
        assert_eq!(got, sums(&rows, &feats, nclasses));
        assert_eq!(got[0], 600 * 127);
    }

    fn argmax_f(s: &[f32]) -> usize {
        let mut b = 0;
        for i in 1..s.len() {
            if s[i] > s[b] {
                b = i;
            }
        }
        b
    }
}
