//! The chapter 5 output the book shows, recorded from the real programs:
//! the web server's log of a browser-like visit (`fixtures/webserver_log.out`,
//! `web-server.md`), one request and its response as they cross the wire
//! (`fixtures/http_request.txt` and `fixtures/http_response.txt`, the
//! chapter's index), and `grab_file` fetching the logo
//! (`fixtures/grab_file.out`, `client.md`), and 000's one-reply server
//! answering curl (`fixtures/hello_http.out`, `programs.md`).
//! `WORKBOOK_UPDATE_GOLDEN=1`
//! rewrites them; review the diff.
//!
//! What changes from run to run is written as a run of the book's commands
//! would show it: the port as 8080, the date as a fixed one, the checkout's
//! path as `~/workbook`.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::Server;
use harness::golden::{Session, assert_golden};
use harness::proc::bin;

/// What `curl http://127.0.0.1:8080/style.css` sends.
const CURL_REQUEST: &str = "GET /style.css HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n";

/// Sends `request` on a connection of its own and returns the response:
/// its head and the `Content-Length` bytes after it (the connection may stay
/// open, as curl's does).
fn exchange(port: u16, request: &str) -> Vec<u8> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    // Bounded: each pass reads bytes, or the read times out and unwraps.
    loop {
        if let Some(end) = reply.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&reply[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if reply.len() >= end + 4 + length {
                return reply;
            }
        }
        let n = s.read(&mut buf).unwrap();
        assert!(
            n > 0,
            "closed mid-response: {:?}",
            String::from_utf8_lossy(&reply)
        );
        reply.extend_from_slice(&buf[..n]);
    }
}

/// `Date: …` replaced by the date of the book's example.
fn fixed_date(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("Date: ") {
                "Date: Sat, 21 Nov 2026 08:39:16 GMT"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn a_visit_to_the_fixture_site_as_the_book_shows_it() {
    let server = Server::start("webserver", &["--port", "0"]);
    let port = server.port;
    let root = std::fs::canonicalize("../../fixtures/www").unwrap();
    let stop_hint = server.line();
    // A browser's visit: the page, its style sheet and its logo, one
    // connection each as the book's log shows them. Each request's log line
    // is awaited before the next request: a server logs after it answers,
    // so two requests in quick succession may log in either order.
    let mut logged = Vec::new();
    for path in ["/", "/style.css", "/logo.png"] {
        let reply = exchange(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
        );
        assert!(reply.starts_with(b"HTTP/1.1 200 OK\r\n"), "{path}");
        logged.push(server.line());
    }
    let quit = exchange(
        port,
        &format!("GET /quit HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    );
    assert!(quit.starts_with(b"HTTP/1.1 200 OK\r\n"));
    let mut log = Session::default();
    log.shows(&root.display().to_string(), "~/workbook/fixtures/www")
        .shows(&format!(" port {port}"), " port 8080")
        .shows(&format!(":{port}/"), ":8080/")
        .command("cargo run -q -p chapter-05 --bin webserver -- --port 8080")
        .output(&server.first_line)
        .output(&stop_hint);
    for line in logged {
        log.output(line);
    }
    // The /quit request logged, then the line printed once the server stopped.
    for _ in 0..2 {
        log.output(server.line());
    }
    assert!(server.finish().0, "webserver exits 0 after /quit");
    log.assert_golden("fixtures/webserver_log.out");
}

#[test]
fn a_request_its_response_and_grab_file_as_the_book_shows_them() {
    let server = Server::start("webserver", &["--port", "0", "--quiet"]);
    let port = server.port;
    let root = std::fs::canonicalize("../../fixtures/www").unwrap();
    // The same request curl sends, for the chapter's first page.
    let reply = exchange(port, &CURL_REQUEST.replace(":8080", &format!(":{port}")));
    let reply = String::from_utf8(reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert_golden(
        "fixtures/http_request.txt",
        CURL_REQUEST.replace("\r\n", "\n"),
    );
    assert_golden(
        "fixtures/http_response.txt",
        fixed_date(&reply.replace("\r\n", "\n")),
    );
    // grab_file, run where the file is to be saved.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://127.0.0.1:{port}/logo.png");
    let grabbed = bin("grab_file")
        .arg(&url)
        .current_dir(dir.path())
        .assert()
        .success();
    let mut grab = Session::default();
    grab.shows(&format!(":{port}/"), ":8080/")
        .command("cargo run -q -p chapter-05 --bin grab_file -- http://127.0.0.1:8080/logo.png")
        .output(&grabbed.get_output().stdout);
    grab.assert_golden("fixtures/grab_file.out");
    assert_eq!(
        std::fs::read(dir.path().join("logo.png")).unwrap(),
        std::fs::read(root.join("logo.png")).unwrap()
    );
}

/// 000's one-reply server: any request gets `Hello, World!`, the head is
/// read whole, and the connection is closed after the answer.
#[test]
fn hello_http_answers_every_request_as_the_book_shows() {
    let server = Server::start("hello_http", &["--port", "0"]);
    let port = server.port;
    let request = CURL_REQUEST
        .replace("/style.css", "/")
        .replace(":8080", &format!(":{port}"));
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut reply = Vec::new();
    s.read_to_end(&mut reply).unwrap();
    let reply = String::from_utf8(reply).unwrap();
    assert!(reply.ends_with("\r\n\r\nHello, World!"), "{reply}");
    let mut session = Session::default();
    session
        .shows(&format!("port {port}"), "port 8080")
        .command("cargo run -q -p chapter-05 --bin hello_http &")
        .output(&server.first_line)
        .command("curl -i http://127.0.0.1:8080/")
        .output(reply.replace("\r\n", "\n"))
        .output(server.line());
    session.assert_golden("fixtures/hello_http.out");
}
