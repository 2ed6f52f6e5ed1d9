//! # dyad-syntax
//!
//! A small, dependency-free part-of-speech tagger and labelled dependency
//! parser for English, trained on Universal Dependencies English-EWT.
//!
//! * **Tagger**: greedy left-to-right averaged perceptron predicting the joint
//!   (UPOS, XPOS) pair, with Collins/Honnibal-style word, affix, shape and
//!   context features, ambiguity classes of the current and next words and a
//!   tag dictionary for frequent unambiguous words.
//! * **Parser**: greedy labelled arc-hybrid transition system (ROOT at the end
//!   of the buffer, exactly one root, `2n` transitions) scored by an averaged
//!   perceptron over ~120 Zhang & Nivre-style hashed feature templates (plus
//!   punctuation/verb counts between the focus words, sentence context and
//!   label-independent move weights), trained with a dynamic oracle and
//!   exploration on jackknifed predicted tags; five perceptrons trained with
//!   different seeds are averaged into one (a score ensemble at the cost of one).
//!
//! Weights are stored quantised (tagger to `i16`, parser to `i8`) in one
//! compact binary file (`data/models/dyad-syntax.bin`), which is also embedded
//! in the library.
//!
//! ```no_run
//! use dyad_syntax::{tokenize, Model};
//! let model = Model::embedded().expect("model");
//! let text = "Vietnam's leaders met U.S. envoys in Hanoi.";
//! let words: Vec<&str> = tokenize(text).iter().map(|&(a, b)| &text[a..b]).collect();
//! for t in model.parse(&words) {
//!     println!("{} {} {} {} {}", t.form, t.upos, t.xpos, t.head, t.deprel);
//! }
//! ```
#![deny(missing_docs)]

mod conllu;
mod hash;
mod io;
mod lemma;
mod parser;
mod perceptron;
mod tagger;
mod tokenize;
pub mod train;

pub use conllu::{read_conllu, to_conllu, write_conllu};
pub use io::ModelError;
pub use lemma::{LemmaOptions, Lemmatizer};
pub use tokenize::{sentences, tokenize};

use io::{ByteReader, ByteWriter};
use std::path::Path;
use std::time::Instant;

/// Magic bytes at the start of a model file.
const MAGIC: &[u8; 8] = b"DYADSYN\0";
/// Current model format version.
pub const MODEL_VERSION: u32 = 3;

/// The part-of-speech tags of one sentence, from [`Model::tag`].
#[derive(Clone, Debug)]
pub struct Tags<'m> {
    model: &'m Model,
    classes: Vec<u32>,
}

impl Tags<'_> {
    /// The universal tag (`VERB`, `NOUN` ...) of each word.
    pub fn upos(&self) -> impl Iterator<Item = &str> + '_ {
        self.classes.iter().map(|&c| self.model.tagger.tags[c as usize].0.as_str())
    }

    /// The Penn Treebank tag (`VBD`, `NNS` ...) of each word.
    pub fn xpos(&self) -> impl Iterator<Item = &str> + '_ {
        self.classes.iter().map(|&c| self.model.tagger.tags[c as usize].1.as_str())
    }
}

/// One analysed word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Word form as given.
    pub form: String,
    /// Universal POS tag (e.g. `NOUN`).
    pub upos: String,
    /// Dictionary form as UD English-EWT writes it (e.g. `attack` for `attacked`); in
    /// parser output it comes from the model's [`Lemmatizer`].
    pub lemma: String,
    /// Language-specific (Penn Treebank) tag (e.g. `NNS`).
    pub xpos: String,
    /// 1-based index of the head word; 0 means the sentence root.
    pub head: usize,
    /// Universal dependency relation, with subtype where EWT has one (e.g. `obl:tmod`).
    pub deprel: String,
}

