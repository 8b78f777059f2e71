//! Writing a response: status line, headers, body, encoded into one buffer
//! and written once (DESIGN.md §8).
//!
//! The seed's server concatenated the same pieces into one string; that part
//! was right. What it left out: a HEAD response carries the headers of the
//! GET (Content-Length included) but no body (RFC 9110 §9.3.2), and the
//! server must say when it will close (`Connection: close`, RFC 9112 §9.6).
//! The date is a parameter, never read inside: tests pass a fixed one.
//!
//! # Layout
//! [`reason`], [`Response`], [`http_date`].

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
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
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
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a `Content-Type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
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
    /// The whole response as bytes: status line, `Date`, `Server`, the
    /// headers, `Content-Length`, `Connection: close` unless `keep_alive`,
    /// the blank line, then the body unless `head_only`.
    pub fn encode(&self, date: &str, keep_alive: bool, head_only: bool) -> Vec<u8> {
        let mut out = Vec::with_capacity(160 + self.body.len());
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
        if !head_only {
            out.extend_from_slice(&self.body);
        }
        out
    }
    // ANCHOR_END: encode
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
