//! The `http` peer: an HTTP/1.1 server with fixed routes that each show one
//! thing a client must handle. One request per connection (it always
//! answers `Connection: close`), recorded in the transcript; the fault plan
//! applies to its writes.
//!
//! Routes ([`ROUTES`]):
//! - `/redirect/N`: 302 to `/redirect/N-1`; `/redirect/0` is 200 `arrived`.
//! - `/redirect-abs/N`: the same with absolute Locations.
//! - `/chain/N`: 302 to `/chain/N-1`; `/chain/0` is the `/chunked` body
//!   (the `http-client` conformance case).
//! - `/loop`: 302 to itself, forever.
//! - `/see-other`: 303 to `/echo` (a POST continues as GET).
//! - `/chunked`: a chunked body of three chunks, an extension and a trailer.
//! - `/slow`: a 20-byte body written one byte per write, 10 ms apart.
//! - `/truncated`: Content-Length 100 but 10 bytes, then close.
//! - `/no-length`: a body delimited by closing the connection.
//! - `/interim`: `100 Continue` and `103 Early Hints` before a 200.
//! - `/bad-status`: a status line that is not HTTP.
//! - `/bytes/N`: N bytes (a repeating alphabet), for downloads.
//! - `/echo`: 200 with the request head and body as text.
//! - anything else: 404.
//!
//! Layout: [`ROUTES`], [`start`], [`serve`], [`answer`]; request-reading
//! helpers shared with [`super::whoami`].

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use crate::fault::FaultPlan;
use crate::peer::{Conn, Line, PeerConfig, PeerHandle, spawn_tcp_with};

/// The routes and what each shows, for `workbook peer --list` style help.
pub const ROUTES: &[&str] = &[
    "/redirect/N",
    "/redirect-abs/N",
    "/chain/N",
    "/loop",
    "/see-other",
    "/chunked",
    "/slow",
    "/truncated",
    "/no-length",
    "/interim",
    "/bad-status",
    "/bytes/N",
    "/echo",
];

/// Longest request line or header line accepted; longest body read.
const MAX_LINE: usize = 8192;
const MAX_BODY: usize = 1 << 20;

/// The `/chunked` response: three chunks (one with an extension), a trailer.
pub const CHUNKED: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n7\r\nchunked\r\n6;ext=1\r\n body \r\nA\r\nin pieces\n\r\n0\r\nX-Trailer: yes\r\n\r\n";

/// The body [`CHUNKED`] decodes to.
pub const CHUNKED_BODY: &str = "chunked body in pieces\n";

/// Starts the peer on `bind`.
pub fn start(bind: SocketAddr, plan: FaultPlan, config: PeerConfig) -> io::Result<PeerHandle> {
    spawn_tcp_with("http", bind, plan, config, serve)
}

/// Serves one request on `conn`.
pub fn serve(mut conn: Conn) -> io::Result<()> {
    let Some((head, body)) = read_request(&mut conn)? else {
        return Ok(());
    };
    let path = request_path(&head);
    answer(&mut conn, &path, &head, &body, conn_host(&head))
}

/// The path of the request line's target.
pub(super) fn request_path(head: &str) -> String {
    let first = head.lines().next().unwrap_or("");
    let target = first.split(' ').nth(1).unwrap_or("/");
    // A proxy-style absolute target is answered by its path.
    match target.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map_or("/".to_string(), |i| rest[i..].to_string()),
        None => target.to_string(),
    }
}

/// The value of header `name` in `head`, if present.
pub(super) fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// The Host header's value (for absolute redirects).
pub(super) fn conn_host(head: &str) -> String {
    header(head, "host").unwrap_or("localhost").to_string()
}

