//! Tests of the `reply_parser` exercise (filter `reply_parser::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_07::exercises::reply_parser::{MAX_REPLY_LINE, Reply, ReplyError, parse_reply};

/// What `parse_reply(buf)` gives, as text to compare: an error by its
/// variant only (which line `BadCode` or `BadSeparator` quotes is not part
/// of the exercise), except `CodeChanged` with both codes.
fn outcome(buf: &[u8]) -> String {
    match parse_reply(buf) {
        Ok(reply) => format!("Ok({reply:?})"),
        Err(e @ ReplyError::CodeChanged { .. }) => format!("Err({e:?})"),
        Err(e) => {
            let debug = format!("{e:?}");
            let variant = debug.split([' ', '(']).next().unwrap_or_default();
            format!("Err({variant})")
        }
    }
}

#[test]
fn parses_a_one_line_reply() {
    let (reply, used) = parse_reply(b"250 OK\r\n").unwrap().unwrap();
    expect_eq!(
        (reply.code, reply.lines, used),
        (250, vec!["OK".to_string()], 8)
    );
}

#[test]
fn parses_a_multi_line_reply_and_leaves_the_rest() {
    let buf = b"250-mail.example\r\n250-SIZE 100\r\n250 AUTH PLAIN\r\n221 bye\r\n";
    let (reply, used) = parse_reply(buf).unwrap().unwrap();
    expect_eq!(reply.code, 250);
    expect_eq!(reply.lines, ["mail.example", "SIZE 100", "AUTH PLAIN"]);
    expect_eq!(&buf[used..], b"221 bye\r\n");
    let bare = Reply {
        code: 354,
        lines: vec![String::new()],
    };
    expect_eq!(parse_reply(b"354\n"), Ok(Some((bare, 4))));
}

#[test]
fn waits_for_the_final_line() {
    expect_eq!(parse_reply(b""), Ok(None));
    expect_eq!(parse_reply(b"250-first\r\n250-second\r\n"), Ok(None));
    expect_eq!(parse_reply(b"250 almost"), Ok(None));
}

#[test]
fn rejects_broken_replies() {
    expect_eq!(outcome(b"OK\r\n"), "Err(BadCode)");
    expect_eq!(outcome(b"2x0 x\r\n"), "Err(BadCode)");
    expect_eq!(outcome(b"650 x\r\n"), "Err(BadCode)");
    expect_eq!(outcome(b"150 x\r\n"), "Err(BadCode)");
    expect_eq!(outcome(b"250_x\r\n"), "Err(BadSeparator)");
    expect_eq!(
        outcome(b"250-a\r\n251 b\r\n"),
        "Err(CodeChanged { first: 250, then: 251 })"
    );
    let long = format!("250 {}\r\n", "x".repeat(MAX_REPLY_LINE));
    expect_eq!(parse_reply(long.as_bytes()), Err(ReplyError::LineTooLong));
    expect_eq!(
        parse_reply(&[b'x'; MAX_REPLY_LINE]),
        Err(ReplyError::LineTooLong)
    );
}

#[test]
fn agrees_with_the_library_parser_on_every_prefix() {
    let buf = b"220 hi\r\n250-a\r\n250 b\r\n";
    for n in 0..=buf.len() {
        let got = parse_reply(&buf[..n]).map(|r| r.map(|(r, used)| (r.code, used)));
        let expected = match n {
            0..=7 => Ok(None),
            _ => Ok(Some((220, 8))),
        };
        expect_eq!(got, expected, "prefix of {n} bytes");
    }
}
