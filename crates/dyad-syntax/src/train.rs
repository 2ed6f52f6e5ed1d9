//! Training: tagger, jackknifed tags for the parser's training data, parser.
//!
//! Everything is deterministic for a given [`TrainOptions::seed`].

use crate::parser::{Parser, ParserOptions, Stage};
use crate::tagger::{Tagger, TaggerOptions};
use crate::{LemmaOptions, Lemmatizer, Model, Token};

/// Hyper-parameters for [`train_model`].
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the data for the tagger.
    pub tagger_epochs: usize,
    /// Tagger perceptrons trained with different shuffles and averaged into one.
    pub tagger_members: usize,
    /// Passes over the data for the parser.
    pub parser_epochs: usize,
    /// Jackknife folds used to give the parser realistic predicted tags
    /// (0 or 1 = train the parser on gold tags).
    pub folds: usize,
    /// Seed for shuffling and exploration.
    pub seed: u64,
    /// Probability of following a wrong parser prediction during training (from the 2nd epoch).
    pub explore: f64,
    /// Averaged tagger weights below this magnitude are pruned.
    pub tagger_min_abs: f32,
    /// Averaged parser weights below this magnitude are pruned.
    pub parser_min_abs: f32,
    /// Tagger features that took part in fewer updates than this are pruned.
    pub tagger_min_hits: u32,
    /// Parser features that took part in fewer updates than this are pruned.
    pub parser_min_hits: u32,
    /// Tagger weights are quantised so that the largest becomes this integer.
    pub tagger_qmax: f32,
    /// Parser weights are quantised so that the largest becomes this integer.
    pub parser_qmax: f32,
    /// Parsers trained (different seeds) and averaged into the final one.
    pub parser_members: usize,
    /// Share of the feature templates each parser after the first leaves out.
    pub parser_subspace: f64,
    /// Words seen fewer times in the parser's training data are unknown words to it.
    pub parser_min_count: u32,
    /// Optional parser feature groups (bit mask: 1 between-counts, 2 shared
    /// move weights, 4 suffixes, 8 sentence context).
    pub parser_features: u32,
    /// How the lemmatiser is learned.
    pub lemmas: LemmaOptions,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 12,
            tagger_members: 1,
            parser_epochs: 12,
            folds: 5,
            seed: 20240607,
            explore: 0.9,
            tagger_min_abs: 0.05,
            parser_min_abs: 1.0,
            tagger_min_hits: 1,
            parser_min_hits: 3,
            tagger_qmax: 32000.0,
            parser_qmax: 127.0,
            parser_members: 5,
            parser_subspace: 0.0,
            parser_min_count: 1,
            parser_features: 11,
            lemmas: LemmaOptions::default(),
        }
    }
}

impl TrainOptions {
    /// Very small settings for unit tests.
    pub fn tiny() -> Self {
        TrainOptions {
            tagger_epochs: 10,
            tagger_members: 1,
            parser_epochs: 10,
            folds: 0,
            seed: 1,
            explore: 0.0,
            tagger_min_abs: 0.0,
            parser_min_abs: 0.0,
            tagger_min_hits: 0,
            parser_min_hits: 0,
            tagger_qmax: 4000.0,
            parser_qmax: 4000.0,
            parser_members: 1,
            parser_subspace: 0.0,
            parser_min_count: 1,
            parser_features: 1,
            lemmas: LemmaOptions { max_suffix: 6, min_count: 1, smoothing: 0.0 },
        }
    }
}

impl TrainOptions {
    fn tagger_options(&self) -> TaggerOptions {
        TaggerOptions {
            epochs: self.tagger_epochs,
            seed: self.seed,
            min_abs: self.tagger_min_abs,
            min_hits: self.tagger_min_hits,
            qmax: self.tagger_qmax,
            members: self.tagger_members,
        }
    }
}

fn words(s: &[Token]) -> Vec<&str> {
    s.iter().map(|t| t.form.as_str()).collect()
}

/// Replace the UPOS/XPOS columns of `sents` by the tagger's predictions.
fn retag(tagger: &Tagger, sents: &[Vec<Token>]) -> Vec<Vec<Token>> {
    let mut cls = Vec::new();
    sents
        .iter()
        .map(|s| {
            tagger.tag(&words(s), &mut cls);
            s.iter()
                .zip(&cls)
                .map(|(t, &c)| {
                    let (u, x) = &tagger.tags[c as usize];
                    Token { upos: u.clone(), xpos: x.clone(), ..t.clone() }
                })
                .collect()
        })
        .collect()
}

