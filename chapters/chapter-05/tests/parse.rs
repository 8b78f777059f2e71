//! Tier 1 (bytes): the sans-I/O cores against golden constants and
//! properties: the head parser agrees with httparse on generated requests,
//! never panics, and gives the same result however the input is split; the
//! response writer's exact bytes; chunked round-trips; HTTP dates.

use std::time::{Duration, UNIX_EPOCH};

use chapter_05::chunked::{ChunkError, Decoder, encode};
use chapter_05::head::{HeadError, Limits, Parse, parse_head};
use chapter_05::response::{Response, http_date};
use harness::strategies::chunked;
use proptest::prelude::*;

fn complete(bytes: &[u8]) -> (chapter_05::head::RequestHead, usize) {
    match parse_head(bytes, &Limits::default()) {
        Ok(Parse::Complete(head, used)) => (head, used),
        other => panic!("expected a complete head, got {other:?}"),
    }
}

#[test]
fn parses_the_seeds_kind_of_request() {
    let (head, used) =
        complete(b"GET /page.html HTTP/1.1\r\nHost: localhost\r\nUser-Agent: t\r\n\r\n");
    assert_eq!(
        (head.method.as_str(), head.target.as_str(), head.minor),
        ("GET", "/page.html", 1)
    );
    assert_eq!(head.header("HOST"), Some("localhost"));
    assert_eq!(used, 59);
    assert!(head.keep_alive());
}

#[test]
fn joins_obsolete_folds_and_decides_keep_alive() {
    let (head, _) =
        complete(b"GET / HTTP/1.0\r\nX-A: one\r\n\t two \r\nConnection: Keep-Alive\r\n\r\n");
    assert_eq!(head.header("x-a"), Some("one two"));
    assert!(head.keep_alive());
    let (head, _) = complete(b"GET / HTTP/1.1\r\nConnection: foo, close\r\n\r\n");
    assert!(!head.keep_alive());
    let (head, _) = complete(b"GET / HTTP/1.0\r\n\r\n");
    assert!(!head.keep_alive());
}

#[test]
fn maps_each_refusal_to_its_status() {
    let limits = Limits {
        max_line: 64,
        max_head: 256,
        max_headers: 4,
    };
    let cases: &[(&[u8], u16)] = &[
        (b"GET / HTTP/1.1 extra\r\n\r\n", 400),
        (b"G@T / HTTP/1.1\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nName : v\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nA: b\x00c\r\n\r\n", 400),
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (&[b'a'; 65], 414),
        (
            b"GET / HTTP/1.1\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\nE: 1\r\n\r\n",
            431,
        ),
    ];
    for (bytes, status) in cases {
        let got = parse_head(bytes, &limits).map_err(|e| e.status());
        assert_eq!(got, Err(*status), "{}", String::from_utf8_lossy(bytes));
    }
    let mut long = b"GET / HTTP/1.1\r\n".to_vec();
    long.extend(std::iter::repeat_n(b'x', 300));
    assert_eq!(parse_head(&long, &limits), Err(HeadError::HeadersTooLarge));
}

#[test]
fn encodes_a_response_in_one_buffer() {
    let response = Response::new(200, "text/plain", "hi\n");
    let date = "Thu, 01 Jan 1970 00:00:00 GMT";
    let want = "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\nServer: workbook-webserver/0.1\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nhi\n";
    assert_eq!(
        String::from_utf8(response.encode(date, true, false)).unwrap(),
        want
    );
    let head = String::from_utf8(response.encode(date, false, true)).unwrap();
    assert!(
        head.ends_with("Content-Length: 3\r\nConnection: close\r\n\r\n"),
        "{head}"
    );
}

#[test]
fn content_length_is_digits_and_one_value() {
    use chapter_05::head::content_length;
    assert_eq!(content_length([]), Ok(None));
    assert_eq!(content_length(["5"]), Ok(Some(5)));
    assert_eq!(
        content_length(["5", " 5"]),
        Ok(Some(5)),
        "repeated, same value"
    );
    assert_eq!(content_length(["5, 5"]), Ok(Some(5)), "a list of one value");
    for bad in [
        vec!["+5"],
        vec!["5", "6"],
        vec!["5, 6"],
        vec!["-1"],
        vec![""],
        vec!["0x5"],
        vec!["5 5"],
        vec!["99999999999999999999999"],
    ] {
        assert!(content_length(bad.clone()).is_err(), "{bad:?}");
    }
}