/// A trained tagger + parser.
#[derive(Clone, Debug)]
pub struct Model {
    tagger: tagger::Tagger,
    parser: parser::Parser,
    lemmas: Lemmatizer,
    info: String,
}

#[cfg(dyad_syntax_embedded)]
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/models/dyad-syntax.bin"));

impl Model {
    /// Load a model file written by [`Model::to_bytes`] / the training binary.
    pub fn load(path: impl AsRef<Path>) -> Result<Model, ModelError> {
        let bytes = std::fs::read(path)?;
        Model::from_bytes(&bytes)
    }

    /// Decode a model from bytes. Never panics on malformed input.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = ByteReader::new(bytes);
        if r.take(8).map_err(|_| ModelError::BadMagic)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let v = r.u32()?;
        if v != MODEL_VERSION && v != 2 {
            return Err(ModelError::Version(v));
        }
        let info = r.string()?;
        let tagger = tagger::Tagger::read(&mut r)?;
        let parser = parser::Parser::read(&mut r, v)?;
        if r.remaining() != 0 {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(Model { tagger, parser, lemmas: Lemmatizer::embedded()?, info })
    }

    /// The model committed under `data/models/`, compiled into the library.
    ///
    /// Returns [`ModelError::NotEmbedded`] if the file was absent at build time.
    pub fn embedded() -> Result<Model, ModelError> {
        #[cfg(dyad_syntax_embedded)]
        {
            Model::from_bytes(EMBEDDED)
        }
        #[cfg(not(dyad_syntax_embedded))]
        {
            Err(ModelError::NotEmbedded)
        }
    }

    /// The same tagger and parser with another lemmatiser (by default a model has the
    /// embedded [`Lemmatizer`], which is kept in its own file).
    pub fn with_lemmatizer(self, lemmas: Lemmatizer) -> Model {
        Model { lemmas, ..self }
    }

    /// The lemmatiser that fills [`Token::lemma`].
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmas
    }

    /// Encode the model (format: magic, version, info string, tagger, parser; the
    /// lemmatiser is not part of it, see [`Lemmatizer::to_tsv`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = ByteWriter::default();
        w.bytes(MAGIC);
        w.u32(MODEL_VERSION);
        w.string(&self.info);
        self.tagger.write(&mut w);
        self.parser.write(&mut w);
        w.into_inner()
    }

    /// Free-text description recorded at training time.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// Tag and parse one sentence of already tokenised words.
    ///
    /// Returns one [`Token`] per input word, in order. An empty input gives an
    /// empty output. Runs in time linear in the number of words.
    pub fn parse(&self, words: &[&str]) -> Vec<Token> {
        let tags = self.tag(words);
        self.parse_tagged(words, &tags)
    }

    /// Tag one sentence without parsing it: the cheaper first half of
    /// [`Model::parse`], for callers that parse only some tagged sentences.
    pub fn tag(&self, words: &[&str]) -> Tags<'_> {
        let mut classes = Vec::with_capacity(words.len());
        if !words.is_empty() {
            self.tagger.tag(words, &mut classes);
        }
        Tags { model: self, classes }
    }

    /// The dependency arcs of one sentence tagged by [`Model::tag`]: each
    /// word's head (1-based, 0 for the root) and relation, without building
    /// [`Token`]s (what a caller that has its own tokens needs).
    pub fn arcs(&self, words: &[&str], tags: &Tags) -> Vec<(usize, &str)> {
        if words.is_empty() || tags.classes.len() != words.len() {
            return Vec::new();
        }
        let upos: Vec<&str> = tags.upos().collect();
        let xpos: Vec<&str> = tags.xpos().collect();
        let input = self.parser.input(words, &upos, &xpos);
        let (mut heads, mut labels) = (Vec::new(), Vec::new());
        self.parser.parse(&input, &mut heads, &mut labels);
        heads.into_iter().zip(labels).map(|(h, l)| (h, self.parser.labels[l].as_str())).collect()
    }

    /// Parse one sentence tagged by [`Model::tag`]; the same result as
    /// [`Model::parse`] on the same words.
    pub fn parse_tagged(&self, words: &[&str], tags: &Tags) -> Vec<Token> {
        let arcs = self.arcs(words, tags);
        words
            .iter()
            .zip(tags.upos().zip(tags.xpos()))
            .zip(arcs)
            .map(|((w, (upos, xpos)), (head, deprel))| Token {
                form: (*w).to_string(),
                lemma: self.lemmas.lemma(w, xpos),
                upos: upos.to_string(),
                xpos: xpos.to_string(),
                head,
                deprel: deprel.to_string(),
            })
            .collect()
    }

    /// Tokenise, split into sentences and parse raw text.
    ///
    /// Each returned sentence pairs every token with its byte span in `text`.
    pub fn parse_text(&self, text: &str) -> Vec<Vec<((usize, usize), Token)>> {
        sentences(text)
            .into_iter()
            .map(|spans| {
                let words: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
                spans.into_iter().zip(self.parse(&words)).collect()
            })
            .collect()
    }

    /// Sizes for reporting: tagger (features, weights, dictionary words),
    /// parser (features, weights), lemmatiser (case decisions, rules, listed words).
    pub fn stats(&self) -> String {
        let (tf, tw, td) = self.tagger.size();
        let (pf, pw) = self.parser.size();
        let (lc, lr, lw) = self.lemmas.size();
        format!(
            "tagger: {} tags, {tf} features, {tw} weights, {td} dictionary words; \
             parser: {} labels, {pf} features, {pw} weights; \
             lemmas: {lc} case decisions, {lr} rules, {lw} listed words",
            self.tagger.tags.len(),
            self.parser.labels.len()
        )
    }
}

