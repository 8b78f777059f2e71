//! The http-server case's client: what a response is ([`Response`]) and
//! what the server said about its connection, why a request got no answer
//! ([`Failure`]), and how long one response is waited for
//! ([`response_wait`]). One connection is [`super::http_conn::Conn`]; the
//! session over several is [`super::http_visit::Visit`], which behaves as a
//! real HTTP/1.1 client must about persistence (RFC 9112 §9).
//!
//! The harness's own test driver (`harness::http::Driver`) sends whatever
//! a test asks on one connection, which is right for torturing our server
//! but unfair to a real one: a server may end every response with a close
//! (`Connection: close`, or HTTP/1.0 without keep-alive, §9.3), and a
//! client MUST NOT send more on that connection (§9.6). `Visit` stops
//! there and opens a new connection for the next request, and remembers
//! that the server announced a close, so the case grades persistence and
//! pipelining only for a server that offered them.
//!
//! Every read waits no later than the case's deadline, and every buffer is
//! capped, so a server that misbehaves fails the run instead of hanging it.

use std::io;
use std::time::Duration;

use harness::failure::io_what;

/// The least a response is waited for; longer when the case's time limit
/// is over three times that, so `--time-limit` can give a slow server more.
pub(crate) const RESPONSE_WAIT_MIN: Duration = Duration::from_secs(10);

/// How long one response is waited for, given the case's time limit: a
/// third of it, at least [`RESPONSE_WAIT_MIN`], so one silent answer leaves
/// time for the groups of requests after it.
pub(crate) fn response_wait(time_limit: Duration) -> Duration {
    (time_limit / 3).max(RESPONSE_WAIT_MIN)
}

/// One response as received.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    /// The status code; 0 when the answer had no status line.
    pub(crate) status: u16,
    /// The status line (or a note that there was none).
    pub(crate) status_line: String,
    /// `HTTP/1.1`, `HTTP/1.0`, or empty without a status line.
    pub(crate) version: String,
    /// Header fields as sent.
    pub(crate) headers: Vec<(String, String)>,
    /// The body (decoded when chunked).
    pub(crate) body: Vec<u8>,
    /// Whether the body ran to the close (no length, not chunked).
    pub(crate) until_close: bool,
}

impl Response {
    /// The first value of header `name`, case-insensitively.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        let mut fields = self.headers.iter();
        let found = fields.find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, v)| v.as_str())
    }

    /// Whether the Connection field lists `option` (RFC 9110 §7.6.1).
    fn connection_has(&self, option: &str) -> bool {
        let fields = self.headers.iter();
        let mut values = fields.filter(|(n, _)| n.eq_ignore_ascii_case("connection"));
        values.any(|(_, v)| v.split(',').any(|o| o.trim().eq_ignore_ascii_case(option)))
    }

    /// Why the connection ends after this response, if the server said so
    /// (RFC 9112 §9.3): the `close` option, HTTP/1.0 (or no status line)
    /// without `keep-alive`, or a body that only the close delimits (§6.3).
    pub(crate) fn announced_close(&self) -> Option<&'static str> {
        if self.connection_has("close") {
            Some("it sent Connection: close")
        } else if self.version != "HTTP/1.1" && !self.connection_has("keep-alive") {
            Some("it answered in HTTP/1.0 without keep-alive")
        } else if self.until_close {
            Some("its body ran to the close")
        } else {
            None
        }
    }
}

/// Why a request got no (whole) response.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The connection could not be made.
    Connect(io::Error),
    /// The request could not be written.
    Send(io::Error),
    /// The server closed (or reset) before sending a single byte.
    ClosedBeforeAnswer,
    /// The server closed after `got` bytes of the response.
    ClosedMidResponse { got: usize },
    /// A limit ran out after `got` bytes: the wait for one response
    /// (`response`, in seconds) or, when it is `None`, the case's deadline.
    Timeout { got: usize, response: Option<u64> },
    /// Another read error after `got` bytes.
    Read { error: io::Error, got: usize },
    /// The bytes break HTTP's framing.
    Malformed(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Connect(e) => write!(f, "could not connect: {}", io_what(e)),
            Failure::Send(e) => write!(f, "could not send the request: {}", io_what(e)),
            Failure::ClosedBeforeAnswer => {
                f.write_str("the server closed the connection before answering (0 bytes came)")
            }
            Failure::ClosedMidResponse { got } => write!(
                f,
                "the server closed the connection mid-response, after {got} bytes of it"
            ),
            Failure::Timeout { got, response } => {
                let limit = match response {
                    Some(secs) => format!(
                        "the wait for one response ({secs} s: a third of the case's time limit, \
                         at least {} s; `--time-limit` changes it) ran out",
                        RESPONSE_WAIT_MIN.as_secs()
                    ),
                    None => "the case's time limit ran out (`--time-limit` gives longer)".into(),
                };
                match got {
                    0 => write!(f, "no answer: {limit}"),
                    got => write!(f, "{limit} after {got} bytes of the response"),
                }
            }
            Failure::Read { error, got } => {
                write!(f, "reading failed after {got} bytes: {}", io_what(error))
            }
            Failure::Malformed(why) => write!(f, "the response is malformed: {why}"),
        }
    }
}
