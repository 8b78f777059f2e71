//! Tests of the `multi_echo` exercise: a silent first client, a swarm of
//! misbehaving clients, an over-long line.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use chapter_02::exercises::multi_echo::{MAX_LINE, handle_client, serve};
use harness::peer::client::{connect, read_to_close};
use harness::swarm::Swarm;

const TIMEOUT: Duration = Duration::from_secs(10);

struct Server {
    addr: std::net::SocketAddr,
    stop: Arc<AtomicBool>,
    /// What `serve` returned; the sender is dropped if it panicked.
    done: mpsc::Receiver<std::io::Result<u64>>,
}

/// How long `serve` may take to return once the stop flag is set: many
/// times its `ACCEPT_POLL`.
const STOP_LIMIT: Duration = Duration::from_secs(2);

fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let (tx, done) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(serve(listener, flag, TIMEOUT));
    });
    Server { addr, stop, done }
}

impl Server {
    /// Sets the stop flag and returns what `serve` returned, failing if it
    /// does not return within [`STOP_LIMIT`] (blocked in `accept`).
    fn finish(self) -> u64 {
        self.stop.store(true, Ordering::SeqCst);
        match self.done.recv_timeout(STOP_LIMIT) {
            Ok(Ok(accepted)) => accepted,
            Ok(Err(e)) => panic!(
                "serve returned the error \"{e}\" ({:?}), where it should have returned Ok: \
                 one client's error must end that client only",
                e.kind()
            ),
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "serve did not return within {STOP_LIMIT:?} of the stop flag being set, with \
                 every client gone: does `accept` block with no timeout, so the loop never \
                 looks at the flag?"
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("serve panicked"),
        }
    }
}

fn echo(stream: &mut TcpStream, line: &[u8]) -> Vec<u8> {
    stream.write_all(line).unwrap();
    harness::peer::client::read_n(stream, line.len()).unwrap()
}

/// How long a client waits for the server's answer (an echo, a close):
/// far more than a correct server needs, far less than the server's own
/// client timeout (`TIMEOUT`), after which a one-client-at-a-time server
/// would move on to the second client, or a server with no line cap would
/// drop the over-long line's client, and pass ten seconds late.
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
    long.set_read_timeout(Some(QUICK)).unwrap();
    let sent = MAX_LINE + 100;
    long.write_all(&vec![b'x'; sent]).unwrap();
    let (echoed, end) = read_to_close(&mut long, 1 << 20);
    let timed_out =
        |e: &std::io::Error| matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut);
    assert!(
        !end.as_ref().is_some_and(timed_out),
        "after {sent} bytes with no LF (MAX_LINE is {MAX_LINE}) the server kept the connection \
         open for {QUICK:?}, where it should have closed it at once: is the line read with a \
         cap (`take`)?"
    );
    assert!(
        echoed.is_empty(),
        "an over-long line must not be echoed, but {} bytes of it came back",
        echoed.len()
    );
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
