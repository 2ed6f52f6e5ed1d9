//! Evaluate a dyad-syntax model on a gold CoNLL-U file, or parse raw text.
//!
//! ```text
//! cargo run --release -p dyad-syntax --bin dyad-syntax-eval -- \
//!     [--model data/models/dyad-syntax.bin] --gold /work/shared/data/ud-ewt/en_ewt-ud-test.conllu
//! cargo run --release -p dyad-syntax --bin dyad-syntax-eval -- --text "Rebels attacked the base."
//! ```

use dyad_syntax::{evaluate, to_conllu, Model};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut model_path: Option<String> = None;
    let mut gold: Vec<String> = Vec::new();
    let mut text: Option<String> = None;
    let mut pred_out: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--model", Some(v)) => model_path = Some(v),
            ("--gold", Some(v)) => gold.push(v),
            ("--text", Some(v)) => text = Some(v),
            ("--pred", Some(v)) => pred_out = Some(v),
            _ => {
                eprintln!(
                    "usage: dyad-syntax-eval [--model FILE] (--gold FILE.conllu ... [--pred OUT.conllu] | --text TEXT)"
                );
                return ExitCode::FAILURE;
            }
        }
    }
    let t = Instant::now();
    let cpu0 = cpu_secs();
    let model = match &model_path {
        Some(p) => Model::load(p),
        None => Model::embedded(),
    };
    let model = match model {
        Ok(m) => m,
        Err(e) => {
            eprintln!("dyad-syntax-eval: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cpu_ms = (cpu_secs() - cpu0) * 1000.0;
    eprintln!(
        "model loaded in {:.1} ms wall, {cpu_ms:.1} ms CPU: {}",
        t.elapsed().as_secs_f64() * 1000.0,
        model.stats()
    );
    for g in &gold {
        let s = match std::fs::read_to_string(g) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("dyad-syntax-eval: {g}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let r = evaluate(&model, &s);
        if let Some(p) = &pred_out {
            let sents: Vec<Vec<dyad_syntax::Token>> = dyad_syntax::read_conllu(&s)
                .iter()
                .map(|g| model.parse(&g.iter().map(|t| t.form.as_str()).collect::<Vec<_>>()))
                .collect();
            if let Err(e) = std::fs::write(p, to_conllu(&sents)) {
                eprintln!("dyad-syntax-eval: {p}: {e}");
                return ExitCode::FAILURE;
            }
        }
        println!(
            "{g}: sentences {} words {} UPOS {:.4} XPOS {:.4} lemma {:.4} UAS {:.4} LAS {:.4} (universal LAS {:.4}) {:.0} sent/s CPU ({:.0} wall)",
            r.sentences, r.words, r.upos, r.xpos, r.lemma, r.uas, r.las, r.las_universal, r.sentences_per_second, r.sentences_per_second_wall
        );
    }
    if let Some(text) = text {
        let sents: Vec<_> =
            model.parse_text(&text).into_iter().map(|s| s.into_iter().map(|(_, t)| t).collect()).collect();
        print!("{}", to_conllu(&sents));
    }
    ExitCode::SUCCESS
}

/// CPU seconds used by this thread (Linux), else 0.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()))
        .map_or(0.0, |ns| ns / 1e9)
}
