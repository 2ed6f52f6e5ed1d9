//! Times loading the lexicons and the tagger/parser model: `cargo run --release --example startup`.
fn main() {
    let t = std::time::Instant::now();
    let lexicon = dyad_core::Lexicon::embedded().expect("lexicons");
    let lexicon_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = std::time::Instant::now();
    let model = dyad_syntax::Model::embedded();
    let model_ms = t.elapsed().as_secs_f64() * 1e3;
    println!(
        "lexicons {lexicon_ms:.1} ms ({} entries, {} patterns); model {model_ms:.1} ms ({})",
        lexicon.entries.len(),
        lexicon.patterns.len(),
        if model.is_ok() { "loaded" } else { "absent" }
    );
}
