//! A visit to the server under test as a real HTTP/1.1 client makes it
//! ([`Visit`]): requests one after another on one connection while the
//! server keeps it open, a new connection after a response that announced
//! the close (RFC 9112 §9.6: the client MUST NOT send more on it), and what
//! the server did about persistence, for the http-server case to grade.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::http::{Failure, Response};
use super::http_conn::Conn;

/// A request that got no (whole) response: which, and why.
#[derive(Debug)]
pub(crate) struct Unanswered {
    /// The request, as the report names it (`GET /`).
    pub(crate) label: String,
    /// Why.
    pub(crate) failure: Failure,
}

impl std::fmt::Display for Unanswered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.label, self.failure)
    }
}

/// The client side of the http-server case, over as many connections as
/// the server's closes require.
pub(crate) struct Visit {
    addr: SocketAddr,
    until: Instant,
    wait: Duration,
    conn: Option<Conn>,
    /// The last response on `conn` announced the close: no more requests.
    done: bool,
    /// The request the last response on `conn` answered.
    last: String,
    /// The first close the server announced, and after which request.
    pub(crate) announced: Option<String>,
    /// Whether a request was answered on a connection an earlier response
    /// had left open: the server offers persistence.
    pub(crate) persistent: bool,
    /// The first close the server made without announcing it: the request
    /// after which it closed an open connection, and what happened.
    pub(crate) silent_close: Option<String>,
}

impl Visit {
    /// A visit to `addr`, every read done by `until`, each response waited
    /// for at most `wait`.
    pub(crate) fn new(addr: SocketAddr, until: Instant, wait: Duration) -> Visit {
        Visit {
            addr,
            until,
            wait,
            conn: None,
            done: false,
            last: String::new(),
            announced: None,
            persistent: false,
            silent_close: None,
        }
    }

    /// Whether the server has kept a connection open after a response (so
    /// it offers persistence, and pipelining is fair to grade).
    pub(crate) fn offers_persistence(&self) -> bool {
        self.persistent
    }

    /// The connection to send on: the open one, or a new one.
    fn conn(&mut self) -> Result<&mut Conn, Failure> {
        if self.done || self.conn.is_none() {
            self.conn = Some(Conn::connect(self.addr, self.until, self.wait)?);
            self.done = false;
        }
        Ok(self.conn.as_mut().expect("connected above"))
    }

    /// Sends `request` (one or several requests at once) and reads one
    /// response; `label` names it in the report.
    pub(crate) fn send(
        &mut self,
        request: &[u8],
        head: bool,
        label: &str,
    ) -> Result<Response, Unanswered> {
        let reused = self.conn.is_some() && !self.done;
        let result = self.conn().and_then(|c| {
            c.send(request)?;
            c.read_response(head)
        });
        match result {
            // Closing an idle connection is allowed (RFC 9112 §9.5), and a
            // client may then retry a GET or HEAD (§9.3.1); if the retry
            // is answered, the close was about persistence, and a server
            // that closes after each response must say so (§9.6).
            Err(Failure::ClosedBeforeAnswer) if reused => {
                self.conn = None;
                let before = std::mem::take(&mut self.last);
                let retried = self.send(request, head, label);
                if retried.is_ok() {
                    let why = format!(
                        "after answering {before} it closed the connection without announcing it: \
                         the next request ({label}) got nothing back, and was answered only \
                         on a new connection"
                    );
                    self.silent_close.get_or_insert(why);
                }
                retried
            }
            Err(e) => {
                self.conn = None;
                Err(Unanswered {
                    label: label.to_string(),
                    failure: e,
                })
            }
            Ok(r) => {
                // Answered on a connection an earlier response left open.
                self.persistent |= reused;
                Ok(self.answered(r, label))
            }
        }
    }

    /// Reads one more response on the open connection (the second of two
    /// pipelined requests).
    pub(crate) fn read_next(&mut self, label: &str) -> Result<Response, Failure> {
        let conn = self.conn.as_mut().ok_or(Failure::ClosedBeforeAnswer)?;
        match conn.read_response(false) {
            Ok(r) => Ok(self.answered(r, label)),
            Err(e) => {
                self.conn = None;
                Err(e)
            }
        }
    }

    /// Notes what a response says about its connection.
    fn answered(&mut self, r: Response, label: &str) -> Response {
        self.last = label.to_string();
        if let Some(why) = r.announced_close() {
            self.done = true;
            self.announced
                .get_or_insert_with(|| format!("{why} answering {label}"));
        }
        r
    }

    /// Whether the last response announced the close (the connection ends).
    pub(crate) fn closing(&self) -> bool {
        self.done
    }

    /// Waits for the server to close the connection the last response
    /// came on (see [`Conn::wait_close`]).
    pub(crate) fn wait_close(&mut self) -> Result<(), String> {
        match self.conn.take() {
            Some(mut conn) => conn.wait_close(),
            None => Err("the harness has no connection left to watch".into()),
        }
    }
}
