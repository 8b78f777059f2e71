//! Running targets: inputs made one by one, each judged for panics, its
//! property, its time and its heap; the first failure of a target stops
//! that target and is kept with everything needed to replay it.
//!
//! # Layout
//! [`Options`], [`Stat`], [`Report`], [`Failure`]; [`make_input`],
//! [`judge`] (one input), [`run_target`] (one target's inputs); the quiet
//! panic hook, [`cpu_time`], [`bytes`]. Threads and the watchdog are in
//! [`crate::pool`].

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;
use std::time::Duration;

use crate::alloc;
use crate::make::{self, Rng};
use crate::pool::Slot;
use crate::targets::Target;

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The run's seed: with a target name and an index it makes one input.
    pub seed: u64,
    /// Inputs per target.
    pub inputs: u64,
    /// Whether an input over `time_limit` is a failure (it is always reported).
    pub strict: bool,
    /// The time bound per input.
    pub time_limit: Duration,
    /// An input running this long is a hang: the run stops at once.
    pub hang_limit: Duration,
    /// Threads (each runs whole targets).
    pub jobs: usize,
}

/// An allocation that would take the live heap this far past an input's
/// start aborts the run (see [`crate::alloc`]).
pub const HARD_CAP: usize = 1 << 30;

/// The worst input of a target by some measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stat {
    /// The measure: nanoseconds or bytes.
    pub value: u64,
    /// The input's index.
    pub index: u64,
    /// The input's length.
    pub len: usize,
}

impl Stat {
    fn keep_max(&mut self, value: u64, index: u64, len: usize) {
        if value > self.value {
            *self = Stat { value, index, len };
        }
    }
}

/// What one target's run found.
#[derive(Debug, Clone)]
pub struct Report {
    /// The target.
    pub name: &'static str,
    /// Inputs run (fewer than asked after a failure).
    pub inputs: u64,
    /// CPU time of the whole target, the making of its inputs included.
    pub elapsed: Duration,
    /// The slowest input.
    pub slowest: Stat,
    /// The input with the largest peak heap.
    pub heaviest: Stat,
    /// Inputs over the time bound (failures only with `strict`).
    pub over_time: u64,
    /// Over-time inputs the target exempts (a known slow path).
    pub exempt: u64,
    /// The first failure.
    pub failure: Option<Failure>,
}

/// A failed input and how to get it back.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The target.
    pub target: &'static str,
    /// The run's seed.
    pub seed: u64,
    /// The input's index.
    pub index: u64,
    /// The input.
    pub input: Vec<u8>,
    /// What went wrong.
    pub why: String,
}

/// The bytes of input `index` of `target` in a run with `seed`, and the
/// generator left for the target (chunk sizes and such).
pub fn make_input(
    target: &Target,
    seeds: &[Vec<u8>],
    words: &[&[u8]],
    seed: u64,
    index: u64,
) -> (Vec<u8>, Rng) {
    let mut rng = make::input_rng(seed, target.name, index);
    let input = make::input(&mut rng, seeds, words);
    (input, rng)
}

/// The verdict on one input, the CPU time it took and its peak heap.
pub fn judge(
    target: &Target,
    input: &[u8],
    mut rng: Rng,
    seed: u64,
    index: u64,
) -> (Result<(), String>, Duration, usize) {
    quiet_panics();
    alloc::begin(target.name, seed, index, HARD_CAP);
    // CPU time, not wall time: on a shared machine an input must not fail
    // the bound because another process had the core.
    let start = cpu_time();
    JUDGING.with(|j| j.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| (target.run)(input, &mut rng)));
    JUDGING.with(|j| j.set(false));
    let took = cpu_time().saturating_sub(start);
    let peak = alloc::peak();
    alloc::end();
    let verdict = match result {
        Ok(verdict) => verdict,
        Err(payload) => Err(format!("panicked: {}", panic_text(payload))),
    };
    let limit = (target.heap_limit)(input.len());
    let verdict = verdict.and_then(|()| match peak > limit {
        true => Err(format!(
            "peak heap {} over the bound {}",
            bytes(peak as u64),
            bytes(limit as u64)
        )),
        false => Ok(()),
    });
    (verdict, took, peak)
}

/// Runs `inputs` inputs of `target`, stopping at its first failure.
pub fn run_target(target: &Target, seeds: &[Vec<u8>], opts: &Options, slot: &Slot) -> Report {
    let words = target.word_list();
    let started = cpu_time();
    let mut report = Report {
        name: target.name,
        inputs: 0,
        elapsed: Duration::ZERO,
        slowest: Stat::default(),
        heaviest: Stat::default(),
        over_time: 0,
        exempt: 0,
        failure: None,
    };
    for index in 0..opts.inputs {
        let (input, rng) = make_input(target, seeds, &words, opts.seed, index);
        slot.start(index);
        let (mut verdict, took, peak) = judge(target, &input, rng, opts.seed, index);
        slot.stop();
        report.inputs += 1;
        report
            .slowest
            .keep_max(took.as_nanos() as u64, index, input.len());
        report.heaviest.keep_max(peak as u64, index, input.len());
        if took > opts.time_limit {
            if (target.slow_ok)(&input) {
                report.exempt += 1;
            } else {
                report.over_time += 1;
                if opts.strict && verdict.is_ok() {
                    verdict = Err(format!(
                        "took {took:.2?}, over the bound of {:.2?}",
                        opts.time_limit
                    ));
                }
            }
        }
        if let Err(why) = verdict {
            let (target, seed) = (target.name, opts.seed);
            report.failure = Some(Failure {
                target,
                seed,
                index,
                input,
                why,
            });
            break;
        }
    }
    report.elapsed = cpu_time().saturating_sub(started);
    report
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    static JUDGING: Cell<bool> = const { Cell::new(false) };
}

/// Wraps the panic hook: a panic of a target keeps its message for the
/// report instead of printing it (a million inputs must not mean a million
/// backtraces); any other panic is printed as before.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| match JUDGING.with(Cell::get) {
            true => LAST_PANIC.with(|p| *p.borrow_mut() = Some(info.to_string())),
            false => before(info),
        }));
    });
}

/// The panic's message and place, as the hook saw them.
fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = LAST_PANIC.with(|p| p.borrow_mut().take()) {
        return text.replace('\n', " ");
    }
    match (
        payload.downcast_ref::<&str>(),
        payload.downcast_ref::<String>(),
    ) {
        (Some(s), _) => s.to_string(),
        (_, Some(s)) => s.clone(),
        _ => "a panic without a message".into(),
    }
}

/// CPU time the calling thread has used. Not chapter 4's `cpu_time`:
/// `getrusage` counts in scheduler ticks (4 ms here), too coarse for
/// inputs that take microseconds.
pub fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec, and the clock id is one
    // Linux defines; on failure `ts` stays zero.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// `n` bytes, readably.
pub fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}
