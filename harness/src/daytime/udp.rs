//! The daytime peer's UDP side: one thread answering datagrams, with seeded
//! loss, duplication, reordering and delay of its replies.
//!
//! Every datagram is one transcript `Data` event (UDP keeps boundaries, so
//! the transcript does too). Each client address gets a connection number
//! the first time it is seen (label `udp-client-N`); UDP has no open or
//! close, so there are no `Close` events, only notes for the faults.
//!
//! The thread waits with `poll` on the socket and on a wake socket; the
//! [`UdpServer`] guard writes to the wake socket and joins the thread when
//! dropped. Reordering holds one reply back until the next one is sent, or
//! until [`HOLD`] passes with no other datagram.
//!
//! Layout: [`UdpFaults`] (what goes wrong), [`UdpServer`] (the thread and
//! its guard), then the loop and the fault decisions.

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::thread::JoinHandle;
use std::time::Duration;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::text::{Clock, daytime_line};
use crate::peer::poll::{PollFlags, poll, ready, want};
use crate::transcript::{Event, Recorder, Side};

/// How long a reordered reply waits for a later one to overtake it.
pub const HOLD: Duration = Duration::from_millis(200);
/// Longest delay a plan may ask for.
pub const MAX_DELAY: Duration = Duration::from_secs(1);
/// Distinct client addresses remembered (their connection numbers); past
/// it the table starts again, so memory stays bounded.
pub const MAX_CLIENTS: usize = 4096;
/// Receive buffer: the largest UDP payload over IPv4 plus one byte, so no
/// request is ever cut short unnoticed.
const RECV_BUF: usize = 65_508;

/// Seeded misbehaviour of UDP replies. Probabilities are in `0.0..=1.0`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UdpFaults {
    /// Seed of every random choice (same seed and same datagrams, same run).
    pub seed: u64,
    /// Chance that a reply is never sent.
    pub loss: f64,
    /// Chance that a reply is sent twice.
    pub duplicate: f64,
    /// Chance that a reply is held back and sent after the next one.
    pub reorder: f64,
    /// Most delay before a reply (random in `0..=delay`, capped at [`MAX_DELAY`]).
    pub delay: Duration,
}

impl UdpFaults {
    /// Every reply sent once, at once.
    pub fn none() -> Self {
        UdpFaults::default()
    }

    /// The `daytime-lossy` mix: 30% lost, 10% duplicated, 10% reordered,
    /// up to 50 ms of delay.
    pub fn lossy(seed: u64) -> Self {
        UdpFaults {
            seed,
            loss: 0.3,
            duplicate: 0.1,
            reorder: 0.1,
            delay: Duration::from_millis(50),
        }
    }

    /// Only loss, at `rate`.
    pub fn loss(seed: u64, rate: f64) -> Self {
        UdpFaults {
            seed,
            loss: rate,
            ..UdpFaults::none()
        }
    }

    /// One line for transcript headers.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let pct = |p: f64| format!("{:.0}%", p.clamp(0.0, 1.0) * 100.0);
        if self.loss > 0.0 {
            parts.push(format!("loss={}", pct(self.loss)));
        }
        if self.duplicate > 0.0 {
            parts.push(format!("duplicate={}", pct(self.duplicate)));
        }
        if self.reorder > 0.0 {
            parts.push(format!("reorder={}", pct(self.reorder)));
        }
        if !self.delay.is_zero() {
            parts.push(format!(
                "delay<={}ms",
                self.delay.min(MAX_DELAY).as_millis()
            ));
        }
        if parts.is_empty() {
            "none".into()
        } else {
            format!("{} (seed {})", parts.join(", "), self.seed)
        }
    }
}

/// The running UDP side; dropping it stops and joins its thread.
#[derive(Debug)]
pub struct UdpServer {
    wake: Option<TcpStream>,
    thread: Option<JoinHandle<()>>,
}

impl UdpServer {
    /// Serves `socket` on a new thread, recording into `recorder`.
    pub fn start(
        socket: UdpSocket,
        recorder: Recorder,
        faults: UdpFaults,
        clock: Clock,
    ) -> io::Result<UdpServer> {
        let (wake, wake_rx) = crate::peer::wake::pair()?;
        socket.set_nonblocking(true)?;
        let state = State {
            rng: ChaCha8Rng::seed_from_u64(faults.seed),
            faults,
            clock,
            recorder,
            clients: HashMap::new(),
            held: None,
        };
        let thread = std::thread::Builder::new()
            .name("peer-daytime-udp".into())
            .spawn(move || run(&socket, &wake_rx, state))?;
        Ok(UdpServer {
            wake: Some(wake),
            thread: Some(thread),
        })
    }
}

impl Drop for UdpServer {
    fn drop(&mut self) {
        if let Some(mut wake) = self.wake.take() {
            // Closing the socket wakes the loop as well, so a failed write is harmless.
            let _ = wake.write_all(b"x");
        }
        if let Some(thread) = self.thread.take() {
            // A panic was already noted by the loop's recorder, if it could be.
            let _ = thread.join();
        }
    }
}

