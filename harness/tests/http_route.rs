//! The `http` peer's routes: first as a pure function ([`route`], no
//! sockets: golden bytes and the responses' shapes), then once end to end,
//! to show the driver writes exactly what the route answered.

use std::io::Write;
use std::time::Duration;

use harness::fault::FaultPlan;
use harness::http::route::{CHUNKED, framing, header, request_path};
use harness::http::{Response, route, start_local};
use harness::peer::client::{connect, read_to_close};

/// A GET of `target` as the driver hands it to the router (no blank line).
fn head(target: &str) -> String {
    format!("GET {target} HTTP/1.1\r\nHost: peer.test:8080\r\nConnection: close\r\n")
}

fn get(target: &str) -> Response {
    route(&head(target), b"")
}

/// A page's status and the value of its `Location`, if any.
fn redirect(r: &Response) -> (&str, Option<&str>) {
    match r {
        Response::Page {
            status, headers, ..
        } => {
            let location = headers.iter().find(|(n, _)| n == "Location");
            (status, location.map(|(_, v)| v.as_str()))
        }
        other => panic!("not a page: {other:?}"),
    }
}

#[test]
fn a_page_is_framed_with_content_length_and_close() {
    assert_eq!(
        get("/redirect/0").to_bytes(),
        b"HTTP/1.1 200 OK\r\nServer: workbook-http-peer\r\nConnection: close\r\n\
          Content-Type: text/plain\r\nContent-Length: 8\r\n\r\narrived\n"
    );
    let missing = get("/nowhere").to_bytes();
    assert!(missing.starts_with(b"HTTP/1.1 404 Not Found\r\n"));
    assert!(missing.ends_with(b"Content-Length: 14\r\n\r\nno such route\n"));
}

#[test]
fn redirect_chains_count_down() {
    assert_eq!(
        redirect(&get("/redirect/3")),
        ("302 Found", Some("/redirect/2"))
    );
    assert_eq!(redirect(&get("/chain/1")), ("302 Found", Some("/chain/0")));
    assert_eq!(get("/chain/0"), Response::Raw(CHUNKED.to_vec()));
    let abs = get("/redirect-abs/2");
    let want = Some("http://peer.test:8080/redirect-abs/1");
    assert_eq!(redirect(&abs), ("301 Moved Permanently", want));
    assert_eq!(redirect(&get("/loop")), ("302 Found", Some("/loop")));
    assert_eq!(
        redirect(&get("/see-other")),
        ("303 See Other", Some("/echo"))
    );
}

#[test]
fn queries_and_absolute_targets_are_answered_by_their_path() {
    assert_eq!(get("/redirect/1?x=y"), get("/redirect/1"));
    assert_eq!(get("http://elsewhere.test/redirect/1"), get("/redirect/1"));
    assert_eq!(request_path("GET http://h.test HTTP/1.1\r\n"), "/");
    assert_eq!(header(&head("/"), "HOST"), Some("peer.test:8080"));
    assert_eq!(header(&head("/"), "content-length"), None);
}

#[test]
fn fault_routes_are_their_exact_bytes() {
    for (path, starts, ends) in [
        (
            "/chunked",
            &b"HTTP/1.1 200 OK\r\n"[..],
            &b"0\r\nX-Trailer: yes\r\n\r\n"[..],
        ),
        (
            "/truncated",
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n",
            b"\r\n\r\nonly ten!\n",
        ),
        (
            "/no-length",
            b"HTTP/1.1 200 OK\r\n",
            b"Connection: close\r\n\r\nbody until the close\n",
        ),
        (
            "/interim",
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n",
            b"\r\n\r\nfinal\n",
        ),
        (
            "/bad-status",
            b"HTTP/1.1 2OO Fine\r\n",
            b"Content-Length: 0\r\n\r\n",
        ),
    ] {
        let Response::Raw(bytes) = get(path) else {
            panic!("{path}: not raw");
        };
        assert!(bytes.starts_with(starts) && bytes.ends_with(ends), "{path}");
    }
}

#[test]
fn slow_trickles_twenty_bytes() {
    let Response::Trickle { head, body, pause } = get("/slow") else {
        panic!("/slow does not trickle");
    };
    assert!(head.ends_with(b"Content-Length: 20\r\nConnection: close\r\n\r\n"));
    assert_eq!(body.len(), 20);
    assert_eq!(pause, Duration::from_millis(10));
}

#[test]
fn bytes_and_echo_bodies() {
    let bytes = get("/bytes/30").to_bytes();
    assert!(bytes.ends_with(b"\r\n\r\nabcdefghijklmnopqrstuvwxyzabcd"));
    let request = "POST /echo HTTP/1.1\r\nContent-Length: 4\r\n";
    let echo = route(request, b"ping").to_bytes();
    assert!(echo.ends_with(b"POST /echo HTTP/1.1\nContent-Length: 4\n\nping"));
}

