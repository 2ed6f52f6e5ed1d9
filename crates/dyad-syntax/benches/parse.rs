//! Tag and parse the UD English-EWT dev set with the embedded model.
//!
//! `DYAD_UD_EWT` overrides the data directory (default `/work/shared/data/ud-ewt`).
//! Without the data or the embedded model the bench parses the in-crate fixture.

use criterion::{criterion_group, criterion_main, Criterion};
use dyad_syntax::{read_conllu, Model};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let dir = std::env::var("DYAD_UD_EWT").unwrap_or_else(|_| "/work/shared/data/ud-ewt".into());
    let (text, expected) = match std::fs::read_to_string(format!("{dir}/en_ewt-ud-dev.conllu")) {
        Ok(t) => (t, 2001),
        Err(_) => (include_str!("../tests/fixtures/tiny.conllu").to_string(), 3),
    };
    let sents = read_conllu(&text);
    assert_eq!(sents.len(), expected, "unexpected sentence count");
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.iter().map(|t| t.form.as_str()).collect()).collect();
    let model = match Model::embedded() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("skipping parse bench: {e}");
            return;
        }
    };
    let mut g = c.benchmark_group("parse");
    g.sample_size(10);
    g.bench_function(format!("dev_{}_sentences", sents.len()), |b| {
        b.iter(|| {
            let mut n = 0usize;
            for w in &words {
                n += black_box(model.parse(w)).len();
            }
            assert_eq!(n, words.iter().map(|w| w.len()).sum::<usize>());
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
