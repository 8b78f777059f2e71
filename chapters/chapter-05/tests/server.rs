//! The web server: scripted requests without sockets (tier 2: what
//! [`Site::answer`] says), then the connection loop over loopback through
//! the harness's HTTP driver (tier 3): keep-alive, pipelining, HEAD,
//! malformed requests, limits, slow clients, shutdown, each with every
//! engine (a thread per connection, kept threads, event loops; the traversal corpus
//! is `tests/traversal.rs`'s; hostile clients are `tests/hostile.rs`'s).

mod common;

use std::time::Duration;

use chapter_05::head::{Limits, Parse, parse_head};
use chapter_05::response::Body;
use chapter_05::server::{Config, Engine};
use chapter_05::site::Site;
use common::{Root, Running};
use harness::http::Driver;
use rstest::rstest;

fn answer(site: &Site, request: &str) -> (u16, Vec<u8>) {
    let Ok(Parse::Complete(head, _)) = parse_head(request.as_bytes(), &Limits::default()) else {
        panic!("bad test request {request:?}");
    };
    let a = site.answer(&head);
    let body = match a.response.body {
        Body::Bytes(bytes) => bytes,
        Body::File { path, len } => {
            let bytes = std::fs::read(path).unwrap();
            assert_eq!(bytes.len() as u64, len);
            bytes
        }
    };
    (a.response.status, body)
}

#[test]
fn answers_like_the_seed_and_better() {
    let root = Root::new();
    let site = Site {
        root: root.root.clone(),
        quit: true,
    };
    let get = |t: &str| answer(&site, &format!("GET {t} HTTP/1.1\r\nHost: h\r\n\r\n"));
    assert_eq!(
        get("/"),
        (200, b"<p>home</p>\n".to_vec()),
        "index.html by default"
    );
    assert_eq!(get("/style.css").0, 200);
    assert_eq!(get("/nothing").0, 404);
    assert_eq!(get("/../secret.txt").0, 403);
    assert_eq!(
        get("/a..b.txt").0,
        200,
        "a name with two dots is not a traversal"
    );
    assert_eq!(get("/sub").0, 301);
    assert!(
        String::from_utf8(get("/sub/").1)
            .unwrap()
            .contains("page.txt"),
        "listing"
    );
    assert_eq!(get("http://h/sub/page.txt").0, 200, "absolute-form target");
    assert_eq!(answer(&site, "DELETE / HTTP/1.1\r\nHost: h\r\n\r\n").0, 405);
    let quit = site.answer(
        &match parse_head(b"GET /quit HTTP/1.1\r\n\r\n", &Limits::default()) {
            Ok(Parse::Complete(h, _)) => h,
            _ => unreachable!(),
        },
    );
    assert!(quit.stop);
}

#[rstest]
fn keeps_the_connection_alive_and_answers_pipelined_requests_in_order(
    #[values(Engine::Threads, Engine::Pool, Engine::Poll)] engine: Engine,
) {
    let root = Root::new();
    let server = Running::site_on(&root, engine);
    let mut d = Driver::connect(server.addr).unwrap();
    assert_eq!(d.get("/", false).unwrap().body, b"<p>home</p>\n");
    d.send(b"GET /style.css HTTP/1.1\r\nHost: h\r\n\r\nHEAD /sub/page.txt HTTP/1.1\r\nHost: h\r\n\r\nGET /nothing HTTP/1.1\r\nHost: h\r\n\r\n").unwrap();
    let css = d.read_response(false).unwrap();
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css"))
    );
    let head = d.read_response(true).unwrap();
    assert_eq!(
        (head.status, head.header("content-length")),
        (200, Some("5"))
    );
    let missing = d.read_response(false).unwrap();
    assert_eq!(missing.status, 404);
    let last = d.get("/sub/page.txt", true).unwrap();
    assert_eq!(last.header("connection"), Some("close"));
    assert!(d.is_closed());
    assert_eq!(server.log.lock().unwrap().len(), 5);
}

#[rstest]
fn refuses_malformed_requests_and_closes(
    #[values(Engine::Threads, Engine::Pool, Engine::Poll)] engine: Engine,
) {
    let root = Root::new();
    let server = Running::site_on(&root, engine);
    let long_target = format!("GET /{} HTTP/1.1\r\nHost: h\r\n\r\n", "a".repeat(9000));
    let many_fields = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        "X-F: 0123456789012345678901234567890123456789\r\n".repeat(400)
    );
    let cases: &[(&[u8], u16)] = &[
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\n\r\n", 400), // HTTP/1.1 without Host
        (
            b"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            400,
        ),
        (
            b"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n",
            400,
        ),
        (
            b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999\r\n\r\n",
            413,
        ),
        (b"GET / HTTP/3.0\r\nHost: h\r\n\r\n", 505),
        // Framing both ends must agree on (RFC 9112 §6.3, RFC 9110 §8.6),
        // and one Host only (RFC 9112 §3.2).
        (
            b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            400,
        ),
        (
            b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\nhello",
            400,
        ),
        (b"GET / HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n", 400),
        (b"GET / HTTP/1.0\r\nHost: h\r\nHost: h\r\n\r\n", 400),
        (long_target.as_bytes(), 414),
        (many_fields.as_bytes(), 431),
    ];
    for (request, status) in cases {
        let mut d = Driver::connect(server.addr).unwrap();
        d.send(request).unwrap();
        let got = d.read_response(false).unwrap();
        assert_eq!(
            got.status,
            *status,
            "{}",
            String::from_utf8_lossy(&request[..request.len().min(60)])
        );
        assert_eq!(got.header("connection"), Some("close"));
        assert!(d.is_closed());
    }
}

