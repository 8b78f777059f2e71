//! The `http` peer's routes, sans-I/O (DESIGN.md §8): a request's head and
//! body in, a [`Response`] out. No sockets, no clock: [`route`] is tested
//! on its own, and the driver (`server`) only reads requests and writes
//! what comes back. `workbook peer room` wraps it to add `/whoami`.
//!
//! Routes ([`ROUTES`]):
//! - `/redirect/N`: 302 to `/redirect/N-1`; `/redirect/0` is 200 `arrived`.
//! - `/redirect-abs/N`: the same (301) with absolute Locations, built from
//!   the request's Host.
//! - `/chain/N`: 302 to `/chain/N-1`; `/chain/0` is the `/chunked` body
//!   (the `http-client` conformance case).
//! - `/loop`: 302 to itself, forever.
//! - `/see-other`: 303 to `/echo` (a POST continues as GET, RFC 9110 §15.4.4).
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
//! # Layout
//! [`ROUTES`], [`CHUNKED`], [`CHUNKED_BODY`], [`Response`], [`route`];
//! the request helpers [`request_path`] and [`header`].

use std::time::Duration;

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

/// The `/chunked` response: three chunks (one with an extension), a trailer.
pub const CHUNKED: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n7\r\nchunked\r\n6;ext=1\r\n body \r\nA\r\nin pieces\n\r\n0\r\nX-Trailer: yes\r\n\r\n";

/// The body [`CHUNKED`] decodes to.
pub const CHUNKED_BODY: &str = "chunked body in pieces\n";

/// `/slow`'s head; its body follows a byte at a time.
const SLOW_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\nConnection: close\r\n\r\n";
const SLOW_BODY: &[u8; 20] = b"slow body, byte by b";
/// The pause before each byte of `/slow`'s body.
const SLOW_PAUSE: Duration = Duration::from_millis(10);

/// The routes whose point is their exact bytes (odd framing), each sent
/// as one reply.
const RAW: &[(&str, &[u8])] = &[
    ("/chunked", CHUNKED),
    (
        "/truncated",
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly ten!\n",
    ),
    (
        "/no-length",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nbody until the close\n",
    ),
    (
        "/interim",
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nfinal\n",
    ),
    (
        "/bad-status",
        b"HTTP/1.1 2OO Fine\r\nContent-Length: 0\r\n\r\n",
    ),
];

/// Most bytes `/bytes/N` sends.
const MAX_BYTES: usize = 64 << 20;

/// What a route answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// An ordinary response. The head gets `Server` and `Connection:
    /// close` before `headers` and `Content-Length` after them (one
    /// request per connection, so the client can tell where it ends).
    Page {
        /// Code and reason, e.g. `302 Found`.
        status: String,
        /// Header fields, in order.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Exactly these bytes, as one reply: a route whose point is its
    /// framing (chunked, truncated, no length, interim, a bad status).
    Raw(Vec<u8>),
    /// `head` in one write, then `body` one byte per write with `pause`
    /// before each: a slow server (`/slow`).
    Trickle {
        /// The head, blank line included.
        head: Vec<u8>,
        /// The body.
        body: Vec<u8>,
        /// The pause before each byte.
        pause: Duration,
    },
}

impl Response {
    /// A [`Response::Page`].
    pub fn page(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
        Response::Page {
            status: status.to_string(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.to_vec(),
        }
    }

    /// A 200 text/plain page.
    pub fn text(body: &[u8]) -> Response {
        Response::page("200 OK", &[("Content-Type", "text/plain")], body)
    }

    /// Every byte the response sends, in order (a trickle's head and body
    /// joined): what the driver writes, and what tests compare.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Response::Page {
                status,
                headers,
                body,
            } => {
                let mut out = format!(
                    "HTTP/1.1 {status}\r\nServer: workbook-http-peer\r\nConnection: close\r\n"
                );
                for (name, value) in headers {
                    out += &format!("{name}: {value}\r\n");
                }
                out += &format!("Content-Length: {}\r\n\r\n", body.len());
                [out.as_bytes(), body].concat()
            }
            Response::Raw(bytes) => bytes.clone(),
            Response::Trickle { head, body, .. } => [head.as_slice(), body].concat(),
        }
    }
}

/// The answer to a request with `head` (request line and header lines)
/// and `body`.
pub fn route(head: &str, body: &[u8]) -> Response {
    let target = request_path(head);
    let path = target.split('?').next().unwrap_or_default();
    if let Some(response) = numbered(path, header(head, "host").unwrap_or("localhost")) {
        return response;
    }
    if let Some((_, bytes)) = RAW.iter().find(|(p, _)| *p == path) {
        return Response::Raw(bytes.to_vec());
    }
    let found = |to: &str, status| Response::page(status, &[("Location", to)], b"");
    match path {
        "/loop" => found("/loop", "302 Found"),
        "/see-other" => found("/echo", "303 See Other"),
        "/slow" => Response::Trickle {
            head: SLOW_HEAD.to_vec(),
            body: SLOW_BODY.to_vec(),
            pause: SLOW_PAUSE,
        },
        "/echo" => {
            let echo = head.replace("\r\n", "\n") + "\n";
            Response::text(&[echo.as_bytes(), body].concat())
        }
        _ => Response::page(
            "404 Not Found",
            &[("Content-Type", "text/plain")],
            b"no such route\n",
        ),
    }
}

/// The routes that end in a number: redirect chains and `/bytes/N`.
fn numbered(path: &str, host: &str) -> Option<Response> {
    let (prefix, n) = path.rsplit_once('/')?;
    let n: usize = n.parse().ok()?;
    let redirect = |status: &str, to: String, body: &[u8]| Response::Page {
        status: status.to_string(),
        headers: vec![("Location".to_string(), to)],
        body: body.to_vec(),
    };
    Some(match (prefix, n) {
        ("/redirect" | "/redirect-abs", 0) => Response::text(b"arrived\n"),
        ("/redirect", n) => redirect("302 Found", format!("/redirect/{}", n - 1), b"moved\n"),
        ("/redirect-abs", n) => redirect(
            "301 Moved Permanently",
            format!("http://{host}/redirect-abs/{}", n - 1),
            b"",
        ),
        ("/chain", 0) => Response::Raw(CHUNKED.to_vec()),
        ("/chain", n) => redirect("302 Found", format!("/chain/{}", n - 1), b""),
        ("/bytes", n) => Response::page(
            "200 OK",
            &[("Content-Type", "application/octet-stream")],
            &(0..n.min(MAX_BYTES))
                .map(|i| b'a' + (i % 26) as u8)
                .collect::<Vec<u8>>(),
        ),
        _ => return None,
    })
}

/// The path of the request line's target; a proxy-style absolute target
/// (RFC 9112 §3.2.2) is answered by its path.
pub fn request_path(head: &str) -> String {
    let first = head.lines().next().unwrap_or("");
    let target = first.split(' ').nth(1).unwrap_or("/");
    match target.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map_or("/".to_string(), |i| rest[i..].to_string()),
        None => target.to_string(),
    }
}

/// The value of header field `name` in `head` (case-insensitive, RFC 9110
/// §5.1), trimmed; the first if it repeats.
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}
