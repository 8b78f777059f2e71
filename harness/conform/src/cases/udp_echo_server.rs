//! `udp-echo-server`: the program is a UDP echo server. It binds `{port}`
//! (`WORKBOOK_PORT`) on 127.0.0.1 and sends every datagram it receives back
//! to its sender, unchanged, as one datagram; it serves every sender with
//! one socket and keeps running.
//!
//! UDP has no connection to wait for, so readiness is a probe: the harness
//! sends a small datagram until something answers it
//! ([`harness::proc::Running::wait_answering`]), within the time limit.
//! Then two clients send: a text datagram each, a 1200-byte one and a
//! binary one (NUL, CR, LF, bytes >= 0x80), and two datagrams back to back,
//! which must come back as two datagrams: UDP keeps message boundaries, and
//! an echo server must too.
//!
//! UDP promises no delivery (RFC 768), so the harness sends a datagram
//! again when its echo is late (after 0.5 s, then 1 s, ...) within the
//! wait for one echo; resends are notes in the transcript.
//!
//! The transcript has one `Data` event per datagram; the comparison with
//! the reference uses `datagram_view` (one line per datagram), with the
//! echoes that came back one after another on one socket sorted: UDP
//! promises no order (RFC 768), so a server answering each datagram from
//! its own process (`socat … fork`) may send two echoes in either order,
//! and the boundaries check accepts both.

use std::cell::RefCell;
use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use super::common::case_info;
use super::common::datagram::{datagram_view, unordered_echoes};
use super::common::reproduce::workbook_server_lines;
use super::common::server::{Server, after_ready};
use crate::client::read_limit;
use crate::{Case, CaseInfo, Check, Evidence, Grade, Role, Session};
use harness::failure::{Proto, bytes_mismatch, escape, io_summary};
use harness::proc::free_udp_port;
use harness::transcript::{Event, Recorder, Side, Transcript};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct UdpEchoServer;

/// The port shown in the reproduce lines (the real one varies per run).
const SHOWN_PORT: u16 = 7007;
/// What the reproduce lines say to do with the server.
const WHAT: &str = "type a line: it should come back";
/// How long the harness waits for an echo before sending the datagram
/// again (then twice as long, and so on, within the wait for one echo):
/// UDP promises no delivery (RFC 768), and a server that answers each
/// datagram from a process of its own (`socat … fork`) can lose one to a
/// race between its processes.
const RESEND_AFTER: Duration = Duration::from_millis(500);
/// Receive buffer: any UDP payload over IPv4, plus one byte.
const BUF: usize = 65_508;

/// A recorded client socket, connected to the server.
struct Client {
    name: String,
    conn: u32,
    /// Longest wait for one echo ([`read_limit`]: a third of the case's
    /// time, at least 10 s), never past the deadline: a server that forks
    /// per datagram can be slow on a busy machine.
    wait: Duration,
    until: Instant,
    socket: UdpSocket,
    recorder: Recorder,
    /// What the harness sent again: a second echo of one is dropped.
    resent: RefCell<Vec<Vec<u8>>>,
}

impl Client {
    /// Client `n`, waiting `wait` for each echo and never past `until`.
    fn open(
        addr: SocketAddr,
        recorder: &Recorder,
        n: u32,
        (wait, until): (Duration, Instant),
    ) -> io::Result<Client> {
        let socket = UdpSocket::bind("127.0.0.1:0")?;
        socket.connect(addr)?;
        let name = format!("client-{n}");
        let conn = recorder.open(name.clone());
        Ok(Client {
            name,
            conn,
            wait,
            until,
            socket,
            recorder: recorder.clone(),
            resent: RefCell::default(),
        })
    }

    /// Why no echo came: a timeout names the wait that ran out (the
    /// generic timeout hint speaks of line endings, which UDP has none of).
    fn no_echo(&self, e: &io::Error) -> String {
        if !is_timeout(e) {
            return format!("{}\nhint: {NO_ECHO_HINT}", io_summary(e));
        }
        let limit = if Instant::now() >= self.until {
            "the case's time limit ran out (`--time-limit` gives longer)".to_string()
        } else {
            format!(
                "nothing came for {} s, the wait for one echo (a third of the case's time \
                 limit, at least 10 s), though the harness sent the datagram again",
                self.wait.as_secs()
            )
        };
        format!("no datagram came back: {limit}\nhint: {NO_ECHO_HINT}")
    }

    fn send(&self, bytes: &[u8]) -> io::Result<()> {
        self.socket.send(bytes)?;
        self.recorder.record(Event::Data {
            conn: self.conn,
            from: Side::Client,
            bytes: bytes.to_vec(),
        });
        Ok(())
    }

