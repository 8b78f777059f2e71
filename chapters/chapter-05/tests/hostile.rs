//! The web server and the file server as processes under the harness's
//! hostile clients (`harness::hostile`): a thousand idle connections, a
//! 10 MB request line, garbage, resets and half-closes mid-request, clients
//! that ask for a large file and never read it, rapid connects. Each must
//! stay up, answer a normal request within a second meanwhile, and stay
//! small. Then each runs out of descriptors, and of room for threads: it
//! must neither spin, nor crash, nor strand a queued client.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{Root, Server};
use harness::hostile::{self, End, sys};
use rstest::rstest;

/// What a normal client may wait for its answer while the crowd is there.
const QUICK: Duration = Duration::from_secs(1);
/// Idle connections held during the attacks.
const CROWD: usize = 1000;
/// The large file the never-reading clients ask for.
const BIG: usize = 8 << 20;
/// Clients that ask for it and never read.
const DEAF: usize = 10;
/// Most resident memory a server may hold through the attacks: well under
/// one copy of the large file per never-reading client.
const MAX_RSS_KIB: u64 = 48 * 1024;
const GET: &[u8] = b"GET /index.html HTTP/1.1\r\nHost: h\r\n\r\n";
const GET_BIG: &[u8] = b"GET /big.bin HTTP/1.1\r\nHost: h\r\n\r\n";

/// A web root with the usual files and [`BIG`] bytes in `big.bin`.
fn root() -> Root {
    let root = Root::new();
    std::fs::write(root.root.join("big.bin"), vec![b'b'; BIG]).unwrap();
    root
}

fn webserver(root: &Root, engine: &str) -> Server {
    let dir = root.root.to_str().unwrap();
    let args = ["--port", "0", "--root", dir, "--quiet", "--engine", engine];
    let server = Server::start("webserver", &args);
    server.line(); // How to stop it.
    server
}

fn file_server(root: &Root) -> Server {
    let dir = root.root.to_str().unwrap();
    Server::start("file_server", &["--port", "0", "--root", dir, "--quiet"])
}

/// The attacks both servers must take.
fn withstands(server: &mut Server, what: &str) {
    let addr = server.addr();
    let crowd = hostile::idle(addr, CROWD).unwrap();
    let big = hostile::long_line(addr, 10 << 20).unwrap();
    assert!(
        big.ended() && big.reply_text().starts_with("HTTP/1.1 414"),
        "{what}: a 10 MB request line: {:.200}",
        big.reply_text()
    );
    let junk = hostile::garbage(addr, 5, 64 << 10).unwrap();
    assert!(
        junk.reply_text().starts_with("HTTP/1.1 4"),
        "{what}: garbage: {junk:?}"
    );
    hostile::reset_after(addr, b"GET /index.html HT").unwrap();
    let half = hostile::half_close_after(addr, b"GET /index.html HTTP/1.1\r\nHo").unwrap();
    assert!(
        half.reply_text().starts_with("HTTP/1.1 400") && half.end == End::Closed,
        "{what}: a head cut by a half-close: {half:?}"
    );
    let deaf: Vec<TcpStream> = (0..DEAF)
        .map(|_| hostile::never_reads(addr, GET_BIG).unwrap())
        .collect();
    hostile::rapid_connects(addr, 200);
    let took = hostile::served_within(addr, GET, b"<p>home</p>", QUICK);
    assert!(took.is_ok(), "{what}: a normal client: {took:?}");
    assert_eq!(
        crowd.ended_by_server(),
        0,
        "{what}: idle clients were dropped"
    );
    assert!(server.is_running(), "{what}: the server died");
    if let Some(rss) = sys::rss_kib(server.pid()) {
        assert!(rss < MAX_RSS_KIB, "{what}: {rss} KiB resident");
    }
    drop((crowd, deaf));
}

#[rstest]
fn the_web_server_withstands_hostile_clients(#[values("pool", "poll")] engine: &str) {
    let root = root();
    let mut server = webserver(&root, engine);
    withstands(&mut server, &format!("webserver --engine {engine}"));
}

#[test]
fn the_file_server_withstands_hostile_clients() {
    let root = root();
    let mut server = file_server(&root);
    withstands(&mut server, "file_server");
}

/// `/quit` stops the server at once, although clients are connected: one
/// idle, and some blocked, never reading a large file.
#[rstest]
fn quit_stops_the_server_while_clients_hold_connections(#[values("pool", "poll")] engine: &str) {
    let root = root();
    let server = webserver(&root, engine);
    let addr = server.addr();
    let crowd = hostile::idle(addr, 10).unwrap();
    let deaf: Vec<TcpStream> = (0..3)
        .map(|_| hostile::never_reads(addr, GET_BIG).unwrap())
        .collect();
    let took = hostile::served_within(addr, GET, b"<p>home</p>", QUICK);
    assert!(took.is_ok(), "{took:?}");
    let start = Instant::now();
    hostile::served_within(
        addr,
        b"GET /quit HTTP/1.1\r\nHost: h\r\n\r\n",
        b"Shutdown",
        QUICK,
    )
    .unwrap();
    let (ok, stderr) = server.finish();
    assert!(ok, "{stderr}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "stopped after {:?}",
        start.elapsed()
    );
    drop((crowd, deaf));
}

