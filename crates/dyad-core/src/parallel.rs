//! Coding on all cores with output in input order and bounded memory: a reader feeds numbered
//! items to worker threads, a writer puts results back in order, and at most `window` items are
//! in flight at any time, whatever the size of the input.
//!
//! ```
//! use dyad_core::parallel::map_ordered;
//! let mut out = Vec::new();
//! map_ordered(0..100u32, 4, 16, |n| n * 2, |n| out.push(n));
//! assert_eq!(out, (0..100).map(|n| n * 2).collect::<Vec<_>>());
//! ```

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Mutex;

/// Runs `work`, turning a panic into its message: one article the coder fails on must not stop
/// a run (and a panic on a worker thread would stall the ordered writer).
pub fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into())
    })
}

/// Applies `work` to every item on `threads` threads and hands the results to `write` in input
/// order. At most `window` items are read ahead of the writer.
pub fn map_ordered<I, T, R, F, W>(items: I, threads: usize, window: usize, work: F, mut write: W)
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
    W: FnMut(R),
{
    let threads = threads.max(1);
    let window = window.max(threads);
    if threads == 1 {
        items.map(&work).for_each(write);
        return;
    }
    // Permits bound the items between reading and writing.
    let (permit_tx, permit_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        permit_tx.send(()).expect("permits fit the channel");
    }
    let (job_tx, job_rx) = sync_channel::<(usize, T)>(threads);
    let (done_tx, done_rx) = sync_channel::<(usize, R)>(window);
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for (seq, item) in items.enumerate() {
                if permit_rx.recv().is_err() || job_tx.send((seq, item)).is_err() {
                    break;
                }
            }
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            let work = &work;
            scope.spawn(move || {
                while let Some((seq, item)) = next_job(job_rx) {
                    if done_tx.send((seq, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut pending: BTreeMap<usize, R> = BTreeMap::new();
        let mut next = 0;
        for (seq, result) in done_rx {
            pending.insert(seq, result);
            while let Some(result) = pending.remove(&next) {
                write(result);
                next += 1;
                // The reader may stop early; a missing permit slot is harmless then.
                let _ = permit_tx.try_send(());
            }
        }
    });
}

fn next_job<T>(jobs: &Mutex<Receiver<(usize, T)>>) -> Option<(usize, T)> {
    jobs.lock().ok()?.recv().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_even_when_work_takes_uneven_time() {
        let mut out = Vec::new();
        map_ordered(
            0..200u64,
            3,
            8,
            |n| {
                if n % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                n
            },
            |n| out.push(n),
        );
        assert_eq!(out, (0..200).collect::<Vec<_>>());
    }

    #[test]
    fn one_thread_and_empty_input() {
        let mut out: Vec<u8> = Vec::new();
        map_ordered(std::iter::empty::<u8>(), 4, 4, |n| n, |n| out.push(n));
        assert!(out.is_empty());
        map_ordered(1..4u8, 1, 1, |n| n + 1, |n| out.push(n));
        assert_eq!(out, vec![2, 3, 4]);
    }
}
