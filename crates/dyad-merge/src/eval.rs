//! Measuring merge decisions: pairwise precision and recall against gold clusters.
//!
//! Every unordered pair of events is a decision: merged (same predicted cluster) or not. A
//! pair merged in both the prediction and the gold is a true positive; precision is the share
//! of merged pairs that the gold merges, recall the share of gold pairs that were merged.

use std::collections::BTreeMap;

/// Pairwise counts and scores.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PairScores {
    /// Pairs merged in both prediction and gold.
    pub true_positives: u64,
    /// Pairs merged in the prediction only.
    pub false_positives: u64,
    /// Pairs merged in the gold only.
    pub false_negatives: u64,
}

impl PairScores {
    /// Share of predicted pairs that are gold pairs (1 when nothing was merged).
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }

    /// Share of gold pairs that were predicted (1 when the gold merges nothing).
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_negatives)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores predicted cluster labels against gold labels, one of each per event (the two
/// slices must be of equal length; extra labels are ignored).
pub fn pairwise<G: Ord, P: Ord>(gold: &[G], predicted: &[P]) -> PairScores {
    let n = gold.len().min(predicted.len());
    let mut by_gold: BTreeMap<&G, u64> = BTreeMap::new();
    let mut by_pred: BTreeMap<&P, u64> = BTreeMap::new();
    let mut by_both: BTreeMap<(&G, &P), u64> = BTreeMap::new();
    for i in 0..n {
        *by_gold.entry(&gold[i]).or_default() += 1;
        *by_pred.entry(&predicted[i]).or_default() += 1;
        *by_both.entry((&gold[i], &predicted[i])).or_default() += 1;
    }
    let tp: u64 = by_both.values().map(|&c| pairs(c)).sum();
    let gold_pairs: u64 = by_gold.values().map(|&c| pairs(c)).sum();
    let pred_pairs: u64 = by_pred.values().map(|&c| pairs(c)).sum();
    PairScores { true_positives: tp, false_positives: pred_pairs - tp, false_negatives: gold_pairs - tp }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pairs() {
        let gold = ["a", "a", "a", "b", "b"];
        let pred = [1, 1, 2, 2, 2];
        let s = pairwise(&gold, &pred);
        // gold pairs: 3 + 1; predicted pairs: 1 + 3; shared: (0,1) and (3,4).
        assert_eq!(s, PairScores { true_positives: 2, false_positives: 2, false_negatives: 2 });
        assert_eq!(s.precision(), 0.5);
        assert_eq!(s.recall(), 0.5);
    }

    #[test]
    fn empty_is_perfect() {
        let s = pairwise::<&str, u8>(&[], &[]);
        assert_eq!((s.precision(), s.recall()), (1.0, 1.0));
    }
}
