//! The server drivers. The blocking one: accept, one thread per connection
//! (new, or kept from an earlier connection: [`Engine`]), a keep-alive loop
//! of read head → read body → answer → write. The [`event`] loop runs the
//! same steps for many connections on a few threads.
//!
//! The seed's server answered one request per connection and handled one
//! connection at a time, so a slow client stalled everyone. Here each
//! connection has its own thread, and each read waits at most
//! [`Config::idle`] in total, so a client that sends half a head and stops
//! costs one sleeping thread until then, never the others' service. Each
//! write waits at most [`Config::write_timeout`] for the client to take
//! bytes, and a file goes out in bounded chunks ([`crate::response::send`]),
//! so a client that never reads costs one chunk and one thread, for a while.
//!
//! Framing (RFC 9112 §6): a request body is as long as its Content-Length,
//! or chunked; both at once, an unparsable length, or two different lengths
//! is 400 and the connection closes, because the next request's start would
//! be a guess (this is how request smuggling works). HTTP/1.1 without Host,
//! or any request with two, is 400 (§3.2).
//!
//! Shutdown: [`Shutdown::trigger`] sets a flag and wakes `accept` with a
//! connection to itself; [`run`] then shuts down every live connection
//! (a response being written is cut short: stopping does not wait for a
//! client that does not read) and joins their threads.
//!
//! Layout: [`Handler`], [`Config`], [`Shutdown`], [`serve_connection`];
//! the steps it shares with the event loop ([`next_head`], [`keeps`],
//! [`log_line`]); [`run`] ([`accept`]: the accept loop, refusals; [`pool`]:
//! the threads; [`event`]: the event-loop engine); [`read`]: reads with
//! deadlines, and request bodies.

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::head::{Limits, Parse, RequestHead, parse_head};
use crate::response::{Response, http_date, send};
use crate::site::{Answer, Site};

pub mod accept;
pub mod event;
pub mod pool;
pub mod read;

pub use pool::Engine;
use read::{Got, read_body, read_some};

/// What a server does with a complete request.
pub trait Handler: Send + Sync + 'static {
    /// The answer to `head` with its `body`.
    fn handle(&self, head: &RequestHead, body: &[u8]) -> Answer;
    /// The largest request body accepted (413 beyond).
    fn max_body(&self) -> usize {
        64 * 1024
    }
}

impl Handler for Site {
    fn handle(&self, head: &RequestHead, _body: &[u8]) -> Answer {
        self.answer(head)
    }
}

/// Limits and logging of a server.
#[derive(Clone)]
pub struct Config {
    /// Caps on request heads.
    pub limits: Limits,
    /// Longest wait for the next bytes of a request, or for a new one.
    pub idle: Duration,
    /// Longest wait for the client to take more of a response.
    pub write_timeout: Duration,
    /// Most connections served at once (each is a thread); beyond, 503.
    pub max_connections: usize,
    /// New threads per connection, or kept ones.
    pub engine: Engine,
    /// Called with one line per request (`127.0.0.1 "GET / HTTP/1.1" 200 42`).
    pub log: Arc<dyn Fn(String) + Send + Sync>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            limits: Limits::default(),
            idle: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            max_connections: 2048,
            engine: Engine::default(),
            log: Arc::new(|_| {}),
        }
    }
}

/// Serves `handler` on `listener` until `stop`, with [`Config::engine`]:
/// threads (the [`accept`] loop and its [`pool`]) or the [`event`] loops.
pub fn run<H: Handler>(
    listener: TcpListener,
    handler: H,
    config: Config,
    stop: Shutdown,
) -> io::Result<()> {
    match config.engine {
        Engine::Threads | Engine::Pool => accept::serve_blocking(listener, handler, config, stop),
        Engine::Poll => event::run(listener, handler, config, stop),
    }
}

/// Stops a running server from any thread.
#[derive(Debug, Clone)]
pub struct Shutdown {
    flag: Arc<AtomicBool>,
    addr: SocketAddr,
}

impl Shutdown {
    /// A handle for the server listening on `listener`.
    pub fn new(listener: &TcpListener) -> io::Result<Self> {
        Ok(Shutdown {
            flag: Arc::new(AtomicBool::new(false)),
            addr: listener.local_addr()?,
        })
    }

