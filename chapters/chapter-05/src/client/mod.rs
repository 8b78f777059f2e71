//! The HTTP client: LuaSocket's `http.request` in both its forms.
//!
//! The simple form (a URL, and optionally a body to POST) and the table form
//! (method, extra headers, a body source, a sink, a proxy, redirect on or
//! off) become one [`Request`]; the four results (body, code, headers,
//! status line) become [`Reply`] plus the bytes written to the sink.
//!
//! How the length of a response body is known (RFC 9112 §6.3), in order:
//! no body after HEAD or a 1xx/204/304; `Transfer-Encoding: chunked` is
//! decoded; `Content-Length` is read exactly (fewer bytes is an error, not a
//! short body); otherwise the body runs to the close of the connection.
//! Interim 1xx responses are skipped. Redirects (301, 302, 303, 307, 308) are
//! followed up to a limit; 303, and 301/302 after POST, continue as GET.
//!
//! Two time limits: [`Request::timeout`] bounds each wait for the server,
//! and [`Request::max_time`] the whole fetch, redirects included
//! (chapter 2's [`TimedStream`]). Without the second, a server that sends
//! one byte every few seconds, each in time, holds the client forever.
//!
//! Layout: [`Request`], [`Reply`], [`ClientError`], [`parse_status`],
//! [`Request::encode`], [`fetch`] and [`fetch_with_head`] (with redirects),
//! [`exchange`] (one request);
//! [`body`]: reading the response body.

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use chapter_02::timeout::TimedStream;

use crate::head::{HeadError, Limits, next_line, parse_fields};
use crate::url::{Url, UrlError};

pub mod body;

use body::{read_body, read_into};

/// A request, as `http.request`'s table describes it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `HEAD`, `POST`, ...
    pub method: String,
    /// Where to send it.
    pub url: Url,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// A body to send (with its Content-Length).
    pub body: Option<Vec<u8>>,
    /// The User-Agent header.
    pub user_agent: String,
    /// A proxy to send the request to (the target is then the absolute URL).
    pub proxy: Option<Url>,
    /// Connect, read and write timeout: the longest wait for the server.
    pub timeout: Duration,
    /// The longest the whole fetch may take (`None`: no limit).
    pub max_time: Option<Duration>,
    /// Most redirects to follow; 0 returns the first answer as it is.
    pub max_redirects: usize,
}

/// The default [`Request::max_time`]: a minute for the whole fetch.
pub const MAX_TIME: Duration = Duration::from_secs(60);

impl Request {
    /// A GET of `url` with defaults: 5 redirects, 30 s timeout, [`MAX_TIME`] in all.
    pub fn get(url: Url) -> Self {
        Request {
            method: "GET".into(),
            url,
            headers: Vec::new(),
            body: None,
            user_agent: concat!("workbook-http/", env!("CARGO_PKG_VERSION")).into(),
            proxy: None,
            timeout: Duration::from_secs(30),
            max_time: Some(MAX_TIME),
            max_redirects: 5,
        }
    }

    /// The request's bytes: request line, headers, body; one write.
    pub fn encode(&self) -> Vec<u8> {
        let target = match self.proxy {
            Some(_) => self.url.to_string(),
            None => self.url.target.clone(),
        };
        let mut out = format!("{} {target} HTTP/1.1\r\n", self.method);
        out += &format!(
            "Host: {}\r\nUser-Agent: {}\r\n",
            self.url.authority(),
            self.user_agent
        );
        for (name, value) in &self.headers {
            out += &format!("{name}: {value}\r\n");
        }
        if let Some(body) = &self.body {
            out += &format!("Content-Length: {}\r\n", body.len());
        }
        out += "Connection: close\r\n\r\n";
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(self.body.as_deref().unwrap_or_default());
        bytes
    }
}

/// What came back (the body went to the sink).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The status line as received.
    pub status_line: String,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
    /// The URL that gave this answer (after redirects).
    pub url: Url,
    /// Body bytes written to the sink.
    pub body_len: u64,
}

