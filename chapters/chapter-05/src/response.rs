//! Writing a response: status line, headers, body, encoded into one buffer
//! and written once (DESIGN.md §8).
//!
//! The seed's server concatenated the same pieces into one string; that part
//! was right. What it left out: a HEAD response carries the headers of the
//! GET (Content-Length included) but no body (RFC 9110 §9.3.2), and the
//! server must say when it will close (`Connection: close`, RFC 9112 §9.6).
//! The date is a parameter, never read inside: tests pass a fixed one.
//!
//! A small file ([`SMALL_FILE`]) is read when it is answered and goes out
//! with the head in one write. A larger one is not read into the response: its [`Body::File`] names it, and
//! [`send`] copies it to the socket in chunks of [`CHUNK`] bytes. The seed
//! read the whole file into a string and built a second copy to send; with
//! a large file and clients that read slowly (or never), that is the file's
//! size twice per client, for as long as they care to wait.
//!
//! # Layout
//! [`reason`], [`SMALL_FILE`], [`CHUNK`], [`Body`], [`Response`] (and
//! [`Opened`], what [`Response::open`] found), [`send`], [`http_date`].

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use chapter_03::calendar::{
    MONTH_NAMES, WEEKDAY_NAMES, civil_from_days, days_and_seconds, weekday,
};

/// The reason phrase of a status code this workbook sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// The largest file read into memory when it is answered, to go out with
/// the head in one write: a page, a stylesheet, a small image.
pub const SMALL_FILE: usize = 16 * 1024;

/// The size of the pieces a file body is sent in: the most of it a
/// response holds in memory at once.
pub const CHUNK: usize = 64 * 1024;

/// What follows the head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Bytes in memory: pages, listings, error texts.
    Bytes(Vec<u8>),
    /// A file of `len` bytes (its length when it was answered), sent from
    /// the disk in chunks by [`send`].
    File {
        /// Where it is.
        path: PathBuf,
        /// Its length, the Content-Length.
        len: u64,
    },
}