fn tag_accuracy(pred: &[Vec<Token>], gold: &[Vec<Token>]) -> f64 {
    let (mut n, mut ok) = (0usize, 0usize);
    for (p, g) in pred.iter().zip(gold) {
        for (a, b) in p.iter().zip(g) {
            n += 1;
            ok += usize::from(a.upos == b.upos);
        }
    }
    ok as f64 / n.max(1) as f64
}

fn attachment(parser: &Parser, tagged: &[Vec<Token>]) -> (f64, f64) {
    let (mut n, mut u, mut l) = (0usize, 0usize, 0usize);
    let (mut h, mut lab) = (Vec::new(), Vec::new());
    for s in tagged {
        let x: Vec<&str> = s.iter().map(|t| t.xpos.as_str()).collect();
        let up: Vec<&str> = s.iter().map(|t| t.upos.as_str()).collect();
        parser.parse(&parser.input(&words(s), &up, &x), &mut h, &mut lab);
        for (i, t) in s.iter().enumerate() {
            n += 1;
            if h[i] == t.head {
                u += 1;
                l += usize::from(parser.labels[lab[i]] == t.deprel);
            }
        }
    }
    (u as f64 / n.max(1) as f64, l as f64 / n.max(1) as f64)
}

/// Train a complete model on gold `train` sentences.
///
/// `dev` (may be empty) is only used for progress messages sent to `log`.
/// Returns the model and a short description of the run.
pub fn train_model(train: &[Vec<Token>], opt: &TrainOptions, mut log: impl FnMut(&str)) -> (Model, String) {
    train_model_with_dev(train, &[], opt, &mut log)
}

/// As [`train_model`], reporting dev accuracy after every parser epoch.
pub fn train_model_with_dev(
    train: &[Vec<Token>],
    dev: &[Vec<Token>],
    opt: &TrainOptions,
    mut log: impl FnMut(&str),
) -> (Model, String) {
    let topt = opt.tagger_options();
    let train: Vec<Vec<Token>> = train.iter().filter(|s| !s.is_empty()).cloned().collect();
    let (tagger, parser_train) = tagger_and_parser_train(&train, dev, opt, topt, &mut log);
    let dev_tagged = retag(&tagger, dev);
    if !dev.is_empty() {
        log(&format!("two-pass tagger: dev UPOS {:.4}", tag_accuracy(&dev_tagged, dev)));
    }
    let popt = ParserOptions {
        epochs: opt.parser_epochs,
        seed: opt.seed,
        explore: opt.explore,
        min_abs: opt.parser_min_abs,
        min_hits: opt.parser_min_hits,
        qmax: opt.parser_qmax,
        members: opt.parser_members,
        subspace: opt.parser_subspace,
        min_count: opt.parser_min_count,
        features: opt.parser_features,
    };
    let sweep_out = std::env::var_os("DYAD_SWEEP_OUT").map(std::path::PathBuf::from);
    let parser = Parser::train(&parser_train, popt, |stage, p| {
        let what = match stage {
            Stage::Epoch(m, e) => format!("parser {}.{}", m + 1, e + 1),
            Stage::Sweep { min_hits, min_abs, qmax } => {
                format!("parser pruned (min_hits {min_hits}, min_abs {min_abs}, qmax {qmax})")
            }
            Stage::Final => "parser".to_string(),
        };
        if !dev.is_empty() {
            let (uas, las) = attachment(p, &dev_tagged);
            let (f, w) = p.size();
            log(&format!("{what}: dev UAS {uas:.4} LAS {las:.4} ({f} features, {w} weights)"));
        } else {
            log(&format!("{what} done"));
        }
        if let (Stage::Sweep { min_hits, min_abs, qmax }, Some(dir)) = (stage, &sweep_out) {
            // Write the whole model as the same options with these settings would.
            let o =
                TrainOptions { parser_min_hits: min_hits, parser_min_abs: min_abs, parser_qmax: qmax, ..opt.clone() };
            let m = Model {
                tagger: tagger.clone(),
                parser: p.clone(),
                lemmas: Lemmatizer::default(),
                info: model_info(train.len(), &o),
            };
            let path = dir.join(format!("dyad-syntax-h{min_hits}-a{min_abs}-q{qmax}.bin"));
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(&path, m.to_bytes());
        }
    });
    let info = model_info(train.len(), opt);
    let lemmas = Lemmatizer::train(&train, opt.lemmas);
    let model = Model { tagger, parser, lemmas, info: info.clone() };
    (model, info)
}