    /// Asks the server to stop and wakes its accept call.
    pub fn trigger(&self) {
        if !self.flag.swap(true, Ordering::SeqCst) {
            // Only to wake accept(); failure means it is already gone.
            let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        }
    }

    /// True once stopping.
    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

// ANCHOR: connection_loop
/// Serves requests on `stream` until close, an error, or shutdown.
pub fn serve_connection<H: Handler + ?Sized>(
    mut stream: &TcpStream,
    handler: &H,
    config: &Config,
    stop: &Shutdown,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_write_timeout(Some(config.write_timeout))?;
    stream.set_read_timeout(Some(read::SLICE))?;
    let peer = stream.peer_addr()?.ip();
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    loop {
        let head = match read_head(stream, &mut buf, config, stop)? {
            Some(Ok(head)) => head,
            Some(Err(status)) => return refuse(stream, status),
            None => return Ok(()),
        };
        let body = match read_body(stream, &mut buf, &head, handler.max_body(), config) {
            Ok(body) => body,
            Err(status) => return refuse(stream, status),
        };
        let answer = handler.handle(&head, &body);
        let keep = keeps(&head, &answer, stop);
        let date = http_date(SystemTime::now());
        let head_only = head.method == "HEAD";
        let (status, size) = send(&mut stream, &answer.response, &date, keep, head_only)?;
        (config.log)(log_line(peer, &head, status, size));
        if answer.stop {
            stop.trigger();
        }
        if !keep {
            return Ok(());
        }
    }
}
// ANCHOR_END: connection_loop

/// Sends an error response with `Connection: close` and ends the connection.
pub fn refuse(mut stream: &TcpStream, status: u16) -> io::Result<()> {
    let date = http_date(SystemTime::now());
    stream.write_all(&Response::text(status).encode(&date, false, false))
}

/// Whether the connection stays open after `answer` to `head`: the
/// request's wish (RFC 9112 §9.3), unless the server is stopping.
pub fn keeps(head: &RequestHead, answer: &Answer, stop: &Shutdown) -> bool {
    head.keep_alive() && !answer.stop && !stop.is_set()
}

/// The log line of one request: `127.0.0.1 "GET / HTTP/1.1" 200 42`.
pub fn log_line(peer: IpAddr, head: &RequestHead, status: u16, size: u64) -> String {
    format!(
        "{peer} \"{} {} HTTP/1.{}\" {status} {size}",
        head.method, head.target, head.minor
    )
}

/// The next request head at the front of `buf`, taken from it: `None`
/// while incomplete, `Err(status)` when malformed. HTTP/1.1 needs exactly
/// one Host field, and no request may have two (RFC 9112 §3.2).
pub fn next_head(buf: &mut Vec<u8>, limits: &Limits) -> Result<Option<RequestHead>, u16> {
    match parse_head(buf, limits) {
        Ok(Parse::Complete(head, used)) => {
            buf.drain(..used);
            let hosts = head.all("host").count();
            if hosts > 1 || head.minor == 1 && hosts == 0 {
                return Err(400);
            }
            Ok(Some(head))
        }
        Ok(Parse::Partial) => Ok(None),
        Err(e) => Err(e.status()),
    }
}

/// Reads until a head parses. `None`: closed (or idle/shutdown) between requests.
fn read_head(
    stream: &TcpStream,
    buf: &mut Vec<u8>,
    config: &Config,
    stop: &Shutdown,
) -> io::Result<Option<Result<RequestHead, u16>>> {
    let deadline = Instant::now() + config.idle;
    loop {
        match next_head(buf, &config.limits) {
            Ok(Some(head)) => return Ok(Some(Ok(head))),
            Err(status) => return Ok(Some(Err(status))),
            Ok(None) => {}
        }
        match read_some(stream, buf, deadline)? {
            Got::Data => {}
            // Idle between requests: close when stopping, else keep waiting.
            Got::Slice => {}
            Got::Closed | Got::Expired if buf.is_empty() => return Ok(None),
            Got::Closed => return Ok(Some(Err(400))),
            Got::Expired => return Ok(Some(Err(408))),
        }
        if buf.is_empty() && stop.is_set() {
            return Ok(None);
        }
    }
}
