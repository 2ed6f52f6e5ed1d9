//! The HTML extractor: any page gives some text and metadata, never a panic, and its text goes
//! through the text stages too.
#![no_main]

use dyad_core::ingest::html::parse_html;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let page = parse_html(&html);
    let cleaned = dyad_core::clean::clean(&page.text);
    for sentence in dyad_core::sentences::split(&page.text, &cleaned.blocks) {
        let _ = dyad_core::sentences::tokenize(&page.text, sentence.span);
    }
});
