//! The book server (`workbook book --serve`) under hostile requests: the
//! traversal corpus (`fixtures/hostile/traversal.txt`) must serve nothing
//! outside the root, and only loopback `Host` names are answered (DNS
//! rebinding). The same corpus runs against the harness's path function.

use std::net::TcpListener;

use harness::hostile::HostileSite;
use harness::http::{Driver, RawResponse};
use harness::safe_path::WebRoot;
use workbook::cli::book::BookServer;

fn start(site: &HostileSite) -> BookServer {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    BookServer::start(listener, &site.root).unwrap()
}

/// One request on its own connection (the server closes after each).
fn request(server: &BookServer, head: &str) -> RawResponse {
    let mut d = Driver::connect(server.addr()).unwrap();
    d.send(head.as_bytes()).unwrap();
    d.read_response(false).unwrap()
}

fn get(server: &BookServer, target: &str, host: &str) -> RawResponse {
    request(
        server,
        &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n"),
    )
}

#[test]
fn the_traversal_corpus_serves_nothing_outside_the_book() {
    let site = HostileSite::new();
    let server = start(&site);
    let targets = site.targets();
    assert!(targets.len() >= 250, "only {} targets", targets.len());
    for target in &targets {
        let got = get(&server, target, "localhost");
        site.assert_nothing_leaked("the book server", target, &got.body);
        assert!(
            !(200..300).contains(&got.status),
            "{target:?} answered {}",
            got.status
        );
    }
    // And what is inside is still served.
    assert_eq!(get(&server, "/", "localhost").body, b"<p>home</p>\n");
    assert_eq!(get(&server, "/a..b.txt", "localhost").status, 200);
    assert_eq!(get(&server, "/inside/page.txt", "127.0.0.1").status, 200);
}

#[test]
fn the_harness_path_function_refuses_the_whole_corpus() {
    let site = HostileSite::new();
    let root = WebRoot::new(&site.root).unwrap();
    for target in site.targets() {
        let got = root.resolve(&target);
        assert!(got.is_err(), "{target:?} resolved to {got:?}");
    }
    assert!(root.resolve("/sub/page.txt").is_ok());
}

#[test]
fn only_loopback_host_names_are_answered() {
    let site = HostileSite::new();
    let server = start(&site);
    for host in ["localhost", "localhost:3000", "127.0.0.1:1", "[::1]:3000"] {
        assert_eq!(get(&server, "/", host).status, 200, "Host: {host}");
    }
    for host in [
        "evil.example",
        "evil.example:3000",
        "localhost.evil.example",
        "",
    ] {
        assert_eq!(get(&server, "/", host).status, 421, "Host: {host}");
    }
    let none = request(&server, "GET / HTTP/1.1\r\n\r\n");
    assert_eq!(none.status, 421, "no Host at all");
}
