//! Real programs as peers (DESIGN.md §9): curl and headless Chromium
//! against `webserver`, and `http_get` against Python's http.server. Each
//! test skips visibly when its program is missing, and fails instead under
//! WORKBOOK_REQUIRE_PEERS=1.

mod common;

use std::process::{Command as StdCommand, Stdio};
use std::time::Instant;

use assert_cmd::Command;
use common::{LIMIT, Server};
use conform::Running;
use harness::real::available;
use predicates::prelude::*;

fn www() -> String {
    chapter_05::cli::default_root()
        .to_string_lossy()
        .into_owned()
}

fn curl(args: &[&str]) -> std::process::Output {
    let out = StdCommand::new("curl")
        .args(["-sS", "--max-time", "20"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "curl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn curl_fetches_pages_reuses_the_connection_and_sees_heads() {
    if !available("curl", &["curl", "--version"]) {
        return;
    }
    let server = Server::start("webserver", &["--port", "0", "--root", &www()]);
    let (home, css) = (server.url("/"), server.url("/style.css"));
    let out = curl(&["-v", &home, &css]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Re-using existing connection") || stderr.contains("Reusing existing"),
        "keep-alive: {stderr}"
    );
    let body = String::from_utf8_lossy(&out.stdout);
    assert!(
        body.contains("<h1 id=\"title\">It works</h1>") && body.contains("font-family"),
        "{body}"
    );
    let head = curl(&["-sI", &server.url("/logo.png")]);
    let head = String::from_utf8_lossy(&head.stdout);
    assert!(
        head.starts_with("HTTP/1.1 200 OK")
            && head.contains("Content-Type: image/png")
            && head.contains("Content-Length: 97"),
        "{head}"
    );
    let code = curl(&[
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "--path-as-is",
        &server.url("/../Cargo.toml"),
    ]);
    assert_eq!(String::from_utf8_lossy(&code.stdout), "403");
    curl(&[&server.url("/quit")]);
    assert!(server.finish().0);
}

#[test]
fn chromium_loads_the_page_with_its_css_and_image() {
    let chromium = "/usr/bin/chromium";
    if !available("chromium", &[chromium, "--version"]) {
        return;
    }
    let server = Server::start("webserver", &["--port", "0", "--root", &www()]);
    let profile = tempfile::tempdir().unwrap();
    let shot = profile.path().join("page.png");
    let out = StdCommand::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
            "--window-size=800,600",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(server.url("/"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::metadata(&shot).is_ok_and(|m| m.len() > 0),
        "a screenshot was written"
    );
    // Read the log until all three requests are there (each read bounded by LIMIT).
    let wanted = [
        "\"GET / HTTP/1.1\" 200",
        "\"GET /style.css HTTP/1.1\" 200",
        "\"GET /logo.png HTTP/1.1\" 200",
    ];
    let mut log = Vec::new();
    while !wanted
        .iter()
        .all(|w| log.iter().any(|l: &String| l.contains(w)))
    {
        log.push(server.line());
        assert!(
            log.len() < 100,
            "not all of {wanted:?} in the server log:\n{}",
            log.join("\n")
        );
    }
}

/// Python's http.server on a free port, serving `dir`; the harness's
/// [`Running`] kills its process group on drop.
struct Python {
    _server: Running,
    port: u16,
}

fn python_server(dir: &str) -> Python {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut command = StdCommand::new("/usr/bin/python3");
    command
        .args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &port.to_string(),
            "--directory",
            dir,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut running = Running::spawn_command(command, LIMIT * 10).unwrap();
    // Connects until it accepts; wakes at once if python exits instead.
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    running
        .wait_accepting(addr, Instant::now() + LIMIT)
        .expect("python's http.server did not start");
    Python {
        _server: running,
        port,
    }
}

#[test]
fn http_get_fetches_from_pythons_http_server() {
    if !available(
        "python3 http.server",
        &["/usr/bin/python3", "-c", "import http.server"],
    ) {
        return;
    }
    let python = python_server(&www());
    let url = |p: &str| format!("http://127.0.0.1:{}{p}", python.port);
    let mut cmd = Command::cargo_bin("http_get").unwrap();
    cmd.timeout(LIMIT)
        .arg(url("/"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("HTTP/1.0 200 OK\n"))
        .stdout(predicate::str::contains("Server: SimpleHTTP"))
        .stdout(predicate::str::contains("It works"));
    // Python redirects a directory without its slash (301), which we follow.
    let mut cmd = Command::cargo_bin("http_get").unwrap();
    cmd.timeout(LIMIT)
        .arg(url("/docs"))
        .assert()
        .success()
        .stdout(predicate::str::contains("notes.txt"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("logo.png");
    let mut cmd = Command::cargo_bin("grab_file").unwrap();
    cmd.timeout(LIMIT)
        .args([&url("/logo.png"), "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("Saved 97 bytes"));
    assert_eq!(
        std::fs::read(out).unwrap(),
        std::fs::read(format!("{}/logo.png", www())).unwrap()
    );
}
