//! Issue 6: a read-only or full disk gives a clear error, not a panic; missing or unreadable
//! inputs are reported by name.
//!
//! File permissions do not stop root, so when the tests run as root `dyad` runs as the user
//! `nobody` (uid 65534) here; the scratch folders live in the system's temporary folder so that
//! it can reach them. A full disk is simulated with SQLite's page cap (the hidden
//! `--max-db-pages`, which fails exactly as a full disk does: SQLITE_FULL), and for real on a
//! tiny tmpfs when mounting one is permitted (else that test prints why it is skipped).

#[path = "common/store.rs"]
mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{arg, assert_no_panic, assert_sound, count, diff, dump, stderr, DYAD};

/// A scratch folder that `nobody` can reach, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("dyad-store-errors-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        chmod(&dir, 0o777);
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = Command::new("chmod").args(["-R", "u+rwx"]).arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Runs `dyad` as a user whom file permissions bind: this one, or `nobody` under root.
struct Runner {
    bin: PathBuf,
    as_nobody: bool,
}

impl Runner {
    /// The runner, or why permissions cannot be tested here.
    fn new(scratch: &Scratch) -> Result<Runner, String> {
        let probe = scratch.0.join("uid-probe");
        std::fs::write(&probe, "").unwrap();
        let root = std::fs::metadata(&probe).unwrap().uid() == 0;
        std::fs::remove_file(&probe).unwrap();
        if !root {
            return Ok(Runner { bin: DYAD.into(), as_nobody: false });
        }
        let mut runner = Runner { bin: DYAD.into(), as_nobody: true };
        if runner.works() {
            return Ok(runner);
        }
        // The build folder may be out of nobody's reach: a copy of the binary is not.
        runner.bin = scratch.0.join("dyad");
        std::fs::copy(DYAD, &runner.bin).unwrap();
        chmod(&runner.bin, 0o755);
        if runner.works() {
            return Ok(runner);
        }
        Err("running as root, and dyad cannot run as the user nobody".into())
    }

    fn works(&self) -> bool {
        self.command(&["--version"]).output().is_ok_and(|o| o.status.success())
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.bin);
        command.args(args).stdin(Stdio::null());
        if self.as_nobody {
            command.uid(65534).gid(65534);
        }
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = self.command(args).output().expect("dyad starts");
        assert_no_panic(&out);
        out
    }
}

macro_rules! runner_or_skip {
    ($scratch:expr) => {
        match Runner::new(&$scratch) {
            Ok(runner) => runner,
            Err(why) => {
                eprintln!("skipped: {why}");
                return;
            }
        }
    };
}

/// Writes a corpus of `n` articles readable by anyone.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, common::corpus(n)).unwrap();
    chmod(&path, 0o644);
    path
}

/// Asserts a clean failure: exit status 2, one `dyad: error:` message saying all of `says`.
fn assert_error(out: &Output, says: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("dyad: error: "), "{err}");
    for s in says {
        assert!(err.contains(s), "the error does not say {s:?}:\n{err}");
    }
}

