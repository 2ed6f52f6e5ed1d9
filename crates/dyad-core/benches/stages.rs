//! One bench per pipeline stage over generated wire articles (`benches/corpus`), so that a
//! regression shows where it is: cleaning, sentence splitting and tokenising, actor
//! recognition, tagging and parsing, trigger finding, and whole-article coding.
//!
//! Before timing, each stage's output is checked against what the generator wrote (blocks,
//! sentences, actors, events); inside the timed loop the counts must match that checked run,
//! so a fast wrong answer fails. `cargo bench -p dyad-core --bench stages`.

mod corpus;

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use dyad_core::actors::{Memory, Recognizer};
use dyad_core::clean::clean;
use dyad_core::events::find_triggers;
use dyad_core::sentences::{split, tokenize, Token};
use dyad_core::{Coder, Event, Lexicon};

use corpus::Sample;

/// Articles in the corpus; the stages before coding run over all of them per iteration.
const ARTICLES: usize = 2_000;
/// Articles tagged and parsed, or coded, per iteration of the two slowest benches.
const SLOW_PER_ITERATION: usize = 200;
/// Share of the planted events the coder must find (measured 0.959 when written).
const MIN_RECALL: f64 = 0.90;

/// An article cut into sentences and tokens, as the pipeline does before recognition.
struct Prepared {
    sentences: Vec<Vec<Token>>,
}

fn prepare(sample: &Sample) -> Prepared {
    let text = &sample.article.text;
    let cleaned = clean(text);
    let sentences = split(text, &cleaned.blocks).into_iter().map(|s| tokenize(text, s.span)).collect();
    Prepared { sentences }
}

fn recognize_all<'a>(
    recognizer: &Recognizer,
    text: &str,
    sentences: &'a [Vec<Token>],
) -> Vec<(&'a [Token], dyad_core::actors::Recognized)> {
    let mut memory = Memory::default();
    let mut counts = HashMap::new();
    let hits: Vec<_> = sentences.iter().map(|tokens| recognizer.find(text, tokens)).collect();
    for found in &hits {
        recognizer.count_states(found, &mut counts);
    }
    memory.home = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).map(|(iso3, _)| iso3);
    sentences
        .iter()
        .zip(&hits)
        .map(|(tokens, found)| (tokens.as_slice(), recognizer.recognize(text, tokens, found, &mut memory)))
        .collect()
}

fn after_actor(tokens: &[Token], found: &dyad_core::actors::Recognized) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    for m in &found.mentions {
        if let Some(slot) = out.get_mut(m.end) {
            *slot = true;
        }
    }
    out
}

fn triple(e: &Event) -> (String, String, String) {
    let id = |a: &Option<dyad_core::Actor>| a.as_ref().map_or("-".to_string(), |a| a.id.clone());
    (id(&e.source), e.event_type.to_string(), id(&e.target))
}

/// Codes the whole corpus once and checks it: planted events found, nothing coded from the
/// related-news lists, every span slicing to its sentence. Returns the event count per article.
fn check_coding(coder: &Coder, samples: &[Sample]) -> Vec<usize> {
    let (mut planted, mut found) = (0usize, 0usize);
    let mut counts = Vec::with_capacity(samples.len());
    for sample in samples {
        let text = &sample.article.text;
        let events = coder.code(&sample.article);
        let related = text[..sample.related_at].chars().count();
        let mut triples: Vec<_> = events.iter().map(triple).collect();
        for p in &sample.planted {
            planted += 1;
            let want = (p.source.to_string(), p.event_type.to_string(), p.target.to_string());
            if let Some(at) = triples.iter().position(|t| *t == want) {
                triples.swap_remove(at);
                found += 1;
            }
        }
        for e in &events {
            assert!(
                e.span.end <= related,
                "{}: event coded from the related-news list: {:?}",
                sample.article.id,
                e.sentence
            );
            let slice: String = text.chars().skip(e.span.start).take(e.span.end - e.span.start).collect();
            assert_eq!(slice, e.sentence, "{}: span does not slice to the sentence", sample.article.id);
        }
        counts.push(events.len());
    }
    let recall = found as f64 / planted as f64;
    eprintln!(
        "coding check: {found} of {planted} planted events found (recall {recall:.3}), {} events in all",
        counts.iter().sum::<usize>()
    );
    assert!(recall >= MIN_RECALL, "planted-event recall {recall:.3} is under {MIN_RECALL}");
    counts
}

