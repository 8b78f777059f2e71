//! One swarm client: its script, its non-blocking socket, and its checks.

use std::io::{self, Read, Write};
use std::net::TcpStream;

use super::Behaviour;
use crate::transcript::{Event, Recorder, Side};

/// One step of a client's script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Send(Vec<u8>),
    Close,
    Reset,
}

/// A client during a run.
#[derive(Debug)]
pub(crate) struct Client {
    pub name: String,
    pub behaviour: Behaviour,
    pub steps: Vec<Step>,
    pub stream: Option<TcpStream>,
    pub conn: u32,
    pub sent: Vec<u8>,
    pub got: Vec<u8>,
    pub outcome: Option<Result<(), String>>,
    recorder: Option<Recorder>,
}

impl Client {
    /// Client `i` (0-based) and its script.
    pub fn new(
        i: usize,
        behaviour: Behaviour,
        silent_bytes: usize,
        recorder: Option<Recorder>,
    ) -> Self {
        let name = format!("client-{}", i + 1);
        let line = format!("{name} says hello to the server\r\n").into_bytes();
        let half = line.len() / 2;
        let steps = match behaviour {
            Behaviour::Echo => vec![
                Step::Send(line[..half].to_vec()),
                Step::Send(line[half..].to_vec()),
            ],
            Behaviour::Slow => line.iter().map(|&b| Step::Send(vec![b])).collect(),
            Behaviour::Vanish { reset } => vec![
                Step::Send(line[..half].to_vec()),
                if reset { Step::Reset } else { Step::Close },
            ],
            Behaviour::NeverRead => vec![Step::Send(
                line.iter()
                    .copied()
                    .cycle()
                    .take(silent_bytes.max(line.len()))
                    .collect(),
            )],
        };
        let conn = recorder.as_ref().map_or(0, |r| r.open(name.clone()));
        Client {
            name,
            behaviour,
            steps,
            stream: None,
            conn,
            sent: Vec::new(),
            got: Vec::new(),
            outcome: None,
            recorder,
        }
    }

    /// Whether this client reads and checks an echo.
    pub fn reads(&self) -> bool {
        matches!(self.behaviour, Behaviour::Echo | Behaviour::Slow)
    }

    /// The echo it should have received by now: every complete line sent.
    pub fn expected_len(&self) -> usize {
        self.sent
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    }

    /// Still waiting for echo bytes.
    pub fn waiting(&self) -> bool {
        self.outcome.is_none() && self.reads() && self.got.len() < self.expected_len()
    }

    /// The socket, while connected (what `poll` waits on).
    pub fn socket(&self) -> Option<&TcpStream> {
        self.stream.as_ref()
    }

    pub fn fail(&mut self, why: String) {
        if self.outcome.is_none() {
            self.outcome = Some(Err(why));
        }
    }

    pub fn recorder(&self) -> Option<&Recorder> {
        self.recorder.as_ref()
    }

    fn record(&self, e: Event) {
        if let Some(r) = &self.recorder {
            r.record(e);
        }
    }

    /// Performs step `k` if the script has one (and the client is alive).
    pub fn step(&mut self, k: usize) {
        let Some(step) = self.steps.get(k).cloned() else {
            return;
        };
        if self.outcome.is_some() {
            return;
        }
        let conn = self.conn;
        match step {
            Step::Send(bytes) => self.send(&bytes),
            Step::Close => {
                self.stream = None;
                self.record(Event::Close {
                    conn,
                    from: Side::Client,
                });
                self.outcome = Some(Ok(()));
            }
            Step::Reset => {
                if let Some(s) = self.stream.take() {
                    // Linger 0 turns the close into an RST; if it fails we still close.
                    let _ = socket2::SockRef::from(&s).set_linger(Some(std::time::Duration::ZERO));
                }
                self.record(Event::Reset {
                    conn,
                    from: Side::Client,
                });
                self.outcome = Some(Ok(()));
            }
        }
    }

    /// Writes what the socket takes now; small pieces always fit, and a
    /// never-reading client's payload is allowed to be cut short.
    fn send(&mut self, bytes: &[u8]) {
        let reads = self.reads();
        let Some(stream) = self.stream.as_mut() else {
            return;
        };
        let mut off = 0;
        while off < bytes.len() {
            match stream.write(&bytes[off..]) {
                Ok(n) => off += n,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && !reads => break,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    return self.fail(format!(
                        "send buffer full after {off} of {} bytes",
                        bytes.len()
                    ));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return self.fail(format!("write failed: {e}")),
            }
        }
        self.sent.extend_from_slice(&bytes[..off]);
        let conn = self.conn;
        self.record(Event::Data {
            conn,
            from: Side::Client,
            bytes: bytes[..off].to_vec(),
        });
    }

    /// Reads what is available and checks it against what was sent.
    pub fn on_readable(&mut self) {
        let mut buf = [0u8; 4096];
        // Bounded: at most 64 reads per readiness event.
        for _ in 0..64 {
            let Some(stream) = self.stream.as_mut() else {
                return;
            };
            match stream.read(&mut buf) {
                Ok(0) => {
                    let (got, want) = (self.got.len(), self.expected_len());
                    self.record(Event::HalfClose {
                        conn: self.conn,
                        from: Side::Server,
                    });
                    return self.fail(format!("server closed after {got} of {want} echoed bytes"));
                }
                Ok(n) => {
                    self.record(Event::Data {
                        conn: self.conn,
                        from: Side::Server,
                        bytes: buf[..n].to_vec(),
                    });
                    self.got.extend_from_slice(&buf[..n]);
                    if !self.sent.starts_with(&self.got) {
                        return self.fail(format!(
                            "wrong echo: sent {:?}, got {:?}",
                            String::from_utf8_lossy(&self.sent),
                            String::from_utf8_lossy(&self.got)
                        ));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    if e.kind() == io::ErrorKind::ConnectionReset {
                        self.record(Event::Reset {
                            conn: self.conn,
                            from: Side::Server,
                        });
                    }
                    return self.fail(format!("read failed: {e}"));
                }
            }
        }
    }
}