#[test]
fn a_read_only_store_file_is_refused_before_anything_is_coded() {
    let scratch = Scratch::new("ro-file");
    let runner = runner_or_skip!(scratch);
    let corpus = corpus(&scratch.0, 20);
    let db = scratch.0.join("news.db");
    let out = runner.run(&["ingest", "-q", "--db", arg(&db), arg(&corpus)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = dump(&db);
    chmod(&db, 0o444);

    let out = runner.run(&["ingest", "-q", "--db", arg(&db), arg(&corpus)]);
    assert_error(&out, &["cannot write to the store", arg(&db), "read-only"]);
    assert_eq!(dump(&db), before);
    // Reading it still works.
    let out = runner.run(&["events", "--db", arg(&db), "--limit", "1", "--format", "jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn a_store_in_a_folder_that_is_not_writable_is_refused() {
    let scratch = Scratch::new("ro-folder");
    let runner = runner_or_skip!(scratch);
    let corpus = corpus(&scratch.0, 10);
    let folder = scratch.0.join("locked");
    std::fs::create_dir(&folder).unwrap();
    chmod(&folder, 0o777);

    // An existing store, writable itself: SQLite cannot create its -wal and -shm files.
    let db = folder.join("news.db");
    let out = runner.run(&["ingest", "-q", "--db", arg(&db), arg(&corpus)]);
    assert!(out.status.success(), "{}", stderr(&out));
    chmod(&db, 0o666);
    chmod(&folder, 0o555);
    let out = runner.run(&["ingest", "-q", "--db", arg(&db), arg(&corpus)]);
    assert_error(&out, &["cannot write to the store", arg(&db), "read-only", arg(&folder)]);

    // A new store there cannot be created.
    let new = folder.join("new.db");
    let out = runner.run(&["ingest", "-q", "--db", arg(&new), arg(&corpus)]);
    assert_error(&out, &["cannot open the store", arg(&new), "not writable"]);
    assert!(!new.exists());

    // Nor in a folder that does not exist, nor as a folder.
    let nowhere = scratch.0.join("no-such-folder").join("news.db");
    let out = runner.run(&["ingest", "-q", "--db", arg(&nowhere), arg(&corpus)]);
    assert_error(&out, &["cannot open the store", "does not exist"]);
    let out = runner.run(&["ingest", "-q", "--db", arg(&scratch.0), arg(&corpus)]);
    assert_error(&out, &["cannot open the store", "is a folder"]);
    // A file that is not a store.
    let out = runner.run(&["ingest", "-q", "--db", arg(&corpus), arg(&corpus)]);
    assert_error(&out, &["is not a dyad store", arg(&corpus)]);
}

/// Runs the full-disk case on `db`: the ingest stops with a clear error, the file is sound and
/// holds whole batches of the clean run, and the same ingest run again with room ends with what
/// a clean run stores.
fn full_disk_then_resume(scratch: &Path, extra: &[&str], db: &Path, make_room: impl FnOnce()) {
    const ARTICLES: usize = 120;
    let corpus = corpus(scratch, ARTICLES);
    let clean = scratch.join("clean.db");
    let out = common::run(&["ingest", "-q", "--batch", "8", "--db", arg(&clean), arg(&corpus)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = dump(&clean);

    let mut args = vec!["ingest", "-q", "--batch", "8", "--db", arg(db)];
    args.extend(extra);
    args.push(arg(&corpus));
    let out = common::run(&args);
    assert_no_panic(&out);
    assert_error(&out, &["the disk is full", arg(db), "articles of this run were stored", "hint:"]);
    assert_sound(db);
    let stored = count(db, "articles");
    eprintln!("{}: {stored} articles kept", db.display());
    assert!(
        stored > 0 && stored % 8 == 0 && stored < ARTICLES as i64,
        "{stored} articles kept: not whole batches of a run cut short\n{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(&format!("{stored} articles of this run")), "{}", stderr(&out));
    // What was kept is what the clean run stored for those articles.
    let kept = dump(db);
    for line in kept.iter().filter(|l| l.starts_with("article ") || l.starts_with("event ")) {
        assert!(expected.contains(line), "not in the clean run: {line:.300}");
    }

    make_room();
    let out = common::run(&["ingest", "-q", "--batch", "8", "--db", arg(db), arg(&corpus)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let got = dump(db);
    assert!(
        got == expected,
        "after the full disk and a complete run the store differs from a clean run:\n{}",
        diff(&expected, &got)
    );
}

#[test]
fn a_full_disk_is_named_and_the_committed_batches_are_kept() {
    let scratch = Scratch::new("full");
    // A cap of 90 pages (360 KiB) holds a few batches of the corpus, not all of it.
    let db = scratch.0.join("news.db");
    full_disk_then_resume(&scratch.0, &["--max-db-pages", "90"], &db, || {});
}

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_real_full_disk_on_a_tiny_tmpfs() {
    let scratch = Scratch::new("tmpfs");
    let point = scratch.0.join("disk");
    std::fs::create_dir(&point).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16m,mode=0777", "dyad-test"])
        .arg(&point)
        .stderr(Stdio::piped())
        .output();
    let mount = match mounted {
        Ok(out) if out.status.success() => Mount(point.clone()),
        Ok(out) => {
            eprintln!("skipped: cannot mount a tmpfs here ({})", String::from_utf8_lossy(&out.stderr).trim());
            return;
        }
        Err(e) => {
            eprintln!("skipped: cannot run mount ({e})");
            return;
        }
    };
    // Leave about 1 MiB free: room for a few batches of the corpus, not for all of it.
    let ballast = point.join("ballast");
    let out = Command::new("dd")
        .args(["if=/dev/zero", "bs=1024", "count=15360"])
        .arg(format!("of={}", ballast.display()))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(out.success());
    let db = point.join("news.db");
    let export = point.join("events.jsonl");
    full_disk_then_resume(&scratch.0, &[], &db, || {
        // An export to the full disk names the file it could not write.
        let clean = scratch.0.join("clean.db");
        let out = common::run(&["export", "--db", arg(&clean), "--format", "jsonl", "--out", arg(&export)]);
        assert_no_panic(&out);
        assert_error(&out, &["writing", arg(&export), "No space left on device"]);
        std::fs::remove_file(&export).unwrap();
        std::fs::remove_file(&ballast).unwrap();
    });
    drop(mount);
}

#[test]
fn missing_and_unreadable_inputs_are_reported_by_name() {
    let scratch = Scratch::new("inputs");
    let runner = runner_or_skip!(scratch);
    let good = corpus(&scratch.0, 5);
    let db = scratch.0.join("news.db");
    let missing = scratch.0.join("no-such-file.jsonl");

    let out = runner.run(&["ingest", "-q", "--db", arg(&db), arg(&missing), arg(&good)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("no-such-file.jsonl: cannot read: No such file"), "{err}");
    assert!(err.contains("5 articles"), "{err}");
    assert_eq!(count(&db, "articles"), 5);

    let locked = scratch.0.join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::copy(&good, locked.join("more.jsonl")).unwrap();
    chmod(&locked, 0o300); // can enter but not list
    let unreadable = scratch.0.join("secret.jsonl");
    std::fs::copy(&good, &unreadable).unwrap();
    chmod(&unreadable, 0o200);
    let out = runner.run(&["ingest", "-q", "--db", arg(&db), arg(&locked), arg(&unreadable)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("{}: cannot list folder: Permission denied", arg(&locked))), "{err}");
    assert!(err.contains(&format!("{}: cannot open: Permission denied", arg(&unreadable))), "{err}");

    // Only missing input: nothing stored, status 1, the file named.
    let out = runner.run(&["ingest", "-q", "--db", arg(&scratch.0.join("empty.db")), arg(&missing)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no-such-file.jsonl"), "{}", stderr(&out));
}
