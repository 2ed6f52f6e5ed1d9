//! Embeds the committed model (`data/models/dyad-syntax.bin`) and lemma table
//! (`data/models/dyad-lemmas.tsv`) when they exist.
use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(dyad_syntax_embedded)");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let model = Path::new(&manifest).join("../../data/models/dyad-syntax.bin");
    println!("cargo::rerun-if-changed={}", model.display());
    if model.is_file() {
        println!("cargo::rustc-cfg=dyad_syntax_embedded");
    }
    println!("cargo::rustc-check-cfg=cfg(dyad_syntax_lemmas)");
    let lemmas = Path::new(&manifest).join("../../data/models/dyad-lemmas.tsv");
    println!("cargo::rerun-if-changed={}", lemmas.display());
    if lemmas.is_file() {
        println!("cargo::rustc-cfg=dyad_syntax_lemmas");
    }
}
