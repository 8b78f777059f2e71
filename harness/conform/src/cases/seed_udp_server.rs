//! `udp-fixed-server`: the program is 000's UDP server. It binds `{port}`
//! on 127.0.0.1 and answers every datagram, from any sender, with the
//! datagram `Hello from UDP server!` sent back to that sender; it keeps
//! running.
//!
//! Readiness is a probe, as in `udp-echo-server` (a datagram sent until
//! something answers). Then two clients, each its own socket, send the
//! seed client's datagram and a 1000-byte one. UDP promises no delivery
//! (RFC 768), so a datagram whose answer is late is sent again (after
//! 0.5 s, doubling), within the wait for one answer; the resends are notes
//! in the transcript, so the comparison sees the conversation as meant.
//!
//! # Layout
//! - `Client`: one recorded socket and its ask-and-wait;
//! - `converse`: the script; `UdpFixedServer`: the case.

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use super::common::case_info;
use super::common::reproduce::workbook_server_lines;
use super::common::server::{Server, after_ready};
use crate::client::read_limit;
use crate::{Case, CaseInfo, Check, Evidence, Grade, Role, Session};
use harness::failure::{Proto, bytes_mismatch, io_summary};
use harness::proc::free_udp_port;
use harness::transcript::{Event, Recorder, Side};

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct UdpFixedServer;

/// Where the seed listens (shown in reproduce lines).
const SHOWN_PORT: u16 = 12345;
/// The seed server's answer.
const ANSWER: &[u8] = b"Hello from UDP server!";
/// First wait before a datagram is sent again.
const RESEND_AFTER: Duration = Duration::from_millis(500);
/// Receive buffer: any IPv4 UDP payload, plus one byte.
const BUF: usize = 65_508;

/// One recorded client socket, connected to the server.
struct Client {
    name: String,
    conn: u32,
    socket: UdpSocket,
    recorder: Recorder,
}

impl Client {
    fn open(addr: SocketAddr, recorder: &Recorder, n: usize) -> io::Result<Client> {
        let socket = UdpSocket::bind("127.0.0.1:0")?;
        socket.connect(addr)?;
        let name = format!("client-{n}");
        let conn = recorder.open(name.clone());
        Ok(Client {
            name,
            conn,
            socket,
            recorder: recorder.clone(),
        })
    }

    fn record(&self, from: Side, bytes: &[u8]) {
        let conn = self.conn;
        self.recorder.record(Event::Data {
            conn,
            from,
            bytes: bytes.to_vec(),
        });
    }

    /// Sends `data` and waits by `until` for one datagram back, sending
    /// again when it is late.
    fn ask(&self, data: &[u8], until: Instant) -> io::Result<Vec<u8>> {
        self.socket.send(data)?;
        self.record(Side::Client, data);
        let mut resend_after = RESEND_AFTER;
        let mut buf = vec![0u8; BUF];
        loop {
            let now = Instant::now();
            let wait = resend_after.min(until.saturating_duration_since(now));
            self.socket
                .set_read_timeout(Some(wait.max(Duration::from_millis(1))))?;
            match self.socket.recv(&mut buf) {
                Ok(n) => {
                    self.record(Side::Server, &buf[..n]);
                    return Ok(buf[..n].to_vec());
                }
                Err(e) if is_timeout(&e) && Instant::now() < until => {
                    self.socket.send(data)?;
                    let text = format!(
                        "no answer after {} ms: sent again",
                        resend_after.as_millis()
                    );
                    self.recorder.note(Some(self.conn), text);
                    resend_after *= 2;
                }
                Err(e) => return Err(e),
            }
        }
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Two clients, two datagrams each; stops at the first failure.
fn converse(addr: SocketAddr, recorder: &Recorder, until: Instant) -> Vec<Check> {
    let wait = read_limit(until.saturating_duration_since(Instant::now()));
    let clients: io::Result<Vec<Client>> =
        (1..=2).map(|n| Client::open(addr, recorder, n)).collect();
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
    let big = vec![b'x'; 1000];
    let script: [(usize, &[u8]); 3] = [
        (0, b"Hello from UDP client!"),
        (1, b"another sender"),
        (0, &big),
    ];
    let mut checks = Vec::new();
    for (i, data) in script {
        let client = &clients[i];
        let name = format!(
            "answers a {}-byte datagram from {} with \"Hello from UDP server!\"",
            data.len(),
            client.name
        );
        let check = match client.ask(data, until.min(Instant::now() + wait)) {
            Ok(answer) => Check::must(name, answer == ANSWER, bytes_mismatch(ANSWER, &answer)),
            Err(e) => Check::must(
                name,
                false,
                format!(
                    "{}\nhint: answer with send_to(…, sender), the address recv_from returned",
                    io_summary(&e)
                ),
            ),
        };
        let failed = check.grade == Grade::Failed;
        checks.push(check);
        if failed {
            break;
        }
    }
    checks
}

impl Case for UdpFixedServer {
    fn info(&self) -> CaseInfo {
        case_info(
            "udp-fixed-server",
            "your program (000's UDP server) binds UDP {port} and answers every datagram with the datagram \"Hello from UDP server!\", sent to its sender",
            Role::Server,
            &["2 UDP clients"],
            60,
            "cargo run -q -p chapter-03 --bin udp_server -- --port {port}",
        )
        .seed("000 server (UDP, fixed reply)")
        .must("answers every datagram with exactly the datagram `Hello from UDP server!` (no line ending)", "000 UDP server")
        .must("sends the answer to the sender's address (two senders, one socket)", "000 UDP server; RFC 768")
        .must("keeps running between datagrams", "the seed's endless loop")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let port = free_udp_port()?;
        let mut server = Server::start_at(
            port,
            &session.program,
            "udp-fixed-server",
            &[],
            session.time_limit,
        )?;
        let ready = server.running.wait_answering(server.addr, server.until);
        let mut checks = after_ready(ready, "answers datagrams on {port}", || {
            converse(server.addr, &server.recorder, server.until)
        });
        server.keeps_running(&mut checks, "keeps running between datagrams", "it exited");
        let what = "type a line: the answer is Hello from UDP server!";
        let reproduce = workbook_server_lines(session, SHOWN_PORT, Proto::Udp, what);
        Ok(server.evidence(checks, reproduce))
    }
}