/// A reply waiting to be sent after a later one (reordering).
struct Held {
    conn: u32,
    to: SocketAddr,
    bytes: Vec<u8>,
}

struct State {
    faults: UdpFaults,
    rng: ChaCha8Rng,
    clock: Clock,
    recorder: Recorder,
    clients: HashMap<SocketAddr, u32>,
    held: Option<Held>,
}

/// Until the wake socket is readable (or closed): answer datagrams.
fn run(socket: &UdpSocket, wake: &TcpStream, mut st: State) {
    let mut buf = vec![0u8; RECV_BUF];
    loop {
        let mut fds = [want(socket, PollFlags::IN), want(wake, PollFlags::IN)];
        let timeout = st.held.as_ref().map(|_| HOLD);
        match poll(&mut fds, timeout) {
            Err(e) => {
                st.recorder
                    .note(None, format!("daytime UDP poll failed: {e}"));
                return;
            }
            Ok(0) if st.held.is_some() => flush_held(socket, &mut st, "nothing overtook it"),
            Ok(_) => {}
        }
        let (readable, stopping) = (ready(&fds[0]), ready(&fds[1]));
        if stopping {
            flush_held(socket, &mut st, "the peer is stopping");
            return;
        }
        if readable {
            drain(socket, &mut buf, &mut st, wake);
        }
    }
}

/// Answers every datagram waiting (the socket is non-blocking).
fn drain(socket: &UdpSocket, buf: &mut [u8], st: &mut State, wake: &TcpStream) {
    // Bounded: a flood cannot keep the loop from seeing the wake socket.
    for _ in 0..1024 {
        match socket.recv_from(buf) {
            Ok((n, from)) => answer(socket, &buf[..n], from, st, wake),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // ICMP errors from an earlier reply (port unreachable) can
            // surface here on some systems; they concern that client only.
            Err(e) => st.recorder.note(None, format!("daytime UDP receive: {e}")),
        }
    }
}

fn conn_of(st: &mut State, from: SocketAddr) -> u32 {
    if st.clients.len() >= MAX_CLIENTS && !st.clients.contains_key(&from) {
        st.clients.clear();
    }
    if let Some(conn) = st.clients.get(&from) {
        return *conn;
    }
    let conn = st.recorder.open_numbered("udp-client");
    st.clients.insert(from, conn);
    conn
}

/// Records the request and sends the reply, applying the faults in a fixed
/// order (loss, delay, reorder, duplicate) so a seed replays exactly.
fn answer(socket: &UdpSocket, request: &[u8], from: SocketAddr, st: &mut State, wake: &TcpStream) {
    let conn = conn_of(st, from);
    st.recorder.record(Event::Data {
        conn,
        from: Side::Client,
        bytes: request.to_vec(),
    });
    let reply = daytime_line(st.clock.now()).into_bytes();
    let f = st.faults.clone();
    if st.rng.random_bool(f.loss.clamp(0.0, 1.0)) {
        st.recorder.note(Some(conn), "reply lost (seeded loss)");
        return;
    }
    let delay = f.delay.min(MAX_DELAY);
    if !delay.is_zero() {
        let ms = st.rng.random_range(0..=delay.as_millis() as u64);
        if ms > 0 {
            st.recorder
                .note(Some(conn), format!("reply delayed {ms} ms"));
            pause(wake, Duration::from_millis(ms));
        }
    }
    let hold = st.held.is_none() && st.rng.random_bool(f.reorder.clamp(0.0, 1.0));
    let twice = st.rng.random_bool(f.duplicate.clamp(0.0, 1.0));
    if hold {
        st.recorder
            .note(Some(conn), "reply held back, to be overtaken (reorder)");
        st.held = Some(Held {
            conn,
            to: from,
            bytes: reply,
        });
        return;
    }
    send(socket, conn, from, &reply, st);
    if twice {
        st.recorder.note(Some(conn), "reply duplicated");
        send(socket, conn, from, &reply, st);
    }
    flush_held(socket, st, "a later reply went first");
}

fn flush_held(socket: &UdpSocket, st: &mut State, why: &str) {
    if let Some(h) = st.held.take() {
        st.recorder
            .note(Some(h.conn), format!("held reply sent: {why}"));
        send(socket, h.conn, h.to, &h.bytes, st);
    }
}

fn send(socket: &UdpSocket, conn: u32, to: SocketAddr, bytes: &[u8], st: &State) {
    match socket.send_to(bytes, to) {
        Ok(_) => st.recorder.record(Event::Data {
            conn,
            from: Side::Server,
            bytes: bytes.to_vec(),
        }),
        Err(e) => st.recorder.note(Some(conn), format!("reply not sent: {e}")),
    }
}

/// Waits `d`, or less if the peer is stopping (the wake socket turns readable).
fn pause(wake: &TcpStream, d: Duration) {
    let mut fds = [want(wake, PollFlags::IN)];
    // An error only shortens the delay.
    let _ = poll(&mut fds, Some(d));
}
