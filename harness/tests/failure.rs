//! Golden renderings of the failure messages every test shares
//! (`harness::failure`): caret under the first differing byte, hex dumps for
//! binary data, plain-English socket hints, by-hand commands, the fault seed.

use std::io;

use harness::failure::{
    Failure, Proto, assert_bytes_eq, bytes_mismatch, first_difference, io_hint, line_diff,
    reproduce, with_seed,
};

#[test]
fn first_difference_counts_the_end_of_the_shorter_side() {
    assert_eq!(first_difference(b"abc", b"abc"), None);
    assert_eq!(first_difference(b"abc", b"abd"), Some(2));
    assert_eq!(first_difference(b"abc", b"ab"), Some(2));
    assert_eq!(first_difference(b"", b"x"), Some(0));
}

#[test]
fn a_bare_lf_gets_a_caret_under_the_missing_cr() {
    insta::assert_snapshot!(bytes_mismatch(b"250 ok\r\n", b"250 ok\n"));
}

#[test]
fn a_short_reply_points_at_where_it_ends() {
    insta::assert_snapshot!(bytes_mismatch(b"+OK 2 messages\r\n", b"+OK 2"));
}

#[test]
fn a_difference_on_a_later_line_gives_line_and_column() {
    insta::assert_snapshot!(bytes_mismatch(
        b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n"
    ));
}

#[test]
fn a_long_text_is_cut_to_a_window_around_the_difference() {
    let expected = "x".repeat(100) + "needle" + &"y".repeat(100);
    let actual = "x".repeat(100) + "noodle" + &"y".repeat(100);
    insta::assert_snapshot!(bytes_mismatch(expected.as_bytes(), actual.as_bytes()));
}

#[test]
fn binary_data_is_shown_as_a_hex_dump_with_a_caret() {
    let expected: Vec<u8> = (0u8..48).collect();
    let mut actual = expected.clone();
    actual[20] = 0xff;
    insta::assert_snapshot!(bytes_mismatch(&expected, &actual));
}

#[test]
fn equal_bytes_say_so() {
    assert_eq!(
        bytes_mismatch(b"same", b"same"),
        "the bytes are equal (4 bytes)"
    );
}

#[test]
fn socket_errors_get_plain_english_hints() {
    let kinds = [
        io::ErrorKind::UnexpectedEof,
        io::ErrorKind::ConnectionReset,
        io::ErrorKind::ConnectionRefused,
        io::ErrorKind::TimedOut,
        io::ErrorKind::WouldBlock,
        io::ErrorKind::BrokenPipe,
    ];
    let text: String = kinds
        .iter()
        .map(|&k| format!("{k:?}: {}\n", io_hint(&io::Error::from(k))))
        .collect();
    insta::assert_snapshot!(text);
}

#[test]
fn a_refused_connection_is_explained() {
    // A real refusal: bind a port, close it, connect to it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap_err();
    assert!(
        io_hint(&err).contains("nothing is listening"),
        "{}",
        io_hint(&err)
    );
}

#[test]
fn reproduce_lines_name_nc_curl_and_telnet() {
    let addr = "127.0.0.1:7007".parse().unwrap();
    let text: String = [
        Proto::Line,
        Proto::Http,
        Proto::Smtp,
        Proto::Pop3,
        Proto::Udp,
    ]
    .iter()
    .map(|&p| format!("{p:?}: {}\n", reproduce(addr, p)))
    .collect();
    insta::assert_snapshot!(text);
}

#[test]
fn the_seed_is_in_the_message_when_there_is_one() {
    assert_eq!(with_seed("boom", None), "boom");
    assert_eq!(
        with_seed("boom", Some(42)),
        "boom\nfault seed: 42 (replay with --seed 42)"
    );
}

#[test]
fn a_full_failure_message() {
    let addr = "127.0.0.1:2525".parse().unwrap();
    let message = Failure::new("the reply to EHLO differs")
        .bytes(
            b"250-mail.example\r\n250 AUTH PLAIN\r\n",
            b"250-mail.example\r\n",
        )
        .io(&io::Error::from(io::ErrorKind::UnexpectedEof))
        .hint("a multi-line reply ends with a line whose code is followed by a space")
        .reproduce(addr, Proto::Smtp)
        .seed(Some(7))
        .to_string();
    insta::assert_snapshot!(message);
}

#[test]
fn line_diff_marks_removed_and_added_lines() {
    let expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    let actual = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n";
    insta::assert_snapshot!(line_diff(expected, actual));
    assert_eq!(line_diff("same\n", "same\n"), "");
}

#[test]
fn assert_bytes_eq_panics_with_the_caret_message() {
    assert_bytes_eq("echo", b"ok\r\n", b"ok\r\n");
    let panic =
        std::panic::catch_unwind(|| assert_bytes_eq("echo", b"ok\r\n", b"ok\n")).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message.starts_with("echo differs\nexpected 4 bytes, got 3 bytes"),
        "{message}"
    );
}

/// The panic message of `f`, which must panic.
fn panic_text(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
    let err = std::panic::catch_unwind(f).expect_err("the comparison must fail");
    match err.downcast::<String>() {
        Ok(text) => *text,
        Err(err) => err.downcast_ref::<&str>().unwrap_or(&"?").to_string(),
    }
}

#[test]
fn expect_eq_shows_bytes_as_text_with_a_caret_not_as_numbers() {
    let text = panic_text(|| harness::expect_eq!(b"Tppe mvdl!".to_vec(), b"Good luck!"));
    assert!(text.contains("\"Good luck!\""), "{text}");
    assert!(text.contains("\"Tppe mvdl!\""), "{text}");
    assert!(text.contains('^'), "{text}");
    assert!(!text.contains("[84, "), "{text}");
    // Outside an exercise's tests there is no hint to point to.
    assert!(!text.contains("cargo workbook hint"), "{text}");
}

#[test]
fn expect_eq_shows_lists_of_lines_as_a_line_diff() {
    let got = vec!["HELO x".to_string(), "MAIL FROM:<a>".to_string()];
    let text = panic_text(|| harness::expect_eq!(got, ["EHLO x", "MAIL FROM:<a>"]));
    assert!(text.contains("- \"EHLO x\""), "{text}");
    assert!(text.contains("+ \"HELO x\""), "{text}");
}

#[test]
fn expect_eq_shows_other_values_by_their_debug_form_and_a_note() {
    let text = panic_text(|| harness::expect_eq!(Some(3), None::<i32>, "after {} tries", 2));
    assert!(text.contains("expected: None"), "{text}");
    assert!(text.contains("actual:   Some(3)"), "{text}");
    assert!(text.contains("(after 2 tries)"), "{text}");
}

#[test]
fn strategies_bytes_debug_as_an_escaped_byte_string() {
    let bytes = harness::strategies::Bytes(b"a\r\n\x00".to_vec());
    assert_eq!(format!("{bytes:?}"), r#"b"a\r\n\x00""#);
}