/// Accuracy and speed of a model on gold-tokenised CoNLL-U.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvalReport {
    /// Number of sentences evaluated.
    pub sentences: usize,
    /// Number of words (syntactic words; multiword tokens and empty nodes excluded).
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Lemma accuracy (exact string match with the gold LEMMA column).
    pub lemma: f64,
    /// Unlabelled attachment score (all words, punctuation included).
    pub uas: f64,
    /// Labelled attachment score, full relation incl. subtype must match (all words).
    pub las: f64,
    /// Labelled attachment score comparing only the universal part of the
    /// relation (`obl:tmod` = `obl`), as the CoNLL 2018 shared-task script does.
    pub las_universal: f64,
    /// Sentences tagged and parsed per second of the evaluating thread's CPU
    /// time (one core, excluding I/O; on non-Linux systems, of wall time).
    pub sentences_per_second: f64,
    /// Sentences per second of wall-clock time (lower on a loaded machine).
    pub sentences_per_second_wall: f64,
}

/// CPU time consumed by the current thread, where the OS exposes it.
fn thread_cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Evaluate `model` on gold CoNLL-U text: gold tokenisation, predicted tags
/// and trees. Scores count every word, punctuation included (CoNLL 2018 style).
pub fn evaluate(model: &Model, gold_conllu: &str) -> EvalReport {
    let gold = read_conllu(gold_conllu);
    let words: Vec<Vec<&str>> = gold.iter().map(|s| s.iter().map(|t| t.form.as_str()).collect()).collect();
    let start = Instant::now();
    let cpu0 = thread_cpu_secs();
    let pred: Vec<Vec<Token>> = words.iter().map(|w| model.parse(w)).collect();
    let wall = start.elapsed().as_secs_f64();
    let secs = match (cpu0, thread_cpu_secs()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => wall,
    };
    let (mut n, mut u, mut x, mut le, mut ua, mut la, mut lu) = (0usize, 0, 0, 0, 0, 0, 0);
    let base = |d: &str| d.split(':').next().unwrap_or("").to_string();
    for (g, p) in gold.iter().zip(&pred) {
        for (gt, pt) in g.iter().zip(p) {
            n += 1;
            u += usize::from(gt.upos == pt.upos);
            x += usize::from(gt.xpos == pt.xpos);
            le += usize::from(gt.lemma == pt.lemma);
            if gt.head == pt.head {
                ua += 1;
                la += usize::from(gt.deprel == pt.deprel);
                lu += usize::from(base(&gt.deprel) == base(&pt.deprel));
            }
        }
    }
    let r = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    EvalReport {
        sentences: gold.len(),
        words: n,
        upos: r(u),
        xpos: r(x),
        lemma: r(le),
        uas: r(ua),
        las: r(la),
        las_universal: r(lu),
        sentences_per_second: if secs > 0.0 { gold.len() as f64 / secs } else { 0.0 },
        sentences_per_second_wall: if wall > 0.0 { gold.len() as f64 / wall } else { 0.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../tests/fixtures/tiny.conllu");

    fn tiny_model() -> Model {
        let sents = read_conllu(FIXTURE);
        train::train_model(&sents, &train::TrainOptions::tiny(), |_| {}).0
    }

    #[test]
    fn train_save_load_parse_evaluate() {
        let m = tiny_model();
        let bytes = m.to_bytes();
        let m2 = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m2.to_bytes(), bytes);
        let r = evaluate(&m2, FIXTURE);
        assert_eq!(r.sentences, 3);
        assert_eq!(r.words, 20);
        assert!(r.upos > 0.9 && r.uas > 0.9, "{r:?}");
        assert!(m2.parse(&[]).is_empty());
        let out = m2.parse(&["They", "attacked", "Kabul", "."]);
        assert_eq!(out.len(), 4);
        assert_eq!(out.iter().filter(|t| t.head == 0).count(), 1);
        assert!(out.iter().all(|t| t.head <= 4));
    }

    #[test]
    fn bad_bytes_are_errors() {
        assert!(matches!(Model::from_bytes(b""), Err(ModelError::BadMagic)));
        assert!(matches!(Model::from_bytes(b"nonsense-bytes"), Err(ModelError::BadMagic)));
        let mut b = tiny_model().to_bytes();
        b[8] = 99;
        assert!(matches!(Model::from_bytes(&b), Err(ModelError::Version(99))));
        let b = tiny_model().to_bytes();
        for cut in [12, b.len() / 2, b.len() - 1] {
            assert!(Model::from_bytes(&b[..cut]).is_err());
        }
    }

    #[test]
    fn embedded_model_fills_lemmas() {
        let m = Model::embedded().expect("embedded model");
        // EWT's conventions: `troops` is its own lemma, `'s` stays, numbers lose commas.
        for (text, lemmas) in [
            ("The rebels were fleeing the burning cities .", "the rebel be flee the burn city ."),
            ("She did n't say who had bought 1,200 rifles .", "she do not say who have buy 1200 rifle ."),
            (
                "Vietnam 's leaders met U.S. envoys in Hanoi on Monday .",
                "Vietnam 's leader meet U.S. envoy in Hanoi on Monday .",
            ),
            ("The troops bombed villages and climbed hills .", "the troops bomb village and climb hill ."),
            (
                "Protesters stormed the ministries and better roads were built .",
                "protester storm the ministry and good road be build .",
            ),
        ] {
            let words: Vec<&str> = text.split(' ').collect();
            let got: Vec<String> = m.parse(&words).into_iter().map(|t| t.lemma).collect();
            assert_eq!(got.join(" "), lemmas, "{text}");
        }
    }

    #[test]
    fn parse_text_spans_match() {
        let m = tiny_model();
        let text = "Rebels attacked the base. They don't like it.";
        let out = m.parse_text(text);
        assert_eq!(out.len(), 2);
        for s in &out {
            for ((a, b), t) in s {
                assert_eq!(&text[*a..*b], t.form);
            }
        }
    }
}
