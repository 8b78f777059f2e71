//! A counting allocator: how much heap one input took, and a hard stop for
//! an input that would take the machine's memory.
//!
//! Every allocation goes through [`Counting`], which adds to a per-thread
//! count of live bytes and remembers its peak. The runner calls [`begin`]
//! before an input and [`peak`] after it: the difference is the most the
//! input had allocated at one time (what a server would need per client),
//! whatever it freed again. Counts are per thread, so several runner
//! threads do not mix their figures (memory freed on another thread than
//! the one that allocated it skews both a little; the targets do not do
//! that).
//!
//! An ordinary input over its limit is reported by the runner after it
//! returns. One that asks for more than the hard cap (a length field taken
//! at its word) is refused here: the allocator prints the replay line and
//! returns null, and Rust then aborts the process: better than the kernel's
//! OOM killer choosing a victim among everyone's processes.
//!
//! # Layout
//! [`Counting`] (the `#[global_allocator]`), [`begin`], [`peak`], [`end`],
//! `over_cap` (the last words before an abort), [`StackText`].

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write as _;
use std::io::Write as _;

/// Wraps the system allocator, counting live bytes per thread.
pub struct Counting;

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What the current input on this thread is, for the abort message.
#[derive(Clone, Copy)]
struct Current {
    target: &'static str,
    seed: u64,
    index: u64,
    /// The live heap at which allocations are refused.
    cap: usize,
    /// The cap as given (what the message shows).
    limit: usize,
}

thread_local! {
    // Signed: memory freed here but allocated on another thread counts down.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static BASE: Cell<isize> = const { Cell::new(0) };
    static CURRENT: Cell<Option<Current>> = const { Cell::new(None) };
}

/// Adds `delta` to this thread's live count; false if that would pass the
/// hard cap of the input running on this thread (nothing is counted then).
fn account(delta: isize) -> bool {
    // `try_with`: during thread teardown the counters may be gone; count nothing.
    let live = LIVE.try_with(|l| l.get()).unwrap_or(0) + delta;
    if delta > 0
        && let Ok(Some(cur)) = CURRENT.try_with(Cell::get)
        && live > cur.cap as isize
    {
        over_cap(cur, delta as usize, live - delta);
        return false;
    }
    let _ = LIVE.try_with(|l| l.set(live));
    let _ = PEAK.try_with(|p| p.set(p.get().max(live)));
    true
}

// SAFETY: every method forwards to `System` with the caller's arguments
// unchanged, so `System`'s guarantees hold; the bookkeeping around the
// calls touches only thread-local counters and never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !account(layout.size() as isize) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded unchanged (see the impl's comment).
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            account(-(layout.size() as isize));
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !account(layout.size() as isize) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded unchanged (see the impl's comment).
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            account(-(layout.size() as isize));
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        account(-(layout.size() as isize));
        // SAFETY: forwarded unchanged (see the impl's comment).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grow = new_size as isize - layout.size() as isize;
        if grow > 0 && !account(grow) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded unchanged (see the impl's comment).
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        match (p.is_null(), grow > 0) {
            (true, true) => {
                account(-grow);
            }
            (false, false) => {
                account(grow);
            }
            _ => {}
        }
        p
    }
}

/// Starts measuring an input on this thread: its peak starts at the live
/// heap now (the input's own bytes included), and an allocation that would
/// take the live heap more than `cap` bytes past that aborts the run with a
/// replay line.
pub fn begin(target: &'static str, seed: u64, index: u64, cap: usize) {
    let live = LIVE.with(Cell::get);
    BASE.with(|b| b.set(live));
    PEAK.with(|p| p.set(live));
    let current = Current {
        target,
        seed,
        index,
        cap: cap.saturating_add(live.max(0) as usize),
        limit: cap,
    };
    CURRENT.with(|c| c.set(Some(current)));
}

/// The most heap allocated at one time on this thread since [`begin`],
/// beyond what was live then.
pub fn peak() -> usize {
    (PEAK.with(Cell::get) - BASE.with(Cell::get)).max(0) as usize
}

/// Stops measuring: the hard cap is lifted.
pub fn end() {
    CURRENT.with(|c| c.set(None));
}

/// The replay line, written without allocating (the allocator is the
/// caller), before the allocation fails and Rust aborts.
fn over_cap(cur: Current, asked: usize, live: isize) {
    let mut msg = StackText::<512>::new();
    let _ = write!(
        msg,
        "\nFAIL {} input #{}: asked for {} bytes with {} live, past the hard cap of {} bytes; \
         aborting\n  replay: {} --target {} --seed {} --index {}\n",
        cur.target,
        cur.index,
        asked,
        live - (cur.cap - cur.limit) as isize,
        cur.limit,
        crate::REPLAY,
        cur.target,
        cur.seed,
        cur.index
    );
    let _ = std::io::stderr().write_all(msg.as_bytes());
}

/// A fixed-size text buffer on the stack: formatting without the heap.
/// Text past its size is dropped.
pub struct StackText<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackText<N> {
    /// An empty buffer.
    pub fn new() -> Self {
        StackText {
            buf: [0; N],
            len: 0,
        }
    }

    /// The text so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

impl<const N: usize> Default for StackText<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> std::fmt::Write for StackText<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let n = s.len().min(N - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}
