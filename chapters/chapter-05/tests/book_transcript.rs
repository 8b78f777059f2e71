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

/// Sends `request` and reads its whole response, on a recorded connection.
fn exchange(s: &mut RecordingStream, request: &[u8]) -> String {
    s.write_all(request).unwrap();
    String::from_utf8_lossy(&read_response(s)).into_owned()
}

/// A recorded keep-alive connection to `server`, read with a bound.
fn recorded(server: &Running, program: &str) -> (Recorder, RecordingStream) {
    let recorder = Recorder::new(vec![("program".into(), program.into())]);
    let stream = TcpStream::connect(server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let s = RecordingStream::new(stream, recorder.clone(), "client-1", Side::Client);
    (recorder, s)
}

/// The file server's conversation (`file-server.md`): an upload, the
/// listing that now shows it, the file read back, and a climb out of the
/// root refused.
#[test]
fn file_server_upload_listing_and_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("share");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("readme.txt"), "read me\n").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "SECRET\n").unwrap();
    let server = Running::start(
        chapter_05::files::FileServer {
            root: root.clone(),
            max_upload: 1024,
        },
        chapter_05::server::Config::default(),
    );
    let (recorder, mut s) = recorded(&server, "chapter-05 file_server");
    let put = exchange(
        &mut s,
        b"PUT /notes.txt HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\nhello\n",
    );
    assert!(put.starts_with("HTTP/1.1 201"), "{put}");
    let listing = exchange(&mut s, b"GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    assert!(
        listing.contains("notes.txt") && listing.contains("readme.txt"),
        "{listing}"
    );
    let back = exchange(&mut s, b"GET /notes.txt HTTP/1.1\r\nHost: h\r\n\r\n");
    assert!(back.ends_with("\r\n\r\nhello\n"), "{back}");
    let climb = exchange(
        &mut s,
        b"GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    );
    assert!(climb.starts_with("HTTP/1.1 403"), "{climb}");
    assert!(!climb.contains("SECRET"), "{climb}");
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "{rest:?}");
    drop(s);
    let transcript = recorder.snapshot().stable(Side::Server).render();
    assert_golden(
        "../../fixtures/transcripts/file-server-upload.txt",
        transcript,
    );
}

/// Safe paths on the wire (`safety.md`): a harmless name with two dots is
/// served; the climb in three disguises and a bad escape are refused, each
/// with its status, on one connection that stays open between them.
#[test]
fn traversal_disguises_refused_on_one_connection() {
    let root = Root::new();
    let server = Running::site(&root);
    let (recorder, mut s) = recorded(&server, "chapter-05 web server");
    let cases: [(&str, &str); 5] = [
        ("/a..b.txt", "200"),
        ("/%2e%2e/secret.txt", "403"),
        ("/..%2fsecret.txt", "403"),
        ("/%zz", "400"),
        ("/leak", "403"),
    ];
    for (i, (target, status)) in cases.iter().enumerate() {
        let close = if i + 1 == cases.len() {
            "Connection: close\r\n"
        } else {
            ""
        };
        let request = format!("GET {target} HTTP/1.1\r\nHost: h\r\n{close}\r\n");
        let response = exchange(&mut s, request.as_bytes());
        assert!(
            response.starts_with(&format!("HTTP/1.1 {status}")),
            "{target}: {response}"
        );
        assert!(!response.contains("SECRET"), "{target}: {response}");
    }
    drop(s);
    let transcript = recorder.snapshot().stable(Side::Server).render();
    assert_golden("../../fixtures/transcripts/safe-paths.txt", transcript);
}
