//! Train the dyad-syntax model on UD English-EWT.
//!
//! ```text
//! cargo run --release -p dyad-syntax --bin dyad-syntax-train -- \
//!     --ud /work/shared/data/ud-ewt --out data/models
//! ```
//!
//! Options: `--tagger-epochs N`, `--tagger-members N`, `--parser-epochs N`, `--folds N`, `--seed N`,
//! `--explore P`, `--min-abs W` (both), `--tagger-min-abs W`, `--parser-min-abs W`,
//! `--tagger-min-hits N`, `--parser-min-hits N`, `--tagger-qmax Q`, `--parser-qmax Q`, `--parser-members N`,
//! `--parser-subspace F`, `--parser-min-count N`, `--parser-features BITS`,
//! `--no-dev` (skip per-epoch dev scores), `--tagger-only` (tagger experiment),
//! `--lemma-max-suffix N`, `--lemma-min-count N`, `--lemma-smoothing F` (lemma rules), `--lemmas-only` (learn only the lemma table, `OUT/dyad-lemmas.tsv`, and score it with the
//! tagger of `OUT/dyad-syntax.bin`; a few seconds).
//!
//! Writes `OUT/dyad-syntax.bin` (tagger and parser) and `OUT/dyad-lemmas.tsv` (lemmatiser).

use dyad_syntax::train::{train_model_with_dev, TrainOptions};
use dyad_syntax::{evaluate, read_conllu, Lemmatizer, Model};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad-syntax-train: {e}");
            ExitCode::FAILURE
        }
    }
}

/// What the command line asks for.
struct Args {
    /// The UD English EWT folder.
    ud: PathBuf,
    /// Where the model is written.
    out: PathBuf,
    opt: TrainOptions,
    /// Whether the parser is scored on the dev set after each epoch.
    dev_each_epoch: bool,
    /// Whether only the tagger is trained and scored.
    tagger_only: bool,
    /// Whether only the lemma table is learned (and scored with the model in `out`).
    lemmas_only: bool,
}

/// The command line's arguments; `None` when the help was printed.
fn parse_args() -> Result<Option<Args>, String> {
    let mut ud = PathBuf::from("/work/shared/data/ud-ewt");
    let mut out = PathBuf::from("data/models");
    let mut opt = TrainOptions::default();
    let mut dev_each_epoch = true;
    let mut tagger_only = false;
    let mut lemmas_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--ud" => ud = PathBuf::from(val("--ud")?),
            "--out" => out = PathBuf::from(val("--out")?),
            "--tagger-epochs" => opt.tagger_epochs = num(&val(&a)?)?,
            "--parser-epochs" => opt.parser_epochs = num(&val(&a)?)?,
            "--tagger-members" => opt.tagger_members = num(&val(&a)?)?,
            "--folds" => opt.folds = num(&val(&a)?)?,
            "--seed" => opt.seed = num(&val(&a)?)?,
            "--explore" => opt.explore = num(&val(&a)?)?,
            "--min-abs" => {
                let v: f32 = num(&val(&a)?)?;
                opt.tagger_min_abs = v;
                opt.parser_min_abs = v;
            }
            "--tagger-min-abs" => opt.tagger_min_abs = num(&val(&a)?)?,
            "--parser-min-abs" => opt.parser_min_abs = num(&val(&a)?)?,
            "--tagger-min-hits" => opt.tagger_min_hits = num(&val(&a)?)?,
            "--parser-min-hits" => opt.parser_min_hits = num(&val(&a)?)?,
            "--tagger-qmax" => opt.tagger_qmax = num(&val(&a)?)?,
            "--parser-qmax" => opt.parser_qmax = num(&val(&a)?)?,
            "--parser-members" => opt.parser_members = num(&val(&a)?)?,
            "--parser-subspace" => opt.parser_subspace = num(&val(&a)?)?,
            "--parser-min-count" => opt.parser_min_count = num(&val(&a)?)?,
            "--parser-features" => opt.parser_features = num(&val(&a)?)?,
            "--no-dev" => dev_each_epoch = false,
            "--tagger-only" => tagger_only = true,
            "--lemmas-only" => lemmas_only = true,
            "--lemma-max-suffix" => opt.lemmas.max_suffix = num(&val(&a)?)?,
            "--lemma-min-count" => opt.lemmas.min_count = num(&val(&a)?)?,
            "--lemma-smoothing" => opt.lemmas.smoothing = num(&val(&a)?)?,
            "-h" | "--help" => {
                println!("usage: dyad-syntax-train [--ud DIR] [--out DIR] [--tagger-epochs N] [--parser-epochs N] [--tagger-members N] [--folds N] [--seed N] [--explore P] [--min-abs W] [--tagger-min-abs W] [--parser-min-abs W] [--tagger-min-hits N] [--parser-min-hits N] [--tagger-qmax Q] [--parser-qmax Q] [--parser-members N] [--parser-subspace F] [--parser-min-count N] [--parser-features BITS] [--no-dev] [--tagger-only] [--lemmas-only] [--lemma-max-suffix N] [--lemma-min-count N] [--lemma-smoothing F]");
                return Ok(None);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Some(Args { ud, out, opt, dev_each_epoch, tagger_only, lemmas_only }))
}

