//! The accept loop of [`spawn_tcp`](super::spawn_tcp) and its bookkeeping.
//!
//! One thread waits (with `poll`) on the listener and on a wake socket that
//! the handle writes to when stopping. Each accepted connection gets its own
//! thread; a clone of its socket is kept so stopping can `shutdown` it and
//! unblock that thread's reads. Finished threads are joined as we go, the
//! rest when stopping. A drain request (one byte on the wake socket) accepts
//! what waits in the backlog without stopping.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::poll::{PollFlags, poll, ready, want};
use super::room::{self, Activity, Entry, Live};
use super::{Conn, PeerConfig};
use crate::fault::FaultPlan;
use crate::transcript::{Event, Recorder};

/// The serve function, shared by all connection threads.
pub(crate) type Serve = Arc<dyn Fn(Conn) -> io::Result<()> + Send + Sync>;

/// What the accept loop needs.
pub(crate) struct Context {
    pub recorder: Recorder,
    pub plan: Arc<FaultPlan>,
    pub config: Arc<PeerConfig>,
    pub serve: Serve,
    /// The peer's start: connections' idle times count from here.
    pub epoch: Instant,
}

/// Most connections accepted per wake-up, so stopping is never starved.
const ACCEPT_BURST: usize = 256;

/// The first and the longest wait after `accept` fails for want of a
/// resource (descriptors, memory): the listener stays readable, so retrying
/// at once would spin; waiting lets connections close and free descriptors.
const BACKOFF_FIRST: Duration = Duration::from_millis(10);
const BACKOFF_MAX: Duration = Duration::from_millis(500);

/// Written to the wake socket by [`PeerHandle::drain`](super::PeerHandle::drain):
/// accept what is pending, answer with one byte, and go on. Any other byte,
/// or the handle's end closing, means stop.
pub(crate) const DRAIN: &[u8] = b"d";

/// How the last accept burst ended.
enum Burst {
    /// Nothing more waiting (or the burst's cap reached).
    Done,
    /// `accept` failed for want of a resource.
    Failed(io::Error),
}

/// A run of failing accepts: reported once when it starts and once when
/// an accept works again, with a growing wait in between.
#[derive(Default)]
struct Episode {
    wait: Option<Duration>,
}

impl Episode {
    fn after(&mut self, burst: Burst, accepted: bool, recorder: &Recorder) {
        match burst {
            Burst::Failed(e) => {
                self.wait = Some(match self.wait {
                    None => {
                        recorder.note(None, format!("accept failed: {e}; backing off"));
                        BACKOFF_FIRST
                    }
                    Some(w) => (w * 2).min(BACKOFF_MAX),
                });
            }
            Burst::Done => {
                if self.wait.take().is_some() && accepted {
                    recorder.note(None, "accept works again");
                }
            }
        }
    }
}

/// Runs until `wake` is written to or closed, then stops every connection.
pub(crate) fn run(listener: TcpListener, wake: TcpStream, ctx: Context) {
    let live: Live = Arc::default();
    let stopping = Arc::new(AtomicBool::new(false));
    let mut threads: Vec<JoinHandle<()>> = Vec::new();
    let mut episode = Episode::default();
    if let Err(e) = listener.set_nonblocking(true) {
        ctx.recorder
            .note(None, format!("peer cannot poll its listener: {e}"));
        return;
    }
    loop {
        let mut fds = [want(&wake, PollFlags::IN), want(&listener, PollFlags::IN)];
        // Backing off, only the wake socket is watched, for the wait.
        let polled = match episode.wait {
            Some(wait) => poll(&mut fds[..1], Some(wait)),
            None => poll(&mut fds, None),
        };
        if let Err(e) = polled {
            ctx.recorder.note(None, format!("peer poll failed: {e}"));
            break;
        }
        let (woken, accept) = (ready(&fds[0]), ready(&fds[1]) || episode.wait.is_some());
        if woken {
            if !drain_requested(&wake) {
                break;
            }
            let before = threads.len();
            let burst = accept_burst(&listener, &ctx, &live, &stopping, &mut threads);
            episode.after(burst, threads.len() > before, &ctx.recorder);
            // The handle waits for this byte; if it is gone, stopping follows.
            let _ = (&wake).write_all(b"k");
            continue;
        }
        if accept {
            let before = threads.len();
            let burst = accept_burst(&listener, &ctx, &live, &stopping, &mut threads);
            episode.after(burst, threads.len() > before, &ctx.recorder);
        }
        join_finished(&mut threads, &ctx);
    }
    stopping.store(true, Ordering::SeqCst);
    // A connection that has just closed may still be in the live set (it
    // leaves it after its close is recorded): shutting it down again is
    // harmless, but noting it would put a stray note in the transcript.
    let ended: std::collections::HashSet<u32> = ctx
        .recorder
        .snapshot()
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Close { conn, .. } | Event::Reset { conn, .. } => Some(*conn),
            _ => None,
        })
        .collect();
    for (conn, Entry { stream, .. }) in lock(&live).iter() {
        if !ended.contains(conn) {
            ctx.recorder
                .note(Some(*conn), "peer stopping: connection shut down");
        }
        // Unblocks the connection's reads; it may already be closed.
        let _ = stream.shutdown(Shutdown::Both);
    }
    for t in threads {
        if t.join().is_err() {
            ctx.recorder
                .note(None, "a connection thread panicked while stopping");
        }
    }
}