fn stages(c: &mut Criterion) {
    let samples = corpus::generate(ARTICLES, 1);
    let bytes: usize = samples.iter().map(|s| s.article.text.len()).sum();
    let coder = Coder::embedded().expect("embedded lexicons load");
    let lexicon: &Lexicon = coder.lexicon();
    let recognizer = Recognizer::new(lexicon);

    // Cleaning keeps the headline and every paragraph, and nothing of the related-news list.
    let want_blocks: usize = samples.iter().map(|s| s.blocks).sum();
    for s in &samples {
        let cleaned = clean(&s.article.text);
        assert_eq!(cleaned.blocks.len(), s.blocks, "{}: blocks", s.article.id);
        assert!(cleaned.blocks.iter().all(|b| b.span.end <= s.related_at), "{}: related news kept", s.article.id);
    }
    // Splitting finds the sentences written; tokens cover every non-space character once.
    let prepared: Vec<Prepared> = samples.iter().map(prepare).collect();
    let want_sentences: usize = samples.iter().map(|s| s.sentences).sum();
    let mut want_tokens = 0;
    for (s, p) in samples.iter().zip(&prepared) {
        assert_eq!(p.sentences.len(), s.sentences, "{}: sentences", s.article.id);
        let text = &s.article.text;
        let cleaned = clean(text);
        for (sentence, tokens) in split(text, &cleaned.blocks).iter().zip(&p.sentences) {
            let joined: String = tokens.iter().map(|t| t.span.slice(text)).collect();
            let bare: String = sentence.span.slice(text).chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, bare, "{}: tokens do not cover the sentence", s.article.id);
            want_tokens += tokens.len();
        }
    }
    // Recognition names every actor of every planted event.
    let mut want_mentions = 0;
    let mut want_triggers = 0;
    let mut upos_of: Vec<Vec<Option<Vec<String>>>> = Vec::new();
    let mut after_of: Vec<Vec<Vec<bool>>> = Vec::new();
    for (s, p) in samples.iter().zip(&prepared) {
        let found = recognize_all(&recognizer, &s.article.text, &p.sentences);
        let ids: Vec<&str> = found.iter().flat_map(|(_, r)| r.mentions.iter().map(|m| m.actor.id.as_str())).collect();
        for planted in &s.planted {
            for id in [planted.source, planted.target] {
                assert!(ids.contains(&id), "{}: actor {id} not recognised (found {ids:?})", s.article.id);
            }
        }
        want_mentions += found.iter().map(|(_, r)| r.mentions.len()).sum::<usize>();
        let upos: Vec<Option<Vec<String>>> = found
            .iter()
            .map(|(tokens, _)| {
                coder.syntax().map(|model| {
                    let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(&s.article.text)).collect();
                    model.parse(&words).into_iter().map(|t| t.upos).collect()
                })
            })
            .collect();
        let after: Vec<Vec<bool>> = found.iter().map(|(tokens, r)| after_actor(tokens, r)).collect();
        let triggers: usize = p
            .sentences
            .iter()
            .zip(&after)
            .zip(&upos)
            .map(|((tokens, after), upos)| find_triggers(lexicon, tokens, after, upos.as_deref()).len())
            .sum();
        assert!(
            triggers >= s.planted.len(),
            "{}: {triggers} triggers for {} planted events",
            s.article.id,
            s.planted.len()
        );
        want_triggers += triggers;
        upos_of.push(upos);
        after_of.push(after);
    }
    let event_counts = check_coding(&coder, &samples);

    let slice = &samples[..SLOW_PER_ITERATION];
    let slice_bytes: usize = slice.iter().map(|s| s.article.text.len()).sum();
    let slice_tokens: usize = prepared[..SLOW_PER_ITERATION].iter().flat_map(|p| &p.sentences).map(Vec::len).sum();
    let want_events: usize = event_counts[..SLOW_PER_ITERATION].iter().sum();

    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("clean", |b| {
        b.iter(|| {
            let n: usize = samples.iter().map(|s| black_box(clean(&s.article.text)).blocks.len()).sum();
            assert_eq!(n, want_blocks);
        })
    });
    g.bench_function("split_tokenize", |b| {
        b.iter(|| {
            let (mut sentences, mut tokens) = (0, 0);
            for s in &samples {
                let text = &s.article.text;
                let cleaned = clean(text);
                for sentence in split(text, &cleaned.blocks) {
                    sentences += 1;
                    tokens += black_box(tokenize(text, sentence.span)).len();
                }
            }
            assert_eq!((sentences, tokens), (want_sentences, want_tokens));
        })
    });
    g.bench_function("actors", |b| {
        b.iter(|| {
            let n: usize = samples
                .iter()
                .zip(&prepared)
                .map(|(s, p)| {
                    recognize_all(&recognizer, &s.article.text, &p.sentences)
                        .iter()
                        .map(|(_, r)| r.mentions.len())
                        .sum::<usize>()
                })
                .sum();
            assert_eq!(n, want_mentions);
        })
    });
    g.bench_function("triggers", |b| {
        b.iter(|| {
            let mut n = 0;
            for ((p, after), upos) in prepared.iter().zip(&after_of).zip(&upos_of) {
                for ((tokens, after), upos) in p.sentences.iter().zip(after).zip(upos) {
                    n += black_box(find_triggers(lexicon, tokens, after, upos.as_deref())).len();
                }
            }
            assert_eq!(n, want_triggers);
        })
    });
    g.throughput(Throughput::Bytes(slice_bytes as u64));
    if let Some(model) = coder.syntax() {
        g.bench_function(format!("tag_parse_{SLOW_PER_ITERATION}_articles"), |b| {
            b.iter(|| {
                let mut n = 0;
                for (s, p) in slice.iter().zip(&prepared) {
                    for tokens in &p.sentences {
                        let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(&s.article.text)).collect();
                        n += black_box(model.parse(&words)).len();
                    }
                }
                assert_eq!(n, slice_tokens);
            })
        });
    }
    g.throughput(Throughput::Elements(SLOW_PER_ITERATION as u64));
    g.bench_function(format!("code_{SLOW_PER_ITERATION}_articles"), |b| {
        b.iter(|| {
            let n: usize = slice.iter().map(|s| black_box(coder.code(&s.article)).len()).sum();
            assert_eq!(n, want_events);
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