impl Body {
    /// The length, as Content-Length says it.
    pub fn len(&self) -> u64 {
        match self {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File { len, .. } => *len,
        }
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A response to encode: status, extra headers, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers besides Date, Server, Content-Length and Connection.
    pub headers: Vec<(String, String)>,
    /// The body (for HEAD: the body a GET would get; only its length is sent).
    pub body: Body,
}

impl Response {
    /// A response with a `Content-Type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
        }
    }

    /// 200 with the file at `path` as its body, or 500 when it cannot be
    /// opened (or is a directory).
    pub fn file(path: &Path) -> Self {
        match Response::open(path) {
            Opened::File(response) => response,
            Opened::Directory => Response::text(500),
        }
    }

    /// The file at `path` as a 200 response (500 when it cannot be read),
    /// or word that it is a directory: one `open` and one `fstat` tell
    /// both, where asking "is it a directory?" first would cost a `stat`
    /// more on every request. A file of at most [`SMALL_FILE`] bytes is
    /// read now, once, so that head and body go out in one write; a larger
    /// one is sent later, in chunks, by [`send`].
    pub fn open(path: &Path) -> Opened {
        let Ok(file) = File::open(path) else {
            return Opened::File(Response::text(500));
        };
        let Ok(meta) = file.metadata() else {
            return Opened::File(Response::text(500));
        };
        if meta.is_dir() {
            return Opened::Directory;
        }
        let body = match meta.len() {
            len if len <= SMALL_FILE as u64 => match read_up_to(file, len as usize) {
                Ok(bytes) => Body::Bytes(bytes),
                Err(_) => return Opened::File(Response::text(500)),
            },
            len => Body::File {
                path: path.to_path_buf(),
                len,
            },
        };
        Opened::File(Response {
            status: 200,
            headers: vec![("Content-Type".into(), crate::mime::for_path(path).into())],
            body,
        })
    }

    /// A plain-text response whose body is the reason phrase and a line end.
    pub fn text(status: u16) -> Self {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{}\n", reason(status)),
        )
    }

    /// Adds a header.
    pub fn with(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    // ANCHOR: encode
    /// The response as bytes: status line, `Date`, `Server`, the headers,
    /// `Content-Length`, `Connection: close` unless `keep_alive`, the blank
    /// line, then a body in memory unless `head_only` (a file body is left
    /// to [`send`]).
    pub fn encode(&self, date: &str, keep_alive: bool, head_only: bool) -> Vec<u8> {
        let bytes = match &self.body {
            Body::Bytes(bytes) if !head_only => bytes.as_slice(),
            _ => &[],
        };
        let mut out = Vec::with_capacity(160 + bytes.len());
        let line = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        out.extend_from_slice(line.as_bytes());
        let mut header = |name: &str, value: &str| {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        };
        header("Date", date);
        header("Server", SERVER);
        for (name, value) in &self.headers {
            header(name, value);
        }
        header("Content-Length", &self.body.len().to_string());
        if !keep_alive {
            header("Connection", "close");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(bytes);
        out
    }
    // ANCHOR_END: encode
}

/// Writes `response` to `out`: the head (with a body in memory, one write),
/// then a file body in chunks of [`CHUNK`]. A file that cannot be opened
/// any more is answered 500 instead (nothing was sent yet); one that shrank
/// since it was answered is an error, and the connection must close, as the
/// Content-Length sent is now a lie. Returns the status and length sent.
pub fn send(
    out: &mut impl Write,
    response: &Response,
    date: &str,
    keep_alive: bool,
    head_only: bool,
) -> io::Result<(u16, u64)> {
    let sent = (response.status, response.body.len());
    let Body::File { path, len } = &response.body else {
        out.write_all(&response.encode(date, keep_alive, head_only))?;
        return Ok(sent);
    };
    let Ok(file) = File::open(path) else {
        return send(out, &Response::text(500), date, keep_alive, head_only);
    };
    out.write_all(&response.encode(date, keep_alive, head_only))?;
    if !head_only {
        copy_exactly(&mut file.take(*len), out, *len)?;
    }
    Ok(sent)
}

/// Copies `len` bytes from `from` to `to` through one [`CHUNK`] buffer.
fn copy_exactly(from: &mut impl Read, to: &mut impl Write, len: u64) -> io::Result<()> {
    let mut chunk = vec![0u8; CHUNK];
    let mut left = len;
    while left > 0 {
        let n = match from.read(&mut chunk) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        to.write_all(&chunk[..n])?;
        left -= n as u64;
    }
    Ok(())
}

/// What [`Response::open`] found.
#[derive(Debug)]
pub enum Opened {
    /// A file's response (or 500).
    File(Response),
    /// A directory: the caller decides (index, listing, redirect).
    Directory,
}

/// At most `len` bytes of `file`: as many as it has, stopping at `len`
/// without the extra read that would only confirm the end. The
/// Content-Length is what was read, so a file that changes meanwhile is
/// still framed right.
fn read_up_to(mut file: File, len: usize) -> io::Result<Vec<u8>> {
    let mut bytes = vec![0; len];
    let mut got = 0;
    while got < len {
        match file.read(&mut bytes[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(got);
    Ok(bytes)
}

/// What the `Server` header says.
pub const SERVER: &str = "workbook-webserver/0.1";

/// `time` as an IMF-fixdate (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
/// The calendar arithmetic is chapter 3's ([`chapter_03::calendar`]); the
/// names are its English ones cut to three letters, as RFC 9110 spells them.
pub fn http_date(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = days_and_seconds(i64::try_from(secs).unwrap_or(i64::MAX));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        &WEEKDAY_NAMES[weekday(days)][..3],
        &MONTH_NAMES[month as usize - 1][..3],
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}
