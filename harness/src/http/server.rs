//! The `http` peer's driver: an HTTP/1.1 server on loopback whose answers
//! come from a router, [`route`] by default. It reads one request per
//! connection (head and Content-Length body, both capped), asks the router,
//! and writes the [`Response`]; every write goes through the fault plan,
//! and the transcript records both sides.
//!
//! A request whose framing is refused ([`super::route::framing`]) is
//! answered with that status and closed, unrouted. A large body
//! (`/bytes/N`) goes out in pieces of [`PIECE`] bytes, made as they are sent.
//!
//! # Layout
//! [`start`], [`start_routed`] (the same with another router, e.g. the
//! room's `/whoami`), [`serve`], [`Incoming`], [`read_request`], [`send`].
//! The route constants are re-exported from `route` under their old paths.

use std::io;
use std::net::SocketAddr;

use super::route::{MAX_BODY, Response, alphabet, framing, route};
use crate::fault::FaultPlan;
use crate::peer::{Conn, Line, PeerConfig, PeerHandle, spawn_tcp_with};

pub use super::route::{CHUNKED, CHUNKED_BODY, ROUTES};

/// Longest request line or header line accepted.
const MAX_LINE: usize = 8192;
/// The pieces a large body is made and sent in.
pub const PIECE: usize = 64 * 1024;
/// Most header lines read before the blank line.
const MAX_HEAD_LINES: usize = 200;
/// The status for a head too large to read (RFC 6585 §5).
const TOO_LARGE: &str = "431 Request Header Fields Too Large";
/// The most a refused client may still send that is read and dropped so
/// the refusal reaches it (see `Conn::linger_close`).
const MAX_DISCARD: usize = 64 << 20;

/// Starts the peer with the fixed routes on `bind`.
pub fn start(bind: SocketAddr, plan: FaultPlan, config: PeerConfig) -> io::Result<PeerHandle> {
    spawn_tcp_with("http", bind, plan, farewells(config), serve)
}

/// What a full peer says (RFC 9110 §15.6.4: 503, with a `Retry-After`).
/// An idle client is closed without a word: an unasked-for `408` on a
/// connection kept alive can be read as the answer to the client's next
/// request (RFC 9112 §9.5 asks for a graceful close instead).
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\
Content-Length: 0\r\nConnection: close\r\n\r\n";

fn farewells(config: PeerConfig) -> PeerConfig {
    PeerConfig {
        busy_reply: BUSY.to_vec(),
        ..config
    }
}

/// Starts the peer on `bind` answering with `router` (given the request's
/// head and body), for a caller that adds routes and hands the rest to
/// [`route`].
pub fn start_routed<R>(
    bind: SocketAddr,
    plan: FaultPlan,
    config: PeerConfig,
    router: R,
) -> io::Result<PeerHandle>
where
    R: Fn(&str, &[u8]) -> Response + Send + Sync + 'static,
{
    spawn_tcp_with("http", bind, plan, farewells(config), move |conn| {
        serve_with(conn, &router)
    })
}

/// Serves one request on `conn` with the fixed routes.
pub fn serve(conn: Conn) -> io::Result<()> {
    serve_with(conn, &route)
}

fn serve_with(mut conn: Conn, router: &impl Fn(&str, &[u8]) -> Response) -> io::Result<()> {
    match read_request(&mut conn)? {
        Incoming::Request(head, body) => send(&mut conn, &router(&head, &body)),
        Incoming::Refused(status, why) => {
            conn.note(format!("refused: {why}"));
            let text = format!("{why}\n");
            let headers = [("Content-Type", "text/plain"), ("Connection", "close")];
            let page = Response::page(status, &headers, text.as_bytes());
            send(&mut conn, &page)?;
            conn.linger_close(MAX_DISCARD)
        }
        Incoming::Gone => Ok(()),
    }
}

/// What [`read_request`] got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    /// A request: its head (request line and fields) and body.
    Request(String, Vec<u8>),
    /// A head whose framing is refused: the status to answer, and why.
    Refused(&'static str, &'static str),
    /// The client closed first.
    Gone,
}

/// Reads a head (up to the blank line) and a Content-Length body.
pub fn read_request(conn: &mut Conn) -> io::Result<Incoming> {
    let mut head = String::new();
    for _ in 0..MAX_HEAD_LINES {
        // A line longer than MAX_LINE is refused whether it is still coming
        // (`TooLong`) or arrived whole in one read.
        let line = match conn.read_line(MAX_LINE)? {
            Line::Complete(line) if line.len() <= MAX_LINE => {
                String::from_utf8_lossy(&line).into_owned()
            }
            // RFC 9112 §3: a request line longer than a server reads is 414;
            // RFC 6585 §5: header fields too large are 431.
            Line::Complete(_) | Line::TooLong if head.is_empty() => {
                return Ok(Incoming::Refused(
                    "414 URI Too Long",
                    "the request line is longer than 8192 bytes",
                ));
            }
            Line::Complete(_) | Line::TooLong => {
                return Ok(Incoming::Refused(
                    TOO_LARGE,
                    "a header line is longer than 8192 bytes",
                ));
            }
            Line::Eof(_) => return Ok(Incoming::Gone),
        };
        if line.trim_end().is_empty() {
            let length = match framing(&head) {
                Ok(n) => n,
                Err((status, why)) => return Ok(Incoming::Refused(status, why)),
            };
            debug_assert!(length <= MAX_BODY);
            let mut body = vec![0u8; length];
            conn.read_exact(&mut body)?;
            return Ok(Incoming::Request(head, body));
        }
        head.push_str(&line);
    }
    Ok(Incoming::Refused(TOO_LARGE, "more than 200 header lines"))
}

/// Writes `response` to `conn`: a page or raw bytes as one reply, a large
/// body piece by piece, a trickle one write at a time.
pub fn send(conn: &mut Conn, response: &Response) -> io::Result<()> {
    match response {
        Response::Page { .. } | Response::Raw(_) => conn.reply(&response.to_bytes()),
        Response::Bytes { len } => {
            conn.reply(&Response::bytes_head(*len))?;
            // Bounded: each pass sends one piece of at most PIECE bytes.
            for from in (0..*len).step_by(PIECE) {
                conn.send(&alphabet(from, PIECE.min(len - from)))?;
            }
            Ok(())
        }
        Response::Trickle { head, body, pause } => {
            conn.send(head)?;
            for b in body {
                std::thread::sleep(*pause);
                conn.send(&[*b])?;
            }
            Ok(())
        }
    }
}
