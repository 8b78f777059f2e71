//! The chapter's programs as processes (assert_cmd): the web server and
//! the file server started on port 0 (they print their port), the client
//! programs against the harness's `http` peer and against our servers.

mod common;

use common::{Root, Server};
use harness::http::Driver;
use harness::peer::PeerHandle;
use harness::proc::{assert_every_help, bin};
use predicates::prelude::*;
use sha2::{Digest, Sha256};

fn http_peer() -> PeerHandle {
    harness::fixtures::http_peer()
}

#[test]
fn every_binary_has_help() {
    assert_every_help(&[
        "webserver",
        "env_page",
        "http_get",
        "grab_file",
        "file_server",
        "web_bench",
        "hello_http",
    ]);
}

#[test]
fn webserver_serves_refuses_logs_and_quits() {
    let root = Root::new();
    let server = Server::start(
        "webserver",
        &["--port", "0", "--root", root.root.to_str().unwrap()],
    );
    let hint = server.line();
    assert_eq!(
        hint,
        format!(
            "To stop the server, request http://127.0.0.1:{}/quit",
            server.port
        )
    );
    bin("http_get")
        .arg(server.url("/"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("HTTP/1.1 200 OK\n"))
        .stdout(predicate::str::contains("Server: workbook-webserver/0.1"))
        .stdout(predicate::str::contains("Content-Length: 12"))
        .stdout(predicate::str::contains("Date: "))
        .stdout(predicate::str::ends_with("\n\n<p>home</p>\n"));
    let mut d = Driver::connect(server.addr()).unwrap();
    d.send(b"GET /../secret.txt HTTP/1.1\r\nHost: h\r\n\r\n")
        .unwrap();
    assert_eq!(d.read_response(false).unwrap().status, 403);
    bin("http_get")
        .args([&server.url("/nothing"), "--fail"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("404"));
    bin("http_get")
        .arg(server.url("/quit"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Shutdown"));
    let log = [server.line(), server.line(), server.line(), server.line()];
    assert!(log[0].ends_with("\"GET / HTTP/1.1\" 200 12"), "{log:?}");
    assert!(
        log[1].contains("/../secret.txt") && log[1].contains(" 403 "),
        "{log:?}"
    );
    assert_eq!(server.line(), "Server stopped");
    assert!(server.finish().0, "webserver exits 0 after /quit");
}

/// One error, said once (an error chain that repeats its source printed it
/// twice), and a trickling server cut off by `--max-time`.
#[test]
fn http_get_says_each_error_once_and_gives_up_on_a_trickle() {
    let closed = harness::peer::client::ClosedPort::new().unwrap();
    let out = bin("http_get")
        .arg(format!("http://{}/", closed.addr()))
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(stderr.matches("refused").count(), 1, "{stderr}");
    let trickle =
        harness::http::start_local(harness::fault::FaultPlan::none().chop(1).delay(50, false));
    bin("http_get")
        .args([
            &format!("http://{}/echo", trickle.addr()),
            "--max-time",
            "0.5",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("total timeout"));
}

#[test]
fn webserver_refuses_a_missing_root() {
    bin("webserver")
        .args(["--port", "0", "--root", "/nonexistent/www"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a directory"));
}

#[test]
fn http_get_prints_status_headers_and_body_and_follows_redirects() {
    let p = http_peer();
    let url = |path: &str| format!("http://{}{path}", p.addr());
    bin("http_get")
        .arg(url("/redirect/2"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("HTTP/1.1 200 OK\n"))
        .stdout(predicate::str::ends_with("arrived\n"));
    bin("http_get")
        .args([&url("/redirect/2"), "--max-redirects", "0"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Location: /redirect/1"));
    bin("http_get")
        .arg(url("/loop"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("more than 5 redirects"));
    bin("http_get")
        .arg(url("/chunked"))
        .assert()
        .success()
        .stdout(predicate::str::ends_with("chunked body in pieces\n"));
    bin("http_get")
        .args([&url("/echo"), "-d", "x=1", "-H", "X-Test: 42", "-A", "ua/9"])
        .assert()
        .success()
        .stdout(predicate::str::contains("POST /echo HTTP/1.1"))
        .stdout(predicate::str::contains("X-Test: 42"))
        .stdout(predicate::str::contains("User-Agent: ua/9"))
        .stdout(predicate::str::ends_with("\nx=1"));
    bin("http_get")
        .args([&url("/bytes/10"), "-X", "HEAD"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with("Content-Length: 10\n\n"));
    bin("http_get")
        .args([&url("/bytes/10"), "--memory"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "(10 bytes in memory)\nabcdefghij",
        ));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("body.bin");
    bin("http_get")
        .args([&url("/bytes/30"), "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("30 bytes written"));
    assert_eq!(std::fs::read(&out).unwrap().len(), 30);
    bin("http_get")
        .arg(url("/truncated"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("body ended after 10 of 100 bytes"));
    bin("http_get")
        .arg("https://example.com/")
        .assert()
        .failure()
        .stderr(predicate::str::contains("only http://"));
}

#[test]
fn grab_file_saves_with_a_checksum_and_never_leaves_a_partial_file() {
    let p = http_peer();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data.bin");
    let url = format!("http://{}/bytes/70000", p.addr());
    let expected: Vec<u8> = (0..70000).map(|i| b'a' + (i % 26) as u8).collect();
    let digest: String = Sha256::digest(&expected)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    bin("grab_file")
        .args([&url, "-o", out.to_str().unwrap(), "--sha256", &digest])
        .assert()
        .success()
        .stdout(predicate::str::contains("Saved 70000 bytes"))
        .stdout(predicate::str::contains(format!("SHA-256 {digest}")));
    assert_eq!(std::fs::read(&out).unwrap(), expected);
    let bad = dir.path().join("bad.bin");
    bin("grab_file")
        .args([&url, "-o", bad.to_str().unwrap(), "--sha256", "00"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("checksum mismatch"));
    let cut = dir.path().join("cut.bin");
    bin("grab_file")
        .args([
            &format!("http://{}/truncated", p.addr()),
            "-o",
            cut.to_str().unwrap(),
        ])
        .assert()
        .failure();
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        ["data.bin"],
        "no partial or mismatched file is left"
    );
}

#[test]
fn file_server_lists_gets_and_takes_uploads_within_the_limit() {
    let root = Root::new();
    let server = Server::start(
        "file_server",
        &[
            "--port",
            "0",
            "--root",
            root.root.to_str().unwrap(),
            "--max-upload",
            "100",
        ],
    );
    bin("http_get")
        .args([&server.url("/new.txt"), "-X", "PUT", "-d", "uploaded\n"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("HTTP/1.1 201 Created"));
    assert_eq!(
        std::fs::read_to_string(root.root.join("new.txt")).unwrap(),
        "uploaded\n"
    );
    bin("http_get")
        .arg(server.url("/"))
        .assert()
        .success()
        .stdout(predicate::str::contains("<a href=\"new.txt\">new.txt</a>"))
        .stdout(predicate::str::contains("sub/"));
    bin("http_get")
        .arg(server.url("/new.txt"))
        .assert()
        .success()
        .stdout(predicate::str::ends_with("\n\nuploaded\n"));
    let big = "x".repeat(101);
    bin("http_get")
        .args([&server.url("/big.txt"), "-X", "PUT", "-d", &big])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("HTTP/1.1 413"));
    assert!(!root.root.join("big.txt").exists());
    for target in ["/../evil.txt", "/%2e%2e/evil.txt", "/leak", "/sub"] {
        let mut d = Driver::connect(server.addr()).unwrap();
        d.send(
            format!("PUT {target} HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx").as_bytes(),
        )
        .unwrap();
        let status = d.read_response(false).unwrap().status;
        assert!(matches!(status, 403 | 405), "{target}: {status}");
    }
    assert!(!root.dir.path().join("evil.txt").exists());
    assert_eq!(
        std::fs::read_to_string(root.dir.path().join("secret.txt")).unwrap(),
        "SECRET\n"
    );
}

#[test]
fn env_page_lists_the_chapters_and_their_programs() {
    bin("env_page")
        .assert()
        .success()
        .stdout(predicate::str::contains("<h2>chapter-05</h2>"))
        .stdout(predicate::str::contains("<li><code>webserver</code></li>"))
        .stdout(predicate::str::contains("Chapter 6: Filters"));
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("index.html");
    bin("env_page")
        .args(["-o", page.to_str().unwrap()])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(page)
            .unwrap()
            .contains("<h2>chapter-02</h2>")
    );
}

#[test]
fn http_get_output_is_the_one_the_book_shows() {
    let p = http_peer();
    let out = bin("http_get")
        .arg(format!("http://{}/redirect/2", p.addr()))
        .assert()
        .success();
    harness::golden::assert_golden("fixtures/http_get_redirect.out", &out.get_output().stdout);
}
