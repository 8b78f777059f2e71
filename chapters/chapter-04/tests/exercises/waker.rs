//! `waker`: a queue waker and a thread-parking `block_on`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use chapter_04::exercises::waker::{RunQueue, block_on, queue_waker};

/// Long enough for `block_on` to finish on a loaded machine; a `block_on`
/// that parks and is never woken blocks forever instead.
const LIMIT: Duration = Duration::from_secs(2);

/// Runs `f` on a thread and returns its result, failing the test if it
/// takes longer than [`LIMIT`]: `block_on` parked and no wake reached it.
/// A panic of `f` (an unfinished stub, say) is passed on as it is.
fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    harness::failure::within(LIMIT, f).unwrap_or_else(|blocked| {
        panic!("block_on {blocked}: its thread stayed parked, a wake did not reach it")
    })
}

#[test]
fn waking_puts_the_task_on_the_run_queue() {
    let queue: RunQueue = Arc::default();
    let w = queue_waker(7, &queue);
    w.wake_by_ref();
    expect_eq!(*queue.lock().unwrap(), vec![7], "after wake_by_ref");
    let w2 = w.clone();
    w.wake();
    expect_eq!(*queue.lock().unwrap(), vec![7, 7], "after wake");
    queue_waker(9, &queue).wake();
    w2.wake();
    expect_eq!(
        queue.lock().unwrap().split_off(2),
        vec![9, 7],
        "after waking another task, then the clone"
    );
}

/// Ready after the value is set; whoever sets it wakes the stored waker.
#[derive(Default)]
struct Slot {
    value: Option<u32>,
    waker: Option<Waker>,
}

struct WaitFor(Arc<Mutex<Slot>>);

impl Future for WaitFor {
    type Output = u32;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let mut s = self.0.lock().unwrap();
        match s.value {
            Some(v) => Poll::Ready(v),
            None => {
                s.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

#[test]
fn block_on_sleeps_until_another_thread_wakes_it() {
    let slot = Arc::new(Mutex::new(Slot::default()));
    let s = Arc::clone(&slot);
    let helper = std::thread::spawn(move || {
        // Wait (bounded) until the future has parked its waker, then finish it.
        for _ in 0..10_000 {
            let mut g = s.lock().unwrap();
            if let Some(w) = g.waker.take() {
                g.value = Some(42);
                drop(g);
                w.wake();
                return true;
            }
            drop(g);
            std::thread::sleep(Duration::from_millis(1));
        }
        false
    });
    expect_eq!(within(move || block_on(WaitFor(slot))), 42);
    assert!(helper.join().unwrap());
}

#[test]
fn block_on_runs_a_future_that_wakes_itself() {
    let mut left = 1000;
    let fut = std::future::poll_fn(move |cx| {
        if left == 0 {
            return Poll::Ready("done");
        }
        left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    });
    expect_eq!(within(move || block_on(fut)), "done");
}
