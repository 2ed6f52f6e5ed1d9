//! How a parser is trained: the dynamic oracle's costs, one perceptron per ensemble member
//! (each with its own shuffles, exploration and left-out templates), averaged into one, then
//! pruned and quantised.

use std::collections::BTreeMap;

use super::features::{features, Mask, NO_MASK};
use super::input::{feat, lower_hashes, Input};
use super::state::State;
use super::{add_shared, is_valid, move_of, Parser, ParserOptions, Stage};
use crate::hash::Rng;
use crate::io::ByteWriter;
use crate::perceptron::{Trainer, Weights};
use crate::Token;

impl Parser {
    /// Train on sentences whose UPOS/XPOS columns hold the tags to be used as
    /// features (ideally predicted by a jackknifed tagger) and whose heads and
    /// relations are gold.
    pub(crate) fn train(sents: &[Vec<Token>], opt: ParserOptions, mut on_epoch: impl FnMut(Stage, &Parser)) -> Parser {
        let (labset, labels) = label_set(sents);
        let root = labset["root"];
        let nlab = labels.len();
        let ncls = 1 + 2 * nlab;
        let vocab = vocabulary(sents, opt.min_count);
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
        let parser =
            |weights: Weights| Parser { labels: labels.clone(), root, weights, shared, vocab: vocab.clone(), flags };
        let mut trainers = Vec::new();
        for member in 0..members {
            let mut tr = Trainer::new(nw);
            let mut rng = Rng::new(opt.seed.wrapping_add(member.wrapping_mul(0x9e37_79b9)));
            let mut step = Step {
                explore: opt.explore,
                flags,
                mask: member_mask(opt.seed, member, opt.subspace),
                nlab,
                root,
                ncls,
                shared,
                feats: Vec::with_capacity(128),
                scores: vec![0f32; nw],
                costs: vec![0u32; ncls],
            };
            let mut order: Vec<usize> = (0..sents.len()).collect();
            for epoch in 0..opt.epochs {
                rng.shuffle(&mut order);
                for &si in &order {
                    step.sentence(&mut tr, &mut rng, &inputs[si], &golds[si], epoch);
                }
                if epoch + 1 < opt.epochs {
                    let p = parser(tr.finish_q(opt.min_abs, opt.min_hits, opt.qmax));
                    on_epoch(Stage::Epoch(member as usize, epoch), &p);
                }
            }
            trainers.push(tr);
        }
        let tr = Trainer::merge(trainers);
        prune_sweep(&tr, &opt, &parser, &mut on_epoch);
        let p = parser(tr.finish_q(opt.min_abs, opt.min_hits, opt.qmax));
        on_epoch(Stage::Final, &p);
        p
    }
}

/// The dependency relations of the training sentences, sorted ("root" always among them), and
/// each one's label id.
fn label_set(sents: &[Vec<Token>]) -> (BTreeMap<String, usize>, Vec<String>) {
    let mut labset: BTreeMap<String, usize> = BTreeMap::new();
    labset.insert("root".to_string(), 0);
    for t in sents.iter().flatten() {
        labset.entry(t.deprel.clone()).or_insert(0);
    }
    let labels: Vec<String> = labset.keys().cloned().collect();
    for (i, v) in labset.values_mut().enumerate() {
        *v = i;
    }
    (labset, labels)
}

/// The sorted hashes of the words seen at least `min_count` times (empty: all words).
fn vocabulary(sents: &[Vec<Token>], min_count: u32) -> Vec<u64> {
    if min_count <= 1 {
        Vec::new()
    } else {
        let mut counts: BTreeMap<u64, u32> = BTreeMap::new();
        for t in sents.iter().flatten() {
            *counts.entry(lower_hashes(&t.form).0).or_insert(0) += 1;
        }
        counts.into_iter().filter(|&(_, c)| c >= min_count).map(|(h, _)| h).collect()
    }
}

/// The templates an ensemble member leaves out: none for the first, a random share
/// `subspace` for the others.
fn member_mask(seed: u64, member: u64, subspace: f64) -> Mask {
    let mut mask = NO_MASK;
    if member > 0 && subspace > 0.0 {
        let mut mrng = Rng::new(seed ^ member.wrapping_mul(0x51_7cc1_b727));
        for m in mask.iter_mut() {
            for b in 0..64 {
                if mrng.next_f64() < subspace {
                    *m |= 1 << b;
                }
            }
        }
    }
    mask
}

/// `DYAD_PRUNE_SWEEP`: the final parser pruned and quantised with other settings, each shown to
/// the callback with its size. Entries `hits:min_abs:qmax`, e.g. `3:1.0:127,5:2.0:127`.
fn prune_sweep(
    tr: &Trainer,
    opt: &ParserOptions,
    parser: &impl Fn(Weights) -> Parser,
    on_epoch: &mut impl FnMut(Stage, &Parser),
) {
    let Some(sweep) = std::env::var_os("DYAD_PRUNE_SWEEP") else { return };
    for item in sweep.to_string_lossy().split(',') {
        let mut it = item.split(':');
        let k = it.next().and_then(|k| k.parse::<u32>().ok()).unwrap_or(opt.min_hits);
        let a = it.next().and_then(|a| a.parse::<f32>().ok()).unwrap_or(opt.min_abs);
        let q = it.next().and_then(|a| a.parse::<f32>().ok()).unwrap_or(opt.qmax);
        let p = parser(tr.finish_q(a, k, q));
        let mut w = ByteWriter::default();
        p.write(&mut w);
        eprintln!("prune sweep hits {k} min_abs {a} qmax {q}: {} bytes", w.into_inner().len());
        on_epoch(Stage::Sweep { min_hits: k, min_abs: a, qmax: q }, &p);
    }
}

/// What training one ensemble member needs at every transition: its settings and reused
/// buffers.
struct Step {
    /// Probability of following a wrong prediction (from epoch 2 on).
    explore: f64,
    flags: u32,
    mask: Mask,
    nlab: usize,
    root: usize,
    ncls: usize,
    shared: bool,
    feats: Vec<u64>,
    scores: Vec<f32>,
    costs: Vec<u32>,
}

impl Step {
    /// Parses one training sentence, updating the perceptron wherever its prediction costs
    /// more than the best transition (the dynamic oracle), and following a wrong prediction
    /// now and then from the second epoch on.
    fn sentence(&mut self, tr: &mut Trainer, rng: &mut Rng, x: &Input, g: &Gold, epoch: usize) {
        let Step { explore, flags, ref mask, nlab, root, ncls, shared, ref mut feats, ref mut scores, ref mut costs } =
            *self;
        let mut st = State::new(g.head.len() - 1);
        while !st.terminal() {
            features(x, &st, flags, mask, feats);
            tr.tick();
            tr.score(feats, scores);
            add_shared(scores, nlab);
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
                tr.update(feats, best, pred);
                if shared && move_of(best, nlab) != move_of(pred, nlab) {
                    tr.update_ext(feats, ncls + move_of(best, nlab), ncls + move_of(pred, nlab), false);
                }
                if epoch >= 1 && rng.next_f64() < explore {
                    pred
                } else {
                    best
                }
            };
            st.apply(next, nlab);
        }
    }
}

/// Gold tree for the dynamic oracle.
pub(super) struct Gold {
    /// head[i] for i in 1..=n (index 0 unused), 0 = ROOT.
    head: Vec<usize>,
    label: Vec<usize>,
    children: Vec<Vec<usize>>,
}

impl Gold {
    /// The gold tree of a sentence, labels as ids of `labset`.
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

    /// Whether word `h` (0: ROOT) is still in the buffer.
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