    /// Waits for as many datagrams as `sent` holds (any datagrams: a check
    /// compares them), sending again those not echoed yet after
    /// [`RESEND_AFTER`] (doubling each time), all within the wait for one
    /// echo. Resends are notes in the transcript, not datagrams, so the
    /// comparison with the reference sees the conversation as meant.
    fn echoes(&self, sent: &[&[u8]]) -> io::Result<Vec<Vec<u8>>> {
        let deadline = self.until.min(Instant::now() + self.wait);
        let mut resend_after = RESEND_AFTER;
        let mut resend_at = Instant::now() + resend_after;
        let mut got: Vec<Vec<u8>> = Vec::new();
        while got.len() < sent.len() {
            match self.recv_by(deadline.min(resend_at)) {
                Ok(d) if self.duplicate(&d, sent, &got) => {
                    let text = format!("a second echo of a datagram sent again: {}", escape(&d));
                    self.recorder.note(Some(self.conn), text);
                }
                Ok(d) => {
                    self.recorder.record(Event::Data {
                        conn: self.conn,
                        from: Side::Server,
                        bytes: d.clone(),
                    });
                    got.push(d);
                }
                Err(e) if is_timeout(&e) && Instant::now() < deadline => {
                    for d in sent.iter().filter(|d| !got.iter().any(|g| g == *d)) {
                        self.socket.send(d)?;
                        self.resent.borrow_mut().push(d.to_vec());
                        let text = format!(
                            "no echo after {} ms: sent again (UDP may lose datagrams)",
                            resend_after.as_millis()
                        );
                        self.recorder.note(Some(self.conn), text);
                    }
                    resend_after *= 2;
                    resend_at = Instant::now() + resend_after;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(got)
    }

    /// Whether `d` is the second echo of a datagram the harness sent again.
    fn duplicate(&self, d: &[u8], sent: &[&[u8]], got: &[Vec<u8>]) -> bool {
        let resent = self.resent.borrow().iter().any(|r| r == d);
        resent && (got.iter().any(|g| g == d) || !sent.contains(&d))
    }

    /// One datagram, waiting no later than `until`.
    fn recv_by(&self, until: Instant) -> io::Result<Vec<u8>> {
        let mut buf = vec![0u8; BUF];
        let left = until.saturating_duration_since(Instant::now());
        self.socket
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))?;
        let n = self.socket.recv(&mut buf)?;
        buf.truncate(n);
        Ok(buf)
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// The datagrams of the script: `(client index, bytes)`.
fn script() -> Vec<(usize, Vec<u8>)> {
    let big: Vec<u8> = (0..1200u32).map(|i| b'a' + (i % 26) as u8).collect();
    vec![
        (0, b"one: first datagram".to_vec()),
        (1, b"two: hello".to_vec()),
        (0, big),
        (1, b"bin:\x00\r\n\xff\xfe end".to_vec()),
    ]
}

/// Sends one datagram and checks its echo.
fn check_one(client: &Client, data: &[u8]) -> Check {
    let name = format!("echoes a {}-byte datagram to {}", data.len(), client.name);
    if let Err(e) = client.send(data) {
        return Check::must(name, false, io_summary(&e));
    }
    match client.echoes(&[data]).map(|mut e| e.remove(0)) {
        Ok(echo) if echo == data => Check::ok(name),
        Ok(echo) => Check::must(name, false, bytes_mismatch(data, &echo)),
        Err(e) => Check::must(name, false, client.no_echo(&e)),
    }
}

const NO_ECHO_HINT: &str = "no datagram came back; reply with send_to(data, sender) using the \
                            address recv_from returned";

/// Two datagrams back to back must come back as two datagrams.
fn check_boundaries(client: &Client) -> Check {
    let name = format!(
        "keeps datagram boundaries ({} sends two at once)",
        client.name
    );
    let (a, b) = (b"first of two".as_slice(), b"second of two".as_slice());
    if let Err(e) = client.send(a).and_then(|()| client.send(b)) {
        return Check::must(name, false, io_summary(&e));
    }
    let got = match client.echoes(&[a, b]) {
        Ok(g) => g,
        Err(e) => return Check::must(name, false, client.no_echo(&e)),
    };
    let same = (got[0] == a && got[1] == b) || (got[0] == b && got[1] == a);
    let detail = format!(
        "expected the datagrams \"{}\" and \"{}\", got \"{}\" and \"{}\"\nhint: send each datagram back as it came; do not join or split them",
        escape(a),
        escape(b),
        escape(&got[0]),
        escape(&got[1])
    );
    Check::must(name, same, detail)
}

/// The whole conversation; stops at the first FAILED check.
fn converse(addr: SocketAddr, recorder: &Recorder, until: Instant) -> Vec<Check> {
    let wait = read_limit(until.saturating_duration_since(Instant::now()));
    let open = |n| Client::open(addr, recorder, n, (wait, until));
    let clients: io::Result<Vec<Client>> = (1..=2).map(open).collect();
    let clients = match clients {
        Ok(c) => c,
        Err(e) => {
            return vec![Check::must(
                "the harness opens its client sockets",
                false,
                io_summary(&e),
            )];
        }
    };
    let mut checks = Vec::new();
    for (i, data) in script() {
        checks.push(check_one(&clients[i], &data));
        if checks.last().is_some_and(|c| c.grade == Grade::Failed) {
            return checks;
        }
    }
    checks.push(check_boundaries(&clients[0]));
    checks
}

impl Case for UdpEchoServer {
    fn info(&self) -> CaseInfo {
        case_info(
            "udp-echo-server",
            "your program binds UDP {port} and sends every datagram back to its sender, unchanged",
            Role::Server,
            &["2 UDP clients sending datagrams"],
            60,
            "cargo run -q -p chapter-03 --bin udp_server -- --echo --port {port}",
        )
        .must("sends every datagram back to its sender unchanged, as one datagram (text, 1200 bytes, binary)", "RFC 862 §3 (UDP echo)")
        .must("keeps message boundaries: two datagrams come back as two", "RFC 768")
        .must("serves two senders with one socket and keeps running", "the case")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let program = &session.program;
        let port = free_udp_port()?;
        let mut server =
            Server::start_at(port, program, "udp-echo-server", &[], session.time_limit)?;
        let ready = server.running.wait_answering(server.addr, server.until);
        let mut checks = after_ready(ready, "answers datagrams on {port}", || {
            converse(server.addr, &server.recorder, server.until)
        });
        server.keeps_running(
            &mut checks,
            "keeps running between datagrams",
            "it exited during the conversation",
        );
        let reproduce = workbook_server_lines(session, SHOWN_PORT, Proto::Udp, WHAT);
        Ok(server.evidence(checks, reproduce))
    }

    fn normalise(&self, transcript: &Transcript) -> String {
        unordered_echoes(&datagram_view(transcript))
    }
}
