//! Tests of the `multi_echo` exercise: a silent first client, a swarm of
//! misbehaving clients, an over-long line.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use chapter_02::exercises::multi_echo::{MAX_LINE, handle_client, serve};
use harness::peer::client::{connect, read_to_close};
use harness::swarm::Swarm;

const TIMEOUT: Duration = Duration::from_secs(10);

struct Server {
    addr: std::net::SocketAddr,
    stop: Arc<AtomicBool>,
    thread: JoinHandle<std::io::Result<u64>>,
}

fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let thread = std::thread::spawn(move || serve(listener, flag, TIMEOUT));
    Server { addr, stop, thread }
}

impl Server {
    fn finish(self) -> u64 {
        self.stop.store(true, Ordering::SeqCst);
        self.thread
            .join()
            .expect("serve panicked")
            .expect("serve failed")
    }
}

fn echo(stream: &mut TcpStream, line: &[u8]) -> Vec<u8> {
    stream.write_all(line).unwrap();
    harness::peer::client::read_n(stream, line.len()).unwrap()
}

/// How long the second client waits for its echo: far more than a
/// concurrent server needs, far less than the server's own client timeout
/// (`TIMEOUT`), after which a one-client-at-a-time server would move on to
/// the second client and pass this test ten seconds late.
const QUICK: Duration = Duration::from_secs(2);

#[test]
fn serves_a_later_client_while_an_earlier_one_is_silent() {
    let server = start();
    let _silent = connect(server.addr).unwrap();
    let mut second = connect(server.addr).unwrap();
    second.set_read_timeout(Some(QUICK)).unwrap();
    second.write_all(b"me first\r\n").unwrap();
    let echoed = harness::peer::client::read_n(&mut second, 10).unwrap_or_else(|e| {
        panic!(
            "a second client got no echo within {QUICK:?} while the first one stayed connected \
             and silent ({e}): is each client served on a thread of its own?"
        )
    });
    expect_eq!(echoed, b"me first\r\n");
    drop((_silent, second));
    expect_eq!(server.finish(), 2);
}

#[test]
fn survives_a_swarm_of_clients_that_vanish_and_dawdle() {
    let server = start();
    let report = Swarm::new(server.addr)
        .clients(60)
        .mixed()
        .run(Duration::from_secs(60));
    report.assert_ok();
    let mut after = connect(server.addr).unwrap();
    expect_eq!(echo(&mut after, b"still here\n"), b"still here\n");
    drop(after);
    assert!(server.finish() >= 61);
}

#[test]
fn an_over_long_line_ends_only_that_client() {
    let server = start();
    let mut long = connect(server.addr).unwrap();
    long.write_all(&vec![b'x'; MAX_LINE + 100]).unwrap();
    let (echoed, _) = read_to_close(&mut long, 1 << 20);
    assert!(echoed.is_empty(), "an over-long line must not be echoed");
    let mut next = connect(server.addr).unwrap();
    expect_eq!(echo(&mut next, b"ok\n"), b"ok\n");
    drop(next);
    server.finish();
}

#[test]
fn handle_client_counts_lines_until_the_client_closes() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut client = connect(listener.local_addr().unwrap()).unwrap();
    let (accepted, _) = listener.accept().unwrap();
    let handler = std::thread::spawn(move || handle_client(accepted, TIMEOUT));
    client.write_all(b"one\r\ntwo\nthree without end").unwrap();
    client.shutdown(std::net::Shutdown::Write).unwrap();
    let mut back = Vec::new();
    client.read_to_end(&mut back).unwrap();
    expect_eq!(back, b"one\r\ntwo\n");
    expect_eq!(handler.join().unwrap().unwrap(), 2);
}
