//! Start-up: loading the embedded lexicons, and the tagger and parser, as `dyad code` does
//! before it reads its first article (issue 6: under 300 ms). Each stage of loading is timed
//! on its own, then the whole `Coder::embedded()`; the loaded coder must code a known sentence.
//! `cargo bench -p dyad-core --bench startup`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use dyad_core::{Article, Coder, EventType, Lexicon};

fn check(coder: &Coder) {
    let article = Article {
        id: "s".into(),
        text: "Japan praised Vietnam's efforts in flood prevention.".into(),
        ..Article::default()
    };
    let events = coder.code(&article);
    assert!(
        events.iter().any(|e| e.event_type == EventType::Support && e.source.as_ref().is_some_and(|a| a.id == "JPN")),
        "the loaded coder does not code a plain sentence: {events:?}"
    );
}

fn startup(c: &mut Criterion) {
    let coder = Coder::embedded().expect("embedded lexicons load");
    check(&coder);
    let with_model = coder.syntax().is_some();
    let mut g = c.benchmark_group("startup");
    g.sample_size(10);
    g.sampling_mode(criterion::SamplingMode::Flat);
    g.bench_function("lexicon_embedded", |b| {
        b.iter(|| black_box(Lexicon::embedded().expect("lexicons")).patterns.len())
    });
    if with_model {
        g.bench_function("syntax_model_embedded", |b| {
            b.iter(|| black_box(dyad_syntax::Model::embedded().expect("model")).info().len())
        });
    }
    g.bench_function("coder_embedded", |b| {
        b.iter(|| {
            let coder = Coder::embedded().expect("coder");
            assert_eq!(coder.syntax().is_some(), with_model);
            black_box(coder)
        })
    });
    g.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
