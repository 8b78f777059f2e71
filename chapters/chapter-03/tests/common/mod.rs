//! Helpers shared by this chapter's test files: sockets on loopback,
//! waiting on a peer's transcript, driving a chat room over real sockets.

#![allow(dead_code)] // Each test file uses a different part.

use std::net::{SocketAddr, UdpSocket};
use std::sync::mpsc;
use std::time::{Duration, Instant};

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
/// (room for many large datagrams).
pub fn pair() -> (UdpSocket, UdpSocket) {
    let make = || {
        let s = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket2::SockRef::from(&s)
            .set_recv_buffer_size(1 << 20)
            .unwrap();
        s
    };
    (make(), make())
}

/// How many datagrams the peer received, once it has seen at least `n`
/// (or after [`WAIT`]).
pub fn wait_requests(peer: &PeerHandle, n: usize) -> usize {
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
    peer.recorder().wait_for(WAIT, |e| count(e) >= n);
    count(&peer.transcript().events)
}

/// A made-up client address number `n` (for the sans-I/O chat tests).
pub fn addr(n: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 40_000 + n))
}

/// `to N: text` for each datagram (N: the [`addr`] number), for comparisons.
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
/// takes longer than `limit` (a blocking call where none is allowed).
pub fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit)
        .unwrap_or_else(|_| panic!("did not return within {limit:?}: it blocked"))
}

/// Serves `room` on a real socket for three datagrams: ann joins, bob
/// joins, bob says hello. Returns what ann received, in order.
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

/// One of this chapter's server programs, running as a process. Its stdout
/// lines arrive on a channel; the first one names the bound address. The
/// process is killed (it is our own child) when this is dropped.
pub struct ServerProcess {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    /// The address it printed.
    pub addr: SocketAddr,
}

impl ServerProcess {
    /// Starts the binary at `path` with `args` and waits for its banner
    /// (`... on <addr> ...`).
    pub fn start(path: &str, args: &[&str]) -> ServerProcess {
        use std::io::BufRead;
        let mut child = std::process::Command::new(path)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = ServerProcess {
            child,
            lines,
            addr: SocketAddr::from(([0, 0, 0, 0], 0)),
        };
        let banner = server.next_line();
        let word = banner
            .split(" on ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next());
        server.addr = word
            .and_then(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("no address in {banner:?}"));
        server
    }

    /// The next line it prints (fails the test after [`WAIT`]).
    pub fn next_line(&self) -> String {
        self.lines
            .recv_timeout(WAIT)
            .expect("the server printed nothing in time")
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until something at `addr` answers a datagram (a server that is
/// still starting refuses: ICMP port unreachable). Fails after [`WAIT`].
pub fn wait_udp_answer(addr: SocketAddr) {
    let probe = connected_to(addr);
    probe
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        let _ = probe.send(b"probe\n");
        if probe.recv(&mut [0u8; 2048]).is_ok() {
            return;
        }
    }
    panic!("nothing answered datagrams at {addr} within {WAIT:?}");
}

/// A UDP port on 127.0.0.1 that was free a moment ago.
pub fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