impl Reply {
    /// The first value of header `name`, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a fetch failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// A bad URL (or redirect Location).
    #[error(transparent)]
    Url(#[from] UrlError),
    /// Connecting, reading or writing failed (or a time limit ran out).
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The server's answer is not HTTP/1.x as RFC 9112 describes it.
    #[error("malformed response: {0}")]
    Protocol(String),
    /// More redirects than allowed.
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
}

impl From<HeadError> for ClientError {
    fn from(e: HeadError) -> Self {
        ClientError::Protocol(e.to_string())
    }
}

/// A parsed status line and header fields: (status, status line, headers, bytes used).
pub type StatusHead = (u16, String, Vec<(String, String)>, usize);

/// Parses a response head from `buf`; `None` while incomplete.
pub fn parse_status(buf: &[u8], limits: &Limits) -> Result<Option<StatusHead>, ClientError> {
    let too_long = || Err(ClientError::Protocol("status line too long".into()));
    let Some((line, pos)) = next_line(buf, 0) else {
        // A final CR may be the start of the CRLF: it does not count yet.
        let so_far = buf.strip_suffix(b"\r").unwrap_or(buf);
        return match so_far.len() > limits.max_line {
            true => too_long(),
            false => Ok(None),
        };
    };
    // The same cap when the line arrived whole, so the verdict does not
    // depend on how the bytes were split.
    if line.len() > limits.max_line {
        return too_long();
    }
    let text = String::from_utf8_lossy(line).into_owned();
    let mut parts = text.splitn(3, ' ');
    let (version, code) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let valid = version.starts_with("HTTP/1.") && version.len() == 8;
    let status = code
        .parse::<u16>()
        .ok()
        .filter(|c| code.len() == 3 && *c >= 100);
    let (true, Some(status)) = (valid, status) else {
        return Err(ClientError::Protocol(format!("bad status line {text:?}")));
    };
    let Some((fields, used)) = parse_fields(buf, pos, limits)? else {
        return Ok(None);
    };
    let headers = fields
        .into_iter()
        .map(|(n, v)| (n, String::from_utf8_lossy(&v).into_owned()))
        .collect();
    Ok(Some((status, text, headers, used)))
}

// ANCHOR: fetch
/// Sends `request`, following redirects; the final body goes to `sink`.
/// `progress` is called with (bytes so far, expected total if known).
pub fn fetch(
    request: &Request,
    sink: &mut dyn Write,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<Reply, ClientError> {
    fetch_with_head(request, &mut |_| Ok(()), sink, progress)
}

/// [`fetch`], calling `on_head` with the final answer's head before its
/// body goes to `sink`: how `http_get` prints the head and then streams the
/// body to stdout.
pub fn fetch_with_head(
    request: &Request,
    on_head: &mut dyn FnMut(&Reply) -> io::Result<()>,
    sink: &mut dyn Write,
    progress: &mut dyn FnMut(u64, Option<u64>),
) -> Result<Reply, ClientError> {
    let end = request.max_time.map(|t| Instant::now() + t);
    if request.max_redirects == 0 {
        return exchange(request, on_head, sink, progress, false, end);
    }
    let mut request = request.clone();
    for _ in 0..=request.max_redirects {
        let reply = exchange(&request, on_head, sink, progress, true, end)?;
        let location = reply.header("location").map(str::to_owned);
        let Some(location) = location.filter(|_| is_redirect(reply.status)) else {
            return Ok(reply);
        };
        request.url = request.url.join(&location)?;
        if reply.status == 303 || (reply.status <= 302 && request.method == "POST") {
            request.method = "GET".into();
            request.body = None;
        }
    }
    Err(ClientError::TooManyRedirects(request.max_redirects))
}
// ANCHOR_END: fetch

/// True for the statuses that redirect with a Location.
pub fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// One request and its answer, over by `end`. With `skip_redirect_body`,
/// a redirect's body is not copied to the sink (it is not the resource);
/// otherwise `on_head` sees the head before the body is read.
pub fn exchange(
    request: &Request,
    on_head: &mut dyn FnMut(&Reply) -> io::Result<()>,
    sink: &mut dyn Write,
    progress: &mut dyn FnMut(u64, Option<u64>),
    skip_redirect_body: bool,
    end: Option<Instant>,
) -> Result<Reply, ClientError> {
    let via = request.proxy.as_ref().unwrap_or(&request.url);
    let stream = connect(&via.host, via.port, request.timeout)?;
    let mut stream = TimedStream::new(stream, Some(request.timeout), end);
    stream.write_all(&request.encode())?;
    let limits = Limits::default();
    let mut buf = Vec::new();
    let (status, status_line, headers) = loop {
        let (status, line, headers, used) = read_status(&mut stream, &mut buf, &limits)?;
        buf.drain(..used);
        // Interim responses (100 Continue, 103 Early Hints) precede the real one.
        if !(100..200).contains(&status) || status == 101 {
            break (status, line, headers);
        }
    };
    let mut reply = Reply {
        status,
        status_line,
        headers,
        url: request.url.clone(),
        body_len: 0,
    };
    if skip_redirect_body && is_redirect(status) && reply.header("location").is_some() {
        return Ok(reply);
    }
    on_head(&reply)?;
    reply.body_len = read_body(
        &mut stream,
        buf,
        &reply,
        request.method == "HEAD",
        sink,
        progress,
    )?;
    Ok(reply)
}

/// Connects to the first address of `host:port` that answers.
fn connect(host: &str, port: u16, timeout: Duration) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, format!("{host}: no address"));
    for addr in (host, port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = io::Error::new(e.kind(), format!("connect to {addr}: {e}")),
        }
    }
    Err(last)
}

/// Reads until a status head parses.
fn read_status(
    stream: &mut impl Read,
    buf: &mut Vec<u8>,
    limits: &Limits,
) -> Result<StatusHead, ClientError> {
    loop {
        if let Some(head) = parse_status(buf, limits)? {
            return Ok(head);
        }
        if read_into(stream, buf)? == 0 {
            return Err(ClientError::Protocol(
                "connection closed before the response head ended".into(),
            ));
        }
    }
}
