//! The `coroutine` engine: each client's session is an `async fn` (one
//! coroutine per client, as in the seed), run by the hand-written
//! [`Executor`] on a `mio` readiness loop.
//!
//! The accept loop is a task too: it waits for the listener to be readable,
//! accepts, and spawns [`drive`] for the new client. When a session ends with
//! [`Step::Shutdown`] a shared flag stops the executor, and dropping the
//! remaining tasks closes their sockets.
//!
//! Layout: [`serve`] (the flag and the connection table are `control::Shared`),
//! `session_task`, [`MioStream`] (the [`LineStream`] over [`Async`]).

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::rc::Rc;

use mio::net::{TcpListener, TcpStream};

use crate::conn::Conn;
use crate::control::{AcceptErrors, Options, Shared, Stop, TICK};
use crate::executor::{Async, Executor, Spawner};
use crate::lines::{LineStream, drive};
use crate::session::{Session, Step};

thread_local! {
    /// One read buffer for every coroutine on this thread: a suspended
    /// coroutine holds no buffer, which keeps 10,000 of them small.
    static SCRATCH: RefCell<[u8; 4096]> = const { RefCell::new([0; 4096]) };
}

/// A `mio` TCP stream as a [`LineStream`] on the hand-written executor.
pub struct MioStream(pub Async<TcpStream>);

impl LineStream for MioStream {
    async fn fill(&mut self, conn: &mut Conn) -> io::Result<usize> {
        self.0
            .op(false, |s| {
                SCRATCH.with_borrow_mut(|buf| {
                    let n = s.read(buf)?;
                    conn.feed(&buf[..n]);
                    Ok(n)
                })
            })
            .await
    }

    async fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.op(true, |s| s.write(bytes)).await
    }
}

// ANCHOR: serve
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
    let mut exec = Executor::new()?;
    let listener = Async::new(TcpListener::from_std(listener), exec.reactor())?;
    let shared = Rc::new(RefCell::new(Shared::new(local, opts, "coroutine")));
    shared.borrow().show();
    let (spawner, reactor, sh) = (
        exec.spawner(),
        Rc::clone(exec.reactor()),
        Rc::clone(&shared),
    );
    exec.spawner().spawn(async move {
        let (mut listener, mut errors) = (listener, AcceptErrors::default());
        for id in 1.. {
            let (stream, addr) = match listener.op(false, |l| l.accept()).await {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors, typically: let the sessions run
                    // (and close) for a while before trying again.
                    reactor.sleep(errors.failed(&e)).await;
                    continue;
                }
            };
            errors.accepted();
            match Async::new(stream, &reactor) {
                Ok(s) => session_task(&spawner, &sh, id, addr, MioStream(s), start()),
                Err(e) => eprintln!("cannot watch {addr}: {e}"),
            }
        }
    });
    exec.run(TICK, || stop.stopped() || shared.borrow().shutdown)?;
    if shared.borrow().shutdown {
        println!("Shutting down server");
    }
    Ok(())
}
// ANCHOR_END: serve

/// Spawns the coroutine for one client and keeps the table up to date.
fn session_task<S: Session + 'static>(
    spawner: &Spawner,
    shared: &Rc<RefCell<Shared>>,
    id: u64,
    addr: SocketAddr,
    mut io: MioStream,
    mut session: S,
) {
    shared.borrow_mut().clients.insert(id, addr);
    shared.borrow().show();
    let shared = Rc::clone(shared);
    spawner.spawn(async move {
        let step = drive(&mut io, &mut session).await;
        let mut sh = shared.borrow_mut();
        sh.clients.remove(&id);
        if let Ok(Step::Shutdown) = step {
            sh.shutdown = true;
        } else {
            sh.show();
        }
    });
}