#[test]
fn a_file_body_goes_out_in_chunks_with_its_length() {
    use chapter_05::response::{Body, CHUNK, send};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    let bytes: Vec<u8> = (0..CHUNK * 3 + 7).map(|i| b'a' + (i % 26) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    let response = Response::file(&path);
    assert_eq!(
        response.body,
        Body::File {
            path: path.clone(),
            len: bytes.len() as u64
        }
    );
    let date = "Thu, 01 Jan 1970 00:00:00 GMT";
    let mut out = Vec::new();
    assert_eq!(
        send(&mut out, &response, date, true, false).unwrap(),
        (200, bytes.len() as u64)
    );
    let head = response.encode(date, true, false);
    assert_eq!(&out[..head.len()], head.as_slice());
    assert_eq!(&out[head.len()..], bytes.as_slice());
    // A file that shrank since it was answered: the Content-Length sent is
    // a lie, so sending fails (and the connection closes).
    std::fs::write(&path, b"short").unwrap();
    assert!(send(&mut Vec::new(), &response, date, true, false).is_err());
    // One that vanished before anything was sent is a 500 instead.
    std::fs::remove_file(&path).unwrap();
    let mut out = Vec::new();
    assert_eq!(send(&mut out, &response, date, true, false).unwrap().0, 500);
}

#[test]
fn formats_http_dates() {
    assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
    let rfc_example = UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(http_date(rfc_example), "Sun, 06 Nov 1994 08:49:37 GMT");
    let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
    assert_eq!(http_date(leap), "Tue, 29 Feb 2000 00:00:00 GMT");
}

#[test]
fn chunked_errors_are_reported() {
    let mut out = Vec::new();
    assert_eq!(
        Decoder::new().feed(b"xyz\r\n", &mut out),
        Err(ChunkError::BadSize)
    );
    assert_eq!(
        Decoder::new().feed(b"1\r\nab", &mut out),
        Err(ChunkError::MissingCrlf)
    );
    assert_eq!(
        Decoder::new().feed(b"11111111111111111\r\n", &mut out),
        Err(ChunkError::TooLarge)
    );
}

/// Found by fuzz/ (`chunked-decode`): only SP and HTAB may follow a chunk
/// size; a CR or a form feed there is a malformed size line.
#[test]
fn a_chunk_size_is_followed_by_blanks_only() {
    for bad in [
        &b"0\r\r\n\r\n"[..],
        b"5\x0c\r\nhello\r\n",
        b"5\x0b\r\nhello\r\n",
    ] {
        let mut out = Vec::new();
        assert_eq!(
            Decoder::new().feed(bad, &mut out),
            Err(ChunkError::BadSize),
            "{}",
            bad.escape_ascii()
        );
    }
    let mut out = Vec::new();
    let mut ok = Decoder::new();
    ok.feed(b"5 \t;ext\r\nhello\r\n0\r\n\r\n", &mut out)
        .unwrap();
    assert!(ok.is_done());
    assert_eq!(out, b"hello");
}

/// Found by fuzz/ (`http-request-head`): a request line of exactly the cap
/// whose CR came before its LF was refused, and accepted whole.
#[test]
fn a_request_line_at_the_cap_waits_for_its_lf() {
    let limits = Limits::default();
    let line = format!("GET /{} HTTP/1.1", "a".repeat(limits.max_line - 14));
    assert_eq!(line.len(), limits.max_line);
    let early = parse_head(format!("{line}\r").as_bytes(), &limits);
    assert_eq!(early, Ok(Parse::Partial));
    let whole = parse_head(format!("{line}\r\n\r\n").as_bytes(), &limits);
    assert!(matches!(whole, Ok(Parse::Complete(..))), "{whole:?}");
}

#[test]
fn a_long_status_line_is_refused_whether_or_not_its_end_came() {
    // Found by fuzz/ (`http-response-head`): whole, the line was accepted.
    use chapter_05::client::parse_status;
    let limits = Limits::default();
    let long = format!("HTTP/1.1 200 {}", "x".repeat(limits.max_line));
    for text in [long.clone(), format!("{long}\r\n\r\n")] {
        let err = parse_status(text.as_bytes(), &limits).unwrap_err();
        assert!(err.to_string().contains("status line too long"), "{err}");
    }
    // A line of exactly the cap, its CR arrived before its LF: not yet.
    let fits = format!("HTTP/1.1 200 {}", "x".repeat(limits.max_line - 13));
    assert_eq!(fits.len(), limits.max_line);
    assert!(
        parse_status(format!("{fits}\r").as_bytes(), &limits)
            .unwrap()
            .is_none()
    );
    assert!(
        parse_status(format!("{fits}\r\n\r\n").as_bytes(), &limits)
            .unwrap()
            .is_some()
    );
}

/// A generated valid request: method, target, version and fields.
fn request() -> impl Strategy<Value = (String, String, u8, Vec<(String, String)>)> {
    let token = "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}";
    let target = "/[A-Za-z0-9._~!$&'()*+,;=:@/?%-]{0,40}";
    let value = "[!-~]([ -~]{0,30}[!-~])?";
    (
        "[A-Z]{1,8}",
        target,
        0u8..2,
        proptest::collection::vec((token, value), 0..8),
    )
}

fn render(
    (method, target, minor, fields): &(String, String, u8, Vec<(String, String)>),
    lf_only: bool,
) -> Vec<u8> {
    let eol = if lf_only { "\n" } else { "\r\n" };
    let mut text = format!("{method} {target} HTTP/1.{minor}{eol}");
    for (name, value) in fields {
        text += &format!("{name}: {value}{eol}");
    }
    text += eol;
    text.into_bytes()
}

proptest! {
    #![proptest_config(harness::strategies::config_with_cases(128))]

    #[test]
    fn agrees_with_httparse(req in request(), lf_only in any::<bool>()) {
        let bytes = render(&req, lf_only);
        let mut fields = [httparse::EMPTY_HEADER; 16];
        let mut theirs = httparse::Request::new(&mut fields);
        let httparse::Status::Complete(their_len) = theirs.parse(&bytes).unwrap() else {
            panic!("httparse: incomplete");
        };
        let (ours, our_len) = complete(&bytes);
        prop_assert_eq!(our_len, their_len);
        prop_assert_eq!(Some(ours.method.as_str()), theirs.method);
        prop_assert_eq!(Some(ours.target.as_str()), theirs.path);
        prop_assert_eq!(Some(ours.minor), theirs.version);
        let theirs: Vec<(String, Vec<u8>)> = theirs.headers.iter().map(|h| (h.name.to_string(), h.value.to_vec())).collect();
        prop_assert_eq!(ours.headers, theirs);
    }

    #[test]
    fn never_panics_and_agrees_on_rejection(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let ours = parse_head(&bytes, &Limits::default());
        let mut fields = [httparse::EMPTY_HEADER; 128];
        let theirs = httparse::Request::new(&mut fields).parse(&bytes);
        // Where httparse finds a complete, valid head, so do we (we are
        // stricter only about targets and versions).
        if let (Ok(httparse::Status::Complete(n)), Ok(Parse::Complete(_, m))) = (&theirs, &ours) {
            prop_assert_eq!(n, m);
        }
    }

    #[test]
    fn same_result_however_split((req, pieces) in request().prop_flat_map(|r| { let b = render(&r, false); (Just(r), chunked(b)) })) {
        let whole = render(&req, false);
        let expected = parse_head(&whole, &Limits::default());
        let mut buf = Vec::new();
        let mut got = Ok(Parse::Partial);
        for piece in &pieces {
            buf.extend_from_slice(piece);
            got = parse_head(&buf, &Limits::default());
            if got != Ok(Parse::Partial) {
                break;
            }
        }
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn chunked_round_trips_however_split((body, pieces) in (proptest::collection::vec(any::<u8>(), 0..300), 1usize..40)
        .prop_flat_map(|(body, size)| { let e = encode(&body.chunks(size).collect::<Vec<_>>()); (Just(body), chunked(e)) })) {
        let mut decoder = Decoder::new();
        let mut out = Vec::new();
        for piece in &pieces {
            prop_assert_eq!(decoder.feed(piece, &mut out).unwrap(), piece.len());
        }
        prop_assert!(decoder.is_done());
        prop_assert_eq!(out, body);
    }
}
