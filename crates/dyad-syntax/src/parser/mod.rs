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

mod features;
mod input;
mod model_io;
mod state;
mod train;

use crate::perceptron::Weights;
#[cfg(test)]
use crate::tagger::norm_lower;
use features::{buffer_features, stack_features, Focus, NO_MASK};
pub(crate) use input::{feat, Input};
use state::State;
#[cfg(test)]
use {crate::hash::hash_str, features::features, input::lower_hashes};

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

    /// The parser's input for a sentence (applies the vocabulary).
    pub(crate) fn input(&self, words: &[&str], upos: &[&str], xpos: &[&str]) -> Input {
        Input::with_vocab(words, upos, xpos, &self.vocab)
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
        let sents = crate::read_conllu(include_str!("../../tests/fixtures/tiny.conllu"));
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
        let sents = crate::read_conllu(include_str!("../../tests/fixtures/tiny.conllu"));
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
        let sents = crate::read_conllu(include_str!("../../tests/fixtures/tiny.conllu"));
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
