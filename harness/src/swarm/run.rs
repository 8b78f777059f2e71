//! The swarm's single-threaded `poll(2)` loop: connect everyone, then run
//! the scripts in the chosen [`Order`], then close everyone.

use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use socket2::{Domain, Socket, Type};

use super::client::Client;
use super::{ClientResult, Order, Swarm, SwarmReport, sys};
use crate::peer::poll::{PollFlags, poll, ready, want};
use crate::transcript::{Event, Side};

/// Reverse order gives up after this many clients in a row got no echo.
const MAX_CONSECUTIVE_TIMEOUTS: usize = 3;
/// Longest single poll, so deadlines are checked often enough.
const POLL_SLICE: Duration = Duration::from_millis(500);

pub(crate) fn run(swarm: &Swarm, timeout: Duration) -> SwarmReport {
    let start = Instant::now();
    let deadline = start + timeout;
    let mut clients: Vec<Client> = (0..swarm.clients)
        .map(|i| {
            Client::new(
                i,
                (swarm.assign)(i),
                swarm.silent_bytes,
                swarm.recorder.clone(),
            )
        })
        .collect();
    // Room for our sockets plus an in-process server's, plus slack.
    let want_fds = (swarm.clients as u64) * 2 + 256;
    match sys::raise_fd_limit(want_fds) {
        Ok(limit) if limit >= swarm.clients as u64 + 64 => {
            connect_all(&mut clients, swarm, deadline)
        }
        Ok(limit) => fail_all(
            &mut clients,
            &format!(
                "descriptor limit {limit} is too low for {} clients",
                swarm.clients
            ),
        ),
        Err(e) => fail_all(
            &mut clients,
            &format!("cannot raise the descriptor limit: {e}"),
        ),
    }
    let connect_time = start.elapsed();
    let peak_fds = sys::open_fds();
    match swarm.order {
        Order::Interleaved => interleaved(&mut clients, swarm.step_timeout, deadline),
        Order::Reverse => reverse(&mut clients, swarm.step_timeout, deadline),
    }
    let results = clients.into_iter().map(finish).collect();
    SwarmReport {
        results,
        connect_time,
        total_time: start.elapsed(),
        peak_fds,
        peak_rss_kib: sys::peak_rss_kib(),
    }
}

fn fail_all(clients: &mut [Client], why: &str) {
    for c in clients {
        c.fail(why.to_string());
    }
}

fn finish(mut c: Client) -> ClientResult {
    if c.stream.take().is_some()
        && let Some(r) = c.recorder()
    {
        r.record(Event::Close {
            conn: c.conn,
            from: Side::Client,
        });
    }
    ClientResult {
        name: c.name,
        behaviour: c.behaviour,
        outcome: c.outcome.unwrap_or(Ok(())),
    }
}

/// Connects in batches of `connect_batch` non-blocking connects.
fn connect_all(clients: &mut [Client], swarm: &Swarm, deadline: Instant) {
    let n = clients.len();
    for first in (0..n).step_by(swarm.connect_batch) {
        let batch = first..(first + swarm.connect_batch).min(n);
        let mut pending: Vec<(usize, Socket)> = Vec::new();
        for i in batch {
            match start_connect(swarm.addr) {
                Ok((sock, true)) => clients[i].stream = Some(connected(sock)),
                Ok((sock, false)) => pending.push((i, sock)),
                Err(e) => clients[i].fail(format!("connect to {} failed: {e}", swarm.addr)),
            }
        }
        finish_connects(clients, pending, deadline);
    }
}

fn start_connect(addr: SocketAddr) -> std::io::Result<(Socket, bool)> {
    let sock = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    sock.set_nonblocking(true)?;
    match sock.connect(&addr.into()) {
        Ok(()) => Ok((sock, true)),
        // Unix says EINPROGRESS; Windows says WSAEWOULDBLOCK.
        Err(e)
            if e.kind() == std::io::ErrorKind::WouldBlock
                || e.raw_os_error() == Some(rustix::io::Errno::INPROGRESS.raw_os_error()) =>
        {
            Ok((sock, false))
        }
        Err(e) => Err(e),
    }
}