#[test]
fn the_driver_writes_what_the_route_answered() {
    let peer = start_local(FaultPlan::none());
    for path in [
        "/redirect/2",
        "/echo",
        "/chunked",
        "/slow",
        "/interim",
        "/nowhere",
        "/bytes/200000",
    ] {
        let mut s = connect(peer.addr()).unwrap();
        s.write_all(format!("{}\r\n", head(path)).as_bytes())
            .unwrap();
        let (got, err) = read_to_close(&mut s, 1 << 20);
        assert!(err.is_none(), "{path}: {err:?}");
        assert_eq!(got, get(path).to_bytes(), "{path}");
    }
}

#[test]
fn framing_refuses_what_two_ends_could_read_differently() {
    let with = |fields: &str| framing(&format!("POST /echo HTTP/1.1\r\nHost: h\r\n{fields}"));
    assert_eq!(with(""), Ok(0));
    assert_eq!(with("Content-Length: 5\r\n"), Ok(5));
    assert_eq!(with("Content-Length: 5\r\nContent-Length: 5\r\n"), Ok(5));
    for bad in [
        "Content-Length: 5\r\nContent-Length: 6\r\n",
        "Content-Length: +5\r\n",
        "Content-Length: 5, 6\r\n",
        "Content-Length: x\r\n",
        "Host: i\r\n",
    ] {
        assert_eq!(
            with(bad).map_err(|(s, _)| s),
            Err("400 Bad Request"),
            "{bad:?}"
        );
    }
    assert_eq!(
        with("Content-Length: 2000000\r\n").map_err(|(s, _)| s),
        Err("413 Content Too Large")
    );
}

#[test]
fn the_peer_answers_sloppy_framing_with_400_unrouted() {
    let peer = start_local(FaultPlan::none());
    let mut s = connect(peer.addr()).unwrap();
    s.write_all(
        b"POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\npingo",
    )
    .unwrap();
    let (got, _) = read_to_close(&mut s, 1 << 20);
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{text}");
    assert!(
        text.ends_with("two different Content-Length values\n"),
        "{text}"
    );
}

/// `/bytes/N` is made as it is sent: clients that ask for 64 MiB and never
/// read cost the peer a piece each, not the body (and copies of it).
#[test]
fn unread_large_bodies_cost_the_peer_little_memory() {
    use harness::transcript::{Event, Side};
    let Some(before) = harness::hostile::sys::rss_kib(std::process::id()) else {
        eprintln!("skipped: no /proc here");
        return;
    };
    let peer = start_local(FaultPlan::none());
    let deaf: Vec<_> = (0..3)
        .map(|_| {
            harness::hostile::never_reads(
                peer.addr(),
                b"GET /bytes/67108864 HTTP/1.1\r\nHost: h\r\n\r\n",
            )
            .unwrap()
        })
        .collect();
    let sending = peer.recorder().wait_for(Duration::from_secs(10), |events| {
        let started = events.iter().filter(|e| {
            matches!(
                e,
                Event::Data {
                    from: Side::Server,
                    ..
                }
            )
        });
        started.count() >= 3
    });
    assert!(sending, "the peer did not start answering");
    let after = harness::hostile::sys::rss_kib(std::process::id()).unwrap();
    let grown = after.saturating_sub(before);
    assert!(grown < 48 * 1024, "grew {grown} KiB for 3 unread bodies");
    drop(deaf);
}

/// A request line or a header line longer than the peer reads is refused
/// with 414 or 431 (RFC 9112 §3, RFC 6585 §5), and the refusal reaches a
/// client that is still sending: the peer half-closes and reads what is
/// left instead of resetting the connection under the answer.
#[test]
fn over_long_heads_are_refused_with_their_status_not_a_reset() {
    let peer = start_local(FaultPlan::none());
    let line = harness::hostile::long_line(peer.addr(), 10 << 20).unwrap();
    assert!(
        line.reply.starts_with(b"HTTP/1.1 414 "),
        "a 10 MB request line: {:?}",
        String::from_utf8_lossy(&line.reply[..line.reply.len().min(200)])
    );
    let mut s = connect(peer.addr()).unwrap();
    let long_field = format!("GET / HTTP/1.1\r\nX-Long: {}\r\n\r\n", "y".repeat(9000));
    s.write_all(long_field.as_bytes()).unwrap();
    let (reply, _) = read_to_close(&mut s, 4096);
    assert!(
        reply.starts_with(b"HTTP/1.1 431 "),
        "a 9000-byte field: {:?}",
        String::from_utf8_lossy(&reply)
    );
    let mut s = connect(peer.addr()).unwrap();
    let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(300));
    s.write_all(many.as_bytes()).unwrap();
    let (reply, _) = read_to_close(&mut s, 4096);
    assert!(reply.starts_with(b"HTTP/1.1 431 "), "300 fields: {reply:?}");
}
