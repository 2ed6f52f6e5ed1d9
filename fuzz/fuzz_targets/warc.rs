//! The WARC reader: any bytes in a `.warc` file give articles or errors naming the file and a
//! record offset, never a panic, and no more items than records could start.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use dyad_core::ingest::{read_paths, ReadOptions};
use libfuzzer_sys::fuzz_target;

/// One scratch file per fuzzing process.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| std::env::temp_dir().join(format!("dyad-fuzz-{}.warc", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let path = scratch();
    std::fs::write(path, data).expect("scratch file is writable");
    let options = ReadOptions { published: None, max_article_bytes: 1 << 16 };
    // Every item but a last "empty file" one is a record, and a record starts with "WARC/".
    let records = data.windows(5).filter(|w| *w == b"WARC/").count();
    let mut items = 0;
    for item in read_paths(std::slice::from_ref(path), &options) {
        items += 1;
        match item {
            Ok(article) => assert!(!article.id.trim().is_empty() && !article.text.trim().is_empty()),
            Err(err) => assert!(err.origin.starts_with(&*path.to_string_lossy()), "origin {:?}", err.origin),
        }
    }
    assert!(items <= records + 1, "{items} items from {records} records");
});
