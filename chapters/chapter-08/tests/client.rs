//! The client's pieces without sockets: status lines, the multi-line
//! reader, listings, APOP, headers; then whole sessions against scripted
//! replies, however they are split.

mod common;

use chapter_08::headers::{self, decode_words, split_message};
use chapter_08::pop3::listing::{Capabilities, parse_pairs, parse_stat, size, uid};
use chapter_08::pop3::{Client, Limits, Login, MultiLine, Pop3Error, Status, apop};
use common::Script;
use proptest::prelude::*;

#[test]
fn status_lines() {
    assert_eq!(
        Status::parse(b"+OK 2 320\r\n").unwrap(),
        Status {
            ok: true,
            text: "2 320".into()
        }
    );
    assert!(!Status::parse(b"-ERR no\n").unwrap().ok);
    assert_eq!(Status::parse(b"+ok\r\n").unwrap().text, "");
    assert!(Status::parse(b"+OKAY\r\n").is_err());
    assert!(Status::parse(b"250 hello\r\n").is_err());
    assert!(Status::parse(&[b'+'; 600]).is_err());
}

#[test]
fn multiline_unstuffs_and_caps() {
    let mut m = MultiLine::new(100);
    assert!(!m.on_line(b"..x\r\n").unwrap());
    assert!(!m.on_line(b"y\r\n").unwrap());
    assert!(m.on_line(b".\r\n").unwrap());
    assert!(m.on_line(b"late\r\n").is_err());
    assert_eq!(m.into_data(), b".x\r\ny\r\n");
    let mut small = MultiLine::new(3);
    assert!(small.on_line(b"abcdef\r\n").is_err());
}

#[test]
fn listings() {
    assert_eq!(parse_stat("2 320").unwrap().count, 2);
    assert!(parse_stat("two").is_err());
    assert_eq!(
        parse_pairs(b"1 120\r\n2 200\r\n", "LIST", size).unwrap(),
        vec![(1, 120), (2, 200)]
    );
    assert!(parse_pairs(b"1\r\n", "LIST", size).is_err());
    assert!(uid(&"x".repeat(71)).is_none());
    assert!(uid("whqtswO00WBw418f9t5JxYwZ").is_some());
    let caps = Capabilities::parse(b"TOP\r\nUIDL\r\nSASL PLAIN\r\n");
    assert!(caps.may("top") && caps.may("SASL") && !caps.may("USER"));
    assert!(Capabilities::unknown().may("TOP"));
}

