//! How far a long run is, on standard error: on a terminal a bar with the share of the input
//! read, the articles done, their rate and the time left; elsewhere (a log file, `nohup`, a
//! scheduler) a plain line every few seconds saying the same. `--quiet` silences both.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Seconds between two plain lines when standard error is not a terminal (default 10); for
/// tests and for logs that want more or fewer lines.
const EVERY_VAR: &str = "DYAD_PROGRESS_SECONDS";

/// The progress of one run: call [`Progress::update`] after each article and
/// [`Progress::finish`] at the end.
pub struct Progress<'a> {
    /// What is done to an article: "coded", "stored".
    verb: &'static str,
    /// The bytes of input (none for standard input).
    total: Option<u64>,
    /// The bytes read so far, counted by the reader.
    read: &'a AtomicU64,
    started: Instant,
    shown: Shown,
}

enum Shown {
    Nothing,
    Bar(ProgressBar),
    Lines { every: Duration, last: Instant },
}

impl<'a> Progress<'a> {
    /// Progress of reading `total` bytes, counted in `read`; silent when `quiet`.
    pub fn new(verb: &'static str, total: Option<u64>, read: &'a AtomicU64, quiet: bool) -> Progress<'a> {
        let started = Instant::now();
        let shown = if quiet {
            Shown::Nothing
        } else if std::io::stderr().is_terminal() {
            let bar = match total {
                Some(total) => ProgressBar::new(total.max(1)).with_style(
                    ProgressStyle::with_template("{bar:30} {percent:>3}% {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                ),
                None => ProgressBar::new_spinner().with_style(
                    ProgressStyle::with_template("{spinner} {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                ),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(200));
            Shown::Bar(bar)
        } else {
            let seconds = std::env::var(EVERY_VAR).ok().and_then(|s| s.parse::<f64>().ok()).unwrap_or(10.0);
            Shown::Lines { every: Duration::from_secs_f64(seconds.max(0.0)), last: started }
        };
        Progress { verb, total, read, started, shown }
    }

    /// `done` articles have been coded (or stored) so far.
    pub fn update(&mut self, done: u64) {
        let state = || State {
            verb: self.verb,
            done,
            read: self.read.load(Ordering::Relaxed),
            total: self.total,
            elapsed: self.started.elapsed(),
        };
        match &mut self.shown {
            Shown::Nothing => {}
            Shown::Bar(bar) => {
                let state = state();
                bar.set_position(state.read.min(state.total.unwrap_or(u64::MAX)));
                bar.set_message(state.bar_message());
            }
            Shown::Lines { every, last } => {
                if last.elapsed() >= *every {
                    *last = Instant::now();
                    eprintln!("dyad: {}", state().line());
                }
            }
        }
    }

    /// Runs `f` (which prints on standard error) with the bar out of its way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.shown {
            Shown::Bar(bar) => bar.suspend(f),
            _ => f(),
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Shown::Bar(bar) = &self.shown {
            bar.finish_and_clear();
        }
    }
}

/// What a progress line says.
struct State {
    verb: &'static str,
    done: u64,
    read: u64,
    total: Option<u64>,
    elapsed: Duration,
}

impl State {
    /// The share of the input read, when the input's size is known and some of it was read.
    fn share(&self) -> Option<f64> {
        let total = self.total.filter(|&t| t > 0)?;
        Some((self.read as f64 / total as f64).min(1.0)).filter(|&s| s > 0.0)
    }

    /// "1,200 of ~5,000 articles, 290/s, 13 s left".
    fn bar_message(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let mut out = thousands(self.done);
        if let Some(share) = self.share() {
            let expected = (self.done as f64 / share).round() as u64;
            out += &format!(" of ~{}", thousands(expected.max(self.done)));
        }
        out += " articles";
        if secs >= 0.5 {
            out += &format!(", {}", rate(self.done as f64 / secs));
        }
        if let Some(share) = self.share().filter(|_| secs >= 1.0) {
            out += &format!(", {} left", duration(secs * (1.0 - share) / share));
        }
        out
    }

    /// "coded 1,200 of ~5,000 articles (24%), 290/s, 13 s left".
    fn line(&self) -> String {
        let message = self.bar_message();
        match self.share() {
            Some(share) => {
                let (counts, rest) = message.split_once(" articles").unwrap_or((&message, ""));
                format!("{} {counts} articles ({:.0}%){rest}", self.verb, share * 100.0)
            }
            None => format!("{} {message}", self.verb),
        }
    }
}

/// 1200 as "1,200".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A rate in articles a second, as precise as it is worth: "290/s", "4.5/s".
fn rate(per_second: f64) -> String {
    if per_second >= 10.0 {
        format!("{}/s", thousands(per_second.round() as u64))
    } else {
        format!("{per_second:.1}/s")
    }
}

/// Seconds as "13 s", "4 min 10 s", "2 h 5 min".
fn duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} h {} min", s / 3600, s % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(done: u64, read: u64, total: Option<u64>, secs: u64) -> State {
        State { verb: "coded", done, read, total, elapsed: Duration::from_secs(secs) }
    }

    #[test]
    fn a_line_says_count_expected_total_share_rate_and_time_left() {
        assert_eq!(state(1200, 24, Some(100), 4).line(), "coded 1,200 of ~5,000 articles (24%), 300/s, 13 s left");
        assert_eq!(state(1200, 24, Some(100), 4).bar_message(), "1,200 of ~5,000 articles, 300/s, 13 s left");
        // Standard input: no size, so no share, total or time left.
        assert_eq!(state(9, 0, None, 2).line(), "coded 9 articles, 4.5/s");
    }

    #[test]
    fn numbers_are_rounded_to_what_they_mean() {
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(rate(281.2635), "281/s");
        assert_eq!(rate(2.26), "2.3/s");
        assert_eq!(duration(13.4), "13 s");
        assert_eq!(duration(250.0), "4 min 10 s");
        assert_eq!(duration(7500.0), "2 h 5 min");
    }
}
