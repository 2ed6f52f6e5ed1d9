//! Averaged multiclass perceptron with hashed features.
//!
//! Training keeps one sparse row per feature that ever took part in an update
//! (`Trainer`); the finished model (`Weights`) keeps the averaged weights
//! quantised to `i16`, with near-zero weights pruned.

mod weights;

use crate::hash::FeatTable;
pub(crate) use weights::{Weights, MAX_CLASSES};
use weights::{WeightsBuilder, KEY_MASK};

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
