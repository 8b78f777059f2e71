//! The keep-alive conversation the book draws (`framing.md`): the
//! chapter's web server answers one request, keeps the connection open,
//! then answers two requests pipelined in one write, and closes after the
//! one that asked it to. The client's side is recorded by the harness and
//! compared with `fixtures/transcripts/http-keep-alive.txt`, the file the
//! book's `{{#transcript}}` directive draws (rewrite it with
//! `WORKBOOK_UPDATE_GOLDEN=1`, then review the diff).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::{Root, Running};
use harness::golden::assert_golden;
use harness::transcript::{Recorder, RecordingStream, Side};

/// Reads one response framed by its Content-Length (all this server sends
/// for these files), so the next request goes out only after it.
fn read_response(s: &mut RecordingStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse::<usize>().unwrap());
            if got.len() >= end + 4 + length {
                return got;
            }
        }
        let n = s.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "closed mid-response: {:?}",
            String::from_utf8_lossy(&got)
        );
        got.extend_from_slice(&buf[..n]);
    }
}

#[test]
fn keep_alive_then_two_pipelined_requests() {
    let root = Root::new();
    let server = Running::site(&root);
    let recorder = Recorder::new(vec![("program".into(), "chapter-05 web server".into())]);
    let stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut s = RecordingStream::new(stream, recorder.clone(), "client-1", Side::Client);
    s.write_all(b"GET / HTTP/1.1\r\nHost: h\r\n\r\n").unwrap();
    let first = read_response(&mut s);
    assert!(first.starts_with(b"HTTP/1.1 200"), "{first:?}");
    // Two requests in one write: the server must answer them in order.
    s.write_all(
        b"GET /style.css HTTP/1.1\r\nHost: h\r\n\r\n\
          GET /sub/page.txt HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    let rest = String::from_utf8_lossy(&rest);
    assert_eq!(rest.matches("HTTP/1.1 200").count(), 2, "{rest}");
    assert!(rest.ends_with("page\n"), "{rest}");
    drop(s);
    let transcript = recorder.snapshot().stable(Side::Server).render();
    assert_golden("../../fixtures/transcripts/http-keep-alive.txt", transcript);
}
