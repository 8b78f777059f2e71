//! The `http` peer's driver: an HTTP/1.1 server on loopback whose answers
//! come from a router, [`route`] by default. It reads one request per
//! connection (head and Content-Length body, both capped), asks the router,
//! and writes the [`Response`]; every write goes through the fault plan,
//! and the transcript records both sides.
//!
//! # Layout
//! [`start`], [`start_routed`] (the same with another router, e.g. the
//! room's `/whoami`), [`serve`], [`read_request`], [`send`]. The route
//! constants are re-exported from `route` under their old paths.

use std::io;
use std::net::SocketAddr;

use super::route::{Response, route};
use crate::fault::FaultPlan;
use crate::peer::{Conn, Line, PeerConfig, PeerHandle, spawn_tcp_with};

pub use super::route::{CHUNKED, CHUNKED_BODY, ROUTES};

/// Longest request line or header line accepted; longest body read.
const MAX_LINE: usize = 8192;
const MAX_BODY: usize = 1 << 20;
/// Most header lines read before the blank line.
const MAX_HEAD_LINES: usize = 200;

/// Starts the peer with the fixed routes on `bind`.
pub fn start(bind: SocketAddr, plan: FaultPlan, config: PeerConfig) -> io::Result<PeerHandle> {
    spawn_tcp_with("http", bind, plan, config, serve)
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
    spawn_tcp_with("http", bind, plan, config, move |conn| {
        serve_with(conn, &router)
    })
}

/// Serves one request on `conn` with the fixed routes.
pub fn serve(conn: Conn) -> io::Result<()> {
    serve_with(conn, &route)
}

fn serve_with(mut conn: Conn, router: &impl Fn(&str, &[u8]) -> Response) -> io::Result<()> {
    match read_request(&mut conn)? {
        Some((head, body)) => send(&mut conn, &router(&head, &body)),
        None => Ok(()),
    }
}

/// Reads a head (up to the blank line) and a Content-Length body; `None`
/// when the client closes first or sends an over-long line.
pub fn read_request(conn: &mut Conn) -> io::Result<Option<(String, Vec<u8>)>> {
    let mut head = String::new();
    for _ in 0..MAX_HEAD_LINES {
        let line = match conn.read_line(MAX_LINE)? {
            Line::Complete(line) => String::from_utf8_lossy(&line).into_owned(),
            Line::TooLong | Line::Eof(_) => return Ok(None),
        };
        if line.trim_end().is_empty() {
            let length = super::route::header(&head, "content-length")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            let mut body = vec![0u8; length.min(MAX_BODY)];
            conn.read_exact(&mut body)?;
            return Ok(Some((head, body)));
        }
        head.push_str(&line);
    }
    Ok(None)
}

/// Writes `response` to `conn`: a page or raw bytes as one reply, a
/// trickle one write at a time.
pub fn send(conn: &mut Conn, response: &Response) -> io::Result<()> {
    match response {
        Response::Page { .. } | Response::Raw(_) => conn.reply(&response.to_bytes()),
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
