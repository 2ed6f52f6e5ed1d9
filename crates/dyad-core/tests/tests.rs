//! Integration tests of the coding pipeline, one module per area.

mod coding;
mod lexicon_examples;
