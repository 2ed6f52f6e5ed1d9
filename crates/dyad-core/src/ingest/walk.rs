//! Finding the files to read: paths named by the user, and folders walked in name order with
//! loop detection (a folder already walked, known by device and inode, is reported once and
//! skipped), and opening them so that only regular files are read: a FIFO, device or socket is
//! refused at once, without blocking.

use std::collections::HashSet;
use std::fs::{File, Metadata, OpenOptions};
use std::path::{Path, PathBuf};

use super::{error, Format, InputError, STDIN};

/// A file to read, or why a path cannot be read.
pub(super) type Found = Result<(PathBuf, Format), InputError>;

/// What kind of file a path holds, by extension.
pub(super) fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".warc.gz") {
        return Some(Format::Warc { gz: true });
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "warc" => Some(Format::Warc { gz: false }),
        "jsonl" | "ndjson" => Some(Format::JsonLines),
        "txt" => Some(Format::Text),
        "html" | "htm" => Some(Format::Html),
        _ => None,
    }
}

/// The files under `paths`, in order: each named path, each folder walked in name order.
pub(super) fn collect(paths: &[PathBuf]) -> Vec<Found> {
    let mut walk = Walk { seen: HashSet::new(), out: Vec::new() };
    for path in paths {
        walk.visit(path, true);
    }
    walk.out
}

/// A folder's identity: its device and inode (on other systems, its canonical path).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FolderId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

#[cfg(unix)]
fn folder_id(_path: &Path, meta: &Metadata) -> FolderId {
    use std::os::unix::fs::MetadataExt;
    FolderId::Inode(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn folder_id(path: &Path, _meta: &Metadata) -> FolderId {
    FolderId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

struct Walk {
    /// Folders already walked.
    seen: HashSet<FolderId>,
    out: Vec<Found>,
}

impl Walk {
    fn visit(&mut self, path: &Path, named: bool) {
        if path.as_os_str() == STDIN {
            return self.out.push(Ok((path.to_path_buf(), Format::JsonLines)));
        }
        let shown = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) => return self.out.push(Err(error(shown, format!("cannot read: {err}")))),
        };
        if meta.is_dir() {
            return self.folder(path, &meta);
        }
        let Some(format) = format_of(path) else {
            if named {
                let message = "unsupported file type (expected .jsonl, .txt, .html, .htm, .warc or .warc.gz)";
                self.out.push(Err(error(shown, message)));
            }
            return;
        };
        match not_regular(&meta) {
            Some(kind) => self.out.push(Err(refused(&shown, kind))),
            None => self.out.push(Ok((path.to_path_buf(), format))),
        }
    }

    /// Walks a folder once: a folder reached again (through a link) is reported and skipped.
    fn folder(&mut self, path: &Path, meta: &Metadata) {
        let shown = path.display().to_string();
        if !self.seen.insert(folder_id(path, meta)) {
            let message = "folder already read (a link loop, or a link to a folder read before)";
            return self.out.push(Err(error(shown, message)));
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(err) => return self.out.push(Err(error(shown, format!("cannot list folder: {err}")))),
        };
        entries.sort();
        for entry in entries {
            self.visit(&entry, false);
        }
    }
}

/// What a path is when it is no regular file (a FIFO, a device, a socket).
fn not_regular(meta: &Metadata) -> Option<&'static str> {
    if meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

fn refused(shown: &str, kind: &str) -> InputError {
    error(shown, format!("{kind}, not a regular file: refused (only regular files are read)"))
}

/// Opens a regular file for reading. The file is opened without blocking, so that a FIFO put in
/// its place after the walk cannot stall the run, and refused unless it is a regular file.
pub(super) fn open_regular(path: &Path) -> Result<File, InputError> {
    let shown = path.display().to_string();
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Reads of a regular file ignore O_NONBLOCK; only FIFOs and devices would block.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|err| error(&shown, format!("cannot open: {err}")))?;
    let meta = file.metadata().map_err(|err| error(&shown, format!("cannot read: {err}")))?;
    match not_regular(&meta) {
        Some(kind) => Err(refused(&shown, kind)),
        None => Ok(file),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dyad-walk-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn files(found: &[Found]) -> Vec<String> {
        found
            .iter()
            .filter_map(|f| f.as_ref().ok())
            .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into())
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_loop_is_reported_once_and_each_file_read_once() {
        let dir = scratch("loop");
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("a/one.txt"), "One.").unwrap();
        std::fs::write(dir.join("a/b/two.txt"), "Two.").unwrap();
        std::os::unix::fs::symlink("..", dir.join("a/b/up")).unwrap();
        std::os::unix::fs::symlink(".", dir.join("a/self")).unwrap();
        let found = collect(&[dir.join("a")]);
        assert_eq!(files(&found), ["two.txt", "one.txt"]);
        let errors: Vec<String> = found.iter().filter_map(|f| f.as_ref().err()).map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.contains("folder already read")), "{errors:?}");
        assert!(errors[0].contains("up") && errors[1].contains("self"), "{errors:?}");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let dir = scratch("fifo");
        let fifo = dir.join("pipe.jsonl");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success());
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero.jsonl")).unwrap();
        let found = collect(std::slice::from_ref(&dir));
        let errors: Vec<String> = found.iter().filter_map(|f| f.as_ref().err()).map(|e| e.to_string()).collect();
        assert!(errors.iter().any(|e| e.contains("zero.jsonl") && e.contains("a device")), "{errors:?}");
        if made.unwrap_or(false) {
            assert!(errors.iter().any(|e| e.contains("pipe.jsonl") && e.contains("FIFO")), "{errors:?}");
            let err = open_regular(&fifo).unwrap_err();
            assert!(err.message.contains("FIFO"), "{err}");
        }
        assert!(open_regular(Path::new("/dev/null")).unwrap_err().message.contains("device"));
    }
}
