//! The SMTP client's byte-level parts without sockets: the reply parser
//! (golden and property tests: same replies however the bytes are split,
//! never a panic) and the DATA encoding (dot-stuffing, terminator, limits).

use chapter_07::smtp::data::{DataError, encode_data};
use chapter_07::smtp::reply::{MAX_REPLY_LINE, Reply, ReplyError, ReplyParser};
use harness::strategies::{chunked, split_at};
use proptest::prelude::*;

fn parse_all(bytes: &[u8]) -> Result<Vec<Reply>, ReplyError> {
    let mut p = ReplyParser::new();
    p.push(bytes);
    let mut out = Vec::new();
    while let Some(r) = p.next_reply()? {
        out.push(r);
    }
    Ok(out)
}

#[test]
fn parses_one_line_and_multi_line_replies() {
    let replies =
        parse_all(b"220 hi there\r\n250-a.example\r\n250-SIZE 100\r\n250 AUTH PLAIN\r\n354\r\n")
            .unwrap();
    assert_eq!(replies[0], Reply::new(220, "hi there"));
    assert_eq!(replies[1].code, 250);
    assert_eq!(replies[1].lines, ["a.example", "SIZE 100", "AUTH PLAIN"]);
    assert_eq!(replies[2], Reply::new(354, ""));
}

#[test]
fn waits_for_the_final_line() {
    let mut p = ReplyParser::new();
    p.push(b"250-first\r\n250-second\r\n");
    assert_eq!(p.next_reply().unwrap(), None);
    assert!(p.is_partial());
    p.push(b"250 last\r\n");
    assert_eq!(p.next_reply().unwrap().unwrap().lines.len(), 3);
}

#[test]
fn rejects_broken_replies() {
    assert!(matches!(
        parse_all(b"hello\r\n"),
        Err(ReplyError::BadCode { .. })
    ));
    assert!(matches!(
        parse_all(b"150 x\r\n"),
        Err(ReplyError::BadCode { .. })
    ));
    assert!(matches!(
        parse_all(b"250x\r\n"),
        Err(ReplyError::BadSeparator { .. })
    ));
    assert!(matches!(
        parse_all(b"250-a\r\n550 b\r\n"),
        Err(ReplyError::CodeChanged {
            first: 250,
            then: 550
        })
    ));
    let long = format!("250 {}\r\n", "x".repeat(MAX_REPLY_LINE));
    assert_eq!(parse_all(long.as_bytes()), Err(ReplyError::LineTooLong));
    // Even before its end arrives.
    assert_eq!(parse_all(&[b'2'; 600]), Err(ReplyError::LineTooLong));
    let endless = "250-x\r\n".repeat(200);
    assert_eq!(parse_all(endless.as_bytes()), Err(ReplyError::TooManyLines));
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn replies_are_the_same_however_they_are_split(
        (cuts, bytes) in chunked(b"220 greet\r\n250-a\r\n250-b\r\n250 c\r\n334 VXNlcm5hbWU6\r\n".to_vec())
            .prop_flat_map(|chunks| {
                let bytes = chunks.concat();
                (Just(chunks.iter().scan(0, |n, c| { *n += c.len(); Some(*n) }).collect::<Vec<_>>()), Just(bytes))
            })
    ) {
        let whole = parse_all(&bytes).unwrap();
        let mut p = ReplyParser::new();
        let mut got = Vec::new();
        for piece in split_at(&bytes, &cuts) {
            p.push(&piece);
            while let Some(r) = p.next_reply().unwrap() {
                got.push(r);
            }
        }
        prop_assert_eq!(got, whole);
    }

    #[test]
    fn the_parser_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse_all(&bytes);
    }
}

#[test]
fn data_is_stuffed_normalized_and_terminated() {
    assert_eq!(encode_data(b"").unwrap(), b".\r\n");
    assert_eq!(encode_data(b"hi").unwrap(), b"hi\r\n.\r\n");
    assert_eq!(
        encode_data(b".\n..x\r\nend\n").unwrap(),
        b"..\r\n...x\r\nend\r\n.\r\n"
    );
    let long = vec![b'a'; 999];
    assert!(matches!(
        encode_data(&long),
        Err(DataError::LineTooLong {
            line: 1,
            length: 1001
        })
    ));
    assert!(encode_data(&long[..998]).is_ok());
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn unstuffing_gives_back_the_normalized_message(lines in prop::collection::vec("[.a-z ]{0,20}", 0..20)) {
        let message = lines.join("\n");
        let data = encode_data(message.as_bytes()).unwrap();
        prop_assert!(data.ends_with(b".\r\n"));
        let body = &data[..data.len() - 3];
        let text = String::from_utf8(body.to_vec()).unwrap();
        prop_assert!(!text.split_terminator("\r\n").any(|l| l == "."), "no line of the body may end it early");
        let unstuffed: Vec<String> = text
            .split_terminator("\r\n")
            .map(|l| l.strip_prefix('.').unwrap_or(l).to_string())
            .collect();
        let expected: Vec<&str> = message.split_terminator('\n').collect();
        prop_assert_eq!(unstuffed, expected);
    }
}