#[rstest]
fn reads_folded_headers_and_bodies_and_keeps_going(
    #[values(Engine::Threads, Engine::Pool, Engine::Poll)] engine: Engine,
) {
    let root = Root::new();
    let server = Running::site_on(&root, engine);
    let mut d = Driver::connect(server.addr).unwrap();
    d.send(b"POST / HTTP/1.1\r\nHost: h\r\nX-Folded: a\r\n b\r\nContent-Length: 5\r\n\r\nhello")
        .unwrap();
    assert_eq!(d.read_response(false).unwrap().status, 405);
    d.send(
        b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
    )
    .unwrap();
    assert_eq!(d.read_response(false).unwrap().status, 405);
    assert_eq!(d.get("/", false).unwrap().status, 200, "the framing held");
}

#[rstest]
fn a_slow_client_does_not_stall_others(
    #[values(Engine::Threads, Engine::Pool, Engine::Poll)] engine: Engine,
) {
    let root = Root::new();
    let server = Running::site_on(&root, engine);
    let mut slow = Driver::connect(server.addr).unwrap();
    slow.send(b"GET / HT").unwrap();
    for _ in 0..5 {
        assert_eq!(
            Driver::connect(server.addr)
                .unwrap()
                .get("/", true)
                .unwrap()
                .status,
            200
        );
    }
    slow.send_slowly(b"TP/1.1\r\nHost: h\r\n\r\n", 3, Duration::from_millis(5))
        .unwrap();
    assert_eq!(slow.read_response(false).unwrap().status, 200);
}

#[rstest]
fn an_idle_client_is_dropped_after_the_idle_time(
    #[values(Engine::Threads, Engine::Pool, Engine::Poll)] engine: Engine,
) {
    let root = Root::new();
    let config = Config {
        idle: Duration::from_millis(300),
        engine,
        ..Config::default()
    };
    let server = Running::start(
        Site {
            root: root.root.clone(),
            quit: false,
        },
        config,
    );
    let mut d = Driver::connect(server.addr).unwrap();
    d.send(b"GET / HTTP/1.1\r\n").unwrap();
    let got = d.read_response(false).unwrap();
    assert_eq!(got.status, 408);
}

#[rstest]
fn quit_stops_the_server_and_shutdown_joins_every_connection(
    #[values(Engine::Threads, Engine::Pool, Engine::Poll)] engine: Engine,
) {
    let root = Root::new();
    let server = Running::site_on(&root, engine);
    let mut idle = Driver::connect(server.addr).unwrap();
    assert_eq!(idle.get("/", false).unwrap().status, 200);
    let mut d = Driver::connect(server.addr).unwrap();
    let bye = d.get("/quit", false).unwrap();
    assert_eq!((bye.status, bye.header("connection")), (200, Some("close")));
    assert!(
        idle.is_closed(),
        "an idle keep-alive connection is closed at shutdown"
    );
    assert!(server.shutdown(), "the server thread ended");
}

/// A client that asks for a large file and never reads it holds its
/// connection only until a write has waited `write_timeout`.
#[rstest]
fn a_client_that_never_reads_is_dropped_after_the_write_timeout(
    #[values(Engine::Threads, Engine::Pool, Engine::Poll)] engine: Engine,
) {
    let root = Root::new();
    std::fs::write(root.root.join("big.bin"), vec![b'b'; 8 << 20]).unwrap();
    let config = Config {
        write_timeout: Duration::from_millis(300),
        engine,
        ..Config::default()
    };
    let site = Site {
        root: root.root.clone(),
        quit: false,
    };
    let server = Running::start(site, config);
    let mut deaf =
        harness::hostile::never_reads(server.addr, b"GET /big.bin HTTP/1.1\r\nHost: h\r\n\r\n")
            .unwrap();
    // What is tested is a timeout: time must pass with the client not
    // reading (reading earlier would let the server go on writing).
    std::thread::sleep(Duration::from_secs(1));
    deaf.set_nonblocking(false).unwrap();
    deaf.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = std::time::Instant::now();
    let (got, _) = harness::peer::client::read_to_close(&mut deaf, 16 << 20);
    assert!(
        got.len() < 8 << 20,
        "the whole file came: the server never gave up"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(server.shutdown());
}

/// Every engine: many `Connection: close` requests in a row (the pool
/// hands them to kept threads, the event loops accept them), the connection
/// cap still turns the one too many away with 503, and shutdown ends idle
/// kept threads at once rather than after their wait.
#[test]
fn every_engine_serves_close_requests_keeps_the_cap_and_stops_at_once() {
    let root = Root::new();
    for engine in [Engine::Threads, Engine::Pool, Engine::Poll] {
        let config = Config {
            engine,
            max_connections: 2,
            ..Config::default()
        };
        let site = Site {
            root: root.root.clone(),
            quit: false,
        };
        let server = Running::start(site, config);
        for _ in 0..40 {
            let mut d = Driver::connect(server.addr).unwrap();
            let got = d.get("/", true).unwrap();
            assert_eq!(got.status, 200, "{engine:?}");
            assert!(d.is_closed(), "{engine:?}: closed after Connection: close");
        }
        let mut held: Vec<Driver> = (0..2)
            .map(|_| Driver::connect(server.addr).unwrap())
            .collect();
        for d in &mut held {
            assert_eq!(d.get("/", false).unwrap().status, 200, "{engine:?}");
        }
        let mut third = Driver::connect(server.addr).unwrap();
        assert_eq!(
            third.read_response(false).unwrap().status,
            503,
            "{engine:?}"
        );
        let started = std::time::Instant::now();
        assert!(server.shutdown(), "{engine:?}: the server thread ended");
        assert!(
            started.elapsed() < chapter_05::server::pool::KEEP_IDLE,
            "{engine:?}: idle kept threads end at shutdown, not after their wait"
        );
    }
}
