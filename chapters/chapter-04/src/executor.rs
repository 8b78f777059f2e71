//! A small single-threaded executor with its own waker, on a `mio`
//! readiness loop: what `coroutine.wrap` plus `socket.select` are in the
//! seed.
//!
//! - A *task* is a boxed future (a suspended coroutine). [`Executor::run`]
//!   polls the tasks whose ids are in the ready queue; a task that returns
//!   `Pending` is parked until something wakes it.
//! - The *waker* ([`TaskWaker`]) is the only link back: waking it pushes the
//!   task's id onto the ready queue. That is the whole trick of async Rust —
//!   the future decides when it can make progress, the waker says who to
//!   resume.
//! - The *reactor* ([`Reactor`]) owns the `mio::Poll`. A socket future that
//!   gets `WouldBlock` stores the current waker in the reactor under the
//!   socket's token; when the kernel reports the socket ready, the reactor
//!   calls that waker. [`Async`] wraps a `mio` socket this way. It also
//!   keeps timers ([`Reactor::sleep`]): the poll timeout is cut to the
//!   nearest one, and a due timer calls its waker.
//! - The *budget* ([`BUDGET`]): a task is never preempted, so one whose
//!   socket stays ready (a client sending megabytes) would run forever and
//!   starve every other task, the accept loop included. Each poll of a task
//!   may try at most [`BUDGET`] socket operations; the next one suspends the
//!   task and queues it behind the others — tokio's cooperative budget, in a
//!   dozen lines.
//!
//! Layout: [`TaskWaker`], [`Reactor`], [`Async`] (and the budget),
//! [`Spawner`], [`Executor`].

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

use mio::{Events, Interest, Token, event::Source};

/// A task: a future that owns everything it needs.
type Task = Pin<Box<dyn Future<Output = ()>>>;

/// Socket operations one poll of a task may try before it must let the
/// others run (as the `poll` engine's reads per turn).
pub const BUDGET: u32 = 16;

thread_local! {
    /// What is left of the running task's [`BUDGET`] (reset before each poll).
    static BUDGET_LEFT: Cell<u32> = const { Cell::new(BUDGET) };
}

// ANCHOR: waker
/// Wakes task `id` by putting it on the executor's ready queue.
pub struct TaskWaker {
    id: usize,
    ready: Arc<Mutex<VecDeque<usize>>>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.ready.lock().unwrap().push_back(self.id);
    }
}
// ANCHOR_END: waker

/// The wakers waiting on one socket.
#[derive(Default)]
struct Slot {
    read: Option<Waker>,
    write: Option<Waker>,
}

/// The readiness loop shared by every socket future.
pub struct Reactor {
    poll: RefCell<mio::Poll>,
    slots: RefCell<HashMap<Token, Slot>>,
    next: RefCell<usize>,
    /// Sleeping tasks: when to wake each.
    timers: RefCell<Vec<(Instant, Waker)>>,
}

impl Reactor {
    /// A reactor with a fresh `epoll` instance.
    pub fn new() -> io::Result<Rc<Self>> {
        Ok(Rc::new(Reactor {
            poll: RefCell::new(mio::Poll::new()?),
            slots: RefCell::default(),
            next: RefCell::new(0),
            timers: RefCell::default(),
        }))
    }

    /// Suspends the task for `d` (the executor's `sleep`).
    pub async fn sleep(&self, d: Duration) {
        let until = Instant::now() + d;
        std::future::poll_fn(|cx: &mut Context<'_>| {
            if Instant::now() >= until {
                return Poll::Ready(());
            }
            self.timers.borrow_mut().push((until, cx.waker().clone()));
            Poll::Pending
        })
        .await
    }

    /// Waits up to `timeout` (less if a timer is due sooner) for readiness
    /// and wakes the waiting futures and the due timers.
    fn turn(&self, events: &mut Events, timeout: Duration) -> io::Result<()> {
        let now = Instant::now();
        let nearest = self.timers.borrow().iter().map(|(t, _)| *t).min();
        let timeout = nearest.map_or(timeout, |t| timeout.min(t.saturating_duration_since(now)));
        let polled = self.poll.borrow_mut().poll(events, Some(timeout));
        let now = Instant::now();
        let due: Vec<Waker> = (self.timers.borrow_mut())
            .extract_if(.., |(t, _)| *t <= now)
            .map(|(_, w)| w)
            .collect();
        due.into_iter().for_each(Waker::wake);
        match polled {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(()),
            r => r?,
        }
        let mut slots = self.slots.borrow_mut();
        for ev in events.iter() {
            let Some(slot) = slots.get_mut(&ev.token()) else {
                continue;
            };
            // Errors and hang-ups wake both sides: the next call reports them.
            let broken = ev.is_error() || ev.is_read_closed() || ev.is_write_closed();
            if (ev.is_readable() || broken)
                && let Some(w) = slot.read.take()
            {
                w.wake();
            }
            if (ev.is_writable() || broken)
                && let Some(w) = slot.write.take()
            {
                w.wake();
            }
        }
        Ok(())
    }
}

