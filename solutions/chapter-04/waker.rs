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

// ANCHOR: solution
impl Wake for QueueWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.queue.lock().unwrap().push(self.id);
    }
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// A [`Waker`] that pushes `id` on `queue` each time it is woken.
pub fn queue_waker(id: usize, queue: &RunQueue) -> Waker {
    Waker::from(Arc::new(QueueWaker {
        id,
        queue: Arc::clone(queue),
    }))
}

/// Runs `future` to completion on this thread, parking while it is pending.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
        // A wake() that came before park() leaves a token: park returns at once.
        std::thread::park();
    }
}
// ANCHOR_END: solution
