//! 000's two clients with a fixed message: `tcp-fixed-client` (connect,
//! send `Hello from client!` as a line, print the server's answer line)
//! and `udp-fixed-client` (send the datagram `Hello from UDP client!`,
//! print the answer datagram). The harness plays the seed's servers: a TCP
//! peer that answers one line with `Hello from server!` and closes, and a
//! UDP socket that answers every datagram with `Hello from UDP server!`.
//!
//! The seed's clients print `Server response: <answer>`; what is graded is
//! a printed line ending in the answer, so a port that words the prefix
//! differently still passes.
//!
//! # Layout
//! - `FixedClient`: the case, with a `Transport`;
//! - `tcp_peer` and `UdpPeer`: the harness's servers;
//! - `grade`: the checks, the same for both transports.

use std::net::{SocketAddr, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::common::client::{SETTLE, all_ended, with_closest};
use super::common::reproduce::shown_command;
use super::common::{case_info, exit_check, exit_status};
use crate::{Case, CaseInfo, Check, Endpoint, Evidence, Grade, ProgramRun, Role, Running, Session};
use harness::failure::escape;
use harness::fault::FaultPlan;
use harness::peer::{Line, PeerConfig, PeerHandle, listen, spawn_on};
use harness::transcript::{Event, Recorder, Side, Transcript};

/// TCP or UDP: which of the two seed clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// 000's TCP client.
    Tcp,
    /// 000's UDP client.
    Udp,
}

/// The case.
#[derive(Debug, Clone, Copy)]
pub struct FixedClient(pub Transport);

/// Where the seed's programs meet (shown in reproduce lines).
const SHOWN_PORT: u16 = 12345;
/// Longest line the TCP peer reads (the seed's line is 19 bytes).
const MAX_LINE: usize = 1000;
/// Largest datagram the UDP peer reads (any IPv4 UDP payload).
const MAX_DATAGRAM: usize = 65_507;

/// What the client sends and what the server answers, by transport.
fn words(t: Transport) -> (&'static str, &'static str) {
    match t {
        Transport::Tcp => ("Hello from client!", "Hello from server!"),
        Transport::Udp => ("Hello from UDP client!", "Hello from UDP server!"),
    }
}

