//! `dyad parse`: tokenise, tag and parse articles and print CoNLL-U, or score the parser on a
//! gold treebank.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use dyad_core::ingest::read_paths;

use super::InputArgs;

/// `dyad parse`: the articles, or a gold treebank to evaluate on.
#[derive(Clone, Debug, clap::Args)]
pub struct ParseArgs {
    /// Files or folders to read (as for `dyad code`).
    pub paths: Vec<PathBuf>,
    /// Evaluate on a gold CoNLL-U file (gold tokens) and print one JSON line of scores: for
    /// the embedded model's own figures, `en_ewt-ud-test.conllu` of UD English-EWT
    /// (https://github.com/UniversalDependencies/UD_English-EWT).
    #[arg(long, value_name = "GOLD.conllu", conflicts_with = "paths")]
    pub eval: Option<PathBuf>,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Prints the parse of each sentence as CoNLL-U, or the scores on `--eval`.
pub fn run(args: ParseArgs) -> Result<ExitCode> {
    let model = dyad_syntax::Model::embedded().context("the tagger and parser model is not available in this build")?;
    if let Some(gold) = args.eval {
        let text = std::fs::read_to_string(&gold).with_context(|| format!("cannot read {}", gold.display()))?;
        let report = dyad_syntax::evaluate(&model, &text);
        let json = serde_json::json!({
            "sentences": report.sentences,
            "upos": report.upos,
            "xpos": report.xpos,
            "lemma": report.lemma,
            "uas": report.uas,
            "las": report.las,
            "sentences_per_second": report.sentences_per_second,
        });
        println!("{json}");
        return Ok(ExitCode::SUCCESS);
    }
    anyhow::ensure!(!args.paths.is_empty(), "give files or folders to parse, or --eval GOLD.conllu");
    let options = args.input.read_options()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0;
    for item in read_paths(&args.paths, &options) {
        let article = match item {
            Ok(article) => article,
            Err(err) => {
                failed += usize::from(!err.empty);
                eprintln!("dyad: skipped {err}");
                continue;
            }
        };
        for (n, sentence) in dyad_core::pipeline::prepare(&article.text).iter().enumerate() {
            let words: Vec<&str> = sentence.tokens.iter().map(|t| t.span.slice(&article.text)).collect();
            let mut block = format!(
                "# sent_id = {}-{}\n# text = {}\n",
                article.id,
                n + 1,
                sentence.span.slice(&article.text).replace('\n', " ")
            );
            dyad_syntax::write_conllu(&mut block, &model.parse(&words));
            out.write_all(block.as_bytes())?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
