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
//! - `/bytes/N`: N bytes (a repeating alphabet, at most 64 MiB), for
//!   downloads; made as they are sent, so an unread one costs no memory.
//! - `/echo`: 200 with the request head and body as text.
//! - anything else: 404.
//!
//! Before routing, [`framing`] checks what both ends must agree on: one
//! Host, and a Content-Length of digits only, one value however often it is
//! repeated (RFC 9112 §3.2 and §6.3, RFC 9110 §8.6). Anything else is 400:
//! a peer that guessed would teach clients that sloppy framing works.
//!
//! # Layout
//! [`ROUTES`], [`CHUNKED`], [`CHUNKED_BODY`], [`Response`], [`route`],
//! [`framing`], [`alphabet`]; the request helpers [`request_path`] and
//! [`header`].

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
/// Largest request body the peer reads (413 beyond).
pub const MAX_BODY: usize = 1 << 20;

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
    /// A 200 page of `len` bytes of [`alphabet`], made piece by piece as
    /// it is sent (`/bytes/N`).
    Bytes {
        /// How many.
        len: usize,
    },
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

    /// The head of a page: status line, `Server`, `Connection: close`,
    /// `headers`, `Content-Length: len`, the blank line.
    pub fn page_head(status: &str, headers: &[(String, String)], len: usize) -> Vec<u8> {
        let mut out =
            format!("HTTP/1.1 {status}\r\nServer: workbook-http-peer\r\nConnection: close\r\n");
        for (name, value) in headers {
            out += &format!("{name}: {value}\r\n");
        }
        out += &format!("Content-Length: {len}\r\n\r\n");
        out.into_bytes()
    }

    /// Every byte the response sends, in order (a trickle's head and body
    /// joined): what the driver writes, and what tests compare.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Response::Page {
                status,
                headers,
                body,
            } => [
                Response::page_head(status, headers, body.len()).as_slice(),
                body,
            ]
            .concat(),
            Response::Bytes { len } => {
                [Response::bytes_head(*len).as_slice(), &alphabet(0, *len)].concat()
            }
            Response::Raw(bytes) => bytes.clone(),
            Response::Trickle { head, body, .. } => [head.as_slice(), body].concat(),
        }
    }

    /// The head of a [`Response::Bytes`] page.
    pub fn bytes_head(len: usize) -> Vec<u8> {
        let kind = [(
            "Content-Type".to_string(),
            "application/octet-stream".to_string(),
        )];
        Response::page_head("200 OK", &kind, len)
    }
}

/// Bytes `from..from + len` of `/bytes/N`'s body: the alphabet, repeating.
pub fn alphabet(from: usize, len: usize) -> Vec<u8> {
    (from..from + len).map(|i| b'a' + (i % 26) as u8).collect()
}

/// The body length a request head declares, or the status and reason to
/// refuse it with: more than one Host, a Content-Length that is not digits
/// only, two different lengths, or a body over [`MAX_BODY`].
pub fn framing(head: &str) -> Result<usize, (&'static str, &'static str)> {
    const BAD: &str = "400 Bad Request";
    let fields = || head.lines().skip(1).filter_map(|l| l.split_once(':'));
    if fields()
        .filter(|(n, _)| n.trim().eq_ignore_ascii_case("host"))
        .count()
        > 1
    {
        return Err((BAD, "more than one Host"));
    }
    let mut length = None;
    let values = fields().filter(|(n, _)| n.trim().eq_ignore_ascii_case("content-length"));
    for item in values.flat_map(|(_, v)| v.split(',')) {
        let item = item.trim();
        if item.is_empty() || !item.bytes().all(|b| b.is_ascii_digit()) {
            return Err((BAD, "Content-Length is not a number"));
        }
        let n = item.parse::<usize>().unwrap_or(usize::MAX);
        if length.is_some_and(|m| m != n) {
            return Err((BAD, "two different Content-Length values"));
        }
        length = Some(n);
    }
    match length.unwrap_or(0) {
        n if n > MAX_BODY => Err(("413 Content Too Large", "the body is over 1 MiB")),
        n => Ok(n),
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
        ("/bytes", n) => Response::Bytes {
            len: n.min(MAX_BYTES),
        },
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