/// A `mio` socket registered with the reactor (edge-triggered, both ways).
pub struct Async<T: Source> {
    inner: T,
    token: Token,
    reactor: Rc<Reactor>,
}

impl<T: Source> Async<T> {
    /// Registers `inner` for readable and writable events.
    pub fn new(mut inner: T, reactor: &Rc<Reactor>) -> io::Result<Self> {
        let token = {
            let mut next = reactor.next.borrow_mut();
            *next += 1;
            Token(*next)
        };
        let interest = Interest::READABLE | Interest::WRITABLE;
        reactor
            .poll
            .borrow()
            .registry()
            .register(&mut inner, token, interest)?;
        reactor.slots.borrow_mut().insert(token, Slot::default());
        Ok(Async {
            inner,
            token,
            reactor: Rc::clone(reactor),
        })
    }

    // ANCHOR: op
    /// Runs the non-blocking `op` until it does not report `WouldBlock`,
    /// parking the task (its waker stored in the reactor) in between. A task
    /// whose budget is spent is suspended first and queued to run again.
    pub async fn op<R>(
        &mut self,
        write: bool,
        mut op: impl FnMut(&mut T) -> io::Result<R>,
    ) -> io::Result<R> {
        std::future::poll_fn(|cx: &mut Context<'_>| {
            if !spend_budget() {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            match op(&mut self.inner) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    let mut slots = self.reactor.slots.borrow_mut();
                    let slot = slots.entry(self.token).or_default();
                    let waker = Some(cx.waker().clone());
                    if write {
                        slot.write = waker
                    } else {
                        slot.read = waker
                    }
                    Poll::Pending
                }
                r => Poll::Ready(r),
            }
        })
        .await
    }
    // ANCHOR_END: op
}

/// Takes one operation from the running task's budget; false when none is left.
fn spend_budget() -> bool {
    let left = BUDGET_LEFT.get();
    BUDGET_LEFT.set(left.saturating_sub(1));
    left > 0
}

impl<T: Source> Drop for Async<T> {
    fn drop(&mut self) {
        let _ = self
            .reactor
            .poll
            .borrow()
            .registry()
            .deregister(&mut self.inner);
        self.reactor.slots.borrow_mut().remove(&self.token);
    }
}

/// Starts new tasks from inside a running task.
#[derive(Clone, Default)]
pub struct Spawner(Rc<RefCell<Vec<Task>>>);

impl Spawner {
    /// Adds `task`; it is first polled on the executor's next turn.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        self.0.borrow_mut().push(Box::pin(task));
    }
}

/// The executor: tasks, the ready queue, and the reactor.
pub struct Executor {
    reactor: Rc<Reactor>,
    /// Each task with its waker, made once: a waker per poll was an
    /// allocation per wake-up, 200,000 of them for 10,000 clients' 20 lines.
    tasks: HashMap<usize, (Task, Waker)>,
    ready: Arc<Mutex<VecDeque<usize>>>,
    spawner: Spawner,
    next_id: usize,
}

impl Executor {
    /// An executor with no tasks.
    pub fn new() -> io::Result<Self> {
        Ok(Executor {
            reactor: Reactor::new()?,
            tasks: HashMap::new(),
            ready: Arc::default(),
            spawner: Spawner::default(),
            next_id: 0,
        })
    }

    /// The reactor, to register sockets with.
    pub fn reactor(&self) -> &Rc<Reactor> {
        &self.reactor
    }

    /// A handle that spawns tasks.
    pub fn spawner(&self) -> Spawner {
        self.spawner.clone()
    }

    // ANCHOR: run
    /// Runs until there are no tasks left or `stop()` says so (checked at
    /// least every `tick`).
    pub fn run(&mut self, tick: Duration, stop: impl Fn() -> bool) -> io::Result<()> {
        let mut events = Events::with_capacity(1024);
        loop {
            for task in self.spawner.0.take() {
                self.next_id += 1;
                let waker = Waker::from(Arc::new(TaskWaker {
                    id: self.next_id,
                    ready: Arc::clone(&self.ready),
                }));
                self.tasks.insert(self.next_id, (task, waker));
                self.ready.lock().unwrap().push_back(self.next_id);
            }
            let batch: Vec<usize> = self.ready.lock().unwrap().drain(..).collect();
            for id in batch {
                let Some((task, waker)) = self.tasks.get_mut(&id) else {
                    continue;
                };
                BUDGET_LEFT.set(BUDGET);
                if task
                    .as_mut()
                    .poll(&mut Context::from_waker(waker))
                    .is_ready()
                {
                    self.tasks.remove(&id);
                }
            }
            if stop() || self.tasks.is_empty() {
                return Ok(());
            }
            let idle = self.ready.lock().unwrap().is_empty() && self.spawner.0.borrow().is_empty();
            let timeout = if idle { tick } else { Duration::ZERO };
            self.reactor.turn(&mut events, timeout)?;
        }
    }
    // ANCHOR_END: run
}