/// The seed's TCP server: one line in, the answer out, then the close.
fn tcp_peer() -> anyhow::Result<PeerHandle> {
    let listener = listen(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let answer = format!("{}\n", words(Transport::Tcp).1);
    let peer = spawn_on(
        "fixed",
        listener,
        FaultPlan::none(),
        PeerConfig::default(),
        move |mut conn| {
            if let Line::Complete(_) = conn.read_line(MAX_LINE)? {
                conn.reply(answer.as_bytes())?;
            }
            Ok(())
        },
    )?;
    Ok(peer)
}

/// The seed's UDP server on a thread: every datagram answered, each
/// recorded as one event; stops when dropped (polled every 50 ms).
struct UdpPeer {
    addr: SocketAddr,
    recorder: Recorder,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl UdpPeer {
    fn start(until: Instant) -> anyhow::Result<UdpPeer> {
        let socket = UdpSocket::bind("127.0.0.1:0")?;
        socket.set_read_timeout(Some(Duration::from_millis(50)))?;
        let addr = socket.local_addr()?;
        let recorder = Recorder::new(vec![("peer".into(), "fixed-udp".into())]);
        let conn = recorder.open("datagrams");
        let stop = Arc::new(AtomicBool::new(false));
        let (rec, flag) = (recorder.clone(), stop.clone());
        let answer = words(Transport::Udp).1.as_bytes();
        let thread = std::thread::spawn(move || {
            let mut buf = vec![0u8; MAX_DATAGRAM + 1];
            // Bounded by the flag and by the run's deadline.
            while !flag.load(Ordering::Relaxed) && Instant::now() < until {
                let Ok((n, from)) = socket.recv_from(&mut buf) else {
                    continue;
                };
                let data = |from, bytes: &[u8]| Event::Data {
                    conn,
                    from,
                    bytes: bytes.to_vec(),
                };
                rec.record(data(Side::Client, &buf[..n]));
                if socket.send_to(answer, from).is_ok() {
                    rec.record(data(Side::Server, answer));
                }
            }
        });
        Ok(UdpPeer {
            addr,
            recorder,
            stop,
            thread: Some(thread),
        })
    }

    fn finish(mut self) -> Transcript {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.recorder.snapshot()
    }
}

/// The checks: what the program sent, what it printed, how it ended.
fn grade(t: Transport, transcript: &Transcript, run: &ProgramRun) -> Vec<Check> {
    let (line, answer) = words(t);
    let sent = transcript.bytes(1, Side::Client);
    let name = format!("sends \"{line}\"");
    if sent.is_empty() {
        let detail = format!("nothing reached the server ({})", run.describe_exit());
        return vec![Check::must(name, false, detail), exit_check(run)];
    }
    let text = sent.strip_suffix(b"\n").unwrap_or(&sent);
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    let ok = match t {
        // A TCP line must end (the server reads a line); a datagram is
        // whole by itself: exactly the seed's bytes.
        Transport::Tcp => text == line.as_bytes() && sent.ends_with(b"\n"),
        Transport::Udp => sent == line.as_bytes(),
    };
    let detail = format!("it sent \"{}\"", escape(&sent));
    let stdout = String::from_utf8_lossy(&run.stdout).to_string();
    let printed = stdout.lines().any(|l| l.trim_end().ends_with(answer));
    let want = format!("Server response: {answer}");
    let detail_out = with_closest(
        format!("expected a line ending in \"{answer}\" (the seed prints \"{want}\")"),
        &stdout,
        &[&want],
    );
    vec![
        Check::must(name, ok, detail),
        Check::must("prints the server's answer", printed, detail_out),
        exit_check(run),
    ]
}

impl Case for FixedClient {
    fn info(&self) -> CaseInfo {
        let (name, seed, ours, what) = match self.0 {
            Transport::Tcp => (
                "tcp-fixed-client",
                "000 client (TCP)",
                "cargo run -q -p chapter-02 --bin tcp_client -- {host} {port}",
                "your program (000's TCP client) connects to {host}:{port}, sends the line \"Hello from client!\", prints the answer line \"Hello from server!\"",
            ),
            Transport::Udp => (
                "udp-fixed-client",
                "000 client (UDP)",
                "cargo run -q -p chapter-03 --bin udp_client -- {host} {port}",
                "your program (000's UDP client) sends the datagram \"Hello from UDP client!\" to {host}:{port} and prints the answer datagram \"Hello from UDP server!\"",
            ),
        };
        let (line, answer) = words(self.0);
        let peer = match self.0 {
            Transport::Tcp => {
                "a TCP server that answers one line with \"Hello from server!\" LF and closes"
            }
            Transport::Udp => {
                "a UDP server that answers every datagram with \"Hello from UDP server!\""
            }
        };
        case_info(name, what, Role::Client, &[peer], 20, ours)
            .seed(seed)
            .must(&format!("sends \"{line}\" (over TCP: as a line, LF or CRLF; over UDP: exactly these bytes)"), seed)
            .must(&format!("prints a line ending in the answer, \"{answer}\" (the seed: `Server response: {answer}`)"), seed)
            .must("exits with status 0", "the case")
    }

    fn run(&self, session: &Session) -> anyhow::Result<Evidence> {
        let until = Instant::now() + session.time_limit + SETTLE;
        let (run, transcript) = match self.0 {
            Transport::Tcp => {
                let peer = tcp_peer()?;
                let addr = peer.addr();
                let run = spawn(session, addr)?;
                peer.recorder().wait_for(SETTLE, all_ended);
                (run, peer.stop())
            }
            Transport::Udp => {
                let peer = UdpPeer::start(until)?;
                let addr = peer.addr;
                let run = spawn(session, addr)?;
                (run, peer.finish())
            }
        };
        let server = match self.0 {
            Transport::Tcp => "cargo run -p chapter-02 --bin tcp_server -- --port 12345",
            Transport::Udp => "cargo run -p chapter-03 --bin udp_server -- --port 12345",
        };
        let reproduce = vec![
            format!("{server}    # in one terminal"),
            format!(
                "{}    # in another",
                shown_command(session, SHOWN_PORT, &[])
            ),
        ];
        let checks = grade(self.0, &transcript, &run);
        // The outcome compared with the reference is whether the answer
        // was printed, not the line's wording (which is free).
        let mut outcome = toml::Table::new();
        let answered = checks.get(1).is_some_and(|c| c.grade == Grade::Ok);
        outcome.insert("prints_answer".into(), answered.into());
        outcome.insert("exit_status".into(), exit_status(&run).into());
        Ok(Evidence {
            checks,
            outcome,
            transcript: Some(transcript),
            run: Some(run),
            reproduce,
            seed: None,
        })
    }
}

/// Runs the program against `addr` and waits for it.
fn spawn(session: &Session, addr: SocketAddr) -> anyhow::Result<ProgramRun> {
    let endpoints = [Endpoint::new("WORKBOOK", addr)];
    Ok(Running::spawn(&session.program, &endpoints, None, session.time_limit)?.wait())
}
