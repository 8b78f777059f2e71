//! The harness's own fake peers (SMTP, POP3, HTTP, DNS over TCP, inetd)
//! under the hostile-client kit: a 10 MB line, garbage, a reset and a
//! half-close mid-request, a client that never reads a large answer, 1,100
//! idle connections, 5,000 rapid connects. After each, and while the idle
//! crowd and the never-reading client hold their connections, a normal
//! client must be served within a second; at the end the process (peer
//! included: it runs in this test process) must have grown by less than
//! [`MAX_GROWTH_KIB`].
//!
//! A peer must never be locked out by a crowd that costs the attacker
//! nothing: the framework evicts the longest-idle connection when full
//! (`harness::peer::room`), and says so in the peer's protocol. And a
//! reply made huge by a fault plan is streamed under backpressure, not
//! built whole first (the last test).

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use harness::hostile::{self, sys};

/// At least the 1,000 of the issue, and above the HTTP and DNS peers'
/// 1,024-connection cap, so every peer's cap is reached.
const IDLE: usize = 1_100;
/// How long a normal client may wait for its answer.
const SERVED: Duration = Duration::from_secs(1);
/// How long it may wait right after 5,000 rapid connects: the peer first
/// accepts (and, as its protocol asks, greets) the connections queued ahead
/// of it, which takes most of a second for a framework peer on a small
/// machine, and seconds for inetd, which starts a program for each. What
/// the burst must not do is stop the peer or leave the client unserved.
const AFTER_BURST: Duration = Duration::from_secs(10);
/// Most the test process may grow over the attacks: the transcript keeps
/// what the attacks sent (capped at 64 MiB), plus the threads' stacks.
const MAX_GROWTH_KIB: u64 = 200 * 1024;

/// One test at a time: each holds ~2,200 descriptors and 1,100 threads and
/// times a client to the second, which another running beside it on a
/// small machine would disturb.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A peer under attack, and what its normal client and its attackers say.
struct Target {
    name: &'static str,
    addr: SocketAddr,
    /// A normal client's request, and what its answer contains.
    request: Vec<u8>,
    expect: Vec<u8>,
    /// Half a request, for the reset and the half-close.
    partial: Vec<u8>,
    /// A request whose answer is large (sent by a client that never reads).
    flood: Vec<u8>,
    /// How long the normal client may wait right after the rapid connects.
    after_burst: Duration,
}

impl Target {
    fn served(&self, after: &str) {
        self.served_in(after, SERVED);
    }

    fn served_in(&self, after: &str, limit: Duration) {
        let took = hostile::served_within(self.addr, &self.request, &self.expect, limit);
        assert!(
            took.is_ok(),
            "{}: a normal client was not served {after}: {}",
            self.name,
            took.unwrap_err()
        );
    }
}

/// Throws the whole kit at `t`, checking the normal client after each.
fn assault(t: &Target) {
    // The crowd's sockets and the peer's ends of them are both in this
    // process.
    harness::swarm::sys::raise_fd_limit(2 * IDLE as u64 + 1024).unwrap();
    let me = std::process::id();
    let before = sys::rss_kib(me);
    t.served("at the start");
    let line = hostile::long_line(t.addr, 10 << 20).unwrap();
    assert!(
        line.sent < 10 << 20 || line.ended() || !line.reply.is_empty(),
        "{}: took a 10 MB line in silence: {line:?}",
        t.name
    );
    t.served("after a 10 MB line");
    let _ = hostile::garbage(t.addr, 22, 64 * 1024).unwrap();
    t.served("after 64 KiB of garbage");
    hostile::reset_after(t.addr, &t.partial).unwrap();
    let _ = hostile::half_close_after(t.addr, &t.partial).unwrap();
    t.served("after a reset and a half-close mid-request");
    let deaf = hostile::never_reads(t.addr, &t.flood).unwrap();
    t.served("while a client never reads a large answer");
    let crowd = hostile::idle(t.addr, IDLE).unwrap();
    t.served(&format!("with {IDLE} idle connections open"));
    drop((crowd, deaf));
    let connected = hostile::rapid_connects(t.addr, 5_000);
    assert_eq!(connected, 5_000, "{}: connects refused", t.name);
    t.served_in("after 5,000 rapid connects", t.after_burst);
    if let (Some(before), Some(after)) = (before, sys::rss_kib(me)) {
        assert!(
            after < before + MAX_GROWTH_KIB,
            "{}: grew from {before} KiB to {after} KiB",
            t.name
        );
    }
}

fn serialized() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner())
}

