//! `write_interest`: partial writes against a writer that takes a few bytes
//! at a time, then a real non-blocking socket that fills up.

use std::io::{self, Read, Write};

use chapter_04::exercises::write_interest::{Full, Interest, Outgoing};

/// Takes at most `chunk` bytes per call and `room` in all, then would block.
struct Trickle {
    chunk: usize,
    room: usize,
    got: Vec<u8>,
}

impl Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = buf.len().min(self.chunk).min(self.room);
        if n == 0 {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        self.room -= n;
        self.got.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What `flush` returned, with an error as its kind, so a wrong result reads
/// as `Ok(5)` against `Err(WouldBlock)` instead of an `unwrap` panic.
fn flushed(out: &mut Outgoing, w: &mut impl Write) -> Result<usize, io::ErrorKind> {
    out.flush(w).map_err(|e| e.kind())
}

#[test]
fn keeps_what_a_partial_write_did_not_take() {
    let mut out = Outgoing::new(100);
    out.push(b"hello world").unwrap();
    let mut w = Trickle {
        chunk: 3,
        room: 5,
        got: Vec::new(),
    };
    expect_eq!(flushed(&mut out, &mut w), Ok(5));
    expect_eq!(out.pending(), 6);
    w.room = 100;
    expect_eq!(flushed(&mut out, &mut w), Ok(6));
    expect_eq!(w.got, b"hello world");
    expect_eq!(out.pending(), 0);
}

#[test]
fn asks_for_writability_only_while_output_is_pending() {
    let mut out = Outgoing::new(10);
    expect_eq!(out.interest(), Interest::Read);
    out.push(b"abc").unwrap();
    expect_eq!(out.interest(), Interest::ReadWrite);
    out.push(b"de").unwrap();
    expect_eq!(
        out.interest(),
        Interest::Write,
        "half the cap pending: stop reading"
    );
    out.flush(&mut Trickle {
        chunk: 9,
        room: 9,
        got: Vec::new(),
    })
    .unwrap();
    expect_eq!(out.interest(), Interest::Read);
}

#[test]
fn refuses_what_would_pass_the_cap_and_keeps_the_rest() {
    let mut out = Outgoing::new(4);
    out.push(b"abc").unwrap();
    expect_eq!(out.push(b"de"), Err(Full));
    expect_eq!(out.pending(), 3);
    out.push(b"d").unwrap();
    expect_eq!(out.pending(), 4);
}

#[test]
fn reports_errors_other_than_would_block() {
    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut out = Outgoing::new(10);
    out.push(b"x").unwrap();
    expect_eq!(
        flushed(&mut out, &mut Broken),
        Err(io::ErrorKind::BrokenPipe)
    );
}

#[test]
fn fills_a_real_socket_then_resumes_where_it_stopped() {
    let (mut a, mut b) = harness::peer::client::socket_pair().unwrap();
    a.set_nonblocking(true).unwrap();
    b.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    // Well beyond what loopback TCP buffers at once (Linux takes about
    // 4 MiB), so the first flush cannot take it all.
    let data: Vec<u8> = (0..16 << 20).map(|i| (i % 251) as u8).collect();
    let mut out = Outgoing::new(data.len());
    out.push(&data).unwrap();
    let first = out.flush(&mut a).unwrap();
    assert!(
        first > 0 && first < data.len(),
        "the socket took {first} bytes"
    );
    let mut got = Vec::new();
    let mut buf = vec![0; 1 << 16];
    for _ in 0..100_000 {
        if got.len() == data.len() {
            break;
        }
        out.flush(&mut a).unwrap();
        let n = b.read(&mut buf).unwrap();
        got.extend_from_slice(&buf[..n]);
    }
    assert!(
        got == data,
        "got {} of {} bytes, or in the wrong order",
        got.len(),
        data.len()
    );
}