fn connected(sock: Socket) -> TcpStream {
    // Small pieces must leave at once, not wait for Nagle's algorithm.
    let _ = sock.set_tcp_nodelay(true);
    sock.into()
}

fn finish_connects(clients: &mut [Client], mut pending: Vec<(usize, Socket)>, deadline: Instant) {
    while !pending.is_empty() {
        let now = Instant::now();
        if now >= deadline {
            for (i, _) in pending {
                clients[i].fail("connect timed out".into());
            }
            return;
        }
        let mut fds: Vec<_> = pending
            .iter()
            .map(|(_, s)| want(s, PollFlags::OUT))
            .collect();
        if let Err(e) = poll(&mut fds, Some((deadline - now).min(POLL_SLICE))) {
            return fail_pending(clients, pending, &format!("poll failed: {e}"));
        }
        // Writable, an error or a hang-up: the connect has finished.
        let done: Vec<bool> = fds.iter().map(ready).collect();
        let mut still = Vec::new();
        for ((i, sock), done) in pending.into_iter().zip(done) {
            if !done {
                still.push((i, sock));
                continue;
            }
            match sock.take_error() {
                Ok(None) => clients[i].stream = Some(connected(sock)),
                Ok(Some(e)) | Err(e) => clients[i].fail(format!("connect failed: {e}")),
            }
        }
        pending = still;
    }
}

fn fail_pending(clients: &mut [Client], pending: Vec<(usize, Socket)>, why: &str) {
    for (i, _) in pending {
        clients[i].fail(why.to_string());
    }
}

/// Every round, every client performs its next step; then all echoes due
/// so far must arrive before the next round.
fn interleaved(clients: &mut [Client], step_timeout: Duration, deadline: Instant) {
    let rounds = clients.iter().map(|c| c.steps.len()).max().unwrap_or(0);
    let all: Vec<usize> = (0..clients.len()).collect();
    for r in 0..rounds {
        for c in clients.iter_mut() {
            c.step(r);
        }
        wait(
            clients,
            &all,
            deadline.min(Instant::now() + step_timeout),
            step_timeout,
        );
    }
}

/// Last connected first: each client runs its whole script and must get
/// its echo while every other connection stays open and idle.
fn reverse(clients: &mut [Client], step_timeout: Duration, deadline: Instant) {
    let mut in_a_row = 0;
    for i in (0..clients.len()).rev() {
        if in_a_row >= MAX_CONSECUTIVE_TIMEOUTS {
            clients[i].fail(format!(
                "not tried: {MAX_CONSECUTIVE_TIMEOUTS} clients in a row got no echo"
            ));
            continue;
        }
        for k in 0..clients[i].steps.len() {
            clients[i].step(k);
        }
        let timed_out = wait(
            clients,
            &[i],
            deadline.min(Instant::now() + step_timeout),
            step_timeout,
        );
        in_a_row = if timed_out { in_a_row + 1 } else { 0 };
    }
}

/// Polls the given clients until none is waiting for echo bytes or
/// `until` passes (then the waiting ones fail). Returns whether any timed out.
fn wait(clients: &mut [Client], which: &[usize], until: Instant, step_timeout: Duration) -> bool {
    loop {
        let waiting: Vec<usize> = which
            .iter()
            .copied()
            .filter(|&i| clients[i].waiting())
            .collect();
        if waiting.is_empty() {
            return false;
        }
        let now = Instant::now();
        if now >= until {
            for i in waiting {
                let (got, want) = (clients[i].got.len(), clients[i].expected_len());
                clients[i].fail(format!(
                    "no echo within {step_timeout:?} (got {got} of {want} bytes): does the server serve connections concurrently?"
                ));
            }
            return true;
        }
        let mut fds: Vec<_> = waiting
            .iter()
            .filter_map(|&i| clients[i].socket())
            .map(|s| want(s, PollFlags::IN))
            .collect();
        if let Err(e) = poll(&mut fds, Some((until - now).min(POLL_SLICE))) {
            waiting
                .iter()
                .for_each(|&i| clients[i].fail(format!("poll failed: {e}")));
            return true;
        }
        let readable: Vec<bool> = fds.iter().map(ready).collect();
        for (&i, readable) in waiting.iter().zip(readable) {
            if readable {
                clients[i].on_readable();
            }
        }
    }
}
