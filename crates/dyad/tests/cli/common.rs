//! Running the built `dyad` binary with a time limit, and scratch folders for its inputs.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of `dyad` did.
pub struct Run {
    /// Exit status code (`None` if a signal ended it).
    pub status: Option<i32>,
    /// Events written on standard output.
    pub events: Vec<serde_json::Value>,
    /// Everything written on standard error.
    pub stderr: String,
}

impl Run {
    /// Asserts that the run ended by itself, without a panic or a signal.
    pub fn assert_no_crash(&self) {
        assert!(!self.stderr.contains("panicked"), "dyad panicked:\n{}", self.stderr);
        assert!(self.status.is_some_and(|s| s != 101), "dyad crashed (status {:?}):\n{}", self.status, self.stderr);
    }

    /// Ids of the articles events were coded from.
    pub fn coded_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> =
            self.events.iter().filter_map(|e| e["article_id"].as_str().map(str::to_string)).collect();
        ids.dedup();
        ids
    }

    /// The `dyad: skipped ...` lines.
    pub fn skipped(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.starts_with("dyad: skipped ")).collect()
    }

    /// Asserts that exactly one skipped line names `origin` (`file`, `file:line`, followed by
    /// ": " or " (article id)") and says `what`.
    pub fn assert_skipped(&self, origin: &str, what: &str) {
        let named = |l: &&str| l.contains(&format!("{origin}: ")) || l.contains(&format!("{origin} ("));
        let hits: Vec<&str> = self.skipped().into_iter().filter(named).collect();
        assert_eq!(hits.len(), 1, "expected one message naming {origin:?}, got {hits:?}\n{}", self.stderr);
        assert!(hits[0].contains(what), "message for {origin:?} does not say {what:?}: {}", hits[0]);
    }
}

/// Runs `dyad ARGS...`, killing it after `limit`.
pub fn dyad(args: &[&str], limit: Duration) -> Run {
    let dir = scratch_root().join("runs");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let tag = format!("{}-{:?}", std::process::id(), std::thread::current().id()).replace(['(', ')'], "");
    let (out_path, err_path) = (dir.join(format!("{tag}.out")), dir.join(format!("{tag}.err")));
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("stdout file"))
        .stderr(File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("dyad starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for dyad") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dyad {args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = std::fs::read_to_string(&out_path).expect("stdout is UTF-8");
    let stderr = std::fs::read_to_string(&err_path).expect("stderr is UTF-8");
    let _ = std::fs::remove_file(out_path);
    let _ = std::fs::remove_file(err_path);
    let events = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("output line is not JSON ({e}): {l}")))
        .collect();
    Run { status: status.code(), events, stderr }
}

fn scratch_root() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("dyad-cli")
}

/// An empty folder of its own for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = scratch_root().join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// A path as an argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("scratch paths are UTF-8")
}

/// One JSON line for an article.
pub fn line(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "published": "2023-01-17", "text": text}).to_string() + "\n"
}

/// An article text the coder turns into a SUPPORT event of Japan towards Vietnam.
pub const GOOD: &str =
    "Japan praises Vietnam\n\nTokyo (VNA) - Japan praised Vietnam's efforts in flood prevention on January 16.";
