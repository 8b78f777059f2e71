//! The HTTP client against the harness's `http` peer (a real server on
//! loopback): redirects, chunked, slow, truncated and close-delimited
//! bodies, interim responses, a bad status line, POST and headers, the
//! proxy form, and all of it again with the peer's writes chopped to a
//! few bytes and delayed.

use chapter_05::client::{ClientError, Request, fetch};
use chapter_05::url::Url;
use harness::fault::FaultPlan;
use harness::fixtures::{chopped_http_peer, http_peer};
use harness::http::start_local as peer;
use harness::peer::PeerHandle;
use rstest::rstest;

fn request(peer: &PeerHandle, path: &str) -> Request {
    Request::get(Url::parse(&format!("http://{}{path}", peer.addr())).unwrap())
}

fn get(request: &Request) -> Result<(u16, String), ClientError> {
    let mut body = Vec::new();
    let reply = fetch(request, &mut body, &mut |_, _| {})?;
    Ok((reply.status, String::from_utf8_lossy(&body).into_owned()))
}

fn plans() -> Vec<FaultPlan> {
    vec![FaultPlan::none(), FaultPlan::none().chop(3).delay(1, false)]
}

#[test]
fn follows_redirect_chains_within_the_limit() {
    for plan in plans() {
        let p = peer(plan);
        assert_eq!(
            get(&request(&p, "/redirect/3")).unwrap(),
            (200, "arrived\n".into())
        );
        assert_eq!(
            get(&request(&p, "/redirect-abs/2")).unwrap(),
            (200, "arrived\n".into())
        );
        let mut no_follow = request(&p, "/redirect/1");
        no_follow.max_redirects = 0;
        assert_eq!(get(&no_follow).unwrap(), (302, "moved\n".into()));
        let err = get(&request(&p, "/loop")).unwrap_err();
        assert!(matches!(err, ClientError::TooManyRedirects(5)), "{err}");
    }
}

#[test]
fn reads_every_kind_of_body() {
    for plan in plans() {
        let p = peer(plan);
        assert_eq!(
            get(&request(&p, "/chunked")).unwrap(),
            (200, "chunked body in pieces\n".into())
        );
        assert_eq!(get(&request(&p, "/slow")).unwrap().1.len(), 20);
        assert_eq!(
            get(&request(&p, "/no-length")).unwrap().1,
            "body until the close\n"
        );
        assert_eq!(
            get(&request(&p, "/interim")).unwrap(),
            (200, "final\n".into())
        );
        assert_eq!(get(&request(&p, "/bytes/3000")).unwrap().1.len(), 3000);
    }
    let p = peer(FaultPlan::none());
    assert_eq!(
        get(&request(&p, "/bytes/1000000")).unwrap().1.len(),
        1_000_000
    );
}

#[rstest]
fn reports_truncation_and_bad_status_lines(
    #[values(http_peer(), chopped_http_peer())] p: PeerHandle,
) {
    let err = get(&request(&p, "/truncated")).unwrap_err().to_string();
    assert!(err.contains("10 of 100"), "{err}");
    let err = get(&request(&p, "/bad-status")).unwrap_err().to_string();
    assert!(err.contains("bad status line"), "{err}");
}

#[rstest]
fn sends_method_headers_body_user_agent_and_proxy_form(http_peer: PeerHandle) {
    let p = http_peer;
    let mut post = request(&p, "/echo");
    post.method = "POST".into();
    post.body = Some(b"a=1&b=2".to_vec());
    post.headers.push(("X-Extra".into(), "yes".into()));
    post.user_agent = "test-agent/1".into();
    let (status, echo) = get(&post).unwrap();
    assert_eq!(status, 200);
    for want in [
        "POST /echo HTTP/1.1",
        "X-Extra: yes",
        "User-Agent: test-agent/1",
        "Content-Length: 7",
        "\na=1&b=2",
    ] {
        assert!(echo.contains(want), "{want:?} not in {echo}");
    }
    let mut via_proxy = Request::get(Url::parse("http://example.invalid/echo").unwrap());
    via_proxy.proxy = Some(Url::parse(&format!("http://{}", p.addr())).unwrap());
    let (_, echo) = get(&via_proxy).unwrap();
    assert!(
        echo.starts_with("GET http://example.invalid/echo HTTP/1.1"),
        "{echo}"
    );
    let mut see_other = request(&p, "/see-other");
    see_other.method = "POST".into();
    see_other.body = Some(b"x".to_vec());
    assert!(
        get(&see_other).unwrap().1.starts_with("GET /echo"),
        "303 continues as GET"
    );
}

/// A server that sends one byte every 50 ms never trips the per-read
/// timeout; only the limit on the whole fetch stops the client.
#[test]
fn a_trickling_server_is_cut_off_by_the_total_time_limit() {
    let trickle = peer(FaultPlan::none().chop(1).delay(50, false));
    let mut slow = request(&trickle, "/echo");
    slow.timeout = std::time::Duration::from_secs(5);
    slow.max_time = Some(std::time::Duration::from_millis(500));
    let started = std::time::Instant::now();
    let err = get(&slow).unwrap_err().to_string();
    assert!(err.contains("total timeout"), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_refused_connection_is_a_clear_error() {
    let closed = harness::peer::client::ClosedPort::new().unwrap();
    let port = closed.addr().port();
    let err = get(&Request::get(
        Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap(),
    ))
    .unwrap_err();
    assert!(err.to_string().contains("connect to 127.0.0.1"), "{err}");
}

#[test]
fn parses_and_joins_urls() {
    let u = Url::parse("http://user:pw@h:81/a/b?q#f").unwrap();
    assert_eq!(
        (u.host.as_str(), u.port, u.target.as_str()),
        ("h", 81, "/a/b?q")
    );
    assert_eq!(Url::parse("http://[::1]/").unwrap().authority(), "[::1]");
    assert_eq!(Url::parse("http://h?x").unwrap().target, "/?x");
    assert!(Url::parse("https://h/").is_err());
    assert!(Url::parse("http://h:port/").is_err());
    // What Display could not write back (found by fuzz/, `http-url`).
    for bad in [
        "http://a:b:80/",
        "http://[::1]x/",
        "http://[[::1]/",
        "http://h]:80/",
    ] {
        assert!(Url::parse(bad).is_err(), "{bad}");
    }
    assert_eq!(u.join("c").unwrap().to_string(), "http://h:81/a/c");
    assert_eq!(u.join("/d").unwrap().to_string(), "http://h:81/d");
    assert_eq!(u.join("//e/f").unwrap().to_string(), "http://e/f");
}

#[test]
fn a_reset_or_early_close_mid_response_is_a_clear_error() {
    for plan in [
        FaultPlan::none().reset_after_bytes(40),
        FaultPlan::none().close_after_bytes(40),
    ] {
        let p = peer(plan);
        let err = get(&request(&p, "/bytes/1000")).unwrap_err().to_string();
        let clear = ["reset", "closed before", "body ended", "Connection"]
            .iter()
            .any(|w| err.contains(w));
        assert!(clear, "unclear error: {err}");
    }
}
