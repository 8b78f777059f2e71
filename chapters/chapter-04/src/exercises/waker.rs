//! Exercise `waker`: the waker of a hand-written executor.
//!
//! A future that cannot finish yet returns `Pending` and keeps the waker
//! from its `Context`; whoever makes progress possible later (a reactor, a
//! timer, another thread) calls `wake()`. The executor decides what waking
//! means. Here you write two: [`QueueWaker`] puts a task id on a run queue
//! (what the chapter's executor does), and [`block_on`] runs one future on
//! the current thread, parking the thread while the future is pending and
//! letting `wake()` unpark it.
//!
//! Layout: [`RunQueue`], [`QueueWaker`], [`block_on`].

// The stub leaves some private items unused until you write the bodies.
#![allow(dead_code, unused_imports)]

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;

/// Task ids waiting to be polled, in wake order.
pub type RunQueue = Arc<Mutex<Vec<usize>>>;

/// Wakes task `id` by pushing it on `queue`.
#[derive(Debug)]
pub struct QueueWaker {
    /// The task.
    pub id: usize,
    /// The executor's run queue.
    pub queue: RunQueue,
}

/// Wakes a parked thread.
struct ThreadWaker(Thread);

// ANCHOR: stub
impl Wake for QueueWaker {
    fn wake(self: Arc<Self>) {
        // TODO: push `self.id` on `self.queue`.
        todo!("wake: put the task back on the run queue")
    }
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        // TODO: unpark the thread.
        let _ = &self.0;
        todo!("wake: unpark")
    }
}

/// A [`Waker`] that pushes `id` on `queue` each time it is woken.
pub fn queue_waker(id: usize, queue: &RunQueue) -> Waker {
    // TODO: a waker built from a `QueueWaker`.
    let _ = (id, queue);
    todo!("build the waker")
}

/// Runs `future` to completion on this thread, parking while it is pending.
pub fn block_on<F: Future>(future: F) -> F::Output {
    // TODO: poll `future` until it is ready; while it is pending, this
    // thread sleeps until a wake (from any thread, possibly before it has
    // gone to sleep) lets it poll again.
    drop(future);
    todo!("the smallest executor")
}
// ANCHOR_END: stub