#[test]
fn the_smtp_peer_survives_the_kit() {
    let _one = serialized();
    let smtp = harness::smtp::start();
    assault(&Target {
        name: "smtp",
        addr: smtp.addr(),
        // The greeting, then NOOP's 250: not a 421 "too many connections".
        request: b"NOOP\r\n".to_vec(),
        expect: b"\r\n250".to_vec(),
        partial: b"MAIL FROM:<puck@fai".to_vec(),
        flood: b"NOOP\r\n".repeat(200_000),
        after_burst: AFTER_BURST,
    });
}

#[test]
fn the_pop3_peer_survives_the_kit() {
    let _one = serialized();
    let pop3 = harness::pop3::start_on_fixtures();
    assault(&Target {
        name: "pop3",
        addr: pop3.addr(),
        // The greeting, then QUIT's +OK: not an -ERR "too many connections".
        request: b"QUIT\r\n".to_vec(),
        expect: b"\r\n+OK".to_vec(),
        partial: b"USER obe".to_vec(),
        flood: b"CAPA\r\n".repeat(200_000),
        after_burst: AFTER_BURST,
    });
}

#[test]
fn the_http_peer_survives_the_kit() {
    let _one = serialized();
    let http = harness::http::start_local(harness::fault::FaultPlan::none());
    assault(&Target {
        name: "http",
        addr: http.addr(),
        request: b"GET /bytes/5 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
        expect: b"HTTP/1.1 200".to_vec(),
        partial: b"GET /bytes/5 HTTP/1.1\r\nHo".to_vec(),
        flood: b"GET /bytes/67108864 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        after_burst: AFTER_BURST,
    });
}

/// A DNS query over TCP: the two-byte length, then the message.
fn tcp_query(id: u16) -> Vec<u8> {
    let q = harness::dns::client::query(id, "web.workbook.test", 1);
    [(q.len() as u16).to_be_bytes().as_slice(), &q].concat()
}

#[test]
fn the_dns_peer_survives_the_kit_over_tcp() {
    let _one = serialized();
    let dns = harness::dns::start_with(harness::dns::DnsOptions::default()).unwrap();
    assault(&Target {
        name: "dns",
        addr: dns.addr(),
        // The answer carries the query's id.
        request: tcp_query(0xBEEF),
        expect: vec![0xBE, 0xEF],
        partial: tcp_query(7)[..9].to_vec(),
        flood: tcp_query(8).repeat(64),
        after_burst: AFTER_BURST,
    });
}

#[cfg(unix)]
#[test]
fn the_inetd_peer_survives_the_kit() {
    let _one = serialized();
    let service = harness::inetd::Service::new("cat", vec!["cat".into()]);
    let inetd = harness::inetd::start("127.0.0.1:0".parse().unwrap(), service).unwrap();
    assault(&Target {
        name: "inetd",
        addr: inetd.addr(),
        request: b"ping\n".to_vec(),
        expect: b"ping\n".to_vec(),
        partial: b"pi".to_vec(),
        flood: vec![b'z'; 8 << 20],
        after_burst: 3 * AFTER_BURST,
    });
}

/// A reply the fault plan makes huge (a 200 MB first line) is made piece
/// by piece as the socket takes it: to a client that never reads, the
/// peer has sent a few socket buffers' worth and holds no more than that,
/// instead of building the whole reply before writing a byte.
#[test]
fn a_huge_faulted_reply_to_a_client_that_never_reads_is_not_built_whole() {
    use harness::transcript::{Event, Side};
    let _one = serialized();
    let me = std::process::id();
    let Some(before) = sys::rss_kib(me) else {
        harness::real::skip("no /proc here");
        return;
    };
    let smtp = harness::smtp::start_with(harness::smtp::SmtpOptions {
        plan: harness::fault::FaultPlan::none().long_line(1, 200 << 20),
        ..Default::default()
    })
    .unwrap();
    let deaf = hostile::never_reads(smtp.addr(), b"").unwrap();
    // The greeting (reply 1) has started: its first piece is written.
    let writing = smtp.recorder().wait_for(Duration::from_secs(20), |events| {
        events.iter().any(|e| {
            matches!(
                e,
                Event::Data {
                    from: Side::Server,
                    ..
                }
            )
        })
    });
    assert!(writing, "the peer wrote nothing of its greeting");
    let after = sys::rss_kib(me).unwrap();
    assert!(
        after < before + 64 * 1024,
        "grew from {before} KiB to {after} KiB for one unread reply"
    );
    drop(deaf);
}
