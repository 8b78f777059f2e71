//! Helpers shared by this chapter's test files: sockets on loopback,
//! waiting on a peer's transcript, driving a chat room over real sockets.
//! (The chapter's programs run as processes through `harness::proc`.)

#![allow(dead_code)]
// Each test file uses a different part.
// Without the exercise chat_room (see `skip-chat_room` in Cargo.toml) the
// helpers that drive it are left out, and what only they use is unused.
#![cfg_attr(feature = "skip-chat_room", allow(unused_imports))]

use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

#[cfg(not(feature = "skip-chat_room"))]
use chapter_03::exercises::chat_room::Outgoing;
use harness::peer::PeerHandle;
use harness::transcript::{Event, Side};

/// Generous bound for any one wait on a loaded machine.
pub const WAIT: Duration = Duration::from_secs(10);

/// A UDP socket on 127.0.0.1, connected to `peer`.
pub fn connected_to(peer: SocketAddr) -> UdpSocket {
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    s.connect(peer).unwrap();
    s
}

/// Two unconnected UDP sockets on 127.0.0.1, with 1 MiB receive buffers
/// (room for many large datagrams) and send buffers (macOS refuses a
/// datagram larger than the send buffer, 9216 bytes by default).
pub fn pair() -> (UdpSocket, UdpSocket) {
    let make = || {
        let s = UdpSocket::bind("127.0.0.1:0").unwrap();
        let sock = socket2::SockRef::from(&s);
        sock.set_recv_buffer_size(1 << 20).unwrap();
        sock.set_send_buffer_size(1 << 20).unwrap();
        s
    };
    (make(), make())
}

/// How many datagrams the peer received, once it has seen at least `n`
/// (or after [`WAIT`]).
pub fn wait_requests(peer: &PeerHandle, n: usize) -> usize {
    requests_within(peer, n, WAIT)
}

/// How many datagrams the peer received, once it has seen at least `n`
/// or after `limit`.
pub fn requests_within(peer: &PeerHandle, n: usize, limit: Duration) -> usize {
    let count = |events: &[Event]| {
        events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    Event::Data {
                        from: Side::Client,
                        ..
                    }
                )
            })
            .count()
    };
    peer.recorder().wait_for(limit, |e| count(e) >= n);
    count(&peer.transcript().events)
}

/// A made-up client address number `n` (for the sans-I/O chat tests).
pub fn addr(n: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 40_000 + n))
}

/// `to N: text` for each datagram (N: the [`addr`] number), for comparisons.
#[cfg(not(feature = "skip-chat_room"))]
pub fn texts(out: &[Outgoing]) -> Vec<String> {
    out.iter()
        .map(|o| {
            format!(
                "to {}: {}",
                o.to.port() - 40_000,
                String::from_utf8_lossy(&o.bytes)
            )
        })
        .collect()
}

/// Runs `f` on a thread and returns its result, failing the test if it
/// takes longer than `limit` (a blocking call where none is allowed); a
/// panic of `f` is passed on as it was.
pub fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    harness::failure::within(limit, f).unwrap_or_else(|blocked| panic!("{blocked}: it blocked"))
}

/// Serves `room` on a real socket for three datagrams: ann joins, bob
/// joins, bob says hello. Returns what ann received, in order.
#[cfg(not(feature = "skip-chat_room"))]
pub fn chat_over_udp<R: Send + 'static>(
    mut room: R,
    handle: fn(&mut R, SocketAddr, &[u8], Duration) -> Vec<Outgoing>,
) -> Vec<String> {
    let server = UdpSocket::bind("127.0.0.1:0").unwrap();
    let at = server.local_addr().unwrap();
    server.set_read_timeout(Some(WAIT)).unwrap();
    let start = Instant::now();
    let thread = std::thread::spawn(move || {
        let mut buf = [0u8; 1024];
        for _ in 0..3 {
            let (n, from) = server.recv_from(&mut buf).unwrap();
            for o in handle(&mut room, from, &buf[..n], start.elapsed()) {
                server.send_to(&o.bytes, o.to).unwrap();
            }
        }
    });
    let (ann, bob) = (connected_to(at), connected_to(at));
    for s in [&ann, &bob] {
        s.set_read_timeout(Some(WAIT)).unwrap();
    }
    let recv = |s: &UdpSocket| {
        let mut buf = [0u8; 1024];
        let n = s.recv(&mut buf).unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };
    let mut got = Vec::new();
    ann.send(b"/join ann\n").unwrap();
    got.push(recv(&ann));
    bob.send(b"/join bob\n").unwrap();
    got.push(recv(&ann));
    assert_eq!(recv(&bob), "* welcome bob, 2 here");
    bob.send(b"hello over UDP\n").unwrap();
    got.push(recv(&ann));
    thread.join().unwrap();
    got
}