/// RFC 1939 §7's example, and RFC 1321's MD5 test vectors through it.
#[test]
fn apop_digest() {
    let stamp = "<1896.697170952@dbc.mtview.ca.us>";
    assert_eq!(
        apop::digest(stamp, "tanstaaf"),
        "c4c9334bac560ecc979e58001b3e22fb"
    );
    assert_eq!(
        apop::timestamp(&format!("POP3 server ready {stamp}")),
        Some(stamp)
    );
    assert_eq!(apop::timestamp("ready <no-at-sign>"), None);
    assert_eq!(apop::digest("", ""), "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(apop::digest("a", "bc"), "900150983cd24fb0d6963f7d28e17f72");
    assert_eq!(
        apop::digest("message ", "digest"),
        "f96b697d7cb7938d525a2f31aaf161d0"
    );
}

#[test]
fn headers_unfold_and_decode() {
    let msg = common::fixture("titania", 1);
    let fields = headers::parse(&msg);
    assert_eq!(
        headers::get(&fields, "subject").unwrap(),
        "Ill met by moonlight, proud Titania ☾"
    );
    assert_eq!(
        headers::get(&fields, "From").unwrap(),
        "Oberon König <oberon@fairy.example>"
    );
    assert_eq!(headers::get(&fields, "Bcc"), None);
    assert!(split_message(&msg).1.starts_with(b"What, jealous"));
}

#[test]
fn encoded_words() {
    assert_eq!(
        decode_words("=?ISO-8859-1?Q?Andr=E9?= Pirard"),
        "André Pirard"
    );
    assert_eq!(decode_words("=?utf-8?q?a_b?=  =?utf-8?q?c?="), "a bc");
    assert_eq!(decode_words("plain  text"), "plain  text");
    assert_eq!(decode_words("=?x-unknown?Q?a?= b"), "=?x-unknown?Q?a?= b");
    assert_eq!(
        decode_words("=?UTF-8?B?not base64!?="),
        "=?UTF-8?B?not base64!?="
    );
}

#[test]
fn decoding_keeps_text_that_trims_to_nothing() {
    // A CR or a non-ASCII space between spaces is text, not a run of
    // spaces to replace the one before it (found by fuzz/, `rfc2047-decode`).
    for value in ["a \r b", "a \u{3000} b", "x\t\r\n\r\ty"] {
        assert_eq!(decode_words(value), value);
    }
    assert_eq!(
        decode_words("=?utf-8?q?a?= \u{3000} =?utf-8?q?b?="),
        "a \u{3000} b"
    );
}

/// A whole session: greeting, USER/PASS, CAPA, LIST, TOP, RETR, QUIT.
const SESSION: &[u8] = b"+OK ready\r\n+OK\r\n+OK logged in\r\n\
+OK caps\r\nUSER\r\nUIDL\r\n.\r\n\
+OK 1 message\r\n1 40\r\n.\r\n\
+OK message follows\r\nSubject: hi\r\n\r\n..dot\r\n.\r\n+OK bye\r\n";

fn run_session(chunk: usize) -> (Vec<u8>, Vec<u8>) {
    let mut c = Client::connect(Script::new(SESSION, chunk), Limits::default()).unwrap();
    c.login("u", "p", Login::Best).unwrap();
    let caps = c.capa().unwrap();
    assert_eq!(c.list().unwrap(), vec![(1, 40)]);
    // No TOP among the capabilities: headers come from RETR, cut.
    let head = c.headers(1, &caps).unwrap();
    assert_eq!(head, b"Subject: hi\r\n\r\n");
    let sent = c.get_ref().sent.clone();
    assert_eq!(c.quit().unwrap(), "bye");
    (head, sent)
}

#[test]
fn a_scripted_session_falls_back_to_retr() {
    let (_, sent) = run_session(4096);
    assert_eq!(
        String::from_utf8(sent).unwrap(),
        "USER u\r\nPASS p\r\nCAPA\r\nLIST\r\nRETR 1\r\n"
    );
}

#[test]
fn a_session_split_into_single_bytes() {
    run_session(1);
}

#[test]
fn commands_on_the_wire() {
    let input = b"+OK <1.2@x>\r\n+OK\r\n+OK 0 0\r\n+OK\r\n-ERR no\r\n+OK bye\r\n";
    let mut c = Client::connect(Script::new(input, 7), Limits::default()).unwrap();
    c.login("u", "tanstaaf", Login::Best).unwrap();
    assert_eq!(c.stat().unwrap().count, 0);
    c.rset().unwrap();
    let e = c.dele(9).unwrap_err();
    assert_eq!(e.to_string(), "the server refused DELE: -ERR no");
    c.quit().unwrap();
}

#[test]
fn the_password_is_not_in_errors() {
    let input = b"+OK\r\n+OK\r\n-ERR [AUTH] bad\r\n";
    let mut c = Client::connect(Script::new(input, 64), Limits::default()).unwrap();
    let e = c.login("u", "hunter2", Login::UserPass).unwrap_err();
    assert!(!format!("{e} {e:?}").contains("hunter2"), "{e}");
    assert!(e.to_string().contains("PASS <secret>"));
}

#[test]
fn eof_and_missing_dot_are_errors_not_hangs() {
    let input = b"+OK\r\n+OK list\r\n1 10\r\n";
    let mut c = Client::connect(Script::new(input, 64), Limits::default()).unwrap();
    assert!(matches!(c.list(), Err(Pop3Error::Closed(_))));
    let mut c = Client::connect(Script::new(b"+OK", 64), Limits::default());
    assert!(matches!(c.as_mut().map(|_| ()), Err(Pop3Error::Closed(_))));
    let long = [b"+OK\r\n+OK\r\n".as_slice(), &vec![b'a'; 20_000]].concat();
    let mut c = Client::connect(Script::new(&long, 4096), Limits::default()).unwrap();
    assert!(matches!(c.retr(1), Err(Pop3Error::Protocol(_))));
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    #[test]
    fn status_parse_never_panics(line in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = Status::parse(&line);
    }

    #[test]
    fn header_parse_never_panics(block in proptest::collection::vec(any::<u8>(), 0..400)) {
        for h in headers::parse(&block) {
            let _ = decode_words(&h.value);
        }
    }

    #[test]
    fn multiline_never_panics(lines in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 0..10)) {
        let mut m = MultiLine::new(200);
        for l in lines {
            if m.on_line(&l).is_err() { break; }
        }
    }

    /// The same session gives the same result however the replies are split.
    #[test]
    fn any_chunking_gives_the_same_session(chunk in 1usize..64) {
        let (head, _) = run_session(chunk);
        prop_assert_eq!(head, b"Subject: hi\r\n\r\n".to_vec());
    }
}

proptest! {
    #![proptest_config(harness::strategies::config())]
    /// What chapter 7 writes (encoded words, folded) chapter 8 reads back.
    #[test]
    fn chapter_7_headers_read_back(text in "[a-zA-Zäöü€☾ ,.]{1,120}") {
        use chapter_07::message::header::{encode_words, fold};
        let line = fold("Subject", &encode_words(&text));
        let block = format!("{line}\r\n");
        let fields = headers::parse(block.as_bytes());
        let got = headers::get(&fields, "Subject").unwrap();
        // Folding turns runs of white space into one space.
        let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(got.split_whitespace().collect::<Vec<_>>().join(" "), want);
    }
}