/// The tagger and the training sentences tagged by it as the parser will see them
/// (jackknifed), or those of an earlier run with the same options.
fn tagger_and_parser_train(
    train: &[Vec<Token>],
    dev: &[Vec<Token>],
    opt: &TrainOptions,
    topt: TaggerOptions,
    mut log: impl FnMut(&str),
) -> (Tagger, Vec<Vec<Token>>) {
    // Experiments only: `DYAD_TAG_CACHE=DIR` reuses the tagger and the
    // jackknifed training tags of an earlier run with the same options.
    let cache = std::env::var_os("DYAD_TAG_CACHE").map(std::path::PathBuf::from);
    let cached = cache.as_ref().and_then(|d| {
        let tb = std::fs::read(d.join("tagger.bin")).ok()?;
        let tagger = Tagger::read(&mut crate::io::ByteReader::new(&tb)).ok()?;
        let pt = crate::read_conllu(&std::fs::read_to_string(d.join("parser-train.conllu")).ok()?);
        Some((tagger, pt))
    });
    match cached {
        Some(c) => c,
        None => {
            let c = tag_for_parser(train, dev, opt, topt, &mut log);
            if let Some(d) = &cache {
                let mut w = crate::io::ByteWriter::default();
                c.0.write(&mut w);
                let _ = std::fs::create_dir_all(d);
                let _ = std::fs::write(d.join("tagger.bin"), w.into_inner());
                let _ = std::fs::write(d.join("parser-train.conllu"), crate::to_conllu(&c.1));
            }
            c
        }
    }
}

fn model_info(sentences: usize, opt: &TrainOptions) -> String {
    format!(
        "dyad-syntax v{} averaged perceptron tagger+arc-hybrid parser; {} training sentences; {:?}",
        crate::MODEL_VERSION,
        sentences,
        opt
    )
}

/// Train the tagger and tag the training data for the parser with
/// jackknifed taggers.
fn tag_for_parser(
    train: &[Vec<Token>],
    dev: &[Vec<Token>],
    opt: &TrainOptions,
    topt: TaggerOptions,
    log: &mut impl FnMut(&str),
) -> (Tagger, Vec<Vec<Token>>) {
    let train = train.to_vec();
    let mut tagger = Tagger::train(&train, topt);
    if !dev.is_empty() {
        log(&format!("tagger: dev UPOS {:.4}", tag_accuracy(&retag(&tagger, dev), dev)));
    }
    let parser_train: Vec<Vec<Token>> = if opt.folds >= 2 && train.len() >= opt.folds {
        let mut out = train.clone();
        for k in 0..opt.folds {
            let n = train.len();
            let fold = |i: usize| i % opt.folds;
            let rest: Vec<Vec<Token>> =
                train.iter().enumerate().filter(|(i, _)| fold(*i) != k).map(|(_, s)| s.clone()).collect();
            let held_idx: Vec<usize> = (0..n).filter(|&i| fold(i) == k).collect();
            let held: Vec<Vec<Token>> = held_idx.iter().map(|&i| train[i].clone()).collect();
            let t = Tagger::train(&rest, TaggerOptions { seed: opt.seed + k as u64 + 1, ..topt });
            let tagged = retag(&t, &held);
            log(&format!("jackknife fold {k}: UPOS {:.4}", tag_accuracy(&tagged, &held)));
            for (j, s) in held_idx.into_iter().zip(tagged) {
                out[j] = s;
            }
        }
        out
    } else {
        train.clone()
    };
    if opt.folds >= 2 && train.len() >= opt.folds {
        tagger.train_second(&train, &parser_train, topt);
    }
    (tagger, parser_train)
}

/// Train only the tagger and return its (UPOS, XPOS) accuracy on `dev`
/// (for quick experiments).
#[doc(hidden)]
pub fn tagger_experiment(train: &[Vec<Token>], dev: &[Vec<Token>], opt: &TrainOptions) -> (f64, f64) {
    let topt = opt.tagger_options();
    let tagger = Tagger::train(train, topt);
    let pred = retag(&tagger, dev);
    let (mut n, mut x) = (0usize, 0usize);
    for (p, g) in pred.iter().zip(dev) {
        for (a, b) in p.iter().zip(g) {
            n += 1;
            x += usize::from(a.xpos == b.xpos);
        }
    }
    let mut w = crate::io::ByteWriter::default();
    tagger.write(&mut w);
    eprintln!("tagger size: {:?}, {} bytes", tagger.size(), w.into_inner().len());
    (tag_accuracy(&pred, dev), x as f64 / n.max(1) as f64)
}
