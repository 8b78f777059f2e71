//! The `tokio` engine: the same [`drive`] coroutine, run by tokio's
//! current-thread runtime instead of the hand-written executor.
//!
//! Tokio's reactor is the same idea as [`crate::executor::Reactor`]: its
//! `readable()`/`writable()` futures store the task's waker until epoll
//! reports the socket ready. Running it on one thread makes the comparison
//! with the `poll` and `coroutine` engines fair.
//!
//! One trap: `readable()` followed by `try_read` is not counted by tokio's
//! cooperative budget, so a task whose client keeps its socket ready (one
//! sending megabytes) would never yield and would starve the others, the
//! accept loop too. [`TokioStream`] spends the budget itself
//! (`consume_budget`), as [`crate::executor`] does with its own.
//!
//! Layout: [`serve`], [`TokioStream`].

use std::cell::RefCell;
use std::io;
use std::rc::Rc;

use tokio::net::{TcpListener, TcpStream};

use crate::conn::Conn;
use crate::control::{AcceptErrors, Options, Shared, Stop, TICK};
use crate::lines::{LineStream, drive};
use crate::session::{Session, Step};

thread_local! {
    /// One read buffer for every task on the runtime's thread.
    static SCRATCH: RefCell<[u8; 4096]> = const { RefCell::new([0; 4096]) };
}

/// A tokio TCP stream as a [`LineStream`].
pub struct TokioStream(pub TcpStream);

impl LineStream for TokioStream {
    async fn fill(&mut self, conn: &mut Conn) -> io::Result<usize> {
        tokio::task::consume_budget().await;
        loop {
            self.0.readable().await?;
            let r = SCRATCH.with_borrow_mut(|buf| -> io::Result<usize> {
                let n = self.0.try_read(buf)?;
                conn.feed(&buf[..n]);
                Ok(n)
            });
            match r {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                r => return r,
            }
        }
    }

    async fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        tokio::task::consume_budget().await;
        loop {
            self.0.writable().await?;
            match self.0.try_write(bytes) {
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                r => return r,
            }
        }
    }
}

/// Serves one session per client, each made by `start`, until `.shutdown`
/// or `stop`.
pub fn serve<S, F>(
    listener: std::net::TcpListener,
    start: F,
    opts: Options,
    stop: &Stop,
) -> io::Result<()>
where
    S: Session + 'static,
    F: Fn() -> S + 'static,
{
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let set = tokio::task::LocalSet::new();
    let shared = Rc::new(RefCell::new(Shared::new(local, opts, "task")));
    let sh = Rc::clone(&shared);
    set.block_on(&rt, async move {
        let listener = TcpListener::from_std(listener)?;
        sh.borrow().show();
        let mut tick = tokio::time::interval(TICK);
        let (mut next_id, mut errors) = (0u64, AcceptErrors::default());
        loop {
            let accepted = tokio::select! {
                a = listener.accept() => a,
                _ = tick.tick() => {
                    if stop.stopped() || sh.borrow().shutdown { break }
                    continue;
                }
            };
            let (stream, addr) = match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors, typically: wait for sessions to end.
                    tokio::time::sleep(errors.failed(&e)).await;
                    continue;
                }
            };
            errors.accepted();
            next_id += 1;
            let id = next_id;
            sh.borrow_mut().clients.insert(id, addr);
            sh.borrow().show();
            let (sh, mut session) = (Rc::clone(&sh), start());
            tokio::task::spawn_local(async move {
                let step = drive(&mut TokioStream(stream), &mut session).await;
                let mut s = sh.borrow_mut();
                s.clients.remove(&id);
                if let Ok(Step::Shutdown) = step {
                    s.shutdown = true
                } else {
                    s.show()
                }
            });
        }
        Ok::<(), io::Error>(())
    })?;
    if shared.borrow().shutdown {
        println!("Shutting down server");
    }
    Ok(())
}
