//! Writes N generated wire-style articles as JSON Lines on standard output: the corpus of
//! `scripts/throughput.sh` and of the criterion benches (the same generator).
//!
//! `cargo run --release -p dyad-core --example gen_corpus -- 5000 [SEED] > corpus.jsonl`

#[path = "../benches/corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;

use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let parsed = (args.next().map(|n| n.parse::<usize>()), args.next().map(|s| s.parse::<u64>()).transpose());
    let (n, seed) = match parsed {
        (Some(Ok(n)), Ok(seed)) => (n, seed.unwrap_or(1)),
        _ => {
            eprintln!("usage: gen_corpus N [SEED] > corpus.jsonl");
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for sample in corpus::generate(n, seed) {
        let line = serde_json::to_string(&sample.article).expect("an article serialises");
        if writeln!(out, "{line}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
