use chapter_05::exercises::request_head::{Head, MAX_HEAD, MAX_LINE, Refusal, parse_request_head};
use harness::strategies::{Bytes, chunked};
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
    let mut want = head("GET", "/", &[("X-Long", "one two three"), ("Host", "h")]);
    want.version = "HTTP/1.0".into();
    expect_eq!(parse_request_head(text), Ok(Some((want, text.len()))));
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

/// The head `same_result_however_the_bytes_arrive` cuts into pieces.
const SPLIT_HEAD: &[u8] = b"POST /x HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\nrest";

/// Byte strings that proptest shows escaped in a failing input, not as
/// columns of decimal numbers.
fn readable(items: Vec<Vec<u8>>) -> Vec<Bytes> {
    items.into_iter().map(Bytes).collect()
}

proptest! {
    #![proptest_config(harness::strategies::exercise_config_with_cases(64))]

    /// Feeding the bytes piece by piece (appending to a buffer and asking
    /// again) gives `Ok(None)` until the head is complete, then the answer
    /// the whole buffer gets.
    #[test]
    fn same_result_however_the_bytes_arrive(
        pieces in chunked(SPLIT_HEAD.to_vec()).prop_map(readable)
    ) {
        let expected = parse_request_head(SPLIT_HEAD);
        let mut buf = Vec::new();
        let mut answer = Ok(None);
        for piece in &pieces {
            buf.extend_from_slice(piece);
            answer = parse_request_head(&buf);
            if answer != Ok(None) {
                break;
            }
        }
        prop_expect_eq!(
            answer,
            expected,
            "the first answer other than Ok(None), for \"{}\"",
            harness::failure::escape(&buf)
        );
    }

    #[test]
    fn never_panics(bytes in harness::strategies::bytes(0..300)) {
        let _ = parse_request_head(&bytes);
    }
}
