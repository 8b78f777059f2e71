//! The chapter's servers as processes under the harness's hostile clients
//! (`harness::hostile`): a thousand idle connections, a 10 MB line, garbage,
//! resets and half-closes mid-line, clients that never read, rapid
//! connects. Each server must stay up, answer a normal client within a
//! second meanwhile, and stay small. Then the server runs out of
//! descriptors: it must neither spin nor forget the clients queued while it
//! could not accept.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::Process;
use harness::hostile::{self, End, sys};

/// What a normal client may wait for its answer while the crowd is there.
const QUICK: Duration = Duration::from_secs(1);
/// Idle connections held during the attacks.
const CROWD: usize = 1000;
/// Most resident memory a server may hold through the attacks.
const MAX_RSS_KIB: u64 = 64 * 1024;

fn server_02(engine: &str) -> Process {
    Process::start(
        "server_02",
        &["127.0.0.1", "0", "--engine", engine, "--quiet"],
    )
}

/// Lines a never-reading client sends, whose answers it leaves unread.
/// (Enough to pass the server's output cap, 16 KiB, is the job of
/// `never_reading_clients_do_not_delay_the_others` in `engines.rs`; here
/// the lines stay few, so that a debug build on a loaded machine spends
/// well under the normal client's second on them.)
fn many_lines() -> Vec<u8> {
    b"abcdefgh\n".repeat(2_000)
}

/// The attacks every line server must take; `normal` is a request and the
/// bytes its answer must contain.
fn withstands(server: &mut Process, what: &str, normal: (&[u8], &[u8])) {
    let addr = server.addr();
    let crowd = hostile::idle(addr, CROWD).unwrap();
    let big = hostile::long_line(addr, 10 << 20).unwrap();
    assert!(
        big.ended() && big.reply_text().contains("line too long"),
        "{what}: a 10 MB line: {big:?}"
    );
    hostile::garbage(addr, 4, 16 << 10).unwrap();
    hostile::reset_after(addr, b"half a li").unwrap();
    let deaf: Vec<TcpStream> = (0..10)
        .map(|_| hostile::never_reads(addr, &many_lines()).unwrap())
        .collect();
    hostile::rapid_connects(addr, 200);
    let took = hostile::served_within(addr, normal.0, normal.1, QUICK);
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

#[test]
fn server_02_withstands_hostile_clients_on_every_engine() {
    for engine in ["poll", "coroutine", "tokio"] {
        let mut server = server_02(engine);
        withstands(&mut server, engine, (b"hello\r\n", b"ehlo\r\n"));
        let half = hostile::half_close_after(server.addr(), b"zz top").unwrap();
        assert_eq!(
            (half.reply_text().as_str(), half.end),
            ("optz\r\n", End::Closed),
            "{engine}: the last line before a half-close"
        );
    }
}

#[test]
fn chat_server_withstands_hostile_clients() {
    let mut server = Process::start("chat_server", &["127.0.0.1", "0"]);
    withstands(&mut server, "chat", (b"/login amy\r\n", b"* welcome, amy"));
    let half = hostile::half_close_after(server.addr(), b"/login bob").unwrap();
    assert!(
        half.reply_text().contains("* welcome, bob") && half.end == End::Closed,
        "chat: the last line before a half-close: {half:?}"
    );
}

/// Out of descriptors: `accept` fails while clients wait in the kernel's
/// queue. The engine must back off (not spin at full CPU printing the error
/// on every turn), report the trouble once, and accept the queued clients
/// as soon as descriptors are free again, without waiting for a new
/// connection to wake it.
#[test]
fn running_out_of_descriptors_neither_spins_nor_strands_a_client() {
    for engine in ["poll", "coroutine", "tokio"] {
        let server = server_02(engine);
        let (addr, pid) = (server.addr(), server.pid());
        if let Err(e) = sys::limit_fds(pid, 64) {
            harness::real::skip(&format!("cannot lower the server's descriptor limit: {e}"));
            return;
        }
        let crowd = hostile::idle(addr, 100).unwrap();
        let mut queued = TcpStream::connect(addr).unwrap();
        queued.write_all(b"hello\r\n").unwrap();
        let busy = sys::busy_time(pid);
        // Half a second in which the server cannot accept `queued`: what it
        // does meanwhile is waste.
        queued
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut buf = [0u8; 64];
        assert!(
            queued.read(&mut buf).is_err(),
            "{engine}: answered at once?"
        );
        if let (Some(before), Some(after)) = (busy, sys::busy_time(pid)) {
            let busy = after - before;
            assert!(
                busy < Duration::from_millis(350),
                "{engine}: busy {busy:?} of 0.5 s: spinning?"
            );
        }
        drop(crowd);
        queued
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let n = queued.read(&mut buf).unwrap_or(0);
        assert_eq!(&buf[..n], b"ehlo\r\n", "{engine}: the queued client");
        queued.write_all(b".shutdown\r\n").unwrap();
        let (ok, stderr) = server.finish();
        assert!(ok, "{engine}: {stderr}");
        let reports = stderr.matches("accept failed").count();
        assert_eq!(
            reports, 1,
            "{engine}: reported {reports} times:\n{stderr:.2000}"
        );
    }
}