/// Reads a head (up to the blank line) and a Content-Length body.
pub(super) fn read_request(conn: &mut Conn) -> io::Result<Option<(String, Vec<u8>)>> {
    let mut head = String::new();
    for _ in 0..200 {
        let line = match conn.read_line(MAX_LINE)? {
            Line::Complete(line) => String::from_utf8_lossy(&line).into_owned(),
            Line::TooLong | Line::Eof(_) => return Ok(None),
        };
        if line.trim_end().is_empty() {
            let length = head
                .lines()
                .find_map(|l| {
                    l.split_once(':')
                        .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                })
                .and_then(|(_, v)| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let mut body = vec![0u8; length.min(MAX_BODY)];
            conn.read_exact(&mut body)?;
            return Ok(Some((head, body)));
        }
        head.push_str(&line);
    }
    Ok(None)
}

/// `status` with `headers` and `body`, `Connection: close`.
pub(super) fn respond(
    conn: &mut Conn,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> io::Result<()> {
    let mut out =
        format!("HTTP/1.1 {status}\r\nServer: workbook-http-peer\r\nConnection: close\r\n");
    for (name, value) in headers {
        out += &format!("{name}: {value}\r\n");
    }
    out += &format!("Content-Length: {}\r\n\r\n", body.len());
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    conn.reply(&bytes)
}

/// The route's answer.
pub fn answer(
    conn: &mut Conn,
    path: &str,
    head: &str,
    body: &[u8],
    host: String,
) -> io::Result<()> {
    let path = path.split('?').next().unwrap_or(path);
    let text = [("Content-Type", "text/plain".to_string())];
    if let Some(n) = path
        .strip_prefix("/redirect/")
        .and_then(|n| n.parse::<u32>().ok())
    {
        return match n {
            0 => respond(conn, "200 OK", &text, b"arrived\n"),
            n => respond(
                conn,
                "302 Found",
                &[("Location", format!("/redirect/{}", n - 1))],
                b"moved\n",
            ),
        };
    }
    if let Some(n) = path
        .strip_prefix("/redirect-abs/")
        .and_then(|n| n.parse::<u32>().ok())
    {
        return match n {
            0 => respond(conn, "200 OK", &text, b"arrived\n"),
            n => respond(
                conn,
                "301 Moved Permanently",
                &[("Location", format!("http://{host}/redirect-abs/{}", n - 1))],
                b"",
            ),
        };
    }
    if let Some(n) = path
        .strip_prefix("/chain/")
        .and_then(|n| n.parse::<u32>().ok())
    {
        return match n {
            0 => conn.reply(CHUNKED),
            n => respond(
                conn,
                "302 Found",
                &[("Location", format!("/chain/{}", n - 1))],
                b"",
            ),
        };
    }
    if let Some(n) = path
        .strip_prefix("/bytes/")
        .and_then(|n| n.parse::<usize>().ok())
    {
        let data: Vec<u8> = (0..n.min(64 << 20))
            .map(|i| b'a' + (i % 26) as u8)
            .collect();
        return respond(
            conn,
            "200 OK",
            &[("Content-Type", "application/octet-stream".into())],
            &data,
        );
    }
    match path {
        "/loop" => respond(conn, "302 Found", &[("Location", "/loop".into())], b""),
        "/see-other" => respond(conn, "303 See Other", &[("Location", "/echo".into())], b""),
        "/chunked" => conn.reply(CHUNKED),
        "/slow" => {
            conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\nConnection: close\r\n\r\n")?;
            for b in b"slow body, byte by b\n".iter().take(20) {
                std::thread::sleep(Duration::from_millis(10));
                conn.send(&[*b])?;
            }
            Ok(())
        }
        "/truncated" => conn.reply(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly ten!\n"),
        "/no-length" => conn.reply(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nbody until the close\n"),
        "/interim" => conn.reply(
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nfinal\n",
        ),
        "/bad-status" => conn.reply(b"HTTP/1.1 2OO Fine\r\nContent-Length: 0\r\n\r\n"),
        "/echo" => {
            let mut echo = head.replace("\r\n", "\n").into_bytes();
            echo.push(b'\n');
            echo.extend_from_slice(body);
            respond(conn, "200 OK", &text, &echo)
        }
        _ => respond(conn, "404 Not Found", &text, b"no such route\n"),
    }
}