/// Joins the connection threads whose serve function has returned. Joining,
/// not just dropping the handle: a finished thread may still be exiting, and
/// a dropped handle would let it outlive a peer that is stopped right after.
fn join_finished(threads: &mut Vec<JoinHandle<()>>, ctx: &Context) {
    let (done, running): (Vec<_>, Vec<_>) = threads.drain(..).partition(|t| t.is_finished());
    *threads = running;
    for t in done {
        if t.join().is_err() {
            ctx.recorder.note(None, "a connection thread panicked");
        }
    }
}

/// Reads the wake byte: true for a drain request, false for stop (or EOF).
fn drain_requested(wake: &TcpStream) -> bool {
    let mut byte = [0u8; 1];
    matches!((&*wake).read(&mut byte), Ok(1) if byte == *DRAIN)
}

fn lock(live: &Live) -> MutexGuard<'_, std::collections::HashMap<u32, Entry>> {
    live.lock().unwrap_or_else(|p| p.into_inner())
}

fn accept_burst(
    listener: &TcpListener,
    ctx: &Context,
    live: &Live,
    stopping: &Arc<AtomicBool>,
    threads: &mut Vec<JoinHandle<()>>,
) -> Burst {
    for _ in 0..ACCEPT_BURST {
        match listener.accept() {
            Ok((stream, _)) => {
                if let Some(t) = start_conn(stream, ctx, live, stopping) {
                    threads.push(t);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Burst::Done,
            // A client that gave up while queued; the next may be fine.
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == io::ErrorKind::ConnectionAborted => continue,
            // Out of descriptors (EMFILE, ENFILE), buffers or memory.
            Err(e) => return Burst::Failed(e),
        }
    }
    Burst::Done
}

/// Sets up one connection and its thread; `None` if it was turned away.
fn start_conn(
    stream: TcpStream,
    ctx: &Context,
    live: &Live,
    stopping: &Arc<AtomicBool>,
) -> Option<JoinHandle<()>> {
    let conn = ctx.recorder.open_numbered("client");
    let setup = stream
        .set_nonblocking(false)
        .and_then(|()| stream.set_read_timeout(Some(ctx.config.io_timeout)))
        .and_then(|()| stream.set_write_timeout(Some(ctx.config.io_timeout)))
        .and_then(|()| stream.try_clone());
    let clone = match setup {
        Ok(c) => c,
        Err(e) => {
            ctx.recorder
                .note(Some(conn), format!("connection setup failed: {e}"));
            room::refuse(stream, conn, b"", &ctx.recorder);
            return None;
        }
    };
    let activity = Activity::new(ctx.epoch);
    // Idle from the start, until its thread works for it: in a burst the
    // accept loop admits connections faster than their threads start, and
    // a full peer of such newcomers must still make room for the next.
    activity.idle_since(Instant::now());
    {
        let mut live = lock(live);
        if let Err(open) = room::make_room(&live, ctx.config.max_conns, &ctx.recorder) {
            drop(live);
            ctx.recorder.note(
                Some(conn),
                format!("turned away: {open} connections already open, none idle"),
            );
            room::refuse(stream, conn, &ctx.config.busy_reply, &ctx.recorder);
            return None;
        }
        let entry = Entry {
            stream: clone,
            activity: activity.clone(),
        };
        live.insert(conn, entry);
    }
    let spawned = spawn_conn(stream, conn, activity, ctx, live.clone(), stopping.clone());
    match spawned {
        Ok(t) => Some(t),
        Err(e) => {
            // The stream went with the closure that could not start.
            if let Some(entry) = lock(live).remove(&conn) {
                ctx.recorder
                    .note(Some(conn), format!("cannot start a thread: {e}"));
                room::refuse(entry.stream, conn, &ctx.config.busy_reply, &ctx.recorder);
            }
            None
        }
    }
}

/// Runs `serve` for one connection on its own thread; errors and panics
/// become notes, and the connection leaves the live set when done.
fn spawn_conn(
    stream: TcpStream,
    conn: u32,
    activity: Arc<Activity>,
    ctx: &Context,
    live: Live,
    stop: Arc<AtomicBool>,
) -> std::io::Result<JoinHandle<()>> {
    let (recorder, plan, serve) = (ctx.recorder.clone(), ctx.plan.clone(), ctx.serve.clone());
    let config = ctx.config.clone();
    std::thread::Builder::new()
        .name(format!("client-{conn}"))
        .spawn(move || {
            // Working for it now; its reads mark it idle while they wait.
            activity.busy();
            let c =
                Conn::new(stream, recorder.clone(), conn, plan, stop).with_limits(activity, config);
            match std::panic::catch_unwind(AssertUnwindSafe(|| serve(c))) {
                Ok(Ok(())) => {}
                Ok(Err(e)) if Conn::is_quiet_end(&e) => {}
                Ok(Err(e)) => {
                    recorder.note(Some(conn), format!("connection ended with an error: {e}"))
                }
                Err(_) => recorder.note(Some(conn), "the peer's serve function panicked"),
            }
            lock(&live).remove(&conn);
        })
}
