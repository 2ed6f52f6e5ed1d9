//! How the finished weights are laid out and summed: rows by feature key in an open-addressed
//! table of slots (short rows inline, long ones dense), summed in narrow or wide lanes; and how
//! they are written to and read from the model file.

use crate::io::{ByteReader, ByteWriter, ModelError};

/// Builds [`Weights`] from rows added in key order.
pub(super) struct WeightsBuilder {
    nclasses: usize,
    scale: f32,
    keys: Vec<u64>,
    starts: Vec<u32>,
    entries: Vec<Wt>,
}

impl WeightsBuilder {
    /// An empty table of `nclasses` classes, weights scaled by `scale`.
    pub(super) fn new(nclasses: usize, scale: f32) -> Self {
        WeightsBuilder { nclasses, scale, keys: vec![], starts: vec![0], entries: vec![] }
    }
    /// Adds the row of feature `key`: `(class, weight)` pairs.
    pub(super) fn push(&mut self, key: u64, row: &[(u8, i16)]) {
        self.keys.push(key);
        for &(c, v) in row {
            self.entries.push(Wt { w: v, cls: c, _pad: 0 });
        }
        self.starts.push(self.entries.len() as u32);
    }
    /// The finished weights.
    pub(super) fn build(self) -> Weights {
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

/// A signed weight as an unsigned number, small magnitudes small.
fn zigzag(v: i16) -> u64 {
    let v = i64::from(v);
    ((v << 1) ^ (v >> 63)) as u64
}

/// The weight [`zigzag`] wrote.
fn unzigzag(u: u64) -> i16 {
    let v = ((u >> 1) as i64) ^ -((u & 1) as i64);
    v.clamp(i64::from(i16::MIN), i64::from(i16::MAX)) as i16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perceptron::Trainer;

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