fn run() -> Result<(), String> {
    let Some(Args { ud, out, opt, dev_each_epoch, tagger_only, lemmas_only }) = parse_args()? else { return Ok(()) };
    let read = |name: &str| {
        let p = ud.join(name);
        std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))
    };
    let t0 = Instant::now();
    let train = read_conllu(&read("en_ewt-ud-train.conllu")?);
    let dev_text = read("en_ewt-ud-dev.conllu")?;
    let test_text = read("en_ewt-ud-test.conllu").ok();
    let dev = read_conllu(&dev_text);
    eprintln!("read {} training sentences", train.len());
    if tagger_only {
        let (u, x) = dyad_syntax::train::tagger_experiment(&train, &dev, &opt);
        println!("tagger only: dev UPOS {u:.4} XPOS {x:.4} ({:.1}s)", t0.elapsed().as_secs_f64());
        return Ok(());
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let path = out.join("dyad-syntax.bin");
    let model = if lemmas_only {
        let model = Model::load(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        model.with_lemmatizer(Lemmatizer::train(&train, opt.lemmas))
    } else {
        let dev_for_epochs = if dev_each_epoch { dev.as_slice() } else { &[] };
        let (model, _) = train_model_with_dev(&train, dev_for_epochs, &opt, |m| {
            eprintln!("[{:7.1}s] {m}", t0.elapsed().as_secs_f64());
        });
        let train_secs = t0.elapsed().as_secs_f64();
        let bytes = model.to_bytes();
        std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        let t1 = Instant::now();
        let loaded = Model::load(&path).map_err(|e| e.to_string())?;
        let load_ms = t1.elapsed().as_secs_f64() * 1000.0;
        eprintln!(
            "trained in {train_secs:.1}s; wrote {} ({} bytes); load {load_ms:.1} ms",
            path.display(),
            bytes.len()
        );
        loaded.with_lemmatizer(model.lemmatizer().clone())
    };
    let lemma_path = out.join("dyad-lemmas.tsv");
    let tsv = model.lemmatizer().to_tsv();
    std::fs::write(&lemma_path, &tsv).map_err(|e| format!("{}: {e}", lemma_path.display()))?;
    eprintln!("wrote {} ({} bytes)", lemma_path.display(), tsv.len());
    eprintln!("{}", model.stats());
    let mut sets = vec![("dev", dev_text)];
    if let Some(t) = test_text {
        sets.push(("test", t));
    }
    for (name, text) in sets {
        let r = evaluate(&model, &text);
        println!(
            "{name}: sentences {} words {} UPOS {:.4} XPOS {:.4} lemma {:.4} UAS {:.4} LAS {:.4} (universal LAS {:.4}) {:.0} sent/s CPU ({:.0} wall)",
            r.sentences, r.words, r.upos, r.xpos, r.lemma, r.uas, r.las, r.las_universal, r.sentences_per_second, r.sentences_per_second_wall
        );
    }
    Ok(())
}

fn num<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("bad number {s}"))
}
