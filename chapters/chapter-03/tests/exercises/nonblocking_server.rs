//! Tests of the `nonblocking_server` exercise (filter `nonblocking_server::`).

use crate::common::{pair, within};
use chapter_03::exercises::nonblocking_server::serve_ready;
use std::time::{Duration, Instant};

fn upper(d: &[u8]) -> Option<Vec<u8>> {
    Some(d.to_ascii_uppercase())
}

#[test]
fn returns_at_once_when_nothing_waits() {
    let (_, server) = pair(); // a blocking socket: the function must change that
    // `WouldBlock` means "nothing more queued": no error.
    let n = within(Duration::from_secs(2), move || {
        serve_ready(&server, &mut upper, 10).map_err(|e| e.to_string())
    });
    expect_eq!(n, Ok(0));
}

#[test]
fn answers_every_waiting_datagram_to_its_sender() {
    let (client, server) = pair();
    let (other, _) = pair();
    let to = server.local_addr().unwrap();
    client.send_to(b"one", to).unwrap();
    other.send_to(b"two", to).unwrap();
    client.send_to(b"three", to).unwrap();
    let mut handled = 0;
    let deadline = Instant::now() + Duration::from_secs(10);
    // Loopback delivery is asynchronous: call again until all three were seen.
    while handled < 3 && Instant::now() < deadline {
        handled += serve_ready(&server, &mut upper, 10).unwrap();
    }
    expect_eq!(handled, 3);
    let mut buf = [0u8; 16];
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    other
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let n = client.recv(&mut buf).unwrap();
    expect_eq!(&buf[..n], b"ONE");
    let n = client.recv(&mut buf).unwrap();
    expect_eq!(&buf[..n], b"THREE");
    let n = other.recv(&mut buf).unwrap();
    expect_eq!(&buf[..n], b"TWO");
}

#[test]
fn handles_at_most_max_and_leaves_the_rest_queued() {
    let (client, server) = pair();
    let to = server.local_addr().unwrap();
    for i in 0..5u8 {
        client.send_to(&[b'a' + i], to).unwrap();
    }
    let mut seen = Vec::new();
    let mut handler = |d: &[u8]| {
        seen.push(d.to_vec());
        None
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut calls = Vec::new();
    while seen_len(&calls) < 5 && Instant::now() < deadline {
        calls.push(serve_ready(&server, &mut handler, 2).unwrap());
    }
    assert!(
        calls.iter().all(|&n| n <= 2),
        "at most 2 per call: {calls:?}"
    );
    expect_eq!(seen, [b"a", b"b", b"c", b"d", b"e"].map(|s| s.to_vec()));
    // `None` sent nothing back.
    client.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 8];
    let back = client
        .recv(&mut buf)
        .map(|n| buf[..n].escape_ascii().to_string());
    expect_eq!(
        back.map_err(|e| e.kind()),
        Err(std::io::ErrorKind::WouldBlock),
        "the handler returned None: nothing goes back"
    );
}

fn seen_len(calls: &[usize]) -> usize {
    calls.iter().sum()
}