/// Out of descriptors: `accept` fails while clients wait in the kernel's
/// queue. The server must back off rather than spin printing the error,
/// report it once, and serve the queued client once descriptors are free.
#[rstest]
fn running_out_of_descriptors_neither_spins_nor_strands_a_client(
    #[values("pool", "poll")] engine: &str,
) {
    let root = root();
    let server = webserver(&root, engine);
    let (addr, pid) = (server.addr(), server.pid());
    if let Err(e) = sys::limit_fds(pid, 64) {
        harness::real::skip(&format!("cannot lower the server's descriptor limit: {e}"));
        return;
    }
    let crowd = hostile::idle(addr, 100).unwrap();
    let mut queued = TcpStream::connect(addr).unwrap();
    queued.write_all(GET).unwrap();
    let busy = sys::busy_time(pid);
    // Half a second in which the server cannot accept `queued`: what it
    // does meanwhile is waste.
    queued
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut buf = [0u8; 4096];
    assert!(queued.read(&mut buf).is_err(), "answered at once?");
    if let (Some(before), Some(after)) = (busy, sys::busy_time(pid)) {
        let busy = after - before;
        assert!(
            busy < Duration::from_millis(350),
            "busy {busy:?} of 0.5 s: spinning?"
        );
    }
    drop(crowd);
    queued
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let got = queued.read(&mut buf);
    let n = got.as_ref().map_or(0, |n| *n);
    if !buf[..n].starts_with(b"HTTP/1.1 200") {
        let text = String::from_utf8_lossy(&buf[..n]).into_owned();
        let (_, stderr) = server.finish();
        panic!("the queued client: {got:?} {text:?}; the server said:\n{stderr:.2000}");
    }
    hostile::served_within(
        addr,
        b"GET /quit HTTP/1.1\r\nHost: h\r\n\r\n",
        b"Shutdown",
        QUICK,
    )
    .unwrap();
    let (ok, stderr) = server.finish();
    assert!(ok, "{stderr}");
    let reports = stderr.matches("accept failed").count();
    assert_eq!(reports, 1, "reported {reports} times:\n{stderr:.2000}");
}

/// No room for another thread: the server turns that client away with 503
/// instead of crashing (`std::thread::spawn` would panic), says so once,
/// and goes on serving once threads end.
///
/// The server is held in a cgroup that allows it a few more threads than
/// it has, so `pthread_create` fails with `EAGAIN` as on a machine out of
/// threads, and nothing else fails (a capped address space, tried first,
/// made a heap allocation fail as often as a stack, and that aborts any
/// Rust program). Linux as root only; elsewhere the test says it skipped.
#[test]
fn no_room_for_a_thread_turns_one_client_away_not_the_server_down() {
    for engine in ["threads", "pool"] {
        no_room_for_a_thread(engine);
    }
}

fn no_room_for_a_thread(engine: &str) {
    let root = root();
    let mut server = webserver(&root, engine);
    let (addr, pid) = (server.addr(), server.pid());
    let cap = match sys::limit_threads(pid, 8) {
        Ok(cap) => cap,
        Err(e) => {
            harness::real::skip(&format!("cannot cap the server's threads: {e}"));
            return;
        }
    };
    let crowd = hostile::idle(addr, 100).unwrap_or_else(|e| {
        panic!("{engine}: the crowd could not connect ({e})");
    });
    let turned_away = hostile::served_within(addr, GET, b"HTTP/1.1 503", QUICK);
    assert!(
        turned_away.is_ok(),
        "{engine}: a client past the thread limit: {turned_away:?}"
    );
    assert!(server.is_running(), "{engine}: the server crashed");
    drop(crowd);
    let mut served = Err(String::new());
    // Bounded: the threads end (or, in the pool, fall idle) as their
    // clients hang up.
    for _ in 0..20 {
        served = hostile::served_within(addr, GET, b"<p>home</p>", QUICK);
        if served.is_ok() {
            break;
        }
    }
    assert!(served.is_ok(), "{engine}: once the crowd left: {served:?}");
    drop(cap);
    hostile::served_within(
        addr,
        b"GET /quit HTTP/1.1\r\nHost: h\r\n\r\n",
        b"Shutdown",
        QUICK,
    )
    .unwrap();
    let (ok, stderr) = server.finish();
    assert!(ok, "{engine}: {stderr}");
    let reports = stderr.matches("starting a thread").count();
    assert_eq!(
        reports, 1,
        "{engine}: reported {reports} times:\n{stderr:.2000}"
    );
}
