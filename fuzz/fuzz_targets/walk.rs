//! The folder walk: a generated tree of folders, files and links (to folders above, beside
//! and inside, and to files) is read in bounded time, each folder once: no link loop makes the
//! walk go round, and every item names a path inside the tree.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dyad_core::ingest::{read_paths, ReadOptions};
use libfuzzer_sys::fuzz_target;

/// One scratch folder per fuzzing process.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| std::env::temp_dir().join(format!("dyad-fuzz-walk-{}", std::process::id())))
}

/// Builds the tree that `data` describes, two bytes an entry: what to make, and where (or to
/// what) as an index into the folders or files made so far. Returns how many entries it made.
fn build(root: &Path, data: &[u8]) -> usize {
    let mut dirs = vec![root.to_path_buf()];
    let mut files: Vec<PathBuf> = Vec::new();
    let mut made = 0;
    for (k, op) in data.chunks_exact(2).take(24).enumerate() {
        let parent = dirs[op[1] as usize % dirs.len()].clone();
        let name = parent.join(format!("e{k}"));
        let ok = match op[0] % 4 {
            0 => std::fs::create_dir(&name)
                .map(|_| dirs.push(name.clone()))
                .is_ok(),
            1 => {
                let file = name.with_extension("txt");
                std::fs::write(&file, format!("Story {k}."))
                    .map(|_| files.push(file))
                    .is_ok()
            }
            2 => std::os::unix::fs::symlink(&dirs[op[0] as usize / 4 % dirs.len()], &name).is_ok(),
            _ if files.is_empty() => false,
            _ => std::os::unix::fs::symlink(
                &files[op[0] as usize / 4 % files.len()],
                name.with_extension("txt"),
            )
            .is_ok(),
        };
        made += usize::from(ok);
    }
    made
}

fuzz_target!(|data: &[u8]| {
    let root = scratch();
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root).expect("scratch folder is writable");
    let entries = build(root, data);
    let options = ReadOptions {
        published: None,
        max_article_bytes: 1 << 10,
    };
    let mut items = 0;
    for item in read_paths(std::slice::from_ref(root), &options) {
        items += 1;
        let origin = match &item {
            Ok(article) => article.id.clone(),
            Err(err) => err.origin.clone(),
        };
        assert!(
            item.is_ok() || origin.starts_with(&*root.to_string_lossy()),
            "origin {origin:?}"
        );
        // Each entry is read, or reported, at most once: a folder reached again is skipped.
        assert!(items <= entries + 1, "{items} items from {entries} entries");
    }
});
