//! Running targets on threads, each thread taking the next whole target,
//! and a watchdog that ends the run when an input hangs: no thread can be
//! stopped from outside, and the replay line is what matters then.
//!
//! # Layout
//! [`Slot`] (what a thread is doing), [`run_all`], `watchdog`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::run::{Options, Report, run_target};
use crate::targets::Target;

/// What a runner thread is doing, for the watchdog.
#[derive(Debug, Default)]
pub struct Slot {
    /// Milliseconds since the run began when the current input started; 0 when idle.
    started_ms: AtomicU64,
    /// The current input.
    index: AtomicU64,
    /// The current target, as an index into the run's list.
    target: AtomicUsize,
    epoch: Option<Instant>,
}

impl Slot {
    fn new(epoch: Instant) -> Slot {
        Slot {
            epoch: Some(epoch),
            ..Slot::default()
        }
    }

    fn now_ms(&self) -> u64 {
        self.epoch.map_or(0, |e| e.elapsed().as_millis() as u64 + 1)
    }

    /// An input starts.
    pub(crate) fn start(&self, index: u64) {
        self.index.store(index, Ordering::Relaxed);
        self.started_ms.store(self.now_ms(), Ordering::Release);
    }

    /// The input is done.
    pub(crate) fn stop(&self) {
        self.started_ms.store(0, Ordering::Release);
    }
}

/// Runs every target, `opts.jobs` at a time, calling `done` as each
/// finishes; returns the reports in the targets' order. An input that runs
/// past the hang limit ends the process with its replay line.
pub fn run_all(
    targets: &[(Target, Vec<Vec<u8>>)],
    opts: &Options,
    done: &(dyn Fn(&Report) + Sync),
) -> Vec<Report> {
    let epoch = Instant::now();
    let slots: Vec<Slot> = (0..opts.jobs.max(1)).map(|_| Slot::new(epoch)).collect();
    let next = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let reports = Mutex::new(vec![None; targets.len()]);
    std::thread::scope(|s| {
        let workers: Vec<_> = slots
            .iter()
            .map(|slot| {
                s.spawn(|| {
                    // Bounded: each pass takes the next target, or stops.
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((target, seeds)) = targets.get(i) else {
                            break;
                        };
                        slot.target.store(i, Ordering::Relaxed);
                        let report = run_target(target, seeds, opts, slot);
                        done(&report);
                        reports
                            .lock()
                            .expect("no runner panics outside catch_unwind")[i] = Some(report);
                    }
                })
            })
            .collect();
        let names: Vec<&str> = targets.iter().map(|(t, _)| t.name).collect();
        let (slots, finished) = (&slots, &finished);
        s.spawn(move || watchdog(slots, &names, opts, finished));
        for w in workers {
            w.join().expect("runner threads do not panic");
        }
        finished.store(true, Ordering::Release);
    });
    let reports = reports.into_inner().expect("not poisoned");
    reports
        .into_iter()
        .map(|r| r.expect("every target ran"))
        .collect()
}

/// Ends the process when an input runs past the hang limit: nothing can
/// stop a looping thread, and the replay line is what matters.
fn watchdog(slots: &[Slot], names: &[&str], opts: &Options, finished: &AtomicBool) {
    let limit = opts.hang_limit.as_millis() as u64;
    while !finished.load(Ordering::Acquire) {
        std::thread::park_timeout(Duration::from_millis(100));
        for slot in slots {
            let started = slot.started_ms.load(Ordering::Acquire);
            if started != 0 && slot.now_ms().saturating_sub(started) > limit {
                let name = names[slot.target.load(Ordering::Relaxed)];
                let index = slot.index.load(Ordering::Relaxed);
                eprintln!(
                    "\nFAIL {name} input #{index}: still running after {:.0?} (a hang?)\n  replay: {} --target {name} --seed {} --index {index}",
                    opts.hang_limit,
                    crate::REPLAY,
                    opts.seed
                );
                std::process::exit(3);
            }
        }
    }
}
