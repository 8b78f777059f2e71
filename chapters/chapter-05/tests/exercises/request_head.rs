use chapter_05::exercises::request_head::{Head, MAX_HEAD, MAX_LINE, Refusal, parse_request_head};
use harness::strategies::chunked;
use proptest::prelude::*;

fn head(method: &str, target: &str, headers: &[(&str, &str)]) -> Head {
    Head {
        method: method.into(),
        target: target.into(),
        version: "HTTP/1.1".into(),
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
    }
}

#[test]
fn parses_a_complete_head_and_reports_the_bytes_used() {
    let text = b"GET /a?b=1 HTTP/1.1\r\nHost: x\r\nAccept:  */* \r\n\r\nBODY";
    let (got, used) = parse_request_head(text).unwrap().unwrap();
    expect_eq!(
        got,
        head("GET", "/a?b=1", &[("Host", "x"), ("Accept", "*/*")])
    );
    expect_eq!(&text[used..], b"BODY");
}

#[test]
fn waits_for_the_blank_line() {
    for cut in [0, 5, 15, 16, 20, 25, 26] {
        let text = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        expect_eq!(parse_request_head(&text[..cut]), Ok(None), "cut at {cut}");
    }
}

#[test]
fn accepts_bare_lf_and_joins_folded_lines() {
    let text = b"GET / HTTP/1.0\nX-Long: one\n  two\n\tthree\nHost: h\n\n";
    let (got, used) = parse_request_head(text).unwrap().unwrap();
    expect_eq!(used, text.len());
    expect_eq!(got.version, "HTTP/1.0");
    expect_eq!(
        got.headers[0],
        ("X-Long".to_string(), "one two three".to_string())
    );
    expect_eq!(got.headers[1], ("Host".to_string(), "h".to_string()));
}

/// A fold joins with one space; after an empty value there is nothing to
/// join, so the value is just the continuation.
#[test]
fn a_fold_after_an_empty_value_adds_no_space() {
    let (got, _) = parse_request_head(b"GET / HTTP/1.1\r\nX:\r\n 25\r\n\r\n")
        .unwrap()
        .unwrap();
    expect_eq!(got.headers, [("X".to_string(), "25".to_string())]);
}

#[test]
fn refuses_malformed_heads() {
    for bad in [
        &b"GET /\r\n\r\n"[..],
        b"GET  / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/2.0\r\n\r\n",
        b"GET / HTTP/1.1\r\n folded-first\r\n\r\n",
        b"GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        b"GET / HTTP/1.1\r\nBad Name: v\r\n\r\n",
    ] {
        expect_eq!(
            parse_request_head(bad),
            Err(Refusal::BadRequest),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn caps_the_line_and_the_head_even_when_incomplete() {
    let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_LINE));
    expect_eq!(
        parse_request_head(long_target.as_bytes()),
        Err(Refusal::UriTooLong)
    );
    let endless_line = vec![b'a'; MAX_LINE + 1];
    expect_eq!(parse_request_head(&endless_line), Err(Refusal::UriTooLong));
    // A line of exactly MAX_LINE whose CR came before its LF: not too long.
    let mut at_cap = vec![b'a'; MAX_LINE];
    at_cap.push(b'\r');
    expect_eq!(parse_request_head(&at_cap), Ok(None));
    let mut many = b"GET / HTTP/1.1\r\n".to_vec();
    while many.len() <= MAX_HEAD {
        many.extend_from_slice(b"X-Filler: 0123456789abcdef0123456789abcdef\r\n");
    }
    expect_eq!(parse_request_head(&many), Err(Refusal::HeadersTooLarge));
    many.extend_from_slice(b"\r\n");
    expect_eq!(parse_request_head(&many), Err(Refusal::HeadersTooLarge));
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config_with_cases(64))]

    /// Feeding the bytes piece by piece (appending to a buffer and asking
    /// again) finds the head exactly once, at the end of the head.
    #[test]
    fn same_result_however_the_bytes_arrive(pieces in chunked(b"POST /x HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\nrest".to_vec())) {
        let whole: Vec<u8> = pieces.concat();
        let expected = parse_request_head(&whole).unwrap().unwrap();
        let mut buf = Vec::new();
        let mut found = None;
        for piece in &pieces {
            buf.extend_from_slice(piece);
            if let Some(done) = parse_request_head(&buf).unwrap() {
                found = Some(done);
                break;
            }
        }
        prop_expect_eq!(found, Some(expected));
    }

    #[test]
    fn never_panics(bytes in harness::strategies::bytes(0..300)) {
        let _ = parse_request_head(&bytes);
    }
}
