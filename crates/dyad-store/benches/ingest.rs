//! Ingest speed: synthetic articles (five events each) into a fresh file store, in batches.

mod synth;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dyad_store::{EventFilter, Store};

const ARTICLES: usize = 2_000;
const PER_ARTICLE: usize = 5;

fn ingest(c: &mut Criterion) {
    let mut rng = synth::Rng::new(7);
    let corpus: Vec<_> = (0..ARTICLES).map(|n| synth::article(&mut rng, n, PER_ARTICLE)).collect();
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Elements((ARTICLES * PER_ARTICLE) as u64));
    group.bench_function("10k events, batches of 256 articles", |b| {
        b.iter_with_setup(
            || {
                let dir = tempfile::tempdir().expect("temp dir");
                let store = Store::open(dir.path().join("bench.db")).expect("store");
                (dir, store)
            },
            |(dir, mut store)| {
                for chunk in corpus.chunks(256) {
                    let batch = store.batch().expect("batch");
                    for (article, events) in chunk {
                        batch.put(article, events).expect("put");
                    }
                    batch.commit().expect("commit");
                }
                let stored = store.count_events(&EventFilter::default()).expect("count");
                assert_eq!(stored as usize, ARTICLES * PER_ARTICLE);
                drop(store);
                drop(dir);
            },
        )
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
